"""Crews for the engine: who is sent, who turns up, how fast they leave.

Turns a scenario's crews into the engine's :class:`~raddsim.engine.Fleet` and
draws, per replication, how each crew would respond to each alarm
(:class:`~raddsim.engine.Responses`). Draws are made per crew from a stream keyed
by the crew's id, one row per alarm, *before* the simulation: a crew answering
alarm *i* in two scenarios sees the same random numbers (common random numbers),
and adding a crew does not shift anyone else's draws.

Model
-----
* Full-time crews always roll with their scheduled staffing after their turnout time.
* Part-time (RIB) crews: each scheduled member responds with probability
  ``response_probability`` (binomial per role). The stated turnout time is the
  90th percentile of a lognormal (log-sd ``turnout_sigma``): ASSUMPTION — Swedish
  turnout times are requirements a crew should meet, so most turnouts are faster
  and about one in ten is slower.
* Fri inryckning: every member of the pool is alerted and responds with the
  pool's probability; the number who come is binomial over the pool, capped at
  the vehicle's seats.
* A crew rolls only if the responders reach ``min_to_roll`` (default: 2 people);
  otherwise it fails, and the dispatcher learns this when the crew should have
  left (its stated turnout time) and sends someone else.
* Mutual-aid crews (stations marked ``external``) can be sent with probability
  ``available_probability`` after an extra ``request_delay``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Mapping

import numpy as np
from scipy.special import ndtri

from raddsim import streams
from raddsim.engine import Fleet, Responses
from raddsim.force import equipment_bits
from raddsim.region import Setup
from raddsim.stations import CAPABILITIES, Crew, Staffing

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


def commanders(roles: Mapping[str, int]) -> int:
    return roles.get("crew_commander", 0) + roles.get("incident_commander", 0)


def firefighters(roles: Mapping[str, int]) -> int:
    return sum(v for k, v in roles.items() if k not in ("crew_commander", "incident_commander"))


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


def draw_crew(crew: Crew, staffing: Staffing, n: int, seed: int, replication: int) -> tuple[np.ndarray, ...]:
    """One crew's responses to ``n`` alarms: (rolls, commanders, firefighters, turnout_s)."""
    u = streams.rng_keyed(seed, replication, "crew", streams.stable_key(crew.id)).random((n, 4))
    a = crew.availability
    if staffing.fri_inryckning:
        p = staffing.pool_response_probability
        cmd = binom_ppf(u[:, 0], commanders(staffing.pool), p)
        ff = binom_ppf(u[:, 1], firefighters(staffing.pool), p)
        cmd = np.minimum(cmd, a.seats)
        ff = np.minimum(ff, a.seats - cmd)
    else:
        cmd = binom_ppf(u[:, 0], commanders(staffing.roles), a.response_probability)
        ff = binom_ppf(u[:, 1], firefighters(staffing.roles), a.response_probability)
    rolls = (
        (cmd + ff >= a.min_people)
        & (cmd >= commanders(a.min_to_roll))
        & (ff >= firefighters(a.min_to_roll))
        & (u[:, 3] < a.available_probability)
    )
    if a.turnout_sigma > 0:
        turnout = crew.turnout_s * np.exp(a.turnout_sigma * (ndtri(np.clip(u[:, 2], 1e-12, 1 - 1e-12)) - Z90))
    else:
        turnout = np.full(n, crew.turnout_s)
    return rolls, cmd, ff, turnout


def draw_responses(setup: Setup, n: int, seed: int, replication: int) -> Responses:
    """Every crew's responses to ``n`` alarms of one replication (arrays alarms × crews)."""
    cols = [draw_crew(c, setup.staffing[c.id], n, seed, replication) for c in setup.crews]
    return Responses(
        rolls=np.column_stack([c[0] for c in cols]) if cols else np.zeros((n, 0), bool),
        commanders=np.column_stack([c[1] for c in cols]).astype(np.int64),
        firefighters=np.column_stack([c[2] for c in cols]).astype(np.int64),
        turnout_s=np.column_stack([c[3] for c in cols]),
    )
