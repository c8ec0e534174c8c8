"""Crews for the engine: who is sent, who turns up, how fast they leave.

Turns a scenario's crews into the engine's :class:`~raddsim.engine.inputs.Fleet` and
draws, per replication, how each crew would respond to each alarm
(:class:`~raddsim.engine.inputs.Responses`). Draws are made per crew from a stream keyed
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

from raddsim.core import streams
from raddsim.engine.inputs import Fleet, Responses
from raddsim.engine.force import equipment_bits
from raddsim.core.memo import IdentityMemo
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
    """Every crew's responses to ``n`` alarms of one replication (arrays alarms × crews).

    The same law and the same streams as :func:`draw_crew`, crew by crew, with the
    transforms done once for all crews: a replication draws this for every scenario.
    """
    crews = setup.crews
    if not crews:
        return Responses(np.zeros((n, 0), bool), np.zeros((n, 0), np.int64), np.zeros((n, 0), np.int64), np.zeros((n, 0)))
    law = _law(setup)
    m = len(crews)
    # Crew-major: each quantity's draws for one crew are contiguous, which the per-crew
    # inverse CDFs read; the arrays are handed over transposed (alarms × crews).
    u = np.empty((4, m, n))
    for k, key in enumerate(law.keys):
        u[:, k, :] = streams.rng_keyed(seed, replication, "crew", key).random((n, 4)).T
    cmd = np.empty((m, n), np.int64)
    ff = np.empty((m, n), np.int64)
    for k in range(m):
        cmd[k] = law.cdf_cmd[k].searchsorted(u[0, k], side="right")
        ff[k] = law.cdf_ff[k].searchsorted(u[1, k], side="right")
    cap = law.cap[:, None]
    cmd = np.minimum(cmd, cap)
    ff = np.minimum(ff, cap - cmd)
    rolls = ((cmd + ff >= law.min_people[:, None]) & (cmd >= law.min_cmd[:, None]) & (ff >= law.min_ff[:, None])
             & (u[3] < law.available[:, None]))
    turnout = np.repeat(law.turnout_s[:, None], n, axis=1)
    v = law.varies
    if v.size:
        z = ndtri(np.clip(u[2, v], 1e-12, 1 - 1e-12))
        turnout[v] = law.turnout_s[v, None] * np.exp(law.sigma[v, None] * (z - Z90))
    return Responses(rolls=rolls.T, commanders=cmd.T, firefighters=ff.T, turnout_s=turnout.T)


class _Law:
    """Per-crew parameters of the response law, as arrays over the crews of one scenario."""

    def __init__(self, setup: Setup) -> None:
        crews = setup.crews
        self.keys = [streams.stable_key(c.id) for c in crews]
        laws = []
        for c in crews:
            st, a = setup.staffing[c.id], c.availability
            if st.fri_inryckning:
                laws.append((commanders(st.pool), firefighters(st.pool), st.pool_response_probability, a.seats))
            else:
                laws.append((commanders(st.roles), firefighters(st.roles), a.response_probability, _NO_CAP))
        width = max(max(nc, nf) for nc, nf, _, _ in laws) + 1
        self.cdf_cmd = np.stack([_steps(nc, p, width) for nc, _, p, _ in laws])
        self.cdf_ff = np.stack([_steps(nf, p, width) for _, nf, p, _ in laws])
        self.cap = np.array([cap for *_, cap in laws], np.int64)
        self.min_people = np.array([c.availability.min_people for c in crews], np.int64)
        self.min_cmd = np.array([commanders(c.availability.min_to_roll) for c in crews], np.int64)
        self.min_ff = np.array([firefighters(c.availability.min_to_roll) for c in crews], np.int64)
        self.available = np.array([c.availability.available_probability for c in crews], float)
        self.turnout_s = np.array([c.turnout_s for c in crews], float)
        self.sigma = np.array([c.availability.turnout_sigma for c in crews], float)
        self.varies = np.flatnonzero(self.sigma > 0)


#: No seat limit (only fri-inryckning pools are capped by the vehicle's seats).
_NO_CAP = 2**40
_law = IdentityMemo(_Law)


def _steps(n: int, p: float, width: int) -> np.ndarray:
    """The CDF of Binomial(n, p) padded with +inf to ``width``: how many steps are ≤ u is its inverse at u."""
    out = np.full(width, np.inf)
    if n <= 0 or p <= 0:
        return out
    if p >= 1:
        out[:n] = 0.0
        return out
    out[: n + 1] = _binom_cdf(int(n), float(p))
    return out
