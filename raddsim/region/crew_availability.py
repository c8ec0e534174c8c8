"""A crew's availability as the region file states it: how it turns out (:class:`Availability`: who must answer
for it to roll, turnout spread, mutual aid's chance and delay, seats) and how many of its positions are filled
over the year (:class:`StaffingProcess`: absence, vacancy, by part of the week and season, on the region's
calendar of summer months and day hours, :class:`StaffingCalendar`).

The engine samples both (:mod:`raddsim.engine.availability`, :mod:`raddsim.engine.crews`); the
``[crews.<id>.availability]`` and ``[availability.<kind>]`` tables are parsed in :mod:`raddsim.region.stations`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from raddsim.region.config import Table

#: A vehicle does not leave with fewer people than this (ASSUMPTION: Swedish practice for a first-response unit;
#: plausible 2–3; a crew's ``min_to_roll.people`` sets it).
DEFAULT_MIN_PEOPLE = 2
#: Seats in a rescue vehicle: caps how many of a fri-inryckning pool can go (ASSUMPTION: a 1 + 5 cab; plausible
#: 4–9; a crew's ``seats`` sets it).
DEFAULT_SEATS = 6


@dataclass(frozen=True)
class Availability:
    """How a crew turns out.

    Attributes
    ----------
    response_probability
        Probability each scheduled member responds (part-time crews).
    min_to_roll
        Roles that must respond for the vehicle to leave; fewer and the crew fails to roll.
    min_people
        People that must respond for the vehicle to leave.
    turnout_sigma
        Log-sd of the turnout time; when positive the stated turnout time is its 90th percentile.
    available_probability
        Mutual-aid crews: probability the neighbour can send it when asked.
    request_delay_s
        Mutual-aid crews: extra delay of requesting it (s).
    seats
        Seats in the vehicle: at most this many of a fri-inryckning pool go.
    """

    response_probability: float = 1.0
    min_to_roll: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    min_people: int = DEFAULT_MIN_PEOPLE
    turnout_sigma: float = 0.0
    available_probability: float = 1.0
    request_delay_s: float = 0.0
    seats: int = DEFAULT_SEATS
    process: "StaffingProcess" = field(default_factory=lambda: StaffingProcess())
    roll_without_commander: bool = False
    roll_short: bool = True
    call_in_s: float = 0.0
    call_in_probability: float = 0.0
    #: A crew below what it needs to roll reports itself ur beredskap: the dispatcher does not alert it.
    status_known: bool = True
    #: ``roll_short = "follow"``: the crew rolls short, members called in follow in a second vehicle.
    follow: bool = False
    #: How long after the first vehicle the second one leaves (s).
    follow_s: float = 0.0


#: Parts of the week the availability process distinguishes (day: :attr:`StaffingCalendar.day_hours`).
PERIODS = ("weekday_day", "weekday_night", "weekend_day", "weekend_night")
#: ``[availability]`` keys of the region's calendar (:func:`parse_calendar`): region-wide, not per crew or kind.
CALENDAR_KEYS = ["summer_months", "day_hours"]


@dataclass(frozen=True)
class StaffingCalendar:
    """When the summer and part-of-week factors apply: the region's ``[availability]`` calendar.

    Attributes
    ----------
    summer_months
        Months (1–12, sorted) of ``absence_summer``, ``turnout_summer`` and a pool's summer factor: any set, so a
        southern summer (12, 1, 2) wraps over the year's end. ASSUMPTION: June–August, Swedish summer leave
        centres on July; plausible (6, 7, 8) to (7, 8); south of the equator December–February by default.
    day_hours
        (start, end): hours ``start ≤ h < end`` are day in the part-of-week factors (``weekday_day`` …).
        ASSUMPTION: 07–18, a working day away from the station; plausible start 06–09, end 16–19.
    """

    summer_months: tuple[int, ...] = (6, 7, 8)
    day_hours: tuple[int, int] = (7, 18)


@dataclass(frozen=True)
class StaffingProcess:
    """How many of a crew's rostered positions are filled over the year (see raddsim/engine/availability.py).

    Attributes
    ----------
    absence
        Long-run share of time a rostered member is away and not replaced (illness, leave, work elsewhere).
    absence_days
        Mean length of an absence (days): absences persist from day to day.
    absence_correlation
        Correlation within the crew of the members' latent absence processes (shared causes: holidays, flu).
    vacancy
        Probability that a position is unfilled for the whole simulated year.
    vacancy_cover
        Share of days a stand-in covers an unfilled position.
    absence_period, absence_summer
        Multipliers of ``absence`` by part of the week (:data:`PERIODS`) and in the summer months (summer leave).
    turnout_period, turnout_summer
        Multipliers of the turnout time by part of the week and in the summer months.
    calendar
        The region's summer months and day hours (:class:`StaffingCalendar`), the same for every crew: part of
        the process, so every cache keyed by the process or its calendar tells two regions apart.
    """

    absence: float = 0.0
    absence_days: float = 1.0
    absence_correlation: float = 0.0
    vacancy: float = 0.0
    vacancy_cover: float = 0.0
    absence_period: tuple[float, ...] = (1.0,) * len(PERIODS)
    absence_summer: float = 1.0
    turnout_period: tuple[float, ...] = (1.0,) * len(PERIODS)
    turnout_summer: float = 1.0
    calendar: StaffingCalendar = StaffingCalendar()

    @property
    def varies(self) -> bool:
        return self.absence > 0 or self.vacancy > 0


#: The largest factor a part of the week or the summer months may put on a crew's absence, turnout or a pool's
#: answering (ASSUMPTION: Norrtälje's are 0.6–1.5, test regions' up to 3; ten times is no season). 1e300 (a typo)
#: was accepted: a turnout 1e300 times as long, or an absence clipped to "always away" without a word.
MAX_PERIOD_FACTOR = 10.0


def periods(t: Table, key: str) -> tuple[float, ...]:
    """Multipliers by part of the week (:data:`PERIODS`; missing parts: 1) from the table ``key`` of ``t``."""
    pt = t.table(key, {})
    pt.check_keys(list(PERIODS) + ["source", "note"])
    return tuple(pt.number(p, 1.0, min=0, max=MAX_PERIOD_FACTOR) for p in PERIODS)


def parse_process(t: Table, calendar: StaffingCalendar = StaffingCalendar()) -> StaffingProcess:
    """A crew's staffing process from its availability table (every key optional: no absence, no vacancy).

    ``calendar``: the region's (:func:`parse_calendar`), which the crew's table does not set.
    """
    return StaffingProcess(
        absence=t.number("absence", 0.0, min=0, max=1),
        # An absence longer than a year is a vacancy (``vacancy``); 1e300 days was taken silently.
        absence_days=t.number("absence_days", 1.0, min=0, min_exclusive=True, max=366),
        absence_correlation=t.number("absence_correlation", 0.0, min=0, max=1),
        vacancy=t.number("vacancy", 0.0, min=0, max=1),
        vacancy_cover=t.number("vacancy_cover", 0.0, min=0, max=1),
        absence_period=periods(t, "absence_period"),
        absence_summer=t.number("absence_summer", 1.0, min=0, max=MAX_PERIOD_FACTOR),
        turnout_period=periods(t, "turnout_period"),
        turnout_summer=t.number("turnout_summer", 1.0, min=0, max=MAX_PERIOD_FACTOR),
        calendar=calendar,
    )


PROCESS_KEYS = ["absence", "absence_days", "absence_correlation", "vacancy", "vacancy_cover", "absence_period",
                "absence_summer", "turnout_period", "turnout_summer"]


def _whole_numbers(t: Table, key: str, example: str) -> list[int] | None:
    """The list of whole numbers ``key`` of ``t`` (None when absent), or one InputError naming the fix."""
    if key not in t:
        return None
    value = t.get(key)
    if isinstance(value, dict) and not ({"value", "range"} & set(value)):  # { start = 7, end = 18 }: no range
        raise t.error(key, f"expected a list of whole numbers, got a table {value!r}.",
                      fix=f"write the list, e.g. {key} = {example}.")
    if isinstance(value, dict):  # { value, range }: compare --uncertain and calibrate draw numbers, not lists
        raise t.error(key, "a list cannot be ranged ({ value, range } is for a number).",
                      fix=f"write the list, e.g. {key} = {example}; compare other values with a scenario that sets "
                          f"availability.{key} (docs/parameters.md).")
    if not isinstance(value, list) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() for v in value):
        raise t.error(key, f"expected a list of whole numbers, got {value!r}.", fix=f"write e.g. {key} = {example}.")
    return [int(v) for v in value]


def parse_calendar(t: Table, southern: bool = False) -> StaffingCalendar:
    """The region's calendar from its ``[availability]`` table: ``summer_months`` and ``day_hours`` (both optional).

    Without ``summer_months`` summer is the hemisphere's (``southern``: December–February), as for the alarms'
    ``[demand] season``, which reads the calendar's summer (:func:`raddsim.demand.timeprofile.season_months`).
    """
    from raddsim.demand.timeprofile import hemisphere_summer  # here: raddsim.demand imports the region's modules

    default = StaffingCalendar()
    months = _whole_numbers(t, "summer_months", "[6, 7, 8]")
    if months is None:
        months = list(hemisphere_summer(southern))
    wrong = [m for m in months if not 1 <= m <= 12]
    twice = [m for m in months if months.count(m) > 1]
    if not months or wrong or twice:
        what = ("the list is empty" if not months else f"{wrong[0]:g} is not a month (1–12)" if wrong
                else f"month {twice[0]} is listed twice in {months!r}")
        raise t.error("summer_months", f"no valid summer: {what}.",
                      fix="list each summer month once, 1–12, e.g. summer_months = [6, 7, 8] (a southern summer: "
                          "[12, 1, 2]).")
    hours = _whole_numbers(t, "day_hours", "[7, 18]")
    if hours is None:
        hours = list(default.day_hours)
    if len(hours) != 2 or not all(0 <= h <= 24 for h in hours) or hours[0] >= hours[1]:
        shown = ", ".join(f"{h:g}" for h in hours)  # 1e300 as written, not its 301 digits
        raise t.error("day_hours", f"expected [start, end] with 0 ≤ start < end ≤ 24, got [{shown}].",
                      fix="write e.g. day_hours = [7, 18]: hours 07:00–17:59 are day, the rest night.")
    return StaffingCalendar(tuple(sorted(months)), (hours[0], hours[1]))
