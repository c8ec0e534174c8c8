"""Headline figures and their confidence intervals."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from raddsim.figures.metrics import mean_ci95, minutes_figures, summarize, summarize_groups


def test_figures_of_known_sample() -> None:
    m = np.array([2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0])
    f = minutes_figures(m, 10.0)
    assert f["mean"] == 11.0
    assert f["median"] == 11.0
    assert math.isclose(f["p90"], np.percentile(m, 90))
    assert f["share_within_target"] == 0.5  # 10.0 itself counts as within


def test_ci_matches_t_interval_and_covers() -> None:
    v = [1.0, 2.0, 3.0, 4.0]
    m, lo, hi = mean_ci95(v)
    half = stats.t.ppf(0.975, 3) * np.std(v, ddof=1) / 2
    assert m == 2.5 and math.isclose(hi - m, half) and math.isclose(m - lo, half)
    # Coverage: ~95% of intervals from normal samples contain the true mean.
    g = np.random.default_rng(11)
    hits = sum(lo <= 0 <= hi for _, lo, hi in (mean_ci95(g.normal(0, 1, 10)) for _ in range(4000)))
    # Binomial(4000, 0.95): sd ≈ 13.8; allow 4 sd.
    assert abs(hits - 3800) < 4 * math.sqrt(4000 * 0.95 * 0.05)


def test_ci_degenerate_cases() -> None:
    assert mean_ci95([5.0]) == (5.0, None, None)
    m, lo, hi = mean_ci95([])
    assert math.isnan(m) and lo is None


def test_summarize_contract_and_groups() -> None:
    reps = [np.array([5.0, 9.0, 15.0]), np.array([6.0, 11.0, 20.0])]
    groups = [np.array([0, 0, 1]), np.array([0, 1, 1])]
    s = summarize(reps, 10)
    assert s["alarms"] == 6 and s["replications"] == 2
    assert set(s["first_arrival_minutes"]) >= {"mean", "mean_ci95", "median", "p90"}
    assert math.isclose(s["share_within_target"], (2 / 3 + 1 / 3) / 2)
    g = summarize_groups(reps, groups, ["A", "B"], 10)
    assert g["A"]["alarms"] == 3 and g["B"]["alarms"] == 3
    assert math.isclose(g["A"]["first_arrival_minutes"]["mean"], (7.0 + 6.0) / 2)


def test_unreached_alarms_count_as_misses_not_as_fast() -> None:
    reached = minutes_figures(np.array([5.0, 20.0]), 10)
    with_unreached = minutes_figures(np.array([5.0, 20.0, np.nan, np.nan]), 10)
    assert with_unreached["mean"] == reached["mean"]  # times describe the alarms that were reached …
    assert reached["share_within_target"] == 0.5 and with_unreached["share_within_target"] == 0.25  # … but misses count
    assert minutes_figures(np.array([np.nan]), 10)["share_within_target"] == 0.0


def test_order_statistics_equal_numpys_on_sorted_samples() -> None:
    from raddsim.figures.metrics import sorted_median, sorted_quantile

    rng = np.random.default_rng(7)
    for n in [1, 2, 3, 4, 5, 9, 10, 11, 99, 100, 101, 815, 1000, 1001]:
        for sample in (rng.gamma(4.0, 2.5, n), rng.integers(0, 30, n).astype(float), np.full(n, 3.25)):
            s = np.sort(sample)
            assert sorted_median(s) == float(np.median(sample))
            for q in (0.1, 0.5, 0.9, 0.95, 1.0, 0.0):
                assert sorted_quantile(s, q) == float(np.quantile(sample, q)), (n, q)
            assert sorted_quantile(s, 0.9) == float(np.percentile(sample, 90))
