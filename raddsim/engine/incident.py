"""An incident while the dispatcher may still have to act on it (crews failing, short-handed or busy)."""

from __future__ import annotations

from raddsim.engine.force import EMPTY, Requirement, Totals, add, meets

NO_CREWS: frozenset[int] = frozenset()


class Incident:
    """The crews alerted to one alarm, what they bring as planned, and what is on scene."""

    __slots__ = ("i", "req", "node", "members", "failed", "planned", "on_scene", "en_route", "first", "clear_due",
                 "cleared", "present", "queued", "lane")

    def __init__(self, i: int, req: Requirement, node: int) -> None:
        self.i, self.req, self.node = i, req, node
        # Crews alerted and not failed → (commanders, firefighters, people, equipment) as the dispatcher knows them.
        self.members: dict[int, tuple[int, int, int, int]] = {}
        # Crews that failed to roll for this incident are not alerted to it again (rare: one shared empty set
        # until then, so the many incidents that wait under overload stay small).
        self.failed: frozenset[int] = NO_CREWS
        self.planned: Totals = EMPTY
        self.on_scene: Totals = EMPTY
        self.en_route = 0
        self.first = False
        self.clear_due = False
        self.cleared = False
        # Crews on scene until the incident clears: (crew, t_alert, t_leave, t_arrive, commanders, firefighters).
        self.present: list[tuple[int, float, float, float, int, int]] = []
        # Ticket of its entry in the waiting queue (0: not waiting), see :mod:`raddsim.engine.waiting`.
        self.queued = 0
        self.lane = -1  # its lane in the waiting queue: the incidents the same stations can reach

    def add_member(self, c: int, staff: tuple[int, int, int, int]) -> None:
        """A crew is alerted with this (commanders, firefighters, people, equipment)."""
        self.members[c] = staff
        self.planned = add(self.planned, *staff)

    def set_member(self, c: int, staff: tuple[int, int, int, int] | None) -> None:
        """Replace (or with None remove) a crew's staffing: totals are recounted, as OR cannot be undone."""
        if staff is None:
            self.members.pop(c, None)
        else:
            self.members[c] = staff
        t = EMPTY
        for s in self.members.values():
            t = add(t, *s)
        self.planned = t

    def covered(self) -> bool:
        """Whether the crews alerted, as the dispatcher knows them, make the force."""
        return len(self.members) >= self.req.crews and meets(self.req, self.planned)
