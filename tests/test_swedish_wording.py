"""The Swedish output's wording, pinned finding by finding (review of ``--lang sv``, S1–S12).

Each test names the finding it pins; most read the catalogue (:func:`raddsim.views.i18n.catalogue`), a few format a
figure through the helper the outputs use.
"""

from __future__ import annotations

import re

from raddsim.views.i18n import catalogue, t


def _swedish() -> dict[str, str]:
    return {key: texts["sv"] for key, texts in catalogue().items() if "sv" in texts}


def test_s1_the_time_not_on_a_call_is_not_called_readiness() -> None:
    # Was "Beredskap: … varje styrka är ledig", two tables above "ur beredskap 54 %" for the same crew: the figure
    # is the share of time not busy at an alarm, whatever the staffing.
    sv, en = t("readiness", "sv"), t("readiness", "en")
    assert not sv.startswith("Beredskap") and "oavsett bemanning" in sv and "upptagen" in sv
    assert en.startswith("Not on a call:") and "Readiness" not in en


def test_s2_no_swedish_text_calls_crews_ledig() -> None:
    # "ledig" reads as "off work" and hid that the static maps assume every crew fully staffed.
    found = {k: v for k, v in _swedish().items() if re.search(r"\bledig", v, re.IGNORECASE)}
    assert not found, found


def test_s2_the_static_maps_say_they_are_the_best_case() -> None:
    for key in ("map_sub_static", "map_sub_effective", "map_sub_travel"):
        assert t(key, "sv", v=40, c=250).startswith("Bästa fall"), key
        assert t(key, "en", v=40, c=250).startswith("Best case"), key
    assert "fullt bemannade och inte upptagna" in t("map_sub_static", "sv", v=40, c=250)
    assert "fully staffed and not busy" in t("map_sub_static", "en", v=40, c=250)


def test_s2_difference_maps_say_availability_shows_only_on_the_simulated_map() -> None:
    for lang, words in (("sv", "syns bara i den simulerade kartan"), ("en", "show only on the simulated map")):
        assert words in t("map_sub_diff", lang, c=250)
        assert words in t("rep_difference_note", lang, b="minimum")
