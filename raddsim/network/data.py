"""The cleaned road graph as arrays, before any travel-time model is applied.

Every loader (OSM XML, PBF, GraphML, the raddsim archive, nodes/arcs CSV,
JEMSS, an osmnx download) ends in one :class:`RoadData`; a
:class:`raddsim.network.RoadNetwork` is a RoadData plus
:class:`~raddsim.network.options.NetworkOptions`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from raddsim.core.bounds import MAX_SPEED_KMH
from raddsim.core.errors import InputError
from raddsim.core.text import lat_lon
from raddsim.network.speeds import (
    highway_class,
    implicit_value,
    is_ferry,
    parse_duration_s,
    tagged_speed_kmh,
    unread_maxspeed,
    unread_message,
)

if TYPE_CHECKING:  # networkx is imported only where a graph is built (not for a plain run)
    import networkx as nx

#: Edge attributes carrying times given by the source (nodes/arcs CSV, JEMSS), in seconds.
GIVEN_TIME_ATTR = "raddsim_time_s"
GIVEN_EMERGENCY_ATTR = "raddsim_emergency_s"
OUTSIDE_ATTR = "raddsim:outside"
ACCESS_ATTR = "off_road_access"


def _float(value: Any) -> float:
    if value is None:
        return math.nan
    if isinstance(value, (list, tuple)):
        vals = [_float(v) for v in value]
        vals = [v for v in vals if math.isfinite(v)]
        return float(sum(vals)) if vals else math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(dict.fromkeys(_text(v) for v in value if _text(v)))
    return str(value)


def _truthy(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_truthy(v) for v in value)
    return value is True or str(value).strip().lower() in ("yes", "true", "1")


@dataclass(eq=False)
class RoadData:
    """A directed road graph as arrays (node *index* ``i`` is ``node_ids[i]``).

    Attributes
    ----------
    node_ids, lon, lat
        Source id and WGS84 position of each node.
    node_access
        False where the source says a point off the network may not be snapped
        here (JEMSS ``offRoadAccess``); True otherwise.
    edge_u, edge_v
        Node indices of each directed edge (one-way roads have one edge).
    edge_length_m
        Length (m).
    edge_highway
        Road class (``"ferry"`` for ferries).
    edge_tagged_kmh
        Speed limit from the tags, NaN where none is tagged.
    edge_implicit
        Where no limit is tagged: an implicit limit raddsim does not translate itself
        (``"de:rural"``; a region's ``[network.speeds.implicit]`` may), else ``""``.
    edge_time_given_s, edge_emergency_given_s
        Normal/emergency travel time given by the source (NaN: derive from speeds).
    edge_ferry, edge_crossing_s
        Ferry flag and tagged crossing time (NaN where untagged).
    edge_name
        Way name (``""`` if none).
    edge_outside
        Roads beyond the study region (``raddsim:outside=yes``): kept for
        neighbours' crews, no demand placed on them.
    meta
        Provenance: ``source``, ``format``, ``label``, ``approximate`` …
    graph
        The networkx graph it came from, if any (for maps and inspection).
    """

    node_ids: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    node_access: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length_m: np.ndarray
    edge_highway: np.ndarray
    edge_tagged_kmh: np.ndarray
    edge_time_given_s: np.ndarray
    edge_emergency_given_s: np.ndarray
    edge_ferry: np.ndarray
    edge_crossing_s: np.ndarray
    edge_name: np.ndarray
    edge_outside: np.ndarray
    # After the columns every loader fills: kept by the tag readers and the archive, "" elsewhere.
    edge_implicit: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    meta: dict[str, Any] = field(default_factory=dict)
    graph: nx.MultiDiGraph | None = None

    def __post_init__(self) -> None:
        if len(self.edge_implicit) != len(self.edge_u):  # built without the column: no implicit values
            self.edge_implicit = np.full(len(self.edge_u), "")

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def n_edges(self) -> int:
        return len(self.edge_u)

    @classmethod
    def from_arrays(
        cls,
        node_ids: np.ndarray,
        lon: np.ndarray,
        lat: np.ndarray,
        edge_u: np.ndarray,
        edge_v: np.ndarray,
        edge_length_m: np.ndarray,
        *,
        node_access: np.ndarray | None = None,
        edge_highway: np.ndarray | None = None,
        edge_tagged_kmh: np.ndarray | None = None,
        edge_time_given_s: np.ndarray | None = None,
        edge_emergency_given_s: np.ndarray | None = None,
        edge_ferry: np.ndarray | None = None,
        edge_crossing_s: np.ndarray | None = None,
        edge_name: np.ndarray | None = None,
        edge_outside: np.ndarray | None = None,
        edge_implicit: np.ndarray | None = None,
        meta: dict[str, Any] | None = None,
    ) -> "RoadData":
        """Build from arrays; omitted edge columns get neutral defaults."""
        n, m = len(node_ids), len(edge_u)
        nan = np.full(m, np.nan)

        def arr(a: Any, default: np.ndarray, dtype: Any) -> np.ndarray:
            return np.asarray(default if a is None else a, dtype=dtype)

        ferry = arr(edge_ferry, np.zeros(m, bool), bool)
        highway = arr(edge_highway, np.full(m, "road"), object).astype(str)
        highway = np.where(ferry, "ferry", highway)
        return cls(
            node_ids=np.asarray(node_ids, np.int64),
            lon=np.asarray(lon, float),
            lat=np.asarray(lat, float),
            node_access=arr(node_access, np.ones(n, bool), bool),
            edge_u=np.asarray(edge_u, np.int64),
            edge_v=np.asarray(edge_v, np.int64),
            edge_length_m=np.asarray(edge_length_m, float),
            edge_highway=highway,
            edge_tagged_kmh=arr(edge_tagged_kmh, nan, float),
            edge_time_given_s=arr(edge_time_given_s, nan, float),
            edge_emergency_given_s=arr(edge_emergency_given_s, nan, float),
            edge_ferry=ferry,
            edge_crossing_s=arr(edge_crossing_s, nan, float),
            edge_name=arr(edge_name, np.full(m, ""), object).astype(str),
            edge_outside=arr(edge_outside, np.zeros(m, bool), bool),
            edge_implicit=arr(edge_implicit, np.full(m, ""), object).astype(str),
            meta=dict(meta or {}),
        )

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph, meta: dict[str, Any] | None = None) -> "RoadData":
        """Convert a (cleaned) networkx graph with node ``x``/``y`` and edge ``length`` and OSM tags."""
        nodes = list(G.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        try:
            node_ids = np.array(nodes, dtype=np.int64)
        except (TypeError, ValueError, OverflowError):
            node_ids = np.arange(len(nodes), dtype=np.int64)
        nd = G.nodes
        lon = np.array([_float(nd[n]["x"]) for n in nodes])
        lat = np.array([_float(nd[n]["y"]) for n in nodes])
        access = np.array([not (ACCESS_ATTR in nd[n] and not _truthy(nd[n][ACCESS_ATTR])) for n in nodes], bool)
        m = G.number_of_edges()
        u, v = np.empty(m, np.int64), np.empty(m, np.int64)
        length, tagged, given, given_em, crossing = (np.full(m, np.nan) for _ in range(5))
        ferry, outside = np.zeros(m, bool), np.zeros(m, bool)
        highway = np.empty(m, dtype=object)
        name = np.empty(m, dtype=object)
        implicit = np.full(m, "", dtype=object)
        unread: dict[str, int] = {}
        for k, (a, b, d) in enumerate(G.edges(data=True)):
            u[k], v[k] = index[a], index[b]
            length[k] = _float(d.get("length"))
            f = is_ferry(d)
            ferry[k] = f
            if f:
                c = parse_duration_s(d.get("duration"))
                crossing[k] = math.nan if c is None else c
                highway[k] = "ferry"
            else:
                s = tagged_speed_kmh(d)
                tagged[k] = math.nan if s is None else s
                implicit[k] = "" if s is not None else implicit_value(d)
                if s is None and not implicit[k] and (raw := unread_maxspeed(d.get("maxspeed"))):
                    unread[raw] = unread.get(raw, 0) + 1
                highway[k] = highway_class(d.get("highway"))
            given[k] = _float(d.get(GIVEN_TIME_ATTR))
            given_em[k] = _float(d.get(GIVEN_EMERGENCY_ATTR))
            name[k] = _text(d.get("name"))
            outside[k] = _truthy(d.get(OUTSIDE_ATTR))
        where = (meta or {}).get("file") or (meta or {}).get("source")
        tagged = _without_implausible(tagged, where)
        check_given_speeds(np.nan_to_num(length, nan=0.0), {GIVEN_TIME_ATTR: given, GIVEN_EMERGENCY_ATTR: given_em},
                           where, lambda k: f"edge {node_ids[u[k]]}→{node_ids[v[k]]}")
        if unread:  # said when the file is read (a cached compact form was read from this same file)
            import logging

            logging.getLogger("raddsim").warning("%s", unread_message(unread, where))
        data = cls.from_arrays(node_ids, lon, lat, u, v, np.nan_to_num(length, nan=0.0), node_access=access,
                               edge_highway=highway, edge_tagged_kmh=tagged, edge_time_given_s=given,
                               edge_emergency_given_s=given_em, edge_ferry=ferry, edge_crossing_s=crossing,
                               edge_name=name, edge_outside=outside, edge_implicit=implicit, meta=meta)
        data.graph = G
        return data

    def to_graph(self) -> nx.MultiDiGraph:
        """A networkx graph of the arrays (for GraphML export, maps and networkx checks)."""
        import networkx as nx

        G = nx.MultiDiGraph(crs="EPSG:4326", raddsim_source=str(self.meta.get("source", "")))
        ids = self.node_ids.tolist()
        for i, n in enumerate(ids):
            attrs = {"x": float(self.lon[i]), "y": float(self.lat[i])}
            if not self.node_access[i]:
                attrs[ACCESS_ATTR] = False
            G.add_node(n, **attrs)
        for k in range(self.n_edges):
            d: dict[str, Any] = {"length": float(self.edge_length_m[k])}
            if self.edge_ferry[k]:
                d["route"] = "ferry"
                if np.isfinite(self.edge_crossing_s[k]):
                    c = int(round(self.edge_crossing_s[k]))
                    d["duration"] = f"{c // 3600:02d}:{c % 3600 // 60:02d}:{c % 60:02d}"
            else:
                d["highway"] = str(self.edge_highway[k])
                if np.isfinite(self.edge_tagged_kmh[k]):
                    d["maxspeed"] = f"{self.edge_tagged_kmh[k]:g}"
                elif self.edge_implicit[k]:  # untranslated here, the region's table translates it when read back
                    d["maxspeed"] = str(self.edge_implicit[k])
            if self.edge_name[k]:
                d["name"] = str(self.edge_name[k])
            if np.isfinite(self.edge_time_given_s[k]):
                d[GIVEN_TIME_ATTR] = float(self.edge_time_given_s[k])
            if np.isfinite(self.edge_emergency_given_s[k]):
                d[GIVEN_EMERGENCY_ATTR] = float(self.edge_emergency_given_s[k])
            if self.edge_outside[k]:
                d[OUTSIDE_ATTR] = "yes"
            G.add_edge(ids[self.edge_u[k]], ids[self.edge_v[k]], **d)
        return G

    def ferry_labels(self) -> np.ndarray:
        """Name of each edge's ferry (when unnamed, the two berths of its route, the same for both directions and
        every edge of a route drawn with several: :mod:`raddsim.network.ferry_routes`); ``""`` for roads."""
        out = np.where(self.edge_ferry, self.edge_name, "").astype(object)
        unnamed = np.flatnonzero(self.edge_ferry & (self.edge_name == ""))
        if len(unnamed):
            berths = self._ferry_berths()
            for k in unnamed.tolist():
                a, b = sorted(berths.get(k, (int(self.edge_u[k]), int(self.edge_v[k]))))
                out[k] = f"ferry at {lat_lon(self.lat[a], self.lon[a], 4)}–{lat_lon(self.lat[b], self.lon[b], 4)}"
        return out.astype(str)

    def _ferry_berths(self) -> dict[int, tuple[int, int]]:
        """Edge index → the nodes where its ferry route starts and ends (ferry edges on a route only)."""
        from raddsim.network.ferry_routes import road_nodes, routes

        ferry = np.flatnonzero(self.edge_ferry)
        on_road = road_nodes(self.edge_u, self.edge_v, self.edge_ferry, self.n_nodes)
        u, v = self.edge_u[ferry], self.edge_v[ferry]
        return {int(ferry[e]): (int(u[chain[0]]), int(v[chain[-1]]))
                for chain in routes(u, v, on_road) for e in chain}

    def ferry_names(self) -> list[str]:
        """Distinct ferry names (unnamed ferries are described by their ends)."""
        return sorted(set(self.ferry_labels()[self.edge_ferry].tolist()))


__all__ = ["RoadData", "check_given_speeds", "GIVEN_TIME_ATTR", "GIVEN_EMERGENCY_ATTR", "OUTSIDE_ATTR", "ACCESS_ATTR"]


#: A given travel time is allowed this much rounding (a time written in whole seconds) before the speed it implies
#: is judged: a 20 m arc given 0 s is a rounded 1 s, not an infinite speed.
GIVEN_TIME_ROUNDING_S = 0.5
#: Given times (nodes/arcs CSV, JEMSS, raddsim's GraphML attributes) that imply speeds above MAX_SPEED_KMH on at
#: least this share of the arcs that have them are refused: the column is in another unit (minutes for seconds),
#: and every time read from it is wrong. Below it the fast arcs are warned: single slips in an otherwise good file.
FAST_GIVEN_REFUSE_SHARE = 0.5


def check_given_speeds(length_m: np.ndarray, times: dict[str, np.ndarray | None], label: object,
                       where: Callable[[int], str], fix: str = "give seconds.",
                       question: str = "times in minutes?") -> None:
    """Warn of, or refuse, given travel times that imply speeds above :data:`MAX_SPEED_KMH` (times in minutes?).

    A maxspeed tag above it is warned; times given per arc were not checked, and ``travel_time_s`` written in
    minutes drove light vehicles at 4,200 km/h without a word (probe_bad2).

    Parameters
    ----------
    length_m : numpy.ndarray
        Each arc's length in metres.
    times : dict
        Column name → each arc's given time in seconds (NaN: none given); None for a column the file lacks.
    label : object
        The file, for the message.
    where : callable
        An arc's index → where it is written (``line 3``).
    fix : str
        What to do, after "Fix:".
    question : str
        The likely slip, asked.

    Raises
    ------
    InputError
        When at least :data:`FAST_GIVEN_REFUSE_SHARE` of the arcs with a time in a column are that fast.
    """
    for col, t in times.items():
        if t is None:
            continue
        given = np.isfinite(t) & (length_m > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            kmh = 3.6 * length_m / np.where(given, t + GIVEN_TIME_ROUNDING_S, np.inf)
        fast = np.flatnonzero(given & (kmh > MAX_SPEED_KMH))
        if not len(fast):
            continue
        k, n = int(fast[0]), int(given.sum())
        implied = f"{3.6 * length_m[k] / t[k]:,.0f} km/h" if t[k] > 0 else "no time at all"
        error = InputError(f"{len(fast):,} of {n:,} arcs imply speeds above {MAX_SPEED_KMH:g} km/h (e.g. {where(k)}: "
                           f"{length_m[k]:,.0f} m in {t[k]:g} s = {implied}): {question}", file=str(label),
                           field=col, fix=fix)
        if len(fast) >= FAST_GIVEN_REFUSE_SHARE * n:
            raise error
        import logging

        logging.getLogger("raddsim").warning("%s", error)


def _without_implausible(tagged: np.ndarray, where: object) -> np.ndarray:
    """The tagged limits with those above :data:`MAX_SPEED_KMH` dropped (the road class's speed instead), said once.

    A mapping slip (maxspeed=500 for 50) was driven at 500 km/h by light vehicles (audit16).
    """
    fast = tagged > MAX_SPEED_KMH
    if fast.any():
        import logging

        logging.getLogger("raddsim").warning(
            "%s%d edge(s) tagged maxspeed above %g km/h (the highest: %g): a mapping slip; they drive at their "
            "road class's speed. Fix: correct their maxspeed tags (in OpenStreetMap, then fetch again).",
            f"{where}: " if where else "", int(fast.sum()), MAX_SPEED_KMH, float(tagged[fast].max()))
        tagged = np.where(fast, np.nan, tagged)
    return tagged
