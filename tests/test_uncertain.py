"""compare --uncertain: Latin hypercube over the ranges in data, paired comparison per set, importance."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from raddsim.experiment.compare import replication_figures, run_scenarios
from raddsim.experiment.uncertain import (UncertainParameter, latin_hypercube, prcc, spearman, uncertain_compare,
                                          uncertain_parameters)


def test_every_ranged_parameter_of_the_region_is_found(default_region) -> None:
    keys = {p.key: p for p in uncertain_parameters(default_region)}
    assert "availability.part-time.absence" in keys and "network.blue_light.scale" in keys
    assert "crews.blido.staffing.minimum.by_period.weekday_day" in keys
    p = keys["availability.part-time.absence"]
    assert p.low <= p.value <= p.high and p.source


def test_latin_hypercube_has_one_point_per_stratum() -> None:
    params = [UncertainParameter("a", 0.0, 1.0, 0.5), UncertainParameter("b", 10.0, 20.0, 15.0)]
    x = latin_hypercube(params, 20, seed=3)
    for j, (lo, hi) in enumerate([(0, 1), (10, 20)]):
        strata = np.floor((x[:, j] - lo) / (hi - lo) * 20).astype(int)
        assert sorted(strata) == list(range(20))
    assert np.array_equal(x, latin_hypercube(params, 20, seed=3))


def test_rank_correlations_find_the_driver() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((60, 3))
    y = 3 * x[:, 1] + 0.1 * rng.standard_normal(60)
    pr, sp = prcc(x, y), spearman(x, y)
    assert np.argmax(np.abs(pr)) == 1 and pr[1] > 0.9 and abs(pr[0]) < 0.4
    assert np.argmax(np.abs(sp)) == 1
    x[:, 2] = 0.5  # a collapsed range: no importance
    assert np.isnan(prcc(x, y)[2]) and np.isnan(spearman(x, y)[2])


def test_collapsed_ranges_equal_the_plain_comparison(default_region, default_model) -> None:
    """With every range collapsed to its value, each set's paired difference is the plain comparison's."""
    params = [dataclasses.replace(p, low=p.value, high=p.value) for p in uncertain_parameters(default_region)]
    res = uncertain_compare(default_model, "minimum", "ambition", 2, replications=3, seed=11, processes=0,
                            params=params)
    runs = run_scenarios(default_model, [default_region.scenarios["minimum"], default_region.scenarios["ambition"]],
                         years=1.0, seed=11, replications=3)
    a, b = (replication_figures(default_model, r) for r in runs)
    for fig, scope in (("first_arrival_mean", "first_arrival"), ("effective_force_mean", "effective_force")):
        plain = float(np.mean(b[scope][:, 0] - a[scope][:, 0]))
        for s in res["figures"][fig]["sets"]:
            assert s["difference"] == pytest.approx(plain, abs=1e-12), fig
        assert res["figures"][fig]["difference"]["median"] == pytest.approx(plain, abs=1e-12)
    # And the ranges matter when they are not collapsed (the test could fail).
    wide = uncertain_compare(default_model, "minimum", "ambition", 2, replications=3, seed=11, processes=0,
                             params=uncertain_parameters(default_region))
    diffs = [s["difference"] for s in wide["figures"]["first_arrival_mean"]["sets"]]
    assert diffs[0] != pytest.approx(diffs[1], abs=1e-9)
