"""The SimPy engine and the dispatch rule, on small hand-made cases."""

from __future__ import annotations

import numpy as np

from raddsim.demand import Incidents
from raddsim.engine import ANY_CREW, Fleet, TravelTables, simulate
from raddsim.engine.dispatch import run_card


def make_incidents(times, nodes, on_scene, access=None) -> Incidents:
    n = len(times)
    return Incidents(
        time_s=np.asarray(times, float),
        point=np.zeros(n, np.int64),
        node=np.asarray(nodes, np.int64),
        access_s=np.zeros(n) if access is None else np.asarray(access, float),
        on_scene_s=np.asarray(on_scene, float),
    )


def two_crews():
    # Station 0 is near node 0, station 1 near node 1; 600 s between them.
    to_node = np.array([[60.0, 600.0], [600.0, 60.0]])
    tables = TravelTables(to_node=to_node, from_node=to_node.copy())
    fleet = Fleet(("A", "B"), np.array([0, 1]), np.array([90.0, 300.0]), np.ones(2, bool))
    return fleet, tables


def test_run_card_for_one_crew_prefers_shortest_eta_among_free() -> None:
    eta = np.array([500.0, 300.0, 300.0, np.inf])
    staff, eq, crew = np.tile([[1, 4]], (4, 1)), np.zeros(4, np.int64), np.ones(4, bool)

    def choose(free):
        return run_card(ANY_CREW, (0, 0, 0, 0), 0, eta, free, crew, staff, eq)

    assert choose([True, True, True, True]) == [1]  # tie → lowest index
    assert choose([True, False, True, True]) == [2]
    assert choose([True, False, False, True]) == [0]
    assert choose([False, False, False, True]) == []  # only an unreachable crew is free
    assert choose([False] * 4) == []


def test_fastest_crew_goes_turnout_counts() -> None:
    fleet, tables = two_crews()
    # Node 1: A needs 90 + 600 = 690 s, B needs 300 + 60 = 360 s → B.
    # Node 0: A needs 150 s → A.
    rec = simulate(fleet, tables, make_incidents([0.0, 10_000.0], [1, 0], [1000.0, 1000.0], access=[30.0, 0.0]))
    assert list(rec.crew) == [1, 0]
    assert rec.t_turnout_end[0] == 300.0
    assert rec.t_arrival[0] == 300.0 + 60.0 + 30.0
    assert rec.t_clear[0] == rec.t_arrival[0] + 1000.0
    assert rec.t_free[0] == rec.t_clear[0] + 30.0 + 60.0


def test_turnout_decides_which_crew_goes() -> None:
    """Node 2 is nearer to B by road (250 s vs 400 s) but A turns out faster (90 s vs 300 s): A gets there first."""
    to_node = np.array([[60.0, 600.0, 400.0], [600.0, 60.0, 250.0]])
    tables = TravelTables(to_node=to_node, from_node=to_node.copy())
    fleet = Fleet(("A", "B"), np.array([0, 1]), np.array([90.0, 300.0]), np.ones(2, bool))
    rec = simulate(fleet, tables, make_incidents([0.0], [2], [100.0]))
    assert list(rec.crew) == [0] and rec.t_arrival[0] == 90.0 + 400.0
    # With equal turnout the road decides, and B goes: the choice above was the turnout's doing.
    same = Fleet(("A", "B"), np.array([0, 1]), np.array([90.0, 90.0]), np.ones(2, bool))
    rec = simulate(same, tables, make_incidents([0.0], [2], [100.0]))
    assert list(rec.crew) == [1] and rec.t_arrival[0] == 90.0 + 250.0


def test_busy_crew_sends_next_best_and_queue_is_fifo() -> None:
    fleet, tables = two_crews()
    inc = make_incidents([0.0, 10.0, 20.0, 30.0], [0, 0, 1, 0], [5000.0] * 4)
    rec = simulate(fleet, tables, inc)
    assert rec.crew[0] == 0 and rec.crew[1] == 1  # A busy → B comes from afar
    assert not rec.waited[:2].any() and rec.waited[2:].all()
    # Alarm 2 waited first, so it gets the first crew to become free (A).
    first_free = min(rec.t_free[0], rec.t_free[1])
    assert rec.t_dispatch[2] == first_free and rec.crew[2] == 0
    assert rec.t_dispatch[3] > rec.t_dispatch[2]


def test_every_alarm_one_consistent_record_and_no_double_booking() -> None:
    g = np.random.default_rng(3)
    n = 2000
    n_nodes = 50
    to_node = g.uniform(60, 1800, (3, n_nodes))
    tables = TravelTables(to_node, to_node * g.uniform(0.9, 1.1, (3, n_nodes)))
    fleet = Fleet(("a", "b", "c", "d"), np.array([0, 1, 2, 2]), np.array([90.0, 300, 300, 600]), np.ones(4, bool))
    inc = make_incidents(np.sort(g.uniform(0, 86400 * 30, n)), g.integers(0, n_nodes, n),
                         g.exponential(3600, n), g.uniform(0, 120, n))
    rec = simulate(fleet, tables, inc)
    assert len(rec) == n
    cols = [rec.t_alarm, rec.t_dispatch, rec.t_turnout_end, rec.t_arrival, rec.t_clear, rec.t_free]
    assert all(np.isfinite(c).all() for c in cols)
    for a, b in zip(cols, cols[1:]):
        assert (a <= b + 1e-9).all()
    assert set(np.unique(rec.crew)) <= {0, 1, 2, 3}
    for c in range(4):
        mine = np.flatnonzero(rec.crew == c)
        order = mine[np.argsort(rec.t_dispatch[mine])]
        assert (rec.t_dispatch[order[1:]] >= rec.t_free[order[:-1]] - 1e-9).all()
    # An alarm only waits when every crew was out at its alarm time.
    for i in np.flatnonzero(rec.waited)[:50]:
        busy = (rec.t_dispatch <= rec.t_alarm[i]) & (rec.t_free > rec.t_alarm[i])
        assert len(set(rec.crew[busy])) == 4


def test_out_of_service_crew_is_never_sent() -> None:
    fleet, tables = two_crews()
    fleet = Fleet(fleet.names, fleet.station, fleet.turnout_s, np.array([True, False]))
    rec = simulate(fleet, tables, make_incidents([0.0, 5.0, 9000.0], [1, 1, 1], [100.0] * 3))
    assert (rec.crew == 0).all()


def test_a_run_leaves_no_garbage_cycles_of_its_own() -> None:
    # What is left is SimPy's own Environment (it binds its methods to itself) and the run
    # object's bound methods in the clock's (empty) queue.
    import gc

    fleet, tables = two_crews()
    inc = make_incidents(np.arange(0.0, 40_000.0, 400.0), [0, 1] * 50, [1000.0] * 100)
    simulate(fleet, tables, inc)
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        simulate(fleet, tables, inc)
        assert gc.collect() < 20
    finally:
        if enabled:
            gc.enable()


def test_alarm_gaps_land_on_the_alarm_times_or_just_before() -> None:
    import math

    import pytest

    from raddsim.engine import alarm_gaps

    # Close times subtract exactly (Sterbenz); an alarm more than twice as late as the one
    # before may not: from 2.858… no float delay lands on 28.188…, nor from 2074.757… on
    # 24691.922…, and the alarm 0.577… s later must then be reached from where that one came.
    g = np.random.default_rng(2)
    sparse = 3e4 * np.cumprod(g.uniform(2.5, 40.0, 6))  # each alarm > twice as late as the one before
    t = np.concatenate([[0.0, 0.0, 2.858499647063395, 28.188473639721987, 2074.7575411235175, 24691.922711058494,
                         24692.5],
                        sparse, np.sort(sparse[-1] + g.uniform(0, 3.2e7, 5000))])
    t = np.concatenate([t, t[-1:], [t[-1] + 1e-9]])
    assert (t[:-1] + np.diff(t) != t[1:]).sum() >= 2  # the cases in question
    now, gaps, missed = 0.0, alarm_gaps(t), 0
    for want, gap in zip(t.tolist(), gaps):
        landed = now + gap  # as SimPy schedules: now + delay
        if landed != want:
            # Only where no float delay lands exactly, and then just before the time, not after.
            missed += 1
            assert now + math.nextafter(gap, math.inf) != want and now + math.nextafter(gap, -math.inf) != want
            assert want - np.spacing(want) <= landed < want
        now = landed
    assert missed == 2
    with pytest.raises(ValueError, match="sorted"):
        alarm_gaps(np.array([5.0, 4.0]))


def test_late_commander_and_ties_on_scene() -> None:
    # Four crews of 1+2 and an incident commander's unit K; the type needs two crews, five
    # people and K. Alarm 0: A arrives at 120 s, B at 220 s, exactly when the 100 s on scene
    # are up; K only at 400 s, so the incident clears then. Alarm 1 (A and B busy): the card
    # the dispatcher finds now is D and C, K is busy.
    from raddsim.engine.force import Requirement

    to_node = np.array([[60.0], [160.0], [600.0], [700.0], [400.0]])
    tables = TravelTables(to_node=to_node, from_node=to_node.copy())
    fleet = Fleet(("A", "B", "C", "D", "K"), np.arange(5), np.array([60.0, 60.0, 300.0, 100.0, 0.0]),
                  np.ones(5, bool), command=np.array([False, False, False, False, True]),
                  planned=np.array([[1, 2]] * 4 + [[1, 0]]))
    req = [Requirement(people=5, crews=2, incident_commander=True)]
    inc = make_incidents([0.0, 10.0], [0, 0], [100.0, 50.0])
    rec = simulate(fleet, tables, inc, req)
    assert rec.t_arrival[0] == 120.0 and rec.t_effective[0] == 220.0 and rec.t_commander[0] == 400.0
    assert rec.t_clear[0] == 400.0 and rec.t_free[0] == 400.0 + 400.0
    assert rec.crew[1] == 3 and rec.t_effective[1] == 10.0 + 300.0 + 600.0 and np.isnan(rec.t_commander[1])
    assert rec.missions.alarm.tolist() == [0, 0, 0, 1, 1]
    assert rec.n_alerted.tolist() == [2, 2]


def test_an_alarm_comes_before_crew_events_at_the_same_instant() -> None:
    # Crew A (turnout 90 s, 60 s from node 0) is home again at exactly 90 + 60 + 100 + 60 = 310 s;
    # B leaves for node 1 at 260 s. The alarm at 310 s is processed before A's return at that same
    # instant (as if every alarm had been queued at the start), so it waits for A, who goes at once.
    fleet, tables = two_crews()
    inc = make_incidents([0.0, 260.0, 310.0], [0, 1, 0], [100.0, 100.0, 100.0])
    rec = simulate(fleet, tables, inc)
    assert rec.crew.tolist() == [0, 1, 0]
    assert rec.waited.tolist() == [False, False, True]
    assert rec.t_dispatch[2] == 310.0 and rec.t_arrival[2] == 310.0 + 90.0 + 60.0
