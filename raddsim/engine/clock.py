"""The event glue: the only module of the engine that knows SimPy.

The model's behaviour is short callbacks (a crew leaving, arriving, coming home …)
that the rest of the engine hands to :class:`Clock`; SimPy's public API runs them
in time order. Alarms are not events in SimPy's queue: the clock runs up to each
alarm's time and calls the dispatcher, so an alarm comes before any crew event at the
same instant and lands exactly on its time.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import simpy


class Clock:
    """Simulated time (s) and the callbacks due at later times."""

    __slots__ = ("env", "timeout")

    def __init__(self) -> None:
        self.env = simpy.Environment()
        self.timeout = self.env.timeout

    @property
    def now(self) -> float:
        """The current simulated time (s)."""
        return self.env.now

    def after(self, delay: float, callback: Callable[..., Any], *args: Any) -> None:
        """Call ``callback(*args)`` ``delay`` seconds from now."""
        self.timeout(delay, (callback, args)).callbacks.append(_fire)

    def run(self, alarm_times: list[float], on_alarm: Callable[[int], Any]) -> None:
        """Process events, calling ``on_alarm(i)`` at each alarm time (s from 0, sorted), until none are left.

        The clock runs up to each alarm (SimPy's ``run(until=...)`` stops before the
        ordinary events of that instant), so an alarm comes before crew events at the
        same time and the event queue holds only crew events, not the year's alarms.
        """
        env, run, step, peek, timeout = self.env, self.env.run, self.env.step, self.env.peek, self.timeout
        for i, t in enumerate(alarm_times):
            nxt = peek()
            while nxt < t:
                step()
                nxt = peek()
            now = env.now
            if t > now:
                if nxt > t and now + (t - now) == t:
                    # Nothing else happens at t: a plain timeout is the next event and lands on t
                    # (cheaper than run(until=t), which stops the loop by raising an exception).
                    timeout(t - now)
                    step()
                else:
                    if now + (t - now) != t:
                        # SimPy lands on now + (t - now), which is t whenever now >= t / 2 (Sterbenz):
                        # early in a run, step to a time from which it does.
                        run(until=t * 0.75)
                    # Crew events at t too: run(until=t) stops before them, so the alarm comes first.
                    run(until=t)
            on_alarm(i)
        run()


def _fire(ev: simpy.Event) -> None:
    """Run the callback a timeout of :meth:`Clock.after` carries."""
    call: Any = ev.value  # (callback, args)
    call[0](*call[1])


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
