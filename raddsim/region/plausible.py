"""Plausibility bounds on times and speeds that catch unit slips: seconds written as minutes, minutes as hours, a
lost digit (4 km/h for 40).

The hard bounds where a field is read (:data:`raddsim.region.stations.MAX_TURNOUT_MINUTES`,
:data:`raddsim.demand.types.MAX_ON_SCENE_MINUTES`, :data:`raddsim.core.bounds.MIN_SPEED_KMH` …) refuse what no
input can mean; a value within them can still be written in another unit, and then a run gives wrong minutes
without a word (probe_bad2: a full-time crew's turnout of 90, meant as 90 s, made the municipality 4 min worse).
Each check here names the likely slip and its fix. It refuses where the value is essentially impossible (a vehicle
slower than a bicycle on its last stretch) and warns, once, where it is only implausible (a long turnout can be
real). Each kind of value is checked by one function here, on the value and on both ends of its range
(``{ value, range }``: the draws of ``calibrate`` and ``compare --uncertain`` are values too).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from raddsim.core.errors import InputError
from raddsim.region.config import Table, is_range

#: A full-time crew (on station) above this turnout is warned (seconds?). An engine crew leaves in 1–2 min
#: (Swedish handlingsprogram state 90 s; the shipped heltid crews 1–1.5 min), the shipped Coast Guard boat in 15;
#: a turnout of 20 min or more for a crew on station is 20 s or more written as minutes.
MAX_FULL_TIME_TURNOUT_MINUTES = 20.0
#: Any crew above this turnout is warned (seconds?). A part-time crew called from home turns out in 5–8 min, the
#: slowest shipped ones (SSRS, the Coast Guard) in 15; 30–120 min is more likely 30–120 s than a real turnout.
MAX_PLAUSIBLE_TURNOUT_MINUTES = 30.0
#: An on-scene (median or mean) time, or a hospital handover's mean, above a day is warned (seconds?): the longest
#: shipped type's median is 120 min, and a relief crew takes over a fire that lasts days. 7200 is 120 min in seconds.
MAX_PLAUSIBLE_ON_SCENE_MINUTES = 1440.0
#: A reported yearly indicator above this many times the response-time target is warned (seconds?): a service
#: reports means near its target (Norrtälje: 10.5–11.2 min against 10); 631 beside a 10-min target is 631 s.
MAX_REPORTED_TARGET_RATIO = 5.0
#: A response-time target above this is warned (seconds?). ASSUMPTION 120 min: Swedish handlingsprogram set
#: targets of about 10–45 min for the first unit; two hours is no response target, while 600 is ten minutes in
#: seconds. A study may still ask what share a very long target reaches, so it is warned, not refused.
TARGET_WARN_MINUTES = 120.0
#: A last-stretch speed (``[demand.access]``) below this is refused (a lost 0: 4 for 40). The stretch is driven
#: on driveways and minor streets, at 30–50 km/h (docs/parameters.md); below 10 km/h is walking or cycling pace.
MIN_ACCESS_SPEED_KMH = 10.0


@dataclass(frozen=True)
class Slip:
    """A value that reads like another unit's: what is wrong, the fix, and whether it is refused (else warned)."""

    message: str
    fix: str
    refuse: bool = False


def _seconds(minutes: float) -> str:
    """The fix for minutes that are seconds: ``write 1.5 for 90 s``."""
    return f"write {minutes / 60:.4g} for {minutes:g} s."


def turnout_slip(minutes: float, kind: str) -> Slip | None:
    """A crew's turnout (minutes, alarm to leaving) that reads like seconds, else None.

    Parameters
    ----------
    minutes : float
        The turnout as written.
    kind : str
        The crew's kind (``full-time`` or ``part-time``).

    Returns
    -------
    Slip or None
        A warning naming the likely seconds, or None for a plausible turnout.
    """
    if kind == "full-time" and minutes > MAX_FULL_TIME_TURNOUT_MINUTES:
        return Slip(f"{minutes:g} min for a full-time crew (on station, it leaves in 1–2 min) — seconds?",
                    _seconds(minutes))
    if minutes > MAX_PLAUSIBLE_TURNOUT_MINUTES:
        return Slip(f"{minutes:g} min from the alarm to leaving the station is longer than any crew's turnout "
                    f"(a part-time crew's is 5–8 min) — seconds?", _seconds(minutes))
    return None


def on_scene_slip(minutes: float) -> Slip | None:
    """An on-scene time (median or mean, minutes) that reads like seconds (over a day), else None."""
    if minutes > MAX_PLAUSIBLE_ON_SCENE_MINUTES:
        return Slip(f"{minutes:g} min on scene is over a day — seconds?", _seconds(minutes))
    return None


def handover_slip(mean_minutes: float, scale_minutes: float) -> Slip | None:
    """A hospital handover whose mean (minutes) is over a day, as on-scene times (seconds?), else None.

    Parameters
    ----------
    mean_minutes : float
        The handover's mean (:func:`raddsim.demand.types.handover_mean_minutes`).
    scale_minutes : float
        Its scale as written, which the fix names.

    Returns
    -------
    Slip or None
        A warning naming the likely seconds, or None for a plausible handover.
    """
    if mean_minutes > MAX_PLAUSIBLE_ON_SCENE_MINUTES:
        return Slip(f"a hospital handover of {mean_minutes:.4g} min on average is over a day — seconds?",
                    _seconds(scale_minutes))
    return None


def reported_slip(minutes: float, target: float) -> Slip | None:
    """A reported yearly indicator (minutes) far above the response-time target (seconds?), else None."""
    if minutes > MAX_REPORTED_TARGET_RATIO * target:
        return Slip(f"{minutes:g} min is {minutes / target:.0f} × the {target:g}-min target — seconds?",
                    _seconds(minutes))
    return None


def target_slip(minutes: float) -> Slip | None:
    """A response-time target (minutes) above :data:`TARGET_WARN_MINUTES` (seconds?), warned; else None.

    One wording for every target a file or option gives (the region's, an incident type's): the region's and
    the types' were two messages of their own, the types' neither said once nor checked on a range's ends.
    """
    if minutes > TARGET_WARN_MINUTES:
        return Slip(f"{minutes:g} min is {minutes / 60:.1f} hours, longer than any response target — seconds?",
                    _seconds(minutes))
    return None


def access_speed_slip(kmh: float) -> Slip | None:
    """A last-stretch speed (km/h) below :data:`MIN_ACCESS_SPEED_KMH` (a lost 0), refused; else None."""
    if kmh < MIN_ACCESS_SPEED_KMH:
        return Slip(f"{kmh:g} km/h is walking pace, not a vehicle on its last stretch (a missing 0?).",
                    f"give the speed in km/h, at least {MIN_ACCESS_SPEED_KMH:g} (e.g. {kmh * 10:g}; 30–50 is "
                    "typical).", refuse=True)
    return None


#: Fields (file, field) warned of in this process: a region is parsed once per scenario, and a value a scenario
#: sets is read again by each scenario based on it.
_SAID: set[tuple[str | None, str | None]] = set()
#: The lists :func:`collected_slips` gathers warnings into, innermost last.
_COLLECTING: list[list[InputError]] = []


def warn_slip(error: InputError) -> None:
    """Warn of ``error`` once per process, on one line."""
    if (error.file, error.field) not in _SAID:
        _SAID.add((error.file, error.field))
        logging.getLogger("raddsim").warning("%s", error)


@contextmanager
def collected_slips() -> Iterator[list[InputError]]:
    """Gather the warnings of the block instead of giving them, so that the caller can name where a value came
    from (a scenario that overrides it) before :func:`warn_slip`."""
    found: list[InputError] = []
    _COLLECTING.append(found)
    try:
        yield found
    finally:
        _COLLECTING.pop()


def say_slip(slip: Slip, file: str | Path | None, field: str) -> None:
    """Refuse ``slip`` (an :class:`InputError` naming file, field and fix) or warn once, on one line."""
    error = InputError(slip.message, file=file, field=field, fix=slip.fix)
    if slip.refuse:
        raise error
    pass_on([error])


def pass_on(slips: list[InputError]) -> None:
    """Give ``slips`` to the enclosing :func:`collected_slips` block, or warn of each once if there is none."""
    for error in slips:
        if _COLLECTING:
            _COLLECTING[-1].append(error)
        else:
            warn_slip(error)


def mark_said(file: str | Path | None, field: str) -> None:
    """Record a slip as said for ``file`` and ``field``: it was said already where the value came from (the
    crews table of ``region new``, copied into the region file it writes)."""
    _SAID.add((None if file is None else str(file), field))


def check_slip(t: Table, key: str, value: float, slip: Callable[[float], Slip | None]) -> None:
    """Check ``t[key]`` (read as ``value``) and both ends of its range, if it has one, with ``slip``.

    Parameters
    ----------
    t : Table
        The table the value is written in (for the file and the field).
    key : str
        The value's key.
    value : float
        The value as read (a ranged one's ``value``).
    slip : callable
        The check of this kind of value: a number to a :class:`Slip`, or None when plausible.

    Raises
    ------
    InputError
        For a slip that is refused (the value or a range end).
    """
    given = t.get(key, None)
    rng: Any = given.get("range") if isinstance(given, dict) else None
    ends = [(key, value)] + ([(f"{key}.range", float(x)) for x in rng] if is_range(rng) else [])
    for field, x in ends:
        found = slip(x)
        if found is not None:
            say_slip(found, t.file, t.field(field))
            return  # one line per field


__all__ = ["MAX_FULL_TIME_TURNOUT_MINUTES", "MAX_PLAUSIBLE_ON_SCENE_MINUTES", "MAX_PLAUSIBLE_TURNOUT_MINUTES",
           "MAX_REPORTED_TARGET_RATIO", "MIN_ACCESS_SPEED_KMH", "Slip", "TARGET_WARN_MINUTES", "access_speed_slip",
           "check_slip", "collected_slips", "handover_slip", "mark_said", "on_scene_slip", "pass_on", "reported_slip",
           "say_slip", "target_slip", "turnout_slip", "warn_slip"]
