"""``raddsim calibrate``: fit uncertain parameters to the reported indicator; write them as a scenario file."""

from __future__ import annotations

import argparse
from pathlib import Path

from raddsim.cli.args import positive_float as _positive_float
from raddsim.cli.args import positive_int as _positive_int
from raddsim.core.errors import InputError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calibrate", help="fit uncertain parameters so the 'current' scenario reproduces the reported indicator")
    p.add_argument("--out", type=Path, default=Path("calibrated.toml"), metavar="PATH",
                   help="scenario file to write (default calibrated.toml; never overwritten unless --force)")
    p.add_argument("--name", default="current-calibrated", help="name of the calibrated scenario")
    p.add_argument("--replications", type=_positive_int, default=20, help="independent replications (default 20)")
    p.add_argument("--years", type=_positive_float, default=1.0, help="simulated years per replication (default 1.0)")
    p.add_argument("--seed", type=int, default=20250101, help="master seed of the random streams (same seed, same output; default 20250101)")
    p.add_argument("--stations", type=Path, default=None, metavar="PATH", help="region file (default: the embedded Norrtälje region)")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the results as JSON to this file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from raddsim.experiment.calibrate import calibrate, format_calibration, scenario_file_text
    from raddsim.core.io import write_bytes_atomic, write_json_atomic
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    if args.out.exists() and not args.force:
        raise InputError("the output file exists; raddsim does not overwrite it.", file=args.out,
                         fix="choose another --out, or pass --force.")
    region = load_region(args.stations)
    model = build_model(region)
    res = calibrate(model, name=args.name, replications=args.replications, years=args.years, seed=args.seed)
    print(format_calibration(res))
    write_bytes_atomic(args.out, scenario_file_text(res).encode("utf-8"))
    print(f"\nWrote {args.out}: use it with --scenarios-file {args.out} --scenario {args.name}")
    if args.json:
        write_json_atomic(args.json, res)
    return 0
