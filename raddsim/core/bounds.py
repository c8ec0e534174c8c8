"""Bounds of inputs that catch typos, shared by every file that reads a speed, a target, years or a seed; and the
default seed.

A speed of 1e-300 km/h made travel times overflow, and the tables printed numbers with 300 digits
(with numpy's overflow warnings); one of 1e6 a speed in m/h. Walking is about 5 km/h, so no speed a
region file gives lies below 1 km/h, and no road vehicle drives above 200 km/h.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from raddsim.core.errors import InputError

MIN_SPEED_KMH = 1.0
MAX_SPEED_KMH = 200.0
#: A response-time target above a day is a typo (seconds for minutes): ``--target 1e300`` printed
#: "alarms within 1e+300 min" (every alarm) as the headline.
MAX_TARGET_MINUTES = 1440.0
#: Longest simulated span per replication, in years (commands, sweep specs and the Python API). A replication's
#: alarms are held in memory (≈ 1.5 kB each, see raddsim.demand.generate.BYTES_PER_ALARM): the memory check there
#: is the real bound; this one stops absurd values (1e9) early.
MAX_YEARS = 10_000.0
#: Replications of one scenario (each one is a full simulation; more is a typo).
MAX_REPLICATIONS = 100_000
#: numpy's SeedSequence takes any non-negative integer; 128 bits is ample and prints sensibly.
MAX_SEED = 2**128 - 1
#: The master seed when none is given (commands and the Python API): the same seed, the same output.
DEFAULT_SEED = 20250101
#: Replications per scenario when none are given (``compare``'s; with a precision asked for, the default asks for
#: no count, so it never contradicts a ``max_replications`` below it).
DEFAULT_REPLICATIONS = 30

__all__ = ["DEFAULT_REPLICATIONS", "DEFAULT_SEED", "MAX_REPLICATIONS", "MAX_SEED", "MAX_SPEED_KMH",
           "MAX_TARGET_MINUTES", "MAX_YEARS", "MIN_SPEED_KMH", "check_target_minutes", "finite_number"]


def finite_number(value: Any) -> bool:
    """Whether a Python argument is a finite real number (numpy's too); ``True`` and ``"10"`` are not."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def check_target_minutes(value: Any, field: str = "target_minutes") -> float:
    """A response-time target passed to a Python function, checked: minutes above 0 and at most a day.

    A negative target made every share within it 0, NaN made it 0 unsaid (``NaN <= t`` is False), a string a
    TypeError deep inside numpy. The command line's ``--target`` and region files are checked where they are read.

    Parameters
    ----------
    value : Any
        The value passed.
    field : str
        The argument's name, for the message.

    Returns
    -------
    float
        The target in minutes.

    Raises
    ------
    InputError
        Naming the argument and the fix.
    """
    if not finite_number(value) or not 0 < value <= MAX_TARGET_MINUTES:
        raise InputError(f"{field} must be a response-time target in minutes above 0 and at most "
                         f"{MAX_TARGET_MINUTES:g}, got {value!r:.60}.", field=field,
                         fix=f"give e.g. {field}=10 (or the region's, region.target_minutes).")
    return float(value)
