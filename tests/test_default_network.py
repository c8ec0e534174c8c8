"""Sanity of the embedded, hand-digitised Norrtälje network (issue 2)."""

from __future__ import annotations

import csv
import subprocess
import sys

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse import csgraph

from raddsim.network import load_network, load_osm_xml, to_sweref
from raddsim.region import data_dir

NETWORKS = data_dir("networks")
OSM = NETWORKS / "norrtalje_approx.osm"
# Neighbouring tätorter that water separates, so a long road detour is real (not a digitising error).
ACROSS_WATER = {
    frozenset({"Spillersboda", "Hattudden, Björnösund och Björknäs"}): "Norrtäljeviken",
    frozenset({"Spillersboda", "Södersvik"}): "the bays south of Rådmansö",
    frozenset({"Grisslehamn", "Hallstavik"}): "Väddö is an island (Väddö canal)",
}


@pytest.fixture(scope="module")
def net():
    return load_network(OSM)


@pytest.fixture(scope="module")
def places():
    path = data_dir("stations") / "norrtalje_tatorter.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))
    return [(r["name"], float(r["lat"]), float(r["lon"])) for r in rows]


def _lengths(net, keep=None):
    keep = np.ones(len(net.edge_u), bool) if keep is None else keep
    return sparse.csr_matrix((net.edge_length_m[keep], (net.edge_u[keep], net.edge_v[keep])), shape=(net.n_nodes, net.n_nodes))


def test_labelled_approximate(net) -> None:
    assert net.meta["approximate"] is True and "APPROXIMATE" in net.meta["label"]


def test_every_tatort_and_station_connected(net, places, default_region) -> None:
    pts = [(la, lo) for _, la, lo in places] + [(s.lat, s.lon) for s in default_region.stations.values()]
    lat, lon = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
    nodes, dist = net.nearest_nodes(lon, lat)
    assert dist.max() < 300
    labels = net.components()
    assert len(set(labels[nodes])) == 1


def test_neighbouring_tatorter_road_distance_is_plausible(net, places) -> None:
    lat = np.array([p[1] for p in places])
    lon = np.array([p[2] for p in places])
    x, y = to_sweref(lon, lat)
    nodes, _ = net.nearest_nodes(lon, lat)
    no_ferry = _lengths(net, net.edge_highway != "ferry")
    road = csgraph.dijkstra(no_ferry, indices=nodes)
    checked = 0
    for i, (name, _, _) in enumerate(places):
        straight = np.hypot(x - x[i], y - y[i])
        straight[i] = np.inf
        for j in np.argsort(straight)[:2]:
            other = places[j][0]
            if not np.isfinite(road[i, nodes[j]]) or frozenset({name, other}) in ACROSS_WATER:
                continue  # across a ferry (Blidö) or known water
            ratio = road[i, nodes[j]] / straight[j]
            assert 1.1 <= ratio <= 1.8, f"{name} → {other}: ratio {ratio:.2f}"
            checked += 1
    assert checked >= 40


def test_blido_only_via_the_two_ferries(net, places, default_region) -> None:
    names = [p[0] for p in places]
    st = default_region.stations
    lon = np.array([places[names.index("Norrtälje")][2], places[names.index("Blidö")][2], st["blido"].lon])
    lat = np.array([places[names.index("Norrtälje")][1], places[names.index("Blidö")][1], st["blido"].lat])
    nodes, _ = net.nearest_nodes(lon, lat)
    ferry = net.edge_highway == "ferry"
    assert ferry.sum() == 4  # two ferries, both directions
    without = csgraph.dijkstra(_lengths(net, ~ferry), indices=nodes[:1])
    assert not np.isfinite(without[0, nodes[1]]) and not np.isfinite(without[0, nodes[2]])
    # The fastest path from Norrtälje to Blidö uses both ferries.
    _, pred = csgraph.dijkstra(net.csr, indices=nodes[0], return_predecessors=True)
    path, v = [], nodes[1]
    while v != nodes[0]:
        path.append((pred[v], v))
        v = pred[v]
    ferry_edges = {(int(u), int(w)) for u, w in zip(net.edge_u[ferry], net.edge_v[ferry])}
    names_used = {net.graph.edges[net.node_ids[u], net.node_ids[w], 0]["name"] for u, w in path if (int(u), int(w)) in ferry_edges}
    assert len(names_used) == 2


def test_tags_and_refs(net) -> None:
    G = load_osm_xml(OSM)
    refs = set()
    for _, _, d in G.edges(data=True):
        if d.get("route") == "ferry":
            assert d.get("duration") and "highway" not in d
        else:
            assert d.get("highway") and d.get("maxspeed")
            if d.get("ref"):
                refs.add(d["ref"])
    assert {"E18", "76", "77", "276", "278", "280", "283"} <= refs
    place_names = {d.get("name") for _, d in G.nodes(data=True) if d.get("place")}
    assert "Norrtälje" in place_names and "Blidö" in place_names


def test_generator_is_deterministic_and_file_is_current(tmp_path) -> None:
    script = NETWORKS / "build_default_network.py"
    outs = []
    for k in range(2):
        out = tmp_path / f"n{k}.osm"
        subprocess.run([sys.executable, str(script), str(NETWORKS / "norrtalje_roads.toml"), str(out)], check=True,
                       capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0] == OSM.read_bytes(), "networks/norrtalje_approx.osm is stale: run networks/build_default_network.py"
