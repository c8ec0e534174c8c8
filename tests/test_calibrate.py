"""Calibration recovers a known parameter, reports plausibility, and writes a usable scenario file (issue 6)."""

from __future__ import annotations

import tomllib

import pytest

from raddsim.cli import main
from raddsim.experiment.calibrate import calibrate, expand, scenario_file_text, simulated_mean
from raddsim.region.region import load_region


def test_calibration_recovers_a_known_value(default_model, default_region) -> None:
    # Make a synthetic "reported" indicator from a known parameter value, then fit it back.
    truth = 0.6
    setup = default_region.derive("truth", "current", {"network.blue_light.scale": truth, "posterior": False})
    target, *_ = simulated_mean(default_model, setup, years=1.0, replications=6, seed=11)
    res = calibrate(default_model, replications=6, seed=11, targets={"synthetic": target})
    p = res["parameters"][0]
    assert p["key"] == "network.blue_light.scale" and p["used"]
    assert abs(p["value"] - truth) < 0.08  # CRN keeps the objective smooth enough to find it again
    assert res["fit"]["target_in_ci"] and abs(res["fit"]["mean"] - target) < 0.05
    assert p["plausible_ok"] is True


def test_calibration_says_plainly_when_out_of_range(default_model) -> None:
    res = calibrate(default_model, replications=4, seed=1, targets={"impossible": 2.0})
    assert not any(p["used"] for p in res["parameters"])
    assert all("cannot reach" in p["why"] for p in res["parameters"])
    assert not res["fit"]["target_in_ci"]


def test_wildcard_expands_to_scheduled_part_time_crews(default_region) -> None:
    keys = expand("crews.*.availability.response_probability", 0.9, default_region.scenarios["minimum"])
    assert set(keys) == {f"crews.{c}.availability.response_probability" for c in ("norrtalje_deltid", "hallstavik", "rimbo", "almsta")}


def test_written_file_is_a_valid_scenario_file(tmp_path, default_model) -> None:
    res = calibrate(default_model, replications=4, seed=2, targets={"x": 13.0})
    text = scenario_file_text(res)
    data = tomllib.loads(text)
    assert data["scenarios"]["current-calibrated"]["base"] == "current"
    f = tmp_path / "cal.toml"
    f.write_text(text, encoding="utf-8")
    r = load_region(None, extra_scenarios=[f])
    assert "current-calibrated" in r.scenarios


def test_calibrate_cli_never_overwrites(tmp_path, capsys) -> None:
    out = tmp_path / "cal.toml"
    out.write_text("# mine\n", encoding="utf-8")
    assert main(["calibrate", "--out", str(out), "--replications", "2"]) == 2
    assert out.read_text(encoding="utf-8") == "# mine\n"
    assert "does not overwrite" in capsys.readouterr().err


def test_calibrate_cli_writes_the_accepted_sets_as_a_posterior(tmp_path, capsys) -> None:
    from raddsim.region.posterior import load_posterior

    out, post = tmp_path / "cal.toml", tmp_path / "post.toml"
    args = ["calibrate", "--out", str(out), "--write", str(post), "--sets", "3", "--replications", "2",
            "--tolerance", "50", "--processes", "0", "--years", "1"]
    assert main(args) == 0
    p = load_posterior(post)
    assert len(p.sets) == 3 and p.weights == (1.0, 1.0, 1.0)  # tolerance 50: every set accepted once
    assert p.settings["parameter_sets"] == 3 and p.settings["seed"] == 20250101
    # how each set was found, so a check can re-simulate it (tests/test_shipped_posterior.py)
    assert p.lhs_rows == (0, 1, 2) and [len(y) for y in p.simulated_minutes] == [2, 2, 2]
    assert "raddsim calibrate --sets 3 --replications 2 --tolerance 50.0" in post.read_text(encoding="utf-8")
    assert "Wrote the 3 accepted sets" in capsys.readouterr().out
    # A scenario runs over them: load the written file as current's posterior.
    r = load_region(None, extra_scenarios=[_scenario(tmp_path, post)])
    assert r.scenarios["over"].posterior == p


def _scenario(tmp_path, post) -> object:
    f = tmp_path / "over.toml"
    # Based on 'current', the scenario calibrated (sets of one scenario do not fit another).
    f.write_text(f'[scenarios.over]\nbase = "current"\nposterior = "{post.as_posix()}"\n', encoding="utf-8")
    return f


@pytest.mark.parametrize("option", ["--write", "--json"])
def test_calibrate_cli_refuses_an_existing_output_before_any_work(tmp_path, capsys, option) -> None:
    # The README's command once wrote over the shipped posterior without a word: every output is refused now.
    mine = tmp_path / "mine.toml"
    mine.write_text("# mine\n", encoding="utf-8")
    out = tmp_path / "cal.toml"
    assert main(["calibrate", "--out", str(out), option, str(mine), "--sets", "3", "--replications", "2"]) == 2
    err = capsys.readouterr().err
    assert f"{mine}: {option}: the output file exists; raddsim does not overwrite it." in err
    assert f"choose another {option}, or pass --force to replace it." in err
    assert mine.read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]  # refused before --out was written


def test_calibrate_cli_force_replaces_every_output_atomically(tmp_path, capsys) -> None:
    import json

    from raddsim.region.posterior import load_posterior

    out, post, res = tmp_path / "cal.toml", tmp_path / "post.toml", tmp_path / "res.json"
    for f in (out, post, res):
        f.write_text("# old\n", encoding="utf-8")
    args = ["calibrate", "--out", str(out), "--write", str(post), "--json", str(res), "--sets", "3",
            "--replications", "2", "--tolerance", "50", "--processes", "0", "--force"]
    assert main(args) == 0
    assert len(load_posterior(post).sets) == 3 and json.loads(res.read_text(encoding="utf-8"))["accepted_sets"] == 3
    assert "current-calibrated" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.toml", "post.toml", "res.json"]  # no temporaries


def test_calibrate_cli_json_and_write_on_one_file_is_refused(tmp_path, capsys) -> None:
    same = tmp_path / "x.toml"
    assert main(["calibrate", "--out", str(tmp_path / "c.toml"), "--write", str(same), "--json", str(same)]) == 2
    assert "--json names the same file as --write" in capsys.readouterr().err and not same.exists()
