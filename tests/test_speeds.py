"""maxspeed parsing and edge travel times."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from raddsim.network.speeds import add_travel_times, parse_duration_s, parse_maxspeed


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
