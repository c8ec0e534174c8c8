"""What the screening model knows about every crew a selection could put on the road.

An *instance* is one crew as one choice would make it (its level, station and
equipment): the time from an alarm to its arrival at every demand node, its
availability and whether it alone makes the region's coverage force (``[region] coverage_force``; by default a
smoke-diving force, 1 + 4 with smoke-diving equipment). Crews no option
touches are *fixed* instances, present in every selection.

* Times: mean turnout (for part-time crews the stated time is the 90th percentile of a
  lognormal, :mod:`raddsim.engine.crews`; its mean is used) + the request delay of mutual aid + the drive from its
  station (the model's travel tables, emergency driving) + the alarm's mean
  last-stretch time at that node (from the short simulation's alarms). Every
  instance is read from ``model.prepare`` of the scenario the choice makes, so
  the screening sees the same crews the simulation runs.
* Availability ``a = (1 − busy share) × chance to roll``, both from a short
  simulation of the base scenario (:mod:`raddsim.figures.readiness`), once per
  staffing level an option uses (all optional crews at that level). An extra
  crew takes its template crew's figures, a moved crew those of its level
  (ASSUMPTION: moving a station changes how often a crew is busy little).
* Demand: the short simulation's alarms, counted per network node.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from raddsim.core.bounds import DEFAULT_SEED
from raddsim.core.errors import InputError
from raddsim.demand import SECONDS_PER_YEAR
from raddsim.engine.crews import Z90
from raddsim.engine.force import coverage_requirement
from raddsim.engine.records import MissionRecords, RunRecords
from raddsim.experiment.model import Model
from raddsim.experiment.runs import run_scenario
from raddsim.figures.readiness import busy_fraction, roll_rate
from raddsim.optimise.space import OptionSpace

log = logging.getLogger(__name__)

#: Availability is capped below 1 (a crew that is never busy still fails sometimes; keeps logs finite).
MAX_AVAILABILITY = 0.999


@dataclass(frozen=True)
class Instances:
    """Arrays for the screening model.

    Attributes
    ----------
    var
        Per instance: the index of the choice (into :attr:`choices`) that puts it in service, or -1 when fixed.
    time_s
        ``(instances, nodes)`` alarm → arrival (s).
    availability
        Per instance, in (0, 1).
    capable
        Per instance: the crew alone makes the region's coverage force (by default a smoke-diving force: 1 + 4 with
        smoke-diving equipment).
    weight
        Alarms per demand node (from the short simulation).
    choices
        ``(group index, choice index)`` of every choice variable, groups in order.
    names
        Instance labels.
    """

    var: np.ndarray
    time_s: np.ndarray
    availability: np.ndarray
    capable: np.ndarray
    weight: np.ndarray
    choices: tuple[tuple[int, int], ...]
    names: tuple[str, ...]
    availability_by_level: dict


def _level_setups(space: OptionSpace) -> dict[str, Any]:
    """One scenario per staffing level used by a choice: every optional crew that has the level at it."""
    base = space.base_setup
    levels = {c.level for g in space.groups for c in g.choices if c.level is not None and g.kind == "crew"}
    crews = {c.id: c for c in base.crews}
    out = {}
    for level in sorted(levels):
        overrides = {f"crews.{g.id}.level": level for g in space.groups
                     if g.kind == "crew" and level in crews[g.id].staffing}
        out[level] = space.region.derive(f"{space.base}@{level}", space.base, overrides)
    return out


def measure_availability(model: Model, space: OptionSpace, *, years: float, replications: int, seed: int,
                         warmup_days: float = 0.0
                         ) -> tuple[dict[tuple[str, str | None], float], np.ndarray, np.ndarray]:
    """Availability per (crew id, level) from short simulations (each replication after ``warmup_days`` of warm-up),
    and the alarms per node (weights, mean last stretch)."""
    base = space.base_setup
    horizon = years * SECONDS_PER_YEAR
    avail: dict[tuple[str, str | None], float] = {}
    weight = access = np.zeros(0)
    setups: dict[str | None, Any] = {None: base}  # level (None: as given) -> setup
    setups.update(_level_setups(space))
    for level, setup in setups.items():
        run = run_scenario(model, setup, years=years, replications=replications, seed=seed, warmup_days=warmup_days)
        fleet = run.prepared.fleet
        # Busy with the warm-up's missions still under way at the start too (the timeline; the missions without one).
        busy = np.mean([busy_fraction(_timeline(r), len(fleet), horizon) for r in run.records], axis=0)
        rolls = np.array([roll_rate(_missions(r), len(fleet)) for r in run.records])
        roll = np.array([np.nanmean(col) if np.isfinite(col).any() else 1.0 for col in rolls.T])
        for k, crew in enumerate(setup.crews):
            lv = crew.level or setup.staffing_level
            a = float(np.clip((1 - busy[k]) * roll[k], 1e-6, MAX_AVAILABILITY))
            avail.setdefault((crew.id, lv), a)  # the base run first: its figures win for the base's own levels
        if level is None:
            n = run.prepared.tables.to_node.shape[1]  # road nodes, then island columns (raddsim.sea.tables)
            weight, access = np.zeros(n), np.zeros(n)
            for inc in run.incidents:
                np.add.at(weight, inc.node, 1.0)
                np.add.at(access, inc.node, inc.access_s)
    with np.errstate(invalid="ignore", divide="ignore"):
        access = np.where(weight > 0, access / weight, 0.0)
    return avail, weight, access


def _missions(rec: RunRecords) -> MissionRecords:
    """A replication's missions (run_scenario keeps them; a reduced record would not have them)."""
    if rec.missions is None:
        raise ValueError("the availability runs need their mission records.")
    return rec.missions


def _timeline(rec: RunRecords) -> MissionRecords:
    """The missions that make crews busy in a replication's measured period (:meth:`RunRecords.timeline`)."""
    timeline = rec.timeline()
    if timeline is None:
        raise ValueError("the availability runs need their mission records.")
    return timeline


def _instance_of(model: Model, space: OptionSpace, req: Any, crew_id: str, overrides: dict, name: str) -> tuple:
    """(time to every node, capable) of one crew in the scenario ``overrides`` make."""
    try:
        setup = space.region.derive(f"{space.base}+option", space.base, overrides) if overrides else space.base_setup
    except InputError as err:
        raise InputError(f"option '{name}' does not make a valid scenario: {err.message}", file=space.file,
                         field=err.field, fix=err.fix) from None
    prep = model.prepare(setup)
    fleet = prep.fleet
    k = list(fleet.ids).index(crew_id)
    sigma = next(c for c in setup.crews if c.id == crew_id).availability.turnout_sigma
    # Part-time crews: the stated turnout is the 90th percentile of a lognormal; the screening uses its mean.
    turnout = fleet.turnout_s[k] * np.exp(sigma * sigma / 2 - sigma * Z90)
    t = turnout + fleet.request_delay_s[k] + prep.tables.to_node[fleet.station[k]]
    capable = False
    if req is not None:
        c, f = fleet.planned[k]
        capable = bool(c >= req.commanders and f >= req.firefighters and c + f >= req.people
                       and all(int(fleet.equipment[k]) & int(m) for m in req.equipment))
    return t, capable


def build_instances(model: Model, space: OptionSpace, *, years: float = 1.0, replications: int = 4,
                    seed: int = DEFAULT_SEED, warmup_days: float = 0.0) -> Instances:
    """Every fixed crew and every crew a choice puts in service, with times, availability and capability
    (availability from short runs after ``warmup_days`` of warm-up)."""
    base = space.base_setup
    avail, weight, access = measure_availability(model, space, years=years, replications=replications, seed=seed,
                                                 warmup_days=warmup_days)
    catalog = base.demand.catalog
    req = coverage_requirement(catalog, model.region.coverage_force, model.equipment_index)
    touched = {g.id for g in space.groups if g.kind == "crew"}
    nodes = np.flatnonzero(weight > 0)
    var, times, a, capable, names, choices = [], [], [], [], [], []
    for crew in base.crews:
        if crew.id in touched or not crew.in_service or crew.unit == "command":
            continue
        t, cap = _instance_of(model, space, req, crew.id, {}, crew.name)
        var.append(-1)
        times.append(t[nodes])
        capable.append(cap)
        names.append(crew.name)
        a.append(avail[(crew.id, crew.level or base.staffing_level)])
    for gi, group in enumerate(space.groups):
        for ci, choice in enumerate(group.choices):
            choices.append((gi, ci))
            if choice.crew is None:
                continue
            t, cap = _instance_of(model, space, req, choice.crew, dict(choice.overrides), choice.label)
            template = choice.template or choice.crew
            var.append(len(choices) - 1)
            times.append(t[nodes])
            capable.append(cap)
            names.append(choice.label)
            a.append(avail.get((template, choice.level), avail.get((template, None), MAX_AVAILABILITY)))
    time_s = np.asarray(times) + access[nodes][None, :]
    return Instances(np.asarray(var, np.int64), time_s, np.asarray(a, float), np.asarray(capable, bool), weight[nodes],
                     tuple(choices), tuple(names), {f"{k[0]}@{k[1]}": v for k, v in avail.items()})

