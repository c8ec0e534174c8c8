"""Rows searched on the junctions (raddsim.network.junctions): the shortest times of the whole graph, to rounding.

A large network (above ALL_PAIRS_MAX_NODES) is searched with its road's shape points contracted into chains; the
times must be Dijkstra's on the whole graph (1e-12 relative: they are summed in another order) and reach the same
nodes, for every kind of chain a road graph has: two-way, one-way either way, one-way partway, dead ends, rings
with no junction, loops back to their junction, parallel chains, self-loops and isolated nodes.
"""

from __future__ import annotations

import csv
import io
import pickle
import zipfile

import numpy as np
import pytest
from conftest import helsinki_pbf, shared_path
from scipy.sparse import csgraph

from raddsim.network import shortest
from raddsim.network.junctions import JunctionRow, Junctions, contract


def _road_graph(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """A random road-like graph: junctions joined by chains of shape points, with every awkward case in it."""
    rng = np.random.default_rng(seed)
    arcs: dict[tuple[int, int], float] = {}
    n_junctions = int(rng.integers(4, 12))
    n = n_junctions

    def add(a: int, b: int) -> None:
        arcs[(a, b)] = min(arcs.get((a, b), np.inf), float(rng.uniform(1.0, 60.0)))

    def chain(a: int, b: int | None, length: int, kind: str) -> None:
        nonlocal n
        nodes = [a, *range(n, n + length)] + ([] if b is None else [b])
        n += length
        cut = int(rng.integers(0, len(nodes) - 1))  # where a "partway" chain turns, a "gap" one is one-way
        for i, (x, y) in enumerate(zip(nodes[:-1], nodes[1:])):
            if kind in ("two-way", "forward", "gap") or (kind == "partway" and i < cut):
                add(x, y)
            if kind in ("two-way", "backward") or (kind == "partway" and i >= cut) or (kind == "gap" and i != cut):
                add(y, x)

    kinds = ["two-way", "two-way", "forward", "backward", "partway", "gap"]
    for _ in range(int(rng.integers(n_junctions, 3 * n_junctions))):
        a, b = (int(x) for x in rng.integers(0, n_junctions, 2))
        chain(a, b, int(rng.integers(0, 6)), kinds[int(rng.integers(0, len(kinds)))])  # a == b: a loop
    chain(0, None, 3, "two-way")  # a dead end
    chain(1, 2, 4, "two-way")
    chain(1, 2, 4, "two-way")  # parallel chains between the same junctions
    ring = list(range(n, n + 5))  # a ring of shape points with no junction at all
    n += 5
    for x, y in zip(ring, ring[1:] + ring[:1]):
        add(x, y)
    n += 2  # two isolated nodes
    arcs[(3, 3)] = 5.0  # a self-loop
    (u, v), w = np.array(list(arcs), np.int64).T, np.array(list(arcs.values()))
    return u, v, w, n


def _assert_same_times(mine: np.ndarray, whole: np.ndarray) -> None:
    assert np.array_equal(np.isinf(mine), np.isinf(whole)), "the same nodes are reached"
    fin = np.isfinite(whole)
    np.testing.assert_allclose(mine[fin], whole[fin], rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("seed", range(25))
def test_junction_rows_are_the_whole_graphs_shortest_times(seed) -> None:
    u, v, w, n = _road_graph(seed)
    whole = csgraph.dijkstra(shortest.csr_matrix(u, v, w, n), directed=True)
    j = Junctions(u, v, w, n)
    assert len(j.core) < n / 2, "the chains were contracted"
    _assert_same_times(j.rows(np.arange(n)), whole)
    back = csgraph.dijkstra(shortest.csr_matrix(v, u, w, n), directed=True)
    _assert_same_times(Junctions(v, u, w, n).rows(np.arange(n)), back)


def test_a_graph_of_one_junction_with_loops_back_to_it() -> None:
    """One junction (node 0) with two loops of shape points back to it, one of them one-way: the search's start
    node on a graph of one junction, and a loop's two ends at one junction."""
    arcs = {(0, 1): 10.0, (1, 2): 20.0, (2, 0): 5.0, (0, 3): 7.0, (3, 4): 3.0, (4, 0): 9.0, (4, 3): 2.0, (3, 0): 8.0}
    (u, v), w = np.array(list(arcs), np.int64).T, np.array(list(arcs.values()))
    j = Junctions(u, v, w, 5)
    assert len(j.core) == 1
    _assert_same_times(j.rows(np.arange(5)), csgraph.dijkstra(shortest.csr_matrix(u, v, w, 5), directed=True))
    ring = {(0, 1): 1.0, (1, 2): 1.0, (2, 0): 1.0}  # a ring alone: one of its nodes made the junction
    (u, v), w = np.array(list(ring), np.int64).T, np.array(list(ring.values()))
    _assert_same_times(Junctions(u, v, w, 3).rows(np.arange(3)),
                       csgraph.dijkstra(shortest.csr_matrix(u, v, w, 3), directed=True))


@pytest.mark.parametrize("seed", range(8))
def test_a_bounded_junction_search_finds_every_node_within_its_limit(seed) -> None:
    u, v, w, n = _road_graph(seed)
    whole = csgraph.dijkstra(shortest.csr_matrix(u, v, w, n), directed=True)
    j = Junctions(u, v, w, n)
    for limit in (0.0, 30.0, 90.0, 200.0):
        mine = j.rows(np.arange(n), limit=limit)
        near = whole <= limit
        np.testing.assert_allclose(mine[near], whole[near], rtol=1e-12, atol=1e-9)
        assert (mine[~near] > limit - 1e-9).all(), "nothing beyond the limit comes out shorter"


@pytest.mark.parametrize("seed", range(12))
def test_a_row_read_one_node_at_a_time_is_the_whole_rows_entry_to_the_bit(seed) -> None:
    """A dispatcher reads a row from the road at one node: the same bits as the whole row, bounded or not, with the
    network's first and last stretches or without, from junctions and from every place on a chain."""
    u, v, w, n = _road_graph(seed)
    j = Junctions(u, v, w, n)
    rng = np.random.default_rng(seed)
    first, last = rng.uniform(0.0, 9.0, n), rng.uniform(0.0, 9.0, n)
    for limit in (None, 60.0):
        whole = j.rows(np.arange(n), limit=limit)
        for s in range(n):
            row = JunctionRow(j, s, j.search(s, limit))
            assert len(row) == n
            assert np.array_equal([row[nd] for nd in range(n)], whole[s]), (s, limit)
            assert np.array_equal(np.asarray(row), whole[s])
            slow = JunctionRow(j, s, j.search(s, limit), float(first[s]), last)
            want = whole[s] + first[s] + last
            want[s] = 0.0
            assert np.array_equal([slow[nd] for nd in range(n)], want) and np.array_equal(np.asarray(slow), want)
    assert row[-1] == row[n - 1] and np.array_equal(row[[0, 2]], whole[n - 1][[0, 2]])
    with pytest.raises(IndexError):
        row[n]
    assert np.array_equal(np.asarray(pickle.loads(pickle.dumps(row))), whole[n - 1])


def test_the_contraction_is_the_same_every_time_and_from_the_memo() -> None:
    u, v, w, n = _road_graph(3)
    first, again = contract(u, v, w, n), contract(u, v, w, n)
    assert all(np.array_equal(first[k], again[k]) for k in first)
    j = Junctions(u, v, w, n)
    rows = j.rows(np.arange(n))
    assert np.array_equal(rows, Junctions(u, v, w, n).rows(np.arange(n)))  # the second is built from the memo
    sent = pickle.loads(pickle.dumps(j))  # a model sent to a Dask worker: without cached rows, with a lock
    assert not sent._cache and np.array_equal(sent.rows(np.arange(n)), rows)


def test_a_large_osm_network_is_searched_on_its_junctions_with_the_same_times() -> None:
    """Helsinki's extract (1,928 nodes, above the all-pairs limit): RoadNetwork's rows, both ways and bounded,
    are the whole network's Dijkstra rows; its 1,928 nodes are searched as 348 junctions."""
    from raddsim.network.load import load_network

    net = load_network(helsinki_pbf())
    assert net.n_nodes > shortest.ALL_PAIRS_MAX_NODES
    assert len(net._junctions(True).core) < net.n_nodes / 3
    nodes = np.arange(0, net.n_nodes, 37)
    whole = csgraph.dijkstra(net.csr, directed=True, indices=nodes)
    _assert_same_times(net.times_from(nodes), net._with_stretch(whole, nodes, True))
    back = csgraph.dijkstra(net.csr_reversed, directed=True, indices=nodes)
    _assert_same_times(net.times_to(nodes), net._with_stretch(back, nodes, False))
    row = net.times_from(nodes[:1])[0]
    within = net.times_from_within(int(nodes[0]), 120.0)
    np.testing.assert_allclose(within[row <= 120.0], row[row <= 120.0], rtol=1e-12)
    from dataclasses import replace

    from raddsim.network.options import BlueLight, NetworkOptions

    slow = load_network(helsinki_pbf(), options=replace(NetworkOptions(), blue_light=BlueLight(
        enabled=True, first_stretch_m=200.0, last_stretch_m=150.0)))
    assert slow._stretch_s[0].any() and slow._stretch_s[1].any()
    for network in (net, slow):
        for s in nodes[:12].tolist():  # rows read by node: the bits of the whole rows, stretches and all
            for limit, want in ((None, network.times_from([s])[0]), (120.0, network.times_from_within(s, 120.0))):
                lazy = network.row_from(s, limit)
                assert np.array_equal([lazy[nd] for nd in range(0, network.n_nodes, 7)], want[::7])
                assert np.array_equal(np.asarray(lazy), want)


def test_edmonton_rows_on_5601_junctions_equal_dijkstra_on_51331_nodes() -> None:
    """JEMSS Edmonton's road graph (../shared): 45,730 of its 51,331 nodes are shape points."""
    with zipfile.ZipFile(shared_path("jemss", "edmonton", "roads.zip")) as z:
        rows = list(csv.reader(io.TextIOWrapper(z.open("arcs.csv"), encoding="utf-8")))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "index")
    arcs = np.array([[float(x) for x in r[1:3]] + [float(r[4])] for r in rows[head + 1:] if r and r[0]])
    u, v = arcs[:, 0].astype(np.int64) - 1, arcs[:, 1].astype(np.int64) - 1
    n, w = int(max(u.max(), v.max())) + 1, arcs[:, 2] * 86400.0  # days → seconds
    j = Junctions(u, v, w, n)
    assert n == 51331 and len(j.core) == 5601
    sources = np.random.default_rng(7).choice(n, 40, replace=False)
    _assert_same_times(j.rows(sources), csgraph.dijkstra(shortest.csr_matrix(u, v, w, n), directed=True,
                                                         indices=sources))
