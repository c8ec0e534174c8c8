"""Scenarios: a base configuration plus the overrides that make it different.

A scenario table in a region file may set

* ``staffing`` — the staffing level every crew runs at (a key of each crew's
  ``staffing`` table), unless a crew sets its own ``level``;
* ``base`` — another scenario it inherits from;
* override sections with the same shape as the region file's own
  (``stations``, ``crews``, ``demand``, ``network``): they are deep-merged onto the base,
  so a scenario states only what changes — a crew's turnout time, a moved
  station, an added crew, ``in_service = false`` for a closed crew …

The merged data is validated by the very same parsers as the base file, so a
misspelt key in a scenario gets the same "did you mean" error.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol

from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.region.config import Table, did_you_mean
from raddsim.region.plausible import collected_slips, warn_slip

SCENARIO_KEYS = ("description", "description_sv", "base", "staffing", "stations", "crews", "demand", "network",
                 "availability", "dispatch", "policies", "posterior", "archipelago")
OVERRIDE_SECTIONS = ("stations", "crews", "demand", "network", "availability", "dispatch", "policies", "archipelago")


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` laid over it: tables merge key by key, other values are replaced."""
    out = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@dataclass(frozen=True)
class ScenarioChain:
    """A scenario's inheritance chain, base first, with its merged raw data."""

    name: str
    description: str
    staffing_level: str | None
    chain: tuple[str, ...]
    data: dict[str, Any]
    description_sv: str = ""
    #: The posterior file of accepted parameter sets the scenario runs over (inherited; ``posterior = false``: none).
    posterior: Path | None = None


def _has_path(data: Mapping[str, Any], dotted: str) -> bool:
    """Whether ``data`` holds the dotted path; a last part ``lat/lon`` (one error about two keys) matches either."""
    node: Any = data
    parts = dotted.split(".")
    for part in parts[:-1]:
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    # A quoted last part (policies.compliance."5") names the key without its quotes.
    return isinstance(node, Mapping) and any(key.strip('"') in node for key in parts[-1].split("/"))


def _node(data: Any, dotted: str) -> Any:
    """The value at a dotted path of nested tables, or None."""
    for part in dotted.split("."):
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data


def _makes_table(override: Mapping[str, Any], region: Mapping[str, Any], field: str) -> bool:
    """Whether ``override`` turns the region's plain value holding ``field`` into a table.

    E.g. ``turnout_minutes = { range = [4, 8] }`` over ``turnout_minutes = 5``: the table's missing ``value``
    is the scenario's slip, not the region file's.
    """
    parent = field.rpartition(".")[0]
    was = _node(region, parent) if parent else None
    # (a table the region lacks altogether is a new crew or station: _added_by explains that better)
    return was is not None and not isinstance(was, Mapping) and isinstance(_node(override, parent), Mapping)


def _empty_table(data: Mapping[str, Any], prefix: str = "") -> str | None:
    """The dotted path of the first empty table below ``data`` (a scenario's ``x = {}``), else None."""
    for key, value in data.items():
        if isinstance(value, Mapping):
            path = f"{prefix}{key}"
            if not value:
                return path
            inner = _empty_table(value, f"{path}.")
            if inner is not None:
                return inner
    return None


def merge_chain(root: Table, name: str) -> ScenarioChain:
    """Follow ``base`` links from scenario ``name`` and merge all overrides onto the region's data."""
    scenarios = root.table("scenarios")
    chain: list[str] = []
    current: str | None = name
    while current is not None:
        if current in chain:
            raise scenarios.error(name, f"scenario inheritance loops: {' → '.join(chain + [current])}.",
                                  fix="remove one of the 'base' links.")
        if current not in scenarios:
            where = chain[-1] if chain else name
            raise scenarios.error(
                f"{where}.base" if chain else where,
                f"unknown scenario '{current}'.{did_you_mean(current, scenarios.keys())}",
                fix=f"use one of: {', '.join(scenarios.keys())}.",
            )
        t = scenarios.table(current)
        t.check_keys(SCENARIO_KEYS)
        chain.append(current)
        current = t.str("base", None) if "base" in t else None
    data = {section: root.data.get(section, {}) for section in OVERRIDE_SECTIONS}
    level: str | None = None
    posterior: Path | None = None
    for n in reversed(chain):
        t = scenarios.table(n)
        if "posterior" in t:
            posterior = _posterior_path(t)
        for section in OVERRIDE_SECTIONS:
            if section in t:
                t.table(section)  # must be a table
                empty = _empty_table(t.data[section])
                if empty is not None:  # merged, it changed nothing: `turnout_minutes = {}` over a ranged value
                    raise t.error(f"{section}.{empty}", "is an empty table, which changes nothing.",
                                  fix="give the values to change (e.g. turnout_minutes = 4), or remove the line.")
                data = {**data, section: deep_merge(data[section], t.data[section])}
        if "staffing" in t:
            level = t.str("staffing")
    own = scenarios.table(name)
    return ScenarioChain(name, own.str("description", ""), level, tuple(reversed(chain)), data,
                         own.str("description_sv", ""), posterior)


def _posterior_path(t: Table) -> Path | None:
    """``posterior = "file.toml"`` (relative to the region file) or ``false`` (none)."""
    if t.get("posterior") is False:
        return None
    path = t.path_value("posterior")
    if path is None or not path.is_file():
        raise t.error("posterior", f"posterior file '{path}' does not exist.",
                      fix="give a file written by `raddsim calibrate --write` (relative to the region file), or false.")
    return path


class Chained(Protocol):
    """A scenario's name and inheritance chain, base first (a :class:`ScenarioChain`, or a resolved ``Setup``)."""

    @property
    def name(self) -> str: ...

    @property
    def chain(self) -> tuple[str, ...]: ...


def blame_scenario(err: InputError, root: Table, chain: Chained,
                   origins: Mapping[str, Any] | None = None) -> InputError:
    """Point an error found in merged data at the scenario table (and file) that introduced the value."""
    if not err.field:
        return err
    own = f"scenarios.{chain.name}."
    if err.field.startswith(own):  # an error about the scenario itself (e.g. its staffing level)
        rest = err.field[len(own):]
        setter = next((n for n in reversed(chain.chain) if _has_path(root.data["scenarios"][n], rest)), chain.name)
        return InputError(err.message, file=(origins or {}).get(setter, err.file), field=f"scenarios.{setter}.{rest}",
                          fix=err.fix)
    for n in reversed(chain.chain):
        override = root.data["scenarios"][n]
        if _has_path(override, err.field) or _makes_table(override, root.data, err.field):
            file = (origins or {}).get(n, err.file)
            return InputError(f"{err.message} (in scenario '{chain.name}')", file=file,
                              field=f"scenarios.{n}.{err.field}", fix=err.fix)
    added = _added_by(root, chain, err.field)
    if added is not None:  # e.g. a misspelt crew name: the scenario adds a crew that lacks its required fields
        n, prefix = added
        section, _, name = prefix.rpartition(".")
        known = root.data.get(section, {}) if "." not in section else {}
        hint = did_you_mean(name, known)
        # A near miss is most likely a typo: say so first, not "station: required field is missing" (newcomer pass).
        message = (f"'{prefix}' is not in the region file.{hint} (As written, scenario '{chain.name}' adds it as a "
                   f"new one, and then {err.field.rpartition('.')[2]}: {err.message})" if hint else
                   f"{err.message} (in scenario '{chain.name}': '{prefix}' is not in the region file, so the "
                   f"scenario adds it.)")
        return InputError(message, file=(origins or {}).get(n, err.file), field=f"scenarios.{n}.{err.field}",
                          fix=f"to change an existing one, use its name ({', '.join(known) or 'none'}); to add a new "
                              f"one, {err.fix or 'complete it'}")
    return err


def _added_by(root: Table, chain: Chained, field: str) -> tuple[str, str] | None:
    """The scenario of ``chain`` (nearest first) that adds the table ``field`` lies in, and that table's path.

    The table is the shortest part of ``field`` the region file itself lacks (``crews.rimbbo`` for
    ``crews.rimbbo.station``); None if the region file has every table on the way.
    """
    parts = field.split(".")
    for k in range(2, len(parts)):
        prefix = ".".join(parts[:k])
        if _has_path(root.data, prefix):
            continue
        setter = next((n for n in reversed(chain.chain) if _has_path(root.data["scenarios"][n], prefix)), None)
        return (setter, prefix) if setter is not None else None
    return None


def resolve_all(root: Table, build: Callable[[ScenarioChain], Any],
                origins: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build every scenario of a region file, blaming errors on the right table and file."""
    out = {}
    for name in root.table("scenarios").keys():
        try:
            chain = merge_chain(root, name)
        except InputError as err:
            if origins and name in origins:
                raise InputError(err.message, file=origins[name], field=err.field, fix=err.fix) from None
            raise
        try:
            with collected_slips() as slips:  # a unit slip a scenario writes is warned naming the scenario
                out[name] = build(chain)
        except InputError as err:
            raise blame_scenario(err, root, chain, origins) from None
        for slip in slips:
            warn_slip(blame_scenario(slip, root, chain, origins))
    return out


def read_scenario_files(paths: list[Any], existing: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Scenario tables from extra files (each holding only ``[scenarios.<name>]`` tables).

    Returns the tables and the file each came from; a name may not be defined twice.
    """
    from raddsim.region.config import read_toml, wrong_kind

    tables: dict[str, Any] = {}
    origins: dict[str, Any] = {}
    read: list[Path] = []
    for path in paths:
        if Path(path).resolve() in read:  # else each of its scenarios is "already defined" in the file itself
            raise InputError("the scenarios file is given twice.", file=path, fix="give each scenarios file once.")
        read.append(Path(path).resolve())
        data = read_toml(path, slot="--scenarios-file takes a scenarios file: a TOML file of [scenarios.<name>] "
                                    "tables that build on the region file's (e.g. stations/norrtalje_calibrated.toml).")
        wrong = wrong_kind(data, path, "scenarios", "a scenarios file")  # e.g. the region file as --scenarios-file
        if wrong is not None:
            raise wrong
        t = Table(data, path)
        t.check_keys(["scenarios"])
        sc = t.table("scenarios")
        if not sc.keys():  # else the file adds nothing without a word
            raise sc.error(None, "the file holds no scenario.",
                           fix='add a [scenarios.<name>] table, e.g. [scenarios.more] with base = "<scenario>".')
        for name in sc.keys():
            if not name.strip():  # a scenario no command line can name (and no output file)
                raise InputError(f"a scenario name cannot be empty, got {name!r}.", file=path,
                                 field=f'scenarios."{name}"', fix="give the scenario a name, e.g. [scenarios.more].")
            if name in existing or name in tables:
                where = origins.get(name, "the region file")
                raise sc.error(name, f"scenario '{name}' is already defined in {where}.", fix="give it another name.")
            sc.table(name)
            tables[name] = sc.data[name]
            origins[name] = path
    return tables, origins


def _ordered_names(names: Any, available: Mapping[str, Any], file: str) -> list[str] | None:
    """``names`` as a list of str when it is an ordered collection of names (a list, tuple, numpy array …).

    ``names=3`` was "'int' object is not iterable", ``names=[["a"]]`` "unhashable type: 'list'", and a numpy array
    of names was refused as not a list. A set is refused: its order (which scenario the differences are from)
    would change from one Python process to the next.
    """
    if names is None:
        return None
    ordered = isinstance(names, Iterable) and not isinstance(names, (set, frozenset, Mapping, bytes))
    out = list(names) if ordered else []
    if not ordered or not all(isinstance(n, str) for n in out):
        raise InputError(f"names must be a scenario name or a list of them, got {type(names).__name__} "
                         f"{names!r:.60}.", field="names",
                         fix=f"give e.g. names=['{next(iter(available), 'minimum')}'] (the names in {file}), in the "
                             "order wanted: the differences are from the first.")
    return [str(n) for n in out]  # numpy's str_ as plain str


@checked_arguments("names")
def select_scenarios(available: Mapping[str, Any], names: Iterable[str] | str | None, file: str,
                     default: tuple[str, ...] | list[str] = ()) -> list[Any]:
    """The scenarios asked for by name, else the default ones (else all), with a clear error for unknown names.

    Parameters
    ----------
    available : Mapping of str to Any
        Scenario name → scenario.
    names : list of str, str or None
        The names asked for, in order (one name may be given alone; a tuple or a numpy array of names too, not a
        set); None or empty selects ``default``.
    file : str
        The file the scenarios come from, named in the error.
    default : sequence of str
        Names selected when none are asked for; empty selects all.

    Returns
    -------
    list
        The selected scenarios, in the order asked.

    Raises
    ------
    InputError
        If a name is not among ``available``, or ``names`` is neither a name nor a list of names.
    """
    if isinstance(names, str):  # select_scenarios(s, "minimum", …) reported "unknown scenario 'm'"
        names = [names]  # "" alone too: refused as a name, not read as "no names" (the defaults, unasked)
    names = _ordered_names(names, available, file)
    if not names:
        return [available[n] for n in default] if default else list(available.values())
    out = []
    for name in names:
        if name not in available:
            raise InputError(
                f"unknown scenario '{name}'.{did_you_mean(name, available)}",
                file=file,
                field="scenarios",
                fix=f"use one of: {', '.join(available)}.{_edited_copy_hint(file)}",
            )
        out.append(available[name])
    return out


def _edited_copy_hint(file: str) -> str:
    """When the scenarios came from the embedded default: say how to use a region file the user edited.

    ``pip install .`` copies ``stations/`` into the installed package, so a scenario added to the
    clone's ``stations/norrtalje.toml`` is not in the file raddsim reads without ``--stations``.
    """
    from raddsim.region.region import default_region_path

    # Only an installed copy (``raddsim/_data``): with an editable install the default *is* the clone's file.
    if Path(file).resolve() != default_region_path().resolve() or "_data" not in Path(file).parts:
        return ""
    return (" This is the installed copy of the default region; to use a region file you edited (e.g. the "
            "clone's stations/norrtalje.toml), pass --stations PATH, or add scenarios with --scenarios-file PATH.")
