"""Vehicle classes: the heavy rescue engine's speeds, and crews reading their vehicle's travel times."""

from __future__ import annotations

import math

import numpy as np
import pytest

from raddsim.core.errors import InputError
from raddsim.network import NetworkOptions, RoadData, RoadNetwork
from raddsim.network.options import BlueLight, parse_network_options
from raddsim.region.config import Table


def _line(highway: str, maxspeed: float) -> RoadData:
    return RoadData.from_arrays([1, 2], [18.0, 18.01], [59.0, 59.0], [0, 1], [1, 0], [1000.0, 1000.0],
                                edge_highway=[highway] * 2, edge_tagged_kmh=[maxspeed] * 2)


def _kmh(highway: str, maxspeed: float, vehicle: str, enabled: bool = True, scale: float = 1.0) -> float:
    opts = NetworkOptions(blue_light=BlueLight(enabled=enabled, scale=scale)).for_vehicle(vehicle)
    return 3.6 * 1000.0 / float(RoadNetwork.from_data(_line(highway, maxspeed), opts).edge_time_s[0])


@pytest.mark.parametrize(
    "highway,limit,heavy,light",
    [("primary", 80, 88, 100),       # heavy 80 × 1.10; light (ambulance model) 80 × 1.25
     ("secondary", 70, 77, 87.5),
     ("motorway", 110, 90, 120),     # heavy at its top speed, below the limit; light capped at 120
     ("trunk", 100, 90, 110),
     ("unclassified", 70, 63, 84),   # a heavy engine is slower than the limit on narrow roads
     ("track", 20, 16, 20)],
)
def test_heavy_engine_is_slower_than_a_light_unit(highway, limit, heavy, light) -> None:
    assert math.isclose(_kmh(highway, limit, "heavy"), heavy)
    assert math.isclose(_kmh(highway, limit, "light"), light)


def test_heavy_top_speed_holds_without_blue_light_and_scale_moves_the_gain() -> None:
    assert math.isclose(_kmh("motorway", 110, "heavy", enabled=False), 90)  # driving home: still at most 90
    assert math.isclose(_kmh("primary", 80, "heavy", enabled=False), 80)
    assert math.isclose(_kmh("primary", 70, "heavy", scale=2.0), 70 * 1.2)  # gain 0.10 doubled
    assert math.isclose(_kmh("primary", 80, "heavy", scale=2.0), 90)  # but never above the top speed


@pytest.mark.parametrize("scale", [0.5, 1.5, 3.0])
@pytest.mark.parametrize(("highway", "limit", "factor"), [("unclassified", 70, 0.9), ("track", 20, 0.8)])
def test_scale_stretches_gains_only_not_what_a_heavy_engine_can_do_on_minor_roads(highway, limit, factor,
                                                                                   scale) -> None:
    # A factor below 1 is the vehicle's limit on that road, not the blue light's gain: at scale 1.5 a track's 0.8
    # became 0.7 (slower with a stronger blue light), at 0.5 it became 0.9. Blue light or not, it is the same.
    assert math.isclose(_kmh(highway, limit, "heavy", scale=scale), limit * factor)
    assert math.isclose(_kmh(highway, limit, "heavy", enabled=False, scale=scale), limit * factor)
    assert math.isclose(_kmh("secondary", 60, "heavy", scale=scale), 60 * (1 + scale * 0.10))  # the gain moves


def test_vehicles_are_configured_and_validated(tmp_path) -> None:
    t = Table({"vehicles": {"heavy": {"top_speed_kmh": 80, "factors": {"primary": 1.2}},
                            "medium": {"top_speed_kmh": 110, "factors": {"primary": 1.15}}}}, tmp_path / "r.toml", "network")
    opts = parse_network_options(t)
    assert opts.vehicle_names() == ("light", "heavy", "medium")
    heavy = opts.for_vehicle("heavy").blue_light
    assert heavy.top_speed_kmh == 80 and dict(heavy.factors)["primary"] == 1.2 and dict(heavy.factors)["track"] == 0.8
    for bad, field in (({"vehicles": {"heavy": {"top_speed": 80}}}, "network.vehicles.heavy.top_speed"),
                       ({"vehicles": {"heavy": {"top_speed_kmh": -5}}}, "network.vehicles.heavy.top_speed_kmh"),
                       ({"vehicles": {"heavy": {"ranges": {"top_speed_kmh": [80, 100]}}}},
                        "network.vehicles.heavy.ranges"),
                       ({"vehicles": {"heavy": {"top_speed_kmh": {"value": 90, "range": [100, 80]}}}},
                        "network.vehicles.heavy.top_speed_kmh.range")):
        with pytest.raises(InputError) as exc:
            parse_network_options(Table(bad, tmp_path / "r.toml", "network"))
        assert exc.value.field == field


def test_unknown_vehicle_class_of_a_crew_is_an_input_error(region_file) -> None:
    from raddsim.region.region import load_region

    path = region_file(lambda s: s.replace('vehicle = "light"\nunit = "command"', 'vehicle = "lite"\nunit = "command"'))
    with pytest.raises(InputError) as exc:
        load_region(path)
    assert exc.value.field == "crews.insatsledare.vehicle" and "light" in str(exc.value)


def test_each_crew_reads_its_vehicle_class_row(default_model, default_region) -> None:
    """In Norrtälje the rescue crews drive heavy engines, the incident commander a car."""
    setup = default_region.scenarios["minimum"]
    prep = default_model.prepare(setup)
    st, fleet = prep.stations, prep.fleet
    crew = {c.id: k for k, c in enumerate(setup.crews)}
    heavy, light = fleet.station[crew["norrtalje_heltid"]], fleet.station[crew["insatsledare"]]
    assert st.ids[heavy] == st.ids[light] == "norrtalje"
    assert st.vehicle[heavy] == "heavy" and st.vehicle[light] == "light"
    to = prep.tables.to_node[:, :default_model.network.n_nodes]  # road nodes (island columns: by boat)
    far = np.isfinite(to[heavy]) & (to[heavy] > 20 * 60)
    assert far.sum() > 100
    ratio = to[light, far] / to[heavy, far]
    assert np.all(ratio < 1.0) and 0.75 < np.median(ratio) < 0.95  # the car is 5–25 % faster over long trips
    # the area tables (which station is nearest) are unchanged by vehicle classes
    assert default_model.areas.vehicle == ()


@pytest.mark.parametrize("highway,limit", [("unclassified", 70), ("track", 20), ("primary", 80), ("motorway", 110)])
@pytest.mark.parametrize("vehicle", ["heavy", "light"])
def test_no_crew_drives_home_faster_than_it_drove_out(highway, limit, vehicle) -> None:
    """A heavy engine's factor below 1 (narrow roads 0.9, tracks 0.8) is what it can do on that road, not an
    emergency-driving gain: home from the incident it is no faster (before: 70 km/h home on an unclassified
    road it drove out on at 63)."""
    opts = NetworkOptions(blue_light=BlueLight(enabled=True)).for_vehicle(vehicle)
    out = RoadNetwork.from_data(_line(highway, limit), opts).edge_time_s[0]
    home = RoadNetwork.from_data(_line(highway, limit), opts.normal_driving()).edge_time_s[0]
    assert home >= out * (1 - 1e-12)
    if vehicle == "heavy" and highway in ("unclassified", "track"):
        assert home == pytest.approx(out, rel=1e-12)  # the factor below 1 both ways, and no gain to lose
    if highway == "primary":
        assert home > out  # the blue light's gain is the way out's alone


def test_default_network_has_no_edge_faster_home_than_out(default_model) -> None:
    net = default_model.network
    for vehicle in net.options.vehicle_names():
        opts = net.options.for_vehicle(vehicle)
        out, home = net.with_options(opts).edge_time_s, net.with_options(opts.normal_driving()).edge_time_s
        assert (home >= out * (1 - 1e-12)).all(), vehicle  # (the two ways round the same speed apart)
