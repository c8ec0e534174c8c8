"""Leftovers of the previous bad-input rounds (session 2026-12-01, evening): Python arguments that were accepted
silently or refused wrongly.
"""

from __future__ import annotations

import tomllib

import numpy as np
import pytest
from sweep_helpers import write_region
from test_jemss_import import write_lakeside

from raddsim.core.errors import InputError


@pytest.fixture(scope="module")
def gridby(tmp_path_factory):
    from raddsim import build_model, load_region

    return build_model(load_region(write_region(tmp_path_factory.mktemp("gridby"))))


@pytest.mark.parametrize("names", [np.array(["high", "low"]), ("high", "low"), (n for n in ["high", "low"])])
def test_select_scenarios_takes_any_ordered_collection_of_names(gridby, names) -> None:
    # A numpy array of names was refused as "names must be a scenario name or a list of them".
    from raddsim import select_scenarios

    chosen = select_scenarios(gridby.region.scenarios, names, str(gridby.region.file))
    assert [s.name for s in chosen] == ["high", "low"]
    assert all(type(s.name) is str for s in chosen)


def test_select_scenarios_refuses_a_set_as_it_has_no_order(gridby) -> None:
    from raddsim import select_scenarios

    with pytest.raises(InputError) as err:
        select_scenarios(gridby.region.scenarios, frozenset({"low", "high"}), str(gridby.region.file))
    assert err.value.field == "names" and "the differences are from the first" in str(err.value)


@pytest.mark.parametrize("target", [0, -5, float("nan"), True, "10"])
def test_import_jemss_refuses_a_target_that_is_no_target(tmp_path, target) -> None:
    # 0 fell back to the model's own target without a word; -5 and NaN were written into region.toml.
    from raddsim.region.jemss import import_jemss

    src = write_lakeside(tmp_path / "lakeside")
    with pytest.raises(InputError) as err:
        import_jemss(src, tmp_path / "out", target_minutes=target)
    assert err.value.field == "target_minutes"
    assert not (tmp_path / "out").exists()


def test_import_jemss_writes_the_target_it_is_given(tmp_path) -> None:
    from raddsim.region.jemss import import_jemss

    path = import_jemss(write_lakeside(tmp_path / "lakeside"), tmp_path / "out", target_minutes=8.5)
    assert tomllib.loads(path.read_text())["region"]["target_minutes"] == 8.5
