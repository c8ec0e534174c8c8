"""The generated alarm stream against its specification (issue 4).

Tolerances come from the sample size: counts are Poisson/multinomial, so each
check allows four standard errors (a false alarm about once in 16,000 runs).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from conftest import write_island_osm
from scipy import stats

from raddsim.demand import (
    DemandSpec,
    HolidayArea,
    HolidayHomes,
    Place,
    TimeProfile,
    demand_points,
    generate_incidents,
    load_catalog,
)
from raddsim.demand.timeprofile import SECONDS_PER_YEAR
from raddsim.network import load_network
from raddsim.region.region import default_region_path

HOUR = tuple(float(x) for x in [0.22, 0.22, 0.28, 0.38, 0.52, 0.70, 0.90, 1.10, 1.30, 1.48, 1.62, 1.72,
                                 1.78, 1.78, 1.72, 1.62, 1.48, 1.30, 1.10, 0.90, 0.70, 0.52, 0.38, 0.28])
MONTH = (0.85, 0.80, 0.85, 0.95, 1.05, 1.25, 1.40, 1.20, 0.95, 0.90, 0.85, 0.95)
OCCUPANCY = (0.04, 0.05, 0.05, 0.08, 0.15, 0.40, 0.65, 0.35, 0.12, 0.07, 0.04, 0.07)


@pytest.fixture(scope="module")
def island_net(tmp_path_factory):
    return load_network(write_island_osm(tmp_path_factory.mktemp("isl") / "island.osm"))


@pytest.fixture(scope="module")
def spec():
    catalog = load_catalog(default_region_path().parent / "incidents.toml")
    holiday = HolidayHomes(homes=2000, persons_per_home=2.5, occupancy=OCCUPANCY,
                           areas=(HolidayArea("island", 59.73, 18.82, 3.0, 0.6), HolidayArea("mainland", 59.73, 18.65, 5.0, 0.4)))
    return DemandSpec(alarms_per_year=4000, population=8000, places=(Place("Town", 5000, 59.72, 18.64),),
                      catalog=catalog, profile=TimeProfile(dt.date(2025, 1, 1), HOUR, (1.0,) * 7, MONTH), holiday=holiday)


@pytest.fixture(scope="module")
def stream(spec, island_net):
    pts = demand_points(spec, island_net)
    runs = [generate_incidents(spec, pts, years=1.0, seed=42, replication=r) for r in range(10)]
    return pts, runs


def _log_ratio_ok(a: int, b: int, expected: float) -> bool:
    """Is a/b consistent with `expected`? (Poisson counts: var(log ratio) ≈ 1/a + 1/b.)"""
    return abs(math.log(a / b) - math.log(expected)) < 4 * math.sqrt(1 / a + 1 / b)


def test_volume_is_alarms_per_year(spec, stream) -> None:
    _, runs = stream
    total = sum(len(r) for r in runs)
    mu = spec.alarms_per_year * len(runs)
    assert abs(total - mu) < 4 * math.sqrt(mu)


def test_counts_per_type_follow_the_shares(spec, stream) -> None:
    _, runs = stream
    types = np.concatenate([r.type for r in runs])
    obs = np.bincount(types, minlength=len(spec.catalog.types))
    exp = np.array([t.share for t in spec.catalog.types]) * len(types)
    assert stats.chisquare(obs, exp).pvalue > 1e-4


def test_day_night_ratio_is_three(spec, stream) -> None:
    _, runs = stream
    hour, _, _ = spec.profile.calendar(np.concatenate([r.time_s for r in runs]))
    day = int(((hour >= 7) & (hour < 19)).sum())
    assert _log_ratio_ok(day, len(hour) - day, 3.0)


def test_summer_surge(spec, stream) -> None:
    _, runs = stream
    _, _, month = spec.profile.calendar(np.concatenate([r.time_s for r in runs]))
    summer = np.isin(month, (6, 7, 8))
    days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    w = np.asarray(MONTH) * days
    expected = w[5:8].sum() / (w.sum() - w[5:8].sum())
    assert _log_ratio_ok(int(summer.sum()), int((~summer).sum()), expected)
    assert summer.sum() / len(summer) > days[5:8].sum() / 365 + 0.05  # a real surge, not noise


def test_alarms_move_onto_the_island_in_summer(spec, stream) -> None:
    pts, runs = stream
    assert pts.island.any() and not pts.island.all()
    point = np.concatenate([r.point for r in runs])
    types = np.concatenate([r.type for r in runs])
    _, _, month = spec.profile.calendar(np.concatenate([r.time_s for r in runs]))
    pop_types = np.array([t.location == "population" for t in spec.catalog.types])[types]
    total = spec.holiday.homes * spec.holiday.persons_per_home
    for m in (7, 1):
        w = pts.population_weights(spec.holiday.population(m), total)
        p = w[pts.island].sum() / w.sum()
        sel = (month == m) & pop_types
        obs = pts.island[point[sel]].mean()
        assert abs(obs - p) < 4 * math.sqrt(p * (1 - p) / sel.sum()), (m, obs, p)
    july = pts.population_weights(spec.holiday.population(7), total)
    jan = pts.population_weights(spec.holiday.population(1), total)
    assert july[pts.island].sum() / july.sum() > 2 * jan[pts.island].sum() / jan.sum()


def test_traffic_accidents_follow_roads_not_people(spec, stream) -> None:
    pts, runs = stream
    traffic = spec.catalog.index("traffic_accident")
    point = np.concatenate([r.point for r in runs])
    types = np.concatenate([r.type for r in runs])
    sel = point[types == traffic]
    p_road = pts.road / pts.road.sum()
    # Compare the town point's share: roads give it much less than its population would.
    town_obs = (sel == 0).mean()
    assert abs(town_obs - p_road[0]) < 4 * math.sqrt(p_road[0] * (1 - p_road[0]) / len(sel))


def test_season_restricts_the_calendar(spec, island_net) -> None:
    from dataclasses import replace

    pts = demand_points(spec, island_net)
    summer = replace(spec, season="summer")
    inc = generate_incidents(summer, pts, years=2.0, seed=1, replication=0)
    _, _, month = spec.profile.calendar(inc.time_s)
    assert len(inc) > 0 and np.isin(month, (6, 7, 8)).all()
    assert inc.time_s.max() <= 2 * SECONDS_PER_YEAR


def test_demand_multiplier_scales_volume(spec, island_net) -> None:
    from dataclasses import replace

    pts = demand_points(spec, island_net)
    a = sum(len(generate_incidents(spec, pts, years=1, seed=3, replication=r)) for r in range(5))
    b = sum(len(generate_incidents(replace(spec, multiplier=1.5), pts, years=1, seed=3, replication=r)) for r in range(5))
    assert _log_ratio_ok(b, a, 1.5)
