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


def test_s3_signed_intervals_say_till_in_swedish_and_keep_the_comma_in_english() -> None:
    from raddsim.views.comparison_text import diff_text
    from raddsim.views.numbers import signed_interval

    assert signed_interval(-0.52, -0.37, 2, "sv") == "[−0,52 till −0,37]"
    assert signed_interval(-0.52, -0.37, 2, "en") == "[-0.52, -0.37]"
    d = {"difference": -0.44, "ci95": [-0.52, -0.37]}
    assert diff_text(d, lang="sv") == "−0,44 [−0,52 till −0,37] *"
    assert diff_text(d, lang="en") == "-0.44 [-0.52, -0.37] *"
    assert "till" in t("abc_mcse_row", "sv", name="x", m=1.0, se=0.1, lo=0.8, hi=1.2)


def _uncertain_result() -> dict:
    """A ``compare --uncertain`` result of the shape :func:`format_uncertain` reads (figures from the review)."""
    rows = [{"key": "crews.*.availability.response_probability", "prcc": -0.78, "spearman": -0.61},
            {"key": "availability.part-time.absence_period.weekday_day", "prcc": 0.05, "spearman": 0.04}]
    fig = {"difference": {"median": -0.64, "p5": -0.82, "p95": -0.36}, "share_b_better_beyond_noise": 1.0,
           "share_b_worse_beyond_noise": 0.0, "importance": rows, "ranking": {"method": "prcc"}}
    return {"a": "minimum", "b": "ambition", "parameters": ["p1", "p2"], "parameter_sets": 10,
            "replications_per_set": 2, "figures": {"first_arrival_mean": fig}}


def test_s4_compare_uncertain_prints_swedish_numbers_in_swedish() -> None:
    # Was "-0.64  [-0.82, -0.36]  100%" under --lang sv: decimal point, hyphen-minus, no space before %.
    from raddsim.views.uncertain_text import format_uncertain

    sv = format_uncertain(_uncertain_result(), "sv")
    assert "−0,64" in sv and "[−0,82 till −0,36]" in sv and "100\u00a0%" in sv
    assert not re.search(r"(?<![\w.])-\d|\d\.\d", sv), sv  # no hyphen-minus number, no decimal point
    assert "hur ofta deltidspersonalen svarar" in sv  # a parameter in words, its key after it
    en = format_uncertain(_uncertain_result(), "en")
    assert "-0.64" in en and "[-0.82, -0.36]" in en


def test_s3_the_reported_years_read_value_then_year(default_region) -> None:
    from raddsim.views.board_text import reported_values

    assert reported_values({"2022": 10.52, "2023": 11.19}, "sv") == "10,52 (2022) och 11,19 (2023)"
    assert reported_values({"2022": 10.52, "2023": 11.19}, "en") == "10.52 (2022) and 11.19 (2023)"


def test_s6_the_swedish_reported_row_keeps_the_english_assumption_caveat(default_region) -> None:
    from raddsim.network.positions import SWEREF
    from raddsim.views.report_text import assumptions

    setup = default_region.scenarios["minimum"]
    rows = {lang: {item: source for item, _, source in assumptions(default_region, setup, 250, 2000, 40, lang, SWEREF)}
            for lang in ("en", "sv")}
    assert "ASSUMPTION" in rows["en"]["Reported outcome"]
    assert "ANTAGANDE" in rows["sv"]["Redovisat utfall"]


def test_s5_the_yearly_indicator_is_one_nyckeltal_and_not_the_namnds() -> None:
    # Was "Nämndens årliga indikator — … (KF)": KF is kommunfullmäktige, not a nämnd, and three names for one figure.
    found = {k: v for k, v in _swedish().items() if re.search(r"indikator|nämndens", v, re.IGNORECASE)}
    assert not found, found
    assert t("ind_default_name", "sv") == "Tid från larm till första styrka på plats, årsmedelvärde"
    assert t("ind_title", "sv", name="x", stat="medel", types="alla", il="nej", sy="30 år").startswith(
        "Kommunens årliga nyckeltal — ")


def test_s7_the_force_an_incident_needs_is_full_styrka() -> None:
    # "effektiv styrka" reads as "efficient crew"; "eff" was never explained.
    found = {k: v for k, v in _swedish().items() if "effektiv styrka" in v or "effektiva styrkan" in v}
    assert not found, found
    assert "1 + 4 för rökdykning" in t("effective_title", "sv")
    assert "full = medeltid till full styrka" in t("per_area", "sv", t=10) and t("eff_short", "sv") == "full"
    assert "eff = " in t("per_area", "en", t=10)
    assert t("eff_never", "sv") == "full styrka samlades aldrig"


def test_s11_the_smoke_diving_rule_names_the_new_afs_series(default_region) -> None:
    # AFS 2007:7 was replaced on 1 January 2025 by Arbetsmiljöverket's AFS 2023 series: the citation says so.
    from raddsim.network.positions import SWEREF
    from raddsim.views.report_text import assumptions

    setup = default_region.scenarios["minimum"]
    for lang, words in (("en", "from 2025 in Arbetsmiljöverket's new AFS 2023 series"),
                        ("sv", "från 2025 i Arbetsmiljöverkets nya AFS 2023-serie")):
        sources = [source for _, _, source in assumptions(default_region, setup, 250, 2000, 40, lang, SWEREF)]
        assert any("AFS 2007:7" in s and words in s for s in sources), sources


def test_s9_the_readme_says_messages_stay_english_under_lang_sv() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "error messages and warnings stay English" in readme


def test_s8_s10_board_prose_reads_as_swedish():
    """S8/S10: anglicisms and jargon on page one and in the console are gone."""
    sv = _swedish()
    joined = "\n".join(sv.values())
    for phrase in ("stänga gapet", "stänger gapet", "minskar gapet", "utöver slumpen", "(parat)",
                   "= signifikant", "halva KI-bredden", "Inom spannet", "inget KI ("):
        assert phrase not in joined, phrase
    # arrival comes earlier, not faster; a yearly value is shorter
    assert sv["b_sooner"].endswith("minuter tidigare") and sv["b_ind_sooner"].endswith("minuter kortare")
    assert "skillnaden störst för" in sv["b_where"] and sv["b_change_staff"] == "{c}: bemanning {a} → {b}"


def test_a_lever_on_the_yearly_indicator_is_shorter_not_sooner():
    from raddsim.region.region import load_region
    from raddsim.views.board_text import lever_sentences

    base = load_region().scenarios["minimum"]
    res = {"target_minutes": 10.0, "scenarios": {"minimum": {"first_arrival_minutes": {"mean": 11.5},
                                                             "indicator": {"mean": 11.5}}}}
    lever = {"overrides": {"crews.rimbo.turnout_minutes": 4},
             "mean_minutes_change": {"difference": -0.3, "ci95": [-0.4, -0.2]}}
    text = " ".join(lever_sentences(res, {"levers": [lever], "what_if_replications": 10}, base, "sv"))
    assert "minuter kortare" in text and "snabbare" not in text, text


def _ranked_result(k: int) -> dict:
    """A `compare --uncertain` result with ``k`` ranged parameters (the shape format_uncertain reads)."""
    keys = [f"crews.c{j}.turnout_minutes" for j in range(k)]
    rows = [{"key": key, "prcc": 0.5, "spearman": 0.4} for key in keys]
    figure = {"difference": {"median": -0.64, "p5": -0.82, "p95": -0.36}, "share_b_better_beyond_noise": 1.0,
              "share_b_worse_beyond_noise": 0.0, "importance": rows,
              "ranking": {"method": "prcc", "noise_floor": 0.123, "varied_parameters": k, "sets": 40,
                          "sets_needed_for_prcc": 2 * k}}
    return {"a": "minimum", "b": "ambition", "parameter_sets": 40, "replications_per_set": 2,
            "parameters": keys, "figures": {"first_arrival_mean": figure}}


def test_one_ranged_parameter_is_no_plural_and_the_noise_floor_has_a_decimal_comma():
    from raddsim.views.uncertain_text import format_uncertain

    en, sv = format_uncertain(_ranked_result(1), "en"), format_uncertain(_ranked_result(1), "sv")
    assert "with 1 parameters" not in en and "A parameter without any effect stays within ±0.12 in 95" in en
    assert "inom ±0,12 i 95" in sv and "med 1 parametrar" not in sv
    assert "with 3 parameters a few reach beyond it" in format_uncertain(_ranked_result(3), "en")


def test_s11_s12_rescue_service_words():
    sv = _swedish()
    assert "samverkansresurs" in sv["mutual_aid"] and "omlarmat" not in sv["failed"]
    assert sv["rep_h_headline"].startswith("Huvudresultat") and "×" in sv["map_grid_squares"]
    assert "väntan underskattas med 41 %" in sv["short_no_warmup"]


def test_s9_4_a_capability_as_coverage_force_has_its_swedish_name():
    """A region whose coverage force is a capability printed "First actions (förstainsats)" in Swedish titles."""
    from raddsim.region.region import load_region
    from raddsim.views.service_words import coverage_force_names

    region = load_region()
    assert coverage_force_names(region, "first_actions") == {"en": "First actions (förstainsats)",
                                                             "sv": "Förstainsats"}
    assert coverage_force_names(region, "smoke_diving")["sv"] == "Rökdykning"
