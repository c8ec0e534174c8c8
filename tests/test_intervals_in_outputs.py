"""Every simulated figure an output prints carries the 95 % interval its JSON has (task ci10's audit).

The JSON of ``run``, ``target`` and the report's data had ``…_ci95`` beside each estimate, but the text dropped
several: the per-area share within the target, the per-type means, the crews' roll rates and staffing states, the
smoke-diving force's reach, the waited and never-assembled shares, the report's per-tätort shares (under a heading
that promised "[95 % CI]"), ``target``'s missed places; ``demand`` had no interval on its yearly rate at all.
Each test rebuilds the expected text from the JSON with the shared formatter and looks for it in the output.
"""

from __future__ import annotations

import json
import math

import pytest

from raddsim.cli import main
from raddsim.views.i18n import t
from raddsim.views.numbers import integer
from raddsim.views.plain_text import per_cent, with_ci

RUN = ["--replications", "3", "--years", "0.1", "--seed", "7"]


def _share(block: dict, key: str, digits: int, lang: str) -> str:
    """A share as the console prints it with its interval (the figure alone where the JSON has none)."""
    return with_ci(block.get(key), block.get(f"{key}_ci95"), digits, 100, per_cent(lang), lang)


@pytest.fixture(scope="module")
def run_results(tmp_path_factory) -> dict:
    """``raddsim run``'s JSON of the default region, two scenarios, three short replications."""
    path = tmp_path_factory.mktemp("run") / "run.json"
    assert main(["run", "minimum", "ambition", *RUN, "--json", str(path)]) == 0
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_run_per_area_cells_carry_the_share_and_effective_force_intervals(run_results, lang) -> None:
    from raddsim.views.console import format_results

    text = format_results(run_results, lang)
    # three replications: most areas have an interval to show (one with alarms in one replication only has none)
    assert sum(a["share_within_target_ci95"] is not None for a in run_results["scenarios"]["minimum"]["per_station"]
               .values()) >= 4
    for sc in run_results["scenarios"].values():
        for a in sc["per_station"].values():
            fa, ef = a["first_arrival_minutes"], a["effective_force_minutes"]
            cell = (f"{with_ci(fa['mean'], fa['mean_ci95'], lang=lang)} · {_share(a, 'share_within_target', 0, lang)}"
                    f" · {t('eff_short', lang)} {with_ci(ef['mean'], ef['mean_ci95'], lang=lang)}")
            assert cell in text


def test_run_per_type_means_carry_their_intervals(run_results) -> None:
    from raddsim.views.console import format_results

    text = format_results(run_results, "en")
    for sc in run_results["scenarios"].values():
        for a in sc["per_type"].values():
            fa, ef = a["first_arrival_minutes"], a["effective_force_minutes"]
            if a["alarms"] == 0:
                continue
            cell = (f"{with_ci(fa['mean'], fa.get('mean_ci95'))} · {with_ci(ef['mean'], ef.get('mean_ci95'))}"
                    f" (n={integer(a['alarms'])})")
            assert cell in text


def _state(value, ci) -> str:
    """A staffing state's share as the table prints it: with its interval, unless the interval rounds to the share
    (a full-time crew's "100% [100–100] / 0% [0–0] …" said nothing and doubled the table's width)."""
    if value is not None and ci and ci[0] is not None and round(ci[0] * 100) == round(ci[1] * 100) == round(value * 100):
        return with_ci(value, None, 0, 100, "%")
    return with_ci(value, ci, 0, 100, "%")


def test_run_readiness_tables_carry_roll_rate_staffing_and_reach_intervals(run_results) -> None:
    from raddsim.views.console import format_results

    text = format_results(run_results, "en")
    assert "[95% CI, left out where it rounds to the share itself]" in text  # the staffing table says so
    for sc in run_results["scenarios"].values():
        for crew in sc["readiness"]["crews"].values():
            assert f"{_share(crew, 'available_share', 1, 'en')} · {_share(crew, 'roll_rate', 0, 'en')}" in text
            st, ci = crew.get("staffing_time_share"), crew.get("staffing_time_share_ci95")
            if st and any(st[k] is not None for k in ("at_ambition", "at_minimum", "below_minimum")):
                assert " / ".join(_state(st[k], ci[k]) for k in st) in text
        for place in list(sc["readiness"]["smoke_diving_force_time_share"].values())[:8]:
            assert f"{_share(place, 'within_10_min', 0, 'en')} / {_share(place, 'within_20_min', 0, 'en')}" in text


def test_run_waited_and_never_assembled_shares_carry_their_intervals(run_results) -> None:
    from raddsim.views.console import format_results

    text = format_results(run_results, "en")
    waited = ", ".join(f"{n} {_share(sc, 'waited_share', 2, 'en')}" for n, sc in run_results["scenarios"].items())
    assert waited in text
    for sc in run_results["scenarios"].values():
        ef = sc["effective_force_minutes"]
        assert ef["share_never_ci95"] is not None
        assert f"  {_share(ef, 'share_never', 1, 'en')}" in text


def test_run_with_one_replication_shows_no_interval_and_says_why(tmp_path) -> None:
    from raddsim.views.console import format_results

    path = tmp_path / "one.json"
    assert main(["run", "minimum", "--replications", "1", "--years", "0.1", "--json", str(path)]) == 0
    text = format_results(json.loads(path.read_text(encoding="utf-8")), "en")
    assert "no CI (1 replication)" in text
    assert "[" not in text.split("Per station area")[1].split("\n\n")[0].split("\n", 1)[1]


@pytest.fixture(scope="module")
def target_results(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("target") / "target.json"
    assert main(["target", "minimum", *RUN, "--no-levers", "--json", str(path)]) == 0
    return json.loads(path.read_text(encoding="utf-8"))


def test_target_missed_places_carry_their_intervals_and_the_replications_they_rest_on(target_results) -> None:
    from raddsim.views.target_text import MIN_PLACE_ALARMS, format_target

    text = format_target(target_results, "en")
    assert "over 3 replications × 0.1 year(s)" in text
    shown = [r for r in target_results["scenarios"]["minimum"]["by_place"]
             if r["alarms"] >= MIN_PLACE_ALARMS and r["share_within_target"] < 1][:8]
    assert shown
    for r in shown:
        assert with_ci(r["share_within_target"], r["share_within_target_ci95"], 0, 100, "\u00a0%") in text


@pytest.fixture(scope="module")
def report_data(default_model):
    from raddsim.views.report_data import prepare_report

    return prepare_report(default_model, ["minimum"], years=0.1, replications=3, seed=7, cell_m=2000,
                          sim_cell_m=2000, what_if=False)


def test_report_per_tatort_shares_carry_the_interval_their_heading_promises(report_data) -> None:
    import html

    from raddsim.views.report import _places

    text = html.unescape("\n".join(_places(report_data, "en", ["minimum"])))
    assert "[95 % CI]" in text  # the heading's promise
    rows = [*report_data.static[0].place_minutes(), "countryside"]  # the table's rows
    by_place = report_data.simulated[0].by_place
    with_intervals = [by_place[p] for p in rows if by_place.get(p, {}).get("share_within_target_ci95")]
    assert with_intervals
    for b in with_intervals:
        lo, hi = b["share_within_target_ci95"]
        assert lo <= b["share_within_target"] <= hi
        assert f"[{100 * lo:.0f}–{100 * hi:.0f}]" in text


def test_report_never_assembled_and_waited_shares_carry_their_intervals(report_data) -> None:
    import html

    from raddsim.views.htmlparts import ci_html
    from raddsim.views.report import _headline

    text = _headline(report_data, "en")
    sc = report_data.results["scenarios"]["minimum"]
    ef = sc["effective_force_minutes"]
    for value, ci in ((ef["share_never"], ef["share_never_ci95"]), (sc["waited_share"], sc["waited_share_ci95"])):
        assert ci is not None
        assert html.unescape(ci_html(value, ci, 1, 100, "\u00a0%", True)) in html.unescape(text)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_demand_prints_its_yearly_rate_with_the_interval_over_replications(tmp_path, capsys, lang) -> None:
    path = tmp_path / "demand.json"
    assert main(["demand", *RUN, "--json", str(path), "--lang", lang]) == 0
    out = capsys.readouterr().out
    s = json.loads(path.read_text(encoding="utf-8"))
    lo, hi = s["alarms_per_year_ci95"]
    assert lo <= s["alarms_per_year"] <= hi and s["replications"] == 3
    first = out.splitlines()[0]
    assert f"[{lo:.0f}–{hi:.0f}]" in first.replace("\u00a0", "").replace(" ", "") or \
        f"[{lo:,.0f}–{hi:,.0f}]".replace(",", "") in first.replace("\u00a0", "").replace(" ", "")
    assert ("over 3 replications" if lang == "en" else "över 3 replikeringar") in first


def test_demand_with_one_replication_has_no_interval(tmp_path, capsys) -> None:
    path = tmp_path / "demand.json"
    assert main(["demand", "--replications", "1", "--years", "0.1", "--json", str(path)]) == 0
    s = json.loads(path.read_text(encoding="utf-8"))
    assert s["alarms_per_year_ci95"] is None and not math.isnan(s["alarms_per_year"])
    assert "[" not in capsys.readouterr().out.splitlines()[0]


def test_target_says_how_many_paired_replications_its_levers_rest_on(tmp_path) -> None:
    from raddsim.views.target_text import format_target

    path = tmp_path / "target.json"
    assert main(["target", "minimum", "--replications", "2", "--years", "0.05", "--lever-replications", "3",
                 "--json", str(path)]) == 0
    res = json.loads(path.read_text(encoding="utf-8"))
    assert res["lever_replications"] == 3 and res["scenarios"]["minimum"]["levers"]
    assert "common random numbers; 3 paired replications each):" in format_target(res, "en")
    assert "gemensamma slumptal; 3 parade replikeringar vardera):" in format_target(res, "sv")


def test_run_says_why_a_figure_of_several_replications_has_no_interval(run_results) -> None:
    """An area, type or crew with events in one replication only has a value and a null interval: the text printed
    it bare among bracketed figures, and the JSON did not say what a null interval means."""
    import copy

    from raddsim.views.console import format_results

    res = copy.deepcopy(run_results)
    for sc in res["scenarios"].values():  # every interval there, as with many replications
        for crew in sc["readiness"]["crews"].values():
            crew["roll_rate_ci95"] = crew["roll_rate_ci95"] or [crew["roll_rate"], crew["roll_rate"]]
        for block in (*sc["per_station"].values(), *sc["per_type"].values()):
            for key, value in list(block.items()):
                if key.endswith("_ci95") and value is None and block.get(key[:-5]) is not None:
                    block[key] = [block[key[:-5]]] * 2
            for sub in ("first_arrival_minutes", "effective_force_minutes"):
                for key, value in list(block[sub].items()):
                    if key.endswith("_ci95") and value is None and block[sub].get(key[:-5]) is not None:
                        block[sub][key] = [block[sub][key[:-5]]] * 2
    why = "had events in only one replication"
    assert why not in format_results(res, "en")
    area = next(iter(res["scenarios"]["minimum"]["per_station"].values()))
    area["share_within_target_ci95"] = None  # its alarms fell in one replication
    assert why in format_results(res, "en")
    assert "hade händelser i bara en replikering" in format_results(res, "sv")
    assert "one replication only" in run_results["settings"]["ci95_method"]["null"]


def test_report_page_one_of_one_replication_says_why_it_has_no_interval(default_model) -> None:
    """Page one printed "(95 % interval –––)" beside each scenario's mean and gave no reason anywhere."""
    import html
    import re

    from raddsim.views.board_text import summary_html
    from raddsim.views.report_data import prepare_report

    d = prepare_report(default_model, ["minimum"], years=0.1, replications=1, seed=7, cell_m=2000, sim_cell_m=2000,
                       what_if=False)
    for lang, reason in (("en", "no CI (1 replication)"), ("sv", "Inga konfidensintervall med 1 replikering")):
        page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(summary_html(d.results, d.board, d.setups,
                                                                                          lang))))
        assert "–––" not in page and "interval –" not in page and "intervall –" not in page
        assert reason in page


def test_report_says_why_a_place_share_stands_without_its_interval(report_data) -> None:
    """A tätort with its alarms in one replication showed a bare share under a heading promising "[95 % CI]"."""
    from raddsim.views.report import _areas

    bare = [n for n, b in report_data.simulated[0].by_place.items()
            if n in report_data.static[0].place_minutes() and b.get("share_within_target") is not None
            and b.get("share_within_target_ci95") is None]
    assert bare  # three replications of 0.1 years: some small tätort has alarms in one of them only
    assert "had events in only one replication" in _areas(report_data, "en")
