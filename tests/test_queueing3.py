"""Still more of raddsim checked against queueing theory: what a queueing researcher would try next.

Each region is an ordinary region folder on a nodes/arcs CSV network (``csv_region`` of
``tests/test_queueing2.py``), run through the whole pipeline (region file, alarm generation, engine,
figures), and every check is against a Student-t interval from independent replications at a fixed seed:

* **M/G/∞ insensitivity**: the number of busy crews is Poisson(λE[S]) for lognormal and deterministic
  on-scene times, as for exponential ones;
* **M_t/G/∞** with Norrtälje's hour-of-day and weekday alarm profile: the mean number of busy crews in
  each hour of the day against E[B(t)] = ∫ λ(t − u) P(S > u) du (Eick, Massey & Whitt 1993), which lags
  the alarm rate (the pointwise-stationary λ(t)E[S] does not hold);
* **Erlang C's waiting-time distribution**: P(W > t) = C(c, a)·e^{−(cμ − λ)t} at several t;
* **on-call crews**: crews whose members are away on some days, backed by mutual aid, against the
  exact Markov chain of that model (and near the binomial mixture of Erlang B losses); crews whose
  members may not answer the pager, against a birth–death chain of the share lost and the crews failing;
* **Little's law** on raddsim's own figures: busy crews from the crews' reported free shares against
  the alerts' rate × their mean busy time, alarms waiting against the alarm rate × the reported mean wait.

Every check also shows its power: the same interval excludes a deliberately wrong expectation (mean
service × 1.1, the wrong formula). Where one test makes several intervals (hours of the day, busy
counts, waiting times) they are Bonferroni intervals (level 1 − 0.05/k), so the test as a whole fails a
correct model at most one time in twenty. The seeds were not chosen by trying several.

Multi-crew incident types are not checked against the stochastic knapsack (Kaufman–Roberts): raddsim
alerts the free crews it has and lets the alarm wait for, or asks a neighbour for, the rest, where the
knapsack blocks the whole call (README, "Checked against queueing theory").
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from queueing_helpers import busy_seconds_in_bins, ci, lognormal_on_scene, write_call_types
from scipy import linalg, signal, stats
from test_queueing2 import (
    LAT,
    LON,
    MINUTES_PER_YEAR,
    busy_count_distribution,
    csv_region,
    erlang_b,
    erlang_c,
    one_station,
    simulate_region,
)

from raddsim.demand import SECONDS_PER_YEAR
from raddsim.experiment.summary import scenario_summary

#: Norrtälje's alarm profile (stations/norrtalje.toml, [demand.time]): relative intensity by hour 00 … 23 and
#: by weekday, Monday first.
HOUR = (0.22, 0.22, 0.28, 0.38, 0.52, 0.70, 0.90, 1.10, 1.30, 1.48, 1.62, 1.72,
        1.78, 1.78, 1.72, 1.62, 1.48, 1.30, 1.10, 0.90, 0.70, 0.52, 0.38, 0.28)
WEEKDAY = (0.97, 0.96, 0.96, 0.97, 1.02, 1.07, 1.05)


def lognormal_mean(median: float, sigma: float) -> float:
    return median * math.exp(sigma**2 / 2)


def lognormal_region(folder: Path, crews: int, load: float, median: float, sigma: float, extra: str = "") -> Path:
    """``crews`` crews at one station, every alarm at it, lognormal on-scene times, offered load ``load``."""
    lam = load / lognormal_mean(median, sigma)  # a minute
    path = csv_region(folder, stations=[("s", LON, LAT, False)], crews=[(f"c{k:02d}", "s", "") for k in range(crews)],
                      places=[("Here", 1000, LON, LAT)], alarms_per_year=lam * MINUTES_PER_YEAR, mean_minutes=60,
                      extra=extra)
    write_call_types(folder / "types.toml", lognormal_on_scene(median, sigma))
    return path


# --- 1. M/G/∞: the busy count is Poisson whatever the on-scene distribution -------------------------------------

@pytest.mark.parametrize("sigma", [0.0, 1.0])
def test_busy_crews_are_poisson_whatever_the_on_scene_distribution(tmp_path, sigma: float) -> None:
    """M/G/∞ with lognormal (σ = 1, E[S] = 1.65 × median) and deterministic (σ = 0) on-scene times.

    14 crews at an offered load of 2 (all 14 busy with probability ≈ 3e-8, so no alarm waits): the share
    of the year 0 … 7 crews are busy is Poisson(λE[S]), each in a Bonferroni interval over the eight.
    Power: Poisson(2.2) (E[S] × 1.1) and, for σ = 1, Poisson(λ·median) (the median taken for the mean)
    each leave at least one interval.
    """
    a, median = 2.0, 30.0
    years = 0.5
    model, run = simulate_region(lognormal_region(tmp_path, 14, a, median, sigma), replications=8, seed=31, years=years)
    assert not any(rec.waited.any() for rec in run.records)
    dists = np.array([busy_count_distribution(rec, 14, years * SECONDS_PER_YEAR) for rec in run.records])
    intervals = [ci(dists[:, k], 1 - 0.05 / 8)[1:] for k in range(8)]

    def inside(mean: float) -> bool:
        return all(lo <= stats.poisson.pmf(k, mean) <= hi for k, (lo, hi) in enumerate(intervals))

    assert inside(a), [(stats.poisson.pmf(k, a), lo, hi) for k, (lo, hi) in enumerate(intervals)]
    assert not inside(1.1 * a)
    if sigma > 0:
        assert not inside(a / math.exp(sigma**2 / 2))
    _, lo, hi = ci(dists @ np.arange(15))
    assert lo <= a <= hi and hi - lo < 0.05 * a, (a, lo, hi)


# --- 2. M_t/G/∞: busy crews by hour of day under raddsim's time-of-day and weekday profile ------------------------

def mtg_inf_hourly_busy(alarms_per_year: float, median: float, sigma: float, step: float = 60.0) -> np.ndarray:
    """E[B] by hour of the year of M_t/G/∞ started empty on 2025-01-01 (a Wednesday), Norrtälje's profile.

    E[B(t)] = ∫_0^t λ(t − u) P(S > u) du on cells of ``step`` seconds: λ is constant on a cell (it changes on
    the hour), and the alarms of a cell lying u … u + step before a cell's midpoint add λ·step·… exactly
    λ·(H(u + step) − H(u)), H(x) = E[min(S, x)] (lognormal: closed form). The rate is scaled so that the year
    (365.25 days) expects ``alarms_per_year`` alarms, as docs/formats.md says of [demand.time].
    """
    n = int(SECONDS_PER_YEAR // step)
    mid = (np.arange(n) + 0.5) * step
    hour, weekday = (mid // 3600 % 24).astype(int), ((mid // 86400 + 2) % 7).astype(int)
    factor = np.asarray(HOUR)[hour] * np.asarray(WEEKDAY)[weekday]
    rate = factor * alarms_per_year / (factor.sum() * step)  # alarms a second
    m, mean = median * 60, lognormal_mean(median, sigma) * 60

    def h(x: np.ndarray) -> np.ndarray:
        z = (np.log(x) - math.log(m)) / sigma
        return mean * stats.norm.cdf(z - sigma) + x * stats.norm.sf(z)

    edges = (np.arange(int(3 * 86400 // step)) + 0.5) * step  # three days: E[(S − x)+] < 1e-9 s beyond
    kernel = np.diff(np.concatenate([[0.0], h(edges)]))
    busy = signal.fftconvolve(rate, kernel)[:n]
    return busy.reshape(-1, int(3600 // step)).mean(axis=1)


def by_hour_of_day(hourly: np.ndarray) -> np.ndarray:
    """Mean of an hour-of-the-year series (hour 0 at midnight) by hour of the day."""
    return np.bincount(np.arange(len(hourly)) % 24, weights=hourly) / np.bincount(np.arange(len(hourly)) % 24)


def test_busy_crews_by_hour_of_day_follow_the_time_varying_infinite_server_formula(tmp_path) -> None:
    """M_t/G/∞ with Norrtälje's hour and weekday profile and raddsim's default on-scene time (lognormal, median
    45 min, σ = 0.75, mean 59.6 min), 18 crews at a mean load of 2 (peak under 4: no alarm waits).

    The mean number of busy crews in each hour of the day (from the mission log, a year of each replication)
    holds the hour's E[B] (:func:`mtg_inf_hourly_busy`; Eick, Massey & Whitt 1993) in a Bonferroni interval
    over the 24 hours; the busy count peaks later than the alarm rate. Power: the pointwise-stationary λ(t)E[S]
    (no lag) and the exact formula with E[S] × 1.1 each leave at least one interval.
    """
    median, sigma, load = 45.0, 0.75, 2.0
    day_profile = f"\n[demand.time]\nstart = 2025-01-01\nhour = {list(HOUR)}\nweekday = {list(WEEKDAY)}\n"
    path = lognormal_region(tmp_path, 18, load, median, sigma, extra=day_profile)
    apy = load / lognormal_mean(median, sigma) * MINUTES_PER_YEAR
    model, run = simulate_region(path, replications=10, seed=32)
    assert not any(rec.waited.any() for rec in run.records)
    edges = np.arange(int(SECONDS_PER_YEAR // 3600) + 1) * 3600.0
    sims = np.array([by_hour_of_day(busy_seconds_in_bins(r.missions.t_alert, np.minimum(r.missions.t_free, edges[-1]),
                                                         edges) / 3600) for r in run.records])
    intervals = [ci(sims[:, h], 1 - 0.05 / 24)[1:] for h in range(24)]

    def inside(expected: np.ndarray) -> bool:
        return all(lo <= e <= hi for e, (lo, hi) in zip(expected, intervals))

    exact = by_hour_of_day(mtg_inf_hourly_busy(apy, median, sigma))
    assert inside(exact), list(zip(exact.round(3), np.round(intervals, 3)))
    assert np.argmax(exact) > np.argmax(HOUR) and np.argmax(sims.mean(axis=0)) > np.argmax(HOUR)
    hour_rate = np.asarray(HOUR) / np.mean(HOUR)  # the weekday factors average out over the weeks
    assert not inside(load * hour_rate)
    assert not inside(by_hour_of_day(mtg_inf_hourly_busy(apy, 1.1 * median, sigma)))


# --- 3. Erlang C's waiting-time distribution, and 6. Little's law on raddsim's figures --------------------------

@pytest.fixture(scope="module")
def mm2(tmp_path_factory):
    """M/M/2 at ρ = 0.7 with an hour on scene: 10 one-year replications (shared by the checks below)."""
    c, rho, mean = 2, 0.7, 60.0
    path = one_station(tmp_path_factory.mktemp("mm2"), c, rho * c / mean, mean)
    model, run = simulate_region(path, replications=10, seed=33)
    return c, rho * c / mean, 1 / mean, model, run


def p_wait_longer(c: int, lam: float, mu: float, t: np.ndarray) -> np.ndarray:
    """P(W > t) of M/M/c, FCFS: C(c, a)·e^{−(cμ − λ)t}."""
    return erlang_c(c, lam / mu) * np.exp(-(c * mu - lam) * t)


def test_mmc_waits_longer_than_t_as_erlang_c_says(mm2) -> None:
    """P(W > t) at t = 0, 10, 30, 60, 120 and 240 min (0.577 … 0.052) in Bonferroni intervals over the six.

    Power: the same formula with the on-scene mean × 1.1, and the M/M/1 tail at the same ρ (P(wait) = ρ,
    decay μ − λ/c), each leave at least one interval.
    """
    c, lam, mu, _, run = mm2
    t = np.array([0.0, 10, 30, 60, 120, 240])
    shares = np.array([[np.mean((r.t_dispatch - r.t_alarm) / 60 > x) for x in t] for r in run.records])
    intervals = [ci(shares[:, k], 1 - 0.05 / len(t))[1:] for k in range(len(t))]

    def inside(expected: np.ndarray) -> bool:
        return all(lo <= e <= hi for e, (lo, hi) in zip(expected, intervals))

    exact = p_wait_longer(c, lam, mu, t)
    assert inside(exact), list(zip(exact.round(4), np.round(intervals, 4)))
    assert all(hi - lo < 0.5 * e for e, (lo, hi) in zip(exact, intervals))  # informative at every t
    assert not inside(p_wait_longer(c, lam, mu / 1.1, t))
    assert not inside(lam / (c * mu) * np.exp(-(mu - lam / c) * t))


def test_littles_law_holds_on_the_reported_figures(mm2) -> None:
    """L = λW on what raddsim reports, M/M/2 at ρ = 0.7 (10 one-year replications).

    Busy crews: the sum over crews of 1 − ``available_share`` (the summary's) against the rate of alerts
    (``alerts_per_year``, the summary's) × the mean time from alert to free (mission log): the same within
    0.5 % (a sample-path identity up to missions running past the year's end); the replications' mean busy
    count (mission log) holds λ/μ = 1.4 in its 95 % interval. Alarms waiting: the time-average number of
    alarms not yet dispatched (from the records) against the alarm rate (``alarms``) × ``queue_wait_minutes``,
    within 0.5 %; its interval holds Erlang C's λW_q. Power: ×1.1 on either side breaks the 0.5 % identities,
    and λ/μ × 1.1 is outside the busy count's interval.
    """
    c, lam, mu, model, run = mm2
    s = scenario_summary(model, run)
    crews = s["readiness"]["crews"].values()
    busy = sum(1 - v["available_share"] for v in crews)
    alerts = sum(v["alerts_per_year"] for v in crews) / MINUTES_PER_YEAR  # a minute
    mission = np.concatenate([(r.missions.t_free - r.missions.t_alert) / 60 for r in run.records]).mean()
    assert busy == pytest.approx(alerts * mission, rel=0.005)
    assert busy != pytest.approx(1.1 * alerts * mission, rel=0.005)
    edges = np.array([0.0, SECONDS_PER_YEAR])
    _, lo, hi = ci(busy_seconds_in_bins(r.missions.t_alert, np.minimum(r.missions.t_free, edges[-1]), edges)[0]
                   / SECONDS_PER_YEAR for r in run.records)
    assert lo <= lam / mu <= hi and not lo <= 1.1 * lam / mu <= hi, (lam / mu, lo, hi)
    waiting = np.mean([busy_seconds_in_bins(r.t_alarm, r.t_dispatch, edges)[0] / SECONDS_PER_YEAR
                       for r in run.records])
    rate = s["alarms"] / s["replications"] / MINUTES_PER_YEAR
    assert waiting == pytest.approx(rate * s["queue_wait_minutes"], rel=0.005)
    assert waiting != pytest.approx(1.1 * rate * s["queue_wait_minutes"], rel=0.005)
    lq = [busy_seconds_in_bins(r.t_alarm, r.t_dispatch, edges)[0] / SECONDS_PER_YEAR for r in run.records]
    _, lo, hi = ci(lq)
    assert lo <= lam * erlang_c(c, lam / mu) / (c * mu - lam) <= hi, (lo, hi)


# --- 4. On-call crews: members away on some days, mutual aid when no local crew can go -------------------------

def on_call_loss(c: int, alpha: float, lam: float, mu: float, day: float) -> float:
    """Share of alarms no local crew takes: ``c`` crews, each on call on a day with probability ``alpha``
    (independently, crew by crew and day by day), exponential service, losses to mutual aid.

    Within a day the on-call set is fixed and the crews' busy flags are a Markov chain (an alarm goes to the
    first free crew on call, else it is lost; a busy crew finishes its job whether on call or not). A day
    moves the busy flags by ``expm(Q·day)`` for that day's on-call set; the flags at midnight are the
    stationary vector of the average over the sets, and the share lost is the time share (PASTA) in which
    every crew on call is busy, ∫₀^day expm(Qt) dt by Van Loan's block exponential.
    """
    states = list(itertools.product((0, 1), repeat=c))
    index = {b: i for i, b in enumerate(states)}
    n = len(states)
    step, lost_time = np.zeros((n, n)), []
    for on in itertools.product((0, 1), repeat=c):
        q = np.zeros((n, n))
        for b in states:
            free = [j for j in range(c) if on[j] and not b[j]]
            if free:
                q[index[b], index[tuple(1 if j == free[0] else b[j] for j in range(c))]] += lam
            for j in range(c):
                if b[j]:
                    q[index[b], index[tuple(0 if k == j else b[k] for k in range(c))]] += mu
        np.fill_diagonal(q, -q.sum(axis=1))
        p_on = math.prod(alpha if x else 1 - alpha for x in on)
        block = linalg.expm(np.block([[q, np.eye(n)], [np.zeros((n, n)), np.zeros((n, n))]]) * day)
        lost = np.array([all(b[j] for j in range(c) if on[j]) for b in states], float)
        step += p_on * block[:n, :n]
        lost_time.append(p_on * block[:n, n:] @ lost / day)
    w, v = np.linalg.eig(step.T)
    start = np.real(v[:, np.argmin(abs(w - 1))])
    return float(start / start.sum() @ sum(lost_time))


def test_on_call_loss_chains_against_closed_forms() -> None:
    """The chain above: always on call it is Erlang B; never on call every alarm is lost; with days far longer
    than a job it is the binomial mixture Σ_k P(k on call)·B(k, a). And :func:`pager_loss` below."""
    assert on_call_loss(2, 1.0, 1.5, 1.0, 10.0) == pytest.approx(erlang_b(2, 1.5))
    assert on_call_loss(2, 0.0, 1.5, 1.0, 10.0) == pytest.approx(1.0)
    mixture = sum(stats.binom.pmf(k, 3, 0.6) * erlang_b(k, 1.2) for k in range(4))
    assert on_call_loss(3, 0.6, 1.2, 1.0, 1e5) == pytest.approx(mixture, rel=1e-4)
    # The pager chain: crews that always roll are Erlang B; one crew rolling with r is Erlang B at load r·a,
    # each alarm it takes coming from a share r of the alarms while it is free: lost 1 − r/(1 + ra).
    assert pager_loss(3, 1.0, 1.5) == pytest.approx((erlang_b(3, 1.5), 0.0))
    assert pager_loss(1, 0.7, 1.5)[0] == pytest.approx(1 - 0.7 / (1 + 0.7 * 1.5))


def two_on_call_crews(tmp_path: Path, crew_line: str, rate_per_min: float, mean: float) -> Path:
    """Two crews at one station (each with ``crew_line``), backed by 12 always-free mutual-aid crews far off."""
    aid = "availability.available_probability = 1.0\navailability.request_delay_minutes = 2"
    return csv_region(tmp_path, stations=[("s", LON, LAT, False), ("far", LON + 0.1, LAT, True)],
                      crews=[("c0", "s", crew_line), ("c1", "s", crew_line)]
                      + [(f"m{k:02d}", "far", aid) for k in range(12)],
                      places=[("Here", 1000, LON, LAT)], nodes=[(1, LON, LAT), (2, LON + 0.1, LAT)],
                      arcs=[(1, 2, 5600)], alarms_per_year=rate_per_min * MINUTES_PER_YEAR, mean_minutes=mean)


def test_on_call_crews_backed_by_mutual_aid_lose_what_the_chain_says(tmp_path) -> None:
    """Two local crews whose members are each away a share 0.3 of days, backed by a neighbour's 12 crews.

    The model's semantics (raddsim/engine/availability.py, roll_rules.py): each member of a 1 + 4 crew is away
    on whole days (midnight to midnight), independently of the other members and of other days (``absence =
    0.3`` with the default ``absence_days = 1``, below the 1/(1 − 0.3) days of independent days, and
    ``absence_correlation = 0``); a full-time crew rolls with its commander and at least one other
    (``min_to_roll`` two people), so it is on call on a day with probability α = 0.7·(1 − 0.3⁴) = 0.694; a crew
    that cannot roll reports itself (``status_known_at_alert``) and is not alerted, and the alarm goes to the
    neighbour. With exponential half-hours on scene at an offered load of 1, the share of alarms a neighbour's
    crew reaches first holds :func:`on_call_loss` (0.401; the binomial mixture of Erlang B, which takes each day as
    stationary, is 0.402), the
    summary's ``ur_beredskap`` share holds 1 − α, and nobody waits.
    Power: Erlang B without absences (0.2) and the chain at α × 0.9 fall outside the interval.
    """
    mean, a, q = 30.0, 1.0, 0.3
    away = f"availability.absence = {q}"
    model, run = simulate_region(two_on_call_crews(tmp_path, away, a / mean, mean), replications=10, seed=34)
    alpha = (1 - q) * (1 - q**4)
    loss = on_call_loss(2, alpha, a / mean, 1 / mean, 1440.0)
    _, lo, hi = ci(rec.mutual_aid_first.mean() for rec in run.records)
    assert lo <= loss <= hi and hi - lo < 0.1 * loss, (loss, lo, hi)
    assert not lo <= erlang_b(2, a) <= hi
    assert not lo <= on_call_loss(2, 0.9 * alpha, a / mean, 1 / mean, 1440.0) <= hi
    assert not any(rec.waited.any() for rec in run.records)
    for label in ("C0", "C1"):
        lo, hi = scenario_summary(model, run)["readiness"]["crews"][label]["staffing_time_share_ci95"]["ur_beredskap"]
        assert lo <= 1 - alpha <= hi, (label, 1 - alpha, lo, hi)


def pager_loss(c: int, r: float, a: float, retry: bool = True) -> tuple[float, float]:
    """Share of alarms lost to mutual aid, and crews failing per alarm, of ``c`` crews that each roll with
    probability ``r`` at each alarm (independently), exponential service, offered load ``a``.

    The number busy is a birth–death chain: with j crews free an alarm is taken with probability
    1 − (1 − r)^j when every free crew is tried in turn (``retry``), r when only the first is.
    """
    def taken(free: int) -> float:
        return 1 - (1 - r) ** free if retry else r * (free > 0)

    w = [1.0]
    for k in range(c):
        w.append(w[-1] * a * taken(c - k) / (k + 1))
    p = np.array(w) / sum(w)
    loss = float(sum(p[k] * (1 - taken(c - k)) for k in range(c + 1)))
    tries = [sum((1 - r) ** i for i in range(1, (c - k if retry else min(c - k, 1)) + 1)) for k in range(c + 1)]
    return loss, float(p @ tries)


def test_crews_whose_members_may_not_answer_the_pager_lose_what_the_birth_death_chain_says(tmp_path) -> None:
    """Two local 1 + 4 crews whose members each answer an alarm with probability 0.8, backed by mutual aid.

    Semantics (raddsim/engine/roll_rules.py, missions.py): at each alarm each member answers independently;
    a crew rolls with its commander and at least one other, so with probability r = 0.8·(1 − 0.2⁴) = 0.799;
    a crew that does not roll is learned about at its stated turnout time (here 0), and the dispatcher then
    alerts the next crew in order: the other local crew if free, else the neighbour's. So with j crews free an
    alarm is taken locally with probability 1 − (1 − r)^j, and the busy count is a birth–death chain
    (:func:`pager_loss`): 0.263 of the alarms go to the neighbour (Erlang B without failures: 0.2) and 0.186
    crews fail per alarm. The intervals of both hold them, each crew's reported ``roll_rate`` holds r, and the
    reported ``failed_to_roll_per_year`` holds λ × 0.186. Power: Erlang B and the chain that tries only one local
    crew (0.322) fall outside the loss interval, the failures of the latter (0.171) outside theirs.
    """
    mean, a, p = 30.0, 1.0, 0.8
    answer = f"availability.response_probability = {p}"
    model, run = simulate_region(two_on_call_crews(tmp_path, answer, a / mean, mean), replications=10, seed=35)
    r = p * (1 - (1 - p) ** 4)
    loss, fails = pager_loss(2, r, a)
    _, lo, hi = ci(rec.mutual_aid_first.mean() for rec in run.records)
    _, flo, fhi = ci(rec.n_failed.sum() / len(rec) for rec in run.records)
    assert lo <= loss <= hi and flo <= fails <= fhi, (loss, lo, hi, fails, flo, fhi)
    one_try = pager_loss(2, r, a, retry=False)
    assert not lo <= erlang_b(2, a) <= hi and not lo <= one_try[0] <= hi and not flo <= one_try[1] <= fhi
    assert not any(rec.waited.any() for rec in run.records)
    s = scenario_summary(model, run)
    for label in ("C0", "C1"):
        lo, hi = s["readiness"]["crews"][label]["roll_rate_ci95"]
        assert lo <= r <= hi, (label, r, lo, hi)
    lo, hi = s["failed_to_roll_per_year_ci95"]
    assert lo <= a / mean * MINUTES_PER_YEAR * fails <= hi, (a / mean * MINUTES_PER_YEAR * fails, lo, hi)
