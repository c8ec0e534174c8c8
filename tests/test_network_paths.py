"""Travel-time tables: equal to networkx, one-way streets respected, cached (issue 3)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from conftest import helsinki_pbf, shared_path

from raddsim.network import load_network
from raddsim.network.cache import TableCache
from raddsim.network.options import BlueLight, NetworkOptions


def _nx_graph(net) -> nx.MultiDiGraph:
    """The same directed graph in networkx (node indices, parallel edges kept)."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(range(net.n_nodes))
    G.add_weighted_edges_from(zip(net.edge_u.tolist(), net.edge_v.tolist(), net.edge_time_s.tolist()), weight="travel_time")
    return G


def _check_against_networkx(net, n_sources: int, n_targets: int, seed: int) -> int:
    G = _nx_graph(net)
    rng = np.random.default_rng(seed)
    sources = rng.choice(net.n_nodes, n_sources, replace=False)
    table = net.times_from(sources)
    back = net.times_to(sources)
    checked = 0
    for i, s in enumerate(sources.tolist()):
        ref = nx.shortest_path_length(G, source=s, weight="travel_time")
        targets = rng.choice(net.n_nodes, n_targets, replace=False).tolist()
        for t in targets:
            if t in ref:
                assert table[i, t] == pytest.approx(ref[t], abs=1e-3), (s, t)
                checked += 1
            else:
                assert not np.isfinite(table[i, t]), (s, t)
        # node → node on demand, and the reverse direction
        t = targets[0]
        assert net.time_between(s, t) == pytest.approx(ref.get(t, np.inf), abs=1e-3)
        if i >= 5:
            continue
        if nx.has_path(G, t, s):
            assert back[i, t] == pytest.approx(nx.shortest_path_length(G, t, s, weight="travel_time"), abs=1e-3)
        else:
            assert not np.isfinite(back[i, t])
    return checked


def test_equal_to_networkx_on_the_default_network() -> None:
    net = load_network()
    assert _check_against_networkx(net, 20, 60, seed=1) >= 1000


def test_equal_to_networkx_on_edmonton() -> None:
    net = load_network(shared_path("jemss", "edmonton", "roads.zip"))
    assert _check_against_networkx(net, 20, 50, seed=2) >= 900


def test_equal_to_networkx_where_not_everything_is_reachable() -> None:
    path = helsinki_pbf()
    net = load_network(path)
    assert not net.main_component.all()
    _check_against_networkx(net, 20, 200, seed=3)


def test_one_way_street_is_respected(tmp_path) -> None:
    """A → B along a one-way street is direct; B → A must go round the block."""
    osm = tmp_path / "oneway.osm"
    nodes = {1: (59.700, 18.600), 2: (59.700, 18.610), 3: (59.705, 18.610), 4: (59.705, 18.600)}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6">']
    lines += [f'<node id="{k}" lat="{la}" lon="{lo}"/>' for k, (la, lo) in nodes.items()]
    lines.append('<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/>'
                 '<tag k="maxspeed" v="50"/></way>')
    lines.append('<way id="2"><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="highway" v="residential"/>'
                 '<tag k="maxspeed" v="50"/></way>')
    lines.append("</osm>")
    osm.write_text("\n".join(lines), encoding="utf-8")
    net = load_network(osm)
    a, b = net.index[1], net.index[2]
    ab, ba = net.times_from([a])[0, b], net.times_from([b])[0, a]
    assert ab == pytest.approx(net.edge_time_s[(net.edge_u == a) & (net.edge_v == b)][0])
    assert ba > 2.5 * ab  # around the other three sides
    assert net.times_to([a])[0, b] == pytest.approx(ba) and net.times_to([b])[0, a] == pytest.approx(ab)


def test_rows_are_cached_and_independent(monkeypatch) -> None:
    from raddsim.network import shortest

    monkeypatch.setattr(shortest, "ALL_PAIRS_MAX_NODES", 0)  # a large network: rows per source, cached
    net = load_network()
    first = net.times_from([0, 5])
    assert {(True, 0), (True, 5)} <= set(net._row_cache)
    first[0, :] = -1.0  # the caller's copy, not the cache
    again = net.times_from([5, 0])
    assert (again[1] >= 0).all() and np.array_equal(again[0], first[1])


def test_disk_cache_hits_and_misses_on_changes(tmp_path) -> None:
    net = load_network()
    cache = TableCache(tmp_path)
    a = cache.times_from(net, [1, 2, 3])
    b = cache.times_from(load_network(), [1, 2, 3])  # a fresh network with the same roads and options
    assert cache.misses == 1 and cache.hits == 1 and np.array_equal(a, b)
    blue = net.with_options(NetworkOptions(blue_light=BlueLight(enabled=True)))
    c = cache.times_from(blue, [1, 2, 3])
    assert cache.misses == 2 and (c[np.isfinite(c) & (c > 0)] < a[np.isfinite(a) & (a > 0)]).all()
    assert np.array_equal(cache.times_to(net, [4]), net.times_to([4]))
