"""Static and simulated coverage on a grid (raddsim.coverage.grid, raddsim.coverage.static, raddsim.coverage.simulated)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, shared_path, write_grid_osm

from raddsim.core.errors import InputError
from raddsim.coverage.grid import load_boundary, make_grid, point_cells
from raddsim.coverage.static import (
    COVERAGE_MINUTES,
    cell_access,
    force_by_node,
    force_requirement,
    naive_cell_minutes,
    population_spread,
    static_coverage,
)
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region

BOUNDARY = ("norrtalje", "norrtalje_kommun_scb_2024.geojson")


def synthetic_region(tmp: Path, network: Path | None = None, stations: str | None = None, crews: str | None = None,
                     places: str = "Mittby,2000,59.725,18.65\nLillby,300,59.745,18.69\n", population: int = 3000) -> Path:
    """A small region on a synthetic grid network: a full-time crew in the west, a part-time crew in the east."""
    if network is None:
        network = write_grid_osm(tmp / "grid.osm", rows=6, cols=6)
    (tmp / "places.csv").write_text("name,population,lat,lon\n" + places, encoding="utf-8")
    # Alarm objects on the synthetic roads (every network below starts at 59.70N 18.60E): one far from every
    # road is refused (raddsim.demand.points.MAX_POINT_SNAP_M).
    (tmp / "objects.csv").write_text("name,kind,lat,lon,weight,source,approximate\n"
                                     "School,school,59.70,18.61,2,test,yes\nCare home,care_home,59.70,18.62,1,test,yes\n",
                                     encoding="utf-8")
    stations = stations or """
[stations.west]
name = "Väster"
lat = 59.70
lon = 18.60

[stations.east]
name = "Öster"
lat = 59.75
lon = 18.70
"""
    no_east = "" if crews else """
[scenarios.no-east]
description = "east crew out of service"
base = "base"
crews.east.in_service = false
"""
    crews = crews or """
[crews.west]
name = "Väster heltid"
station = "west"
kind = "full-time"
turnout_minutes = 1
capabilities = ["smoke_diving"]
staffing.minimum = { crew_commander = 1, firefighters = 4 }
staffing.ambition = { crew_commander = 1, firefighters = 4 }

[crews.east]
name = "Öster deltid"
station = "east"
kind = "part-time"
turnout_minutes = 5
capabilities = ["smoke_diving"]
staffing.minimum = { crew_commander = 1, firefighters = 2 }
staffing.ambition = { crew_commander = 1, firefighters = 4 }
"""
    path = tmp / "region.toml"
    path.write_text(f"""
[region]
name = "Testby"
network = "{network.as_posix()}"
target_minutes = 10
source = "synthetic test region"
default_scenarios = ["base", "ambition"]
{stations}
{crews}
[scenarios.base]
description = "both crews at minimum"
staffing = "minimum"

[scenarios.ambition]
description = "both crews at ambition"
staffing = "ambition"

{no_east}
[demand]
alarms_per_year = 400
population = {population}
places = "{(tmp / 'places.csv').as_posix()}"
types = "{(ROOT / 'stations' / 'incidents.toml').as_posix()}"
alarm_objects = "{(tmp / 'objects.csv').as_posix()}"
""", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    region = load_region(synthetic_region(tmp_path_factory.mktemp("synth")))
    return region, build_model(region)


def straight_road_osm(path: Path, km: float = 10.0, maxspeed: int = 90) -> Path:
    """One two-way road due east from 59.70N 18.60E."""
    dlon = km / (111.32 * math.cos(math.radians(59.70)))
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="raddsim-tests">
<node id="1" lat="59.700000" lon="18.600000"/><node id="2" lat="59.700000" lon="{18.60 + dlon:.6f}"/>
<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="maxspeed" v="{maxspeed}"/></way>
</osm>""", encoding="utf-8")
    return path


def test_cell_times_match_the_geometry_of_a_straight_road(tmp_path) -> None:
    """Against closed-form bounds: the best path (leave the road early, cut across) and the perpendicular one."""
    net_path = straight_road_osm(tmp_path / "road.osm")
    stations = "[stations.w]\nname = \"W\"\nlat = 59.70\nlon = 18.60\n"
    crews = ("[crews.w]\nname = \"W crew\"\nstation = \"w\"\nkind = \"full-time\"\nturnout_minutes = 2\n"
             "capabilities = [\"smoke_diving\"]\nstaffing.minimum = { crew_commander = 1, firefighters = 4 }\n"
             "staffing.ambition = { crew_commander = 1, firefighters = 4 }\n")
    region = load_region(synthetic_region(tmp_path, net_path, stations, crews, places="Vid vägen,100,59.70,18.65\n", population=100))
    model = build_model(region)
    net = model.network
    grid = make_grid(net, 100)
    cov = static_coverage(model, region.scenarios["base"], grid, offroad_kmh=40)
    p0 = np.array([net.x[0], net.y[0]])
    p1 = np.array([net.x[1], net.y[1]])
    length = np.hypot(*(p1 - p0))
    v_r = length / net.edge_time_s[0]
    v_o = 40 / 3.6
    u = (p1 - p0) / length
    rel = np.column_stack([grid.x, grid.y]) - p0
    along = rel @ u
    perp = np.abs(rel @ np.array([-u[1], u[0]]))
    sel = (along > 2500) & (along < length - 2500) & (perp < 2000)
    assert sel.sum() > 500
    L, d = along[sel], perp[sel]
    a = d * v_o / np.sqrt(v_r**2 - v_o**2)
    best = 120 + (L - a) / v_r + np.hypot(a, d) / v_o
    perpendicular = 120 + (L + 50) / v_r + np.hypot(d, 50) / v_o
    got = cov.minutes[sel] * 60
    assert np.all(got >= best - 1e-6)
    assert np.all(got <= perpendicular + 1e-6)
    # The k nearest samples miss the cut-across optimum only for cells far off the road, and by little.
    assert np.mean(got - best) < 15 and np.max(got - best) < 30


def test_first_crew_is_the_earliest_turnout_plus_drive(synth) -> None:
    region, model = synth
    grid = make_grid(model.network, 250)
    access = cell_access(model.network, grid)
    base = static_coverage(model, region.scenarios["base"], grid, access)
    closed = static_coverage(model, region.scenarios["no-east"], grid, access)
    east_cell = int(np.argmin(np.hypot(grid.x - model.network.x[model.areas.node[1]], grid.y - model.network.y[model.areas.node[1]])))
    assert base.crew_names[base.crew[east_cell]] == "Öster deltid"
    # Next to its station the part-time crew is first: its 5-minute turnout plus a short off-road leg.
    assert 5 <= base.minutes[east_cell] < 6.5
    assert closed.crew_names[closed.crew[east_cell]] == "Väster heltid"
    # Closing a crew never makes a cell faster; it slows exactly the cells the closed crew reached first.
    assert np.all(closed.minutes >= base.minutes - 1e-9)
    east_first = base.crew == base.crew_names.index("Öster deltid")
    assert np.all(closed.minutes[east_first] > base.minutes[east_first])
    assert np.allclose(closed.minutes[~east_first], base.minutes[~east_first])
    assert closed.share_within(10) < base.share_within(10)


def test_vectorised_equals_the_per_cell_loop(default_model) -> None:
    region = default_model.region
    grid = make_grid(default_model.network, 1000)
    cov = static_coverage(default_model, region.scenarios["minimum"], grid)
    cells = np.arange(0, len(grid), 7)
    naive = naive_cell_minutes(default_model, region.scenarios["minimum"], grid, cells)
    assert np.allclose(cov.minutes[cells], naive, rtol=0, atol=1e-9)


def test_effective_force_matches_earliest_force_and_staffing_helps(synth, default_model) -> None:
    from raddsim.engine.force import earliest_force

    region = default_model.region
    setup = region.scenarios["minimum"]
    prep = default_model.prepare(setup)
    req = force_requirement(default_model, setup)
    by_node = force_by_node(prep, req)
    f = prep.fleet
    use = [c for c in range(len(f)) if f.in_service[c] and not f.command[c]]
    staff = [(int(f.planned[c, 0]), int(f.planned[c, 1]), int(f.planned[c].sum()), int(f.equipment[c])) for c in use]
    for n in range(0, default_model.network.n_nodes, 13):
        eta = [f.turnout_s[c] + f.request_delay_s[c] + prep.tables.to_node[f.station[c], n] for c in use]
        assert by_node[n] == pytest.approx(earliest_force(req, eta, staff))
    # On the synthetic region: the east crew is 1+2 at minimum (no smoke diving alone) and 1+4 at ambition.
    syn_region, syn_model = synth
    grid = make_grid(syn_model.network, 250)
    lo = static_coverage(syn_model, syn_region.scenarios["base"], grid)
    hi = static_coverage(syn_model, syn_region.scenarios["ambition"], grid)
    assert np.array_equal(lo.minutes, hi.minutes)  # staffing does not change who is first
    assert np.all(hi.effective_minutes <= lo.effective_minutes + 1e-9)
    assert np.any(hi.effective_minutes < lo.effective_minutes - 1)
    assert np.all(lo.effective_minutes >= lo.minutes - 1e-9)
    assert hi.share_within(10, measure="effective") > lo.share_within(10, measure="effective")


def test_population_is_conserved_and_spread_over_tatort_discs(synth) -> None:
    region, model = synth
    setup = region.scenarios["base"]
    grid = make_grid(model.network, 250)
    pts, spread = population_spread(model, setup, grid)
    rows = np.asarray(spread.sum(axis=1)).ravel()
    assert np.allclose(rows, 1.0)  # every point lands on the grid here
    cov = static_coverage(model, setup, grid)
    assert cov.population.sum() == pytest.approx(pts.weight.sum())
    assert cov.population_off_grid == pytest.approx(0, abs=1e-6)
    mittby = int(np.flatnonzero(pts.name == "Mittby")[0])
    cells = spread.getrow(mittby).indices
    from raddsim.network.positions import to_sweref

    cx, cy = to_sweref(np.array([18.65]), np.array([59.725]))
    r = pts.radius_m[mittby]
    assert len(cells) == pytest.approx(math.pi * r**2 / 250**2, rel=0.25)
    assert np.all(np.hypot(grid.x[cells] - cx[0], grid.y[cells] - cy[0]) <= r)
    # A tiny place still lands on the cell holding its centre.
    m = point_cells(grid, np.array([grid.x[5] + 10.0]), np.array([grid.y[5] - 10.0]), np.array([20.0]))
    assert m.getrow(0).indices.tolist() == [5]


def test_shares_within_minutes(default_model) -> None:
    """Grid shares grow with the minutes; the town is covered."""
    region = default_model.region
    setup = region.scenarios["minimum"]
    cov = static_coverage(default_model, setup, make_grid(default_model.network, 250))
    shares = [cov.share_within(m) for m in COVERAGE_MINUTES]
    assert shares == sorted(shares) and 0 < shares[0] < 1 and shares[-1] > 0.97
    within = cov.population_within(10)
    assert within["share"] == cov.share_within(10) and within["tatorter_share"] > within["countryside_share"]
    s = cov.summary()
    assert set(s["per_area"]) == set(default_model.area_names)
    assert s["per_place"]["Norrtälje"]["within_10"] == 1.0


def test_boundary_grid_in_any_crs(tmp_path, default_model) -> None:
    import geopandas as gpd

    path = shared_path(*BOUNDARY)
    geom = load_boundary(path)
    grid = make_grid(default_model.network, 250, geom)
    assert grid.area_km2 == pytest.approx(geom.area / 1e6, rel=0.02)
    assert grid.x0 % 250 == 0 and grid.y0 % 250 == 0
    other = tmp_path / "boundary_3006.gpkg"
    gpd.read_file(path).to_crs("EPSG:3006").to_file(other, driver="GPKG")
    again = make_grid(default_model.network, 250, load_boundary(other))
    assert np.array_equal(grid.ix, again.ix) and np.array_equal(grid.iy, again.iy)
    fine = make_grid(default_model.network, 100, geom)
    assert fine.area_km2 == pytest.approx(grid.area_km2, rel=0.01)


def test_grid_without_boundary_follows_the_region_roads(default_model) -> None:
    from scipy.spatial import cKDTree

    from raddsim.coverage.grid import ROAD_BUFFER_M, region_road_points

    net = default_model.network
    grid = make_grid(net, 500)
    roads = region_road_points(net, 100)
    dist, _ = cKDTree(roads).query(np.column_stack([grid.x, grid.y]))
    assert dist.max() <= ROAD_BUFFER_M
    # Roads tagged outside the region (towards the mutual-aid towns) do not extend the grid.
    outside = net.edge_outside
    far_x = np.concatenate([net.x[net.edge_u[outside]], net.x[net.edge_v[outside]]])
    far_y = np.concatenate([net.y[net.edge_u[outside]], net.y[net.edge_v[outside]]])
    d_out, _ = cKDTree(roads).query(np.column_stack([far_x, far_y]))
    far = d_out > ROAD_BUFFER_M + 1000
    assert far.any() and np.all(grid.cell_of(far_x[far], far_y[far]) == -1)


def test_bad_boundary_and_cell_size_are_input_errors(tmp_path, default_model) -> None:
    with pytest.raises(InputError, match="not found"):
        load_boundary(tmp_path / "nope.geojson")
    junk = tmp_path / "junk.geojson"
    junk.write_text("this is not geojson", encoding="utf-8")
    with pytest.raises(InputError, match="not a GIS file"):  # GDAL's "prefix '<DRIVER>:'" advice is not passed on
        load_boundary(junk)
    pts = tmp_path / "points.geojson"
    pts.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                   '"geometry": {"type": "Point", "coordinates": [18.7, 59.8]}}]}', encoding="utf-8")
    with pytest.raises(InputError, match="no polygon"):
        load_boundary(pts)
    with pytest.raises(InputError, match="cell size"):
        make_grid(default_model.network, 5)
    far = tmp_path / "far.geojson"
    far.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": '
                   '{"type": "Polygon", "coordinates": [[[10.0, 50.0], [10.001, 50.0], [10.001, 50.001], [10.0, 50.0]]]}}]}',
                   encoding="utf-8")
    with pytest.raises(InputError, match="none of the region's roads"):
        make_grid(default_model.network, 250, load_boundary(far))
    import shapely

    net = default_model.network
    e = int(np.flatnonzero(~net.edge_outside & (net.edge_highway != "ferry"))[0])
    x, y = net.x[net.edge_u[e]], net.y[net.edge_u[e]]
    with pytest.raises(InputError, match="no grid cell"):  # holds a road, but no cell centre
        make_grid(net, 250, shapely.box(x - 1, y - 1, x + 1, y + 1))


# ---------------------------------------------------------------- simulated coverage

def test_simulated_coverage_counts_and_shares(default_model) -> None:
    from raddsim.coverage.simulated import simulated_coverage
    from raddsim.experiment.runs import run_scenario
    from raddsim.experiment.summary import scenario_summary

    region = default_model.region
    run = run_scenario(default_model, region.scenarios["minimum"], years=0.5, replications=3, seed=11)
    grid = make_grid(default_model.network, 2000)
    sim = simulated_coverage(default_model, run, grid)
    minutes = np.concatenate([(r.t_arrival - r.t_alarm) / 60 for r in run.records])
    # No boundary: every road demand point is on the grid; island alarms (by boat) are the archipelago area only.
    road = np.concatenate([~run.prepared.points.sea[inc.point] for inc in run.incidents])
    ok = np.isfinite(minutes) & road
    # every alarm counts in a square's share (one no crew reached as a miss); the mean minutes are of those with one
    assert sim.cell_alarms.sum() == pytest.approx(road.sum())
    assert sim.cell_first_n.sum() == pytest.approx(ok.sum())
    assert sim.cell_within.sum() == pytest.approx((minutes[ok] <= 10).sum())
    share = sim.cell_share
    has = sim.cell_alarms > 0
    assert np.all((share[has] >= 0) & (share[has] <= 1)) and np.all(np.isnan(share[~has]))
    # The same per-area figures as the headline JSON.
    summary = scenario_summary(default_model, run)
    for area, blk in sim.by_area.items():
        assert blk["share_within_target"] == pytest.approx(summary["per_station"][area]["share_within_target"], nan_ok=True)
    assert sim.overall["share_within_target"] == pytest.approx(summary["share_within_target"])
    assert sim.cell_effective_within is not None and np.all(sim.cell_effective_within <= sim.cell_within + 1e-9)
    assert "effective_force" in sim.by_place["Norrtälje"]
    assert sum(b["alarms"] for b in sim.by_place.values()) == len(minutes)


def test_simulated_coverage_without_effective_times_and_busier_system(default_model) -> None:
    from raddsim.coverage.simulated import simulated_coverage
    from raddsim.experiment.runs import ScenarioRun, run_scenario

    region = default_model.region
    grid = make_grid(default_model.network, 3000)
    run = run_scenario(default_model, region.scenarios["minimum"], years=0.5, replications=2, seed=5)

    class Legacy:  # records as the walking skeleton had them: no t_effective
        def __init__(self, rec):
            self.t_alarm, self.t_arrival = rec.t_alarm, rec.t_arrival

    legacy = ScenarioRun(run.prepared, run.incidents, [Legacy(r) for r in run.records], run.years)
    sim = simulated_coverage(default_model, legacy, grid)
    assert sim.cell_effective_within is None and sim.cell_effective_share is None
    assert "effective_force" not in sim.overall
    full = simulated_coverage(default_model, run, grid)
    assert np.allclose(sim.cell_within, full.cell_within)
    # Removing crews lowers the simulated share (same alarms: common random numbers).
    fewer = region.derive("fewer", "minimum", {"crews.rimbo.in_service": False, "crews.hallstavik.in_service": False})
    worse = simulated_coverage(default_model, run_scenario(default_model, fewer, years=0.5, replications=2, seed=5), grid)
    assert worse.overall["share_within_target"] < full.overall["share_within_target"] - 0.05
    rimbo = worse.by_area["Rimbo"]["share_within_target"]
    assert rimbo < full.by_area["Rimbo"]["share_within_target"] - 0.2


def test_same_seed_same_coverage(default_model) -> None:
    from raddsim.coverage.simulated import simulated_coverage
    from raddsim.experiment.runs import run_scenario

    setup = default_model.region.scenarios["ambition"]
    grid = make_grid(default_model.network, 3000)
    a = simulated_coverage(default_model, run_scenario(default_model, setup, years=0.25, replications=2, seed=3), grid)
    b = simulated_coverage(default_model, run_scenario(default_model, setup, years=0.25, replications=2, seed=3), grid)
    assert np.array_equal(a.cell_within, b.cell_within) and a.by_place == b.by_place
