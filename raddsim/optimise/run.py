"""The whole optimisation: screen the option sets, simulate the finalists against the base, select the best.

:func:`screen_options` gives the top K from the integer program;
:func:`prove` simulates them (and the base) with common random numbers until
the ranking-and-selection procedure separates the best or calls a tie, and
returns the table the CLI writes.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from raddsim import __version__
from raddsim.core.bounds import DEFAULT_SEED
from raddsim.experiment.model import Model
from raddsim.figures.metrics import mean_ci95
from raddsim.optimise.instances import Instances, build_instances
from raddsim.optimise.kept import KeptRows
from raddsim.optimise.screen import Screening, screen, screen_front, selection_label
from raddsim.optimise.select import Selection, select_best
from raddsim.optimise.simulate import FinalistRunner
from raddsim.optimise.space import OptionSpace
from raddsim.region.scenario_table import ScenarioTable
from raddsim.sweep.rows import ID_COLUMNS

#: The figure ``--objective effective`` decides on when the finalists' effective-force means are over different
#: alarms (:func:`finalists_comparable`): a never-assembled force counts as not within, so it is comparable.
EFFECTIVE_SHARE = "effective_share_within_target"
#: The simulated figure each objective is decided on, and whether larger is better.
DECIDING_FIGURE = {"coverage": ("share_within_target", True), "time": ("first_arrival_mean", False),
                   "effective": ("effective_force_mean", False)}
#: How the intervals in ``optimise.json`` are made (its ``ci95_method``; wording as compare's and target's).
CI95_METHOD = {
    "ci95": "Student t (95 %) over the replications' values of each simulated figure (not clipped)",
    "difference_ci95": "paired: Student t (95 %) over the per-replication differences finalist − base; replication "
                       "r of every scenario uses the same random streams (common random numbers)",
    "selection": "the verdicts come from sequential elimination with paired Bonferroni intervals (alpha split over "
                 "rivals and looks: simulation.level_per_comparison), wider than the 95 % intervals above",
    "screening_score": "none: see screening_note",
}
#: What the screening score is, in ``optimise.json`` (``screening_note``).
SCREENING_NOTE = ("screening_score (and screening.base_score) ranks the option sets in the integer program: expected "
                  "coverage or time with crews free and rolling independently, availability from short simulations "
                  "of the base. It only picks the finalists; it is not an estimate of the figures for the board and "
                  "has no interval. Use each finalist's simulated figures and their 95 % intervals.")
#: Why identical finalists were merged (``simulation.merged_note`` in ``optimise.json``, when any were).
MERGED_NOTE = ("a finalist whose every simulated figure equalled an earlier finalist's in each replication of the "
               "first stage (common random numbers make equal set-ups exactly equal) can never be separated from it: "
               "it was merged into that one (the cheaper or higher-ranked by the screening) and simulated no further")
#: Why ``--objective effective`` decided on the share within target (``deciding_figure_note``, when it did).
DECIDED_ON_SHARE_NOTE = ("decided on effective_share_within_target, not effective_force_mean: the finalists' force "
                         "never assembles at different alarms, so their mean minutes are over different alarms and "
                         "not comparable; in the share a never-assembled force counts as not within the target")
#: Simulated figures in the table (per-replication values from the sweep rows).
TABLE_FIGURES = ("share_within_target", "first_arrival_mean", "effective_force_mean", "effective_share_within_target")
#: A time figure is a mean over the alarms it has a time for: its difference from the base is comparable only where
#: the alarms without one are the same in every replication (as ``compare`` marks with †): figure → the row's count.
WITHOUT_TIME = {"first_arrival_mean": "unreachable", "effective_force_mean": "effective_share_never"}


@dataclass(frozen=True)
class Settings:
    """How to screen and how hard to simulate."""

    objective: str = "coverage"
    top: int = 5
    years: float = 1.0
    seed: int = DEFAULT_SEED
    initial_replications: int = 10
    batch: int = 10
    max_replications: int = 60
    alpha: float = 0.05
    #: Survivors tied early once every paired CI lies within ± this, in the deciding figure's unit (a share 0–1 for
    #: coverage, minutes otherwise; the command line takes percentage points for coverage). 0: never early.
    indifference: float = 0.0
    processes: int | None = None
    scheduler: str | None = None  # Dask scheduler address for the simulation stage
    #: A tls:// scheduler's (CA certificate, client certificate, client key) PEM files.
    tls: tuple[str | None, str | None, str | None] | None = None
    workers: int | None = None  # or a Dask LocalCluster of this many worker processes
    short_years: float = 1.0
    short_replications: int = 4
    prefix: str = "opt"
    #: Days simulated before each replication's measured period, in every simulation (0: none; CRN: the same for all).
    warmup_days: float = 0.0


@dataclass(frozen=True)
class Finalist:
    """A screened option set as a scenario."""

    name: str
    rank: int
    options: tuple[str, ...]
    option_ids: tuple[str, ...]
    cost: float
    score: float
    overrides: dict
    description: str


def screen_options(model: Model, space: OptionSpace, settings: Settings
                   ) -> tuple[Instances, Screening, list[Finalist], list[dict]]:
    """Instances (with the short base simulation), the top K, the finalists' scenarios and the screening front."""
    inst = build_instances(model, space, years=settings.short_years, replications=settings.short_replications,
                           seed=settings.seed, warmup_days=settings.warmup_days)
    res = screen(space, inst, settings.objective, top=settings.top)
    front = screen_front(space, inst, settings.objective)
    finalists = []
    for sol in res.solutions:
        labels, overrides = selection_label(space, inst, sol.selected)
        ids = tuple(
            o for k, (g, c) in enumerate(inst.choices) if sol.selected[k] for o in space.groups[g].choices[c].options
        )
        name = f"{settings.prefix}-{sol.rank}"
        text = "; ".join(labels) if labels else "as today"
        finalists.append(Finalist(name, sol.rank, tuple(labels), ids, sol.cost, sol.score, overrides,
                                  f"raddsim optimise #{sol.rank} ({settings.objective}): {text}"))
    return inst, res, finalists, front


def with_finalists(space: OptionSpace, finalists: list[Finalist]) -> Any:
    """The region with every finalist as a scenario derived from the base."""
    region = space.region
    scenarios = dict(region.scenarios)
    for f in finalists:
        scenarios[f.name] = region.derive(f.name, space.base, f.overrides, f.description)
    return dataclasses.replace(region, scenarios=ScenarioTable(scenarios, region.file))


def _figure_block(values: np.ndarray, base: np.ndarray | None) -> dict:
    m, lo, hi = mean_ci95(values)
    if base is None:
        return {"mean": m, "ci95": None if lo is None else [lo, hi]}
    d, dlo, dhi = mean_ci95(values - base[:len(values)])
    return {"mean": m, "ci95": None if lo is None else [lo, hi],
            "difference_from_base": d, "difference_ci95": None if dlo is None else [dlo, dhi]}


def prove(model: Model, space: OptionSpace, finalists: list[Finalist], settings: Settings,
          on_tasks: Callable[[int], None] | None = None, sweep_dir: Path | None = None,
          on_plan: Callable[[int], None] | None = None,
          on_resume: Callable[[int], None] | None = None) -> tuple[Selection, dict[str, dict]]:
    """Simulate the base and the finalists (CRN) with sequential elimination; figures per scenario.

    ``on_tasks`` and ``on_plan`` follow the simulations for a progress bar (:class:`FinalistRunner`).

    With ``sweep_dir`` the simulated rows are kept there as they finish, and rows already there are
    read instead of simulated (:mod:`raddsim.optimise.kept`): a stopped run resumes. ``on_resume`` is called with
    the number of rows found there, once the folder is known to hold this run's simulations.

    Finalists identical to an earlier one in every replication of the first stage (every figure of the row) are
    merged into it. With ``objective="effective"``, when the finalists' effective-force means are over different
    alarms (their force never assembles at different alarms: :func:`finalists_comparable`), the selection decides on
    the share of alarms whose effective force assembles within the target instead (``Selection.figure`` says which).
    """
    region = with_finalists(space, finalists)
    names = [space.base] + [f.name for f in finalists]
    rows: dict[tuple[int, int], dict] = {}
    kept = None
    if sweep_dir is not None:
        changes = {f.name: f.overrides for f in finalists}
        kept = functools.partial(KeptRows, sweep_dir, region=region, model=model, overrides=changes)
    with FinalistRunner(region, model, names, years=settings.years, seed=settings.seed,
                        max_replications=settings.max_replications, processes=settings.processes,
                        file=space.file, on_tasks=on_tasks, on_plan=on_plan, scheduler=settings.scheduler,
                        tls=settings.tls, workers=settings.workers, warmup_days=settings.warmup_days,
                        kept=kept) as runner:
        if runner.kept is not None and runner.kept.rows and on_resume is not None:
            on_resume(len(runner.kept.rows))  # only now: a folder of other finalists is refused on entering

        def first_stage() -> dict[tuple[int, int], dict]:
            """Every scenario's first-stage replications (the same tasks, in the same order, the selection asks)."""
            rows.update(runner.run(range(len(names)), 0, settings.initial_replications))
            return rows

        def select(figure: str, larger: bool, indifference: float) -> Selection:
            def sample(alts, start, stop):
                need = [s for s in [0] + [a + 1 for a in alts] if any((s, r) not in rows for r in range(start, stop))]
                rows.update(runner.run(need, start, stop))
                return np.array([[rows[(a + 1, r)][figure] for r in range(start, stop)] for a in alts])

            sel = select_best(sample, len(finalists), larger_is_better=larger, alpha=settings.alpha,
                              n0=settings.initial_replications, batch=settings.batch,
                              max_replications=settings.max_replications, indifference=indifference,
                              identical=lambda a, b, n: all(same_outcome(rows[(a + 1, r)], rows[(b + 1, r)])
                                                            for r in range(n)))
            return dataclasses.replace(sel, figure=figure)

        # Over different alarms the means reward a force that never assembles at the worst ones: decide on the share
        # within target, where such an alarm is a miss (an indifference in minutes does not apply to it). Known from
        # the first stage, the selection decides on it from the start; found only later, it is selected again on it.
        share = settings.objective == "effective" and not finalists_comparable(first_stage(), len(finalists))
        sel = select(EFFECTIVE_SHARE, True, 0.0) if share else select(*DECIDING_FIGURE[settings.objective],
                                                                       settings.indifference)
        if settings.objective == "effective" and not share and not finalists_comparable(rows, len(finalists)):
            sel = select(EFFECTIVE_SHARE, True, 0.0)
        if runner.kept is not None:
            runner.kept.finish()
    return sel, scenario_figures(rows, names, sel)


def scenario_figures(rows: dict[tuple[int, int], dict], names: list[str], sel: Selection) -> dict[str, dict]:
    """Each scenario's figures (mean, 95 % CI, paired difference from the base) over the replications the selection
    ran of it (the base: as many as any finalist)."""
    used = [max(sel.replications)] + list(sel.replications)
    figures: dict[str, dict[str, Any]] = {}
    base = {f: np.array([rows[(0, r)][f] for r in range(used[0])]) for f in TABLE_FIGURES}
    for s, name in enumerate(names):
        reps = list(range(used[s]))
        figures[name] = {"replications": len(reps)}
        for f in TABLE_FIGURES:
            figures[name][f] = _figure_block(np.array([rows[(s, r)][f] for r in reps]), base[f] if s else None)
        for f, without in WITHOUT_TIME.items():
            if s:
                figures[name][f]["comparable"] = comparable(rows, s, reps, without)
    return figures


def same_outcome(a: dict, b: dict) -> bool:
    """Whether two rows of one replication hold the same figures (every column but the ids; a missing figure, NaN or
    None as a row read back from a sweep folder may hold it, equals a missing one)."""
    keys = (set(a) | set(b)) - set(ID_COLUMNS)
    return all(a.get(k) == b.get(k) or (_missing(a.get(k)) and _missing(b.get(k))) for k in keys)


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def finalists_comparable(rows: dict[tuple[int, int], dict], k: int, without: str = "effective_share_never") -> bool:
    """Whether the ``k`` finalists leave the same alarms without a time (``without``) in every replication they share.

    The effective-force mean is over the alarms whose force assembles: where the count of the others differs, the
    means are over different alarms and a finalist whose force never assembles at its slowest alarms looks faster.
    """
    def count(s: int, r: int) -> float:
        v = rows[(s, r)].get(without)
        return float(v) if v is not None and np.isfinite(v) else 0.0

    reps = sorted({r for (s, r) in rows if s})
    for r in reps:
        have = {count(s, r) for s in range(1, k + 1) if (s, r) in rows}
        if len(have) > 1:
            return False
    return True


def comparable(rows: dict[tuple[int, int], dict], s: int, reps: list[int], without: str) -> bool:
    """Whether scenario ``s`` leaves the same alarms without a time as the base (scenario 0) in every replication.

    Under common random numbers both see the same alarms, so any change in the count ``without`` (alarms no crew
    reaches, or whose force never assembles) means the two means are over different alarms: a scenario that never
    assembles the force at its slowest alarms looks faster.
    """
    def count(k: int, r: int) -> float:
        v = rows[(k, r)].get(without)
        return float(v) if v is not None and np.isfinite(v) else 0.0

    return all(count(s, r) == count(0, r) for r in reps)


def verdict(sel: Selection, k: int, finalists: list[Finalist], max_replications: int | None = None) -> str:
    """Plain words for finalist ``k``'s outcome (``max_replications``: the cap, to tell a tie called early by the
    indifference zone from one at the cap)."""
    conf = f"{sel.confidence:.0%}"
    if k in sel.merged:
        into, n = sel.merged[k]
        return f"identical to {finalists[into].name} in every replication (merged after {n} replications)"
    if sel.status == "single":
        return "only distinct finalist" if sel.merged else "only finalist"
    if sel.status == "best" and sel.best == k:
        return f"best with {conf} confidence"
    if k in sel.survivors:
        if max_replications is not None and sel.replications[k] < max_replications:
            return f"tied for best (within the indifference zone after {sel.replications[k]} replications)"
        return f"tied for best (not separated after {sel.replications[k]} replications)"
    by, n = sel.eliminated[k]
    return f"worse than {finalists[by].name} ({conf} confidence, after {n} replications)"


def result_document(space: OptionSpace, settings: Settings, res: Screening, finalists: list[Finalist],
                    sel: Selection | None, figures: dict[str, dict] | None, seconds: dict[str, float]) -> dict:
    """The JSON written by ``raddsim optimise``."""
    figure, larger = DECIDING_FIGURE[settings.objective]
    if sel is not None and sel.figure and sel.figure != figure:  # the effective-force means were not comparable
        figure, larger = sel.figure, True
    rows = []
    for k, f in enumerate(finalists):
        rows.append({"scenario": f.name, "rank": f.rank, "options": list(f.options), "option_ids": list(f.option_ids),
                     "cost": f.cost, "screening_score": f.score,
                     "verdict": verdict(sel, k, finalists, settings.max_replications) if sel is not None
                     else "not simulated",
                     "simulated": figures.get(f.name) if figures else None})
    sim = None
    if sel is not None:
        sim = {"status": sel.status, "best": finalists[sel.best].name if sel.best is not None else None,
               "tied": [finalists[k].name for k in sel.survivors] if sel.status == "tied" else [],
               "confidence": sel.confidence, "level_per_comparison": sel.level_per_comparison, "looks": sel.looks,
               "replications": {finalists[k].name: n for k, n in enumerate(sel.replications)},
               "total_replications": int(sum(sel.replications)) + max(sel.replications),
               "base": figures.get(space.base) if figures else None, "history": sel.history}
        if sel.merged:  # only then: a run without identical finalists writes the same document as before
            sim["merged"] = {finalists[b].name: {"into": finalists[a].name, "replications": n}
                             for b, (a, n) in sel.merged.items()}
            sim["merged_note"] = MERGED_NOTE
    doc = {
        "raddsim_version": __version__, "region": space.region.name, "options_file": str(space.file),
        "base": space.base, "objective": settings.objective, "deciding_figure": figure, "larger_is_better": larger,
        "budget": space.budget, "cost_unit": space.cost_unit, "target_minutes": space.region.target_minutes,
        "settings": settings_record(settings), "ci95_method": CI95_METHOD, "screening_note": SCREENING_NOTE,
        "screening": {"seconds": res.seconds, "base_score": res.base_score, "alarm_sets": res.patterns,
                      "exact": res.exact, "variables": res.variables, "constraints": res.constraints,
                      "exhausted": res.exhausted},
        "finalists": rows, "simulation": sim, "seconds": seconds,
    }
    if figure != DECIDING_FIGURE[settings.objective][0]:
        doc["deciding_figure_note"] = DECIDED_ON_SHARE_NOTE
    return doc


def settings_record(settings: Settings) -> dict[str, Any]:
    """The settings as the result document records them: ``warmup_days`` only when there was a warm-up (the
    document as before without one)."""
    out = dataclasses.asdict(settings)
    if not settings.warmup_days > 0:
        del out["warmup_days"]
    return out


def optimise(model: Model, space: OptionSpace, settings: Settings, *, simulate: bool = True,
             on_tasks: Callable[[int], None] | None = None, sweep_dir: Path | None = None,
             on_plan: Callable[[int], None] | None = None,
             on_resume: Callable[[int], None] | None = None) -> tuple[dict, list[Finalist]]:
    """Screen, then (unless ``simulate`` is False) prove by simulation; the result document and the finalists.

    ``sweep_dir``: keep the simulations there, and resume from those already there (see :func:`prove`; ``on_resume``
    is told how many there are once the folder is known to be this run's).
    """
    if simulate and settings.scheduler is not None:  # refused (or warned of: plain tcp://) now, not after the screening
        from raddsim.core.daskclient import dask_security

        dask_security(settings.scheduler, settings.tls)
    t0 = time.perf_counter()
    _, res, finalists, front = screen_options(model, space, settings)
    t1 = time.perf_counter()
    sel = figures = None
    if simulate:
        sel, figures = prove(model, space, finalists, settings, on_tasks, sweep_dir, on_plan, on_resume)
    t2 = time.perf_counter()
    secs = {"screening_total": t1 - t0, "screening_milp": res.seconds, "simulation": t2 - t1}
    doc = result_document(space, settings, res, finalists, sel, figures, secs)
    doc["screening"]["front"] = front
    return doc, finalists
