"""Sweep overrides: the dotted scenario keys a spec's axes and ``[overrides]`` set, and the scenario of a point.

A key names a parameter of a scenario table (``crews.blido.turnout_minutes``,
``demand.multiplier``, ``staffing``); ``crews.*.<key>`` means every scheduled
part-time crew of the scenario, as in ``raddsim calibrate``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Mapping

from raddsim.core.errors import InputError
from raddsim.region.config import did_you_mean

#: Sections of a scenario table an override key may start with (besides ``staffing``).
OVERRIDE_ROOTS = ("staffing", "stations", "crews", "demand", "network", "availability", "dispatch", "policies",
                  "archipelago")
WILDCARD = "crews.*."


def check_overlap(keys: list[tuple[str, str]], path: Path) -> None:
    """Refuse an axis that sets what another axis (or a fixed override) sets through a parent table.

    ``"demand" = [{ multiplier = 2.0 }]`` and ``"demand.multiplier" = [1.0]`` both set the multiplier; the
    point would run at one value and be labelled with the other. ``crews.*`` overlaps every crew.
    """
    for i, (sa, a) in enumerate(keys):
        for sb, b in keys[i + 1:]:
            pa, pb = a.split("."), b.split(".")
            if sa == sb == "overrides" or not all(x == y or "*" in (x, y) for x, y in zip(pa, pb)):
                continue  # the fixed overrides are flattened to leaves: two of them never overlap
            inner = b if len(pb) > len(pa) or pa[1:2] == ["*"] else a
            raise InputError(f'{sa}."{a}" and {sb}."{b}" both set {inner}, so a point would be labelled with a '
                             "value it did not run at.", file=path, fix="keep one of them.")


def flatten_overrides(raw: Any, file: Path) -> Iterator[tuple[str, Any]]:
    if not isinstance(raw, dict):
        raise InputError(f"expected a table, got {type(raw).__name__}.", file=file, field="overrides",
                         fix='write [overrides] "demand.season" = "summer".')
    # Overrides deep-merge onto the scenario, so a nested table and its dotted leaves are the same.
    for key, value in raw.items():
        if isinstance(value, dict):
            for sub, v in flatten_overrides(value, file):
                yield f"{key}.{sub}", v
        else:
            yield key, value


def check_key_shape(key: str, file: Path, section: str) -> None:
    parts = key.split(".")
    if parts[0] not in OVERRIDE_ROOTS or any(not p for p in parts) or (parts[0] == "staffing" and len(parts) > 1):
        raise InputError(
            f"'{key}' is not a scenario parameter.{did_you_mean(parts[0], OVERRIDE_ROOTS)}",
            file=file, field=f'{section}."{key}"',
            fix="use a dotted key starting with staffing, stations.<id>, crews.<id>, demand, dispatch or policies "
                "(e.g. \"crews.blido.turnout_minutes\", \"demand.multiplier\").",
        )
    if "*" in key and not (key.startswith(WILDCARD) and "*" not in key[len(WILDCARD):]):
        raise InputError(f"'{key}': '*' is only allowed as crews.*.<key>.", file=file, field=f'{section}."{key}"',
                         fix="write crews.*.availability.response_probability, or name the crew.")


def expand_overrides(overrides: Mapping[str, Any], setup: Any) -> dict[str, Any]:
    """Dotted overrides with ``crews.*.`` expanded to the scenario's scheduled part-time crews."""
    from raddsim.experiment.calibrate import expand

    out: dict[str, Any] = {}
    for key, value in overrides.items():
        out.update(expand(key, value, setup) if key.startswith(WILDCARD) else {key: value})
    return out


def check_wildcards(keys: list[tuple[str, str]], region: Any, scenarios: tuple[str, ...], file: Path) -> None:
    """Refuse a ``crews.*.`` key that matches no crew in any of the scenarios: every point would run unchanged.

    ``keys`` are (section, key) pairs, the section (``axes`` or ``overrides``) naming the field.
    """
    from raddsim.experiment.calibrate import expand

    for section, key in keys:
        if not key.startswith(WILDCARD):
            continue
        if not any(expand(key, 0.0, region.scenarios[s]) for s in scenarios):
            raise InputError(f"'{key}' matches no crew: {WILDCARD}<key> means the scheduled part-time crews, and "
                             f"scenario(s) {', '.join(scenarios)} have none, so every point would run unchanged.",
                             file=file, field=f'{section}."{key}"', fix=_wildcard_fix(key))


def check_turnout_scales(keys: list[tuple[str, str]], region: Any, scenarios: tuple[str, ...], file: Path) -> None:
    """Refuse ``availability.<kind>.turnout_scale`` where no crew of that kind has a turnout to scale.

    The factor multiplies ``turnout_minutes``: on a JEMSS import (every ambulance's turnout 0, its dispatch delay
    a ``request_delay_minutes``) the sweep ran every point the same without a word. ``keys`` as
    :func:`check_wildcards`.
    """
    if any(k.endswith("turnout_minutes") for _, k in keys):
        return  # another key gives the crews a turnout at some points
    for section, key in keys:
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "availability" or parts[2] != "turnout_scale":
            continue
        crews = [c for s in scenarios for c in region.scenarios[s].crews if c.kind == parts[1] and not c.external]
        if not crews and parts[1] not in ("full-time", "part-time"):
            continue  # mutual aid's, or a kind the region check refuses with its own message
        if not any(c.turnout_s > 0 for c in crews):
            which = f"every {parts[1]} crew has turnout_minutes = 0" if crews else f"there is no {parts[1]} crew"
            raise InputError(f"'{key}' multiplies the {parts[1]} crews' turnout_minutes, and in scenario(s) "
                             f"{', '.join(scenarios)} {which}, so every point would run unchanged.", file=file,
                             field=f'{section}."{key}"',
                             fix="sweep a time the crews have, e.g. crews.<id>.availability.request_delay_minutes "
                                 "(the dispatch delay of a JEMSS import), or give the crews a turnout_minutes first.")


def _wildcard_fix(key: str) -> str:
    """How to move every crew of a kind at once: a turnout through its group factor, anything else crew by crew."""
    if key[len(WILDCARD):].startswith("turnout"):
        return ("to scale every full-time crew's turnout at once, sweep \"availability.full-time.turnout_scale\" "
                "(× turnout_minutes; \"availability.part-time.turnout_scale\" for part-time crews); else name the "
                "crew (crews.<id>.<key>).")
    return "name the crew (crews.<id>.<key>), or sweep a scenario with part-time crews."


def derive_point(region: Any, spec: Any, point: int, scenario: str) -> Any:
    """The :class:`~raddsim.region.region.Setup` of one (point, scenario)."""
    overrides = spec.point_overrides(point)
    if not overrides:
        return region.scenarios[scenario]
    base = region.scenarios[scenario]
    return region.derive(f"{scenario}@{point}", scenario, expand_overrides(overrides, base))


def known_ids(region: Any, section: str) -> set[str]:
    ids = set(region.raw.get(section, {}))
    for setup in region.scenarios.values():
        ids |= set(setup.stations) if section == "stations" else {c.id for c in setup.crews}
    return ids


__all__ = ["OVERRIDE_ROOTS", "WILDCARD", "check_key_shape", "check_overlap", "check_turnout_scales", "check_wildcards",
           "derive_point", "expand_overrides", "flatten_overrides", "known_ids"]
