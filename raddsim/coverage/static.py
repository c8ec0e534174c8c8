"""Static coverage: the expected time to the first crew for every cell of a grid (no simulation).

Model
-----
* Time to a cell = min over the scenario's in-service crews (not incident
  commanders' units) of stated turnout (+ the request delay of mutual-aid crews)
  + drive from the crew's station along the road network + an off-road leg
  from the road to the cell centre. Every crew is assumed free: this is the
  best case the simulation (:mod:`raddsim.coverage.simulated`) then degrades with busy
  crews and part-time crews that do not roll.
* The road is entered at a point *on* a road, not only at a junction: roads are
  sampled every :data:`~raddsim.coverage.cell_access.SAMPLE_SPACING_M` (or half a cell, if finer) and the
  drive to a sample at fraction *f* of an edge u→v is the drive to u plus *f*
  of the edge's time. Of the :data:`SNAP_CANDIDATES` samples nearest the cell
  centre, the one giving the earliest arrival is used (ASSUMPTION: a cell
  between two roads is reached from whichever is quicker). Motorways and
  ferries cannot be left mid-way (:data:`NO_ACCESS_HIGHWAYS`). Where the nearest sample lies on a fragment
  cut off from the connected roads (a block at an extract's edge), the nearest connected sample is a candidate
  too when at most ``[network.off_road] island_margin_m`` (250 m) farther: the rule points are placed by
  (:mod:`raddsim.network.snap`), so an island's own roads across the water stay unreached.
* Off-road leg: straight line at ``offroad_kmh``; by default the demand
  model's rural access speed (``demand.access.rural_speed_kmh``, ASSUMPTION
  40 km/h), the same rule the simulation uses for the last stretch of a rural
  alarm. It stands for the minor roads the network does not hold. (For
  comparison, JEMSS's Edmonton model uses 45 km/h off-road with lights and sirens.)
* Effective force: the time until the crews on scene together make the region's
  coverage force (``[region] coverage_force``; by default, where the catalog has the
  capability, a smoke-diving force: 1 crew commander + 4 with smoke-diving equipment;
  an incident type's force with its extra turnout and travel factor;
  :mod:`raddsim.engine.force`), every crew
  free and at its *planned* staffing, arriving in order of expected arrival
  (:func:`raddsim.engine.force.earliest_force`, vectorised over nodes). All crews are
  taken to reach a road sample through the edge's start node. This is where
  staffing levels show: a 0+2 crew alone never makes the force.
* First crew's travel (only for a region with ``[region] travel_target_minutes``): per cell the drive of the
  crew the minutes above pick (lowest turnout + request delay + drive): its road drive from its station, the rest
  of the edge and the off-road leg, exactly as the minutes count them, without its turnout and request delay
  (alarm handling, a neighbour's delay). The engine's ``first_travel_min`` (arrival − the first crew's own
  leaving) is the same quantity for a free crew leaving its station: its drive plus the last stretch. Like the
  minutes it is driven at the first crew's speed (no incident type's travel factor).
* Population: the scenario's demand points (residents) rasterised on the grid
  — each tätort spread evenly over the cells of its disc, rural points at their
  node's cell (:func:`raddsim.coverage.grid.point_cells`). Every resident is counted once, in one of four parts
  (``coverage.json``'s ``residents``, which sum to ``total``):

  - ``by_road``: on a square a crew reaches by road, at the square's minutes;
  - ``by_boat``: on an island without road access that a boat reaches (the ``[archipelago]`` layer,
    :mod:`raddsim.demand.islands`), at the island's boat minutes (first crew, effective force and travel of
    ``islands_by_boat``). An island's residents are its demand point, whose node is the island's column in the
    travel tables (``n_road + k`` for island ``k``): that is how they are matched to the island's minutes;
  - ``unreachable``: on a square no road reaches (an island with neither ferry nor ``[archipelago]`` boats) or on
    an island no boat reaches (ice): within no minutes, ``population_unreachable`` / ``share_unreachable``;
  - ``off_map``: residents outside a ``--boundary`` polygon, ``population_off_grid``: the only residents not in
    the shares. Road residents off the grid's squares, and the residents of an island whose point (its centre)
    lies outside the polygon itself (:meth:`raddsim.coverage.grid.Grid.within_boundary`; not the squares' extent:
    an island between the squares but inside the polygon stays on the map). Such an island is still listed in
    ``islands_by_boat`` (with ``off_map``) and the islands' GIS layer, but in no share and not in ``by_boat``.

  Shares within 10/20/30 min (first crew, effective force, travel) are population-weighted over the residents
  on the grid and on the islands, island residents at their island's boat minutes; a region without an
  archipelago has no island part and its shares are the grid's alone. A station area's shares
  (:meth:`StaticCoverage.area_share`) are over its squares and, for the archipelago area, its islands. The shares
  within the target zones' targets (``[region] target_zones``, :meth:`StaticCoverage.share_within_zone_targets`,
  ``coverage.json``'s ``zones``) count the same residents: each square against the zone of its centre, each
  island's residents at its boat minutes against its island's zone (by its centre, as its alarms are), overall and
  per zone. Other parts of the squares (a ``mask``, ``per_place``) are over the squares only.
  ``population_on_grid`` is the residents on squares, reached by road or not.

Everything is vectorised: cells → nearest road samples (one KD-tree query per
grid, shared by all scenarios) → the per-node first-crew time of the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from raddsim.core.bounds import finite_number
from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.coverage.cell_access import NO_ACCESS_HIGHWAYS, SAMPLE_SPACING_M, SNAP_CANDIDATES, CellAccess, cell_access
from raddsim.coverage.grid import Grid, densify, place_xy, point_cells
from raddsim.demand import DemandPoints
from raddsim.experiment.arguments import scenario
from raddsim.experiment.model import Model, Prepared
from raddsim.region.region import Setup
from raddsim.sea.summary import first_island_column, island_marks

#: Minutes the board reads coverage against (the first is the target in Norrtälje).
COVERAGE_MINUTES = (10, 20, 30)


def coverage_minutes(target: float) -> tuple[float, ...]:
    """:data:`COVERAGE_MINUTES` with the region's target among them (Helsinki's 8, Edmonton's ``--target 8``):
    maps and the report show the residents within the target as ``raddsim target`` does; with a 10-minute
    target the three of them. Whole minutes are ints, so labels and JSON keys read ``8``, not ``8.0``.

    Parameters
    ----------
    target : float
        The response-time target (minutes).

    Returns
    -------
    tuple of float
        The minutes, ascending.
    """
    t = int(target) if float(target).is_integer() else float(target)
    return tuple(sorted({t, *COVERAGE_MINUTES}))


def force_requirement(model: Model, setup: Setup):
    """The requirement the region's coverage force (``[region] coverage_force``, default the smoke-diving capability)
    puts on the crews of ``model.prepare(setup)``, in its equipment numbering; None when no force is measured."""
    from raddsim.engine.crews import equipment_index
    from raddsim.engine.force import coverage_requirement

    catalog = setup.demand.catalog
    eq = model.equipment_index
    if any(cap not in eq for c in setup.crews for cap in c.capabilities):
        eq = equipment_index([setup])  # as Model.prepare does for scenarios with new equipment
    return coverage_requirement(catalog, model.region.coverage_force, eq)


def force_by_node(prep: Prepared, req) -> np.ndarray:
    """Earliest time (s) each node has ``req`` on scene with every crew free at planned staffing; ``inf`` if never.

    :func:`raddsim.engine.force.earliest_force` for all nodes at once: crews sorted by
    expected arrival per node, staffing and equipment accumulated in that order.
    """
    fleet = prep.fleet
    use = np.flatnonzero(fleet.in_service & ~fleet.command)
    # An incident type's force: its crews put on its gear (extra turnout) and drive at its travel factor.
    lead = fleet.turnout_s + fleet.request_delay_s + req.turnout_extra_s
    eta = lead[use, None] + prep.tables.to_node[fleet.station[use]] * req.travel_factor
    order = np.argsort(eta, axis=0, kind="stable")
    eta_sorted = np.take_along_axis(eta, order, axis=0)
    cmd = np.cumsum(fleet.planned[use, 0][order], axis=0)
    ff = np.cumsum(fleet.planned[use, 1][order], axis=0)
    equipment = np.bitwise_or.accumulate(fleet.equipment[use][order].astype(np.int64), axis=0)
    ok = (cmd >= req.commanders) & (ff >= req.firefighters) & (cmd + ff >= req.people) & np.isfinite(eta_sorted)
    for mask in req.equipment:
        ok &= (equipment & mask) != 0
    first = np.argmax(ok, axis=0)
    cols = np.arange(eta.shape[1])
    return np.where(ok.any(axis=0), eta_sorted[first, cols], np.inf)


def first_crew_by_node(prep: Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every network node: the earliest first-crew arrival (s), its station row and crew index.

    Only in-service crews that are not incident commanders' units count.
    """
    fleet = prep.fleet
    use = fleet.in_service & ~fleet.command
    if not use.any():
        raise InputError(f"scenario '{prep.setup.name}' has no crew in service.", field=f"scenarios.{prep.setup.name}",
                         fix="put at least one crew in service.")
    to_node = prep.tables.to_node
    lead = np.full(to_node.shape[0], np.inf)
    crew = np.full(to_node.shape[0], -1, np.int64)
    for c in np.flatnonzero(use):  # crews, not cells: a handful
        s, t = fleet.station[c], fleet.turnout_s[c] + fleet.request_delay_s[c]
        if t < lead[s]:
            lead[s], crew[s] = t, c
    total = lead[:, None] + to_node
    station = np.argmin(total, axis=0)
    cols = np.arange(total.shape[1])
    return total[station, cols], station, crew[station]


@dataclass(frozen=True)
class StaticCoverage:
    """Expected minutes to the first crew per grid cell, with the population on the grid.

    Attributes
    ----------
    minutes
        Per cell; ``inf`` where no crew can reach the cell by road.
    offroad_m
        Length of the off-road leg to the cell centre (m).
    station, crew
        Station row (into ``station_names``) and crew index (into ``crew_names``) of the first crew; -1 if none.
    area
        Station-area index (into ``area_names``) of the cell.
    population
        Residents on each cell.
    spread
        ``points × cells`` matrix: how each demand point's population lies on the cells.
    """

    scenario: str
    grid: Grid
    minutes: np.ndarray
    offroad_m: np.ndarray
    station: np.ndarray
    crew: np.ndarray
    area: np.ndarray
    population: np.ndarray
    points: DemandPoints
    spread: sparse.csr_matrix
    station_names: tuple[str, ...]
    station_ids: tuple[str, ...]
    crew_names: tuple[str, ...]
    area_names: tuple[str, ...]
    offroad_kmh: float
    population_off_grid: float
    effective_minutes: np.ndarray | None = None
    meta: dict = field(default_factory=dict)
    #: Islands without road access with their minutes by boat (:class:`raddsim.sea.summary.IslandMark`).
    islands: tuple = ()
    #: Minutes shares are shown for (:func:`coverage_minutes` of the region's target).
    thresholds: tuple = COVERAGE_MINUTES
    #: The effective force's own target (``[region] effective_target_minutes``); None: the force is read against the
    #: same minutes as the first crew.
    effective_target_minutes: float | None = None
    #: Minutes of the first crew's own travel per cell (its drive, see the module doc); None: the region sets no
    #: ``travel_target_minutes`` (then it is not computed).
    travel_minutes: np.ndarray | None = None
    #: ``[region] travel_target_minutes``, the target :attr:`travel_minutes` is read against; None: none set.
    travel_target_minutes: float | None = None
    #: Per cell, its target zone's index (``[region] target_zones``; by the cell's centre) into :attr:`zone_names`,
    #: whose last is outside every zone; None without zones.
    zone: np.ndarray | None = None
    #: Per cell, that zone's target in minutes (outside every zone: the region's target); None without zones.
    zone_target: np.ndarray | None = None
    #: The zones' names and, last, the group outside every zone (:attr:`raddsim.experiment.model.Model.zone_names`).
    zone_names: tuple[str, ...] = ()
    #: The zones' polygons in the grid's CRS (for the maps' outlines).
    zone_geometries: tuple = ()
    #: Per demand point (row of :attr:`points`), the index of its island in :attr:`islands`, or -1 for a point on
    #: the roads (:func:`point_islands`); None: no island points (as -1 everywhere).
    point_island: np.ndarray | None = None
    #: Per island of :attr:`islands`, its station area (index into :attr:`area_names`: the archipelago area); None:
    #: no islands.
    island_area: np.ndarray | None = None
    #: Per island of :attr:`islands`, whether its point (its centre, where its demand point is) lies inside the
    #: grid's ``--boundary`` polygon (:meth:`raddsim.coverage.grid.Grid.within_boundary`); an island outside it is
    #: off the map: its residents are in no share. None: no boundary or no islands (every island on the map).
    island_on_map: np.ndarray | None = None
    #: Per island of :attr:`islands`, its target zone (index into :attr:`zone_names`, by its centre as its alarms
    #: have it: :meth:`raddsim.experiment.model.Model.node_zone`); None without zones or islands.
    island_zone: np.ndarray | None = None
    #: Per island of :attr:`islands`, its zone's target in minutes (outside every zone: the region's); None as above.
    island_zone_target: np.ndarray | None = None

    @property
    def island_population(self) -> np.ndarray:
        """Residents of each island of :attr:`islands` (its demand points' weight; zeros without island points)."""
        if self.point_island is None or not self.islands:
            return np.zeros(len(self.islands))
        on = self.point_island >= 0
        return np.bincount(self.point_island[on], weights=self.points.weight[on], minlength=len(self.islands))

    @property
    def island_counted(self) -> np.ndarray:
        """Residents of each island the shares count: :attr:`island_population`, 0 for an island off the map
        (outside a ``--boundary``, :attr:`island_on_map`); without a boundary :attr:`island_population` itself."""
        people = self.island_population
        return people if self.island_on_map is None else np.where(self.island_on_map, people, 0.0)

    def island_values(self, measure: str = "first") -> np.ndarray:
        """Minutes by boat of each island of :attr:`islands` for ``measure`` (as :meth:`values`); ``inf`` where no
        boat reaches it or the figure is not measured."""
        pick = {"first": "first_minutes", "effective": "effective_minutes", "travel": "travel_minutes"}[measure]
        return np.array([np.inf if (m := getattr(i, pick)) is None else m for i in self.islands], float)

    def thresholds_of(self, measure: str = "first") -> tuple:
        """The minutes ``measure``'s shares are shown for: :attr:`thresholds`, or for the effective force with its
        own target, :func:`coverage_minutes` of that target."""
        if measure == "effective" and self.effective_target_minutes is not None:
            return coverage_minutes(self.effective_target_minutes)
        if measure == "travel" and self.travel_target_minutes is not None:
            m = self.travel_target_minutes  # travel is read against its own target alone; 4, not 4.0, in labels
            return (int(m) if float(m).is_integer() else float(m),)
        return self.thresholds

    def values(self, measure: str = "first") -> np.ndarray:
        """Minutes per cell of ``measure``: ``first`` (first crew), ``effective`` (smoke-diving force) or
        ``travel`` (the first crew's own travel, with ``[region] travel_target_minutes``)."""
        if measure == "first":
            return self.minutes
        if measure == "effective" and self.effective_minutes is not None:
            return self.effective_minutes
        if measure == "travel" and self.travel_minutes is not None:
            return self.travel_minutes
        if measure == "travel":
            raise InputError(f"no travel figures for scenario '{self.scenario}': the region sets no travel target.",
                             field="measure", fix="set [region] travel_target_minutes (e.g. 4, NFPA 1710's 240 s) "
                                                  "in the region file, or use measure='first'.")
        raise InputError(f"no '{measure}' figures for scenario '{self.scenario}'.", field="measure",
                         fix="use measure='first' (no force is measured: the incident catalog has no smoke_diving "
                             "capability and the region names no [region] coverage_force).")

    def share_within(self, minutes: float, mask: np.ndarray | None = None, measure: str = "first") -> float:
        """Population-weighted share of the residents reached within ``minutes``: on the grid and, without a
        ``mask``, on the islands at their boat minutes (module doc); a ``mask`` of cells takes those squares only."""
        return self._share(minutes, mask, None if mask is None or not self.islands else np.zeros(len(self.islands),
                                                                                              bool), measure)

    def area_share(self, minutes: float, area: int, measure: str = "first") -> float:
        """Population-weighted share of station area ``area``'s residents (index into :attr:`area_names`) reached
        within ``minutes``: its squares, and in the archipelago area its islands at their boat minutes."""
        isl = None if self.island_area is None else self.island_area == area
        return self._share(minutes, self.area == area, isl, measure)

    def _share(self, minutes: float, mask: np.ndarray | None, islands: np.ndarray | None, measure: str) -> float:
        """The share within ``minutes`` of the squares in ``mask`` (None: all) and the islands in ``islands`` (None:
        all), island residents at their boat minutes; no islands: the grid's alone, to the bit."""
        w = self.population if mask is None else self.population * mask
        reached, total = float(w[self.values(measure) <= minutes].sum()), float(w.sum())
        if self.islands:
            people = self.island_counted if islands is None else self.island_counted * islands
            reached += float(people[self.island_values(measure) <= minutes].sum())
            total += float(people.sum())
        return reached / total if total > 0 else float("nan")

    def area_population(self, area: int) -> float:
        """Residents of station area ``area``: on its squares and, in the archipelago area, on its islands."""
        people = float(self.population[self.area == area].sum())
        if self.island_area is not None:
            people += float(self.island_counted[self.island_area == area].sum())
        return people

    def unreached(self) -> tuple[float, float]:
        """Residents no crew reaches (squares no road reaches: an island without ferry or boats; islands no boat
        reaches: ice), and their share of the residents the shares count: the part every "residents within" share
        counts as not reached."""
        total = float(self.population.sum())
        part = float(self.population[~np.isfinite(self.minutes)].sum())
        if self.islands:
            people = self.island_counted
            total += float(people.sum())
            part += float(people[~np.isfinite(self.island_values())].sum())
        return part, part / total if total > 0 else 0.0

    def by_boat(self) -> float:
        """Residents of islands without road access a boat reaches (``population_by_boat``), in every share at
        their island's boat minutes; an island off the map (outside a ``--boundary``) is not among them."""
        people = self.island_counted
        return float(people[np.isfinite(self.island_values())].sum())

    def residents(self) -> dict[str, float]:
        """``coverage.json``'s ``residents``: every resident once, in one of the module doc's four parts."""
        on_road = float(self.population[np.isfinite(self.minutes)].sum())
        people = self.island_counted  # an island outside a --boundary: in off_map (population_off_grid)
        boat = np.isfinite(self.island_values())
        unreachable = float(self.population[~np.isfinite(self.minutes)].sum()) + float(people[~boat].sum())
        return {"total": float(self.points.weight.sum()), "by_road": on_road, "by_boat": float(people[boat].sum()),
                "unreachable": unreachable, "off_map": self.population_off_grid}

    def share_within_zone_targets(self, mask: np.ndarray | None = None, islands: np.ndarray | None = None) -> float:
        """Population-weighted share of the residents reached within their own target zone's target (first crew): the
        squares against their centre's zone and the islands' residents at their boat minutes against their island's
        zone, as :meth:`share_within` counts them. A ``mask`` of cells takes those squares and the islands in
        ``islands`` (a mask of :attr:`islands`; none when not given); without islands the squares' alone, to the bit.
        The coverage must have zones (``[region] target_zones``)."""
        assert self.zone_target is not None, "share_within_zone_targets needs [region] target_zones"
        w = self.population if mask is None else self.population * mask
        reached, total = float(w[self.minutes <= self.zone_target].sum()), float(w.sum())
        if self.islands and self.island_zone_target is not None and (mask is None or islands is not None):
            people = self.island_counted if islands is None else self.island_counted * islands
            reached += float(people[self.island_values() <= self.island_zone_target].sum())
            total += float(people.sum())
        return reached / total if total > 0 else float("nan")

    def zone_summary(self) -> dict:
        """``coverage.json``'s ``zones``: the residents' share within their own zone's target, overall and per zone
        (its ``population``: the residents on its squares and islands)."""
        assert self.zone is not None and self.zone_target is not None
        targets = np.full(len(self.zone_names), np.nan)
        targets[self.zone] = self.zone_target
        isl = self.island_zone if self.islands and self.island_zone_target is not None else None
        if isl is not None:  # a zone drawn round an island alone has the island's target
            targets[isl] = self.island_zone_target
        per_zone = {}
        for k, name in enumerate(self.zone_names):
            people = float(self.population[self.zone == k].sum())
            if isl is not None:
                people += float(self.island_counted[isl == k].sum())
            per_zone[name] = {"target_minutes": None if np.isnan(targets[k]) else float(targets[k]),
                              "population": people,
                              "share_within_target": self.share_within_zone_targets(
                                  self.zone == k, None if isl is None else isl == k)}
        return {"share_within_zone_target": self.share_within_zone_targets(), "per_zone": per_zone}

    def population_within(self, minutes: float, measure: str = "first") -> dict:
        """Residents within ``minutes`` with every crew free: the one definition every command reports.

        ``share`` is :meth:`share_within` (population-weighted over the grid and the islands reached by boat);
        ``tatorter_share`` and ``countryside_share`` split it by where the residents
        live (a tätort's residents over the squares of its disc; rural residents
        at their road node's square; island residents, in the countryside, at their island's boat minutes).
        ``by_boat_population`` is :meth:`by_boat`.
        """
        ok = self.values(measure) <= minutes
        w = self.points.weight
        urban = self.points.is_urban
        reached = np.asarray(self.spread @ ok.astype(float)).ravel()  # share of each point's population reached
        on_grid = np.asarray(self.spread.sum(axis=1)).ravel()
        if self.point_island is not None and self.islands:  # an island's point: wholly counted, reached or not,
            isl = self.point_island >= 0  # unless off the map (outside a --boundary): then not at all
            on_grid[isl] = 1.0 if self.island_on_map is None else self.island_on_map[self.point_island[isl]]
            reached[isl] = (self.island_values(measure) <= minutes)[self.point_island[isl]]

        def part(mask: np.ndarray) -> float | None:
            total = float((w * on_grid)[mask].sum())
            return float((w * reached)[mask].sum() / total) if total > 0 else None

        people, share = self.unreached()
        return {"share": self.share_within(minutes, measure=measure), "tatorter_share": part(urban),
                "unreachable_population": people, "unreachable_share": share, "by_boat_population": self.by_boat(),
                "countryside_share": part(~urban), "minutes": float(minutes), "measure": measure,
                "definition": "residents within the time with every crew free (static coverage grid, island "
                              "residents at their boat minutes; residents outside a --boundary in none; "
                              "population-weighted)"}

    def place_minutes(self) -> dict[str, dict]:
        """Per tätort: population-weighted mean minutes over the reachable squares of its disc
        (``unreachable_share``: the population share of squares no road reaches, when there are any) and its
        share within each of :data:`COVERAGE_MINUTES`."""
        out = {}
        for i in np.flatnonzero(self.points.is_urban):
            row = self.spread.getrow(i)
            cells, frac = row.indices, row.data
            if len(cells) == 0:
                continue
            m = self.minutes[cells]
            ok = np.isfinite(m)
            # Part of a disc no road reaches (sea inside a city's disc, a cut-off fragment): the mean is over the
            # reached part and the rest is counted apart, so one unreachable square does not make the mean 'inf'.
            entry = {"population": float(self.points.weight[i]),
                     "minutes": float(np.sum(frac[ok] * m[ok]) / frac[ok].sum()) if ok.any() else float("inf")}
            if not ok.all():
                entry["unreachable_share"] = float(frac[~ok].sum() / frac.sum())
            for t in self.thresholds:
                entry[f"within_{t}"] = float(frac[m <= t].sum() / frac.sum())
            out[str(self.points.name[i])] = entry
        return out

    def summary(self) -> dict:
        """Figures for JSON and tables: shares within 10/20/30 min overall, per station area and per tätort."""
        finite = np.isfinite(self.minutes)
        w = self.population
        # The median resident's minutes, island residents at their boat minutes (none: the grid's alone).
        minutes = np.concatenate([self.minutes, self.island_values()])
        order = np.argsort(np.where(np.isfinite(minutes), minutes, np.inf))
        cum = np.cumsum(np.concatenate([w, self.island_counted])[order])
        median = float(minutes[order][np.searchsorted(cum, cum[-1] / 2)]) if cum[-1] > 0 else float("nan")
        per_area = {}
        for a, name in enumerate(self.area_names):  # the archipelago area: its islands at their boat minutes
            per_area[name] = {"population": self.area_population(a), "cells": int((self.area == a).sum()),
                              **{f"within_{t}": self.area_share(t, a) for t in self.thresholds}}
        people, share = self.unreached()
        return {
            "scenario": self.scenario,
            "cell_m": self.grid.cell_m,
            "cells": len(self.grid),
            "area_km2": self.grid.area_km2,
            "offroad_kmh": self.offroad_kmh,
            "population_on_grid": float(w.sum()),
            # residents outside the grid (a --boundary): the only ones in no share
            "population_off_grid": self.population_off_grid,
            # island residents a boat reaches: in every share at their island's boat minutes
            "population_by_boat": self.by_boat(),
            "residents": self.residents(),
            "unreachable_cells": int((~finite).sum()),
            # residents no crew reaches (no road to their square, no boat to their island): never within any minutes
            "population_unreachable": people,
            "share_unreachable": share,
            "population_median_minutes": median,
            "within": {str(t): self.share_within(t) for t in self.thresholds},
            "effective_force_within": None if self.effective_minutes is None else
            {str(t): self.share_within(t, measure="effective") for t in self.thresholds_of("effective")},
            # only with a travel target: coverage.json without the key reads as before
            **({"travel_within": {str(t): self.share_within(t, measure="travel") for t in
                                  self.thresholds_of("travel")}} if self.travel_minutes is not None else {}),
            "per_area": per_area,
            "per_place": self.place_minutes(),
            **({"zones": self.zone_summary()} if self.zone is not None else {}),
            **({"islands_by_boat": self.islands_by_boat()} if self.islands else {}),
            **self.meta,
        }

    def islands_by_boat(self) -> dict:
        """``coverage.json``'s ``islands_by_boat``: every island with its WGS84 position (``lon``, ``lat``, as the
        simulated figures' ``islands_by_boat``), boat minutes and residents, an island off the map (outside a
        ``--boundary``; its residents in ``residents.off_map``, in no share) with ``off_map``."""
        off = np.zeros(len(self.islands), bool) if self.island_on_map is None else ~self.island_on_map
        return {"approximate": True, "minutes": {
            i.name: {"lon": i.lon, "lat": i.lat, "first": i.first_minutes, "effective": i.effective_minutes,
                     "population": float(n)}
            | ({"travel": i.travel_minutes} if i.travel_minutes is not None else {})
            | ({"off_map": True} if gone else {})
            for i, n, gone in zip(self.islands, self.island_population, off)}}


def population_spread(model: Model, setup: Setup, grid: Grid) -> tuple[DemandPoints, sparse.csr_matrix]:
    """The scenario's demand points and how their population lies on ``grid``.

    Points on islands without road access (:mod:`raddsim.demand.islands`) lie on no cell: the grid is
    reached by road, and island residents reached by boat are reported as the archipelago area instead.
    """
    pts, _ = model.demand(setup.demand)
    road = np.flatnonzero(~pts.sea)
    x, y = place_xy(pts.name[road], setup.demand.places, model.network, pts.node[road])
    spread = point_cells(grid, x, y, pts.radius_m[road])
    if len(road) < len(pts):  # an empty row for each island point, so rows stay the points' indices
        pick = sparse.csr_matrix((np.ones(len(road)), (road, np.arange(len(road)))), shape=(len(pts), len(road)))
        spread = (pick @ spread).tocsr()
    return pts, spread


@checked_arguments("model", "setup", "offroad_kmh")
def static_coverage(
    model: Model,
    setup: Setup | str,
    grid: Grid,
    access: CellAccess | None = None,
    offroad_kmh: float | None = None,
) -> StaticCoverage:
    """Expected minutes to the first crew on every cell of ``grid`` for one scenario (see module doc).

    Parameters
    ----------
    model, setup
        The model and the scenario (a ``Setup`` or its name).
    grid
        Cells to compute (:func:`raddsim.coverage.grid.make_grid`).
    access
        The grid's road samples (:func:`cell_access`); computed if not given — pass it
        when computing several scenarios on one grid.
    offroad_kmh
        Off-road speed; default the demand model's rural access speed.

    Returns
    -------
    StaticCoverage
        Minutes to the first crew per cell.
    """
    setup, speed = _checked(model, setup, grid, offroad_kmh)
    if access is None:
        access = cell_access(model.network, grid)
    prep = model.prepare(setup)
    node_s, node_station, node_crew = first_crew_by_node(prep)
    arrival = node_s[access.start] + access.along_s + access.dist_m / (speed / 3.6)
    best = np.argmin(arrival, axis=1)
    rows = np.arange(len(grid))
    seconds = arrival[rows, best]
    start = access.start[rows, best]
    reach = np.isfinite(seconds)
    effective = None
    req = force_requirement(model, setup)
    if req is not None:
        force_s = force_by_node(prep, req)
        along = access.along_s * req.travel_factor  # the rest of the road, driven as the type drives
        effective = np.min(force_s[access.start] + along + access.dist_m / (speed / 3.6), axis=1) / 60.0
    station = np.where(reach, node_station[start], -1)
    # Only for a region with a travel target: without one the maps take the time they took.
    travel = travel_by_cell(prep, access, best, station, speed) if model.region.travel_target_minutes else None
    n_road = first_island_column(prep)
    # An island's travel: its first crew's table entry from its station (the drive to the quay and the boat).
    node_travel = prep.tables.to_node[node_station, np.arange(len(node_station))] if travel is not None else None
    islands = island_marks(setup, n_road, node_s, force_s if req is not None else None, model.network.metric_crs,
                           node_travel)
    pts, spread = population_spread(model, setup, grid)
    population = np.asarray(spread.T @ pts.weight).ravel()
    point_island = point_islands(prep.points, n_road, len(islands))
    isl = island_fields(model, setup, grid, islands)
    by_boat = float(pts.weight[_island_points_on_map(point_island, isl.get("island_on_map"))].sum())
    stations = tuple(setup.stations[s].name for s in prep.stations.ids)
    return StaticCoverage(
        scenario=setup.name,
        grid=grid,
        minutes=seconds / 60.0,
        offroad_m=access.dist_m[rows, best],
        station=station,
        crew=np.where(reach, node_crew[start], -1),
        area=model.node_area(access.near[rows, best]),
        population=population,
        points=pts,
        spread=spread,
        station_names=stations,
        station_ids=tuple(prep.stations.ids),
        crew_names=tuple(prep.fleet.names),
        area_names=tuple(model.area_names),
        offroad_kmh=float(speed),
        population_off_grid=float(pts.weight.sum() - population.sum() - by_boat),  # no islands: - 0.0, as before
        effective_minutes=effective,
        islands=islands,
        thresholds=coverage_minutes(model.region.target_minutes),
        effective_target_minutes=model.region.effective_target_minutes,
        travel_minutes=travel,
        travel_target_minutes=model.region.travel_target_minutes,
        **cell_zones(model, grid),
        point_island=point_island if islands else None,
        island_area=model.node_area(n_road + np.arange(len(islands))) if islands else None,
        **isl,
    )


def island_fields(model: Model, setup: Setup, grid: Grid, islands: tuple) -> dict:
    """:class:`StaticCoverage`'s per-island fields beyond the minutes: whether each island lies inside the grid's
    ``--boundary`` polygon (``island_on_map``, only with a boundary) and, with ``[region] target_zones``, its zone
    and that zone's target (``island_zone``, ``island_zone_target``); nothing without islands.

    Parameters
    ----------
    model : Model
        The model (its region's zones and target).
    setup : Setup
        The scenario whose islands ``islands`` are (its ``[archipelago]`` layer).
    grid : Grid
        The grid (its boundary polygon, if any).
    islands : tuple of IslandMark
        The scenario's islands (:func:`raddsim.sea.summary.island_marks`; x/y in the grid's CRS).

    Returns
    -------
    dict
        The fields to pass to :class:`StaticCoverage`.
    """
    if not islands:
        return {}
    out: dict = {}
    if grid.boundary is not None:  # the polygon itself: an island between the squares but inside it stays on the map
        out["island_on_map"] = grid.within_boundary(np.array([i.x for i in islands]), np.array([i.y for i in islands]))
    zones = model.region.target_zones
    if zones is not None:
        # The island columns as the alarms read them (first after the network's nodes): its zone is its alarms' zone.
        zone = model.node_zone(setup, model.network.n_nodes + np.arange(len(islands)))
        out["island_zone"] = zone
        out["island_zone_target"] = zones.target_of(zone, model.region.target_minutes)
    return out


def _island_points_on_map(point_island: np.ndarray, on_map: np.ndarray | None) -> np.ndarray:
    """Per demand point, whether it is an island's and that island is on the map (``on_map``, per island; None: all
    are): an island outside the ``--boundary`` is off the map, as a road resident off the grid's squares is."""
    out = point_island >= 0
    return out if on_map is None else out & on_map[np.maximum(point_island, 0)]


def point_islands(points: DemandPoints, n_road: int, n_islands: int) -> np.ndarray:
    """Per demand point, the index of its island (into the scenario's islands and their marks), or -1.

    Parameters
    ----------
    points : DemandPoints
        The scenario's prepared demand points (:attr:`raddsim.experiment.model.Prepared.points`): an island's
        point has the island's column of the travel tables as its node (:mod:`raddsim.demand.islands`).
    n_road : int
        The first island column (the scenario's road nodes before it).
    n_islands : int
        How many islands the scenario has.

    Returns
    -------
    numpy.ndarray
        Island index per point; -1 for a point on the roads.
    """
    k = np.asarray(points.node, np.int64) - n_road
    return np.where(np.asarray(points.sea, bool) & (k >= 0) & (k < n_islands), k, -1)


def _checked(model: Model, setup: Setup | str, grid: Grid, offroad_kmh: float | None) -> tuple[Setup, float]:
    """:func:`static_coverage`'s scenario (by name too) and off-road speed, its arguments checked."""
    setup = scenario(model, setup)  # a name too: static_coverage(model, "minimum", grid) was an AttributeError
    if not isinstance(grid, Grid):
        raise InputError(f"grid must be a Grid, got {type(grid).__name__}.", field="grid",
                         fix="make one first: grid = make_grid(model.network, cell_m=250).")
    speed = setup.demand.access.rural_speed_kmh if offroad_kmh is None else offroad_kmh
    if not finite_number(speed) or not speed > 0:  # "40" was a TypeError, inf accepted (every cell reached at once)
        raise InputError(f"off-road speed must be positive (km/h), got {speed!r}.", field="offroad_kmh",
                         fix="give e.g. 40.")
    return setup, speed


def share_columns(covs: list[StaticCoverage]) -> list[tuple[str, float | None, list[float]]]:
    """The columns of the static coverage's table (``raddsim map``, the report): per measure every scenario has, its
    word (an i18n key), the minutes (None: each square's own zone target) and each scenario's residents' share.

    The first crew within 10/20/30 min (and the target), the effective force within its thresholds, the first
    crew's travel within its target ([region] travel_target_minutes) and within the zones' targets
    ([region] target_zones), each where every coverage has it.
    """
    measures = [("first", "rep_first")]
    if all(c.effective_minutes is not None for c in covs):
        measures.append(("effective", "rep_force"))
    if all(c.travel_minutes is not None for c in covs):
        measures.append(("travel", "rep_travel"))
    cols: list[tuple[str, float | None, list[float]]] = [
        (word, m, [c.share_within(m, measure=measure) for c in covs])
        for measure, word in measures for m in covs[0].thresholds_of(measure)]
    if covs and all(c.zone is not None for c in covs):
        cols.append(("rep_zones", None, [c.share_within_zone_targets() for c in covs]))
    if any(c.unreached()[0] > 0 for c in covs):  # residents no crew reaches by road: shown only where there are any
        cols.append(("unreached_col", None, [c.unreached()[1] for c in covs]))
    return cols


def cell_zones(model: Model, grid: Grid) -> dict:
    """:class:`StaticCoverage`'s zone fields for ``grid``: each cell's target zone by its centre, that zone's target
    and the zones' polygons in the grid's CRS; nothing for a region without ``[region] target_zones``."""
    zones = model.region.target_zones
    if zones is None:
        return {}
    metric = zones.projected(grid.crs)
    zone = metric.zone_of(grid.x, grid.y)
    return {"zone": zone, "zone_target": zones.target_of(zone, model.region.target_minutes),
            "zone_names": tuple(model.zone_names), "zone_geometries": metric.geometries}


def travel_by_cell(prep: Prepared, access: CellAccess, best: np.ndarray, station: np.ndarray,
                   offroad_kmh: float) -> np.ndarray:
    """Minutes of the first crew's own travel per cell: its drive, without its turnout and request delay.

    Parameters
    ----------
    prep : Prepared
        The scenario's prepared model (its station-to-node drive table).
    access : CellAccess
        The grid's road samples.
    best : numpy.ndarray
        Per cell, the sample (column of ``access``) the first crew reaches the cell through.
    station : numpy.ndarray
        Per cell, the first crew's station row; -1 where no crew reaches the cell.
    offroad_kmh : float
        Speed of the off-road leg.

    Returns
    -------
    numpy.ndarray
        Minutes per cell; ``inf`` where no crew reaches it.
    """
    rows = np.arange(len(best))
    start = access.start[rows, best]
    # Summed as static_coverage sums the minutes, not the minutes less the turnout: no rounding left over.
    drive = (prep.tables.to_node[np.maximum(station, 0), start] + access.along_s[rows, best]
             + access.dist_m[rows, best] / (offroad_kmh / 3.6))
    return np.where(station >= 0, drive, np.inf) / 60.0


def naive_cell_minutes(model: Model, setup: Setup, grid: Grid, cells: np.ndarray, offroad_kmh: float | None = None,
                       candidates: int = SNAP_CANDIDATES) -> np.ndarray:
    """The same figure as :func:`static_coverage`, one cell at a time in plain Python (benchmark baseline and test
    oracle)."""
    net = model.network
    prep = model.prepare(setup)
    fleet, to_node = prep.fleet, prep.tables.to_node
    speed = (setup.demand.access.rural_speed_kmh if offroad_kmh is None else offroad_kmh) / 3.6
    keep = ~np.isin(net.edge_highway, NO_ACCESS_HIGHWAYS)
    pts, edge, frac = densify(net, keep, min(SAMPLE_SPACING_M, grid.cell_m / 2))
    tree = cKDTree(pts)
    crews = [c for c in range(len(fleet)) if fleet.in_service[c] and not fleet.command[c]]
    out = np.empty(len(cells))
    for j, c in enumerate(cells):
        dist, idx = tree.query([grid.x[c], grid.y[c]], k=candidates)
        best = np.inf
        for d, i in zip(np.atleast_1d(dist), np.atleast_1d(idx)):
            e = edge[i]
            u = net.edge_u[e]
            for k in crews:
                t = (fleet.turnout_s[k] + fleet.request_delay_s[k] + to_node[fleet.station[k], u]
                     + frac[i] * net.edge_time_s[e] + d / speed)
                best = min(best, t)
        out[j] = best / 60.0
    return out
