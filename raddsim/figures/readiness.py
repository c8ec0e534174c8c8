"""Readiness: how often crews are free, and how often a smoke-diving force is near each tätort.

Computed from the engine's mission records after a run (no extra simulation).
"""

from __future__ import annotations

import numpy as np

from raddsim.engine import Fleet, MissionRecords
from raddsim.engine.force import Requirement, earliest_force


def busy_fraction(missions: MissionRecords, n_crews: int, horizon_s: float) -> np.ndarray:
    """Share of the horizon each crew spends alerted, out or on its way back."""
    busy = np.zeros(n_crews)
    dur = np.clip(np.minimum(missions.t_free, horizon_s) - missions.t_alert, 0, None)
    np.add.at(busy, missions.crew, dur)
    return busy / horizon_s


def roll_rate(missions: MissionRecords, n_crews: int) -> np.ndarray:
    """Share of each crew's alerts on which it rolled (NaN if never alerted)."""
    alerts = np.bincount(missions.crew, minlength=n_crews).astype(float)
    rolled = np.bincount(missions.crew, weights=missions.rolled.astype(float), minlength=n_crews)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(alerts > 0, rolled / alerts, np.nan)


def free_set_intervals(missions: MissionRecords, fleet: Fleet, horizon_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Piecewise-constant free sets: (bitmask of free in-service crews, duration) over [0, horizon)."""
    base = 0
    for c in np.flatnonzero(fleet.in_service & ~fleet.command):
        base |= 1 << int(c)
    keep = ~fleet.command[missions.crew]
    t0 = missions.t_alert[keep]
    t1 = np.minimum(missions.t_free[keep], horizon_s)
    crews = missions.crew[keep]
    times = np.concatenate([t0, t1])
    bits = np.concatenate([crews, crews])
    sign = np.concatenate([np.ones(len(t0), np.int64), -np.ones(len(t1), np.int64)])
    order = np.lexsort((-sign, times))  # at equal times, busy before free
    masks, durs = [], []
    busy_count = np.zeros(len(fleet), np.int64)
    mask, t_prev = base, 0.0
    for k in order:
        t = min(times[k], horizon_s)
        if t > t_prev:
            masks.append(mask)
            durs.append(t - t_prev)
            t_prev = t
        c = int(bits[k])
        busy_count[c] += sign[k]
        mask = mask & ~(1 << c) if busy_count[c] > 0 else mask | ((1 << c) & base)
    if horizon_s > t_prev:
        masks.append(mask)
        durs.append(horizon_s - t_prev)
    return np.asarray(masks, object), np.asarray(durs, float)


def force_coverage(
    missions: MissionRecords,
    fleet: Fleet,
    to_node: np.ndarray,
    nodes: np.ndarray,
    req: Requirement,
    horizon_s: float,
    thresholds_s: tuple[float, ...] = (600.0, 1200.0),
) -> np.ndarray:
    """Share of time a force meeting ``req`` could reach each node within each threshold.

    Uses the free crews at each moment with their planned staffing and stated
    turnout times; part-time crews that would fail to roll are not foreseen.

    Returns
    -------
    ndarray
        Shape (len(nodes), len(thresholds)).
    """
    masks, durs = free_set_intervals(missions, fleet, horizon_s)
    eta_all = fleet.turnout_s[:, None] + fleet.request_delay_s[:, None] + to_node[fleet.station][:, nodes]
    staff = [(int(c), int(f), int(c + f), int(e)) for (c, f), e in zip(fleet.planned, fleet.equipment)]
    cache: dict[int, np.ndarray] = {}
    out = np.zeros((len(nodes), len(thresholds_s)))
    for mask, d in zip(masks, durs):
        if mask not in cache:
            free = [c for c in range(len(fleet)) if mask >> c & 1]
            t = np.array([earliest_force(req, [eta_all[c, k] for c in free], [staff[c] for c in free]) for k in range(len(nodes))])
            cache[mask] = t[:, None] <= np.asarray(thresholds_s)[None, :]
        out += cache[mask] * d
    return out / horizon_s
