"""Bad input, tenth round (polish18): the leftovers audit18 found and left as minor.

Each case: one clear InputError naming the Python argument (or the file and field) and the fix, where before a
NaN or negative target gave figures of 0 unsaid, compare capped the replications asked for unsaid, a wrong type
was a TypeError or ValueError naming nothing, an options file's field went unnamed, or ``map --out`` replaced a
file of the user's. Runs on Gridby (tests/sweep_helpers.py) and Toyby (tests/optimise_helpers.py), offline.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sweep_helpers import write_region
from test_bad_inputs3 import _exit_and_error
from test_bad_inputs6 import _one_line

from raddsim.core.errors import InputError


@pytest.fixture(scope="module")
def gridby(tmp_path_factory):
    """Gridby's region file and its model, built once."""
    from raddsim import build_model, load_region

    path = write_region(tmp_path_factory.mktemp("gridby"))
    return path, build_model(load_region(path))


# ------------------------------------------------------------------ 1. a target of NaN or below 0
@pytest.mark.parametrize("target", [-1.0, math.nan, math.inf, 0.0, "10", True])
def test_minutes_figures_refuses_a_target_that_is_no_number_of_minutes(target) -> None:
    # Were: -1 and NaN gave share_within_target 0.0 unsaid, "10" a TypeError from numpy, True counted as 1 minute.
    from raddsim import minutes_figures
    from raddsim.figures.metrics import summarize

    minutes = np.array([5.0, 12.0, np.nan])
    for call in (lambda: minutes_figures(minutes, target), lambda: summarize([minutes], target)):
        with pytest.raises(InputError) as err:
            call()
        assert err.value.field == "target_minutes" and "above 0" in _one_line(err.value), str(err.value)
    assert minutes_figures(minutes, 10.0)["share_within_target"] == pytest.approx(1 / 3)  # a good one still counts


def test_the_target_functions_refuse_a_nan_or_negative_target(gridby) -> None:
    # Were: missed_by_place with NaN listed every place at 0 % within target; residents_within with -1 counted
    # nobody, after building a whole grid.
    from raddsim.experiment.runs import run_scenario
    from raddsim.experiment.target import missed_by_place, residents_within

    _, model = gridby
    run = run_scenario(model, "low", years=0.02, replications=1)
    for value in (math.nan, -1.0):
        with pytest.raises(InputError) as err:
            missed_by_place(model, run, value)
        assert err.value.field == "target_min", str(err.value)
        with pytest.raises(InputError) as err:
            residents_within(model, [run.prepared.setup], value)
        assert err.value.field == "minutes", str(err.value)


# ------------------------------------------------------------------ 2. compare's cap below the replications asked
def test_compare_with_a_precision_refuses_a_cap_below_the_replications(gridby) -> None:
    # Was: compare(..., replications=8, precision=…, max_replications=3) ran 3 replications, unsaid.
    from raddsim import compare

    _, model = gridby
    with pytest.raises(InputError) as err:
        compare(model, ["low", "high"], years=0.02, replications=8, precision=0.01, max_replications=3)
    text = _one_line(err.value)
    assert err.value.field == "max_replications" and "max_replications=3 is below replications=8" in text, text


def test_compare_cli_refuses_replications_above_the_cap_with_precision(gridby, capsys) -> None:
    # The command line's --replications is not used with --precision: given above the cap, it is refused.
    region, _ = gridby
    code, err = _exit_and_error(["compare", "low", "high", "--region", str(region), "--years", "0.02",
                                 "--precision", "0.01", "--replications", "8", "--max-replications", "3"], capsys)
    assert code == 2 and "--max-replications: --replications 8 is above --max-replications 3" in err, err


# ------------------------------------------------------------------ 3. a name that is no text
@pytest.mark.parametrize("names", [3, [["low"]], {"low"}])
def test_select_scenarios_names_the_argument_for_a_value_that_is_no_name(gridby, names) -> None:
    # Were: TypeError "'int' object is not iterable" / "unhashable type: 'list'" naming nothing.
    from raddsim import select_scenarios

    _, model = gridby
    with pytest.raises(InputError) as err:
        select_scenarios(model.region.scenarios, names, str(model.region.file))
    assert err.value.field == "names" and "names must be a scenario name or a list" in _one_line(err.value)


@pytest.mark.parametrize("kind, name, field", [("dispatch", 3, "name"), ("move_up", None, "name"),
                                               ("dispatchx", "closest", "kind")])
def test_load_policy_names_the_argument(kind, name, field) -> None:
    # Were ValueError "load_policy takes kind 'dispatch' or 'move_up' and a name, got …" (neither argument named).
    from raddsim import load_policy

    with pytest.raises(InputError) as err:
        load_policy(kind, name)
    assert err.value.field == field and f"{field} must be" in _one_line(err.value), str(err.value)


# ------------------------------------------------------------------ 4. an options file's candidates a directory
def test_candidates_naming_a_directory_names_the_field(tmp_path) -> None:
    # Was: "<dir>: is a directory, expected a text file." naming neither the options file nor the field.
    from optimise_helpers import OPTIONS, write_toy

    from raddsim.optimise.options import load_options

    _, opts = write_toy(tmp_path, OPTIONS.replace('candidates = "sites.csv"', 'candidates = "."'))
    with pytest.raises(InputError) as err:
        load_options(opts)
    text = _one_line(err.value)
    assert text.startswith(f"{opts}: sites.east_pt.candidates: '{tmp_path}' is a directory"), text


# ------------------------------------------------------------------ 5. map --out replaces only its own outputs
@pytest.mark.parametrize("name", ["coverage.json", "coverage_low.png"])
def test_map_out_never_replaces_a_file_of_the_users(tmp_path, capsys, gridby, name) -> None:
    # Was: the user's notes saved as maps/coverage.json (or a text file coverage_low.png) replaced unsaid.
    region, _ = gridby
    out = tmp_path / "maps"
    out.mkdir()
    mine = out / name
    mine.write_text("my own notes\n", encoding="utf-8")
    argv = ["map", "low", "--region", str(region), "--out", str(out), "--measure", "first", "--cell", "2000"]
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and f"{mine}: --out: exists and was not written by raddsim" in err and "Fix: give another path, or add --force" \
        in err, err
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    mine.unlink()  # an earlier map run's outputs are replaced, as before
    assert _exit_and_error(argv, capsys)[0] == 0 and _exit_and_error(argv, capsys)[0] == 0
