"""A second target for the effective force: ``[region] effective_target_minutes``.

raddsim read every "within target" figure of the effective force (the incident type's whole force on scene) against
the first crew's ``target_minutes``; a handlingsprogram's "rökdykarstyrka inom 20 min" or NFPA 1710's effective
response force (480 s of travel: 64 + 80 + 480 s = 10.4 min) could not be said. Runs on docs/formats.md's NFPA
recipe (tests/test_other_regions6.py: first crew within 6.4 min, the ERF within 10.4), a few seconds each.
"""

from __future__ import annotations

import csv
import html
import json
import logging
import re
from pathlib import Path

import numpy as np
import pytest
from region_checks import assert_refused_once
from test_other_regions6 import write_nfpa_region

from raddsim.cli import main
from raddsim.coverage.grid import make_grid
from raddsim.coverage.simulated import simulated_coverage
from raddsim.engine import RunRecords
from raddsim.experiment.board import area_effective_figures
from raddsim.experiment.compare import paired_differences, replication_figures, run_scenarios
from raddsim.experiment.model import build_model
from raddsim.figures.metrics import effective_force_minutes
from raddsim.region.region import load_region
from raddsim.sweep.rows import task_figures

EFFECTIVE_KEYS = re.compile(r"^effective_target_(minutes|source) = .*\n", flags=re.M)
FIRST, FORCE = 6.4, 10.4  # the recipe's targets: the first crew's, and the ERF's


def _region(folder: Path, effective: str | None = "10.4") -> Path:
    """The NFPA recipe's region with ``effective_target_minutes = effective`` (None: the file sets none)."""
    write_nfpa_region(folder)
    toml = folder / "region.toml"
    text = EFFECTIVE_KEYS.sub("", toml.read_text(encoding="utf-8"))
    if effective is not None:
        text = text.replace("[region]\n", f"[region]\neffective_target_minutes = {effective}\n", 1)
    toml.write_text(text, encoding="utf-8")
    return folder


def _hand_shares(alarms: Path, column: str, within: float) -> dict[tuple[str, int], float]:
    """Per (scenario, replication) of an alarm table: the share of its alarms with ``column`` ≤ ``within`` minutes,
    an empty cell (the force never assembled, no crew came) a miss."""
    hits: dict[tuple[str, int], list[bool]] = {}
    with alarms.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            hits.setdefault((r["scenario"], int(r["replication"])), []).append(
                r[column] != "" and float(r[column]) <= within)
    return {k: float(np.mean(v)) for k, v in hits.items()}


def _run(folder: Path, tmp_path: Path, name: str) -> tuple[dict, Path]:
    """``raddsim run`` of the region (3 replications of 0.1 year): its JSON and its alarm table."""
    out_json, alarms = tmp_path / f"{name}.json", tmp_path / f"{name}.csv"
    assert main(["run", "--region", str(folder), "--replications", "3", "--years", "0.1", "--json", str(out_json),
                 "--alarms", str(alarms)]) == 0
    return json.loads(out_json.read_text(encoding="utf-8")), alarms


def test_the_runs_effective_share_is_a_hand_count_within_the_effective_target(tmp_path, capsys) -> None:
    """The effective force's share is the mean over replications of the alarm table's ``effective_force_min`` ≤ 10.4
    (empty: a miss); the first crew's figures are those of the region without the key, and the JSON gains only
    ``target_minutes`` and ``target_source`` in the effective blocks."""
    res, alarms = _run(_region(tmp_path / "with"), tmp_path, "with")
    before, _ = _run(_region(tmp_path / "without", None), tmp_path, "without")
    capsys.readouterr()
    hand = _hand_shares(alarms, "effective_force_min", FORCE)
    first = _hand_shares(alarms, "first_arrival_min", FIRST)
    changed = 0
    for name, sc in res["scenarios"].items():
        eff = sc["effective_force_minutes"]
        assert eff["target_minutes"] == FORCE and eff["target_source"] == ""
        assert eff["share_within_target"] == pytest.approx(np.mean([hand[name, r] for r in range(3)]), rel=1e-12)
        assert sc["share_within_target"] == pytest.approx(np.mean([first[name, r] for r in range(3)]), rel=1e-12)
        old = before["scenarios"][name]
        changed += eff["share_within_target"] > old["effective_force_minutes"]["share_within_target"]
        assert "target_minutes" not in old["effective_force_minutes"]
        for block in [sc] + list(sc["per_station"].values()) + list(sc["per_type"].values()):
            assert block["effective_force_minutes"]["target_minutes"] == FORCE
            block["effective_force_minutes"] = None  # compared apart, above
        for block in [old] + list(old["per_station"].values()) + list(old["per_type"].values()):
            block["effective_force_minutes"] = None
    assert changed == len(res["scenarios"])  # a longer target: more forces within it, in every scenario
    assert res["scenarios"] == before["scenarios"]  # everything else, the first crew's figures too, as before


def test_compares_paired_effective_differences_are_within_the_effective_target(tmp_path) -> None:
    """Per replication the effective force's share is the hand count within 10.4 min; the paired difference is the
    mean of the replications' differences of those counts (the first crew's stays within 6.4); the board's per-area
    effective figures too."""
    model = build_model(load_region(_region(tmp_path / "us")))
    runs = run_scenarios(model, ["today", "slower"], years=0.1, seed=3, replications=3)
    figs = [replication_figures(model, r) for r in runs]
    share = 3  # FIGURES.index("share_within_target")
    hands = []
    for run, f in zip(runs, figs):
        hand = [float(np.mean(effective_force_minutes(rec) <= FORCE)) for rec in run.records]
        np.testing.assert_allclose(f["effective_force"][:, share], hand, rtol=1e-12)
        first = [float(np.mean((rec.t_arrival - rec.t_alarm) / 60 <= FIRST)) for rec in run.records]
        np.testing.assert_allclose(f["first_arrival"][:, share], first, rtol=1e-12)
        hands.append(np.asarray(hand))
    d = paired_differences(figs[0], figs[1])["effective_force"]["share_within_target"]
    assert d["difference"] == pytest.approx(float(np.mean(hands[1] - hands[0])), rel=1e-9, abs=1e-12)
    assert d["base"] == pytest.approx(float(hands[0].mean()), rel=1e-12)
    areas = area_effective_figures(model, runs[0])  # the board's per-area effective differences
    for g, name in enumerate(model.area_names):
        hand = [float(np.mean(effective_force_minutes(rec)[model.node_area(inc.node) == g] <= FORCE))
                for inc, rec in zip(runs[0].incidents, runs[0].records)]
        np.testing.assert_allclose(areas[f"effective:{name}"][:, share], hand, rtol=1e-12)


@pytest.mark.parametrize("lang, first, force, line", [
    ("en", "alarms within 6.4 min", "alarms within 10.4 min",
     "Target: the incident type's whole force on scene within 10.4 min of the alarm."),
    ("sv", "larm inom 6,4 min", "larm inom 10,4 min", "Mål: larmtypens hela styrka på plats inom 10,4 min från larm."),
])
def test_run_and_compare_head_the_effective_share_with_its_target(tmp_path, capsys, lang, first, force, line) -> None:
    """``run``'s effective-force table heads its share "within 10.4 min" under a line naming the target, while the
    first crew's table keeps 6.4; ``compare``'s effective share row names 10.4 too."""
    folder = _region(tmp_path / "us")
    assert main(["run", "--region", str(folder), "--replications", "2", "--years", "0.05", "--lang", lang]) == 0
    text = capsys.readouterr().out
    title = "Alarm to effective force on scene" if lang == "en" else "Tid från larm till full styrka på plats"
    head, effective = text.split(title, 1)
    assert first in head and force not in head
    assert effective.split("\n")[1] == line and force in effective.split("\n\n")[0]
    assert main(["compare", "today", "slower", "--region", str(folder), "--replications", "2", "--years", "0.05",
                 "--lang", lang]) == 0
    text = capsys.readouterr().out
    row = "effective force within 10.4 min" if lang == "en" else "full styrka inom 10,4 min"
    assert line in text and any(r.startswith(row) for r in text.splitlines())


def test_a_sweep_rows_effective_share_is_within_the_effective_target(tmp_path, capsys) -> None:
    """``raddsim sweep``'s ``effective_share_within_target``: each replication's hand count within 10.4 min from the
    alarm table of ``run`` with the same seed (common random numbers), and ``sweep.json`` names the target."""
    pq = pytest.importorskip("pyarrow.parquet")
    folder = _region(tmp_path / "us")
    spec = tmp_path / "spec.toml"
    spec.write_text(f'region = "{folder.as_posix()}"\nbase = "today"\nreplications = 2\nyears = 0.1\nseed = 11\n\n'
                    '[axes]\n"demand.multiplier" = [1.0]\n', encoding="utf-8")
    assert main(["sweep", str(spec), "--out", str(tmp_path / "sw"), "--processes", "0", "--quiet"]) == 0
    alarms = tmp_path / "a.csv"
    assert main(["run", "--region", str(folder), "--scenario", "today", "--replications", "2", "--years", "0.1",
                 "--seed", "11", "--alarms", str(alarms)]) == 0
    capsys.readouterr()
    rows = pq.read_table(tmp_path / "sw" / "results.parquet").to_pylist()
    hand = _hand_shares(alarms, "effective_force_min", FORCE)
    first = _hand_shares(alarms, "first_arrival_min", FIRST)
    assert len(rows) == 2
    for row in rows:
        assert row["share_within_target"] == pytest.approx(first["today", row["replication"]], rel=1e-12)
        assert row["effective_share_within_target"] == pytest.approx(hand["today", row["replication"]], rel=1e-12)
    meta = json.loads((tmp_path / "sw" / "sweep.json").read_text(encoding="utf-8"))
    assert meta["target_minutes"] == FIRST and meta["effective_target_minutes"] == FORCE


def test_the_sweep_rows_target_argument_defaults_to_the_first_crews() -> None:
    """``task_figures`` reads the force against its own target when given one, else against ``target_minutes`` (as
    before); the first crew's share stays within ``target_minutes`` (forces at 500 and 700 s, first crews at 300,
    400 and 500 s)."""
    t, nan, f = np.zeros(4), np.nan, np.array
    rec = RunRecords(t, t, t + 60, f([300.0, 400.0, 500.0, nan]), f([500.0, 700.0, nan, nan]), f([nan] * 4),
                     f([nan] * 4), f([nan] * 4), f([0, 0, 0, -1]), np.ones(4, np.int64), np.zeros(4, np.int64),
                     np.zeros(4, bool), np.zeros(4, bool), np.zeros(4, bool))
    assert task_figures(rec, None, [], 10.0)["effective_share_within_target"] == 0.25
    assert task_figures(rec, None, [], 10.0, 12.0)["effective_share_within_target"] == 0.5
    assert task_figures(rec, None, [], 10.0, 12.0)["share_within_target"] == 0.75


def test_map_simulate_reads_the_effective_cells_against_the_effective_target(tmp_path) -> None:
    """The simulated map's effective share: overall the hand count within 10.4 min, and the cells' counts sum to
    the alarms whose force was on scene within 10.4 min; the map's figures name 10.4."""
    from raddsim.experiment.runs import run_scenario

    region = load_region(_region(tmp_path / "us"))
    model = build_model(region)
    run = run_scenario(model, region.scenarios["today"], years=0.1, replications=2, seed=4, keep_records=True)
    sim = simulated_coverage(model, run, make_grid(model.network, 500.0))
    minutes = [effective_force_minutes(rec) for rec in run.records]
    hand = [float(np.mean(m <= FORCE)) for m in minutes]
    assert sim.overall["effective_force"]["share_within_target"] == pytest.approx(np.mean(hand), rel=1e-12)
    assert sim.cell_effective_within is not None
    assert sim.cell_effective_within.sum() == pytest.approx(sum(int(np.sum(m <= FORCE)) for m in minutes), rel=1e-9)
    assert sim.target_of("effective") == FORCE and sim.target_of("first") == FIRST
    assert sim.summary()["effective_target_minutes"] == FORCE
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from raddsim.views.mapcontext import map_context
    from raddsim.views.maps import probability_map

    fig = probability_map(sim, map_context(model, region.scenarios["today"]), measure="effective")
    texts = " ".join(" ".join(x.get_text() for x in fig.findobj(Text)).split())  # wrapped lines, no-break spaces
    plt.close(fig)
    share = round(100 * sim.overall["effective_force"]["share_within_target"])
    assert f"Alarms with the effective force within 10.4 min: {share} %" in texts
    assert "within 6.4 min" not in texts


def test_the_report_reads_the_effective_force_against_its_own_target(tmp_path) -> None:
    """The report's effective-force table heads its share "within 10.4 min", its paired differences name the
    effective target, the static coverage table has the force's residents within 10.4 min, and the static per-area
    figures say the force's share is within it."""
    out, folder = tmp_path / "r.html", _region(tmp_path / "us")
    toml = folder / "region.toml"  # docs/formats.md's "ERF on the maps": the static maps of the structure fire's force
    toml.write_text(toml.read_text(encoding="utf-8").replace("[region]\n", '[region]\ncoverage_force = '
                                                               '"structure_fire"\n', 1), encoding="utf-8")
    assert main(["report", "--region", str(folder), "--replications", "1", "--years", "0.05",
                 "--no-what-if", "--out", str(out)]) == 0
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8"))))
    effective = text.split("Alarm to effective force on scene", 1)[1]
    assert effective.split("%", 1)[0].count("alarms within 10.4 min") == 1
    assert "effective force within 10.4 min (pp)" in text
    assert "the effective force's share is within its own target, 10.4 min" in text
    assert "effective force ≤ 10.4 min" in text and "first crew ≤ 10.4 min" not in text  # residents, every crew free


@pytest.mark.parametrize("value, says", [("0", "must be greater than 0, got 0"),
                                         ("-1", "must be greater than 0, got -1"),
                                         ('"20 min"', "expected a number, got '20 min'"),
                                         ("5000", "must be at most 1440")])
def test_a_bad_effective_target_is_one_error_naming_the_key(tmp_path, capsys, value, says) -> None:
    folder = _region(tmp_path / "us", value)
    assert_refused_once(folder, "region.effective_target_minutes", says, capsys)


def test_an_effective_target_below_the_first_crews_is_warned(tmp_path, caplog) -> None:
    """A force cannot be complete before its first crew is on scene (6.4 min here): 5 min is a slip or swapped keys;
    the region loads all the same, and its own target is read."""
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert load_region(_region(tmp_path / "ok", "10.4")).effective_target() == FORCE
        assert not [r for r in caplog.records if "effective_target" in r.getMessage()]
        assert load_region(_region(tmp_path / "slip", "5")).effective_target() == 5.0
    said = [r.getMessage() for r in caplog.records if "effective_target" in r.getMessage()]
    assert len(said) == 1 and "effective_target_minutes = 5 is less than region.target_minutes = 6.4" in said[0]
    assert load_region(_region(tmp_path / "none", None)).effective_target() == FIRST  # without the key: the target
