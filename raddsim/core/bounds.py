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
           "MAX_TARGET_MINUTES", "MAX_YEARS", "MIN_SPEED_KMH", "check_replications", "check_seed",
           "check_target_minutes", "check_years", "finite_number", "python_value", "whole_number"]


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


def python_value(value: Any) -> Any:
    """``value`` with numpy scalars made Python's (``np.int64(3)`` → ``3``, ``np.bool_`` → ``bool``), in nested
    dicts and lists too.

    Values given from Python (``Region.derive``'s overrides) are checked as a region file's are, where a number
    is an ``int`` or ``float``: a researcher's loop over ``np.arange(3, 5)`` was refused as "expected a number".

    Parameters
    ----------
    value : Any
        The value passed.

    Returns
    -------
    Any
        The same value with Python's scalar types.
    """
    if isinstance(value, dict):
        return {k: python_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(python_value(v) for v in value)
    if isinstance(value, bool) or not hasattr(value, "item") or getattr(value, "shape", None) != ():
        return value  # only numpy's 0-d scalars have .item() and shape ()
    return value.item()


def whole_number(value: Any) -> bool:
    """Whether a Python argument is a whole number (numpy's too); ``True`` and ``1.5`` are not."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_years(years: Any) -> float:
    """``years`` checked: a finite number of simulated years per replication, above 0 and at most :data:`MAX_YEARS`.

    Parameters
    ----------
    years : Any
        The value passed.

    Returns
    -------
    float
        The years.

    Raises
    ------
    InputError
        Naming the argument ``years`` and the fix.
    """
    if not finite_number(years) or not 0 < years <= MAX_YEARS:
        raise InputError(f"years must be a number of simulated years per replication above 0 and at most "
                         f"{MAX_YEARS:g}, got {years!r}.", field="years",
                         fix="give e.g. years=1 (more replications, not more years, narrow the confidence intervals).")
    return float(years)


def check_replications(replications: Any, field: str = "replications", least: int = 1,
                       most: float = MAX_REPLICATIONS, fix: str | None = None) -> int:
    """``replications`` checked: a whole number from ``least`` to ``most``.

    Parameters
    ----------
    replications : Any
        The value passed.
    field : str
        The argument's name, for the message.
    least : int
        The smallest count accepted.
    most : float
        The largest count accepted (default :data:`MAX_REPLICATIONS`).
    fix : str or None
        What to do instead; None suggests 30.

    Returns
    -------
    int
        The count.

    Raises
    ------
    InputError
        Naming the argument and the fix.
    """
    if not whole_number(replications) or not least <= replications <= most:
        span = f"of at least {least}" if math.isinf(most) else f"from {least} to {most:,}"
        raise InputError(f"{field} must be a whole number {span}, got {replications!r}.",
                         field=field, fix=fix or f"give e.g. {field}=30 (a 95 % confidence interval needs at least 2).")
    return int(replications)


def check_seed(seed: Any) -> int:
    """``seed`` checked: a whole number from 0 to :data:`MAX_SEED` (the same seed gives the same numbers).

    Parameters
    ----------
    seed : Any
        The value passed.

    Returns
    -------
    int
        The seed.

    Raises
    ------
    InputError
        Naming the argument ``seed`` and the fix.
    """
    if not whole_number(seed) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"seed must be a whole number of at least 0, got {seed!r}.", field="seed",
                         fix="give e.g. seed=20250101 (the command line's default); the same seed gives the same "
                             "alarms, to every scenario.")
    return int(seed)
