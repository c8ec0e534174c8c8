"""A plain, straightforward SimPy model of the engine's dispatch logic, as the benchmark's yardstick.

One generator process per mission; at each alarm the free crew with the earliest
expected arrival (turnout + drive from its station; lowest index at ties) goes,
drives, stays on scene, drives home, and takes the oldest waiting alarm or becomes
free (the oldest it can reach). This is raddsim's engine with one-crew run cards, every crew rolling as
planned and no re-planning — the case the benchmark gives both models, so their
first-arrival times can be checked against each other.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import simpy


def simulate_plain(fleet, tables, incidents) -> np.ndarray:  # type: ignore[no-untyped-def]
    """First-arrival time (s) of every alarm."""
    env = simpy.Environment()
    to_node, from_node = tables.to_node[fleet.station], tables.from_node[fleet.station]
    eta0 = fleet.turnout_s + fleet.request_delay_s
    free = fleet.in_service & ~fleet.command
    reach = (np.isfinite(to_node) & free[:, None]).any(axis=0)
    waiting: deque[int] = deque()
    arrival = np.full(len(incidents), np.nan)
    t, node, access = incidents.time_s, incidents.node, incidents.access_s
    on_scene, end_node, end_access = incidents.on_scene_s, incidents.end_node, incidents.end_access_s

    def mission(c: int, i: int):  # type: ignore[no-untyped-def]
        while True:
            yield env.timeout(eta0[c] + (to_node[c, node[i]] + access[i]))
            arrival[i] = env.now
            yield env.timeout(on_scene[i])
            yield env.timeout(end_access[i] + from_node[c, end_node[i]])
            i = next_reachable(c)
            if i < 0:
                free[c] = True
                return

    def next_reachable(c: int) -> int:
        # The oldest waiting alarm crew c can reach (some islands are out of some stations' reach).
        for k, i in enumerate(waiting):
            if to_node[c, node[i]] < np.inf:
                del waiting[k]
                return i
        return -1

    def alarms():  # type: ignore[no-untyped-def]
        for i in range(len(t)):
            yield env.timeout(t[i] - env.now)
            if not reach[node[i]]:
                continue  # no crew can get there: flagged unreachable, never queued (as in the engine)
            eta = np.where(free, eta0 + to_node[:, node[i]], np.inf)
            c = int(np.argmin(eta))
            if eta[c] == np.inf:
                waiting.append(i)
            else:
                free[c] = False
                env.process(mission(c, i))

    env.process(alarms())
    env.run()
    return arrival
