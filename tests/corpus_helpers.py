"""A tiny valid region (Corpby) and a fixed list of mutations of its input files, for the bad-input corpus.

Corpby: a 5×5 nodes/arcs grid (and the same grid as OSM XML), two stations, two crews, places, alarm objects,
holiday areas, incident types, replayed incidents, a scenarios file with a posterior, a sweep spec, an optimise
options file with candidate sites, a crews table for ``region new``, a boundary GeoJSON, a [calibration] and a second
region file (the generic alarm type of ``[demand.on_scene]``, which a region with a types file cannot have): each
a small file of its own so each can be damaged alone. Between them they hold every key and column docs/formats.md
documents, or it is excluded with its reason (tests/test_corpus_completeness.py). ``KINDS`` names each file kind, its fields and the command
reading it; ``mutations(kind)`` lists every (name, expectation) of one kind; ``apply(folder, kind, name)`` damages
its file; ``command(kind, folder, out)`` is the command line that reads it.
"""

from __future__ import annotations

import io
import json
import logging
import re
import signal
import warnings
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from conftest import write_grid_osm

LAT0, LON0, STEP = 59.70, 18.60, 0.01
#: The values given to a CSV's last row (a sample: its first row gets them all), how many of a TOML file's numbers
#: get every value, and up to which number a rotating third of them (the rest one, in rotation).
LAST, NUM_FULL, NUM_THIRD = ("", "abc", "nan", "-1"), 8, 32
VALUES = ("", "abc", "nan", "inf", "-inf", "-1", "1e400", "1e300", "0", "-0", "1.5")


def grid_tables() -> tuple[str, str]:
    """Corpby's 5 × 5 grid as the texts of nodes.csv and arcs.csv."""
    nodes = ["id,lon,lat,off_road_access"]
    arcs = ["from,to,length_m,highway,maxspeed,two_way,travel_time_s,emergency_time_s,name,outside"]
    for r in range(5):
        for c in range(5):
            nodes.append(f"{r * 5 + c + 1},{LON0 + c * STEP:.4f},{LAT0 + r * STEP:.4f},{int(r + c > 0)}")
            if c < 4:  # the first arc's own times: 560 m at 50 km/h, and at 60 with lights and sirens
                times = "40.3,33.6" if r + c == 0 else ","
                arcs.append(f"{r * 5 + c + 1},{r * 5 + c + 2},560,secondary,50,1,{times},Street {r + 1},0")
            if r < 4:
                arcs.append(f"{r * 5 + c + 1},{r * 5 + c + 6},1110,tertiary,50,1,,,Avenue {c + 1},{int(c == 4)}")
    # Two car ferries across the grid's south and north edges (their lines in the region's [network.ferries])
    arcs += ["1,5,2300,ferry,,1,600,,Corpby ferry,0", "21,25,2300,ferry,,1,600,,Corpby sound,0"]
    return "\n".join(nodes) + "\n", "\n".join(arcs) + "\n"


REGION = """[region]
name = "Corpby"
network = "roads"
target_minutes = 10
default_scenarios = ["low"]
reported_minutes = { "2022" = 7.5 }
target_source = "test: the board's target"
travel_target_minutes = 8
travel_target_source = "test: travel"
effective_target_minutes = 20
effective_target_source = "test: the force"
extra_capabilities = ["ambulance"]
extra_roles = ["paramedics"]
service = "rescue"
coverage_force = "fire"
timezone = "Europe/Stockholm"
land = "outline.geojson"
territory = "outline.geojson"
outline_source = "test: the outline"
target_zones = "zones.geojson"
target_zones_source = "test: the zones"

[stations.west]
name = "West"
lat = 59.71
lon = 18.61
address = "Västgatan 1"
approximate = true
external = false

[stations.east]
name = "East"
lat = 59.73
lon = 18.63

[crews.west_ft]
name = "West heltid"
station = "west"
kind = "full-time"
turnout_minutes = 1.5
capabilities = ["smoke_diving"]
staffing.low = { crew_commander = 1, firefighters = 3 }
name_sv = "Väst heltid"
unit = "crew"
vehicle = "heavy"
in_service = true

[crews.west_ft.staffing.pool]
fri_inryckning = true
pool = { crew_commander = 2, firefighters = 8 }
response_probability = 0.35
by_period = { weekday_day = 0.6, weekday_night = 1.15, weekend_day = 1.0, weekend_night = 1.15 }
summer = 0.9

[crews.east_pt]
name = "East deltid"
station = "east"
kind = "part-time"
turnout_minutes = { value = 5, range = [3, 8], source = "test" }
staffing.low = { crew_commander = 1, firefighters = 2 }
staffing.high = { crew_commander = 1, firefighters = 4 }
level = "low"

[crews.east_pt.availability]
response_probability = 0.9
min_to_roll = { people = 2 }
turnout_sigma = 0.2
turnout_scale = 1.0
request_delay_minutes = 0.25
seats = 6
roll_without_commander = false
roll_short = "follow"
call_in_minutes = 4
call_in_probability = 0.3
follow_minutes = 5
status_known_at_alert = true
absence = 0.05
absence_days = 4
absence_correlation = 0.2
vacancy = 0.1
vacancy_cover = 0.6
absence_summer = 1.5
absence_period = { weekday_day = 1.2, weekday_night = 0.9, weekend_day = 1.0, weekend_night = 0.9 }
turnout_summer = 1.1
turnout_period = { weekday_day = 1.0, weekday_night = 1.1, weekend_day = 1.0, weekend_night = 1.1 }

[availability]
summer_months = [6, 7, 8]
day_hours = [7, 18]

[availability.part-time]
turnout_scale = { value = 1.0, range = [0.8, 1.3], source = "test" }

[availability.full-time]
request_delay_minutes = 0.5

[availability.mutual-aid]
available_probability = 0.7

[scenarios.low]
description = "low staffing"
description_sv = "låg bemanning"
staffing = "low"

[indicator]
name = "alarm to arrival"
name_sv = "larm till framkomst"
statistic = "mean"
types = []
commander_counts = false
target_minutes = 10
source = "test"

[dispatch]
en_route = true
divert_for = [1]
divert_from = [2]

[policies]
dispatch = "closest"
move_up = "none"

[policies.mexclp]
target_minutes = 10
busy_fraction = 0.05
min_gain = 0.02
crews = ["west_ft"]

[hospitals.central]
name = "Central"
lat = 59.72
lon = 18.62
address = "Sjukhusvägen 1"

[demand]
alarms_per_year = 4000
population = 3000
places = "places.csv"
alarm_objects = "objects.csv"
types = "types.toml"
season = "all"
multiplier = 1.0
on_scene_scale = 1.0

[demand.time]
start = 2025-01-01
hour = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
weekday = [1, 1, 1, 1, 1, 1, 1]
month = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]

[demand.holiday_homes]
homes = 200
persons_per_home = 2.5
occupancy = [0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 0.7, 0.4, 0.1, 0.1, 0.1, 0.1]
areas = "holiday.csv"

[demand.access]
urban_density_per_km2 = 1500
urban_circuity = 1.3
urban_speed_kmh = 30
rural_mean_m = 1000
rural_speed_kmh = 40
replay_speed_kmh = 30

[network.speeds]
residential = 40

[network.speeds.implicit]
"DE:rural" = 100

[network.blue_light]
enabled = true
factors = { primary = 1.25, secondary = 1.25, tertiary = 1.2 }
default_factor = 1.2
max_speed_kmh = 120
first_stretch_m = 100
last_stretch_m = 100
stretch_speed_kmh = 20
scale = 1.0

[network.vehicles.heavy]
top_speed_kmh = 90
factors = { secondary = 1.1, tertiary = 1.1 }
default_factor = 1.0

[network.roads]
remove = []

[network.roads.add."New road"]
highway = "tertiary"
maxspeed_kmh = 50
points = [[59.71, 18.61], [59.72, 18.62]]

[network.ferries]
headway_minutes = 15
priority = false
priority_wait_minutes = 2
extra_wait_minutes = 0
speed_kmh = 15
out_of_service = []

[network.ferries.lines."Corpby ferry"]
departures = ["06:00", "12:00", "18:00"]
crossing_minutes = 10

[network.ferries.lines."Corpby sound"]
headway_minutes = 20

[network.off_road]
speed_kmh = 30
circuity = 1.3
max_snap_m = 5000
island_margin_m = 250

[calibration]
scenario = "low"
abc = ["crews.east_pt.turnout_minutes"]

[[calibration.parameters]]
key = "demand.access.rural_mean_m"
range = [100.0, 3000.0]
plausible = [500.0, 2000.0]
source = "test"
source_sv = "test"
"""

TYPES = """[capabilities.smoke_diving]
name = "Smoke diving"
name_sv = "Rökdykning"
equipment = ["smoke_diving"]
min_roles = { crew_commander = 1, firefighters = 2 }
source = "test"

[types.fire]
name = "Fire"
name_sv = "Brand"
share = 0.6
share_source = "test"
location = "population"
force = { crews = 1, capabilities = ["smoke_diving"], min_roles = { crew_commander = 1 }, min_people = 3 }
incident_commander = false
on_scene = { distribution = "lognormal", median_minutes = 30, sigma = 0.5, source = "test" }
travel_factor = 1.0
turnout = { extra_minutes = 0.333, source = "test: gear" }
target_minutes = 8
target_source = "test: the type's target"
priority = 1

[types.alarm]
name = "Alarm"
share = 0.4
share_source = "test"
location = "alarm_objects"
force = { crews = 1 }
incident_commander = false
on_scene = { distribution = "exponential", mean_minutes = 15, source = "test" }
priority = 2
transport = { probability = 0.1, handover_shape = 2.5, handover_scale_minutes = 10, travel_factor = 1.2 }

[road_weights]
secondary = 2.0
tertiary = 1.5
"""


SCENARIOS = """[scenarios.slow]
base = "low"
description = "slower turnout"
crews.east_pt.turnout_minutes = 7
stations.west.approximate = false
availability.day_hours = [6, 19]
demand.season = "summer"
dispatch.en_route = false
network.ferries.priority = true
policies = { move_up = "mexclp" }

[scenarios.post]
base = "low"
description = "over a posterior"
posterior = "posterior.toml"
"""

POSTERIOR = """[posterior]
scenario = "low"
keys = ["crews.east_pt.turnout_minutes", "demand.access.rural_mean_m"]
integer = [false, true]
weights = [1.0, 2.0]
sets = [
  [4.5, 800],
  [6.0, 1200],
]
"""

SPEC = """description = "turnout on Corpby"
name = "corpby-turnout"
region = "region.toml"
scenarios_files = ["scenarios.toml"]
scenarios = ["low"]
years = 0.005
replications = 1
seed = 11
per_area = false
warmup_days = 0.5

[axes]
"crews.east_pt.turnout_minutes" = [4, 6]

[overrides]
"demand.season" = "winter"
"""

OPTIONS = """[options]
region = "region.toml"
base = "low"
cost_unit = "positions"
cost_unit_sv = "tjänster"
budget = 3
description = "Corpby's options"
exclusive = [["vehicle:west_ft:aerial", "extra:second:west"]]

[levels.east_pt]
high = 2

[sites.east_pt]
candidates = "sites.csv"
cost = 1

[vehicles.west_ft]
aerial = { capabilities = ["smoke_diving", "aerial_ladder"], cost = 1 }

[extra_crews.second]
like = "east_pt"
level = "low"
stations = ["west", "east"]
cost = 2
max = 1
name = "Second crew"
name_sv = "Andra styrkan"
"""

# A second region: the generic alarm type of [demand.on_scene], which only a region without a types file has.
PLAIN = """[region]
name = "Corpby plain"
network = "roads"

[stations.west]
name = "West"
lat = 59.71
lon = 18.61

[crews.west_ft]
name = "West heltid"
station = "west"
kind = "full-time"
turnout_minutes = 1.5
staffing.low = { crew_commander = 1, firefighters = 3 }

[scenarios.low]
staffing = "low"

[demand]
alarms_per_year = 4000
population = 3000

[demand.on_scene]
distribution = "lognormal"
median_minutes = 45
sigma = 0.75
"""

BOUNDARY = """{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Corpby"},
 "geometry": {"type": "Polygon", "coordinates": [[[18.595, 59.695], [18.645, 59.695], [18.645, 59.745],
 [18.595, 59.745], [18.595, 59.695]]]}}]}
"""

ZONES = """{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Town",
 "target_minutes": 8}, "geometry": {"type": "Polygon", "coordinates": [[[18.595, 59.695], [18.625, 59.695],
 [18.625, 59.745], [18.595, 59.745], [18.595, 59.695]]]}}]}
"""

CSVS = {
    "places.csv": "# places of Corpby\nname,population,lat,lon\nTown,1500,59.720,18.620\nVillage,400,59.735,18.635\n",
    "objects.csv": "name,kind,lat,lon,weight,source,approximate,name_sv\nSchool,school,59.715,18.615,2,test,yes,Skola\n"
                   "Mill,industry,59.725,18.625,1,test,yes,\n",
    "holiday.csv": "name,lat,lon,radius_km,share\nCoast,59.725,18.615,2,0.6\nLake,59.735,18.625,1.5,0.4\n",
    "sites.csv": "id,name,lat,lon,reason\nmid,Midway,59.72,18.62,between\nsouth,Southend,59.70,18.64,test\n",
    "crews.csv": "name,lat,lon,kind,turnout_minutes,firefighters,station,id,station_name,unit,crew_commander,"
                 "firefighters@low,capabilities\nWest,59.71,18.61,full-time,1.5,4,w,west_ft,West station,crew,1,3,"
                 "smoke_diving\nEast,59.73,18.63,part-time,5,3,e,east_pt,,crew,1,,smoke_diving;boat_on_trailer\n"
                 "Chief,59.73,18.63,part-time,5,,e,,East station,command,,,\n",
    "incidents.csv": "time,lon,lat,type,observed_minutes\n2025-03-01T10:00:00,18.615,59.715,fire,8.5\n"
                     "2025-03-02T11:30:00,18.625,59.725,alarm,7\n2025-03-04T02:10:00,18.632,59.732,fire,\n",
}


_TEXTS = {"region": REGION, "types": TYPES, "scenarios": SCENARIOS, "posterior": POSTERIOR, "sweep_spec": SPEC,
          "options": OPTIONS, "plain_region": PLAIN}


def _jemss() -> tuple[str, str]:
    """Corpby's grid in JEMSS.jl's table layout: km and days, a miscData table, float indices."""
    nodes, arcs = ["nodes,,,", "index,x,y,offRoadAccess,"], ["miscData,,,", "arcForm,numModes,", "directed,2", ",",
                                                             "arcs,,,", "index,fromNode,toNode,distance,mode_1,mode_2,"]
    for line in grid_tables()[0].splitlines()[1:]:
        i, lon, lat, *_ = line.split(",")
        nodes.append(f"{float(i)},{lon},{lat},1.0")
    k = 0
    for line in grid_tables()[1].splitlines()[1:]:
        a, b, length, *_ = line.split(",")
        for u, v in ((a, b), (b, a)):
            k += 1
            days = float(length) / (50 / 3.6) / 86400
            arcs.append(f"{float(k)},{float(u)},{float(v)},{float(length) / 1000},{days * 0.8},{days}")
    return "\n".join(nodes) + "\n", "\n".join(arcs) + "\n"


def _write_zip(path: Path, members: dict[str, str | bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def write_corpby(d: Path) -> Path:
    """Write Corpby into ``d``; return the folder."""
    nodes, arcs = grid_tables()
    (d / "roads").mkdir(parents=True, exist_ok=True)
    (d / "roads" / "nodes.csv").write_text(nodes, encoding="utf-8")
    (d / "roads" / "arcs.csv").write_text(arcs, encoding="utf-8")
    (d / "region.toml").write_text(REGION, encoding="utf-8")
    (d / "types.toml").write_text(TYPES, encoding="utf-8")
    for name, text in (("scenarios.toml", SCENARIOS), ("posterior.toml", POSTERIOR), ("spec.toml", SPEC),
                       ("options.toml", OPTIONS), ("boundary.geojson", BOUNDARY), ("plain.toml", PLAIN),
                       ("outline.geojson", BOUNDARY), ("zones.geojson", ZONES)):
        (d / name).write_text(text, encoding="utf-8")
    write_grid_osm(d / "grid.osm", rows=5, cols=5, lat0=LAT0, lon0=LON0, step=STEP)
    _write_zip(d / "roads.zip", {"nodes.csv": nodes, "arcs.csv": arcs})
    (d / "jemss").mkdir(exist_ok=True)
    for name, text in zip(("nodes.csv", "arcs.csv"), _jemss()):
        (d / "jemss" / name).write_text(text, encoding="utf-8")
    for name, text in CSVS.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@dataclass(frozen=True)
class Kind:
    """One file kind: its path in Corpby, its format, its columns or keys with their domains, the command reading it.

    A domain says what each value of ``VALUES`` must give (``LEGAL``); ``("ref", "x")`` names a reference that is
    set to ``x`` (which does not exist); ``"text"`` columns are only deleted and renamed.
    """

    path: str
    fmt: str  # "csv", "toml", "osm" or "json"
    fields: dict[str, str]
    command: str
    optional: frozenset[str] = frozenset()  # fields whose deletion is legal (a default applies)
    refs: tuple[tuple[str, str], ...] = ()  # (field, a value naming nothing)
    subs: tuple[tuple[str, str, str], ...] = ()  # (text, its replacement, expectation): changes no field list holds
    whole: bool = True  # the whole-file mutations (and every number's) apply: False for a second view of a file


# Values of each domain that are legal (accepted, any output) rather than refused; every other value is refused.
LEGAL = {"nonneg": {"0", "-0", "1.5"}, "pos": {"1.5"}, "share": set(), "lat": {"0", "-0", "-1", "1.5"},
         "lon": {"0", "-0", "-1", "1.5"}, "id": {"0", "-0", "-1"}, "opt": {"", "0", "-0", "1.5"}, "list": set(),
         "enum": {"0", "-0", "-1"}, "optenum": {"", "0"}, "time": set(), "name": set(VALUES) - {""},
         "relative": {"0", "-0", "1e300", "1.5"}, "warn0": {"1.5"}}

KINDS = {
    # "relative": weights, and a budget, where any size is legal (1e300: every option affordable).
    "region": Kind("region.toml", "toml", {
        "name": "name", "network": "text", "target_minutes": "pos", "lat": "lat", "lon": "lon", "station": "text",
        "kind": "enum", "turnout_minutes": "nonneg", "staffing": "list", "alarms_per_year": "pos",
        "population": "nonneg", "homes": "nonneg", "persons_per_home": "nonneg", "occupancy": "list",
        "travel_target_minutes": "pos", "effective_target_minutes": "pos"}, "run",
        optional=frozenset({"name", "target_minutes", "travel_target_minutes", "effective_target_minutes"}),
        refs=(("station", '"nosuch"'), ("network", '"nosuch"'), ("places", '"nosuch.csv"'),
              ("types", '"nosuch.toml"'), ("areas", '"nosuch.csv"'), ("alarm_objects", '"nosuch.csv"'),
              ("target_zones", '"nosuch.geojson"'))),
    "types": Kind("types.toml", "toml", {"share": "share", "location": "enum", "force": "list",
                                         "on_scene": "list", "min_roles": "list", "equipment": "list",
                                         "turnout": "list", "target_minutes": "pos", "priority": "share",
                                         "transport": "list"}, "run",
                  optional=frozenset({"location", "min_roles", "equipment", "turnout", "target_minutes", "priority",
                                      "transport"}),
                  refs=(("force", '{ crews = 1, capabilities = ["nosuch"] }'),)),
    "scenarios": Kind("scenarios.toml", "toml", {"base": "text", "crews.east_pt.turnout_minutes": "nonneg"},
                      "scenarios", optional=frozenset({"crews.east_pt.turnout_minutes"}),
                      refs=(("base", '"nosuch"'), ("posterior", '"nosuch.toml"'))),
    "posterior": Kind("posterior.toml", "toml", {"scenario": "text", "keys": "list", "integer": "list",
                                                 "weights": "list", "sets": "list"}, "scenarios",
                      optional=frozenset({"scenario", "integer", "weights"}),
                      refs=(("scenario", '"nosuch"'), ("keys", '["crews.nosuch.turnout_minutes", "demand.x"]'))),
    "sweep_spec": Kind("spec.toml", "toml", {"scenarios": "list", "years": "pos", "replications": "pos",
                                             "seed": "nonneg", '"crews.east_pt.turnout_minutes"': "list"}, "sweep",
                       optional=frozenset({"scenarios", "years", "replications", "seed",
                                           '"crews.east_pt.turnout_minutes"'}),
                       refs=(("scenarios", '["nosuch"]'),)),
    "options": Kind("options.toml", "toml", {"region": "text", "base": "text", "budget": "relative", "high": "nonneg",
                                             "candidates": "text", "cost": "nonneg"}, "optimise",
                    optional=frozenset({"base", "cost"}),
                    refs=(("region", '"nosuch.toml"'), ("base", '"nosuch"'), ("candidates", '"nosuch.csv"'))),
    "calibration": Kind("region.toml", "toml", {"reported_minutes": "list", "abc": "list", "scenario": "text"},
                        "calibrate", refs=(("scenario", '"nosuch"'), ("abc", '["crews.nosuch.turnout_minutes"]')),
                        subs=tuple((a, b, "refuse") for a, b in (
                            ("range = [3, 8]", "range = [8, 3]"), ("range = [3, 8]", "range = [6, 8]"),
                            ("range = [3, 8]", "range = [3]"), ("range = [3, 8]", 'range = ["3", 8]'),
                            ("range = [3, 8]", "range = [5, 5]"), ("range = [3, 8]", "range = [3, inf]"),
                            ("range = [3, 8], ", ""), ("value = 5, ", ""), ('"2022" = 7.5', '"2022" = 0'),
                            ('"2022" = 7.5', '"2022" = 2000'), ('"2022" = 7.5', '"22" = 7.5'),
                            ('"2022" = 7.5', '"2022" = "7.5"'), ('{ "2022" = 7.5 }', "{}"),
                            ("range = [100.0, 3000.0]", 'range = ["abc", 3000.0]'),
                            ("range = [100.0, 3000.0]", "range = [3000.0, 100.0]"),
                            ("plausible = [500.0, 2000.0]", "plausible = [5000.0, 6000.0]"),
                            ('source_sv = "test"', "source_sv = 1"))), whole=False),
    "plain_region": Kind("plain.toml", "toml", {"median_minutes": "pos", "sigma": "nonneg", "distribution": "text"},
                         "run_plain", optional=frozenset({"median_minutes", "sigma", "distribution"})),
    "places": Kind("places.csv", "csv", {"name": "name", "population": "warn0", "lat": "lat", "lon": "lon"}, "run"),
    "alarm_objects": Kind("objects.csv", "csv", {"name": "name", "kind": "text", "lat": "lat", "lon": "lon",
                                                 "weight": "warn0", "source": "text", "approximate": "enum"}, "run"),
    "holiday_areas": Kind("holiday.csv", "csv", {"name": "name", "lat": "lat", "lon": "lon", "radius_km": "pos",
                                                 "share": "share"}, "run"),
    "incidents": Kind("incidents.csv", "csv", {"time": "time", "lon": "lon", "lat": "lat", "type": "text",
                                               "observed_minutes": "opt"}, "replay",
                      optional=frozenset({"observed_minutes"}), refs=(("type", "nosuchtype"),)),
    "nodes": Kind("roads/nodes.csv", "csv", {"id": "id", "lon": "lon", "lat": "lat"}, "run"),
    "arcs": Kind("roads/arcs.csv", "csv", {"from": "id", "to": "id", "length_m": "nonneg", "highway": "text",
                                           "maxspeed": "text", "two_way": "optenum"}, "run",
                 optional=frozenset({"highway", "maxspeed", "two_way"}), refs=(("from", "999"),)),
    "sites": Kind("sites.csv", "csv", {"id": "name", "name": "text", "lat": "lat", "lon": "lon", "reason": "text"},
                  "optimise", optional=frozenset({"name"})),
    "crews_table": Kind("crews.csv", "csv", {"name": "name", "lat": "lat", "lon": "lon", "kind": "enum",
                                             "turnout_minutes": "opt", "firefighters": "opt", "station": "text"},
                        "region_new", optional=frozenset({"turnout_minutes", "firefighters", "station"})),
    "osm": Kind("grid.osm", "osm", {"lat": "lat", "lon": "lon"}, "network_info"),
    "network_zip": Kind("roads.zip", "zip", {}, "network_info_zip"),
    "jemss_nodes": Kind("jemss/nodes.csv", "jemss", {"index": "id", "x": "lon", "y": "lat", "offRoadAccess": "enum"},
                        "network_info_jemss", optional=frozenset({"offRoadAccess"})),
    "jemss_arcs": Kind("jemss/arcs.csv", "jemss", {"index": "text", "fromNode": "id", "toNode": "id",
                                                   "distance": "nonneg",
                                                   "mode_1": "nonneg", "mode_2": "nonneg"}, "network_info_jemss",
                       # an arc's index is not read; without distances JEMSS (and raddsim) measures the straight line
                       optional=frozenset({"index", "distance"}),
                       subs=(("directed,2", "sideways,2", "refuse"), ("directed,2", "directed,3", "refuse"),
                             ("directed,2", "undirected,2", "either"), ("directed,2", "directed,1", "either"),
                             ("arcForm,numModes,", "arcFrom,numModes,", "refuse"),
                             ("miscData,,,\narcForm,numModes,\ndirected,2\n,\n", "", "either"),
                             ("1.0,1.0,2.0,", "1.0,1.0,1.0,", "either"))),
    "boundary": Kind("boundary.geojson", "json", {"coordinates": "list", "geometry": "list", "type": "text"}, "map"),
    "zones": Kind("zones.geojson", "json", {"name": "name", "target_minutes": "pos", "coordinates": "list",
                                            "geometry": "list", "type": "text"}, "run"),
}

# Replayed alarm times: what each must give (the valid ones are 2025-03-0xTHH:MM:SS, local time).
TIMES = {"2025-03-01 10:00:00": "same_or_refuse", "01/03/2025 10:00": "refuse", "2025-02-30T10:00:00": "refuse",
         "2025-03-01T25:00:00": "refuse", "0024-03-01T10:00:00": "refuse", "2025-03-01T10:00:00+01:00": "either",
         "2025-03-01": "either", "1740823200": "refuse"}
# CSV mutations that do not carry over to a JEMSS table (its header ends in a comma its rows lack; comments and a
# second header are not part of the layout).
_NOT_JEMSS = {"trailing_comma_header", "trailing_comma_all", "comment_line", "header_spaces", "header_case",
              "extra_column", "dup_column", "reorder_columns", "quoted", "blank_lines"}
# A zipped nodes/arcs network's members: the same two files in a folder inside, or with a BOM, are the same network;
# one missing, or two of a name, are refused.
_ZIPS = {"nested": "same", "bom": "same", "no_arcs": "refuse", "no_files": "refuse", "twice": "refuse",
         "latin1": "refuse", "other_kind": "refuse"}


def _zip_members(name: str, nodes: str, arcs: str) -> dict[str, str | bytes]:
    return {"nested": {"roads/nodes.csv": nodes, "roads/arcs.csv": arcs},
            "bom": {"nodes.csv": "\ufeff" + nodes.replace("\n", "\r\n"), "arcs.csv": arcs},
            "no_arcs": {"nodes.csv": nodes}, "no_files": {"readme.txt": "roads"},
            "twice": {"nodes.csv": nodes, "arcs.csv": arcs, "old/nodes.csv": nodes, "old/arcs.csv": arcs},
            "latin1": {"nodes.csv": ("# å\n" + nodes).encode("cp1252"), "arcs.csv": arcs},
            "other_kind": {"nodes.csv": CSVS["places.csv"], "arcs.csv": arcs}}[name]


# Changes of meaning no field list holds, by kind: (text, replacement, expectation); "|" separates several
# replacements made together.
_SUBS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "region": (
        ('places = "places.csv"', 'places = "./places.csv"', "same"),
        ('places = "places.csv"', 'places = ""', "refuse"),
        ('network = "roads"', 'network = "roads/"', "same_or_refuse"),
        ('network = "roads"', 'network = "roads/nodes.csv"', "either"),
        ('network = "roads"', 'network = "Roads"', "refuse"),
        ('default_scenarios = ["low"]', 'default_scenarios = ["nosuch"]', "refuse"),
        ('default_scenarios = ["low"]', "default_scenarios = []", "refuse"),
        ('staffing = "low"', 'staffing = "high"', "refuse"),  # west_ft has no level 'high'
        ('kind = "full-time"', 'kind = "fulltime"', "refuse"),
        ('kind = "full-time"', 'kind = "Full-time"', "same_or_refuse"),
        ('station = "west"', 'station = "West"', "refuse"),
        ("lat = 59.71\nlon = 18.61", "lat = 18.61\nlon = 59.71", "refuse"),  # a station's lat and lon swapped
        ("lat = 59.71\nlon = 18.61", "lat = 59.73\nlon = 18.63", "either"),  # two stations at one position
        ('name = "East"', 'name = "West"', "either"),  # two stations of one name: shown with their ids
        ('[stations.east]', '[stations."east "]', "refuse"),
        ("occupancy = [0.1, 0.1, ", "occupancy = [0.1, ", "refuse"),  # 11 months
        ('coverage_force = "fire"', 'coverage_force = "nosuch"', "refuse"),
        ('coverage_force = "fire"', 'coverage_force = "smoke_diving"', "either"),
        ('coverage_force = "fire"', 'coverage_force = ""', "refuse"),
        ('timezone = "Europe/Stockholm"', 'timezone = "Europe/Stockhlm"', "refuse"),
        ('service = "rescue"', 'service = "police"', "refuse"),
        ('extra_roles = ["paramedics"]', "extra_roles = [1]", "refuse"),
        ('extra_capabilities = ["ambulance"]', 'extra_capabilities = "ambulance"', "refuse"),
        ('land = "outline.geojson"', 'land = "nosuch.geojson"', "refuse"),
        ('roll_short = "follow"', 'roll_short = "maybe"', "refuse"),
        ('statistic = "mean"', 'statistic = "p100"', "refuse"),
        ('statistic = "mean"', 'statistic = "p90"', "either"),
        ('vehicle = "heavy"', 'vehicle = "nosuch"', "refuse"),
        ('level = "low"', 'level = "medium"', "refuse"),
        ('crews = ["west_ft"]', 'crews = ["nosuch"]', "refuse"),
        ('departures = ["06:00", "12:00", "18:00"]', 'departures = ["06:00", "25:00"]', "refuse"),
        ('[network.ferries.lines."Corpby sound"]', '[network.ferries.lines."Nosuch sound"]', "refuse"),
        ('travel_target_minutes = 8', 'travel_target_minutes = 12', "warn_or_refuse"),  # above target_minutes
        ('effective_target_minutes = 20', 'effective_target_minutes = 5', "warn_or_refuse"),  # below it
        ('points = [[59.71, 18.61], [59.72, 18.62]]', 'points = [[59.71, 18.61]]', "refuse"),
        ('points = [[59.71, 18.61], [59.72, 18.62]]', 'points = [[18.61, 59.71], [59.72, 18.62]]', "refuse"),
        ('points = [[59.71, 18.61], [59.72, 18.62]]', 'points = [[59.71, 18.61], [59.82, 18.62]]', "refuse"),
        ("out_of_service = []", 'out_of_service = ["Nosuch"]', "refuse"),
        ("summer_months = [6, 7, 8]", "summer_months = [6, 6, 8]", "refuse"),
        ("day_hours = [7, 18]", "day_hours = [18, 7]", "refuse"),
        ("range = [0.8, 1.3]", "range = [-0.8, 1.3]", "refuse"),  # a kind's default: every draw must be legal
        ("turnout_summer = 1.1", "turnout_summer = 110", "refuse"),  # per cent
    ),
    "plain_region": (
        ('distribution = "lognormal"', 'distribution = "exponential"', "refuse"),  # needs a types file
        ('distribution = "lognormal"', 'distribution = "normal"', "refuse"),
        ("median_minutes = 45", "mean_minutes = 45", "refuse"),
    ),
    "types": (
        ("share = 0.6|share = 0.4", "share = 60|share = 40", "refuse"),  # per cent
        ("share = 0.4", "share = 0.39", "either"),  # shares summing to 0.99
        ('location = "population"', 'location = "people"', "refuse"),
        ("crews = 1 }", "crews = 0 }", "refuse"),
        ("crews = 1 }", "crews = 1.5 }", "refuse"),
        ("sigma = 0.5,", "sigma = 5,", "refuse"),
        ("median_minutes = 30", "mean_minutes = 30", "refuse"),
        ("extra_minutes = 0.333", "extra_minutes = 31", "refuse"),  # 0 to 30 min
        ('turnout = { extra_minutes = 0.333, source = "test: gear" }', "turnout = 0.333", "refuse"),
        ('turnout = { extra_minutes = 0.333, source = "test: gear" }', 'turnout = { source = "test" }', "refuse"),
        ("priority = 1", "priority = 2", "either"),
        ("priority = 2", 'priority = "high"', "refuse"),
        ("target_minutes = 8", "target_minutes = 480", "warn_or_refuse"),  # seconds?
        ('target_source = "test: the type\'s target"', "target_source = 8", "refuse"),
        ('distribution = "exponential"', 'distribution = "uniform"', "refuse"),
        ("probability = 0.1,", "probability = 1.1,", "refuse"),
        ("min_people = 3", "min_people = 300", "refuse"),  # more than the region can assemble
    ),
    "posterior": (
        ("[6.0, 1200]", "[6.0]", "refuse"), ("[6.0, 1200]", "[6.0, 1200, 3]", "refuse"),
        ("[4.5, 800]", '[4.5, "800"]', "refuse"), ("[4.5, 800]", "[4.5, 800.5]", "either"),
        ("weights = [1.0, 2.0]", "weights = [1.0]", "refuse"), ("weights = [1.0, 2.0]", "weights = [0, 0]", "refuse"),
        ("integer = [false, true]", "integer = [false]", "refuse"),
    ),
    "sweep_spec": (
        ("= [4, 6]", "= []", "refuse"), ("= [4, 6]", "= [4, 4]", "either"), ("= [4, 6]", '= [4, "6"]', "refuse"),
        ("= [4, 6]", "= { range = [4, 6, 1] }", "either"), ("= [4, 6]", "= { range = [4, 6, 0] }", "refuse"),
        ("= [4, 6]", "= { range = [4, 6, -1] }", "refuse"), ('scenarios = ["low"]', 'scenarios = ["low", "low"]',
                                                            "either"),
    ),
    "options": (
        ("high = 2", "higher = 2", "refuse"), ("high = 2", "low = 2", "either"), ('base = "low"', 'base = "high"',
                                                                                  "either"),
        ("[sites.east_pt]", "[sites.nosuch]", "refuse"), ("[levels.east_pt]", "[levels.nosuch]", "refuse"),
    ),
    "incidents": (
        ("fire,8.5", "Fire,8.5", "refuse"), ("fire,8.5", " fire,8.5", "same_or_refuse"),
        ("2025-03-04T02:10:00", "2024-03-04T02:10:00", "either"),  # a year before the others: a long replay
        ("2025-03-04T02:10:00", "2025-03-30T02:30:00", "either"),  # in the spring DST gap (no such local time)
    ),
    "crews_table": (
        ("full-time", "Full-time", "same_or_refuse"), ("full-time", "heltid", "same"),  # Swedish words for the kinds are read as them
        ("West,59.71,18.61", "West,18.61,59.71", "refuse"),
        ("East,", "West,", "either"),  # two crews of one name, told apart by their ids (warned)
        (",east_pt,", ",west_ft,", "refuse"),  # two crews of one id
    ),
}
_WHOLE = {"empty": "refuse", "trailing_garbage": "refuse", "truncated": "refuse", "bom_crlf": "same",
          "cr_only": "same", "folder": "refuse", "missing": "refuse", "latin1": "refuse", "utf16": "refuse",
          "bom_only": "refuse", "whitespace_only": "refuse", "nul_byte": "refuse"}
# Files whose rows may come in any order with the same result: replayed alarms are sorted by time. (Places, alarm
# objects and areas are drawn from in file order, docs/formats.md "Row order"; so are the roads' demand points, in
# the order of the network's nodes and arcs.)
_ORDER_FREE = {"incidents"}
# Files whose '#' lines are comments (docs/formats.md); elsewhere a comment line may be refused.
_COMMENTS = {"places", "crews_table", "nodes", "arcs"}
# Files whose numbers outside a stretch are another kind's (damaged there, by the command that reads them): the
# stretch's first line, and the line after it ("" for the file's end). [calibration] is read by calibrate alone.
_NUMBERS_IN = {"plain_region": ("[demand.on_scene]", ""), "region": ("", "\n[calibration]")}
NUMBER = re.compile(r'(?<![\w."-])-?\d+(\.\d+)?(?![\w"-])')


def _expect(value: str, dom: str) -> str:
    """What one value of a domain must give: a legal value anything, an absurd one (1e300) at least a warning."""
    if dom == "warn0" and value in ("0", "-0"):  # legal, but so often a lost cell that it is warned
        return "warn_or_refuse"
    if value in LEGAL[dom]:
        return "either"
    return "warn_or_refuse" if value == "1e300" else "refuse"


def _value_cases(field: str, dom: str, prefix: str = "value") -> list[tuple[str, str]]:
    return [(f"{prefix}:{field}={v}", _expect(v, dom)) for v in VALUES if not (dom == "name" and v)]


def _csv_mutations(spec: Kind, kind: str) -> list[tuple[str, str]]:
    out = [("header_only", "refuse"), ("semicolon", "refuse"), ("dup_row", "either"), ("extra_cell", "refuse"),
           (f"typo:{list(spec.fields)[1]}", "refuse"), ("reorder_columns", "same"), ("quoted", "same"),
           ("blank_lines", "same"), ("extra_column", "same_or_refuse"),
           ("comment_line", "same" if kind in _COMMENTS else "same_or_refuse"), ("header_spaces", "same_or_refuse"),
           ("header_case", "same_or_refuse"), ("cell_spaces", "same_or_refuse"), ("dup_column", "refuse"),
           ("trailing_comma_header", "refuse"), ("trailing_comma_all", "same_or_refuse")]
    out += [(f"drop:{f}", "either" if f in spec.optional else "refuse") for f in spec.fields]
    for field, dom in spec.fields.items():
        if dom in LEGAL:
            out += _value_cases(field, dom, "cell@first")
            # The last row (no line end after it, nothing below): a sample of the values, the same reader code.
            out += [case for case in _value_cases(field, dom, "cell@last") if case[0].split("=", 1)[1] in LAST]
        if dom == "time":
            out += [(f"cell@first:{field}={v}", e) for v, e in TIMES.items()]
    out.append(("reverse_rows", "same" if kind in _ORDER_FREE else "either"))
    for field, dom in spec.fields.items():  # a number written another way: 1500.0, 1.5e3, +1500
        if dom in ("lat", "lon", "nonneg", "pos", "share", "relative", "id", "opt", "warn0"):
            out += [(f"numfmt:{field}={form}", "same_or_refuse") for form in ("float", "sci", "plus")]
    number = next((f for f, dom in spec.fields.items() if dom in ("lat", "nonneg", "pos", "share", "relative",
                                                                  "warn0")), None)
    if number is not None:  # one cell of a Swedish export: "59,72" quoted, the rest of the file plain
        out.append((f"decimal_comma:{number}", "refuse"))
    return out


def _toml_mutations(spec: Kind, kind: str) -> list[tuple[str, str]]:
    out = [("dup_table", "refuse"), ("dup_key", "refuse"), ("unknown_key", "refuse"), ("unknown_table", "refuse"),
           ("comments", "same"),
           (f"typo:{next(iter(spec.fields))}", "refuse")]
    out += [(f"drop:{f}", "either" if f in spec.optional else "refuse") for f in spec.fields]
    out += [case for f, dom in spec.fields.items() if dom in LEGAL for case in _value_cases(f, dom)]
    text = _TEXTS[kind]
    for i, match in enumerate(NUMBER.finditer(text)):  # every number of the file in turn
        line = text[text.rfind("\n", 0, match.start()) + 1: match.start()]
        dom = ("lat" if re.match(r"\s*(lat|lon)\b", line) else
               "relative" if re.match(r"\s*(weights|budget|max|hour|weekday|month)\b", line) else "nonneg")
        cases = [(f"num:{i}={v}", _expect(v, dom)) for v in (*VALUES, "true", "[]")]
        # A scenario's {} over a ranged value ({ value, range }) is a table merged into it: it changes nothing.
        cases.append((f"num:{i}={{}}", "either" if kind == "scenarios" else "refuse"))
        cases.append((f"num:{i}=quoted", "same_or_refuse"))
        cases += [(f"num:{i}=form:{form}", "same_or_refuse") for form in ("float", "sci", "plus")]
        # A deterministic sample (runtime): every case of a file's first NUM_FULL numbers, then a third of them,
        # a rotating one, so each value is still given to every third number; past NUM_THIRD (the region file's
        # calendar, availability and network numbers) one case each, in rotation: every value still given.
        start, end = _NUMBERS_IN.get(kind, ("", ""))
        if text.find(start) <= match.start() and not (end and match.start() > text.find(end)):
            out += cases if i < NUM_FULL else cases[i % 3::3] if i < NUM_THIRD else cases[i % len(cases):][:1]
    if kind == "region":  # stations and crews in another order: the same figures to the bit (docs/formats.md)
        out += [("swap_tables:stations", "same_rows"), ("swap_tables:crews", "same_rows")]
    return out


def _others(kind: str, n: int = 5) -> list[str]:
    """The kinds whose file is given in place of ``kind``'s: the next ``n`` of the others, in a fixed rotation.

    A deterministic sample (all pairs are 15 × 16 cases): over the kinds, each is given in place of five others.
    """
    names = [k for k, spec in KINDS.items() if spec.whole]
    at = names.index(kind)
    return [names[(at + step) % len(names)] for step in range(1, n + 1)]


def mutations(kind: str) -> list[tuple[str, str]]:
    """Every (mutation, expectation) of one file kind.

    Expectations: ``same`` (the valid file's output), ``same_rows`` (its lines in another order), ``same_or_refuse``,
    ``refuse``, ``warn_or_refuse`` (accepted only with a warning) or ``either``.
    """
    spec = KINDS[kind]
    if spec.fmt == "zip":
        return [("empty", "refuse"), ("missing", "refuse"), ("folder", "refuse"), ("truncated", "refuse"),
                *[(f"zip:{name}", expect) for name, expect in _ZIPS.items()]]
    subs = [(f"sub:{k}", e) for k, (_, _, e) in enumerate(spec.subs + _SUBS.get(kind, ()))]
    if not spec.whole:
        return [(f"drop:{f}", "refuse") for f in spec.fields] + [
            (f"ref:{field}={value}", "refuse") for field, value in spec.refs] + subs
    # A zones file is polygons too: a boundary it may well be (its zone outlines as the study area).
    out = list(_WHOLE.items()) + subs + [(f"as:{other}", "either" if (kind, other) == ("boundary", "zones")
                                          else "refuse") for other in _others(kind)]
    if spec.fmt in ("csv", "jemss"):
        out += [m for m in _csv_mutations(spec, kind) if spec.fmt == "csv" or m[0] not in _NOT_JEMSS]
    elif spec.fmt == "toml":
        out += _toml_mutations(spec, kind)
    elif spec.fmt == "osm":
        out += [("dup_row", "either"), ("bad_ref", "refuse"), ("no_lat", "refuse"), ("no_highway", "refuse"),
                ("maxspeed_abc", "either")] + [
            (f"value:{f}={v}", _expect(v, d)) for f, d in spec.fields.items() for v in VALUES]
    else:
        out += [("drop:geometry", "refuse"), ("typo:coordinates", "refuse"), ("value:features=[]", "refuse"),
                ("point", "refuse"), ("reversed", "same"), ("far", "either"), ("multipolygon", "same")] + [
            (f"value:coordinates={v}", "refuse") for v in ("abc", "nan", "inf", "1e400", "true")]
    return out + [(f"ref:{field}={value}", "refuse") for field, value in spec.refs]


def _body(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _whole(text: str, name: str, fmt: str) -> str | bytes | None:
    if name == "empty":
        return ""
    if name == "bom_only":
        return "\ufeff"
    if name == "whitespace_only":
        return " \n\t\n\n"
    if name == "nul_byte":  # a file damaged on a disk or a share: a NUL in the middle
        return text[: len(text) // 2] + "\x00" + text[len(text) // 2:]
    if name == "cr_only":
        return text.replace("\n", "\r")
    if name == "latin1":  # Excel's plain "CSV": a name with å, saved as Windows-1252
        return (text.replace("e", "å", 1) if "e" in text else "# å\n" + text).encode("cp1252")
    if name == "utf16":
        return text.encode("utf-16")
    if name == "trailing_garbage":
        return text + "this line is garbage!!\n"
    if name == "truncated":  # a CSV's last row cut before its last cell (a cut inside a number leaves another
        # number), other files cut at 90 %
        body = text.rstrip("\n")
        return body.rsplit(",", 1)[0] if fmt in ("csv", "jemss") else body[: int(len(body) * 0.9)]
    if name == "bom_crlf":
        return "\ufeff" + text.replace("\n", "\r\n")
    return None


def _number_form(number: str, form: str) -> str:
    """``number`` written another way, the same value: float (1500.0), sci (1.5e+03) or plus (+1500)."""
    if not number:
        return number
    x = float(number)
    return {"float": repr(x) if "." not in number else number + "0", "sci": f"{x:.15e}", "plus": f"+{number}"}[form]


def _semicolon(line: str) -> str:
    """A Swedish Excel export's line: ';' between cells, ',' as the decimal mark."""
    return re.sub(r"(\d)\.(\d)", r"\1,\2", line).replace(",", ";")


def _decimal_comma(table: list[list[str]], field: str) -> list[list[str]]:
    k = table[0].index(field)
    cell = table[1][k] if "." in table[1][k] else table[1][k] + ".5"
    table[1][k] = '"' + cell.replace(".", ",") + '"'
    return table


# Mutations of the lines from the header on (h: the header's index, r: the first row's).
_LINES = {
    "header_only": lambda lines, h, r: lines[: h + 1],
    "semicolon": lambda lines, h, r: lines[:h] + [_semicolon(line) for line in lines[h:]],
    "dup_row": lambda lines, h, r: lines[: r + 1] + lines[r:],
    "reverse_rows": lambda lines, h, r: lines[:r] + [line for line in lines[r:] if line][::-1],
    "extra_cell": lambda lines, h, r: lines[:r] + [lines[r] + ",1"] + lines[r + 1:],
    "blank_lines": lambda lines, h, r: lines[:r] + ["", lines[r], ""] + lines[r + 1:] + [""],
    "comment_line": lambda lines, h, r: lines[:r] + ["# a note", lines[r]] + lines[r + 1:],
    "header_spaces": lambda lines, h, r: lines[:h] + [lines[h].replace(",", ", ")] + lines[r:],
    "header_case": lambda lines, h, r: lines[:h] + [lines[h].title()] + lines[r:],
    "trailing_comma_header": lambda lines, h, r: lines[:h] + [lines[h] + ","] + lines[r:],
    "trailing_comma_all": lambda lines, h, r: lines[:h] + [line + "," for line in lines[h:]],
    "cell_spaces": lambda lines, h, r: lines[:r] + [",".join(f" {c} " for c in lines[r].split(","))] + lines[r + 1:],
}
# Mutations of the table (the header and the rows, split into cells).
_TABLE = {
    "dup_column": lambda table: [[*cells, cells[1]] for cells in table],  # the second column written twice
    "reorder_columns": lambda table: [cells[::-1] for cells in table],  # read by name: the same file
    "quoted": lambda table: [[f'"{c}"' for c in cells] for cells in table],
    "extra_column": lambda table: [[*cells, "note" if i == 0 else "x"] for i, cells in enumerate(table)],
}


def _mutate_csv(text: str, spec: Kind, name: str) -> str:
    lines = text.splitlines()
    h = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    cols, row = lines[h].split(","), h + 1
    if name in _LINES:
        return _body(_LINES[name](lines, h, row))
    what, _, arg = name.partition(":")
    if what in _TABLE or what == "decimal_comma":
        table = [line.split(",") for line in lines[h:]]
        table = _decimal_comma(table, arg) if what == "decimal_comma" else _TABLE[what](table)
        return _body(lines[:h] + [",".join(cells) for cells in table])
    field, _, value = arg.partition("=")
    if what == "numfmt":
        what, value = "cell@first", _number_form(lines[row].split(",")[cols.index(field)], value)
    if what == "typo":
        lines[h] = ",".join(c + "x" if c == field else c for c in cols)
    elif what == "drop":
        k = cols.index(field)
        lines[h:] = [",".join(c for i, c in enumerate(line.split(",")) if i != k) for line in lines[h:]]
    else:  # a cell of the first or last row (value, ref: the first row's)
        row = len(lines) - 1 if what == "cell@last" else row
        cells = lines[row].split(",")
        cells[cols.index(field)] = value
        lines[row] = ",".join(cells)
    return _body(lines)


def _mutate_jemss(text: str, spec: Kind, name: str) -> str:
    """A CSV mutation of a JEMSS file's data table (after its table-name line), the lines before it kept."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split(",")[0] in ("nodes", "arcs")) + 1
    body = _mutate_csv(_body(lines[start:]), spec, name)
    return _body(lines[:start]) + body


def _toml_value(v: str) -> str:
    return {"": '""', "abc": '"abc"', "1e400": "1e400", "-inf": "-inf"}.get(v, v)


def _mutate_toml(text: str, name: str) -> str:
    lines = text.splitlines()
    if name == "dup_table":  # the first table after [region] written twice (a pasted copy)
        tables = [i for i, line in enumerate(lines) if line.startswith("[") and line != "[region]"]
        end = next((i for i in tables if i > tables[0]), len(lines))
        return _body(lines + [""] + lines[tables[0]:end])
    if what_ := name.startswith("swap_tables:") and name[12:]:  # the first two [<what>.*] tables swapped
        starts = [i for i, line in enumerate(lines) if re.fullmatch(rf"\[{what_}\.[^.\]]+\]", line)][:2]
        ends = [next((j for j in range(i + 1, len(lines)) if lines[j].startswith("[")  # with its own subtables
                      and not lines[j].startswith(lines[i][:-1] + ".")), len(lines)) for i in starts]
        first, second = lines[starts[0]:ends[0]], lines[starts[1]:ends[1]]
        return _body(lines[:starts[0]] + second + lines[ends[0]:starts[1]] + first + lines[ends[1]:])
    if name == "unknown_table":
        return text + "\n[nosuchtable]\nx = 1\n"
    if name == "comments":  # a comment after every line: the same file
        return _body([f"{line}  # a note" if line.strip() else line for line in lines])
    if name == "unknown_key":  # a key no table of this kind has, in the first table
        first = next(i for i, line in enumerate(lines) if line.startswith("["))
        return _body(lines[: first + 1] + ["nosuchkey = 1"] + lines[first + 1:])
    what, _, arg = name.partition(":")
    key, _, value = arg.partition("=")
    if what == "num":
        match = list(NUMBER.finditer(text))[int(key)]
        new = (f'"{match.group()}"' if value == "quoted" else _number_form(match.group(), value[5:])
               if value.startswith("form:") else _toml_value(value))
        return text[: match.start()] + new + text[match.end():]
    if name == "dup_key":  # the first key line written twice
        k = next(i for i, line in enumerate(lines) if re.match(r"[\w\"]", line) and "=" in line)
        return _body(lines[: k + 1] + lines[k:])
    k = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}(\.\w+)?\s*=", line))
    end = k + 1
    while end < len(lines) and lines[end].startswith(("  ", "]")):  # a list written over several lines
        end += 1
    if what == "drop":
        del lines[k:end]
    elif what == "typo":
        lines[k] = lines[k].replace(key, key.rstrip('"') + 'x"' if key.endswith('"') else key + "x", 1)
    else:
        lines[k:end] = [f"{key} = {_toml_value(value) if what == 'value' else value}"]
    return _body(lines)


def _mutate_osm(text: str, name: str) -> str:
    lines = text.splitlines()
    if name == "dup_row":  # a node written twice
        return _body(lines[:3] + lines[2:])
    if name == "bad_ref":  # a way through a node the file lacks
        return text.replace('<nd ref="1"/>', '<nd ref="999"/>', 1)
    if name == "no_lat":
        return text.replace('lat="59.700000" ', "", 1)
    if name == "no_highway":  # ways without a road class: no road at all
        return re.sub(r'<tag k="highway" v="\w+"/>', "", text)
    if name == "maxspeed_abc":
        return text.replace('<tag k="maxspeed" v="50"/>', '<tag k="maxspeed" v="abc"/>', 1)
    field, _, value = name.partition(":")[2].partition("=")
    lines[2] = re.sub(rf'{field}="[^"]*"', f'{field}="{value}"', lines[2])
    return _body(lines)


def _mutate_geometry(text: str, name: str) -> str | None:
    data = json.loads(text)
    geometry = data["features"][0]["geometry"]
    ring = geometry["coordinates"][0]
    if name == "point":
        geometry.update(type="Point", coordinates=ring[0])
    elif name == "reversed":  # the ring the other way round (RFC 7946 wants it anticlockwise; GIS files vary)
        geometry["coordinates"] = [ring[::-1]]
    elif name == "far":  # a boundary of another place, 10 degrees east
        geometry["coordinates"] = [[[x + 10, y] for x, y in ring]]
    elif name == "multipolygon":
        geometry.update(type="MultiPolygon", coordinates=[[ring]])
    else:
        return None
    return json.dumps(data)


def _mutate_json(text: str, name: str) -> str:
    new = _mutate_geometry(text, name)
    if new is not None:
        return new
    if name == "drop:geometry":
        return re.sub(r',\s*"geometry": \{.*\}\}', "}", text, flags=re.S)
    if name == "typo:coordinates":
        return text.replace('"coordinates"', '"coordinatess"')
    field, _, value = name.partition(":")[2].partition("=")
    if field == "features":
        return '{"type": "FeatureCollection", "features": []}\n'
    return text.replace("18.595", {"abc": '"abc"', "nan": "NaN", "inf": "Infinity"}.get(value, value), 1)


def apply(folder: Path, kind: str, name: str) -> Path:
    """Damage ``kind``'s file in ``folder`` by the mutation ``name``; return the file's path."""
    spec = KINDS[kind]
    target = folder / spec.path
    if name in ("missing", "folder"):
        target.unlink()
        if name == "folder":
            target.mkdir()
        return target
    if spec.fmt == "zip":
        data = target.read_bytes()
        target.unlink()  # the case's files may be hard links to the valid region's: damage a copy of its own
        if name.startswith("zip:"):
            _write_zip(target, _zip_members(name[4:], *grid_tables()))
        else:
            target.write_bytes(b"" if name == "empty" else data[: len(data) // 2])
        return target
    text = target.read_text(encoding="utf-8")
    target.unlink()  # the case's files may be hard links to the valid region's: damage a copy of its own
    new = _whole(text, name, spec.fmt)
    if name.startswith("as:"):  # another kind's file under this one's name
        new = (folder / KINDS[name[3:]].path).read_bytes()
    if name.startswith("sub:"):
        old, replacement, _ = (spec.subs + _SUBS.get(kind, ()))[int(name[4:])]
        new = text
        for a, b in zip(old.split("|"), replacement.split("|")):
            assert a in new, (kind, a)  # a change that changes nothing would test nothing
            new = new.replace(a, b, 1)
    if new is None:
        new = {"csv": lambda: _mutate_csv(text, spec, name), "jemss": lambda: _mutate_jemss(text, spec, name),
               "toml": lambda: _mutate_toml(text, name),
               "osm": lambda: _mutate_osm(text, name), "json": lambda: _mutate_json(text, name)}[spec.fmt]()
    target.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
    return target


def command(kind: str, folder: Path, out: Path) -> list[str]:
    """The command that reads ``kind``'s file: Corpby in ``folder``, anything written under ``out``."""
    f, spec = folder, KINDS[kind]
    run = ["run", "--region", str(f), "--replications", "1"]
    return {
        "run": [*run, "--years", "0.005"],
        "run_plain": ["run", "--region", str(f / "plain.toml"), "--replications", "1", "--years", "0.005"],
        "replay": [*run, "--incidents", str(f / "incidents.csv")],
        "scenarios": [*run, "--years", "0.005", "--scenarios-file", str(f / "scenarios.toml"), "slow", "post"],
        "sweep": ["sweep", str(f / "spec.toml"), "--region", str(f), "--out", str(out / "sweep"), "--processes",
                  "0", "--quiet"],
        "optimise": ["optimise", str(f / "options.toml"), "--out", str(out / "opt"), "--screen-only", "--no-map",
                     "--no-progress", "--years", "0.01", "--short-replications", "1"],
        "region_new": ["region", "new", str(out / "new"), "--network", str(f / "roads"), "--stations",
                       str(f / "crews.csv"), "--alarms-per-year", "100", "--population", "1000"],
        "calibrate": ["calibrate", "--region", str(f), "--sets", "2", "--replications", "1", "--processes", "0",
                      "--tolerance", "5", "--out", str(out / "calibrated.toml")],
        "network_info_zip": ["network", "info", str(f / "roads.zip")],
        "network_info_jemss": ["network", "info", str(f / "jemss")],
        "network_info": ["network", "info", str(f / "grid.osm")],
        "map": ["map", "--region", str(f), "--boundary", str(f / "boundary.geojson"), "--format", "geojson",
                "--out", str(out / "map")],
    }[spec.command]


# ------------------------------------------------------------------ args20: the command line's own corpus
#: The options that take no value, or whose values are the command's own context rather than a user's number:
#: ``--help``/``--version`` print and exit; they get no value mutations.
NO_VALUE = frozenset({"-h", "--help", "--version"})


def help_text(main, words: tuple[str, ...]) -> str:
    """What ``raddsim <words> --help`` prints (read through the CLI, as a user sees it)."""
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        try:
            main([*words, "--help"])
        except SystemExit:
            pass
    return out.getvalue()


def subcommand_words(main, words: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command line's command words, found by walking the ``--help`` texts (the listing under COMMAND,
    SUBCOMMAND or ACTION): a new command or sub-command is picked up without editing this list."""
    text = help_text(main, words)
    usage = text.split("\n\n")[0]
    if not re.search(r"\b[A-Z]+ \.\.\.$", usage.strip()):  # no "COMMAND ..." in the usage: a leaf
        return [words]
    section = text.partition("positional arguments:")[2].split("\n\n")[0]
    names = re.findall(r"^    ([a-z][\w-]*)", section, flags=re.M)
    return [leaf for name in names for leaf in subcommand_words(main, (*words, name))]


def options_of(text: str) -> list[tuple[str, str, str]]:
    """(option, metavar or "" for a flag, its help section's title) of every option a ``--help`` text lists."""
    found, title = [], ""
    for line in text.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            title = line[:-1]
        m = re.match(r"^  (-[-\w]+)(?: (\S+))?(?:, -[-\w]+(?: \S+)?)*(?:\s{2,}|$)", line)
        if m and title and not title.startswith("usage"):
            found.append((m.group(1), m.group(2) or "", title))
    return [(o, v, t) for o, v, t in found if o not in NO_VALUE]


def arg_commands(r: Path, out: Path, jemss: Path, sweep_dir: Path) -> dict[tuple[str, ...], list[str]]:
    """A quick valid command line of every command on Corpby (``r``), writing under ``out``: the base each
    mutation changes one option of. ``jemss`` is a JEMSS model folder, ``sweep_dir`` a finished sweep's results."""
    sim = ["--region", str(r), "--replications", "1", "--years", "0.005"]
    return {
        ("run",): ["run", *sim],
        ("compare",): ["compare", "low", "slow", *sim, "--scenarios-file", str(r / "scenarios.toml")],
        ("target",): ["target", *sim, "--no-levers"],
        ("calibrate",): ["calibrate", "--region", str(r), "--sets", "2", "--replications", "1", "--processes", "0",
                         "--tolerance", "5", "--out", str(out / "calibrated.toml")],
        ("demand",): ["demand", *sim],
        ("map",): ["map", "--region", str(r), "--format", "geojson", "--out", str(out / "map")],
        ("report",): ["report", *sim, "--no-what-if", "--out", str(out / "report.html")],
        ("network", "info"): ["network", "info", str(r / "grid.osm")],
        ("network", "convert"): ["network", "convert", str(r / "grid.osm"), str(out / "g.npz")],
        ("network", "fetch"): ["network", "fetch", "--bbox", "18.6,59.7,18.64,59.74", "--out", str(out / "f.npz")],
        ("region", "new"): ["region", "new", str(out / "new"), "--network", str(r / "roads"), "--stations",
                            str(r / "crews.csv"), "--alarms-per-year", "100", "--population", "1000"],
        ("region", "import-jemss"): ["region", "import-jemss", str(jemss), str(out / "imported")],
        ("sweep",): ["sweep", str(r / "spec.toml"), "--region", str(r), "--out", str(out / "sweep"), "--processes",
                     "0", "--quiet"],
        ("sweep", "summarize"): ["sweep", "summarize", str(sweep_dir), "--rows", "3", "--table",
                                 str(out / "summary.csv"), "--plot", str(out / "summary.png")],
        ("optimise",): ["optimise", str(r / "options.toml"), "--out", str(out / "opt"), "--screen-only", "--no-map",
                        "--no-progress", "--years", "0.01", "--short-replications", "1"],
    }


# ------------------------------------------------------------------ api21: the Python API's own corpus
#: The values every parameter of a public function is given in turn, by name (``api_value`` makes each).
API_VALUES = ("None", "empty", "abc", "-1", "0", "1.5", "nan", "inf", "-inf", "True", "1e12", "list_or_item",
              "dict", "region", "setup", "missing", "folder")
#: Parameters that are labels for messages (any text is legal there), and outputs (a new file's name, or an empty
#: folder for a folder of results, is legal).
API_LABELS = frozenset({"what", "field", "file", "command"})
API_OUTPUTS = frozenset({"alarm_file", "out"})
_LISTS = {"list", "Sequence", "Iterable", "tuple"}


def api_value(world: dict, value: str, base, folder: Path):
    """The Python object of one of :data:`API_VALUES`; ``base`` is the parameter's value in the base call (a list
    for a scalar, and a list's first item alone for a list); ``folder`` an empty folder of the case's own."""
    import math

    if value == "list_or_item":
        return base[0] if isinstance(base, (list, tuple)) and base else [base]
    fixed = {"None": None, "empty": "", "abc": "abc", "-1": -1, "0": 0, "1.5": 1.5, "nan": math.nan,
             "inf": math.inf, "-inf": -math.inf, "True": True, "1e12": 10**12, "dict": {"a": 1}}
    if value in fixed:
        return fixed[value]
    return {"region": world["region"], "setup": world["setup"], "missing": folder / "missing.toml",
            "folder": folder}[value]


def never_legal(param, value: str) -> bool:
    """Whether a value of :data:`API_VALUES` is ruled out by a parameter's annotation and default (then a call
    must refuse it): NaN, inf or True for a number, text or a number for an object, a missing file, anything but
    True for a flag (a bool alone: "abc" or 0 was silently True or False) … A parameter without an annotation, or one
    taking Any or a bool among other kinds, has no rule (the call must only not crash)."""
    import inspect

    text = "" if param.annotation is inspect.Parameter.empty else str(param.annotation)
    tokens = set(re.findall(r"\w+", text))
    if tokens == {"bool"}:
        return value != "True"
    if not tokens or tokens & {"Any", "bool"} or param.kind is inspect.Parameter.VAR_KEYWORD:
        return False
    if value == "None":
        return "None" not in tokens and param.default is not None
    if param.name in API_LABELS or (param.name in API_OUTPUTS and value in ("abc", "missing", "folder")):
        return False
    numbers = tokens & {"float", "int"}
    rules = {"nan": True, "inf": True, "-inf": True, "True": True, "empty": True, "abc": True,
             "missing": True, "folder": True, "1.5": numbers != {"float"} and "float" not in numbers,
             "-1": not numbers, "0": not numbers, "1e12": not numbers,
             "list_or_item": not tokens & _LISTS and param.default is not None,
             "dict": not tokens & {"dict", "Mapping"}, "region": "Region" not in tokens, "setup": "Setup" not in tokens}
    return rules[value]


def _api_params(fn) -> list[str]:
    import inspect

    return [p.name for p in inspect.signature(fn).parameters.values()
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]


def api_cases() -> list[tuple[str, str, str]]:
    """(function, parameter, value) of every case: every parameter of every public function × :data:`API_VALUES`."""
    import inspect

    import raddsim

    return [(name, param, value) for name in raddsim.__all__ if inspect.isfunction(getattr(raddsim, name))
            for param in _api_params(getattr(raddsim, name)) for value in API_VALUES]


def fingerprint(world: dict) -> str:
    """A digest of what the cases are passed and must not change: the region's scenarios, stations and the
    scenario's crews, staffing and demand."""
    import hashlib

    region, setup = world["region"], world["setup"]
    parts = [repr(region), list(region.scenarios), repr(dict(region.stations)), region.target_minutes,
             region.default_scenarios, repr(setup.crews), repr(dict(setup.stations)), repr(dict(setup.staffing)),
             repr(setup.demand)]
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def api_bases(raddsim, corpby: Path, out: Path) -> dict:
    """The objects of the base calls (a tiny run of the default model, Corpby's files) and, under "bases", a quick
    valid call of every public function: name → a function returning its keyword arguments (new lists each time)."""
    region = raddsim.load_region()
    model = raddsim.build_model(region)
    setup = region.scenarios["minimum"]
    tiny = {"years": 0.02, "replications": 2, "seed": 1}
    run = raddsim.run_scenario(model, "minimum", **tiny)
    prep, rec = run.prepared, run.records[0]
    res = raddsim.run_experiment(model, ["minimum"], **tiny)
    grid = raddsim.make_grid(model.network, cell_m=10_000)
    types = raddsim.load_region(corpby / "region.toml").scenarios["low"].demand.catalog.ids
    sweeps = iter(range(10**6))
    spec = out / "spec.toml"
    spec.write_text('scenarios = ["minimum"]\nyears = 0.02\nreplications = 1\nseed = 3\n', encoding="utf-8")
    bases = {
        "alarm_frame": lambda: {"model": model, "runs": run},
        "build_model": lambda: {"region": region, "network": model.network},
        "build_report": lambda: {"model": model, "setups": [setup], **tiny, "what_if": False, "cell_m": 10_000,
                                 "sim_cell_m": 10_000},
        "compare": lambda: {"model": model, "setups": ["minimum", "ambition"], **tiny},
        "effective_force_minutes": lambda: {"rec": rec},
        "experiment_results": lambda: {"model": model, "runs": [run], "replications": 2, "seed": 1},
        "first_arrival_minutes": lambda: {"rec": rec},
        "format_results": lambda: {"res": res},
        "generate_incidents": lambda: {"spec": setup.demand, "points": prep.points, "years": 0.02, "seed": 1,
                                       "replication": 0},
        "load_boundary": lambda: {"path": corpby / "boundary.geojson"},
        "load_incident_csv": lambda: {"path": corpby / "incidents.csv", "type_ids": list(types)},
        "load_network": lambda: {"source": corpby / "roads"},
        "load_policy": lambda: {"kind": "dispatch", "name": "closest"},
        "load_region": lambda: {"path": corpby / "region.toml"},
        "load_spec": lambda: {"path": corpby / "spec.toml", "region_file": corpby / "region.toml"},
        "make_grid": lambda: {"net": model.network, "cell_m": 10_000},
        "minutes_figures": lambda: {"minutes": raddsim.first_arrival_minutes(rec), "target_minutes": 10},
        "run_experiment": lambda: {"model": model, "setups": ["minimum"], **tiny},
        "run_replication": lambda: {"prep": prep, "years": 0.02, "seed": 1, "replication": 0},
        "run_scenario": lambda: {"model": model, "setup": "minimum", **tiny},
        "run_scenarios": lambda: {"model": model, "setups": ["minimum"], **tiny},
        "run_sweep": lambda: {"spec": spec, "out": out / f"sweep{next(sweeps)}", "processes": 0,
                              "progress": False},
        "select_scenarios": lambda: {"available": region.scenarios, "names": ["minimum"], "file": str(region.file)},
        "simulate": lambda: {"fleet": prep.fleet, "tables": prep.tables, "incidents": run.incidents[0],
                             "requirements": prep.requirements},
        "static_coverage": lambda: {"model": model, "setup": "minimum", "grid": grid},
    }
    return {"region": region, "model": model, "setup": setup, "bases": bases}


# ------------------------------------------------------------------ running a command as a user sees it
class LogLines(logging.Handler):
    """The warnings a command logs: each is a line the user reads on stderr (the CLI's logging prints them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"raddsim: {record.levelname.lower()}: {record.getMessage()}")


class TooLong(BaseException):
    """Raised in the case's thread when it runs too long (a BaseException: no ``except Exception`` eats it)."""


def _too_long(signum, frame) -> None:
    raise TooLong


def run_captured(argv: list[str], limit: int | None = None,
                 exits: dict[type[BaseException], int] | None = None) -> tuple[int, str, list[str]]:
    """Exit status, stdout and the lines of stderr (printed, logged and Python warnings) of one command, run
    in-process through ``raddsim.cli.main`` (argparse's usage errors: their exit status).

    ``limit``: seconds after which the command is stopped (exit status -1; SIGALRM, main thread only).
    ``exits``: exceptions a test raises on purpose (e.g. from a stubbed download), each read as this status.
    """
    from raddsim.cli import main

    handler, out, err = LogLines(), io.StringIO(), io.StringIO()
    root = logging.getLogger()
    root.addHandler(handler)
    stops = {TooLong: -1, **(exits or {})}
    old = signal.signal(signal.SIGALRM, _too_long) if limit else None
    if limit:
        signal.alarm(limit)
    try:
        with redirect_stdout(out), redirect_stderr(err), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                code = main(argv)
            except SystemExit as ex:
                code = int(ex.code or 0)
            except tuple(stops) as ex:
                code = next(v for k, v in stops.items() if isinstance(ex, k))
    finally:
        if limit:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
        root.removeHandler(handler)
    shown = [f"{w.category.__name__}: {w.message}" for w in caught
             if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))]
    printed = [line for line in err.getvalue().splitlines() if line.strip()]
    return code, out.getvalue(), printed + handler.lines + shown
