"""Words of the board outputs a newcomer's region showed wrong (newcomer13)."""

from __future__ import annotations

import dataclasses

import pytest

from raddsim.views.board_text import scenario_label
from raddsim.views.uncertain_text import format_uncertain


def test_a_scenario_description_keeps_its_first_letter(default_region) -> None:
    # Was lowered: "deltid-spillersboda (norrtälje deltid (at minimum staffing) moved …)".
    setup = default_region.scenarios["deltid-spillersboda"]
    assert scenario_label(setup, "en").startswith("deltid-spillersboda (Norrtälje deltid (at minimum")
    assert scenario_label(dataclasses.replace(setup, description=""), "en") == "deltid-spillersboda"


@pytest.mark.parametrize("lang, k, words", [("en", 1, "of 1 parameter in"), ("en", 2, "of 2 parameters in"),
                                             ("sv", 1, "för 1 parameter i"), ("sv", 3, "för 3 parametrar i")])
def test_the_uncertainty_title_counts_its_parameters(lang, k, words) -> None:
    # Was: "over the ranges of 1 parameters".
    res = {"a": "A", "b": "B", "parameter_sets": 4, "replications_per_set": 2,
           "parameters": [{"key": f"p{j}"} for j in range(k)], "figures": {}, "not_drawn": []}
    assert words in format_uncertain(res, lang)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_one_lever_that_does_not_close_the_gap_names_no_next_best(default_region, lang) -> None:
    # Was: "…; the next best: –." with only one lever tried.
    from raddsim.views.board_text import lever_sentences

    base = default_region.scenarios["minimum"]
    res = {"target_minutes": 10.0, "scenarios": {"minimum": {"first_arrival_minutes": {"mean": 11.5}}}}
    lever = {"overrides": {"crews.rimbo.turnout_minutes": 4},
             "mean_minutes_change": {"difference": -0.3, "ci95": [-0.4, -0.2]}}
    text = " ".join(lever_sentences(res, {"levers": [lever], "what_if_replications": 10}, base, lang))
    assert "–." not in text and ("does not close the gap of 1.50 minutes to the target." in text
                                 or "räcker inte ensamt för att nå målet (1,50 minuter kvar)." in text), text
