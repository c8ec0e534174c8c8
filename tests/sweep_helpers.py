"""A small synthetic region and sweep specs for the sweep tests (fast, offline)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import write_grid_osm

REGION = """
[region]
name = "Gridby"
network = "grid.osm"
target_minutes = 6

[stations.west]
name = "West"
lat = 59.71
lon = 18.62

[stations.east]
name = "East"
lat = 59.74
lon = 18.70

[crews.west_ft]
name = "West heltid"
station = "west"
kind = "full-time"
turnout_minutes = 1.5
staffing.low = { crew_commander = 1, firefighters = 3 }
staffing.high = { crew_commander = 1, firefighters = 4 }

[crews.east_pt]
name = "East deltid"
station = "east"
kind = "part-time"
turnout_minutes = 5
staffing.low = { crew_commander = 1, firefighters = 2 }
staffing.high = { crew_commander = 1, firefighters = 4 }

[crews.east_pt2]
name = "East deltid 2"
station = "east"
kind = "part-time"
turnout_minutes = 8
staffing.low = { firefighters = 2 }
staffing.high = { crew_commander = 1, firefighters = 3 }

[scenarios.low]
description = "low staffing"
staffing = "low"

[scenarios.high]
description = "high staffing"
staffing = "high"

[demand]
alarms_per_year = 3000
population = 5000
"""


def write_region(d: Path) -> Path:
    """Gridby: a 6×6 grid, two stations, three crews, scenarios 'low' and 'high'."""
    d.mkdir(parents=True, exist_ok=True)
    write_grid_osm(d / "grid.osm", rows=6, cols=6)
    path = d / "region.toml"
    path.write_text(REGION, encoding="utf-8")
    return path


def write_spec(d: Path, body: str, *, region: Path | None = None, name: str = "spec.toml") -> Path:
    """A spec file; ``region`` is written as its region path."""
    text = textwrap.dedent(body)
    if region is not None:
        text = f'region = "{region.as_posix()}"\n' + text
    path = d / name
    path.write_text(text, encoding="utf-8")
    return path
