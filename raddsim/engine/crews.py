"""Crews for the engine: who is sent, who turns up, how fast they leave.

Turns a scenario's crews into the engine's :class:`~raddsim.engine.inputs.Fleet` and
draws, per replication, how each crew would respond to each alarm
(:class:`~raddsim.engine.inputs.Responses`). Draws are made per crew from a stream keyed
by the crew's id, one row per alarm, *before* the simulation: a crew answering
alarm *i* in two scenarios sees the same random numbers (common random numbers),
and adding a crew does not shift anyone else's draws.

Model
-----
* Who is on call at each alarm comes from the availability process
  (:mod:`raddsim.engine.availability`): rostered positions present or away over
  the year (absences lasting days, correlated within a crew, vacancies, weekly
  schedule, summer leave), sampled once per replication.
* A present member answers with ``response_probability`` (fri inryckning: the
  pool's probability × its part-of-week and summer factors); a fri-inryckning
  crew takes at most the vehicle's seats.
* The stated turnout time of a part-time crew is the 90th percentile of a
  lognormal (log-sd ``turnout_sigma``), × the process's part-of-week and summer
  turnout factors. ASSUMPTION — Swedish turnout times are requirements a crew
  should meet, so most turnouts are faster and about one in ten is slower.
* Rules (:mod:`raddsim.engine.roll_rules`): a crew rolls only if the responders
  reach ``min_to_roll`` (default 2 people) and, unless ``roll_without_commander``,
  include a styrkeledare when its roster has one; ``roll_short`` says whether it
  leaves short, waits for call-ins, or leaves short with the called-in members
  following in a second vehicle. A crew whose present members are too few to roll is
  known to be ur beredskap at the alert (``status_known_at_alert``) and is not
  alerted; one whose members do not answer is learned about at its stated turnout
  time (the engine's rule) and the dispatcher sends someone else.
* Mutual-aid crews (stations marked ``external``) can be sent with probability
  ``available_probability`` after an extra ``request_delay``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from raddsim.core import normal, streams
from raddsim.demand.timeprofile import TimeProfile
from raddsim.engine.availability import SECONDS_PER_DAY, crew_present, roster, week_and_season, width
from raddsim.engine.force import equipment_bits
from raddsim.engine.inputs import Fleet, Responses
from raddsim.engine.roll_rules import call_in, can_roll, commanders, firefighters, known_out
from raddsim.region.crew_availability import StaffingCalendar
from raddsim.region.region import Setup
from raddsim.region.stations import CAPABILITIES, Crew, Staffing

#: z-score of the 90th percentile: the stated turnout time is the P90.
Z90 = 1.2815515655446004


@lru_cache(maxsize=256)
def _binom_cdf(n: int, p: float) -> np.ndarray:
    pmf = np.array([math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)])
    cdf = np.cumsum(pmf)
    cdf[-1] = 1.0
    cdf.setflags(write=False)
    return cdf


def binom_ppf(u: np.ndarray, n: int, p: float) -> np.ndarray:
    """Inverse CDF of Binomial(n, p) at uniforms ``u`` (small n; exact; the CDF is cached per (n, p))."""
    if n <= 0 or p <= 0:
        return np.zeros(len(u), np.int64)
    if p >= 1:
        return np.full(len(u), n, np.int64)
    return np.searchsorted(_binom_cdf(int(n), float(p)), u, side="right").clip(0, n).astype(np.int64)


def planned_staffing(crew: Crew, staffing: Staffing) -> tuple[int, int]:
    """What the dispatcher plans with: the schedule, or the expected turnout of a fri-inryckning pool."""
    if staffing.fri_inryckning:
        p = staffing.pool_response_probability
        c = math.floor(commanders(staffing.pool) * p)
        f = math.floor(firefighters(staffing.pool) * p)
        return c, min(f, max(crew.availability.seats - c, 0))
    return commanders(staffing.roles), firefighters(staffing.roles)


def equipment_index(setups: list[Setup]) -> dict[str, int]:
    """Bit position of every equipment name: the standard ones, any crew's and any capability rule's."""
    names = set(CAPABILITIES)
    for s in setups:
        names |= {cap for c in s.crews for cap in c.capabilities}
        names |= {e for rule in s.demand.catalog.capabilities.values() for e in rule.equipment}
    return {n: i for i, n in enumerate(sorted(names))}


def build_fleet(setup: Setup, station_row: Mapping[str, int], eq_index: Mapping[str, int]) -> Fleet:
    """The engine's view of a scenario's crews."""
    crews = setup.crews
    planned = np.array([planned_staffing(c, setup.staffing[c.id]) for c in crews], np.int64).reshape(len(crews), 2)
    return Fleet(
        names=tuple(c.name for c in crews),
        station=np.array([station_row[c.station] for c in crews], np.int64),
        turnout_s=np.array([c.turnout_s for c in crews], float),
        in_service=np.array([c.in_service for c in crews], bool),
        command=np.array([c.unit == "command" for c in crews], bool),
        external=np.array([c.external for c in crews], bool),
        request_delay_s=np.array([c.availability.request_delay_s for c in crews], float),
        equipment=np.array([equipment_bits(c.capabilities, eq_index) for c in crews], np.int64),
        planned=planned,
        ids=tuple(c.id for c in crews),
    )


def answer_probability(crew: Crew, staffing: Staffing, period: np.ndarray, summer: np.ndarray) -> np.ndarray:
    """Probability that a present member answers an alarm, at each alarm.

    Scheduled crews: ``response_probability`` (on-call staff must answer; the rest of
    absence is the availability process). Fri inryckning: the pool's probability ×
    its part-of-week and summer factors.
    """
    if staffing.fri_inryckning:
        p = (staffing.pool_response_probability * np.asarray(staffing.pool_period)[period]
             * np.where(summer, staffing.pool_summer, 1.0))
        return np.clip(p, 0.0, 1.0)
    return np.full(len(period), crew.availability.response_probability)


def _answers(crew: Crew, here: np.ndarray, p: np.ndarray, seed: int, replication: int,
             warmup: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Who answers (positions × alarms) and the call-in uniforms; one stream per crew, as wide as its largest roster
    (the warm-up's own with ``warmup``)."""
    positions, n = here.shape
    if positions == 0 or (np.all(p >= 1.0) and crew.availability.roll_short and not crew.availability.follow):
        return here, np.ones((positions, n))
    w = max(positions, width(crew))
    u = streams.rng_keyed(seed, replication, "answer", streams.stable_key(crew.id), warmup).random((2, w, n))
    return here & (u[0, :positions] < p[None, :]), u[1, :positions]


class CrewDraw(NamedTuple):
    """One crew's responses to each alarm (see :func:`crew_draw`)."""

    rolls: np.ndarray
    commanders: np.ndarray
    firefighters: np.ndarray
    turnout_s: np.ndarray
    known_out: np.ndarray
    follow_cmd: np.ndarray
    follow_ff: np.ndarray


def own_draws(crews: Sequence[Crew], n: int, seed: int, replication: int,
              warmup: bool = False) -> list[tuple[np.ndarray, np.ndarray | None]]:
    """Each crew's uniforms of its own stream (rows: turnout, available) and, with a turnout spread, the normal
    quantiles of the first row: one (elementwise) pass for all crews, ≈ 60 µs per crew and year less.
    ``warmup``: the warm-up's streams (:mod:`raddsim.core.streams`)."""
    us = [streams.rng_keyed(seed, replication, "crew", streams.stable_key(c.id), warmup).random((2, n)) for c in crews]
    z: list[np.ndarray | None] = [None] * len(crews)
    spread = [k for k, c in enumerate(crews) if c.availability.turnout_sigma > 0]
    if spread:
        qs = normal.quantile(np.clip(np.concatenate([us[k][0] for k in spread]), 1e-12, 1 - 1e-12))
        for k, q in zip(spread, np.split(qs, len(spread))):
            z[k] = q
    return list(zip(us, z))


def crew_draw(crew: Crew, staffing: Staffing, n: int, seed: int, replication: int, t_s: np.ndarray | None = None,
              profile: TimeProfile | None = None, horizon_s: float = 0.0,
              week: tuple[np.ndarray, np.ndarray] | None = None,
              own: tuple[np.ndarray, np.ndarray | None] | None = None, warmup: bool = False) -> CrewDraw:
    """One crew's responses to ``n`` alarms at times ``t_s``, with what the dispatcher knows and who follows.

    Who is on call comes from the availability process (:mod:`raddsim.engine.availability`),
    who of them answers from per-position draws, then the crew's rules
    (:mod:`raddsim.engine.roll_rules`) decide whether it rolls, whether it is known to be
    ur beredskap at the alert, and who follows in a second vehicle.
    ``week`` (``week_and_season(profile.calendar(t_s), proc.calendar)``) and ``own`` (:func:`own_draws`): when the
    caller has them.
    ``warmup``: alarms of a warm-up (times before 0), drawn from the warm-up's streams.
    """
    t_s = np.zeros(n) if t_s is None else np.asarray(t_s, float)
    a, proc = crew.availability, crew.availability.process
    period, summer = week if week is not None else week_and_season((profile or TimeProfile()).calendar(t_s),
                                                                   proc.calendar)
    cmd_pos = roster(staffing)
    here = crew_present(crew, staffing, t_s, (period, summer), seed=seed, replication=replication, horizon_s=horizon_s)
    out = known_out(crew, staffing, here, cmd_pos)
    answered, call_u = _answers(crew, here, answer_probability(crew, staffing, period, summer), seed, replication,
                                warmup)
    u, z = own if own is not None else own_draws([crew], n, seed, replication, warmup)[0]
    if z is not None:  # a turnout spread (turnout_sigma > 0)
        turnout = crew.turnout_s * np.exp(a.turnout_sigma * (z - Z90))
    else:
        turnout = np.full(n, crew.turnout_s)
    if proc.turnout_period != (1.0,) * 4 or proc.turnout_summer != 1.0:
        turnout = turnout * np.asarray(proc.turnout_period)[period] * np.where(summer, proc.turnout_summer, 1.0)
    answered, followers, wait_s = call_in(crew, staffing, answered, call_u, cmd_pos)
    turnout = turnout + wait_s
    cmd = answered[cmd_pos].sum(axis=0).astype(np.int64)
    ff = answered[~cmd_pos].sum(axis=0).astype(np.int64)
    if staffing.fri_inryckning:
        cmd = np.minimum(cmd, a.seats)
        ff = np.minimum(ff, a.seats - cmd)
    rolls = can_roll(crew, bool(cmd_pos.any()), cmd, ff) & (u[1] < a.available_probability)
    f_cmd = np.where(rolls, followers[cmd_pos].sum(axis=0), 0).astype(np.int64)
    f_ff = np.where(rolls, followers[~cmd_pos].sum(axis=0), 0).astype(np.int64)
    return CrewDraw(rolls, cmd, ff, turnout, out, f_cmd, f_ff)


def draw_crew(crew: Crew, staffing: Staffing, n: int, seed: int, replication: int, t_s: np.ndarray | None = None,
              profile: TimeProfile | None = None, horizon_s: float = 0.0,
              week: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, ...]:
    """One crew's responses to ``n`` alarms: (rolls, commanders, firefighters, turnout_s) of :func:`crew_draw`."""
    return tuple(crew_draw(crew, staffing, n, seed, replication, t_s, profile, horizon_s, week)[:4])


def draw_responses(setup: Setup, n: int, seed: int, replication: int, t_s: np.ndarray | None = None,
                   horizon_s: float = 0.0, warmup: bool = False) -> Responses:
    """Every crew's responses to ``n`` alarms at times ``t_s`` of one replication (arrays alarms × crews).

    ``warmup``: the alarms of a warm-up (times before 0), from the warm-up's streams; ``horizon_s`` is then
    still the measured period's (the crews' availability series is the one of the measured period, continued
    back into the warm-up).
    """
    crews = setup.crews
    if not crews:
        return Responses(np.zeros((n, 0), bool), np.zeros((n, 0), np.int64), np.zeros((n, 0), np.int64),
                         np.zeros((n, 0)))
    t_s = np.zeros(n) if t_s is None else np.asarray(t_s, float)
    when = setup.demand.profile.calendar(t_s)
    # One region has one calendar: the parts of the week are worked out once, not per crew.
    weeks = {cal: week_and_season(when, cal) for cal in {c.availability.process.calendar for c in crews}}
    drawn = [crew_draw(c, setup.staffing[c.id], n, seed, replication, t_s, horizon_s=horizon_s,
                       week=weeks[c.availability.process.calendar], own=own, warmup=warmup)
             for c, own in zip(crews, own_draws(crews, n, seed, replication, warmup))]
    cols = [np.stack([d[k] for d in drawn], axis=1) for k in range(len(CrewDraw._fields))]
    follow = cols[5].any() or cols[6].any()
    return Responses(rolls=cols[0], commanders=cols[1], firefighters=cols[2], turnout_s=cols[3],
                     known_out=cols[4] if cols[4].any() else None,
                     follow_cmd=cols[5] if follow else None, follow_ff=cols[6] if follow else None,
                     follow_s=np.array([c.availability.follow_s for c in crews], float) if follow else None)


#: Staffing states reported per crew, in order.
STAFFING_STATES = ("at_ambition", "at_minimum", "below_minimum", "ur_beredskap")


def _meets(level: Staffing | None, cmd: np.ndarray, ff: np.ndarray) -> np.ndarray | None:
    """Whether (cmd, ff) reach a scheduled level (commanders may fill firefighter seats).

    None for a pool or no level.
    """
    if level is None or level.fri_inryckning:
        return None
    c, f = commanders(level.roles), firefighters(level.roles)
    return (cmd >= c) & (cmd + ff >= c + f)


@lru_cache(maxsize=8)
def hourly_grid(profile: TimeProfile, horizon_s: float, step_s: float,
                seasons: StaffingCalendar = StaffingCalendar()) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Times of the reporting grid with their part of the week and summer flag (the same for every crew: cached).

    ``seasons``: the region's day hours and summer months, part of the cache key.
    """
    t = np.arange(0.0, horizon_s, step_s) + step_s / 2
    period, summer = week_and_season(profile.calendar(t), seasons)
    for a in (t, period, summer):
        a.setflags(write=False)
    return t, period, summer


@lru_cache(maxsize=8)
def grid_classes(profile: TimeProfile, horizon_s: float, step_s: float, seasons: StaffingCalendar = StaffingCalendar()
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The reporting grid's hours grouped by (day, part of the week, summer), on which presence depends.

    Returns a time of each group (sorted), its part of the week and summer flag, and its hours.
    """
    t, period, summer = hourly_grid(profile, horizon_s, step_s, seasons)
    key = ((t // SECONDS_PER_DAY).astype(np.int64) * 8 + 2 * period + summer.astype(np.int64))
    _, first, hours = np.unique(key, return_index=True, return_counts=True)
    order = np.argsort(t[first], kind="stable")
    out = (t[first][order], period[first][order], summer[first][order], hours[order])
    for a in out:
        a.setflags(write=False)
    return out


def staffing_states(crew: Crew, staffing: Staffing, horizon_s: float, seed: int, replication: int,
                    profile: TimeProfile | None = None, step_s: float = 3600.0) -> dict[str, float | None]:
    """Share of time (hourly grid) the crew is at its ambition level, at its minimum, below it but able to roll,
    or ur beredskap (cannot roll by its rules). A fri-inryckning crew counts the pool members who would answer.

    A state that does not apply (e.g. "at minimum" when the minimum is a fri-inryckning pool) is None.
    """
    seasons = crew.availability.process.calendar
    t, period, summer = hourly_grid(profile or TimeProfile(), horizon_s, step_s, seasons)
    hours, weight = len(t), None
    if not staffing.fri_inryckning:  # presence is the same within a day and part of the week: one time of each
        t, period, summer, weight = grid_classes(profile or TimeProfile(), horizon_s, step_s, seasons)
    here = crew_present(crew, staffing, t, (period, summer), seed=seed, replication=replication, horizon_s=horizon_s)
    if staffing.fri_inryckning:  # an answer is drawn per grid hour: every hour counts
        p = answer_probability(crew, staffing, period, summer)
        g = streams.rng_keyed(seed, replication, "answer", streams.stable_key(f"{crew.id}#grid"))
        here = here & (g.random((max(here.shape[0], width(crew)), len(t)))[:here.shape[0]] < p[None, :])
    cmd_pos = roster(staffing)
    cmd, ff = here[cmd_pos].sum(axis=0), here[~cmd_pos].sum(axis=0)
    if staffing.fri_inryckning:
        cmd = np.minimum(cmd, crew.availability.seats)
        ff = np.minimum(ff, crew.availability.seats - cmd)
    can = can_roll(crew, bool(cmd_pos.any()), cmd, ff)
    amb = _meets(crew.staffing.get("ambition"), cmd, ff)
    mini = _meets(crew.staffing.get("minimum"), cmd, ff)
    at_amb = None if amb is None else can & amb
    at_min = None if mini is None else can & mini & (~amb if amb is not None else True)
    below = can.copy()
    for state in (at_amb, at_min):  # not `~False` for a state that does not apply: `~` on a bool is deprecated
        if state is not None:
            below &= ~state

    def share(x: np.ndarray | None) -> float | None:
        # An exact count of hours over the grid's length: the same bits as the mean over every hour.
        return None if x is None else float(np.mean(x)) if weight is None else int(np.dot(weight, x)) / hours

    # A crew with neither a minimum nor an ambition level (an imported ambulance's one "deployment"
    # level) has no "below minimum": saying it is below it all the time would be false.
    levels = amb is not None or mini is not None
    return {"at_ambition": share(at_amb), "at_minimum": share(at_min),
            "below_minimum": share(below if levels else None), "ur_beredskap": share(~can)}
