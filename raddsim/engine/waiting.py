"""Incidents waiting for crews, by priority and then first come first served, at a cost that does not grow with
the queue."""

from __future__ import annotations

from collections import deque
from itertools import count
from typing import Iterator

from raddsim.engine.incident import Incident


class Lane:
    """Entries ``(ticket, incident)`` oldest first; an entry is live while ``ticket == incident.queued``.

    Dead entries are dropped from the front when the lane is scanned, and the lane is rebuilt
    without them once they outnumber the live ones (amortised O(1): an incident that waits long
    at the front would otherwise make every scan walk over all the dead entries behind it).
    """

    __slots__ = ("entries", "live")

    def __init__(self) -> None:
        self.entries: deque[tuple[int, Incident]] = deque()
        self.live = 0

    def scan(self) -> deque[tuple[int, Incident]]:
        """The entries, live or dead, for a loop that stops early (do not add while iterating)."""
        entries = self.entries
        while entries and entries[0][0] != entries[0][1].queued:
            entries.popleft()
        if len(entries) > 2 * self.live + 32:
            entries = self.entries = deque(e for e in entries if e[0] == e[1].queued)
        return entries


class Waiting:
    """The incidents waiting for crews, by priority level, oldest first within a level: O(1) add and remove.

    Removing an incident only marks its entries dead (its ``queued`` ticket no longer matches).
    Each incident is queued in its priority level (``level``: lower is served first, the incident
    type's ``priority``; one level 0 when the region sets none, which is first come, first served)
    and, within it, in a lane of the incidents that the same stations can reach (``lane``, given by
    the caller): a crew scans only the lanes it can reach, so incidents it cannot reach (on an
    island only one crew gets to) do not make every return slower as the queue grows. A dict used
    as an ordered set is slower here: its deleted entries pile up at the front until the next
    resize, and every scan walks over them.
    """

    __slots__ = ("all", "levels", "lanes", "tickets")

    def __init__(self) -> None:
        self.all = Lane()
        self.levels: dict[int, Lane] = {}
        self.lanes: dict[tuple[int, int], Lane] = {}
        self.tickets = count(1)

    def __len__(self) -> int:
        return self.all.live

    def __contains__(self, inc: Incident) -> bool:
        return inc.queued != 0

    def add(self, inc: Incident, lane: int = -1) -> None:
        """Queue ``inc`` at the back of its priority level (``inc.req.priority``), in lane ``lane`` too if >= 0 (no
        change if it waits already)."""
        if not inc.queued:
            inc.queued = next(self.tickets)
            entry = (inc.queued, inc)
            level = inc.req.priority
            inc.lane = lane
            for queue in (self.all, _lane(self.levels, level), _lane(self.lanes, (level, lane)) if lane >= 0 else None):
                if queue is not None:
                    queue.entries.append(entry)
                    queue.live += 1

    def remove(self, inc: Incident) -> None:
        """Take ``inc`` out of the queue (no change if it does not wait)."""
        if inc.queued:
            inc.queued = 0
            level = inc.req.priority
            self.all.live -= 1
            self.levels[level].live -= 1
            if inc.lane >= 0:
                self.lanes[level, inc.lane].live -= 1
            # The dead entry stays until the next scan drops it: removing happens while a caller walks the
            # queue (a returning crew drops cleared incidents on its way), and a deque must not change then.

    def __iter__(self) -> Iterator[Incident]:
        """The waiting incidents, oldest first (do not add while iterating; removing is fine)."""
        return (inc for ticket, inc in self.all.scan() if ticket == inc.queued)

    def order(self) -> list[int]:
        """The priority levels that have incidents waiting, the most urgent (lowest) first."""
        return sorted(level for level, queue in self.levels.items() if queue.live)

    def scan(self, level: int, lane: int = -1) -> deque[tuple[int, Incident]]:
        """Entries of a level's incidents (or of one of its lanes), oldest first, live or dead
        (``ticket == inc.queued``)."""
        queue = self.levels.get(level) if lane < 0 else self.lanes.get((level, lane))
        return queue.scan() if queue is not None else deque()


def _lane(lanes: dict, key: object) -> Lane:
    """The lane of ``key`` in ``lanes``, made empty on first use."""
    queue = lanes.get(key)
    if queue is None:
        queue = lanes[key] = Lane()
    return queue
