"""A simulation researcher's checklist (research16): every machine-readable figure says how sure it is.

``raddsim target --json`` gave its intervals without saying how they were made, and its residents within the
target (a deterministic grid figure) without an interval or a word on why; ``compare --json`` says both in
``settings.ci95_method``. Default region, a few short replications.
"""

from __future__ import annotations

import json

import pytest

from raddsim.cli import main

#: Counts of simulated alarms (whole numbers summed over replications): no interval, by definition.
COUNTS = {"alarms"}


def _uncovered(node: object, where: str, out: list[str]) -> None:
    """The numeric leaves under ``node`` with neither their own ``…_ci95`` nor an interval in their block."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _uncovered(item, f"{where}[{i}]", out)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if isinstance(value, (dict, list)):
            _uncovered(value, f"{where}.{key}", out)
        elif (isinstance(value, (int, float)) and not isinstance(value, bool) and key not in COUNTS
              and f"{key}_ci95" not in node and "ci95" not in node):
            out.append(f"{where}.{key}")


@pytest.fixture(scope="module")
def target_json(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("target") / "t.json"
    assert main(["target", "minimum", "--years", "0.1", "--replications", "3", "--lever-replications", "2",
                 "--seed", "3", "--json", str(path)]) == 0
    return json.loads(path.read_text(encoding="utf-8"))


def test_target_json_says_how_its_intervals_are_made(target_json) -> None:
    """The method and level of the scenarios' intervals and of the levers' (paired) changes are in the JSON."""
    method = target_json["ci95_method"]
    assert "Student t (95 %)" in method["scenarios"]
    assert "paired" in method["differences"] and "common random numbers" in method["differences"]
    assert target_json["scenarios"]["minimum"]["levers"][0]["mean_minutes_change"]["ci95"] is not None


def test_every_target_figure_has_an_interval_or_the_json_says_why_not(target_json) -> None:
    """Each numeric figure of a scenario has its ``…_ci95``, or is an alarm count, or sits in a block that
    ``ci95_method`` names as having none (the residents within the target: one deterministic grid figure)."""
    uncovered: list[str] = []
    _uncovered(target_json["scenarios"], "scenarios", uncovered)
    said = {block for block, how in target_json.get("ci95_method", {}).items() if how.startswith("none:")}
    unexplained = [p for p in uncovered
                   if not any(f".{block}." in p for block in said) and ".overrides." not in p]
    assert unexplained == [], unexplained
    assert "deterministic" in target_json["ci95_method"]["population_within_target"]


def test_bisect_calibration_gives_the_model_before_fitting_its_interval(default_model) -> None:
    """``calibrate --method bisect`` reported the uncalibrated mean bare, the fitted one with its CI: whether the
    reported indicator already lay inside the model's interval could not be read. Both now have it."""
    from raddsim.experiment.calibrate import calibrate, format_calibration

    res = calibrate(default_model, replications=4, seed=1, targets={"impossible": 2.0})
    lo, hi = res["before_minutes_ci95"]
    assert lo < res["before_minutes"] < hi
    assert f"before: {res['before_minutes']:.2f} min, 95% CI [{lo:.2f}, {hi:.2f}]" in format_calibration(res)


@pytest.mark.parametrize("years, lang, says", [(0.1, "en", "36.5 days from the start of the region's calendar"),
                                              (1.5, "sv", "547,9 dagar från början av regionens kalender")])
def test_a_part_year_run_says_it_measures_the_calendars_first_days(capsys, years, lang, says) -> None:
    """A 0.1-year replication measures January to early February only (p90 19.7 against 21.1 min for whole
    years on the default), and the console said nothing of it."""
    assert main(["run", "--years", str(years), "--replications", "2", "--lang", lang]) == 0
    assert says in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["run", "--years", "1", "--replications", "2"],
                                  ["run", "--years", "2", "--replications", "2"],
                                  ["compare", "minimum", "ambition", "--years", "1", "--replications", "2"]])
def test_whole_years_get_no_part_year_note(capsys, argv) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "days from the start of the region's calendar" not in out


def test_run_json_says_how_its_intervals_are_made(tmp_path) -> None:
    """compare, target and optimise named their interval method in their JSON; run's did not (only the docs)."""
    out = tmp_path / "run.json"
    assert main(["run", "--years", "0.1", "--replications", "2", "--json", str(out)]) == 0
    method = json.loads(out.read_text(encoding="utf-8"))["settings"]["ci95_method"]
    assert "Student t" in method["figures"] and "Wilson" in method["indicator"]
