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
    assert "effective force" in text and "Per incident type" in text and "Readiness" in text
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
