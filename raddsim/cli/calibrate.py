"""``raddsim calibrate``: fit uncertain parameters to the reported indicator; write them as a scenario file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from raddsim.cli.args import (
    Subcommands,
    add_json,
    add_lang,
    add_region,
    add_seed,
    add_warmup,
    add_workers,
    seed,
    tls_files,
)
from raddsim.cli.args import positive_float as _positive_float
from raddsim.cli.args import positive_int as _positive_int
from raddsim.cli.args import years as _years
from raddsim.core.errors import InputError
from raddsim.views.i18n import t
from raddsim.views.service_words import use_region


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("calibrate",
                       help="fit uncertain parameters so the [calibration] scenario (Norrtälje: 'current') "
                            "reproduces the reported indicator")
    p.add_argument("--out", type=Path, default=Path("calibrated.toml"), metavar="PATH",
                   help="scenario file to write (default calibrated.toml; never overwritten unless --force)")
    p.add_argument("--name", type=_scenario_name, default=None,
                   help="name of the calibrated scenario (default: the [calibration] scenario's name + '-calibrated', "
                        "e.g. current-calibrated)")
    p.add_argument("--method", choices=("abc", "bisect"), default="abc",
                   help="abc (default): joint ABC rejection over the ranges of [calibration] abc, reporting the "
                        "accepted set; "
                        "bisect: the older one-parameter-at-a-time fit of [[calibration.parameters]]")
    # abc's defaults filled in by check_method_options(): given with --method bisect they are refused, not ignored
    p.add_argument("--sets", type=_positive_int, default=None,
                   help="abc: parameter sets drawn from the ranges (default 60)")
    p.add_argument("--tolerance", type=_positive_float, default=None, metavar="MIN",
                   help="abc: accept when a simulated pair of years has a mean within MIN of the reported mean "
                        "(default 0.15)")
    add_workers(p, "abc: ")
    p.add_argument("--sweep-dir", type=Path, default=None, metavar="DIR",
                   help="abc: keep the simulations here (a sweep folder of Parquet files): a calibration stopped "
                        "part-way resumes from it when run again with the same settings")
    p.add_argument("--replications", type=_positive_int, default=None,
                   help="replications (simulated years) per parameter set (abc, default 6) or per trial (bisect, "
                        "default 20)")
    p.add_argument("--years", type=_years, default=None,
                   help="bisect: simulated years per replication (default 1; abc simulates single years, as the "
                        "reported indicator is one value a year)")
    add_seed(p)
    add_warmup(p)
    add_region(p, scenarios=False)
    add_json(p)
    p.add_argument("--force", action="store_true",
                   help="replace --out, --write and --json if they exist (without it an existing file is refused "
                        "before any work)")
    p.add_argument("--write", type=Path, default=None, metavar="PATH",
                   help="abc: also write the accepted parameter sets (the posterior) to this TOML file, for a "
                        "scenario's posterior = \"PATH\" or compare --uncertain N --posterior PATH (atomically; "
                        "never overwritten unless --force)")
    p.add_argument("--lhs-seed", type=seed, default=None,
                   help="abc: seed of the Latin hypercube over the ranges (default 1)")
    add_lang(p, "the printed report (both methods); the files are the same in both")
    p.set_defaults(func=run, own_output_rule=True)


def _scenario_name(text: str) -> str:
    """``--name``: written as the scenario's TOML key, so no quote, backslash or control character, and not empty."""
    if not text.strip() or any(c in '"\\' or ord(c) < 32 or ord(c) == 127 for c in text):
        raise argparse.ArgumentTypeError(f"{text!r} cannot be a scenario name: use letters, digits, '-' and '_', "
                                         "e.g. current-calibrated")
    return text


#: calibrate's output files: the option and its attribute. Each is refused if it exists (unless --force).
OUTPUTS = (("--out", "out"), ("--write", "write"), ("--json", "json"))


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before the calibration, an output that exists (unless ``--force``) or two outputs on one file."""
    from raddsim.core.io import refuse_existing

    named = [(option, getattr(args, attr)) for option, attr in OUTPUTS if getattr(args, attr) is not None]
    for i, (option, path) in enumerate(named):
        for first, earlier in named[:i]:
            if path.resolve() == earlier.resolve():
                # one would be written and the other then refused (or written over it)
                raise InputError(f"{option} names the same file as {first}.", file=path, field=option,
                                 fix=f"give {option} a file of its own, e.g. "
                                     + {"--write": "posterior.toml", "--json": "calibration.json"}[option] + ".")
    if not args.force:  # refused now, not after minutes of simulation
        for option, path in named:
            refuse_existing(path, option, force="--force")


def save(args: argparse.Namespace, option: str, data: bytes) -> None:
    """Write one output atomically: as a new file, or replacing an existing one with ``--force``."""
    from raddsim.core.io import write_new

    # created exclusively without --force: a file that appeared during the run is not overwritten either
    write_new(getattr(args, dict(OUTPUTS)[option]), data, replace=args.force, option=option)


def run(args: argparse.Namespace) -> int:
    from raddsim.core.io import json_bytes
    from raddsim.experiment.calibrate import calibrate, format_calibration, scenario_file_text
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    check_method_options(args)
    if args.method == "abc":  # a plain `pip install .` lacks it: named now, not as an ImportError mid-calibration
        from raddsim.core.extras import require_sweep

        require_sweep("raddsim calibrate (its ABC simulations run on the sweep machinery; --method bisect does not)")
    check_outputs(args)
    region = load_region(args.stations)
    use_region(region)  # maps, tables and report in the words of its service and force
    if args.method == "abc":
        check_abc_list(region)
    if args.name is None:  # named after what it calibrates: 'bas-calibrated' in a region without a 'current'
        args.name = f"{calibrated_scenario(region)}-calibrated"
    if args.name in region.scenarios:  # the written file could not be used beside the region file
        raise InputError(f"the region already has a scenario '{args.name}'.", file=region.file, field="--name",
                         fix=f"give the calibrated scenario a new name, e.g. --name {args.name}-2.")
    model = build_model(region)
    if args.method == "abc":
        from raddsim.experiment.abc import abc_scenario_file_text, format_abc

        res = abc_run(args, model)
        print(format_abc(res, args.lang))
        text = abc_scenario_file_text(res, args.name, abc_command(args)) if res["accepted_sets"] else None
        if args.write is not None and text is not None:
            write_posterior(args, res)
    else:
        res = calibrate(model, name=args.name, replications=args.replications or 20, years=args.years or 1.0,
                        seed=args.seed,
                        warmup_days=args.warmup)
        print(format_calibration(res, args.lang))
        text = scenario_file_text(res)
    if args.json:
        save(args, "--json", json_bytes(res))
    if text is None:
        return 1
    save(args, "--out", text.encode("utf-8"))
    print("\n" + t("cal_wrote", args.lang, out=str(args.out), name=args.name))
    return 0


def calibrated_scenario(region) -> str:
    """The scenario the region's ``[calibration]`` table calibrates (``current`` when it names none)."""
    scenario = (region.raw.get("calibration") or {}).get("scenario")
    return scenario if isinstance(scenario, str) and scenario else "current"


#: Options of the ABC method only (the bisect method simulates in this process, with no sweep).
ABC_ONLY = (("--processes", "processes"), ("--workers", "workers"), ("--scheduler", "scheduler"),
            ("--tls-ca-file", "tls_ca_file"), ("--tls-cert", "tls_cert"), ("--tls-key", "tls_key"),
            ("--sweep-dir", "sweep_dir"), ("--sets", "sets"), ("--tolerance", "tolerance"), ("--lhs-seed", "lhs_seed"),
            ("--write", "write"))
#: The ABC method's defaults of the options above that have one.
ABC_DEFAULTS = {"sets": 60, "tolerance": 0.15, "lhs_seed": 1}


def check_method_options(args: argparse.Namespace) -> None:
    """Refuse an option the chosen method would ignore, before any work."""
    if args.method == "abc" and args.years not in (None, 1.0):
        raise InputError("--years is for --method bisect: ABC compares single simulated years with the reported "
                         "ones (one indicator value a year).", field="--years",
                         fix="drop --years (more pseudo-observations: --replications or --sets).")
    if args.method == "bisect":
        for option, attr in ABC_ONLY:
            if getattr(args, attr) is not None:
                raise InputError(f"{option} is for --method abc (bisect fits one parameter at a time, in this "
                                 "process, and keeps no parameter sets).", field=option,
                                 fix=f"drop {option}, or use --method abc.")
    if args.method == "bisect" and args.replications is not None and args.replications < 2:
        # was a traceback after the whole fit: its result states a 95 % CI, which one replication does not have
        raise InputError(f"--replications {args.replications}: the bisection's result needs a 95 % confidence "
                         "interval, which takes at least 2 replications.", field="--replications",
                         fix="give --replications 2 or more (default 20).")
    for attr, default in ABC_DEFAULTS.items():
        if getattr(args, attr) is None:
            setattr(args, attr, default)


def check_abc_list(region: Any) -> None:
    """Refuse ``[calibration] abc = []``: was a numpy traceback after the sets were drawn."""
    raw = region.raw.get("calibration")
    if isinstance(raw, dict) and raw.get("abc") == []:
        raise InputError("the list of parameters to calibrate jointly is empty.", file=region.file,
                         field="calibration.abc", fix='name them, e.g. abc = ["network.blue_light.scale"].')


def abc_run(args: argparse.Namespace, model) -> dict:
    """The ABC calibration of ``args``; with ``--sweep-dir`` its simulations are kept there and resumed."""
    import sys

    from raddsim.experiment.abc import abc_calibrate

    if args.sweep_dir is not None and (args.sweep_dir / "parts").is_dir():
        from raddsim.sweep.results import finished_tasks

        print(t("cal_resuming", args.lang, dir=str(args.sweep_dir), n=len(finished_tasks(args.sweep_dir))))
    try:
        return abc_calibrate(model, n_sets=args.sets, replications=args.replications or 6, tolerance=args.tolerance,
                             seed=args.seed, lhs_seed=args.lhs_seed, processes=args.processes, workers=args.workers,
                             scheduler=args.scheduler, tls=tls_files(args), out=args.sweep_dir, warmup_days=args.warmup,
                             progress=sys.stderr.isatty())
    except InputError as err:
        if args.sweep_dir is None or err.field not in ("spec_hash", "input_files_sha256", "raddsim_version"):
            raise
        if err.field == "spec_hash" and not _calibration_sweep(args.sweep_dir):
            # an ordinary sweep's points were read as "--sets 2 before" (probe_bad2 #11)
            raise InputError("holds a sweep that is not a calibration (raddsim sweep wrote it).", file=args.sweep_dir,
                             field="--sweep-dir", fix="give a new --sweep-dir, or the folder of an earlier calibrate "
                                                      "--sweep-dir to resume it.") from None
        what = sweep_dir_mismatch(args) if err.field == "spec_hash" else err.message
        raise InputError(f"holds the simulations of another calibration: {what.rstrip('.')}.", file=args.sweep_dir,
                         field="--sweep-dir", fix="run again with the settings that began it, or give a new "
                                                  "--sweep-dir.") from None


def _calibration_sweep(folder: Path) -> bool:
    """Whether the sweep in ``folder`` is a calibration's: a joint draw (Latin hypercube) of one scenario with its
    posterior switched off, as abc_calibrate builds it (a sweep spec file has no joint axes of its own)."""
    import json

    try:
        spec = json.loads((folder / "sweep.json").read_text(encoding="utf-8")).get("spec", {})
    except (OSError, ValueError, AttributeError):
        return True  # unreadable: keep the calibration's own message
    return bool(spec.get("joint")) and (spec.get("overrides") or {}).get("posterior") is False \
        and len(spec.get("scenarios") or ()) == 1


def sweep_dir_mismatch(args: argparse.Namespace) -> str:
    """What differs between ``--sweep-dir``'s calibration and this one, in the command's own options."""
    import json

    from raddsim.views.numbers import as_typed

    old = json.loads((args.sweep_dir / "sweep.json").read_text(encoding="utf-8")).get("spec", {})
    axes = old.get("axes") or [{}]
    before = {"--sets": len(axes[0].get("values", [])), "--replications": old.get("replications"),
              "--seed": old.get("seed"), "--warmup": old.get("warmup_days", 0.0)}
    now = {"--sets": args.sets, "--replications": args.replications or 6, "--seed": args.seed,
           "--warmup": args.warmup}
    changed = [f"{k} {as_typed(before[k])} before, {as_typed(now[k])} now" for k in before
               if isinstance(before[k], (int, float)) and before[k] != now[k]]
    return ("; ".join(changed) or "the parameter sets (--lhs-seed, or the ranges of [calibration] abc in the region "
                                  "file)") + "."


def write_posterior(args: argparse.Namespace, res: dict) -> None:
    """Write the accepted sets of an ABC calibration (``--write``) atomically, with the command that made them."""
    from raddsim.region.posterior import posterior_text

    save(args, "--write", posterior_text(res, abc_command(args)).encode("utf-8"))
    print(t("cal_wrote_sets", args.lang, n=res["accepted_sets"], out=str(args.write), file=args.write.name))


def abc_command(args: argparse.Namespace) -> str:
    """The settings of an ABC calibration as the command that repeats it (recorded in the files it writes)."""
    return (f"raddsim calibrate --sets {args.sets} --replications {args.replications or 6} --tolerance "
            f"{args.tolerance} --seed {args.seed} --lhs-seed {args.lhs_seed}"
            + (f" --warmup {args.warmup:g}" if args.warmup > 0 else ""))  # absent at 0: the files as before
