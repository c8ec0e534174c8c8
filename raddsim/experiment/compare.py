"""Comparing scenarios: paired differences under common random numbers.

Every scenario runs replication ``r`` on the same alarm stream and the same
crew-response draws (streams keyed by replication and purpose, see
:mod:`raddsim.core.streams`). The difference of a figure between two scenarios is
computed per replication and its 95% CI is Student's t on those paired
differences, which removes the alarm-to-alarm noise both scenarios share.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from raddsim import __version__
from raddsim.core.bounds import DEFAULT_REPLICATIONS, DEFAULT_SEED
from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError, NoIntervalWarning
from raddsim.experiment.arguments import check_replications, check_run, scenarios
from raddsim.experiment.model import Model
from raddsim.experiment.runs import ScenarioRun, check_warmup, run_replication
from raddsim.experiment.summary import network_summary, scenario_summary, warmup_setting
from raddsim.figures.metrics import (
    NULL_CI95,
    TIME,
    effective_force_minutes,
    figures_within,
    first_arrival_minutes,
    mean_ci95,
    no_ci_reason,
    share_ci95,
)
from raddsim.region.region import Setup

FIGURES = ("mean", "median", "p90", "share_within_target", "share_missing")
#: How every interval in the JSON of ``raddsim compare`` is made (its ``settings.ci95_method``).
CI95_METHOD = {
    "scenarios": "Student t (95 %) over the replications' values of each figure, clipped to the figure's range; "
                 "a share of alarms widened where needed to hold Wilson's interval of the pooled share at the "
                 "effective number of alarms (raddsim.figures.metrics.share_ci95)",
    "differences": "paired: Student t (95 %) over the per-replication differences other − base; replication r "
                   "of every scenario uses the same random streams (common random numbers)",
    "levels": "differences' base_ci95 / other_ci95: each scenario's own interval of its level, made as the "
              "scenarios' (a time: Student t; a share: widened to hold Wilson's); not paired",
    "null": NULL_CI95,
}
#: Figures over the alarms a crew reached (NaN times left out): comparable only when that set is the same.
TIME_FIGURES = ("mean", "median", "p90")


def replication_figures(model: Model, run: ScenarioRun) -> dict[str, np.ndarray]:
    """Per-replication headline figures: scope → array (replications × figures).

    Scopes: ``first_arrival``, ``effective_force`` and ``area:<station area>``, with target zones also ``zoned`` (the
    first crew, each alarm's share against its own zone's target); the effective force's share is within its own
    target (:meth:`raddsim.region.region.Region.effective_target`).
    """
    target, effective_target = model.region.target_minutes, model.region.effective_target()
    out: dict[str, list[list[float]]] = {"first_arrival": [], "effective_force": []}
    names = model.area_names
    for name in names:
        out[f"area:{name}"] = []
    zones = model.region.target_zones
    if zones is not None:  # every alarm against its own target zone's target (only then: the JSON as it was)
        out["zoned"] = []

    def row(minutes: np.ndarray, within: float | np.ndarray = target) -> list[float]:
        f = figures_within(minutes, within)
        f["share_missing"] = float(np.isnan(minutes).mean()) if len(minutes) else float("nan")
        return [f[k] for k in FIGURES]

    for inc, rec in zip(run.incidents, run.records):
        first = first_arrival_minutes(rec)
        out["first_arrival"].append(row(first))
        out["effective_force"].append(row(effective_force_minutes(rec), effective_target))
        area = model.node_area(inc.node)
        for g, name in enumerate(names):
            out[f"area:{name}"].append(row(first[area == g]))
        if zones is not None:
            out["zoned"].append(row(first, zones.target_of(model.node_zone(run.setup, inc.node), target)))
    return {k: np.asarray(v, float) for k, v in out.items()}


def paired_differences(base: dict[str, np.ndarray], other: dict[str, np.ndarray]) -> dict[str, dict]:
    """Mean paired difference ``other − base`` with its 95% CI, per scope and figure."""
    out: dict[str, dict] = {}
    for scope, a in base.items():
        b = other[scope]
        d = b - a
        scope_out = {}
        for k, fig in enumerate(FIGURES):
            # A difference of two shares lies in [-1, 1]; of two times, anywhere.
            m, lo, hi = mean_ci95(d[:, k], (-1.0, 1.0) if fig == "share_within_target" else None)
            scope_out[fig] = {
                "difference": m,
                "ci95": None if lo is None else [lo, hi],
                "significant": bool(lo is not None and hi is not None and (lo > 0 or hi < 0)),
                "base": float(np.nanmean(a[:, k])) if np.isfinite(a[:, k]).any() else None,
                "other": float(np.nanmean(b[:, k])) if np.isfinite(b[:, k]).any() else None,
            }
        _mark_comparable(scope_out, d[:, FIGURES.index("share_missing")])
        out[scope] = scope_out
    return out


def alarm_counts(model: Model, run: ScenarioRun) -> dict[str, list[int]]:
    """Each replication's alarms per scope of :func:`replication_figures`: the sizes its shares are of.

    ``first_arrival``, ``effective_force`` and ``zoned`` count every alarm; ``area:<name>`` the station area's.
    """
    every = [len(rec) for rec in run.records]
    out: dict[str, list[int]] = {"first_arrival": every, "effective_force": every, "zoned": every}
    areas = [model.node_area(inc.node) for inc in run.incidents]
    for g, name in enumerate(model.area_names):
        out[f"area:{name}"] = [int((a == g).sum()) for a in areas]
    return out


def level_intervals(diffs: dict[str, dict], figs: tuple[dict[str, np.ndarray], dict[str, np.ndarray]],
                    sizes: tuple[dict[str, list[int]], dict[str, list[int]]]) -> dict[str, dict]:
    """``diffs`` (:func:`paired_differences`) with ``base_ci95`` and ``other_ci95`` beside each level.

    Parameters
    ----------
    diffs
        The paired differences of ``figs[1]`` from ``figs[0]``.
    figs
        The base's and the other scenario's :func:`replication_figures`.
    sizes
        Their :func:`alarm_counts`, the numbers of alarms each replication's shares are of.

    Returns
    -------
    dict
        ``diffs``, each figure's block with the two levels' 95 % intervals (None with fewer than two replications
        giving a value), made as the scenarios' own: a share's with :func:`~raddsim.figures.metrics.share_ci95`, a
        time's with :func:`~raddsim.figures.metrics.mean_ci95` (the paired table read a level without its interval).
    """
    for scope, blocks in diffs.items():
        for k, fig in enumerate(FIGURES):
            for side, f, n in (("base", figs[0], sizes[0]), ("other", figs[1], sizes[1])):
                column = f[scope][:, k]
                _, lo, hi = (share_ci95(column, n[scope]) if fig.startswith("share") else mean_ci95(column, TIME))
                blocks[fig][f"{side}_ci95"] = None if lo is None or blocks[fig][side] is None else [lo, hi]
    return diffs


def _mark_comparable(scope: dict[str, dict], missing_difference: np.ndarray) -> None:
    """Set ``comparable`` on the time figures: False when the share of alarms no crew reaches changes.

    Times are averaged over the alarms reached. A scenario that cuts an area off (a ferry out of
    service) drops that area's slowest alarms from its mean, which then looks like an improvement.
    Under common random numbers both scenarios see the same alarms and every alarm is served in the
    end, so an alarm is missing only where no crew can reach it: any change in any replication counts.
    """
    diff = missing_difference[np.isfinite(missing_difference)]
    changed = bool(diff.size and np.any(diff != 0))
    for fig in TIME_FIGURES:
        scope[fig]["comparable"] = not changed


def half_width(run_figs: dict[str, np.ndarray]) -> float:
    """CI half-width of the mean first-arrival time (minutes)."""
    _, lo, hi = mean_ci95(run_figs["first_arrival"][:, 0])
    return np.inf if lo is None or hi is None else (hi - lo) / 2


@checked_arguments("model", "setups", "warmup_days")
def run_scenarios(
    model: Model,
    setups: list[Setup] | list[str] | None,
    *,
    years: float = 1.0,
    seed: int = DEFAULT_SEED,
    replications: int = DEFAULT_REPLICATIONS,
    precision: float | None = None,
    max_replications: int = 500,
    batch: int = 10,
    warmup_days: float = 0.0,
) -> list[ScenarioRun]:
    """Run scenarios with common random numbers, a fixed count or until a precision is reached.

    With ``precision`` (minutes), replications are added in batches until the
    95% CI half-width of every scenario's mean first-arrival time is below it,
    or ``max_replications`` is reached (never fewer than the first batch: ``batch``, at least 2).

    Parameters
    ----------
    model : Model
        The model (:func:`raddsim.build_model`).
    setups : list of Setup or str, or None
        The scenarios (``region.scenarios[name]``, or the names); None for the region's default ones.
    years : float
        Simulated years per replication, above 0.
    seed : int
        Seed of the random streams, shared by all scenarios.
    replications : int
        Replications per scenario when ``precision`` is None, at least 1; with ``precision`` not used, and one
        other than the default refused above ``max_replications`` (the run would stop there).
    precision : float or None
        Target 95% CI half-width of the mean first arrival, in minutes (above 0).
    max_replications : int
        Upper bound on replications with ``precision``.
    batch : int
        Replications added per step with ``precision``, at least 1.
    warmup_days : float
        Days simulated before each replication's measured period.

    Returns
    -------
    list of ScenarioRun
        One run per scenario, in the order of ``setups``, records kept.

    Raises
    ------
    InputError
        For an unknown scenario name or an argument out of range (naming the argument).
    """
    setups = _checked(model, setups, years, replications, seed, precision, max_replications)
    check_replications(batch, field="batch", fix="give e.g. batch=10 (replications added per step).")
    check_warmup(warmup_days, field="warmup_days")  # -1 or NaN was run as no warm-up, unsaid
    preps = [model.prepare(s) for s in setups]
    runs = [ScenarioRun(p, [], [], years, seed, warmup_days=warmup_days) for p in preps]

    def add(n: int) -> None:
        for run in runs:
            start = len(run.records)
            for r in range(start, start + n):
                inc, rec = run_replication(run.prepared, years=years, seed=seed, replication=r, network=model.network,
                                           hospitals=model.hospitals, warmup_days=warmup_days)
                run.incidents.append(inc)
                run.records.append(rec)

    if precision is None:
        add(replications)
        return runs
    add(min(max(batch, 2), max_replications))
    while len(runs[0].records) < max_replications:
        widths = [half_width(replication_figures(model, r)) for r in runs]
        if max(widths) <= precision:
            break
        add(min(batch, max_replications - len(runs[0].records)))
    return runs


def _checked(model: Model, setups: Any, years: Any, replications: Any, seed: Any, precision: Any,
             max_replications: Any) -> list[Setup]:
    """The scenarios of :func:`run_scenarios` and :func:`compare`, every argument the two share checked."""
    setups = scenarios(model, setups)
    check_run(years, replications, seed)
    # The default is no request (max_replications=7 alone is a cap, not a contradiction); another count is one.
    check_precision(precision, max_replications, None if replications == DEFAULT_REPLICATIONS else replications)
    return setups


def warn_no_interval(replications: int) -> None:
    """Warn (:class:`~raddsim.core.errors.NoIntervalWarning`) that a comparison of fewer than 2 replications has no
    interval and no significant difference: a caller from Python read ``ci95: None`` with no word of why.

    ``raddsim compare`` ignores the warning: its tables say the same once (``no_ci_note``); a logged warning would
    have printed it a second time on the command line.
    """
    reason = no_ci_reason(replications)
    if reason is not None:
        warnings.warn(f"compare(): {reason}: every difference's ci95 is None and none is significant "
                      f"(settings.ci95_missing); give replications=2 or more (30 recommended).",
                      NoIntervalWarning, stacklevel=4)  # the caller of compare(), past its argument check


def check_two(model: Model, setups: list[Setup]) -> None:
    """Refuse fewer than two scenarios, as ``raddsim compare A`` does (was: ``"differences": {}`` without a word).

    Raises
    ------
    InputError
        Naming ``setups`` and, for a region of one scenario (every JEMSS import), how to derive a second.
    """
    if len(setups) >= 2:
        return
    names = list(model.region.scenarios)
    if len(names) >= 2:
        fix = f"give two scenarios, e.g. compare(model, [{names[0]!r}, {names[1]!r}]); differences are from the first."
    else:
        fix = (f"the region has one scenario; derive a second and pass both: other = model.region.derive('other', "
               f"{setups[0].name!r}, {{'demand.multiplier': 1.1}}), then compare(model, [{setups[0].name!r}, other]).")
    raise InputError(f"compare needs at least two scenarios, got {len(setups)}: differences are from the first.",
                     field="setups", fix=fix)


def check_precision(precision: float | None, max_replications: int, replications: int | None = None) -> None:
    """Check ``precision`` (None, or minutes above 0) and ``max_replications`` (a whole number, at least 1, and with
    a precision at least ``replications``).

    Parameters
    ----------
    precision : float or None
        Target 95% CI half-width of the mean first arrival, in minutes.
    max_replications : int
        Upper bound on replications with ``precision``.
    replications : int or None
        The replications asked for (already checked), None when left to the default.

    Raises
    ------
    InputError
        Naming the argument and the fix.
    """
    if precision is not None and not (isinstance(precision, (int, float)) and not isinstance(precision, bool)
                                      and np.isfinite(precision) and precision > 0):
        raise InputError(f"precision must be None or a number of minutes above 0, got {precision!r}.",
                         field="precision", fix="give e.g. precision=0.1 (the 95 % CI half-width of the mean "
                                                "first arrival), or None for a fixed number of replications.")
    check_replications(max_replications, field="max_replications", least=1,
                       fix="give e.g. max_replications=500 (the cap when a precision is asked for).")
    # replications given above the cap: the run stopped at max_replications, unsaid
    if precision is not None and replications is not None and max_replications < replications:
        raise InputError(f"max_replications={max_replications} is below replications={replications}: with a precision "
                         f"the run stops at max_replications.", field="max_replications",
                         fix=f"give max_replications={replications} or more, or replications={max_replications} "
                             "or fewer.")


@checked_arguments("model", "setups", "warmup_days")
def compare(
    model: Model,
    setups: list[Setup] | list[str] | None,
    *,
    years: float = 1.0,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = DEFAULT_SEED,
    precision: float | None = None,
    max_replications: int = 500,
    warmup_days: float = 0.0,
) -> dict:
    """Run scenarios with CRN and report each one's figures and its paired differences from the first.

    A fixed number of replications runs (and summarises) each scenario in a process of its own when there
    are cores for it (:func:`raddsim.experiment.parallel.simulate`; the same numbers as one by one).

    Parameters
    ----------
    model : Model
        The model (:func:`raddsim.build_model`).
    setups : list of Setup or str, or None
        The scenarios (``region.scenarios[name]``, or the names); the first is the base the others are compared with.
        None for the region's default ones.
    years : float
        Simulated years per replication, above 0.
    replications : int
        Replications per scenario when ``precision`` is None, at least 1 (2 for a confidence interval); with
        ``precision`` not used, and one other than the default refused above ``max_replications`` (the run would
        stop there).
    seed : int
        Seed of the random streams, shared by all scenarios.
    precision : float or None
        Target 95% CI half-width of the mean first arrival, in minutes; None runs ``replications`` exactly.
    max_replications : int
        Upper bound on replications when ``precision`` is given.
    warmup_days : float
        Days simulated before each replication's measured period (0: none).

    Returns
    -------
    dict
        The JSON of ``raddsim compare``: settings, each scenario's summary and the paired differences
        (``res["differences"][other]["first_arrival"]["mean"]`` holds ``difference``, ``ci95``, ``significant``).
        With one replication every ``ci95`` is None and ``significant`` False; ``res["settings"]["ci95_missing"]``
        then says so (an interval comes from the spread between replications: run 2 at the least, 30 recommended),
        and a :class:`~raddsim.core.errors.NoIntervalWarning` is warned once.

    Raises
    ------
    InputError
        For an unknown scenario name or an argument out of range (naming the argument).
    """
    setups = _checked(model, setups, years, replications, seed, precision, max_replications)
    check_two(model, setups)
    check_warmup(warmup_days, field="warmup_days")
    summaries = None
    if precision is None:
        from raddsim.experiment.parallel import simulate  # (it imports this module)

        sims = simulate(model, setups, years=years, replications=replications, seed=seed, warmup_days=warmup_days)
        runs, summaries = sims.runs, sims.summaries
    else:
        runs = run_scenarios(model, setups, years=years, seed=seed, replications=replications,
                             precision=precision, max_replications=max_replications, warmup_days=warmup_days)
    warn_no_interval(len(runs[0].records))
    figs = [replication_figures(model, r) for r in runs]
    sizes = [alarm_counts(model, r) for r in runs]
    base = setups[0].name
    return {
        "raddsim_version": __version__,
        "region": model.region.name,
        "target_minutes": model.region.target_minutes,
        "network": network_summary(model, setups),
        "settings": {"years": years, "replications": len(runs[0].records), "seed": seed, "precision_minutes": precision,
                     "half_width_minutes": {s.name: half_width(f) for s, f in zip(setups, figs)},
                     "precision_reached": None if precision is None else bool(
                         max(half_width(f) for f in figs) <= precision),
                     "max_replications": max_replications if precision is not None else None,
                     "common_random_numbers": True,
                     "ci95_method": CI95_METHOD,
                     "ci95_missing": no_ci_reason(len(runs[0].records)), **warmup_setting(warmup_days)},
        "base": base,
        "scenarios": summaries or {s.name: scenario_summary(model, r) for s, r in zip(setups, runs)},
        "differences": {s.name: level_intervals(paired_differences(figs[0], f), (figs[0], f), (sizes[0], n))
                        for s, f, n in zip(setups[1:], figs[1:], sizes[1:])},
    }
