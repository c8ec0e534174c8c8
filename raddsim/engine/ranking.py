"""Who is nearest: crews ranked by expected arrival at a node, computed once per scenario.

Shared by all replications of a scenario (cached by identity of the fleet and the
tables). Rankings are for crews at their home stations; the dispatcher re-ranks the
few crews that are elsewhere (see :mod:`raddsim.engine.travel`).
"""

from __future__ import annotations

import math
from array import array
from typing import Sequence

import numpy as np

from raddsim.core.memo import IdentityMemo
from raddsim.engine.force import EMPTY, Requirement, add, meets
from raddsim.engine.inputs import Fleet, TravelTables

#: Memory (bytes) for the rankings kept per scenario: per node about 16 bytes per crew (an 8-byte ETA in
#: an array, an 8-byte list slot) and 320 bytes of containers. Edmonton's 16 crews keep all of its
#: 51,331 nodes (≈ 29 MiB); 128 crews keep 28,000 nodes, whatever the size of the network.
RANKING_CACHE_BYTES = 64 * 2**20


class Ranking:
    """Per-scenario arrays the dispatcher reads, and rankings per node filled lazily."""

    def __init__(self, fleet: Fleet, tables: TravelTables) -> None:
        self.to_node = tables.to_node  # stations × nodes; indexed, never copied
        self.station = fleet.station
        self.station_l = fleet.station.tolist()
        self.base_eta = fleet.turnout_s + fleet.request_delay_s
        self.base_eta_l = self.base_eta.tolist()
        self.is_crew = fleet.in_service & ~fleet.command
        self.is_crew_l = self.is_crew.tolist()
        self.crews_l = np.flatnonzero(self.is_crew).tolist()
        self.cmd_units_l = np.flatnonzero(fleet.command & fleet.in_service).tolist()
        self.staff_l = fleet.planned.tolist()
        self.equip_l = fleet.equipment.tolist()
        self.staff4 = [(cc, ff, cc + ff, eq) for (cc, ff), eq in zip(self.staff_l, self.equip_l)]
        reach = np.isfinite(tables.to_node[fleet.station]) & self.is_crew[:, None] if len(fleet) else None
        self.reachable = (reach.any(axis=0) if reach is not None else np.zeros(tables.to_node.shape[1], bool)).tolist()
        self.by_node: dict[int, tuple[Sequence[float], list[int]]] = {}
        self.cmd_by_node: dict[int, list[int]] = {}
        self._alone: dict[Requirement, list[bool]] = {}
        #: Lanes of the waiting queue: node → lane, reach pattern → lane, station row → lanes it reaches.
        self.lane_of: dict[int, int] = {}
        self.lane_ids: dict[bytes, int] = {}
        self.row_lanes: list[list[int]] = [[] for _ in range(tables.to_node.shape[0])]
        #: Nodes whose rankings are kept; when full the cache starts again (replications revisit the same nodes).
        self.max_nodes = max(1024, RANKING_CACHE_BYTES // (16 * len(fleet) + 320))

    def ranking(self, nd: int) -> tuple[Sequence[float], list[int]]:
        """Expected arrival of every crew at a node from home, and the crews that can get there in that order."""
        ranked = self.by_node.get(nd)
        if ranked is None:
            # One numpy expression per node, then Python on its few numbers (numpy's per-call cost dominates
            # at tens of crews); sorted() is stable, so ties go to the lowest index as with a stable argsort.
            # The ETAs are kept in an array of doubles: a third of the memory of a list of floats.
            eta = array("d", (self.base_eta + self.to_node[self.station, nd]).tobytes())
            # Only in-service crews that can reach the node are ever candidates: filter once.
            order = [c for c in sorted(self.crews_l, key=eta.__getitem__) if eta[c] < math.inf]
            if len(self.by_node) >= self.max_nodes:
                self.by_node.clear()
            ranked = self.by_node[nd] = (eta, order)
        return ranked

    def prefill(self, nodes: Sequence[int]) -> None:
        """Rank many nodes at once (a replication's alarm nodes): one vectorised pass, the same rankings as
        :meth:`ranking` gives node by node, so a scenario's first replication costs about what later ones do."""
        room = max(self.max_nodes - len(self.by_node), 0)
        todo = [nd for nd in dict.fromkeys(nodes) if nd not in self.by_node][:room]
        if not todo or not len(self.station):
            return
        eta = self.base_eta[:, None] + self.to_node[np.ix_(self.station, np.array(todo, np.int64))]  # crews × nodes
        key = np.where(self.is_crew[:, None], eta, math.inf)  # only in-service crews are candidates
        order = np.argsort(key, axis=0, kind="stable").T.tolist()  # stable: ties to the lowest index, as sorted()
        n_ok = np.isfinite(key).sum(axis=0).tolist()
        for nd, col, ranked, k in zip(todo, np.ascontiguousarray(eta.T), order, n_ok):
            self.by_node[nd] = (array("d", col.tobytes()), ranked[:k])

    def lane(self, nd: int) -> int:
        """The lane of node ``nd``: nodes reached from the same station rows share one (waiting incidents)."""
        lane = self.lane_of.get(nd)
        if lane is None:
            reach = np.isfinite(self.to_node[:, nd])
            lane = self.lane_ids.setdefault(reach.tobytes(), len(self.lane_ids))
            for row in np.flatnonzero(reach).tolist():
                if lane not in self.row_lanes[row]:
                    self.row_lanes[row].append(lane)
            self.lane_of[nd] = lane
        return lane

    def forget(self) -> None:
        """Drop the rankings computed so far (a benchmark times a first replication with this)."""
        self.by_node.clear()
        self.cmd_by_node.clear()

    def commanders_ranked(self, nd: int) -> list[int]:
        """The incident commanders' units that can reach a node, by expected arrival (ties: lowest index)."""
        ranked = self.cmd_by_node.get(nd)
        if ranked is None:
            to_node, station = self.to_node, self.station
            eta = [(self.base_eta_l[k] + float(to_node[station[k], nd]), k) for k in self.cmd_units_l]
            if len(self.cmd_by_node) >= self.max_nodes:
                self.cmd_by_node.clear()
            ranked = self.cmd_by_node[nd] = [k for e, k in sorted(eta) if e < math.inf]
        return ranked

    def alone(self, req: Requirement) -> list[bool]:
        """For each crew: the requirement needs one crew and this crew, as planned, makes its force alone.

        The same for every replication of the scenario: made once per requirement (runs only read it)."""
        got = self._alone.get(req)
        if got is None:
            got = self._alone[req] = [req.crews <= 1 and meets(req, add(EMPTY, *s)) for s in self.staff4]
        return got


ranking_for = IdentityMemo(Ranking, maxsize=32)
