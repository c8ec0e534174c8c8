"""Checks shared by the engine's input checks (:mod:`~raddsim.engine.alarm_checks`,
:mod:`~raddsim.engine.fleet_checks`): an array of one value per item, seconds, indices in range."""

from __future__ import annotations

from typing import NoReturn

import numpy as np

from raddsim.core.errors import InputError


def refuse(owner: str, attribute: str, what: str, fix: str) -> NoReturn:
    """Raise the InputError of ``<owner>.<attribute>``: ``what`` is wrong with it, ``fix`` says what to do."""
    raise InputError(f"{owner}.{attribute} {what}.", field=f"{owner}.{attribute}", fix=f"{fix}.")


def wrong_length(values: np.ndarray, n: int) -> bool:
    """Whether ``values`` is not a flat array of ``n`` values."""
    return values.ndim != 1 or len(values) != n


def first_bad_seconds(values: np.ndarray) -> int | None:
    """The index of the first time that is not finite or is negative, or None."""
    bad = ~(np.isfinite(values) & (values >= 0))
    return int(np.flatnonzero(bad)[0]) if bad.any() else None


def first_outside(values: np.ndarray, size: int) -> int | None:
    """The first value of an index array outside 0 … ``size`` - 1, or None."""
    bad = (values < 0) | (values >= size)
    return int(values[bad][0]) if bad.any() else None


__all__ = ["first_bad_seconds", "first_outside", "refuse", "wrong_length"]
