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

A row from the road is a Dijkstra on a network without all-pairs tables (0.8 ms on Edmonton's 5,601 junctions), so the
default dispatch asks for it only when the crew may come first: :meth:`Positions.lower_bound` bounds the time from
rows of station nodes (landmarks; the triangle inequality), and :class:`raddsim.engine.lazy_order.LazyOrder`
times a crew exactly only when its bound reaches the head of the order (same order, same records; issue 18).
That search goes only as far as the crew could beat its way home (:meth:`NodeRows.time`; a search bounded at 17 min
on Edmonton costs about half a whole one), its rows hold the junctions' times and are read at the one node asked
(:class:`raddsim.network.junctions.JunctionRow`), and the route home is walked only as far as asked
(:class:`RouteHome`): the same records (``tests/test_enroute_speed.py``).
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
    """Travel times from one node to every node, computed on demand and kept in a bounded LRU cache.

    A row is an array, or any object read by node that numpy makes whole (``row[nd]``, ``len(row)``,
    ``np.asarray(row)``: a large network's :class:`~raddsim.network.junctions.JunctionRow`). With ``within``
    (``within(node, limit)``: a row searched only up to ``limit`` s), :meth:`time` asks a search only as far as
    the question needs, and keeps it for the next question from that node.
    """

    def __init__(self, compute: Callable[[int], Any], maxsize: int = ROW_CACHE,
                 within: Callable[[int, float], Any] | None = None) -> None:
        self.compute, self.maxsize, self.within = compute, maxsize, within
        #: node → (its row, how far it was searched: ``inf`` for a whole row)
        self.cache: OrderedDict[int, tuple[Any, float]] = OrderedDict()

    def __call__(self, node: int) -> Any:
        """The whole row from ``node``."""
        kept = self.cache.get(node)
        if kept is not None and kept[1] == math.inf:
            self.cache.move_to_end(node)
            return kept[0]
        return self._keep(node, self.compute(node), math.inf)

    def time(self, node: int, nd: int, limit: float = math.inf) -> float:
        """The drive (s) from ``node`` to ``nd``: exact when it is at most ``limit``, else some time above ``limit``
        (a search bounded at ``limit`` finds every time up to it, and nothing it finds beyond is below it)."""
        kept = self.cache.get(node)
        if kept is not None:
            t = float(kept[0][nd])
            if t <= kept[1] or limit <= kept[1]:  # found within its bound (so exact), or asked no further
                self.cache.move_to_end(node)
                return t
        if limit == math.inf or self.within is None:
            return float(self(node)[nd])
        limit = max(limit, 0.0)
        return float(self._keep(node, self.within(node, limit), limit)[nd])

    def _keep(self, node: int, row: Any, searched: float) -> Any:
        if not hasattr(type(row), "__array__") or isinstance(row, np.ndarray):
            row = np.asarray(row, float)  # a list or an int array: as floats (a row read by node stays as it is)
        self.cache[node] = (row, searched)
        self.cache.move_to_end(node)
        if len(self.cache) > self.maxsize:
            self.cache.popitem(last=False)
        return row

    def __getstate__(self) -> dict:
        # A pickled model (sweep workers) travels without its rows: they are recomputed where needed.
        return {"compute": self.compute, "maxsize": self.maxsize, "within": self.within}

    def __setstate__(self, state: dict) -> None:
        self.compute, self.maxsize, self.within = state["compute"], state["maxsize"], state.get("within")
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


class RouteHome:
    """A crew's route home on the shortest-path tree of its station, walked only as far as asked.

    :meth:`passing` gives the next node the crew passes: the walk goes on from where the last question left it (a
    route on a city's network is hundreds of nodes, and a crew is asked about early in its drive, or not at all).
    The nodes are passed in proportion to the road times, the whole taking ``drive_s``.
    """

    __slots__ = ("_hop", "_to", "_total", "_scale", "nodes", "times")

    def __init__(self, tree: tuple[np.ndarray, np.ndarray], start: int, drive_s: float) -> None:
        self._hop, self._to = tree[0].data, tree[1].data  # memoryviews: cells read as Python numbers, no copy
        self._total = total = self._to[start]
        self._scale = drive_s / total if total > 0 else 0.0
        self.nodes, self.times = [start], [0.0]

    @classmethod
    def of(cls, tree: tuple[np.ndarray, np.ndarray], start: int, drive_s: float) -> RouteHome | None:
        """The route from ``start``; None when ``start`` is not on the tree (an island, or no way home)."""
        if not 0 <= start < len(tree[0]) or not tree[1][start] < math.inf or not drive_s < math.inf:
            return None
        return cls(tree, start, drive_s)

    def passing(self, elapsed: float) -> tuple[int, float]:
        """The first node passed ``elapsed`` s or later into the drive, and in how many seconds; the station (0 s)
        once it is passed."""
        if self.times[-1] < elapsed:
            self._walk(elapsed)
        k = bisect_left(self.times, elapsed)
        if k == len(self.nodes):
            return self.nodes[-1], 0.0
        return self.nodes[k], self.times[k] - elapsed

    def whole(self) -> tuple[list[int], list[float]]:
        """Every node of the route and when it is passed."""
        self._walk(math.inf)
        return self.nodes, self.times

    def _walk(self, until: float) -> None:
        """Extend the route to the first node passed at ``until`` s or later (or to the station)."""
        hop, to, nodes, times = self._hop, self._to, self.nodes, self.times
        total, scale, u = self._total, self._scale, nodes[-1]
        while hop[u] >= 0:
            u = hop[u]
            nodes.append(u)
            times.append(t := (total - to[u]) * scale)
            if t >= until:
                return


def home_route(tree: tuple[np.ndarray, np.ndarray], start: int, drive_s: float) -> tuple[list[int], list[float]] | None:
    """The nodes from ``start`` to the tree's station and when they are passed, the whole taking ``drive_s``.

    None when ``start`` is not on the tree (an island, or no way home): the caller falls back to a bound.
    """
    route = RouteHome.of(tree, start, drive_s)
    return None if route is None else route.whole()


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
        # The model's rows (kept across replications), or a run's own cache of the rows given.
        self.rows = (tables.rows if isinstance(tables.rows, NodeRows) or tables.rows is None
                     else NodeRows(tables.rows, within=tables.rows_within))
        self.rows_within = tables.rows_within  # bounded searches, not cached (raddsim.engine.divert)
        self.tree = HomeTrees(tables.home_tree) if tables.home_tree is not None else None
        self.out_tree = tables.out_tree  # kept by the model across replications (crews diverted on their way)
        self.station_node: list[int] = [] if tables.station_node is None else tables.station_node.tolist()
        if not self.station_node:
            self.tree = None
        self.routes: dict[int, RouteHome | None] = {}  # crew on the road → its route home
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
        if node < 0:
            return offset + self.to_row[row][nd]
        assert self.rows is not None
        return offset + (self.rows.time(node, nd) if self.lazy else float(self.rows(node)[nd]))

    def origin(self, c: int, nd: int, now: float) -> tuple[float, int, int]:
        """How crew ``c``, on its way home, gets to node ``nd`` fastest: ``(offset, row, node)``, ``offset`` s to
        its station (``row``; ``node`` -1: home first, then out) or to the next node of its route (``node``), then
        the quickest way from there."""
        r = self.road[c]
        if self.rows is not None:
            node, wait = self.next_node(c, r, now)
            home = (r.t_home - now) + self.to_row[r.row][nd]
            # On a large network the search from the node goes only as far as it could beat the way home (with a
            # hair more: a time found beyond it could not have won the comparison below, whatever the rounding).
            drive = (self.rows.time(node, nd, home - wait + 1e-9 * abs(home - wait) + 1e-6) if self.lazy
                     else float(self.rows(node)[nd]))
            if wait + drive < home:
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
                self.marks[k] = np.asarray(self.rows(n))
        return self.marks

    def next_node(self, c: int, r: OnRoad, now: float) -> tuple[int, float]:
        """The next node crew ``c`` passes on its way home, and in how many seconds."""
        if now <= r.t_node:
            return r.node, r.t_node - now  # still on the last stretch to the road
        route = self.route_of(c, r)
        if route is None:
            return r.node, now - r.t_node  # no route: turn back to where it joined the road
        return route.passing(now - r.t_node)

    def route_of(self, c: int, r: OnRoad) -> RouteHome | None:
        """Crew ``c``'s route home (the times from when it joined the road); kept while it drives it."""
        route = self.routes.get(c)
        if route is None and c not in self.routes and self.tree is not None:
            self.routes[c] = route = RouteHome.of(self.tree(self.station_node[r.row]), r.node, r.t_home - r.t_node)
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
