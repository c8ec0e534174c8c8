"""The event glue: the only module of the engine that knows SimPy.

The model's behaviour is short callbacks (a crew leaving, arriving, coming home …)
that the rest of the engine hands to :class:`Clock`; SimPy's public API runs them
in time order. All alarms of a run are scheduled when the run starts, so at the same
instant an alarm comes before any crew event (its event was created first), and an
alarm lands exactly on its time.
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
        self.timeout(delay, args).callbacks.append(lambda ev: callback(*ev.value))

    def alarms(self, times: list[float], callback: Callable[[int], Any]) -> None:
        """Call ``callback(i)`` at each alarm time ``times[i]`` (s from 0), before other events at that instant."""
        timeout = self.timeout
        call = lambda ev: callback(ev.value)  # noqa: E731
        for i, t in enumerate(times):
            timeout(t, i).callbacks.append(call)

    def run(self) -> None:
        """Process events until none are left."""
        self.env.run()


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
