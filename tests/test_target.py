"""The target report (issue 6)."""

from __future__ import annotations

import json

import numpy as np

from raddsim.cli import main
from raddsim.experiment.target import candidate_levers, expected_point_times, population_within


def test_population_within_target_is_consistent(default_model, default_region) -> None:
    setup = default_region.scenarios["minimum"]
    minutes = expected_point_times(default_model, setup)
    pts, _ = default_model.demand(setup.demand)
    p = population_within(default_model, setup, 10.0)
    assert abs(p["share"] - pts.weight[minutes <= 10].sum() / pts.weight.sum()) < 1e-12
    # Norrtälje town (heltid 1.5 min turnout, a few km) is within target; Blidö (8 min turnout + ferry-free drive) is close.
    assert p["by_tatort_minutes"]["Norrtälje"] < 10
    # Faster turnout everywhere can only help the static coverage.
    fast = default_region.derive("fast", "minimum", {f"crews.{c}.turnout_minutes": 1.0 for c in ("rimbo", "hallstavik", "almsta", "blido")})
    assert population_within(default_model, fast, 10.0)["share"] >= p["share"]


def test_levers_are_real_overrides(default_region) -> None:
    levers = candidate_levers(default_region, default_region.scenarios["minimum"])
    labels = [lab for lab, _ in levers]
    assert any("Älmsta at ambition" in lab for lab in labels)
    assert not any("Hallstavik at ambition" in lab for lab in labels)  # same staffing at both levels
    for _, overrides in levers:
        default_region.derive("probe", "minimum", overrides)  # every lever is a valid scenario


def test_target_cli(tmp_path, capsys) -> None:
    out = tmp_path / "t.json"
    assert main(["target", "minimum", "--replications", "4", "--lever-replications", "3", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Where the target is missed most" in text and "What closes the gap most" in text
    res = json.loads(out.read_text(encoding="utf-8"))
    s = res["scenarios"]["minimum"]
    assert 0 < s["alarms_within_target"] < 1 and 0 < s["population_within_target"]["share"] <= 1
    changes = [lv["share_within_target_change"]["difference"] for lv in s["levers"]]
    assert changes == sorted(changes, reverse=True)
    assert np.isfinite(changes).all()
    assert main(["target", "minimum", "--replications", "2", "--no-levers", "--lang", "sv"]) == 0
    assert "Målet" in capsys.readouterr().out
