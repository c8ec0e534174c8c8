"""The travel target on the static maps: ``[region] travel_target_minutes`` (NFPA 1710's 240 s of travel).

``run`` and ``compare`` had a table of the first crew's own travel; ``raddsim map`` did not show it. Now the static
coverage has, per grid square, the travel of the crew that arrives there first (its drive and off-road leg as the
``minutes`` count them, without turnout and alarm handling), and the map command draws a map of it, writes its GIS
columns and its share in ``coverage.json`` and the table. On docs/formats.md's NFPA recipe
(tests/test_other_regions6.py), where engine 2's turnout is made slow so the crew first on scene is not always the
nearest one.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import coo_matrix, csgraph
from scipy.spatial import cKDTree
from test_travel_target import _region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.coverage.cell_access import NO_ACCESS_HIGHWAYS, SAMPLE_SPACING_M, SNAP_CANDIDATES, cell_access
from raddsim.coverage.grid import densify, make_grid
from raddsim.coverage.static import static_coverage
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region
from raddsim.views.maps import coverage_map, map_context
from raddsim.views.service_words import use_service

ENGINE2 = 'station = "st2"\nkind = "full-time"\nturnout_minutes = 1.0\n'


@pytest.fixture(autouse=True)
def _default_words():
    yield
    use_service("rescue")  # the commands set the region's words; later tests expect the default


def _us(folder: Path, travel: str | None = "1.5") -> Path:
    """The NFPA region with a travel target of ``travel`` minutes (None: none), engine 2 turning out in 1.5 min."""
    _region(folder, travel)
    toml = folder / "region.toml"
    text = toml.read_text(encoding="utf-8")
    assert ENGINE2 in text
    toml.write_text(text.replace(ENGINE2, ENGINE2.replace("1.0", "1.5")), encoding="utf-8")
    return folder


def _drive_from_stations(net, station_nodes: np.ndarray) -> np.ndarray:
    """Seconds from each station node to every node: Dijkstra on the network's own edges (the quickest of parallel
    edges), independent of the model's travel tables."""
    n = len(net.x)
    quickest: dict[tuple[int, int], float] = {}
    for u, v, s in zip(net.edge_u, net.edge_v, net.edge_time_s):
        quickest[int(u), int(v)] = min(quickest.get((int(u), int(v)), np.inf), float(s))
    keys = list(quickest)
    graph = coo_matrix(([quickest[k] for k in keys], ([u for u, _ in keys], [v for _, v in keys])), shape=(n, n))
    return csgraph.dijkstra(graph.tocsr(), directed=True, indices=station_nodes)


def test_a_squares_travel_is_the_drive_of_the_crew_first_there_by_hand(tmp_path) -> None:
    """Per square, by hand: each crew's arrival through each of the nearest road samples (lead + drive to the edge's
    start + the part of the edge + the off-road leg at 40 km/h); the travel is the drive of the earliest arrival,
    not the shortest drive (engine 2's slow turnout lets another engine come first near station 2), and the
    minutes less it are that crew's turnout + alarm handling (60 + 64 s, 90 + 64 s for engine 2)."""
    region = load_region(_us(tmp_path / "us"))
    model = build_model(region)
    setup = region.scenarios["today"]
    net = model.network
    grid = make_grid(net, 250)
    cov = static_coverage(model, setup, grid, cell_access(net, grid))
    prep = model.prepare(setup)
    fleet = prep.fleet
    drive_s = _drive_from_stations(net, prep.stations.node)
    pts, edge, frac = densify(net, ~np.isin(net.edge_highway, NO_ACCESS_HIGHWAYS), min(SAMPLE_SPACING_M, 125))
    dist, idx = cKDTree(pts).query(np.c_[grid.x, grid.y], k=SNAP_CANDIDATES)
    lead = fleet.turnout_s + fleet.request_delay_s
    # crews × cells × candidates: the drive, and the arrival it gives
    drive = (drive_s[fleet.station][:, net.edge_u[edge[idx]]] + frac[idx] * net.edge_time_s[edge[idx]]
             + dist / (40 / 3.6))
    arrival = lead[:, None, None] + drive
    first = np.argmin(arrival.transpose(1, 0, 2).reshape(len(grid), -1), axis=1)  # crew * candidates + candidate
    want = drive.transpose(1, 0, 2).reshape(len(grid), -1)[np.arange(len(grid)), first] / 60
    np.testing.assert_allclose(cov.travel_minutes, want, rtol=0, atol=1e-9)
    crew = first // SNAP_CANDIDATES
    np.testing.assert_allclose((cov.minutes - cov.travel_minutes) * 60, lead[crew], rtol=0, atol=1e-6)
    assert np.isclose(lead[crew], 154.002).any() and np.isclose(lead[crew], 124.002).any()
    shortest = drive.min(axis=(0, 2)) / 60
    assert (cov.travel_minutes > shortest + 0.1).sum() >= 5  # squares where the nearest engine is not first


def _map(folder: Path, out: Path, *options: str) -> None:
    assert main(["map", "--region", str(folder), "--out", str(out), "--format", "png,svg,pdf,gpkg,geojson",
                 *options]) == 0


def test_the_map_command_draws_the_travel_map_writes_its_columns_and_share(tmp_path, capsys) -> None:
    """With the key: a travel map per scenario in every format asked, the grid's ``travel_minutes`` and
    ``within_travel_target`` (GeoJSON and GeoPackage), ``coverage.json``'s target, source and population share
    within it (the grid's population-weighted share of ``within_travel_target``), and the table's travel column.
    Without the key: none of them."""
    import pyogrio

    folder = _us(tmp_path / "us")
    toml = folder / "region.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "[region]\n", '[region]\ntravel_target_source = "NFPA 1710 (2020), 4.1.2.1"\n', 1), encoding="utf-8")
    out = tmp_path / "maps"
    _map(folder, out)
    table = capsys.readouterr().out
    for scenario in ("today", "slower"):
        for fmt in ("png", "svg", "pdf"):
            assert (out / f"travel_{scenario}.{fmt}").stat().st_size > 1000
    assert not list(out.glob("difference_travel*")) and not list(out.glob("travel_today_slower*"))
    grid = json.loads((out / "grid_today.geojson").read_text(encoding="utf-8"))
    props = [f["properties"] for f in grid["features"]]
    travel = np.array([p["travel_minutes"] for p in props], float)
    within = np.array([p["within_travel_target"] for p in props])
    np.testing.assert_array_equal(within, (travel <= 1.5).astype(int))
    assert 0 < within.mean() < 1 and all(p["travel_minutes"] < p["minutes"] for p in props)
    assert "within_travel_target = 1 when travel_minutes ≤ 1.5" in grid["description"]
    gpkg = pyogrio.read_dataframe(out / "coverage.gpkg", layer="grid_today")
    np.testing.assert_allclose(gpkg["travel_minutes"], travel)
    summary = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    assert summary["travel_target_minutes"] == 1.5
    assert summary["travel_target_source"] == "NFPA 1710 (2020), 4.1.2.1"
    pop = np.array([p["population"] for p in props])
    share = summary["scenarios"]["today"]["travel_within"]["1.5"]
    assert share == pytest.approx(pop[within == 1].sum() / pop.sum(), abs=1e-3) and 0 < share < 1
    row = next(line.split() for line in table.splitlines() if line.startswith("today"))
    assert "travel ≤ 1.5" in table and row[-2:] == [f"{100 * share:.1f}", "%"]

    plain = _region(tmp_path / "plain", None)
    _map(plain, tmp_path / "plain_maps")
    assert not list((tmp_path / "plain_maps").glob("travel_*"))
    plain_grid = json.loads((tmp_path / "plain_maps" / "grid_today.geojson").read_text(encoding="utf-8"))
    assert "travel_minutes" not in plain_grid["features"][0]["properties"]
    plain_summary = json.loads((tmp_path / "plain_maps" / "coverage.json").read_text(encoding="utf-8"))
    assert "travel_target_minutes" not in plain_summary and "travel_within" not in plain_summary["scenarios"]["today"]
    assert "travel" not in capsys.readouterr().out


def test_the_travel_map_is_drawn_with_its_own_target_and_in_swedish(tmp_path) -> None:
    """The map's classes have the travel target between the greens and yellow (0–1, 1–2 … for 2 min), its title
    names it, its figure is the residents within it; in Swedish with ``lang="sv"``. Without travel figures the map
    is refused naming the key."""
    region = load_region(_us(tmp_path / "us", "2"))
    model = build_model(region)
    setup = region.scenarios["today"]
    grid = make_grid(model.network, 250)
    cov = static_coverage(model, setup, grid)
    ctx = map_context(model, setup)
    texts = {lang: [x.get_text().replace("\xa0", " ") for x in coverage_map(cov, ctx, lang, "travel").findobj(
        lambda a: hasattr(a, "get_text"))] for lang in ("en", "sv")}
    share = 100 * cov.share_within(2, measure="travel")
    assert 0 < share < 100
    assert "First crew's travel within 2 min — today" in texts["en"]
    assert any("Residents with travel within" in x for x in texts["en"])
    assert any(f"2 min: {share:.0f} %" in x for x in texts["en"])
    assert {"0–1 min", "1–2 min", "2–3 min"} <= set(texts["en"])
    assert "Första styrkans körtid inom 2 min — today" in texts["sv"]
    assert any("Invånare med körtid inom" in x for x in texts["sv"])
    # A coverage without travel (a region without the key) names the key, not the force, when asked for its map.
    with pytest.raises(InputError, match="the region sets no travel target") as err:
        coverage_map(dataclasses.replace(cov, travel_minutes=None), ctx, "en", "travel")
    assert "travel_target_minutes" in str(err.value.fix)


def test_the_report_shows_the_travel_map_and_its_share(tmp_path, capsys) -> None:
    """The board report draws the travel map of each scenario and gives the share of residents within the travel
    target beside the first crew's shares; without the key it has neither."""
    for travel, folder in (("1.5", tmp_path / "with"), (None, tmp_path / "without")):
        html = tmp_path / f"{folder.name}.html"
        assert main(["report", "--region", str(_us(folder, travel)), "--replications", "2", "--years", "0.1",
                     "--out", str(html)]) == 0
        text = html.read_text(encoding="utf-8")
        assert ("First crew&#x27;s travel within 1.5 min — today" in text) is (travel is not None)
        assert ("travel ≤ 1.5 min" in text) is (travel is not None)
    capsys.readouterr()


def test_islands_reached_by_boat_get_their_first_crews_travel(region_file, tmp_path) -> None:
    """With a travel target on Norrtälje's archipelago, each island reached by boat has the travel of the crew
    first there (by hand: the crew with the earliest arrival over its own lead and table column, then that
    crew's column without its lead: the drive to the quay and the boat), coloured on the travel map and written to
    the islands layer and coverage.json (was: islands were left out of the travel map, no figure anywhere)."""
    from raddsim.coverage.grid import make_grid as grid_of
    from raddsim.views.islandmap import island_colours
    from raddsim.views.mapstyle import MINUTE_COLOURS, UNREACHABLE_COLOUR

    path = region_file(lambda s: s.replace('name = "Norrtälje"\n', 'name = "Norrtälje"\ntravel_target_minutes = 4\n',
                                           1))
    region = load_region(path)
    model = build_model(region)
    setup = region.scenarios["minimum"]
    cov = static_coverage(model, setup, grid_of(model.network, 3000))
    prep = model.prepare(setup)
    n, fleet = model.network.n_nodes, prep.fleet
    crews = np.flatnonzero(fleet.in_service & ~fleet.command)
    cols = prep.tables.to_node[fleet.station[crews], n:]
    first = np.argmin((fleet.turnout_s + fleet.request_delay_s)[crews, None] + cols, axis=0)
    by_hand = cols[first, np.arange(cols.shape[1])] / 60.0
    travel = np.array([i.travel_minutes for i in cov.islands], float)
    assert len(travel) == 16 and np.allclose(travel, by_hand)
    assert (travel < np.array([i.first_minutes for i in cov.islands])).all()  # less the turnout
    summary = cov.summary()["islands_by_boat"]["minutes"]
    assert [summary[i.name]["travel"] for i in cov.islands] == list(travel)
    fig = coverage_map(cov, map_context(model, setup), "en", "travel")
    rings = [c for c in fig.axes[0].collections if c.get_offsets().shape[0] == 16]
    assert rings, "the travel map draws the islands"
    from matplotlib.colors import to_rgba

    from raddsim.views.mapstyle import minute_bounds

    bounds = minute_bounds(4)  # the travel map's classes around its 4-minute target
    want = [tuple(np.round(to_rgba(c), 3)) for c in island_colours(list(travel), bounds, MINUTE_COLOURS,
                                                                   UNREACHABLE_COLOUR)]
    assert [tuple(np.round(f, 3)) for f in rings[0].get_facecolors()] == want
    gis = pytest.importorskip("raddsim.views.gis")
    pytest.importorskip("geopandas")
    layer = gis.island_layer(cov)
    assert np.allclose(layer["travel_minutes"], np.round(travel, 2))
    assert list(layer["within_travel_target"]) == [int(v <= 4) for v in travel]
    described = gis.layer_descriptions({"minimum": map_context(model, setup)}, "sv", travel_target=4)
    assert "körning till kajen + båten" in described["islands_minimum"]
    assert "kajen" not in gis.layer_descriptions({"minimum": map_context(model, setup)}, "sv")["islands_minimum"]
