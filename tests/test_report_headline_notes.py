"""The report's headline section (section 1) carries page one's scenario notes (/work/notes/task_left7.md, item 1).

A reader who skips page one read an overloaded scenario's mean minutes (they grow with the simulated time) with no
warning. The note comes from :func:`raddsim.views.plain_text.scenario_notes`, the one rule run, compare, target and
page one use; Corpby (tests/corpus_helpers.py) with 50 times its demand is overloaded in 0.003 years.
"""

from __future__ import annotations

import copy
import html
import re

import pytest
from corpus_helpers import write_corpby

from raddsim.views.i18n import t
from raddsim.views.plain_text import scenario_notes
from raddsim.views.report import _headline, render_report

LANGS = [("en", "overloaded"), ("sv", "överbelastat")]


@pytest.fixture(scope="module")
def overloaded(tmp_path_factory):
    """Report data of Corpby with 50 times its demand: its two crews cannot keep up."""
    from raddsim import build_model, load_region
    from raddsim.views.report_data import prepare_report

    region = write_corpby(tmp_path_factory.mktemp("overloaded"))
    toml = region / "region.toml"
    text = toml.read_text(encoding="utf-8")
    assert "multiplier = 1.0" in text
    toml.write_text(text.replace("multiplier = 1.0", "multiplier = 50.0"), encoding="utf-8")
    model = build_model(load_region(str(toml)))
    return prepare_report(model, ["low"], years=0.003, replications=2, cell_m=2000, sim_cell_m=2000, what_if=False)


def _text(part: str) -> str:
    """HTML as the reader sees it: tags dropped, entities resolved, runs of white space (not no-break) as one."""
    return html.unescape(re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", part)))


def _section(page: str, key: str) -> str:
    """The text of the report's ``<section id="key">``."""
    found = re.search(rf'<section id="{key}"[^>]*>(.*?)</section>', page, flags=re.S)
    assert found, key
    return _text(found.group(1))


@pytest.mark.parametrize("lang, word", LANGS)
def test_headline_section_carries_the_overload_note_of_page_one(overloaded, lang, word) -> None:
    notes = scenario_notes(overloaded.results, lang)
    assert len(notes) == 1 and word in notes[0], notes
    headline = _text(_headline(overloaded, lang))  # section 1's content
    means = t("rep_headline_note", lang, t=overloaded.results["target_minutes"])
    assert notes[0] in headline and headline.index(notes[0]) < headline.index(means), headline[:600]  # above them


def test_rendered_report_has_the_note_on_page_one_and_in_section_one(overloaded) -> None:
    note = scenario_notes(overloaded.results, "en")[0]
    page = render_report(overloaded, "en")
    assert note in _section(page, "summary") and note in _section(page, "headline")


@pytest.mark.parametrize("lang, word", LANGS)
def test_headline_section_of_a_calm_run_has_no_overload_note(overloaded, lang, word) -> None:
    calm = copy.copy(overloaded)
    calm.results = copy.deepcopy(overloaded.results)
    calm.results["scenarios"]["low"]["waited_share"] = 0.1  # most alarms found a crew free: not overloaded
    assert scenario_notes(calm.results, lang) == []
    assert word not in _text(_headline(calm, lang))
