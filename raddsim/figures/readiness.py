"""Readiness: how often crews are free, and how often the coverage force (a smoke-diving one by default) is near each
tätort.

Computed from the engine's mission records after a run (no extra simulation).
"""

from __future__ import annotations

import numpy as np

from raddsim.engine import Fleet, MissionRecords
from raddsim.engine.force import Requirement


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
    """Piecewise-constant free sets: (bitmask of free in-service crews, duration) over [0, horizon).

    One pass over the sorted alerts and releases: each crew's number of open
    missions is a cumulative sum, a crew is free when it has none. Masks are
    ``int64`` for fleets of up to 62 crews, Python ints (``object``) beyond.
    """
    in_base = np.flatnonzero(fleet.in_service & ~fleet.command)
    big = len(fleet) > 62
    base = sum(1 << int(c) for c in in_base)  # distinct bits: the sum is their OR
    keep = ~fleet.command[missions.crew]
    t0 = missions.t_alert[keep]
    t1 = np.minimum(missions.t_free[keep], horizon_s)
    crews = missions.crew[keep]
    times = np.concatenate([t0, t1])
    bits = np.concatenate([crews, crews])
    sign = np.concatenate([np.ones(len(t0), np.int64), -np.ones(len(t1), np.int64)])
    order = np.lexsort((-sign, times))  # at equal times, busy before free
    # Open missions of every crew after each event (events × crews), then the free set after each event.
    steps = np.zeros((len(order), len(fleet)), np.int64, order="F")  # each crew's column contiguous for the cumsum
    steps[np.arange(len(order)), bits[order]] = sign[order]
    busy = np.cumsum(steps, axis=0) > 0
    if big:
        weights = np.array([1 << c for c in range(len(fleet))], object)
        after = [base & ~int(w) for w in (busy.astype(object) @ weights)] if len(order) else []
        masks = np.array([base, *after], object)
    else:
        free = base & ~(busy.astype(np.int64) @ np.left_shift(np.int64(1), np.arange(len(fleet), dtype=np.int64)))
        masks = np.concatenate([[base], free]).astype(np.int64)
    # Segment k runs from the k-th event time (0 for the first) to the next; empty segments are dropped.
    ends = np.concatenate([np.minimum(times[order], horizon_s), [horizon_s]])
    starts = np.concatenate([[0.0], ends[:-1]])
    durs = ends - starts
    positive = durs > 0
    return masks[positive], durs[positive]


def earliest_force_at_nodes(req: Requirement, eta: np.ndarray, staff: list[tuple[int, int, int, int]]) -> np.ndarray:
    """:func:`~raddsim.engine.force.earliest_force` for every column of ``eta`` (crews × nodes) at once.

    Crews are added in ETA order (stable, as ``sorted``); the answer is the ETA of
    the first prefix whose totals meet ``req``, ``inf`` if none does before an
    unreachable crew. Returns the same floats as the scalar function.
    """
    n = eta.shape[1]
    if len(staff) == 0:
        return np.full(n, np.inf)
    order = np.argsort(eta, axis=0, kind="stable")
    t = np.take_along_axis(eta, order, axis=0)
    s = np.array(staff, np.int64)[order]  # crews × nodes × (commanders, firefighters, people, equipment)
    total = np.cumsum(s[..., :3], axis=0)
    gear = np.bitwise_or.accumulate(s[..., 3], axis=0)
    # t is sorted, so a prefix reaching an unreachable crew is not finite (the scalar loop stops there).
    ok = (
        np.isfinite(t)
        & (total[..., 0] >= req.commanders)
        & (total[..., 1] >= req.firefighters)
        & (total[..., 2] >= req.people)
    )
    for group in req.equipment:
        ok &= (gear & group) != 0
    first = np.argmax(ok, axis=0)
    return np.where(ok.any(axis=0), t[first, np.arange(n)], np.inf)


class ForceCoverage:
    """Smoke-diving (or any) force coverage of some nodes, for many runs of one scenario.

    The coverage of a free set does not depend on the run, so it is computed once
    per distinct set (bitmask), for all nodes at once, and kept for every
    replication; each run then only adds up its intervals' durations in one
    array operation.

    Parameters
    ----------
    fleet, to_node, nodes, req
        As in :func:`force_coverage`.
    thresholds_s
        Time limits (s).
    """

    def __init__(self, fleet: Fleet, to_node: np.ndarray, nodes: np.ndarray, req: Requirement,
                 thresholds_s: tuple[float, ...] = (600.0, 1200.0)) -> None:
        self.fleet, self.req = fleet, req
        self.nodes = np.asarray(nodes)
        self.thresholds = np.asarray(thresholds_s, float)
        # An incident type's force: its crews put on its gear (extra turnout) and drive at its travel factor.
        lead = fleet.turnout_s + fleet.request_delay_s + req.turnout_extra_s
        self.eta = lead[:, None] + to_node[fleet.station][:, self.nodes] * req.travel_factor
        self.staff = [(int(c), int(f), int(c + f), int(e)) for (c, f), e in zip(fleet.planned, fleet.equipment)]
        self._within: dict[int, np.ndarray] = {}

    def within(self, mask: int) -> np.ndarray:
        """(nodes, thresholds) booleans: a force from the free set ``mask`` reaches the node in time."""
        mask = int(mask)
        hit = self._within.get(mask)
        if hit is None:
            free = [c for c in range(len(self.fleet)) if mask >> c & 1]
            t = earliest_force_at_nodes(self.req, self.eta[free], [self.staff[c] for c in free])
            hit = self._within[mask] = t[:, None] <= self.thresholds[None, :]
        return hit

    def share(self, missions: MissionRecords, horizon_s: float) -> np.ndarray:
        """Share of time (nodes × thresholds) a force could reach each node in time, for one run."""
        masks, durs = free_set_intervals(missions, self.fleet, horizon_s)
        if len(durs) == 0:
            return np.zeros((len(self.nodes), len(self.thresholds)))
        uniq, inverse = np.unique(masks, return_inverse=True)
        table = np.stack([self.within(m) for m in uniq.tolist()]).astype(float)
        # Each interval adds its duration where its free set reaches the node in time. Reducing over the
        # first (outer) axis adds the rows one after another, in time order, as a loop over the intervals
        # does (numpy sums pairwise only along the contiguous axis): the figures stay the same to the bit,
        # which tests/test_readiness.py checks against that loop.
        terms = table[inverse.ravel()]
        terms *= durs[:, None, None]  # in place: one array of intervals × nodes × thresholds, not two
        return terms.sum(axis=0) / horizon_s  # ndarray.sum is np.add.reduce


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
    For many runs of one scenario use one :class:`ForceCoverage` (its cache is shared).

    Returns
    -------
    ndarray
        Shape (len(nodes), len(thresholds)).
    """
    return ForceCoverage(fleet, to_node, nodes, req, thresholds_s).share(missions, horizon_s)
