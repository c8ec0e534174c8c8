"""Crews built by hand and given to ``raddsim.simulate``: one InputError naming the attribute, not numpy's
broadcast error or an IndexError from inside the engine (raddsim.engine.fleet_checks)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import raddsim


@pytest.fixture(scope="module")
def prepared():
    model = raddsim.build_model(raddsim.load_region())
    prep = model.prepare(model.region.scenarios["minimum"])
    alarms = raddsim.generate_incidents(prep.setup.demand, prep.points, years=0.02, seed=1, replication=0)
    return prep, alarms


CASES = {  # what happened before, on the right
    "station one short": (lambda f: {"station": f.station[:-1]}, "fleet.station", "but there are"),  # broadcast
    "a crew without a name": (lambda f: {"names": f.names[:-1]}, "fleet.station", "crews (fleet.names)"),  # ran
    "station past the tables": (lambda f: {"station": f.station + 100}, "fleet.station", "station rows"),  # Index
    "station rows as floats": (lambda f: {"station": f.station.astype(float)}, "fleet.station", "whole numbers"),
    "negative turnout": (lambda f: {"turnout_s": -f.turnout_s}, "fleet.turnout_s", "at least 0"),  # silent run
    "NaN turnout": (lambda f: {"turnout_s": f.turnout_s * np.nan}, "fleet.turnout_s", "finite"),  # silent run
    "infinite request delay": (lambda f: {"request_delay_s": f.request_delay_s + np.inf}, "fleet.request_delay_s",
                               "finite"),
}


@pytest.mark.parametrize("case", CASES)
def test_hand_built_crews_the_engine_cannot_run_are_one_error_naming_the_attribute(prepared, case) -> None:
    prep, alarms = prepared
    change, field, says = CASES[case]
    fleet = dataclasses.replace(prep.fleet, **change(prep.fleet))
    with pytest.raises(raddsim.InputError) as err:
        raddsim.simulate(fleet, prep.tables, alarms, prep.requirements)
    assert err.value.field == field and says in err.value.message and err.value.fix, str(err.value)


def test_the_prepared_fleet_runs(prepared) -> None:
    prep, alarms = prepared
    records = raddsim.simulate(prep.fleet, prep.tables, alarms, prep.requirements)
    assert len(records.t_alarm) == len(alarms)
