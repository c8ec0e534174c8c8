"""Crews in order of expected arrival, the arrival of crews on the road computed only when it may come first.

A crew dispatched from the road needs a shortest-path row from its next node (a Dijkstra on a large network,
:mod:`raddsim.engine.travel`). The default run card takes crews in order of expected arrival until the force is
covered, usually after one or two; a crew whose lower bound comes after them is never looked at. So the order is
built lazily: crews with a known arrival and crews on the road under a lower bound share a heap keyed by
(time, crew index); a crew on the road reaching the top gets its exact time and goes back in. A crew is given
out only when its exact key is the least: every bound left is at most its crew's exact time, so the order is
exactly the stable sort of the exact times (ties: lowest index), as if every time had been computed.
"""

from __future__ import annotations

from heapq import heapify, heappop, heappush
from typing import Callable, Iterator

INF = float("inf")


class LazyOrder:
    """The crews with a finite expected arrival, in order; iterate it any number of times (same order).

    Parameters
    ----------
    eta
        Expected arrival (s) of every crew; the entries of ``pending`` crews are filled in as they are computed.
    known
        Crews whose ``eta`` is exact.
    pending
        ``(lower bound, crew)`` of crews whose ``eta`` is computed by ``exact(crew)`` only when needed.
    exact
        The exact expected arrival of a pending crew.
    """

    def __init__(self, eta: list[float], known: list[int], pending: list[tuple[float, int]],
                 exact: Callable[[int], float]) -> None:
        self.eta, self.exact = eta, exact
        self.heap: list[tuple[float, int, bool]] = [(eta[c], c, True) for c in known if eta[c] < INF]
        self.heap += [(bound, c, False) for bound, c in pending if bound < INF]
        heapify(self.heap)
        self.given: list[int] = []

    def __iter__(self) -> Iterator[int]:
        k = 0
        while True:
            if k < len(self.given):
                yield self.given[k]
                k += 1
            elif not self.next_one():
                return

    def next_one(self) -> bool:
        """Move the next crew in order to ``given``; False when there is none."""
        while self.heap:
            t, c, exact = heappop(self.heap)
            if exact:
                self.given.append(c)
                return True
            t = self.eta[c] = self.exact(c)
            if t < INF:
                heappush(self.heap, (t, c, True))
        return False
