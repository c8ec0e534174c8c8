"""``raddsim optimise OPTIONS.toml --budget B --objective coverage|time|effective``: screen, simulate, select."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Callable, Iterator

from raddsim.cli.args import (
    Subcommands,
    add_lang,
    add_region,
    add_seed,
    add_warmup,
    add_workers,
    non_negative_float,
    positive_int,
    tls_files,
)
from raddsim.cli.args import years as _years


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("optimise",
                       help="best staffing and sites for a budget: integer-program screening, then proof by simulation "
                            "(needs the sweep extra)")
    p.add_argument("options", type=Path, metavar="OPTIONS.toml",
                   help="the options file (what may change, what it costs)")
    p.add_argument("--budget", type=float, default=None,
                   help="what may be spent, in the file's cost unit (default: its budget)")
    p.add_argument("--objective", choices=("coverage", "time", "effective"), default="coverage",
                   help="coverage: share of alarms within the target; time: mean time to the first crew; "
                        "effective: mean time to the first crew that alone makes the region's coverage force, by "
                        "default smoke diving 1+4 (its share within target where the finalists' force never assembles "
                        "at different alarms: the means are then not comparable) (default coverage)")
    p.add_argument("--top", type=positive_int, default=5, help="finalists from the screening (default 5)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="directory for the scenario files, table and plot")
    p.add_argument("--force", action="store_true", help="replace optimise's own files in DIR if they exist")
    p.add_argument("--years", type=_years, default=1.0, help="simulated years per replication (default 1)")
    p.add_argument("--initial-replications", type=positive_int, default=10,
                   help="replications before the first look (default 10)")
    p.add_argument("--batch", type=positive_int, default=10,
                   help="replications added to the survivors per look (default 10)")
    p.add_argument("--max-replications", type=positive_int, default=60, help="cap per finalist (default 60)")
    p.add_argument("--confidence", type=float, default=0.95, help="confidence of the 'best' statement (default 0.95)")
    p.add_argument("--indifference", type=non_negative_float, default=0.0,
                   help="call survivors tied once every paired CI lies within ± this: percentage points with "
                        "--objective coverage, minutes with time or effective (default 0: never early)")
    p.add_argument("--short-replications", type=positive_int, default=4,
                   help="replications of the short base simulation that measures crew availability (default 4)")
    add_workers(p, "the simulation stage: ")
    p.add_argument("--sweep-dir", type=Path, default=None, metavar="DIR",
                   help="keep the simulations in DIR as they finish (a sweep folder); run again with the same "
                        "options, only what is missing is simulated (resumes a stopped run)")
    p.add_argument("--screen-only", action="store_true", help="stop after the screening (no simulation)")
    add_seed(p)
    add_warmup(p)
    add_region(p)  # default: the options file's region, else the embedded one
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-map", action="store_true", help="no difference map of the chosen option set against the base")
    add_lang(p, "the printed table, the plot and the map (the JSON and CSV are the same in both)")
    p.set_defaults(func=run, own_output_rule=True)


def _settings(args: argparse.Namespace):
    from raddsim.core.errors import InputError
    from raddsim.optimise.run import Settings

    if not 0.5 <= args.confidence < 1:
        raise InputError(f"--confidence must be in [0.5, 1), got {args.confidence}.", field="--confidence",
                         fix="e.g. 0.95.")
    if args.max_replications < max(2, args.initial_replications):
        raise InputError("--max-replications is below --initial-replications.", field="--max-replications",
                         fix=f"give at least {max(2, args.initial_replications)}.")
    if args.initial_replications < 2:
        raise InputError("--initial-replications must be at least 2 (a paired CI needs two).",
                         field="--initial-replications",
                         fix="give 2 or more.")
    return Settings(objective=args.objective, top=args.top, years=args.years, seed=args.seed,
                    initial_replications=args.initial_replications, batch=args.batch,
                    max_replications=args.max_replications, alpha=round(1 - args.confidence, 10),
                    indifference=_indifference(args), processes=args.processes,
                    scheduler=args.scheduler, tls=tls_files(args), workers=args.workers,
                    short_replications=args.short_replications, warmup_days=args.warmup)


def _indifference(args: argparse.Namespace) -> float:
    """``--indifference`` in the deciding figure's own unit: given in percentage points for coverage, as the table
    shows the share, it is a fraction inside (0.5 was 50 points: every finalist tied at the first look)."""
    return args.indifference / 100.0 if args.objective == "coverage" else args.indifference


#: The simulation stage's settings (by their key in the sweep spec) as this command's options: the library names
#: its Python arguments (``seed``, ``max_replications``), the command line re-words them (polish17).
OPTION_NAMES = {"replications": "--max-replications", "years": "--years", "seed": "--seed", "warmup_days": "--warmup"}
#: What a changed set of finalists comes from, in this command's options.
FINALIST_OPTIONS = "the finalists (the options file, --budget, --objective or --top)"


@contextlib.contextmanager
def _option_words() -> Iterator[None]:
    """Re-word a ``--sweep-dir`` of another optimisation in this command's options (as ``with_option_names`` does
    for the field)."""
    from raddsim.optimise.kept import OtherOptimisation

    try:
        yield
    except OtherOptimisation as err:
        raise err.worded(OPTION_NAMES, FINALIST_OPTIONS) from None


def _check_sweep_dir(args: argparse.Namespace) -> None:
    """Refuse a useless or wrong ``--sweep-dir`` before any work (its finalists are checked after the screening:
    :func:`_resume_line` speaks only then)."""
    from raddsim.core.errors import InputError
    from raddsim.optimise.kept import check_folder

    if args.screen_only:
        raise InputError("--sweep-dir keeps simulations, and --screen-only simulates nothing.", field="--sweep-dir",
                         fix="drop --sweep-dir, or drop --screen-only.")
    with _option_words():
        check_folder(args.sweep_dir, {"replications": args.max_replications, "years": args.years, "seed": args.seed,
                                      "warmup_days": args.warmup})


def _resume_line(args: argparse.Namespace) -> Callable[[int], None]:
    """What says that the run resumes from ``--sweep-dir``, given the simulated years of its finalists already there:
    called only once the folder is known to hold this run's finalists, not before a folder of others is refused."""
    from raddsim.views.i18n import t
    from raddsim.views.numbers import general

    def say(tasks: int) -> None:
        print(t("cal_resuming", args.lang, dir=str(args.sweep_dir), n=general(tasks * args.years, args.lang)),
              flush=True)  # as calibrate's

    return say


def _description_sv(f, objective: str, labels: dict[str, str]) -> str:
    """A finalist's scenario description in Swedish (``description_sv``: what ``compare --lang sv`` shows)."""
    from raddsim.views.i18n import t
    from raddsim.views.optimise_text import options_text

    return (f"raddsim optimise nr {f.rank}, mål {t(f'opt_objective_{objective}', 'sv')}: "
            f"{options_text(list(f.options), 'sv', labels)}")


def _scenario_texts(args: argparse.Namespace, space, settings, finalists, labels) -> dict[str, str]:
    """Each finalist's scenario file, saying how it was found and how to compare it."""
    from raddsim.optimise.output import scenario_text

    return {f.name: scenario_text(f.name, space.base, f.description, f.overrides, comments=[
        f"Written by `raddsim optimise {args.options}` (objective {settings.objective}, budget {space.budget:g} "
        f"{space.cost_unit}).",
        f"Screening rank {f.rank}, cost {f.cost:g}, screening score {f.score:.4f}.",
        *([f"Simulated after a {args.warmup:g}-day warm-up per replication (--warmup {args.warmup:g})."]
          if args.warmup > 0 else []),
        f"Use: raddsim compare {space.base} {f.name} --scenarios-file <this file>"],
        description_sv=_description_sv(f, settings.objective, labels) if labels is not None else "")
        for f in finalists}


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from raddsim.experiment.model import build_model
    from raddsim.optimise.options import load_options
    from raddsim.optimise.output import output_paths, refuse_existing, write_outputs
    from raddsim.optimise.run import optimise
    from raddsim.optimise.sites import check_sites
    from raddsim.views.i18n import t
    from raddsim.views.optimise_text import format_optimise
    from raddsim.views.service_words import use_region

    settings = _settings(args)
    if args.sweep_dir is not None:
        _check_sweep_dir(args)
    space = load_options(args.options, region_file=args.stations, scenarios_files=args.scenarios_file,
                         budget=args.budget)
    use_region(space.region)  # the table, plot and map in the words of its service and force
    names = [f"{settings.prefix}-{k}" for k in range(1, settings.top + 1)]
    refuse_existing(output_paths(args.out, names), args.force)
    model = build_model(space.region)
    check_sites(space, model.network)
    # The total grows stage by stage as the procedure decides how many runs it needs: a cap of (top + 1) × max
    # replications as the total ran "0/120 … 60/60" when the best was separated early.
    bar = tqdm(total=0, unit="run", desc="simulate", file=sys.stderr, disable=args.no_progress or args.screen_only,
               dynamic_ncols=True, mininterval=0.5)

    def plan(tasks: int) -> None:
        bar.total += tasks
        bar.refresh()

    try:
        with _option_words():  # another optimisation's finalists in the folder are found only now
            doc, finalists = optimise(model, space, settings, simulate=not args.screen_only, on_tasks=bar.update,
                                      sweep_dir=args.sweep_dir, on_plan=plan, on_resume=_resume_line(args))
    finally:
        bar.close()
    args.out.mkdir(parents=True, exist_ok=True)
    labels = space.labels_sv() if args.lang == "sv" else None
    texts = _scenario_texts(args, space, settings, finalists, labels)
    unit = (space.cost_unit_sv or space.cost_unit) if args.lang == "sv" else space.cost_unit
    from raddsim.views.figfiles import command_style

    with command_style():  # the plot and the map
        paths = write_outputs(args.out, doc, texts, lang=args.lang, labels=labels, unit=unit)
        if not args.no_map and doc["finalists"]:
            from raddsim.optimise.output import chosen_scenario, map_chosen
            from raddsim.optimise.run import with_finalists

            region = with_finalists(space, finalists)
            measure = "effective" if settings.objective == "effective" else "first"
            paths["map"] = map_chosen(model, region.scenarios[space.base], region.scenarios[chosen_scenario(doc)],
                                      args.out / "map_chosen.png", space.region.target_minutes, measure, args.lang)
    print(format_optimise(doc, args.lang, labels, unit))
    print(f"\n{t('wrote', args.lang)} " + ", ".join(str(p) for p in paths.values()))
    return 0
