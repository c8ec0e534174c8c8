"""Dispatch and move-up settings of a region or scenario (``[dispatch]``, ``[policies]``).

Parsed and checked for shape here; the policy names are resolved to objects by the
experiment layer (:func:`raddsim.engine.policies.load_policy`), which reports an
unknown name as an input error naming this file and field.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from raddsim.core.bounds import MAX_TARGET_MINUTES
from raddsim.region.config import Table, did_you_mean

#: The shipped move-up policies that read a table of options (``[policies.compliance]``, ``[policies.mexclp]``).
OPTION_TABLES = ("compliance", "mexclp")
DISPATCH_KEYS = ("en_route", "divert_for", "divert_from", "source", "note")
POLICY_KEYS = ("dispatch", "move_up", "source", "note")
MEXCLP_KEYS = ("target_minutes", "busy_fraction", "min_gain", "crews")


@dataclass(frozen=True)
class PolicySpec:
    """What a scenario's runs use.

    Attributes
    ----------
    en_route
        Whether a crew driving back to its station may be dispatched from the road.
    divert_for
        The incident types' queue priority levels (``priority``, 1 most urgent) whose alarms may take a crew on its
        way to a less urgent incident (:mod:`raddsim.engine.divert`); empty: none.
    divert_from
        The levels whose incidents' crews may be taken (each less urgent than the alarm's); empty: every less urgent
        level. JEMSS's ``redispatch.csv`` "low to high" is ``divert_for = [1]``, ``divert_from = [3]``.
    dispatch, move_up
        Policy names: shipped (``"closest"``; ``"none"``, ``"compliance"``, ``"mexclp"``)
        or a researcher's ``"module:Class"``.
    options
        Each policy's own table (``[policies.<name>]``), by name, as written.
    """

    en_route: bool = False
    divert_for: tuple[int, ...] = ()
    divert_from: tuple[int, ...] = ()
    dispatch: str = "closest"
    move_up: str = "none"
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def parse_policy(dispatch: Table, policies: Table, stations: Sequence[str] = (),
                 crews: Sequence[str] = ()) -> PolicySpec:
    """The ``[dispatch]`` and ``[policies]`` tables of a region (after a scenario's overrides).

    The shipped move-up policies' tables (``[policies.compliance]``, ``[policies.mexclp]``) are checked
    against the scenario's ``stations`` and ``crews`` ids whichever policy the scenario uses, so a
    slip in them is found when the region loads, not when a scenario that uses them runs.
    """
    dispatch.check_keys(DISPATCH_KEYS)
    own = [k for k in policies.keys() if k not in POLICY_KEYS]
    for k in own:
        policies.table(k)  # a policy's options must be a table
    spec = PolicySpec(
        en_route=dispatch.bool("en_route", False),
        divert_for=_divert_levels(dispatch, "divert_for"),
        divert_from=_divert_levels(dispatch, "divert_from"),
        dispatch=policies.str("dispatch", "closest"),
        move_up=policies.str("move_up", "none"),
        options=MappingProxyType({k: dict(policies.data[k]) for k in own}),
    )
    for key in ("dispatch", "move_up"):
        name = getattr(spec, key)
        if not name.strip():
            raise policies.error(key, "empty policy name.", fix='name a shipped policy or "module:Class".')
    if "compliance" in own:
        _check_compliance(policies.table("compliance"), list(dict.fromkeys(stations)))
    if "mexclp" in own:
        _check_mexclp(policies.table("mexclp"), list(crews))
    return spec


def _divert_levels(dispatch: Table, key: str) -> tuple[int, ...]:
    """``divert_for`` or ``divert_from``: a list of whole priority levels from 1 (the incident types' ``priority``)."""
    value = dispatch.get(key, [])
    fix = ("list the priority levels whose alarms may take a crew on its way to a less urgent one, e.g. [1]."
           if key == "divert_for" else "list the priority levels whose crews may be taken, e.g. [2, 3].")
    if not isinstance(value, list):
        raise dispatch.error(key, f"expected a list of priority levels, got {value!r:.40}.", fix=fix)
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise dispatch.error(key, f"{v!r:.40} is not a priority level (a whole number from 1).", fix=fix)
    if key == "divert_from" and value and "divert_for" not in dispatch:
        raise dispatch.error(key, "is set without divert_for: no alarm would take a crew.",
                             fix="add divert_for (the urgent levels), or remove divert_from.")
    return tuple(sorted(set(value)))


def _check_compliance(t: Table, stations: list[str]) -> None:
    """``"<n>" = ["station id", ...]``: at most n known stations for n free crews."""
    fix = 'write "<number of free crews>" = ["station id", ...], e.g. "3" = ["a", "b", "c"].'
    for key in t.keys():
        field = f'"{key}"'
        if not key.isdigit():
            raise t.error(field, f"'{key}' is not a number of free crews.", fix=fix)
        names = t.get(key)
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise t.error(field, f"expected a list of station ids, got {names!r}.", fix=fix)
        if len(names) > int(key):
            raise t.error(field, f"lists {len(names)} stations for {int(key)} free crews.",
                          fix=f"list at most {int(key)} stations (a station twice for two crews there), "
                              "or correct the number.")
        for n in names:
            if n not in stations:
                raise t.error(field, f"unknown station '{n}'.{did_you_mean(n, stations)}",
                              fix=f"use station ids: {', '.join(stations)}.")


def _check_mexclp(t: Table, crews: list[str]) -> None:
    """MEXCLP's options: known keys, a target, a busy probability, a gain and known crew ids."""
    t.check_keys(MEXCLP_KEYS)
    t.number("target_minutes", 10.0, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES)
    busy = t.number("busy_fraction", 0.1, min=0)
    if busy >= 1:  # q^k with q = 1: no crew ever covers anything
        raise t.error("busy_fraction", f"must be less than 1 (the chance a crew is busy), got {busy!r}.",
                      fix="use the share of time a crew is busy, e.g. 0.05.")
    t.number("min_gain", 0.01, min=0, max=1)
    for n in t.str_list("crews", []):
        if n not in crews:
            raise t.error("crews", f"unknown crew '{n}'.{did_you_mean(n, crews)}",
                          fix=f"use crew ids: {', '.join(crews)}.")


def warn_unread_tables(specs: Mapping[str, PolicySpec], files: Mapping[str, object], region_file: object) -> None:
    """Warn of a ``[policies.<name>]`` table no scenario's policy reads (``[policies.mexlcp]`` beside
    ``move_up = "mexclp"`` ran with the default options, silently).

    Parameters
    ----------
    specs : mapping of str to PolicySpec
        Every scenario's policies, by scenario name.
    files : mapping of str to path
        The file of each scenario from an extra scenarios file (the others are the region file's).
    region_file : path
        The region file.
    """
    read = set(OPTION_TABLES) | {s.move_up.rpartition(":")[2].lower() for s in specs.values() if s.move_up != "none"}
    for name in sorted({k for s in specs.values() for k in s.options} - read):
        having = [n for n, s in specs.items() if name in s.options]
        where = files.get(having[0], region_file)
        logging.getLogger("raddsim").warning(
            "%s: [policies.%s] (scenario %s) is read by no scenario's move-up policy (a policy of one's own reads "
            "the table named by its class in lower case).%s Its options are not used.", where, name,
            ", ".join(having[:3]) + (" …" if len(having) > 3 else ""), did_you_mean(name, sorted(read)))
