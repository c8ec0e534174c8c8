"""Replications and scenario comparison with common random numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from raddsim import __version__
from raddsim.demand import Incidents, generate_incidents
from raddsim.engine import RunRecords, simulate
from raddsim.metrics import first_arrival_minutes, summarize, summarize_groups
from raddsim.model import Model, Prepared
from raddsim.region import Setup


@dataclass
class ScenarioRun:
    """All replications of one scenario."""

    prepared: Prepared
    incidents: list[Incidents]
    records: list[RunRecords]

    @property
    def setup(self) -> Setup:
        return self.prepared.setup


def run_replication(prep: Prepared, *, years: float, seed: int, replication: int) -> tuple[Incidents, RunRecords]:
    """One replication of one scenario.

    Replication ``r`` draws from the streams ``(seed, r, …)`` whatever the
    scenario, so scenarios compared with the same seed share their alarms (CRN).
    """
    inc = generate_incidents(prep.setup.demand, prep.points, years=years, seed=seed, replication=replication)
    return inc, simulate(prep.fleet, prep.tables, inc)


def run_scenario(model: Model, setup: Setup, *, years: float, replications: int, seed: int) -> ScenarioRun:
    """Simulate ``replications`` independent runs of ``years`` each."""
    prep = model.prepare(setup)
    pairs = [run_replication(prep, years=years, seed=seed, replication=r) for r in range(replications)]
    return ScenarioRun(prep, [p[0] for p in pairs], [p[1] for p in pairs])


def scenario_summary(model: Model, run: ScenarioRun) -> dict:
    """The JSON block ``S`` of one scenario: headline figures with CIs, overall and per station area."""
    target = model.region.target_minutes
    minutes = [first_arrival_minutes(rec) for rec in run.records]
    areas = [run.prepared.point_area[inc.point] for inc in run.incidents]
    out = summarize(minutes, target)
    setup = run.setup
    out["description"] = setup.description
    out["staffing"] = {c.name: setup.staffing[c.id].label() if c.in_service else "out of service" for c in setup.crews}
    out["waited_share"] = float(np.mean([rec.waited.mean() if len(rec) else 0.0 for rec in run.records]))
    out["unreachable_alarms"] = int(sum(rec.unreachable.sum() for rec in run.records))
    out["per_station"] = summarize_groups(minutes, areas, model.area_names, target)
    return out


def network_summary(model: Model) -> dict:
    net = model.network
    _, unreachable = model.demand(next(iter(model.region.scenarios.values())).demand)
    return {
        **net.meta,
        "nodes": int(net.n_nodes),
        "edges": int(len(net.edge_u)),
        "stations_snap_m": {s: round(float(d), 1) for s, d in zip(model.areas.ids, model.areas.snap_m)},
        "unreachable_demand_points": list(unreachable),
    }


def run_experiment(
    model: Model,
    setups: list[Setup],
    *,
    years: float = 1.0,
    replications: int = 30,
    seed: int = 20250101,
) -> dict:
    """Run every scenario with the same seed and return the JSON contract.

    Returns
    -------
    dict
        ``{"target_minutes", "network", "scenarios": {name: S}, ...}``; see the README.
    """
    region = model.region
    return {
        "raddsim_version": __version__,
        "region": region.name,
        "target_minutes": region.target_minutes,
        "reported_minutes": dict(region.reported_minutes),
        "network": network_summary(model),
        "settings": {"years": years, "replications": replications, "seed": seed, "region_file": str(region.file)},
        "scenarios": {
            s.name: scenario_summary(model, run_scenario(model, s, years=years, replications=replications, seed=seed))
            for s in setups
        },
    }
