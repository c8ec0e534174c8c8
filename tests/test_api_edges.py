"""Sharp edges of the Python API a researcher meets in a notebook (found writing docs/api.md)."""

from __future__ import annotations

import pytest

import raddsim
from raddsim.region.scenarios import select_scenarios


@pytest.fixture(scope="module")
def model():
    return raddsim.build_model(raddsim.load_region())


def test_reprs_are_one_readable_line(model) -> None:
    # Were ≈ 1,000,000 (Region), 50,000 (Setup) and 176,000 (a 0.1-year ScenarioRun) characters; Model had none.
    region = model.region
    run = raddsim.run_scenario(model, "minimum", years=0.05, replications=2, seed=1)
    for obj, says in ((region, "Region('Norrtälje'"), (region.scenarios["minimum"], "Setup('minimum'"),
                      (model, "Model('Norrtälje', network: 888 nodes)"),
                      (run, "ScenarioRun('minimum': 2 replications × 0.05 years, seed 1, records kept)")):
        text = repr(obj)
        assert text.startswith(says) and len(text) < 600 and "\n" not in text, text


def test_a_misspelt_scenario_is_one_clear_error_and_still_a_key_error(model) -> None:
    scenarios = model.region.scenarios
    with pytest.raises(raddsim.InputError, match="unknown scenario 'minimun'. Did you mean 'minimum'"):
        scenarios["minimun"]
    with pytest.raises(KeyError):  # code written for a dict keeps working
        scenarios["minimun"]
    assert scenarios.get("minimun") is None and "minimun" not in scenarios and "minimum" in scenarios
    assert list(scenarios)[:2] == ["minimum", "ambition"] and len(scenarios) == 17


def test_one_scenario_name_alone_is_selected(model) -> None:
    # Was: "minimum" was iterated letter by letter: "unknown scenario 'm'".
    region = model.region
    assert select_scenarios(region.scenarios, "minimum", str(region.file)) == [region.scenarios["minimum"]]


def test_static_coverage_takes_a_scenario_name(model) -> None:
    # Was: AttributeError: 'str' object has no attribute 'demand'.
    grid = raddsim.make_grid(model.network, cell_m=10_000)
    by_name = raddsim.static_coverage(model, "minimum", grid)
    by_setup = raddsim.static_coverage(model, model.region.scenarios["minimum"], grid)
    assert by_name.scenario == "minimum" and (by_name.values("first") == by_setup.values("first")).all()
    with pytest.raises(raddsim.InputError, match="unknown scenario"):
        raddsim.static_coverage(model, "minimun", grid)


def test_run_sweep_takes_the_spec_file(tmp_path) -> None:
    pytest.importorskip("pyarrow", reason="sweeps write Parquet: pip install '.[sweep]'")
    spec = tmp_path / "spec.toml"
    spec.write_text('scenarios = ["minimum"]\nyears = 0.05\nreplications = 2\nseed = 3\n', encoding="utf-8")
    done = raddsim.run_sweep(spec, tmp_path / "out", processes=0, progress=False)
    assert done.tasks == 2 and done.ran == 2


def test_the_bounds_of_years_replications_and_seed_are_one_set() -> None:
    # Were written three times (command line, sweep spec, Python API); a change to one would have split them.
    from raddsim.cli import args
    from raddsim.core import bounds
    from raddsim.experiment import arguments
    from raddsim.sweep import spec

    for name in ("MAX_YEARS", "MAX_SEED"):
        assert getattr(args, name) is getattr(bounds, name) is getattr(arguments, name) is getattr(spec, name)
    assert args.MAX_REPLICATIONS is bounds.MAX_REPLICATIONS is arguments.MAX_REPLICATIONS


def test_every_run_function_has_the_commands_defaults() -> None:
    # Were: run_scenario and run_scenarios required years and seed, run_experiment and compare defaulted them;
    # the default seed was written in eleven places.
    import inspect

    from raddsim.cli.args import DEFAULT_SEED as cli_seed
    from raddsim.core.bounds import DEFAULT_SEED

    for fn in (raddsim.run_scenario, raddsim.run_scenarios, raddsim.run_experiment, raddsim.compare):
        params = inspect.signature(fn).parameters
        got = {k: params[k].default for k in ("years", "replications", "seed")}
        assert got == {"years": 1.0, "replications": 30, "seed": DEFAULT_SEED}, (fn.__name__, got)
    assert cli_seed is DEFAULT_SEED
