"""The leftovers of the extreme-input probe (/work/notes/probe_ext.md, "Not fixed"), each fixed and pinned here.

On Corpby (tests/corpus_helpers.py) with demand 50 times too high (overloaded) or so low that no alarm falls in a
short run (noalarms): ``target`` says the crews cannot keep up, with run's own figures; ``map --simulate`` says
its simulated layer is empty; the report with no alarm says why instead of "means over all 0 simulated alarms" and
"waited 0.0 %"; ``compare``, ``target`` and ``report`` warn of too few expected alarms as ``run`` does.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from corpus_helpers import write_corpby

from raddsim.cli import main

SMALL = ["--years", "0.01", "--replications", "2"]


def _corpby(folder: Path, multiplier: str) -> Path:
    region = write_corpby(folder)
    toml = region / "region.toml"
    text = toml.read_text(encoding="utf-8")
    assert "multiplier = 1.0" in text
    toml.write_text(text.replace("multiplier = 1.0", f"multiplier = {multiplier}"), encoding="utf-8")
    return region


@pytest.fixture(scope="module")
def overloaded(tmp_path_factory) -> Path:
    """Corpby with 50 times its demand: 200,000 alarms a year on two crews."""
    return _corpby(tmp_path_factory.mktemp("overloaded"), "50.0")


@pytest.fixture(scope="module")
def noalarms(tmp_path_factory) -> Path:
    """Corpby with 4 alarms a year: none in 0.01 years."""
    return _corpby(tmp_path_factory.mktemp("noalarms"), "0.001")


def test_target_says_overloaded_with_runs_waited_and_free_shares(overloaded, tmp_path, capsys) -> None:
    argv = ["--region", str(overloaded), "--years", "0.003", "--replications", "2"]
    assert main(["target", *argv, "--no-levers", "--json", str(tmp_path / "t.json")]) == 0
    text = capsys.readouterr().out
    assert "Warning: scenario 'low' is overloaded: 99.6% of its alarms waited for a free crew" in text, text
    assert main(["run", *argv, "--json", str(tmp_path / "r.json")]) == 0
    tgt = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["scenarios"]["low"]
    run = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["scenarios"]["low"]
    assert tgt["waited_share"] == pytest.approx(run["waited_share"], abs=1e-12)
    assert tgt["waited_share_ci95"] == pytest.approx(run["waited_share_ci95"], abs=1e-12)
    assert tgt["readiness"]["crews"].keys() == run["readiness"]["crews"].keys()
    for name, crew in tgt["readiness"]["crews"].items():
        for key in ("available_share", "available_share_ci95", "alerts_per_year"):
            assert crew[key] == pytest.approx(run["readiness"]["crews"][name][key], abs=1e-12), (name, key)


def test_target_of_an_ordinary_run_says_nothing_of_overload(tmp_path, capsys) -> None:
    assert main(["target", "minimum", "--years", "0.1", "--replications", "2", "--no-levers", "--json",
                 str(tmp_path / "t.json")]) == 0
    assert "overloaded" not in capsys.readouterr().out
    low = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["scenarios"]["minimum"]
    crews = low["readiness"]["crews"].values()
    assert 0 <= low["waited_share"] < 0.2 and all(c["available_share"] > 0.5 for c in crews)


@pytest.mark.parametrize("lang, words", [("en", "its simulated map and layer are empty"),
                                         ("sv", "dess simulerade karta och lager är tomma")])
def test_map_simulate_without_alarms_says_its_layer_is_empty(noalarms, tmp_path, capsys, lang, words) -> None:
    assert main(["map", "--region", str(noalarms), "--simulate", *SMALL, "--format", "png", "--lang", lang, "--out",
                 str(tmp_path / "maps")]) == 0
    out = capsys.readouterr().out
    assert "'low'" in out and words in out and "--years" in out, out


def test_report_without_alarms_gives_the_reason_not_a_mean_of_zero(noalarms, tmp_path, recwarn) -> None:
    page = tmp_path / "r.html"
    assert main(["report", "--region", str(noalarms), *SMALL, "--no-what-if", "--out", str(page)]) == 0
    # the response-time chart has no line to name: matplotlib warned "No artists with labels found to put in legend"
    assert not [str(w.message) for w in recwarn if "legend" in str(w.message)]
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))
    assert "means over all 0" not in text
    assert "Note: scenario 'low' had no alarm in its 2 replication(s)" in text
    waited = re.search(r"waited for a free crew (low(?: \S+){6})", text)
    assert waited and waited.group(1) == "low – – – – – –", waited and waited.group(1)


def test_run_without_alarms_shows_no_waited_share(noalarms, capsys) -> None:
    assert main(["run", "--region", str(noalarms), *SMALL]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("alarms that waited"))
    assert line == "alarms that waited for a free crew: low –", line


@pytest.mark.parametrize("command", ["compare", "target", "report"])
def test_too_few_alarms_are_warned_as_run_warns(noalarms, tmp_path, caplog, command) -> None:
    extra = {"compare": ["--scenarios-file", str(noalarms / "scenarios.toml"), "low", "slow"],
             "target": ["--no-levers"], "report": ["--no-what-if", "--out", str(tmp_path / "r.html")]}[command]
    with caplog.at_level("WARNING", logger="raddsim"):
        assert main([command, "--region", str(noalarms), *SMALL, *extra]) == 0
    said = [r.getMessage() for r in caplog.records if "alarms per replication" in r.getMessage()]
    assert said == ["expect 0.04 alarms per replication (4 a year × 0.01 year(s)): the tables will be mostly empty; "
                    "give more --years."], said
