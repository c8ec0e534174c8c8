"""Calibration recovers a known parameter, reports plausibility, and writes a usable scenario file (issue 6)."""

from __future__ import annotations

import shutil
import tomllib

import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError
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
    lo, hi = res["fit"]["mean_ci95"]
    assert f"95% CI [{lo:.2f}, {hi:.2f}]." in text  # as the mean beside it, not 17 digits


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


@pytest.mark.parametrize("option, name", [("--write", "mine.toml"), ("--json", "mine.json")])
def test_calibrate_cli_refuses_an_existing_output_before_any_work(tmp_path, capsys, option, name) -> None:
    # The README's command once wrote over the shipped posterior without a word: every output is refused now.
    mine = tmp_path / name  # named as the output is written (--json mine.toml: refused for its ending first)
    mine.write_text("# mine\n", encoding="utf-8")
    out = tmp_path / "cal.toml"
    assert main(["calibrate", "--out", str(out), option, str(mine), "--sets", "3", "--replications", "2"]) == 2
    err = capsys.readouterr().err
    assert f"{mine}: {option}: the output file exists; raddsim does not overwrite it." in err
    assert f"choose another {option}, or pass --force to replace it." in err
    assert mine.read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # refused before --out was written


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


def test_abc_keeps_its_simulations_in_a_sweep_dir_and_resumes_from_it(tmp_path, capsys) -> None:
    """``--sweep-dir DIR``: the simulations stay in DIR; a calibration stopped part-way (here: part files lost, as
    after a kill before they were written) simulates only what is missing and writes the files an uninterrupted
    run writes; another calibration's folder is refused, naming what differs."""
    from raddsim.sweep.folder import RESULTS_FILE, part_files
    from raddsim.sweep.results import finished_tasks

    common = ["calibrate", "--sets", "4", "--replications", "2", "--tolerance", "50", "--processes", "0"]
    plain, kept = tmp_path / "plain", tmp_path / "kept"
    for d in (plain, kept):
        d.mkdir()
    assert main(common + ["--out", str(plain / "c.toml"), "--json", str(plain / "c.json")]) == 0
    sweep = tmp_path / "sims"
    assert main(common + ["--out", str(kept / "c.toml"), "--sweep-dir", str(sweep)]) == 0
    assert len(finished_tasks(sweep)) == 8 and (sweep / RESULTS_FILE).exists()  # a task: one simulated year
    for p in part_files(sweep)[:3]:
        p.unlink()
    (sweep / RESULTS_FILE).unlink()
    left = len(finished_tasks(sweep))
    assert 0 < left < 8
    (kept / "c.toml").unlink()
    capsys.readouterr()
    assert main(common + ["--out", str(kept / "c.toml"), "--json", str(kept / "c.json"), "--sweep-dir",
                          str(sweep)]) == 0
    assert f"Resuming from {sweep}: {left} simulated years already there." in capsys.readouterr().out
    assert (kept / "c.toml").read_bytes() == (plain / "c.toml").read_bytes()
    assert (kept / "c.json").read_bytes() == (plain / "c.json").read_bytes()
    assert len(finished_tasks(sweep)) == 8
    code = main(common[:2] + ["5"] + common[3:] + ["--out", str(tmp_path / "x.toml"), "--sweep-dir", str(sweep)])
    err = capsys.readouterr().err
    assert code == 2 and "--sweep-dir" in err and "--sets 4 before, 5 now" in err and "Traceback" not in err


@pytest.mark.parametrize("argv, words", [
    (["--years", "2"], "--years is for --method bisect"),
    (["--method", "bisect", "--sweep-dir", "d"], "--sweep-dir is for --method abc"),
    (["--method", "bisect", "--processes", "2"], "--processes is for --method abc"),
    (["--method", "bisect", "--write", "p.toml"], "--write is for --method abc"),
    (["--method", "bisect", "--sets", "30"], "--sets is for --method abc"),
])
def test_an_option_the_method_would_ignore_is_refused(tmp_path, capsys, argv, words) -> None:
    assert main(["calibrate", "--out", str(tmp_path / "c.toml"), *argv]) == 2
    assert words in capsys.readouterr().err and not (tmp_path / "c.toml").exists()


def test_a_parameter_the_scenario_does_not_use_is_said_to_have_no_effect() -> None:
    """Equal simulated means at both ends of a range (common random numbers) mean the scenario does not use the
    parameter (audit4: network.blue_light.scale with blue light off read 'cannot reach 7.10 min (6.88–6.88)')."""
    from raddsim.experiment.calibrate import Parameter, _fit_parameter

    p = Parameter("network.blue_light.scale", 0.8, 1.2, (0.8, 1.2), "test")
    entry, value, _ = _fit_parameter(p, lambda x: 6.88 - 7.10, 7.10, 0.02)
    assert value is None and entry["why"].startswith("it has no effect in this scenario (simulated 6.88 min")
    entry, value, _ = _fit_parameter(p, lambda x: x - 2.0, 7.10, 0.02)  # moves, but not far enough
    assert value is None and entry["why"].startswith("its range cannot reach 7.10 min")


@pytest.mark.parametrize("old, new, field, says", [
    ("range = [0.0, 3.0]", "range = [true, 3.0]", "range", "low < high"),
    ("plausible = [0.5, 1.8]", "plausible = [5.0, 8.0]", "plausible", "outside the range"),
    ('key = "demand.access.rural_mean_m"', 'key = "network.blue_light.scale"', "key",
     "also calibration.parameters[0]"),
])
def test_a_bad_bisect_parameter_is_refused(tmp_path, old, new, field, says) -> None:
    # Were accepted (audit12): true read as 1, a plausible range the fit never reaches, one key fitted twice.
    from raddsim.experiment.calibrate import parse_parameters
    from raddsim.region.region import default_region_path, load_region

    shutil.copytree(default_region_path().parent, tmp_path / "stations")  # the files it names, beside it
    path = tmp_path / "stations" / default_region_path().name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1).replace('"../', f'"{default_region_path().parent.parent.as_posix()}/'),
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_parameters(load_region(path))
    assert err.value.field.endswith(field) and says in err.value.message, str(err.value)
