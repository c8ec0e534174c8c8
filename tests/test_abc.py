"""Joint calibration by ABC rejection: acceptance, posterior vs prior spread, recovery of a known value."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from raddsim.core.errors import InputError
from raddsim.experiment.abc import abc_calibrate, abc_scenario_file_text, abc_weights, effective_size, posterior_table
from raddsim.experiment.compare import replication_figures, run_scenarios
from raddsim.experiment.uncertain import UncertainParameter


def test_pairs_of_simulated_years_are_accepted_within_the_tolerance() -> None:
    y = np.array([[10.0, 11.0, 10.5, 11.5, 9.0, 9.0],   # pair means 10.5, 11.0, 9.0
                  [12.0, 12.0, 12.0, 12.0, 12.0, 12.0]])
    w = abc_weights(y, [10.52, 11.19], tolerance=0.4)  # observed mean 10.855
    assert list(w) == [2.0, 0.0]
    with pytest.raises(InputError, match="at least 2 replications"):
        abc_weights(y[:, :1], [10.52, 11.19], 0.4)


def test_posterior_spread_against_prior_says_what_the_data_constrain() -> None:
    params = [UncertainParameter("a", 0.0, 1.0, 0.5), UncertainParameter("b", 0.0, 1.0, 0.5)]
    rng = np.random.default_rng(1)
    x = rng.random((400, 2))
    w = (np.abs(x[:, 0] - 0.3) < 0.05).astype(float)  # the data pin a, not b
    rows = {r["key"]: r for r in posterior_table(params, x, w)}
    assert rows["a"]["constrained"] and rows["a"]["sd_ratio"] < 0.2
    assert abs(rows["a"]["posterior"]["p50"] - 0.3) < 0.03
    assert rows["b"]["constrained"] is False and rows["b"]["sd_ratio"] > 0.8
    few = np.zeros(400)
    few[:2] = 1.0
    assert effective_size(few) == 2.0
    assert all(r["constrained"] is None for r in posterior_table(params, x, few))  # no verdict from two sets


def test_abc_recovers_a_known_blue_light_scale(default_model, default_region, tmp_path) -> None:
    """Observed = the model's own eight years at scale 1.3: accepted sets cluster there, the spread shrinks.

    The observed years are simulated with the same seed as the calibration's, so they share their
    year-to-year luck with the pseudo-observations (one simulated year varies by about 0.7 min, more
    than the whole range of the scale moves it): this checks the mechanics of acceptance, not how
    well two real years constrain the scale (the calibration report says that).
    """
    truth = default_region.derive("truth", "current", {"network.blue_light.scale": 1.3, "posterior": False})
    run = run_scenarios(default_model, [truth], years=1.0, seed=7, replications=8)[0]
    years = replication_figures(default_model, run)["first_arrival"][:, 0]
    scale = UncertainParameter("network.blue_light.scale", 0.5, 1.8, 1.0)
    res = abc_calibrate(default_model, n_sets=12, replications=8, tolerance=0.1, seed=7, processes=0,
                        targets={str(k): float(v) for k, v in enumerate(years)}, params=[scale])
    p = res["parameters"][0]
    assert res["accepted_sets"] >= 2
    assert abs(p["posterior"]["p50"] - 1.3) < 0.25, p
    assert p["sd_ratio"] < 0.75, p  # acceptance keeps the sets near the truth (heavy engines near 90 km/h: a weak lever)
    wide = abc_calibrate(default_model, n_sets=12, replications=8, tolerance=50.0, seed=7, processes=0,
                         targets={str(k): float(v) for k, v in enumerate(years)}, params=[scale])
    assert wide["accepted_sets"] == 12 and wide["parameters"][0]["sd_ratio"] > 0.8  # no information, no shrinkage
    text = abc_scenario_file_text(res, "cal")
    assert 'base = "current"' in text and "network.blue_light.scale = " in text and "posterior = false" in text
    # the shipped file is the command's output as it stands (the command that made it, both descriptions)
    made = abc_scenario_file_text(res, "cal", "raddsim calibrate --sets 12")
    assert "# Made by: raddsim calibrate --sets 12\n" in made
    assert tomllib.loads(made)["scenarios"]["cal"]["description_sv"].startswith("current vid den bäst stödda")
    from raddsim.region.posterior import load_posterior, posterior_text

    (tmp_path / "post.toml").write_text(posterior_text(res), encoding="utf-8")
    post = load_posterior(tmp_path / "post.toml")  # the accepted sets, as a scenario's posterior reads them
    assert len(post.sets) == res["accepted_sets"] and post.keys == ("network.blue_light.scale",)
    assert [s[0] for s in post.sets] == pytest.approx([s["values"]["network.blue_light.scale"] for s in res["sets"]])
