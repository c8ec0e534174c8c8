"""Uncertainty carried into a comparison: ``raddsim compare A B --uncertain N``.

Every uncertain parameter of the region file is written
``{ value = x, range = [lo, hi], source = "..." }`` (the one form; e.g. the heavy
vehicles' top speed and factors, the Blidö pool size). A parameter whose value and
both bounds are written as whole numbers (``{ value = 8, range = [4, 12] }``) is an
integer parameter: its Latin-hypercube coordinate u ∈ [0, 1) becomes
``lo + floor(u · (hi − lo + 1))``, so every whole number in the range is equally
likely. N parameter sets are drawn
from those ranges by Latin hypercube (uniform within each range); for every set
the paired comparison A → B runs under common random numbers (the same alarms
and crew draws for A and B, and for every set); the replications run through the
sweep machinery (local processes or Dask). The result is the distribution of the
difference over the parameter sets (median, 90 % interval), the share of sets in
which B beats A by more than the noise (its 95 % CI excludes zero), and which
parameters drive the difference (Spearman and partial rank correlation, PRCC).
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from scipy.special import stdtrit
from scipy.stats import qmc, rankdata

from raddsim.core.bounds import DEFAULT_SEED
from raddsim.core.errors import InputError
from raddsim.experiment.model import Model
from raddsim.experiment.ranges import (
    SECTIONS,
    UncertainParameter,
    overridden_ranges,
    scenario_ranges,
    uncertain_parameters,
)
from raddsim.region.posterior import Posterior
from raddsim.region.region import Region, derived_field

#: Figures compared (sweep result columns; lower is better for both).
FIGURES = ("first_arrival_mean", "effective_force_mean")


def latin_hypercube(params: Sequence[UncertainParameter], n: int, seed: int) -> np.ndarray:
    """``n`` parameter sets (n × parameters), one Latin hypercube stratum per set in every range.

    An integer parameter with range [lo, hi] is ``lo + floor(u · (hi − lo + 1))`` (capped at hi):
    every whole number of the range is equally likely, and the strata stay balanced over them.
    """
    if not params:
        return np.zeros((n, 0))
    u = qmc.LatinHypercube(d=len(params), seed=np.random.default_rng(seed)).random(n)
    lo = np.array([p.low for p in params])
    hi = np.array([p.high for p in params])
    whole = np.array([p.integer for p in params])
    x = lo + u * (hi - lo)
    ints = np.minimum(lo + np.floor(u * (hi - lo + 1.0)), hi)
    return np.where(whole[None, :], ints, x)


def _cast(p: UncertainParameter, v: float) -> float | int:
    """A sampled value as the parameter's type (integer parameters as int)."""
    return int(round(v)) if p.integer else float(v)


def prcc_defined(n_sets: int, k_varied: int) -> bool:
    """Whether PRCC can be computed: each partial regression on the other k − 1 ranks and an intercept
    must leave residual degrees of freedom, so N > k + 1; we ask for N ≥ k + 3 (two left over)."""
    return n_sets >= k_varied + 3


def prcc(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Partial rank correlation of each column of ``x`` with ``y`` (NaN for constant columns or too few sets)."""
    n, d = x.shape
    out = np.full(d, np.nan)
    varies = [j for j in range(d) if np.ptp(x[:, j]) > 0]
    if not prcc_defined(n, len(varies)) or np.ptp(y) == 0:
        return out
    rx = np.column_stack([rankdata(x[:, j]) for j in varies])
    ry = rankdata(y)
    for k, j in enumerate(varies):
        others = np.column_stack([np.ones(n), np.delete(rx, k, axis=1)])
        res_x = rx[:, k] - others @ np.linalg.lstsq(others, rx[:, k], rcond=None)[0]
        res_y = ry - others @ np.linalg.lstsq(others, ry, rcond=None)[0]
        den = math.sqrt(float(res_x @ res_x) * float(res_y @ res_y))
        out[j] = float(res_x @ res_y) / den if den > 0 else np.nan
    return out


def spearman(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman rank correlation of each column of ``x`` with ``y`` (NaN for constant columns)."""
    out = np.full(x.shape[1], np.nan)
    ry = rankdata(y)
    for j in range(x.shape[1]):
        if np.ptp(x[:, j]) > 0 and np.ptp(y) > 0:
            out[j] = float(np.corrcoef(rankdata(x[:, j]), ry)[0, 1])
    return out


def _paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float | None, float | None]:
    """Mean of b − a over replications with its Student-t 95% CI."""
    d = b - a
    m = float(d.mean())
    if len(d) < 2:
        return m, None, None
    h = float(stdtrit(len(d) - 1, 0.975) * d.std(ddof=1) / math.sqrt(len(d)))
    return m, m - h, m + h


def _quantiles(v: np.ndarray) -> dict[str, float]:
    return {"median": float(np.median(v)), "p5": float(np.percentile(v, 5)), "p95": float(np.percentile(v, 95)),
            "mean": float(v.mean())}


def build_spec(region: Region, a: str, b: str, params: Sequence[UncertainParameter], values: np.ndarray, *,
               years: float, replications: int, seed: int, warmup_days: float = 0.0):
    """The sweep behind the comparison: scenarios A and B at every parameter set (axes zipped), each replication
    after ``warmup_days`` of warm-up."""
    from raddsim.sweep.axes import Axis
    from raddsim.sweep.spec import SweepSpec

    axes = tuple(Axis(p.key, tuple(_cast(p, v) for v in values[:, j])) for j, p in enumerate(params))
    # The sets give the values: a scenario's own posterior (calibrated sets) must not overwrite them.
    return SweepSpec(file=Path(region.file), scenarios=(a, b), axes=axes, years=years, replications=replications,
                     seed=seed, region_file=Path(region.file), joint=True, name=f"uncertain {a} vs {b}",
                     overrides={"posterior": False}, warmup_days=warmup_days)


def check_sets(region: Region, spec: Any) -> None:
    """Every parameter set must make valid scenarios (one clear error naming the set otherwise).

    An error about one parameter names its key (the range in the region file lets it take the value), not the
    internal name of the set's scenario ("scenarios.minimum@0.demand.on_scene_scale").
    """
    for j in range(spec.n_points):
        values = spec.point_overrides(j)
        for s in spec.scenarios:
            try:
                region.derive(f"{s}@{j}", s, values)
            except InputError as err:
                message = err.message.replace(f" (in scenario '{s}@{j}')", "")
                key = next((k for k in values if derived_field(err, f"{s}@{j}").endswith(k)), None)
                if key is None:
                    raise InputError(f"parameter set {j} does not make a valid scenario from '{s}': {message}",
                                     file=region.file, field=err.field, fix=err.fix) from None
                raise InputError(f"its range lets parameter set {j} draw {values[key]!r}, which it does not accept: "
                                 f"{message}", file=region.file, field=key,
                                 fix=f"narrow the range of {key} to values it accepts ({err.fix})") from None


def prepare_sets(region: Region, a: str, b: str, n_sets: int, *, years: float = 1.0, replications: int = 10,
                 seed: int = DEFAULT_SEED, lhs_seed: int = 1, params: Sequence[UncertainParameter] | None = None,
                 posterior: Posterior | None = None, warmup_days: float = 0.0) -> tuple[list, np.ndarray, Any]:
    """The parameters, their ``n_sets`` values and the sweep spec of :func:`uncertain_compare`, every set checked.

    Cheap (no simulation): ``raddsim compare --uncertain`` calls it before the plain comparison, so a range that
    draws an impossible value is refused before any work, not after it.

    Returns
    -------
    tuple
        (parameters, values: sets × parameters, the sweep spec).
    """
    for s in (a, b):
        if s not in region.scenarios:
            from raddsim.region.config import did_you_mean

            raise InputError(f"unknown scenario '{s}'.{did_you_mean(s, region.scenarios)}", file=region.file,
                             field="scenarios", fix=f"use one of: {', '.join(region.scenarios)}.")
    params = list(uncertain_parameters(region) if params is None else params)
    if posterior is None:
        values = latin_hypercube(params, n_sets, lhs_seed)
    else:
        params, values = posterior_values(params, n_sets, lhs_seed, posterior)
    # A key a compared scenario sets itself keeps the scenario's value (reported by uncertain_compare as not drawn).
    own = {d["key"] for d in overridden_ranges(region, (a, b), params)}
    keep = [j for j, p in enumerate(params) if p.key not in own]
    params, values = [params[j] for j in keep], values[:, keep]
    spec = build_spec(region, a, b, params, values, years=years, replications=replications, seed=seed,
                      warmup_days=warmup_days)
    check_sets(region, spec)
    return params, values, spec


def posterior_values(params: Sequence[UncertainParameter], n: int, seed: int,
                     posterior: Posterior) -> tuple[list[UncertainParameter], np.ndarray]:
    """``n`` parameter sets: the posterior's keys from its accepted sets, the other ranged parameters by LHS.

    Set ``j`` takes one accepted set drawn with probability ∝ its weight (generator seeded by ``seed``),
    so the calibrated parameters keep their joint distribution; the rest keep their prior ranges.
    """
    by_key = {p.key: p for p in params}
    acc = posterior.as_array()
    extra = [UncertainParameter(k, float(acc[:, i].min()), float(acc[:, i].max()), float(np.median(acc[:, i])),
                                f"posterior {posterior.file}", bool(posterior.integer and posterior.integer[i]))
             for i, k in enumerate(posterior.keys) if k not in by_key]
    params = list(params) + extra
    values = latin_hypercube(params, n, seed)
    w = np.asarray(posterior.weights, float)
    pick = np.random.default_rng([seed, 11]).choice(len(acc), size=n, p=w / w.sum())
    col = {p.key: j for j, p in enumerate(params)}
    for i, k in enumerate(posterior.keys):
        values[:, col[k]] = acc[pick, i]
    return params, values


def uncertain_compare(model: Model, a: str, b: str, n_sets: int, *, years: float = 1.0, replications: int = 10,
                      seed: int = DEFAULT_SEED, lhs_seed: int = 1, params: Sequence[UncertainParameter] | None = None,
                      out: str | Path | None = None, processes: int | None = None, workers: int | None = None,
                      scheduler: str | None = None, progress: bool = False, posterior: Posterior | None = None,
                      warmup_days: float = 0.0, prepared: tuple[list, np.ndarray, Any] | None = None,
                      tls: tuple[str | None, str | None, str | None] | None = None) -> dict:
    """Paired comparison A → B over ``n_sets`` Latin-hypercube parameter sets (see the module docstring), each
    replication after ``warmup_days`` of warm-up; ``prepared`` is :func:`prepare_sets`'s result for the same
    arguments when the caller has it already; ``tls``: a ``tls://`` scheduler's (CA certificate, client
    certificate, client key) PEM files."""
    from raddsim.sweep.execute import run_sweep

    region = model.region
    params, values, spec = prepared or prepare_sets(region, a, b, n_sets, years=years, replications=replications,
                                                    seed=seed, lhs_seed=lhs_seed, params=params, posterior=posterior,
                                                    warmup_days=warmup_days)
    with tempfile.TemporaryDirectory(prefix="raddsim-uncertain-") as tmp:
        run = run_sweep(spec, out or Path(tmp) / "sweep", processes=processes, workers=workers, scheduler=scheduler,
                        tls=tls, progress=progress, loaded=(region, model, spec))
        import pyarrow.parquet as pq

        table = pq.read_table(run.results_file).to_pandas()
    res = summarise(table, a, b, params, values, n_sets, replications)
    # Ranges in the compared scenarios' own tables, and ranged keys they set, are not drawn: said, not hidden.
    not_drawn = {d["key"]: d for d in scenario_ranges(region, (a, b))}
    for d in overridden_ranges(region, (a, b), uncertain_parameters(region)):
        not_drawn.setdefault(d["key"], d)
    res["not_drawn"] = list(not_drawn.values())
    res["posterior"] = None if posterior is None else {"file": str(posterior.file), "keys": list(posterior.keys),
                                                       "accepted_sets": len(posterior.sets)}
    return res


def summarise(table: Any, a: str, b: str, params: Sequence[UncertainParameter], values: np.ndarray, n_sets: int,
              replications: int) -> dict:
    """The result dict from the sweep's rows (one per set, scenario and replication)."""
    table = table.sort_values(["point", "scenario", "replication"])
    figures: dict[str, Any] = {}
    for fig in FIGURES:
        per_set = []
        for j in range(n_sets):
            rows = table[table.point == j]
            fa = rows[rows.scenario == a][fig].to_numpy(float)
            fb = rows[rows.scenario == b][fig].to_numpy(float)
            m, lo, hi = _paired(fa, fb)
            per_set.append({"set": j, "a": float(fa.mean()), "b": float(fb.mean()), "difference": m,
                            "difference_ci95": None if lo is None else [lo, hi],
                            "b_better_beyond_noise": bool(hi is not None and hi < 0),
                            "b_worse_beyond_noise": bool(lo is not None and lo > 0)})
        diffs = np.array([s["difference"] for s in per_set])
        figures[fig] = {
            "difference": _quantiles(diffs),
            "share_b_better_beyond_noise": float(np.mean([s["b_better_beyond_noise"] for s in per_set])),
            "share_b_worse_beyond_noise": float(np.mean([s["b_worse_beyond_noise"] for s in per_set])),
            "ranking": (rank := ranking(values, n_sets)),
            "importance": _importance(params, values, diffs, rank["method"]),
            "sets": per_set,
        }
    return {
        "a": a, "b": b, "parameter_sets": n_sets, "replications_per_set": replications,
        "parameters": [{**dataclasses.asdict(p), "sampled": [float(v) for v in values[:, j]]} for j,
                       p in enumerate(params)],
        "figures": figures,
    }


def sets_for_prcc(k_varied: int) -> int:
    """Parameter sets needed to rank by PRCC: N ≥ 2k (and N ≥ k + 3, where it is defined at all).

    A partial correlation after removing k − 1 other parameters behaves like a plain correlation
    over N − k + 1 sets: at N = 50 and k = 45 that is 6 sets, and a parameter without any effect
    reaches |PRCC| ≈ 0.9 by chance (seen on the default). N ≥ 2k keeps at least k + 1 sets.
    """
    return max(k_varied + 3, 2 * k_varied)


def ranking(values: np.ndarray, n_sets: int) -> dict:
    """How the parameters are ranked: by PRCC when N ≥ :func:`sets_for_prcc` (k = parameters whose sets
    vary), else by Spearman correlation alone (each parameter's own rank correlation, not adjusted for the
    others); ``noise_floor``: |correlation| a parameter without effect stays below in 95 % of runs."""
    k = int(sum(np.ptp(values[:, j]) > 0 for j in range(values.shape[1]))) if values.size else 0
    method = "prcc" if n_sets >= sets_for_prcc(k) else "spearman"
    dof = n_sets - k + 1 if method == "prcc" else n_sets
    return {"method": method, "varied_parameters": k, "sets": n_sets, "sets_needed_for_prcc": sets_for_prcc(k),
            "noise_floor": float(min(1.0, 1.96 / math.sqrt(max(dof - 1, 1))))}


def _importance(params: Sequence[UncertainParameter], values: np.ndarray, diffs: np.ndarray,
                method: str = "prcc") -> list[dict]:
    """Parameters by |PRCC| when ``method`` is "prcc" (else, or where PRCC is undefined, |Spearman|), largest first."""
    pr, sp = prcc(values, diffs), spearman(values, diffs)
    rows = [{"key": p.key, "prcc": None if math.isnan(pr[j]) else float(pr[j]),
             "spearman": None if math.isnan(sp[j]) else float(sp[j])} for j, p in enumerate(params)]

    def size(r: dict) -> float:
        return abs(r["prcc"] if method == "prcc" and r["prcc"] is not None else (r["spearman"] or 0.0))
    return sorted(rows, key=lambda r: -size(r))


__all__ = ["FIGURES", "SECTIONS", "UncertainParameter", "build_spec", "check_sets", "latin_hypercube", "prepare_sets",
           "posterior_values", "prcc", "prcc_defined", "ranking", "scenario_ranges", "sets_for_prcc", "spearman",
           "summarise", "uncertain_compare", "uncertain_parameters"]
