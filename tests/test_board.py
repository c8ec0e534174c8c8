"""The board paper's first page: sentences generated from the numbers, Swedish number format, significance marks."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from raddsim.views import board_text as bt
from raddsim.views.comparison_text import diff_text
from raddsim.views.numbers import excludes_zero, num, pct


def _d(lo: float, hi: float) -> dict:
    return {"difference": (lo + hi) / 2, "ci95": [lo, hi], "significant": lo > 0 or hi < 0}


def test_numbers_in_swedish() -> None:
    assert num(24002, 0, "en") == "24,002" and num(24002, 0, "sv") == "24\u202f002"
    assert num(10.6, 1, "sv") == "10,6" and num(-0.25, 2, "sv", sign=True) == "−0,25"
    assert num(1234567.891, 2, "sv") == "1\u202f234\u202f567,89"
    assert pct(0.564, 1, "sv") == "56,4\u00a0%" and pct(0.564, 0, "en") == "56\u00a0%"


def test_catalogue_numbers_follow_the_language() -> None:
    from raddsim.views.i18n import t

    assert t("map_sub_static", "sv", v=40.5, c=250) .startswith("Bästa fall") and "40,5 km/h" in t("map_sub_static", "sv", v=40.5, c=250)
    assert "40.5 km/h" in t("map_sub_static", "en", v=40.5, c=250)
    assert "12\u202f345" in t("rep_off_grid", "sv", n=12345.0)


def test_significance_follows_the_printed_interval() -> None:
    # [+0.004, +0.3] prints as [+0.00, +0.30]: it touches zero, so no star and no "detectable" difference.
    touching = _d(0.004, 0.3)
    assert touching["significant"]  # the raw interval excludes 0 …
    assert not excludes_zero(touching["ci95"], 2) and not diff_text(touching).endswith("*")  # … the printed one does not
    assert "no detectable difference" in bt.minutes_words(touching, "en")
    clear = _d(0.006, 0.3)  # prints as [+0.01, +0.30]
    assert diff_text(clear).endswith("*") and "later" in bt.minutes_words(clear, "en")
    assert diff_text(_d(-0.2, 0.1)) == "−0.05 [−0.20, +0.10]".replace("−", "-")


def test_difference_in_words() -> None:
    assert bt.minutes_words(_d(-0.6, -0.4), "en") == "between 0.40 and 0.60 minutes sooner"
    assert bt.minutes_words(_d(-3.2, -1.6), "sv") == "mellan 1,6 och 3,2 minuter tidigare"
    assert bt.minutes_words(_d(0.4, 0.6), "en") == "between 0.40 and 0.60 minutes later"
    assert bt.minutes_words(_d(-0.1, 0.2), "en") == "with no detectable difference (the interval runs from -0.10 to +0.20 minutes)"
    assert bt.minutes_words(_d(0.0, 0.0), "en").startswith("in exactly the same time")
    assert bt.points_words(_d(0.001, 0.003), "en") == "rises by between 0.1 and 0.3 percentage points"
    assert bt.points_words(_d(-0.0004, 0.003), "sv").startswith("visar ingen påvisbar förändring")


@pytest.fixture(scope="module")
def paper(default_model):
    from raddsim.views.report import prepare_report

    region = default_model.region
    # current at its stated values (posterior = false): paired differences are then the staffing's alone.
    current = dataclasses.replace(region.scenarios["current"], posterior=None)
    return prepare_report(default_model, [current] + [region.scenarios[n] for n in ("minimum", "ambition")], years=1,
                          replications=4, seed=11, cell_m=2000, sim_cell_m=6000, what_if_replications=2)


def test_answer_is_generated_from_the_numbers(paper) -> None:
    res, setups = paper.results, paper.setups
    en = bt.answer_sentences(res, setups, "en")
    assert len(en) == 3
    for sentence, setup in zip(en, setups):
        ind = res["scenarios"][setup.name]["indicator"]
        assert sentence.startswith(setup.name) and f"yearly indicator (mean minutes from alarm to first crew on scene) is {ind['mean']:.2f}" in sentence
        assert ("over the target" if ind["mean"] > 10 else "under the target") in sentence
        assert f"with probability {100 * ind['p_meets_target']:.0f}\u00a0%" in sentence
    # Change the numbers: the sentences change with them (nothing is hard-coded).
    res2 = copy.deepcopy(res)
    res2["scenarios"]["ambition"]["indicator"]["mean"] = 9.37
    changed = bt.answer_sentences(res2, setups, "sv")[2]
    assert "9,37 minuter (95" in changed and "0,63 minuter under målet 10;" in changed  # 10, as run writes it (was 10,00)
    # Without the indicator (a run that does not carry it): the mean over alarms, named as such.
    for s in res2["scenarios"].values():
        del s["indicator"]
    res2["scenarios"]["ambition"]["first_arrival_minutes"]["mean"] = 9.37
    res2["scenarios"]["ambition"]["share_within_target"] = 0.812
    s = bt.answer_sentences(res2, setups, "sv")[2]
    assert "i genomsnitt är första styrka på plats 9,37 minuter" in s and "0,63 minuter under målet 10." in s and "81\u00a0% av larmen" in s
    res2["scenarios"]["current"]["first_arrival_minutes"]["mean"] = 10.8
    res2["scenarios"]["minimum"]["first_arrival_minutes"]["mean"] = 11.5
    rep = bt.reported_sentence(res2, "en")
    assert rep == ("The municipality reported 10.52 (2022) and 11.19 (2023) as the yearly indicator (mean minutes). "
                   "Below every reported year: ambition. Within the range of the reported years: current. Above every reported year: minimum.")


def test_differences_where_and_levers(paper) -> None:
    res, board, setups = paper.results, paper.board, paper.setups
    assert board["base"] == "current" and set(board["differences"]) == {"minimum", "ambition"}
    # current (at its stated values) rosters towards ambition: identical results under common random numbers.
    same = bt.difference_sentence(res, board, "ambition", "en")
    assert "the yearly indicator is exactly the same (identical results)" in same
    assert bt.where_sentence(board, setups[2], setups[0], "en") == ["ambition has the same crews, staffing, stations, demand and network as current."]
    # The default current runs over the calibration's accepted sets: the paper says that is what differs.
    over = dataclasses.replace(setups[0], posterior=paper.model.region.scenarios["current"].posterior)
    assert bt.where_sentence(board, setups[2], over, "en")[0].startswith(
        "What differs in ambition: the parameter values (one scenario runs over the calibration's accepted parameter sets")
    mini = bt.where_sentence(board, setups[1], setups[0], "en")
    assert "Blidö staffed 1+2 → fri inryckning" in mini[0] and "Älmsta staffed 1+4 → 1+2" in mini[0]
    assert "Blidö: bemanning 1+2 → fri inryckning" in bt.where_sentence(board, setups[1], setups[0], "sv")[0]
    d = board["differences"]["minimum"]["effective_force"]["mean"]
    text = bt.difference_sentence(res, board, "minimum", "en")
    k = 2 if max(abs(x) for x in d["ci95"]) < 1 else 1
    assert excludes_zero(d["ci95"], k) and d["ci95"][0] > 0  # minimum's 1+2 crews make the effective force later
    lo, hi = sorted(abs(x) for x in d["ci95"])
    assert f"is between {lo:.{k}f} and {hi:.{k}f} minutes later" in text
    levers = board["levers"]
    assert levers and [x["mean_minutes_change"]["difference"] for x in levers] == sorted(x["mean_minutes_change"]["difference"] for x in levers)
    lever = bt.lever_sentences(res, board, setups[0], "sv")
    best = levers[0]["mean_minutes_change"]["ci95"]
    assert lever[0].startswith(f"Av {len(levers)} prövade förändringar av current" if best[1] < 0 and excludes_zero(best, bt._digits(best))
                               else f"Ingen av {len(levers)} prövade förändringar av current")
    assert bt.lever_label(levers[0], setups[0], "sv") in lever[0]
    unknown = bt.unknown_sentences(res, board, "en")
    assert "approximate" in unknown[0] and "the speed gain of emergency driving" in unknown[1]
    ranges = board["assumptions"]
    assert [r["effect_minutes"] for r in ranges] == sorted((r["effect_minutes"] for r in ranges), reverse=True)


def test_swedish_descriptions_are_data() -> None:
    from raddsim.region.region import load_region

    region = load_region(None)
    for name, setup in region.scenarios.items():
        assert setup.description_sv and setup.describe("sv") == setup.description_sv, name
    aid = [c for c in region.scenarios["minimum"].crews if c.external]
    assert aid and all(c.label("sv").endswith("(samverkan)") and c.label("en").endswith("(mutual aid)") for c in aid)


def test_description_sv_is_validated(tmp_path) -> None:
    from raddsim.core.errors import InputError
    from raddsim.region.region import load_region

    extra = tmp_path / "extra.toml"
    extra.write_text('[scenarios.x]\nbase = "minimum"\ndescription = "x"\ndescription_sv = 3\n', encoding="utf-8")
    with pytest.raises(InputError, match="description_sv"):
        load_region(None, extra_scenarios=[extra])
    extra.write_text('[scenarios.x]\nbase = "minimum"\ndescription = "More"\ndescription_sv = "Mer"\n', encoding="utf-8")
    x = load_region(None, extra_scenarios=[extra]).scenarios["x"]
    assert x.describe("sv") == "Mer" and x.describe("en") == "More"


def test_simulated_years_are_never_printed_as_zero():
    # 2 replications × 0.05 years were "alarms (0 simulated years)" (found by helper probe).
    from raddsim.views.numbers import years_text

    assert [years_text(y) for y in (30, 30.0, 12.4, 2.5, 1.0, 0.1, 0.05)] == ["30", "30", "12", "2.5", "1", "0.10", "0.05"]
    assert years_text(2.5, "sv") == "2,5"
    from raddsim.cli import main  # the console table's heading, end to end
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", "--years", "0.05", "--replications", "2"]) == 0
    assert "alarms (0.10 simulated years)" in out.getvalue()


def test_a_difference_over_changed_reached_alarms_is_not_read_as_minutes() -> None:
    """A ferry out of service drops a cut-off area's alarms from the mean: page one must not call it faster."""
    diff = {"difference": -0.43, "ci95": [-0.60, -0.26], "base": 11.2, "other": 10.8}
    share = {"difference": 0.002, "ci95": [0.001, 0.003], "base": 0.598, "other": 0.600}
    missing = {"difference": 0.011, "ci95": [0.007, 0.015], "base": 0.0, "other": 0.011}
    d = {"first_arrival": {"mean": {**diff, "comparable": False}, "share_within_target": share,
                           "share_missing": missing},
         "effective_force": {"mean": {**diff, "comparable": False}, "share_within_target": share}}
    board = {"base": "minimum", "differences": {"ferry-out": d}}
    text = bt.difference_sentence({"target_minutes": 10}, board, "ferry-out", "en")
    assert "from 0.0\u00a0% to 1.1\u00a0%" in text and "cannot be compared" in text and "sooner" not in text, text
    d["first_arrival"]["mean"]["comparable"] = True
    assert "sooner" in bt.difference_sentence({"target_minutes": 10}, board, "ferry-out", "en")


def test_the_archipelago_reads_without_nested_brackets_in_the_where_sentence() -> None:
    """'Archipelago (by boat) (first crew …)' nested brackets; in running text the area is named in words."""
    from raddsim import load_region

    region = load_region()
    base, other = region.scenarios["minimum"], region.scenarios["ambition"]
    d = {"difference": -5.0, "ci95": [-8.0, -2.0], "significant": True, "base": 40.0, "other": 35.0}
    board = {"differences": {"ambition": {"area:Archipelago": {"mean": d}, "area:Blidö": {"mean": d}}}}
    en = bt.where_sentence(board, other, base, "en")[-1]
    sv = bt.where_sentence(board, other, base, "sv")[-1]
    assert "the islands reached by boat (first crew between 2.0 and 8.0 minutes sooner)" in en, en
    assert "öarna som nås med båt (första styrka" in sv and ") (" not in en + sv


def test_a_force_that_never_assembles_is_footnoted_as_such_not_as_unreached_alarms() -> None:
    """A changed 'never assembled' share marked the effective force † with the footnote about alarms no crew
    reaches; it now has a row of its own and a footnote of its own (the first-crew note only where it applies)."""
    import numpy as np

    from raddsim.experiment.compare import FIGURES, paired_differences
    from raddsim.views.comparison_text import format_comparison

    rng = np.random.default_rng(1)
    base = {s: rng.uniform(0.1, 0.9, (3, len(FIGURES))) for s in ("first_arrival", "effective_force", "area:X")}
    for figs in base.values():
        figs[:, FIGURES.index("share_missing")] = 0.0
    other = {s: v + 0.01 for s, v in base.items()}
    for s in other:
        other[s][:, FIGURES.index("share_missing")] = 0.0
    other["effective_force"][1, FIGURES.index("share_missing")] = 1 / 800  # one force in 800 never assembles
    res = {"raddsim_version": "0", "region": "R", "network": {"label": "n", "source": "s"}, "target_minutes": 10,
           "base": "a", "settings": {"replications": 3, "years": 1.0, "half_width_minutes": {"a": 0.1, "b": 0.1}},
           "differences": {"b": paired_differences(base, other)}}
    en, sv = format_comparison(res), format_comparison(res, "sv")
    assert "effective force never assembled" in en and "† effective force not comparable" in en
    assert "no crew reaches" not in en and "full styrka samlades aldrig" in sv
    other["first_arrival"][1, FIGURES.index("share_missing")] = 1 / 800  # now an alarm no crew reaches too
    res["differences"]["b"] = paired_differences(base, other)
    assert "no crew reaches" in format_comparison(res)


def test_the_differences_heading_says_slower_or_neutral_when_not_every_scenario_is_faster(paper) -> None:
    # Was "How much faster, compared with current" above minimum (later) and ambition (the same).
    html = bt.summary_html(paper.results, paper.board, paper.setups, "en")
    assert "<h3>How the times change, compared with current</h3>" in html and "How much faster" not in html
    assert "<h3>Hur tiderna ändras, jämfört med current</h3>" in bt.summary_html(paper.results, paper.board,
                                                                                  paper.setups, "sv")

    def board(*means: float) -> dict:
        return {"differences": {f"s{k}": {"first_arrival": {"mean": {"mean": m}}} for k, m in enumerate(means)}}

    assert bt.difference_heading(board(-0.4, -0.1), ["s0", "s1"]) == "b_h_difference"  # every one sooner
    assert bt.difference_heading(board(0.3), ["s0"]) == "b_h_difference_slower"
    assert bt.difference_heading(board(-0.3, 0.2), ["s0", "s1"]) == "b_h_difference_mixed"
    assert bt.difference_heading(board(0.0), ["s0"]) == "b_h_difference_mixed"
