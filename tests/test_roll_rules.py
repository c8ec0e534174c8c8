"""Ur beredskap known at the alert, and rolling short with the rest following in a second vehicle."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pytest

from raddsim.core.errors import InputError
from raddsim.engine import Fleet, TravelTables, simulate
from raddsim.engine.crews import crew_draw
from raddsim.engine.force import Requirement
from raddsim.engine.inputs import Responses
from raddsim.region.crew_availability import Availability, StaffingProcess
from raddsim.region.stations import Crew, Staffing
from tests.test_engine import make_incidents

DAY = 86400.0
SCHED = Staffing(roles=MappingProxyType({"crew_commander": 1, "firefighters": 4}))
POOL = Staffing(fri_inryckning=True, pool=MappingProxyType({"crew_commander": 2, "firefighters": 8}),
                pool_response_probability=0.3)


def _crew(availability: Availability, staffing: Staffing = SCHED) -> Crew:
    return Crew("c", "C", "s", "part-time", 300.0, frozenset({"smoke_diving"}), MappingProxyType({"x": staffing}),
                availability=availability)


# ---------------------------------------------------------------- who is known out, who follows
def test_a_crew_below_its_rules_is_known_out_when_it_reports_status() -> None:
    n = 3000
    t = np.linspace(0, 300 * DAY, n)
    proc = StaffingProcess(absence=0.4, absence_days=3)
    d = crew_draw(_crew(Availability(process=proc)), SCHED, n, seed=3, replication=0, t_s=t)
    assert 0.05 < d.known_out.mean() < 0.9
    assert not d.rolls[d.known_out].any()  # known out: present members cannot roll, so nobody rolls
    assert d.rolls[~d.known_out].mean() > 0.9  # the rest mostly roll (some members do not answer)
    silent = crew_draw(_crew(Availability(process=proc, status_known=False)), SCHED, n, seed=3, replication=0, t_s=t)
    assert not silent.known_out.any() and np.array_equal(silent.rolls, d.rolls)  # same draws, only the rule differs
    pool = crew_draw(_crew(Availability(process=proc), POOL), POOL, n, seed=3, replication=0, t_s=t)
    assert not pool.known_out.any()  # fri inryckning has no roster to report


def test_rolling_short_with_followers() -> None:
    n = 4000
    t = np.linspace(0, 300 * DAY, n)
    proc = StaffingProcess(absence=0.2, absence_days=2)
    short_ok = crew_draw(_crew(Availability(process=proc)), SCHED, n, seed=4, replication=0, t_s=t)
    follow = crew_draw(_crew(Availability(process=proc, follow=True, follow_s=300.0, call_in_s=240.0,
                                          call_in_probability=1.0)), SCHED, n, seed=4, replication=0, t_s=t)
    short = short_ok.rolls & ((short_ok.commanders + short_ok.firefighters) < 5)
    assert short.sum() > 50
    # Those who answered leave at the same time as without the rule; everyone called in follows.
    assert np.array_equal(follow.commanders[short], short_ok.commanders[short])
    assert np.array_equal(follow.turnout_s[short], short_ok.turnout_s[short])
    assert ((follow.commanders + follow.follow_cmd == 1) & (follow.firefighters + follow.follow_ff == 4))[short].all()
    full = short_ok.rolls & ~short
    assert (follow.follow_cmd[full] == 0).all() and (follow.follow_ff[full] == 0).all()
    # A crew that cannot leave with those who answered waits for the call-ins, all in one vehicle.
    cannot = ~short_ok.rolls & follow.rolls
    assert cannot.any() and (follow.follow_cmd[cannot] + follow.follow_ff[cannot] == 0).all()
    assert np.allclose(follow.turnout_s[cannot], short_ok.turnout_s[cannot] + 240.0)


def test_roll_short_is_true_false_or_follow(region_file) -> None:
    from raddsim.region.region import load_region

    path = region_file(lambda s: s.replace('roll_short = "follow"', 'roll_short = "later"'))
    with pytest.raises(InputError) as err:
        load_region(path)
    assert "roll_short" in err.value.field and "follow" in err.value.fix
    region = load_region(region_file())
    crew = next(c for c in region.scenarios["roll-short-follow"].crews if c.id == "almsta")
    assert crew.availability.follow and crew.availability.follow_s == 300.0
    assert not next(c for c in region.scenarios["minimum"].crews if c.id == "almsta").availability.follow


# ---------------------------------------------------------------- the engine
def _two_crews(planned=((0, 1), (0, 1))):
    to_node = np.array([[60.0, 600.0], [600.0, 60.0]])
    tables = TravelTables(to_node=to_node, from_node=to_node.copy())
    fleet = Fleet(("A", "B"), np.array([0, 1]), np.array([90.0, 300.0]), np.ones(2, bool),
                  planned=np.array(planned, np.int64))
    return fleet, tables


def test_a_crew_known_out_is_not_alerted_and_the_next_goes_at_once() -> None:
    fleet, tables = _two_crews()
    inc = make_incidents([0.0], [0], [100.0])
    base = dict(rolls=np.array([[False, True]]), commanders=np.zeros((1, 2), np.int64),
                firefighters=np.ones((1, 2), np.int64), turnout_s=np.array([[90.0, 300.0]]))
    late = simulate(fleet, tables, inc, responses=Responses(**base))
    # Learned at A's stated turnout (90 s): B leaves then, 90 + 300 + 600.
    assert late.crew[0] == 1 and late.t_arrival[0] == 990.0 and late.n_failed[0] == 1
    known = simulate(fleet, tables, inc, responses=Responses(**base, known_out=np.array([[True, False]])))
    assert known.crew[0] == 1 and known.t_arrival[0] == 900.0 and known.n_failed[0] == 0
    assert list(known.missions.crew) == [1]  # A was never alerted


def test_followers_complete_the_force_when_they_arrive() -> None:
    fleet, tables = _two_crews(planned=((1, 4), (1, 4)))
    inc = make_incidents([0.0], [0], [3000.0])
    req = [Requirement(commanders=1, firefighters=4, people=5)]
    short = dict(rolls=np.ones((1, 2), bool), commanders=np.ones((1, 2), np.int64),
                 firefighters=np.array([[2, 4]]), turnout_s=np.array([[90.0, 300.0]]))
    alone = simulate(fleet, tables, inc, req, Responses(**short))
    # A leaves 1 + 2 at 90 s and says so; the dispatcher then sends B for the force (90 + 300 + 600).
    assert alone.t_arrival[0] == 150.0 and alone.t_effective[0] == 990.0 and alone.n_alerted[0] == 2
    follow = Responses(**short, follow_cmd=np.zeros((1, 2), np.int64), follow_ff=np.array([[2, 0]]),
                       follow_s=np.array([240.0, 0.0]))
    rec = simulate(fleet, tables, inc, req, follow)
    # A's first vehicle is the first arrival; its second vehicle (240 s later) completes the force; B is not sent.
    assert rec.t_arrival[0] == 150.0 and rec.t_effective[0] == 150.0 + 240.0 and rec.n_alerted[0] == 1
