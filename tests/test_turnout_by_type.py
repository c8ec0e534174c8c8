"""An incident type's extra turnout (``[types.<id>] turnout = { extra_minutes }``): NFPA 1710's 80 s for fire
against 60 s for EMS, the time to put on a type's gear. Before, a turnout was one value per crew for every type."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from raddsim.core.errors import InputError
from raddsim.demand import Incidents
from raddsim.demand.types import load_catalog
from raddsim.engine import Fleet, Policies, TravelTables, simulate
from raddsim.engine.force import Requirement, requirements

TYPES = """
[types.fire]
name = "Fire"
share = 0.5
force = { crews = 1 }
on_scene = { median_minutes = 30, sigma = 0.5, source = "test" }
{turnout}
[types.ems]
name = "EMS"
share = 0.5
force = { crews = 1 }
on_scene = { median_minutes = 20, sigma = 0.5, source = "test" }
"""


def _catalog(tmp_path: Path, turnout: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "types.toml"
    path.write_text(TYPES.replace("{turnout}", turnout), encoding="utf-8")
    return load_catalog(path)


def test_the_types_file_gives_a_type_its_extra_turnout_with_its_source(tmp_path) -> None:
    cat = _catalog(tmp_path, 'turnout = { extra_minutes = 0.3333, source = "NFPA 1710 (2020)" }')
    fire, ems = cat.types
    assert (fire.turnout_extra_min, fire.turnout_source) == (0.3333, "NFPA 1710 (2020)")
    assert ems.turnout_extra_min == 0.0  # the default: no extra
    reqs = requirements(cat, {})
    assert math.isclose(reqs[0].turnout_extra_s, 20.0, rel_tol=1e-3) and reqs[1].turnout_extra_s == 0.0


@pytest.mark.parametrize("turnout, words", [
    ("turnout = { extra_minutes = -0.5 }", "at least 0"),
    ('turnout = { extra_minutes = "20 s" }', "expected a number"),
    ("turnout = { extra_minutes = 80 }", "is it in seconds?"),
    ("turnout = { extra_seconds = 20 }", "extra_seconds"),
    ("turnout = 20", "turnout"),
])
def test_a_bad_extra_turnout_is_one_error_naming_the_field(tmp_path, turnout, words) -> None:
    with pytest.raises(InputError) as err:
        _catalog(tmp_path, turnout)
    assert words in str(err.value) and "types.fire.turnout" in str(err.value)
    assert "types.toml" in str(err.value)


def test_eighty_written_for_seconds_is_refused_with_the_minutes_it_means(tmp_path) -> None:
    with pytest.raises(InputError) as err:
        _catalog(tmp_path, "turnout = { extra_minutes = 80 }")
    assert "80 s = 1.333 min" in str(err.value)


def _incidents(nodes: list[int], types: list[int], times: list[float]) -> Incidents:
    n = len(nodes)
    return Incidents(time_s=np.array(times, float), point=np.zeros(n, np.int64), node=np.array(nodes),
                     access_s=np.zeros(n), on_scene_s=np.full(n, 100.0), type=np.array(types, np.int64))


def test_a_crew_leaving_its_station_adds_the_types_extra_turnout() -> None:
    # Two crews 0 and 300 s from node 0; alarms an hour apart, so both crews are always home.
    tables = TravelTables(np.array([[0.0, 100.0], [300.0, 50.0]]), np.array([[0.0, 100.0], [300.0, 50.0]]))
    fleet = Fleet(("a", "b"), np.array([0, 1]), np.array([60.0, 90.0]), np.ones(2, bool))
    reqs = [Requirement(), Requirement(turnout_extra_s=20.0)]
    inc = _incidents([0, 0, 1, 1], [0, 1, 0, 1], [0.0, 3600.0, 7200.0, 10800.0])
    rec = simulate(fleet, tables, inc, reqs)
    assert list(rec.t_turnout_end - rec.t_dispatch) == [60.0, 80.0, 90.0, 110.0]
    assert list(rec.t_arrival - rec.t_alarm) == [60.0, 80.0, 140.0, 160.0]
    # The same alarms without the extra: every record but the extra type's times is the same.
    plain = simulate(fleet, tables, inc, [Requirement(), Requirement()])
    assert list(rec.t_arrival - plain.t_arrival) == [0.0, 20.0, 0.0, 20.0]
    assert list(rec.crew) == list(plain.crew)


def test_a_crew_alerted_on_its_way_home_has_its_gear_on() -> None:
    """Alerted on the road (dispatch on the road), a crew leaves at once: no turnout, no extra."""
    line = np.array([[0.0, 100.0, 200.0, 300.0, 400.0]])

    def rows(nd: int) -> np.ndarray:
        return 100.0 * np.abs(np.arange(5) - nd)

    def tree(node: int) -> tuple[np.ndarray, np.ndarray]:
        return np.array([-9999, 0, 1, 2, 3]), line[0].copy()

    tables = TravelTables(line, line.copy(), station_node=np.array([0]), rows=rows, home_tree=tree)
    fleet = Fleet(("a",), np.array([0]), np.array([60.0]), np.ones(1, bool))
    # Alarm 0 (type 1) at node 4: leaves at 80, arrives 480, released 580 on the road; alarm 1 (type 1) at 730,
    # when the crew passes node 3 on its way home: sent from there, reaching node 2 at 780.
    inc = _incidents([4, 2], [1, 1], [0.0, 730.0])
    rec = simulate(fleet, tables, inc, [Requirement(), Requirement(turnout_extra_s=20.0)],
                   policies=Policies(en_route=True))
    assert rec.t_arrival[0] == 480.0
    assert rec.t_turnout_end[1] == 730.0 and rec.t_arrival[1] == 780.0


@pytest.mark.parametrize("req, attribute", [
    (Requirement(turnout_extra_s=-1.0), "turnout_extra_s"),
    (Requirement(turnout_extra_s=float("nan")), "turnout_extra_s"),
    (Requirement(travel_factor=0.0), "travel_factor"),
    (Requirement(travel_factor=float("inf")), "travel_factor"),
])
def test_a_hand_built_requirement_the_engine_cannot_run_is_refused(req, attribute) -> None:
    tables = TravelTables(np.array([[0.0, 100.0]]), np.array([[0.0, 100.0]]))
    fleet = Fleet(("a",), np.array([0]), np.array([60.0]), np.ones(1, bool))
    with pytest.raises(InputError) as err:
        simulate(fleet, tables, _incidents([1], [1], [0.0]), [Requirement(), req])
    assert err.value.field == f"requirements[1].{attribute}"
