"""The event glue: the only module of the engine that knows SimPy.

The model's behaviour is short callbacks (a crew leaving, arriving, coming home …)
that the rest of the engine hands to :class:`Clock`; SimPy's public API runs them
in time order. Alarms are not events in SimPy's queue: the clock runs up to each
alarm's time and calls the dispatcher, so an alarm comes before any crew event at the
same instant and lands exactly on its time. The model's time is :attr:`Clock.now`;
during an alarm SimPy's own clock may still stand at the last event (see :class:`Clock`).
Steps that need no event at all are booked in :mod:`raddsim.engine.quiet`.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import simpy


class Clock:
    """Simulated time (s) and the callbacks due at later times.

    ``now`` is the model's time. While an alarm is handled SimPy's own clock may still stand at the
    last event (``behind``): moving it to the alarm would cost an event per alarm, and nothing needs
    it there unless something is scheduled — then :meth:`after` schedules from where it stands,
    onto exactly the time SimPy would give from the alarm.
    """

    __slots__ = ("env", "timeout", "now", "behind", "since", "before")

    def __init__(self) -> None:
        self.env = simpy.Environment()
        self.timeout = self.env.timeout
        self.now: float = self.env.now
        self.behind = False
        #: When the event being handled was scheduled (SimPy orders the events of one instant by that);
        #: -inf during an alarm, which comes before every event of its instant.
        self.since = -math.inf
        #: Called before each event's callback while set (steps that must run before some events of an instant:
        #: :meth:`raddsim.engine.quiet.Quiet.wake`); None almost always.
        self.before: Callable[[], Any] | None = None

    def after(self, delay: float, callback: Callable[..., Any], *args: Any) -> None:
        """Call ``callback(*args)`` ``delay`` seconds from now."""
        when = self.now + delay  # what SimPy gives an event ``delay`` after now
        wait = delay
        if self.behind:
            stands = self.env.now
            wait = when - stands
            if stands + wait != when:  # rare: no delay from where SimPy stands lands on it
                self.catch_up()
                wait = delay
        self.timeout(wait, (self, when, self.now, callback, args)).callbacks.append(_fire)

    def catch_up(self) -> None:
        """Move SimPy's clock to the alarm being handled (a stop event, before any other event of that instant)."""
        self.env.run(until=self.now)
        self.behind = False

    def run(self, alarm_times: list[float], on_alarm: Callable[[int], Any]) -> None:
        """Process events, calling ``on_alarm(i)`` at each alarm time (s from 0, sorted), until none are left.

        An alarm comes before crew events at the same time, and the event queue holds only crew
        events, not the year's alarms: SimPy's ``run(until=...)`` stops before the ordinary events
        of an instant.
        """
        env, run, step, peek = self.env, self.env.run, self.env.step, self.env.peek
        for i, t in enumerate(alarm_times):
            nxt = peek()
            while nxt < t:
                step()
                nxt = peek()
            now = env.now
            if t > now:
                if nxt > t and now + (t - now) == t:
                    # Nothing else happens at t, and a delay from SimPy's clock lands on it: leave SimPy's clock
                    # where it is (after() schedules from there).
                    self.behind = True
                else:
                    if now + (t - now) != t:
                        # SimPy lands on now + (t - now), which is t whenever now >= t / 2 (Sterbenz):
                        # early in a run, step to a time from which it does.
                        run(until=t * 0.75)
                    # Crew events at t too: run(until=t) stops before them, so the alarm comes first.
                    run(until=t)
            self.now, self.since = t, -math.inf
            on_alarm(i)
            self.behind = False
        run()


def _fire(ev: simpy.Event) -> None:
    """Set the model's time to the event's and run the callback a timeout of :meth:`Clock.after` carries."""
    call: Any = ev.value  # (clock, time, time scheduled, callback, args)
    clock = call[0]
    clock.now, clock.since = call[1], call[2]
    if clock.before is not None:
        clock.before()
    call[3](*call[4])


def alarm_gaps(t: np.ndarray) -> list[float]:
    """Delays that chain alarms at the times ``t`` (s, sorted), starting from time 0.

    SimPy puts an event ``delay`` after now at ``now + delay``. ``a + (b - a)`` is
    ``b`` unless ``a`` is less than half of ``b``, and then now and then no float
    delay lands on ``b``: such an alarm comes at the float just before its time
    (never after it), and the next gap starts from where it came.

    Raises
    ------
    ValueError
        If the times are not sorted or start before 0.
    """
    t = np.asarray(t, float)
    if not len(t):
        return []
    prev = np.concatenate(([0.0], t[:-1]))
    gaps = t - prev
    if (gaps < 0).any():
        k = int(np.flatnonzero(gaps < 0)[0])
        raise ValueError(f"alarms must be sorted by time from 0: {t[k]} s comes after {prev[k]} s")
    out, times = gaps.tolist(), t.tolist()
    done = 0
    for k in np.flatnonzero(prev + gaps != t).tolist():
        if k < done:
            continue
        landed = times[k - 1] if k else 0.0
        while k < len(times):
            b = times[k]
            d = b - landed
            while landed + d < b:
                d = math.nextafter(d, math.inf)
            while landed + d > b:
                d = math.nextafter(d, -math.inf)
            out[k] = d
            landed += d
            k += 1
            if landed == b:
                break
        done = k
    return out
