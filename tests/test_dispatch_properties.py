"""Property-based tests (hypothesis) of the dispatch decisions and of the engine's bookkeeping."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from raddsim.demand import Incidents
from raddsim.engine import Fleet, Policies, TravelTables, simulate
from raddsim.engine.dispatch import run_card
from raddsim.engine.force import EMPTY, Requirement, add, meets

requirements = st.builds(
    Requirement,
    equipment=st.lists(st.integers(1, 7), max_size=2).map(tuple),
    commanders=st.integers(0, 2), firefighters=st.integers(0, 6), people=st.integers(1, 8), crews=st.integers(1, 3),
)


@st.composite
def fleets(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 8))
    staff = [[draw(st.integers(0, 2)), draw(st.integers(0, 5))] for _ in range(n)]
    equipment = [draw(st.integers(0, 7)) for _ in range(n)]
    eta = [draw(st.one_of(st.floats(0, 3600), st.just(float("inf")))) for _ in range(n)]
    free = [draw(st.booleans()) for _ in range(n)]
    is_crew = [draw(st.booleans()) for _ in range(n)]
    return staff, equipment, eta, free, is_crew


def totals(cards, staff, equipment):  # type: ignore[no-untyped-def]
    t = EMPTY
    for c in cards:
        t = add(t, staff[c][0], staff[c][1], staff[c][0] + staff[c][1], equipment[c])
    return t


@settings(max_examples=300, deadline=None)
@given(requirements, fleets())
def test_run_card_sends_only_free_crews_once_and_covers_when_it_can(req, fl) -> None:  # type: ignore[no-untyped-def]
    staff, equipment, eta, free, is_crew = fl
    card = run_card(req, EMPTY, 0, np.array(eta), free, np.array(is_crew), np.array(staff), np.array(equipment))
    # Never a busy crew, a command unit or a crew that cannot get there; never one crew twice.
    assert all(free[c] and is_crew[c] and eta[c] < np.inf for c in card)
    assert len(set(card)) == len(card)
    # In order of expected arrival.
    assert [eta[c] for c in card] == sorted(eta[c] for c in card)
    # If all the crews that could go together make the force, the card makes it.
    able = [c for c in range(len(eta)) if free[c] and is_crew[c] and eta[c] < np.inf]
    if len(able) >= req.crews and meets(req, totals(able, staff, equipment)):
        assert len(card) >= req.crews and meets(req, totals(card, staff, equipment))


@settings(max_examples=200, deadline=None)
@given(requirements, fleets(), fleets())
def test_meets_is_monotone(req, a, b) -> None:  # type: ignore[no-untyped-def]
    ta = totals(range(len(a[0])), a[0], a[1])
    tb = totals(range(len(b[0])), b[0], b[1])
    both = add(ta, *tb)
    if meets(req, ta):
        assert meets(req, both)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31 - 1), st.booleans())
def test_engine_never_double_books_a_crew(seed: int, en_route: bool) -> None:
    g = np.random.default_rng(seed)
    n, nodes, crews = 150, 6, 4
    to_node = g.uniform(60, 900, (2, nodes))
    rows = lambda nd: np.abs(to_node[0] - to_node[0, nd]) + 30.0  # noqa: E731  (any non-negative row will do)
    tables = TravelTables(to_node, to_node * 1.1, station_node=np.array([0, 1]), rows=rows)
    fleet = Fleet(tuple("abcd"), np.array([0, 0, 1, 1]), g.uniform(30, 300, crews), np.ones(crews, bool),
                  planned=np.array([[1, 4], [0, 2], [1, 2], [1, 4]]))
    req = [Requirement(), Requirement(commanders=1, firefighters=4, people=5, crews=2)]
    inc = Incidents(time_s=np.sort(g.uniform(0, 86400 * 3, n)), point=np.zeros(n, np.int64),
                    node=g.integers(0, nodes, n), access_s=g.uniform(0, 60, n), on_scene_s=g.exponential(1800, n),
                    type=g.integers(0, 2, n))
    rec = simulate(fleet, tables, inc, req, policies=Policies(en_route=en_route))
    m = rec.missions
    for c in range(crews):
        mine = np.flatnonzero(m.crew == c)
        order = mine[np.argsort(m.t_alert[mine], kind="stable")]
        # A crew's missions do not overlap: each starts when (or after) the one before has ended.
        assert (m.t_alert[order[1:]] >= m.t_free[order[:-1]]).all()
    assert np.isfinite(rec.t_arrival).all() and (rec.t_arrival >= rec.t_alarm).all()
