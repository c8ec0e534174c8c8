"""Crews away from home: move-up on a two-station toy, dispatch on the road on a one-road toy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from raddsim.demand import Incidents
from raddsim.engine import Fleet, Policies, PolicyContext, TravelTables, load_policy, simulate


def incidents(times, nodes, on_scene) -> Incidents:
    n = len(times)
    return Incidents(time_s=np.asarray(times, float), point=np.zeros(n, np.int64), node=np.asarray(nodes, np.int64),
                     access_s=np.zeros(n), on_scene_s=np.asarray(on_scene, float))


# Two stations, A at node 0 and B at node 1, 600 s apart; A has two crews (a1, a2), B one (b).
TWO = np.array([[0.0, 600.0], [600.0, 0.0]])


def two_stations() -> tuple[Fleet, TravelTables]:
    tables = TravelTables(TWO, TWO.copy(), station_node=np.array([0, 1]))
    fleet = Fleet(("a1", "a2", "b"), np.array([0, 0, 1]), np.full(3, 60.0), np.ones(3, bool))
    return fleet, tables


def mexclp(fleet: Fleet, tables: TravelTables, **options) -> Policies:
    policy = load_policy("move_up", "mexclp")
    policy.prepare(PolicyContext(fleet, tables, ("A", "B"), np.array([0, 1]), np.array([1.0, 1.0]),
                                 {"busy_fraction": 0.1, "target_minutes": 5, **options}))
    return Policies(move_up=policy)


def test_move_up_covers_the_empty_station_and_comes_home() -> None:
    fleet, tables = two_stations()
    # b goes to an alarm at B for two hours; a second alarm at B comes an hour later.
    inc = incidents([0.0, 3600.0], [1, 1], [7200.0, 600.0])
    off = simulate(fleet, tables, inc)
    on = simulate(fleet, tables, inc, policies=mexclp(fleet, tables))
    assert off.moves is not None and len(off.moves.crew) == 0
    mv = on.moves
    assert mv is not None
    # The model says: with b away, node 1 is uncovered and node 0 doubly covered → move a crew of A
    # to B at once (a1 and a2 gain alike: the lowest index, a1).
    assert (mv.crew[0], mv.from_station[0], mv.to_station[0], mv.t_start[0], mv.t_end[0]) == (0, 0, 1, 0.0, 600.0)
    # The second alarm is then served from B (turnout + 0 s drive) rather than from A (turnout + 600 s).
    assert off.t_arrival[1] == 3600.0 + 60.0 + 600.0
    assert on.t_arrival[1] == 3600.0 + 60.0 and on.crew[1] == 0
    # When every crew is free again, the moved crew goes home: the last move is back to A.
    assert mv.to_station[-1] == 0 and mv.crew[-1] == 0
    assert on.relocated_s > 0


def test_move_up_improves_expected_coverage_by_the_model() -> None:
    fleet, tables = two_stations()
    pol = mexclp(fleet, tables)
    mover = pol.move_up
    from raddsim.engine import FleetView

    # b busy: a1 and a2 at A.
    view = FleetView(0.0, [True, True, False], [0, 0, -1], [0, 0, 1], [True, True, True])
    moves = mover.moves(view)
    assert moves == [(0, 1)] or moves == [(1, 1)]
    k_before = mover.cover[0, 0] + mover.cover[1, 0]
    c, s = moves[0]
    k_after = k_before - mover.cover[c, 0] + mover.cover[c, s]
    assert mover.coverage(k_after) > mover.coverage(k_before) + 0.1
    # Everyone free and home: nothing to do.
    assert mover.moves(FleetView(0.0, [True] * 3, [0, 0, 1], [0, 0, 1], [True] * 3)) == []


def test_move_up_costs_time_the_moving_crew_is_not_sent() -> None:
    fleet, tables = two_stations()
    # An alarm at A 300 s after b left: a1 is on its way to B (600 s), so a2 goes; a third alarm at A
    # at 400 s finds no free crew at all until a1 reaches B.
    inc = incidents([0.0, 300.0, 400.0], [1, 0, 0], [7200.0, 7200.0, 60.0])
    on = simulate(fleet, tables, inc, policies=mexclp(fleet, tables))
    assert on.crew[1] == 1
    assert on.waited[2] and on.t_dispatch[2] == 600.0 and on.crew[2] == 0


def test_compliance_table_moves_to_listed_stations() -> None:
    fleet, tables = two_stations()
    policy = load_policy("move_up", "compliance")
    policy.prepare(PolicyContext(fleet, tables, ("A", "B"), np.array([0, 1]), np.array([1.0, 1.0]),
                                 {"2": ["A", "B"], "3": ["A", "A", "B"]}))
    inc = incidents([0.0], [1], [7200.0])
    rec = simulate(fleet, tables, inc, policies=Policies(move_up=policy))
    assert rec.moves.crew.tolist() == [1, 1] and rec.moves.to_station.tolist() == [1, 0]
    with pytest.raises(ValueError, match="unknown station"):
        policy.prepare(PolicyContext(fleet, tables, ("A", "B"), np.array([0]), np.array([1.0]), {"1": ["C"]}))


def test_unknown_policy_names_the_choices() -> None:
    with pytest.raises(ValueError, match="mexclp"):
        load_policy("move_up", "mexlcp")
    with pytest.raises(ValueError, match="cannot load"):
        load_policy("move_up", "no_such_module:Policy")


# One road: node 0 (station S, crews X and Y) — node 1 — node 2, 500 s per stretch both ways.
def one_road() -> tuple[Fleet, TravelTables]:
    line = sparse.csr_matrix(np.array([[0, 500.0, 0], [500.0, 0, 500.0], [0, 500.0, 0]]))
    rows = lambda nd: dijkstra(line, indices=nd)  # noqa: E731
    to_node = rows(0)[None, :]
    tables = TravelTables(to_node, to_node.copy(), station_node=np.array([0]), rows=rows)
    fleet = Fleet(("X", "Y"), np.array([0, 0]), np.array([60.0, 60.0]), np.ones(2, bool))
    return fleet, tables


def test_a_crew_on_its_way_home_is_sent_when_it_is_nearer() -> None:
    fleet, tables = one_road()
    # X goes to node 2 (60 + 1000 s), stays 100 s, clears at 1160 s and drives home (1000 s).
    # A second alarm at node 2 at 1260 s: X is 100 s down the road; Y would need 60 + 1000 s.
    inc = incidents([0.0, 1260.0], [2, 2], [100.0, 100.0])
    off = simulate(fleet, tables, inc)
    on = simulate(fleet, tables, inc, policies=Policies(en_route=True))
    assert off.crew.tolist() == [0, 1] and off.t_arrival[1] == 1260.0 + 60.0 + 1000.0
    assert on.crew.tolist() == [0, 0]
    assert on.t_arrival[1] == 1260.0 + 100.0  # no turnout: back up the road to node 2
    # X's first mission ends when it is sent again; its second ends at home.
    m = on.missions
    assert m.crew.tolist() == [0, 0] and m.t_free[0] == 1260.0
    assert m.t_free[1] == 1260.0 + 100.0 + 100.0 + 1000.0


def test_a_crew_on_its_way_home_is_not_sent_when_the_station_is_nearer() -> None:
    fleet, tables = one_road()
    # The second alarm is at node 0 (the station): Y (60 s) beats X (still ~900 s out).
    inc = incidents([0.0, 1260.0], [2, 0], [100.0, 100.0])
    on = simulate(fleet, tables, inc, policies=Policies(en_route=True))
    assert on.crew.tolist() == [0, 1] and on.t_arrival[1] == 1260.0 + 60.0


def test_en_route_off_gives_the_same_records_as_before_on_the_toy() -> None:
    fleet, tables = one_road()
    inc = incidents([0.0, 1260.0, 5000.0], [2, 2, 1], [100.0, 100.0, 50.0])
    a = simulate(fleet, tables, inc)
    b = simulate(fleet, tables, inc, policies=Policies(en_route=False))
    for name in ("t_dispatch", "t_arrival", "t_clear", "t_free", "crew"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True)


def test_region_scenario_and_sweep_choose_policies(tmp_path) -> None:
    from raddsim.core.errors import InputError
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.sweep.spec import load_spec

    region = load_region()
    assert region.scenarios["minimum"].policy.en_route  # Norrtälje: dispatch on the road
    assert region.scenarios["minimum"].policy.move_up == "none"
    assert region.scenarios["minimum-moveup"].policy.move_up == "mexclp"
    spec = tmp_path / "s.toml"
    spec.write_text('scenarios = ["minimum"]\nreplications = 2\n[axes]\n"policies.move_up" = ["none", "mexclp"]\n')
    assert load_spec(spec).axes[0].key == "policies.move_up"
    model = build_model(region)
    with pytest.raises(InputError, match="unknown move_up policy 'mexlcp'"):
        model.prepare(region.derive("typo", "minimum", {"policies.move_up": "mexlcp"}))


def test_run_reports_moves_per_year(tmp_path) -> None:
    import json

    from raddsim.cli import main

    out = tmp_path / "r.json"
    assert main(["run", "--scenario", "minimum-moveup", "--replications", "2", "--json", str(out)]) == 0
    mu = json.loads(out.read_text())["scenarios"]["minimum-moveup"]["move_ups"]
    assert mu["policy"] == "mexclp" and mu["moves_per_year"] > 0 and mu["hours_relocated_per_year"] > 0


# A researcher's plug-in policies of the wrong shape (issue: bad inputs, B6). Each was a traceback, two of them
# in the middle of the simulation; now the policy is checked when it is loaded, before any simulation.
PLUGINS = '''
import os
class NeedsArgs:
    def __init__(self, k):
        self.k = k
class NoCard:
    pass
class BadCard:
    def card(self, *a, **k):
        return [999]
class BusyCard:
    def card(self, *a, **k):
        return [0]
class Mover:
    def prepare(self, context):
        pass
    def moves(self, view):
        return [(0, 99)]
not_a_class = os.path
'''


@pytest.fixture()
def plugins(tmp_path, monkeypatch):
    """Importable modules ``raddsim_probe_pol`` (policies of the wrong shape) and ``raddsim_probe_broken``."""
    import sys

    (tmp_path / "raddsim_probe_pol.py").write_text(PLUGINS, encoding="utf-8")
    (tmp_path / "raddsim_probe_broken.py").write_text("x = [1, 2] +   # a syntax error\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("raddsim_probe_pol", "raddsim_probe_broken"):
        sys.modules.pop(name, None)


@pytest.mark.parametrize("kind, name, said", [
    ("dispatch", "os:path", "'os:path' is not a class (it is a module)"),
    ("dispatch", "raddsim_probe_pol:not_a_class", "is not a class"),
    ("dispatch", "raddsim_probe_pol:NeedsArgs", "cannot be made without arguments (TypeError:"),
    ("dispatch", "raddsim_probe_broken:X", "cannot load dispatch policy 'raddsim_probe_broken:X': SyntaxError"),
    ("dispatch", "raddsim_probe_pol:NoCard", "has no method card(...)"),
    ("move_up", "raddsim_probe_pol:NoCard", "has no method prepare(...) or moves(...)"),
    ("move_up", "raddsim_probe_pol:BadCard", "has no method prepare(...) or moves(...)"),
])
def test_a_plugin_policy_of_the_wrong_shape_is_refused_when_loaded(plugins, kind, name, said) -> None:
    with pytest.raises(ValueError) as err:
        load_policy(kind, name)
    assert said in str(err.value), str(err.value)


def test_a_plugin_policy_error_names_the_file_and_field_that_set_it(plugins, tmp_path) -> None:
    from sweep_helpers import write_region

    from raddsim.core.errors import InputError
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region_path = write_region(tmp_path / "r")
    extra = tmp_path / "extra.toml"
    extra.write_text('[scenarios.x]\nbase = "low"\npolicies = { dispatch = "raddsim_probe_pol:NoCard" }\n',
                     encoding="utf-8")
    region = load_region(region_path, extra_scenarios=[extra])
    with pytest.raises(InputError) as err:
        build_model(region).prepare(region.scenarios["x"])
    e = err.value
    assert e.file == str(extra) and e.field == "scenarios.x.policies.dispatch", str(e)
    assert "raddsim/engine/policies.py" in e.fix and "\n" not in str(e)
    # Set for the whole region: the region file's [policies] table, not a scenario.
    text = region_path.read_text(encoding="utf-8")
    region_path.write_text(text + '\n[policies]\nmove_up = "raddsim_probe_pol:NoCard"\n', encoding="utf-8")
    region = load_region(region_path)
    with pytest.raises(InputError) as err:
        build_model(region).prepare(region.scenarios["low"])
    assert err.value.file == str(region_path) and err.value.field == "policies.move_up", str(err.value)


@pytest.mark.parametrize("name, said", [("BadCard", "card(...) returned 999, not a crew index 0 to 1"),
                                        ("BusyCard", "card(...) returned crew 0, which is not free")])
def test_a_card_of_crews_that_cannot_be_sent_is_a_clear_error(plugins, name, said) -> None:
    from raddsim.core.errors import RaddsimError

    fleet, tables = one_road()
    inc = incidents([0.0, 10.0], [2, 2], [100.0, 100.0])
    with pytest.raises(RaddsimError) as err:  # was an IndexError (or a crew sent twice) deep in the engine
        simulate(fleet, tables, inc, policies=Policies(dispatch=load_policy("dispatch", f"raddsim_probe_pol:{name}")))
    assert f"dispatch policy 'raddsim_probe_pol:{name}': {said}" in str(err.value), str(err.value)


def test_a_move_to_a_station_that_does_not_exist_is_a_clear_error(plugins) -> None:
    from raddsim.core.errors import RaddsimError

    fleet, tables = two_stations()
    mover = load_policy("move_up", "raddsim_probe_pol:Mover")
    mover.prepare(PolicyContext(fleet, tables, ("A", "B"), np.array([0, 1]), np.array([1.0, 1.0])))
    with pytest.raises(RaddsimError, match=r"moves\(\.\.\.\) returned \(0, 99\)"):
        simulate(fleet, tables, incidents([0.0], [1], [600.0]), policies=Policies(move_up=mover))
