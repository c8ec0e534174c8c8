"""The figures behind the board paper's first page: paired differences, where they come from, how uncertain, what helps.

Everything is computed from simulation runs made with one seed, so scenarios
share their alarms and crew draws (common random numbers):

* paired differences of each scenario from the first, overall and per station
  area, for the first crew and the effective force (:mod:`raddsim.experiment.compare`);
* what the model does not know: the first scenario re-run at both ends of the
  plausible range of each of the region's ``[calibration]`` parameters (the
  genuinely uncertain ones, with their sources), ranked by the effect on the
  mean time to the first crew;
* which lever closes the gap most: the candidate levers of
  :func:`raddsim.experiment.target.candidate_levers` applied to the first
  scenario, ranked by the paired change in the mean time to the first crew.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from raddsim.core.errors import InputError
from raddsim.experiment.calibrate import Parameter, expand, parse_parameters
from raddsim.experiment.compare import paired_differences, replication_figures, run_scenarios
from raddsim.experiment.model import Model
from raddsim.experiment.runs import ScenarioRun, first_replications
from raddsim.experiment.summary import indicator_values
from raddsim.experiment.target import candidate_levers
from raddsim.figures.metrics import TIME, effective_force_minutes, figures_within, mean_ci95
from raddsim.region.region import Setup


def area_effective_figures(model: Model, run: ScenarioRun) -> dict[str, np.ndarray]:
    """Per-replication effective-force figures per station area: ``effective:<area>`` → (replications × figures);
    the share is within the force's own target (:meth:`raddsim.region.region.Region.effective_target`)."""
    from raddsim.experiment.compare import FIGURES

    target = model.region.effective_target()
    out: dict[str, list[list[float]]] = {f"effective:{name}": [] for name in model.area_names}
    for inc, rec in zip(run.incidents, run.records):
        eff = effective_force_minutes(rec)
        area = model.node_area(inc.node)
        for g, name in enumerate(model.area_names):
            m = eff[area == g]
            f = figures_within(m, target)
            f["share_missing"] = float(np.isnan(m).mean()) if len(m) else float("nan")
            out[f"effective:{name}"].append([f[k] for k in FIGURES])
    return {k: np.asarray(v, float) for k, v in out.items()}


def scenario_differences(model: Model, runs: list[ScenarioRun]) -> dict[str, dict]:
    """Paired differences of every scenario from the first: scenario → scope → figure → difference with CI.

    Scopes: ``first_arrival``, ``effective_force``, ``area:<area>`` (first crew)
    and ``effective:<area>`` (effective force).
    """
    figs = [{**replication_figures(model, r), **area_effective_figures(model, r)} for r in runs]
    out = {r.setup.name: paired_differences(figs[0], f) for r, f in zip(runs[1:], figs[1:])}
    years = [indicator_values(model, r) for r in runs]
    for r, y in zip(runs[1:], years[1:]):
        if len(y) and len(y) == len(years[0]):
            out[r.setup.name]["indicator"] = {"mean": _paired(years[0], y, r.replications)}
    return out


def _paired(base: np.ndarray, other: np.ndarray, replications: int = 0) -> dict:
    """Mean paired difference ``other − base`` of matched values (same simulated years under CRN) with its 95% CI.

    With several years per replication (``--years 3``) the CI is over the replications' mean differences:
    years of one replication share its vacancies and posterior draw and are not independent.
    """
    ok = np.isfinite(base) & np.isfinite(other)
    d = other - base
    per_rep = len(d) // replications if replications and len(d) % replications == 0 else 1
    if per_rep > 1:
        groups = [g[np.isfinite(g)] for g in d.reshape(replications, per_rep)]
        m, lo, hi = mean_ci95([float(g.mean()) for g in groups if len(g)])
        m = float(np.mean(d[ok]))  # the point estimate stays the mean over all matched years
    else:
        m, lo, hi = mean_ci95(d[ok])
    return {"difference": m, "ci95": None if lo is None else [lo, hi],
            "base": float(np.mean(base[ok])) if ok.any() else None,
            "other": float(np.mean(other[ok])) if ok.any() else None}


def yearly(model: Model, setup: Setup, *, years: float, seed: int, replications: int,
           warmup_days: float = 0.0) -> np.ndarray:
    """The values a board reads per simulated year: the yearly indicator, else each replication's mean first arrival
    (each replication after ``warmup_days`` of warm-up)."""
    run = run_scenarios(model, [setup], years=years, seed=seed, replications=replications,
                        warmup_days=warmup_days)[0]
    return run_yearly(model, run)


def run_yearly(model: Model, run: ScenarioRun) -> np.ndarray:
    """:func:`yearly` of replications already simulated."""
    values = indicator_values(model, run)
    return values if len(values) else replication_figures(model, run)["first_arrival"][:, 0]


def _parameter_setups(model: Model, setup: Setup) -> list[tuple[Parameter, list[Setup]]]:
    """Each uncertain ``[calibration]`` parameter with ``setup`` at the low and the high end of its plausible range."""
    region = model.region
    try:
        _, params = parse_parameters(region)
    except InputError:
        return []
    return [(p, [region.derive(f"{setup.name}~{k}{end}", setup.name, expand(p.key, value, setup))
                 for end, value in (("low", p.plausible[0]), ("high", p.plausible[1]))]) for k, p in enumerate(params)]


def _lever_setups(model: Model, setup: Setup) -> list[tuple[str, dict, Setup]]:
    """Each candidate lever as (label, overrides, ``setup`` with the lever applied)."""
    region = model.region
    return [(label, overrides, region.derive(f"{setup.name}~lever{k}", setup.name, overrides))
            for k, (label, overrides) in enumerate(candidate_levers(region, setup))]


def what_if_setups(model: Model, setup: Setup) -> list[Setup]:
    """The scenarios the what-if figures simulate (assumption ends, then levers): to simulate them elsewhere,
    e.g. on every core, and pass their :func:`yearly` values to :func:`board_figures` by name."""
    ends = [alt for _, pair in _parameter_setups(model, setup) for alt in pair]
    return ends + [alt for *_, alt in _lever_setups(model, setup)]


def _values(model: Model, setup: Setup, known: dict[str, np.ndarray] | None, *, years: float, seed: int,
            replications: int, warmup_days: float = 0.0) -> np.ndarray:
    if known is not None and setup.name in known:
        return known[setup.name]
    return yearly(model, setup, years=years, seed=seed, replications=replications, warmup_days=warmup_days)


def assumption_ranges(model: Model, setup: Setup, *, years: float, seed: int, replications: int,
                      known: dict[str, np.ndarray] | None = None, warmup_days: float = 0.0) -> list[dict]:
    """The yearly value (the indicator, else the mean first arrival) at both ends of each uncertain parameter's
    plausible range, largest effect first.

    Each row: ``key``, ``plausible``, ``source``/``source_sv``, ``mean_minutes`` (low end, high end) with
    ``mean_minutes_ci95`` (each end's 95 % interval, None with one replication), ``change`` (the paired difference
    high − low end with its ``ci95``: both ends share the seed's alarms) and ``effect_minutes``.
    The parameters are the region's ``[calibration]`` parameters (none: an empty list). ``known``:
    :func:`yearly` values already computed, by scenario name (see :func:`what_if_setups`); ``warmup_days``: the
    warm-up of those simulated here (the same as of ``known``'s).
    """
    kw: dict[str, Any] = dict(years=years, seed=seed, replications=replications, warmup_days=warmup_days)
    out = []
    for p, ends in _parameter_setups(model, setup):
        values = [_values(model, alt, known, **kw) for alt in ends]
        means = [float(np.nanmean(v)) for v in values]
        out.append({"key": p.key, "plausible": list(p.plausible), "source": p.source, "source_sv": p.source_sv,
                    "mean_minutes": means, "mean_minutes_ci95": [_mean_ci(v, replications) for v in values],
                    # both ends run with one seed (common random numbers): their paired difference is the
                    # assumption's effect, with a narrower interval than the two ends' own
                    "change": _paired(values[0], values[1], replications),
                    "effect_minutes": abs(means[1] - means[0])})
    return sorted(out, key=lambda r: -r["effect_minutes"])


def _mean_ci(values: np.ndarray, replications: int) -> list[float] | None:
    """The 95 % interval of the long-run mean of :func:`yearly` values (None with fewer than two replications).

    With several years per replication the interval is over the replications' means, as in :func:`_paired`.
    """
    v = np.asarray(values, float)
    per_rep = len(v) // replications if replications and len(v) % replications == 0 else 1
    if per_rep > 1:
        v = np.array([np.nanmean(g) if np.isfinite(g).any() else np.nan for g in v.reshape(replications, per_rep)])
    _, lo, hi = mean_ci95(v, TIME)
    return None if lo is None or hi is None else [lo, hi]


def lever_effects(model: Model, setup: Setup, *, years: float, seed: int, replications: int,
                  known: dict[str, np.ndarray] | None = None, warmup_days: float = 0.0) -> list[dict]:
    """Paired change of the yearly value (the indicator, else the mean first arrival) for each candidate lever on
    ``setup``, the largest gain first.

    ``known``: :func:`yearly` values already computed, by scenario name (``setup``'s own included);
    ``warmup_days``: the warm-up of those simulated here.
    """
    kw: dict[str, Any] = dict(years=years, seed=seed, replications=replications, warmup_days=warmup_days)
    base = _values(model, setup, known, **kw)
    out = []
    for label, overrides, alt in _lever_setups(model, setup):
        change = _paired(base, _values(model, alt, known, **kw), replications)
        out.append({"lever": label, "overrides": overrides, "mean_minutes_change": change})
    return sorted(out, key=lambda r: r["mean_minutes_change"]["difference"])


def board_figures(model: Model, runs: list[ScenarioRun], *, years: float, seed: int,
                  what_if_replications: int = 10, what_if: bool = True,
                  known: dict[str, np.ndarray] | None = None, warmup_days: float = 0.0) -> dict:
    """Differences, assumption ranges and levers for the board paper (see the module doc).

    Parameters
    ----------
    runs
        The report's scenario runs, all made with ``seed`` (common random numbers).
    what_if_replications
        Replications for each assumption end and each lever (fewer than the main runs; paired, so the CIs stay narrow).
    what_if
        False: skip the assumption ranges and levers (faster).
    known
        :func:`yearly` values of the :func:`what_if_setups` already simulated, by scenario name; the rest are
        simulated here. The first scenario's own values come from the first ``what_if_replications`` of
        ``runs[0]`` when it has them (the same replications, not simulated twice).
    warmup_days
        Days simulated before each replication's measured period, in ``runs`` and ``known`` and in the what-ifs
        simulated here (0: none).
    """
    base = runs[0].setup
    out: dict = {"base": base.name, "differences": scenario_differences(model, runs), "assumptions": [], "levers": [],
                 "what_if_replications": what_if_replications}
    if what_if:
        kw: dict[str, Any] = dict(years=years, seed=seed, replications=what_if_replications, warmup_days=warmup_days)
        known = dict(known or {})
        first = runs[0]
        same = (first.years, first.seed, first.warmup_days) == (years, seed, warmup_days)
        if base.name not in known and same and len(first.records) >= what_if_replications:
            known[base.name] = run_yearly(model, first_replications(first, what_if_replications))
        out["assumptions"] = assumption_ranges(model, base, known=known, **kw)
        out["levers"] = lever_effects(model, base, known=known, **kw)
    return out
