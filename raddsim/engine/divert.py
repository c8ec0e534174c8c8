"""Crews diverted on their way: an urgent alarm takes a crew heading to a less urgent incident.

Set by ``[dispatch] divert_for`` (the levels whose alarms may do so).

JEMSS.jl's "redispatch" (``redispatch.csv``; on by default there: an ambulance going to a low- or medium-priority
call may be sent to a high-priority one), and a rescue service's practice of sending a unit on its way to an automatic
fire alarm on to a building fire.

Model
-----
* At an alarm whose type's queue priority level is in ``divert_for`` (1 most urgent), a crew on its way to an
  incident of a less urgent level (a larger number; one of ``divert_from`` where that is given) counts as a
  candidate for the run card, at its expected arrival from where it is; when the dispatch policy puts it on the
  card, it leaves its incident for the new one. (On a large network a crew that cannot come before the last crew
  of the usual card is skipped on a landmark bound, and driving on is searched only as far as it could win.)
* Crews that left as planned are diverted, from their station or alerted on the road on their way home (not
  incident commanders, crews that rolled short-handed or whose members follow in a second vehicle, nor crews
  already at the scene). A crew diverted may be diverted again by a still more urgent alarm: its new way starts
  where the timing below sent it from (a node of its route, or the bound's way back or on), and it is timed from
  there as a crew alerted on the road is.
* Where it is: still turning out, it leaves when its turnout ends, from where it was alerted. On the road from
  its station, it follows the quickest route out of the station (``TravelTables.out_tree``), passing its nodes in
  proportion to the drive the engine scheduled (heavy vehicles, travel factors), and is sent from the next node on
  that route (the time to get there, then the quickest way from there), as JEMSS sends an ambulance from its
  route's next node. ASSUMPTION: it does not turn between two nodes. On its last stretch off the road it goes back
  to the incident's node first. Where no route is known (alerted on the road, whose way starts at a node of its
  way home or at its station after it; diverted on the road, whose way starts where it was sent from; an island
  reached by boat; tables without the tree) a bound is used: the
  faster of going back to where its way started and driving on past its incident. Its drive to the new alarm is
  taken at the new incident type's travel factor.
* The incident it leaves loses it and is planned again at once, after the new alarm's card: the dispatcher alerts
  free crews or it waits (it is not given a crew diverted from a third incident, unlike JEMSS, which considers its
  bumped call again as a new one). Its mission is logged rolled, with no arrival (``t_arrive`` NaN) and free at the
  diversion: the crew's time stays one unbroken busy stretch.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Any

from raddsim.engine.force import EMPTY, add, meets
from raddsim.engine.incident import Incident
from raddsim.engine.moves import Moves
from raddsim.engine.travel import Heading

INF = math.inf
NAN = math.nan
#: A crew's time to an alarm when diverted: (turnout left, drive in s, where the drive starts: (offset, row, node)).
Eta = tuple[float, float, tuple[float, int, int]]


class Diverts(Moves):
    """The diverting side of the dispatcher (see the module docstring)."""

    def divert_card(self, inc: Incident) -> list[int] | None:
        """The run card of a new alarm of a level in ``divert_for``, counting crews on their way to less urgent
        incidents at their arrival from where they are; None when no such crew may come (the usual card then).

        The crews it diverts leave their incidents here (:meth:`leave_for`); those are planned again after the new
        alarm's card is alerted (:meth:`replan_left`)."""
        now, nd, level, only = self.clock.now, inc.node, inc.req.priority, self.divert_from
        heading = [(c, h) for c, h in self.heading.items() if h.inc.req.priority > level and h.t_arrive > now
                   and (not only or h.inc.req.priority in only) and c not in inc.failed]
        if not heading:
            return None
        eta_free, order = self.eta_now(nd)  # every free crew from where it is (quiet steps settled)
        eta, avail = list(eta_free), list(self.free)
        for c in inc.failed:
            avail[c] = False
        is_crew = self.rank.is_crew_l
        usual = self.policies.dispatch.card(inc.req, EMPTY, 0, eta, avail, is_crew, self.rank.staff_l,
                                            self.rank.equip_l, list(order))
        # A crew that cannot come before the last crew of the usual card is not on a card taken in arrival order.
        last = max((eta[c] for c in usual), default=INF) if self.covers(inc, usual) else INF
        moving = self.timed(inc, heading, last)
        for c, (turnout_left, drive, _) in moving.items():
            if drive < INF:
                eta[c], avail[c] = turnout_left + drive, True
        if not any(avail[c] for c in moving):
            return usual
        order = sorted((c for c in range(self.n_crews) if avail[c] and is_crew[c] and eta[c] < INF),
                       key=eta.__getitem__)
        card = self.policies.dispatch.card(inc.req, EMPTY, 0, eta, avail, is_crew, self.rank.staff_l,
                                           self.rank.equip_l, order)
        for c in card:
            if c in moving:
                self.leave_for(c, moving[c])
        return card

    def timed(self, inc: Incident, heading: list[tuple[int, Heading]], last: float) -> dict[int, Eta]:
        """:meth:`divert_eta` of each crew of ``heading`` to ``inc``; its drive INF where it cannot come before
        ``last``.

        Timed in the order of a cheap lower bound (:meth:`divert_bound`): where the card is one crew that makes the
        force alone (the default policy), the first crew found sooner than ``last`` is the bar for the rest, so on a
        large network few need a shortest-path search."""
        now, nd = self.clock.now, inc.node
        one = inc.req.crews == 1 and self.standard
        alone = self.alone[self.itype[inc.i]]
        out: dict[int, Eta] = {}
        for bound, c, h in sorted((self.divert_bound(c, h, nd, now), c, h) for c, h in heading):
            if bound >= last:
                out[c] = (0.0, INF, (0.0, -1, -1))  # it cannot come: where it would start is never read
                continue
            out[c] = turnout_left, drive, _ = self.divert_eta(c, h, nd, now, last)
            if one and alone[c] and turnout_left + drive < last:
                last = turnout_left + drive
        return out

    def divert_bound(self, c: int, h: Heading, nd: int, now: float) -> float:
        """A lower bound of the time the crew of ``h`` needs to node ``nd`` (turnout left and drive), without a
        shortest-path search: exact at its station; 0 on a small network (every crew is timed there)."""
        pos = self.pos
        if now < h.t_leave:
            if h.node >= 0 and pos.lazy:
                return h.t_leave - now + h.offset + pos.gap(h.node, nd)
            return h.t_leave - now + h.offset + self.start_row(h)[nd]
        if not pos.lazy or pos.rows is None:
            return 0.0
        at = self.next_on_way(c, h, now)
        if at is not None:
            return at[1] + pos.gap(at[0], nd)
        back, left = self.turn_or_on(h, nd, now)
        on = left + pos.gap(h.inc.node, nd)
        return on if on < back else back

    def covers(self, inc: Incident, card: list[int]) -> bool:
        """Whether ``card``'s crews, as planned, make ``inc``'s force."""
        planned = EMPTY
        for c in card:
            planned = add(planned, *self.rank.staff4[c])
        return len(card) >= inc.req.crews and meets(inc.req, planned)

    def divert_eta(self, c: int, h: Heading, nd: int, now: float, last: float = INF) -> Eta:
        """(turnout left, drive in s, where the drive starts) of the crew of ``h`` to node ``nd`` from where it is
        now (module docstring); the drive is INF when, on a large network, the crew cannot arrive before ``last``.
        Where the drive starts is ``(offset, row, node)`` as :meth:`raddsim.engine.travel.Positions.origin` gives it:
        the drive is ``offset`` plus the quickest way from there (the crew's new way, should it be diverted again)."""
        pos = self.pos
        if now < h.t_leave:
            return h.t_leave - now, h.offset + self.start_row(h)[nd], (h.offset, h.row, h.node)
        back, left = self.turn_or_on(h, nd, now)  # turning back: a way always known, and a bar for the search
        way_back = (self.back_to_start(h, now), h.row, h.node)
        if pos.rows is None:  # no rows from nodes (so no crew alerted on the road): turning back is the way known
            return 0.0, back, way_back
        at = self.next_on_way(c, h, now)
        if at is None:  # no route known (a boat trip, or no tree): the faster of turning back and driving on
            node, wait, known = h.inc.node, left, back
        else:
            node, wait, known = at[0], at[1], back
        if pos.lazy and pos.rows_within is not None:
            # A large network: search from that node only as far as it could beat the other ways.
            budget = min(last, known) - wait
            row = pos.rows_within(node, budget) if budget > 0 else None
        else:
            row = pos.rows(node)
        via = INF if row is None or nd >= len(row) else wait + float(row[nd])
        if via < known:
            return 0.0, via, (wait, h.row, node)
        return 0.0, known if known < last or not pos.lazy else INF, way_back

    def next_on_way(self, c: int, h: Heading, now: float) -> tuple[int, float] | None:
        """The next node crew ``c`` (on the way of ``h``) passes on its route (the shortest-path tree out of its
        station, passed in proportion to its drive) and in how many seconds; on the last stretch off the road, the
        incident's node and the time back to it. None where the route is not known."""
        driven = now - h.t_leave
        road = (h.offset + self.start_row(h)[h.inc.node]) * h.inc.req.travel_factor  # its drive on the roads
        if driven >= road:
            return h.inc.node, driven - road
        if h.offset or h.node >= 0:
            return None  # alerted on the road: no tree out of where it was
        way = self.ways.get(c)
        if way is None or way[0] is not h:  # one route per crew's way, kept while it is on it
            way = self.ways[c] = (h, self.pos.way_out(h.row, h.inc.node, road))
        route = way[1]
        if route is None:
            return None
        nodes, times = route
        k = bisect_left(times, driven)
        return nodes[k], times[k] - driven

    def turn_or_on(self, h: Heading, nd: int, now: float) -> tuple[float, float]:
        """Without a route: (going back the way it came to where its way started, or on to it, and out from there
        to ``nd``; the time to the incident's node, driving on or back to it). ASSUMPTION: a bound of where the crew
        is."""
        driven, tf = now - h.t_leave, h.inc.req.travel_factor
        start = self.start_row(h)
        return self.back_to_start(h, now) + start[nd], abs((h.offset + start[h.inc.node]) * tf - driven)

    @staticmethod
    def back_to_start(h: Heading, now: float) -> float:
        """The drive (s) of the crew of ``h`` back (or on) to where its way started (the bound's first leg)."""
        return abs(now - h.t_leave - h.offset * h.inc.req.travel_factor)

    def start_row(self, h: Heading) -> Any:
        """The drive (s) from where the way of ``h`` starts (its station, or a node) to every node: a travel-table
        row (a memoryview of doubles) or a row from a node (an array), read by node."""
        rows = self.pos.rows
        return self.pos.to_row[h.row] if h.node < 0 or rows is None else rows(h.node)

    def leave_for(self, c: int, eta: Eta) -> None:
        """Crew ``c`` leaves the incident it was heading to for a more urgent one (alerted next, by the card)."""
        h = self.heading.pop(c)
        old, now = h.inc, self.clock.now
        self.gone.add((c, old.i, h.t_alert))  # its arrival there, already scheduled, is void
        old.en_route -= 1
        old.set_member(c, None)
        self.rec.n_alerted[old.i] -= 1
        self.rec.mission(old.i, c, h.t_alert, True, h.t_leave if h.t_leave <= now else NAN, NAN, now)
        self.redirect[c] = (h, *eta)
        self.left.append(old)

    def start_diverted(self, c: int, inc: Incident) -> None:
        """Crew ``c``, diverted, drives to ``inc`` from where it is (its turnout, if not done, goes on)."""
        h, turnout_left, drive, (offset, row, node) = self.redirect.pop(c)
        now, i = self.clock.now, inc.i
        self.trip[c] += 1
        inc.en_route += 1
        t_leave = h.t_leave if turnout_left > 0 else now
        rec = self.rec
        if rec.t_turnout_end[i] != rec.t_turnout_end[i]:
            rec.t_turnout_end[i] = t_leave
        delay = turnout_left + drive * inc.req.travel_factor + self.access[i]
        self.after(delay, self.arrive, c, inc, now, t_leave, self.plan_c[c], self.plan_f[c])
        # A still more urgent alarm may take it again, its way starting where it was sent from (still turning out:
        # where it was alerted, as before).
        self.heading[c] = Heading(inc, now, t_leave, row, now + delay, offset, node)

    def replan_left(self) -> None:
        """The incidents crews left for more urgent ones: cleared if nothing else is on its way and the time on
        scene is up, else planned again (free crews, or they wait)."""
        left, self.left = self.left, []
        for old in left:
            if old.cleared:
                continue
            if old.clear_due and old.en_route == 0:
                self.clear(old)
            else:
                self.plan(old)
