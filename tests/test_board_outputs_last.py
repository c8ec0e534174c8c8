"""The board outputs' last small faults from the extreme-input probe (/work/notes/probe_ext.md), each pinned here.

On Corpby (tests/corpus_helpers.py): page one of the report carries the overload warning run and compare print
(from the same function); a target is written as run writes it ("8", "8.5", Swedish "8,5"), not "8.00", on page
one, in the indicator's sentence, the coverage tables of the report and ``map`` and ``run``'s per-type shares;
compare's "never assembled" share has the precision of its other shares; demand's hour and month rows stay in
columns when one hour or month holds every alarm; ``compare()`` from Python warns once that one replication gives
no interval, and the command line still says it once.
"""

from __future__ import annotations

import copy
import html
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from corpus_helpers import write_corpby

from raddsim.cli import main
from raddsim.core.errors import NoIntervalWarning
from raddsim.views.board_text import summary_html
from raddsim.views.i18n import t
from raddsim.views.numbers import num
from raddsim.views.plain_text import scenario_notes

LANGS = ["en", "sv"]


def _corpby(folder: Path, old: str, new: str) -> Path:
    region = write_corpby(folder)
    toml = region / "region.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new), encoding="utf-8")
    return region


@pytest.fixture(scope="module")
def overloaded(tmp_path_factory):
    """Report data of Corpby with 50 times its demand (its crews cannot keep up), with a target of 8.5 minutes."""
    from raddsim import build_model, load_region
    from raddsim.views.report_data import prepare_report

    region = _corpby(tmp_path_factory.mktemp("overloaded"), "multiplier = 1.0", "multiplier = 50.0")
    model = build_model(load_region(str(region / "region.toml"), target_minutes=8.5))
    return prepare_report(model, ["low"], years=0.003, replications=2, cell_m=2000, sim_cell_m=2000, what_if=False)


def _page_one(d, lang: str, res: dict | None = None) -> str:
    return html.unescape(summary_html(d.results if res is None else res, d.board, d.setups, lang))


@pytest.mark.parametrize("lang, word", [("en", "overloaded"), ("sv", "överbelastat")])
def test_page_one_carries_the_overload_warning_run_and_compare_print(overloaded, lang, word) -> None:
    notes = scenario_notes(overloaded.results, lang)  # what run and compare print, from the one rule
    assert len(notes) == 1 and word in notes[0], notes
    assert notes[0] in _page_one(overloaded, lang)
    calm = copy.deepcopy(overloaded.results)
    calm["scenarios"]["low"]["waited_share"] = 0.1  # most alarms found a crew free: not overloaded
    assert scenario_notes(calm, lang) == [] and word not in _page_one(overloaded, lang, calm)


#: Page one's two places for the target, per language: the question, and the answer's "over the target of …".
WORDS = {"en": ("within {} minutes from the alarm", "over the target of {}."),
         "sv": ("inom {} minuter från larm", "över målet {}.")}


@pytest.mark.parametrize("lang", LANGS)
def test_page_one_writes_the_target_as_run_does(overloaded, lang) -> None:
    question, gap = WORDS[lang]
    half = num(8.5, 1, lang)  # 8.5, Swedish 8,5
    page = _page_one(overloaded, lang)
    assert question.format(half) in page and gap.format(half) in page, page  # was "8.50", "8,50"
    res = copy.deepcopy(overloaded.results)
    res["target_minutes"] = 8.0  # `--target 8` (a float from the command line)
    page = _page_one(overloaded, lang, res)
    assert question.format("8") in page and gap.format("8") in page, page  # was "8.00", "8,00"
    res["scenarios"]["low"]["indicator"] = {  # the yearly indicator's sentence, with a target of its own
        "mean": 9.0, "mean_ci95": [8.5, 9.5], "distribution": {"p5": 8.0, "p95": 10.0}, "p_meets_target": 0.4,
        "p_meets_target_ci95": [0.2, 0.6], "target_minutes": 10.0, "statistic": "mean", "years": 2}
    page = _page_one(overloaded, lang, res)
    assert ("under the target of 10;" if lang == "en" else "under målet 10;") in page, page  # was "10.00"


def test_coverage_tables_write_a_fractional_target_the_swedish_way(overloaded) -> None:
    from raddsim.cli.map import _format_summary
    from raddsim.views.report import _coverage

    table = _format_summary(overloaded.static, overloaded.grid, "sv")  # raddsim map's table
    assert "första styrka ≤ 8,5 " in table and "8.5" not in table, table
    heads = re.findall(r"<th>([^<]*≤[^<]*)</th>", _coverage(overloaded, "sv", False))  # the report's
    assert "första styrka ≤ 8,5 min" in heads and not [h for h in heads if "." in h], heads


def test_the_distribution_charts_legend_writes_a_fractional_target_the_swedish_way() -> None:
    from raddsim.views.charts import distribution_figure

    fig = distribution_figure({"low": np.array([5.0, 9.0, 12.0])}, 8.5, "sv")
    labels = [x.get_text() for ax in fig.axes if ax.get_legend() for x in ax.get_legend().get_texts()]
    assert "low: 33 % ≤ 8,5 min" in labels, labels  # was "≤ 8.5 min" in a Swedish chart


@pytest.mark.parametrize("lang", LANGS)
def test_run_writes_each_types_own_target_whole(overloaded, lang) -> None:
    from raddsim.views.console import format_results

    rows = [x for x in format_results(overloaded.results, lang).splitlines() if "≤" in x]
    assert rows and all(re.search(rf"≤ (8|{re.escape(num(8.5, 1, lang))}) \(n=", x) for x in rows), rows
    assert [x for x in rows if "≤ 8 (n=" in x], rows  # Fire's own target of 8; was "≤ 8.0", Swedish "≤ 8,0"


@pytest.mark.parametrize("lang", LANGS)
def test_compare_shows_never_assembled_with_the_precision_of_its_other_shares(lang) -> None:
    from raddsim.experiment.compare import FIGURES, paired_differences
    from raddsim.views.comparison_text import format_comparison

    rng = np.random.default_rng(3)
    base = {s: rng.uniform(0.1, 0.9, (3, len(FIGURES))) for s in ("first_arrival", "effective_force", "area:X")}
    for figs in base.values():
        figs[:, FIGURES.index("share_missing")] = 0.0
    base["effective_force"][:, FIGURES.index("share_missing")] = 0.01595  # 1.595 % never assembled
    other = {s: v + 0.01 for s, v in base.items()}
    res = {"raddsim_version": "0", "region": "R", "network": {"label": "n", "source": "s"}, "target_minutes": 10,
           "base": "a", "settings": {"replications": 3, "years": 1.0, "half_width_minutes": {"a": 0.1, "b": 0.1}},
           "differences": {"b": paired_differences(base, other)}}
    lines = format_comparison(res, lang).splitlines()
    row = next(x for x in lines if x.startswith(t("eff_never", lang)))
    share = next(x for x in lines if x.startswith(t("first_share", lang)))
    # the two scenarios' shares (with their per-cent sign, as run prints shares), then the difference
    numbers = re.findall(r"\d+[.,]\d+", row[len(t("eff_never", lang)):])
    assert numbers[:2] == [num(1.595, 1, lang), num(2.595, 1, lang)], row  # was 1.595 and 2.595
    decimals = {len(re.split("[.,]", c)[1]) for c in re.findall(r"\d+[.,]\d+", share[len(t("first_share", lang)):])[:2]}
    assert decimals == {1}, share


@pytest.fixture(scope="module")
def one_hour(tmp_path_factory) -> Path:
    """Corpby whose every alarm falls at noon; a run of 0.01 years has them all in January too."""
    noon = ", ".join("1" if h == 12 else "0" for h in range(24))
    return _corpby(tmp_path_factory.mktemp("onehour"), "hour = [" + ", ".join(["1"] * 24) + "]", f"hour = [{noon}]")


def _columns_line_up(header: str, values: str) -> bool:
    """Whether every value ends where its label ends (right-aligned columns), one value per label."""
    ends = [m.end() for m in re.finditer(r"\S+", header)]
    return len(ends) == len(re.findall(r"\S+", values)) and ends == [m.end() for m in re.finditer(r"\S+", values)]


@pytest.mark.parametrize("lang, month", [("en", "month (%; below: 95% CI low, high):"),
                                         ("sv", "månad (%; under: 95\u00a0% KI lägst, högst):")])
def test_demand_rows_stay_in_columns_when_one_month_and_hour_hold_every_alarm(one_hour, capsys, lang, month) -> None:
    assert main(["demand", "--region", str(one_hour), "--years", "0.01", "--replications", "1", "--lang", lang]) == 0
    lines = capsys.readouterr().out.splitlines()
    k = lines.index(month)
    assert lines[k + 2].split()[0] == num(100, 1, lang), lines[k + 2]  # every alarm in January: 100.0 / 100,0
    assert _columns_line_up(lines[k + 1], lines[k + 2]), lines[k:k + 3]
    h = next(i for i, x in enumerate(lines) if x.endswith(("(%):", "högst):", "high):")) and i < k)
    assert lines[h + 2].split()[12] == "100", lines[h + 2]
    assert _columns_line_up(lines[h + 1], lines[h + 2]), lines[h:h + 3]


@pytest.fixture(scope="module")
def corpby(tmp_path_factory) -> Path:
    return write_corpby(tmp_path_factory.mktemp("corpby"))


def test_compare_from_python_with_one_replication_warns_once(corpby) -> None:
    from raddsim import build_model, compare, load_region

    model = build_model(load_region(str(corpby / "region.toml"), extra_scenarios=str(corpby / "scenarios.toml")))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = compare(model, ["low", "slow"], years=0.003, replications=1)
    said = [w for w in caught if issubclass(w.category, NoIntervalWarning)]
    assert len(said) == 1, [str(w.message) for w in caught]
    assert res["settings"]["ci95_missing"] in str(said[0].message) and "replications=2" in str(said[0].message)
    assert said[0].filename == __file__  # pointed at the caller's line, not raddsim's
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoIntervalWarning)  # two replications: intervals, no warning
        compare(model, ["low", "slow"], years=0.003, replications=2)


@pytest.mark.parametrize("lang", LANGS)
def test_compare_on_the_command_line_says_it_once(corpby, capsys, lang) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["compare", "--region", str(corpby), "--scenarios-file", str(corpby / "scenarios.toml"), "low",
                     "slow", "--years", "0.003", "--replications", "1", "--lang", lang]) == 0
    said = capsys.readouterr()
    words = t("no_ci", lang, n=1, s="")
    assert (said.out + said.err).count(words) == 1, (said.out, said.err)
    assert not [w for w in caught if issubclass(w.category, NoIntervalWarning)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_distribution_charts_last_bar_says_it_holds_the_longer_times(lang) -> None:
    """Every alarm beyond the 45-minute axis is counted in the last bar: the board read its spike as alarms at
    44–45 min. The histogram's axis says so, and the label stays inside the figure."""
    from raddsim.views.charts import distribution_figure

    fig = distribution_figure({"low": np.array([5.0, 9.0, 12.0, 70.0])}, 10, lang)
    fig.canvas.draw()
    label = fig.axes[0].xaxis.label
    assert ("44 min or more" if lang == "en" else "44 min eller mer") in label.get_text()
    box = label.get_window_extent(fig.canvas.get_renderer())
    assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and fig.bbox.y0 <= box.y0
