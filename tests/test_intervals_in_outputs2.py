"""The last figures a board or researcher read without their 95 % interval (task left11, after probe_ci10).

``compare`` printed each scenario's level (mean, median, 90th percentile, shares within target, effective force, per
station area, "not reached") bare beside the paired difference; ``demand`` its shares by type, hour, month, area and
island and its day/night ratio; ``optimise`` had no column for the effective force within target when it decided on
it; ``calibrate --method bisect`` printed a fitted value with neither an interval nor a word on why it has none.
Each test rebuilds the expected text from the JSON with the shared formatter and looks for it in the output.
"""

from __future__ import annotations

import contextlib
import io
import json
import re

import numpy as np
import pytest

from raddsim.cli import main
from raddsim.views.i18n import t
from raddsim.views.plain_text import per_cent, with_ci

RUN = ["--replications", "3", "--years", "0.2", "--seed", "7"]


def _cli(args: list[str]) -> str:
    """What ``raddsim ARGS`` prints (exit status 0)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(args) == 0
    return buf.getvalue()


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> tuple[dict, dict[str, str]]:
    """``compare minimum furusund-ferry-out`` (Blidö cut off: alarms not reached) in both languages, and its JSON."""
    path = tmp_path_factory.mktemp("cmp") / "c.json"
    text = {lang: _cli(["compare", "minimum", "furusund-ferry-out", *RUN, "--lang", lang, "--json", str(path),
                        "--force"]) for lang in ("en", "sv")}
    return json.loads(path.read_text(encoding="utf-8")), text


def _level(block: dict, side: str, share: bool, digits: int, lang: str) -> str:
    value, ci = block[side], block[f"{side}_ci95"]
    return with_ci(value, ci, digits, 100, per_cent(lang), lang) if share else with_ci(value, ci, digits, lang=lang)


def test_compare_json_gives_each_level_the_interval_run_gives_it(compared) -> None:
    res, _ = compared
    d = res["differences"]["furusund-ferry-out"]
    for side, name in (("base", "minimum"), ("other", "furusund-ferry-out")):
        sc = res["scenarios"][name]
        fa, ef = sc["first_arrival_minutes"], sc["effective_force_minutes"]
        pairs = [(d["first_arrival"][k][f"{side}_ci95"], fa[f"{k}_ci95"]) for k in ("mean", "median", "p90")]
        pairs += [(d["first_arrival"]["share_within_target"][f"{side}_ci95"], sc["share_within_target_ci95"]),
                  (d["first_arrival"]["share_missing"][f"{side}_ci95"], sc["share_missing_ci95"]),
                  (d["effective_force"]["mean"][f"{side}_ci95"], ef["mean_ci95"]),
                  (d["effective_force"]["share_within_target"][f"{side}_ci95"], ef["share_within_target_ci95"]),
                  (d["effective_force"]["share_missing"][f"{side}_ci95"], ef["share_never_ci95"])]
        for area, a in sc["per_station"].items():
            pairs += [(d[f"area:{area}"]["mean"][f"{side}_ci95"], a["first_arrival_minutes"]["mean_ci95"]),
                      (d[f"area:{area}"]["share_within_target"][f"{side}_ci95"], a["share_within_target_ci95"]),
                      (d[f"area:{area}"]["share_missing"][f"{side}_ci95"], a["share_missing_ci95"])]
        assert sum(got is not None for got, _ in pairs) >= 20
        for got, want in pairs:
            assert got == pytest.approx(want)
    assert "base_ci95" in res["settings"]["ci95_method"]["levels"]


def _two(block: dict, share: bool, digits: int, lang: str, row: str) -> bool:
    """Whether ``row`` holds the base's level, then (after the column's padding) the other's, each with its CI."""
    a, b = (re.escape(_level(block, side, share, digits, lang)) for side in ("base", "other"))
    return re.search(rf"\s{a}\s+{b}\s", row) is not None


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_compare_prints_every_level_with_its_interval_in_tables_a_terminal_holds(compared, lang) -> None:
    res, texts = compared
    text, d = texts[lang], res["differences"]["furusund-ferry-out"]
    rows = text.splitlines()
    for label, scope, fig, digits, share in (("first_mean", "first_arrival", "mean", 2, False),
                                             ("first_p90", "first_arrival", "p90", 2, False),
                                             ("first_share", "first_arrival", "share_within_target", 1, True),
                                             ("first_unreached", "first_arrival", "share_missing", 1, True),
                                             ("eff_mean", "effective_force", "mean", 2, False),
                                             ("eff_never", "effective_force", "share_missing", 1, True)):
        row = next(x for x in rows if x.startswith(t(label, lang)))
        block = d[scope][fig]
        assert block["base_ci95"] and block["other_ci95"]
        assert _two(block, share, digits, lang, row)
    blido = d["area:Blidö"]["share_missing"]  # the "not reached" column, in a table of its own, with intervals
    assert blido["other"] == 1.0 and blido["other_ci95"]
    k = rows.index(t("area_unreached_diff", lang))
    row = next(x for x in rows[k:] if x.startswith("Blidö"))
    assert _two(blido, True, 1, lang, row)
    norr = d["area:Norrtälje"]
    for fig, digits, share in (("mean", 2, False), ("share_within_target", 1, True)):
        assert any(x.startswith("Norrtälje") and _level(norr[fig], "other", share, digits, lang) in x for x in rows)
    start = rows.index(t("diff_title", lang, b="minimum", o="furusund-ferry-out"))
    end = next(i for i, x in enumerate(rows) if i > start and x.startswith("†"))  # the notes after the tables
    titles = {t("diff_title", lang, b="minimum", o="furusund-ferry-out"), t("area_diff", lang),
              t("area_share_diff", lang, t=res["target_minutes"]), t("area_unreached_diff", lang)}
    tables = [x for x in rows[start:end] if x not in titles]
    assert len(tables) > 30 and max(len(x) for x in tables) <= 120  # was 150 characters with the levels' intervals
    if lang == "sv":
        from test_swedish_output import _problems

        assert _problems(text) == []


def test_compare_without_unreached_alarms_says_so_and_same_seed_same_text() -> None:
    args = ["compare", "minimum", "ambition", "--replications", "2", "--years", "0.05", "--seed", "3"]
    first = _cli(args)
    assert first == _cli(args)  # same seed, identical output
    assert t("area_none_unreached", "en") in first and t("area_unreached_diff", "en") not in first


def test_compare_says_why_a_level_stands_without_its_interval() -> None:
    """A station area with alarms in one replication only: its level has no interval, and the text says why."""
    from raddsim.experiment.compare import FIGURES, level_intervals, paired_differences
    from raddsim.views.comparison_text import format_comparison

    rng = np.random.default_rng(3)
    base = {s: rng.uniform(0.1, 0.9, (3, len(FIGURES))) for s in ("first_arrival", "effective_force", "area:X")}
    for figs in base.values():
        figs[:, FIGURES.index("share_missing")] = 0.0
    base["area:X"][1:, :] = np.nan  # alarms in the first replication only
    other = {s: v + 0.01 for s, v in base.items()}
    sizes = {"first_arrival": [40, 40, 40], "effective_force": [40, 40, 40], "area:X": [3, 0, 0]}
    diffs = level_intervals(paired_differences(base, other), (base, other), (sizes, sizes))
    assert diffs["area:X"]["mean"]["base_ci95"] is None and diffs["first_arrival"]["mean"]["base_ci95"]
    res = {"raddsim_version": "0", "region": "R", "network": {"label": "n", "source": "s"}, "target_minutes": 10,
           "base": "a", "settings": {"replications": 3, "years": 1.0, "half_width_minutes": {"a": 0.1, "b": 0.1}},
           "differences": {"b": diffs}}
    for lang in ("en", "sv"):
        assert t("ci_bare", lang) in format_comparison(res, lang)


@pytest.fixture(scope="module")
def demand(tmp_path_factory) -> tuple[dict, dict[str, str]]:
    path = tmp_path_factory.mktemp("demand") / "d.json"
    text = {lang: _cli(["demand", *RUN, "--json", str(path), "--force", "--lang", lang]) for lang in ("en", "sv")}
    return json.loads(path.read_text(encoding="utf-8")), text


def _inside(value: float, ci: list[float]) -> bool:
    return ci[0] - 1e-12 <= value <= ci[1] + 1e-12


def test_demand_json_gives_every_share_its_interval_over_the_replications(demand) -> None:
    from raddsim.figures.metrics import share_ci95

    s, _ = demand
    assert s["share_ci95_basis"] == "replications" and "share_ci95" in s["ci95_method"]["shares"]
    for key in ("by_type", "by_station_area"):
        assert set(s[f"{key}_share"]) == set(s[key]) == set(s[f"{key}_share_ci95"])
        for k, n in s[key].items():
            assert s[f"{key}_share"][k] == pytest.approx(n / s["alarms"])
            assert _inside(s[f"{key}_share"][k], s[f"{key}_share_ci95"][k])
    for key in ("by_hour", "by_month", "by_weekday"):
        assert len(s[f"{key}_share_ci95"]) == len(s[key])
        # a month the part year never reached (RUN's --years) has neither share nor interval, and no alarm
        assert all(_inside(n / s["alarms"], ci) if ci is not None else n == 0 and key == "by_month"
                   for n, ci in zip(s[key], s[f"{key}_share_ci95"]))
    for season, x in s["island_share"].items():
        assert (x is None) == (s["island_share_ci95"][season] is None)
    assert _inside(s["day_night_ratio"], s["day_night_ratio_ci95"])
    # the interval is the project's share interval over the replications' own shares (rebuilt from the generator)
    from raddsim.demand import generate_incidents
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = load_region()
    model = build_model(region)
    setup = region.scenarios[s["scenario"]]
    points, _ = model.demand(setup.demand)
    runs = [generate_incidents(setup.demand, points, years=0.2, seed=7, replication=r) for r in range(3)]
    k = setup.demand.catalog.ids.index("building_fire")
    n = np.array([len(r.type) for r in runs])
    hits = np.array([int((r.type == k).sum()) for r in runs])
    _, lo, hi = share_ci95(hits / n, n)
    assert s["by_type_share_ci95"]["building_fire"] == pytest.approx([lo, hi])


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_demand_prints_each_share_with_its_interval(demand, lang) -> None:
    from raddsim.views.numbers import formatted

    s, texts = demand
    text = texts[lang]
    assert t("demand_share_ci", lang, k=3) in text

    def bracket(ci: list[float]) -> str:
        return f"[{formatted(100 * ci[0], '.1f', lang)}–{formatted(100 * ci[1], '.1f', lang)}]"

    for key in ("by_type", "by_station_area"):
        for k, ci in s[f"{key}_share_ci95"].items():
            share = formatted(100 * s[f"{key}_share"][k], "5.1f", lang).strip()
            assert f"{share}{per_cent(lang)} {bracket(ci)}" in text
    rows = text.splitlines()
    h = rows.index(f"{t('demand_month', lang)} (%{t('demand_ci_rows', lang)}):")
    lows, highs = rows[h + 3].split(), rows[h + 4].split()
    assert lows == [formatted(100 * ci[0], ".1f", lang) if ci else "–" for ci in s["by_month_share_ci95"]]
    assert highs == [formatted(100 * ci[1], ".1f", lang) if ci else "–" for ci in s["by_month_share_ci95"]]
    lo, hi = s["day_night_ratio_ci95"]
    ratio = next(x for x in rows if x.startswith(t("demand_day_night", lang, x=s["day_night_ratio"])))
    assert ratio.endswith(f" [{formatted(lo, '.2f', lang)}–{formatted(hi, '.2f', lang)}]")
    if lang == "sv":
        from test_swedish_output import _problems

        assert _problems(text) == []


def test_demand_of_one_stream_says_so_and_gives_the_projects_wilson_interval(tmp_path) -> None:
    from raddsim.figures.indicator import wilson

    path = tmp_path / "d.json"
    text = _cli(["demand", "--replications", "1", "--years", "0.1", "--json", str(path)])
    s = json.loads(path.read_text(encoding="utf-8"))
    assert s["share_ci95_basis"] == "one stream" and t("demand_share_ci_one", "en") in text
    for tid, n in s["by_type"].items():
        assert s["by_type_share_ci95"][tid] == pytest.approx(list(wilson(n, s["alarms"])))
    assert s["alarms_per_year_ci95"] is None  # the rate still needs two replications


def test_optimise_shows_the_share_it_decided_on_with_its_interval(tmp_path) -> None:
    from optimise_helpers import write_toy

    from raddsim.views.optimise_text import _fmt

    _, opts = write_toy(tmp_path / "toy")
    fast = ["--processes", "0", "--initial-replications", "3", "--batch", "3", "--max-replications", "9",
            "--short-replications", "1", "--no-progress", "--no-map", "--years", "0.5", "--budget", "1",
            "--objective", "effective"]
    for lang in ("en", "sv"):
        out = tmp_path / lang
        text = _cli(["optimise", str(opts), "--out", str(out), *fast, "--lang", lang])
        doc = json.loads((out / "optimise.json").read_text(encoding="utf-8"))
        assert doc["deciding_figure"] == "effective_share_within_target"  # premise: the means were not comparable
        rows = text.splitlines()
        head = next(x for x in rows if x.startswith(t("scenario", lang)) and t("opt_verdict", lang) in x)
        assert t("opt_eff_within", lang) in head
        blocks = [(doc["base"], doc["simulation"]["base"])]
        blocks += [(f["scenario"], f["simulated"]) for f in doc["finalists"]]
        for name, sim in blocks:
            b = sim["effective_share_within_target"]
            row = next(x for x in rows if x.startswith(name + " "))
            assert b["ci95"] and _fmt(b["mean"], *b["ci95"], 100, 1, lang) in row
        f = doc["finalists"][1]["simulated"]["effective_share_within_target"]
        said = t("opt_vs_base_eff_share", lang, share=_fmt(f["difference_from_base"], *f["difference_ci95"], 100, 1,
                                                           lang))
        assert said in text
        if lang == "sv":
            from test_swedish_output import _problems

            assert _problems("\n".join(x for x in rows if t("opt_eff_within", lang) in x or said in x)) == []
    header = (tmp_path / "en" / "optimise.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"effective_share_within_target", "effective_share_within_target_ci_low",
            "effective_share_within_target_ci_high", "effective_share_within_target_vs_base_ci_low"} <= set(header)


def test_optimise_deciding_on_minutes_keeps_its_table_and_csv(tmp_path) -> None:
    from raddsim.optimise.output import CSV_FIGURES, table_figures

    assert table_figures({"deciding_figure": "first_arrival_mean"}) == CSV_FIGURES
    assert table_figures({"deciding_figure": "effective_share_within_target"})[-1][0] == "effective_share_within_target"


def test_calibrate_bisect_gives_the_bracket_and_the_interval_at_the_value_and_says_why_no_more(
        default_model) -> None:
    from raddsim.experiment.calibrate import calibrate, format_calibration
    from raddsim.views.numbers import formatted

    res = calibrate(default_model, replications=3, years=0.5, seed=5, targets={"a": 12.0, "b": 13.0})
    used = [p for p in res["parameters"] if p["used"]]
    assert used
    for p in used:
        lo, hi = p["bracket"]
        assert lo <= p["value"] <= hi and p["value_ci95"] is None and "no 95 % interval" in p["value_ci95_note"]
        assert _inside(p["minutes_at_value"], p["minutes_at_value_ci95"])
    last = used[-1]  # the last fitted value's mean is the fit's
    assert last["minutes_at_value_ci95"] == pytest.approx(res["fit"]["mean_ci95"])
    for lang, sep in (("en", ", "), ("sv", "; ")):
        text = format_calibration(res, lang)
        ci = last["minutes_at_value_ci95"]
        at = t("cal_at_value", lang, m=formatted(last["minutes_at_value"], ".2f", lang),
               ci=f"[{formatted(ci[0], '.2f', lang)}{sep}{formatted(ci[1], '.2f', lang)}]")
        bracket = t("cal_bracket", lang, lo=formatted(last["bracket"][0], "g", lang),
                    hi=formatted(last["bracket"][1], "g", lang), at=at)
        assert bracket in text and t("cal_no_value_ci", lang) in text
        if lang == "sv":
            from test_swedish_output import _problems

            assert _problems(f"{bracket}\n{t('cal_no_value_ci', lang)}") == []  # was "frö", not the output's word
        assert text.index(bracket) > text.index(formatted(last["value"], "g", lang))


def test_calibrate_report_of_an_older_result_has_no_bracket_line() -> None:
    from raddsim.experiment.calibrate import format_calibration

    res = {"scenario": "s", "reported_minutes": {"a": 11.0}, "target_minutes": 11.0, "before_minutes": 12.0,
           "before_minutes_ci95": [11.5, 12.5], "fit": {"mean": 11.0, "mean_ci95": [10.5, 11.5],
                                                        "single_year_95_range": [10.0, 12.0], "target_in_ci": True},
           "years_within_single_year_range": {"a": True},
           "parameters": [{"key": "k", "used": True, "value": 0.9, "plausible": [0.8, 1.0], "plausible_ok": True,
                           "source": "x"}]}
    assert "bracket" not in format_calibration(res)

