"""Move-up: free crews driven to other stations to cover for busy ones, as the move-up policy asks.

A moved crew is not available while it drives (ASSUMPTION: a crew on a cover move
is not dispatched before it reaches the station; in practice it may be — a
conservative choice), then stands at the new station until its next mission, after
which it returns to its home station. Every move is logged (:class:`MoveRecords`).
"""

from __future__ import annotations

from raddsim.engine.missions import Missions
from raddsim.engine.policies import FleetView

INF = float("inf")


class Moves(Missions):
    """The move-up side of a run."""

    def crew_ready(self, c: int) -> None:
        """Crew ``c`` is free at a station again: the move-up policy may act."""
        if self.mover is not None:
            self.move_up()

    def view(self) -> FleetView:
        """What a move-up policy sees: who is free and where each crew stands."""
        pos, free = self.pos, self.free
        at = [pos.base[c] if free[c] and c not in pos.road else -1 for c in range(self.n_crews)]
        return FleetView(self.env.now, list(free), at, pos.home, self.movable)

    def move_up(self) -> None:
        """Ask the move-up policy for moves and start them."""
        assert self.mover is not None
        view = self.view()
        for c, row in self.mover.moves(view):
            if 0 <= c < self.n_crews and view.at[c] >= 0 and self.movable[c]:
                row = self.pos.row_for(c, row)  # the crew's own vehicle class's row of that station
                if view.at[c] != row:
                    self.move(c, row)

    def move(self, c: int, row: int) -> None:
        """Start moving free crew ``c`` to station ``row`` (a row of its vehicle class, :meth:`Positions.row_for`)."""
        assert self.station_node is not None
        now, frm = self.env.now, self.pos.base[c]
        t = self.pos.to_row[frm][int(self.station_node[row])]
        if not t < INF:
            return
        self.free[c] = False
        self.pos.leaves(c, now)
        self.trip[c] += 1
        self.after(t, self.moved, c, frm, row, now)

    def moved(self, c: int, frm: int, row: int, t_start: float) -> None:
        """Crew ``c`` has reached station ``row``: it stands there, free."""
        self.rec.moves.extend((c, frm, row, t_start, self.env.now))
        self.pos.at_station(c, row, self.env.now)
        self.release(c)
