"""The response-time target as a board reads it: who is reached in time, where it is missed, what helps most."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from raddsim.core.bounds import DEFAULT_SEED, check_target_minutes
from raddsim.coverage import DEFAULT_CELL_M
from raddsim.experiment.compare import (
    CI95_METHOD,
    alarm_counts,
    paired_differences,
    replication_figures,
    run_scenarios,
)
from raddsim.experiment.model import Model
from raddsim.experiment.runs import ScenarioRun, first_replications
from raddsim.experiment.summary import warmup_setting
from raddsim.figures.metrics import SHARE, TIME, ci95_list, first_arrival_minutes, mean_ci95, share_ci95, summarize
from raddsim.region.region import Setup

if TYPE_CHECKING:  # scipy and the grid: imported only when a grid is built
    from raddsim.coverage.static import StaticCoverage

#: How the intervals in the JSON of ``raddsim target`` are made: compare's (the levers' changes are paired
#: differences), and why the residents within the target have none.
TARGET_CI95_METHOD = {
    **CI95_METHOD,
    "population_within_target": "none: a deterministic figure, computed once on the static coverage grid with every "
                                "crew free (no random draws)",
}


def residents_within(model: Model, setups: list[Setup], minutes: float, *, cell_m: float = DEFAULT_CELL_M,
                     boundary=None, offroad_kmh: float | None = None) -> dict[str, dict]:
    """Residents within ``minutes`` with every crew free, per scenario, on the grid ``raddsim map`` and ``report`` draw.

    The one definition (:meth:`raddsim.coverage.static.StaticCoverage.population_within`): the same grid,
    boundary and off-road speed give the same figure in ``target``, ``map`` and ``report``.
    """
    minutes = check_target_minutes(minutes, "minutes")  # before the grid is built: NaN counted nobody, unsaid
    return {name: cov.population_within(minutes)
            for name, cov in _coverages(model, setups, cell_m, boundary, offroad_kmh).items()}


def _coverages(model: Model, setups: list[Setup], cell_m: float, boundary,
               offroad_kmh: float | None) -> dict[str, StaticCoverage]:
    """Each scenario's static coverage (every crew free) on the grid ``raddsim map`` and ``report`` draw."""
    from raddsim.coverage.cell_access import cell_access
    from raddsim.coverage.grid import make_grid  # scipy: not for the commands that never draw a grid
    from raddsim.coverage.static import static_coverage

    grid = make_grid(model.network, cell_m, boundary)
    access = cell_access(model.network, grid)
    return {s.name: static_coverage(model, s, grid, access, offroad_kmh) for s in setups}


def residents_within_zone_targets(cov: StaticCoverage) -> dict:
    """``population_within_zone_target``: the residents within their own zone's target with every crew free, overall
    (``share``) and per zone, as ``raddsim map`` has it (:meth:`raddsim.coverage.static.StaticCoverage.zone_summary`);
    the coverage must have zones (``[region] target_zones``)."""
    zones = cov.zone_summary()
    return {"share": zones["share_within_zone_target"], "per_zone": zones["per_zone"],
            "definition": "residents within the target of the zone their grid square's centre lies in (island "
                          "residents: at their boat minutes, against the zone of their island's centre), with every "
                          "crew free (static coverage grid, population-weighted)"}


def missed_by_place(model: Model, run: ScenarioRun, target_min: float) -> list[dict]:
    """Simulated share of alarms within target per place (tätort, island group, countryside), worst first; with
    target zones (``[region] target_zones``) each alarm within its own zone's target (``target_min`` outside them).

    Ties (many places at 0 %) go by the number of alarms, most first: where the most alarms miss.
    An alarm no crew reaches (a ferry out of service) counts as a miss, as in every share within
    target (:func:`raddsim.figures.metrics.minutes_figures`): leaving it out made a place that is cut off
    look reached in time, or vanish from the list.
    A region without a places file (an imported EMS model, a hand-made test region) has no places to name,
    only residents along its roads: their alarms go by station area instead of one 'countryside' row
    (``"kind": "area"``).
    """
    target_min = check_target_minutes(target_min, "target_min")  # once: NaN or -1 made every place a 0 % miss
    names = run.prepared.points.name
    by_area = not run.prepared.setup.demand.places
    area_names = np.array(model.area_names, dtype=object)
    rows: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}
    zones = model.region.target_zones
    for inc, rec in zip(run.incidents, run.records):
        minutes = first_arrival_minutes(rec)
        # With target zones each alarm is read against its own zone's target, as every zone figure is.
        within = np.full(len(minutes), target_min) if zones is None else zones.target_of(
            model.node_zone(run.prepared.setup, inc.node), target_min)
        place = np.where(inc.point >= 0, names[np.maximum(inc.point, 0)], "replayed")
        if by_area:
            place = np.where(place == "rural", area_names[model.node_area(inc.node)], place)
        for name in np.unique(place):
            sel = place == name
            rows.setdefault(str(name), []).append(float((minutes[sel] <= within[sel]).mean()))  # NaN <= t: a miss
            sizes.setdefault(str(name), []).append(int(sel.sum()))
    out = []
    for name, shares in rows.items():
        m, lo, hi = share_ci95(shares, sizes[name])
        out.append({"place": "countryside" if name == "rural" else name, "alarms": sum(sizes[name]),
                    "share_within_target": m,
                    "share_within_target_ci95": None if lo is None else [lo, hi]}
                   | ({"kind": "area"} if by_area else {}))
    return sorted(out, key=lambda r: (r["share_within_target"], -r["alarms"], r["place"]))


def candidate_levers(region, setup: Setup) -> list[tuple[str, dict]]:
    """Changes a board could make, as scenario overrides: staff a crew at another level, faster turnout."""
    levers: list[tuple[str, dict[str, Any]]] = []
    for c in setup.crews:
        if not c.in_service or c.unit != "crew" or c.external:
            continue
        current = setup.staffing[c.id]
        for level, staffing in c.staffing.items():
            if staffing != current:
                levers.append((f"{c.name} at {level} staffing ({staffing.label()} instead of {current.label()})",
                               {f"crews.{c.id}.level": level}))
        if c.kind == "part-time" and c.turnout_s >= 120:
            levers.append((f"{c.name}: turnout 1 min faster ({c.turnout_s / 60 - 1:g} min)",
                           {f"crews.{c.id}.turnout_minutes": c.turnout_s / 60 - 1}))
    return levers


def target_report(model: Model, setups: list[Setup], *, years: float = 1.0, replications: int = 30,
                  seed: int = DEFAULT_SEED, levers: bool = True, lever_replications: int = 10,
                  cell_m: float = DEFAULT_CELL_M,
                  boundary=None, offroad_kmh: float | None = None, warmup_days: float = 0.0) -> dict:
    """For each scenario: share of alarms and of population within target, where it is missed, and what closes the gap
    most.

    ``share_within_target`` (alarms) is :func:`raddsim.figures.metrics.summarize`'s, as in ``raddsim run``;
    ``population_within_target`` is :func:`residents_within`'s, as in ``raddsim map`` and ``raddsim report``; with
    target zones ``population_within_zone_target`` is :func:`residents_within_zone_targets`'s.
    """
    from raddsim.experiment.parallel import start_simulations  # (imports this module's candidate_levers via the board)

    region = model.region
    target = region.target_minutes
    lever_sets = {s.name: [(label, overrides, region.derive(f"{s.name}~lever{k}", s.name, overrides))
                           for k, (label, overrides) in enumerate(candidate_levers(region, s))]
                  for s in setups} if levers else {}
    # The scenarios and every lever's variant, together on every core (the same numbers as one by one).
    pending = start_simulations(model, setups, years=years, replications=replications, seed=seed, summarise=False,
                                what_if=[alt for s in setups for *_, alt in lever_sets.get(s.name, [])],
                                what_if_replications=lever_replications, what_if_value=replication_figures,
                                warmup_days=warmup_days)
    try:  # the residents within reach (scipy, the grid) while the simulations run
        check_target_minutes(target, "minutes")  # before the grid is built, as residents_within checks it
        covs = _coverages(model, setups, cell_m, boundary, offroad_kmh)
        sims = pending.result()
    finally:
        pending.cancel()
    runs = sims.runs
    out = {"target_minutes": target, "years": years, "replications": replications,
           # the levers' paired intervals rest on these, not on `replications` (--lever-replications)
           **({"lever_replications": lever_replications} if levers else {}),
           "network": model.network.meta.get("label", ""),
           "network_approximate": bool(model.network.meta.get("approximate")),
           "metric_crs": model.network.metric_crs, **warmup_setting(warmup_days),
           "ci95_method": TARGET_CI95_METHOD | ({"population_within_zone_target": TARGET_CI95_METHOD[
               "population_within_target"]} if region.target_zones is not None else {}),  # deterministic too
           "scenarios": {}}
    for setup, run in zip(setups, runs):
        figs = replication_figures(model, run)
        alarms = summarize([first_arrival_minutes(rec) for rec in run.records], target)
        sizes = alarm_counts(model, run)
        area = {k[5:]: _area_figures(v, sizes[k]) for k, v in figs.items() if k.startswith("area:")}
        entry = {
            "alarms": alarms["alarms"],  # 0: every share below is None, and the text says why
            "share_within_target": alarms["share_within_target"],
            "share_within_target_ci95": alarms["share_within_target_ci95"],
            "population_within_target": covs[setup.name].population_within(target),
            "by_station_area": area,
            "by_place": missed_by_place(model, run, target),
            **crew_load(run),
        }
        if "zoned" in figs:  # [region] target_zones: every alarm against its own zone's target, as `run` gives it
            zoned = _area_figures(figs["zoned"], sizes["zoned"])
            entry.update(share_within_zone_target=zoned["share_within_target"],
                         share_within_zone_target_ci95=zoned["share_within_target_ci95"],
                         population_within_zone_target=residents_within_zone_targets(covs[setup.name]))
        if levers:
            entry["levers"] = _levers(model, setup, run, lever_sets[setup.name], sims.what_if, years=years, seed=seed,
                                      replications=lever_replications, warmup_days=warmup_days)
        out["scenarios"][setup.name] = entry
    return out


def crew_load(run: ScenarioRun) -> dict[str, Any]:
    """The waited share and each crew's free share of a scenario's run, as ``raddsim run`` gives them
    (``waited_share``, ``readiness.crews.<crew>.available_share``, ``alerts_per_year``): what says that the crews
    cannot keep up (:func:`raddsim.views.plain_text.scenario_note`).

    Made from the records ``target`` keeps (the alarms' ``waited`` flags and the crews' missions): a pass over
    arrays, not the whole summary of ``run``. ``waited_share`` is None without any alarm (no share of nothing).
    """
    from raddsim.demand import SECONDS_PER_YEAR
    from raddsim.experiment.summary import crew_labels
    from raddsim.figures.readiness import busy_fraction

    n_crews, horizon = len(run.prepared.fleet), run.years * SECONDS_PER_YEAR
    sizes = [len(rec) for rec in run.records]
    waited = [float(rec.waited.mean()) if len(rec) else 0.0 for rec in run.records]
    busy, alerts = np.zeros((len(sizes), n_crews)), np.zeros((len(sizes), n_crews))
    for r, rec in enumerate(run.records):
        timeline, missions = rec.timeline(), rec.missions
        assert timeline is not None and missions is not None  # the engine records every mission (as reduce needs)
        busy[r], alerts[r] = busy_fraction(timeline, n_crews, horizon), np.bincount(missions.crew, minlength=n_crews)
    crews = {}
    for k, (label, c) in enumerate(zip(crew_labels(run.setup), run.setup.crews)):
        if c.in_service:
            m, lo, hi = mean_ci95(1 - busy[:, k], SHARE)
            crews[label] = {"id": c.id, "available_share": m, "available_share_ci95": None if lo is None else [lo, hi],
                            "alerts_per_year": float(alerts[:, k].mean() / run.years),
                            "alerts_per_year_ci95": ci95_list(alerts[:, k] / run.years, TIME)}
    w, lo, hi = share_ci95(waited, sizes)
    known = sum(sizes) > 0
    return {"waited_share": w if known else None, "waited_share_ci95": [lo, hi] if known and lo is not None else None,
            "readiness": {"crews": crews}}


def _levers(model: Model, setup: Setup, run: ScenarioRun, alts: list, figures_of: dict[str, dict], *, years: float,
            seed: int, replications: int, warmup_days: float = 0.0) -> list[dict]:
    """Each lever's paired change against ``setup``, the largest gain in the share within target first.

    The base is the first ``replications`` of ``run`` when it has them (the same replications a separate
    run would simulate), else simulated here.
    """
    if len(run.records) >= replications:
        base = first_replications(run, replications)
    else:
        base = run_scenarios(model, [setup], years=years, seed=seed, replications=replications,
                             warmup_days=warmup_days)[0]
    base_figs = replication_figures(model, base)
    results = []
    for label, overrides, alt in alts:
        diffs = paired_differences(base_figs, figures_of[alt.name])
        d = diffs["first_arrival"]
        results.append({"lever": label, "overrides": overrides, "share_within_target_change": d["share_within_target"],
                        "mean_minutes_change": d["mean"]}
                       | ({"share_within_zone_target_change": diffs["zoned"]["share_within_target"]}
                          if "zoned" in diffs else {}))
    # With target zones the levers are ranked by what they do for the zones' own targets.
    key = "share_within_zone_target_change" if "zoned" in base_figs else "share_within_target_change"
    return sorted(results, key=lambda r: -(r[key]["difference"] or 0))


def _area_figures(per_rep: np.ndarray, sizes: list[int]) -> dict[str, Any]:
    """A station area's (or the zones') share within target and mean minutes with their 95 % CIs, from its
    replication figures and each replication's number of alarms there.

    Means over the replications that had alarms in the area (NaN, JSON null, when none had any); the mean's CI is
    Student's t over the same replications, the share's is widened to hold Wilson's as ``raddsim run``'s shares are
    (:func:`raddsim.figures.metrics.share_ci95`): with few alarms, each replication at 100 % gave [100–100].
    """
    out: dict[str, Any] = {}
    for key, column, bounds in (("share_within_target", 3, SHARE), ("mean_minutes", 0, TIME)):
        m, lo, hi = share_ci95(per_rep[:, column], sizes) if bounds is SHARE else mean_ci95(per_rep[:, column], bounds)
        out[key] = m
        out[f"{key}_ci95"] = None if lo is None else [lo, hi]
    return out


