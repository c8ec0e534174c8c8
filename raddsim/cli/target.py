"""``raddsim target``: the 10-minute target as a board reads it."""

from __future__ import annotations

import argparse
from pathlib import Path

from raddsim.cli.args import (
    Subcommands,
    add_force,
    add_json,
    add_lang,
    add_region,
    add_scenarios,
    add_seed,
    add_target,
    add_warmup,
    offroad_kmh,
    scenario_names,
    terminal_width,
)
from raddsim.cli.args import positive_float as _positive_float
from raddsim.cli.args import positive_int as _positive_int
from raddsim.cli.args import years as _years
from raddsim.views.service_words import use_region


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("target", help="share of alarms and population within the target, where it is missed, what "
                                      "helps most")
    add_scenarios(p, "scenarios (default: the region's default scenarios)")
    p.add_argument("--years", type=_years, default=1.0, help="simulated years per replication (default 1.0)")
    p.add_argument("--replications", type=_positive_int, default=30, help="independent replications (default 30)")
    p.add_argument("--lever-replications", type=_positive_int, default=10,
                   help="replications per candidate lever (default 10)")
    p.add_argument("--no-levers", action="store_true", help="skip the what-would-help-most analysis")
    add_warmup(p)
    add_seed(p)
    add_region(p)
    add_json(p)
    add_force(p)
    add_lang(p)
    add_target(p)
    p.add_argument("--boundary", type=Path, default=None, metavar="FILE",
                   help="municipality polygon for the residents' grid, as in 'raddsim map' (default: the map's default "
                        "extent)")
    p.add_argument("--cell", type=_positive_float, default=250.0, metavar="M",
                   help="grid cell size in metres for residents within the target, as in 'raddsim map' (default 250)")
    p.add_argument("--offroad-kmh", type=offroad_kmh, default=None, metavar="KMH",
                   help="off-road speed from the road to a cell, as in 'raddsim map' (default: the rural access speed)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from raddsim.core.io import stamped, write_json_atomic
    from raddsim.experiment.model import build_model
    from raddsim.experiment.target import target_report
    from raddsim.region.region import load_region
    from raddsim.region.scenarios import select_scenarios
    from raddsim.views.target_text import format_target

    if args.no_levers and args.lever_replications != 10:  # was ignored silently
        from raddsim.core.errors import InputError

        raise InputError("--lever-replications applies only to the levers, which --no-levers skips.",
                         field="--lever-replications", fix="leave out one of --no-levers and --lever-replications.")
    region = load_region(args.stations, extra_scenarios=args.scenarios_file, target_minutes=args.target)
    use_region(region)  # maps, tables and report in the words of its service and force
    setups = select_scenarios(region.scenarios, scenario_names(args), str(region.file), region.default_scenarios)
    from raddsim.demand.volume import warn_workload

    warn_workload(setups, args.years, args.replications)  # as run says it: too few alarms to measure, or minutes
    model = build_model(region)
    from raddsim.views.i18n import t

    boundary = None
    if args.boundary:  # geopandas and scipy only when asked (else they load while the simulations run)
        from raddsim.coverage.grid import load_boundary

        boundary = load_boundary(args.boundary, net=model.network)
    res = target_report(model, setups, years=args.years, replications=args.replications, seed=args.seed,
                        levers=not args.no_levers, lever_replications=args.lever_replications, cell_m=args.cell,
                        boundary=boundary, offroad_kmh=args.offroad_kmh, warmup_days=args.warmup)
    print(format_target(res, args.lang, region, terminal_width()))
    if args.json:
        write_json_atomic(args.json, stamped(res))
        print(f"\n{t('wrote', args.lang)} {args.json}")
    return 0
