"""A policy of one's own that cannot be used: the fix says what to do for the cause — a module Python cannot find
(its folder is not on the path, the usual first slip of CONTRIBUTING.md's example) or a move-up policy whose
``prepare`` refuses its options — not "name a shipped policy", which was the fix for every cause."""

from __future__ import annotations

import sys

import pytest
from sweep_helpers import write_region

from raddsim.core.errors import InputError
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region

PICKY = '''
class Picky:
    """A move-up policy that needs an option 'radius_m'."""

    def prepare(self, context):
        if "radius_m" not in context.options:
            raise KeyError("radius_m")

    def moves(self, view):
        return []
'''


def _error(tmp_path, policies: str) -> InputError:
    region_path = write_region(tmp_path / "r")
    extra = tmp_path / "extra.toml"
    extra.write_text(f'[scenarios.x]\nbase = "low"\npolicies = {policies}\n', encoding="utf-8")
    region = load_region(region_path, extra_scenarios=[extra])
    with pytest.raises(InputError) as err:
        build_model(region).prepare(region.scenarios["x"])
    return err.value


def test_a_module_python_cannot_find_is_told_to_put_its_folder_on_the_path(tmp_path) -> None:
    e = _error(tmp_path, '{ dispatch = "my_dispatch_not_on_path:FarthestFirst" }')
    assert e.field == "scenarios.x.policies.dispatch" and "ModuleNotFoundError" in e.message, str(e)
    assert "PYTHONPATH" in e.fix and "name a shipped policy" not in e.fix, e.fix


def test_a_move_up_policy_that_refuses_its_options_is_told_which_table_they_are_in(tmp_path, monkeypatch) -> None:
    (tmp_path / "raddsim_probe_picky.py").write_text(PICKY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        e = _error(tmp_path, '{ move_up = "raddsim_probe_picky:Picky" }')
    finally:
        sys.modules.pop("raddsim_probe_picky", None)
    assert "prepare(...) failed (KeyError: 'radius_m')" in e.message, str(e)
    assert "[policies.picky]" in e.fix and "name a shipped policy" not in e.fix, e.fix


def test_an_unknown_policy_name_is_still_told_the_shipped_ones(tmp_path) -> None:
    e = _error(tmp_path, '{ move_up = "mexlcp" }')
    assert "name a shipped policy" in e.fix and "mexclp" in e.fix, e.fix


def _warnings(tmp_path, caplog, policies: str) -> list[str]:
    import logging

    region_path = write_region(tmp_path / "r")
    extra = tmp_path / "extra.toml"
    extra.write_text(f'[scenarios.x]\nbase = "low"\npolicies = {policies}\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_region(region_path, extra_scenarios=[extra])
    return [r.getMessage() for r in caplog.records if "[policies." in r.getMessage()]


def test_a_misspelt_options_table_is_warned_of_naming_its_file_and_the_table_meant(tmp_path, caplog) -> None:
    said = _warnings(tmp_path, caplog, '{ move_up = "mexclp", mexlcp = { target_minutes = 12 } }')
    assert len(said) == 1 and "extra.toml: [policies.mexlcp] (scenario x)" in said[0], said
    assert "Did you mean 'mexclp'?" in said[0] and "not used" in said[0], said


@pytest.mark.parametrize("policies", [
    '{ move_up = "raddsim_probe_picky:Picky", picky = { radius_m = 500 } }',  # a policy of one's own: its class
    '{ mexclp = { target_minutes = 12 } }',  # a shipped policy's table, kept while no scenario uses it
])
def test_a_table_a_policy_reads_is_not_warned_of(tmp_path, caplog, policies) -> None:
    assert _warnings(tmp_path, caplog, policies) == []
