"""An interval is never printed with two equal ends when its ends differ ("97–97 %" read as an error by a board)."""

from __future__ import annotations

import re

import pytest

from raddsim.views.archipelago_text import ci_phrase
from raddsim.views.board_text import minutes_words, points_words
from raddsim.views.comparison_text import diff_text
from raddsim.views.numbers import interval_digits


@pytest.mark.parametrize("ci, digits, want", [
    ([96.6, 97.4], 0, 1),       # 97–97 → 96.6–97.4
    ([0.016, 0.024], 2, 3),     # 0.02–0.02 → 0.016–0.024
    ([0.11, 0.16], 2, 2),       # already distinct: unchanged
    ([0.02011, 0.02012], 2, 4),  # at most two more decimals, even if still equal
    ([1.5, 1.5], 1, 1),         # one value: nothing to tell apart
    (None, 1, 1),
    ([float("nan"), 1.0], 1, 1),
])
def test_interval_digits(ci, digits, want):
    assert interval_digits(ci, digits) == want


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)?", text)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_board_sentences_show_two_ends(lang):
    sooner = minutes_words({"ci95": [-0.024, -0.016]}, lang)
    a, b = _numbers(sooner)
    assert a != b and a.replace(",", ".") == "0.016" and b.replace(",", ".") == "0.024", sooner
    share = ci_phrase([0.9662, 0.9741], 0, lang, percent=True)
    lo, hi = _numbers(share)[-2:]
    assert (lo.replace(",", "."), hi.replace(",", ".")) == ("96.6", "97.4"), share
    pp = points_words({"ci95": [0.00112, 0.00138]}, lang)
    assert len(set(_numbers(pp))) == 2, pp


def test_detectable_is_decided_on_the_printed_ends():
    # [-0.004, -0.001] printed with two decimals touches zero; with the decimals that tell its ends apart it does
    # not, and the sentence says "sooner" with those ends (not "no detectable difference" beside -0.00 and -0.00).
    words = minutes_words({"ci95": [-0.004, -0.001]}, "en")
    assert words == "between 0.001 and 0.004 minutes sooner"
    # an interval across zero stays "no detectable difference"
    assert "no detectable" in minutes_words({"ci95": [-0.004, 0.001]}, "en")


def test_compare_table_cell():
    cell = diff_text({"difference": 0.0201, "ci95": [0.0152, 0.0243]}, lang="en")
    assert cell == "+0.020 [+0.015, +0.024] *", cell
