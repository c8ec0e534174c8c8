"""The archipelago (issue 20): islands without road access, reached by boat through the travel tables."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from raddsim.core.errors import InputError
from raddsim.demand import generate_incidents
from raddsim.demand.generate import Incidents, location_weights
from raddsim.engine import Fleet, TravelTables, simulate
from raddsim.experiment.model import StationTables
from raddsim.network import NetworkOptions, RoadData, RoadNetwork
from raddsim.network.options import BlueLight
from raddsim.sea.layer import BoatType, Island, Launch
from raddsim.sea.spec import SeaSpec
from raddsim.sea.tables import with_islands

KM_PER_DEG_LAT = math.pi / 180 * 6371.0088


def _toy_sea() -> tuple[RoadNetwork, SeaSpec, StationTables]:
    """A 2 km road from a station (node 0) to a harbour (node 1), and an island 10 km north of the harbour."""
    data = RoadData.from_arrays([1, 2], [18.0, 18.0], [58.982, 59.0], [0, 1], [1, 0], [2000.0, 2000.0],
                                edge_highway=["secondary"] * 2, edge_tagged_kmh=[60.0] * 2)
    net = RoadNetwork.from_data(data, NetworkOptions(blue_light=BlueLight(enabled=False)))
    island = Island("Toy island", 59.09, 18.0, 59.09, 18.0, shore_km=1.0, walk_km=0.5, permanent=10, holiday_homes=20)
    sea = SeaSpec(islands=(island,), launches=(Launch("a", "boat", "harbour", 59.0, 18.0, 600.0, (300.0, 1200.0)),),
                  boats={"boat": BoatType("boat", "boat", 30.0)}, detour=1.5, landing_s=120.0, walk_kmh=4.0)
    st = StationTables(("a",), np.array([0]), np.zeros(1),
                       TravelTables(net.times_from([0]), net.times_to([0]), station_node=np.array([0])))
    return net, sea, st


def _crews() -> list[SimpleNamespace]:
    return [SimpleNamespace(station="a", vehicle="light", capabilities=("boat",)),
            SimpleNamespace(station="a", vehicle="light", capabilities=("smoke_diving",))]


def test_expected_arrival_sums_the_legs_on_a_toy_sea() -> None:
    net, sea, st = _toy_sea()
    t = StationTables(**with_islands(st, sea, _crews(), net, offroad_kmh=40.0))
    drive = 2000.0 / (60 / 3.6)  # station → harbour at 60 km/h
    crossing = (0.09 * KM_PER_DEG_LAT + 1.0) * 1.5 / 30.0 * 3600.0  # (straight line + shore run) × detour at 30 km/h
    legs = drive + 600.0 + crossing + 120.0 + 0.5 / 4.0 * 3600.0  # + launch + landing + walk
    boat_row = t.row("a", "light", "boat")
    assert t.tables.to_node.shape == (2, net.n_nodes + 1)
    assert math.isclose(t.tables.to_node[boat_row, net.n_nodes], legs, rel_tol=1e-9)
    assert math.isclose(t.tables.from_node[boat_row, net.n_nodes], legs, rel_tol=1e-9)  # the same legs back
    assert np.array_equal(t.tables.to_node[boat_row, :net.n_nodes], st.tables.to_node[0])  # it drives like its vehicle
    assert np.isinf(t.tables.to_node[t.row("a", "light"), net.n_nodes])  # no boat, no island

    # Through the engine: the alarm's first arrival is turnout + every leg; the crew is free after the legs back.
    fleet = Fleet(names=("boat crew", "engine"), station=np.array([boat_row, 0]), turnout_s=np.array([90.0, 0.0]),
                  in_service=np.ones(2, bool))
    inc = Incidents(np.array([100.0]), np.array([0]), np.array([net.n_nodes]), np.zeros(1), np.array([1800.0]))
    rec = simulate(fleet, t.tables, inc)
    assert math.isclose(rec.t_arrival[0] - 100.0, 90.0 + legs, rel_tol=1e-9)
    assert rec.crew[0] == 0  # the nearer crew without a boat is not sent
    m = rec.missions
    assert list(m.crew) == [0]
    assert math.isclose(m.t_free[0], m.t_arrive[0] + 1800.0 + legs, rel_tol=1e-9)


def test_a_crew_without_a_boat_is_never_sent_to_an_island_and_ice_stops_every_boat() -> None:
    net, sea, st = _toy_sea()
    no_boat = [c for c in _crews() if "boat" not in c.capabilities]
    t = StationTables(**with_islands(st, sea, no_boat, net, offroad_kmh=40.0))
    fleet = Fleet(names=("engine",), station=np.array([0]), turnout_s=np.zeros(1), in_service=np.ones(1, bool))
    inc = Incidents(np.array([0.0]), np.array([0]), np.array([net.n_nodes]), np.zeros(1), np.array([60.0]))
    rec = simulate(fleet, t.tables, inc)
    assert rec.unreachable[0] and np.isnan(rec.t_arrival[0]) and len(rec.missions.crew) == 0
    from dataclasses import replace

    iced = StationTables(**with_islands(st, replace(sea, navigable=False), _crews(), net, offroad_kmh=40.0))
    assert np.isinf(iced.tables.to_node[:, net.n_nodes]).all() and np.isinf(iced.tables.from_node[:, net.n_nodes]).all()


def test_island_alarms_in_the_default_are_served_by_boat_never_from_a_road(default_model, default_region) -> None:
    setup = default_region.scenarios["minimum"]
    prep = default_model.prepare(setup)
    n_road = default_model.network.n_nodes
    pts = prep.points
    assert pts.sea.sum() == len(setup.sea.islands) and (pts.node[pts.sea] >= n_road).all()  # island columns, not roads
    assert (pts.node[~pts.sea] < n_road).all()
    boat = np.array([setup.sea.boat_of(c.capabilities) is not None for c in setup.crews])
    tab = prep.tables.to_node[prep.fleet.station]
    assert np.isinf(tab[~boat][:, n_road:]).all() and np.isfinite(tab[boat][:, n_road:]).any(axis=1).all()
    from raddsim.experiment.runs import run_scenario

    run = run_scenario(default_model, setup, years=1.0, replications=3, seed=7)
    n_island = 0
    for rec, inc in zip(run.records, run.incidents):
        on_island = inc.node >= n_road
        n_island += on_island.sum()
        assert (inc.access_s[on_island] == 0).all()  # landing and walk are in the island column, counted once
        sent = np.isin(rec.missions.alarm, np.flatnonzero(on_island))
        assert boat[rec.missions.crew[sent]].all()  # only crews with a boat are ever alerted to an island
        first = rec.crew[on_island & ~rec.unreachable]
        assert boat[first[first >= 0]].all()
    assert n_island > 10  # about 13 island alarms a year


def test_without_the_services_boats_only_sea_rescue_goes(default_model, default_region) -> None:
    setup = default_region.scenarios["no-boats"]
    prep = default_model.prepare(setup)
    n_road = default_model.network.n_nodes
    reach = np.isfinite(prep.tables.to_node[prep.fleet.station, n_road:]).any(axis=1)
    reaching = sorted(c.id for c, r in zip(setup.crews, reach) if r)
    assert reaching == ["kbv_kapellskar", "ssrs_grisslehamn", "ssrs_rafsnas"]
    road = np.isfinite(prep.tables.to_node[prep.fleet.station, :n_road]).any(axis=1)
    assert not any(r for c, r in zip(setup.crews, road) if c.id.startswith(("ssrs", "kbv")))  # never sent by road


def test_island_share_of_alarms_follows_the_season(default_model, default_region) -> None:
    spec = default_region.scenarios["minimum"].demand
    pts, _ = default_model.demand(spec)
    h = spec.holiday

    def island_share(month: int) -> float:
        return float(location_weights(spec, pts, month, "population")[pts.sea].sum())

    def expected(month: int) -> float:  # from the layer's own counts, not from the points
        occ = h.occupancy[month - 1]
        isl = sum(i.permanent + i.holiday_homes * h.persons_per_home * occ for i in spec.islands)
        return isl / (spec.population + h.homes * h.persons_per_home * occ)

    for month in (1, 7):
        assert math.isclose(island_share(month), expected(month), rel_tol=1e-9)
    assert island_share(7) > 5 * island_share(1)
    summer, winter = (generate_incidents(default_region.scenarios[s].demand, pts, years=4.0, seed=3, replication=0)
                      for s in ("summer", "minimum-winter"))
    share = [np.mean(pts.sea[inc.point]) for inc in (summer, winter)]
    assert share[0] > 2.5 * share[1]


def _sea_file_error(region_file, tmp_path, which: str, edit):
    """The default region with its islands or launches file edited: (the edited file, the region file, the error)."""
    from raddsim.experiment.model import build_model
    from raddsim.region.region import default_region_path, load_region

    name = {"islands": "norrtalje_islands.csv", "launches": "norrtalje_boat_launches.csv"}[which]
    bad = tmp_path / name
    bad.write_text(edit((default_region_path().parent / name).read_text(encoding="utf-8")), encoding="utf-8")
    path = region_file(lambda s: s.replace(f'{which} = "{default_region_path().parent.as_posix()}/{name}"',
                                           f'{which} = "{bad.as_posix()}"'))
    with pytest.raises(InputError) as exc:
        build_model(region := load_region(path)).prepare(region.scenarios["minimum"])
    return bad, path, exc.value


@pytest.mark.parametrize("which,edit,field", [
    ("islands", lambda s: s.replace("Arholma,59.852,", "Arholma,95.852,"), "lat"),
    ("islands", lambda s: s.replace(",holiday_homes,", ",homes,"), "holiday_homes"),
    ("islands", lambda s: s.replace('basis,approximate', 'basis,approximate').replace(",yes\n", ",maybe\n", 1),
     "approximate"),
    ("launches", lambda s: s.replace("blido,rescue_boat", "blidoo,rescue_boat"), "station"),
    ("launches", lambda s: s.replace("hallstavik,trailer_boat,Hallstavik harbour ramp,60.0530,18.6130,10,5,20",
                                     "hallstavik,trailer_boat,Hallstavik harbour ramp,60.0530,18.6130,30,5,20"),
     "launch_minutes"),
    # In the launches file, where the row is (was the region file's archipelago.launches).
    ("launches", lambda s: s.replace("60.0530,18.6130", "60.3530,18.9130"), "lat/lon"),
])
def test_bad_island_or_launch_data_is_an_input_error(region_file, tmp_path, which, edit, field) -> None:
    bad, path, err = _sea_file_error(region_file, tmp_path, which, edit)
    assert err.field == field and err.fix, str(err)
    assert err.file in (str(bad), str(path))


def test_a_boat_without_a_launch_point_is_an_input_error_and_a_new_station_uses_the_types_sites(
        region_file, tmp_path, default_model) -> None:
    from raddsim.experiment.model import build_model
    from raddsim.region.region import default_region_path, load_region

    src = (default_region_path().parent / "norrtalje_boat_launches.csv").read_text(encoding="utf-8")
    bad = tmp_path / "launches.csv"
    bad.write_text("".join(ln for ln in src.splitlines(True) if ",trailer_boat," not in ln), encoding="utf-8")
    path = region_file(lambda s: s.replace(f'launches = "{default_region_path().parent.as_posix()}/'
                                           'norrtalje_boat_launches.csv"', f'launches = "{bad.as_posix()}"'))
    with pytest.raises(InputError) as exc:
        load_region(path)
    assert exc.value.field == "crews.hallstavik.capabilities" and "launch" in exc.value.fix
    # Norrtälje deltid with a boat on a trailer: its station has no ramp of its own, so it uses the best of all ramps.
    region = load_region(region_file(lambda s: s.replace(
        'capabilities = ["smoke_diving"]\nstaffing.minimum = { firefighters = 2 }',
        'capabilities = ["smoke_diving", "boat_on_trailer"]\nstaffing.minimum = { firefighters = 2 }')))
    prep = build_model(region).prepare(region.scenarios["minimum"])
    crews = [c.id for c in region.scenarios["minimum"].crews]
    n = default_model.network.n_nodes
    deltid = prep.tables.to_node[prep.fleet.station[crews.index("norrtalje_deltid")], n:]
    rimbo = prep.tables.to_node[prep.fleet.station[crews.index("rimbo")], n:]
    assert np.isfinite(deltid).all() and (deltid < rimbo).all()  # from Norrtälje, nearer every ramp than Rimbo


def test_en_route_rows_never_cross_the_water() -> None:
    from functools import partial

    from raddsim.sea.tables import IslandRows

    rows = IslandRows(partial(np.add, np.arange(3, dtype=float)), n_road=3, n_islands=2)
    assert list(rows(1)) == [1.0, 2.0, 3.0, np.inf, np.inf]  # from a road node: roads only
    assert np.isinf(rows(4)).all()  # from an island: no road row (the crew goes on via its station's row)
    import pickle

    assert list(pickle.loads(pickle.dumps(rows))(0)[:3]) == [0.0, 1.0, 2.0]  # parallel runs pickle the tables


class _ReadByNode:
    """A road row read by node (as a large network's): numpy makes it whole."""

    def __init__(self, values: list[float]) -> None:
        self.values = values

    def __getitem__(self, nd: int) -> float:
        return self.values[nd]

    def __array__(self, dtype=None, copy=None):  # type: ignore[no-untyped-def]
        return np.array(self.values, dtype=dtype)


def test_island_rows_keep_a_row_read_by_node_and_search_within_a_limit() -> None:
    from raddsim.sea.tables import IslandRows

    road = [0.0, 5.0, 50.0]
    rows = IslandRows(lambda node: _ReadByNode(road), 3, 2,
                      within=lambda node, limit: _ReadByNode([t if t <= limit else np.inf for t in road]))
    row = rows(1)
    assert len(row) == 5 and row[1] == 5.0 and row[3] == np.inf and row[-1] == np.inf
    assert list(np.asarray(row)) == [0.0, 5.0, 50.0, np.inf, np.inf] and list(row[[0, 4]]) == [0.0, np.inf]
    with pytest.raises(IndexError):
        row[5]
    near = rows.within(1, 10.0)
    assert near[1] == 5.0 and near[2] == np.inf and near[4] == np.inf
    assert np.isinf(rows.within(4, 10.0)).all()  # from an island: nothing by road
    with pytest.raises(TypeError):
        IslandRows(lambda node: _ReadByNode(road), 3, 2).within(1, 10.0)


def test_run_reports_the_archipelago_as_an_approximate_area_in_both_languages(tmp_path, capsys) -> None:
    import json

    from raddsim.cli import main

    out = tmp_path / "r.json"
    assert main(["run", "--replications", "2", "--lang", "sv", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Skärgården (med båt)" in printed and "UNGEFÄRLIGT underlag" in printed and "Archipelago" not in printed
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["network"]["archipelago"]["approximate"] is True and res["network"]["archipelago"]["islands"] == 16
    for s in res["scenarios"].values():
        a = s["per_station"]["Archipelago"]
        assert a["id"] == "archipelago" and a["alarms"] > 0
        assert a["first_arrival_minutes"]["mean"] > 20 and a["effective_force_minutes"]["mean"] is not None
    assert main(["run", "--replications", "2"]) == 0
    printed = capsys.readouterr().out
    assert "Archipelago (by boat)" in printed and "APPROXIMATE layer" in printed


def test_the_board_paper_says_how_the_archipelago_fares() -> None:
    from raddsim.views.archipelago_text import archipelago_sentence

    res = {"network": {"archipelago": {"approximate": True}}, "scenarios": {
        "open": {"per_station": {"Archipelago": {"alarms": 9, "share_missing": 0.0,
                                                 "first_arrival_minutes": {"mean": 47.94}}}},
        "ice": {"per_station": {"Archipelago": {"alarms": 9, "share_missing": 1.0,
                                                "first_arrival_minutes": {"mean": None}}}}}}
    setups = [SimpleNamespace(name="open"), SimpleNamespace(name="ice")]
    text = archipelago_sentence(res, setups, "en")
    assert "APPROXIMATE" in text and "47.9 min" in text and "no island alarm is reached at ice" in text
    assert "47,9 min" in archipelago_sentence(res, setups, "sv")
    assert archipelago_sentence({"network": {}, "scenarios": {}}, setups, "en") is None


def test_archipelago_parameters_are_uncertain_and_a_scenario_can_change_them(default_region, default_model) -> None:
    from raddsim.experiment.uncertain import uncertain_parameters
    from raddsim.sweep.overrides import OVERRIDE_ROOTS

    keys = {p.key for p in uncertain_parameters(default_region)}
    assert {"archipelago.detour", "archipelago.walk_kmh", "archipelago.boats.rescue_boat.speed_knots",
            "archipelago.boats.sea_rescue.speed_knots"} <= keys and "archipelago" in OVERRIDE_ROOTS
    n = default_model.network.n_nodes

    def blido(setup) -> np.ndarray:
        prep = default_model.prepare(setup)
        return prep.tables.to_node[prep.fleet.station[[c.id for c in setup.crews].index("blido")], n:]

    slow = default_region.derive("slow-boats", "minimum", {"archipelago.boats.rescue_boat.speed_knots": 12.5})
    base, half = blido(default_region.scenarios["minimum"]), blido(slow)
    assert (half > base + 60).all()  # half the speed: every crossing takes longer


def test_coverage_maps_draw_the_islands_by_boat(default_model, default_region) -> None:
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.views.maps import coverage_map, map_context

    setup = default_region.scenarios["minimum"]
    cov = static_coverage(default_model, setup, make_grid(default_model.network, 3000))
    prep = default_model.prepare(setup)
    n, fleet = default_model.network.n_nodes, prep.fleet
    crews = fleet.in_service & ~fleet.command
    eta = (fleet.turnout_s + fleet.request_delay_s)[crews, None] + prep.tables.to_node[fleet.station[crews], n:]
    assert len(cov.islands) == 16
    assert np.allclose([i.first_minutes for i in cov.islands], eta.min(axis=0) / 60.0)  # best boat, every crew free
    assert all(i.effective_minutes >= i.first_minutes for i in cov.islands)
    summary = cov.summary()["islands_by_boat"]
    assert summary["approximate"] is True and set(summary["minutes"]) == {i.name for i in setup.sea.islands}
    fig = coverage_map(cov, map_context(default_model, setup), "sv")
    texts = [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "öar utan väg: med båt" in " ".join(texts)
    rings = [c for c in fig.axes[0].collections if c.get_offsets().shape[0] == 16]
    assert rings, "one circle per island"
    # The difference map shows what the boats are worth: islands the service's own boats reach first get slower.
    from raddsim.views.maps import difference_map
    from raddsim.views.mapstyle import DIFF_COLOURS

    nob = static_coverage(default_model, default_region.scenarios["no-boats"], cov.grid)
    slower = [b.first_minutes - a.first_minutes for a, b in zip(cov.islands, nob.islands)]
    assert min(slower) >= -1e-9 and max(slower) > 5  # never faster without boats; some islands much slower
    fig = difference_map(cov, nob, map_context(default_model, setup))
    rings = [c for c in fig.axes[0].collections if c.get_offsets().shape[0] == 16]
    faces = {tuple(np.round(f, 3)) for f in rings[0].get_facecolors()}
    from matplotlib.colors import to_rgba

    assert {tuple(np.round(to_rgba(c), 3)) for c in DIFF_COLOURS[-2:]} & faces  # 5–10 or > 10 min slower


def test_island_alarms_keep_their_islands_when_a_scenario_adds_roads(default_model, default_region) -> None:
    setup = default_region.scenarios["rv77-ledinge"]  # adds five road nodes after the network's own
    prep = default_model.prepare(setup)
    n_cols = prep.tables.to_node.shape[1]
    first_island = n_cols - len(setup.sea.islands)
    assert first_island == default_model.network.n_nodes + 5
    assert list(prep.points.node[prep.points.sea]) == list(range(first_island, n_cols))
    base = default_model.prepare(default_region.scenarios["minimum"])
    k = [c.id for c in setup.crews].index("blido")
    assert np.allclose(prep.tables.to_node[prep.fleet.station[k], first_island:],
                       base.tables.to_node[base.fleet.station[k], default_model.network.n_nodes:])
    assert (default_model.node_area(prep.points.node[prep.points.sea]) == len(default_model.areas.ids)).all()


def test_a_replayed_alarm_on_an_island_goes_to_the_island_not_across_the_water(tmp_path, default_model,
                                                                               default_region) -> None:
    from raddsim.demand import load_incident_csv
    from raddsim.experiment.runs import run_scenario

    setup = default_region.scenarios["minimum"]
    csv = tmp_path / "alarms.csv"
    csv.write_text("time,lon,lat,type\n2023-07-14T13:05,19.1150,59.8520,building_fire\n"
                   "2023-07-14T15:00,18.7138,59.7560,building_fire\n", encoding="utf-8")
    alarms = load_incident_csv(csv, list(setup.demand.catalog.ids), default_region.timezone)
    run = run_scenario(default_model, setup, years=1.0, replications=1, seed=1, replay=alarms)
    inc, rec = run.incidents[0], run.records[0]
    n = default_model.network.n_nodes
    arholma = [i.name for i in setup.sea.islands].index("Arholma")
    assert inc.node[0] == n + arholma and inc.access_s[0] == 0  # on Arholma, not snapped to the mainland shore
    assert inc.node[1] < n  # Norrtälje town: on the road network
    boat = {k for k, c in enumerate(setup.crews) if setup.sea.boat_of(c.capabilities) is not None}
    assert set(rec.missions.crew[rec.missions.alarm == 0].tolist()) <= boat and rec.t_arrival[0] > 0


def test_sea_rescue_goes_when_it_is_faster(default_model, default_region) -> None:
    setup = default_region.scenarios["minimum"]
    prep = default_model.prepare(setup)
    n, fleet = default_model.network.n_nodes, prep.fleet
    names = [i.name for i in setup.sea.islands]
    kind = setup.demand.catalog.ids.index("other_assistance")  # one crew of anyone
    ids = list(fleet.ids)
    for island, first in (("Islands off Väddö and Grisslehamn (group)", "ssrs_grisslehamn"),  # SSRS at the harbour
                          ("Islands east of Blidö and Yxlan (group)", "blido")):  # Blidö's own boat is nearer
        node = n + names.index(island)
        inc = Incidents(np.array([0.0]), np.array([-1]), np.array([node]), np.zeros(1), np.array([600.0]),
                        np.array([kind]))
        rec = simulate(fleet, prep.tables, inc, prep.requirements)  # every crew answers, as planned
        assert ids[rec.crew[0]] == first, island
        eta = fleet.turnout_s + fleet.request_delay_s + prep.tables.to_node[fleet.station, node]
        assert math.isclose(rec.t_arrival[0], eta[ids.index(first)], rel_tol=1e-9)  # turnout + request + every leg


def test_gis_layer_of_the_islands(default_model, default_region) -> None:
    pytest.importorskip("geopandas")
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.views.gis import island_layer

    cov = static_coverage(default_model, default_region.scenarios["minimum"], make_grid(default_model.network, 3000))
    gdf = island_layer(cov)
    assert len(gdf) == 16 and (gdf["approximate"] == 1).all() and gdf.crs.to_epsg() == 3006
    wgs = gdf.to_crs("EPSG:4326")
    arholma = wgs[wgs["name"] == "Arholma"].geometry.iloc[0]
    assert abs(arholma.x - 19.115) < 1e-6 and abs(arholma.y - 59.852) < 1e-6
    assert np.allclose(gdf["minutes"], [round(i.first_minutes, 2) for i in cov.islands])
    # each island's residents: its permanent residents from the islands file, in the shares as residents.by_boat
    permanent = {i.name: i.permanent for i in default_region.scenarios["minimum"].demand.islands}
    assert dict(zip(gdf["name"], gdf["population"])) == pytest.approx(permanent)
    assert gdf["population"].sum() == pytest.approx(cov.residents()["by_boat"])


def test_a_scenario_naming_an_unknown_boat_type_or_a_bad_ice_flag_is_an_input_error(default_region) -> None:
    with pytest.raises(InputError) as exc:
        default_region.derive("x", "minimum", {"archipelago.out_of_service": ["rescue_bot"]})
    assert "archipelago.out_of_service" in exc.value.field and "rescue_boat" in str(exc.value)
    with pytest.raises(InputError) as exc:
        default_region.derive("y", "minimum", {"archipelago.navigable": "no"})
    assert "archipelago.navigable" in exc.value.field and exc.value.fix


@pytest.mark.parametrize("which,edit,field", [
    ("launches", lambda s: s.replace("60.0530,18.6130", "18.6130,60.0530"), "lat/lon"),
    ("islands", lambda s: s.replace("Arholma,59.852,19.115,59.848,19.100,", "Arholma,19.115,59.852,19.100,59.848,"),
     "landing_lat/landing_lon"),
])
def test_a_launch_point_or_island_with_lat_and_lon_swapped_says_so(region_file, tmp_path, which, edit,
                                                                     field) -> None:
    # Was: only "correct its lat/lon" (audit12 gave stations, sites, alarms and hospitals the swap hint).
    bad, path, err = _sea_file_error(region_file, tmp_path, which, edit)
    assert err.field == field and err.file == str(bad), str(err)
    assert err.fix.startswith("latitude and longitude look swapped"), str(err)
