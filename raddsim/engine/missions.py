"""A crew's mission: alerted → left → arrived → (incident cleared) → home, or free again on the road.

Each step is a callback the clock calls at its time. Where a crew is and when it is
free is decided here; whom to send is the dispatcher's (:mod:`raddsim.engine.dispatcher`).

Model
-----
* A crew turns out (its drawn turnout time, plus the request delay of mutual aid and
  the incident type's extra turnout, ``Requirement.turnout_extra_s``),
  drives to the alarm's node and then the last stretch, and stays on scene until the
  incident is cleared. A part-time crew that cannot roll is known to have failed at
  its stated turnout time; one that rolls short-handed reports its real staffing
  when it leaves. Either way the dispatcher re-plans. (A crew known to be ur
  beredskap is not alerted at all: the dispatcher's rule.)
* A crew that rolls short with the rest following (``roll_short = "follow"``) counts
  toward the first arrival when its first vehicle arrives; its followers join the
  force on scene when the second vehicle arrives, ``follow_s`` after the first left
  on the same route, so the effective force is complete only then. The dispatcher
  plans with the crew and its followers.
* The incident is cleared its on-scene time after the first crew arrives, or when
  the last crew still on its way arrives, whichever is later.
* Crews then drive back to their home station (from the scene, or the hospital
  after a transport). Where the region allows dispatch on the road
  (``[dispatch] en_route``), a returning crew is free from the moment it is
  released and is sent from where it is (:mod:`raddsim.engine.travel`); it is
  already in its vehicle, so it leaves at once with the staffing it had. Otherwise
  it is free when it is home.
"""

from __future__ import annotations

from heapq import heappush

from raddsim.engine.force import add, meets
from raddsim.engine.incident import Incident
from raddsim.engine.quiet import Quiet
from raddsim.engine.travel import Heading, OnRoad

NAN = float("nan")


class Missions(Quiet):
    """The crews' side of a run."""

    def start(self, c: int, inc: Incident) -> None:
        """Crew ``c`` has been alerted to ``inc``: it fails to roll, or leaves and drives there."""
        if self.redirect and c in self.redirect:
            self.start_diverted(c, inc)  # taken on its way to a less urgent incident (raddsim.engine.divert)
            return
        i, now, pos = inc.i, self.clock.now, self.pos
        road = pos.road.get(c)
        if road is not None and road.t_home <= now:
            self.settle(now)  # it may be home already (raddsim.engine.quiet)
            road = pos.road.get(c)
        self.trip[c] += 1
        start = None  # where a crew on the road starts its way: (offset, station row, node) (raddsim.engine.divert)
        if road is None:
            cell = i * self.r_cols + c  # (alarm, crew) in the drawn responses
            if not self.r_rolls[cell]:
                # Too few responders: the dispatcher knows when the crew should have left.
                self.after(self.delay[c] + self.stated[c], self.failed, c, inc, now)
                return
            drive = pos.to_row[pos.base[c]][inc.node] * inc.req.travel_factor + self.access[i]
            if c in pos.away:
                pos.leaves(c, now)
            # The type's extra turnout (its gear) is added at the station only: on the road a crew has what it has.
            cc, ff = self.r_cmd[cell], self.r_ff[cell]
            turnout = self.delay[c] + self.r_turnout[cell] + inc.req.turnout_extra_s
        else:
            start = pos.origin(c, inc.node, now)
            drive = pos.via(start, inc.node) * inc.req.travel_factor + self.access[i]
            if c in pos.away:
                pos.leaves(c, now)
            self.end_road_trip(c, road, now)
            (cc, ff), turnout = road.staff, self.delay[c]
        inc.en_route += 1
        t_leave = now + turnout
        rec = self.rec
        if not self.command[c] and rec.t_turnout_end[i] != rec.t_turnout_end[i]:
            rec.t_turnout_end[i] = t_leave
        following = self.second_vehicle(c, inc, turnout + drive) if road is None and self.follow else (0, 0)
        pc, pf = self.plan_c[c], self.plan_f[c]
        if self.command[c] or cc == pc and ff == pf:
            if not (self.lone and self.arrives_alone(c, inc, now, t_leave, turnout + drive)):
                self.after(turnout + drive, self.arrive, c, inc, now, t_leave, pc, pf)
                if self.divert_for and not self.command[c] and following == (0, 0):
                    # It left as planned: a more urgent alarm may take it on its way.
                    offset, row, node = start or (0.0, pos.base[c], -1)
                    self.heading[c] = Heading(inc, now, t_leave, row, now + turnout + drive, offset, node)
        elif cc + following[0] == pc and ff + following[1] == pf:
            self.after(turnout + drive, self.arrive, c, inc, now, t_leave, cc, ff)  # complete once they follow
        else:
            self.after(turnout, self.report, c, inc, now, t_leave, cc, ff, drive, following)

    def arrives_alone(self, c: int, inc: Incident, t_alert: float, t_leave: float, delay: float) -> bool:
        """Crew ``c``, the whole run card of a new alarm, rolls as planned and covers it: book its arrival
        ``delay`` s from now at once and its clearing as a step without an event (:mod:`raddsim.engine.quiet`).

        Nothing can change such an incident before its crew arrives: no other crew (nor an incident
        commander) is on its way, nobody follows, it does not wait, and only its own crews' events touch
        it; so the arrival's records and state are the same written now. Taken only with dispatch on the
        road, no move-up and no incident waiting, where the clearing needs no event: an event scheduled now
        would come, among events of the same instant, before ones scheduled until the arrival.
        """
        req = inc.req
        if (inc.en_route != 1 or len(inc.members) != 1 or self.follow or self.command[c] or req.crews > 1
                or not meets(req, inc.planned) or not self.en_route or self.mover is not None or self.waiting.all.live
                or self.divert_for):  # a crew that may be diverted has no arrival certain in advance
            return False  # not alone, or not covered by it alone, or its clearing needs an event
        i = inc.i
        t_arrive = t_alert + delay  # where SimPy puts an event ``delay`` from now
        t_due = t_arrive + self.on_scene_s[i]
        if t_due > 2 * t_alert:
            return False  # Quiet.wake could not land on it from every later moment (Sterbenz)
        inc.en_route = 0
        inc.first = True
        cc, ff = self.plan_c[c], self.plan_f[c]
        inc.on_scene = add(inc.on_scene, cc, ff, cc + ff, self.equip[c])
        rec = self.rec
        # On scene is what was planned, which covers the force: the effective force arrives with it.
        rec.t_arrival[i] = rec.t_effective[i] = t_arrive
        rec.t_first_leave[i] = t_leave
        rec.crew[i], rec.mutual_aid_first[i] = c, self.external[c]
        inc.present.append((c, t_alert, t_leave, t_arrive, cc, ff))
        # Its due event would have been scheduled at the arrival: the order within an instant (Quiet.settle).
        self.later(t_due, t_arrive, True, self.clear, inc)  # the time on scene is up, no crew on its way
        return True

    def second_vehicle(self, c: int, inc: Incident, arrive_in: float) -> tuple[int, int]:
        """Members of crew ``c`` following it in a second vehicle (it rolled short); their arrival is scheduled."""
        if self.follow is None:
            return 0, 0
        f_cmd, f_ff, f_s = self.follow
        fc, fo = int(f_cmd[inc.i, c]), int(f_ff[inc.i, c])
        if fc or fo:
            self.after(arrive_in + f_s[c], self.followers, c, inc, fc, fo)
        return fc, fo

    def end_road_trip(self, c: int, road: OnRoad, now: float) -> None:
        """A crew alerted on its way home: its previous mission ends now."""
        i, t_alert, t_leave, t_arrive = road.mission
        self.rec.mission(i, c, t_alert, True, t_leave, t_arrive, now)
        if not self.rec.t_free[i] >= now:
            self.rec.t_free[i] = now

    def failed(self, c: int, inc: Incident, t_alert: float) -> None:
        """Crew ``c`` did not roll: the dispatcher re-plans without it, and it is free again."""
        i = inc.i
        if not self.command[c]:
            inc.set_member(c, None)
            inc.failed = inc.failed | {c}
            self.rec.n_alerted[i] -= 1
            self.rec.n_failed[i] += 1
            self.plan(inc)
        self.rec.mission(i, c, t_alert, False, NAN, NAN, self.clock.now)
        self.pos.at_station(c, self.pos.base[c], self.clock.now)
        self.release(c)

    def report(self, c: int, inc: Incident, t_alert: float, t_leave: float, cc: int, ff: int, drive: float,
               following: tuple[int, int] = (0, 0)) -> None:
        """The crew leaves with other staffing than planned (and who follows) and says so; the dispatcher re-plans."""
        if not inc.cleared:
            fc, fo = following
            inc.set_member(c, (cc + fc, ff + fo, cc + ff + fc + fo, self.equip[c]))
            self.plan(inc)
        self.after(drive, self.arrive, c, inc, t_alert, t_leave, cc, ff)

    def followers(self, c: int, inc: Incident, fc: int, fo: int) -> None:
        """Crew ``c``'s second vehicle is on scene: its people join the force (the crew is complete)."""
        if inc.cleared:
            return
        inc.on_scene = add(inc.on_scene, fc, fo, fc + fo, 0)
        rec = self.rec
        if rec.t_effective[inc.i] != rec.t_effective[inc.i] and meets(inc.req, inc.on_scene):
            rec.t_effective[inc.i] = self.clock.now

    def arrive(self, c: int, inc: Incident, t_alert: float, t_leave: float, cc: int, ff: int) -> None:
        """Crew ``c`` is on scene (unless it was diverted on its way: raddsim.engine.divert)."""
        if self.divert_for:
            if (c, inc.i, t_alert) in self.gone:
                self.gone.discard((c, inc.i, t_alert))
                return
            self.heading.pop(c, None)
        i, rec = inc.i, self.rec
        t_arrive = self.clock.now
        inc.en_route -= 1
        if self.command[c]:
            if rec.t_commander[i] != rec.t_commander[i]:
                rec.t_commander[i] = t_arrive
        elif not inc.cleared:
            inc.on_scene = add(inc.on_scene, cc, ff, cc + ff, self.equip[c])
            first = not inc.first
            if first:
                inc.first = True
                rec.t_arrival[i] = t_arrive
                rec.t_first_leave[i] = t_leave  # its own leaving: the first alerted crew may not be the first here
                rec.crew[i] = c
                rec.mutual_aid_first[i] = self.external[c]
            if rec.t_effective[i] != rec.t_effective[i] and meets(inc.req, inc.on_scene):
                rec.t_effective[i] = t_arrive
            if first:
                if self.straight_home(c, inc, t_alert, t_leave, t_arrive):
                    return
                self.after(self.on_scene_s[i], self.due, inc)
        if inc.cleared:
            self.drive_home(c, i, t_alert, t_leave, t_arrive, (cc, ff))
            return
        inc.present.append((c, t_alert, t_leave, t_arrive, cc, ff))
        if inc.clear_due and inc.en_route == 0:
            self.clear(inc)

    def straight_home(self, c: int, inc: Incident, t_alert: float, t_leave: float, t_arrive: float) -> bool:
        """Crew ``c`` is alone on scene and nothing can change before it is home: schedule its home-coming now.

        Alone means: no other crew alerted or on scene, the incident not waiting for more, nobody
        following in a second vehicle, and crews not dispatched on the road (so nobody sees the
        incident clear). Then the incident clears after its time on scene and the crew drives home,
        and one event at the home-coming does what two (cleared, home) would. It is taken only when
        SimPy's clock lands on exactly the time the two steps give, so every record is the same.
        """
        if self.en_route or inc.en_route or inc.present or inc.queued or len(inc.members) != 1 or self.follow:
            return False
        i = inc.i
        t_clear = t_arrive + self.on_scene_s[i]
        t_home = t_clear + (self.end_access[i] + self.pos.from_row[self.pos.home[c]][self.end_node[i]])
        delay = t_home - t_arrive
        if t_arrive + delay != t_home:
            return False
        inc.cleared = True
        self.rec.t_clear[i] = t_clear
        self.after(delay, self.home, c, i, t_alert, t_leave, t_arrive, self.trip[c])
        return True

    def due(self, inc: Incident) -> None:
        """The time on scene is up: the incident clears once no crew is still on its way."""
        inc.clear_due = True
        if inc.en_route == 0:
            self.clear(inc)

    def clear(self, inc: Incident) -> None:
        """The incident is cleared: every crew on scene is released."""
        if inc.cleared:
            return
        inc.cleared = True
        self.rec.t_clear[inc.i] = self.clock.now
        if inc.queued:
            self.waiting.remove(inc)
        for c, t_alert, t_leave, t_arrive, cc, ff in inc.present:
            self.drive_home(c, inc.i, t_alert, t_leave, t_arrive, (cc, ff))
        inc.present.clear()

    def drive_home(self, c: int, i: int, t_alert: float, t_leave: float, t_arrive: float,
                   staff: tuple[int, int]) -> None:
        """Crew ``c`` drives back to its home station from where it was released."""
        now = self.clock.now
        row = self.pos.home[c]
        back = self.end_access[i] + self.pos.from_row[row][self.end_node[i]]
        if not self.en_route:
            self.after(back, self.home, c, i, t_alert, t_leave, t_arrive, self.trip[c])
            return
        t_home = now + back  # the time SimPy would give an event ``back`` from now
        if self.mover is None:
            # Its home-coming changes only where it is (free already): no event (raddsim.engine.quiet).
            heappush(self.quiet, (t_home, next(self.booked), now, False, self.home,
                                  (c, i, t_alert, t_leave, t_arrive, self.trip[c])))  # Quiet.later, inline
        else:  # a move-up policy acts when a crew is home: that needs the event
            self.after(back, self.home, c, i, t_alert, t_leave, t_arrive, self.trip[c])
        self.pos.on_road(c, OnRoad(self.end_node[i], now + self.end_access[i], t_home, row,
                                   (i, t_alert, t_leave, t_arrive), staff))
        self.release(c)

    def home(self, c: int, i: int, t_alert: float, t_leave: float, t_arrive: float, trip: int) -> None:
        """Crew ``c`` is back at its station (unless it was sent elsewhere on the way)."""
        if trip == self.trip[c]:
            self.at_home(c, i, t_alert, t_leave, t_arrive, self.clock.now)

    def at_home(self, c: int, i: int, t_alert: float, t_leave: float, t_arrive: float, now: float) -> None:
        """Crew ``c`` is back at its station at ``now``: its mission ends."""
        rec = self.rec
        rec.log.extend((i, c, t_alert, True, t_leave, t_arrive, now))  # Recorder.mission, without the call
        if not rec.t_free[i] >= now:
            rec.t_free[i] = now
        pos = self.pos
        if c in pos.road or pos.base[c] != pos.home[c]:
            pos.at_station(c, pos.home[c], now)
        if not self.en_route:
            self.release(c)
        if self.mover is not None:
            self.crew_ready(c)
