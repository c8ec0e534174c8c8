"""When alarms happen: a non-homogeneous Poisson process by thinning.

The rate is ``alarms_per_year`` × hour-of-day × weekday × month factors,
normalised so the expected count over a calendar year is ``alarms_per_year``.
Sampling is vectorised thinning (Lewis & Shedler 1979): draw a homogeneous
process at the maximum rate and keep each point with probability
rate(t) / max rate — no loop over hours.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np

SECONDS_PER_YEAR = 365.25 * 86400.0
#: The months of each season north of the equator; south of it summer and winter trade months (:func:`season_months`).
SEASON_MONTHS: dict[str, tuple[int, ...]] = {
    "all": tuple(range(1, 13)),
    "summer": (6, 7, 8),
    "winter": (12, 1, 2),
}


def hemisphere_summer(southern: bool) -> tuple[int, ...]:
    """The summer months of a hemisphere: June–August north of the equator, December–February south of it."""
    return SEASON_MONTHS["winter"] if southern else SEASON_MONTHS["summer"]


def season_months(season: str, summer: tuple[int, ...] = SEASON_MONTHS["summer"]) -> tuple[int, ...]:
    """The calendar months (1–12) of a season, from the region's summer months.

    Parameters
    ----------
    season : str
        A key of :data:`SEASON_MONTHS`: ``"all"``, ``"summer"`` or ``"winter"``.
    summer : tuple of int
        The region's summer (``[availability] summer_months``; by default its hemisphere's,
        :func:`hemisphere_summer`). Winter is the months half a year away from them.

    Returns
    -------
    tuple of int
        The season's months.
    """
    if season == "summer":
        return tuple(summer)
    if season == "winter":
        return tuple((m + 5) % 12 + 1 for m in summer)
    return SEASON_MONTHS[season]


@dataclass(frozen=True)
class TimeProfile:
    """Relative alarm intensity by hour (24), weekday (7, Monday first) and month (12).

    ``start`` is the calendar date (midnight) that simulation time 0 falls on.
    """

    start: dt.date = dt.date(2025, 1, 1)
    hour: tuple[float, ...] = (1.0,) * 24
    weekday: tuple[float, ...] = (1.0,) * 7
    month: tuple[float, ...] = (1.0,) * 12

    def calendar(self, t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hour (0–23), weekday (0 = Monday) and month (1–12) of simulation times."""
        # Whole seconds (what datetime64[s] would hold) and integer arithmetic; the
        # month comes from a per-day table: converting every alarm's timestamp to a
        # calendar month was the slow part of drawing alarms.
        # Floored, not truncated: a warm-up's times before the start (negative) fall on the days before it.
        sec = np.floor(np.asarray(t_s, float)).astype(np.int64)
        days = sec // 86400 + (self.start - dt.date(1970, 1, 1)).days
        hour = (sec % 86400) // 3600
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
        if len(days):
            first = int(np.min(days))
            month = _month_of_days(first, int(np.max(days)))[days - first]
        else:
            month = np.zeros(0, np.int64)
        return hour, weekday, month

    def factor(self, t_s: np.ndarray) -> np.ndarray:
        """Unnormalised intensity factor at times ``t_s``."""
        return self.factor_at(*self.calendar(t_s))

    def factor_at(self, hour: np.ndarray, weekday: np.ndarray, month: np.ndarray) -> np.ndarray:
        """Unnormalised intensity factor at calendar positions (hour 0–23, weekday 0–6, month 1–12)."""
        return np.asarray(self.hour)[hour] * np.asarray(self.weekday)[weekday] * np.asarray(self.month)[month - 1]

    def annual_mean(self) -> float:
        """Mean factor over the calendar year from ``start`` (hourly grid, exact for these step functions)."""
        return _annual_mean(self)

    @property
    def max_factor(self) -> float:
        return max(self.hour) * max(self.weekday) * max(self.month)


@functools.lru_cache(maxsize=64)
def _annual_mean(profile: TimeProfile) -> float:
    # Cached: it depends on the profile only, and every replication needs it.
    hours = np.arange(0, 8766) * 3600.0 + 1800.0
    return float(profile.factor(hours).mean())


@functools.lru_cache(maxsize=64)
def _month_of_days(first: int, last: int) -> np.ndarray:
    """Calendar month (1–12) of every day number (days since 1970-01-01) from ``first`` to ``last``.

    Cached (read-only): every replication of a run covers the same days.
    """
    month = np.arange(first, last + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12 + 1
    month.setflags(write=False)
    return month


def sample_times(
    profile: TimeProfile,
    alarms_per_year: float,
    horizon_s: float,
    rng: np.random.Generator,
    season: str = "all",
    summer: tuple[int, ...] = SEASON_MONTHS["summer"],
) -> np.ndarray:
    """Alarm times (s, sorted) of the non-homogeneous Poisson process on [0, horizon).

    Parameters
    ----------
    season
        ``"all"``, ``"summer"`` (June–August) or ``"winter"`` (December–February):
        outside the season the rate is zero, inside it is the profile's rate.
    summer
        The region's summer months (:func:`season_months`).
    """
    return sample_times_months(profile, alarms_per_year, horizon_s, rng, season, summer=summer)[0]


def sample_times_months(
    profile: TimeProfile,
    alarms_per_year: float,
    horizon_s: float,
    rng: np.random.Generator,
    season: str = "all",
    start_s: float = 0.0,
    summer: tuple[int, ...] = SEASON_MONTHS["summer"],
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sample_times` and the calendar month (1–12) of each time, which the thinning computes anyway.

    The times are on [``start_s``, ``start_s`` + ``horizon_s``): a warm-up's start before time 0 is negative,
    and its calendar is that of the days before the profile's start.
    """
    base = alarms_per_year / SECONDS_PER_YEAR / profile.annual_mean()
    lam_max = base * profile.max_factor
    n = int(rng.poisson(lam_max * horizon_s))
    t = np.sort(rng.uniform(start_s, start_s + horizon_s, n))
    u = rng.random(n)
    hour, weekday, month = profile.calendar(t)
    keep = u * profile.max_factor < profile.factor_at(hour, weekday, month)
    if season != "all":
        keep &= np.isin(month, season_months(season, summer))
    return t[keep], month[keep]
