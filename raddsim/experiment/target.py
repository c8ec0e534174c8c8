"""The response-time target as a board reads it: who is reached in time, where it is missed, what helps most."""

from __future__ import annotations

from typing import Any

import numpy as np

from raddsim.coverage import DEFAULT_CELL_M
from raddsim.experiment.compare import paired_differences, replication_figures, run_scenarios
from raddsim.experiment.model import Model
from raddsim.experiment.runs import ScenarioRun, first_replications
from raddsim.experiment.summary import warmup_setting
from raddsim.figures.metrics import SHARE, TIME, first_arrival_minutes, mean_ci95, summarize
from raddsim.network.positions import SWEREF
from raddsim.region.region import Region, Setup


def residents_within(model: Model, setups: list[Setup], minutes: float, *, cell_m: float = DEFAULT_CELL_M,
                     boundary=None, offroad_kmh: float | None = None) -> dict[str, dict]:
    """Residents within ``minutes`` with every crew free, per scenario, on the grid ``raddsim map`` and ``report`` draw.

    The one definition (:meth:`raddsim.coverage.static.StaticCoverage.population_within`): the same grid,
    boundary and off-road speed give the same figure in ``target``, ``map`` and ``report``.
    """
    from raddsim.coverage.grid import make_grid  # scipy: not for the commands that never draw a grid
    from raddsim.coverage.static import cell_access, static_coverage

    grid = make_grid(model.network, cell_m, boundary)
    access = cell_access(model.network, grid)
    return {s.name: static_coverage(model, s, grid, access, offroad_kmh).population_within(minutes) for s in setups}


def missed_by_place(model: Model, run: ScenarioRun, target_min: float) -> list[dict]:
    """Simulated share of alarms within target per place (tätort, island group, countryside), worst first.

    Ties (many places at 0 %) go by the number of alarms, most first: where the most alarms miss.
    An alarm no crew reaches (a ferry out of service) counts as a miss, as in every share within
    target (:func:`raddsim.figures.metrics.figures`): leaving it out made a place that is cut off
    look reached in time, or vanish from the list.
    A region without a places file (an imported EMS model, a hand-made test region) has no places to name,
    only residents along its roads: their alarms go by station area instead of one 'countryside' row
    (``"kind": "area"``).
    """
    names = run.prepared.points.name
    by_area = not run.prepared.setup.demand.places
    area_names = np.array(model.area_names, dtype=object)
    rows: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for inc, rec in zip(run.incidents, run.records):
        minutes = first_arrival_minutes(rec)
        place = np.where(inc.point >= 0, names[np.maximum(inc.point, 0)], "replayed")
        if by_area:
            place = np.where(place == "rural", area_names[model.node_area(inc.node)], place)
        for name in np.unique(place):
            sel = place == name
            rows.setdefault(str(name), []).append(float((minutes[sel] <= target_min).mean()))  # NaN <= t: a miss
            counts[str(name)] = counts.get(str(name), 0) + int(sel.sum())
    out = []
    for name, shares in rows.items():
        m, lo, hi = mean_ci95(shares, SHARE)
        out.append({"place": "countryside" if name == "rural" else name, "alarms": counts[name],
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
                  seed: int = 20250101, levers: bool = True, lever_replications: int = 10,
                  cell_m: float = DEFAULT_CELL_M,
                  boundary=None, offroad_kmh: float | None = None, warmup_days: float = 0.0) -> dict:
    """For each scenario: share of alarms and of population within target, where it is missed, and what closes the gap
    most.

    ``share_within_target`` (alarms) is :func:`raddsim.figures.metrics.summarize`'s, as in ``raddsim run``;
    ``population_within_target`` is :func:`residents_within`'s, as in ``raddsim map`` and ``raddsim report``.
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
        residents = residents_within(model, setups, target, cell_m=cell_m, boundary=boundary, offroad_kmh=offroad_kmh)
        sims = pending.result()
    finally:
        pending.cancel()
    runs = sims.runs
    out = {"target_minutes": target, "network": model.network.meta.get("label", ""),
           "network_approximate": bool(model.network.meta.get("approximate")),
           "metric_crs": model.network.metric_crs, **warmup_setting(warmup_days), "scenarios": {}}
    for setup, run in zip(setups, runs):
        figs = replication_figures(model, run)
        alarms = summarize([first_arrival_minutes(rec) for rec in run.records], target)
        area = {k[5:]: _area_figures(v) for k, v in figs.items() if k.startswith("area:")}
        entry = {
            "share_within_target": alarms["share_within_target"],
            "share_within_target_ci95": alarms["share_within_target_ci95"],
            "population_within_target": residents[setup.name],
            "by_station_area": area,
            "by_place": missed_by_place(model, run, target),
        }
        if levers:
            entry["levers"] = _levers(model, setup, run, lever_sets[setup.name], sims.what_if, years=years, seed=seed,
                                      replications=lever_replications, warmup_days=warmup_days)
        out["scenarios"][setup.name] = entry
    return out


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
        d = paired_differences(base_figs, figures_of[alt.name])["first_arrival"]
        results.append({"lever": label, "overrides": overrides, "share_within_target_change": d["share_within_target"],
                        "mean_minutes_change": d["mean"]})
    return sorted(results, key=lambda r: -(r["share_within_target_change"]["difference"] or 0))


def format_target(res: dict, lang: str = "en", region: Region | None = None) -> str:
    """The board's reading of the target, as text (labels from :mod:`raddsim.views.i18n`, numbers in ``lang``'s format).

    With ``region`` the candidate levers are worded from their overrides in ``lang`` (as in the board paper);
    without it, the English labels stored in ``res`` are shown.
    """
    from raddsim.views.board_text import lever_label
    from raddsim.views.i18n import t
    from raddsim.views.numbers import integer, num, pct
    from raddsim.views.plain_text import network_label, table

    target = res["target_minutes"]
    net = {"label": res["network"], "approximate": res.get("network_approximate")}
    lines = [t("target", lang, t=target), f"{t('network', lang)}: {network_label(net, lang)}"]
    if res.get("warmup_days"):
        lines.append(t("warmup_line", lang, d=res["warmup_days"]))
    for name, s in res["scenarios"].items():
        p = s["population_within_target"]
        ci = s["share_within_target_ci95"]
        lines += ["", f"== {name}",
                  f"{t('fig_alarms_within', lang, t=target)}: {pct(s['share_within_target'], 1, lang)}"
                  + (f" [{pct(ci[0], 1, lang)}–{pct(ci[1], 1, lang)}]" if ci else ""),
                  f"{t('fig_residents_within', lang, t=target)}: {pct(p['share'], 1, lang)}"
                  + _split(p, lang, res.get("metric_crs", SWEREF) == SWEREF)]
        worst = [r for r in s["by_place"] if r["alarms"] >= 5][:8]
        # Islands and alarm objects have names of their own in Swedish (name_sv); tätorter are Swedish already.
        demand = region.scenarios[name].demand if region is not None else None
        labels = {p.name: p.label(lang) for p in (*demand.islands, *demand.alarm_objects)} if demand else {}
        # A place every alarm of which was reached in time is not 'missed': say so instead of a table of 100 %.
        worst = [r for r in worst if r["share_within_target"] < 1]
        if not worst:
            lines += ["", t("tg_none_missed", lang, t=target)]
        else:
            by_area = any(r.get("kind") == "area" for r in worst)
            rows = [[t("area" if by_area else "tg_place", lang), t("alarms", lang), t("within", lang, t=target)]]
            rows += [[t("rep_countryside", lang) if r["place"] == "countryside" else labels.get(r["place"], r["place"]),
                      integer(r["alarms"], lang), pct(r["share_within_target"], 0, lang)] for r in worst]
            lines += ["", t("tg_missed", lang), table(rows)]
        if s.get("levers"):
            rows = [[t("tg_lever", lang), t("fig_alarms_within", lang, t=target), t("tg_mean_time", lang)]]
            for r in s["levers"][:5]:
                d, mm = r["share_within_target_change"], r["mean_minutes_change"]
                ci2 = d["ci95"]
                label = lever_label(r, region.scenarios[name], lang) if region is not None else r["lever"]
                rows.append(
                    [
                        label[:70],
                        f"{num(100 * d['difference'], 1, lang, sign=True)} {t('pp', lang)}"
                        + (
                            f" [{num(100 * ci2[0], 1, lang, sign=True)}, {num(100 * ci2[1], 1, lang, sign=True)}]"
                            if ci2
                            else ""
                        ),
                        f"{num(mm['difference'], 2, lang, sign=True)} min",
                    ]
                )
            lines += ["", t("tg_levers", lang), table(rows)]
    return "\n".join(lines)


def _area_figures(per_rep: np.ndarray) -> dict[str, Any]:
    """A station area's share within target and mean minutes with their 95 % CIs, from its replication figures.

    Means over the replications that had alarms in the area (NaN, JSON null, when none had any); the
    CI is Student's t over the same replications, as every other figure's (None with fewer than two).
    """
    out: dict[str, Any] = {}
    for key, column, bounds in (("share_within_target", 3, SHARE), ("mean_minutes", 0, TIME)):
        m, lo, hi = mean_ci95(per_rep[:, column], bounds)
        out[key] = m
        out[f"{key}_ci95"] = None if lo is None else [lo, hi]
    return out


def _split(p: dict, lang: str, sweden: bool) -> str:
    """' (tätorter x %, countryside y %)' after the residents within the target; '' without a places file, where
    every resident lives along the roads, or when the places hold every resident: the split would only repeat the
    total."""
    from raddsim.views.i18n import t, t_region
    from raddsim.views.numbers import pct

    if p.get("tatorter_share") is None or p.get("countryside_share") is None:
        return ""  # no places, or no one outside them (a city): the split would repeat the total
    return (f" ({t_region('tatorter', lang, sweden)} {pct(p['tatorter_share'], 1, lang)}, "
            f"{t('rep_countryside', lang)} {pct(p['countryside_share'], 1, lang)})")

