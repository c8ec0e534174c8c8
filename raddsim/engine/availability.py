"""Crew staffing as a process over the year: who is on call when an alarm comes.

Each crew has a roster of positions: the staffing level's roles (styrkeledare
first, then brandmän) or, for fri inryckning, the pool. Over a replication every
position is *present* or *away*, sampled once, in vectorised form:

* **Absences last days and are correlated within a crew.** Each position has a
  latent standard-normal AR(1) series over days (its day-to-day correlation chosen
  so that an absence lasts ``absence_days`` on average, :func:`persistence`),
  mixed with one series shared by the whole crew
  (weight ``absence_correlation``: holidays, a flu wave). A position is away at
  time *t* when its latent value is below ``Φ⁻¹(q(t))``, so the long-run share of
  time away is exactly ``q(t)``, whatever the persistence or correlation.
* **Weekly schedule and seasons.** ``q(t) = absence × absence_period[part of the
  week] × absence_summer (summer months)``: part-time staff who work elsewhere in
  the daytime, summer leave. Which hours are day and which months summer is the
  region's calendar (``[availability] day_hours, summer_months``: 07–18 and
  June–August by default), carried by the process (:class:`StaffingCalendar`).
* **Vacancies.** Each position is unfilled for the whole replication with
  probability ``vacancy``; a stand-in covers it a share ``vacancy_cover`` of the
  time, so the position is away with ``1 − (1 − q)·vacancy_cover``.

At an alarm the present members answer (scheduled: ``response_probability``;
fri inryckning: the pool's probability × its part-of-week and summer factors).
The same positions and draws serve every scenario (common random numbers): the
streams are keyed by crew id and position, and a 1 + 2 roster is the first three
positions of a 1 + 4 one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

import numpy as np

from raddsim.core import streams
from raddsim.region.crew_availability import StaffingCalendar, StaffingProcess
from raddsim.region.stations import Crew, Staffing

SECONDS_PER_DAY = 86400.0


def roster(staffing: Staffing) -> np.ndarray:
    """The crew's positions as roles: True for a commander, False for a firefighter (commanders first)."""
    roles = staffing.pool if staffing.fri_inryckning else staffing.roles
    n_cmd = roles.get("crew_commander", 0) + roles.get("incident_commander", 0)
    n_all = sum(roles.values())
    return np.arange(n_all) < n_cmd


def period_index(hour: np.ndarray, weekday: np.ndarray, day_hours: tuple[int, int] | None = None) -> np.ndarray:
    """Part of the week (index into :data:`raddsim.region.crew_availability.PERIODS`) of hours and weekdays.

    ``day_hours``: (start, end) of the day, a :class:`StaffingCalendar`'s (None: its default, 07–18).
    """
    start, end = StaffingCalendar().day_hours if day_hours is None else day_hours
    night = (hour < start) | (hour >= end)
    return np.where(weekday >= 5, 2, 0) + night.astype(np.int64)


#: Days per block of the AR(1) recursion (:func:`ar1`).
BLOCK = 32
#: Gauss–Legendre nodes and weights for the bivariate normal integral (:func:`both_below`).
_GL = np.polynomial.legendre.leggauss(48)


def ar1(e: np.ndarray, phi: float) -> np.ndarray:
    """Stationary standard-normal AR(1) along the last axis from i.i.d. normals ``e`` (rows × days).

    ``x₀ = e₀``, ``xₜ = φ xₜ₋₁ + √(1 − φ²) eₜ``, computed in numpy without a loop over days: within
    blocks of :data:`BLOCK` days a lower-triangular matrix of powers of φ sums the innovations, and a
    loop over the few blocks carries each block's last value into the next.
    """
    rows, n = e.shape
    if n == 0:
        return e
    powers_t, grow = _block_powers(phi)
    m = -(-n // BLOCK)
    z = np.zeros((rows, m * BLOCK))
    z[:, :n] = e
    z[:, 1:n] *= math.sqrt(1.0 - phi * phi)
    x = z.reshape(rows, m, BLOCK) @ powers_t
    for b in range(1, m):
        x[:, b, :] += x[:, b - 1, -1:] * grow[None, :]
    return x.reshape(rows, m * BLOCK)[:, :n]


@lru_cache(maxsize=64)
def _block_powers(phi: float) -> tuple[np.ndarray, np.ndarray]:
    """(transposed lower-triangular φ^(i − j) of a block, φ^(k + 1)): cached per φ."""
    k = np.arange(BLOCK)
    lag = k[:, None] - k[None, :]
    powers = np.where(lag >= 0, phi ** np.maximum(lag, 0), 0.0)
    return np.ascontiguousarray(powers.T), phi ** (k + 1)


def inv_norm(q: float) -> float:
    """Φ⁻¹(q), with −inf at q ≤ 0 (never away) and +inf at q ≥ 1 (always away)."""
    if q <= 0.0:
        return -math.inf
    if q >= 1.0:
        return math.inf
    return NormalDist().inv_cdf(q)


def both_below(z: float, q: float, rho: float) -> float:
    """P(X < z, Y < z) for standard normals with correlation ``rho``, where Φ(z) = ``q``.

    ``q² + (1/2π) ∫₀^asin ρ exp(−z² / (1 + sin t)) dt`` (the derivative of the bivariate normal
    CDF in ρ is its density), by 48-point Gauss–Legendre; agrees with scipy's
    ``multivariate_normal.cdf`` to 1e-16 on the ranges used here.
    """
    if rho == 0.0:
        return q * q
    a = math.asin(rho)
    x, w = _GL
    t = 0.5 * a * (x + 1.0)
    return q * q + 0.5 * a * float(w @ np.exp(-z * z / (1.0 + np.sin(t)))) / (2.0 * math.pi)


def absences_correlation(absence: float, latent: float) -> float:
    """The correlation of two crew members' absences (away 1, present 0) that ``absence_correlation`` gives.

    ``absence_correlation`` is the correlation of the members' *latent* series (the model's parameter); the
    absences themselves correlate less: (P(both away) − q²) / (q(1 − q)) at the share of time away ``q``
    (the tetrachoric relation). At Norrtälje's 5 % away, a latent 0.3 makes absences correlate 0.098.

    Parameters
    ----------
    absence
        The share of time a member is away, 0 < q < 1.
    latent
        The latent correlation, 0–1 (``absence_correlation``).
    """
    q = absence
    return (both_below(inv_norm(q), q, latent) - q * q) / (q * (1 - q))


def latent_correlation(absence: float, observed: float) -> float:
    """The ``absence_correlation`` to write for absences that correlate ``observed`` (e.g. counted from rosters).

    The inverse of :func:`absences_correlation` at the share of time away ``absence``, by bisection (the
    relation is increasing in the latent correlation).

    Raises
    ------
    ValueError
        For an ``observed`` correlation the model cannot reach at that share away (above its value at 1).
    """
    top = absences_correlation(absence, 1.0)
    if not 0.0 <= observed <= top + 1e-12:  # at a latent 1 the quadrature leaves 1 − 4e-16
        raise ValueError(f"absences correlated {observed:g} at {absence:g} away: the model reaches 0 to {top:.3f}.")
    lo, hi = 0.0, 1.0
    for _ in range(60):  # 2⁻⁶⁰: far below any correlation a roster can measure
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if absences_correlation(absence, mid) < observed else (lo, mid)
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class Latent:
    """One crew's sampled process for a replication: daily latent values and vacancies per position.

    ``first_day``: the day of the first column (negative when the series reaches back into a warm-up).
    """

    values: np.ndarray  # positions × days
    vacant: np.ndarray  # positions
    first_day: int = 0


def sample_latent(crew_id: str, proc: StaffingProcess, positions: int, days: int, seed: int,
                  replication: int, width: int | None = None) -> Latent:
    """Sample the latent absence series of a crew's first ``positions`` positions.

    One stream per crew draws ``width`` positions (the crew's largest roster over its
    levels), so a position's series is the same at every staffing level (CRN).
    """
    width = max(positions, width or 0)
    g = streams.rng_keyed(seed, replication, "availability", streams.stable_key(crew_id))
    vac = g.random(width)[:positions]
    e = g.standard_normal((width + 1, days))  # row 0: the crew's shared series, then one per position
    x = ar1(e[:positions + 1], persistence(proc.absence, proc.absence_days))
    rho = proc.absence_correlation
    values = math.sqrt(rho) * x[:1] + math.sqrt(1.0 - rho) * x[1:]
    return Latent(values, vac < proc.vacancy)


def sample_latent_before(crew_id: str, proc: StaffingProcess, positions: int, days: int, seed: int,
                         replication: int, width: int | None, back_days: int) -> Latent:
    """:func:`sample_latent`'s series continued into the ``back_days`` days before day 0 (a warm-up).

    A stationary Gaussian AR(1) is time-reversible: going back from day 0 it is the same
    recursion, ``x₋ₖ = φ x₋ₖ₊₁ + √(1 − φ²) eₖ`` with innovations from the warm-up's stream, so
    the joined series is one stationary series, absences run on across the start of the measured
    period, and the vacancies are the measured period's. Day −k uses the k-th row of innovations
    only: a longer warm-up adds days further back. ``days`` is the measured series' length (as
    given to :func:`sample_latent`), whose day-0 values are the first of each of its rows.
    """
    width = max(positions, width or 0)
    g = streams.rng_keyed(seed, replication, "availability", streams.stable_key(crew_id))
    vac = g.random(width)[:positions]
    # sample_latent's standard_normal((width + 1, days)) fills row by row: row k starts at draw k·days.
    x0 = g.standard_normal(positions * days + 1)[::days]
    gw = streams.rng_keyed(seed, replication, "availability", streams.stable_key(crew_id), warmup=True)
    e = gw.standard_normal((back_days, width + 1)).T[:positions + 1]
    x = ar1(np.concatenate([x0[:, None], e], axis=1), persistence(proc.absence, proc.absence_days))[:, :0:-1]
    rho = proc.absence_correlation
    values = math.sqrt(rho) * x[:1] + math.sqrt(1.0 - rho) * x[1:]  # days −back_days … −1
    return Latent(values, vac < proc.vacancy, -back_days)


@lru_cache(maxsize=256)
def persistence(q: float, mean_days: float) -> float:
    """Day-to-day correlation of the latent series that makes the mean absence last ``mean_days`` at share ``q``.

    An absence is a run of days below ``z = Φ⁻¹(q)``; its mean length is
    ``q / P(X₀ ≥ z, X₁ < z) = q / (q − Φ₂(z, z; φ))``, which grows with φ. With
    independent days it is ``1/(1 − q)``, the shortest possible.
    """
    if not 0.0 < q < 1.0 or mean_days <= 1.0 / (1.0 - q):
        return 0.0
    z = inv_norm(q)

    def gap(phi: float) -> float:
        return q / max(q - both_below(z, q, phi), 1e-15) - mean_days

    lo, hi = 0.0, 0.99999
    if gap(hi) < 0:
        return hi
    while hi - lo > 1e-9:  # the mean absence grows with φ: bisection
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if gap(mid) < 0 else (lo, mid)
    return 0.5 * (lo + hi)


def away_probability(proc: StaffingProcess, period: np.ndarray, summer: np.ndarray) -> np.ndarray:
    """q(t): the long-run probability that a filled position is away, at each time."""
    q = proc.absence * np.asarray(proc.absence_period)[period] * np.where(summer, proc.absence_summer, 1.0)
    return np.clip(q, 0.0, 1.0)


@lru_cache(maxsize=256)
def thresholds(proc: StaffingProcess) -> tuple[np.ndarray, np.ndarray]:
    """Φ⁻¹ of the away probability of a filled and of a vacant position, per (part of the week, summer).

    q(t) takes at most 8 values, so the thresholds are a table indexed by ``2 · period + summer``
    (computed once per process parameters, not per alarm).
    """
    period = np.repeat(np.arange(4), 2)
    summer = np.tile([False, True], 4)
    q = away_probability(proc, period, summer)
    filled = np.array([inv_norm(v) for v in q])
    vacant = np.array([inv_norm(1.0 - (1.0 - v) * proc.vacancy_cover) for v in q])
    return filled, vacant


def present(latent: Latent, proc: StaffingProcess, t_s: np.ndarray, period: np.ndarray,
            summer: np.ndarray) -> np.ndarray:
    """Whether each position is present at each time (positions × times)."""
    filled, vacant = thresholds(proc)
    code = 2 * np.asarray(period) + np.asarray(summer, np.int64)
    day = np.minimum((np.asarray(t_s, float) // SECONDS_PER_DAY).astype(np.int64) - latent.first_day,
                     latent.values.shape[1] - 1)
    # Away when the latent value is below Φ⁻¹(q): −inf at q = 0 (never away), +inf at q = 1.
    values = latent.values[:, day]
    here = values >= filled[code][None, :]
    if latent.vacant.any():
        here[latent.vacant] = values[latent.vacant] >= vacant[code][None, :]
    return here


def n_days(t_s: np.ndarray, horizon_s: float = 0.0) -> int:
    """Days the latent series must cover: the horizon and every alarm time."""
    last = max(float(horizon_s), float(t_s[-1]) if len(t_s) else 0.0)  # times are sorted
    return int(last // SECONDS_PER_DAY) + 1


def width(crew: Crew) -> int:
    """The crew's largest roster over its staffing levels: how many positions its streams draw."""
    return max((len(roster(st)) for st in crew.staffing.values()), default=0)


def week_and_season(calendar: tuple[np.ndarray, ...],
                    seasons: StaffingCalendar | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Part of the week and whether it is summer, from (hour, weekday, month).

    ``seasons``: the region's day hours and summer months (None: the defaults); the summer is a set of
    months, not a span, so one that wraps over the year's end (12, 1, 2) is a summer too.
    """
    hour, weekday, month = calendar
    seasons = StaffingCalendar() if seasons is None else seasons
    summer = np.zeros(13, bool)  # by month 1–12: a lookup, cheaper than np.isin per alarm
    summer[list(seasons.summer_months)] = True
    return period_index(hour, weekday, seasons.day_hours), summer[np.asarray(month, np.int64)]


def crew_present(crew: Crew, staffing: Staffing, t_s: np.ndarray, week: tuple[np.ndarray, np.ndarray], *, seed: int,
                 replication: int, horizon_s: float = 0.0) -> np.ndarray:
    """Present positions of one crew at times ``t_s`` (positions × times); all present without a process.

    ``week`` is (part of the week, summer?) of each time (:func:`week_and_season` on the process's calendar).
    Times before 0 are a warm-up's, all of them (:func:`sample_latent_before`); ``horizon_s`` is then still the
    measured period's.
    """
    pos = roster(staffing)
    proc = crew.availability.process
    if not proc.varies:
        return np.ones((len(pos), len(t_s)), bool)
    if len(t_s) and t_s[0] < 0:  # sorted
        if t_s[-1] >= 0:
            raise ValueError("a warm-up's alarms (before 0) and the measured period's are drawn apart")
        back = -int(np.floor(float(t_s[0]) / SECONDS_PER_DAY))
        latent = sample_latent_before(crew.id, proc, len(pos), n_days(np.zeros(0), horizon_s), seed, replication,
                                      width(crew), back)
        return present(latent, proc, t_s, *week)
    latent = sample_latent(crew.id, proc, len(pos), n_days(t_s, horizon_s), seed, replication, width(crew))
    return present(latent, proc, t_s, *week)
