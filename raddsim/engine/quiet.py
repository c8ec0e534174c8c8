"""Steps booked without a SimPy event, run late but in time order before anything looks.

With dispatch on the road and no move-up policy, some steps of a mission change only state
that nothing reads until a later alarm or dispatch decision: a crew coming home (it stops being
"on the road"), and the time on scene of an incident whose only crew is on scene while no
incident waits (the crew is released: free, and on the road). Such a step is booked here
instead of in SimPy's queue (an event costs more than the step), and :meth:`Quiet.settle` runs
every booked step due before ``now`` — in time order, with the model's clock set to the step's
time — before the dispatcher reads which crews are free or where they are (an alarm, a ranking,
an alert). Within one instant the order is SimPy's: an alarm comes before every step of its instant
(``run(until=...)`` puts it before the events of that instant), and a step comes before an event
only if its own event would have been scheduled earlier (``Clock.since``; SimPy orders the events
of an instant by when they were scheduled). A step never schedules an event (it may run after its
time): a crew coming home is free already, and a clearing releases its crew while nothing waits.

A step that acts on other incidents when it runs at its time (a crew released while an incident
waits for crews takes it) is booked with ``wakes=True``: :meth:`Quiet.wake` turns those into
events as soon as an incident is about to wait. It is booked only where SimPy lands exactly on
its time from any later moment up to it (``when <= 2 * now``, Sterbenz), so the event can be made
later at the same time. One woken after its event would have been scheduled cannot be given that place
in SimPy's queue: it is kept in ``woken`` and run before each event of its instant scheduled after it
would have been (``Clock.before``), or by an event at its time. (Before, it was an event scheduled at
the wake, after such events: where two incidents cleared at one float instant while others waited, a
crew could go to another incident than with the events.) Within one instant a step and an event are
ordered by when their events were scheduled; where that too is one instant (two crews arriving at one
float time), SimPy orders by the callbacks that scheduled them, which this order does not see. A search
of whole-ten-second toys (tests/test_engine_paths.py, seeds 0–1,299 and 1,400–1,549, every parameter
combination) finds 1 such seed (352); before woken steps kept their place, 1402 and 1498 failed too.
"""

from __future__ import annotations

from heapq import heapify, heappop, heappush
from typing import Any, Callable

from raddsim.engine.state import RunState

#: A booked step: (time, order of booking, when its event would have been scheduled, wakes, callback, args).
Step = tuple[float, int, float, bool, Callable[..., Any], tuple]


class Quiet(RunState):
    """The steps of a run booked without events (see the module docstring)."""

    def later(self, when: float, since: float, wakes: bool, callback: Callable[..., Any], *args: Any) -> None:
        """Book ``callback(*args)`` at ``when`` without an event (``wakes``: made an event once an incident waits)."""
        heappush(self.quiet, (when, next(self.booked), since, wakes, callback, args))

    def settle(self, now: float) -> None:
        """Run the booked steps due by ``now`` (see the module docstring for an instant's order), in time order, each
        at its time; the clock ends at the later of ``now`` and the last step (``now = inf``: all, at a run's end)."""
        quiet, clock = self.quiet, self.clock
        keep = last = clock.now
        # A step at exactly ``now`` comes first if its event would have been scheduled before the event being
        # handled (SimPy's order within an instant); never before an alarm (clock.since = -inf then).
        while quiet and (quiet[0][0] < now or quiet[0][0] == now and quiet[0][2] < clock.since):
            last, _, _, _, callback, args = heappop(quiet)
            clock.now = last
            callback(*args)
        clock.now = keep if keep >= last else last

    def settled(self) -> None:
        """Run the booked steps due by now (before reading which crews are free or where they are)."""
        if self.quiet and self.quiet[0][0] <= self.clock.now:
            self.settle(self.clock.now)

    def wake(self) -> None:
        """An incident is about to wait for crews: booked steps that would act on it become events at their times."""
        self.settle(self.clock.now)
        steps = [s for s in self.quiet if s[3]]
        if steps:
            self.quiet = [s for s in self.quiet if not s[3]]
            heapify(self.quiet)
            for when, _, since, _, callback, args in sorted(steps, key=lambda s: s[:2]):
                now = self.clock.now
                if since > now:
                    # Its event is scheduled when it would have been (at the arrival), so that it keeps its place
                    # among the events of its instant; both land exactly (since <= when <= 2 now, Sterbenz).
                    self.after(since - now, self.after, when - since, callback, *args)
                elif since == now:
                    self.after(when - now, callback, *args)
                else:
                    # Its event would have been scheduled in the past: an event made now would come after the
                    # events of its instant scheduled since then. It runs before each of them instead
                    # (Clock.before), and an event at its time runs it if none is.
                    heappush(self.woken, (when, next(self.booked), since, True, callback, args))
                    self.clock.before = self.run_woken
                    self.after(when - now, self.run_woken)

    def run_woken(self) -> None:
        """Run the woken steps that come before the event being handled in SimPy's order (an earlier time, or the
        same time and scheduled earlier), each at its time as its event would have run."""
        woken, clock = self.woken, self.clock
        now, since = clock.now, clock.since
        while woken and (woken[0][0] < now or woken[0][0] == now and woken[0][2] < since):
            clock.now, _, clock.since, _, callback, args = heappop(woken)
            callback(*args)
        clock.now, clock.since = now, since
        if not woken:
            clock.before = None
