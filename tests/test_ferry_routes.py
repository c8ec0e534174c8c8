"""A ferry route drawn with several edges is one crossing (raddsim.network.ferry_routes).

A real OSM extract draws a ferry's way with points along its sea lane, each edge carrying the way's ``duration``;
raddsim read each edge as a whole crossing with its own wait (19 edges: 19 crossings). The embedded default draws
each ferry as one edge: the same roads with points every 60 m must give the same crossings, and the same figures.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from raddsim.network import load_network
from raddsim.network.ferry_routes import routes, shared_out
from raddsim.region.region import default_region_path


def _graph() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Road 0–1; a two-way ferry 1–5–6–2 through the water (5, 6); road 2–3; a one-way ferry 3 → 7 → 4; a
    ferry 1–2 of one edge."""
    pairs = [(0, 1), (1, 0), (1, 5), (5, 6), (6, 2), (2, 6), (6, 5), (5, 1), (2, 3), (3, 2), (3, 7), (7, 4),
             (1, 2), (2, 1)]
    u, v = (np.array(x, np.int64) for x in zip(*pairs))
    ferry = np.array([False, False, True, True, True, True, True, True, False, False, True, True, True, True])
    return u, v, ferry


def test_a_ferry_route_is_found_from_berth_to_berth_through_the_water() -> None:
    u, v, ferry = _graph()
    on_road = np.zeros(8, bool)
    on_road[u[~ferry]] = on_road[v[~ferry]] = True
    k = np.flatnonzero(ferry)  # indices among the ferry edges below
    found = sorted(tuple(int(k[e]) for e in chain) for chain in routes(u[k], v[k], on_road))
    assert found == [(2, 3, 4), (5, 6, 7), (10, 11), (12,), (13,)]


def test_a_routes_given_time_is_split_by_length_and_its_wait_paid_once() -> None:
    u, v, ferry = _graph()
    on_road = np.zeros(8, bool)
    on_road[u[~ferry]] = on_road[v[~ferry]] = True
    k = np.flatnonzero(ferry)
    length = np.array([100.0, 200.0, 300.0, 300.0, 200.0, 100.0, 50.0, 150.0, 400.0, 400.0])
    given = np.array([600.0] * 6 + [np.nan, np.nan, 900.0, 900.0])  # the one-way ferry untagged
    per_edge = np.where(np.isfinite(given), given, length / (15 / 3.6))
    crossing, wait = shared_out(u[k], v[k], on_road, length, given, per_edge, np.full(10, 450.0))
    np.testing.assert_allclose(crossing[:3], [100.0, 200.0, 300.0])  # 600 s along 600 m
    np.testing.assert_allclose(crossing[3:6], [300.0, 200.0, 100.0])
    np.testing.assert_allclose(crossing[6:8], [50.0 / (15 / 3.6), 150.0 / (15 / 3.6)])  # by length, as before
    assert list(crossing[8:]) == [900.0, 900.0]  # one edge: as before
    assert list(wait) == [450.0, 0.0, 0.0, 450.0, 0.0, 0.0, 450.0, 0.0, 450.0, 450.0]
    varied = given.copy()
    varied[1] = 500.0  # edges with times of their own: kept
    crossing, _ = shared_out(u[k], v[k], on_road, length, varied, np.where(np.isfinite(varied), varied, 1.0),
                             np.zeros(10))
    assert list(crossing[:3]) == [600.0, 500.0, 600.0]


def _densified(src: Path, dst: Path, step_m: float) -> Path:
    """``src`` with points every ``step_m`` metres along each way (the density of a real extract)."""
    tree = ET.parse(src)
    root = tree.getroot()
    nodes = {n.get("id"): (float(n.get("lat")), float(n.get("lon"))) for n in root.iter("node")}
    next_id = max(int(k) for k in nodes) + 1
    first_way = next(i for i, el in enumerate(root) if el.tag == "way")
    for way in list(root.iter("way")):
        refs = [nd.get("ref") for nd in way.findall("nd")]
        out = [refs[0]]
        for a, b in zip(refs, refs[1:]):
            (la, lo), (lb, lob) = nodes[a], nodes[b]
            parts = int(math.hypot(lb - la, (lob - lo) * math.cos(math.radians(la))) * 111_320 // step_m)
            for i in range(1, parts):
                root.insert(first_way, ET.Element("node", id=str(next_id), version="1",
                                                  lat=f"{la + i / parts * (lb - la):.7f}",
                                                  lon=f"{lo + i / parts * (lob - lo):.7f}"))
                first_way += 1
                out.append(str(next_id))
                next_id += 1
            out.append(b)
        for nd in way.findall("nd"):
            way.remove(nd)
        for k, ref in enumerate(out):
            way.insert(k, ET.Element("nd", ref=ref))
    tree.write(dst, encoding="UTF-8", xml_declaration=True)
    return dst


def test_the_default_roads_drawn_with_points_every_60_m_cross_the_water_as_before(tmp_path) -> None:
    src = default_region_path().parent.parent / "networks" / "norrtalje_approx.osm"
    coarse = load_network(src)
    dense = load_network(_densified(src, tmp_path / "dense.osm", 60.0))
    assert dense.n_nodes > 8 * coarse.n_nodes and dense.edge_ferry.sum() > 8 * coarse.edge_ferry.sum()
    ends = np.unique(np.concatenate([coarse.edge_u[coarse.edge_ferry], coarse.edge_v[coarse.edge_ferry]]))
    at = {int(i): k for k, i in enumerate(dense.data.node_ids.tolist())}
    same = np.array([at[int(coarse.data.node_ids[e])] for e in ends])
    np.testing.assert_allclose(dense.times_from(same)[:, same], coarse.times_from(ends)[:, ends], rtol=2e-3)
    assert dense.edge_wait_s.sum() == coarse.edge_wait_s.sum()  # each crossing's wait once
    assert abs(dense.edge_time_s[dense.edge_ferry].sum() - coarse.edge_time_s[coarse.edge_ferry].sum()) < 1e-9


def test_an_unnamed_ferry_drawn_with_several_edges_is_named_by_its_berths(tmp_path) -> None:
    """Unnamed ferries are described by their ends: a route's two berths, not each of its edges' ends (a scenario
    takes it out of service by that name; the network's ferry list names each once)."""
    src = default_region_path().parent.parent / "networks" / "norrtalje_approx.osm"
    text = src.read_text(encoding="utf-8")
    unnamed = tmp_path / "unnamed.osm"
    root = ET.fromstring(text.encode("utf-8"))
    for way in root.iter("way"):
        if any(t.get("k") == "route" and t.get("v") == "ferry" for t in way.findall("tag")):
            for t in [t for t in way.findall("tag") if t.get("k") == "name"]:
                way.remove(t)
    ET.ElementTree(root).write(unnamed, encoding="UTF-8", xml_declaration=True)
    coarse = load_network(unnamed).data.ferry_names()
    assert len(coarse) == 2 and all(name.startswith("ferry at ") for name in coarse)
    assert load_network(_densified(unnamed, tmp_path / "dense.osm", 60.0)).data.ferry_names() == coarse
