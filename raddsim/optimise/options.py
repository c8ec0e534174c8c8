"""The decision space of ``raddsim optimise``: an options file (TOML) of what may change and what it costs.

::

    [options]
    region = "norrtalje.toml"      # optional, relative to this file (default: --stations or the embedded region)
    base = "minimum"               # the scenario every option changes
    cost_unit = "positions"        # what costs are counted in (positions, SEK/year …)
    cost_unit_sv = "tjänster"      # optional: the cost unit in Swedish output (--lang sv)
    budget = 6                     # default budget (--budget overrides)
    exclusive = [["level:rimbo:ambition", "level:almsta:ambition"]]   # at most one of each list

    [levels.almsta]                # staffing levels a crew may take, and what each costs
    ambition = 2                   #   (the crew's level in the base scenario is "as today", cost 0)

    [sites.norrtalje_deltid]       # candidate sites for a crew's station (a new or moved station)
    candidates = "sites.csv"       #   CSV: id,name,lat,lon,reason[,cost]; snapped to the network
    cost = 0                       #   cost of a candidate without a cost column

    [vehicles.blido]               # vehicle types: the crew's equipment, and the cost
    smoke_diving = { capabilities = ["boat", "smoke_diving"], cost = 1 }

    [extra_crews.rokdykning]       # an extra crew at an existing station, copied from a template crew
    like = "hallstavik"            #   kind, turnout, capabilities and staffing of this crew
    level = "minimum"              #   the template's staffing level the extra crew works at
    stations = ["norrtalje", "rimbo", "almsta"]
    cost = 5                       #   or a table per station: cost = { norrtalje = 5, rimbo = 6 }
    max = 1                        #   at most this many of them
    name = "Extra smoke-diving crew"   # optional, and name_sv: its name in Swedish output (--lang sv)

Every option has an id (``level:<crew>:<level>``, ``site:<crew>:<site>``,
``vehicle:<crew>:<name>``, ``extra:<extra>:<station>``). A crew's levels, sites
and vehicles are combined into its *choices*; exactly one choice per crew is
made (a crew has one level, one station, one vehicle). Each extra-crew station
is a yes/no choice, at most ``max`` per extra crew.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np

from raddsim.core.errors import InputError
from raddsim.optimise.sites import read_sites
from raddsim.optimise.space import (
    AS_TODAY,
    AS_TODAY_SV,
    MAX_COST,
    Choice,
    Group,
    Limit,
    Option,
    OptionSpace,
    check_budget,
)
from raddsim.region.config import Table, did_you_mean, read_toml, wrong_kind
from raddsim.region.region import Region, Setup, derived_field, load_region

OPTIONS_KEYS = ("region", "base", "cost_unit", "cost_unit_sv", "budget", "exclusive", "description")
TOP_KEYS = ("options", "levels", "sites", "vehicles", "extra_crews")


def _cost(t: Table, key: str, default: Any = None) -> float:
    if key not in t.data and default is not None:
        value = default
    else:
        value = t.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise t.error(key, f"expected a cost (a number), got {value!r}.", fix="write a plain number.")
    if value < 0:
        raise t.error(key, f"a cost cannot be negative, got {value!r}.", fix="give what the option costs (0 or more).")
    if value > MAX_COST:  # else the screening reports that no option set satisfies the budget, blaming the budget
        raise t.error(key, f"a cost of {value:g} is beyond any budget (at most {MAX_COST:g} in the file's unit).",
                      fix="give the cost in the file's cost_unit (e.g. 1.2 for 1.2 MSEK a year).")
    return float(value)


def _template(t: Table, crews: Mapping[str, Any], setup: Setup) -> tuple[Any, str]:
    """The crew an extra crew copies (``like``) and the staffing level it gets (``level``)."""
    like = t.str("like")
    if like not in crews:
        raise t.error("like", f"unknown crew '{like}'.{did_you_mean(like, crews)}",
                      fix=f"use one of: {', '.join(crews)}.")
    template = crews[like]
    if template.unit != "crew" or template.external:
        own = [c for c, x in crews.items() if x.unit == "crew" and not x.external]
        what = "a mutual-aid crew of a neighbour" if template.external else f"a '{template.unit}' unit, not a crew"
        raise t.error("like", f"'{like}' is {what}: an extra crew copies one of the region's own crews.",
                      fix=f"use one of: {', '.join(own)}.")
    level = t.str("level", template.level or setup.staffing_level)
    if level not in template.staffing:
        raise t.error("level", f"crew '{like}' has no staffing level "
                               f"'{level}'.{did_you_mean(level, template.staffing)}",
                      fix=f"use one of: {', '.join(template.staffing)}.")
    return template, level


def _crew_ids(setup: Setup) -> dict[str, Any]:
    return {c.id: c for c in setup.crews}


def _known_crew(t: Table, crew: str, crews: Mapping[str, Any]) -> Any:
    if crew not in crews:
        raise t.error(crew, f"unknown crew '{crew}'.{did_you_mean(crew, crews)}",
                      fix=f"use one of: {', '.join(crews)}.")
    return crews[crew]


def _not_empty(t: Table, what: str, example: str) -> None:
    """Refuse an empty ``[levels.<crew>]`` or ``[vehicles.<crew>]``: else the crew silently gets no option."""
    if not t.keys():
        raise t.error(None, f"no {what} listed: the table gives the crew no option.",
                      fix=f"list them with their costs, e.g. {example}, or remove the table.")


def _warn_cost_today(t: Table, level: str, cost: float, cid: str) -> None:
    """Warn that a cost for the crew's level in the base scenario is ignored (the crew is at it already).

    A warning, not an error: ``ambition = 0`` written for completeness is harmless; a non-zero cost usually means
    the base scenario is not the one the costs were written for, and the option the user meant does not exist.
    """
    if cost != 0 or t.keys() == [level]:  # the latter: the table gives the crew no option at all
        logging.getLogger("raddsim").warning(
            "%s: %s: ignored: a cost of %g for level '%s', which crew '%s' already has in the base scenario (it is "
            "\"as today\", cost 0, not an option). Fix: remove the line, or set [options] base to the scenario the "
            "costs are counted from.", t.file, t.field(level), cost, level, cid)


def _levels(root: Table, setup: Setup, options: dict[str, Option]) -> dict[str, list[tuple[str, str]]]:
    """Crew → [(option id, level)] from ``[levels.<crew>]``."""
    crews = _crew_ids(setup)
    out: dict[str, list[tuple[str, str]]] = {}
    lv = root.table("levels", {})
    for cid in lv.keys():
        crew = _known_crew(lv, cid, crews)
        t = lv.table(cid)
        today = crew.level or setup.staffing_level
        _not_empty(t, "level", f"{next((x for x in crew.staffing if x != today), today)} = 2")
        for level in t.keys():
            if level not in crew.staffing:
                raise t.error(level, f"crew '{cid}' has no staffing level "
                                     f"'{level}'.{did_you_mean(level, crew.staffing)}",
                              fix=f"use one of: {', '.join(crew.staffing)} (or add the level to the region file).")
            cost = _cost(t, level)
            if level == today:  # the base's own level is "as today": its cost is never counted
                _warn_cost_today(t, level, cost, cid)
                continue
            oid = f"level:{cid}:{level}"
            options[oid] = Option(oid, "level", f"{crew.name}: {level}", cost,
                                  label_sv=f"{crew.label('sv')}: nivå ”{level}”")
            out.setdefault(cid, []).append((oid, level))
    return out


def _sites(root: Table, setup: Setup, options: dict[str, Option]) -> dict[str, list[tuple[str, dict]]]:
    """Crew → [(option id, site)] from ``[sites.<crew>]``."""
    crews = _crew_ids(setup)
    out: dict[str, list[tuple[str, dict]]] = {}
    st = root.table("sites", {})
    for cid in st.keys():
        crew = _known_crew(st, cid, crews)
        t = st.table(cid)
        t.check_keys(["candidates", "cost"])
        path = t.existing_path("candidates")
        for site in read_sites(path, t, _cost(t, "cost", 0.0)):
            key = f"site_{site['id']}"
            if key in setup.stations:
                raise InputError(f"site '{site['id']}' clashes with the region's station '{key}'.", file=path,
                                 field=f"line {site['line']}: id", fix="rename the site.")
            oid = f"site:{cid}:{site['id']}"
            options[oid] = Option(oid, "site", f"{crew.name} at {site['name']}", site["cost"], site["reason"],
                                  f"{crew.label('sv')} flyttad till {site['name']}", (str(path), site["line"]))
            out.setdefault(cid, []).append((oid, {**site, "file": path, "station": key}))
    return out


def _vehicles(root: Table, setup: Setup, options: dict[str, Option]) -> dict[str, list[tuple[str, list[str]]]]:
    crews = _crew_ids(setup)
    out: dict[str, list[tuple[str, list[str]]]] = {}
    vt = root.table("vehicles", {})
    for cid in vt.keys():
        crew = _known_crew(vt, cid, crews)
        t = vt.table(cid)
        _not_empty(t, "vehicle", 'boat = { capabilities = ["boat"], cost = 1 }')
        for name in t.keys():
            v = t.table(name)
            v.check_keys(["capabilities", "cost", "note"])
            oid = f"vehicle:{cid}:{name}"
            options[oid] = Option(oid, "vehicle", f"{crew.name}: vehicle {name}", _cost(v, "cost"), v.str("note", ""),
                                  f"{crew.label('sv')}: fordon {name}")
            out.setdefault(cid, []).append((oid, v.str_list("capabilities")))
    return out


def _crew_group(cid: str, crew: Any, today: str | None, levels: list, sites: list, vehicles: list,
                options: Mapping[str, Option]) -> Group:
    """Every combination of a crew's level, site and vehicle options (the first is "as today")."""
    choices = []
    for lv, site, veh in itertools.product([None] + levels, [None] + sites, [None] + vehicles):
        picked = [p for p in (lv, site, veh) if p is not None]
        ids = tuple(p[0] for p in picked)
        overrides: dict[str, Any] = {}
        if lv is not None:
            overrides[f"crews.{cid}.level"] = lv[1]
        if site is not None:
            s = site[1]
            overrides[f"stations.{s['station']}"] = {"name": s["name"], "lat": s["lat"], "lon": s["lon"],
                                                     "note": s["reason"], "approximate": True}  # a candidate site
            overrides[f"crews.{cid}.station"] = s["station"]
        if veh is not None:
            overrides[f"crews.{cid}.capabilities"] = list(veh[1])
        label = "; ".join(options[i].label for i in ids) if ids else f"{crew.name}: {AS_TODAY}"
        label_sv = "; ".join(options[i].label_sv for i in ids) if ids else f"{crew.label('sv')}: {AS_TODAY_SV}"
        choices.append(Choice(label, ids, sum(options[i].cost for i in ids), MappingProxyType(overrides), cid,
                              lv[1] if lv else today, label_sv=label_sv))
    return Group(cid, "crew", tuple(choices))


def _extra_groups(root: Table, region: Region, setup: Setup,
                  options: dict[str, Option]) -> tuple[list[Group], list[Limit]]:
    crews = _crew_ids(setup)
    groups, limits = [], []
    et = root.table("extra_crews", {})
    for eid in et.keys():
        t = et.table(eid)
        t.check_keys(["like", "level", "stations", "cost", "max", "name", "name_sv"])
        template, level = _template(t, crews, setup)
        like = template.id
        stations = t.str_list("stations")
        if not stations:  # else the option silently never exists
            own = [k for k, s in setup.stations.items() if not s.external][:2]  # the region's, not Norrtälje's
            raise t.error("stations", "no station: an extra crew needs at least one station it could be placed at.",
                          fix="list them, e.g. stations = [" + ", ".join(f'"{k}"' for k in own) + "].")
        twice = sorted({sid for sid in stations if stations.count(sid) > 1})
        if twice:  # else one option, counted twice against its max
            raise t.error("stations", f"station(s) listed twice: {', '.join(twice)}.", fix="list each station once.")
        cost_t = t.table("cost") if isinstance(t.get("cost"), dict) else None
        ids = []
        for sid in stations:
            if sid not in setup.stations or setup.stations[sid].external:
                known = [k for k, s in setup.stations.items() if not s.external]
                # a neighbour's (mutual-aid) station is known, but the region cannot staff it (probe_bad2 #11)
                said = (f"station '{sid}' is external (a neighbour's, reached by mutual aid): the region cannot place "
                        "a crew of its own there." if sid in setup.stations else
                        f"unknown station '{sid}'.{did_you_mean(sid, known)}")
                raise t.error("stations", said, fix=f"use one of the region's own stations: {', '.join(known)}.")
            cost = _cost(cost_t, sid) if cost_t is not None else _cost(t, "cost")
            oid, new_id = f"extra:{eid}:{sid}", f"{eid}_{sid}"
            if new_id in crews:
                raise t.error("stations", f"the extra crew's id '{new_id}' is already a crew.",
                              fix=f"rename [extra_crews.{eid}].")
            name = t.str("name", f"Extra {template.name}")
            name_sv = t.str("name_sv", name if "name" in t else f"Extra {template.label('sv')}")
            station = setup.stations[sid].name
            options[oid] = Option(oid, "extra", f"{name} at {station}", cost, label_sv=f"{name_sv} vid {station}")
            raw = {k: v for k, v in dict(region.raw["crews"][like]).items() if k not in ("level", "in_service")}
            # name_sv always: a template's own Swedish name (e.g. a mutual-aid crew's) must not name the new crew.
            crew_table = {**raw, "name": f"{name} ({station})", "name_sv": f"{name_sv} ({station})", "station": sid,
                          "level": level}
            add = Choice(options[oid].label, (oid,), cost, MappingProxyType({f"crews.{new_id}": crew_table}), new_id,
                         level, like, options[oid].label_sv)
            none = Choice(f"no {name} at {station}", (), 0.0, MappingProxyType({}), None, None,
                          label_sv=f"ingen {name_sv} vid {station}")
            groups.append(Group(oid, "extra", (none, add)))
            ids.append(oid)
        unlisted = [sid for sid in (cost_t.keys() if cost_t is not None else []) if sid not in stations]
        if unlisted and cost_t is not None:  # a cost for a station not offered is a slip (e.g. a misspelt id)
            raise cost_t.error(unlisted[0], f"a cost for station '{unlisted[0]}', which is not among stations "
                                            f"{stations}.{did_you_mean(unlisted[0], stations)}",
                               fix="give costs for the listed stations only, or add it to stations.")
        # max = 0 would drop the option without a word: leave the option out instead.
        limits.append(Limit(tuple(ids), int(t.number("max", 1, min=1, integer=True)), t.field("max")))
    return groups, limits


def _exclusive(meta: Table, options: Mapping[str, Option]) -> list[Limit]:
    raw = meta.get("exclusive", [])
    if not isinstance(raw, list) or not all(isinstance(g, list) for g in raw):
        raise meta.error("exclusive", "expected a list of lists of option ids.",
                         fix='write exclusive = [["level:a:ambition", "level:b:ambition"]].')
    out = []
    for k, group in enumerate(raw):
        for oid in group:
            if oid not in options:
                raise meta.error(f"exclusive[{k}]", f"unknown option '{oid}'.{did_you_mean(str(oid), options)}",
                                 fix=f"use option ids such as: {', '.join(list(options)[:6])}.")
        if len(set(group)) < 2:
            raise meta.error(f"exclusive[{k}]", "a mutually exclusive group needs at least two different options.",
                             fix="list two or more option ids, or remove the group.")
        out.append(Limit(tuple(group), 1, meta.field(f"exclusive[{k}]")))
    return out


def _option_field(oid: str, err: InputError, base: str) -> str:
    """The options file's field an option comes from (``vehicle:blido:boat`` → ``vehicles.blido.boat``)."""
    kind, owner, name = oid.split(":", 2)
    if kind == "site":
        return f"sites.{owner}.candidates"
    if kind == "extra":
        return f"extra_crews.{owner}"
    field = f"{'levels' if kind == 'level' else 'vehicles'}.{owner}.{name}"
    about = derived_field(err, f"{base}+{oid}")  # the scenario's path, whichever way derive named it
    return f"{field}.capabilities" if kind == "vehicle" and about.endswith(".capabilities") else field


def check_options(space: OptionSpace) -> None:
    """Refuse an option that does not make a valid scenario from the base (e.g. a vehicle's unknown capability).

    Each option is tried alone, once, when the file is read: else the error surfaces during the screening,
    naming an internal scenario instead of the options file's field.
    """
    for group in space.groups:
        for choice in group.choices:
            if len(choice.options) != 1:
                continue
            oid = choice.options[0]
            try:
                space.region.derive(f"{space.base}+{oid}", space.base, dict(choice.overrides))
            except InputError as err:
                message = err.message.replace(f" (in scenario '{space.base}+{oid}')", "")
                raise InputError(f"option '{oid}' does not make a valid scenario from '{space.base}': {message}",
                                 file=space.file, field=_option_field(oid, err, space.base), fix=err.fix) from None


def _region_path(meta: Table, region_file: str | Path | None) -> Path | None:
    """The region file: ``region_file`` (--stations), else ``[options] region``, which must exist."""
    if region_file is not None:
        return Path(region_file)
    region = meta.path_value("region", None)
    if region is not None and not region.exists():  # else "file not found" names the region, not this field
        raise meta.error("region", f"the region file '{region}' does not exist.",
                         fix="give the path of the region TOML file, relative to the options file (or give the region "
                             "file itself: region_file=PATH, on the command line --stations PATH).")
    return region


def load_options(path: str | Path, *, region_file: str | Path | None = None, scenarios_files: list[Path] | None = None,
                 budget: float | None = None) -> OptionSpace:
    """Read and validate an options file.

    Parameters
    ----------
    path
        The options TOML.
    region_file
        The region file (overrides ``[options] region``; default: the embedded region).
    budget
        Overrides ``[options] budget``.

    Raises
    ------
    InputError
        Unknown crew, station or level, a negative cost, an infeasible budget, a
        candidate site off the network, a bad exclusive group — one line each.
    """
    path = Path(path)
    data = read_toml(path)
    # A sweep spec's region is a path, a region file's a table: only the latter tells a region file.
    foreign = {k: v for k, v in data.items() if k not in TOP_KEYS and (k != "region" or isinstance(v, dict))}
    wrong = wrong_kind(foreign, path, "options", "an options file") if foreign else None
    if wrong is not None:  # e.g. the region file given as the options file: not "unknown key 'region'"
        raise wrong
    root = Table(data, path)
    root.check_keys(TOP_KEYS)
    meta = root.table("options", {})
    meta.check_keys(OPTIONS_KEYS)
    region_path = _region_path(meta, region_file)
    region = load_region(region_path, extra_scenarios=scenarios_files)
    base = meta.str("base", (region.default_scenarios or tuple(region.scenarios))[0])
    if base not in region.scenarios:
        raise meta.error("base", f"unknown scenario '{base}'.{did_you_mean(base, region.scenarios)}",
                         fix=f"use one of: {', '.join(region.scenarios)}.")
    setup = region.scenarios[base]
    options: dict[str, Option] = {}
    levels, sites, vehicles = _levels(root, setup,
                                      options), _sites(root, setup, options), _vehicles(root, setup, options)
    groups = []
    for cid in dict.fromkeys([*levels, *sites, *vehicles]):
        crew = _crew_ids(setup)[cid]
        groups.append(_crew_group(cid, crew, crew.level or setup.staffing_level, levels.get(cid, []),
                                  sites.get(cid, []),
                                  vehicles.get(cid, []), options))
    extra, limits = _extra_groups(root, region, setup, options)
    groups += extra
    if not groups:
        raise root.error(None, "no options: nothing may change.",
                         fix="add [levels.<crew>], [sites.<crew>], [vehicles.<crew>] or [extra_crews.<id>].")
    limits += _exclusive(meta, options)
    space = OptionSpace(path, region, base, meta.str("cost_unit", "positions"), None, tuple(groups), tuple(limits),
                        MappingProxyType(options), meta.str("description", ""),
                        meta.str("cost_unit_sv", "tjänster" if "cost_unit" not in meta else meta.str("cost_unit")))
    check_options(space)
    given = budget if budget is not None else meta.number("budget", None)
    return check_budget(space, given, "budget" if budget is not None else "options.budget")


__all__ = ["check_options", "load_options"]
