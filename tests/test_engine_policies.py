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
