"""Incidents waiting for crews, first come first served, at a cost that does not grow with the queue."""

from __future__ import annotations

from collections import deque
from itertools import count
from typing import Iterator

from raddsim.engine.incident import Incident


class Waiting:
    """The incidents waiting for crews, oldest first: O(1) add and remove, and an oldest-first scan.

    Removing an incident only marks its entry dead (its ``queued`` ticket no longer matches);
    the scan drops dead entries from the front, and the queue is rebuilt without them once
    they outnumber the live ones (amortised O(1): an incident that waits long at the front,
    e.g. on an island only one crew reaches, would otherwise make every scan walk over all
    the dead entries behind it). A dict used as an ordered set is slower here: its deleted
    entries pile up at the front until the next resize, and every scan walks over them.
    """

    __slots__ = ("entries", "live", "tickets")

    def __init__(self) -> None:
        self.entries: deque[tuple[int, Incident]] = deque()
        self.live = 0
        self.tickets = count(1)

    def __len__(self) -> int:
        return self.live

    def __contains__(self, inc: Incident) -> bool:
        return inc.queued != 0

    def add(self, inc: Incident) -> None:
        """Queue ``inc`` at the back (no change if it waits already)."""
        if not inc.queued:
            inc.queued = next(self.tickets)
            self.entries.append((inc.queued, inc))
            self.live += 1

    def remove(self, inc: Incident) -> None:
        """Take ``inc`` out of the queue (no change if it does not wait)."""
        if inc.queued:
            inc.queued = 0
            self.live -= 1

    def __iter__(self) -> Iterator[Incident]:
        """The waiting incidents, oldest first (do not add while iterating; removing is fine)."""
        return (inc for ticket, inc in self.scan() if ticket == inc.queued)

    def scan(self) -> deque[tuple[int, Incident]]:
        """The queue's entries, oldest first, live or dead (``ticket == inc.queued``: live), for a loop that
        stops early; dead entries at the front are dropped first (do not add while iterating)."""
        entries = self.entries
        while entries and entries[0][0] != entries[0][1].queued:
            entries.popleft()
        if len(entries) > 2 * self.live + 32:
            entries = self.entries = deque(e for e in entries if e[0] == e[1].queued)
        return entries
