"""A misspelt scenario name in the Python API is named by the argument it was passed in (probe finding 9).

``compare(model, setups=["minimun"])`` said ``<region file>: scenarios: unknown scenario …``, while a str for the list
said ``setups: setups must be a list …``: one argument, two names, and the first blamed a file the caller had not
written the name into.
"""

from __future__ import annotations

import pytest

import raddsim


@pytest.mark.parametrize("call, field", [
    (lambda m: raddsim.run_experiment(m, ["minimun"], years=0.01, replications=2), "setups"),
    (lambda m: raddsim.compare(m, ["minimum", "minimun"], years=0.01, replications=2), "setups"),
    (lambda m: raddsim.run_scenarios(m, ["minimun"], years=0.01, replications=2), "setups"),
    (lambda m: raddsim.run_scenario(m, "minimun", years=0.01, replications=2), "setup"),
    (lambda m: raddsim.static_coverage(m, "minimun", raddsim.make_grid(m.network, cell_m=10_000)), "setup"),
])
def test_a_misspelt_scenario_names_the_argument_of_the_signature(default_model, call, field) -> None:
    with pytest.raises(raddsim.InputError) as err:
        call(default_model)
    assert err.value.field == field and err.value.file is None
    assert err.value.message == "unknown scenario 'minimun'. Did you mean 'minimum'?"
    assert err.value.fix.startswith("use one of: minimum, ambition")
    assert str(err.value).startswith(f"{field}: unknown scenario 'minimun'")
