"""``raddsim sweep SPEC.toml --out DIR`` and ``raddsim sweep summarize DIR``."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from raddsim.cli.args import Subcommands, add_workers, tls_files
from raddsim.cli.args import positive_int as _positive_int
from raddsim.core.errors import InputError
from raddsim.core.extras import require_sweep
from raddsim.core.io import check_writable

SUMMARIZE = "summarize"
#: The British spelling, as in ``raddsim optimise``: read as summarize, not as a spec file named "summarise".
SUMMARISE = "summarise"

if TYPE_CHECKING:  # the sweep package is imported when a sweep runs, not for --help
    from raddsim.sweep.execute import SweepRun


#: The summarize options and their defaults: a sweep run refuses any of them set (they were ignored silently).
SUMMARIZE_DEFAULTS: dict[str, object] = {"figure": "share_within_target", "x": None, "hue": None, "where": [],
                                         "plot": None, "table": None, "rows": 40, "force": False}


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser(
        "sweep",
        help="run a parameter sweep into Parquet (local processes or Dask), or summarize one",
        description="raddsim sweep SPEC.toml --out DIR [--workers N | --scheduler ADDR] [--processes N]\n"
                    "raddsim sweep SPEC.toml --check                 (check the spec on its region; run nothing)\n"
                    "raddsim sweep summarize DIR [--figure F --x AXIS --hue AXIS --plot PATH]\n\n"
                    "Runs every (parameter point, scenario, replication) of the spec; finished tasks are written as\n"
                    "they complete, and running the same spec into the same DIR again resumes where it stopped.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("spec", metavar="SPEC.toml|summarize", help="the sweep specification, or 'summarize'")
    p.add_argument("dir", nargs="?", metavar="DIR", help="(summarize) the sweep's results directory")
    run = p.add_argument_group("running a sweep")
    run.add_argument("--out", type=Path, metavar="DIR",
                     help="results directory (created; resumed if it holds this sweep); with summarize: where to write "
                          "(default: the sweep directory, or beside it when read-only)")
    add_workers(run)
    run.add_argument("--stations", "--region", dest="stations", type=Path, default=None, metavar="PATH",
                     help="region file (replaces the spec's 'region'; default: the spec's, else embedded Norrtälje)")
    run.add_argument("--chunk", type=_positive_int, default=None, metavar="N",
                     help="tasks per part file (default: automatic)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--check", action="store_true",
                     help="only check the spec against its region (scenarios, axis keys and values) and print the "
                          "plan; runs nothing and needs no --out (the run's other options may stay on the line)")
    summ = p.add_argument_group("summarize")
    summ.add_argument("--figure", default=SUMMARIZE_DEFAULTS["figure"],
                      help="figure to plot (default share_within_target)")
    summ.add_argument("--x", default=SUMMARIZE_DEFAULTS["x"], metavar="AXIS",
                      help="axis on the horizontal (default: the first that varies)")
    summ.add_argument("--hue", default=SUMMARIZE_DEFAULTS["hue"], metavar="AXIS",
                      help="one line per value of this axis or 'scenario'")
    summ.add_argument("--where", action="append", default=SUMMARIZE_DEFAULTS["where"], metavar="AXIS=VALUE",
                      help="plot only these points (repeatable; the table keeps every point)")
    summ.add_argument("--plot", type=Path, default=SUMMARIZE_DEFAULTS["plot"], metavar="PATH",
                      help="PNG to write (default DIR/summary_<figure>.png)")
    summ.add_argument("--table", type=Path, default=SUMMARIZE_DEFAULTS["table"], metavar="PATH",
                      help="CSV to write (default DIR/summary.csv; Parquet next to it)")
    summ.add_argument("--rows", type=_positive_int, default=SUMMARIZE_DEFAULTS["rows"], metavar="N",
                      help="rows to print (default 40)")
    summ.add_argument("--force", action="store_true",
                      help="replace a --plot file raddsim did not write (the table replaces only an earlier summary)")
    # --table replaces only an earlier summary, even with --force (sweep.summary.check_table): its own rule
    p.set_defaults(func=main, own_output_rule=("--table",))


def main(args: argparse.Namespace) -> int:
    if args.spec in (SUMMARIZE, SUMMARISE):
        return summarize_cmd(args)
    return run_cmd(args)


def run_cmd(args: argparse.Namespace) -> int:
    if args.dir is not None:
        raise InputError(f"unexpected argument '{args.dir}'.", field="DIR",
                         fix="write raddsim sweep SPEC.toml --out DIR (or raddsim sweep summarize DIR).")
    if args.check:
        return check_cmd(args)
    if args.out is None:
        raise InputError("no results directory given.", field="--out", fix="add --out DIR.")
    # summarize's options were ignored silently by a run (as the run's are refused by summarize)
    for name, default in SUMMARIZE_DEFAULTS.items():
        if getattr(args, name) != default:
            raise InputError(f"--{name} is for summarize, not for running a sweep.", field=f"--{name}",
                             fix=f"drop --{name} (after the run: raddsim sweep summarize {args.out} --{name} …).")
    require_sweep("raddsim sweep")  # Parquet results and the progress bar: the extra named before any work
    tls = tls_files(args)
    with contextlib.ExitStack() as stack:
        cluster = None
        if args.processes != 0 and args.workers is None and args.scheduler is None and not _can_fork():
            from raddsim.core.forkserver import prestart

            # Without fork, first thing: the workers' server imports raddsim while this process does.
            prestart()
        elif args.workers is not None and args.scheduler is None and args.processes is None and tls is None:
            from raddsim.core.daskclient import local_cluster

            # Likewise a local Dask cluster: its workers start and import raddsim while this process loads.
            cluster = stack.enter_context(local_cluster(args.workers))
        r = _run(args, tls, cluster)
    rate = r.ran / r.seconds if r.seconds > 0 else float("nan")
    print(f"{r.ran} task(s) run, {r.skipped} already done ({r.backend}, {r.workers} worker(s), {r.seconds:.1f} s, "
          f"{rate:.1f} tasks/s)")
    print(f"wrote {r.results_file}; summarize with: raddsim sweep summarize {args.out}")
    return 0


def check_cmd(args: argparse.Namespace) -> int:
    """``raddsim sweep SPEC.toml --check``: the spec checked against its region, and the plan; nothing run.

    Needs no ``sweep`` extra: the spec modules import neither pyarrow nor Dask (a newcomer checks a spec before
    installing what runs it).
    """
    from raddsim.sweep.spec import load_spec, spec_region, validate_spec

    spec = load_spec(args.spec, region_file=args.stations, validate=False)
    region = spec_region(spec)
    spec = validate_spec(spec, region)  # one line naming the spec file, the field and the fix, as the run says it
    print(f"raddsim sweep {spec.file}: checked against region {region.name} ({region.file})")
    _print_plan(spec)
    print(f"the spec is valid; run it with: raddsim sweep {args.spec} --out DIR")
    return 0


def _print_plan(spec) -> None:
    """The axes and the task count of ``spec`` (validated: its scenarios filled in)."""
    from raddsim.sweep.axes import axes_table

    for key, form, n, shown in axes_table(spec.axes):
        print(f"  axis {key} ({form}, {n}): {shown}")
    print(f"  {spec.n_points} point(s) × {_scenario_words(spec)} × "
          f"{spec.replications} replications of {spec.years:g} year(s) = {spec.n_tasks} tasks, seed {spec.seed}")


def _scenario_words(spec) -> str:
    """``1 scenario(s) (minimum)``; ``1 base scenario(s) (minimum; staffing from the axis)`` when an axis or a fixed
    override sets the staffing level the scenario names, as ``staffing = ["minimum", "ambition"]`` does.

    "1 scenario(s) (minimum)" above an axis running ambition too read as if ambition were not run.
    """
    n, names = len(spec.scenarios), ", ".join(spec.scenarios)
    if any(a.key == "staffing" for a in spec.axes):
        return f"{n} base scenario(s) ({names}; staffing from the axis)"
    if "staffing" in spec.overrides:  # one level at every point, instead of the scenario's own
        return f"{n} base scenario(s) ({names}; staffing {spec.overrides['staffing']} from [overrides])"
    return f"{n} scenario(s) ({names})"


def _can_fork() -> bool:
    # Where processes fork (Linux), sweep workers are forked after the model is loaded (sweep.execute).
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def _run(args: argparse.Namespace, tls: tuple | None, cluster) -> SweepRun:
    """Load the spec and model, say what will run, and run it (on ``cluster`` when one was started)."""
    from raddsim.sweep import load_spec, run_sweep
    from raddsim.sweep.execute import load_sweep

    spec = load_spec(args.spec, region_file=args.stations, validate=False)  # load_sweep checks it on the region
    loaded = load_sweep(spec)
    region, model, spec = loaded
    print(f"raddsim sweep {spec.file} → {args.out}")
    print(f"region {region.name} ({region.file}); network: {model.network.meta.get('label', '')}")
    _print_plan(spec)
    return run_sweep(spec, args.out, processes=args.processes, workers=args.workers, scheduler=args.scheduler,
                     chunk=args.chunk, progress=not args.quiet, loaded=loaded, tls=tls, cluster=cluster)


def summary_folder(sweep_dir: Path, out: Path | None) -> Path:
    """Where ``summarize`` writes: ``--out`` (created), else the sweep folder, else beside it when that is read-only."""
    import os

    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        return out
    if os.access(sweep_dir, os.W_OK):
        try:
            check_writable(sweep_dir / "summary.csv", free_bytes=2**20)
            return sweep_dir
        except InputError:
            pass
    for beside in (sweep_dir.parent / f"{sweep_dir.name}-summary", Path.cwd() / f"{sweep_dir.name}-summary"):
        try:
            beside.mkdir(exist_ok=True)
            check_writable(beside / "summary.csv", free_bytes=2**20)
        except (OSError, InputError):
            continue
        print(f"note: {sweep_dir} is read-only; writing the summary to {beside}")
        return beside
    raise InputError("neither the sweep folder nor a folder beside it can be written.", file=sweep_dir, field="--out",
                     fix="give a writable folder with --out DIR.")


def summarize_cmd(args: argparse.Namespace) -> int:
    require_sweep("raddsim sweep summarize")  # the results are Parquet: the extra named before an import fails
    from raddsim.sweep import plot as splot
    from raddsim.sweep import summary as ssum

    if args.dir is None:
        raise InputError("no sweep directory given.", field="DIR", fix="write raddsim sweep summarize DIR.")
    for name in ("processes", "workers", "scheduler", "stations", "chunk", "tls_ca_file", "tls_cert", "tls_key",
                 "check"):
        if getattr(args, name) not in (None, False):
            flag = "--" + name.replace("_", "-")
            raise InputError(f"{flag} is for running a sweep, not for summarize.", field=flag, fix=f"drop {flag}.")
    if args.table is not None:
        ssum.check_table(args.table)  # before the work, as every output
    elif args.out is not None:  # the summary goes to --out DIR/summary.csv: said as --out, not as --table
        ssum.check_table(args.out / "summary.csv", "--out")
    out = Path(args.dir)
    if out.is_file():  # often the spec itself: "no such sweep directory" would deny a file that is there
        raise InputError("is a file, not a sweep's results directory.", file=out, field="DIR",
                         fix="give the results directory: the --out DIR of raddsim sweep SPEC.toml --out DIR.")
    df, meta = ssum.load(out)
    axes = meta.get("columns", {}).get("axes", [])
    summary = ssum.summarize(df, axes)
    plotting = any(summary[a].nunique() > 1 for a in axes)
    # Every plot option is checked before the table is written: a refused one replaced the previous summary.
    if plotting:
        splot.plot_layout(summary, axes, figure=args.figure, x=args.x, hue=args.hue, where=args.where)
    elif args.plot or args.x:
        raise InputError("the sweep has no axis with more than one value to plot against.", field="--plot",
                         fix="add an axis with several values to the spec.")
    if meta.get("status") != "complete":
        done = len(df)
        print(f"note: the sweep is not complete ({done} of {meta.get('tasks')} tasks); summarizing what is finished.")
    print(ssum.format_summary(summary, axes, meta, max_rows=args.rows))
    dest = summary_folder(out, args.out)
    written = ssum.write_table(summary, args.table or dest / "summary.csv",
                               "--table" if args.table else "--out" if args.out else "DIR")
    print(f"\nwrote {', '.join(map(str, written))}")
    if plotting:
        path = args.plot or dest / f"summary_{args.figure}.png"
        from raddsim.views.figfiles import command_style

        with command_style():
            splot.plot(summary, axes, meta, path, figure=args.figure, x=args.x, hue=args.hue, where=args.where)
        print(f"wrote {path}")
    return 0
