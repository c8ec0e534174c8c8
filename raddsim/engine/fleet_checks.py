"""The crews :func:`raddsim.engine.simulate.simulate` is given, checked before the run.

A fleet built by hand (or changed with ``dataclasses.replace``) reaches the engine unread: a ``station`` array one
shorter than ``names`` was numpy's "operands could not be broadcast", a station row past the travel tables an
IndexError, and a negative or NaN turnout time a silent run. Each is one :class:`~raddsim.core.errors.InputError`
naming the attribute.
"""

from __future__ import annotations

import numpy as np

from raddsim.engine.array_checks import first_bad_seconds, first_outside, refuse, wrong_length
from raddsim.engine.inputs import Fleet

#: The attributes with one value per crew, and those of them that are seconds.
PER_CREW = ("station", "turnout_s", "in_service", "command", "external", "request_delay_s", "equipment")
SECONDS = ("turnout_s", "request_delay_s")
FIX = "build the fleet with model.prepare(setup).fleet, or give every array one value per crew (fleet.names)"


def _refuse(attribute: str, what: str, fix: str = FIX) -> None:
    refuse("fleet", attribute, what, fix)


def check_fleet(fleet: Fleet, rows: int) -> None:
    """Refuse crews the engine cannot run: one :class:`InputError` naming the attribute.

    Parameters
    ----------
    fleet : Fleet
        The crews.
    rows : int
        The number of station rows the travel tables have (``fleet.station`` indexes them).

    Raises
    ------
    InputError
        When an array's length differs from the number of crews, a station row is not a whole number inside the
        tables, or a time is not finite or negative.
    """
    n = len(fleet.names)
    for name in PER_CREW:
        values = np.asarray(getattr(fleet, name))
        if wrong_length(values, n):
            _refuse(name, f"has shape {values.shape}, but there are {n} crews (fleet.names)")
    station = np.asarray(fleet.station)
    if station.dtype.kind not in "iu":
        _refuse("station", f"holds {station.dtype} values, not whole numbers (rows of the travel tables)")
    bad = first_outside(station, rows)
    if bad is not None:
        _refuse("station", f"holds row {bad}, but the travel tables have {rows} station rows",
                "use the rows of the tables the fleet was prepared with (model.prepare(setup))")
    for name in SECONDS:
        values = np.asarray(getattr(fleet, name), float)
        k = first_bad_seconds(values)
        if k is not None:
            _refuse(name, f"holds {values[k]:g} for crew {fleet.names[k]!r}: seconds must be finite and at least 0")


__all__ = ["check_fleet"]
