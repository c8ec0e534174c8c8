"""The target report (issue 6)."""

from __future__ import annotations

import json

import numpy as np

from raddsim.cli import main
from raddsim.experiment.target import candidate_levers, residents_within


def test_residents_within_target_is_the_coverage_figure(default_model, default_region) -> None:
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage

    setup = default_region.scenarios["minimum"]
    p = residents_within(default_model, [setup], 10.0, cell_m=1000)["minimum"]
    cov = static_coverage(default_model, setup, make_grid(default_model.network, 1000))
    assert p["share"] == cov.share_within(10.0)
    # The split by where residents live brackets the whole.
    assert min(p["tatorter_share"], p["countryside_share"]) <= p["share"] <= max(p["tatorter_share"], p["countryside_share"])
    assert p["tatorter_share"] > p["countryside_share"]
    # Faster turnout everywhere can only help the static coverage.
    fast = default_region.derive("fast", "minimum", {f"crews.{c}.turnout_minutes": 1.0 for c in ("rimbo", "hallstavik", "almsta", "blido")})
    assert residents_within(default_model, [fast], 10.0, cell_m=1000)["fast"]["share"] >= p["share"]


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
    assert 0 < s["share_within_target"] < 1 and 0 < s["population_within_target"]["share"] <= 1
    changes = [lv["share_within_target_change"]["difference"] for lv in s["levers"]]
    assert changes == sorted(changes, reverse=True)
    assert np.isfinite(changes).all()
    assert main(["target", "minimum", "--replications", "2", "--no-levers", "--lang", "sv"]) == 0
    text = capsys.readouterr().out
    assert "Mål:" in text and "UNGEFÄRLIGT" in text and "invånare inom 10 min (alla styrkor tillgängliga)" in text


def test_swedish_target_words_its_levers_in_swedish(capsys) -> None:
    from raddsim.cli import main

    assert main(["target", "minimum", "--lang", "sv", "--replications", "2", "--lever-replications", "2"]) == 0
    out = capsys.readouterr().out
    assert "anspänningstid" in out  # the turnout lever, worded from its overrides
    for english in ("turnout", "instead of", "staffing ("):
        assert english not in out, english


def test_nowhere_missed_is_said_not_listed_at_100_percent(tmp_path, capsys) -> None:
    """A place every alarm of which was reached in time is not listed under 'missed most'."""
    from raddsim.views.target_text import format_target

    out = tmp_path / "t.json"
    assert main(["target", "minimum", "--replications", "2", "--no-levers", "--json", str(out)]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert "Where the target is missed most:" in format_target(res)  # the default misses somewhere
    for s in res["scenarios"].values():
        for row in s["by_place"]:
            row["share_within_target"] = 1.0
    en, sv = format_target(res), format_target(res, "sv")
    assert "Where the target is missed most: nowhere" in en and "100%" not in en
    assert "Där målet missas oftast: ingenstans" in sv


def test_the_missed_places_count_alarms_over_the_simulated_years_and_levers_have_intervals(tmp_path) -> None:
    """'alarms' beside a place read as a year's (233 at Kapellskär is 30 years' worth), and a lever's change in the
    mean time had no interval; both as the run's tables print them now."""
    from raddsim.views.target_text import format_target

    out = tmp_path / "t.json"
    assert main(["target", "minimum", "--replications", "3", "--years", "0.5", "--lever-replications", "2",
                 "--json", str(out)]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert (res["years"], res["replications"]) == (0.5, 3)
    en, sv = format_target(res), format_target(res, "sv")
    assert "alarms (1.5 simulated years)" in en and "larm (1,5 simulerade år)" in sv
    lever = res["scenarios"]["minimum"]["levers"][0]["mean_minutes_change"]
    lo, hi = (f"{v:+.2f}" for v in lever["ci95"])
    assert f"{lever['difference']:+.2f} min [{lo}, {hi}]" in en
