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
  week] × absence_summer (June–August)``: part-time staff who work elsewhere in
  the daytime, summer leave.
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

import numpy as np
from scipy.optimize import brentq
from scipy.signal import lfilter
from scipy.special import ndtri
from scipy.stats import multivariate_normal

from raddsim.core import streams
from raddsim.region.stations import Crew, Staffing, StaffingProcess

SECONDS_PER_DAY = 86400.0
#: June–August: summer leave, summer residents.
SUMMER_MONTHS = (6, 7, 8)
#: Daytime for the weekly schedule: 07:00–18:00 (ASSUMPTION: a working day away from the station).
DAY_HOURS = (7, 18)


def roster(staffing: Staffing) -> np.ndarray:
    """The crew's positions as roles: True for a commander, False for a firefighter (commanders first)."""
    roles = staffing.pool if staffing.fri_inryckning else staffing.roles
    n_cmd = roles.get("crew_commander", 0) + roles.get("incident_commander", 0)
    n_all = sum(roles.values())
    return np.arange(n_all) < n_cmd


def period_index(hour: np.ndarray, weekday: np.ndarray) -> np.ndarray:
    """Part of the week (index into :data:`raddsim.region.stations.PERIODS`) of hours and weekdays."""
    night = (hour < DAY_HOURS[0]) | (hour >= DAY_HOURS[1])
    return np.where(weekday >= 5, 2, 0) + night.astype(np.int64)


def _ar1(e: np.ndarray, phi: float) -> np.ndarray:
    """Stationary standard-normal AR(1) along the last axis from i.i.d. normals ``e``."""
    if e.shape[-1] == 0:
        return e
    out = np.empty_like(e)
    out[..., 0] = e[..., 0]
    zi = (phi * e[..., 0])[..., None]
    out[..., 1:] = lfilter([math.sqrt(1.0 - phi * phi)], [1.0, -phi], e[..., 1:], axis=-1, zi=zi)[0]
    return out


@dataclass(frozen=True)
class Latent:
    """One crew's sampled process for a replication: daily latent values and vacancies per position."""

    values: np.ndarray  # positions × days
    vacant: np.ndarray  # positions


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
    x = _ar1(e[:positions + 1], persistence(proc.absence, proc.absence_days))
    rho = proc.absence_correlation
    values = math.sqrt(rho) * x[:1] + math.sqrt(1.0 - rho) * x[1:]
    return Latent(values, vac < proc.vacancy)


@lru_cache(maxsize=256)
def persistence(q: float, mean_days: float) -> float:
    """Day-to-day correlation of the latent series that makes the mean absence last ``mean_days`` at share ``q``.

    An absence is a run of days below ``z = Φ⁻¹(q)``; its mean length is
    ``q / P(X₀ ≥ z, X₁ < z) = q / (q − Φ₂(z, z; φ))``, which grows with φ. With
    independent days it is ``1/(1 − q)``, the shortest possible.
    """
    if not 0.0 < q < 1.0 or mean_days <= 1.0 / (1.0 - q):
        return 0.0
    z = float(ndtri(q))

    def gap(phi: float) -> float:
        both = multivariate_normal([0.0, 0.0], [[1.0, phi], [phi, 1.0]]).cdf([z, z])
        return q / max(q - both, 1e-15) - mean_days

    hi = 0.99999
    return hi if gap(hi) < 0 else float(brentq(gap, 0.0, hi, xtol=1e-6))


def away_probability(proc: StaffingProcess, period: np.ndarray, summer: np.ndarray) -> np.ndarray:
    """q(t): the long-run probability that a filled position is away, at each time."""
    q = proc.absence * np.asarray(proc.absence_period)[period] * np.where(summer, proc.absence_summer, 1.0)
    return np.clip(q, 0.0, 1.0)


def present(latent: Latent, proc: StaffingProcess, t_s: np.ndarray, period: np.ndarray,
            summer: np.ndarray) -> np.ndarray:
    """Whether each position is present at each time (positions × times)."""
    q = away_probability(proc, period, summer)
    day = np.minimum((np.asarray(t_s, float) // SECONDS_PER_DAY).astype(np.int64), latent.values.shape[1] - 1)
    with np.errstate(divide="ignore"):
        # Away when the latent value is below Φ⁻¹(q): −inf at q = 0 (never away), +inf at q = 1.
        here = ~(latent.values[:, day] < ndtri(q)[None, :])
        if latent.vacant.any():
            covered = ndtri(1.0 - (1.0 - q) * proc.vacancy_cover)
            here[latent.vacant] = ~(latent.values[latent.vacant][:, day] < covered[None, :])
    return here


def n_days(t_s: np.ndarray, horizon_s: float = 0.0) -> int:
    """Days the latent series must cover: the horizon and every alarm time."""
    last = max(float(horizon_s), float(t_s[-1]) if len(t_s) else 0.0)  # times are sorted
    return int(last // SECONDS_PER_DAY) + 1


def width(crew: Crew) -> int:
    """The crew's largest roster over its staffing levels: how many positions its streams draw."""
    return max((len(roster(st)) for st in crew.staffing.values()), default=0)


def week_and_season(calendar: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Part of the week and whether it is summer, from (hour, weekday, month)."""
    hour, weekday, month = calendar
    return period_index(hour, weekday), (month >= SUMMER_MONTHS[0]) & (month <= SUMMER_MONTHS[-1])


def crew_present(crew: Crew, staffing: Staffing, t_s: np.ndarray, week: tuple[np.ndarray, np.ndarray], *, seed: int,
                 replication: int, horizon_s: float = 0.0) -> np.ndarray:
    """Present positions of one crew at times ``t_s`` (positions × times); all present without a process.

    ``week`` is (part of the week, summer?) of each time (:func:`week_and_season`).
    """
    pos = roster(staffing)
    proc = crew.availability.process
    if not proc.varies:
        return np.ones((len(pos), len(t_s)), bool)
    latent = sample_latent(crew.id, proc, len(pos), n_days(t_s, horizon_s), seed, replication, width(crew))
    return present(latent, proc, t_s, *week)
