"""The text of a starter region's ``region.toml``: every line ``raddsim region new`` writes, pure (no files).

Each value the crews table did not give is written with an ``ASSUMPTION`` comment and a plausible range, so the
planner sees what to replace; :mod:`raddsim.region.starter` gathers the facts (the network's density, ferries, time
zone), writes the folder and checks that it runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from raddsim.demand.points import CITY_ROAD_KM_PER_KM2
from raddsim.demand.spec import AccessModel
from raddsim.network.options import FerryOptions
from raddsim.region.local_time import ZoneGuess
from raddsim.region.starter_table import CrewRow

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


__all__ = ["CITY_RURAL_MEAN_M", "DEFAULT_STAFFING", "DEFAULT_TURNOUT_MINUTES", "NetworkFacts", "STARTER_DESCRIPTION",
           "StarterOptions", "generated_description", "region_text"]
