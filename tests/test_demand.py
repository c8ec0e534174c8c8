"""Demand points and the alarm stream, checked against their specification."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from conftest import write_grid_osm
from scipy import stats

from raddsim.demand import SECONDS_PER_YEAR, DemandSpec, Place, demand_points, generate_incidents
from raddsim.network import load_network


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    return load_network(write_grid_osm(tmp_path_factory.mktemp("grid") / "grid.osm", rows=8, cols=8))


@pytest.fixture(scope="module")
def spec():
    places = (Place("Big", 3000, 59.72, 18.64), Place("Small", 500, 59.76, 18.80))
    return DemandSpec(alarms_per_year=1000, population=6000, places=places)


def test_points_hold_the_population(grid, spec) -> None:
    pts = demand_points(spec, grid)
    assert pts.weight[:2].tolist() == [3000, 500]
    assert math.isclose(pts.weight.sum(), 6000)
    assert math.isclose(pts.weight[~pts.is_urban].sum(), spec.rural_population)
    # The urban disc holds the population at the assumed density.
    assert math.isclose(math.pi * (pts.radius_m[0] / 1000) ** 2 * spec.access.urban_density_per_km2, 3000)
    # No rural point at a tätort's centre node.
    assert not set(pts.node[~pts.is_urban]) & set(pts.node[:2])


def test_stream_matches_spec(grid, spec) -> None:
    pts = demand_points(spec, grid)
    years, reps = 2.0, 40
    runs = [generate_incidents(spec, pts, years=years, seed=5, replication=r) for r in range(reps)]
    counts = np.array([len(r) for r in runs])
    expected = spec.alarms_per_year * years
    # Mean of 40 Poisson(2000) counts: sd of the mean = sqrt(2000/40) ≈ 7.1; allow 4 sd.
    assert abs(counts.mean() - expected) < 4 * math.sqrt(expected / reps)
    # Poisson: variance ≈ mean (chi-square dispersion test, 99.9% two-sided).
    disp = counts.var(ddof=1) * (reps - 1) / counts.mean()
    assert stats.chi2.ppf(0.0005, reps - 1) < disp < stats.chi2.ppf(0.9995, reps - 1)
    # Locations follow population weights (chi-square goodness of fit on urban vs rural groups).
    point = np.concatenate([r.point for r in runs])
    obs = np.array([(point == 0).sum(), (point == 1).sum(), (point >= 2).sum()])
    p = np.array([3000, 500, 2500]) / 6000
    assert stats.chisquare(obs, p * obs.sum()).pvalue > 0.001
    # Times are sorted and inside the horizon; uniform over it (KS test).
    t = runs[0].time_s
    assert (np.diff(t) >= 0).all() and t[0] >= 0 and t[-1] <= years * SECONDS_PER_YEAR
    assert stats.kstest(t / (years * SECONDS_PER_YEAR), "uniform").pvalue > 0.001


def test_access_and_on_scene_follow_assumptions(grid, spec) -> None:
    pts = demand_points(spec, grid)
    inc = generate_incidents(spec, pts, years=20, seed=1, replication=0)
    urban = pts.radius_m[inc.point] > 0
    a = spec.access
    max_urban_s = pts.radius_m[0] * a.urban_circuity / (a.urban_speed_kmh / 3.6)
    assert (inc.access_s[urban] <= max_urban_s + 1e-9).all()
    rural_m = inc.access_s[~urban] * (a.rural_speed_kmh / 3.6)
    assert abs(rural_m.mean() - a.rural_mean_m) < 4 * a.rural_mean_m / math.sqrt(len(rural_m))
    med = np.median(inc.on_scene_s) / 60
    assert abs(math.log(med) - math.log(spec.catalog.types[0].on_scene_median_min)) < 0.1


def test_same_seed_same_stream_other_seed_differs(grid, spec) -> None:
    pts = demand_points(spec, grid)
    a = generate_incidents(spec, pts, years=1, seed=9, replication=3)
    b = generate_incidents(spec, pts, years=1, seed=9, replication=3)
    c = generate_incidents(spec, pts, years=1, seed=9, replication=4)
    assert np.array_equal(a.time_s, b.time_s) and np.array_equal(a.on_scene_s, b.on_scene_s)
    assert len(a) != len(c) or not np.array_equal(a.time_s, c.time_s)


def test_incident_catalog_is_read_once_per_file_version(tmp_path):
    import os
    import shutil

    from raddsim.demand.types import load_catalog

    f = tmp_path / "incidents.toml"
    shutil.copy(Path(__file__).resolve().parents[1] / "stations" / "incidents.toml", f)
    a, b = load_catalog(f), load_catalog(str(f))
    assert a is b  # shared by every scenario that names the file
    text = f.read_text(encoding="utf-8")
    f.write_text(text + "\n# edited\n", encoding="utf-8")
    os.utime(f, ns=(1, 1))  # and a different modification time, whatever the clock's resolution
    c = load_catalog(f)
    assert c is not a and c == a  # read again: the same content gives an equal catalog
