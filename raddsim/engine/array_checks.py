"""Checks shared by the engine's input checks (:mod:`~raddsim.engine.alarm_checks`,
:mod:`~raddsim.engine.fleet_checks`, :mod:`~raddsim.engine.travel_checks`,
:mod:`~raddsim.engine.response_checks`): an array of a given shape, seconds, people, flags, indices in range.

The value checks read a whole array once or twice (its minimum and maximum, no temporary array) and look for
where it is wrong only when it is: the travel tables (station rows × network nodes) and the drawn responses
(alarms × crews) are checked on every run.
"""

from __future__ import annotations

from typing import NoReturn

import numpy as np

from raddsim.core.errors import InputError


def refuse(owner: str, attribute: str, what: str, fix: str) -> NoReturn:
    """Raise the InputError of ``<owner>.<attribute>``: ``what`` is wrong with it, ``fix`` says what to do."""
    raise InputError(f"{owner}.{attribute} {what}.", field=f"{owner}.{attribute}", fix=f"{fix}.")


def wrong_shape(values: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether ``values`` is not an array of ``shape``."""
    return values.shape != shape


def wrong_length(values: np.ndarray, n: int) -> bool:
    """Whether ``values`` is not a flat array of ``n`` values."""
    return wrong_shape(values, (n,))


def first_bad_seconds(values: np.ndarray, infinite: bool = False) -> int | None:
    """The (flat) index of the first time that is NaN, negative or, unless ``infinite``, infinite; or None."""
    if not values.size:
        return None
    if values.min() >= 0 and (infinite or values.max() < np.inf):  # NaN fails both comparisons
        return None
    good = values >= 0 if infinite else np.isfinite(values) & (values >= 0)
    return int(np.flatnonzero(~good)[0])


def first_below(values: np.ndarray, least: int) -> int | None:
    """The (flat) index of the first value below ``least``, or None."""
    if not values.size or values.min() >= least:
        return None
    return int(np.flatnonzero(values < least)[0])


def first_not_flag(values: np.ndarray) -> int | None:
    """The (flat) index of the first value of a flag array that is not True / False (1 / 0), or None."""
    if values.dtype.kind == "b" or not values.size:
        return None
    if values.min() >= 0 and values.max() <= 1 and (values.dtype.kind in "iu" or (values == values.round()).all()):
        return None
    return int(np.flatnonzero((values != 0) & (values != 1))[0])


def first_outside(values: np.ndarray, size: int) -> int | None:
    """The first value of an index array outside 0 … ``size`` - 1, or None."""
    bad = (values < 0) | (values >= size)
    return int(values[bad][0]) if bad.any() else None


__all__ = ["first_bad_seconds", "first_below", "first_not_flag", "first_outside", "refuse", "wrong_length",
           "wrong_shape"]
