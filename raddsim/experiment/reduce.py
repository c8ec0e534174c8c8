"""One replication reduced to what its scenario's figures need, as soon as it has been simulated.

Every figure of a scenario is a statistic of per-replication values (a mean over replications
with a t-interval, :mod:`raddsim.figures.metrics`), so a replication can be reduced to those
values and its alarms and records dropped. ``raddsim run`` does that
(:func:`raddsim.experiment.runs.run_scenario` with ``keep_records=False``): its memory then holds
one replication's records at a time, not replications × years of them. The scenario's figures
are always computed from reductions, kept or made on the spot, so both ways give the same bits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from raddsim.demand import SECONDS_PER_YEAR, Incidents
from raddsim.engine import RunRecords
from raddsim.engine.force import coverage_requirement
from raddsim.experiment.model import Model, Prepared
from raddsim.figures.indicator import yearly_values
from raddsim.figures.metrics import (
    TIME,
    Block,
    block,
    ci95_list,
    effective_force_minutes,
    first_arrival_minutes,
    first_travel_minutes,
    mean_ci95,
)
from raddsim.figures.readiness import ForceCoverage, busy_fraction, roll_rate
from raddsim.network.snap import nearest_driveable_nodes


@dataclass
class Reduced:
    """One replication as its scenario's figures need it.

    ``blocks`` maps (measure, group kind, group) to :func:`raddsim.figures.metrics.block`:
    measure ``"first"`` or ``"effective"``, kind ``""`` (all alarms), ``"area"``, ``"type"`` or (with target zones)
    ``"zone"``; with a travel target (``[region] travel_target_minutes``) also ``("travel", "", "")``, the first crew's
    own travel of all alarms; with target zones ``("zoned", "", "")``, the first crew of every alarm against its own
    zone's target.
    The effective force's shares are within its own target (:meth:`raddsim.region.region.Region.effective_target`).
    """

    blocks: dict[tuple[str, str, str], Block]
    waited_share: float
    wait_s: float  # seconds the replication's alarms waited for their first crew to be alerted, summed
    waited: int  # alarms that found no crew free
    unreachable: int
    mutual_aid_first: int
    failed_to_roll: int
    diverted: int  # crews that left an incident on their way for a more urgent alarm ([dispatch] divert_for)
    busy: np.ndarray  # per crew: share of the horizon alerted, out or on the way back
    rolls: np.ndarray  # per crew: share of alerts it rolled on
    alerts: np.ndarray  # per crew: alerts
    smoke: np.ndarray | None  # per tätort × (10, 20 min): share of time the coverage force is near
    moves: tuple[float, float]  # moves per year, crew-hours relocated per year
    yearly: np.ndarray  # the board's indicator of each whole simulated year
    observed: np.ndarray | None  # observed minutes of a replayed alarm file (replication 0, when it has them)


class Reducer:
    """Reduces the replications of one scenario (what is shared between them is made once)."""

    def __init__(self, model: Model, prepared: Prepared, years: float) -> None:
        self.model, self.prepared, self.years = model, prepared, years
        self.horizon = years * SECONDS_PER_YEAR
        self.target = model.region.target_minutes
        self.travel_target = model.region.travel_target_minutes
        self.effective_target = model.region.effective_target()  # the force's own target, else target_minutes
        setup = prepared.setup
        self.type_ids = setup.demand.catalog.ids
        # Each type's first crew against its own target ([types.<id>] target_minutes), else the region's.
        self.type_targets = [self.target if k.target_min is None else k.target_min for k in setup.demand.catalog.types]
        # Each target zone's first crew against its zone's target; alarms outside every zone against the region's.
        zones = model.region.target_zones
        self.zone_targets = [] if zones is None else [*zones.targets, self.target]
        self.coverage: ForceCoverage | None = None
        catalog, places = setup.demand.catalog, setup.demand.places
        req = coverage_requirement(catalog, model.region.coverage_force, model.equipment_index) if places else None
        if req is not None:
            nodes, _ = nearest_driveable_nodes(model.network, np.array([p.lon for p in places]),
                                               np.array([p.lat for p in places]))
            self.coverage = ForceCoverage(prepared.fleet, prepared.tables.to_node, nodes, req)

    def __call__(self, inc: Incidents, rec: RunRecords, first: bool = False) -> Reduced:
        """Replication ``(inc, rec)`` reduced (``first``: the scenario's first, which keeps observed times)."""
        n_crews, missions, timeline = len(self.prepared.fleet), rec.missions, rec.timeline()
        assert missions is not None and timeline is not None
        moves = rec.moves
        n_moves = 0 if moves is None else len(moves.crew)
        driving = 0.0 if moves is None else float(np.sum(moves.t_end - moves.t_start))
        return Reduced(
            blocks=self.blocks(inc, rec),
            waited_share=rec.waited.mean() if len(rec) else 0.0,
            wait_s=queue_wait_s(rec),
            waited=int(rec.waited.sum()),
            unreachable=int(rec.unreachable.sum()),
            mutual_aid_first=int(rec.mutual_aid_first.sum()),
            failed_to_roll=int(rec.n_failed.sum()),
            # Left on their way (raddsim.engine.divert): the only missions rolled that never arrived.
            diverted=int(np.count_nonzero(missions.rolled & np.isnan(missions.t_arrive))),
            # Time-integrated: with a warm-up, also the warm-up's missions still under way at the start.
            busy=busy_fraction(timeline, n_crews, self.horizon),
            rolls=roll_rate(missions, n_crews),
            alerts=np.bincount(missions.crew, minlength=n_crews).astype(np.int64),
            smoke=None if self.coverage is None else self.coverage.share(timeline, self.horizon),
            moves=(n_moves / self.years, (driving + rec.relocated_s) / 3600.0 / self.years),
            yearly=yearly_values(rec, inc.type, self.model.region.indicator, self.type_ids, self.years),
            observed=self.observed(inc) if first else None,
        )

    @staticmethod
    def observed(inc: Incidents) -> np.ndarray | None:
        """Observed minutes of a replayed alarm file, if it has any."""
        obs = inc.observed_s
        return obs / 60.0 if obs is not None and np.isfinite(obs).any() else None

    def blocks(self, inc: Incidents, rec: RunRecords) -> dict[tuple[str, str, str], Block]:
        """Figures of the replication's minutes: all alarms, per station area, incident type and target zone."""
        out: dict[tuple[str, str, str], Block] = {}
        groups = [("area", self.model.area_names, grouped(self.model.node_area(inc.node), len(self.model.area_names)),
                   None), ("type", self.type_ids, grouped(np.asarray(inc.type), len(self.type_ids)), self.type_targets)]
        zones = self.model.zone_names
        if zones:  # only then: a region without target zones keeps its figures as they were
            zone = self.model.node_zone(self.prepared.setup, inc.node)
            groups.append(("zone", zones, grouped(zone, len(zones)), self.zone_targets))
        for measure, minutes, target in (("first", first_arrival_minutes(rec), self.target),
                                         ("effective", effective_force_minutes(rec), self.effective_target)):
            out[measure, "", ""] = block(minutes, target)
            for kind, names, (order, bounds), own_targets in groups:
                ordered = minutes[order]
                own = own_targets if own_targets is not None and measure == "first" else [target] * len(names)
                for name, (a, b), within in zip(names, bounds, own):
                    out[measure, kind, name] = block(ordered[a:b], within)
            if zones and measure == "first":  # every alarm against its own zone's target
                out["zoned", "", ""] = block(minutes, np.asarray(self.zone_targets)[zone])
        if self.travel_target is not None:  # only then: a region without the key keeps its figures as they were
            out["travel", "", ""] = block(first_travel_minutes(rec), self.travel_target)
        return out


def grouped(groups: np.ndarray, n_groups: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """An order putting each group's items together and the slice of each group ``0 … n_groups - 1`` in it.

    The sort is stable, so ``values[order][a:b]`` holds the very values of ``values[groups == g]`` in the
    same order: figures of it (a mean sums in order) are the same to the bit, without a pass over every
    item per group. ``groups`` are non-negative integers (those ``>= n_groups`` come last, in no slice).
    """
    groups = np.asarray(groups, np.int64)
    order = np.argsort(groups, kind="stable")
    ends = np.cumsum(np.bincount(groups, minlength=n_groups)[:n_groups]).tolist()
    return order, list(zip([0] + ends[:-1], ends))


def queue_wait_s(rec: RunRecords) -> float:
    """Seconds the alarms waited from the alarm to their first crew's alert, summed (0 for an alarm a crew was free
    for; alarms never alerted, e.g. unreachable, count 0: they did not queue)."""
    # Only alarms that waited: after a warm-up the engine's times come back as (t + W) − W, which differs from
    # the alarm time as drawn by ~1e-10 s either way, and summed those made a negative mean wait (−1e-13 min).
    wait = (rec.t_dispatch - rec.t_alarm)[rec.waited]
    return float(np.sum(wait[np.isfinite(wait)]))


def queue_wait_summary(red: list[Reduced], alarms: list[int]) -> dict:
    """Mean wait for a free crew over all alarms (an M/M/c queue's Wq) with its 95 % CI over replications, and the
    mean wait of the alarms that waited (pooled over the replications: a ratio, so no t-interval)."""
    per_rep = [r.wait_s / 60.0 / n for r, n in zip(red, alarms) if n]
    waited = sum(r.waited for r in red)
    return {"queue_wait_minutes": mean_ci95(per_rep, TIME)[0], "queue_wait_minutes_ci95": ci95_list(per_rep, TIME),
            "queue_wait_minutes_if_waited": sum(r.wait_s for r in red) / 60.0 / waited if waited else None}


def move_up_summary(red: list[Reduced]) -> dict:
    """Moves per year and crew-hours per year spent relocated (driving and standing at another station), with CIs."""
    m, lo, hi = mean_ci95([r.moves[0] for r in red])
    h, hlo, hhi = mean_ci95([r.moves[1] for r in red])
    return {"moves_per_year": m, "moves_per_year_ci95": None if lo is None else [lo, hi],
            "hours_relocated_per_year": h, "hours_relocated_per_year_ci95": None if hlo is None else [hlo, hhi]}
