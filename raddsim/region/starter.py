"""A starter region: a commented ``region.toml`` from a crews table, a road network and the demand's two numbers.

``raddsim region new OUT --network ROADS --stations crews.csv --alarms-per-year N --population N`` is how a
service outside Norrtälje starts. The folder it writes runs at once (``raddsim run --region OUT``): the
network converted to raddsim's archive, the crews as stations and crews, one scenario per staffing level
(``current``, or the board's levels the table's ``role@level`` columns name: ``firefighters@minimum``), the
demand spread along the roads (or over a places file). Every value the table did not give is written
with an ``ASSUMPTION`` comment and a plausible range, so the planner sees what to replace. The folder is
checked by loading it and preparing its scenarios before it appears: whole and runnable, or not at all.
"""

from __future__ import annotations

import logging
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

from raddsim.core.errors import InputError
from raddsim.core.io import new_folder, write_bytes_atomic
from raddsim.demand.points import CITY_ROAD_KM_PER_KM2, road_km_per_km2
from raddsim.demand.spec import AccessModel
from raddsim.network.options import FerryOptions
from raddsim.region.local_time import ZoneGuess
from raddsim.region.plausible import mark_said, turnout_slip
from raddsim.region.starter_table import CrewRow, read_crew_table

#: Written where the table has no turnout (minutes from the alert to leaving the station), by crew kind.
#: ASSUMPTION: 90 s on station and 5 min from home are the usual Swedish planning figures (Norrtälje's
#: handlingsprogram uses 5 min for its part-time crews); plausible ranges 1–2 and 4–8 min.
DEFAULT_TURNOUT_MINUTES = {"full-time": 1.5, "part-time": 5.0}
TURNOUT_RANGE = {"full-time": "1–2", "part-time": "4–8"}
#: Written where the table has no staffing, by service. Rescue: a crew commander and four firefighters, the
#: common Swedish first-response crew (ASSUMPTION; 1+2 to 1+5 occur). EMS: a two-person ambulance (ASSUMPTION).
DEFAULT_STAFFING = {"rescue": {"crew_commander": 1, "firefighters": 4}, "ems": {"paramedics": 2}}
STAFFING_WORDS = {"rescue": "1 + 4 is a common crew", "ems": "two is the usual ambulance crew"}


@dataclass(frozen=True)
class StarterOptions:
    """What a starter region says beyond its crews (``raddsim region new``'s options)."""

    name: str
    alarms_per_year: float
    population: int
    target_minutes: float | None = None  # None: raddsim's default 10 min, written as an ASSUMPTION
    places: Path | None = None
    land: Path | None = None
    territory: Path | None = None
    timezone: str | None = None
    service: str = "rescue"


#: Each staffing level's scenario description (a level is letters, digits and '_'); in Swedish output
#: :func:`generated_description` gives the i18n catalogue's "starter_description" for exactly this text.
STARTER_DESCRIPTION = "every crew at its '{level}' staffing in the table the region was made from"


def generated_description(description: str, lang: str) -> str | None:
    """``description`` in ``lang`` when it is the one ``region new`` writes (:data:`STARTER_DESCRIPTION`), else None:
    a planner's own description is shown as written, never translated."""
    import re

    from raddsim.views.i18n import t

    head, tail = STARTER_DESCRIPTION.split("{level}")
    found = re.fullmatch(re.escape(head) + r"(\w+)" + re.escape(tail), description.strip())
    return t("starter_description", lang, level=found.group(1)) if found else None


@dataclass(frozen=True)
class NetworkFacts:
    """What the written region says about its network beyond the file: its ferries, the time zone its position
    settles (:func:`raddsim.region.local_time.guess_timezone`) and the least density its places' discs need."""

    ferries: tuple[str, ...] = ()
    untimed_ferries: bool = False  # a ferry the network gives no crossing time: [network.ferries] speed_kmh sets it
    zone: ZoneGuess | None = None  # None: not known (the commented line, as for a region in Sweden)
    area_km2: float = 0.0  # the network's hull (raddsim.demand.points.network_area_km2)
    places_population: int = 0  # the places file's residents (0: none, or a file the region's check refuses)

    def places_density(self) -> int:
        """The least urban density (people/km²) at which the places' discs fit on the network, when raddsim's
        default is too low for that and a real place could be that dense; else 0 (the default stays)."""
        from raddsim.demand.points import MAX_DENSITY_PER_KM2

        if self.area_km2 <= 0 or self.places_population / self.area_km2 <= AccessModel().urban_density_per_km2:
            return 0
        need = math.ceil(self.places_population / self.area_km2)  # the loader's check: held / density <= area
        return need if need <= MAX_DENSITY_PER_KM2 else 0  # denser: the network misses the places; the check says


def _value(v: object) -> str:
    """A TOML value, written by the TOML writer so names with quotes or backslashes stay names."""
    import tomli_w

    return tomli_w.dumps({"v": v}).split("=", 1)[1].strip()


def _names(names: tuple[str, ...]) -> str:
    """An inline TOML list of checked names (capabilities, staffing levels: letters, digits and '_')."""
    return "[" + ", ".join(f'"{n}"' for n in names) + "]"


def _target_line(target: float | None) -> str:
    """``target_minutes``: the one given (--target), else raddsim's default marked ASSUMPTION like the others."""
    if target is not None:
        return f"target_minutes = {_value(float(target))}   # alarm to the first crew on scene"
    return ("target_minutes = 10.0   # ASSUMPTION (raddsim's default, the Swedish board's 10 min; set --target to your "
            "standard's value): alarm to the first crew on scene")


def _zone_lines(o: StarterOptions, zone: ZoneGuess | None) -> list[str]:
    """``timezone``: the one given (--timezone); else the one the network's position settles, marked ASSUMPTION;
    else a commented line (Sweden's default needs none, and elsewhere the planner must name it)."""
    if o.timezone:
        return [f"timezone = {_value(o.timezone)}   # replayed alarm times (--incidents) are read in it"]
    if zone is not None and zone.written and zone.zone:
        return [f"timezone = {_value(zone.zone)}   # ASSUMPTION (no --timezone given): {zone.why}; replayed alarm "
                "times (--incidents) are read in it"]
    # no zone by default: Europe/Stockholm is assumed only in Sweden away from Finland, and replay elsewhere asks
    return ['# timezone = "Area/City"   # the IANA time zone of your alarm times, e.g. "Europe/Helsinki" or '
            '"America/Santiago"; replaying real alarms (run --incidents) needs it outside Sweden and near the Finnish '
            "border (unset: Europe/Stockholm)"]


def _region_lines(o: StarterOptions, network_note: str, files: dict[str, str], levels: tuple[str, ...],
                  zone: ZoneGuess | None = None) -> list[str]:
    lines = ["[region]", f"name = {_value(o.name)}",
             f"network = {_value(files['network'])}   # {network_note}",
             _target_line(o.target_minutes),
             f"default_scenarios = {_names(levels)}   # what `raddsim run --region` runs without --scenario",
             f"service = {_value(o.service)}"]
    if o.service == "ems":  # ambulances: roles and equipment beyond a rescue service's
        lines += ['extra_roles = ["paramedics"]', 'extra_capabilities = ["ambulance"]']
    lines += _zone_lines(o, zone)
    for key in ("land", "territory"):
        if key in files:
            lines.append(f"{key} = {_value(files[key])}")
    if files.keys() & {"land", "territory"}:  # the maps' footer credits it: the files until the user names the source
        named = ", ".join(files[key] for key in ("land", "territory") if key in files)
        lines.append(f"outline_source = {_value(named)}   # replace with who made the outlines (source, licence)")
    # The crews' source only: the roads are credited by the network's own source (a map's footer said "stations and
    # crews: crews: us_crews.csv; roads: us.osm" after "road network us.osm").
    return lines + [f"source = {_value(files['source'])}   # where the stations and crews come from: replace with the "
                    "table's source (who made it, when)", ""]


def _demand_lines(o: StarterOptions, files: dict[str, str], road_km_per_km2: float = 0.0,
                  net: NetworkFacts | None = None) -> list[str]:
    lines = ["[demand]", f"alarms_per_year = {_value(o.alarms_per_year)}",
             f"population = {_value(o.population)}   # residents the places file does not hold live along the roads"]
    if "places" in files:
        lines.append(f"places = {_value(files['places'])}   # name,population,lat,lon")
    return lines + [
        "# Without a types file every alarm is one generic type that any one crew answers, on scene for a",
        "# lognormal time of median 45 min (ASSUMPTION, [demand.on_scene]). For incidents that need a smoke-diving",
        '# force or several crews add types = "incidents.toml" (docs/formats.md: "Incident types").'] + _access_lines(
        "places" in files, road_km_per_km2, net or NetworkFacts()) + [""]


#: ASSUMPTION: the last stretch off the road of a resident along a city's streets (mean, m; plausible 20–200).
CITY_RURAL_MEAN_M = 50.0


def _access_lines(places: bool, road_km_per_km2: float = 0.0, net: NetworkFacts | None = None) -> list[str]:
    """The last stretch off the road, chosen by the network's road density; with a places file also the density of
    the places' discs: commented at raddsim's default, or the least that fits them on the network (a city's)."""
    n = net or NetworkFacts()
    need = n.places_density()
    city = road_km_per_km2 > CITY_ROAD_KM_PER_KM2
    leg = CITY_RURAL_MEAN_M if city else AccessModel().rural_mean_m
    why = (f"this network holds {road_km_per_km2:.1f} km of road per km², a town's or city's every street: homes lie "
           "a few tens of metres from one (plausible 20-200); a countryside's: 1000" if city else
           f"this network holds {road_km_per_km2:.2f} km of road per km², a countryside's: homes lie up to kilometres "
           "from the roads it holds (plausible 300-3000); a network of a city's every street: a few tens of metres")
    lines = ["[demand.access]",
             "# The residents along the roads live off the road at an exponential distance of mean rural_mean_m,",
             "# driven at rural_speed_kmh (ASSUMPTION 40 km/h): the last stretch of each of their alarms.",
             f"rural_mean_m = {leg:g}   # ASSUMPTION: {why}."]
    if places:
        lines += ["# A place's residents live in a disc around it at urban_density_per_km2 (ASSUMPTION 1,500/km², a "
                  "Swedish", "# town's; a city's districts hold 5,000-20,000/km²)" + (
                      ": for a city, uncomment and set the places' density." if not need else ".")]
        lines.append(f"urban_density_per_km2 = {need}   # ASSUMPTION: the least at which the places' discs fit on the "
                     f"network ({n.places_population:,} residents over its {n.area_km2:,.1f} km²; at 1,500/km² they "
                     "would spread beyond it): set the places' real density" if need else
                     f"# urban_density_per_km2 = {AccessModel().urban_density_per_km2:g}")
    return lines


def _ferry_lines(net: NetworkFacts) -> list[str]:
    """``[network.ferries]`` for a network with car ferries: the defaults their crossings take, marked ASSUMPTION
    like turnout and staffing (without it a crossing waited half of raddsim's 15-min headway, unsaid)."""
    if not net.ferries:
        return []
    d, shown = FerryOptions(), ", ".join(net.ferries[:5])
    more = f" and {len(net.ferries) - 5} more" if len(net.ferries) > 5 else ""
    lines = ["[network.ferries]",
             f"# The network's car ferries: {shown}{more}. A crew waits half the headway at the berth, then crosses.",
             '# A line\'s own timetable: [network.ferries.lines."<name>"] departures = ["06:10", ...]; emergency',
             "# vehicles boarding first: priority = true here (docs/formats.md: \"The [network] section of a region",
             '# file").',
             f"headway_minutes = {d.headway_minutes:g}   # ASSUMPTION (raddsim's default, not the ferries' timetable): "
             "minutes between departures, plausible 10-40"]
    if net.untimed_ferries:
        lines.append(f"speed_kmh = {d.speed_kmh:g}   # ASSUMPTION (raddsim's default): crossing speed of a ferry the "
                     "network gives no crossing time, plausible 10-20 km/h")
    return lines + [""]


def _crew_lines(c: CrewRow, service: str) -> list[str]:
    lines = [f"[crews.{c.id}]", f"name = {_value(c.name)}", f'station = "{c.station}"', f'kind = "{c.kind}"']
    if c.turnout_minutes is None:
        lines.append(f"turnout_minutes = {DEFAULT_TURNOUT_MINUTES[c.kind]}   # ASSUMPTION (not in the table): "
                     f"the usual {c.kind} figure, plausible {TURNOUT_RANGE[c.kind]} min")
    else:
        lines.append(f"turnout_minutes = {_value(c.turnout_minutes)}")
    if c.unit == "command":  # an incident commander's car: one person, answers incidents whose type asks for one
        return lines + ['unit = "command"'] + [f"staffing.{level} = {{ incident_commander = 1 }}"
                                              for level, _ in c.staffing] + [
            f"capabilities = {_names(c.capabilities or ('command',))}", ""]
    for level, roles in c.staffing:
        staff = {k: DEFAULT_STAFFING[service][k] if v is None else v for k, v in roles}
        assumed = [k for k, v in roles if v is None]
        lines.append(f"staffing.{level} = {{ {', '.join(f'{k} = {v}' for k, v in staff.items())} }}"
                     + (f"   # ASSUMPTION: {' and '.join(assumed)} not in the table ({STAFFING_WORDS[service]})"
                        if assumed else ""))
    caps = c.capabilities or (("ambulance",) if service == "ems" else ())
    if caps:
        lines.append(f"capabilities = {_names(caps)}")
    return lines + [""]


def _station_lines(c: CrewRow) -> list[str]:
    return [f"[stations.{c.station}]", f"name = {_value(c.station_name)}", f"lat = {c.lat!r}", f"lon = {c.lon!r}", ""]


def region_text(crews: list[CrewRow], o: StarterOptions, files: dict[str, str], network_note: str,
                road_km_per_km2: float = 0.0, network: NetworkFacts | None = None) -> str:
    """The starter ``region.toml``: commented, every default marked ASSUMPTION (pure; see the module doc).

    Parameters
    ----------
    crews : list of CrewRow
        The crews table's rows.
    o : StarterOptions
        Name, demand and target.
    files : dict
        File names relative to the region file: ``network``, optional ``places``, ``land``, ``territory``; and
        ``source``, the line that says where the crews came from (the roads' source is the network's own).
    network_note : str
        What the network is (written beside it).
    road_km_per_km2 : float
        The network's road density (:func:`raddsim.demand.points.road_km_per_km2`): above
        :data:`~raddsim.demand.points.CITY_ROAD_KM_PER_KM2` its residents along the roads live a city street's
        distance from them, else a countryside's.
    network : NetworkFacts, optional
        The network's ferries, the time zone its position settles and the least density its places need (none: no
        ferries, the commented zone line, the default density).

    Returns
    -------
    str
        The file's text.
    """
    stations = {c.station: c for c in reversed(crews)}  # the first row of each station names it
    levels = tuple(level for level, _ in crews[0].staffing)
    # The table's staffing levels are scenarios already (firefighters@minimum, …): say so, not "add scenarios".
    more = (f"its scenarios are the table's staffing levels ({', '.join(levels)}); add others"
            if len(levels) > 1 else "add scenarios (minimum, ambition, ...)")
    head = [f"# {o.name}: a starter region written by `raddsim region new`. Replace every value marked ASSUMPTION",
            f"# with your own and write its source; {more} as in docs/formats.md.",
            "# Positions are WGS84 decimal degrees.", ""]
    net = network or NetworkFacts()
    body = _region_lines(o, network_note, files, levels, net.zone) + _demand_lines(o, files, road_km_per_km2, net)
    body += _ferry_lines(net)
    for c in crews:
        if stations.get(c.station) is c:
            body += _station_lines(c)
    body += ["# Each crew's availability (how often part-time members answer, the turnout's spread, how many",
             "# must come for it to roll) takes raddsim's defaults by kind (ASSUMPTION; README: \"Model and its",
             '# assumptions").', ""]
    for c in crews:
        body += _crew_lines(c, o.service)
    for level in levels:
        body += [f"[scenarios.{level}]", f"description = {_value(STARTER_DESCRIPTION.format(level=level))}",
                 f'staffing = "{level}"', ""]
    return "\n".join(head + body)


def _copy_inputs(tmp: Path, o: StarterOptions) -> dict[str, str]:
    """Copy the places and outline files into the new folder (a region is one folder that moves whole)."""
    from raddsim.core.geodata import split_layer

    files: dict[str, str] = {}
    for key in ("places", "land", "territory"):
        given: Path | None = getattr(o, key)
        if given is None:
            continue
        src, layer = split_layer(given) if key != "places" else (given, None)  # outline.gpkg:kommun: its layer
        if not src.is_file():
            raise InputError("not a file." if src.exists() else "the file does not exist.", file=src,
                             field=key, fix="give the path of an existing file.")
        name = src.name if src.name not in files.values() else f"{key}_{src.name}"
        shutil.copyfile(src, tmp / name)
        files[key] = name if layer is None else f"{name}:{layer}"
    return files


def _write_network(tmp: Path, network: str | Path, crews: list[CrewRow],
                   places: Path | None) -> tuple[str, str, float, NetworkFacts]:
    """The network as ``roads.npz`` in the folder (raddsim's fast archive); its file name, a note on it, its road
    density (km per km²) and what region.toml says about it (its ferries; the time zone of its nodes and stations;
    its area, where the places' discs must fit)."""
    import numpy as np

    from raddsim.demand.points import network_area_km2
    from raddsim.network import load_road_data
    from raddsim.network.road import RoadNetwork
    from raddsim.network.store import save_archive, write_sidecar
    from raddsim.region.local_time import guess_timezone

    data = load_road_data(network)
    save_archive(data, tmp / "roads.npz")
    write_sidecar(tmp / "roads.npz", data.meta)
    roads = RoadNetwork.from_data(data)
    ferry = np.asarray(data.edge_ferry, bool)
    facts = NetworkFacts(ferries=tuple(data.ferry_names()) if ferry.any() else (),
                         untimed_ferries=bool((~np.isfinite(data.edge_crossing_s[ferry])).any()),
                         zone=guess_timezone(np.r_[data.lon, [c.lon for c in crews]],
                                             np.r_[data.lat, [c.lat for c in crews]]),
                         area_km2=network_area_km2(roads) if places is not None else 0.0,
                         places_population=_places_population(places))
    note = f"converted from {Path(network).name}: {data.n_nodes:,} nodes, {data.n_edges:,} edges"
    return "roads.npz", note, road_km_per_km2(roads), facts


def _places_population(places: Path | None) -> int:
    """The places file's residents; 0 without one, or for one the region's check refuses (and names)."""
    from raddsim.demand import load_places

    if places is None:
        return 0
    try:
        return sum(p.population for p in load_places(places, quiet=True))
    except InputError:
        return 0


#: Fields of the written region.toml that hold a command-line option's value: an error names the option.
OPTION_OF_FIELD = {"region.name": "--name", "region.timezone": "--timezone", "region.target_minutes": "--target",
                   "demand.population": "--population", "demand.alarms_per_year": "--alarms-per-year"}


def _check_runs(path: Path, crews: list[CrewRow], table: Path, options: StarterOptions,
                files: dict[str, str]) -> None:
    """Load the written region and prepare its scenario, so a station off the roads is refused now, by its row.

    Errors name what the planner wrote: the crews table's row, the option (``--target``, ``--timezone`` …) or the
    places or outline file given, not the new folder's copies, which the refusal removes (audit16).
    """
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    for c in crews:  # a turnout that reads like seconds was said by its row of the table (read_crew_table)
        if c.turnout_minutes is not None and turnout_slip(c.turnout_minutes, c.kind) is not None:
            mark_said(path, f"crews.{c.id}.turnout_minutes")
    try:
        region = load_region(path, target_minutes=options.target_minutes)  # a warning about it names --target
        model = build_model(region)
        for setup in region.scenarios.values():
            model.prepare(setup)
    except InputError as err:
        fix = f"{err.fix} Nothing was written." if err.fix else "Nothing was written."
        copied = {str(path.parent / name): getattr(options, key) for key, name in files.items()
                  if key in ("places", "land", "territory")}
        if err.file in copied:
            raise InputError(err.message, file=copied[err.file], field=err.field, fix=fix) from None
        where = next((c for c in crews if err.field and err.field.split(".")[:2] in (["stations", c.station],
                                                                                     ["crews", c.id])), None)
        if where is None and err.file == str(path) and err.field in OPTION_OF_FIELD:
            raise InputError(err.message, field=OPTION_OF_FIELD[err.field], fix=fix) from None
        if where is None and err.file not in (None, str(path)):
            raise  # the network: the error names it
        row = f"line {where.row} ({where.name}): " if where else ""
        field = err.field.split(".", 2)[-1] if where and err.field else err.field  # the table's column
        raise InputError(f"{row}{err.message}", file=table if where else path, field=field, fix=fix) from None


def write_starter_region(out: str | Path, network: str | Path, crews_table: str | Path,
                         options: StarterOptions) -> Path:
    """Write a runnable starter region into the new folder ``out`` (see the module doc).

    Parameters
    ----------
    out : str or Path
        The folder to create (it must not exist, or be empty).
    network : str or Path
        Any road network source raddsim reads (``.osm``, ``.osm.pbf``, ``.npz``, GraphML, nodes/arcs CSV).
    crews_table : str or Path
        The crews CSV (:func:`raddsim.region.starter_table.read_crew_table`).
    options : StarterOptions
        Name, demand, target and optional files.

    Returns
    -------
    Path
        The written ``region.toml``.

    Raises
    ------
    InputError
        Bad input (named by file, row and column), a station the roads do not reach, or an ``out`` that holds files.
    """
    out, table = Path(out), Path(crews_table)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):  # before the work (new_folder checks again)
        raise InputError("the folder exists and is not empty; raddsim does not overwrite files.", file=out,
                         fix="give a new folder.")
    crews = read_crew_table(table, options.service)
    existed = out.is_dir()
    with new_folder(out) as tmp:
        files = _copy_inputs(tmp, options)
        files["network"], note, density, facts = _write_network(tmp, network, crews, options.places)
        files["source"] = table.name
        write_bytes_atomic(tmp / "region.toml",
                           region_text(crews, options, files, note, density, facts).encode("utf-8"))
    # Checked where it now stands, so warnings name the region's own path; on an error the new folder goes again.
    try:
        _check_runs(out / "region.toml", crews, table, options, files)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        if existed:
            out.mkdir()
        raise
    _warn_without_zone(facts.zone, options, out / "region.toml")
    return out / "region.toml"


def _warn_without_zone(zone: ZoneGuess | None, o: StarterOptions, path: Path) -> None:
    """Warn now, not at the first replay, that a region whose position settles no time zone must name one
    (Europe/Stockholm is the default only inside Sweden away from Finland:
    :meth:`raddsim.region.region.Region.replay_timezone`)."""
    if o.timezone or zone is None or zone.zone is not None:
        return
    example = ('timezone = "Europe/Stockholm" on the Swedish side, "Europe/Helsinki" on the Finnish side'
               if "Finnish" in zone.why else 'e.g. timezone = "Europe/Helsinki" or "America/Santiago"')
    logging.getLogger("raddsim").warning(
        "%s: region.timezone: %s, so raddsim cannot tell the time zone of replayed alarm times and the file names "
        "none; replaying real alarms (run --incidents) will refuse until it does. Fix: set the region's IANA zone in "
        "the file's [region] (%s), or write the region again with --timezone.", path, zone.why, example)


__all__ = ["DEFAULT_STAFFING", "DEFAULT_TURNOUT_MINUTES", "NetworkFacts", "STARTER_DESCRIPTION", "StarterOptions",
           "generated_description", "region_text", "write_starter_region"]
