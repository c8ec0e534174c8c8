"""Where crews are and how long they need from there: at home, at another station, or on the road.

Rankings (:mod:`raddsim.engine.ranking`) assume every crew is at its home station;
this module knows the crews that are not, and their travel time to a node:

* at a station (its own, or another after a move-up): the station's row of the
  travel tables;
* driving back to its station after a mission (dispatch on the road): the better of
  two routes it can surely take — on to its station and out from there, or back
  to the node where it was released and out from there (an on-demand shortest-path
  row, :class:`NodeRows`). ASSUMPTION: this bounds the drive from the crew's true
  position from above (a crew on the road may in reality find a shorter way; the
  bound errs towards later arrivals, never earlier), and turning back is allowed
  on every road (one-way streets are rare on the main roads crews return on).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, NamedTuple

import numpy as np

from raddsim.engine.inputs import Fleet, TravelTables

#: Shortest-path rows kept per run (memory: rows × nodes × 8 bytes).
ROW_CACHE = 128


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


class OnRoad(NamedTuple):
    """A crew driving back to its station, free to be dispatched, and the mission it comes from."""

    node: int  # where it was released (the scene's node, or a hospital's)
    t_node: float  # when it passes (or passed) that node
    t_home: float  # when it will be at its station
    row: int  # the station it drives to
    mission: tuple[int, float, float, float]  # (alarm, t_alert, t_leave, t_arrive)
    staff: tuple[int, int]  # (commanders, firefighters) on board


class Positions:
    """The crews away from their home station, and travel times from wherever a crew is."""

    def __init__(self, fleet: Fleet, tables: TravelTables) -> None:
        self.to_item = tables.to_node.item
        self.from_item = tables.from_node.item
        self.home: list[int] = fleet.station.tolist()
        self.base: list[int] = list(self.home)  # the station a crew stands at (moved there by a move-up)
        self.road: dict[int, OnRoad] = {}
        #: Free crews whose travel differs from their home station's row (relocated or on the road).
        self.away: set[int] = set()
        self.rows = NodeRows(tables.rows) if tables.rows is not None else None
        # The row a crew uses at another station: its own vehicle class's row there (see Fleet.move_rows).
        self.move_rows: list[list[int]] | None = fleet.move_rows.tolist() if fleet.move_rows.size else None
        self.since: dict[int, float] = {}  # crew → since when it stands at another station than its own
        self.relocated_s = 0.0  # crew-seconds spent standing at another station

    def travel(self, c: int, nd: int, now: float) -> float:
        """Driving time (s) of crew ``c`` from where it is now to node ``nd``."""
        r = self.road.get(c)
        if r is None:
            return self.to_item(self.base[c], nd)
        on = (r.t_home - now) + self.to_item(r.row, nd)
        if self.rows is None:
            return on
        back = abs(now - r.t_node) + float(self.rows(r.node)[nd])
        return back if back < on else on

    def row_for(self, c: int, row: int) -> int:
        """The travel-table row crew ``c`` uses when it stands at the station of ``row`` (its vehicle's row)."""
        return row if self.move_rows is None else self.move_rows[c][row]

    def on_road(self, c: int, r: OnRoad) -> None:
        """Crew ``c`` is released and drives home; it may be dispatched on the way."""
        self.road[c] = r
        self.away.add(c)

    def at_station(self, c: int, row: int, now: float) -> None:
        """Crew ``c`` stands at station ``row`` (its own or another) from ``now``."""
        self.road.pop(c, None)
        self.base[c] = row
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
        return self.road.pop(c, None)

    def close(self, c: int, now: float) -> None:
        """Count the time crew ``c`` stood at another station, up to ``now``."""
        t = self.since.pop(c, None)
        if t is not None:
            self.relocated_s += now - t
