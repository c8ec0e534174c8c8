"""A crew's rules for rolling: who it needs, whether it may leave short, who follows, what the dispatcher knows.

Rules in data (``[availability.<kind>]`` or a crew's ``availability``):

* ``min_to_roll`` (default 2 people) and ``roll_without_commander`` (default false:
  a roster with a styrkeledare does not roll without one);
* ``roll_short``: ``true`` — leave with whoever answered; ``false`` — first wait
  ``call_in_minutes`` for off-duty members called in to the empty seats (each comes
  with ``call_in_probability``); ``"follow"`` — leave with whoever answered, and the
  members called in follow in a second vehicle ``follow_minutes`` later (a crew that
  cannot roll with those who answered waits for the call-ins, as with ``false``);
* ``status_known_at_alert`` (default true): a crew whose *present* members are too few
  to roll reports itself ur beredskap, so the dispatcher does not alert it
  (:func:`known_out`); a crew whose members fail to answer the pager is learned
  about only at its stated turnout time (the engine's rule). Fri inryckning has no
  roster to report and mutual aid is requested, so neither is known out.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

import numpy as np

from raddsim.region.stations import Crew, Staffing


def commanders(roles: Mapping[str, int]) -> int:
    """Commanders (styrkeledare and insatsledare) in a roles table."""
    return roles.get("crew_commander", 0) + roles.get("incident_commander", 0)


def firefighters(roles: Mapping[str, int]) -> int:
    """Everyone else in a roles table."""
    return sum(v for k, v in roles.items() if k not in ("crew_commander", "incident_commander"))


def needed_commanders(crew: Crew, has_commander: bool) -> int:
    """Commanders the crew needs to roll.

    Its ``min_to_roll``, and one if its roster has one and the rule forbids rolling without.
    """
    need = commanders(crew.availability.min_to_roll)
    return max(need, 1) if has_commander and not crew.availability.roll_without_commander else need


def can_roll(crew: Crew, has_commander: bool, cmd: np.ndarray, ff: np.ndarray) -> np.ndarray:
    """Whether a crew with ``cmd`` commanders and ``ff`` firefighters at hand may roll, by its rules."""
    a = crew.availability
    return ((cmd + ff >= a.min_people) & (cmd >= needed_commanders(crew, has_commander))
            & (ff >= firefighters(a.min_to_roll)))


def known_out(crew: Crew, staffing: Staffing, here: np.ndarray, cmd_pos: np.ndarray) -> np.ndarray:
    """Per alarm: the crew is ur beredskap by its present members and reports it (the dispatcher skips it)."""
    n = here.shape[1]
    if not crew.availability.status_known or staffing.fri_inryckning or crew.external or not len(cmd_pos):
        return np.zeros(n, bool)
    return ~can_roll(crew, bool(cmd_pos.any()), here[cmd_pos].sum(axis=0), here[~cmd_pos].sum(axis=0))


class Call(NamedTuple):
    """Who goes after the call-in rule: the first vehicle's positions, the followers', the extra wait (s)."""

    answered: np.ndarray
    followers: np.ndarray
    wait_s: np.ndarray


def call_in(crew: Crew, staffing: Staffing, answered: np.ndarray, call_u: np.ndarray, cmd_pos: np.ndarray) -> Call:
    """Apply the crew's ``roll_short`` rule to who answered (positions × alarms); see the module docstring."""
    a = crew.availability
    n = answered.shape[1]
    none = np.zeros_like(answered)
    if (a.roll_short and not a.follow) or staffing.fri_inryckning or not len(cmd_pos):
        return Call(answered, none, np.zeros(n))
    short = ~np.all(answered, axis=0)
    called = short[None, :] & (call_u < a.call_in_probability) & ~answered
    if not a.follow:  # wait for the call-ins, then leave together
        return Call(answered | called, none, np.where(short, a.call_in_s, 0.0))
    alone = can_roll(crew, bool(cmd_pos.any()), answered[cmd_pos].sum(axis=0), answered[~cmd_pos].sum(axis=0))
    wait = short & ~alone  # cannot leave short: wait for the call-ins, as with roll_short = false
    return Call(answered | (called & wait[None, :]), called & (short & alone)[None, :],
                np.where(wait, a.call_in_s, 0.0))
