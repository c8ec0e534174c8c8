"""``raddsim calibrate``: fit uncertain parameters to the reported indicator; write them as a scenario file."""

from __future__ import annotations

import argparse
from pathlib import Path

from raddsim.cli.args import Subcommands, add_json, add_region, add_seed, seed
from raddsim.cli.args import non_negative_int as _non_negative_int
from raddsim.cli.args import positive_float as _positive_float
from raddsim.cli.args import positive_int as _positive_int
from raddsim.cli.args import years as _years
from raddsim.core.errors import InputError


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("calibrate",
                       help="fit uncertain parameters so the 'current' scenario reproduces the reported indicator")
    p.add_argument("--out", type=Path, default=Path("calibrated.toml"), metavar="PATH",
                   help="scenario file to write (default calibrated.toml; never overwritten unless --force)")
    p.add_argument("--name", type=_scenario_name, default="current-calibrated", help="name of the calibrated scenario")
    p.add_argument("--method", choices=("abc", "bisect"), default="abc",
                   help="abc (default): joint ABC rejection over the ranges of [calibration] abc, reporting the "
                        "accepted set; "
                        "bisect: the older one-parameter-at-a-time fit of [[calibration.parameters]]")
    p.add_argument("--sets", type=_positive_int, default=60,
                   help="abc: parameter sets drawn from the ranges (default 60)")
    p.add_argument("--tolerance", type=_positive_float, default=0.15, metavar="MIN",
                   help="abc: accept when a simulated pair of years has a mean within MIN of the reported mean "
                        "(default 0.15)")
    p.add_argument("--processes", type=_non_negative_int, default=None, metavar="N",
                   help="abc: local worker processes (default: all cores; 0 = in this process)")
    p.add_argument("--replications", type=_positive_int, default=None,
                   help="replications (simulated years) per parameter set (abc, default 6) or per trial (bisect, "
                        "default 20)")
    p.add_argument("--years", type=_years, default=1.0, help="simulated years per replication (default 1.0)")
    add_seed(p)
    add_region(p, scenarios=False)
    add_json(p)
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.add_argument("--write", type=Path, default=None, metavar="PATH",
                   help="abc: also write the accepted parameter sets (the posterior) to this TOML file, for a "
                        "scenario's posterior = \"PATH\" or compare --uncertain N --posterior PATH (atomically)")
    p.add_argument("--lhs-seed", type=seed, default=1,
                   help="abc: seed of the Latin hypercube over the ranges (default 1)")
    p.set_defaults(func=run)


def _scenario_name(text: str) -> str:
    """``--name``: written as the scenario's TOML key, so no quote, backslash or control character, and not empty."""
    if not text.strip() or any(c in '"\\' or ord(c) < 32 or ord(c) == 127 for c in text):
        raise argparse.ArgumentTypeError(f"{text!r} cannot be a scenario name: use letters, digits, '-' and '_', "
                                         "e.g. current-calibrated")
    return text


def run(args: argparse.Namespace) -> int:
    from raddsim.core.io import create_exclusive, write_bytes_atomic, write_json_atomic
    from raddsim.experiment.calibrate import calibrate, format_calibration, scenario_file_text
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    if args.out.exists() and not args.force:
        raise InputError("the output file exists; raddsim does not overwrite it.", file=args.out,
                         fix="choose another --out, or pass --force.")
    if args.write is not None and args.write.resolve() == args.out.resolve():
        # the posterior would be written first and the scenario file then refused (or written over it)
        raise InputError("--write names the same file as --out.", file=args.write, field="--write",
                         fix="give the accepted sets a file of their own, e.g. posterior.toml.")
    region = load_region(args.stations)
    if args.name in region.scenarios:  # the written file could not be used beside the region file
        raise InputError(f"the region already has a scenario '{args.name}'.", file=region.file, field="--name",
                         fix="give the calibrated scenario a new name, e.g. --name current-calibrated-2.")
    model = build_model(region)
    if args.method == "abc":
        from raddsim.experiment.abc import abc_calibrate, abc_scenario_file_text, format_abc

        res = abc_calibrate(model, n_sets=args.sets, replications=args.replications or 6, tolerance=args.tolerance,
                            seed=args.seed, lhs_seed=args.lhs_seed, processes=args.processes)
        print(format_abc(res))
        text = abc_scenario_file_text(res, args.name) if res["accepted_sets"] else None
        if args.write is not None and text is not None:
            write_posterior(args, res)
    else:
        res = calibrate(model, name=args.name, replications=args.replications or 20, years=args.years, seed=args.seed)
        print(format_calibration(res))
        text = scenario_file_text(res)
    if args.json:
        write_json_atomic(args.json, res)
    if text is None:
        return 1
    if args.force:
        write_bytes_atomic(args.out, text.encode("utf-8"))
    else:  # created exclusively: a file that appeared during the run is not overwritten either
        create_exclusive(args.out, text.encode("utf-8"))
    print(f"\nWrote {args.out}: use it with --scenarios-file {args.out} --scenario {args.name}")
    return 0


def write_posterior(args: argparse.Namespace, res: dict) -> None:
    """Write the accepted sets of an ABC calibration (``--write``) atomically, with the command that made them."""
    from raddsim.core.io import write_bytes_atomic
    from raddsim.region.posterior import posterior_text

    command = (f"raddsim calibrate --sets {args.sets} --replications {args.replications or 6} --tolerance "
               f"{args.tolerance} --seed {args.seed} --lhs-seed {args.lhs_seed}")
    write_bytes_atomic(args.write, posterior_text(res, command).encode("utf-8"))
    print(f"Wrote the {res['accepted_sets']} accepted sets to {args.write}: a scenario runs over them with "
          f'posterior = "{args.write.name}"')
