"""Replications and scenario comparison with common random numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from raddsim import __version__
from raddsim.core.errors import InputError
from raddsim.core.forked import fork_map
from raddsim.demand import SECONDS_PER_YEAR, Incidents, ReplayAlarms, generate_incidents, replay_incidents
from raddsim.demand.generate import SECONDS_PER_DAY, generate_warmup
from raddsim.demand.transport import apply_transport
from raddsim.engine import Responses, RunRecords, simulate
from raddsim.engine.crews import STAFFING_STATES, draw_responses, staffing_states
from raddsim.engine.warmup import join_incidents, join_responses, measured_records
from raddsim.experiment.model import Model, Prepared
from raddsim.experiment.reduce import Reduced, Reducer, move_up_summary, queue_wait_summary
from raddsim.figures.indicator import indicator_summary, yearly_values
from raddsim.figures.metrics import (
    SHARE,
    mean_ci95,
    no_ci_reason,
    summarize_blocks,
)
from raddsim.region.region import Setup
from raddsim.region.stations import unique_labels
from raddsim.sea.summary import archipelago_meta


@dataclass
class ScenarioRun:
    """All replications of one scenario: their alarms and records, or their reductions (then no records)."""

    prepared: Prepared
    incidents: list[Incidents]
    records: list[RunRecords]
    years: float = 1.0
    seed: int | None = None
    #: Replications reduced as they were simulated (:mod:`raddsim.experiment.reduce`); records are then not kept.
    reduced: list[Reduced] = field(default_factory=list)

    @property
    def setup(self) -> Setup:
        return self.prepared.setup

    @property
    def replications(self) -> int:
        return len(self.reduced) if self.reduced else len(self.records)


#: Longest warm-up accepted, in days (ten years): every replication simulates it, so more is a typo.
MAX_WARMUP_DAYS = 3650.0


def check_warmup(days: float, *, field: str = "--warmup", file=None, replay: ReplayAlarms | None = None) -> float:
    """A warm-up length in days, checked: finite, 0 to :data:`MAX_WARMUP_DAYS`, and no replayed alarm file with it.

    Raises
    ------
    InputError
        Naming ``field`` (the option or spec key) and the fix.
    """
    if isinstance(days, bool) or not isinstance(days, (int, float)) or not math.isfinite(days) or days < 0:
        raise InputError(f"the warm-up must be a number of days of at least 0, got {days!r}.", file=file, field=field,
                         fix="give e.g. 30 (days simulated before the measured period), or 0 for none.")
    if days > MAX_WARMUP_DAYS:
        raise InputError(f"a warm-up of {days:g} days is more than {MAX_WARMUP_DAYS:g} (ten years).", file=file,
                         field=field, fix="give a few times the longest busy spell, e.g. 30–60 days.")
    if days > 0 and replay is not None:
        raise InputError("a replayed alarm file has no alarms before its first one to warm up with.",
                         file=replay.file, field=field,
                         fix="drop --warmup with --incidents (or run without --incidents to use the warm-up).")
    return float(days)


def run_replication(
    prep: Prepared, *, years: float, seed: int, replication: int, replay: ReplayAlarms | None = None, network=None,
    hospitals=None, warmup_days: float = 0.0,
) -> tuple[Incidents, RunRecords]:
    """One replication of one scenario.

    Replication ``r`` draws from the streams ``(seed, r, …)`` whatever the
    scenario, so scenarios compared with the same seed share their alarms (CRN).
    With ``replay`` the alarms are the file's; only on-scene times and crew
    responses are drawn. A scenario with a posterior runs at the set the
    replication draws (:meth:`~raddsim.experiment.model.Prepared.for_replication`).

    Parameters
    ----------
    prep : Prepared
        The prepared scenario (:meth:`Model.prepare`).
    years : float
        Simulated years (ignored with ``replay``).
    seed : int
        Seed of the random streams.
    replication : int
        Replication number; selects the streams ``(seed, replication, …)``.
    replay : ReplayAlarms or None
        Alarms to replay instead of generating them.
    network : RoadNetwork or None
        The road network; needed with ``replay`` to snap the alarms.
    hospitals : optional
        The model's hospitals; when given, transports to hospital are drawn.
    warmup_days : float
        Days simulated before the measured period (:func:`simulate_warmed`); 0: every crew free at time 0.

    Returns
    -------
    tuple of (Incidents, RunRecords)
        The measured period's alarms and their records (times in seconds from its start).
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
    if warmup_days > 0:
        check_warmup(warmup_days, replay=replay)
        return inc, simulate_warmed(prep, inc, responses, days=warmup_days, horizon_s=horizon, seed=seed,
                                    replication=replication, hospitals=hospitals)
    return inc, simulate(prep.fleet, prep.tables, inc, prep.requirements, responses, policies=prep.policies)


def simulate_warmed(prep: Prepared, inc: Incidents, responses: Responses, *, days: float, horizon_s: float, seed: int,
                    replication: int, hospitals=None) -> RunRecords:
    """Simulate the ``days`` before the measured alarms ``inc`` too, and return the measured alarms' records.

    The warm-up's alarms are those of the days before the measured period's start (its calendar:
    time of day, weekday, season), drawn with the crews' responses from the warm-up's own streams
    (:mod:`raddsim.core.streams`), so the measured period's draws are the same with or without it and
    scenarios with one seed share the warm-up too. Crews still busy with a warm-up alarm at the start
    are busy for the measured alarms; the records keep only the measured period (:mod:`raddsim.engine.warmup`).
    """
    demand = prep.setup.demand
    warm = generate_warmup(demand, prep.points, days=days, seed=seed, replication=replication)
    if hospitals is not None:
        warm = apply_transport(warm, demand, hospitals, seed=seed, replication=replication, warmup=True)
    warm_responses = draw_responses(prep.setup, len(warm), seed, replication, warm.time_s, horizon_s, warmup=True)
    shift = days * SECONDS_PER_DAY  # the engine's clock starts at the warm-up's start
    rec = simulate(prep.fleet, prep.tables, join_incidents(warm, inc, shift), prep.requirements,
                   join_responses(warm_responses, responses), policies=prep.policies, measure_from_s=shift)
    return measured_records(rec, len(warm), shift, inc.time_s)


def replay_years(replay: ReplayAlarms) -> float:
    """The span of a replay in years, from midnight of its first day to the end of its last day."""
    day0 = replay.time[0].astype("datetime64[D]")
    days = (replay.time[-1].astype("datetime64[D]") - day0).astype(int) + 1
    return float(days) * 86400.0 / SECONDS_PER_YEAR


def run_scenario(
    model: Model, setup: Setup, *, years: float, replications: int, seed: int, replay: ReplayAlarms | None = None,
    keep_records: bool = True, warmup_days: float = 0.0,
) -> ScenarioRun:
    """Simulate ``replications`` independent runs of ``years`` each (or of a replayed alarm file).

    With ``keep_records=False`` each is reduced to its figures when simulated (memory flat in
    replications × years).

    Parameters
    ----------
    model : Model
        The model (:func:`raddsim.build_model`).
    setup : Setup
        The scenario.
    years : float
        Simulated years per replication (ignored with ``replay``).
    replications : int
        Number of replications.
    seed : int
        Seed of the random streams.
    replay : ReplayAlarms or None
        Alarms to replay instead of generating them.
    keep_records : bool
        Keep every replication's alarms and records; False keeps only their figures.
    warmup_days : float
        Days simulated before each replication's measured period (:func:`run_replication`).

    Returns
    -------
    ScenarioRun
        The runs (records, or reduced figures) of the scenario.
    """
    prep = model.prepare(setup)
    run = ScenarioRun(prep, [], [], replay_years(replay) if replay else years, seed)
    reducer = None if keep_records else Reducer(model, prep, run.years)
    for r in range(replications):
        inc, rec = run_replication(prep, years=years, seed=seed, replication=r, replay=replay, network=model.network,
                                   hospitals=model.hospitals, warmup_days=warmup_days)
        if reducer is None:
            run.incidents.append(inc)
            run.records.append(rec)
        else:
            run.reduced.append(reducer(inc, rec, first=r == 0))
    return run


def reductions(model: Model, run: ScenarioRun) -> list[Reduced]:
    """The run's replications reduced to what its figures need (kept, or made from its records)."""
    if run.reduced:
        return run.reduced
    reducer = Reducer(model, run.prepared, run.years)
    return [reducer(inc, rec, first=r == 0) for r, (inc, rec) in enumerate(zip(run.incidents, run.records))]


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
    seed = run.seed
    assert seed is not None, "the staffing states are redrawn from the run's seed (readiness_summary checks it)"
    out = {}
    for c, label in zip(setup.crews, crew_labels(setup)):
        if not c.in_service or c.external:
            continue
        reps = []
        for r in range(run.replications):
            rs = run.prepared.for_replication(seed, r).setup  # the posterior set's process parameters
            crew = next(x for x in rs.crews if x.id == c.id)
            reps.append(staffing_states(crew, rs.staffing[c.id], horizon, seed, r, setup.demand.profile))
        out[label] = {k: None if reps[0][k] is None else float(np.mean([x[k] for x in reps])) for k in STAFFING_STATES}
    return out


def crew_labels(setup: Setup) -> list[str]:
    """Keys of a scenario's crews in results: their names, made unique by id where two share one."""
    return unique_labels([c.id for c in setup.crews], [c.name for c in setup.crews])


def readiness_summary(model: Model, run: ScenarioRun, red: list[Reduced] | None = None) -> dict:
    """Crew availability and smoke-diving coverage of the tätorter, means over replications."""
    red = reductions(model, run) if red is None else red
    busy = np.array([r.busy for r in red])
    rolls = np.array([r.rolls for r in red])
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
            "alerts_per_year": float(np.mean([r.alerts[k] for r in red]) / run.years),
        }
    out: dict = {"crews": crews}
    if run.seed is not None:
        for name, states in staffing_summary(run).items():
            crews[name]["staffing_time_share"] = states
    if red and red[0].smoke is not None:
        cov = np.mean([r.smoke for r in red if r.smoke is not None], axis=0)  # all or none of a run's have it
        out["smoke_diving_force_time_share"] = {
            p.name: {"within_10_min": float(cov[k, 0]), "within_20_min": float(cov[k, 1])}
            for k, p in enumerate(run.setup.demand.places)
        }
    return out


#: Counts of events in a replication that ``run --json`` also gives per simulated year, with CIs.
COUNTED = (("unreachable_alarms", "unreachable"), ("mutual_aid_first", "mutual_aid_first"),
           ("failed_to_roll", "failed_to_roll"))


def count_rates(red: Sequence[Reduced], years: float) -> dict[str, float | list[float] | None]:
    """Counted events per simulated year and mutual aid's share of alarms, each with a 95 % CI over replications.

    The totals (``mutual_aid_first_alarms`` …) say how often something happened in the whole run; a
    board reads rates, and a rate from one run is an estimate like any other figure: Student's t over
    the replications' own rates (independent replications), as for the minutes.
    """
    out: dict[str, float | list[float] | None] = {}

    def put(key: str, values: list[float], bounds: tuple[float, float]) -> None:
        m, lo, hi = mean_ci95(values, bounds)
        out[key], out[f"{key}_ci95"] = m, None if lo is None or hi is None else [lo, hi]

    for key, attr in COUNTED:
        put(f"{key}_per_year", [getattr(r, attr) / years for r in red], (0.0, math.inf))
    alarms = [r.blocks["first", "", ""][1] for r in red]
    put("mutual_aid_first_share", [r.mutual_aid_first / n for r, n in zip(red, alarms) if n], SHARE)
    return out


def scenario_summary(model: Model, run: ScenarioRun) -> dict:
    """The JSON block ``S`` of one scenario: headline figures with CIs, overall, per station area and per type."""
    target = model.region.target_minutes
    red = reductions(model, run)

    def figures_of(kind: str, name: str) -> dict:
        return _with_effective(summarize_blocks([r.blocks["first", kind, name] for r in red]),
                               summarize_blocks([r.blocks["effective", kind, name] for r in red]))

    out = figures_of("", "")
    setup = run.setup
    out["description"] = setup.description
    out["staffing"] = {label: setup.staffing[c.id].label() if c.in_service else "out of service"
                       for label, c in zip(crew_labels(setup), setup.crews)}
    out["waited_share"] = float(np.mean([r.waited_share for r in red]))
    _, lo, hi = mean_ci95([r.waited_share for r in red], SHARE)  # Student's t over replications, like every figure
    out["waited_share_ci95"] = None if lo is None else [lo, hi]
    out.update(queue_wait_summary(red, [r.blocks["first", "", ""][1] for r in red]))
    out["unreachable_alarms"] = int(sum(r.unreachable for r in red))
    out["mutual_aid_first_alarms"] = int(sum(r.mutual_aid_first for r in red))
    out["failed_to_roll"] = int(sum(r.failed_to_roll for r in red))
    out.update(count_rates(red, run.years))
    out["per_station"] = {k: {"id": sid, **figures_of("area", k)} for k, sid in zip(model.area_names, model.area_ids)}
    out["per_type"] = {k: figures_of("type", k) for k in setup.demand.catalog.ids}
    out["readiness"] = readiness_summary(model, run, red)
    if setup.policy.move_up != "none":
        out["move_ups"] = {"policy": setup.policy.move_up, **move_up_summary(red)}
    # One array per replication: years of one replication are not independent (intervals over replications).
    out["indicator"] = indicator_summary([r.yearly for r in red], model.region.indicator,
                                         model.region.reported_minutes)
    if run.prepared.posterior is not None and run.seed is not None:
        out["posterior"] = run.prepared.posterior.summary(run.seed, run.replications)
    observed = red[0].observed if red else None
    if observed is not None and np.isfinite(observed).any():
        # Observed times are one realisation: a summary without replication CIs.
        obs = observed[np.isfinite(observed)]
        out["observed_first_arrival_minutes"] = {
            "alarms": int(len(obs)), "mean": float(obs.mean()), "median": float(np.median(obs)),
            "p90": float(np.percentile(obs, 90)), "share_within_target": float(np.mean(obs <= target)),
        }
    return out


def indicator_values(model: Model, run: ScenarioRun) -> np.ndarray:
    """The yearly indicator of every simulated year of a scenario run (replication-major)."""
    if run.reduced:
        return np.concatenate([r.yearly for r in run.reduced])
    spec, ids = model.region.indicator, run.setup.demand.catalog.ids
    return np.concatenate([yearly_values(rec, inc.type, spec, ids, run.years)
                           for rec, inc in zip(run.records, run.incidents)]) if run.records else np.zeros(0)


def network_summary(model: Model, setups: Sequence[Setup] = ()) -> dict:
    """The JSON block ``network``: the network's metadata, station snaps and demand points no road reaches.

    Parameters
    ----------
    model : Model
        The model.
    setups : sequence of Setup
        The scenarios run: the unreachable demand points are those of their demands (a scenario may have
        demand of its own); default the region's first scenario.
    """
    net = model.network
    unreachable: list[dict] = []  # each point once, in the order the scenarios name them
    for setup in setups or [next(iter(model.region.scenarios.values()))]:
        unreachable += [p for p in model.demand(setup.demand)[1] if p not in unreachable]
    return {
        **net.meta,
        "metric_crs": net.metric_crs,
        "nodes": int(net.n_nodes),
        "edges": int(len(net.edge_u)),
        "stations_snap_m": {s: round(float(d), 1) for s, d in zip(model.areas.ids, model.areas.snap_m)},
        "unreachable_demand_points": list(unreachable),
        **({"archipelago": sea} if (sea := archipelago_meta(model.region.scenarios.values())) else {}),
    }


def experiment_results(model: Model, runs: list[ScenarioRun], *, replications: int, seed: int,
                       replay: ReplayAlarms | None = None, years: float | None = None,
                       summaries: dict[str, dict] | None = None, warmup_days: float = 0.0) -> dict:
    """The JSON contract (see the README) from scenario runs already made with the same seed.

    ``summaries`` (with ``years``) are :func:`scenario_summary` blocks computed elsewhere, used
    instead of ``runs``.

    Parameters
    ----------
    model : Model
        The model the runs were made with.
    runs : list of ScenarioRun
        Scenario runs (:func:`run_scenario`); may be empty when ``summaries`` is given.
    replications : int
        Replications per scenario, as reported in the settings.
    seed : int
        The seed the runs used.
    replay : ReplayAlarms or None
        The replayed incident file, if the alarms were replayed.
    years : float or None
        Simulated years per replication; None takes the first run's (1.0 without runs).
    summaries : dict of str to dict, or None
        Scenario name → summary block, used instead of summarising ``runs``.
    warmup_days : float
        The warm-up the runs had; reported in the settings when there was one.

    Returns
    -------
    dict
        The JSON contract of ``raddsim run``.
    """
    region = model.region
    if years is None:
        years = runs[0].years if runs else 1.0
    if summaries is None:
        summaries = {run.setup.name: scenario_summary(model, run) for run in runs}
    return {
        "raddsim_version": __version__,
        "region": region.name,
        "service": region.service,
        "target_minutes": region.target_minutes,
        "reported_minutes": dict(region.reported_minutes),
        "network": network_summary(model, [run.setup for run in runs] if runs else
                                   [region.scenarios[name] for name in summaries if name in region.scenarios]),
        "settings": {"years": years, "replications": replications, "seed": seed,
                     "ci95_missing": no_ci_reason(replications),
                     "region_file": str(region.file), "incidents_file": replay.file if replay else None,
                     **warmup_setting(warmup_days)},
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
    warmup_days: float = 0.0,
) -> dict:
    """Run every scenario with the same seed (common random numbers) and return the JSON contract.

    Scenarios are independent given the seed, so each is simulated and summarised in a
    process of its own when there are cores for it (:func:`raddsim.core.forked.fork_map`);
    only its summary comes back, the same to the bit as computed here.

    Parameters
    ----------
    model : Model
        The model (:func:`raddsim.build_model`).
    setups : list of Setup
        The scenarios to run.
    years : float
        Simulated years per replication (ignored with ``replay``: the file's span).
    replications : int
        Replications per scenario.
    seed : int
        Seed of the random streams, shared by all scenarios.
    replay : ReplayAlarms or None
        Alarms to replay (:func:`raddsim.load_incident_csv`) instead of generating them.
    warmup_days : float
        Days simulated before each replication's measured period (not with ``replay``).

    Returns
    -------
    dict
        The JSON contract of ``raddsim run`` (figures in minutes).
    """
    check_warmup(warmup_days, replay=replay)

    def summary(setup: Setup) -> dict:
        run = run_scenario(model, setup, years=years, replications=replications, seed=seed, replay=replay,
                           keep_records=False, warmup_days=warmup_days)  # figures as each is done: memory stays flat
        return scenario_summary(model, run)

    summaries = fork_map(summary, setups)
    years_run = replay_years(replay) if replay else years
    return experiment_results(model, [], replications=replications, seed=seed, replay=replay, years=years_run,
                              summaries=dict(zip([s.name for s in setups], summaries)), warmup_days=warmup_days)


def warmup_setting(days: float) -> dict[str, float]:
    """The settings' ``warmup_days`` entry: there with a warm-up, absent without (the output as before)."""
    return {"warmup_days": float(days)} if days > 0 else {}
