"""Bad input, sixth round (audit11): sweep specs, optimise options files and scenario files.

Each case: one clear InputError naming the file, the field and the fix, where before there was a traceback from
numpy, a grid allocated or counted as zero tasks, a slip accepted silently, or the wrong file or field blamed.
Runs on Gridby (tests/sweep_helpers.py) and Toyby (tests/optimise_helpers.py), offline, in a few seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from optimise_helpers import OPTIONS, SITES, write_toy
from sweep_helpers import REGION, write_region, write_spec

from raddsim.core.errors import InputError
from raddsim.region.region import load_region
from raddsim.sweep import load_spec, validate_spec

ROOT = Path(__file__).resolve().parents[1]


def _one_line(err: InputError) -> str:
    text = str(err)
    assert "\n" not in text and "Traceback" not in text and "Fix:" in text, text
    return text


@pytest.fixture(scope="module")
def gridby(tmp_path_factory) -> Path:
    return write_region(tmp_path_factory.mktemp("gridby"))


# ------------------------------------------------------------------ sweep specs
@pytest.mark.parametrize("body, field", [
    # No base or scenarios: the region's first scenario runs, but the cap counted 0 tasks and let these through.
    ('replications = 1000000000\n', "replications"),
    ('[axes]\n"demand.multiplier" = { linspace = [0.5, 1.5, 1000] }\n'
     '"crews.east_pt.turnout_minutes" = { linspace = [1, 9, 1000] }\n'
     '"crews.west_ft.turnout_minutes" = { linspace = [1, 9, 1000] }\n', 'axes."crews.west_ft.turnout_minutes"'),
])
def test_a_huge_sweep_without_a_named_scenario_is_refused_up_front(tmp_path, gridby, body, field) -> None:
    spec = write_spec(tmp_path, body, region=gridby)
    with pytest.raises(InputError) as err:
        load_spec(spec)
    text = _one_line(err.value)
    assert text.startswith(f"{spec}: {field}:"), text
    assert "1,000,000,000" in text, text


def test_a_grid_too_large_is_refused_before_its_later_axes_are_made(tmp_path, gridby, monkeypatch) -> None:
    import raddsim.sweep.spec as spec_module

    made: list[str] = []
    real = spec_module.parse_axis
    monkeypatch.setattr(spec_module, "parse_axis", lambda key, *a: made.append(key) or real(key, *a))
    body = "".join(f'"crews.{c}.turnout_minutes" = {{ linspace = [1, 9, 100000] }}\n'
                   for c in ("west_ft", "east_pt", "east_pt2"))
    with pytest.raises(InputError, match="1,000,000,000,000 parameter points"):
        load_spec(write_spec(tmp_path, '[axes]\n"demand.multiplier" = { linspace = [0.5, 1.5, 100] }\n' + body,
                             region=gridby))
    assert made == ["demand.multiplier", "crews.west_ft.turnout_minutes", "crews.east_pt.turnout_minutes"]


@pytest.mark.parametrize("line, field", [
    ("years = 1e300", "years"),  # as --years: at most 10,000 (every task would simulate it)
    ("seed = 1e300", "seed"),  # as --seed: at most 2**128 - 1
    ("seed = 340282366920938463463374607431768211456", "seed"),
])
def test_years_and_seed_beyond_the_command_line_bounds_are_refused(tmp_path, gridby, line, field) -> None:
    spec = write_spec(tmp_path, f'base = "low"\n{line}\n', region=gridby)
    with pytest.raises(InputError) as err:
        load_spec(spec)
    assert _one_line(err.value).startswith(f"{spec}: {field}: must be at most"), err.value


@pytest.mark.parametrize("axis, words", [
    ('"demand.multiplier" = { uniform = [-1e308, 1.7e308], samples = 2 }', "too far apart"),
    ('"crews.east_pt.turnout_minutes" = { integers = [0, 1e30], samples = 2 }', "bounds must lie within"),
    ('"crews.east_pt.turnout_minutes" = { integers = [-1e19, 5], samples = 2 }', "bounds must lie within"),
    ('"crews.east_pt.turnout_minutes" = { integers = [0, 5], samples = 2, seed = 1e300 }', "must be at most"),
])
def test_random_axes_numpy_cannot_draw_are_refused(tmp_path, gridby, axis, words) -> None:
    spec = write_spec(tmp_path, f'base = "low"\n[axes]\n{axis}\n', region=gridby)
    with pytest.raises(InputError) as err:
        load_spec(spec)
    text = _one_line(err.value)
    assert text.startswith(f'{spec}: axes."') and words in text, text


@pytest.mark.parametrize("section", ["axes", "overrides"])
def test_a_wildcard_key_matching_no_crew_is_refused(tmp_path, section) -> None:
    # Gridby with no part-time crew: crews.*. would change nothing and every point would run the same.
    region_file = write_region(tmp_path / "ft")
    region_file.write_text(REGION.replace('kind = "part-time"', 'kind = "full-time"'), encoding="utf-8")
    value = "[0.8, 0.9]" if section == "axes" else "0.8"
    spec = write_spec(tmp_path, f'base = "low"\n[{section}]\n"crews.*.availability.response_probability" = {value}\n',
                      region=region_file)
    with pytest.raises(InputError) as err:
        validate_spec(load_spec(spec), load_region(region_file))
    text = _one_line(err.value)
    assert text.startswith(f'{spec}: {section}."crews.*.availability.response_probability": ') and "matches no crew" \
        in text, text


def test_a_wildcard_key_matching_part_time_crews_still_passes(tmp_path, gridby) -> None:
    spec = write_spec(tmp_path, 'base = "low"\n[axes]\n"crews.*.availability.response_probability" = [0.8, 0.9]\n',
                      region=gridby)
    assert validate_spec(load_spec(spec), load_region(gridby)).n_points == 2


@pytest.mark.parametrize("file, what", [
    ("stations/norrtalje.toml", "a region file"),
    ("stations/options_norrtalje.toml", "an options file for raddsim optimise"),
    ("stations/incidents.toml", "an incident types file"),
    ("stations/norrtalje_calibrated.toml", "a scenarios file"),
])
def test_another_kind_of_file_given_as_the_spec_is_named_as_such(file, what) -> None:
    with pytest.raises(InputError) as err:
        load_spec(ROOT / file)
    text = _one_line(err.value)
    assert text.startswith(f"{ROOT / file}: this is {what}") and "not a sweep specification" in text, text


def test_a_spec_with_only_a_region_path_is_still_a_spec(tmp_path, gridby) -> None:
    spec = load_spec(write_spec(tmp_path, 'base = "low"\nyears = 0.5\n', region=gridby))
    assert spec.region_file == gridby and spec.years == 0.5


# ------------------------------------------------------------------ optimise options
def _load_options(tmp_path: Path, options: str = OPTIONS, sites: str = SITES):
    from raddsim.optimise.options import load_options

    _, opts = write_toy(tmp_path, options, sites)
    return load_options(opts)


@pytest.mark.parametrize("stations, cost, field, words", [
    ('"west", "west"', "5", "extra_crews.extra.stations", "listed twice: west"),
    ('"west", "east"', "{ west = 5, east = 5, nrth = 4 }", "extra_crews.extra.cost.nrth", "not among stations"),
])
def test_an_extra_crew_station_listed_twice_or_costed_but_not_listed_is_refused(tmp_path, stations, cost, field,
                                                                                words) -> None:
    options = (OPTIONS.replace('"west", "east", "north"', stations)
               .replace("cost = { west = 5, east = 5, north = 4 }", f"cost = {cost}"))
    with pytest.raises(InputError) as err:
        _load_options(tmp_path, options)
    text = _one_line(err.value)
    assert text.startswith(f"{tmp_path / 'options.toml'}: {field}: ") and words in text, text


@pytest.mark.parametrize("cost, words", [("inf", "finite number"), ("1e300", "beyond any budget"),
                                         ("-1", "cannot be negative")])
def test_a_candidate_site_cost_is_checked_as_a_cost(tmp_path, cost, words) -> None:
    sites = SITES.replace("reason\n", "reason,cost\n").replace("villages", f"villages,{cost}").replace("lives",
                                                                                                       "lives,1")
    with pytest.raises(InputError) as err:
        _load_options(tmp_path, sites=sites)
    text = _one_line(err.value)
    assert text.startswith(f"{tmp_path / 'sites.csv'}: line 2: cost: ") and words in text, text
    assert "position" not in text, text


@pytest.mark.parametrize("file, what", [
    ("stations/norrtalje.toml", "a region file"),
    ("benchmarks/specs/VAR", "a sweep specification"),
    ("stations/norrtalje_calibrated.toml", "a scenarios file"),
    ("stations/incidents.toml", "an incident types file"),
])
def test_another_kind_of_file_given_as_the_options_is_named_as_such(file, what) -> None:
    from raddsim.optimise.options import load_options

    if "VAR" in file:  # any shipped spec
        file = str(sorted((ROOT / "benchmarks" / "specs").glob("*.toml"))[0].relative_to(ROOT))
    with pytest.raises(InputError) as err:
        load_options(ROOT / file, budget=5)
    text = _one_line(err.value)
    assert text.startswith(f"{ROOT / file}: this is {what}") and "not an options file" in text, text


def test_an_options_file_naming_a_missing_region_blames_its_region_field(tmp_path) -> None:
    _, opts = write_toy(tmp_path)
    opts.write_text(opts.read_text(encoding="utf-8").replace('region = "region.toml"', 'region = "nope.toml"'),
                    encoding="utf-8")
    from raddsim.optimise.options import load_options

    with pytest.raises(InputError) as err:
        load_options(opts)
    assert _one_line(err.value).startswith(f"{opts}: options.region: the region file"), err.value


def test_an_option_that_cannot_make_a_scenario_is_refused_when_the_file_is_read(tmp_path) -> None:
    # Before: found during the screening, blamed on "scenarios.minimum+option.crews.east_pt.capabilities".
    vehicles = '\n[vehicles.east_pt]\nboat = { capabilities = ["smoke_divng"], cost = 1 }\n'
    with pytest.raises(InputError) as err:
        _load_options(tmp_path, OPTIONS + vehicles)
    text = _one_line(err.value)
    assert text.startswith(f"{tmp_path / 'options.toml'}: vehicles.east_pt.boat.capabilities: option "
                           "'vehicle:east_pt:boat' does not make a valid scenario from 'minimum': unknown capability "
                           "'smoke_divng'"), text
    assert "Did you mean 'smoke_diving'" in text and "+" not in text.partition("Fix:")[0], text


@pytest.mark.parametrize("given, in_file, field, words", [
    (float("inf"), None, "budget", "must be a finite number"),  # was "must be 0 or more, got inf"
    (-1.0, None, "budget", "must be a finite number, 0 or more"),
    (None, "-1", "options.budget", "must be a finite number, 0 or more"),
    (0.5, None, "budget", "below the cheapest option"),
])
def test_a_bad_budget_names_where_it_was_given(tmp_path, given, in_file, field, words) -> None:
    from raddsim.optimise.options import load_options

    _, opts = write_toy(tmp_path, OPTIONS.replace("budget = 6", f"budget = {in_file or 6}"))
    with pytest.raises(InputError) as err:
        load_options(opts, budget=given)
    text = _one_line(err.value)
    assert text.startswith(f"{opts}: {field}: ") and words in text, text


def test_the_shipped_options_file_still_loads() -> None:
    from raddsim.optimise.options import load_options

    space = load_options(ROOT / "stations" / "options_norrtalje.toml", budget=5)
    assert "extra:extra_smoke_diving:rimbo" in space.options


# ------------------------------------------------------------------ scenario files
def test_a_scenario_that_makes_a_value_uncertain_without_its_value_is_blamed(tmp_path, gridby) -> None:
    extra = tmp_path / "more.toml"
    extra.write_text('[scenarios.wide]\nbase = "low"\ncrews.east_pt.turnout_minutes = { range = [4, 8] }\n',
                     encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(gridby, extra_scenarios=[extra])
    text = _one_line(err.value)
    assert text.startswith(f"{extra}: scenarios.wide.crews.east_pt.turnout_minutes.value: "), text


def test_a_misspelt_spec_key_is_still_an_unknown_key(tmp_path, gridby) -> None:
    with pytest.raises(InputError, match="unknown key 'replicatons'.*Did you mean 'replications'"):
        load_spec(write_spec(tmp_path, 'replicatons = 3\n[axes]\n"demand.multiplier" = [1.0]\n', region=gridby))


@pytest.mark.parametrize("body, field, words", [
    ("[scenarios]\n", "scenarios", "holds no scenario"),  # before: accepted, adding nothing
    ('[scenarios.""]\nbase = "low"\n', 'scenarios.""', "cannot be empty"),  # before: a scenario named ''
])
def test_a_scenarios_file_with_no_scenario_or_an_unnamed_one_is_refused(tmp_path, gridby, body, field, words) -> None:
    extra = tmp_path / "more.toml"
    extra.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(gridby, extra_scenarios=[extra])
    text = _one_line(err.value)
    assert text.startswith(f"{extra}: {field}: ") and words in text, text


def test_a_scenarios_file_given_twice_says_so(tmp_path, gridby) -> None:
    extra = tmp_path / "more.toml"
    extra.write_text('[scenarios.wide]\nbase = "low"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:  # before: "scenario 'wide' is already defined in more.toml" (itself)
        load_region(gridby, extra_scenarios=[extra, tmp_path / "." / "more.toml"])
    assert _one_line(err.value).startswith(f"{extra}: the scenarios file is given twice."), err.value


def test_zipped_axes_of_different_lengths_cannot_make_a_sweep(tmp_path) -> None:
    from raddsim.sweep.axes import Axis
    from raddsim.sweep.spec import SweepSpec

    axes = (Axis("demand.multiplier", (1.0, 1.1, 1.2)), Axis("crews.east_pt.turnout_minutes", (5.0, 6.0)))
    with pytest.raises(ValueError, match=r"one length each, got \[3, 2\]"):
        SweepSpec(file=tmp_path / "x.toml", scenarios=("low",), axes=axes, years=1.0, replications=2, seed=1,
                  joint=True)
    assert SweepSpec(file=tmp_path / "x.toml", scenarios=("low",), axes=axes, years=1.0, replications=2,
                     seed=1).n_points == 6


@pytest.mark.parametrize("edit, field", [
    (lambda o: o.replace("[levels.north_pt]\nambition = 2", "[levels.north_pt]"), "levels.north_pt"),
    (lambda o: o + "\n[vehicles.east_pt]\n", "vehicles.east_pt"),
])
def test_an_empty_levels_or_vehicles_table_is_refused(tmp_path, edit, field) -> None:
    with pytest.raises(InputError) as err:  # before: the crew silently got no option
        _load_options(tmp_path, edit(OPTIONS))
    text = _one_line(err.value)
    assert text.startswith(f"{tmp_path / 'options.toml'}: {field}: no ") and "gives the crew no option" in text, text
