"""Replications and scenario comparison with common random numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from raddsim import __version__
from raddsim.core.forked import fork_map
from raddsim.demand import SECONDS_PER_YEAR, Incidents, ReplayAlarms, generate_incidents, replay_incidents
from raddsim.demand.transport import apply_transport
from raddsim.engine import RunRecords, simulate
from raddsim.engine.crews import STAFFING_STATES, draw_responses, staffing_states
from raddsim.engine.force import capability_requirement
from raddsim.experiment.model import Model, Prepared
from raddsim.figures.indicator import indicator_summary, yearly_values
from raddsim.figures.metrics import (
    SHARE,
    effective_force_minutes,
    first_arrival_minutes,
    mean_ci95,
    no_ci_reason,
    summarize,
    summarize_groups,
)
from raddsim.figures.readiness import ForceCoverage, busy_fraction, roll_rate
from raddsim.region.region import Setup
from raddsim.region.stations import unique_labels
from raddsim.sea.summary import archipelago_meta


@dataclass
class ScenarioRun:
    """All replications of one scenario."""

    prepared: Prepared
    incidents: list[Incidents]
    records: list[RunRecords]
    years: float = 1.0
    seed: int | None = None

    @property
    def setup(self) -> Setup:
        return self.prepared.setup


def run_replication(
    prep: Prepared, *, years: float, seed: int, replication: int, replay: ReplayAlarms | None = None, network=None,
    hospitals=None,
) -> tuple[Incidents, RunRecords]:
    """One replication of one scenario.

    Replication ``r`` draws from the streams ``(seed, r, …)`` whatever the
    scenario, so scenarios compared with the same seed share their alarms (CRN).
    With ``replay`` the alarms are the file's; only on-scene times and crew
    responses are drawn. A scenario with a posterior runs at the set the
    replication draws (:meth:`~raddsim.experiment.model.Prepared.for_replication`).
    """
    prep = prep.for_replication(seed, replication)
    if replay is not None:
        inc = replay_incidents(replay, prep.setup.demand, network, seed=seed, replication=replication,
                               first_island=prep.tables.to_node.shape[1] - len(prep.setup.demand.islands))
    else:
        inc = generate_incidents(prep.setup.demand, prep.points, years=years, seed=seed, replication=replication)
    if hospitals is not None:
        inc = apply_transport(inc, prep.setup.demand, hospitals, seed=seed, replication=replication)
    horizon = (replay_years(replay) if replay is not None else years) * SECONDS_PER_YEAR
    responses = draw_responses(prep.setup, len(inc), seed, replication, inc.time_s, horizon)
    return inc, simulate(prep.fleet, prep.tables, inc, prep.requirements, responses, policies=prep.policies)


def replay_years(replay: ReplayAlarms) -> float:
    """The span of a replay in years, from midnight of its first day to the end of its last day."""
    day0 = replay.time[0].astype("datetime64[D]")
    days = (replay.time[-1].astype("datetime64[D]") - day0).astype(int) + 1
    return float(days) * 86400.0 / SECONDS_PER_YEAR


def run_scenario(
    model: Model, setup: Setup, *, years: float, replications: int, seed: int, replay: ReplayAlarms | None = None
) -> ScenarioRun:
    """Simulate ``replications`` independent runs of ``years`` each (or of a replayed alarm file)."""
    prep = model.prepare(setup)
    pairs = [run_replication(prep, years=years, seed=seed, replication=r, replay=replay, network=model.network,
                             hospitals=model.hospitals)
             for r in range(replications)]
    return ScenarioRun(prep, [p[0] for p in pairs], [p[1] for p in pairs], replay_years(replay) if replay else years,
                       seed)


def first_replications(run: ScenarioRun, replications: int) -> ScenarioRun:
    """The first ``replications`` replications of ``run``: replication r draws from its own streams (seed, r, …),
    so these are what a run of ``replications`` would simulate (nothing simulated twice)."""
    return ScenarioRun(run.prepared, run.incidents[:replications], run.records[:replications], run.years, run.seed)


#: What the two target figures are (they are easily confused).
DEFINITIONS = {
    "indicator": "the board's yearly indicator as defined in [indicator] of the region file: one value per "
                 "simulated year (mean or median alarm-to-first-unit minutes of the counted alarms), its spread "
                 "over simulated years, and p_meets_target = the probability that a year's value is at or below "
                 "the target",
    "share_within_target": "per alarm: the share of single alarms whose first crew arrived within the target "
                           "minutes (also called per-alarm share); not the board's yearly indicator",
}


def _with_effective(first: dict, effective: dict) -> dict:
    first["effective_force_minutes"] = {**effective["first_arrival_minutes"],
                                        "share_within_target": effective["share_within_target"],
                                        "share_within_target_ci95": effective["share_within_target_ci95"],
                                        "share_never": effective.get("share_missing")}
    return first


def staffing_summary(run: ScenarioRun) -> dict[str, dict[str, float | None]]:
    """Per local crew: mean share of time over replications at ambition, at minimum, below minimum, ur beredskap."""
    setup, horizon = run.setup, run.years * SECONDS_PER_YEAR
    out = {}
    for c, label in zip(setup.crews, crew_labels(setup)):
        if not c.in_service or c.external:
            continue
        reps = []
        for r in range(len(run.records)):
            rs = run.prepared.for_replication(run.seed, r).setup  # the posterior set's process parameters
            crew = next(x for x in rs.crews if x.id == c.id)
            reps.append(staffing_states(crew, rs.staffing[c.id], horizon, run.seed, r, setup.demand.profile))
        out[label] = {k: None if reps[0][k] is None else float(np.mean([x[k] for x in reps])) for k in STAFFING_STATES}
    return out


def crew_labels(setup: Setup) -> list[str]:
    """Keys of a scenario's crews in results: their names, made unique by id where two share one."""
    return unique_labels([c.id for c in setup.crews], [c.name for c in setup.crews])


def readiness_summary(model: Model, run: ScenarioRun) -> dict:
    """Crew availability and smoke-diving coverage of the tätorter, means over replications."""
    prep, fleet = run.prepared, run.prepared.fleet
    horizon = run.years * SECONDS_PER_YEAR
    busy = np.array([busy_fraction(r.missions, len(fleet), horizon) for r in run.records])
    rolls = np.array([roll_rate(r.missions, len(fleet)) for r in run.records])
    crews = {}
    labels = crew_labels(run.setup)
    for k, c in enumerate(run.setup.crews):
        if not c.in_service:
            continue
        m, lo, hi = mean_ci95(1 - busy[:, k], SHARE)
        crews[labels[k]] = {
            "id": c.id,
            "available_share": m, "available_share_ci95": None if lo is None else [lo, hi],
            "roll_rate": float(np.nanmean(rolls[:, k])) if np.isfinite(rolls[:, k]).any() else None,
            "alerts_per_year": float(np.mean([np.sum(r.missions.crew == k) for r in run.records]) / run.years),
        }
    out: dict = {"crews": crews}
    if run.seed is not None:
        for name, states in staffing_summary(run).items():
            crews[name]["staffing_time_share"] = states
    catalog = run.setup.demand.catalog
    if "smoke_diving" in catalog.capabilities and run.setup.demand.places:
        req = capability_requirement("smoke_diving", catalog, model.equipment_index)
        places = run.setup.demand.places
        nodes, _ = model.network.nearest_nodes(np.array([p.lon for p in places]), np.array([p.lat for p in places]))
        coverage = ForceCoverage(fleet, prep.tables.to_node, nodes, req)  # one cache for every replication
        cov = np.mean([coverage.share(r.missions, horizon) for r in run.records], axis=0)
        out["smoke_diving_force_time_share"] = {
            p.name: {"within_10_min": float(cov[k, 0]), "within_20_min": float(cov[k, 1])} for k, p in enumerate(places)
        }
    return out


def move_up_summary(run: ScenarioRun) -> dict:
    """Moves per year and crew-hours per year spent relocated (driving and standing at another station), with CIs."""
    per_year, hours = [], []
    for rec in run.records:
        mv = rec.moves
        n = 0 if mv is None else len(mv.crew)
        driving = 0.0 if mv is None else float(np.sum(mv.t_end - mv.t_start))
        per_year.append(n / run.years)
        hours.append((driving + rec.relocated_s) / 3600.0 / run.years)
    m, lo, hi = mean_ci95(per_year)
    h, hlo, hhi = mean_ci95(hours)
    return {"policy": run.setup.policy.move_up, "moves_per_year": m,
            "moves_per_year_ci95": None if lo is None else [lo, hi],
            "hours_relocated_per_year": h, "hours_relocated_per_year_ci95": None if hlo is None else [hlo, hhi]}


def scenario_summary(model: Model, run: ScenarioRun) -> dict:
    """The JSON block ``S`` of one scenario: headline figures with CIs, overall, per station area and per type."""
    target = model.region.target_minutes
    minutes = [first_arrival_minutes(rec) for rec in run.records]
    effective = [effective_force_minutes(rec) for rec in run.records]
    areas = [model.node_area(inc.node) for inc in run.incidents]
    types = [inc.type for inc in run.incidents]
    out = _with_effective(summarize(minutes, target), summarize(effective, target))
    setup = run.setup
    out["description"] = setup.description
    out["staffing"] = {label: setup.staffing[c.id].label() if c.in_service else "out of service"
                       for label, c in zip(crew_labels(setup), setup.crews)}
    out["waited_share"] = float(np.mean([rec.waited.mean() if len(rec) else 0.0 for rec in run.records]))
    out["unreachable_alarms"] = int(sum(rec.unreachable.sum() for rec in run.records))
    out["mutual_aid_first_alarms"] = int(sum(rec.mutual_aid_first.sum() for rec in run.records))
    out["failed_to_roll"] = int(sum(rec.n_failed.sum() for rec in run.records))
    per_area_first = summarize_groups(minutes, areas, model.area_names, target)
    per_area_eff = summarize_groups(effective, areas, model.area_names, target)
    out["per_station"] = {k: {"id": sid, **_with_effective(per_area_first[k], per_area_eff[k])}
                          for k, sid in zip(model.area_names, model.area_ids)}
    ids = setup.demand.catalog.ids
    per_type_first = summarize_groups(minutes, types, ids, target)
    per_type_eff = summarize_groups(effective, types, ids, target)
    out["per_type"] = {k: _with_effective(per_type_first[k], per_type_eff[k]) for k in ids}
    out["readiness"] = readiness_summary(model, run)
    if setup.policy.move_up != "none":
        out["move_ups"] = move_up_summary(run)
    out["indicator"] = scenario_indicator(model, run)
    if run.prepared.posterior is not None and run.seed is not None:
        out["posterior"] = run.prepared.posterior.summary(run.seed, len(run.records))
    observed = run.incidents[0].observed_s / 60.0
    if np.isfinite(observed).any():
        # Observed times are one realisation: a summary without replication CIs.
        obs = observed[np.isfinite(observed)]
        out["observed_first_arrival_minutes"] = {
            "alarms": int(len(obs)), "mean": float(obs.mean()), "median": float(np.median(obs)),
            "p90": float(np.percentile(obs, 90)), "share_within_target": float(np.mean(obs <= target)),
        }
    return out


def indicator_values(model: Model, run: ScenarioRun) -> np.ndarray:
    """The yearly indicator of every simulated year of a scenario run (replication-major)."""
    spec, ids = model.region.indicator, run.setup.demand.catalog.ids
    return np.concatenate([yearly_values(rec, inc.type, spec, ids, run.years)
                           for rec, inc in zip(run.records, run.incidents)]) if run.records else np.zeros(0)


def scenario_indicator(model: Model, run: ScenarioRun) -> dict:
    """The JSON block ``indicator``: the board's yearly value, its spread over years and P(a year meets the target)."""
    return indicator_summary(indicator_values(model, run), model.region.indicator, model.region.reported_minutes)


def network_summary(model: Model) -> dict:
    net = model.network
    _, unreachable = model.demand(next(iter(model.region.scenarios.values())).demand)
    return {
        **net.meta,
        "nodes": int(net.n_nodes),
        "edges": int(len(net.edge_u)),
        "stations_snap_m": {s: round(float(d), 1) for s, d in zip(model.areas.ids, model.areas.snap_m)},
        "unreachable_demand_points": list(unreachable),
        **({"archipelago": sea} if (sea := archipelago_meta(model.region.scenarios.values())) else {}),
    }


def experiment_results(model: Model, runs: list[ScenarioRun], *, replications: int, seed: int,
                       replay: ReplayAlarms | None = None, years: float | None = None,
                       summaries: dict[str, dict] | None = None) -> dict:
    """The JSON contract (see the README) from scenario runs already made with the same seed.

    ``summaries`` (with ``years``) are :func:`scenario_summary` blocks computed elsewhere, used
    instead of ``runs``.
    """
    region = model.region
    if years is None:
        years = runs[0].years if runs else 1.0
    if summaries is None:
        summaries = {run.setup.name: scenario_summary(model, run) for run in runs}
    return {
        "raddsim_version": __version__,
        "region": region.name,
        "target_minutes": region.target_minutes,
        "reported_minutes": dict(region.reported_minutes),
        "network": network_summary(model),
        "settings": {"years": years, "replications": replications, "seed": seed,
                     "ci95_missing": no_ci_reason(replications),
                     "region_file": str(region.file), "incidents_file": replay.file if replay else None},
        "incident_types": {t.id: {"name": t.name, "name_sv": t.name_sv}
                           for t in next(iter(region.scenarios.values())).demand.catalog.types},
        "definitions": DEFINITIONS,
        "scenarios": summaries,
    }


def run_experiment(
    model: Model,
    setups: list[Setup],
    *,
    years: float = 1.0,
    replications: int = 30,
    seed: int = 20250101,
    replay: ReplayAlarms | None = None,
) -> dict:
    """Run every scenario with the same seed (common random numbers) and return the JSON contract.

    Scenarios are independent given the seed, so each is simulated and summarised in a
    process of its own when there are cores for it (:func:`raddsim.core.forked.fork_map`);
    only its summary comes back, the same to the bit as computed here.
    """
    def summary(setup: Setup) -> dict:
        run = run_scenario(model, setup, years=years, replications=replications, seed=seed, replay=replay)
        return scenario_summary(model, run)

    summaries = fork_map(summary, setups)
    years_run = replay_years(replay) if replay else years
    return experiment_results(model, [], replications=replications, seed=seed, replay=replay, years=years_run,
                              summaries=dict(zip([s.name for s in setups], summaries)))
