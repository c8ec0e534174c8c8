"""``raddsim region import-jemss SRC OUT``: bring another tool's region into raddsim's generic format."""

from __future__ import annotations

import argparse
from pathlib import Path

from raddsim.cli.args import Subcommands, help_and_fail, subcommands
from raddsim.core.errors import InputError


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("region", help="import a region from another tool into raddsim's generic region format")
    rsub = subcommands(p, "region_command", "SUBCOMMAND")
    j = rsub.add_parser("import-jemss", help="import a JEMSS.jl model folder (e.g. Edmonton)")
    j.add_argument("source", type=Path, help="JEMSS region folder (roads.zip, stations_1.csv, ambulances_1.csv, …)")
    j.add_argument("out", type=Path, help="folder to write the raddsim region into (must be new or empty)")
    j.add_argument("--name", default=None,
                   help="region name (default: from the model's folder, e.g. 'Edmonton (JEMSS model)')")
    j.add_argument("--target", type=float, default=None, metavar="MIN",
                   help="response-time target in minutes (default: the model's targetResponseDuration, else 10)")
    j.add_argument("--source", dest="source_line", default=None,
                   help="source line written into the region (default: the model's folder)")
    j.add_argument("--calls", type=Path, default=None, metavar="GEN_CONFIG.xml",
                   help="the call-generation file, when the model has several (JEMSS.jl's calls/reps/train, test, "
                        "validate)")
    j.set_defaults(func=run_import_jemss)
    p.set_defaults(func=help_and_fail(p))


def run_import_jemss(args: argparse.Namespace) -> int:
    from raddsim.region.jemss import import_jemss

    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        raise InputError("the output folder is not empty; raddsim does not overwrite files.", file=args.out,
                         fix="give a new folder.")
    if args.target is not None and not (0 < args.target < 1e4):
        raise InputError(f"--target {args.target:g} is not a plausible number of minutes.", field="--target",
                         fix="give minutes, e.g. --target 8.")
    path = import_jemss(args.source, args.out, name=args.name, target_minutes=args.target, source=args.source_line,
                        calls=args.calls)
    print(f"Wrote {path.parent}: run it with  raddsim run --region {path.parent}")
    return 0
