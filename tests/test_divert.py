"""Crews diverted on their way (``[dispatch] divert_for``): an urgent alarm takes a crew heading to a less urgent one.

JEMSS.jl's redispatch, which raddsim did not simulate (README, "Still not simulated"). Checked by hand on a line of
five nodes (100 s apart, one crew at node 0 with a 60 s turnout): the three ways a crew is timed (still turning out;
turning back the way it came; driving on past its first incident), what happens to the incident it leaves, the
records, and on a busy random world that every crew's time stays one unbroken busy stretch and the urgent alarms
gain what the others lose. Then the region file's keys and the JEMSS import.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from sweep_helpers import write_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.demand import Incidents
from raddsim.engine import Fleet, TravelTables, simulate
from raddsim.engine.force import Requirement
from raddsim.engine.policies import Policies
from raddsim.region.jemss_read import read_redispatch
from raddsim.region.region import load_region

URGENT = [Requirement(priority=1), Requirement(priority=2)]  # type 0 urgent, type 1 not
DIVERT = Policies(divert_for=frozenset({1}))


def _tree_out(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The line's shortest-path tree out of node ``n``: each node's previous node towards ``n``, and the times."""
    k = np.arange(5)
    prev = np.where(k > n, k - 1, k + 1)
    prev[n] = -9999
    return prev, np.abs(k - n) * 100.0


def _line(route: bool = True) -> tuple[Fleet, TravelTables]:
    """Five nodes 100 s apart, both ways; one crew at node 0 turning out in 60 s (``route``: with the tree out of its
    station, so a crew on its way is placed on its route; without it, a bound)."""
    d = np.arange(5) * 100.0
    tables = TravelTables(d[None, :].copy(), d[None, :].copy(), station_node=np.array([0]),
                          rows=lambda n: np.abs(np.arange(5) - n) * 100.0, out_tree=_tree_out if route else None)
    return Fleet(("a",), np.array([0]), np.array([60.0]), np.ones(1, bool)), tables


def _alarms(types: list[int], times: list[float], nodes: list[int], on_scene: float = 1000.0) -> Incidents:
    n = len(types)
    return Incidents(time_s=np.array(times, float), point=np.zeros(n, np.int64), node=np.array(nodes, np.int64),
                     access_s=np.zeros(n), on_scene_s=np.full(n, on_scene), type=np.array(types, np.int64))


@pytest.mark.parametrize("nodes, at, route, urgent_arrives, how", [
    # Left at 60 s for node 4; at 160 s it is at node 1 of its route: 100 s on to node 2.
    ([4, 2], 160.0, True, 260.0, "on its route"),
    # Without the route, a bound: back 100 + 200 to node 2, or on 300 + 200 past node 4: back wins.
    ([4, 2], 160.0, False, 460.0, "turns back"),
    # For node 3, an urgent alarm at node 4: from node 1, 300 s; at 170 s the bound: back 110 + 400, or on 190 + 100.
    ([3, 4], 160.0, True, 460.0, "on its route"),
    ([3, 4], 170.0, False, 460.0, "drives on"),
    # At 170 s, 10 s past node 1 on its route: on to node 2 (90 s), then node 4 (200 s).
    ([3, 4], 170.0, True, 460.0, "past a node"),
    # Still turning out at 30 s: it leaves at 60 s from its station for node 2 (200 s).
    ([4, 2], 30.0, True, 260.0, "turning out"),
])
def test_an_urgent_alarm_takes_the_crew_on_its_way(nodes, at, route, urgent_arrives, how) -> None:
    """The less urgent incident loses its crew and waits for it: free again after the urgent one (1000 s on scene
    and the drive home), it turns out and drives there. Without diversion the urgent alarm waits instead."""
    fleet, tables = _line(route)
    alarms = _alarms([1, 0], [0.0, at], nodes)
    rec = simulate(fleet, tables, alarms, URGENT, policies=DIVERT)
    assert rec.t_arrival[1] == urgent_arrives, how
    free_again = urgent_arrives + 1000.0 + nodes[1] * 100.0
    assert rec.t_arrival[0] == free_again + 60.0 + nodes[0] * 100.0
    assert rec.t_first_leave[1] == (60.0 if how == "turning out" else at)  # its own travel starts where it is
    assert list(rec.n_alerted) == [1, 1]
    m = rec.missions
    left = (m.alarm == 0) & np.isnan(m.t_arrive)  # the mission it left: rolled, no arrival, free at the diversion
    assert left.sum() == 1 and m.rolled[left].all() and m.t_free[left][0] == at
    assert math.isnan(m.t_leave[left][0]) == (how == "turning out")  # it had not left yet
    plain = simulate(fleet, tables, alarms, URGENT)
    assert plain.t_arrival[0] == 60.0 + nodes[0] * 100.0 and plain.t_arrival[1] > urgent_arrives
    assert not np.isnan(plain.missions.t_arrive).any()


def _line_from(station: int) -> tuple[Fleet, TravelTables]:
    """The five-node line with its one crew's station at node ``station``, rows from every node, no trees."""
    d = np.abs(np.arange(5) - station) * 100.0
    tables = TravelTables(d[None, :].copy(), d[None, :].copy(), station_node=np.array([station]),
                          rows=lambda n: np.abs(np.arange(5) - n) * 100.0)
    return Fleet(("a",), np.array([0]), np.array([60.0]), np.ones(1, bool)), tables


ROAD = Policies(divert_for=frozenset({1}), en_route=True)


@pytest.mark.parametrize("station, first, second, urgent, arrives, how", [
    # Released at node 2 at 360 s, home (node 0) at 560. At 400 s, 40 s past node 2 on its way home, it is alerted
    # to node 4 from the road: back to node 2 (40 s), then 200 s on. At 450 s it is 10 s past node 2: back 10 s and
    # 100 s to node 1 (the bound: back where its way started, then out from there; exact on a line).
    (0, 2, 4, 1, 450.0 + 110.0, "from a node of its way home"),
    # Station at node 2; released at node 0 at 360 s, home at 560. At 400 s, alerted to node 4: home first (160 s)
    # then out (200 s) is faster than back to node 0 (40 s) and 400 s on. At 450 s the bound: on to its station
    # (110 s), then out to node 1 (100 s); it would be 460 s before arriving after driving on past node 4.
    (2, 0, 4, 1, 450.0 + 210.0, "home first, then out"),
])
def test_a_crew_alerted_on_the_road_may_be_diverted(station, first, second, urgent, arrives, how) -> None:
    """With dispatch from the road, a crew alerted on its way home and heading to a less urgent incident is
    diverted too, timed from where its way started (the bound of the module: no tree out of a node)."""
    fleet, tables = _line_from(station)
    alarms = _alarms([1, 1, 0], [0.0, 400.0, 450.0], [first, second, urgent], on_scene=100.0)
    rec = simulate(fleet, tables, alarms, URGENT, policies=ROAD)
    assert rec.t_arrival[2] == arrives, how
    m = rec.missions
    left = (m.alarm == 1) & np.isnan(m.t_arrive)
    assert left.sum() == 1 and m.t_free[left][0] == 450.0 and m.t_leave[left][0] == 400.0  # left from the road
    # The second incident is reached after the urgent one: the crew, freed at node 1, is sent on from there.
    assert rec.t_arrival[1] == arrives + 100.0 + 300.0
    plain = simulate(fleet, tables, alarms, URGENT, policies=Policies(en_route=True))
    assert plain.t_arrival[2] > arrives and not np.isnan(plain.missions.t_arrive).any()


def test_a_crew_alerted_and_diverted_at_one_instant_arrives_once_where_it_was_sent() -> None:
    """Two alarms at one time (a replayed file in whole minutes): the crew alerted to the first is taken at once by
    the urgent second; its arrival there counts, the void one at the first does not (was: both missions had the same
    alert time, and the arrival at the urgent alarm was taken for the void one)."""
    fleet, tables = _line()
    rec = simulate(fleet, tables, _alarms([1, 0], [0.0, 0.0], [4, 2]), URGENT, policies=DIVERT)
    assert rec.t_arrival[1] == 260.0 and rec.crew[1] == 0
    assert rec.t_arrival[0] == 260.0 + 1000.0 + 200.0 + 60.0 + 400.0  # after the urgent one and home


THREE = [Requirement(priority=1), Requirement(priority=2), Requirement(priority=3)]  # types 0, 1, 2: levels 1–3


def test_a_crew_diverted_on_the_road_may_be_diverted_again() -> None:
    """Levels 1, 2 and 3 all divert the less urgent. The crew leaves at 60 s for node 4 (level 3); at 160 s, at
    node 1 of its route, a level-2 alarm at node 2 takes it (100 s from node 1: there at 260 s); at 180 s, 20 s
    past node 1, a level-1 alarm at node 0 takes it again: timed from where its new way started (node 1), back
    20 s and 100 s on, there at 300 s (was: not diverted again, so the level-1 alarm waited until 1,520 s).
    Then it takes the waiting incidents by level: node 2 at 1,560 s, node 4 at 3,220 s."""
    fleet, tables = _line()
    alarms = _alarms([2, 1, 0], [0.0, 160.0, 180.0], [4, 2, 0])
    rec = simulate(fleet, tables, alarms, THREE, policies=Policies(divert_for=frozenset({1, 2})))
    assert list(rec.t_arrival) == [3220.0, 1560.0, 300.0]
    m = rec.missions
    left = np.isnan(m.t_arrive)
    assert sorted(zip(m.alarm[left], m.t_alert[left], m.t_free[left])) == [(0, 0.0, 160.0), (1, 160.0, 180.0)]
    once = simulate(fleet, tables, alarms, THREE, policies=Policies(divert_for=frozenset({2})))
    assert once.t_arrival[2] == 1520.0 and once.t_arrival[1] == 260.0  # diverted once: level 1 may not divert


@pytest.mark.parametrize("road", [False, True], ids=["from-stations", "also-from-the-road"])
def test_on_a_busy_world_with_three_levels_crews_are_diverted_again(road) -> None:
    """Three levels, each diverting the less urgent: crews are diverted twice in a row (a left mission alerted at
    the instant another of the same crew was left), every alarm is reached, missions never overlap, the most
    urgent come sooner than without diversion, and the same run comes twice."""
    fleet, tables, alarms = _busy_world(5)
    alarms = Incidents(**{**{k: getattr(alarms, k) for k in ("time_s", "point", "node", "access_s", "on_scene_s")},
                          "type": np.random.default_rng(5).integers(0, 3, len(alarms.time_s))})
    policies = Policies(divert_for=frozenset({1, 2}), en_route=road)
    rec = simulate(fleet, tables, alarms, THREE, policies=policies)
    assert np.array_equal(rec.t_arrival, simulate(fleet, tables, alarms, THREE, policies=policies).t_arrival)
    assert not np.isnan(rec.t_arrival).any()
    m = rec.missions
    left = np.isnan(m.t_arrive)
    for c in range(3):
        mine = np.flatnonzero(m.crew == c)
        order = mine[np.argsort(m.t_alert[mine], kind="stable")]
        assert (m.t_free[order][:-1] <= m.t_alert[order][1:] + 1e-9).all()
    freed = {(c, t) for c, t in zip(m.crew[left], m.t_free[left])}
    assert any((c, t) in freed for c, t in zip(m.crew[left], m.t_alert[left])), "a crew diverted twice in a row"
    plain = simulate(fleet, tables, alarms, THREE, policies=Policies(en_route=road))
    first = alarms.type == 0
    assert (rec.t_arrival - rec.t_alarm)[first].mean() < (plain.t_arrival - plain.t_alarm)[first].mean()


def test_only_a_more_urgent_alarm_and_only_from_the_levels_named() -> None:
    """An alarm of the same level does not take the crew, nor one whose level is not in ``divert_for``, nor one
    when the crew's incident is not of a level in ``divert_from``."""
    fleet, tables = _line()
    plain = simulate(fleet, tables, _alarms([1, 0], [0.0, 160.0], [4, 2]), URGENT).t_arrival
    for types, policies in (([0, 0], DIVERT), ([1, 1], DIVERT), ([1, 0], Policies(divert_for=frozenset({2}))),
                            ([1, 0], Policies(divert_for=frozenset({1}), divert_from=frozenset({3})))):
        rec = simulate(fleet, tables, _alarms(types, [0.0, 160.0], [4, 2]), URGENT, policies=policies)
        assert rec.t_arrival[0] == 460.0 and not np.isnan(rec.missions.t_arrive).any(), (types, policies)
    assert plain[0] == 460.0


def _busy_world(seed: int) -> tuple[Fleet, TravelTables, Incidents]:
    """A line of 30 nodes (60 s apart), three crews at nodes 0, 15 and 29, 600 alarms in 10 days, a third urgent."""
    rng = np.random.default_rng(seed)
    n = 30
    d = np.abs(np.arange(n)[:, None] - np.arange(n)[None, :]) * 60.0
    stations = np.array([0, 15, 29])
    tables = TravelTables(d[stations].copy(), d[stations].copy(), station_node=stations, rows=lambda k: d[k].copy())
    fleet = Fleet(("a", "b", "c"), np.arange(3), np.full(3, 90.0), np.ones(3, bool))
    k = 600
    times = np.sort(rng.uniform(0, 10 * 86400.0, k))
    alarms = Incidents(time_s=times, point=np.zeros(k, np.int64), node=rng.integers(0, n, k),
                       access_s=np.zeros(k), on_scene_s=rng.exponential(2400.0, k),
                       type=(rng.uniform(size=k) > 1 / 3).astype(np.int64))
    return fleet, tables, alarms


@pytest.mark.parametrize("road", [False, True], ids=["from-stations", "also-from-the-road"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_on_a_busy_world_crews_stay_busy_in_one_stretch_and_urgent_alarms_gain(seed, road) -> None:
    """Every alarm is reached; each crew's missions follow one another without overlap (a left mission ends where
    the next begins); the urgent alarms come sooner on the mean (the same alarms: common random numbers); and a run
    is the same run twice. (The others need not come later on the mean where incidents queue: a crew diverted
    changes which waiting incident each crew takes next.) ``road``: crews are dispatched on their way home too, and
    those are diverted as well."""
    fleet, tables, alarms = _busy_world(seed)
    policies = ROAD if road else DIVERT
    rec = simulate(fleet, tables, alarms, URGENT, policies=policies)
    again = simulate(fleet, tables, alarms, URGENT, policies=policies)
    assert np.array_equal(rec.t_arrival, again.t_arrival)
    plain = simulate(fleet, tables, alarms, URGENT, policies=Policies(en_route=road))
    assert not np.isnan(rec.t_arrival).any()
    m = rec.missions
    left = np.isnan(m.t_arrive)
    assert left.sum() > 5  # diversions happen on this world
    for c in range(3):
        mine = np.flatnonzero(m.crew == c)
        order = mine[np.argsort(m.t_alert[mine], kind="stable")]
        assert (m.t_free[order][:-1] <= m.t_alert[order][1:] + 1e-9).all()
    urgent = alarms.type == 0
    wait = rec.t_arrival - rec.t_alarm
    wait0 = plain.t_arrival - plain.t_alarm
    assert wait[urgent].mean() < wait0[urgent].mean()
    # An incident left (one crew each here) is reached only after its crew left it, by another or the same later.
    assert (rec.t_arrival[m.alarm[left]] > m.t_free[left]).all()
    assert set(rec.crew[m.alarm[left]]) <= {0, 1, 2} and (rec.n_alerted[m.alarm[left]] == 1).all()
    if road:  # crews alerted on the road were diverted: their left mission began after an earlier one ended
        starts = {(c, t) for c, t in zip(m.crew[~left], m.t_free[~left])}
        assert any((c, t) in starts for c, t in zip(m.crew[left], m.t_alert[left]))


TYPES = """
[capabilities.first_actions]
name = "First actions"
equipment = []
min_roles = { firefighters = 1 }
source = "test"

[types.fire]
name = "Building fire"
share = 0.3
force = { crews = 1, capabilities = ["first_actions"] }
on_scene = { distribution = "exponential", mean_minutes = 40, source = "test" }
priority = 1

[types.alarm]
name = "Automatic fire alarm"
share = 0.7
force = { crews = 1, capabilities = ["first_actions"] }
on_scene = { distribution = "exponential", mean_minutes = 40, source = "test" }
priority = 2
"""


def _region(d: Path, dispatch: str) -> Path:
    region = write_region(d)
    (d / "types.toml").write_text(TYPES, encoding="utf-8")
    text = region.read_text(encoding="utf-8").replace("[demand]\n", '[demand]\ntypes = "types.toml"\n')
    region.write_text(text.replace("[scenarios.low]", dispatch + "\n[scenarios.low]", 1), encoding="utf-8")
    return region


def test_a_region_diverts_for_its_urgent_types(tmp_path, capsys) -> None:
    """``[dispatch] divert_for = [1]`` on Gridby (its part-time crews at the east station): the building fires come
    sooner, the automatic alarms later, at the same seed (was: the key was refused)."""
    import json

    figures = {}
    for name, dispatch in (("plain", ""), ("divert", "[dispatch]\ndivert_for = [1]\n")):
        out = tmp_path / f"{name}.json"
        region = _region(tmp_path / name, dispatch)
        assert main(["run", "--region", str(region), "--scenario", "low", "--replications", "4", "--years", "0.2",
                     "--seed", "3", "--json", str(out)]) == 0
        low = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["low"]
        figures[name] = {k: v["first_arrival_minutes"]["mean"] for k, v in low["per_type"].items()}
        figures[name]["diverted"] = low.get("diverted_per_year")
    text = capsys.readouterr().out
    assert "crews diverted on their way to a more urgent alarm" in text  # the divert run's line, last printed
    assert figures["plain"]["diverted"] is None and figures["divert"]["diverted"] > 0
    assert figures["divert"]["fire"] < figures["plain"]["fire"]
    assert figures["divert"]["alarm"] > figures["plain"]["alarm"]


@pytest.mark.parametrize("dispatch, field, words", [
    ("divert_for = 1", "dispatch.divert_for", "expected a list of priority levels"),
    ("divert_for = [0]", "dispatch.divert_for", "not a priority level"),
    ("divert_for = [true]", "dispatch.divert_for", "not a priority level"),
    ("divert_from = [2]", "dispatch.divert_from", "without divert_for"),
    ("divert_for = [3]", "dispatch.divert_for", "no incident type has priority 3"),
    ("divert_for = [2]", "dispatch.divert_for", "no incident type whose crews may be taken is less urgent"),
    ("divert_for = [1]\ndivert_from = [1]", "dispatch.divert_for", "is less urgent"),
])
def test_a_bad_divert_key_is_one_message(tmp_path, capsys, dispatch, field, words) -> None:
    region = _region(tmp_path, f"[dispatch]\n{dispatch}\n")
    assert main(["run", "--region", str(region), "--replications", "1", "--years", "0.05"]) == 2
    err = capsys.readouterr().err
    assert field in err and words in err and "Traceback" not in err


REDISPATCH = """miscData,,
allowRedispatch,,
{allow},,
,,
redispatchConditions,,
fromCallPriority,toCallPriority,allowRedispatch
{rows}"""


@pytest.mark.parametrize("allow, rows, levels", [
    (1, "lowPriority,highPriority,1", ((1,), (3,))),  # JEMSS.jl's redispatch_low_to_high.csv
    (1, "lowPriority,highPriority,1\nlowPriority,medPriority,1", ((1, 2), (3,))),  # low_to_higher
    (1, "lowPriority,highPriority,1\nmedPriority,highPriority,1", ((1,), (2, 3))),  # lower_to_high
    (0, "lowPriority,highPriority,0", ((), ())),  # off
])
def test_jemss_redispatch_files_read_as_levels(tmp_path, allow, rows, levels) -> None:
    (tmp_path / "redispatch.csv").write_text(REDISPATCH.format(allow=allow, rows=rows), encoding="utf-8")
    assert read_redispatch(tmp_path) == (*levels, "redispatch.csv")
    assert read_redispatch(tmp_path / "nosuch")[:2] == ((1,), (2, 3))  # no file: JEMSS's default


def test_a_jemss_rule_raddsim_cannot_say_is_refused(tmp_path) -> None:
    """Medium to high and low to medium, but not low to high: not "these levels take from less urgent ones"."""
    rows = "medPriority,highPriority,1\nlowPriority,medPriority,1"
    (tmp_path / "redispatch.csv").write_text(REDISPATCH.format(allow=1, rows=rows), encoding="utf-8")
    with pytest.raises(InputError, match="not 'calls of these priorities") as err:
        read_redispatch(tmp_path)
    assert err.value.field == "redispatchConditions"


EDMONTON = Path(__file__).resolve().parents[2] / "shared" / "data" / "jemss" / "edmonton"


@pytest.mark.skipif(not EDMONTON.is_dir(), reason="../shared/data/jemss/edmonton is not here (reference data)")
def test_edmonton_imported_with_divert_diverts(tmp_path, capsys) -> None:
    """JEMSS's Edmonton model has no redispatch.csv: JEMSS's default (medium and low to high) is written with
    --divert, and nothing without it; high-priority calls come sooner with it (the same seed)."""
    import json

    means = {}
    for flag in ("", "--divert"):
        out = tmp_path / (flag or "plain")
        assert main(["region", "import-jemss", str(EDMONTON), str(out), *([flag] if flag else [])]) == 0
        dispatch = load_region(out / "region.toml").raw["dispatch"]
        assert (dispatch.get("divert_for"), dispatch.get("divert_from")) == (([1], [2, 3]) if flag else (None, None))
        res = tmp_path / f"{flag or 'plain'}.json"
        assert main(["run", "--region", str(out), "--replications", "2", "--years", "0.03", "--seed", "4",
                     "--json", str(res)]) == 0
        per_type = next(iter(json.loads(res.read_text(encoding="utf-8"))["scenarios"].values()))["per_type"]
        means[flag] = per_type["high"]["first_arrival_minutes"]["mean"]
    capsys.readouterr()
    assert means["--divert"] < means[""]
