"""The SimPy engine and the dispatch rule, on small hand-made cases."""

from __future__ import annotations

import numpy as np

from raddsim.demand import Incidents
from raddsim.dispatch import run_card
from raddsim.engine import ANY_CREW
from raddsim.engine import Fleet, TravelTables, simulate


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
