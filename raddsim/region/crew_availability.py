"""A crew's availability as the region file states it: how it turns out (:class:`Availability`: who must answer
for it to roll, turnout spread, mutual aid's chance and delay, seats) and how many of its positions are filled
over the year (:class:`StaffingProcess`: absence, vacancy, by part of the week and season).

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


#: Parts of the week the availability process distinguishes (day = 07–18).
PERIODS = ("weekday_day", "weekday_night", "weekend_day", "weekend_night")


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
        Multipliers of ``absence`` by part of the week (:data:`PERIODS`) and in June–August (summer leave).
    turnout_period, turnout_summer
        Multipliers of the turnout time by part of the week and in June–August.
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

    @property
    def varies(self) -> bool:
        return self.absence > 0 or self.vacancy > 0


def periods(t: Table, key: str) -> tuple[float, ...]:
    """Multipliers by part of the week (:data:`PERIODS`; missing parts: 1) from the table ``key`` of ``t``."""
    pt = t.table(key, {})
    pt.check_keys(list(PERIODS) + ["source", "note"])
    return tuple(pt.number(p, 1.0, min=0) for p in PERIODS)


def parse_process(t: Table) -> StaffingProcess:
    """A crew's staffing process from its availability table (every key optional: no absence, no vacancy)."""
    return StaffingProcess(
        absence=t.number("absence", 0.0, min=0, max=1),
        # An absence longer than a year is a vacancy (``vacancy``); 1e300 days was taken silently.
        absence_days=t.number("absence_days", 1.0, min=0, min_exclusive=True, max=366),
        absence_correlation=t.number("absence_correlation", 0.0, min=0, max=1),
        vacancy=t.number("vacancy", 0.0, min=0, max=1),
        vacancy_cover=t.number("vacancy_cover", 0.0, min=0, max=1),
        absence_period=periods(t, "absence_period"),
        absence_summer=t.number("absence_summer", 1.0, min=0),
        turnout_period=periods(t, "turnout_period"),
        turnout_summer=t.number("turnout_summer", 1.0, min=0),
    )


PROCESS_KEYS = ["absence", "absence_days", "absence_correlation", "vacancy", "vacancy_cover", "absence_period",
                "absence_summer", "turnout_period", "turnout_summer"]
