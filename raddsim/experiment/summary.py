"""The JSON contract of a run: each scenario's figures with 95 % CIs over replications, and the run's settings.

A scenario's figures come from its replications reduced to what the figures need
(:mod:`raddsim.experiment.reduce`): response times overall, per station area and per
incident type, the board's yearly indicator, crew readiness, counted events per year, the
wait for a free crew. :func:`experiment_results` wraps them with the network, the settings
and the definitions (see the README's JSON section).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from raddsim import __version__
from raddsim.core.checked import checked_arguments
from raddsim.demand import SECONDS_PER_YEAR, ReplayAlarms
from raddsim.demand.types import IncidentType
from raddsim.engine.crews import STAFFING_STATES, staffing_states
from raddsim.engine.force import DEFAULT_COVERAGE_FORCE
from raddsim.experiment.model import Model
from raddsim.experiment.reduce import Reduced, Reducer, move_up_summary, queue_wait_summary
from raddsim.figures.indicator import indicator_summary, yearly_values
from raddsim.figures.metrics import (
    NULL_CI95,
    SHARE,
    TIME,
    Block,
    ci95_list,
    mean_ci95,
    no_ci_reason,
    share_ci95,
    summarize_blocks,
)
from raddsim.region.region import Region, Setup
from raddsim.region.stations import unique_labels
from raddsim.sea.summary import archipelago_meta

if TYPE_CHECKING:  # a run is made in raddsim.experiment.runs, which imports this module
    from raddsim.experiment.runs import ScenarioRun


def reductions(model: Model, run: ScenarioRun) -> list[Reduced]:
    """The run's replications reduced to what its figures need (kept, or made from its records)."""
    if run.reduced:
        return run.reduced
    reducer = Reducer(model, run.prepared, run.years)
    return [reducer(inc, rec, first=r == 0) for r, (inc, rec) in enumerate(zip(run.incidents, run.records))]


#: What the two target figures are (they are easily confused).
DEFINITIONS = {
    "indicator": "the board's yearly indicator as defined in [indicator] of the region file: one value per "
                 "simulated year (mean or median alarm-to-first-unit minutes of the counted alarms), its spread "
                 "over simulated years, and p_meets_target = the probability that a year's value is at or below "
                 "the target",
    "share_within_target": "per alarm: the share of single alarms whose first crew arrived within the target "
                           "minutes (also called per-alarm share); not the board's yearly indicator",
}

#: How every interval in the JSON of ``raddsim run`` is made (its ``settings.ci95_method``; compare's and target's
#: JSON say theirs the same way).
RUN_CI95_METHOD = {
    "figures": "Student t (95 %) over the replications' values of each figure (a figure per replication: its "
               "mean, median, p90, shares, readiness), clipped to the figure's range",
    "shares_of_events": "share_within_target, share_missing, share_never, waited_share, mutual_aid_first_share, "
                        "roll_rate: the Student t interval widened where needed to hold Wilson's (95 %) of the "
                        "pooled share at the effective number of events (the events divided by their design "
                        "effect, at least 1): near 0 and 1 with few events per replication t alone collapses",
    "indicator": "mean_ci95: Student t (95 %) over the replications' means of their simulated years; "
                 "p_meets_target_ci95: Wilson (95 %) at the effective number of years, the years divided by the "
                 "design effect of years that share a replication (Kish 1965)",
    "null": NULL_CI95,
}

def _with_effective(first: dict, effective: dict, region: Region) -> dict:
    first["effective_force_minutes"] = {**effective["first_arrival_minutes"],
                                        "share_within_target": effective["share_within_target"],
                                        "share_within_target_ci95": effective["share_within_target_ci95"],
                                        "share_never": effective.get("share_missing"),
                                        "share_never_ci95": effective.get("share_missing_ci95")}
    if region.effective_target_minutes is not None:  # only then: a region without the key keeps its JSON as it was
        first["effective_force_minutes"].update(target_minutes=region.effective_target_minutes,
                                                target_source=region.effective_target_source)
    return first


def travel_summary(blocks: Sequence[Block], region: Region) -> dict:
    """The JSON block ``first_travel_minutes``: the first crew's own travel (leaving → on scene) with 95 % CIs, as
    the first arrival's figures are made; ``share_within_travel_target`` counts alarms no crew reached as misses."""
    s = summarize_blocks(blocks)
    return {**s["first_arrival_minutes"], "travel_target_minutes": region.travel_target_minutes,
            "travel_target_source": region.travel_target_source,
            "share_within_travel_target": s["share_within_target"],
            "share_within_travel_target_ci95": s["share_within_target_ci95"]}


def zone_summary(region: Region, names: list[str], red: list[Reduced], figures_of: Callable[[str, str], dict]) -> dict:
    """The JSON blocks ``per_zone`` (each target zone's figures, its share within its own target, and the alarms
    outside every zone against the region's) and ``zone_targets`` (every alarm against its own zone's target)."""
    zones = region.target_zones
    assert zones is not None
    targets = [*zones.targets, region.target_minutes]
    s = summarize_blocks([r.blocks["zoned", "", ""] for r in red])
    return {"per_zone": {name: {**figures_of("zone", name), "target_minutes": t} for name, t in zip(names, targets)},
            "zone_targets": {"share_within_zone_target": s["share_within_target"],
                             "share_within_zone_target_ci95": s["share_within_target_ci95"],
                             "file": str(zones.file), "source": zones.source}}


def _own_target(kind: IncidentType) -> dict:
    """A type's own target in its ``per_type`` block (its share is within it); nothing for a type without one, whose
    share is within the region's target."""
    if kind.target_min is None:
        return {}
    return {"target_minutes": kind.target_min, "target_source": kind.target_source}


def staffing_shares(run: ScenarioRun) -> dict[str, tuple[dict[str, float | None], dict[str, list[float] | None]]]:
    """Per local crew: (mean share of time in each staffing state, its 95 % CI over replications)."""
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
        # A state the crew has no level for is None in every replication (its rules, not chance).
        shares = {k: None if reps[0][k] is None else np.array([x[k] for x in reps], float) for k in STAFFING_STATES}
        means = {k: None if v is None else float(np.mean(v)) for k, v in shares.items()}
        cis = {k: None if v is None else ci95_list(v, SHARE) for k, v in shares.items()}
        out[label] = (means, cis)
    return out


def crew_labels(setup: Setup) -> list[str]:
    """Keys of a scenario's crews in results: their names, made unique by id where two share one."""
    return unique_labels([c.id for c in setup.crews], [c.name for c in setup.crews])


def readiness_summary(model: Model, run: ScenarioRun, red: list[Reduced] | None = None) -> dict:
    """Crew availability and the coverage force's coverage of the tätorter (smoke diving by default), means over
    replications."""
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
            # over the replications in which the crew was alerted at all (a replication without alerts has no rate)
            "roll_rate_ci95": _ci_list(share_ci95(rolls[:, k], [r.alerts[k] for r in red])),
            "alerts_per_year": float(np.mean([r.alerts[k] for r in red]) / run.years),
            "alerts_per_year_ci95": ci95_list([r.alerts[k] / run.years for r in red], TIME),
        }
    out: dict = {"crews": crews}
    if run.seed is not None:
        for name, (states, cis) in staffing_shares(run).items():
            crews[name]["staffing_time_share"] = states
            crews[name]["staffing_time_share_ci95"] = cis
    if red and red[0].smoke is not None:
        force = model.region.coverage_force
        out[force_share_key(force)] = _smoke_cover(run, red)
        if force_share_key(force) != SMOKE_SHARE_KEY:
            out["coverage_force"] = force
    return out


#: The readiness key of the default force's share of time per place (the smoke-diving force); another force named
#: by ``[region] coverage_force`` has :data:`FORCE_SHARE_KEY` and its id as ``coverage_force``.
SMOKE_SHARE_KEY = "smoke_diving_force_time_share"
FORCE_SHARE_KEY = "force_time_share"


def force_share_key(force: str | None) -> str:
    """The readiness key of the coverage force's share of time per place: a smoke-diving force keeps its name."""
    return SMOKE_SHARE_KEY if force in (None, DEFAULT_COVERAGE_FORCE) else FORCE_SHARE_KEY


def _smoke_cover(run: ScenarioRun, red: list[Reduced]) -> dict[str, dict[str, float | list[float] | None]]:
    """Per place: share of time the coverage force can be there within 10 and 20 min, with 95 % CIs."""
    reps = np.array([r.smoke for r in red if r.smoke is not None])  # all or none of a run's have it
    cov = reps.mean(axis=0)
    out: dict[str, dict[str, float | list[float] | None]] = {}
    for k, p in enumerate(run.setup.demand.places):
        out[p.name] = {"within_10_min": float(cov[k, 0]), "within_20_min": float(cov[k, 1]),
                       "within_10_min_ci95": ci95_list(reps[:, k, 0], SHARE),
                       "within_20_min_ci95": ci95_list(reps[:, k, 1], SHARE)}
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
        out[key], out[f"{key}_ci95"] = mean_ci95(values, bounds)[0], ci95_list(values, bounds)

    for key, attr in COUNTED:
        put(f"{key}_per_year", [getattr(r, attr) / years for r in red], (0.0, math.inf))
    alarms = [r.blocks["first", "", ""][1] for r in red]
    m, lo, hi = share_ci95([r.mutual_aid_first / n if n else math.nan for r, n in zip(red, alarms)], alarms)
    out["mutual_aid_first_share"], out["mutual_aid_first_share_ci95"] = m, _ci_list((m, lo, hi))
    return out


def _ci_list(figure: tuple[float, float | None, float | None]) -> list[float] | None:
    """The JSON form ``[lo, hi]`` of a ``(mean, lo, hi)`` figure, or None without an interval."""
    _, lo, hi = figure
    return None if lo is None or hi is None else [lo, hi]


def scenario_summary(model: Model, run: ScenarioRun) -> dict:
    """The JSON block ``S`` of one scenario: headline figures with CIs, overall, per station area and per type."""
    target = model.region.target_minutes
    red = reductions(model, run)

    def figures_of(kind: str, name: str) -> dict:
        return _with_effective(summarize_blocks([r.blocks["first", kind, name] for r in red]),
                               summarize_blocks([r.blocks["effective", kind, name] for r in red]), model.region)

    out = figures_of("", "")
    setup = run.setup
    out["description"] = setup.description
    out["staffing"] = {label: setup.staffing[c.id].label() if c.in_service else "out of service"
                       for label, c in zip(crew_labels(setup), setup.crews)}
    out["waited_share"] = float(np.mean([r.waited_share for r in red]))
    out["waited_share_ci95"] = _ci_list(share_ci95([r.waited_share for r in red],
                                                   [r.blocks["first", "", ""][1] for r in red]))
    out.update(queue_wait_summary(red, [r.blocks["first", "", ""][1] for r in red]))
    out["unreachable_alarms"] = int(sum(r.unreachable for r in red))
    out["mutual_aid_first_alarms"] = int(sum(r.mutual_aid_first for r in red))
    out["failed_to_roll"] = int(sum(r.failed_to_roll for r in red))
    out.update(count_rates(red, run.years))
    if setup.policy.divert_for:  # only then: the JSON of a region that diverts no crew reads as before
        rates = [r.diverted / run.years for r in red]
        out["diverted"] = int(sum(r.diverted for r in red))
        out["diverted_per_year"], out["diverted_per_year_ci95"] = mean_ci95(rates, (0.0, math.inf))[0], \
            ci95_list(rates, (0.0, math.inf))
    out["per_station"] = {k: {"id": sid, **figures_of("area", k)} for k, sid in zip(model.area_names, model.area_ids)}
    out["per_type"] = {k.id: {**figures_of("type", k.id), **_own_target(k)} for k in setup.demand.catalog.types}
    if model.zone_names:  # only then: a region without target zones keeps its JSON as it was
        out.update(zone_summary(model.region, model.zone_names, red, figures_of))
    out["readiness"] = readiness_summary(model, run, red)
    if setup.policy.move_up != "none":
        out["move_ups"] = {"policy": setup.policy.move_up, **move_up_summary(red)}
    # One array per replication: years of one replication are not independent (intervals over replications).
    out["indicator"] = indicator_summary([r.yearly for r in red], model.region.indicator,
                                         model.region.reported_minutes)
    if run.prepared.posterior is not None and run.seed is not None:
        out["posterior"] = run.prepared.posterior.summary(run.seed, run.replications)
    if red and ("travel", "", "") in red[0].blocks:
        out["first_travel_minutes"] = travel_summary([r.blocks["travel", "", ""] for r in red], model.region)
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


@checked_arguments()
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
                     "ci95_method": RUN_CI95_METHOD, "ci95_missing": no_ci_reason(replications),
                     "region_file": str(region.file), "incidents_file": replay.file if replay else None,
                     **warmup_setting(warmup_days)},
        "incident_types": {t.id: {"name": t.name, "name_sv": t.name_sv}
                           for t in next(iter(region.scenarios.values())).demand.catalog.types},
        "definitions": DEFINITIONS,
        "scenarios": summaries,
    }


def warmup_setting(days: float) -> dict[str, float]:
    """The settings' ``warmup_days`` entry: there with a warm-up, absent without (the output as before)."""
    return {"warmup_days": float(days)} if days > 0 else {}
