"""Speeds: maxspeed parsing, class fallbacks, the blue-light model, slow first/last stretch, [network] validation."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from raddsim.network import NetworkOptions, RoadData, RoadNetwork
from raddsim.network.options import BlueLight, parse_network_options
from raddsim.network.speeds import add_travel_times, legal_speed_kmh, parse_duration_s, parse_maxspeed, tagged_speed_kmh


@pytest.mark.parametrize(
    "value,expected",
    [("70", 70), ("SE:urban", 50), ("se:rural", 70), ("SE:motorway", 110), ("50;70", 50), ("30-50", 30),
     (["80", "60"], 60), ("30 mph", 30 * 1.609344), (90, 90), ("none", None), ("", None), (None, None), ("signals", None)],
)
def test_parse_maxspeed(value, expected) -> None:
    got = parse_maxspeed(value)
    assert (got is None) if expected is None else math.isclose(got, expected)


@pytest.mark.parametrize("value,expected", [("00:04", 240), ("0:04:30", 270), ("12", 720), ("x", None)])
def test_parse_duration(value, expected) -> None:
    assert parse_duration_s(value) == expected


def test_travel_times_from_tags_and_class() -> None:
    G = nx.MultiDiGraph()
    G.add_edge(1, 2, length=1000.0, highway="secondary", maxspeed="SE:urban")
    G.add_edge(2, 3, length=1000.0, highway="primary")
    G.add_edge(3, 4, length=600.0, route="ferry", duration="00:04")
    add_travel_times(G, ferry_wait_s=300.0)
    assert math.isclose(G[1][2][0]["travel_time"], 1000 / (50 / 3.6))
    assert math.isclose(G[2][3][0]["travel_time"], 1000 / (80 / 3.6))
    assert G[3][4][0]["travel_time"] == 240 + 300


# ---------------------------------------------------------------- legal speeds from tags and classes


@pytest.mark.parametrize(
    "tags,expected",
    [({"maxspeed": "80"}, 80), ({"maxspeed:type": "SE:urban"}, 50), ({"source:maxspeed": "SE:rural"}, 70),
     ({"zone:maxspeed": "SE:30"}, 30), ({"maxspeed": "60", "maxspeed:type": "SE:urban"}, 60), ({}, None)],
)
def test_tagged_speed_uses_implicit_tags(tags, expected) -> None:
    assert tagged_speed_kmh(tags) == expected


def test_class_fallback_is_overridable() -> None:
    got = legal_speed_kmh(np.array([np.nan, 90.0, np.nan]), np.array(["residential", "residential", "track"]), {"residential": 30})
    assert got.tolist() == [30.0, 90.0, 20.0]


def _line(highway: str, maxspeed: float = np.nan, length: float = 1000.0, given: float = np.nan, given_em: float = np.nan) -> RoadData:
    return RoadData.from_arrays([1, 2], [18.0, 18.01], [59.0, 59.0], [0], [1], [length], edge_highway=[highway],
                                edge_tagged_kmh=[maxspeed], edge_time_given_s=[given], edge_emergency_given_s=[given_em])


def _time(data: RoadData, **blue) -> float:
    """Edge time with the blue-light model on (unless ``enabled=False`` is passed)."""
    opts = NetworkOptions(blue_light=BlueLight(**{"enabled": True, **blue}))
    return float(RoadNetwork.from_data(data, opts).edge_time_s[0])


def test_blue_light_is_off_by_default() -> None:
    assert NetworkOptions().blue_light.enabled is False
    net = RoadNetwork.from_data(_line("primary", 80))
    assert math.isclose(float(net.edge_time_s[0]), 1000 / (80 / 3.6))


def test_blue_light_factor_per_class_and_cap() -> None:
    normal = dict(enabled=False)
    # primary at 80: 1.25 × 80 = 100 km/h
    assert math.isclose(_time(_line("primary", 80), **normal), 1000 / (80 / 3.6))
    assert math.isclose(_time(_line("primary", 80)), 1000 / (100 / 3.6))
    # motorway at 110: 1.1 × 110 = 121 → capped at 120
    assert math.isclose(_time(_line("motorway", 110)), 1000 / (120 / 3.6))
    # a cap below the legal speed never slows the vehicle below the limit
    assert math.isclose(_time(_line("motorway", 110), max_speed_kmh=90), 1000 / (110 / 3.6))
    # tracks get no speed-up; configured factors replace the defaults
    assert math.isclose(_time(_line("track")), 1000 / (20 / 3.6))
    assert math.isclose(_time(_line("track"), factors=(("track", 1.5),)), 1000 / (30 / 3.6))
    assert math.isclose(_time(_line("unknown_class", 50), default_factor=1.4), 1000 / (70 / 3.6))


def test_given_times_win_over_speeds() -> None:
    # a source's emergency time is used as is; its normal time is sped up by the class factor
    assert _time(_line("road", given=100.0, given_em=70.0)) == 70.0
    assert _time(_line("road", given=100.0, given_em=70.0), enabled=False) == 100.0
    assert math.isclose(_time(_line("road", given=100.0)), 100.0 / 1.2)


def test_slow_first_and_last_stretch() -> None:
    # a straight 3-node road: 0 -(1 km)- 1 -(1 km)- 2, residential at 40 → 48 km/h with blue light
    data = RoadData.from_arrays([1, 2, 3], [18.0, 18.01, 18.02], [59.0] * 3, [0, 1, 1, 2], [1, 0, 2, 1], [1000.0] * 4,
                                edge_highway=["residential"] * 4, edge_tagged_kmh=[40.0] * 4)
    plain = RoadNetwork.from_data(data, NetworkOptions(blue_light=BlueLight(enabled=True)))
    slow = RoadNetwork.from_data(data, NetworkOptions(blue_light=BlueLight(enabled=True, first_stretch_m=200, last_stretch_m=100,
                                                                           stretch_speed_kmh=10)))
    v = 48 / 3.6
    extra = (200 / (10 / 3.6) - 200 / v) + (100 / (10 / 3.6) - 100 / v)
    assert math.isclose(slow.times_from([0])[0, 2], plain.times_from([0])[0, 2] + extra)
    assert math.isclose(slow.times_to([2])[0, 0], plain.times_to([2])[0, 0] + extra)
    assert slow.times_from([0])[0, 0] == 0.0


def test_network_section_is_validated(tmp_path) -> None:
    from raddsim.core.errors import InputError
    from raddsim.region.config import Table

    ok = parse_network_options(Table({"blue_light": {"factors": {"primary": 1.3}}, "speeds": {"track": 15}}, tmp_path / "r.toml", "network"))
    assert dict(ok.blue_light.factors)["primary"] == 1.3 and dict(ok.blue_light.factors)["motorway"] == 1.10
    assert dict(ok.class_speeds) == {"track": 15.0}
    hash(ok)  # a cache key
    for bad, field in (({"blue_light": {"factor": 1.2}}, "network.blue_light.factor"),
                       ({"blue_light": {"factors": {"primary": -1}}}, "network.blue_light.factors.primary"),
                       ({"ferries": {"lines": {"Blidö": {"departures": ["25:99"]}}}}, "network.ferries.lines.Blidö.departures"),
                       ({"ferries": {"priority": "yes"}}, "network.ferries.priority")):
        with pytest.raises(InputError) as exc:
            parse_network_options(Table(bad, tmp_path / "r.toml", "network"))
        assert exc.value.field == field
