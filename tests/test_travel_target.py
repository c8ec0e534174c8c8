"""The first crew's own travel (leaving → on scene) and a travel target, as NFPA 1710 states its first engine's 240 s.

docs/formats.md told a planner to read travel as ``t_arrival_s − t_turnout_end_s``: the first *alerted* crew's
leaving, wrong whenever another crew arrives first (an alarm that waited, a crew alerted later from nearer). The
engine now records the first crew on scene's own leaving (``RunRecords.t_first_leave``); ``[region]
travel_target_minutes`` adds a table of its figures to ``run`` and ``compare``. Runs on docs/formats.md's NFPA
recipe (tests/test_other_regions6.py), a few seconds each.
"""

from __future__ import annotations

import json
import logging
import math
import re
from pathlib import Path

import numpy as np
import pytest
from region_checks import assert_refused_once
from scipy import stats
from test_other_regions6 import write_nfpa_region

from raddsim.cli import main
from raddsim.engine import RunRecords
from raddsim.experiment.alarm_table import NAMES, alarm_columns
from raddsim.experiment.model import build_model
from raddsim.experiment.runs import run_scenario
from raddsim.experiment.summary import scenario_summary
from raddsim.figures import metrics
from raddsim.region.region import load_region

TRAVEL_KEYS = re.compile(r"^travel_target_(minutes|source) = .*\n", flags=re.M)


def _region(folder: Path, travel: str | None = "4") -> Path:
    """The NFPA recipe's region with ``travel_target_minutes = travel`` (None: the file sets no travel target)."""
    write_nfpa_region(folder)
    toml = folder / "region.toml"
    text = TRAVEL_KEYS.sub("", toml.read_text(encoding="utf-8"))
    if travel is not None:
        text = text.replace("[region]\n", f"[region]\ntravel_target_minutes = {travel}\n", 1)
    toml.write_text(text, encoding="utf-8")
    return folder


def _run(folder: Path, travel: str | None, replications: int = 3, en_route: bool = False):
    """(model, run) of the NFPA region: ``replications`` of 0.2 years with their records; some alarms wait.
    ``en_route``: crews driving home may be sent from the road (and a lone crew's arrival is booked at once)."""
    _region(folder, travel)
    if en_route:
        with (folder / "region.toml").open("a", encoding="utf-8") as f:
            f.write("\n[dispatch]\nen_route = true\n")
    region = load_region(folder)
    model = build_model(region)
    run = run_scenario(model, region.scenarios["today"], years=0.2, replications=replications, seed=5,
                       keep_records=True)
    return model, run


@pytest.fixture(scope="module")
def nfpa(tmp_path_factory):
    """The NFPA region without a travel target: the engine records the travel all the same."""
    return _run(tmp_path_factory.mktemp("nfpa"), None)


@pytest.fixture(scope="module")
def nfpa_road(tmp_path_factory):
    """The same with dispatch on the road (``[dispatch] en_route``)."""
    return _run(tmp_path_factory.mktemp("nfpa_road"), None, en_route=True)


def _own_travel(rec: RunRecords) -> np.ndarray:
    """Minutes from the first crew's leaving to its arrival, read from its mission record (NaN: nobody came)."""
    m = rec.missions
    assert m is not None
    leave = {(int(a), int(c), float(t)): float(lv) for a, c, t, lv in zip(m.alarm, m.crew, m.t_arrive, m.t_leave)}
    out = np.full(len(rec), np.nan)
    for i in np.flatnonzero(rec.crew >= 0):
        out[i] = (rec.t_arrival[i] - leave[int(i), int(rec.crew[i]), float(rec.t_arrival[i])]) / 60.0
    return out


@pytest.mark.parametrize("which", ["nfpa", "nfpa_road"])
def test_the_recorded_travel_is_the_first_crews_own_not_the_first_alerted_ones(which, request) -> None:
    """Where the first alerted crew is not the first on scene (13–16 alarms a replication here), the travel is the
    one that arrived: its arrival minus its own leaving, as its mission record has them. With dispatch on the road
    also a crew sent from the road (it leaves where it is) and a lone crew whose arrival is booked at once."""
    _, run = request.getfixturevalue(which)
    others = 0
    for rec in run.records:
        own = _own_travel(rec)
        np.testing.assert_array_equal(metrics.first_travel_minutes(rec), own)
        other = np.isfinite(rec.t_arrival) & (rec.t_first_leave != rec.t_turnout_end)
        others += int(other.sum())
        old = (rec.t_arrival - rec.t_turnout_end) / 60.0  # the docs' former recipe
        assert np.all(own[other] != old[other])
    assert others >= 10 or which == "nfpa_road"  # crews free on the road: here no alarm waits long enough


def test_a_warm_up_keeps_each_alarms_travel(nfpa) -> None:
    """With a warm-up the measured alarms' records are cut and shifted: the first crew's leaving too (it was left
    out, NaN for every alarm)."""
    model, _ = nfpa
    run = run_scenario(model, model.region.scenarios["today"], years=0.1, replications=1, seed=7, keep_records=True,
                       warmup_days=5)
    rec = run.records[0]
    assert len(rec) and np.isfinite(rec.t_first_leave).all()
    np.testing.assert_array_equal(metrics.first_travel_minutes(rec), _own_travel(rec))


def test_the_travel_figures_are_the_hand_computation_from_the_mission_records(tmp_path) -> None:
    """Mean, median, 90th percentile and the share within the travel target: per replication from the missions,
    then the mean over replications with Student's t interval (as every figure of the tables)."""
    model, run = _run(tmp_path / "us", "4")
    got = scenario_summary(model, run)["first_travel_minutes"]
    per_rep: dict[str, list[float]] = {"mean": [], "median": [], "p90": [], "share_within_travel_target": []}
    for rec in run.records:
        own = _own_travel(rec)
        reached = own[np.isfinite(own)]
        per_rep["mean"].append(float(np.mean(reached)))
        per_rep["median"].append(float(np.median(reached)))
        per_rep["p90"].append(float(np.percentile(reached, 90)))
        per_rep["share_within_travel_target"].append(float(np.sum(reached <= 4.0) / len(own)))
    assert 0.5 < np.mean(per_rep["share_within_travel_target"]) < 1  # a share that says something
    for key, values in per_rep.items():
        v = np.asarray(values)
        half = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v))
        assert got[key] == pytest.approx(v.mean(), rel=1e-12)
        assert got[f"{key}_ci95"] == pytest.approx([max(v.mean() - half, 0), min(v.mean() + half, math.inf)], rel=1e-9)
    assert got["travel_target_minutes"] == 4.0


def test_an_alarm_no_crew_reached_is_a_miss_in_the_travel_share() -> None:
    """Three alarms, one never reached: travel 3 and 5 min; within 4 min is 1 of 3, not 1 of 2."""
    from raddsim.experiment.summary import travel_summary
    nan = np.nan
    t = np.array([0.0, 100.0, 200.0])
    f = np.array
    rec = RunRecords(t, t, t + 60, f([300.0, 460.0, nan]), f([300.0, 460.0, nan]), f([nan] * 3), f([nan] * 3),
                     f([nan] * 3), np.zeros(3, np.int64), np.ones(3, np.int64), np.zeros(3, np.int64),
                     np.zeros(3, bool), np.zeros(3, bool), np.zeros(3, bool), t_first_leave=f([120.0, 160.0, nan]))
    minutes = metrics.first_travel_minutes(rec)
    np.testing.assert_array_equal(minutes, [3.0, 5.0, nan])

    class Region:
        travel_target_minutes, travel_target_source = 4.0, "NFPA 1710"

    got = travel_summary([metrics.block(minutes, 4.0)], Region())  # type: ignore[arg-type]
    assert got["share_within_travel_target"] == pytest.approx(1 / 3)
    assert got["mean"] == 4.0 and got["p90"] == pytest.approx(4.8)


@pytest.mark.parametrize("value, says", [("0", "must be greater than 0, got 0"),
                                         ("-4", "must be greater than 0, got -4"),
                                         ('"4 min"', "expected a number, got '4 min'"),
                                         ("2000", "must be at most 1440")])
def test_a_bad_travel_target_is_one_error_naming_the_key(tmp_path, capsys, value, says) -> None:
    folder = _region(tmp_path / "us", value)
    assert_refused_once(folder, "region.travel_target_minutes", says, capsys)


def test_a_travel_target_above_the_response_target_is_warned(tmp_path, caplog) -> None:
    """Travel is a part of the response (alarm → first crew on scene, 6.4 min here): 8 min of travel is a slip."""
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert load_region(_region(tmp_path / "ok", "4")).travel_target_minutes == 4.0
        assert not [r for r in caplog.records if "travel_target" in r.getMessage()]
        assert load_region(_region(tmp_path / "slip", "8")).travel_target_minutes == 8.0
    said = [r.getMessage() for r in caplog.records if "travel_target" in r.getMessage()]
    assert len(said) == 1 and "travel_target_minutes = 8 is more than region.target_minutes = 6.4" in said[0]


@pytest.mark.parametrize("lang, title, within", [
    ("en", "First crew's travel (leaving → on scene)", "travel within 4 min"),
    ("sv", "Första styrkans körtid (avfärd → på plats)", "körtid inom 4 min"),
])
def test_run_and_compare_print_the_travel_table(tmp_path, capsys, lang, title, within) -> None:
    folder = _region(tmp_path / "us")
    out_json = tmp_path / "r.json"
    assert main(["run", "--region", str(folder), "--replications", "2", "--years", "0.1", "--lang", lang,
                 "--json", str(out_json)]) == 0
    run_text = capsys.readouterr().out
    travel = json.loads(out_json.read_text(encoding="utf-8"))["scenarios"]["today"]["first_travel_minutes"]
    assert {"mean", "median", "p90", "share_within_travel_target", "share_within_travel_target_ci95"} <= travel.keys()
    cmp_json = tmp_path / "c.json"
    assert main(["compare", "today", "slower", "--region", str(folder), "--replications", "2", "--years", "0.1",
                 "--lang", lang, "--json", str(cmp_json)]) == 0
    compare_text = capsys.readouterr().out
    compared = json.loads(cmp_json.read_text(encoding="utf-8"))["scenarios"]
    assert all(sc["first_travel_minutes"]["travel_target_minutes"] == 4.0 for sc in compared.values())
    for text in (run_text, compare_text):
        assert title in text and within in text
        rows = text.split(title, 1)[1].split("\n")
        assert any(r.startswith("today") for r in rows[:6])


def test_without_the_key_the_output_is_as_before_and_the_key_only_adds_its_table(tmp_path, capsys) -> None:
    """The same region and seed with and without ``travel_target_minutes``: the printout differs by the travel table
    alone and the JSON by ``first_travel_minutes`` alone (a region without it, Norrtälje's, reads as it did)."""
    folder = _region(tmp_path / "us")
    toml = folder / "region.toml"
    with_key = toml.read_text(encoding="utf-8")
    outs = []
    for text in (with_key, TRAVEL_KEYS.sub("", with_key)):
        toml.write_text(text, encoding="utf-8")
        out_json = tmp_path / "r.json"
        assert main(["run", "--region", str(folder), "--replications", "2", "--years", "0.1", "--scenario", "today",
                     "--json", str(out_json)]) == 0
        outs.append((capsys.readouterr().out, json.loads(out_json.read_text(encoding="utf-8"))))
    (text_with, json_with), (text_without, json_without) = outs
    paragraphs = text_with.split("\n\n")
    assert "First crew's travel" not in text_without
    assert "\n\n".join(p for p in paragraphs if not p.startswith("First crew's travel")) == text_without
    assert "first_travel_minutes" not in json_without["scenarios"]["today"]
    json_with["scenarios"]["today"].pop("first_travel_minutes")
    assert json_with == json_without


def test_the_alarm_table_has_each_alarms_travel_with_or_without_a_target(tmp_path, nfpa) -> None:
    """``first_travel_min`` beside ``effective_force_min``, in every alarm table (also without a travel target)."""
    model, run = nfpa
    assert NAMES[NAMES.index("effective_force_min") + 1] == "first_travel_min"
    cols = alarm_columns(model, run.prepared, 0, run.incidents[0], run.records[0])
    np.testing.assert_array_equal(cols["first_travel_min"], _own_travel(run.records[0]))
    folder = _region(tmp_path / "us", None)
    alarms = tmp_path / "a.csv"
    assert main(["run", "--region", str(folder), "--replications", "1", "--years", "0.05", "--alarms",
                 str(alarms)]) == 0
    head, first = alarms.read_text(encoding="utf-8").splitlines()[:2]
    row = dict(zip(head.split(","), first.split(",")))
    assert 0 < float(row["first_travel_min"]) <= float(row["first_arrival_min"])
    pq = pytest.importorskip("pyarrow.parquet")
    parquet = tmp_path / "a.parquet"
    assert main(["run", "--region", str(folder), "--replications", "1", "--years", "0.05", "--alarms",
                 str(parquet)]) == 0
    assert pq.read_table(parquet).column("first_travel_min")[0].as_py() == float(row["first_travel_min"])


@pytest.mark.parametrize("lang, title", [("en", "First crew's travel (leaving → on scene)"),
                                         ("sv", "Första styrkans körtid (avfärd → på plats)")])
def test_the_board_report_shows_the_travel_table_with_its_source(tmp_path, lang, title) -> None:
    """The report left the travel target out: a board planning to NFPA 1710 read only alarm-to-arrival figures."""
    import html

    folder = write_nfpa_region(tmp_path / "us")
    out = tmp_path / "r.html"
    assert main(["report", "--region", str(folder), "--replications", "2", "--years", "0.1", "--no-what-if",
                 "--lang", lang, "--out", str(out)]) == 0
    page = html.unescape(out.read_text(encoding="utf-8"))
    assert title in page and "NFPA 1710 (2020), 4.1.2.1: 240 s travel time" in page
    res = tmp_path / "r.json"
    assert main(["run", "--region", str(folder), "--replications", "2", "--years", "0.1", "--json", str(res)]) == 0
    share = json.loads(res.read_text(encoding="utf-8"))["scenarios"]["today"]["first_travel_minutes"]
    shown = f">{100 * share['share_within_travel_target']:.0f}\u00a0%"
    assert shown in page.split(title, 1)[1].split("</table>", 1)[0]
