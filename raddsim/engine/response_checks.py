"""The drawn responses :func:`raddsim.engine.simulate.simulate` is given, checked before the run.

Responses built by hand (a :class:`~raddsim.engine.inputs.Responses` of one's own, or drawn ones changed with
``dataclasses.replace``) reached the engine unread: the engine reads cell ``(alarm, crew)`` of a flat copy of each
array, so one crew short was a silent run on the wrong cells, one alarm short an IndexError mid-run, a NaN
turnout a silent run, a negative one SimPy's "Negative delay", negative people a silent run, and 0.5 or 2 for
"rolls" silently True. Each is one :class:`~raddsim.core.errors.InputError` naming the attribute.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from raddsim.engine.array_checks import first_bad_seconds, first_below, first_not_flag, refuse, wrong_shape
from raddsim.engine.inputs import Fleet, Responses

#: The arrays of one value per alarm and crew (the last three optional), and what each holds.
PER_CELL = ("rolls", "commanders", "firefighters", "turnout_s", "known_out", "follow_cmd", "follow_ff")
REQUIRED = PER_CELL[:4]
FLAGS = ("rolls", "known_out")
PEOPLE = ("commanders", "firefighters", "follow_cmd", "follow_ff")
#: Who follows a crew in a second vehicle, and when: used only together.
FOLLOW = ("follow_cmd", "follow_ff", "follow_s")
FIX = ("draw the responses with raddsim.engine.crews.draw_responses or Responses.certain(fleet, len(incidents)), "
       "or give every array one value per alarm and crew (alarms × crews)")


def _refuse(attribute: str, what: str, fix: str = FIX) -> None:
    refuse("responses", attribute, what, fix)


def _given(responses: Responses, alarms: int, crews: int) -> dict[str, np.ndarray]:
    """The per-cell arrays given (not None), checked to be alarms × crews."""
    given = {name: np.asarray(getattr(responses, name)) for name in PER_CELL if getattr(responses, name) is not None}
    for name in REQUIRED:
        if name not in given:
            _refuse(name, "is None, but every alarm and crew needs one")
    for name, values in given.items():
        if wrong_shape(values, (alarms, crews)):
            _refuse(name, f"has shape {values.shape}, but there are {alarms} alarms × {crews} crews")
    follow = [name for name in FOLLOW if getattr(responses, name) is not None]
    if follow and len(follow) < len(FOLLOW):
        missing = next(name for name in FOLLOW if name not in follow)
        _refuse(missing, f"is None, but responses.{follow[0]} is given: who follows (follow_cmd, follow_ff) and "
                         "when (follow_s) are used only together", "give all three, or none (nobody follows)")
    return given


def check_responses(responses: Responses, fleet: Fleet, alarms: int) -> None:
    """Refuse responses the engine cannot run: one :class:`InputError` naming the attribute.

    Parameters
    ----------
    responses : Responses
        How each crew responds to each alarm.
    fleet : Fleet
        The crews (the responses' columns, in order).
    alarms : int
        The number of alarms (the responses' rows).

    Raises
    ------
    InputError
        When an array is not alarms × crews (``follow_s``: one per crew), ``rolls`` or ``known_out`` holds other
        than True / False, people are not whole numbers or negative, a time is not finite or negative, or only
        some of ``follow_cmd``, ``follow_ff`` and ``follow_s`` are given.
    """
    crews = len(fleet.names)
    given = _given(responses, alarms, crews)

    def where(k: int) -> str:
        return f"at alarm {k // crews}, crew {fleet.names[k % crews]!r}"

    for name, values in given.items():
        if name in FLAGS:
            _check("flags", name, values, where)
        elif name in PEOPLE:
            _check("people", name, values, where)
    _check("seconds", "turnout_s", given["turnout_s"], where)
    if responses.follow_s is not None:
        follow_s = np.asarray(responses.follow_s)
        if wrong_shape(follow_s, (crews,)):
            _refuse("follow_s", f"has shape {follow_s.shape}, but there are {crews} crews (fleet.names)")
        _check("seconds", "follow_s", follow_s, lambda k: f"for crew {fleet.names[k]!r}")


#: What each kind of array holds: (numpy kinds it may be, what it holds, its first bad value's index, the rule).
RULES: dict[str, tuple[str, str, Callable[[np.ndarray], int | None], str]] = {
    "flags": ("biuf", "True / False", first_not_flag, "give True or False (1 or 0)"),
    "people": ("iu", "whole numbers (people)", lambda values: first_below(values, 0), "people must be at least 0"),
    "seconds": ("iuf", "seconds", first_bad_seconds, "seconds must be finite and at least 0"),
}


def _check(kind: str, name: str, values: np.ndarray, where: Callable[[int], str]) -> None:
    kinds, holds, first_bad, rule = RULES[kind]
    if values.dtype.kind not in kinds:
        _refuse(name, f"holds {values.dtype} values, not {holds}")
    k = first_bad(values)
    if k is not None:
        _refuse(name, f"holds {values.flat[k]:g} {where(k)}: {rule}")


__all__ = ["check_responses"]
