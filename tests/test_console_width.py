"""`raddsim run` in a terminal narrower than its tables: each row becomes a block of lines, prose breaks between words.

A terminal breaks a too-long line anywhere: the default's per-area, per-type and crew tables (130–170 characters)
scattered their columns over two lines each in a 100-column window. Output to a file or a pipe keeps the columns.
"""

from __future__ import annotations

import re
import sys

import pytest

from raddsim import load_region
from raddsim.cli import main
from raddsim.experiment.model import build_model
from raddsim.experiment.runs import run_experiment
from raddsim.views.console import format_results
from raddsim.views.plain_text import fitted_table, table

INTERVAL = re.compile(r"\d[\d.,]*%? \[[^\]]+\]")


@pytest.fixture(scope="module")
def results() -> tuple[dict, list]:
    region = load_region()
    setups = [region.scenarios["minimum"], region.scenarios["ambition"]]
    return run_experiment(build_model(region), setups, years=0.1, replications=3, seed=11), setups


def test_without_a_width_the_columns_stay_however_wide(results) -> None:
    res, setups = results
    text = format_results(res, "en", setups)
    assert text == format_results(res, "en", setups, None)
    assert max(len(line) for line in text.splitlines()) > 120  # the default's tables are wide: this is the case


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_narrow_terminal_gets_every_figure_within_its_width(results, width, lang) -> None:
    res, setups = results
    wide = format_results(res, lang, setups)
    narrow = format_results(res, lang, setups, width)
    too_long = [line for line in narrow.splitlines() if len(line) > width and " " in line.strip()]
    # a line of one unbreakable word (a file path) may stay longer; no line with a space in it may
    assert not [x for x in too_long if any(len(w) < width for w in x.split()) and len(x.split()) > 1], too_long
    # the same figures with their intervals, in the same order: nothing lost or changed
    assert len(INTERVAL.findall(wide)) > 50 and INTERVAL.findall(narrow) == INTERVAL.findall(wide)


def test_a_table_that_fits_is_not_touched() -> None:
    rows = [["area", "minimum", "ambition"], ["Rimbo", "11.0", "10.9"]]
    assert fitted_table(rows, 80) == table(rows)


def test_a_row_becomes_its_label_then_one_line_per_column() -> None:
    rows = [["area", "minimum", "ambition"], ["Rimbo", "11.0 [10.6–11.4] · 55% [52–58]", "10.9 [10.5–11.3] · 56%"]]
    assert fitted_table(rows, 40).splitlines() == [
        "area",
        "----------------------------------------",
        "Rimbo",
        "  minimum   11.0 [10.6–11.4] · 55% [52–58]",
        "  ambition          10.9 [10.5–11.3] · 56%",
    ]


def test_the_command_fits_the_terminal_and_keeps_columns_in_a_pipe(monkeypatch, capsys) -> None:
    argv = ["run", "--years", "0.05", "--replications", "2"]
    assert main(argv) == 0
    piped = capsys.readouterr().out
    assert max(len(line) for line in piped.splitlines()) > 120
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "90")
    assert main(argv) == 0
    narrow = capsys.readouterr().out
    assert max(len(line) for line in narrow.splitlines() if " " in line) <= 90
    assert INTERVAL.findall(narrow) == INTERVAL.findall(piped)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_target_in_a_narrow_terminal_keeps_every_figure(lang) -> None:
    from raddsim.experiment.target import target_report
    from raddsim.views.target_text import format_target

    region = load_region()
    res = target_report(build_model(region), [region.scenarios["minimum"]], years=0.25, replications=3, seed=11,
                        lever_replications=2, cell_m=3000)
    wide = format_target(res, lang, region)
    assert max(len(line) for line in wide.splitlines()) > 80
    narrow = format_target(res, lang, region, 80)
    assert max(len(line) for line in narrow.splitlines() if " " in line) <= 80, narrow
    pattern = re.compile(r"[+−-]?\d[\d.,]*(?:\u00a0|\s)?(?:%|pp|min|p\.e\.)? \[[^\]]+\]")
    assert len(pattern.findall(wide)) >= 5 and pattern.findall(narrow) == pattern.findall(wide)
    assert format_target(res, lang, region, None) == wide


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_compare_in_a_narrow_terminal_keeps_every_figure(lang) -> None:
    from raddsim.experiment.compare import compare
    from raddsim.views.comparison_text import format_comparison

    region = load_region()
    res = compare(build_model(region), ["minimum", "ambition"], years=0.2, replications=3, seed=5)
    wide = format_comparison(res, lang)
    assert max(len(line) for line in wide.splitlines()) > 80
    narrow = format_comparison(res, lang, 80)
    assert max(len(line) for line in narrow.splitlines() if " " in line) <= 80, narrow
    pattern = re.compile(r"[+−-]?\d[\d.,]*(?:\u00a0|\s)?(?:%|pp|p\.e\.)? \[[^\]]+\]")
    assert len(pattern.findall(wide)) >= 20 and pattern.findall(narrow) == pattern.findall(wide)
    assert format_comparison(res, lang, None) == wide
