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
