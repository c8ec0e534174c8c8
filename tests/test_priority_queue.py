"""Waiting incidents served by priority (``[types.<id>] priority``), then first come, first served: JEMSS's queue,
and a dispatch centre's. Checked against Cobham's (1954) non-preemptive priority M/M/c formula.

Before, the queue was first come, first served whatever the type: a crew that became free took the oldest
waiting incident, a cardiac arrest behind an automatic fire alarm.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_queueing2 import erlang_c, one_station, simulate_region

from raddsim.core.errors import InputError
from raddsim.demand import Incidents
from raddsim.demand.types import load_catalog
from raddsim.engine import Fleet, TravelTables, simulate
from raddsim.engine.force import Requirement, priority_levels
from raddsim.experiment.summary import scenario_summary

TWO_TYPES = """
[capabilities.first_actions]
name = "First actions"
equipment = []
min_roles = {{ firefighters = 1 }}
source = "test"
{high}
[types.low]
name = "Low"
share = {low_share}
force = {{ crews = 1, capabilities = ["first_actions"] }}
on_scene = {{ distribution = "exponential", mean_minutes = {mean}, source = "queueing check" }}
{low_priority}"""
HIGH = """
[types.high]
name = "High"
share = {high_share}
force = {{ crews = 1, capabilities = ["first_actions"] }}
on_scene = {{ distribution = "exponential", mean_minutes = {mean}, source = "queueing check" }}
priority = 1
"""


def _incidents(types: list[int], times: list[float], on_scene: float) -> Incidents:
    n = len(types)
    return Incidents(time_s=np.array(times), point=np.zeros(n, np.int64), node=np.zeros(n, np.int64),
                     access_s=np.zeros(n), on_scene_s=np.full(n, on_scene), type=np.array(types, np.int64))


def test_a_free_crew_takes_the_most_urgent_waiting_incident_then_the_oldest() -> None:
    """One crew busy for 1000 s; a low-priority alarm at 10 s, another at 20 s, a high-priority one at 30 s: the
    crew takes the high one first, then the low ones in their order (before: in the order they came)."""
    tables = TravelTables(np.zeros((1, 1)), np.zeros((1, 1)))
    fleet = Fleet(("a",), np.array([0]), np.zeros(1), np.ones(1, bool))
    inc = _incidents([1, 1, 1, 0], [0.0, 10.0, 20.0, 30.0], 1000.0)
    rec = simulate(fleet, tables, inc, [Requirement(priority=1), Requirement(priority=2)])
    assert list(rec.t_dispatch) == [0.0, 2000.0, 3000.0, 1000.0]
    fcfs = simulate(fleet, tables, inc, [Requirement(), Requirement()])
    assert list(fcfs.t_dispatch) == [0.0, 1000.0, 2000.0, 3000.0]


def test_types_without_a_priority_wait_behind_those_with_one(tmp_path) -> None:
    path = tmp_path / "types.toml"
    path.write_text(TWO_TYPES.format(high=HIGH.format(high_share=0.5, mean=10), low_share=0.5, mean=10,
                                     low_priority=""), encoding="utf-8")
    assert priority_levels(load_catalog(path)) == [1, 2]
    path.write_text(TWO_TYPES.format(high="", low_share=1.0, mean=10, low_priority=""), encoding="utf-8")
    assert priority_levels(load_catalog(path)) == [0]  # none: one level, first come, first served


@pytest.mark.parametrize("value, words", [("0", "at least 1"), ("1.5", "whole number"), ('"high"', "a number"),
                                          ("1000", "at most 99")])
def test_a_bad_priority_is_one_error_naming_the_field(tmp_path, value, words) -> None:
    path = tmp_path / "types.toml"
    path.write_text(TWO_TYPES.format(high="", low_share=1.0, mean=10, low_priority=f"priority = {value}\n"),
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_catalog(path)
    assert err.value.field == "types.low.priority" and words in str(err.value)


def test_a_hand_built_requirement_with_a_bad_priority_is_refused() -> None:
    tables = TravelTables(np.zeros((1, 1)), np.zeros((1, 1)))
    fleet = Fleet(("a",), np.array([0]), np.zeros(1), np.ones(1, bool))
    with pytest.raises(InputError) as err:
        simulate(fleet, tables, _incidents([0], [0.0], 10.0), [Requirement(priority=-1)])
    assert err.value.field == "requirements[0].priority"


def test_two_priorities_on_mmc_wait_as_cobham_says(tmp_path) -> None:
    """M/M/2 at ρ = 0.7 with 30 % high-priority calls, non-preemptive: W_k = W0 / ((1 − σ_{k−1})(1 − σ_k)),
    W0 = C(c, a) / (cμ), σ_k the load of the classes up to k (Cobham 1954; Gross & Harris, Fundamentals of Queueing
    Theory, 3.4): 21.9 min for the high class against 73.0 for the low, where first come, first served gives both
    the Erlang C mean of 57.6 min."""
    c, mean, rho, high = 2, 60.0, 0.7, 0.3
    lam = rho * c / mean
    path = one_station(tmp_path, c, lam, mean)
    (path.parent / "types.toml").write_text(TWO_TYPES.format(
        high=HIGH.format(high_share=high, mean=mean), low_share=1 - high, mean=mean, low_priority="priority = 2\n"),
        encoding="utf-8")
    model, run = simulate_region(path, replications=12, seed=3)
    per_type = scenario_summary(model, run)["per_type"]
    w0 = erlang_c(c, lam * mean) / (c / mean)
    sigma = [0.0, high * rho, rho]
    for k, kind in enumerate(("high", "low"), start=1):
        wq = w0 / ((1 - sigma[k - 1]) * (1 - sigma[k]))
        lo, hi = per_type[kind]["first_arrival_minutes"]["mean_ci95"]
        assert lo <= wq + 0.012 <= hi, (kind, wq, lo, hi)  # + the 0.72 s drive
        assert (hi - lo) / 2 < 0.2 * wq, (kind, lo, hi)
