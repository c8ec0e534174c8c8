"""Alarms built by hand and given to ``raddsim.simulate``: one InputError naming the attribute, not an error from
inside the engine (raddsim.engine.alarm_checks)."""

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
    assert len(alarms) > 5
    return prep, alarms


def _nth(values: np.ndarray, k: int, value) -> np.ndarray:
    out = np.array(values, dtype=np.result_type(values, type(value)))
    out[k] = value
    return out


CASES = {  # what was raised before, on the right
    "node one short": (lambda a: {"node": a.node[:-1]}, "incidents.node", "but there are"),  # IndexError
    "NaN alarm time": (lambda a: {"time_s": _nth(a.time_s, 3, np.nan)}, "incidents.time_s", "finite"),  # silent run
    "unsorted": (lambda a: {"time_s": a.time_s[::-1].copy()}, "incidents.time_s", "is not sorted"),  # ValueError
    "negative time": (lambda a: {"time_s": a.time_s - 1e9}, "incidents.time_s", "at least 0"),  # ValueError
    "node past the network": (lambda a: {"node": a.node + 10**7}, "incidents.node", "network nodes"),  # IndexError
    "negative on scene": (lambda a: {"on_scene_s": -a.on_scene_s}, "incidents.on_scene_s", "at least 0"),  # SimPy
    "float nodes": (lambda a: {"node": a.node.astype(float)}, "incidents.node", "not whole numbers"),  # TypeError
    "type past the requirements": (lambda a: {"type": a.type + 999}, "incidents.type", "incident types"),
    "infinite access": (lambda a: {"access_s": _nth(a.access_s, 0, np.inf)}, "incidents.access_s", "finite"),
    "end node negative": (lambda a: {"end_node": _nth(a.end_node, 1, -5)}, "incidents.end_node", "holds -5"),
    "times as a column": (lambda a: {"time_s": a.time_s[:, None]}, "incidents.time_s", "has shape"),
}


@pytest.mark.parametrize("case", CASES)
def test_hand_built_alarms_the_engine_cannot_run_are_one_error_naming_the_attribute(prepared, case) -> None:
    prep, alarms = prepared
    change, field, says = CASES[case]
    bad = dataclasses.replace(alarms, **change(alarms))
    with pytest.raises(raddsim.InputError) as err:
        raddsim.simulate(prep.fleet, prep.tables, bad, prep.requirements)
    assert err.value.field == field and says in err.value.message and err.value.fix, str(err.value)


def test_replayed_alarms_without_a_demand_point_and_equal_times_run(prepared) -> None:
    prep, alarms = prepared
    same = dataclasses.replace(alarms, point=np.full(len(alarms), -1), time_s=np.sort(np.r_[alarms.time_s[:-1],
                                                                                             alarms.time_s[0]]))
    records = raddsim.simulate(prep.fleet, prep.tables, same, prep.requirements)
    assert len(records.t_alarm) == len(alarms) and np.isfinite(records.t_arrival).any()
