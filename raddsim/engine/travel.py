"""Where crews are and how long they need from there: at home, at another station, or on the road.

Rankings (:mod:`raddsim.engine.ranking`) assume every crew is at its home station;
this module knows the crews that are not, and their travel time to a node:

* at a station (its own, or another after a move-up): the station's row of the
  travel tables;
* driving back to its station after a mission (dispatch on the road): it follows the
  shortest route home (the tree of :attr:`TravelTables.home_tree`), its progress along
  the route in proportion to the time of its drive home, and is dispatched from the
  next node on that route: the time to reach that node plus the shortest path from
  there (an on-demand shortest-path row, :class:`NodeRows`), or on to its station and
  out from there if that is faster. Before it reaches the road (the last stretch from
  the scene) the next node is the one where it joins the road. ASSUMPTION: the crew
  does not turn on the road between two nodes (it drives on to the next junction);
  the route's nodes are passed in proportion to the road times of the route, scaled to
  the drive home the engine scheduled (heavy vehicles, slow first stretches). Without a
  route tree (or from an island) the old bound is used: back to the node where it was
  released (turning on the road) or on to its station, whichever is faster.

A row from the road is a Dijkstra on a network without all-pairs tables (3–4 ms on Edmonton's 51k nodes), so the
default dispatch asks for it only when the crew may come first: :meth:`Positions.lower_bound` bounds the time from
rows of station nodes (landmarks; the triangle inequality), and :class:`raddsim.engine.lazy_order.LazyOrder`
times a crew exactly only when its bound reaches the head of the order (same order, same records; issue 18).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import OrderedDict
from typing import Any, Callable, NamedTuple

import numpy as np

from raddsim.engine.inputs import Fleet, TravelTables

#: Shortest-path rows kept per run (memory: rows × nodes × 8 bytes).
ROW_CACHE = 128
#: At most this many station nodes serve as landmarks for lower bounds on travel from the road (memory: as rows).
LANDMARKS = 32
#: Networks above this many nodes time crews on the road lazily (:meth:`Positions.lower_bound`): their rows are
#: Dijkstra searches (no all-pairs tables above ``raddsim.network.shortest.ALL_PAIRS_MAX_NODES``, the same 1,500).
#: Below, a row is a table read or a small search, and the bounds would cost more than they save (5 % more
#: instructions on Norrtälje's run).
LAZY_MIN_NODES = 1500


class NodeRows:
    """Travel times from one node to every node, computed on demand and kept in a bounded LRU cache."""

    def __init__(self, compute: Callable[[int], np.ndarray], maxsize: int = ROW_CACHE) -> None:
        self.compute, self.maxsize = compute, maxsize
        self.cache: OrderedDict[int, np.ndarray] = OrderedDict()

    def __call__(self, node: int) -> np.ndarray:
        row = self.cache.get(node)
        if row is None:
            row = self.cache[node] = np.asarray(self.compute(node), float)
            if len(self.cache) > self.maxsize:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(node)
        return row

    def __getstate__(self) -> dict:
        # A pickled model (sweep workers) travels without its rows: they are recomputed where needed.
        return {"compute": self.compute, "maxsize": self.maxsize}

    def __setstate__(self, state: dict) -> None:
        self.compute, self.maxsize = state["compute"], state["maxsize"]
        self.cache = OrderedDict()


class HomeTrees:
    """Shortest-path trees of station nodes (towards them for the drive home; out of them for the way out,
    ``TravelTables.out_tree``), computed on demand and kept (one per station; numpy arrays, 16 bytes per node and
    station)."""

    def __init__(self, compute: Callable[[int], tuple[np.ndarray, np.ndarray]]) -> None:
        self.compute = compute
        self.cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def __call__(self, node: int) -> tuple[np.ndarray, np.ndarray]:
        tree = self.cache.get(node)
        if tree is None:
            next_hop, to_station = self.compute(node)
            tree = self.cache[node] = (np.asarray(next_hop, np.int64), np.asarray(to_station, float))
        return tree

    def __getstate__(self) -> dict:
        return {"compute": self.compute}  # pickled without its trees, like NodeRows

    def __setstate__(self, state: dict) -> None:
        self.compute = state["compute"]
        self.cache = {}


def out_route(tree: tuple[np.ndarray, np.ndarray], target: int, drive_s: float) -> tuple[list[int], list[float]] | None:
    """The nodes from the tree's station to ``target`` and when they are passed, the whole taking ``drive_s``.

    None when ``target`` is not on the tree (an island column, or no way there): the caller falls back to a bound.
    """
    prev, dist = tree[0].data, tree[1].data  # memoryviews: cells read as Python numbers, no copy
    if not 0 <= target < len(tree[0]) or not dist[target] < math.inf or not drive_s < math.inf:
        return None
    total = dist[target]
    scale = drive_s / total if total > 0 else 0.0
    nodes, u = [target], target
    while prev[u] >= 0:
        u = prev[u]
        nodes.append(u)
    nodes.reverse()
    return nodes, [dist[v] * scale for v in nodes]


def home_route(tree: tuple[np.ndarray, np.ndarray], start: int, drive_s: float) -> tuple[list[int], list[float]] | None:
    """The nodes from ``start`` to the tree's station and when they are passed, the whole taking ``drive_s``.

    None when ``start`` is not on the tree (an island, or no way home): the caller falls back to a bound.
    """
    next_hop, to_station = tree[0].data, tree[1].data  # memoryviews: cells read as Python numbers, no copy
    if not 0 <= start < len(tree[0]) or not to_station[start] < math.inf or not drive_s < math.inf:
        return None
    total = to_station[start]
    scale = drive_s / total if total > 0 else 0.0
    nodes, times, u = [start], [0.0], start
    while next_hop[u] >= 0:
        u = next_hop[u]
        nodes.append(u)
        times.append((total - to_station[u]) * scale)
    return nodes, times


class OnRoad(NamedTuple):
    """A crew driving back to its station, free to be dispatched, and the mission it comes from."""

    node: int  # where it was released (the scene's node, or a hospital's)
    t_node: float  # when it passes (or passed) that node
    t_home: float  # when it will be at its station
    row: int  # the station it drives to
    mission: tuple[int, float, float, float]  # (alarm, t_alert, t_leave, t_arrive)
    staff: tuple[int, int]  # (commanders, firefighters) on board


class Heading(NamedTuple):
    """A crew on its way to an incident, which a more urgent alarm may take (:mod:`raddsim.engine.divert`): its
    mission so far, and where its way starts: ``offset`` s of driving (0 from a station) to the station of ``row``
    (``node`` < 0) or to node ``node``, then the quickest way from there (see :meth:`Positions.origin`)."""

    inc: Any  # the Incident
    t_alert: float
    t_leave: float
    row: int  # the travel-table row (station) its way starts from, when ``node`` < 0
    t_arrive: float  # when it will be on scene
    offset: float = 0.0  # a crew alerted on the road: its drive to the start of its way
    node: int = -1  # a crew alerted on the road whose way goes on from a node: that node


class Positions:
    """The crews away from their home station, and travel times from wherever a crew is."""

    def __init__(self, fleet: Fleet, tables: TravelTables) -> None:
        # Rows as memoryviews (no copy): ``to_row[r][nd]`` reads a double in a third of the time of
        # ``ndarray.item(r, nd)``, and the engine reads a few per crew mission.
        self.to_row: list[memoryview] = [r.data for r in tables.to_node]
        self.from_row: list[memoryview] = [r.data for r in tables.from_node]
        self.home: list[int] = fleet.station.tolist()
        self.base: list[int] = list(self.home)  # the station a crew stands at (moved there by a move-up)
        self.road: dict[int, OnRoad] = {}
        #: Free crews whose travel differs from their home station's row (relocated or on the road).
        self.away: set[int] = set()
        self.rows = NodeRows(tables.rows) if tables.rows is not None else None
        self.rows_within = tables.rows_within  # bounded searches, not cached (raddsim.engine.divert)
        self.tree = HomeTrees(tables.home_tree) if tables.home_tree is not None else None
        self.out_tree = tables.out_tree  # kept by the model across replications (crews diverted on their way)
        self.station_node: list[int] = [] if tables.station_node is None else tables.station_node.tolist()
        if not self.station_node:
            self.tree = None
        self.routes: dict[int, tuple[list[int], list[float]] | None] = {}  # crew on the road → its route home
        self.marks: np.ndarray | None = None  # landmark rows, on demand (see lower_bound)
        #: Whether the default dispatch times crews on the road lazily (rows are costly: a large network).
        self.lazy = self.rows is not None and tables.to_node.shape[-1] > LAZY_MIN_NODES
        # The row a crew uses at another station: its own vehicle class's row there (see Fleet.move_rows).
        self.move_rows: list[list[int]] | None = fleet.move_rows.tolist() if fleet.move_rows.size else None
        self.since: dict[int, float] = {}  # crew → since when it stands at another station than its own
        self.relocated_s = 0.0  # crew-seconds spent standing at another station
        #: Time spent relocated counts from here on (the end of a warm-up; 0 without one).
        self.measure_from_s = 0.0

    def travel(self, c: int, nd: int, now: float) -> float:
        """Driving time (s) of crew ``c`` from where it is now to node ``nd``."""
        r = self.road.get(c)
        if r is None:
            return self.to_row[self.base[c]][nd]
        return self.via(self.origin(c, nd, now), nd)

    def via(self, origin: tuple[float, int, int], nd: int) -> float:
        """Driving time (s) to node ``nd`` of a crew on the road whose way starts at ``origin`` (:meth:`origin`)."""
        offset, row, node = origin
        return offset + (self.to_row[row][nd] if node < 0 else float(self.rows(node)[nd]))  # type: ignore[misc]

    def origin(self, c: int, nd: int, now: float) -> tuple[float, int, int]:
        """How crew ``c``, on its way home, gets to node ``nd`` fastest: ``(offset, row, node)``, ``offset`` s to
        its station (``row``; ``node`` -1: home first, then out) or to the next node of its route (``node``), then
        the quickest way from there."""
        r = self.road[c]
        if self.rows is not None:
            node, wait = self.next_node(c, r, now)
            if wait + float(self.rows(node)[nd]) < (r.t_home - now) + self.to_row[r.row][nd]:
                return wait, r.row, node
        return r.t_home - now, r.row, -1

    def lower_bound(self, c: int, nd: int, now: float) -> float:
        """A lower bound of :meth:`travel` for crew ``c`` on the road, without a shortest-path row from its node.

        The triangle inequality over rows from station nodes (landmarks ``L``): the time from the crew's next
        node to ``nd`` is at least ``L[nd] − L[node]``. A bound, never more than the exact time: less by a hair
        (1e-9 relative + 1e-6 s, far above the rounding of sums along a path), so the dispatcher needs the exact
        time (a Dijkstra row) only for crews that may come first (:class:`raddsim.engine.lazy_order.LazyOrder`).
        """
        r = self.road[c]
        on = (r.t_home - now) + self.to_row[r.row][nd]
        if self.rows is None:
            return on
        node, wait = self.next_node(c, r, now)
        via = wait + self.gap(node, nd)
        return via if via < on else on

    def gap(self, a: int, b: int) -> float:
        """A lower bound of the drive from node ``a`` to node ``b`` (s) from the landmarks' rows: ``L[b] − L[a]``
        less a hair (see :meth:`lower_bound`)."""
        to, at = self.landmarks()[:, b], self.landmarks()[:, a]
        both = np.isfinite(to) & np.isfinite(at)  # rows that reach both (from an island: none)
        return float(np.max(to[both] - at[both] - (1e-9 * (to[both] + at[both]) + 1e-6), initial=0.0))


    def landmarks(self) -> np.ndarray:
        """Shortest-path rows from (up to :data:`LANDMARKS`) station nodes: landmarks for :meth:`lower_bound`."""
        if self.marks is None:
            assert self.rows is not None
            nodes = list(dict.fromkeys(self.station_node))[:LANDMARKS]
            self.marks = np.empty((len(nodes), len(self.to_row[0]) if self.to_row else 0))
            for k, n in enumerate(nodes):
                self.marks[k] = self.rows.compute(n)
        return self.marks

    def next_node(self, c: int, r: OnRoad, now: float) -> tuple[int, float]:
        """The next node crew ``c`` passes on its way home, and in how many seconds."""
        if now <= r.t_node:
            return r.node, r.t_node - now  # still on the last stretch to the road
        route = self.route_of(c, r)
        if route is None:
            return r.node, now - r.t_node  # no route: turn back to where it joined the road
        nodes, times = route
        k = bisect_left(times, now - r.t_node)
        if k == len(nodes):
            return nodes[-1], 0.0
        return nodes[k], times[k] - (now - r.t_node)

    def route_of(self, c: int, r: OnRoad) -> tuple[list[int], list[float]] | None:
        """Crew ``c``'s route home: its nodes and when it passes them (s after joining the road); cached."""
        route = self.routes.get(c)
        if route is None and c not in self.routes and self.tree is not None:
            self.routes[c] = route = home_route(self.tree(self.station_node[r.row]), r.node, r.t_home - r.t_node)
        return route

    def way_out(self, row: int, target: int, drive_s: float) -> tuple[list[int], list[float]] | None:
        """The route from station ``row`` to node ``target`` (its nodes, and when they are passed in a drive of
        ``drive_s``), or None where no tree is known (then a bound is used)."""
        if self.out_tree is None or not self.station_node:
            return None
        return out_route(self.out_tree(self.station_node[row]), target, drive_s)

    def row_for(self, c: int, row: int) -> int:
        """The travel-table row crew ``c`` uses when it stands at the station of ``row`` (its vehicle's row)."""
        return row if self.move_rows is None else self.move_rows[c][row]

    def on_road(self, c: int, r: OnRoad) -> None:
        """Crew ``c`` is released and drives home; it may be dispatched on the way."""
        self.road[c] = r
        self.routes.pop(c, None)
        self.away.add(c)

    def at_station(self, c: int, row: int, now: float) -> None:
        """Crew ``c`` stands at station ``row`` (its own or another) from ``now``."""
        self.road.pop(c, None)
        self.routes.pop(c, None)
        self.base[c] = row
        if self.since:  # a crew that stood at another station: count that time (a call saved for all others)
            self.close(c, now)
        if row == self.home[c]:
            self.away.discard(c)
        else:
            self.away.add(c)
            self.since[c] = now

    def leaves(self, c: int, now: float) -> OnRoad | None:
        """Crew ``c`` is alerted or moved: it is no longer waiting anywhere. Returns its drive home, if any."""
        self.away.discard(c)
        self.close(c, now)
        self.routes.pop(c, None)
        return self.road.pop(c, None)

    def close(self, c: int, now: float) -> None:
        """Count the time crew ``c`` stood at another station, up to ``now``."""
        t = self.since.pop(c, None)
        if t is not None:
            # Without a warm-up t >= 0 = measure_from_s: the plain difference.
            self.relocated_s += now - t if t >= self.measure_from_s else max(now - self.measure_from_s, 0.0)
