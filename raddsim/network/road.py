"""The road network the engine sees: arrays and travel-time tables, not networkx."""

from __future__ import annotations

import hashlib
import logging
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from raddsim.core.arraycache import cache_dir
from raddsim.core.text import lat_lon
from raddsim.network import ferries as ferry_model
from raddsim.network import ferry_routes, shortest
from raddsim.network.data import RoadData
from raddsim.network.edits import apply_road_changes
from raddsim.network.junctions import JunctionRow, Junctions
from raddsim.network.options import NetworkOptions
from raddsim.network.positions import nearest_nodes, positions
from raddsim.network.speeds import (
    blue_light_factor,
    emergency_speed_kmh,
    legal_speed_kmh,
    untranslated_implicit,
    untranslated_message,
)

if TYPE_CHECKING:  # networkx and scipy are imported only where needed (not for a plain run)
    import networkx as nx
    from scipy import sparse

# Some OSM edges have zero length (duplicate nodes); csgraph drops explicit
# zeros from sparse input, so give them a negligible positive weight instead.
_MIN_EDGE_S = 1e-6


#: RoadNetwork → its all-pairs tables by direction (network.shortest); weak, so never pickled with it.
_ALL_PAIRS: "weakref.WeakKeyDictionary[RoadNetwork, dict[bool, _Tables]]" = weakref.WeakKeyDictionary()
_Tables = dict[str, np.ndarray] | None
#: RoadData → the ``[network.speeds.implicit]`` tables already warned about: one warning per network load, not
#: one per scenario or vehicle class built from it.
_IMPLICIT_WARNED: "weakref.WeakKeyDictionary[RoadData, set]" = weakref.WeakKeyDictionary()

log = logging.getLogger(__name__)


def warn_untranslated(data: RoadData, options: NetworkOptions) -> dict[str, int]:
    """Warn (once per road data and tables) of implicit limits neither built in nor in ``[network.speeds.implicit]``,
    and of roads without a limit (``maxspeed=none``) whose class's speed the region's ``[network.speeds]`` leaves as
    built in.

    Returns
    -------
    dict
        Each such value and its number of edges (empty when every one is translated).
    """
    counts = untranslated_implicit(data.edge_implicit, dict(options.implicit_speeds), data.edge_highway,
                                   dict(options.class_speeds))  # a class speed the region set covers maxspeed=none
    seen = _IMPLICIT_WARNED.setdefault(data, set())
    if counts and (options.implicit_speeds, options.class_speeds) not in seen:
        seen.add((options.implicit_speeds, options.class_speeds))
        log.warning("%s", untranslated_message(counts, data.meta.get("file") or data.meta.get("source")))
    return counts


def edge_times(data: RoadData, options: NetworkOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Travel time (s), speed (km/h) and ferry wait (s) of every edge of ``data`` under ``options``.

    Roads: the source's given time where it has one (emergency time when blue
    light is on and given), else length at the legal speed, sped up by the
    blue-light factor (see :mod:`raddsim.network.speeds`). Ferries: crossing
    plus expected wait (see :mod:`raddsim.network.ferries`).
    """
    bl = options.blue_light
    length = data.edge_length_m
    legal = legal_speed_kmh(data.edge_tagged_kmh, data.edge_highway, dict(options.class_speeds), data.edge_implicit,
                            dict(options.implicit_speeds))
    normal_s = np.where(np.isfinite(data.edge_time_given_s), data.edge_time_given_s, length / (legal / 3.6))
    time_s = normal_s.copy()
    if bl.enabled:
        with np.errstate(divide="ignore", invalid="ignore"):
            normal_kmh = np.where(normal_s > 0, 3.6 * length / normal_s, legal)
        factor = blue_light_factor(data.edge_highway, bl.factor_map(), bl.scaled_default)
        blue_kmh = emergency_speed_kmh(normal_kmh, factor, bl.max_speed_kmh)
        with np.errstate(divide="ignore", invalid="ignore"):
            derived = np.where(blue_kmh > 0, normal_s * normal_kmh / blue_kmh, normal_s)
        time_s = np.where(np.isfinite(data.edge_emergency_given_s), data.edge_emergency_given_s, derived)
    else:
        # A factor below 1 is what the vehicle can do on that class of road (a heavy engine on a narrow
        # gravel road), not an emergency-driving gain: it holds on the way home too, so no crew drives
        # home faster than it drove out (factors above 1 stay the blue light's alone).
        slow = np.minimum(blue_light_factor(data.edge_highway, bl.factor_map(), bl.scaled_default), 1.0)
        time_s = np.where(np.isfinite(data.edge_time_given_s), normal_s, normal_s / slow)
    if np.isfinite(bl.top_speed_kmh):  # a heavy vehicle: never faster than its top speed, blue light or not
        time_s = np.maximum(time_s, length / (bl.top_speed_kmh / 3.6))
    wait = np.zeros(data.n_edges)
    if data.edge_ferry.any():
        k = np.flatnonzero(data.edge_ferry)
        labels = ferry_labels(data)[k]
        crossing, w = ferry_model.ferry_costs(labels, data.edge_crossing_s[k], length[k], options.ferries)
        on_road = ferry_routes.road_nodes(data.edge_u, data.edge_v, data.edge_ferry, data.n_nodes)
        crossing, w = ferry_routes.shared_out(data.edge_u[k], data.edge_v[k], on_road, length[k],
                                              ferry_model.given_crossing_s(labels, data.edge_crossing_s[k],
                                                                           options.ferries), crossing, w)
        time_s[k] = crossing + w
        wait[k] = w
    moving_s = time_s - wait
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(moving_s > 0, 3.6 * length / moving_s, 0.0)
    return time_s, speed, wait


def ferry_labels(data: RoadData) -> np.ndarray:
    """Name of each edge's ferry (its ends when unnamed); ``""`` for roads."""
    return data.ferry_labels()


@dataclass(eq=False)
class RoadNetwork:
    """A directed road network as arrays, with fast travel-time queries.

    Build it with :func:`raddsim.network.load_network` (any source) or
    :meth:`from_data`; :meth:`with_options` gives the same roads under other
    :class:`NetworkOptions` (scenario knobs) without reloading.

    Attributes
    ----------
    data
        The cleaned graph as arrays (all edges, whatever the options).
    options
        Speeds, blue light, ferries, off-road leg.
    edges
        Indices into ``data``'s edges of the edges in service (ferries out of
        service are removed).
    edge_time_s, edge_speed_kmh, edge_wait_s
        Travel time, speed while moving and ferry wait of each edge in service.
    meta
        Provenance: ``source``, ``label``, ``approximate`` …

    Node arrays (``node_ids``, ``lon``, ``lat``, ``x``, ``y`` in :attr:`metric_crs`)
    and edge arrays (``edge_u``, ``edge_v``, ``edge_length_m``,
    ``edge_highway`` — ``"ferry"`` for ferries — ``edge_name``,
    ``edge_outside``) are properties; node *index* ``i`` refers to ``node_ids[i]``.
    """

    data: RoadData
    options: NetworkOptions
    edges: np.ndarray
    edge_time_s: np.ndarray
    edge_speed_kmh: np.ndarray
    edge_wait_s: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    # -- construction ---------------------------------------------------------

    @classmethod
    def from_data(cls, data: RoadData, options: NetworkOptions | None = None) -> "RoadNetwork":
        """Apply ``options`` (default: :class:`NetworkOptions()`) to cleaned road data."""
        options = options if options is not None else NetworkOptions()
        warn_untranslated(data, options)
        if options.roads:  # a scenario's added/removed roads
            data = apply_road_changes(data, options.roads, file=data.meta.get("source"))
        if options.ferries.lines:
            ferry_model.check_lines(ferry_labels(data)[data.edge_ferry], options.ferries.lines)
        time_s, speed, wait = edge_times(data, options)
        keep = np.ones(data.n_edges, bool)
        removed: list[str] = []
        if options.ferries.out_of_service:
            k = np.flatnonzero(data.edge_ferry)
            labels = ferry_labels(data)[k]
            off = ferry_model.out_of_service(labels, options.ferries.out_of_service)
            keep[k[off]] = False
            removed = sorted(set(labels[off]))
        idx = np.flatnonzero(keep)
        meta = dict(data.meta)
        meta["blue_light"] = options.blue_light.enabled
        if removed:
            meta["ferries_out_of_service"] = removed
        return cls(data, options, idx, time_s[idx], speed[idx], wait[idx], meta)

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph, meta: dict[str, Any] | None = None,
                   options: NetworkOptions | None = None) -> "RoadNetwork":
        """Build from a networkx graph with node ``x``/``y`` and edge ``length`` + OSM tags."""
        return cls.from_data(RoadData.from_graph(G, meta), options)

    def with_options(self, options: NetworkOptions) -> "RoadNetwork":
        """The same roads under other options (shares positions and the spatial index)."""
        if options == self.options:
            return self
        return RoadNetwork.from_data(self.data, options)

    # -- nodes ----------------------------------------------------------------

    @property
    def node_ids(self) -> np.ndarray:
        return self.data.node_ids

    @property
    def lon(self) -> np.ndarray:
        return self.data.lon

    @property
    def lat(self) -> np.ndarray:
        return self.data.lat

    @property
    def x(self) -> np.ndarray:
        return positions(self.data).x

    @property
    def y(self) -> np.ndarray:
        return positions(self.data).y

    @property
    def metric_crs(self) -> str:
        """The projected CRS of :attr:`x`/:attr:`y` and of all metric work on this network (EPSG:3006 in Sweden)."""
        return positions(self.data).crs

    @property
    def n_nodes(self) -> int:
        return self.data.n_nodes

    @cached_property
    def index(self) -> dict[int, int]:
        return {int(n): i for i, n in enumerate(self.node_ids)}

    # -- edges in service -----------------------------------------------------

    @cached_property
    def edge_u(self) -> np.ndarray:
        return self.data.edge_u[self.edges]

    @cached_property
    def edge_v(self) -> np.ndarray:
        return self.data.edge_v[self.edges]

    @cached_property
    def edge_length_m(self) -> np.ndarray:
        return self.data.edge_length_m[self.edges]

    @cached_property
    def edge_highway(self) -> np.ndarray:
        return self.data.edge_highway[self.edges]

    @cached_property
    def edge_name(self) -> np.ndarray:
        return self.data.edge_name[self.edges]

    @cached_property
    def edge_outside(self) -> np.ndarray:
        return self.data.edge_outside[self.edges]

    @cached_property
    def edge_ferry(self) -> np.ndarray:
        return self.data.edge_ferry[self.edges]

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The networkx graph of the source (all edges; for maps and inspection, never the engine)."""
        return self.data.graph if self.data.graph is not None else self.data.to_graph()

    # -- travel times ---------------------------------------------------------

    @cached_property
    def weighted_edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(u, v, seconds)`` of the graph shortest paths run on: parallel edges keep the fastest."""
        w = np.maximum(self.edge_time_s, _MIN_EDGE_S)
        order = np.lexsort((w, self.edge_v, self.edge_u))
        u, v, w = self.edge_u[order], self.edge_v[order], w[order]
        keep = np.ones(len(u), bool)
        keep[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        return u[keep], v[keep], w[keep]

    @cached_property
    def csr(self) -> sparse.csr_matrix:
        """Travel-time adjacency (seconds); parallel edges keep the fastest (imports scipy)."""
        return shortest.csr_matrix(*self.weighted_edges, self.n_nodes)

    @cached_property
    def csr_reversed(self) -> sparse.csr_matrix:
        return self.csr.T.tocsr()

    @cached_property
    def _stretch_s(self) -> tuple[np.ndarray, np.ndarray]:
        """Extra seconds of the slow first stretch from / last stretch into each node."""
        bl = self.options.blue_light
        n = self.n_nodes
        first, last = np.zeros(n), np.zeros(n)
        if not bl.enabled or (bl.first_stretch_m <= 0 and bl.last_stretch_m <= 0):
            return first, last
        road = ~self.edge_ferry
        v_out, v_in = np.zeros(n), np.zeros(n)
        np.maximum.at(v_out, self.edge_u[road], self.edge_speed_kmh[road])
        np.maximum.at(v_in, self.edge_v[road], self.edge_speed_kmh[road])
        slow = bl.stretch_speed_kmh / 3.6
        with np.errstate(divide="ignore"):
            first = np.maximum(bl.first_stretch_m / slow - bl.first_stretch_m / (np.maximum(v_out, 1e-9) / 3.6), 0)
            last = np.maximum(bl.last_stretch_m / slow - bl.last_stretch_m / (np.maximum(v_in, 1e-9) / 3.6), 0)
        return np.where(v_out > 0, first, 0.0), np.where(v_in > 0, last, 0.0)

    def _with_stretch(self, t: np.ndarray, sources: np.ndarray, forward: bool) -> np.ndarray:
        first, last = self._stretch_s
        if not (first.any() or last.any()):
            return t
        if forward:  # rows are origins, columns destinations
            out = t + first[sources][:, None] + last[None, :]
        else:  # rows are destinations, columns origins
            out = t + first[None, :] + last[sources][:, None]
        out[np.arange(len(sources)), sources] = 0.0
        return out

    def times_from(self, sources: np.ndarray | list[int]) -> np.ndarray:
        """Travel time (s) from each source node index to every node; ``inf`` if unreachable.

        One Dijkstra per source (scipy.sparse.csgraph), one-way streets respected.
        Rows are cached per source, so station sets that share stations share work.
        """
        src = np.atleast_1d(np.asarray(sources, np.int64))
        return self._with_stretch(self._rows(src, forward=True), src, True)

    def times_from_within(self, source: int, limit: float) -> np.ndarray:
        """:meth:`times_from` of one node, searched only up to ``limit`` s: times above it may read ``inf``.

        Not cached: a search bounded in time visits a few thousand nodes of a city's 50k (Edmonton: 0.1–1 ms for
        2–10 minutes against 6 ms for a whole row), for a question asked once (:mod:`raddsim.engine.divert`)."""
        src = np.array([int(source)], np.int64)
        if self._all_pairs(True) is not None:
            return self.times_from(src)[0]  # a table read
        return self._with_stretch(self._search(src, True, limit), src, True)[0]

    def row_from(self, source: int, limit: float | None = None) -> np.ndarray | JunctionRow:
        """:meth:`times_from` of one node (searched up to ``limit`` s if given, as :meth:`times_from_within`), as a
        row read by node: ``row[nd]``, ``len(row)``, ``np.asarray(row)``.

        On a network above :data:`raddsim.network.shortest.ALL_PAIRS_MAX_NODES` nodes a
        :class:`~raddsim.network.junctions.JunctionRow`: the search's times to the junctions, each node's time read
        when asked (the same bits as the whole row); an array otherwise. Not cached here (the caller keeps what it
        reuses: :class:`raddsim.engine.travel.NodeRows`)."""
        if self.n_nodes <= shortest.ALL_PAIRS_MAX_NODES:
            return self.times_from([source])[0] if limit is None else self.times_from_within(source, limit)
        junctions = self._junctions(True)
        first, last = self._stretch_s
        stretch = bool(first.any() or last.any())
        return JunctionRow(junctions, source, junctions.search(int(source), limit),
                           float(first[source]) if stretch else 0.0, last if stretch else None)

    @property
    def row_floats(self) -> int:
        """The numbers a row of :meth:`row_from` holds (its memory ÷ 8): nodes, or junctions on a large network."""
        if self.n_nodes <= shortest.ALL_PAIRS_MAX_NODES:
            return self.n_nodes
        return len(self._junctions(True).core)

    def times_to(self, targets: np.ndarray | list[int]) -> np.ndarray:
        """Travel time (s) from every node to each target node index (one-way streets respected)."""
        dst = np.atleast_1d(np.asarray(targets, np.int64))
        return self._with_stretch(self._rows(dst, forward=False), dst, False)

    def time_between(self, origin: int, destination: int) -> float:
        """Travel time (s) from one node index to another, on demand (cached per origin)."""
        return float(self.times_from([origin])[0, destination])

    @cached_property
    def _row_cache(self) -> dict[tuple[bool, int], np.ndarray]:
        return {}

    #: At most this many cached Dijkstra rows per network (memory: rows × nodes × 8 bytes).
    ROW_CACHE_LIMIT = 256

    def _rows(self, nodes: np.ndarray, forward: bool) -> np.ndarray:
        table = self._all_pairs(forward)
        if table is not None:
            return np.asarray(table["dist"])[nodes]  # a copy: a plain, writable array
        cache = self._row_cache
        missing = sorted({s for s in nodes.tolist() if (forward, s) not in cache})
        computed: dict[int, np.ndarray] = {}
        if missing:
            computed = dict(zip(missing, self._search(np.array(missing, np.int64), forward)))
        out = np.empty((len(nodes), self.n_nodes))
        for i, s in enumerate(nodes.tolist()):
            out[i] = computed[s] if s in computed else cache[(forward, s)]
        if len(cache) + len(computed) > self.ROW_CACHE_LIMIT:
            cache.clear()
        if len(computed) <= self.ROW_CACHE_LIMIT:
            for s, row in computed.items():
                row.setflags(write=False)
                cache[(forward, s)] = row
        return out

    def _search(self, sources: np.ndarray, forward: bool, limit: float | None = None) -> np.ndarray:
        """Dijkstra rows from ``sources`` (bounded by ``limit`` s if given): on the junctions of a network too large
        for all-pairs tables; on the whole network otherwise, where every row must equal its all-pairs table's to
        the bit (a network gets its tables the second time it is seen)."""
        if self.n_nodes > shortest.ALL_PAIRS_MAX_NODES:
            return self._junctions(forward).rows(sources, limit=limit)
        from scipy.sparse import csgraph

        bound = {} if limit is None else {"limit": max(float(limit), 0.0)}
        m = self.csr if forward else self.csr_reversed  # kept: rows come one source at a time
        return np.atleast_2d(csgraph.dijkstra(m, directed=True, indices=sources, **bound))

    @cached_property
    def _junction_graphs(self) -> dict[bool, Junctions]:
        return {}

    def _junctions(self, forward: bool) -> Junctions:
        """The network with its road's shape points contracted (:mod:`raddsim.network.junctions`), in the
        direction of travel (``forward``) or reversed: its rows are the Dijkstra rows of the whole network, found
        several times faster (Edmonton: 5,601 junctions of 51,331 nodes). Built on first use (0.6 s there)."""
        graphs = self._junction_graphs
        if forward not in graphs:
            u, v, w = self.weighted_edges
            graphs[forward] = Junctions(u, v, w, self.n_nodes) if forward else Junctions(v, u, w, self.n_nodes)
        return graphs[forward]

    def _all_pairs(self, forward: bool) -> dict[str, np.ndarray] | None:
        """Every shortest time (and predecessor) of a small network, from the disk memo (see network.shortest)."""
        if self.n_nodes > shortest.ALL_PAIRS_MAX_NODES or cache_dir() is None:
            return None  # without the disk memo the tables would stay in memory, one per network variant
        tables = _ALL_PAIRS.setdefault(self, {})  # kept beside the network, never pickled with it
        if forward not in tables:  # None (first sight: rows per source) stays None for this network
            tables[forward] = shortest.all_pairs(*self.weighted_edges, self.n_nodes, reverse=not forward)
        return tables[forward]

    def out_tree(self, node: int) -> tuple[np.ndarray, np.ndarray]:
        """Previous node on the quickest way from ``node`` to every node (-9999: none), and the time (s) there."""
        return self._tree(node, forward=True)

    def home_tree(self, node: int) -> tuple[np.ndarray, np.ndarray]:
        """Next hop towards ``node`` from every node (-9999: none), and the time (s) to get there."""
        return self._tree(node, forward=False)

    def _tree(self, node: int, forward: bool) -> tuple[np.ndarray, np.ndarray]:
        """The shortest-path tree out of (``forward``) or into ``node``: a table read on a small network."""
        table = self._all_pairs(forward)
        if table is not None:
            return np.asarray(table["pred"])[node].astype(np.int64), np.array(table["dist"][node])
        dist, pred = shortest.dijkstra_on(self.csr if forward else self.csr_reversed, int(node), predecessors=True)
        assert pred is not None
        return pred.astype(np.int64), dist

    # -- space ----------------------------------------------------------------

    def nearest_nodes(self, lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """Nearest node index and straight-line distance (m) for WGS84 points (any node; see snap_points).

        Memoised on disk (:mod:`raddsim.network.positions`): the same stations and places on
        the same network need neither pyproj nor scipy's k-d tree again.
        """
        return nearest_nodes(self.data, np.asarray(lon, float), np.asarray(lat, float))

    def components(self) -> np.ndarray:
        """Strongly connected component label of each node."""
        u, v, _ = self.weighted_edges
        return shortest.components(u, v, self.n_nodes, "strong")

    @cached_property
    def main_component(self) -> np.ndarray:
        """True for nodes in the largest strongly connected component (reach and reached from it)."""
        labels = self.components()
        return labels == int(np.argmax(np.bincount(labels)))

    def node_label(self, i: int) -> str:
        """A human description of a node: its source id and position."""
        return f"node {int(self.node_ids[i])} at {lat_lon(self.lat[i], self.lon[i])}"

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything travel times depend on (for on-disk caches)."""
        h = hashlib.sha256()
        for a in (self.node_ids, self.edge_u, self.edge_v, np.round(self.edge_time_s, 6)):
            h.update(np.ascontiguousarray(a).tobytes())
        h.update(repr(self.options.blue_light).encode())
        return h.hexdigest()[:20]
