"""The discrete-event engine (SimPy).

The processes are thin: an alarm source and one mission process per dispatch.
Decisions are plain functions from :mod:`raddsim.dispatch`.

Model (walking skeleton)
------------------------
* An alarm is dispatched at once to the free crew with the shortest
  turnout + travel time. Alarm handling at SOS Alarm happens before the
  rescue service is alarmed and is not part of the indicator.
* The crew turns out (its station's turnout time), drives to the alarm's node
  and then the last stretch (``access``), works on scene, drives back to its
  station and only then is free again (ASSUMPTION: no dispatch of returning crews).
* An alarm that no in-service crew can reach by road is flagged unreachable.
* When every crew is busy the alarm waits in a first-come-first-served queue
  for the first crew that becomes free; that crew leaves from its station with
  its normal turnout time (ASSUMPTION; mutual aid comes in a later issue).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import simpy

from raddsim.demand import Incidents
from raddsim.dispatch import choose_crew


@dataclass(frozen=True)
class Fleet:
    """The crews of one scenario, as arrays the engine indexes.

    Attributes
    ----------
    names
        Crew names, in index order.
    station
        Station index of each crew (row of the travel tables).
    turnout_s
        Turnout time of each crew (s).
    in_service
        Whether each crew takes part in this scenario.
    """

    names: tuple[str, ...]
    station: np.ndarray
    turnout_s: np.ndarray
    in_service: np.ndarray

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class TravelTables:
    """Station ↔ node travel times (s), computed once per run.

    ``to_node[s, n]`` is station ``s`` → node ``n``; ``from_node[s, n]`` is
    node ``n`` → station ``s`` (they differ where roads are one-way).
    """

    to_node: np.ndarray
    from_node: np.ndarray


RECORD_FIELDS = ("t_alarm", "t_dispatch", "t_turnout_end", "t_arrival", "t_clear", "t_free")


@dataclass
class RunRecords:
    """One row per alarm: the engine's output, in seconds."""

    t_alarm: np.ndarray
    t_dispatch: np.ndarray
    t_turnout_end: np.ndarray
    t_arrival: np.ndarray
    t_clear: np.ndarray
    t_free: np.ndarray
    crew: np.ndarray
    waited: np.ndarray
    unreachable: np.ndarray

    def __len__(self) -> int:
        return len(self.t_alarm)


def simulate(fleet: Fleet, tables: TravelTables, incidents: Incidents) -> RunRecords:
    """Run one replication and return one record per alarm.

    Parameters
    ----------
    fleet
        The crews and their turnout times.
    tables
        Travel times between stations and nodes.
    incidents
        The alarms, sorted by time. Alarms no in-service crew can reach get
        ``unreachable = True`` and no times.
    """
    n = len(incidents)
    nan = np.full(n, np.nan)
    rec = RunRecords(
        t_alarm=incidents.time_s.astype(float).copy(),
        t_dispatch=nan.copy(),
        t_turnout_end=nan.copy(),
        t_arrival=nan.copy(),
        t_clear=nan.copy(),
        t_free=nan.copy(),
        crew=np.full(n, -1, np.int64),
        waited=np.zeros(n, bool),
        unreachable=np.zeros(n, bool),
    )
    env = simpy.Environment()
    free = fleet.in_service.copy()
    queue: deque[int] = deque()
    turnout = fleet.turnout_s
    to_node = tables.to_node[fleet.station]  # crew × node
    from_node = tables.from_node[fleet.station]
    # Alarms that no in-service crew can reach (an island whose ferry is out,
    # say) are recorded as unreachable rather than queued forever.
    reachable = (np.isfinite(to_node) & fleet.in_service[:, None]).any(axis=0)
    node, access, on_scene = incidents.node, incidents.access_s, incidents.on_scene_s

    def mission(crew: int, i: int):
        t0 = env.now
        drive = to_node[crew, node[i]] + access[i]
        rec.crew[i] = crew
        rec.t_dispatch[i] = t0
        rec.t_turnout_end[i] = t0 + turnout[crew]
        # One timeout per leg the outside world can observe (arrival, free):
        # intermediate times are arithmetic, which keeps the event count low.
        yield env.timeout(turnout[crew] + drive)
        rec.t_arrival[i] = env.now
        rec.t_clear[i] = env.now + on_scene[i]
        yield env.timeout(on_scene[i] + access[i] + from_node[crew, node[i]])
        rec.t_free[i] = env.now
        _release(crew)

    def _release(crew: int) -> None:
        for k, j in enumerate(queue):
            if np.isfinite(to_node[crew, node[j]]):
                del queue[k]
                env.process(mission(crew, j))
                return
        free[crew] = True

    def alarms():
        times = rec.t_alarm
        for i in range(n):
            yield env.timeout(times[i] - env.now)
            if not reachable[node[i]]:
                rec.unreachable[i] = True
                continue
            crew = choose_crew(free, turnout + to_node[:, node[i]])
            if crew is None:
                rec.waited[i] = True
                queue.append(i)
            else:
                free[crew] = False
                env.process(mission(crew, i))

    env.process(alarms())
    env.run()
    return rec
