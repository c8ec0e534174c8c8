"""95 % intervals of shares of events near 0 and 1 (raddsim.figures.metrics.share_ci95).

Student's t over the replications collapses when the replications' shares pile up at a bound (few events per
replication: a small station area, a rare incident type, a mutual-aid crew's rolls): it printed ``[0–0]`` for
the archipelago's share within the target and held a true 99 % in 76 % of runs. The interval now keeps the
binomial spread of the pooled share (Wilson at the effective number of events) as a floor.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from test_queueing2 import MINUTES_PER_YEAR, one_station, simulate_region

from raddsim.experiment.summary import scenario_summary
from raddsim.figures.metrics import SHARE, mean_ci95, share_ci95
from raddsim.figures.proportion import Z95, design_effect, wilson_effective
from raddsim.figures.student_t import t975


def test_every_replication_at_one_still_has_an_interval_below_one():
    # 30 replications of 8 alarms, every alarm within the target: t gave [1, 1]; Wilson at n = 240 gives the
    # lower end n / (n + z²), the score interval's value at p = 1
    m, lo, hi = share_ci95([1.0] * 30, [8] * 30)
    assert m == 1.0 and hi == 1.0
    assert lo == pytest.approx(240 / (240 + Z95**2), rel=1e-12)
    m, lo, hi = share_ci95([0.0] * 30, [8] * 30)
    assert (m, lo) == (0.0, 0.0) and hi == pytest.approx(Z95**2 / (240 + Z95**2), rel=1e-12)


def test_away_from_the_bounds_the_t_interval_is_kept_to_the_bit():
    # spread well above the binomial one (design effect > 1): the t-interval is the wider and is the interval
    rng = np.random.default_rng(3)
    sizes = rng.poisson(400, 30)
    shares = rng.binomial(sizes, rng.beta(50, 50, 30)) / sizes
    assert design_effect(shares, sizes, float(np.sum(shares * sizes) / sizes.sum())) > 2
    assert share_ci95(shares, sizes) == mean_ci95(shares, SHARE)


def test_replications_without_events_are_left_out():
    m, lo, hi = share_ci95([1.0, math.nan, 0.5, 1.0], [4, 0, 2, 3])
    assert m == pytest.approx(2.5 / 3)
    assert share_ci95([1.0], [5])[1:] == (None, None)  # one replication: no interval, as every figure


def _clustered(rng: np.random.Generator, reps: int, mean_events: float, p: float) -> tuple[np.ndarray, np.ndarray]:
    sizes = rng.poisson(mean_events, reps)
    sizes = sizes[sizes > 0]
    return rng.binomial(sizes, p) / sizes, sizes


def test_coverage_holds_near_one_with_few_events_where_t_lost_it():
    """30 replications of about 8 events at a true 99 % (a rare type's share): 400 seeded trials."""
    rng = np.random.default_rng(20261203)
    hits_t = hits = 0
    for _ in range(400):
        shares, sizes = _clustered(rng, 30, 8, 0.99)
        _, lo, hi = mean_ci95(shares, SHARE)
        hits_t += lo <= 0.99 <= hi
        _, lo, hi = share_ci95(shares, sizes)
        hits += lo <= 0.99 <= hi
    assert hits_t / 400 < 0.9  # the defect this guards against (0.85 in the probe's numpy sweep)
    assert hits / 400 >= 0.95


def test_wilson_at_the_effective_size_is_the_textbook_interval():
    lo, hi = wilson_effective(0.3, 100)
    centre, half = (0.3 + Z95**2 / 200) / (1 + Z95**2 / 100), Z95 * math.sqrt(0.0021 + Z95**2 / 40000) / (
        1 + Z95**2 / 100)
    assert (lo, hi) == pytest.approx((centre - half, centre + half), rel=1e-12)
    assert t975(29) > Z95  # the t quantile the interval keeps where it is the wider


def test_a_simulated_share_near_one_is_no_zero_width_interval(tmp_path: Path):
    """An M/M/1 station with 8 alarms a year and a 1 % load: nearly every alarm within 10 min."""
    lam = 8 / MINUTES_PER_YEAR
    model, run = simulate_region(one_station(tmp_path, 1, lam, 0.01 / lam), replications=30, seed=4)
    s = scenario_summary(model, run)
    lo, hi = s["share_within_target_ci95"]
    assert hi - lo > 0.005
    assert lo <= s["share_within_target"] <= hi
    lo, hi = s["share_missing_ci95"]  # no alarm unreached: the interval still says how few there could be
    assert lo == 0.0 and hi > 0.005


def test_a_sweep_summary_makes_a_share_interval_as_run_does():
    import pandas as pd

    from raddsim.sweep.summary import summarize

    df = pd.DataFrame({"task": range(30), "point": 0, "scenario": "base", "replication": range(30), "alarms": 8,
                       "share_within_target": 1.0, "first_arrival_mean": np.linspace(5, 6, 30),
                       "area:Rådmansö: Norr:alarms": 4, "area:Rådmansö: Norr:share_within_target": 0.0})
    row = summarize(df, []).iloc[0]
    assert row["share_within_target_lo"] == pytest.approx(240 / (240 + Z95**2), rel=1e-12)
    assert row["area:Rådmansö: Norr:share_within_target_hi"] == pytest.approx(Z95**2 / (120 + Z95**2), rel=1e-12)
    assert (row["first_arrival_mean_lo"], row["first_arrival_mean_hi"]) == mean_ci95(np.linspace(5, 6, 30))[1:]
