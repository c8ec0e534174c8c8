"""Headline figures with confidence intervals, from records.

Every figure is computed per replication; the point estimate is the mean over
replications and the 95% confidence interval is Student's t on the replication
values (replications are independent, so their statistics are iid).
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

from raddsim.core.bounds import check_target_minutes
from raddsim.core.checked import checked_arguments
from raddsim.engine import RunRecords
from raddsim.figures.proportion import design_effect, wilson_effective
from raddsim.figures.student_t import t975

FIGURES = ("mean", "median", "p90", "share_within_target")


@checked_arguments()
def first_arrival_minutes(rec: RunRecords) -> np.ndarray:
    """Alarm to first crew on scene, in minutes, for every alarm.

    Parameters
    ----------
    rec : RunRecords
        One replication's records (times inside are in seconds).

    Returns
    -------
    numpy.ndarray
        Minutes per alarm, float.
    """
    return (rec.t_arrival - rec.t_alarm) / 60.0


@checked_arguments()
def effective_force_minutes(rec: RunRecords) -> np.ndarray:
    """Alarm to the incident type's effective force on scene, in minutes (NaN: never assembled).

    Parameters
    ----------
    rec : RunRecords
        One replication's records (times inside are in seconds).

    Returns
    -------
    numpy.ndarray
        Minutes per alarm, float; NaN where the effective force never assembled.
    """
    return (rec.t_effective - rec.t_alarm) / 60.0


@checked_arguments()
def first_travel_minutes(rec: RunRecords) -> np.ndarray:
    """The first crew on scene's own travel, from the moment it left to its arrival, in minutes, for every alarm.

    NFPA 1710's "travel time". Not ``t_arrival − t_turnout_end``: that is the first *alerted* crew's leaving, and
    another crew may arrive first.

    Parameters
    ----------
    rec : RunRecords
        One replication's records (times inside are in seconds).

    Returns
    -------
    numpy.ndarray
        Minutes per alarm, float; NaN where no crew arrived.
    """
    return (rec.t_arrival - rec.t_first_leave) / 60.0


@checked_arguments()
def minutes_figures(minutes: np.ndarray, target_minutes: float) -> dict[str, float]:
    """Mean, median, 90th percentile and share within target of one replication.

    NaN entries are alarms no crew reached (or whose force never assembled): the time figures leave them out,
    the share within target counts them as misses (:func:`figures_within`, here with the target checked first).

    Parameters
    ----------
    minutes : numpy.ndarray
        Minutes per alarm of one replication (:func:`first_arrival_minutes`, :func:`effective_force_minutes`).
    target_minutes : float
        The target, e.g. ``region.target_minutes``: above 0 and at most a day.

    Returns
    -------
    dict of str to float
        ``mean``, ``median``, ``p90`` (minutes, NaN when no alarm was reached) and ``share_within_target`` (0–1).

    Raises
    ------
    InputError
        For a target that is not a number of minutes above 0 (NaN, negative), naming ``target_minutes``.
    """
    # checked_arguments accepts a list or tuple of numbers, as an array: indexing one by a mask was a TypeError
    return figures_within(np.asarray(minutes, dtype=float), check_target_minutes(target_minutes))


def figures_within(minutes: np.ndarray, target_minutes: float | np.ndarray) -> dict[str, float]:
    """Mean, median, 90th percentile and share within target of one replication; the target already checked.

    Called for every replication, scenario, area and incident type with the region's (checked) target, so the
    check is :func:`minutes_figures`'s, the public entry, not this hot path's.

    NaN entries are alarms no crew reached (or whose force never assembled).
    The time figures leave them out (and ``share_missing`` counts them); the
    share within target counts them as misses, so an alarm nobody answers can
    never improve the figure a board reads.

    Parameters
    ----------
    minutes : numpy.ndarray
        Minutes per alarm of one replication (:func:`first_arrival_minutes`, :func:`effective_force_minutes`).
    target_minutes : float or numpy.ndarray
        The target, e.g. ``region.target_minutes``, or one per alarm (each alarm's target zone's).

    Returns
    -------
    dict of str to float
        ``mean``, ``median``, ``p90`` (minutes, NaN when no alarm was reached) and ``share_within_target`` (0–1).
    """
    n = len(minutes)
    reached = minutes[~np.isnan(minutes)]
    k = len(reached)
    if k == 0:
        return {f: (0.0 if f == "share_within_target" and n else math.nan) for f in FIGURES}
    ordered = np.sort(reached)  # the mean sums in the original order: the same bits as ever
    # np.mean of float64 values is np.add.reduce divided by the count, and a count divided by n is the same
    # float whether numpy or Python divides: the same bits as np.mean and np.sum, without their overhead
    # (figures are computed for every replication, scenario, area and incident type).
    return {
        "mean": float(np.add.reduce(reached)) / k,
        "median": sorted_median(ordered),
        "p90": sorted_quantile(ordered, 0.9),
        # minutes, not reached: a target per alarm (a target zone's) lines up with the alarms; NaN is never within.
        "share_within_target": int(np.count_nonzero(minutes <= target_minutes)) / n,
    }


# Order statistics of an already sorted sample, exactly as numpy.median and
# numpy.quantile (default 'linear' method, Hyndman & Fan type 7) compute them
# (tests/test_metrics.py checks that against numpy): one sort serves both figures, where
# the numpy functions each partition the sample again behind ~30–70 µs of overhead per
# call, and figures are computed for every replication, scenario and area.

def sorted_median(s: np.ndarray) -> float:
    """Median of a sorted, NaN-free, non-empty sample (the mean of the middle two when even)."""
    h = len(s) // 2
    if len(s) % 2:
        return float(s[h])
    return float((s[h - 1] + s[h]) / 2.0)


def sorted_quantile(s: np.ndarray, q: float) -> float:
    """Quantile ``q`` (0–1) of a sorted, NaN-free, non-empty sample by linear interpolation."""
    v = (len(s) - 1) * q
    lo = math.floor(v)
    hi = min(lo + 1, len(s) - 1)
    a, b, g = float(s[lo]), float(s[hi]), v - lo
    d = b - a
    # numpy interpolates from the nearer end so the result stays within [a, b].
    return b - d * (1 - g) if g >= 0.5 else a + d * g


#: The range of each kind of figure: a CI never reaches outside what the quantity can be.
SHARE = (0.0, 1.0)
TIME = (0.0, math.inf)


def mean_ci95(values: Iterable[float],
              bounds: tuple[float, float] | None = None) -> tuple[float, float | None, float | None]:
    """Mean and 95% t-interval of iid replication values (NaNs ignored).

    Parameters
    ----------
    values
        One value per replication.
    bounds
        The quantity's range (:data:`SHARE`, :data:`TIME`): the interval is clipped to it,
        since with few replications a t-interval of a share can reach below 0 or above 1.

    Returns ``(mean, lo, hi)``; lo/hi are None with fewer than two values (see :func:`no_ci_reason`).
    """
    v = np.asarray([x for x in values if not math.isnan(x)], float)
    if len(v) == 0:
        return math.nan, None, None
    m = float(v.mean())
    if len(v) < 2:
        return m, None, None
    half = float(t975(len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v)))
    lo, hi = m - half, m + half
    if bounds is not None:
        lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
    return m, lo, hi


def share_ci95(shares: Iterable[float], sizes: Iterable[float]) -> tuple[float, float | None, float | None]:
    """Mean of the replications' shares and its 95 % interval, which keeps its coverage near 0 and 1.

    Parameters
    ----------
    shares
        Each replication's share (NaN: a replication without events, left out).
    sizes
        Each replication's number of events the share is of (the same order; 0 is left out).

    Returns
    -------
    tuple
        ``(mean, lo, hi)``: the mean of the shares, and Student's t over the replications widened where needed
        to hold Wilson's interval of the pooled share at the effective number of events
        (:func:`~raddsim.figures.proportion.design_effect`).
        Away from the bounds the t-interval is the wider one and is the interval; ``lo``/``hi`` are None with
        fewer than two replications.
    """
    pairs = np.array([(s, n) for s, n in zip(shares, sizes) if n > 0 and not math.isnan(s)], float).reshape(-1, 2)
    m, lo, hi = mean_ci95(pairs[:, 0], SHARE)
    if lo is None or hi is None:
        return m, lo, hi
    share, size = pairs[:, 0], pairs[:, 1]
    n = float(size.sum())
    pooled = float(np.sum(share * size)) / n
    w_lo, w_hi = wilson_effective(pooled, n / design_effect(share, size, pooled))
    assert w_lo is not None and w_hi is not None  # n > 0: every pair has events
    return m, min(lo, w_lo), max(hi, w_hi)


def ci95_list(values: Iterable[float], bounds: tuple[float, float] | None = None) -> list[float] | None:
    """The JSON form of :func:`mean_ci95`'s interval: ``[lo, hi]``, or None with fewer than two values."""
    _, lo, hi = mean_ci95(values, bounds)
    return None if lo is None or hi is None else [lo, hi]


#: Why an interval in the JSON is null (its ``ci95_method.null``): the text prints the figure alone and says so.
NULL_CI95 = ("null where fewer than 2 replications give the figure a value: with one replication (every interval; "
             "the reason in ci95_missing where the JSON has it), or for a station area, incident type, place or crew "
             "whose events fell in one replication only")


def no_ci_reason(replications: int) -> str | None:
    """Why a figure has no confidence interval (``None`` when it can have one)."""
    if replications >= 2:
        return None
    return f"no CI ({replications} replication{'' if replications == 1 else 's'})"


def _ci(lo: float | None, hi: float | None) -> list[float | None] | None:
    return None if lo is None else [lo, hi]


#: One replication's minutes reduced to its figures: (figures, alarms, alarms with no time).
Block = tuple[dict[str, float], int, int]


def block(minutes: np.ndarray, target_minutes: float | np.ndarray) -> Block:
    """What :func:`summarize` needs of one replication's minutes (kept instead of the minutes when streaming)."""
    return figures_within(minutes, target_minutes), len(minutes), int(np.count_nonzero(np.isnan(minutes)))


def summarize(per_rep_minutes: Sequence[np.ndarray], target_minutes: float) -> dict:
    """The JSON block of one scenario (or one area) from each replication's minutes."""
    target_minutes = check_target_minutes(target_minutes)
    return summarize_blocks([block(m, target_minutes) for m in per_rep_minutes])


def summarize_blocks(blocks: Sequence[Block]) -> dict:
    """The JSON block of one scenario (or one area) from each replication's :func:`block`."""
    per_rep = [b[0] for b in blocks]
    out: dict = {"alarms": int(sum(b[1] for b in blocks)), "replications": len(blocks)}
    # The mean of the replications' shares with its t-interval, as every other figure (and as compare's paired
    # differences and a sweep's rows have it); the pooled share of all alarms was a different estimate.
    sizes = [b[1] for b in blocks]
    m, lo, hi = share_ci95((b[2] / b[1] if b[1] else math.nan for b in blocks), sizes)
    out["share_missing"] = m if out["alarms"] else None
    out["share_missing_ci95"] = _ci(lo, hi)
    fa: dict = {}
    for key in ("mean", "median", "p90"):
        m, lo, hi = mean_ci95((r[key] for r in per_rep), TIME)
        fa[key] = m
        fa[f"{key}_ci95"] = _ci(lo, hi)
    out["first_arrival_minutes"] = fa
    m, lo, hi = share_ci95((r["share_within_target"] for r in per_rep), sizes)
    out["share_within_target"] = m
    out["share_within_target_ci95"] = _ci(lo, hi)
    # Replications without a reached alarm (e.g. none in a small area) add no value to a CI.
    valid = sum(1 for r in per_rep if not math.isnan(r["mean"]))
    reason = no_ci_reason(valid)
    if reason and valid < len(per_rep):
        reason = reason[:-1] + f" with alarms, of {len(per_rep)})"
    if reason:  # say why the intervals are null, never drop them without a word
        out["ci95_missing"] = reason
    return out


def summarize_groups(
    per_rep_minutes: Sequence[np.ndarray],
    per_rep_groups: Sequence[np.ndarray],
    names: Sequence[str],
    target_minutes: float,
) -> dict[str, dict]:
    """:func:`summarize` per group (e.g. station area); group ``g`` is ``names[g]``."""
    return {
        name: summarize([m[gr == g] for m, gr in zip(per_rep_minutes, per_rep_groups)], target_minutes)
        for g, name in enumerate(names)
    }
