"""Page one of the board paper with one replication: it claims no test it could not make.

With one replication no paired difference has an interval, so "no station area shows a detectable difference"
asserted a finding no test stood behind; and "1 independent replications" read as a slip.
"""

from __future__ import annotations

import pytest

from raddsim import load_region
from raddsim.views import board_text as bt


@pytest.fixture(scope="module")
def minimum_and_ambition():
    region = load_region()
    return region.scenarios["minimum"], region.scenarios["ambition"]


def _board(ci: list[float] | None) -> dict:
    d = {"difference": -0.4, "ci95": ci, "base": 9.0, "other": 8.6}
    return {"differences": {"ambition": {"area:Rimbo": {"mean": d}, "effective:Rimbo": {"mean": d}}}}


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_without_any_interval_no_area_is_said_to_show_no_difference(minimum_and_ambition, lang) -> None:
    base, other = minimum_and_ambition
    text = bt.where_sentence(_board(None), other, base, lang)[-1]
    assert ("detectable" not in text and "påvisbar" not in text) and ("2 replications" in text
                                                                       or "2 replikeringar" in text), text


def test_with_intervals_that_hold_zero_the_finding_stands(minimum_and_ambition) -> None:
    base, other = minimum_and_ambition
    assert bt.where_sentence(_board([-0.9, 0.1]), other, base, "en")[-1] == (
        "In ambition, no station area shows a detectable difference.")


@pytest.mark.parametrize("n, en, sv", [(1, "1 independent replication of", "1 oberoende replikering om"),
                                       (30, "30 independent replications of", "30 oberoende replikeringar om")])
def test_how_sure_counts_replications_in_the_right_number(n, en, sv) -> None:
    from raddsim.views.i18n import t

    plural = {"en": "s", "sv": "ar"}
    for lang, words in (("en", en), ("sv", sv)):
        text = t("b_sure", lang, r=n, y="1", s="" if n == 1 else plural[lang])
        assert words in text, text


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_page_one_of_a_one_replication_run(lang) -> None:
    """The whole page, as the report builds it: no 'detectable' claim, and 'replication' in the singular."""
    from raddsim.experiment.model import build_model
    from raddsim.views.report_data import prepare_report

    region = load_region()
    model = build_model(region)
    setups = [region.scenarios["minimum"], region.scenarios["ambition"]]
    d = prepare_report(model, setups, years=0.05, replications=1, seed=7, what_if=False, cell_m=2000)
    text = bt.summary_html(d.results, d.board, setups, lang)
    assert "detectable" not in text and "påvisbar" not in text, text
    assert ("1 independent replication of" if lang == "en" else "1 oberoende replikering om") in text, text
