"""Screening: an integer program that picks the best option sets for a budget, with busy crews.

Objectives (all maximise a weighted sum of *expected coverages*):

* ``coverage`` — maximum expected covering (MEXCLP, Daskin 1983) with each
  crew's own availability ``a_c``: an alarm at node *i* is covered within the
  target θ with probability ``1 − Π (1 − a_c)`` over the crews present that
  arrive within θ (ASSUMPTION: crews are free and roll independently of each
  other). The score is the expected share of alarms reached within the target.
* ``time`` — expected time to the first available crew, p-median style but
  with availability: ``E[min(T, H)] = Σ_j Δ · P(T > jΔ)`` with
  ``P(T > t) = Π (1 − a_c)`` over the crews arriving within *t*, times rounded up
  to Δ = 30 s and capped at H = 60 min (when no crew at all is free). Minimising it
  is maximising a sum of expected coverages at the thresholds 0, Δ, 2Δ, …
* ``effective`` — the same for the first crew that alone makes the region's
  coverage force (``[region] coverage_force``; by default a smoke-diving force,
  1 + 4 with smoke-diving equipment); crews combining on scene are left to the
  simulation stage. Refused when no crew any option makes does so alone.

Linearisation: with ``λ_c = −ln(1 − a_c)`` an expected coverage is
``f(s) = 1 − e^{−s}`` of the linear ``s = Σ λ_c x_c`` (x: the choices that put
crew c on the road), and f is concave, so ``z ≤ f(s₀) + f'(s₀)(s − s₀)`` for
tangent points s₀ bounds it from above and is exact wherever s is a tangent
point. Tangents are placed at every value s can take (at most
:data:`MAX_TANGENTS`; beyond that an even grid, and the screening score is then
recomputed exactly by :func:`evaluate`). Alarms with the same set of covering
crews are merged, so the program has one coverage variable per distinct set.
Solved with HiGHS (:func:`scipy.optimize.milp`); the top K come from adding a
no-good cut after each solution.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from raddsim.core.errors import InputError
from raddsim.optimise.instances import Instances
from raddsim.optimise.space import OptionSpace

OBJECTIVES = ("coverage", "time", "effective")
#: Time objectives: threshold step and horizon (s).
TIME_STEP_S = 30.0
TIME_HORIZON_S = 3600.0
#: Tangent points per merged alarm set, at most (see module doc).
MAX_TANGENTS = 64


@dataclass(frozen=True)
class Objective:
    """Thresholds θ (s), their weight Δ, which instances count, and how to turn coverage into a score."""

    name: str
    thresholds: np.ndarray
    delta: float
    capable_only: bool

    @property
    def maximise_score(self) -> bool:
        return self.name == "coverage"


def make_objective(name: str, target_minutes: float) -> Objective:
    """The objective ``coverage``, ``time`` or ``effective``."""
    if name not in OBJECTIVES:
        raise InputError(f"unknown objective '{name}'.", field="objective",
                         fix=f"use one of: {', '.join(OBJECTIVES)}.")
    if name == "coverage":
        return Objective(name, np.array([target_minutes * 60.0]), 1.0, False)
    return Objective(name, np.arange(0.0, TIME_HORIZON_S, TIME_STEP_S), TIME_STEP_S, name == "effective")


def _lambda(inst: Instances) -> np.ndarray:
    return -np.log1p(-inst.availability)


def _times(inst: Instances, obj: Objective) -> np.ndarray:
    return np.where(inst.capable[:, None], inst.time_s, np.inf) if obj.capable_only else inst.time_s


def evaluate(inst: Instances, selected: np.ndarray, obj: Objective) -> float:
    """The exact screening score of a selection (``selected``: bool per choice variable).

    ``coverage``: expected share of alarms reached within the target; ``time``/``effective``:
    expected minutes to the first available crew (capped at the horizon).
    """
    present = (inst.var < 0) | np.asarray(selected, bool)[np.maximum(inst.var, 0)]
    t = _times(inst, obj)[present]
    lam = _lambda(inst)[present]
    w = inst.weight / inst.weight.sum()
    total = 0.0
    for theta in obj.thresholds:
        s = (lam[:, None] * (t <= theta)).sum(axis=0)
        total += float(np.sum(w * (1.0 - np.exp(-s))))
    return total if obj.maximise_score else (obj.thresholds.size * obj.delta - obj.delta * total) / 60.0


@dataclass(frozen=True)
class Patterns:
    """Alarms merged by the set of crews covering them: membership rows and weights."""

    member: np.ndarray  # (patterns, instances) bool
    weight: np.ndarray  # Σ alarm weight × Δ × thresholds in the set's time window


def patterns(inst: Instances, obj: Objective) -> Patterns:
    """Distinct covering sets over every (node, threshold), with their summed weight."""
    t = _times(inst, obj)
    n, m = t.shape
    order = np.argsort(t, axis=0, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(n)[:, None].repeat(m, axis=1), axis=0)
    sorted_t = np.take_along_axis(t, order, axis=0)
    lo = np.vstack([np.zeros((1, m)), sorted_t])          # prefix k covers thresholds in [t_(k), t_(k+1))
    hi = np.vstack([sorted_t, np.full((1, m), np.inf)])
    count = np.searchsorted(obj.thresholds, hi, "left") - np.searchsorted(obj.thresholds, lo, "left")
    weight = (count * obj.delta) * (inst.weight / inst.weight.sum())[None, :]   # (n + 1, nodes)
    k_idx, node_idx = np.nonzero(weight > 0)
    member = rank[:, node_idx].T < k_idx[:, None]        # (rows, instances)
    packed = np.packbits(member, axis=1)
    _, first, inverse = np.unique(packed, axis=0, return_index=True, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=weight[k_idx, node_idx], minlength=len(first))
    return Patterns(member[first], summed)


def _tangent_points(lam0: float, values_by_group: list[np.ndarray]) -> tuple[np.ndarray, bool]:
    """Every value s can take (exact), or an even grid over its range when there are too many."""
    sums = np.array([lam0])
    for vals in values_by_group:
        sums = np.unique(np.round((sums[:, None] + np.concatenate([[0.0], vals])[None, :]).ravel(), 12))
        if len(sums) > MAX_TANGENTS * 8:
            break
    if len(sums) <= MAX_TANGENTS:
        return sums, True
    top = lam0 + sum(float(v.max()) for v in values_by_group)
    return np.linspace(lam0, top, MAX_TANGENTS), False


@dataclass
class Program:
    """The integer program's pieces (choices first, then one coverage variable per pattern)."""

    n_x: int
    c: np.ndarray
    rows: list
    lb: list
    ub: list
    constant: float
    exact: bool
    n_patterns: int


def _budget(space: OptionSpace) -> float:
    """The space's budget (:func:`raddsim.optimise.space.check_budget` sets it before any screening)."""
    if space.budget is None:
        raise ValueError("the option space has no budget (options.check_budget sets it).")
    return float(space.budget)


def build_program(space: OptionSpace, inst: Instances, obj: Objective) -> Program:
    """Variables, objective and constraints (groups, limits, budget, tangent cuts)."""
    pat = patterns(inst, obj)
    lam = _lambda(inst)
    var = inst.var
    group_of = np.array([g for g, _ in inst.choices])
    fixed = var < 0
    variable = pat.member[:, ~fixed].any(axis=1)
    lam0_all = (pat.member[:, fixed] * lam[fixed]).sum(axis=1)
    constant = float(np.sum(pat.weight[~variable] * -np.expm1(-lam0_all[~variable])))
    rows_p = np.flatnonzero(variable)
    n_x, n_z = len(inst.choices), len(rows_p)
    rows, lb, ub = [], [], []
    costs = np.array([space.groups[g].choices[c].cost for g, c in inst.choices])
    for g in range(len(space.groups)):  # exactly one choice per group
        rows.append(sparse.csr_matrix(np.r_[(group_of == g).astype(float), np.zeros(n_z)]))
        lb.append(1.0)
        ub.append(1.0)
    for limit in space.limits:  # at most `max` of the listed options
        has = np.array([any(o in limit.options for o in space.groups[g].choices[c].options) for g, c in inst.choices],
                       float)
        rows.append(sparse.csr_matrix(np.r_[has, np.zeros(n_z)]))
        lb.append(-np.inf)
        ub.append(float(limit.max))
    rows.append(sparse.csr_matrix(np.r_[costs, np.zeros(n_z)]))
    lb.append(-np.inf)
    ub.append(_budget(space))
    exact = True
    cut_r: list[int] = []
    cut_c: list[int] = []
    cut_v: list[float] = []
    cut_ub: list[float] = []
    for zi, p in enumerate(rows_p):
        members = np.flatnonzero(pat.member[p] & ~fixed)
        by_group: dict[int, list[float]] = {}
        for k in members:
            by_group.setdefault(int(group_of[var[k]]), []).append(lam[k])
        points, ok = _tangent_points(float(lam0_all[p]), [np.array(v) for v in by_group.values()])
        exact &= ok
        for s0 in points:
            slope = np.exp(-s0)
            r = len(cut_ub)
            cut_r += [r] * (len(members) + 1)
            cut_c += [int(var[k]) for k in members] + [n_x + zi]
            cut_v += [-slope * lam[k] for k in members] + [1.0]
            cut_ub.append(1.0 - slope + slope * (lam0_all[p] - s0))
    if cut_ub:
        rows.append(sparse.csr_matrix((cut_v, (cut_r, cut_c)), shape=(len(cut_ub), n_x + n_z)))
        lb.extend([-np.inf] * len(cut_ub))
        ub.extend(cut_ub)
    c = np.r_[np.zeros(n_x), -pat.weight[rows_p]]
    return Program(n_x, c, rows, lb, ub, constant, exact, n_z)


@dataclass(frozen=True)
class Solution:
    """One screened option set."""

    rank: int
    selected: np.ndarray  # bool per choice variable
    score: float          # exact, from :func:`evaluate`
    cost: float


@dataclass(frozen=True)
class Screening:
    """The top K option sets, best first, and how the program was solved."""

    objective: str
    solutions: tuple[Solution, ...]
    base_score: float
    seconds: float
    patterns: int
    exact: bool
    variables: int
    constraints: int
    #: True when fewer than ``top`` sets were found because the program proved no other distinct set fits the
    #: budget and limits (not because a solve ran out of time).
    exhausted: bool = False


def screen(space: OptionSpace, inst: Instances, objective: str, top: int = 5, time_limit: float = 120.0) -> Screening:
    """The ``top`` best distinct option sets within the budget (no-good cuts between solves)."""
    t0 = time.perf_counter()
    obj = make_objective(objective, space.region.target_minutes)
    if obj.capable_only and not inst.capable.any():
        force = space.region.coverage_force or "smoke_diving"
        raise InputError(f"no crew makes the force '{force}' alone, so the objective 'effective' has nothing to "
                         "screen with (it ranks option sets by the first crew that alone makes the region's "
                         "coverage force; crews combining on scene are the simulation's).", field="objective",
                         fix="use --objective coverage or time, or name in [region] coverage_force a capability one "
                             "crew makes alone.")
    prog = build_program(space, inst, obj)
    n = len(prog.c)
    integrality = np.r_[np.ones(prog.n_x), np.zeros(n - prog.n_x)]
    bounds = Bounds(np.zeros(n), np.ones(n))
    A = sparse.vstack(prog.rows).tocsr()
    lb, ub = list(prog.lb), list(prog.ub)
    cuts: list[np.ndarray] = []
    out: list[Solution] = []
    exhausted = False
    costs = np.array([space.groups[g].choices[c].cost for g, c in inst.choices])
    for rank in range(1, top + 1):
        mats = [A] + [sparse.csr_matrix(np.r_[cut, np.zeros(n - prog.n_x)]) for cut in cuts]
        cons = LinearConstraint(sparse.vstack(mats).tocsr(), np.array(lb + [-np.inf] * len(cuts)),
                                np.array(ub + [float(cut.sum() - 1) for cut in cuts]))
        res = milp(prog.c, integrality=integrality, bounds=bounds, constraints=cons,
                   options={"mip_rel_gap": 1e-9, "time_limit": time_limit})
        if res.x is None:
            exhausted = res.status == 2  # infeasible: no other distinct affordable set (1 would be a time limit)
            break
        x = res.x[:prog.n_x] > 0.5
        out.append(Solution(rank, x, evaluate(inst, x, obj), float(costs[x].sum())))
        cuts.append(x.astype(float))
    if not out:
        raise InputError("no option set satisfies the budget and the limits.", file=space.file, field="budget",
                         fix="raise the budget or relax 'max'/'exclusive'.")
    base = np.zeros(prog.n_x, bool)
    for k, (g, c) in enumerate(inst.choices):
        base[k] = c == 0
    return Screening(objective, tuple(out), evaluate(inst, base, obj), time.perf_counter() - t0, prog.n_patterns,
                     prog.exact, n, A.shape[0], exhausted)


def selection_label(space: OptionSpace, inst: Instances, selected: np.ndarray) -> tuple[list[str], dict]:
    """The options a selection takes (labels) and its scenario overrides."""
    labels: list[str] = []
    overrides: dict[str, Any] = {}
    for k, (g, c) in enumerate(inst.choices):
        if selected[k] and c != 0:
            choice = space.groups[g].choices[c]
            labels.append(choice.label)
            overrides.update(choice.overrides)
    return labels, overrides


def screen_front(space: OptionSpace, inst: Instances, objective: str, max_levels: int = 12) -> list[dict]:
    """The screening's cost/benefit front: the best option set at each budget level from 0 to the budget.

    Levels are the whole numbers up to the budget when every cost is whole (at most
    ``max_levels`` of them), else an even grid.
    """
    import dataclasses

    costs = [c.cost for g in space.groups for c in g.choices]
    budget = _budget(space)
    if all(float(c).is_integer() for c in costs) and budget + 1 <= max_levels:
        levels = np.arange(0.0, np.floor(budget) + 1)
    else:
        levels = np.linspace(0.0, budget, max_levels)
    out, last = [], None
    for b in levels:
        try:
            res = screen(dataclasses.replace(space, budget=float(b)), inst, objective, top=1)
        except InputError:
            continue
        best = res.solutions[0]
        labels, _ = selection_label(space, inst, best.selected)
        if last is None or best.score != last:
            out.append({"budget": float(b), "cost": best.cost, "score": best.score, "options": labels})
            last = best.score
    return out
