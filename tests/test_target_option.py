"""``--target MIN`` on every command that reads the target: compare, target, map and report (run had it alone).

Each command is run with ``--target 8`` on the default region (target 10) and its figures are checked against
ones computed independently: the alarms' shares from ``run --alarms``'s per-alarm first-arrival minutes (the same
seed simulates the same alarms in every command), the residents' from the static coverage's own minutes. Before
the option existed argparse refused ``--target`` on the four commands, so each of these tests failed.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from corpus_helpers import write_corpby

from raddsim.cli import main

SIM = ["--years", "0.1", "--replications", "3"]
SCENARIOS = ["minimum", "ambition"]


@pytest.fixture(scope="module")
def per_alarm(tmp_path_factory) -> dict[str, list[list[float]]]:
    """Each scenario's first-arrival minutes per replication (an alarm no crew reached: infinity), from run --alarms."""
    table = tmp_path_factory.mktemp("alarms") / "alarms.csv"
    assert main(["run", *SCENARIOS, *SIM, "--alarms", str(table)]) == 0
    reps: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with table.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            minutes = float(row["first_arrival_min"]) if row["first_arrival_min"] else float("inf")
            reps[row["scenario"]][row["replication"]].append(minutes)
    return {s: list(by_rep.values()) for s, by_rep in reps.items()}


def _share(per_rep: list[list[float]], target: float) -> float:
    """The share within ``target``: each replication's share, averaged over the replications (as run's figures)."""
    return sum(sum(m <= target for m in rep) / len(rep) for rep in per_rep) / len(per_rep)


def _text(page: Path) -> str:
    """The words of an HTML page (no scripts, styles or embedded images)."""
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


def test_compare_target_8_reads_every_share_against_8(per_alarm, tmp_path, capsys) -> None:
    out = tmp_path / "c.json"
    assert main(["compare", *SCENARIOS, *SIM, "--target", "8", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "within 8 min of the alarm" in text and "alarms within 8 min" in text and "within 10 min" not in text, text
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["target_minutes"] == 8
    for s in SCENARIOS:
        assert _share(per_alarm[s], 8) != _share(per_alarm[s], 10)  # the target moves the share
        assert res["scenarios"][s]["share_within_target"] == pytest.approx(_share(per_alarm[s], 8), abs=1e-12)


def test_target_target_8_reads_alarms_and_residents_against_8(per_alarm, tmp_path, capsys) -> None:
    out, maps = tmp_path / "t.json", tmp_path / "maps"
    assert main(["target", *SCENARIOS, *SIM, "--no-levers", "--cell", "2000", "--target", "8", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "alarms within 8 min:" in text and "residents within 8 min" in text and "10 min" not in text, text
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["target_minutes"] == 8
    # The residents: the map's static coverage within its own 8 minutes (the same grid; without --target it maps
    # 10, 20 and 30 only).
    assert main(["map", "minimum", "--cell", "2000", "--out", str(maps)]) == 0
    assert "8" not in json.loads((maps / "coverage.json").read_text(encoding="utf-8"))["scenarios"]["minimum"]["within"]
    assert main(["map", "minimum", "--cell", "2000", "--target", "8", "--out", str(maps)]) == 0
    cov = json.loads((maps / "coverage.json").read_text(encoding="utf-8"))
    for s in SCENARIOS:
        assert res["scenarios"][s]["share_within_target"] == pytest.approx(_share(per_alarm[s], 8), abs=1e-12)
        assert res["scenarios"][s]["population_within_target"]["minutes"] == 8
    assert res["scenarios"]["minimum"]["population_within_target"]["share"] == pytest.approx(
        cov["scenarios"]["minimum"]["within"]["8"], abs=1e-12)


def test_map_target_8_in_coverage_json_table_and_simulated_maps(tmp_path, capsys) -> None:
    out = tmp_path / "maps"
    assert main(["map", "minimum", "--cell", "2000", "--target", "8", "--simulate", "--sim-cell", "5000", "--years",
                 "0.05", "--replications", "2", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "first crew ≤ 8" in text, text
    cov = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    assert cov["target_minutes"] == 8 and cov["scenarios"]["minimum"]["simulated"]["target_minutes"] == 8


def test_map_legend_breaks_at_the_target_given() -> None:
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.views.maps import map_context

    model = build_model(load_region(target_minutes=8))
    assert map_context(model, model.region.scenarios["minimum"], None).target_minutes == 8


def test_report_target_8_on_page_one_tables_sources_and_reproduce_line(per_alarm, tmp_path, capsys) -> None:
    out = tmp_path / "r.html"
    assert main(["report", *SCENARIOS, *SIM, "--no-what-if", "--cell", "2000", "--target", "8", "--out",
                 str(out)]) == 0
    text = _text(out)
    share = round(100 * _share(per_alarm["minimum"], 8))
    assert re.search(r"minimum \(The board's minimum staffing level \(2025\)\): on average the first crew is on "
                     r"scene [\d.]+ minutes after the alarm \(95 % interval [^)]*\), [\d.]+ minutes over the target "
                     rf"of 8\. {share}\s?% of the alarms \(95 % interval [^)]*\) are reached within 8 minutes\.",
                     text), text[:3000]
    assert "alarms within 8 min" in text and "alarms within 10 min" not in text
    # where the target comes from: the command line, not the region file (whose target was 10)
    assert "--target 8 on the command line (the region file's: 10 min)" in text
    assert re.search(r"Reproduce with: raddsim report minimum ambition .*--target 8 .*--out r\.html", text)


def test_report_command_line_carries_target_only_when_given() -> None:
    import argparse

    from raddsim.cli.report import command_line

    args = argparse.Namespace(years=1.0, replications=30, seed=1, what_if_replications=10, cell=250.0,
                              sim_cell=2000.0, lang="en", stations=None, boundary=None, offroad_kmh=None,
                              scenarios_file=None, warmup=0.0, no_what_if=False, out=Path("r.html"), target=7.5)
    assert "--target 7.5 " in command_line(args, ["a", "b"])
    args.target = None
    assert "--target" not in command_line(args, ["a", "b"])


def test_target_zones_keep_their_own_targets_as_in_run(tmp_path) -> None:
    """With [region] target_zones, --target replaces the target of the alarms outside every zone only, in target
    as in run: both give the same share of alarms within their own zone's target."""
    region = write_corpby(tmp_path / "corpby")
    out = {}
    for command in ("run", "target"):
        out[command] = tmp_path / f"{command}.json"
        extra = ["--no-levers"] if command == "target" else []
        assert main([command, "--region", str(region), "--years", "0.05", "--replications", "2", "--target", "6",
                     *extra, "--json", str(out[command])]) == 0
    run = json.loads(out["run"].read_text(encoding="utf-8"))["scenarios"]["low"]
    tgt = json.loads(out["target"].read_text(encoding="utf-8"))["scenarios"]["low"]
    assert run["per_zone"]["Town"]["target_minutes"] == 8  # zones.geojson's, not --target's
    assert tgt["share_within_zone_target"] == pytest.approx(run["zone_targets"]["share_within_zone_target"])


def test_compare_uncertain_out_of_another_target_is_refused(tmp_path, capsys) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "unc"
    argv = ["compare", *SCENARIOS, "--years", "0.02", "--replications", "2", "--set-replications", "1",
            "--processes", "0", "--out", str(out), "--uncertain", "2"]
    assert main([*argv, "--target", "8"]) == 0
    capsys.readouterr()
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and "--out holds the sets of another comparison: its shares were read against a " \
        "target of 8 min, now 10 min." in err and "--target to resume" in err, err
    assert main([*argv, "--target", "8"]) == 0  # the same target resumes
