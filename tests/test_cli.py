"""The commands as a user types them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from raddsim.cli import main

ROOT = Path(__file__).resolve().parents[1]


def raddsim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "raddsim", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def test_run_json_contract(tmp_path, capsys) -> None:
    out = tmp_path / "res.json"
    assert main(["run", "--replications", "4", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "APPROXIMATE" in printed and "minimum" in printed and "ambition" in printed
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["target_minutes"] == 10
    assert res["network"]["approximate"] is True
    assert set(res["scenarios"]) == {"minimum", "ambition"}
    for s in res["scenarios"].values():
        assert s["replications"] == 4 and s["alarms"] > 4 * 600
        fa = s["first_arrival_minutes"]
        assert {"mean", "mean_ci95", "median", "p90"} <= set(fa)
        lo, hi = fa["mean_ci95"]
        assert lo < fa["mean"] < hi
        assert 0 <= s["share_within_target_ci95"][0] <= s["share_within_target"] <= s["share_within_target_ci95"][1] <= 1
        assert set(s["per_station"]) == {"Norrtälje", "Rimbo", "Hallstavik", "Älmsta", "Blidö", "Archipelago"}
        for area in s["per_station"].values():
            assert {"alarms", "replications", "first_arrival_minutes", "share_within_target", "share_within_target_ci95"} <= set(area)
        assert sum(a["alarms"] for a in s["per_station"].values()) == s["alarms"]


def test_same_seed_identical_json_other_seed_differs(tmp_path) -> None:
    a, b, c = (tmp_path / f"{k}.json" for k in "abc")
    for path, seed in ((a, "7"), (b, "7"), (c, "8")):
        assert main(["run", "--replications", "3", "--seed", seed, "--json", str(path)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_scenario_selection_and_unknown_scenario(tmp_path, capsys) -> None:
    out = tmp_path / "r.json"
    assert main(["run", "--scenario", "ambition", "--replications", "2", "--json", str(out)]) == 0
    assert list(json.loads(out.read_text())["scenarios"]) == ["ambition"]
    capsys.readouterr()
    assert main(["run", "--scenario", "ambitoin"]) == 2
    err = capsys.readouterr().err
    assert "unknown scenario 'ambitoin'" in err and "Did you mean 'ambition'" in err


def test_bad_station_file_exit_2_without_traceback(region_file) -> None:
    bad = region_file(lambda s: s.replace("turnout_minutes = 8", "turnout_minutes = -8"))
    proc = raddsim("run", "--stations", str(bad))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "crews.blido.turnout_minutes" in proc.stderr and str(bad) in proc.stderr
    assert proc.stderr.count("\n") == 1  # one message, one line


def test_bad_arguments_are_usage_errors() -> None:
    proc = raddsim("run", "--replications", "0")
    assert proc.returncode == 2 and "must be at least 1" in proc.stderr and "Traceback" not in proc.stderr


def test_swedish_table(capsys) -> None:
    assert main(["run", "--replications", "2", "--lang", "sv"]) == 0
    assert "Tid från larm till första styrka på plats" in capsys.readouterr().out


def test_demand_summary_and_plot(tmp_path, capsys) -> None:
    png, js = tmp_path / "d.png", tmp_path / "d.json"
    assert main(["demand", "--season", "summer", "--replications", "3", "--plot", str(png), "--json", str(js)]) == 0
    out = capsys.readouterr().out
    assert "Building fire" in out and "day (07–19) / night (19–07) ratio" in out
    assert png.stat().st_size > 10_000 and png.read_bytes()[:4] == b"\x89PNG"
    res = json.loads(js.read_text(encoding="utf-8"))
    assert res["season"] == "summer" and sum(res["by_month"][k] for k in (5, 6, 7)) == res["alarms"]
    assert res["island_share"]["summer"] > 0


def test_run_reports_both_times_per_type_and_readiness(tmp_path, capsys) -> None:
    out = tmp_path / "r.json"
    assert main(["run", "--replications", "3", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "effective force" in text and "Per incident type" in text and "Not on a call" in text
    res = json.loads(out.read_text(encoding="utf-8"))
    s = res["scenarios"]["minimum"]
    assert set(s["per_type"]) == {"automatic_alarm", "building_fire", "other_fire", "traffic_accident", "ivpa",
                                  "water_rescue", "other_assistance"}
    # Building fires need a 1+4 smoke-diving force: it arrives after the first crew on average.
    bf = s["per_type"]["building_fire"]
    assert bf["effective_force_minutes"]["mean"] > bf["first_arrival_minutes"]["mean"]
    assert s["readiness"]["crews"]["Älmsta"]["available_share"] > 0.5
    assert s["readiness"]["smoke_diving_force_time_share"]["Älmsta"]["within_10_min"] == 0.0  # 1+2 alone cannot
    assert res["scenarios"]["ambition"]["readiness"]["smoke_diving_force_time_share"]["Älmsta"]["within_10_min"] > 0.5


def test_scenarios_as_arguments_or_with_the_option_on_every_command(tmp_path, capsys) -> None:
    """`run ambition` and `compare --scenario minimum --scenario ambition` mean what they say."""
    from raddsim.cli import build_parser
    from raddsim.cli.args import scenario_names

    parser = build_parser()
    for command in ("run", "compare", "target", "map", "report"):
        args = parser.parse_args([command, "minimum", "--scenario", "ambition", "--scenario", "current"])
        assert scenario_names(args) == ["minimum", "ambition", "current"], command
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["compare", "minimum", "ambition", "--replications", "3", "--json", str(a)]) == 0
    assert main(["compare", "--scenario", "minimum", "--scenario", "ambition", "--replications", "3",
                 "--json", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert main(["run", "ambition", "--replications", "2", "--json", str(a)]) == 0
    assert list(json.loads(a.read_text(encoding="utf-8"))["scenarios"]) == ["ambition"]
    capsys.readouterr()
    assert main(["compare", "minimum", "--scenario", "minimum"]) == 2  # a difference from itself: refused
    assert "minimum" in capsys.readouterr().err


def test_an_option_is_never_completed_from_a_prefix(capsys) -> None:
    """argparse would read `--scenari` as `--scenarios-file` and complain about a missing file."""
    import pytest

    for argv in (["map", "--scenari", "minimum"], ["compare", "minimum", "ambition", "--rep", "3"],
                 ["network", "info", "--stat", "x"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2, argv
        err = capsys.readouterr().err
        assert "unrecognized arguments" in err and "file not found" not in err, (argv, err)


def test_an_unknown_scenario_in_the_installed_copy_says_how_to_use_an_edited_file(tmp_path, monkeypatch) -> None:
    import pytest

    from raddsim.core.errors import InputError
    from raddsim.region import region as region_module
    from raddsim.region.scenarios import select_scenarios

    installed = tmp_path / "site-packages" / "raddsim" / "_data" / "stations" / "norrtalje.toml"
    installed.parent.mkdir(parents=True)
    installed.write_text("", encoding="utf-8")
    for path, hint in ((installed, True), (tmp_path / "mine.toml", False)):
        monkeypatch.setattr(region_module, "default_region_path", lambda p=path: p)
        with pytest.raises(InputError) as exc:
            select_scenarios({"minimum": 1}, ["my-test"], str(path))
        assert ("--stations PATH" in str(exc.value)) is hint, str(exc.value)


def test_target_option_sets_the_per_alarm_target_and_a_defaulted_indicator_target(region_file, tmp_path,
                                                                                  capsys) -> None:
    """--target 8: "within 8 min" everywhere; the yearly indicator keeps a target of its own, else follows."""
    out = tmp_path / "r.json"
    for path, indicator_target in ((None, 10.0), (region_file(lambda s: s.replace("target_minutes = 10.00\n", "")), 8.0)):
        argv = ["run", "--target", "8", "--replications", "2", "--scenario", "minimum", "--json", str(out)]
        assert main(argv + ([] if path is None else ["--stations", str(path)])) == 0
        printed = capsys.readouterr().out
        res = json.loads(out.read_text(encoding="utf-8"))
        assert res["target_minutes"] == 8
        assert res["scenarios"]["minimum"]["indicator"]["target_minutes"] == indicator_target
        assert "single alarms within 8 min" in printed and "within 10 min" not in printed, printed
        assert f"P(year ≤ {indicator_target:g})" in printed


def test_replications_shorter_than_a_year_have_no_yearly_indicator(tmp_path, capsys) -> None:
    """Three replayed alarms or --years 0.2 give no "yearly value" or P(year ≤ target): a part year is not a year."""
    out = tmp_path / "r.json"
    assert main(["run", "--years", "0.2", "--replications", "3", "--scenario", "minimum", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    ind = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["minimum"]["indicator"]
    assert ind["years"] == 0 and ind["mean"] is None and ind["p_meets_target"] is None
    assert "needs whole simulated years: each replication here covers 0.2 year(s)" in printed
    assert "P(year ≤" not in printed
    assert main(["run", "--years", "2", "--replications", "2", "--scenario", "minimum", "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["scenarios"]["minimum"]["indicator"]["years"] == 4


def test_compare_says_when_the_precision_asked_for_was_not_reached(tmp_path, capsys) -> None:
    out = tmp_path / "c.json"
    assert main(["compare", "minimum", "ambition", "--precision", "0.000001", "--max-replications", "3",
                 "--json", str(out)]) == 0
    assert "(1e-06 min) was NOT reached: the run stopped at --max-replications 3" in capsys.readouterr().out
    settings = json.loads(out.read_text(encoding="utf-8"))["settings"]
    assert settings["precision_reached"] is False and settings["replications"] == 3
    assert main(["compare", "minimum", "ambition", "--precision", "50", "--json", str(out)]) == 0
    assert "NOT reached" not in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["settings"]["precision_reached"] is True


def test_a_run_that_measures_nothing_or_takes_long_says_so_first(caplog) -> None:
    from raddsim.demand.volume import workload_note

    assert "give more --years" in workload_note(800, 1e-9, 2, 2)
    assert "about 160,000,000 alarms" in workload_note(800, 100, 1000, 2)
    assert workload_note(800, 1, 30, 2) is None  # the default run: nothing to say
    with caplog.at_level("WARNING", logger="raddsim"):
        assert main(["run", "--years", "1e-9", "--replications", "2"]) == 0
    assert any("give more --years" in r.getMessage() for r in caplog.records)


def test_main_builds_its_parser_once_per_process_and_keeps_no_state_between_calls(monkeypatch, capsys) -> None:
    """A notebook or a test calls main() many times: the parser (≈ 2,000 add_argument calls) is built once in the
    main thread. A second call sees none of the first call's options; another thread builds its own parser."""
    import threading

    import raddsim.cli as cli

    built = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: built.append(1) or real())
    cli._main_thread_parser.cache_clear()
    try:
        quick = ["--years", "0.02", "--replications", "2"]
        assert main(["run", "--scenario", "ambition", *quick]) == 0
        first = capsys.readouterr().out
        assert main(["run", *quick]) == 0  # the default scenarios, not the first call's --scenario
        second = capsys.readouterr().out
        assert len(built) == 1
        assert "1 scenario(s)" in first and "2 scenario(s)" in second, (first[:200], second[:200])
        codes = []
        thread = threading.Thread(target=lambda: codes.append(main(["run", *quick])))
        thread.start()
        thread.join()
        assert codes == [0] and len(built) == 2
    finally:
        cli._main_thread_parser.cache_clear()  # the next test builds from the real build_parser again
