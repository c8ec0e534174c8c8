"""The engine checked against queueing theory.

With c identical crews, zero turnout and travel, exponential on-scene times and
Poisson alarms, the system is an M/M/c queue: the share of alarms that wait and
the mean wait are given by the Erlang C formula.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from queueing_helpers import write_call_types

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


def _mmc_region(tmp: Path, c: int, alarms_per_year: float, mean_minutes: float, on_scene: str = "") -> Path:
    """A region file that is an M/M/c queue: one station, ``c`` full-time crews, every alarm at the station.

    Turnout 0 (no spread), the one place on the station's node with an access leg of a micrometre,
    a flat time profile (the default) and exponential on-scene times: service is the time on scene.
    ``on_scene``: another on-scene table (an M/G/c queue), e.g. a lognormal.
    """
    on_scene = on_scene or f'{{ distribution = "exponential", mean_minutes = {mean_minutes}, source = "M/M/c check" }}'
    (tmp / "road.osm").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="raddsim-tests">\n'
        '<node id="1" lat="59.700000" lon="18.600000"/><node id="2" lat="59.700000" lon="18.610000"/>\n'
        '<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="maxspeed" v="50"/></way>\n'
        "</osm>\n", encoding="utf-8")
    (tmp / "places.csv").write_text("name,population,lat,lon\nHere,1000,59.70,18.60\n", encoding="utf-8")
    write_call_types(tmp / "types.toml", on_scene)
    crews = "".join(f"""
[crews.c{k}]
name = "C{k}"
station = "s"
kind = "full-time"
turnout_minutes = 0
staffing.minimum = {{ crew_commander = 1, firefighters = 4 }}
availability.turnout_sigma = 0
""" for k in range(c))
    path = tmp / "region.toml"
    path.write_text(f"""
[region]
name = "M/M/{c}"
network = "road.osm"
target_minutes = 10
default_scenarios = ["base"]

[stations.s]
name = "S"
lat = 59.70
lon = 18.60
{crews}
[scenarios.base]
description = "every crew at minimum"
staffing = "minimum"

[demand]
alarms_per_year = {alarms_per_year}
population = 1000
places = "places.csv"
types = "types.toml"
access = {{ rural_mean_m = 0, urban_density_per_km2 = 1e12 }}
""", encoding="utf-8")
    return path


@pytest.mark.parametrize("c,rho", [(1, 0.6), (3, 0.7)])
def test_a_region_file_that_is_an_mmc_queue_gives_erlang_c(tmp_path, c: int, rho: float) -> None:
    """The whole pipeline — region file, alarm generation, engine, summaries, JSON — against Erlang C."""
    from raddsim.cli import main

    mean_min = 60.0
    lam = rho * c / mean_min  # alarms a minute
    region = _mmc_region(tmp_path, c, lam * 60 * 24 * 365.25, mean_min)
    assert main(["run", "--stations", str(region), "--replications", "20", "--json", str(tmp_path / "r.json")]) == 0
    s = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["scenarios"]["base"]
    p_wait, w = erlang_c(c, lam, 1 / mean_min)
    assert s["waited_share"] == pytest.approx(p_wait, abs=0.01)
    lo, hi = s["first_arrival_minutes"]["mean_ci95"]
    assert lo <= w <= hi and hi - lo < 0.25 * w, (w, lo, hi)
    # The wait itself, as the JSON gives it: Wq over all alarms, and 1/(cμ − λ) for those that waited
    # (the wait of a waiting alarm is exponential with that mean, whatever c).
    lo, hi = s["queue_wait_minutes_ci95"]
    assert lo <= w <= hi and hi - lo < 0.25 * w, (w, lo, hi)
    assert s["queue_wait_minutes_if_waited"] == pytest.approx(1 / (c / mean_min - lam), rel=0.06)
    # P(W ≤ t) = 1 − P(wait)·exp(−(cμ − λ)t): the share within the 10-minute target
    within = 1 - p_wait * math.exp(-(c / mean_min - lam) * 10)
    lo, hi = s["share_within_target_ci95"]
    assert lo <= within <= hi, (within, lo, hi)
    free = [crew["available_share"] for crew in s["readiness"]["crews"].values()]
    assert np.mean(free) == pytest.approx(1 - rho, abs=0.01)  # each crew busy ρ of the time on average


@pytest.mark.parametrize("sigma,rho", [(0.0, 0.6), (1.0, 0.5)])
def test_a_single_crew_with_general_on_scene_times_gives_pollaczek_khinchine(tmp_path, sigma: float,
                                                                              rho: float) -> None:
    """M/D/1 (σ = 0) and M/G/1 with lognormal on-scene times against the Pollaczek–Khinchine mean wait.

    Wq = λ E[S²] / (2 (1 − ρ)); a lognormal with median m and σ has E[S] = m e^{σ²/2}, E[S²] = m² e^{2σ²}.
    By PASTA the share of alarms that wait is ρ, whatever the service distribution.
    """
    from raddsim.cli import main

    median = 45.0
    mean_s, second = median * math.exp(sigma ** 2 / 2), median ** 2 * math.exp(2 * sigma ** 2)
    lam = rho / mean_s
    on_scene = f'{{ distribution = "lognormal", median_minutes = {median}, sigma = {sigma}, source = "M/G/1 check" }}'
    region = _mmc_region(tmp_path, 1, lam * 60 * 24 * 365.25, mean_s, on_scene)
    assert main(["run", "--stations", str(region), "--replications", "20", "--json", str(tmp_path / "r.json")]) == 0
    s = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["scenarios"]["base"]
    w = lam * second / (2 * (1 - rho))
    assert s["waited_share"] == pytest.approx(rho, abs=0.01)
    lo, hi = s["first_arrival_minutes"]["mean_ci95"]
    assert lo <= w <= hi and hi - lo < 0.25 * w, (w, lo, hi)
    lo, hi = s["queue_wait_minutes_ci95"]
    assert lo <= w <= hi, (w, lo, hi)
    # The M/M/1 mean wait at this ρ and mean is Wq·2/(1 + cv²): the check tells the distributions apart.
    assert not lo <= rho * mean_s / (1 - rho) <= hi


def test_the_console_says_how_long_the_alarms_that_waited_waited(tmp_path, capsys) -> None:
    """The planner's line: the share that waited, and how long those waited (the JSON's figure, rounded)."""
    from raddsim.cli import main

    region = _mmc_region(tmp_path, 1, 0.6 / 60 * 60 * 24 * 365.25, 60.0)
    for lang, words in (("en", "waiting {} min on average"), ("sv", "i snitt {} min väntan")):
        out = tmp_path / f"{lang}.json"
        assert main(["run", "--stations", str(region), "--replications", "3", "--years", "0.2", "--lang", lang,
                     "--json", str(out)]) == 0
        m = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["base"]["queue_wait_minutes_if_waited"]
        shown = f"{m:.1f}" if lang == "en" else f"{m:.1f}".replace(".", ",")
        line = next(x for x in capsys.readouterr().out.splitlines() if "base" in x and ("waited" in x or "vänta" in x))
        assert words.format(shown) in line, line
