"""All-pairs tables from the disk memo give the same rows, to the bit, as Dijkstra from each source."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csgraph

from raddsim.experiment.model import build_model
from raddsim.network import shortest
from raddsim.network.road import RoadNetwork
from raddsim.region.region import load_region


@pytest.fixture(scope="module")
def net() -> RoadNetwork:
    return build_model(load_region(None)).network


def test_rows_equal_dijkstra_from_each_source(net):
    assert net.n_nodes <= shortest.ALL_PAIRS_MAX_NODES  # the default takes the all-pairs path
    sources = np.arange(0, net.n_nodes, 7)
    fwd = csgraph.dijkstra(net.csr, directed=True, indices=sources)
    rev = csgraph.dijkstra(net.csr_reversed, directed=True, indices=sources)
    kinds = []
    for _ in range(3):  # first sight (rows per source), computed and kept, read back from the memo
        net2 = RoadNetwork.from_data(net.data, net.options)  # a fresh object: no tables in memory
        assert np.array_equal(net2._rows(sources, forward=True), fwd)
        assert np.array_equal(net2._rows(sources, forward=False), rev)
        kinds.append(net2._all_pairs(True) is not None)
    assert kinds[1:] == [True, True]


def test_home_trees_equal_dijkstra_with_predecessors(net):
    for node in (0, net.n_nodes // 2, net.n_nodes - 1):
        dist, pred = csgraph.dijkstra(net.csr_reversed, indices=node, return_predecessors=True)
        p, d = net.home_tree(node)
        assert np.array_equal(p, pred.astype(np.int64)) and p.dtype == np.int64
        assert np.array_equal(d, dist)


def test_large_networks_run_dijkstra_per_source(net, monkeypatch):
    monkeypatch.setattr(shortest, "ALL_PAIRS_MAX_NODES", 10)
    big = RoadNetwork.from_data(net.data, net.options)
    assert big._all_pairs(True) is None
    sources = np.array([3, 100, 3])
    assert np.array_equal(big.times_from(sources), net.times_from(sources))
    assert np.array_equal(big.times_to(sources), net.times_to(sources))
    p, d = big.home_tree(5)
    p0, d0 = net.home_tree(5)
    assert np.array_equal(p, p0) and np.array_equal(d, d0)


def test_components_equal_csgraph(net):
    for connection in ("strong", "weak"):
        _, labels = csgraph.connected_components(net.csr, directed=True, connection=connection)
        u, v, _ = net.weighted_edges
        assert np.array_equal(shortest.components(u, v, net.n_nodes, connection), labels)
    assert net.main_component.sum() > 0.9 * net.n_nodes


def test_rows_are_plain_writable_arrays(net):
    rows = net.times_from([0, 1])
    assert type(rows) is np.ndarray and rows.flags.writeable
    rows[:] = -1.0  # the memo's table is untouched
    assert net.times_from([0])[0, 0] == 0.0


def test_all_pairs_of_a_directed_graph():
    # One-way edges: forward and reverse tables differ (the default network has few one-way roads).
    rng = np.random.default_rng(3)
    n = 60
    u, v = rng.integers(0, n, 400), rng.integers(0, n, 400)
    keep = u != v
    pairs = sorted(set(zip(u[keep].tolist(), v[keep].tolist())))
    u, v = np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])
    w = rng.uniform(1.0, 100.0, len(u))
    m = shortest.csr_matrix(u, v, w, n)
    assert shortest.all_pairs(u, v, w, n, reverse=False) is None  # first sight
    assert shortest.all_pairs(u, v, w, n, reverse=True) is None
    fwd = shortest.all_pairs(u, v, w, n, reverse=False)
    rev = shortest.all_pairs(u, v, w, n, reverse=True)
    assert fwd is not None and rev is not None
    assert not np.array_equal(fwd["dist"], rev["dist"])
    assert np.array_equal(fwd["dist"], csgraph.dijkstra(m, directed=True))
    d, p = csgraph.dijkstra(m.T.tocsr(), directed=True, return_predecessors=True)
    assert np.array_equal(rev["dist"], d) and np.array_equal(rev["pred"], p)
    for s in (0, 17):
        row, _ = shortest.dijkstra(u, v, w, n, np.array([s]), reverse=True)
        assert np.array_equal(row[0], rev["dist"][s])


def test_without_the_disk_memo_rows_come_per_source(net, monkeypatch):
    # All-pairs tables held in memory would grow with every network variant of a sweep.
    monkeypatch.setenv("RADDSIM_CACHE_DIR", "off")
    off = RoadNetwork.from_data(net.data, net.options)
    assert off._all_pairs(True) is None
    assert np.array_equal(off.times_from([4, 2]), net.times_from([4, 2]))
