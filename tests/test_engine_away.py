"""Crews away from home drive their own vehicle: a relocated heavy crew uses its class's rows."""

from __future__ import annotations

import numpy as np

from raddsim.demand import Incidents
from raddsim.engine import Fleet, FleetView, Policies, PolicyContext, TravelTables, simulate

# Stations A (node 0) and B (node 1); rows 0, 1: light vehicles at A, B; rows 2, 3: heavy vehicles at A, B.
LIGHT = np.array([[0.0, 600.0, 900.0], [600.0, 0.0, 300.0]])
TO_NODE = np.vstack([LIGHT, LIGHT * 1.5])


class MoveFirstToB:
    """Moves crew 0 to station B's light row (row 1) once, at the first chance."""

    def __init__(self) -> None:
        self.done = False

    def prepare(self, context: PolicyContext) -> None:
        pass

    def moves(self, view: FleetView) -> list[tuple[int, int]]:
        if self.done or view.at[0] < 0:
            return []
        self.done = True
        return [(0, 1)]


def run(move_rows: np.ndarray | None):  # type: ignore[no-untyped-def]
    tables = TravelTables(TO_NODE, TO_NODE.copy(), station_node=np.array([0, 1, 0, 1]))
    extra = {} if move_rows is None else {"move_rows": move_rows}
    # Crew h drives a heavy engine from A (row 2); crew l a light vehicle from B (row 1), out of service.
    fleet = Fleet(("h", "l"), np.array([2, 1]), np.array([60.0, 60.0]), np.array([True, False]), **extra)
    policy = MoveFirstToB()
    # One alarm at node 2, long after the move (a first alarm at A triggers it).
    inc = Incidents(time_s=np.array([0.0, 7200.0]), point=np.zeros(2, np.int64), node=np.array([0, 2]),
                    access_s=np.zeros(2), on_scene_s=np.array([60.0, 60.0]))
    return simulate(fleet, tables, inc, policies=Policies(move_up=policy))


def test_a_relocated_heavy_crew_drives_with_its_own_class_rows() -> None:
    # The model's move_rows: at the station of row r, crew h (heavy) uses the heavy row of that station.
    rows = np.array([[2, 3, 2, 3], [0, 1, 0, 1]])
    rec = run(rows)
    assert rec.moves is not None and list(rec.moves.to_station) == [3]  # moved to B's heavy row
    assert rec.moves.t_end[0] - rec.moves.t_start[0] == TO_NODE[2, 1]  # drove A → B at heavy speed
    # From B, the heavy engine needs 1.5 × 300 s to node 2 (not the light 300 s).
    assert rec.t_arrival[1] == 7200.0 + 60.0 + 450.0
    # Without the mapping the crew would stand at B's light row and arrive 150 s sooner.
    assert run(None).t_arrival[1] == 7200.0 + 60.0 + 300.0


def test_the_model_gives_every_crew_its_class_row_at_every_station() -> None:
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = load_region()
    prep = build_model(region).prepare(region.scenarios["minimum-moveup"])
    st, fleet = prep.stations, prep.fleet
    vehicles = st.vehicle or ("light",) * len(st.ids)
    assert "heavy" in {vehicles[r] for r in fleet.station}  # the default has heavy engines
    for c, home in enumerate(fleet.station):
        for r in range(len(st.ids)):
            moved = fleet.move_rows[c, r]
            assert st.ids[moved] == st.ids[r] and vehicles[moved] == vehicles[home]


# A straight road of five nodes, 100 s apart; the station at node 0 and one crew there.
LINE = np.array([[0.0, 100.0, 200.0, 300.0, 400.0]])


def line_run(second_node: int, with_route: bool):  # type: ignore[no-untyped-def]
    def rows(nd: int) -> np.ndarray:
        return 100.0 * np.abs(np.arange(5) - nd)

    def tree(node: int) -> tuple[np.ndarray, np.ndarray]:
        assert node == 0
        return np.array([-9999, 0, 1, 2, 3]), LINE[0].copy()

    tables = TravelTables(LINE, LINE.copy(), station_node=np.array([0]), rows=rows,
                          home_tree=tree if with_route else None)
    fleet = Fleet(("a",), np.array([0]), np.array([60.0]), np.ones(1, bool))
    # Alarm 1 at node 4: arrive 460, cleared 560, home at 960 (released on the road at node 4 at 560).
    # Alarm 2 at 710: the crew passed node 3 at 660 and reaches node 2 at 760.
    inc = Incidents(time_s=np.array([0.0, 710.0]), point=np.zeros(2, np.int64), node=np.array([4, second_node]),
                    access_s=np.zeros(2), on_scene_s=np.array([100.0, 100.0]))
    return simulate(fleet, tables, inc, policies=Policies(en_route=True))


def test_a_crew_driving_home_is_sent_from_the_next_node_on_its_route() -> None:
    ahead = line_run(2, with_route=True)
    assert ahead.crew[1] == 0 and ahead.t_arrival[1] == 760.0  # reaches node 2 on its way: 50 s
    # The old bound (back to node 4, then out again) said 710 + 150 + 200.
    assert line_run(2, with_route=False).t_arrival[1] == 1060.0
    # Behind it (node 4): on to node 2 first (no turning between junctions), then back: 50 + 200 s.
    behind = line_run(4, with_route=True)
    assert behind.t_arrival[1] == 710.0 + 50.0 + 200.0
    # Its previous mission ends when it is sent (t_free of alarm 1 = 710).
    assert ahead.t_free[0] == 710.0


def test_the_model_routes_a_returning_crew_to_its_station() -> None:
    from raddsim.engine.travel import HomeTrees, home_route
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = load_region()
    tables = build_model(region).prepare(region.scenarios["minimum"]).tables
    assert tables.home_tree is not None and tables.station_node is not None
    trees = HomeTrees(tables.home_tree)
    station = int(tables.station_node[0])
    for start in [station, *np.flatnonzero(np.isfinite(tables.from_node[0]))[::97]]:
        route = home_route(trees(station), int(start), 900.0)
        assert route is not None
        nodes, times = route
        assert nodes[0] == start and nodes[-1] == station
        assert abs(times[-1] - (900.0 if start != station else 0.0)) < 1e-6
        assert all(a <= b for a, b in zip(times, times[1:]))


def test_a_route_home_is_walked_only_as_far_as_asked_with_the_whole_routes_answers() -> None:
    """RouteHome.passing: the next node passed, as a search of the whole route gives it; walked no further."""
    from bisect import bisect_left

    from raddsim.engine.travel import HomeTrees, RouteHome, home_route
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = load_region()
    tables = build_model(region).prepare(region.scenarios["minimum"]).tables
    trees = HomeTrees(tables.home_tree)
    station = int(tables.station_node[0])
    starts = [int(s) for s in np.flatnonzero(np.isfinite(tables.from_node[0]))[::53]]
    rng = np.random.default_rng(4)
    for start in starts:
        nodes, times = home_route(trees(station), start, 900.0)
        route = RouteHome.of(trees(station), start, 900.0)
        assert route is not None
        for elapsed in sorted(rng.uniform(-10.0, 1000.0, 6).tolist()) + [times[len(times) // 2], 900.0, 2000.0]:
            k = bisect_left(times, elapsed)
            want = (nodes[-1], 0.0) if k == len(nodes) else (nodes[k], times[k] - elapsed)
            assert route.passing(elapsed) == want
        assert route.whole() == (nodes, times)
    long = max(starts, key=lambda s: len(home_route(trees(station), s, 900.0)[0]))
    early = RouteHome.of(trees(station), long, 900.0)
    assert early.passing(1.0)[0] != station and len(early.nodes) < len(home_route(trees(station), long, 900.0)[0])
    assert RouteHome.of(trees(station), -1, 900.0) is None and RouteHome.of(trees(station), long, np.inf) is None
