"""Crews: staffing → capability, part-time response, fri inryckning, re-dispatch, mutual aid."""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np
import pytest
from scipy import stats

from raddsim.demand import Incidents
from raddsim.engine import Fleet, Responses, TravelTables, simulate
from raddsim.engine.crews import Z90, binom_ppf, draw_crew, planned_staffing
from raddsim.engine.force import EMPTY, Requirement, add, capable_alone, earliest_force, meets
from raddsim.region.crew_availability import Availability
from raddsim.region.stations import Crew, Staffing

SMOKE = 1  # equipment bit 0
BOAT = 2
SMOKE_DIVING = Requirement(equipment=(SMOKE,), commanders=1, firefighters=4, people=5, crews=1)


# ---------------------------------------------------------------- capability on scene
@pytest.mark.parametrize("cmd,ff", [(0, 4), (1, 0), (1, 1), (1, 2), (1, 3), (0, 5), (0, 10)])
def test_below_1_plus_4_never_smoke_diving_capable(cmd, ff) -> None:
    assert not capable_alone(SMOKE_DIVING, cmd, ff, SMOKE)


def test_1_plus_4_with_equipment_is_capable_without_is_not() -> None:
    assert capable_alone(SMOKE_DIVING, 1, 4, SMOKE)
    assert capable_alone(SMOKE_DIVING, 1, 5, SMOKE | BOAT)
    assert not capable_alone(SMOKE_DIVING, 1, 4, BOAT)


def test_crews_combine_on_scene() -> None:
    # Älmsta 1+2 and Norrtälje deltid 0+2 together make 1+4.
    t = add(add(EMPTY, 1, 2, 3, SMOKE), 0, 2, 2, SMOKE)
    assert meets(SMOKE_DIVING, t)
    # Equipment may come from either crew.
    assert meets(SMOKE_DIVING, add(add(EMPTY, 1, 2, 3, BOAT), 0, 2, 2, SMOKE))
    assert not meets(SMOKE_DIVING, add(add(EMPTY, 1, 2, 3, BOAT), 0, 2, 2, BOAT))


def test_earliest_force_is_shortest_eta_prefix() -> None:
    crews = [(1, 2, 3, SMOKE), (0, 2, 2, SMOKE), (1, 4, 5, SMOKE)]
    assert earliest_force(SMOKE_DIVING, [300.0, 500.0, 900.0], crews) == 500.0
    assert earliest_force(SMOKE_DIVING, [300.0, 1000.0, 900.0], crews) == 900.0
    assert earliest_force(SMOKE_DIVING, [300.0, math.inf, math.inf], crews) == math.inf


# ---------------------------------------------------------------- responses
def _crew(staffing: Staffing, kind: str = "part-time", availability: Availability | None = None) -> Crew:
    return Crew("c", "C", "s", kind, 300.0, frozenset({"smoke_diving"}), MappingProxyType({"x": staffing}),
                availability=availability or Availability(response_probability=0.9, turnout_sigma=0.22))


def test_binom_ppf_is_the_binomial_inverse_cdf() -> None:
    u = np.random.default_rng(1).random(50_000)
    k = binom_ppf(u, 8, 0.35)
    obs = np.bincount(k, minlength=9)
    exp = stats.binom.pmf(np.arange(9), 8, 0.35) * len(u)
    # Pool the sparse tail so every expected count is ≥ 5.
    assert stats.chisquare(np.r_[obs[:7], obs[7:].sum()], np.r_[exp[:7], exp[7:].sum()]).pvalue > 0.001


def test_fri_inryckning_turnout_counts_follow_their_binomial() -> None:
    pool = Staffing(fri_inryckning=True, pool=MappingProxyType({"crew_commander": 2, "firefighters": 8}),
                    pool_response_probability=0.35)
    crew = _crew(pool, availability=Availability(seats=10, turnout_sigma=0.22))
    n = 20_000
    rolls, cmd, ff, _ = draw_crew(crew, pool, n, seed=3, replication=0)
    total = cmd + ff
    obs = np.bincount(total, minlength=11)
    exp = stats.binom.pmf(np.arange(11), 10, 0.35) * n  # sum of independent binomials, same p
    keep = exp >= 5
    assert stats.chisquare(np.r_[obs[keep], obs[~keep].sum()], np.r_[exp[keep], exp[~keep].sum()]).pvalue > 0.001
    # The vehicle leaves only with at least two people (the default min_to_roll) and, by the
    # default rule, only with a styrkeledare when the pool has one.
    assert np.array_equal(rolls, (total >= 2) & (cmd >= 1))
    # Seats cap who can go.
    crew6 = _crew(pool, availability=Availability(seats=6))
    _, c6, f6, _ = draw_crew(crew6, pool, n, seed=3, replication=0)
    assert (c6 + f6 <= 6).all() and (c6 + f6 == np.minimum(total, 6)).all()


def test_part_time_members_and_turnout_percentile() -> None:
    sched = Staffing(roles=MappingProxyType({"crew_commander": 1, "firefighters": 4}))
    crew = _crew(sched)
    n = 40_000
    rolls, cmd, ff, turnout = draw_crew(crew, sched, n, seed=5, replication=1)
    # Each scheduled member responds with probability 0.9.
    assert abs(cmd.mean() - 0.9) < 4 * math.sqrt(0.9 * 0.1 / n)
    assert abs(ff.mean() - 3.6) < 4 * math.sqrt(4 * 0.9 * 0.1 / n)
    # The stated turnout time (300 s) is the 90th percentile.
    share_faster = (turnout <= 300.0).mean()
    assert abs(share_faster - 0.9) < 4 * math.sqrt(0.9 * 0.1 / n)
    assert math.isclose(np.median(turnout), 300.0 * math.exp(-0.22 * Z90), rel_tol=0.01)
    # Full-time crews: always, as scheduled, at the stated time.
    ft = _crew(sched, "full-time", Availability())
    r2, c2, f2, t2 = draw_crew(ft, sched, 100, seed=5, replication=1)
    assert r2.all() and (c2 == 1).all() and (f2 == 4).all() and (t2 == 300.0).all()


def _setup_with(crews: list[Crew], staffing: Staffing):
    import dataclasses

    from raddsim.region.region import load_region

    base = load_region().scenarios["minimum"]
    return dataclasses.replace(base, crews=tuple(crews), staffing={c.id: staffing for c in crews})


def test_same_crew_same_draws_whatever_else_is_in_the_scenario() -> None:
    import dataclasses

    from raddsim.engine.crews import draw_responses

    sched = Staffing(roles=MappingProxyType({"crew_commander": 1, "firefighters": 4}))
    x = dataclasses.replace(_crew(sched), id="x")
    others = [dataclasses.replace(_crew(sched, availability=Availability(response_probability=p, turnout_sigma=0.3)),
                                  id=f"o{k}") for k, p in enumerate((0.5, 0.8, 0.99))]
    # Scenario 1: x alone. Scenario 2: x third, among other crews. Scenario 3: other crews first, x last.
    scenarios = [[x], [others[0], others[1], x], [others[2], others[0], others[1], x]]
    drawn = []
    for crews in scenarios:
        r = draw_responses(_setup_with(crews, sched), 500, seed=9, replication=2)
        k = [c.id for c in crews].index("x")
        drawn.append((r.rolls[:, k], r.commanders[:, k], r.firefighters[:, k], r.turnout_s[:, k]))
    for d in drawn[1:]:
        assert all(np.array_equal(a, b) for a, b in zip(drawn[0], d))
    assert len(set(drawn[0][3].round(6))) > 100  # the draws vary from alarm to alarm: the equality says something


def test_different_crews_draw_independently() -> None:
    """Two crews alike in everything but their id get their own streams: independent draws, not copies."""
    import dataclasses

    from raddsim.engine.crews import draw_responses

    sched = Staffing(roles=MappingProxyType({"crew_commander": 1, "firefighters": 4}))
    av = Availability(response_probability=0.7, turnout_sigma=0.3)
    a, b = (dataclasses.replace(_crew(sched, availability=av), id=i) for i in ("a", "b"))
    n = 20_000
    r = draw_responses(_setup_with([a, b], sched), n, seed=4, replication=1)
    ta, tb = np.log(r.turnout_s[:, 0]), np.log(r.turnout_s[:, 1])
    assert abs(np.corrcoef(ta, tb)[0, 1]) < 4 / math.sqrt(n)
    ca, cb = r.commanders[:, 0], r.commanders[:, 1]
    assert abs(np.corrcoef(ca, cb)[0, 1]) < 4 / math.sqrt(n)
    # Agreement of two independent coin flips with p = 0.7 is p² + (1 − p)² = 0.58, not 1.
    assert abs((ca == cb).mean() - 0.58) < 4 * math.sqrt(0.58 * 0.42 / n)


def test_planned_staffing_of_a_pool_is_its_expected_turnout() -> None:
    pool = Staffing(fri_inryckning=True, pool=MappingProxyType({"crew_commander": 2, "firefighters": 8}),
                    pool_response_probability=0.35)
    assert planned_staffing(_crew(pool), pool) == (0, 2)


# ---------------------------------------------------------------- engine mechanisms
def _incidents(times, on_scene=3600.0, types=None) -> Incidents:
    n = len(times)
    return Incidents(np.asarray(times, float), np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n),
                     np.full(n, on_scene), None if types is None else np.asarray(types, np.int64))


def _fleet(turnout, planned, equipment, external=None, delay=None, command=None):
    k = len(turnout)
    return Fleet(tuple(f"c{i}" for i in range(k)), np.arange(k), np.asarray(turnout, float), np.ones(k, bool),
                 command=None if command is None else np.asarray(command, bool),
                 external=None if external is None else np.asarray(external, bool),
                 request_delay_s=None if delay is None else np.asarray(delay, float),
                 equipment=np.asarray(equipment, np.int64), planned=np.asarray(planned, np.int64))


def test_redispatch_when_a_part_time_crew_fails_to_roll() -> None:
    fleet = _fleet([300.0, 300.0], [[1, 4], [1, 4]], [SMOKE, SMOKE])
    tables = TravelTables(np.array([[60.0], [600.0]]), np.array([[60.0], [600.0]]))
    inc = _incidents([0.0])
    resp = Responses.certain(fleet, 1)
    rolls = resp.rolls.copy()
    rolls[0, 0] = False  # the nearest crew cannot staff its vehicle
    resp = Responses(rolls, resp.commanders, resp.firefighters, resp.turnout_s)
    rec = simulate(fleet, tables, inc, [SMOKE_DIVING], resp)
    assert rec.n_failed[0] == 1 and rec.crew[0] == 1
    m = rec.missions
    second = m.t_alert[m.crew == 1][0]
    assert second == 300.0  # re-dispatched when crew 0 should have left
    assert rec.t_arrival[0] == 300.0 + 300.0 + 600.0
    # Without the failure crew 0 goes and nobody else is needed.
    rec2 = simulate(fleet, tables, inc, [SMOKE_DIVING], Responses.certain(fleet, 1))
    assert rec2.n_alerted[0] == 1 and rec2.crew[0] == 0 and rec2.n_failed[0] == 0


def test_short_handed_crew_triggers_a_second_crew_for_the_force() -> None:
    fleet = _fleet([300.0, 300.0], [[1, 4], [1, 4]], [SMOKE, SMOKE])
    tables = TravelTables(np.array([[60.0], [600.0]]), np.array([[60.0], [600.0]]))
    resp = Responses.certain(fleet, 1)
    ff = resp.firefighters.copy()
    ff[0, 0] = 2  # rolls as 1+2
    resp = Responses(resp.rolls, resp.commanders, ff, resp.turnout_s)
    rec = simulate(fleet, tables, _incidents([0.0]), [SMOKE_DIVING], resp)
    assert rec.n_alerted[0] == 2
    assert rec.t_arrival[0] == 360.0  # first arrival: the short crew
    assert rec.t_effective[0] == 300.0 + 300.0 + 600.0  # force complete when the second crew arrives


def test_force_needs_two_small_crews_at_minimum() -> None:
    # Älmsta-like 1+2 nearby and a 0+2 farther away: the run card alerts both.
    fleet = _fleet([360.0, 600.0], [[1, 2], [0, 2]], [SMOKE, SMOKE])
    tables = TravelTables(np.array([[60.0], [900.0]]), np.array([[60.0], [900.0]]))
    rec = simulate(fleet, tables, _incidents([0.0]), [SMOKE_DIVING])
    assert rec.n_alerted[0] == 2
    assert rec.t_arrival[0] == 420.0 and rec.t_effective[0] == 1500.0
    # Alone, 1+2 never makes the force: effective force stays missing.
    alone = _fleet([360.0], [[1, 2]], [SMOKE])
    rec1 = simulate(alone, TravelTables(np.array([[60.0]]), np.array([[60.0]])), _incidents([0.0]), [SMOKE_DIVING])
    assert rec1.t_arrival[0] == 420.0 and np.isnan(rec1.t_effective[0])


def test_mutual_aid_only_when_local_crews_are_busy_or_farther() -> None:
    one = Requirement()
    fleet = _fleet([300.0, 300.0], [[1, 4], [1, 4]], [0, 0], external=[False, True], delay=[0.0, 120.0])
    near_local = TravelTables(np.array([[300.0], [300.0]]), np.array([[300.0], [300.0]]))
    rec = simulate(fleet, near_local, _incidents([0.0]), [one])
    assert rec.crew[0] == 0 and not rec.mutual_aid_first[0] and (rec.missions.crew == 0).all()
    # Local crew busy with a first alarm: the second alarm gets mutual aid.
    rec = simulate(fleet, near_local, _incidents([0.0, 60.0]), [one])
    assert rec.crew[1] == 1 and rec.mutual_aid_first[1]
    # Neighbour closer even with its request delay: it comes first.
    far_local = TravelTables(np.array([[1800.0], [300.0]]), np.array([[1800.0], [300.0]]))
    rec = simulate(fleet, far_local, _incidents([0.0]), [one])
    assert rec.crew[0] == 1 and rec.mutual_aid_first[0]
    assert rec.t_dispatch[0] == 0.0 and rec.t_arrival[0] == 120.0 + 300.0 + 300.0


def test_incident_commander_unit_is_separate_and_not_first_arrival() -> None:
    one_with_il = Requirement(incident_commander=True)
    fleet = _fleet([300.0, 90.0], [[1, 4], [1, 0]], [0, 0], command=[False, True])
    tables = TravelTables(np.array([[600.0], [100.0]]), np.array([[600.0], [100.0]]))
    rec = simulate(fleet, tables, _incidents([0.0, 10_000.0], types=[0, 1]), [Requirement(), one_with_il])
    assert rec.t_commander[1] == 10_000.0 + 190.0
    assert rec.crew[1] == 0 and rec.t_arrival[1] == 10_000.0 + 900.0  # the commander does not count
    assert np.isnan(rec.t_commander[0])  # type 0 needs no commander


def test_all_crews_at_once_equals_each_crew_drawn_alone() -> None:
    """draw_responses (vectorised over crews) is draw_crew, crew by crew, to the bit."""
    import dataclasses

    from raddsim.engine.crews import draw_responses
    from raddsim.region.region import load_region

    sched = Staffing(roles=MappingProxyType({"crew_commander": 1, "firefighters": 4}))
    pool = Staffing(fri_inryckning=True, pool=MappingProxyType({"crew_commander": 2, "firefighters": 8}),
                    pool_response_probability=0.35)
    empty = Staffing(roles=MappingProxyType({}))
    variants = [
        (sched, "part-time", Availability(response_probability=0.9, turnout_sigma=0.22)),
        (sched, "full-time", Availability()),
        (sched, "part-time", Availability(response_probability=1.0, turnout_sigma=0.3, available_probability=0.7)),
        (sched, "part-time", Availability(response_probability=0.0)),
        (pool, "part-time", Availability(seats=6, turnout_sigma=0.22)),
        (dataclasses.replace(pool, pool=MappingProxyType({"crew_commander": 6, "firefighters": 2}),
                             pool_response_probability=0.8), "part-time", Availability(seats=4)),
        (empty, "part-time", Availability(response_probability=0.5)),
        (sched, "part-time", Availability(response_probability=0.6, min_to_roll=MappingProxyType({"crew_commander": 1,
                                                                                                   "firefighters": 3}))),
    ]
    crews = [dataclasses.replace(_crew(st, kind, av), id=f"c{k}") for k, (st, kind, av) in enumerate(variants)]
    base = load_region().scenarios["minimum"]
    setup = dataclasses.replace(base, crews=tuple(crews), staffing={c.id: variants[k][0] for k, c in enumerate(crews)})
    n = 2_000
    resp = draw_responses(setup, n, seed=17, replication=3)
    for k, crew in enumerate(crews):
        rolls, cmd, ff, turnout = draw_crew(crew, setup.staffing[crew.id], n, seed=17, replication=3)
        assert np.array_equal(resp.rolls[:, k], rolls), crew.id
        assert np.array_equal(resp.commanders[:, k], cmd) and np.array_equal(resp.firefighters[:, k], ff), crew.id
        assert np.array_equal(resp.turnout_s[:, k], turnout), crew.id
    assert 0 < resp.rolls[:, 0].mean() < 1 and not resp.rolls[:, 3].any() and (resp.commanders[:, 4] <= 2).all()
