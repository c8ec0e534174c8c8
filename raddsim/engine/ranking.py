"""Who is nearest: crews ranked by expected arrival at a node, computed once per scenario.

Shared by all replications of a scenario (cached by identity of the fleet and the
tables). Rankings are for crews at their home stations; the dispatcher re-ranks the
few crews that are elsewhere (see :mod:`raddsim.engine.travel`).
"""

from __future__ import annotations

import math

import numpy as np

from raddsim.core.memo import IdentityMemo
from raddsim.engine.dispatch import run_card
from raddsim.engine.force import EMPTY, Requirement, add, meets
from raddsim.engine.inputs import Fleet, TravelTables

#: At most this many nodes' rankings are kept (memory: nodes × crews Python numbers).
RANKING_CACHE_NODES = 20_000


class Ranking:
    """Per-scenario arrays the dispatcher reads, and rankings per node filled lazily."""

    def __init__(self, fleet: Fleet, tables: TravelTables) -> None:
        self.to_node = tables.to_node  # stations × nodes; indexed, never copied
        self.station = fleet.station
        self.base_eta = fleet.turnout_s + fleet.request_delay_s
        self.base_eta_l = self.base_eta.tolist()
        self.is_crew = fleet.in_service & ~fleet.command
        self.is_crew_l = self.is_crew.tolist()
        self.cmd_units_l = np.flatnonzero(fleet.command & fleet.in_service).tolist()
        self.staff_l = fleet.planned.tolist()
        self.equip_l = fleet.equipment.tolist()
        self.staff4 = [(cc, ff, cc + ff, eq) for (cc, ff), eq in zip(self.staff_l, self.equip_l)]
        reach = np.isfinite(tables.to_node[fleet.station]) & self.is_crew[:, None] if len(fleet) else None
        self.reachable = (reach.any(axis=0) if reach is not None else np.zeros(tables.to_node.shape[1], bool)).tolist()
        self.by_node: dict[int, tuple[list[float], list[int]]] = {}
        self.cmd_by_node: dict[int, list[int]] = {}
        #: requirements → (node, type) → the run card when every crew is free, and whether it covers the force.
        self.cards: dict[tuple[Requirement, ...], dict[tuple[int, int], tuple[list[int], bool]]] = {}

    def ranking(self, nd: int) -> tuple[list[float], list[int]]:
        """Expected arrival of every crew at a node from home, and the crews that can get there in that order."""
        ranked = self.by_node.get(nd)
        if ranked is None:
            eta = self.base_eta + self.to_node[self.station, nd]
            order = np.argsort(eta, kind="stable")
            # Only in-service crews that can reach the node are ever candidates: filter once.
            order = order[self.is_crew[order] & np.isfinite(eta[order])]
            if len(self.by_node) >= RANKING_CACHE_NODES:
                self.by_node.clear()
            ranked = self.by_node[nd] = (eta.tolist(), order.tolist())
        return ranked

    def commanders_ranked(self, nd: int) -> list[int]:
        """The incident commanders' units that can reach a node, by expected arrival (ties: lowest index)."""
        ranked = self.cmd_by_node.get(nd)
        if ranked is None:
            to_node, station = self.to_node, self.station
            eta = [(self.base_eta_l[k] + float(to_node[station[k], nd]), k) for k in self.cmd_units_l]
            if len(self.cmd_by_node) >= RANKING_CACHE_NODES:
                self.cmd_by_node.clear()
            ranked = self.cmd_by_node[nd] = [k for e, k in sorted(eta) if e < math.inf]
        return ranked

    def cards_for(self, reqs: tuple[Requirement, ...]) -> dict[tuple[int, int], tuple[list[int], bool]]:
        """The cache of first cards of one set of requirements (a run looks it up once, not per alarm)."""
        if len(self.cards) > 8:
            self.cards.clear()
        return self.cards.setdefault(reqs, {})

    def first_card(self, reqs: tuple[Requirement, ...], nd: int, k: int,
                   cache: dict[tuple[int, int], tuple[list[int], bool]] | None = None) -> tuple[list[int], bool]:
        """The run card of a fresh alarm of type ``k`` at node ``nd`` when every crew is home and free,
        and whether it covers the force as planned.

        It is also the card whenever its own crews are home and free, whoever else is
        busy: run_card walks the ranking with the same totals at every step, so a busy
        crew it would have skipped anyway changes nothing.
        """
        cards = self.cards_for(reqs) if cache is None else cache
        key = (nd, k)
        hit = cards.get(key)
        if hit is None:
            eta, order = self.ranking(nd)
            everyone = [True] * len(self.is_crew_l)
            card = run_card(reqs[k], EMPTY, 0, eta, everyone, self.is_crew_l, self.staff_l, self.equip_l, order)
            if len(cards) >= RANKING_CACHE_NODES:
                cards.clear()
            hit = cards[key] = (card, self.covers(card, reqs[k]))
        return hit

    def covers(self, card: list[int], req: Requirement) -> bool:
        """Whether the crews of a run card, as planned, make the force."""
        t = EMPTY
        for c in card:
            t = add(t, *self.staff4[c])
        return len(card) >= req.crews and meets(req, t)


ranking_for = IdentityMemo(Ranking, maxsize=32)
