"""compare --uncertain: Latin hypercube over the ranges in data, paired comparison per set, importance."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from raddsim.experiment.compare import replication_figures, run_scenarios
from raddsim.experiment.uncertain import (
    UncertainParameter,
    latin_hypercube,
    prcc,
    spearman,
    uncertain_compare,
    uncertain_parameters,
)


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


def test_heavy_speeds_and_the_blido_pool_have_ranges_in_the_one_form(default_region) -> None:
    keys = {p.key: p for p in uncertain_parameters(default_region)}
    top = keys["network.vehicles.heavy.top_speed_kmh"]
    assert (top.low, top.value, top.high) == (80.0, 90.0, 100.0) and not top.integer
    assert "network.vehicles.heavy.factors.track" in keys
    pool = keys["crews.blido.staffing.minimum.pool.firefighters"]
    assert pool.integer and (pool.low, pool.value, pool.high) == (4, 8, 12)
    assert keys["crews.blido.staffing.minimum.pool.crew_commander"].integer
    assert not keys["availability.part-time.absence"].integer
    blido = next(c for c in default_region.scenarios["minimum"].crews if c.id == "blido")
    assert dict(default_region.scenarios["minimum"].staffing["blido"].pool) == {"crew_commander": 2, "firefighters": 8}
    assert blido.station == "blido"


def test_an_integer_range_yields_integer_draws_over_the_whole_range() -> None:
    params = [UncertainParameter("pool", 4, 12, 8, integer=True), UncertainParameter("x", 0.0, 1.0, 0.5)]
    x = latin_hypercube(params, 90, seed=2)
    assert np.all(x[:, 0] == np.floor(x[:, 0])) and set(x[:, 0]) == set(range(4, 13))
    assert np.bincount(x[:, 0].astype(int))[4:].tolist() == [10] * 9  # LHS strata: each integer equally often
    assert len(set(x[:, 1])) == 90  # a real parameter stays continuous


def test_an_integer_pool_size_runs_as_drawn(default_region, default_model) -> None:
    """--uncertain with the pool size as its only ranged parameter: the sets run at whole pool sizes."""
    pool = UncertainParameter("crews.blido.staffing.minimum.pool.firefighters", 2, 12, 8, integer=True)
    res = uncertain_compare(default_model, "minimum", "ambition", 3, replications=2, seed=11, processes=0,
                            params=[pool], years=0.5)
    sampled = res["parameters"][0]["sampled"]
    assert all(float(v).is_integer() for v in sampled) and len(set(sampled)) == 3
    diffs = [s["difference"] for s in res["figures"]["first_arrival_mean"]["sets"]]
    assert len(set(diffs)) == 3  # the pool size matters to the minimum–ambition gap


def test_mutual_aid_request_parameters_have_ranges_and_reach_the_crews(default_region) -> None:
    keys = {p.key: p for p in uncertain_parameters(default_region)}
    p = keys["availability.mutual-aid.available_probability"]
    assert (p.low, p.value, p.high) == (0.4, 0.7, 0.9)
    assert "availability.mutual-aid.request_delay_minutes" in keys
    low = default_region.derive("low", "minimum", {"availability.mutual-aid.available_probability": 0.4})
    for setup, want in ((default_region.scenarios["minimum"], 0.7), (low, 0.4)):
        aid = [c for c in setup.crews if c.id in ("osthammar", "almunge", "knivsta", "vallentuna", "akersberga")]
        assert len(aid) == 5 and all(c.availability.available_probability == want for c in aid)
        assert all(c.availability.request_delay_s == 120.0 for c in aid)
    local = next(c for c in low.crews if c.id == "almsta")
    assert local.availability.available_probability == 1.0  # local crews do not take the mutual-aid defaults


def test_a_ranged_key_a_compared_scenario_sets_keeps_the_scenarios_value(default_region, default_model) -> None:
    """recruitment-crisis sets five keys the region ranges (part-time vacancy, Blidö's pool …). Was: every set drew
    them for both scenarios, so the crisis was erased from the comparison (newcomer13: a scenario with
    on_scene_scale = 1.5 gave +0.00 in every set). With collapsed ranges each set is the plain comparison."""
    params = [dataclasses.replace(p, low=p.value, high=p.value) for p in uncertain_parameters(default_region)]
    res = uncertain_compare(default_model, "minimum", "recruitment-crisis", 2, years=0.5, replications=2, seed=5,
                            processes=0, params=params)
    runs = run_scenarios(default_model, ["minimum", "recruitment-crisis"], years=0.5, seed=5, replications=2)
    a, b = (replication_figures(default_model, r) for r in runs)
    plain = float(np.mean(b["first_arrival"][:, 0] - a["first_arrival"][:, 0]))
    assert plain > 0.05  # the crisis is slower: the test can tell erased from kept
    for s in res["figures"]["first_arrival_mean"]["sets"]:
        assert s["difference"] == pytest.approx(plain, abs=1e-12)
    kept = {d["key"]: d["value"] for d in res["not_drawn"]}
    assert kept["availability.part-time.vacancy"] == 0.25 and kept["crews.blido.staffing.minimum.pool.firefighters"] == 5
    assert not {p["key"] for p in res["parameters"]} & set(kept)
