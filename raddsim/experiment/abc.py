"""Calibration that admits what it cannot know: approximate Bayesian computation by rejection.

The board's indicator gives two numbers (Norrtälje: 10.52 min in 2022, 11.19 in
2023). Several uncertain parameters move the simulated indicator (blue-light
speed, how far rural alarms lie off the roads, part-time absence, vacancies …),
so two numbers cannot pin them all down: many combinations fit. Instead of one
fitted point, this returns the *set* of parameter values consistent with the
data, given the year-to-year noise of a single simulated year:

1. Draw ``n_sets`` parameter sets from the parameters' ranges (the priors,
   uniform; Latin hypercube) — the keys named in ``[calibration] abc``.
2. Simulate each set for ``replications`` independent one-year replications
   (through the sweep machinery; common random numbers across sets).
3. Pair the simulated years as the observed years are paired (replications
   2k, 2k + 1 stand for 2022, 2023) and accept a (set, pair) when the pair's
   mean indicator lies within ``tolerance`` minutes of the observed mean
   (ABC rejection; several pseudo-observations per set).
4. The accepted sets, weighted by their accepted pairs, are the posterior.
   For each parameter the report compares the posterior spread with the prior's:
   a ratio near 1 says the indicator data do not constrain it.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from raddsim.core.bounds import DEFAULT_SEED
from raddsim.core.errors import InputError
from raddsim.experiment.calibrate import parse_parameters, warmup_comment
from raddsim.experiment.model import Model
from raddsim.experiment.runs import check_warmup
from raddsim.experiment.summary import warmup_setting
from raddsim.experiment.uncertain import (
    UncertainParameter,
    build_spec,
    check_sets,
    latin_hypercube,
    uncertain_parameters,
)
from raddsim.region.config import Table, did_you_mean
from raddsim.region.region import REPORTED_FORM, Region

#: Posterior sd / prior sd below this: the data constrain the parameter (reported in words).
CONSTRAINED = 0.8
#: Effective number of accepted sets needed before saying whether the data constrain a parameter.
MIN_EFFECTIVE = 5.0
#: How ``posterior_mean_mcse`` is made (the JSON's ``posterior_mean_mcse_method``, said in the printed report too).
MCSE_METHOD = ("Monte Carlo standard error of each posterior mean: the weighted posterior sd / sqrt(Kish's effective "
               "number of accepted sets); 95 % interval: mean ± 1.96 × that (normal approximation; none from a "
               "single accepted set). It treats the accepted sets as independent draws; the Latin hypercube "
               "usually makes the true error of a mean smaller, so it errs on the safe side")


def effective_size(w: np.ndarray) -> float:
    """Kish's effective sample size of weights ``w``."""
    return float(w.sum() ** 2 / (w @ w)) if w.sum() > 0 else 0.0


def posterior_mean_mcse(x: np.ndarray, w: np.ndarray) -> float | None:
    """Monte Carlo standard error of the weighted mean of ``x``: weighted sd / sqrt(effective size of ``w``).

    Parameters
    ----------
    x
        One value per parameter set.
    w
        The sets' weights (accepted pseudo-observations).

    Returns
    -------
    float or None
        The standard error; None with fewer than two accepted sets (no spread to estimate it from).
    """
    if np.count_nonzero(w > 0) < 2:
        return None
    mean = float(np.average(x, weights=w))
    sd = math.sqrt(float(np.average((x - mean) ** 2, weights=w)))
    return sd / math.sqrt(effective_size(w))


def abc_settings(region: Region) -> tuple[str, list[UncertainParameter]]:
    """The scenario and the ranged parameters named in ``[calibration] abc``."""
    raw = region.raw.get("calibration")
    if raw is None or "abc" not in raw:
        raise InputError("the region file names no parameters to calibrate jointly.", file=region.file,
                         field="calibration.abc", fix='add [calibration] abc = ["network.blue_light.scale", ...].')
    t = Table(raw, region.file, "calibration")
    if "parameters" in raw:  # bisect's own list: checked on this method too, or a slip in it waits for --method bisect
        parse_parameters(region)
    t.check_keys(["scenario", "parameters", "note", "abc"])
    scenario = t.str("scenario")
    if scenario not in region.scenarios:
        raise t.error("scenario", f"unknown scenario '{scenario}'.{did_you_mean(scenario, region.scenarios)}",
                      fix=f"use one of: {', '.join(region.scenarios)}.")
    ranged = {p.key: p for p in uncertain_parameters(region)}
    params = []
    for key in t.str_list("abc"):
        if key not in ranged:
            raise t.error("abc", f"'{key}' is not a parameter with a range in the region "
                                 f"file.{did_you_mean(key, ranged)}",
                          fix="write the parameter as { value = x, range = [lo, hi], source = \"...\" } or use one of: "
                              + ", ".join(ranged) + ".")
        if ranged[key].high <= ranged[key].low:  # nothing to fit; was a traceback after all the simulation
            raise t.error("abc", f"'{key}' has a range of one value ({ranged[key].low:g}): there is nothing to "
                                 "calibrate.", fix=f"widen the range of {key} in the region file, or drop it from abc.")
        params.append(ranged[key])
    return scenario, params


def _simulate(model: Model, scenario: str, params: Sequence[UncertainParameter], values: np.ndarray, *,
              replications: int, seed: int, processes: int | None, workers: int | None,
              scheduler: str | None, out: str | Path | None, warmup_days: float = 0.0,
              progress: bool = False, tls: tuple[str | None, str | None, str | None] | None = None) -> np.ndarray:
    """Yearly indicator (mean first arrival) of every (set, replication): sets × replications, each replication
    after ``warmup_days`` of warm-up."""
    import pyarrow.parquet as pq

    from raddsim.sweep.execute import run_sweep

    region = model.region
    spec = build_spec(region, scenario, scenario, params, values, years=1.0, replications=replications, seed=seed,
                      warmup_days=warmup_days)
    import dataclasses

    spec = dataclasses.replace(spec, scenarios=(scenario,), name=f"calibrate {scenario}")
    check_sets(region, spec)
    with tempfile.TemporaryDirectory(prefix="raddsim-abc-") as tmp:
        run = run_sweep(spec, out or Path(tmp) / "sweep", processes=processes, workers=workers, scheduler=scheduler,
                        tls=tls, progress=progress, loaded=(region, model, spec))
        table = pq.read_table(run.results_file).to_pandas().sort_values(["point", "replication"])
    y = table["first_arrival_mean"].to_numpy(float).reshape(len(values), replications)
    return y


def _year_groups(replications: int, years: int) -> int:
    """Pseudo-observations per set: groups of ``years`` replications, one per reported year; none is refused."""
    if replications // years == 0:
        raise InputError(f"calibration needs at least {years} replications (one per reported year).",
                         field="replications", fix=f"give {2 * years} replications or more.")
    return replications // years


def abc_weights(y: np.ndarray, observed: Sequence[float], tolerance: float) -> np.ndarray:
    """Accepted pseudo-observations per set: simulated year groups whose mean is within ``tolerance`` of the observed
    mean."""
    k = len(observed)
    groups = _year_groups(y.shape[1], k)
    means = y[:, : groups * k].reshape(len(y), groups, k).mean(axis=2)
    return (np.abs(means - float(np.mean(observed))) <= tolerance).sum(axis=1).astype(float)


def posterior_table(params: Sequence[UncertainParameter], values: np.ndarray, w: np.ndarray) -> list[dict]:
    """Per parameter: prior range and sd, weighted posterior median, 5–95 % and sd, and their ratio."""
    rows = []
    for j, p in enumerate(params):
        prior_sd = (p.high - p.low) / math.sqrt(12.0)
        row: dict[str, Any] = {"key": p.key, "prior": [p.low, p.high], "prior_sd": prior_sd, "stated_value": p.value,
                               "source": p.source, "integer": p.integer}
        if w.sum() > 0:
            x = values[:, j]
            mean = float(np.average(x, weights=w))
            sd = math.sqrt(float(np.average((x - mean) ** 2, weights=w)))
            order = np.argsort(x)
            cw = np.cumsum(w[order]) / w.sum()
            q = {f"p{n}": float(x[order][min(int(np.searchsorted(cw, n / 100)), len(x) - 1)]) for n in (5, 50, 95)}
            ratio = sd / prior_sd if prior_sd > 0 else None
            # With few accepted sets the posterior spread says nothing about the data: no verdict.
            judged = ratio is not None and effective_size(w) >= MIN_EFFECTIVE
            se = posterior_mean_mcse(x, w)
            row.update({"posterior_mean": mean, "posterior_mean_mcse": se,
                        "posterior_mean_ci95": None if se is None else [mean - 1.96 * se, mean + 1.96 * se],
                        "posterior_sd": sd, "posterior": q, "sd_ratio": ratio,
                        "constrained": bool(ratio < CONSTRAINED) if judged and ratio is not None else None})
        rows.append(row)
    return rows


def abc_calibrate(model: Model, *, n_sets: int = 60, replications: int = 6, tolerance: float = 0.15,
                  seed: int = DEFAULT_SEED, lhs_seed: int = 1, targets: dict[str, float] | None = None,
                  processes: int | None = None, workers: int | None = None, scheduler: str | None = None,
                  out: str | Path | None = None, params: Sequence[UncertainParameter] | None = None,
                  warmup_days: float = 0.0, progress: bool = False,
                  tls: tuple[str | None, str | None, str | None] | None = None) -> dict:
    """Joint ABC-rejection calibration of ``[calibration] abc`` against the reported years (module docstring).

    ``warmup_days``: days simulated before each pseudo-observation's year (0: none), recorded in the settings.
    ``out``: a sweep folder that keeps the simulations (a calibration stopped part-way resumes from it; the same
    settings, region files and raddsim version are required). ``progress``: a progress bar on stderr. ``tls``: a
    ``tls://`` scheduler's (CA certificate, client certificate, client key) PEM files.
    """
    warmup_days = check_warmup(warmup_days)  # before any work
    region = model.region
    scenario, named = abc_settings(region)
    params = list(named if params is None else params)
    observed = dict(targets or region.reported_minutes)
    if not observed:
        raise InputError("no reported indicator to calibrate to.", file=region.file, field="region.reported_minutes",
                         fix=f"add {REPORTED_FORM}")
    spec = region.indicator
    if spec.statistic != "mean" or spec.types or spec.commander_counts:
        raise InputError("joint calibration compares the mean first arrival of all alarms; the [indicator] is defined "
                         "otherwise.",
                         file=region.file, field="indicator", fix="calibrate with the default indicator definition.")
    _year_groups(replications, len(observed))  # before the work: was refused only after every set was simulated
    values = latin_hypercube(params, n_sets, lhs_seed)
    y = _simulate(model, scenario, params, values, replications=replications, seed=seed, processes=processes,
                  workers=workers, scheduler=scheduler, out=out, warmup_days=warmup_days, progress=progress, tls=tls)
    w = abc_weights(y, list(observed.values()), tolerance)
    accepted = np.flatnonzero(w > 0)
    spread = [float(np.percentile(y, 5)), float(np.percentile(y, 95))]
    return {
        "method": "ABC rejection", "scenario": scenario, "reported_minutes": observed,
        # reported_mean_minutes is what the fit aims at; target_minutes is its old name (the same value), kept for
        # readers of older files: it is not the region's response-time target.
        "reported_mean_minutes": float(np.mean(list(observed.values()))),
        "target_minutes": float(np.mean(list(observed.values()))), "tolerance_minutes": tolerance,
        "parameter_sets": n_sets, "replications_per_set": replications,
        "pseudo_observations": int(n_sets * (replications // len(observed))),
        "accepted_pseudo_observations": int(w.sum()), "accepted_sets": int(len(accepted)),
        "effective_accepted_sets": effective_size(w), "posterior_mean_mcse_method": MCSE_METHOD,
        "simulated_single_year_5_95": spread,
        "parameters": posterior_table(params, values, w),
        # "set" is the row of the Latin hypercube and "years_minutes" what accepted it: a posterior file keeps both,
        # so a test can re-simulate a few rows and tell when the model has moved away from the shipped posterior.
        "sets": [{"set": int(j), "weight": float(w[j]), "mean_minutes": float(y[j].mean()),
                  "years_minutes": [float(v) for v in y[j]],
                  "values": {p.key: float(values[j, k]) for k, p in enumerate(params)}} for j in accepted],
        "settings": {"seed": seed, "lhs_seed": lhs_seed, "years": 1.0, **warmup_setting(warmup_days)},
    }


def replay_rows(model: Model, rows: Sequence[int], *, n_sets: int, replications: int, tolerance: float,
                seed: int, lhs_seed: int, processes: int | None = 0, warmup_days: float = 0.0) -> dict:
    """Re-simulate some rows of a calibration's Latin hypercube exactly as :func:`abc_calibrate` simulated them.

    Replication *r* of every parameter set uses the streams ``(seed, r, …)`` whatever the set's position in
    the sweep (common random numbers), so a few rows give the same yearly indicators as in the whole run, in
    seconds instead of minutes: how to check that a stored posterior still matches the model.

    Parameters
    ----------
    model
        The region's model (its ``[calibration] abc`` parameters and reported years).
    rows
        Rows of the Latin hypercube (``set`` of :func:`abc_calibrate`'s accepted sets).
    n_sets, replications, tolerance, seed, lhs_seed
        The calibration's settings (a posterior file records them).
    processes
        Local worker processes (0: in this process).
    warmup_days
        The calibration's warm-up (its settings' ``warmup_days``; 0 when it has none).

    Returns
    -------
    dict
        ``values`` (rows × parameters), ``years_minutes`` (rows × replications) and ``weights`` (accepted
        pseudo-observations of each row), in the order of ``rows``.
    """
    scenario, params = abc_settings(model.region)
    values = latin_hypercube(params, n_sets, lhs_seed)[list(rows)]
    y = _simulate(model, scenario, params, values, replications=replications, seed=seed, processes=processes,
                  workers=None, scheduler=None, out=None, warmup_days=warmup_days)
    w = abc_weights(y, list(model.region.reported_minutes.values()), tolerance)
    return {"keys": [p.key for p in params], "values": values, "years_minutes": y, "weights": w}


def format_abc(res: dict, lang: str = "en") -> str:
    """Readable report of a joint calibration, in ``lang`` ("en" or "sv")."""
    from raddsim.views.i18n import t
    from raddsim.views.numbers import formatted

    def num(x: float, spec: str) -> str:
        return formatted(x, spec, lang)

    # a decimal comma in Swedish: the years are then separated by semicolons
    obs = ("; " if lang == "sv" else ", ").join(f"{y}: {num(v, '.2f')}" for y, v in res["reported_minutes"].items())
    lo, hi = res["simulated_single_year_5_95"]
    lines = [t("abc_head", lang, s=res["scenario"], obs=obs, m=res["target_minutes"], tol=res["tolerance_minutes"]),
             t("abc_sets", lang, n=res["parameter_sets"], r=res["replications_per_set"],
               a=res["accepted_pseudo_observations"], p=res["pseudo_observations"], k=res["accepted_sets"], lo=lo,
               hi=hi, sets=t("abc_word_set" if res["accepted_sets"] == 1 else "abc_word_sets", lang))]
    if not res["accepted_sets"]:
        # Every reported year inside the simulated spread: no set within the tolerance is then most likely chance
        # with few sets (12 sets: probe_bad2 #11), not a model that misses the data.
        inside = all(lo <= v <= hi for v in res["reported_minutes"].values())
        lines.append(t("abc_too_few_sets" if inside else "abc_no_fit", lang, n=res["parameter_sets"]))
        return "\n".join(lines)
    lines.append("")
    w = max(len(p["key"]) for p in res["parameters"])
    lines.append(f"{t('abc_col_parameter', lang).ljust(w)}  {t('abc_col_prior', lang):>17}  "
                 f"{t('abc_col_posterior', lang):>28}  {t('abc_col_ratio', lang).ljust(8)}  "
                 + t("abc_col_verdict", lang))
    verdict = {True: "abc_yes", False: "abc_hardly", None: "abc_too_few"}
    for p in res["parameters"]:
        post = p["posterior"]
        lines.append(f"{p['key'].ljust(w)}  {num(p['prior'][0], '>7.3g')} – {num(p['prior'][1], '<7.3g')}  "
                     f"{num(post['p50'], '>9.3g')} [{num(post['p5'], '.3g')}–{num(post['p95'], '.3g')}]".ljust(w + 49)
                     + f"  {_ratio_text(p, lang)}      " + t(verdict[p["constrained"]], lang))
    return "\n".join(lines + mcse_lines(res, lang) + ["", best_set_line(res, lang)])


def _ratio_text(p: dict, lang: str = "en") -> str:
    """The sd ratio in its column: "–" when too few sets were accepted to judge it (one set's ratio is 0, which
    would read as "fully constrained")."""
    if p["constrained"] is None or p["sd_ratio"] is None:
        return "–".ljust(4)
    from raddsim.views.numbers import formatted

    return formatted(p["sd_ratio"], ".2f", lang)


def best_set(res: dict) -> dict:
    """The accepted set written as the calibrated scenario: the most accepted pseudo-observations, then the mean
    nearest the reported one."""
    return max(res["sets"], key=lambda s: (s["weight"], -abs(s["mean_minutes"] - res["target_minutes"])))


def best_set_line(res: dict, lang: str = "en") -> str:
    """The calibrated scenario's simulated years against the reported years, in ``lang``."""
    from raddsim.views.i18n import t
    from raddsim.views.numbers import formatted

    best = best_set(res)
    years = best["years_minutes"]
    obs = ("; " if lang == "sv" else ", ").join(f"{y}: {formatted(v, '.2f', lang)}"
                                                 for y, v in res["reported_minutes"].items())
    return t("abc_best_set", lang, set=best["set"], r=len(years), m=formatted(best["mean_minutes"], ".2f", lang),
             lo=formatted(min(years), ".2f", lang), hi=formatted(max(years), ".2f", lang), obs=obs,
             rm=formatted(res["target_minutes"], ".2f", lang))


def mcse_lines(res: dict, lang: str = "en") -> list[str]:
    """The posterior means with their Monte Carlo standard error and 95 % interval, and how they are made."""
    from raddsim.views.i18n import t

    lines = ["", t("abc_mcse_head", lang, n=res["effective_accepted_sets"])]
    for p in res["parameters"]:
        se = p.get("posterior_mean_mcse")
        if "posterior_mean" not in p:
            continue
        if se is None:
            lines.append(t("abc_mcse_none", lang, name=p["key"], m=p["posterior_mean"]))
        else:
            lo, hi = p["posterior_mean_ci95"]
            lines.append(t("abc_mcse_row", lang, name=p["key"], m=p["posterior_mean"], se=se, lo=lo, hi=hi))
    return lines


def abc_scenario_file_text(res: dict, name: str, command: str = "") -> str:
    """The calibrated scenario (the best-supported accepted set, a joint point) as TOML, posterior intervals in
    comments; ``command``, if given, is recorded as the command that made it."""
    if not res["sets"]:
        raise InputError("no parameter set was accepted; there is no calibrated scenario to write.",
                         fix="widen the ranges or the --tolerance, or run more --sets.")
    best = best_set(res)
    lines = [f"# Written by `raddsim calibrate` (ABC rejection): '{res['scenario']}' against "
             + ", ".join(f"{y}: {v}" for y, v in res["reported_minutes"].items()) + " min.",
             f"# {res['accepted_sets']} of {res['parameter_sets']} parameter sets accepted "
             f"({res['accepted_pseudo_observations']} of {res['pseudo_observations']} pseudo-observations, tolerance "
             f"±{res['tolerance_minutes']} min). The scenario below is the accepted set with the most accepted",
             f"# pseudo-observations (set {best['set']}, simulated mean {best['mean_minutes']:.2f} min); the data "
             "constrain only",
             "# the parameters marked so — use `raddsim compare --uncertain` for the rest of the uncertainty."]
    if command:  # so the shipped file can be re-made exactly when the model changes
        lines.insert(1, f"# Made by: {command}")
    lines += warmup_comment(res)
    for p in res["parameters"]:
        if "posterior" in p:
            q = p["posterior"]
            lines.append(f"# {p['key']}: prior {p['prior']}, posterior {q['p50']:.4g} [{q['p5']:.4g}, {q['p95']:.4g}], "
                         f"sd ratio {_ratio_text(p).strip()} ("
                         + {True: "constrained", False: "not constrained",
                            None: "too few accepted sets to say"}[p["constrained"]] + ")")
    lines += ["", f'[scenarios."{name}"]', f'base = "{res["scenario"]}"',
              "posterior = false  # one joint point, not the sets",
              f'description = "{res["scenario"]} at the best-supported parameter set of a joint ABC calibration to the '
              'reported indicator"',
              f'description_sv = "{res["scenario"]} vid den bäst stödda parameteruppsättningen från en gemensam '
              'ABC-kalibrering mot det redovisade nyckeltalet"']
    for key, value in best["values"].items():
        lines.append(".".join(f'"{s}"' if not s.replace("_", "").isalnum() else s for s in key.split("."))
                     + f" = {round(value, 6)!r}")
    return "\n".join(lines) + "\n"
