"""The response-time target as a board reads it: who is reached in time, where it is missed, what helps most."""

from __future__ import annotations

import numpy as np

from raddsim.experiment.compare import paired_differences, replication_figures, run_scenarios
from raddsim.experiment.runs import ScenarioRun
from raddsim.figures.metrics import SHARE, first_arrival_minutes, mean_ci95
from raddsim.experiment.model import Model
from raddsim.region.region import Setup


def expected_point_times(model: Model, setup: Setup) -> np.ndarray:
    """Static minutes to each demand point with every crew free: stated turnout + drive + mean last stretch."""
    prep = model.prepare(setup)
    fleet, pts, a = prep.fleet, prep.points, setup.demand.access
    crews = fleet.in_service & ~fleet.command
    eta = (fleet.turnout_s + fleet.request_delay_s)[crews, None] + prep.tables.to_node[fleet.station[crews]][:, pts.node]
    # Mean of the last stretch: 2/3 of the disc radius for a uniform point in a disc; the exponential's mean otherwise.
    access = np.where(pts.radius_m > 0, pts.radius_m * 2 / 3 * a.urban_circuity / (a.urban_speed_kmh / 3.6),
                      a.rural_mean_m / (a.rural_speed_kmh / 3.6))
    return (eta.min(axis=0) + access) / 60.0


def population_within(model: Model, setup: Setup, target_min: float) -> dict:
    """Share of residents whose expected first-crew time (all crews free) is within the target."""
    pts, _ = model.demand(setup.demand)
    minutes = expected_point_times(model, setup)
    w = pts.weight
    ok = minutes <= target_min
    rural = ~pts.is_urban
    return {
        "share": float(w[ok].sum() / w.sum()),
        "tatorter_share": float(w[ok & ~rural].sum() / w[~rural].sum()) if (~rural).any() else None,
        "countryside_share": float(w[ok & rural].sum() / w[rural].sum()) if rural.any() else None,
        "by_tatort_minutes": {str(pts.name[k]): float(minutes[k]) for k in np.flatnonzero(~rural)},
    }


def missed_by_place(model: Model, run: ScenarioRun, target_min: float) -> list[dict]:
    """Simulated share of alarms within target per tätort (and the countryside), worst first."""
    names = run.prepared.points.name
    rows: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for inc, rec in zip(run.incidents, run.records):
        minutes = first_arrival_minutes(rec)
        place = np.where(inc.point >= 0, names[np.maximum(inc.point, 0)], "replayed")
        for name in np.unique(place):
            sel = (place == name) & np.isfinite(minutes)
            if sel.any():
                rows.setdefault(str(name), []).append(float((minutes[sel] <= target_min).mean()))
                counts[str(name)] = counts.get(str(name), 0) + int(sel.sum())
    out = []
    for name, shares in rows.items():
        m, lo, hi = mean_ci95(shares, SHARE)
        out.append({"place": "countryside" if name == "rural" else name, "alarms": counts[name], "share_within_target": m,
                    "share_within_target_ci95": None if lo is None else [lo, hi]})
    return sorted(out, key=lambda r: r["share_within_target"])


def candidate_levers(region, setup: Setup) -> list[tuple[str, dict]]:
    """Changes a board could make, as scenario overrides: staff a crew at another level, faster turnout."""
    levers = []
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
                  seed: int = 20250101, levers: bool = True, lever_replications: int = 10) -> dict:
    """For each scenario: share of alarms and of population within target, where it is missed, and what closes the gap most."""
    region = model.region
    target = region.target_minutes
    runs = run_scenarios(model, setups, years=years, seed=seed, replications=replications)
    out = {"target_minutes": target, "network": model.network.meta.get("label", ""), "scenarios": {}}
    for setup, run in zip(setups, runs):
        figs = replication_figures(model, run)
        m, lo, hi = mean_ci95(figs["first_arrival"][:, 3], SHARE)
        area = {k[5:]: {"share_within_target": float(np.nanmean(v[:, 3])), "mean_minutes": float(np.nanmean(v[:, 0]))}
                for k, v in figs.items() if k.startswith("area:")}
        entry = {
            "alarms_within_target": m, "alarms_within_target_ci95": None if lo is None else [lo, hi],
            "population_within_target": population_within(model, setup, target),
            "by_station_area": area,
            "by_place": missed_by_place(model, run, target),
        }
        if levers:
            base = run_scenarios(model, [setup], years=years, seed=seed, replications=lever_replications)[0]
            base_figs = replication_figures(model, base)
            results = []
            for k, (label, overrides) in enumerate(candidate_levers(region, setup)):
                alt = region.derive(f"{setup.name}~lever{k}", setup.name, overrides)
                alt_run = run_scenarios(model, [alt], years=years, seed=seed, replications=lever_replications)[0]
                d = paired_differences(base_figs, replication_figures(model, alt_run))["first_arrival"]
                results.append({"lever": label, "overrides": overrides,
                                "share_within_target_change": d["share_within_target"],
                                "mean_minutes_change": d["mean"]})
            entry["levers"] = sorted(results, key=lambda r: -(r["share_within_target_change"]["difference"] or 0))
        out["scenarios"][setup.name] = entry
    return out


def format_target(res: dict, lang: str = "en") -> str:
    """The board's reading of the target, as text."""
    from raddsim.views.console import _pct, _table

    sv = lang == "sv"
    t = res["target_minutes"]
    lines = [("Målet: första styrka på plats inom {t:g} min" if sv else "Target: first crew on scene within {t:g} min").format(t=t),
             f"{'Vägnät' if sv else 'Network'}: {res['network']}"]
    for name, s in res["scenarios"].items():
        p = s["population_within_target"]
        ci = s["alarms_within_target_ci95"]
        lines += ["", f"== {name}",
                  ("larm inom målet: " if sv else "alarms within target: ") + f"{_pct(s['alarms_within_target'], 1)}"
                  + (f" [{_pct(ci[0], 1)}–{_pct(ci[1], 1)}]" if ci else ""),
                  ("befolkning inom målet när alla styrkor är lediga: " if sv else "population within target when every crew is free: ")
                  + f"{_pct(p['share'], 1)} ({'tätorter' if sv else 'tätorter'} {_pct(p['tatorter_share'], 1)}, "
                  + f"{'landsbygd' if sv else 'countryside'} {_pct(p['countryside_share'], 1)})"]
        worst = [r for r in s["by_place"] if r["alarms"] >= 5][:8]
        rows = [["plats" if sv else "place", "larm" if sv else "alarms", "inom målet" if sv else "within target"]]
        rows += [[r["place"], f"{r['alarms']:,}", _pct(r["share_within_target"])] for r in worst]
        lines += ["", "Där målet missas oftast:" if sv else "Where the target is missed most:", _table(rows)]
        if s.get("levers"):
            rows = [["åtgärd" if sv else "lever", "andel inom målet" if sv else "share within target", "medeltid" if sv else "mean time"]]
            for r in s["levers"][:5]:
                d, mm = r["share_within_target_change"], r["mean_minutes_change"]
                ci2 = d["ci95"]
                rows.append([r["lever"][:70], f"{100 * d['difference']:+.1f} pp" + (f" [{100 * ci2[0]:+.1f}, {100 * ci2[1]:+.1f}]" if ci2 else ""),
                             f"{mm['difference']:+.2f} min"])
            lines += ["", "Vad som minskar gapet mest (parvisa skillnader, gemensamma slumptal):" if sv
                      else "What closes the gap most (paired differences, common random numbers):", _table(rows)]
    return "\n".join(lines)
