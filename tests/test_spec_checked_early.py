"""Sweep specs checked against their region when loaded, and ``raddsim sweep SPEC --check`` (probe finding 13).

A typo'd scenario or axis key was accepted by ``load_spec`` and refused only by ``run_sweep``; a researcher who
loads a spec in one notebook cell and runs it in another learnt of it late, and the command line had no way to
check a spec without running it.
"""

from __future__ import annotations

import pytest
from sweep_helpers import write_region, write_spec

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.sweep import load_spec

AXIS = '[axes]\n"demand.multiplier" = [0.8, 1.2]\n'


def test_load_spec_refuses_a_typo_in_the_scenario_of_the_region_it_names(tmp_path) -> None:
    region = write_region(tmp_path / "gridby")  # scenarios 'low' and 'high'
    path = write_spec(tmp_path, 'base = "lwo"\n' + AXIS, region=region)
    with pytest.raises(InputError) as err:
        load_spec(path)
    assert err.value.file == str(path) and err.value.field == "base"
    assert "Did you mean 'low'?" in err.value.message and "low, high" in err.value.fix
    assert "\n" not in str(err.value)
    assert load_spec(path, validate=False).scenarios == ("lwo",)  # the structure alone is still fine


def test_load_spec_refuses_a_typo_in_an_axis_key(tmp_path) -> None:
    region = write_region(tmp_path / "gridby")
    path = write_spec(tmp_path, 'base = "low"\n[axes]\n"demand.multiplyer" = [0.8, 1.2]\n', region=region)
    with pytest.raises(InputError) as err:
        load_spec(path)
    assert err.value.file == str(path) and err.value.field == 'axes."demand.multiplyer"'
    assert "Did you mean 'multiplier'?" in err.value.message and "multiplier" in err.value.fix


def test_load_spec_checks_on_the_region_file_given_for_the_spec(tmp_path) -> None:
    region = write_region(tmp_path / "gridby")
    path = write_spec(tmp_path, 'base = "minimum"\n' + AXIS)  # right for the embedded default, not for gridby
    assert load_spec(path).scenarios == ("minimum",)
    with pytest.raises(InputError, match="unknown scenario 'minimum'") as err:
        load_spec(path, region_file=region)
    assert err.value.field == "base"


def test_load_spec_without_a_region_checks_on_the_embedded_default(tmp_path) -> None:
    path = write_spec(tmp_path, 'base = "minimun"\n' + AXIS)
    with pytest.raises(InputError, match="Did you mean 'minimum'") as err:
        load_spec(path)
    assert err.value.file == str(path)


def test_cli_check_refuses_a_typo_in_one_line_and_runs_nothing(tmp_path, capsys) -> None:
    region = write_region(tmp_path / "gridby")
    bad = write_spec(tmp_path, 'base = "low"\n[axes]\n"crews.east_ptt.turnout_minutes" = [4, 6]\n', region=region,
                     name="bad.toml")
    assert main(["sweep", str(bad), "--check"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bad) in err and "Did you mean 'east_pt'?" in err and "Fix:" in err
    good = write_spec(tmp_path, 'base = "low"\n' + AXIS, region=region, name="good.toml")
    assert main(["sweep", str(good), "--check", "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "2 point(s) × 1 scenario(s) (low)" in out and "valid" in out
    assert not (tmp_path / "out").exists()  # checked only: nothing run, nothing written


def test_summarize_refuses_check(tmp_path, capsys) -> None:
    assert main(["sweep", "summarize", str(tmp_path), "--check"]) != 0
    assert "--check is for running a sweep" in capsys.readouterr().err
