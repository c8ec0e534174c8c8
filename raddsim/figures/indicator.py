"""The yearly indicator over simulated years: its value per year, its spread, and P(a year meets the target).

One simulated year gives one indicator value, as one calendar year gives the
board one (10.52 min in 2022). The values of independent replication-years form
the distribution a real year is drawn from; the share of years at or below the
target estimates the probability that a year meets it (Wilson 95% interval).
This is a different figure from the per-alarm "share within 10 min".
"""

from __future__ import annotations

import math
from typing import Callable, Mapping, Sequence

import numpy as np

from raddsim.core.errors import InputError
from raddsim.demand import SECONDS_PER_YEAR
from raddsim.engine import RunRecords
from raddsim.figures.proportion import design_effect, wilson_effective
from raddsim.figures.student_t import t975
from raddsim.region.indicator import IndicatorSpec, percentile_of


def counted_minutes(rec: RunRecords, types: np.ndarray | None, spec: IndicatorSpec,
                    type_ids: Sequence[str]) -> np.ndarray:
    """Alarm to first unit (minutes) of the alarms the indicator counts; NaN where no unit came."""
    t_first = rec.t_arrival
    if spec.commander_counts:
        t_first = np.fmin(t_first, rec.t_commander)
    minutes = (t_first - rec.t_alarm) / 60.0
    if spec.types and types is not None:
        keep = np.isin(np.asarray(type_ids, dtype=object)[types], spec.types)
        minutes = np.where(keep, minutes, np.nan)
    return minutes


def yearly_values(rec: RunRecords, types: np.ndarray | None, spec: IndicatorSpec, type_ids: Sequence[str],
                  years: float) -> np.ndarray:
    """The indicator of each whole simulated year of one replication (a part year at the end is left out).

    A replication shorter than a year (``--years 0.1``, a few replayed alarms) has no yearly value:
    a month's mean is not a year's, and P(a year meets the target) from it would be wrong.
    """
    minutes = counted_minutes(rec, types, spec, type_ids)
    year = (rec.t_alarm // SECONDS_PER_YEAR).astype(np.int64)
    n_years = int(math.floor(years + 1e-9))
    stat = year_statistic(spec.statistic)
    out = []
    for y in range(n_years):
        sel = minutes[(year == y) & np.isfinite(minutes)]
        out.append(float(stat(sel)) if len(sel) else math.nan)
    return np.array(out)


def year_statistic(statistic: str) -> Callable[[np.ndarray], float]:
    """The function computing ``statistic`` (``mean``, ``median``, ``p90`` …) of one year's minutes.

    A percentile is numpy's default (linear between the order statistics), as the tables' "90th pct".
    """
    q = percentile_of(statistic)
    if q is not None:
        return lambda minutes: float(np.percentile(minutes, q))
    if statistic == "median":
        return lambda minutes: float(np.nanmedian(minutes))
    if statistic == "mean":
        return lambda minutes: float(np.nanmean(minutes))
    raise InputError(f"the indicator's statistic '{statistic}' is not one raddsim computes.",
                     field="indicator.statistic", fix="use mean, median or a percentile p1 to p99 (e.g. p90).")


def wilson(k: int, n: int) -> tuple[float | None, float | None]:
    """Wilson 95% interval of a proportion k/n."""
    if n == 0:
        return None, None
    return wilson_effective(k / n, n)


def indicator_summary(values: np.ndarray | Sequence[np.ndarray], spec: IndicatorSpec,
                      reported: Mapping[str, float] | None = None) -> dict:
    """The JSON block ``indicator`` of a scenario from its simulated years' values.

    Parameters
    ----------
    values
        The years' values: one array of independent years, or one array per replication. Years of one
        replication are not independent (they share its vacancies and its posterior draw: an intraclass
        correlation of about 0.37 on the default with ``--years 3``), so with several years per
        replication the intervals are over replications (:func:`clustered_intervals`); with one year each
        (the default) both forms give the same block.
    spec
        The indicator's definition.
    reported
        The reported years' values, placed among the simulated ones.

    Returns
    -------
    dict
        ``years``, ``mean`` with ``mean_ci95``, ``distribution``, ``p_meets_target`` with its 95 % CI, and
        ``reported_percentile`` when ``reported`` is given.
    """
    groups = [np.asarray(g, float) for g in values] if _grouped(values) else [np.asarray(values, float)]
    v = np.concatenate(groups) if groups else np.zeros(0)
    v = v[np.isfinite(v)]
    n = len(v)
    meets = int(np.sum(v <= spec.target_minutes))
    if _grouped(values) and any(np.isfinite(g).sum() > 1 for g in groups):
        mean_ci, (lo, hi) = clustered_intervals(groups, spec.target_minutes)
    else:
        mean_ci, (lo, hi) = _t_ci(v), wilson(meets, n)
    out: dict = {
        "name": spec.name,
        # the Swedish name only when the region file gives one (the output reads as before otherwise)
        **({"name_sv": spec.name_sv} if spec.name_sv else {}),
        "statistic": spec.statistic, "types": list(spec.types) or "all",
        "commander_counts": spec.commander_counts, "target_minutes": spec.target_minutes,
        "years": n,
        "mean": float(v.mean()) if n else None,
        "mean_ci95": mean_ci,
        "distribution": {f"p{q}": float(np.percentile(v, q)) for q in (5, 25, 50, 75, 95)} if n else None,
        "p_meets_target": meets / n if n else None,
        "p_meets_target_ci95": None if lo is None else [lo, hi],
    }
    if reported:
        # Where each reported year falls among simulated years: the share of simulated years at or below it.
        out["reported_percentile"] = {y: float(np.mean(v <= x)) if n else None for y, x in reported.items()}
    return out


def _grouped(values: object) -> bool:
    """Whether ``values`` is one array per replication (a list of arrays, or a 2-D array)."""
    if isinstance(values, np.ndarray):
        return values.ndim == 2
    return isinstance(values, (list, tuple)) and any(np.ndim(g) == 1 for g in values)


def clustered_intervals(groups: Sequence[np.ndarray], target: float) -> tuple[list[float] | None,
                                                                               tuple[float | None, float | None]]:
    """95 % intervals of the mean year and of P(a year ≤ ``target``) when years come in replications.

    The mean: Student's t over the replications' means of their years (the replication is the independent
    unit). The probability: Wilson's interval at the effective number of years n / deff, where the design
    effect deff is the variance of the share over replications against a binomial one (at least 1; Kish
    1965); with no year or every year meeting the target the spread says nothing, and deff is 1.
    """
    finite = [g[np.isfinite(g)] for g in groups]
    finite = [g for g in finite if len(g)]
    means = np.array([g.mean() for g in finite])
    mean_ci = _t_ci(means)
    n = sum(len(g) for g in finite)
    if n == 0:
        return mean_ci, (None, None)
    k = sum(int(np.sum(g <= target)) for g in finite)
    p = k / n
    sizes = np.array([len(g) for g in finite], float)
    shares = np.array([np.mean(g <= target) for g in finite])
    deff = design_effect(shares, sizes, p)
    return mean_ci, wilson_effective(p, n / deff)


def _t_ci(v: np.ndarray) -> list[float] | None:
    if len(v) < 2:
        return None
    h = float(t975(len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v)))
    # Minutes are never negative: clipped at 0 like every other time figure's interval (figures.metrics.TIME).
    return [max(float(v.mean() - h), 0.0), float(v.mean() + h)]
