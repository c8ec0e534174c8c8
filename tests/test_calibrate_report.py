"""What ``raddsim calibrate`` prints beside its fitted values (probe_opt8 #19–#22, #25).

The bisect report says when the reported mean already lies inside the model's interval before any fit (the fit
is then not called for by the data) and gives a parameter's source in Swedish with ``--lang sv``; the ABC report
prints no sd ratio where it gives no verdict (one accepted set: a ratio of 0 read as "fully constrained"), and
puts the calibrated scenario's simulated years beside the reported ones.
"""

from __future__ import annotations

import pytest

from raddsim.experiment.abc import abc_calibrate, format_abc
from raddsim.experiment.calibrate import calibrate, format_calibration, simulated_mean
from raddsim.experiment.uncertain import UncertainParameter


def test_a_target_already_inside_the_interval_before_the_fit_is_said_plainly(default_model, default_region) -> None:
    current = default_region.derive("before", "current", {"posterior": False})
    m, lo, hi, _ = simulated_mean(default_model, current, years=1.0, replications=3, seed=5)
    inside = m + 0.5 * (hi - m)  # inside the 95 % interval, yet far beyond the tolerance: the bisection moves it
    res = calibrate(default_model, replications=3, seed=5, targets={"x": inside})
    assert res["before_minutes_ci95"] == pytest.approx([lo, hi]) and any(p["used"] for p in res["parameters"])
    text = format_calibration(res)
    assert f"the reported mean {inside:.2f} min is already inside this interval" in text
    assert text.index("already inside") < text.index("after:")
    sv = format_calibration(res, "sv")
    assert "ligger redan inom detta intervall" in sv
    fitted = next(p for p in res["parameters"] if p["used"])
    assert fitted["source_sv"] and fitted["source_sv"] in sv and fitted["source"] not in sv


def test_a_target_outside_the_interval_before_the_fit_gets_no_such_line(default_model, default_region) -> None:
    current = default_region.derive("before", "current", {"posterior": False})
    m, lo, _, _ = simulated_mean(default_model, current, years=1.0, replications=3, seed=5)
    res = calibrate(default_model, replications=3, seed=5, targets={"x": lo - 2 * (m - lo)})
    assert "already inside" not in format_calibration(res)


def test_one_accepted_set_gives_no_sd_ratio_and_its_years_stand_beside_the_reported(default_model, tmp_path) -> None:
    scale = UncertainParameter("network.blue_light.scale", 0.5, 1.8, 1.0)
    common = dict(n_sets=5, replications=2, seed=3, processes=0, params=[scale], out=tmp_path / "sweep")
    every = abc_calibrate(default_model, tolerance=50.0, targets={"a": 10.5, "b": 11.2}, **common)
    own = every["sets"][2]  # this set's own two years as the reported ones: it alone matches them exactly
    years = {"y1": own["years_minutes"][0], "y2": own["years_minutes"][1]}
    one = abc_calibrate(default_model, tolerance=1e-9, targets=years, **common)  # read back from the sweep folder
    assert one["accepted_sets"] == 1 and one["parameters"][0]["constrained"] is None
    text = format_abc(one)
    row = next(x for x in text.splitlines() if x.startswith("network.blue_light.scale"))
    assert "0.00" not in row and "–" in row and "too few accepted sets to say" in row
    assert (f"The calibrated scenario is set {own['set']} (the most accepted pseudo-observations): its 2 simulated "
            f"years average {own['mean_minutes']:.2f} min") in text
    assert f"y1: {years['y1']:.2f}, y2: {years['y2']:.2f} min" in text
    judged = format_abc(every)  # every set accepted: the ratio is shown with its verdict
    ratio = every["parameters"][0]["sd_ratio"]
    assert f"{ratio:.2f}" in next(x for x in judged.splitlines() if x.startswith("network.blue_light.scale"))


def test_one_accepted_set_is_one_set_and_the_reported_mean_has_its_own_key(default_model, default_region,
                                                                            tmp_path) -> None:
    """"1 of 10 pseudo-observations accepted, from 1 sets" (probe_opt8 #23), and the JSON's ``target_minutes`` held
    the reported years' mean, not the region's target (#24): ``reported_mean_minutes`` names it; the old key stays."""
    scale = UncertainParameter("network.blue_light.scale", 0.5, 1.8, 1.0)
    common = dict(n_sets=5, replications=2, seed=3, processes=0, params=[scale], out=tmp_path / "sweep")
    every = abc_calibrate(default_model, tolerance=50.0, targets={"a": 10.5, "b": 11.2}, **common)
    own = every["sets"][2]
    years = {"y1": own["years_minutes"][0], "y2": own["years_minutes"][1]}
    one = abc_calibrate(default_model, tolerance=1e-9, targets=years, **common)
    assert one["accepted_sets"] == 1 and every["accepted_sets"] == 5
    assert "accepted, from 1 set. " in format_abc(one) and "accepterade, från 1 uppsättning. " in format_abc(one, "sv")
    assert "accepted, from 5 sets. " in format_abc(every)
    assert "accepterade, från 5 uppsättningar. " in format_abc(every, "sv")
    assert every["reported_mean_minutes"] == pytest.approx(10.85) != default_region.target_minutes
    assert one["reported_mean_minutes"] == pytest.approx((years["y1"] + years["y2"]) / 2)
    assert every["target_minutes"] == every["reported_mean_minutes"]  # the old name, for readers of older files


def test_the_bisect_fit_names_the_reported_mean_too(default_model, default_region) -> None:
    res = calibrate(default_model, replications=2, seed=5, targets={"a": 12.0, "b": 13.0})
    assert res["reported_mean_minutes"] == pytest.approx(12.5) == res["target_minutes"]
    assert default_region.target_minutes != 12.5
