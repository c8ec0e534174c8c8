"""The availability process: who is on call over the year, and the rules that decide whether a crew rolls."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import numpy as np
import pytest
from scipy import stats

from raddsim.demand.timeprofile import TimeProfile
from raddsim.engine.availability import crew_present, period_index, roster, week_and_season
from raddsim.engine.crews import draw_crew
from raddsim.region.crew_availability import Availability, StaffingProcess
from raddsim.region.stations import Crew, Staffing

DAY = 86400.0
SCHED = Staffing(roles=MappingProxyType({"crew_commander": 1, "firefighters": 4}))


def _crew(availability: Availability, staffing: Staffing = SCHED, cid: str = "c") -> Crew:
    return Crew(cid, "C", "s", "part-time", 300.0, frozenset({"smoke_diving"}), MappingProxyType({"x": staffing}),
                availability=availability)


def _hours(years: float = 1.0) -> np.ndarray:
    return np.arange(0.0, years * 365 * DAY, 3600.0) + 1800.0


def _present(proc: StaffingProcess, seed: int, rep: int, t: np.ndarray, cid: str = "c") -> np.ndarray:
    crew = _crew(Availability(process=proc), cid=cid)
    return crew_present(crew, SCHED, t, week_and_season(TimeProfile().calendar(t)), seed=seed, replication=rep)


# ---------------------------------------------------------------- rules
def test_crew_without_styrkeledare_does_not_roll_when_the_rule_says_so() -> None:
    # The commander position is away all the time (vacant, never covered); the firefighters are there.
    n = 500
    t = np.linspace(0, 300 * DAY, n)
    always_away = StaffingProcess(vacancy=1.0, vacancy_cover=0.0)
    forbid = _crew(Availability(process=always_away))
    rolls, cmd, ff, _ = draw_crew(forbid, SCHED, n, seed=1, replication=0, t_s=t)
    assert (cmd == 0).all() and (ff == 0).all()  # vacancy hits every position
    # Only the commander away: give the firefighters their own crew of 0+4 plus a vacant-commander 1+4.
    proc = StaffingProcess(absence=0.5, absence_days=3)
    crew = _crew(Availability(process=proc))
    rolls, cmd, ff, _ = draw_crew(crew, SCHED, n, seed=2, replication=0, t_s=t)
    no_leader = (cmd == 0) & (ff >= 2)
    assert no_leader.sum() > 50  # the case occurs
    assert not rolls[no_leader].any()  # default: no styrkeledare, no roll
    allowed = _crew(Availability(process=proc, roll_without_commander=True))
    rolls2, cmd2, ff2, _ = draw_crew(allowed, SCHED, n, seed=2, replication=0, t_s=t)
    assert np.array_equal(cmd, cmd2) and np.array_equal(ff, ff2)  # same draws, only the rule differs
    assert rolls2[no_leader].all()


def test_a_roster_without_a_commander_is_not_held_to_the_commander_rule() -> None:
    support = Staffing(roles=MappingProxyType({"firefighters": 2}))
    rolls, cmd, ff, _ = draw_crew(_crew(Availability(), support), support, 100, seed=1, replication=0)
    assert rolls.all() and (cmd == 0).all() and (ff == 2).all()


def test_not_rolling_short_waits_for_call_ins() -> None:
    n = 4000
    t = np.linspace(0, 300 * DAY, n)
    proc = StaffingProcess(absence=0.2, absence_days=2)
    short_ok = _crew(Availability(process=proc))
    wait = _crew(Availability(process=proc, roll_short=False, call_in_s=240.0, call_in_probability=1.0))
    r1, c1, f1, t1 = draw_crew(short_ok, SCHED, n, seed=4, replication=0, t_s=t)
    r2, c2, f2, t2 = draw_crew(wait, SCHED, n, seed=4, replication=0, t_s=t)
    short = (c1 + f1) < 5
    assert short.any()
    assert ((c2 == 1) & (f2 == 4)).all()  # everyone called in
    assert np.allclose(t2[short], t1[short] + 240.0) and np.array_equal(t2[~short], t1[~short])


# ---------------------------------------------------------------- the process
def test_long_run_share_away_matches_its_configuration() -> None:
    """Share of hours a position is away, pooled over replications, equals q by part of week and season."""
    proc = StaffingProcess(absence=0.08, absence_days=4, absence_correlation=0.3,
                           absence_period=(1.6, 0.7, 1.0, 0.8), absence_summer=1.5)
    t = _hours()
    cal = TimeProfile().calendar(t)
    period, summer = period_index(cal[0], cal[1]), np.isin(cal[2], (6, 7, 8))
    away = np.concatenate([~_present(proc, 11, r, t) for r in range(40)], axis=0)  # (40*5) × hours
    # Replications are independent: a CI from the per-replication shares, for each (period, season) cell.
    for p in range(4):
        for s in (False, True):
            cell = (period == p) & (summer == s)
            q = 0.08 * proc.absence_period[p] * (1.5 if s else 1.0)
            per_rep = away[:, cell].reshape(40, 5, -1).mean(axis=(1, 2))
            m, se = per_rep.mean(), per_rep.std(ddof=1) / np.sqrt(40)
            assert abs(m - q) < 4 * se + 1e-3, (p, s, m, q)


def test_vacancies_and_cover() -> None:
    proc = StaffingProcess(vacancy=0.3, vacancy_cover=0.5)
    t = _hours(0.2)
    vac_counts, shares = [], []
    for r in range(300):
        here = _present(proc, 5, r, t)
        # A vacant position is present about half of the time; a filled one always (no absence).
        vac_counts.append((~here.all(axis=1)).sum())
        assert all(h.all() or 0.1 < h.mean() < 0.9 for h in here)
        shares += [h.mean() for h in here if not h.all()]
    assert abs(np.mean(shares) - 0.5) < 0.02
    # Positions vacant: Binomial(5, 0.3) per replication (chi-square over the counts).
    obs = np.bincount(vac_counts, minlength=6)
    exp = stats.binom.pmf(np.arange(6), 5, 0.3) * 300
    keep = exp >= 5
    assert stats.chisquare(np.r_[obs[keep], obs[~keep].sum()], np.r_[exp[keep], exp[~keep].sum()]).pvalue > 0.001


@pytest.mark.parametrize("rho", [0.0, 0.6])
def test_correlated_absences_raise_the_variance_of_staffing(rho: float) -> None:
    """Var(present count) = n q(1-q) + n(n-1) Cov; Cov follows the latent correlation (bivariate normal)."""
    q, n = 0.1, 5
    proc = StaffingProcess(absence=q, absence_days=2, absence_correlation=rho)
    t = np.arange(0, 365) * DAY + 12 * 3600.0  # one time a day, a weekday or not (period factors are 1)
    counts = np.concatenate([_present(proc, 3, r, t).sum(axis=0) for r in range(60)])
    z = stats.norm.ppf(q)
    p_both = stats.multivariate_normal([0, 0], [[1, rho], [rho, 1]]).cdf([z, z])
    expected = n * q * (1 - q) + n * (n - 1) * (p_both - q * q)
    assert abs(counts.var() / expected - 1) < 0.15, (counts.var(), expected)
    if rho > 0:
        assert expected > 1.5 * n * q * (1 - q)  # the correlation really raises it


def test_absences_last_days() -> None:
    proc = StaffingProcess(absence=0.1, absence_days=7)
    t = np.arange(0, 365) * DAY
    runs = []
    for r in range(20):
        away = ~_present(proc, 8, r, t)
        for row in away:
            edges = np.flatnonzero(np.diff(np.r_[0, row.astype(int), 0]))
            runs += list(edges[1::2] - edges[::2])
    assert 5.5 < np.mean(runs) < 8.5, np.mean(runs)  # mean absence_days = 7 (runs cut at the year ends)
    quick = StaffingProcess(absence=0.1, absence_days=0.2)
    runs_q = []
    for r in range(20):
        for row in ~_present(quick, 8, r, t):
            edges = np.flatnonzero(np.diff(np.r_[0, row.astype(int), 0]))
            runs_q += list(edges[1::2] - edges[::2])
    assert np.mean(runs_q) < 1.5


def test_same_seed_same_process_and_smaller_roster_is_a_prefix() -> None:
    proc = StaffingProcess(absence=0.1, absence_days=3, absence_correlation=0.3, vacancy=0.1, vacancy_cover=0.2)
    t = _hours(0.5)
    a, b = _present(proc, 9, 2, t), _present(proc, 9, 2, t)
    assert np.array_equal(a, b)
    small = Staffing(roles=MappingProxyType({"crew_commander": 1, "firefighters": 2}))
    crew = _crew(Availability(process=proc))
    c = crew_present(crew, small, t, week_and_season(TimeProfile().calendar(t)), seed=9, replication=2)
    assert np.array_equal(c, a[:3])  # 1 + 2 are the first three positions of 1 + 4: CRN across levels
    assert list(roster(SCHED)) == [True, False, False, False, False]


def test_fri_inryckning_answers_vary_with_period_and_season() -> None:
    pool = Staffing(fri_inryckning=True, pool=MappingProxyType({"crew_commander": 2, "firefighters": 8}),
                    pool_response_probability=0.4, pool_period=(0.5, 1.0, 1.0, 1.0), pool_summer=1.5)
    crew = _crew(Availability(seats=10), pool)
    t = _hours()
    _, cmd, ff, _ = draw_crew(crew, pool, len(t), seed=3, replication=0, t_s=t)
    cal = TimeProfile().calendar(t)
    period, summer = period_index(cal[0], cal[1]), np.isin(cal[2], (6, 7, 8))
    total = cmd + ff
    for p, s, expect in [(0, False, 0.2), (1, False, 0.4), (1, True, 0.6), (0, True, 0.3)]:
        cell = (period == p) & (summer == s)
        assert abs(total[cell].mean() / 10 - expect) < 0.02, (p, s)


# ---------------------------------------------------------------- speed without changing the process
def test_blocked_ar1_is_the_recursion() -> None:
    from raddsim.engine.availability import ar1

    e = np.random.default_rng(5).standard_normal((4, 400))
    for phi in (0.0, 0.5, 0.97, 0.99999):
        x = np.empty_like(e)
        x[:, 0] = e[:, 0]
        for t in range(1, e.shape[1]):
            x[:, t] = phi * x[:, t - 1] + np.sqrt(1 - phi * phi) * e[:, t]
        assert np.allclose(ar1(e, phi), x, atol=1e-12), phi


def test_bivariate_normal_and_persistence_without_scipy_stats() -> None:
    from raddsim.engine.availability import both_below, inv_norm, persistence

    for q in (0.02, 0.1, 0.4):
        z = inv_norm(q)
        for rho in (0.2, 0.9, 0.999):
            ref = stats.multivariate_normal([0, 0], [[1, rho], [rho, 1]]).cdf([z, z])
            assert both_below(z, q, rho) == pytest.approx(ref, abs=1e-12)
    phi = persistence(0.05, 5.0)
    z = inv_norm(0.05)
    assert 0.05 / (0.05 - both_below(z, 0.05, phi)) == pytest.approx(5.0, rel=1e-6)  # the mean absence, as configured


def test_run_path_imports_no_heavy_scipy_modules() -> None:
    import subprocess
    import sys

    code = ("import sys, raddsim.engine.crews, raddsim.experiment.runs; "
            "print(sorted(m for m in ('scipy.stats', 'scipy.signal', 'scipy.optimize') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    assert out.stdout.strip() == "[]"


def test_staffing_states_over_day_classes_equal_every_hour(monkeypatch) -> None:
    # staffing_states evaluates one hour per (day, part of the week, summer) and weights it by its hours;
    # evaluated at every hour instead, each share must be the same to the bit.
    from raddsim.engine import crews as cr
    from raddsim.region.region import load_region

    region = load_region(None)
    cases = [(c, s.staffing[c.id]) for s in (region.scenarios["minimum"], region.scenarios["ambition"])
             for c in s.crews if c.in_service and not c.external]
    assert any(not st.fri_inryckning and c.availability.process.varies for c, st in cases)
    profile = region.scenarios["minimum"].demand.profile
    fast = [cr.staffing_states(c, st, 3.15e7, 11, r, profile) for c, st in cases for r in (0, 1)]

    def every_hour(profile, horizon_s, step_s, *seasons):  # seasons: the crew's calendar (params15)
        t, period, summer = cr.hourly_grid(profile, horizon_s, step_s, *seasons)
        return t, period, summer, np.ones(len(t), np.int64)

    monkeypatch.setattr(cr, "grid_classes", every_hour)
    slow = [cr.staffing_states(c, st, 3.15e7, 11, r, profile) for c, st in cases for r in (0, 1)]
    assert fast == slow
    monkeypatch.undo()
    t, _, _, hours = cr.grid_classes(profile, 3.15e7, 3600.0)
    assert hours.sum() == len(cr.hourly_grid(profile, 3.15e7, 3600.0)[0]) and len(t) < hours.sum() / 5
