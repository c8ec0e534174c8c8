"""Simulated coverage: the probability that the first crew arrives within the target, by place.

Static coverage (:mod:`raddsim.coverage.static`) assumes every crew is free. Here the
figures come from a simulation run (:func:`raddsim.experiment.runs.run_scenario`), so
they include whatever the engine models: crews busy on other alarms, part-time
crews that do not roll, re-dispatch and mutual aid.

* Per demand point: alarms and alarms reached within the target, pooled over
  replications. Alarms no crew reached (NaN) are left out, as in the headline
  figures (:func:`raddsim.figures.metrics.minutes_figures`).
* Per grid cell: the points' counts spread on the cells the way their
  population is (:func:`raddsim.coverage.grid.point_cells`), so every cell of a tätort's
  disc shows the tätort's share (the engine does not record where in the disc
  an alarm was). Replayed alarms (no demand point) count at their node's cell.
  The probability is ``within / alarms`` pooled over replications; cells
  without alarms are NaN. Use a coarse grid (e.g. 2 km) for maps so each cell
  holds enough alarms.
* Per station area and per tätort: mean over replications with 95% CIs
  (:func:`raddsim.figures.metrics.summarize_groups`).
* When the records carry ``t_effective`` (the incident type's effective force
  on scene, e.g. 1+4 for smoke diving), the same figures are given for it, within the force's own target
  (:meth:`raddsim.region.region.Region.effective_target`).
* With target zones (``[region] target_zones``) each alarm is also read against its own zone's target (the zone
  of its road node, as ``raddsim run`` reads it): per cell the alarms within it, per zone its block within the
  zone's target, and a block of every alarm against its zone's target.
* Islands without road (``[archipelago]``), whose alarms lie on no cell: per island its alarms and those within the
  target, per replication (the CIs of ``coverage.json``'s ``islands_by_boat`` and the paired differences of the
  simulated difference maps) and pooled (the maps' circles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from raddsim.coverage.grid import Grid
from raddsim.experiment.model import Model
from raddsim.experiment.runs import ScenarioRun
from raddsim.figures.metrics import block, no_ci_reason, share_ci95, summarize, summarize_blocks, summarize_groups


@dataclass(frozen=True)
class IslandAt:
    """An island without road access, where the maps draw it: its name, x/y in the grid's (metric) CRS, and its
    position in WGS84 (``coverage.json``)."""

    name: str
    x: float
    y: float
    lon: float = float("nan")
    lat: float = float("nan")


@dataclass(frozen=True)
class SimulatedCoverage:
    """Simulated shares within the target per grid cell, station area and tätort.

    Attributes
    ----------
    cell_alarms, cell_within
        Alarms (fractional where a tätort spreads over cells) and those reached within the target, per cell.
    cell_effective_within
        The same for the effective force within ``effective_target_minutes``, or None when the records have no
        ``t_effective``.
    by_area, by_place
        :func:`raddsim.figures.metrics.summarize` blocks per station area and per tätort ("countryside" for rural
        points); with an ``effective_force`` block when available.
    overall
        The same block for all alarms.
    cell_zone_within
        With target zones (``[region] target_zones``): the alarms per cell reached within their own zone's target;
        None without zones.
    zones
        With target zones: ``overall`` (every alarm against its zone's target) and ``per_zone`` (each zone's block
        within its target, with ``target_minutes``; the last, outside every zone, within the region's); None without.
    """

    scenario: str
    target_minutes: float
    grid: Grid
    cell_alarms: np.ndarray
    cell_within: np.ndarray
    cell_effective_within: np.ndarray | None
    by_area: dict[str, dict]
    by_place: dict[str, dict]
    overall: dict
    minutes: list[np.ndarray]
    #: Pooled sums of minutes and counts of alarms with a time, per cell: first crew and effective force
    #: (:meth:`cell_mean`); the effective ones are None when the records have no ``t_effective``.
    cell_first_sum: np.ndarray | None = None
    cell_first_n: np.ndarray | None = None
    cell_effective_sum: np.ndarray | None = None
    cell_effective_n: np.ndarray | None = None
    #: The effective force's own target (``[region] effective_target_minutes``); None: ``target_minutes``.
    effective_target_minutes: float | None = None
    cell_zone_within: np.ndarray | None = None
    zones: dict | None = None
    #: The zones' polygons in the grid's CRS (for the maps' outlines); empty without zones.
    zone_geometries: tuple = ()
    #: Islands without road access (``[archipelago]``), whose alarms lie on no square: each island's place in the
    #: grid's CRS (:class:`IslandAt`), and its alarms and those within the target (first crew, effective force),
    #: pooled over replications; empty / None without islands.
    islands: tuple = ()
    island_alarms: np.ndarray | None = None
    island_within: np.ndarray | None = None
    island_effective_within: np.ndarray | None = None
    #: The same per replication (replications × islands), for the islands' CIs in ``coverage.json`` and the paired
    #: differences of the simulated difference maps; ``island_rep_effective_mean`` is each replication's mean
    #: minutes to the effective force on the island (NaN: no alarm there with a time). None without islands (and the
    #: effective ones without ``t_effective``).
    island_rep_alarms: np.ndarray | None = None
    island_rep_within: np.ndarray | None = None
    island_rep_effective_within: np.ndarray | None = None
    island_rep_effective_mean: np.ndarray | None = None

    def target_of(self, measure: str = "first") -> float:
        """The minutes ``measure``'s shares are within: the target, or the effective force's own one."""
        if measure == "effective" and self.effective_target_minutes is not None:
            return self.effective_target_minutes
        return self.target_minutes

    def has(self, measure: str) -> bool:
        """Whether the run recorded ``measure`` ("first" always; "effective" when records carry ``t_effective``)."""
        return measure == "first" or self.cell_effective_within is not None

    def cell_share_of(self, measure: str = "first") -> np.ndarray:
        """Probability of reaching the target per cell, for the first crew or the effective force (NaN: no alarms)."""
        if measure == "first":
            return self.cell_share
        if self.cell_effective_share is None:  # callers check has("effective") first (views.maps.require_measure)
            raise ValueError("this simulation recorded no effective-force times.")
        return self.cell_effective_share

    def island_share_of(self, measure: str = "first") -> np.ndarray:
        """Probability of reaching the target per island, for the first crew or the effective force (NaN: no alarm
        there, or no islands: an empty array)."""
        within = self.island_within if measure == "first" else self.island_effective_within
        if self.island_alarms is None or within is None:
            return np.zeros(0)
        return np.where(self.island_alarms > 0, within / np.maximum(self.island_alarms, 1), np.nan)

    def cell_mean(self, measure: str = "first") -> np.ndarray:
        """Mean minutes per cell to the first crew or the effective force, pooled over replications (NaN: none)."""
        s, n = (self.cell_first_sum,
                self.cell_first_n) if measure == "first" else (self.cell_effective_sum, self.cell_effective_n)
        if s is None or n is None:
            return np.full(len(self.grid), np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(n > 0, s / n, np.nan)

    @property
    def cell_share(self) -> np.ndarray:
        """Probability of the first crew within the target, per cell (NaN: no alarms)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.cell_alarms > 0, self.cell_within / self.cell_alarms, np.nan)

    @property
    def cell_effective_share(self) -> np.ndarray | None:
        if self.cell_effective_within is None:
            return None
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.cell_alarms > 0, self.cell_effective_within / self.cell_alarms, np.nan)

    @property
    def cell_zone_share(self) -> np.ndarray | None:
        """Probability of the first crew within the alarm's own zone's target, per cell (NaN: no alarms); None
        without target zones."""
        if self.cell_zone_within is None:
            return None
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.cell_alarms > 0, self.cell_zone_within / self.cell_alarms, np.nan)

    def summary(self) -> dict:
        out = {"scenario": self.scenario, "target_minutes": self.target_minutes, "overall": self.overall,
               "by_area": self.by_area, "by_place": self.by_place,
               "cells_with_alarms": int((self.cell_alarms > 0).sum())}
        if self.effective_target_minutes is not None:  # only then: the JSON without the key reads as before
            out["effective_target_minutes"] = self.effective_target_minutes
        if self.zones is not None:  # [region] target_zones; likewise only then
            out["zones"] = self.zones
        if self.islands:  # [archipelago]; likewise only then
            out["islands_by_boat"] = self.islands_by_boat()
        return out

    def islands_by_boat(self) -> dict:
        """``coverage.json``'s ``simulated.islands_by_boat``: per island (by name, as the static figures'
        ``islands_by_boat``) its WGS84 position, alarms, and the share within the target with its 95 % CI
        (:func:`island_share_block`), also for the effective force when recorded."""
        assert self.island_rep_alarms is not None and self.island_rep_within is not None
        shares = {}
        for k, isl in enumerate(self.islands):
            alarms = self.island_rep_alarms[:, k]
            entry = {"lon": isl.lon, "lat": isl.lat, "alarms": int(alarms.sum()),
                     "replications_with_alarms": int(np.count_nonzero(alarms)),
                     **island_share_block(alarms, self.island_rep_within[:, k])}
            if self.island_rep_effective_within is not None:
                entry["effective_force"] = island_share_block(alarms, self.island_rep_effective_within[:, k])
            shares[isl.name] = entry
        targets = {"target_minutes": self.target_minutes}
        if self.island_rep_effective_within is not None:
            targets["effective_target_minutes"] = self.target_of("effective")
        return {"approximate": True, **targets, "shares": shares}


def island_share_block(alarms: np.ndarray, within: np.ndarray) -> dict:
    """One island's share within the target from its per-replication counts, as the other simulated blocks give a
    share (:func:`raddsim.figures.metrics.summarize_blocks`): the mean of the shares of the replications with an alarm
    there, its 95 % CI by :func:`~raddsim.figures.metrics.share_ci95` (each replication weighted by its alarms), and
    ``alarms_within_target`` pooled. With alarms in fewer than two replications the CI is null and
    ``ci95_missing`` says why; with none the share is null too.

    Parameters
    ----------
    alarms, within
        Per replication: the island's alarms and those reached within the target.
    """
    has = alarms > 0
    m, lo, hi = share_ci95(np.where(has, within / np.maximum(alarms, 1), np.nan), alarms)
    out: dict = {"alarms_within_target": int(within.sum()),
                 "share_within_target": float(m) if has.any() else None,
                 "share_within_target_ci95": None if lo is None or hi is None else [lo, hi]}
    reason = no_ci_reason(int(has.sum()))
    if reason:  # never a null without a word (as summarize_blocks)
        out["ci95_missing"] = reason[:-1] + f" with alarms on the island, of {len(alarms)})"
    return out


def _counts(run: ScenarioRun, minutes: list[np.ndarray], targets: Sequence[float | np.ndarray],
            spread: sparse.csr_matrix, grid: Grid, net) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per cell (pooled over replications): all alarms, those within their target (``targets``: per replication one
    for all its alarms, or one per alarm), the sum of the minutes of those with a time, and their number.

    An alarm no crew reached has no time: it counts as a miss in the share within the target (as ``raddsim run``'s
    share counts it) and is left out of the mean minutes."""
    n_points = spread.shape[0]
    per_point = np.zeros((4, n_points))
    per_cell = np.zeros((4, len(grid)))
    for inc, m, target in zip(run.incidents, minutes, targets):
        ok = np.isfinite(m)
        weights = (None, (ok & (m <= target)).astype(float), np.where(ok, m, 0.0), ok.astype(float))
        on_point = inc.point >= 0
        for row, w in enumerate(weights):
            per_point[row] += np.bincount(inc.point[on_point], weights=None if w is None else w[on_point],
                                          minlength=n_points)
        replayed = ~on_point
        if replayed.any():
            cell = grid.cell_of(net.x[inc.node[replayed]], net.y[inc.node[replayed]])
            good = cell >= 0
            for row, w in enumerate(weights):
                per_cell[row] += np.bincount(cell[good], weights=None if w is None else w[replayed][good],
                                             minlength=len(grid))
    spread_t = spread.T.tocsr()
    alarms, within, total, timed = (per_cell[k] + spread_t @ per_point[k] for k in range(4))
    return alarms, within, total, timed


def simulated_coverage(model: Model, run: ScenarioRun, grid: Grid,
                       spread: sparse.csr_matrix | None = None) -> SimulatedCoverage:
    """Shares within the target from a simulation run (see module doc).

    Parameters
    ----------
    model
        The model the run was made with.
    run
        :func:`raddsim.experiment.runs.run_scenario`'s result.
    grid
        Cells to report on (a coarse grid makes a readable map).
    spread
        How the run's demand points lie on ``grid`` (:func:`raddsim.coverage.static.population_spread`); computed if
        not given.
    """
    from raddsim.coverage.static import population_spread

    target, eff_target = float(model.region.target_minutes), float(model.region.effective_target())
    if spread is None:
        _, spread = population_spread(model, run.setup, grid)
    net = model.network
    first = [(rec.t_arrival - rec.t_alarm) / 60.0 for rec in run.records]
    has_effective = all(hasattr(rec, "t_effective") for rec in run.records)
    effective = [(rec.t_effective - rec.t_alarm) / 60.0 for rec in run.records] if has_effective else None

    alarms, within, first_sum, first_n = _counts(run, first, [target] * len(first), spread, grid, net)
    _, eff_within, eff_sum, eff_n = _counts(run, effective, [eff_target] * len(effective), spread, grid,
                                            net) if effective is not None else (None,) * 4
    zoned = _zones(model, run, first, target, spread, grid)

    areas = [model.node_area(inc.node) for inc in run.incidents]
    names = run.prepared.points.name
    place_names = sorted({str(n) for n in names if n != "rural"})
    index = {n: k for k, n in enumerate(place_names)}
    index["rural"] = len(place_names)
    places = [np.array([index.get(str(names[p]), -1) if p >= 0 else -1 for p in inc.point],
                       np.int64) for inc in run.incidents]
    labels = place_names + ["countryside"]

    def blocks(minutes_first, minutes_eff, groups, names_):
        out = summarize_groups(minutes_first, groups, names_, target)
        if minutes_eff is not None:
            eff = summarize_groups(minutes_eff, groups, names_, eff_target)
            for k in out:
                out[k]["effective_force"] = eff[k]
        return out

    overall = summarize(first, target)
    if effective is not None:
        overall["effective_force"] = summarize(effective, eff_target)
    return SimulatedCoverage(
        scenario=run.setup.name,
        target_minutes=target,
        grid=grid,
        cell_alarms=np.asarray(alarms).ravel(),
        cell_within=np.asarray(within).ravel(),
        cell_effective_within=None if eff_within is None else np.asarray(eff_within).ravel(),
        by_area=blocks(first, effective, areas, model.area_names),
        by_place=blocks(first, effective, places, labels),
        overall=overall,
        minutes=first,
        cell_first_sum=np.asarray(first_sum).ravel(),
        cell_first_n=np.asarray(first_n).ravel(),
        cell_effective_sum=None if eff_sum is None else np.asarray(eff_sum).ravel(),
        cell_effective_n=None if eff_n is None else np.asarray(eff_n).ravel(),
        effective_target_minutes=model.region.effective_target_minutes,
        **zoned,
        **_islands(model, run, first, effective, target, eff_target),
    )


def island_counts(run: ScenarioRun, minutes: list[np.ndarray], target: float, n_road: int,
                  n_islands: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per replication and island (replications × islands): its alarms, those reached within ``target``, the sum of
    the minutes of those with a time, and their number.

    An island's alarms are at its column of the travel tables, after the ``n_road`` road nodes
    (:mod:`raddsim.demand.islands`); an alarm no crew reached counts as a miss, as in the cells. Summed over the
    replications these are :class:`SimulatedCoverage`'s pooled ``island_alarms`` and ``island_within``.
    """
    out = np.zeros((4, len(run.incidents), n_islands))
    for r, (inc, m) in enumerate(zip(run.incidents, minutes)):
        k = np.asarray(inc.node, np.int64) - n_road
        on = k >= 0
        if not on.any():  # most replications' alarms are all on road: nothing to count
            continue
        timed = on & np.isfinite(m)
        for row, pick, w in ((0, on, None), (1, timed & (m <= target), None), (2, timed, m), (3, timed, None)):
            out[row, r] = np.bincount(k[pick], weights=None if w is None else w[pick], minlength=n_islands)[:n_islands]
    return out[0], out[1], out[2], out[3]


def _islands(model: Model, run: ScenarioRun, first: list[np.ndarray], effective: list[np.ndarray] | None,
             target: float, eff_target: float) -> dict:
    """:class:`SimulatedCoverage`'s island fields; nothing for a scenario without islands."""
    from raddsim.sea.summary import first_island_column, island_xy

    sea = run.setup.sea
    if sea is None or not sea.islands:
        return {}
    n, n_road = len(sea.islands), first_island_column(run.prepared)
    x, y = island_xy(run.setup, model.network.metric_crs)
    alarms, within, _, _ = island_counts(run, first, target, n_road, n)
    out = {"islands": tuple(IslandAt(i.name, float(a), float(b), float(i.lon), float(i.lat))
                            for i, a, b in zip(sea.islands, x, y)),
           "island_alarms": alarms.sum(axis=0), "island_within": within.sum(axis=0), "island_effective_within": None,
           "island_rep_alarms": alarms, "island_rep_within": within}
    if effective is not None:
        _, eff, eff_sum, eff_n = island_counts(run, effective, eff_target, n_road, n)
        mean = np.where(eff_n > 0, eff_sum / np.maximum(eff_n, 1), np.nan)
        out |= {"island_effective_within": eff.sum(axis=0), "island_rep_effective_within": eff,
                "island_rep_effective_mean": mean}
    return out


def _zones(model: Model, run: ScenarioRun, first: list[np.ndarray], target: float, spread: sparse.csr_matrix,
           grid: Grid) -> dict:
    """:class:`SimulatedCoverage`'s zone fields: each alarm against its own zone's target (its road node's zone, as
    ``raddsim run`` reads it; outside every zone the region's ``target``); nothing without ``[region] target_zones``."""
    zones = model.region.target_zones
    if zones is None:
        return {}
    in_zone = [model.node_zone(run.prepared.setup, inc.node) for inc in run.incidents]
    own = [zones.target_of(z, target) for z in in_zone]
    _, cell_within, _, _ = _counts(run, first, own, spread, grid, model.network)
    targets = [*zones.targets, target]
    per_zone = {name: {"target_minutes": targets[k],
                       **summarize([m[z == k] for m, z in zip(first, in_zone)], targets[k])}
                for k, name in enumerate(model.zone_names)}
    return {"cell_zone_within": np.asarray(cell_within).ravel(),
            "zones": {"overall": summarize_blocks([block(m, t) for m, t in zip(first, own)]), "per_zone": per_zone},
            "zone_geometries": zones.projected(grid.crs).geometries}
