"""The default dispatch policy's short paths (:mod:`raddsim.engine.dispatcher`) give exactly the records of
the general path, where the policy's run card is asked every time.

A subclass of the default policy is not recognised as the default (``type(...) is ClosestArrival``), so
the engine takes the general path for it: the two runs must agree on every record, bit for bit.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from raddsim.demand import Incidents
from raddsim.engine import Fleet, Policies, Responses, TravelTables, simulate
from raddsim.engine.clock import Clock
from raddsim.engine.force import Requirement
from raddsim.engine.missions import Missions
from raddsim.engine.policies import ClosestArrival


class GeneralClosest(ClosestArrival):
    """The default policy, seen by the engine as a plug-in (no short paths)."""


def _toy(seed: int, busy: float):  # type: ignore[no-untyped-def]
    g = np.random.default_rng(seed)
    n, nodes, stations, crews = 300, 8, 3, 6
    to_node = g.uniform(60, 1200, (stations, nodes))
    to_node[g.random((stations, nodes)) < 0.1] = np.inf  # some nodes out of some stations' reach
    to_node[:, 0] = g.uniform(60, 600, stations)
    where = g.uniform(0, 900, nodes)
    rows = lambda nd: np.abs(where - where[nd]) + 45.0  # noqa: E731  (any non-negative row will do)
    back = np.where(np.isfinite(to_node), to_node * 1.1, 2400.0)  # every crew gets home from anywhere
    tables = TravelTables(to_node, back, station_node=np.arange(stations), rows=rows)
    planned = np.array([[1, 4], [0, 2], [1, 2], [1, 4], [0, 1], [1, 0]])
    fleet = Fleet(tuple("abcdef"), g.integers(0, stations, crews), g.uniform(30, 300, crews), g.random(crews) < 0.9,
                  command=np.array([False] * 5 + [True]), planned=planned, equipment=g.integers(0, 4, crews))
    reqs = [Requirement(), Requirement(commanders=1, firefighters=4, people=5, crews=2, incident_commander=True),
            Requirement(equipment=(2,), people=2), Requirement(crews=1, people=3, travel_factor=1.2)]
    inc = Incidents(time_s=np.sort(g.uniform(0, 86400 * 4 / busy, n)), point=np.zeros(n, np.int64),
                    node=g.integers(0, nodes, n), access_s=g.uniform(0, 60, n), on_scene_s=g.exponential(2400, n),
                    type=g.integers(0, len(reqs), n), end_node=g.integers(0, nodes, n))
    resp = Responses(rolls=g.random((n, crews)) < 0.85,
                     commanders=np.minimum(planned[:, 0], g.integers(0, 2, (n, crews))),
                     firefighters=np.minimum(planned[:, 1], g.integers(0, 5, (n, crews))),
                     turnout_s=g.uniform(30, 400, (n, crews)), known_out=g.random((n, crews)) < 0.15)
    return fleet, tables, inc, reqs, resp


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            np.testing.assert_array_equal(x, y, err_msg=f.name)
        elif dataclasses.is_dataclass(x):
            _same(x, y)
        else:
            assert x == y, f.name


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.booleans(), st.sampled_from([0.5, 2.0, 8.0]))
def test_default_policy_short_paths_equal_the_general_run_card(seed: int, en_route: bool, busy: float) -> None:
    fleet, tables, inc, reqs, resp = _toy(seed, busy)
    short = simulate(fleet, tables, inc, reqs, resp, policies=Policies(en_route=en_route))
    general = simulate(fleet, tables, inc, reqs, resp, policies=Policies(dispatch=GeneralClosest(), en_route=en_route))
    _same(short, general)
    assert short.waited.any() or busy < 8.0  # the busy toys do queue alarms


def test_the_comparison_notices_a_different_card() -> None:
    # A policy that sends the second-nearest crew must give other records (the test above can fail).
    class SecondNearest(ClosestArrival):
        def card(self, req, planned, alerted, eta_s, free, is_crew, staffing, equipment, order=None):  # type: ignore[no-untyped-def]
            card = super().card(req, planned, alerted, eta_s, free, is_crew, staffing, equipment, order)
            rest = [c for c in (order or []) if free[c] and is_crew[c] and c not in card]
            return card[1:] + rest[:1] + card[:1] if card else card

    fleet, tables, inc, reqs, resp = _toy(3, 2.0)
    short = simulate(fleet, tables, inc, reqs, resp)
    other = simulate(fleet, tables, inc, reqs, resp, policies=Policies(dispatch=SecondNearest()))
    with pytest.raises(AssertionError):
        _same(short, other)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.sampled_from([0.5, 2.0, 8.0]), st.booleans())
def test_straight_home_gives_the_records_of_cleared_then_home(seed: int, busy: float, whole_minutes: bool) -> None:
    # Missions.straight_home schedules a lone crew's home-coming at its arrival (one event for two); with it
    # turned off the engine takes the two steps. Whole-minute times make events share instants.
    fleet, tables, inc, reqs, resp = _toy(seed, busy)
    if whole_minutes:
        tables = TravelTables(np.round(tables.to_node, -1), np.round(tables.from_node, -1), tables.station_node)
        inc = dataclasses.replace(inc, time_s=np.round(inc.time_s, -2), on_scene_s=np.round(inc.on_scene_s, -2),
                                  access_s=np.zeros(len(inc)))
        resp = dataclasses.replace(resp, turnout_s=np.round(resp.turnout_s, -1))
    fast = simulate(fleet, tables, inc, reqs, resp)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Missions, "straight_home", lambda self, *args: False)
        slow = simulate(fleet, tables, inc, reqs, resp)
    _same(fast, slow)


def _whole_minutes(fleet, tables, inc, reqs, resp):  # type: ignore[no-untyped-def]
    """The toy with times in whole tens of seconds, so that events share instants."""
    rows = tables.rows
    tables = TravelTables(np.round(tables.to_node, -1), np.round(tables.from_node, -1), tables.station_node,
                          rows=lambda nd: np.round(rows(nd), -1))
    inc = dataclasses.replace(inc, time_s=np.round(inc.time_s, -2), on_scene_s=np.round(inc.on_scene_s, -2),
                              access_s=np.zeros(len(inc)))
    resp = dataclasses.replace(resp, turnout_s=np.round(resp.turnout_s, -1))
    return fleet, tables, inc, reqs, resp


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.sampled_from([0.5, 2.0, 8.0]), st.booleans(), st.booleans())
# Found by a longer search: two incidents clear at one instant while others wait, and the lone crew's clearing was
# made an event when they began to wait, after the other's was scheduled (its crew went to the wrong incident).
@example(1498, 0.5, True, True)
@example(1402, 0.5, True, True)
def test_arrival_booked_at_the_alarm_gives_the_records_of_the_arrival_event(seed: int, busy: float, en_route: bool,
                                                                            whole_minutes: bool) -> None:
    # Missions.arrives_alone books a lone crew's arrival when it is alerted (one event fewer); with it turned
    # off the arrival is an event of its own.
    toy = _toy(seed, busy)
    fleet, tables, inc, reqs, resp = _whole_minutes(*toy) if whole_minutes else toy
    policies = Policies(en_route=en_route)
    fast = simulate(fleet, tables, inc, reqs, resp, policies=policies)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Missions, "arrives_alone", lambda self, *args: False)
        slow = simulate(fleet, tables, inc, reqs, resp, policies=policies)
    _same(fast, slow)


class NoMoves:
    """A move-up policy that never moves anyone: the engine then keeps an event for every home-coming."""

    def prepare(self, context: object) -> None:
        pass

    def moves(self, view: object) -> list[tuple[int, int]]:
        return []


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.sampled_from([0.5, 2.0, 8.0]), st.booleans())
@example(1498, 0.5, True)  # as above: a woken step's place among the events of its instant
@example(1402, 0.5, True)
def test_steps_booked_without_events_give_the_records_of_events(seed: int, busy: float, whole_minutes: bool) -> None:
    # With dispatch on the road and no move-up, home-comings and a lone crew's time on scene (while nothing waits)
    # are booked without events and run when something next looks at who is free or where (raddsim.engine.quiet);
    # with a move-up policy (one that never moves) they are events.
    toy = _toy(seed, busy)
    fleet, tables, inc, reqs, resp = _whole_minutes(*toy) if whole_minutes else toy
    lazy = simulate(fleet, tables, inc, reqs, resp, policies=Policies(en_route=True))
    events = simulate(fleet, tables, inc, reqs, resp, policies=Policies(en_route=True, move_up=NoMoves()))
    _same(lazy, events)
    assert lazy.missions is not None and len(lazy.missions.crew) > 0  # missions were logged by the booked steps


def test_an_alarm_at_the_instant_of_a_home_coming_finds_the_crew_still_on_the_road() -> None:
    # One crew, home at t = 60 + 600 + 600 + 600 = 1860 s after the first alarm; the second alarm comes at exactly
    # 1860 s. Alarms come before crew events at the same instant, so the crew is still on the road (no turnout):
    # the booked home-coming must agree with the home event.
    tables = TravelTables(np.array([[0.0, 600.0]]), np.array([[0.0, 600.0]]), station_node=np.array([0]))
    fleet = Fleet(("a",), np.array([0]), np.array([60.0]), np.array([True]))
    inc = Incidents(time_s=np.array([0.0, 1860.0]), point=np.zeros(2, np.int64), node=np.array([1, 1]),
                    access_s=np.zeros(2), on_scene_s=np.array([600.0, 600.0]), end_node=np.array([1, 1]))
    lazy = simulate(fleet, tables, inc, policies=Policies(en_route=True))
    events = simulate(fleet, tables, inc, policies=Policies(en_route=True, move_up=NoMoves()))
    _same(lazy, events)
    assert lazy.t_arrival[1] - lazy.t_alarm[1] == 600.0  # from the road, without turnout


def _ticking_run(self: Clock, alarm_times: list[float], on_alarm) -> None:  # type: ignore[no-untyped-def]
    """Clock.run as it was before the clock could stay behind: SimPy's clock moved to every alarm by an event."""
    env = self.env
    for i, t in enumerate(alarm_times):
        while env.peek() < t:
            env.step()
        now = env.now
        if t > now:
            if env.peek() > t and now + (t - now) == t:
                env.timeout(t - now)
                env.step()
            else:
                if now + (t - now) != t:
                    env.run(until=t * 0.75)
                env.run(until=t)
        self.now, self.since = t, -math.inf
        on_alarm(i)
    env.run()


def test_simpy_clock_left_behind_at_alarms_gives_the_records_of_a_clock_moved_to_every_alarm() -> None:
    # Clock.run leaves SimPy's clock at the last event while an alarm is handled, and Clock.after schedules from
    # there (or first catches up when no delay from there lands on the time): the records must be those of a clock
    # moved to every alarm by an event of its own.
    for seed in range(12):
        for busy, en_route in ((0.5, False), (0.5, True), (2.0, True)):
            fleet, tables, inc, reqs, resp = _toy(seed, busy)
            inc = dataclasses.replace(inc, on_scene_s=inc.on_scene_s * (1 + seed))  # long delays too
            behind = simulate(fleet, tables, inc, reqs, resp, policies=Policies(en_route=en_route))
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(Clock, "run", _ticking_run)
                ticking = simulate(fleet, tables, inc, reqs, resp, policies=Policies(en_route=en_route))
            _same(behind, ticking)


def test_the_clock_catches_up_where_no_delay_from_simpys_clock_lands_on_the_time() -> None:
    # An event at e, then an alarm at t that schedules d later: e + (t - e) == t, so SimPy's clock stays at e
    # during the alarm, but no delay from e lands on t + d; the clock must catch up first and land on t + d.
    e, t, d = 624.8020841524763, 969.2249482489711, 6951.537853084733
    assert e + (t - e) == t and e + ((t + d) - e) != t + d
    clock, seen = Clock(), []
    clock.after(e, seen.append, "event")

    def on_alarm(i: int) -> None:
        assert clock.behind and clock.env.now == e and clock.now == t
        clock.after(d, lambda: seen.append(clock.env.now))

    clock.run([t], on_alarm)
    assert seen == ["event", t + d]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31 - 1), st.sampled_from([0.5, 2.0, 8.0]), st.booleans())
def test_crews_known_to_be_out_are_never_alerted_to_that_alarm(seed: int, busy: float, general: bool) -> None:
    # Without dispatch on the road every crew is at a station, so a crew known out at an alarm is never on its card
    # (the short path of a new alarm and the general run card alike); incident commanders' units are not crews.
    fleet, tables, inc, reqs, resp = _toy(seed, busy)
    policies = Policies(dispatch=GeneralClosest()) if general else Policies()
    rec = simulate(fleet, tables, inc, reqs, resp, policies=policies)
    assert rec.missions is not None and resp.known_out is not None
    crews = ~fleet.command[rec.missions.crew]
    assert not resp.known_out[rec.missions.alarm[crews], rec.missions.crew[crews]].any()
