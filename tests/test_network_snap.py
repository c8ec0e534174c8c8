"""Snapping off-network points and connectivity checks (issue 3)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import write_island_osm

from raddsim.core.errors import InputError
from raddsim.network import NetworkOptions, RoadData, RoadNetwork, load_network, snap_points
from raddsim.network.connectivity import check_stations, components
from raddsim.network.options import FerryOptions, OffRoad


@pytest.fixture(scope="module")
def island_file(tmp_path_factory):
    return write_island_osm(tmp_path_factory.mktemp("isl") / "island.osm")


# The island grid (write_island_osm): 3×3 nodes from 59.72N 18.80E, 0.01° × 0.02° apart; the mainland 6×6 from 59.70N 18.60E.
ON_ISLAND = (18.821, 59.731)
ON_MAINLAND = (18.661, 59.731)
AT_SEA = (19.40, 59.90)


def test_snap_records_distance_and_last_mile(island_file) -> None:
    net = load_network(island_file, options=NetworkOptions(off_road=OffRoad(speed_kmh=36.0, circuity=1.5)))
    res = snap_points(net, [ON_MAINLAND[0], ON_ISLAND[0]], [ON_MAINLAND[1], ON_ISLAND[1]])
    assert res.reachable.all() and res.report() == ""
    nearest, dist = net.nearest_nodes([ON_MAINLAND[0], ON_ISLAND[0]], [ON_MAINLAND[1], ON_ISLAND[1]])
    assert (res.node == nearest).all() and np.allclose(res.snap_m, dist)
    assert np.allclose(res.access_s, dist * 1.5 / 10.0)  # 36 km/h = 10 m/s


def test_islands_and_far_points_are_reported_not_dropped(island_file) -> None:
    off = load_network(island_file, options=NetworkOptions(ferries=FerryOptions(out_of_service=("ferry at",))))
    lon = np.array([ON_MAINLAND[0], ON_ISLAND[0], AT_SEA[0]])
    lat = np.array([ON_MAINLAND[1], ON_ISLAND[1], AT_SEA[1]])
    res = snap_points(off, lon, lat)
    assert res.reachable.tolist() == [True, False, False]
    assert res.reason.tolist() == ["", "island", "too far"]
    assert np.isnan(res.access_s[1:]).all() and (res.node[1:] == -1).all()
    bad = res.unreachable()
    assert [b["index"] for b in bad] == [1, 2] and bad[0]["lat"] == ON_ISLAND[1] and bad[0]["nearest_reachable_road_m"] > 1000
    text = res.report()
    assert text.startswith("2 of 3 point(s) cannot be reached by road") and "1 island" in text and "59.73100N" in text
    # The island becomes reachable when the caller says its crew can reach it (e.g. a station on the island).
    mask = ~off.main_component
    assert snap_points(off, [ON_ISLAND[0]], [ON_ISLAND[1]], reachable=mask).reachable.all()


def test_stray_fragment_does_not_make_a_mainland_point_an_island() -> None:
    # a main road (two-way, 3 nodes) and, 150 m from the point, a two-node one-way fragment cut off from it
    data = RoadData.from_arrays([1, 2, 3, 10, 11], [18.0, 18.01, 18.02, 18.01, 18.011], [59.0, 59.0, 59.0, 59.002, 59.002],
                                [0, 1, 1, 2, 3], [1, 0, 2, 1, 4], [570.0, 570.0, 570.0, 570.0, 57.0])
    net = RoadNetwork.from_data(data)
    assert not net.main_component[3]
    # 100 m north of node 2 and 100 m south of the fragment: within the island margin → the main road
    res = snap_points(net, [18.01], [59.0009])
    assert res.reachable.all() and res.node[0] == 1
    # nodes a source marks as having no off-road access are not snapped to
    no_access = RoadData.from_arrays(data.node_ids, data.lon, data.lat, data.edge_u, data.edge_v, data.edge_length_m,
                                     node_access=[True, False, True, True, True])
    assert snap_points(RoadNetwork.from_data(no_access), [18.01], [59.0009]).node[0] in (0, 2)


def test_components_and_station_errors() -> None:
    # two separate two-way roads, and a one-way spur that can be entered but not left
    data = RoadData.from_arrays([1, 2, 3, 4, 5, 6], [18.0, 18.01, 18.02, 19.0, 19.01, 18.03], [59.0] * 6,
                                [0, 1, 1, 2, 3, 4, 2], [1, 0, 2, 1, 4, 3, 5], [600.0] * 7)
    net = RoadNetwork.from_data(data)
    comp = components(net)
    assert comp.n_strong == 3 and comp.n_weak == 2 and comp.main().sum() == 3
    assert check_stations(net, ["a"], np.array([1])) == []
    with pytest.raises(InputError) as exc:
        check_stations(net, ["a", "far"], np.array([1, 3]), file="region.toml")
    assert exc.value.field == "stations.far.lat/lon" and "group of 2 node(s)" in exc.value.message and exc.value.file == "region.toml"
    with pytest.raises(InputError) as exc:
        check_stations(net, ["dead_end"], np.array([5]))
    assert exc.value.field == "stations.dead_end.lat/lon" and "one-way" in exc.value.message


def test_station_cut_off_by_a_ferry_is_a_warning(island_file, caplog) -> None:
    net = load_network(island_file)
    off = net.with_options(NetworkOptions(ferries=FerryOptions(out_of_service=("ferry at",))))
    islet = net.n_nodes - 1
    assert check_stations(net, ["isl"], np.array([islet])) == []
    warnings = check_stations(off, ["isl"], np.array([islet]), names={"isl": "Islet"})
    assert len(warnings) == 1 and "Islet" in warnings[0] and "reach only 9 of 45 nodes" in warnings[0]
