"""``raddsim run``: simulate scenarios and print the comparison against the target."""

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
    scenario_names,
    terminal_width,
)
from raddsim.cli.args import positive_int as _positive_int
from raddsim.cli.args import years as _years
from raddsim.views.i18n import t
from raddsim.views.service_words import use_region


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("run", help="simulate scenarios and compare them with the response-time target")
    add_scenarios(p, "scenarios to run (default: the region's default_scenarios)")
    p.add_argument("--years", type=_years, default=1.0, help="simulated years per replication (default 1)")
    p.add_argument("--replications", type=_positive_int, default=30, help="independent replications (default 30)")
    add_warmup(p)
    add_seed(p)
    add_region(p)
    add_json(p)
    add_force(p)
    add_lang(p, "the printed table")
    add_target(p)
    p.add_argument("--incidents", type=Path, default=None, metavar="CSV",
                   help="replay these alarms (time,lon,lat,type[,observed_minutes]) instead of generating them")
    p.add_argument("--alarms", type=Path, default=None, metavar="FILE",
                   help="also write every simulated alarm, one row each (scenario, replication, type, area, place, "
                        "times, crews), to this CSV file (.parquet: Parquet, needs the sweep extra)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from raddsim.core.io import stamped, write_json_atomic
    from raddsim.demand import load_incident_csv
    from raddsim.experiment.model import build_model
    from raddsim.experiment.runs import check_warmup, run_experiment
    from raddsim.region.region import load_region
    from raddsim.region.scenarios import select_scenarios
    from raddsim.views.console import format_results

    region = load_region(args.stations, extra_scenarios=args.scenarios_file, target_minutes=args.target)
    use_region(region)  # maps, tables and report in the words of its service and force
    scenarios = select_scenarios(region.scenarios, scenario_names(args), str(region.file), region.default_scenarios)
    replay = None
    if args.incidents is not None:
        replay = load_incident_csv(args.incidents, scenarios[0].demand.catalog.ids, region.replay_timezone())
        check_warmup(args.warmup, field="--warmup", replay=replay)
        if args.years != 1.0:  # was ignored: the replay's span is its alarms'
            from raddsim.core.errors import InputError

            raise InputError(f"--years {args.years:g} does not apply to a replay: the alarms of --incidents set the "
                             "period simulated (first to last alarm).", field="--years",
                             fix="leave out --years (to simulate years of generated alarms, leave out --incidents).")
    if replay is None:
        from raddsim.demand.volume import warn_workload

        warn_workload(scenarios, args.years, args.replications)
    if args.alarms is not None:
        _check_alarm_table(args, scenarios, replay)
    model = build_model(region)
    for s in scenarios if replay is None else ():  # placed once here: the forked runs inherit it, warn not again
        model.demand(s.demand)
    res = run_experiment(model, scenarios, years=args.years, replications=args.replications, seed=args.seed,
                         replay=replay, warmup_days=args.warmup, alarm_file=args.alarms)
    print(format_results(res, args.lang, scenarios, terminal_width()))
    if args.json:
        write_json_atomic(args.json, stamped(res))
    written = [path for path in (args.json, args.alarms) if path is not None]
    if written:
        print("\n" + "\n".join(f"{t('wrote', args.lang)} {path}" for path in written))
    return 0


def _check_alarm_table(args: argparse.Namespace, setups: list, replay) -> None:
    """Refuse, before any simulation, an alarm table that needs a missing extra or more rows than memory holds."""
    from raddsim.core.errors import InputError
    from raddsim.experiment.alarm_table import MAX_ROWS, is_parquet

    if is_parquet(args.alarms):
        from raddsim.core.extras import require

        require("pyarrow", extra="sweep", purpose="--alarms as Parquet")
    per_replication = len(replay) if replay is not None else args.years * max(
        s.demand.rate_per_year for s in setups)
    rows = per_replication * args.replications * len(setups)
    if rows > MAX_ROWS:
        raise InputError(f"would hold about {rows:,.0f} rows (alarms × replications × scenarios), more than "
                         f"{MAX_ROWS:,} that one file is written from memory.", file=args.alarms, field="--alarms",
                         fix="run fewer replications or years with --alarms, or use raddsim sweep for large studies.")
