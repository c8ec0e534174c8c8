"""Implicit speed limits outside Sweden: ``[network.speeds.implicit]`` and the warning for untranslated values."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from raddsim.core.errors import InputError
from raddsim.network import load_network, parse_network_options
from raddsim.network.load import load_road_data
from raddsim.network.road import RoadNetwork
from raddsim.network.speeds import HIGHWAY_SPEED_KMH
from raddsim.network.store import load_archive, save_archive
from raddsim.region.config import Table

# A 5-node line: two rural secondary ways (maxspeed=DE:rural), one town residential street stating its limit in
# source:maxspeed=DE:urban, one road with a number (the number wins) and one with Sweden's built-in value.
_WAYS = (
    ("secondary", 'maxspeed" v="DE:rural'),
    ("secondary", 'maxspeed" v="DE:rural'),
    ("residential", 'source:maxspeed" v="DE:urban'),
    ("tertiary", 'maxspeed" v="60'),
    ("tertiary", 'maxspeed" v="SE:rural'),
)


def write_line_osm(path, ways=_WAYS):
    """An OSM file of one line of ways, each (highway class, 'key" v="value' of one more tag)."""
    nodes = [f'<node id="{i + 1}" lat="52.500000" lon="{13.40 + 0.01 * i:.6f}"/>' for i in range(len(ways) + 1)]
    ways = [f'<way id="{k + 1}"><nd ref="{k + 1}"/><nd ref="{k + 2}"/><tag k="highway" v="{hw}"/>'
            f'<tag k="{tag}"/></way>' for k, (hw, tag) in enumerate(ways)]
    path.write_text("\n".join(['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6">', *nodes, *ways,
                               "</osm>"]), encoding="utf-8")
    return path


def _options(implicit: dict | None = None):
    speeds = {} if implicit is None else {"implicit": implicit}
    return parse_network_options(Table({"speeds": speeds}, "region.toml", "network"))


def _speed(net: RoadNetwork, highway: str) -> float:
    """The speed (km/h) of the first edge of a class, from its length and travel time."""
    k = int(np.flatnonzero(net.edge_highway == highway)[0])
    return float(3.6 * net.edge_length_m[k] / net.edge_time_s[k])


def test_untranslated_values_are_named_once_with_counts(tmp_path, caplog):
    path = write_line_osm(tmp_path / "de.osm")
    with caplog.at_level(logging.WARNING, logger="raddsim.network.road"):
        net = load_network(path, options=_options())
        net.with_options(_options({"note": "no limits yet"}))  # the same table again: no second warning
    msgs = [r.getMessage() for r in caplog.records if "implicit" in r.getMessage()]
    assert len(msgs) == 1
    # Two ways of DE:rural, two directions each; one way of DE:urban.
    assert "DE:rural on 4 edges, DE:urban on 2 edges" in msgs[0]
    assert "[network.speeds.implicit]" in msgs[0] and str(path) in msgs[0]
    assert _speed(net, "secondary") == pytest.approx(HIGHWAY_SPEED_KMH["secondary"])
    assert _speed(net, "residential") == pytest.approx(HIGHWAY_SPEED_KMH["residential"])


def test_the_regions_table_gives_the_speeds(tmp_path, caplog):
    path = write_line_osm(tmp_path / "de.osm")
    with caplog.at_level(logging.WARNING, logger="raddsim.network.road"):
        net = load_network(path, options=_options({"DE:rural": 100, "de:URBAN": 50}))
    assert not [r for r in caplog.records if "implicit" in r.getMessage()]
    assert _speed(net, "secondary") == pytest.approx(100.0)
    assert _speed(net, "residential") == pytest.approx(50.0)
    k = int(np.flatnonzero(net.edge_highway == "secondary")[0])
    assert net.edge_time_s[k] == pytest.approx(net.edge_length_m[k] / (100 / 3.6))
    tertiary = np.sort(net.edge_speed_kmh[net.edge_highway == "tertiary"])
    assert tertiary == pytest.approx([60.0, 60.0, 70.0, 70.0])  # a number and SE:rural as before


def test_only_the_missing_value_is_named(tmp_path, caplog):
    path = write_line_osm(tmp_path / "de.osm")
    with caplog.at_level(logging.WARNING, logger="raddsim.network.road"):
        net = load_network(path, options=_options({"DE:rural": 100}))
    msgs = [r.getMessage() for r in caplog.records if "implicit" in r.getMessage()]
    assert len(msgs) == 1 and "DE:urban on 2 edges" in msgs[0] and "DE:rural" not in msgs[0]
    assert _speed(net, "secondary") == pytest.approx(100.0)


def test_a_changed_table_is_never_served_a_stale_network(tmp_path):
    """The implicit values survive the archive (the compact cache's form), so a new table applies to a saved network."""
    path = write_line_osm(tmp_path / "de.osm")
    archive = save_archive(load_road_data(path), tmp_path / "de.npz")
    data = load_archive(archive)
    first = RoadNetwork.from_data(data, _options({"DE:rural": 100, "DE:urban": 50}))
    second = RoadNetwork.from_data(data, _options({"DE:rural": 80, "DE:urban": 30}))
    assert _speed(first, "secondary") == pytest.approx(100.0)
    assert _speed(second, "secondary") == pytest.approx(80.0)
    assert _speed(second, "residential") == pytest.approx(30.0)
    assert first.fingerprint != second.fingerprint  # the on-disk travel-time tables' key


def test_the_compact_cache_keeps_the_implicit_values(tmp_path, monkeypatch):
    """The shipped networks' cache (raddsim.network.compact): the second, cached read still translates a new table."""
    from raddsim.network.compact import cache_path, load_compact

    monkeypatch.setenv("RADDSIM_CACHE_DIR", str(tmp_path / "cache"))
    path = write_line_osm(tmp_path / "de.osm")
    load_compact(path, lambda: load_road_data(path, compact=False))
    assert cache_path(path).is_file()
    cached = load_compact(path, lambda: pytest.fail("parsed again instead of read from the cache"))
    net = RoadNetwork.from_data(cached, _options({"DE:rural": 90, "DE:urban": 40}))
    assert _speed(net, "secondary") == pytest.approx(90.0)
    assert _speed(net, "residential") == pytest.approx(40.0)


def test_graphml_keeps_the_implicit_value(tmp_path):
    path = write_line_osm(tmp_path / "de.osm")
    G = load_road_data(path, compact=False).to_graph()
    net = RoadNetwork.from_graph(G, {"source": "g"}, _options({"DE:rural": 100, "DE:urban": 50}))
    assert _speed(net, "secondary") == pytest.approx(100.0)


@pytest.mark.parametrize(("implicit", "field", "words"), [
    ({"DE:rural": 0.5}, "DE:rural", "at least"),
    ({"DE:rural": 1000}, "DE:rural", "at most"),
    ({"DE:rural": "100"}, "DE:rural", "expected a number"),
    ({"rural": 100}, "rural", "not an implicit speed limit"),
    ({"DE:100": 100}, "DE:100", "not an implicit speed limit"),
    ({"SE:urban": 60}, "SE:urban", "built in"),
    ({"DE:rural": 100, "de:RURAL": 90}, "de:RURAL", "twice"),
])
def test_bad_entries_are_refused(implicit, field, words):
    with pytest.raises(InputError) as exc:
        _options(implicit)
    assert exc.value.field == f"network.speeds.implicit.{field}"
    assert words in str(exc.value) and exc.value.fix



def test_a_nodes_arcs_csv_keeps_the_implicit_value(tmp_path, caplog):
    from raddsim.network.csvgraph import load_csv_network, write_csv_network

    write_csv_network(load_road_data(write_line_osm(tmp_path / "de.osm")), tmp_path / "csv")
    data = load_csv_network(tmp_path / "csv")
    with caplog.at_level(logging.WARNING, logger="raddsim.network.road"):
        RoadNetwork.from_data(data, _options())
    assert any("DE:rural on 4 edges" in r.getMessage() for r in caplog.records)
    net = RoadNetwork.from_data(data, _options({"DE:rural": 100, "DE:urban": 50}))
    assert _speed(net, "secondary") == pytest.approx(100.0)


def test_add_travel_times_takes_the_table_too(tmp_path):
    from raddsim.network.speeds import add_travel_times

    G = load_road_data(write_line_osm(tmp_path / "de.osm"), compact=False).graph
    add_travel_times(G, implicit_speeds={"de:rural": 100.0})
    speeds = {d["highway"]: d["speed_kph"] for _, _, d in G.edges(data=True)}
    assert speeds["secondary"] == pytest.approx(100.0)
    assert speeds["residential"] == pytest.approx(HIGHWAY_SPEED_KMH["residential"])  # DE:urban not in the table
