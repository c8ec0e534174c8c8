"""A toy region and options file for the optimise tests: small enough to enumerate every option set."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, write_grid_osm

REGION = """
[region]
name = "Toyby"
network = "grid.osm"
target_minutes = 10

[stations.west]
name = "West"
lat = 59.70
lon = 18.60

[stations.east]
name = "East"
lat = 59.74
lon = 18.76

[stations.north]
name = "North"
lat = 59.78
lon = 18.62

[crews.west_ft]
name = "West heltid"
station = "west"
kind = "full-time"
turnout_minutes = 1.5
capabilities = ["smoke_diving"]
staffing.minimum = { crew_commander = 1, firefighters = 4 }
staffing.ambition = { crew_commander = 1, firefighters = 4 }

[crews.east_pt]
name = "East deltid"
station = "east"
kind = "part-time"
turnout_minutes = 5
capabilities = ["smoke_diving"]
staffing.minimum = { firefighters = 2 }
staffing.ambition = { crew_commander = 1, firefighters = 4 }
staffing.reduced = { crew_commander = 1, firefighters = 2 }

[crews.north_pt]
name = "North deltid"
station = "north"
kind = "part-time"
turnout_minutes = 6
capabilities = ["smoke_diving"]
staffing.minimum = { crew_commander = 1, firefighters = 2 }
staffing.ambition = { crew_commander = 1, firefighters = 4 }

[scenarios.minimum]
description = "minimum"
staffing = "minimum"

[scenarios.ambition]
description = "ambition"
staffing = "ambition"

[demand]
alarms_per_year = 1500
population = 6000
places = "places.csv"
types = "TYPES"
alarm_objects = "objects.csv"
"""

OPTIONS = """
[options]
base = "minimum"
cost_unit = "positions"
budget = 6

[levels.east_pt]
ambition = 3
reduced = 1

[levels.north_pt]
ambition = 2

[sites.east_pt]
candidates = "sites.csv"
cost = 1

[extra_crews.extra]
like = "north_pt"
level = "ambition"
stations = ["west", "east", "north"]
cost = { west = 5, east = 5, north = 4 }
max = 1
"""

SITES = """id,name,lat,lon,reason
mid,Midway,59.74,18.68,between the two villages
south,Southend,59.71,18.76,where the crew lives
"""


def write_toy(d: Path, options: str = OPTIONS, sites: str = SITES) -> tuple[Path, Path]:
    """The toy region (a 9×9 grid, three stations, three crews) and an options file next to it."""
    d.mkdir(parents=True, exist_ok=True)
    write_grid_osm(d / "grid.osm", rows=9, cols=9, step=0.01)
    (d / "objects.csv").write_text("name,kind,lat,lon,weight,source,approximate\nEastby school,school,59.74,18.75,1,test,yes\n"
                                   "Northby works,industry,59.77,18.63,2,test,yes\n", encoding="utf-8")
    (d / "places.csv").write_text("name,population,lat,lon\nEastby,2500,59.74,18.75\nNorthby,1500,59.77,18.63\n"
                                  "Westby,1000,59.70,18.61\n", encoding="utf-8")
    region = d / "region.toml"
    region.write_text(REGION.replace("TYPES", (ROOT / "stations" / "incidents.toml").as_posix()), encoding="utf-8")
    (d / "sites.csv").write_text(sites, encoding="utf-8")
    opts = d / "options.toml"
    opts.write_text(f'[options]\nregion = "region.toml"\n' + options.replace("[options]\n", "", 1), encoding="utf-8")
    return region, opts


def run_optimise(capsys, opts: Path, out: Path, fast: list[str], *args: str) -> tuple[str, dict]:
    """``raddsim optimise OPTS --out OUT`` with the test's ``fast`` settings: its console text and optimise.json."""
    from raddsim.cli import main

    assert main(["optimise", str(opts), "--out", str(out), *fast, *args]) == 0
    text = capsys.readouterr().out
    return text, json.loads((out / "optimise.json").read_text(encoding="utf-8"))
