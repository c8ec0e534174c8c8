"""The road network the engine sees: arrays and travel-time tables, not networkx."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

from raddsim.network.speeds import highway_class

# Some OSM edges have zero length (duplicate nodes); csgraph drops explicit
# zeros from sparse input, so give them a negligible positive weight instead.
_MIN_EDGE_S = 1e-6


def to_sweref(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 lon/lat to SWEREF 99 TM (EPSG:3006) metres."""
    tr = _transformer("EPSG:4326", "EPSG:3006")
    x, y = tr.transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x), np.asarray(y)


_TRANSFORMERS: dict[tuple[str, str], Any] = {}


def _transformer(src: str, dst: str):
    from pyproj import Transformer

    key = (src, dst)
    if key not in _TRANSFORMERS:
        _TRANSFORMERS[key] = Transformer.from_crs(src, dst, always_xy=True)
    return _TRANSFORMERS[key]


@dataclass
class RoadNetwork:
    """A directed road network as arrays, with fast travel-time queries.

    Attributes
    ----------
    graph
        The networkx graph it was built from (for maps and info; the engine never uses it).
    node_ids
        OSM (or file) id of each node; node *index* ``i`` refers to ``node_ids[i]``.
    lon, lat
        WGS84 coordinates of the nodes.
    x, y
        SWEREF 99 TM coordinates (m).
    edge_u, edge_v
        Node indices of each directed edge.
    edge_length_m, edge_time_s
        Length and travel time of each edge.
    edge_highway
        Highway class of each edge ("ferry" for ferries).
    edge_outside
        True for edges tagged ``raddsim:outside=yes``: roads beyond the study
        region, kept so neighbours' crews can drive in, but with no demand.
    meta
        Provenance: ``source``, ``label``, ``approximate`` …
    """

    graph: nx.MultiDiGraph
    node_ids: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray
    y: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length_m: np.ndarray
    edge_time_s: np.ndarray
    edge_highway: np.ndarray
    edge_outside: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph, meta: dict[str, Any] | None = None) -> "RoadNetwork":
        """Build from a graph whose edges carry ``length`` and ``travel_time``."""
        node_ids = np.array(list(G.nodes), dtype=np.int64)
        index = {n: i for i, n in enumerate(G.nodes)}
        lon = np.array([G.nodes[n]["x"] for n in G.nodes], dtype=float)
        lat = np.array([G.nodes[n]["y"] for n in G.nodes], dtype=float)
        x, y = to_sweref(lon, lat)
        m = G.number_of_edges()
        u = np.empty(m, np.int64)
        v = np.empty(m, np.int64)
        length = np.empty(m)
        ttime = np.empty(m)
        hwy = np.empty(m, dtype=object)
        outside = np.zeros(m, bool)
        for k, (a, b, d) in enumerate(G.edges(data=True)):
            u[k], v[k] = index[a], index[b]
            length[k] = float(d.get("length", 0.0))
            ttime[k] = float(d["travel_time"])
            hwy[k] = "ferry" if d.get("ferry") is True else highway_class(d.get("highway"))
            outside[k] = d.get("raddsim:outside") in ("yes", True)
        return cls(G, node_ids, lon, lat, x, y, u, v, length, ttime, hwy.astype(str), outside, dict(meta or {}))

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @cached_property
    def index(self) -> dict[int, int]:
        return {int(n): i for i, n in enumerate(self.node_ids)}

    @cached_property
    def csr(self) -> sparse.csr_matrix:
        """Travel-time adjacency (seconds); parallel edges keep the fastest."""
        n = self.n_nodes
        w = np.maximum(self.edge_time_s, _MIN_EDGE_S)
        order = np.lexsort((w, self.edge_v, self.edge_u))
        u, v, w = self.edge_u[order], self.edge_v[order], w[order]
        keep = np.ones(len(u), bool)
        keep[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        return sparse.csr_matrix((w[keep], (u[keep], v[keep])), shape=(n, n))

    @cached_property
    def csr_reversed(self) -> sparse.csr_matrix:
        return self.csr.T.tocsr()

    @cached_property
    def _kdtree(self) -> cKDTree:
        return cKDTree(np.column_stack([self.x, self.y]))

    def nearest_nodes(self, lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """Nearest node index and straight-line distance (m) for WGS84 points."""
        px, py = to_sweref(np.atleast_1d(lon), np.atleast_1d(lat))
        dist, idx = self._kdtree.query(np.column_stack([px, py]))
        return np.asarray(idx, np.int64), np.asarray(dist, float)

    def times_from(self, sources: np.ndarray | list[int]) -> np.ndarray:
        """Travel time (s) from each source node index to every node; ``inf`` if unreachable."""
        src = np.atleast_1d(np.asarray(sources, np.int64))
        return np.atleast_2d(csgraph.dijkstra(self.csr, directed=True, indices=src))

    def times_to(self, targets: np.ndarray | list[int]) -> np.ndarray:
        """Travel time (s) from every node to each target node index (one-way streets respected)."""
        dst = np.atleast_1d(np.asarray(targets, np.int64))
        return np.atleast_2d(csgraph.dijkstra(self.csr_reversed, directed=True, indices=dst))

    def components(self) -> np.ndarray:
        """Strongly connected component label of each node."""
        _, labels = csgraph.connected_components(self.csr, directed=True, connection="strong")
        return labels

    def node_label(self, i: int) -> str:
        """A human description of a node: its OSM id and position."""
        return f"node {int(self.node_ids[i])} at {self.lat[i]:.5f}N {self.lon[i]:.5f}E"
