"""The dispatcher: at each alarm, which crews to alert (the run card); re-planning; the queue.

Model
-----
* At an alarm the dispatcher alerts, in the order the dispatch policy gives
  (default: expected arrival — stated turnout + travel from where the crew is,
  + request delay for mutual aid), the free crews needed to reach the incident
  type's force: at least ``crews`` crews and, counting planned staffing, the
  capabilities and people the type needs (:func:`raddsim.engine.dispatch.run_card`).
  The incident commander's unit responds as well where the type says so.
* The order does not hold an incident type's extra turnout (``Requirement.turnout_extra_s``): it is the same
  for every crew at its station, so only a crew at its station against one on the road would compare
  differently. ASSUMPTION: a dispatch system ranks units by their stated turnout and travel.
* Crews known to be ur beredskap at the alarm (``Responses.known_out``: they report
  it, :mod:`raddsim.engine.roll_rules`) are not alerted to it.
* When crews fail or roll short-handed the dispatcher re-plans and alerts more
  crews if the force is no longer covered.
* When the force cannot be covered, the incident waits (first come, first served)
  for crews that become free. An alarm that no in-service crew can reach by road
  from its station is flagged unreachable.
* After each alarm and each crew that is ready at a station, the move-up policy
  may move free crews between stations (:mod:`raddsim.engine.moves`).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from raddsim.engine.dispatch import run_card
from raddsim.engine.divert import Diverts
from raddsim.engine.force import EMPTY, Requirement, Totals, add, helps, meets
from raddsim.engine.incident import NO_CREWS, Incident
from raddsim.engine.lazy_order import LazyOrder

INF = float("inf")


class Dispatcher(Diverts):
    """The dispatcher's side of a run."""

    def on_alarm(self, i: int) -> None:
        """Alarm ``i``: alert its run card (and the incident commander), or let it wait."""
        rec, nd, k = self.rec, self.node[i], self.itype[i]
        if self.quiet and self.quiet[0][0] < self.clock.now:  # Quiet.settled, inline (every alarm)
            self.settle(self.clock.now)  # steps booked without events happen before the alarm
        if not self.rank.reachable[nd]:
            rec.unreachable[i] = True
            return
        commander = self.commander_for(nd) if self.with_commander[k] else -1
        inc = Incident(i, self.reqs[k], nd)
        out = self.known_out.get(i)
        if out:
            # Crews that reported themselves ur beredskap are not alerted (a crew on the road is staffed).
            road = self.pos.road
            inc.failed = frozenset(c for c in out if c not in road) if road else frozenset(out)
        card = self.divert_card(inc) if self.heading and self.reqs[k].priority in self.divert_for else None
        self.plan(inc, self.fresh_card(nd, k, inc.failed) if card is None else card, commander < 0)
        if self.left:
            self.replan_left()  # the incidents whose crews were diverted to this alarm
        if not inc.members:
            rec.waited[i] = True
        if commander >= 0:
            self.alert(commander, inc)
        if self.mover is not None:
            self.move_up()

    def fresh_card(self, nd: int, k: int, failed: frozenset[int] = NO_CREWS) -> list[int]:
        """The run card of a new alarm of type ``k`` at node ``nd`` now, without the crews in ``failed``."""
        lazy = self.standard and self.pos.lazy  # a large network: crews on the road timed only when needed
        eta, order = self.eta_lazy(nd) if lazy else self.eta_now(nd)
        avail = self.free
        if failed:
            avail = list(avail)
            for c in failed:
                avail[c] = False
        if self.standard:
            # The default policy's card starts with the first free crew in ETA order; when the type needs
            # one crew and that crew makes the force alone, that crew is the whole card (run_card stops there).
            for c in order:
                if avail[c]:
                    if self.alone[k][c]:
                        return [c]
                    break
            else:
                return []
            if lazy:  # the default policy's card (ClosestArrival.card), on the lazy order
                return run_card(self.reqs[k], EMPTY, 0, eta, avail, self.rank.is_crew_l, self.rank.staff_l,
                                self.rank.equip_l, order)
        # a list here (eta_now's): a plug-in policy never sees a lazy order
        return self.policies.dispatch.card(self.reqs[k], EMPTY, 0, eta, avail, self.rank.is_crew_l,
                                           self.rank.staff_l, self.rank.equip_l,
                                           order if isinstance(order, list) else list(order))

    def card(self, req: Requirement, planned: Totals, alerted: int, nd: int, avail: Sequence[bool]) -> list[int]:
        """The crews the dispatch policy alerts to a node, given what is on its way."""
        if self.standard and self.pos.lazy:  # the default policy's card (ClosestArrival.card), on a lazy order
            eta, lazy = self.eta_lazy(nd)
            return run_card(req, planned, alerted, eta, avail, self.rank.is_crew_l, self.rank.staff_l,
                            self.rank.equip_l, lazy)
        eta, order = self.eta_now(nd)
        return self.policies.dispatch.card(req, planned, alerted, eta, avail, self.rank.is_crew_l, self.rank.staff_l,
                                           self.rank.equip_l, order)

    def eta_now(self, nd: int) -> tuple[Sequence[float], list[int]]:
        """Expected arrival of each crew at node ``nd`` from where it is, and the candidates in that order."""
        # ranked() inline: this runs for every alarm and alert, and the calls cost 1 % of a Norrtälje run
        eta, order = self.rank.ranking(nd)
        if self.quiet and self.quiet[0][0] <= self.clock.now:  # Quiet.settled, inline
            self.settle(self.clock.now)
        if not self.pos.away:
            return eta, order
        return self.from_away(nd, eta, order)

    def ranked(self, nd: int) -> tuple[Sequence[float], list[int]]:
        """The ranking of node ``nd`` (every crew at its home station), with the quiet crews settled now."""
        eta, order = self.rank.ranking(nd)
        if self.quiet and self.quiet[0][0] <= self.clock.now:  # Quiet.settled, inline: a ranking per alarm
            self.settle(self.clock.now)
        return eta, order

    def from_away(self, nd: int, eta: Sequence[float], order: list[int]) -> tuple[Sequence[float], list[int]]:
        """:meth:`eta_now` from the ranking: the free crews away from their station from where they are."""
        if not self.pos.away:
            return eta, order
        eta = mine = list(eta)
        now, travel, free, road = self.clock.now, self.pos.travel, self.free, self.pos.road
        for c in self.pos.away:
            if free[c]:
                # A crew on the road is in its vehicle already: no turnout.
                lead = self.delay[c] if c in road else self.rank.base_eta_l[c]
                mine[c] = lead + travel(c, nd, now)
        is_crew = self.rank.is_crew_l
        order = sorted((c for c in range(self.n_crews) if is_crew[c] and mine[c] < INF), key=mine.__getitem__)
        return eta, order

    def eta_lazy(self, nd: int) -> tuple[Sequence[float], Iterable[int]]:
        """:meth:`eta_now` for the default policy: crews on the road get their exact arrival (a shortest-path row)
        only when they may come before the crews ahead of them (:class:`~raddsim.engine.lazy_order.LazyOrder`);
        the order is the same, and ``eta`` is exact for every crew the order has given out."""
        eta, order = self.ranked(nd)
        pos, free = self.pos, self.free
        road = [c for c in pos.away if free[c] and c in pos.road] if pos.lazy else []
        if not road:
            return self.from_away(nd, eta, order)
        mine = list(eta)
        now, travel, delay, on_road = self.clock.now, pos.travel, self.delay, set(road)
        for c in pos.away:
            if free[c] and c not in on_road:
                mine[c] = self.rank.base_eta_l[c] + travel(c, nd, now)
        is_crew = self.rank.is_crew_l
        known = [c for c in range(self.n_crews) if is_crew[c] and c not in on_road]
        pending = [(delay[c] + pos.lower_bound(c, nd, now), c) for c in road if is_crew[c]]
        return mine, LazyOrder(mine, known, pending, lambda c: delay[c] + travel(c, nd, now))

    def plan(self, inc: Incident, card: list[int] | None = None, lone: bool = False) -> None:
        """Alert free crews until the force is covered (``card``: already known); otherwise wait for crews.

        ``lone``: a new alarm without an incident commander; a card of one crew may then book its arrival at once
        (:meth:`~raddsim.engine.missions.Missions.arrives_alone`).
        """
        req = inc.req
        if inc.cleared or len(inc.members) >= req.crews and meets(req, inc.planned):
            return
        if card is None:
            self.settled()  # who is free now
            avail = self.free
            if inc.failed:
                avail = list(avail)
                for k in inc.failed:
                    avail[k] = False
            card = self.card(req, inc.planned, len(inc.members), inc.node, avail)
        self.lone = lone and len(card) == 1
        for c in card:
            self.alert(c, inc)
        self.lone = False
        if not (len(inc.members) >= req.crews and meets(req, inc.planned)):
            if self.quiet and not self.waiting.all.live:
                self.wake()  # crews released at their times would now take it
            self.waiting.add(inc, self.rank.lane(inc.node) if self.standard else -1)

    def alert(self, c: int, inc: Incident) -> None:
        """Alert crew ``c`` to ``inc``."""
        self.free[c] = False
        i, rec = inc.i, self.rec
        if rec.t_dispatch[i] != rec.t_dispatch[i]:
            rec.t_dispatch[i] = self.clock.now
        if not self.command[c]:
            staff = self.rank.staff4[c]
            inc.members[c] = staff  # Incident.add_member, written out: this runs for every crew alerted
            # The first crew's staffing is the total (add(EMPTY, *staff) == staff): no call for the commonest case.
            inc.planned = staff if inc.planned is EMPTY else add(inc.planned, *staff)
            rec.n_alerted[i] += 1
        self.start(c, inc)

    def release(self, c: int) -> None:
        """Crew ``c`` is free: give it to the first waiting incident it helps, else mark it free."""
        if self.waiting.all.live and not self.command[c]:  # len(self.waiting), without the call
            target = self.first_helped(c)
            if target is not None:
                self.alert(c, target)
                if target.covered():
                    self.waiting.remove(target)
                return
        self.free[c] = True

    def first_helped(self, c: int) -> Incident | None:
        """The first waiting incident crew ``c`` helps: the most urgent priority level first, the oldest within it
        (dropping those cleared or covered on the way)."""
        for level in self.waiting.order():
            found = self.first_helped_in(c, level)
            if found is not None:
                return found
        return None

    def first_helped_in(self, c: int, level: int) -> Incident | None:
        """The oldest waiting incident of priority ``level`` crew ``c`` helps."""
        if self.standard and c not in self.pos.road:
            return self.first_in_lanes(c, level)
        helped = self.standard_helps if self.standard else self.policy_helps
        for ticket, inc in self.waiting.scan(level):  # oldest first; no copy of the queue
            if ticket != inc.queued:
                continue  # removed earlier
            if inc.cleared or inc.covered():
                self.waiting.remove(inc)
            elif c not in inc.failed and helped(c, inc):
                return inc
        return None

    def first_in_lanes(self, c: int, level: int) -> Incident | None:
        """:meth:`first_helped_in` for the default policy and a crew at a station: only the lanes of incidents its
        station reaches are scanned, and the oldest incident it helps in any of them is the one."""
        if not self.rank.is_crew_l[c]:
            return None
        best, best_ticket, staff = None, 0, self.rank.staff4[c]
        for lane in self.rank.row_lanes[self.pos.base[c]]:
            for ticket, inc in self.waiting.scan(level, lane):
                if best is not None and ticket > best_ticket:
                    break  # tickets grow along a lane: nothing older here
                if ticket != inc.queued:
                    continue  # removed earlier
                if inc.cleared or inc.covered():
                    self.waiting.remove(inc)
                elif c not in inc.failed and (len(inc.members) < inc.req.crews or helps(inc.req, inc.planned, *staff)):
                    best, best_ticket = inc, ticket
                    break
        return best

    def policy_helps(self, c: int, inc: Incident) -> bool:
        """Whether the dispatch policy would alert crew ``c`` to ``inc`` if it were the only free crew."""
        only_c = [k == c for k in range(self.n_crews)]
        self.free[c] = True  # as a candidate of the card below (only c can be on it)
        card = self.card(inc.req, inc.planned, len(inc.members), inc.node, only_c)
        self.free[c] = False
        return bool(card)

    def standard_helps(self, c: int, inc: Incident) -> bool:
        """:meth:`policy_helps` for the default policy, without ranking every crew: run_card alerts a lone free
        crew that can get there while the incident has too few crews or the crew closes part of the gap."""
        if not self.rank.is_crew_l[c]:
            return False
        nd = inc.node
        pos = self.pos
        drive = pos.travel(c, nd, self.clock.now) if c in pos.away else pos.to_row[pos.base[c]][nd]
        if not drive < INF:
            return False
        return len(inc.members) < inc.req.crews or helps(inc.req, inc.planned, *self.rank.staff4[c])

    def commander_for(self, nd: int) -> int:
        """The free incident commander's unit with the earliest expected arrival (-1: none can come)."""
        free = self.free
        for k in self.rank.commanders_ranked(nd):
            if free[k]:
                return k
        return -1
