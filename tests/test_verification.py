"""The engine checked against queueing theory.

With c identical crews, zero turnout and travel, exponential on-scene times and
Poisson alarms, the system is an M/M/c queue: the share of alarms that wait and
the mean wait are given by the Erlang C formula.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from raddsim.demand import Incidents
from raddsim.engine import Fleet, TravelTables, simulate
from raddsim.figures.metrics import mean_ci95


def erlang_c(c: int, lam: float, mu: float) -> tuple[float, float]:
    """P(wait) and mean wait of an M/M/c queue."""
    a = lam / mu
    rho = a / c
    assert rho < 1
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait, p_wait / (c * mu - lam)


def mmc_replication(c: int, lam: float, mu: float, n: int, seed: int) -> tuple[float, float]:
    g = np.random.default_rng(seed)
    times = np.cumsum(g.exponential(1 / lam, n))
    inc = Incidents(
        time_s=times,
        point=np.zeros(n, np.int64),
        node=np.zeros(n, np.int64),
        access_s=np.zeros(n),
        on_scene_s=g.exponential(1 / mu, n),
    )
    fleet = Fleet(names=tuple(f"c{i}" for i in range(c)), station=np.zeros(c, np.int64),
                  turnout_s=np.zeros(c), in_service=np.ones(c, bool))
    tables = TravelTables(to_node=np.zeros((1, 1)), from_node=np.zeros((1, 1)))
    rec = simulate(fleet, tables, inc)
    wait = (rec.t_dispatch - rec.t_alarm)[n // 20:]  # drop the warm-up from an empty system
    # Zero travel means arrival equals dispatch: first arrival is the wait.
    assert np.allclose(rec.t_arrival, rec.t_dispatch)
    return float(np.mean(wait > 1e-9)), float(np.mean(wait))


@pytest.mark.parametrize("c,rho", [(1, 0.6), (3, 0.8), (6, 0.7)])
def test_erlang_c(c: int, rho: float) -> None:
    mu = 1 / 3600.0  # one hour on scene on average
    lam = rho * c * mu
    p_theory, w_theory = erlang_c(c, lam, mu)
    # Fixed seeds: a correct engine still falls outside a 95% interval for
    # one seed in twenty; test_lindley below checks the engine exactly.
    ss = np.random.SeedSequence([2025, c])
    reps = [mmc_replication(c, lam, mu, 20_000, s) for s in ss.spawn(20)]
    p_mean, p_lo, p_hi = mean_ci95(r[0] for r in reps)
    w_mean, w_lo, w_hi = mean_ci95(r[1] for r in reps)
    assert p_lo <= p_theory <= p_hi, (p_theory, p_lo, p_hi)
    assert w_lo <= w_theory <= w_hi, (w_theory, w_lo, w_hi)
    # The interval must be informative, not wide enough to contain anything.
    assert (p_hi - p_lo) / 2 < 0.1 * p_theory
    assert (w_hi - w_lo) / 2 < 0.15 * w_theory


def test_lindley_exact() -> None:
    """One crew: every wait equals Lindley's recursion on the same random numbers."""
    lam, mu, n = 0.7 / 3600, 1 / 3600, 5000
    g = np.random.default_rng(7)
    gaps, service = g.exponential(1 / lam, n), g.exponential(1 / mu, n)
    inc = Incidents(np.cumsum(gaps), np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n), service)
    fleet = Fleet(("c0",), np.zeros(1, np.int64), np.zeros(1), np.ones(1, bool))
    rec = simulate(fleet, TravelTables(np.zeros((1, 1)), np.zeros((1, 1))), inc)
    w = np.zeros(n)
    for i in range(1, n):
        w[i] = max(0.0, w[i - 1] + service[i - 1] - gaps[i])
    np.testing.assert_allclose(rec.t_dispatch - rec.t_alarm, w, atol=1e-6)
