"""The shipped network's compact cached form (raddsim.network.compact): identical, never stale, never required."""

from __future__ import annotations

import numpy as np
import pytest

from raddsim.network import RoadNetwork, default_network_path, load_road_data
from raddsim.network.compact import cache_path, load_compact
from raddsim.network.load import _CACHE

ARRAYS = ("node_ids", "lon", "lat", "node_access", "edge_u", "edge_v", "edge_length_m", "edge_highway", "edge_tagged_kmh",
          "edge_time_given_s", "edge_emergency_given_s", "edge_ferry", "edge_crossing_s", "edge_name", "edge_outside")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RADDSIM_CACHE_DIR", str(tmp_path / "cache"))
    _CACHE.clear()  # the in-memory cache of loaded files would hide the disk cache
    yield tmp_path / "cache"
    _CACHE.clear()


def test_cached_default_network_is_identical_to_the_parsed_one(cache, default_region):
    parsed = load_road_data(compact=False)
    assert parsed.graph is not None  # really parsed through osmnx
    first = load_road_data()  # parses again and writes the cache
    _CACHE.clear()
    cached = load_road_data()  # from the cache
    assert cached.graph is None and list(cache.glob("network-norrtalje_approx-*.npz"))
    for name in ARRAYS:
        a, b = getattr(parsed, name), getattr(cached, name)
        assert a.dtype == b.dtype and a.shape == b.shape, name
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name
    assert cached.meta == parsed.meta == first.meta
    # Same travel tables, to the bit, under the region's network options (blue light, ferries).
    options = default_region.network_options
    a, b = RoadNetwork.from_data(parsed, options), RoadNetwork.from_data(cached, options)
    assert a.fingerprint == b.fingerprint
    nodes = np.arange(0, a.n_nodes, 7)
    assert np.array_equal(a.times_from(nodes), b.times_from(nodes))
    assert np.array_equal(a.times_to(nodes), b.times_to(nodes))


def test_changed_osm_misses_the_cache(cache, tmp_path):
    src = tmp_path / "net.osm"
    src.write_bytes(default_network_path().read_bytes())
    calls = []

    def parse():
        calls.append(1)
        return load_road_data(src, compact=False)

    a = load_compact(src, parse)
    b = load_compact(src, parse)
    assert len(calls) == 1  # the second read came from the cache
    assert np.array_equal(a.edge_length_m, b.edge_length_m)
    old = cache_path(src)
    # Move one node a little: a different file must give a different, freshly parsed network.
    text = src.read_text(encoding="utf-8")
    node = '<node id="1" version="1" lat="59.6010000"'
    assert node in text
    src.write_text(text.replace(node, node.replace("59.6010000", "59.6011000")), encoding="utf-8")
    assert cache_path(src) != old
    _CACHE.clear()
    c = load_compact(src, parse)
    assert len(calls) == 2
    assert not np.array_equal(a.lat, c.lat)


def test_unwritable_or_damaged_cache_falls_back_to_parsing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("RADDSIM_CACHE_DIR", str(blocker / "sub"))  # mkdir fails: a file is in the way
    src = default_network_path()
    data = load_compact(src, lambda: load_road_data(src, compact=False))
    assert data.n_edges > 0
    monkeypatch.setenv("RADDSIM_CACHE_DIR", str(tmp_path / "ok"))
    path = cache_path(src)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an archive")
    calls = []
    data2 = load_compact(src, lambda: calls.append(1) or load_road_data(src, compact=False))
    assert calls and np.array_equal(data.node_ids, data2.node_ids)
    assert load_compact(src, lambda: calls.append(1)).n_edges == data.n_edges  # repaired: read back
    assert len(calls) == 1


def test_a_users_own_osm_and_pbf_are_parsed_once_then_read_from_the_cache(cache, tmp_path, monkeypatch):
    """Not only the shipped network: an extract of one's own (XML or PBF) is parsed by osmnx on its first use only
    (a real municipality's extract takes seconds to parse), and the cached form gives the same network."""
    from conftest import helsinki_pbf

    from raddsim.network import load as load_module

    mine = tmp_path / "mine.osm"
    mine.write_bytes(default_network_path().read_bytes())
    for src, reader in ((mine, "_read_osm"), (helsinki_pbf(), "_read_pbf")):
        parses: list[int] = []
        real = getattr(load_module, reader)
        monkeypatch.setattr(load_module, reader, lambda path, real=real: (parses.append(1), real(path))[1])
        _CACHE.clear()
        first = load_road_data(src)
        _CACHE.clear()
        again = load_road_data(src)
        assert parses == [1], f"{src} was parsed again instead of read from the cache"
        assert again.graph is None and first.meta == again.meta
        for name in ARRAYS:
            a, b = getattr(first, name), getattr(again, name)
            assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name
    assert len(list(cache.glob("network-*.npz"))) == 2
