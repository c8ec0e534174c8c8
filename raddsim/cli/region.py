"""``raddsim region import-jemss SRC OUT``: bring another tool's region into raddsim's generic format."""

from __future__ import annotations

import argparse
from pathlib import Path

from raddsim.cli.args import Subcommands, help_and_fail, refuse_empty, subcommands
from raddsim.core.bounds import MAX_TARGET_MINUTES
from raddsim.core.errors import InputError


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("region", help="start a region of your own, or import one from another tool")
    rsub = subcommands(p, "region_command", "SUBCOMMAND")
    j = rsub.add_parser("import-jemss", help="import a JEMSS.jl model folder (e.g. Edmonton)")
    j.add_argument("source", type=Path,
                   help="JEMSS region folder (roads.zip, stations_1.csv, ambulances_1.csv, …; with --config it "
                        "names the region only)")
    j.add_argument("out", type=Path, help="folder to write the raddsim region into (must be new or empty)")
    j.add_argument("--name", default=None,
                   help="region name (default: from the model's folder, e.g. 'Edmonton (JEMSS model)')")
    j.add_argument("--target", type=float, default=None, metavar="MIN",
                   help="response-time target in minutes (default: the model's targetResponseDuration, else 10)")
    j.add_argument("--source", dest="source_line", default=None,
                   help="source line written into the region (default: the model's folder)")
    j.add_argument("--calls", type=Path, default=None, metavar="GEN_CONFIG.xml",
                   help="the call-generation file, when the model has several (JEMSS.jl's calls/reps/train, test, "
                        "validate), or a JEMSS calls file (.csv, a list of calls), converted into OUT/calls.csv for "
                        "raddsim run --incidents; overrides the one --config names")
    j.add_argument("--config", type=Path, default=None, metavar="SIM_CONFIG.xml",
                   help="JEMSS.jl's sim_config.xml: read every input file it names (stations, calls or call "
                        "generation, travel, roads, priorities, redispatch, …) instead of finding them in SOURCE")
    j.add_argument("--en-route", action="store_true",
                   help="dispatch ambulances on their way back, as JEMSS does (closer to JEMSS's figures, but "
                        "each run is many times slower on a large network)")
    j.add_argument("--divert", action="store_true",
                   help="divert ambulances on their way to a less urgent call to a more urgent one, as JEMSS's "
                        "redispatch does (its redispatch.csv, else its default: medium and low to high); each run is "
                        "many times slower on a large network")
    j.add_argument("--redispatch", type=Path, default=None, metavar="REDISPATCH.csv",
                   help="the redispatch file to follow, when the model has several (JEMSS.jl's misc/redispatch/: "
                        "the one its sim_config.xml names); implies --divert")
    j.set_defaults(func=run_import_jemss, own_output_rule=True)  # a new folder only (core.io.new_folder)
    _add_new(rsub)
    p.set_defaults(func=help_and_fail(p))


def run_import_jemss(args: argparse.Namespace) -> int:
    from raddsim.region.jemss import import_jemss
    from raddsim.region.jemss_calls import CALLS_FILE

    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        raise InputError("the output folder is not empty; raddsim does not overwrite files.", file=args.out,
                         fix="give a new folder.")
    check_target(args.target)
    path = import_jemss(args.source, args.out, name=args.name, target_minutes=args.target, source=args.source_line,
                        calls=args.calls, en_route=args.en_route, divert=args.divert,
                        redispatch=args.redispatch, config=args.config)
    print(f"Wrote {path.parent}: run it with  raddsim run --region {path.parent}")
    if (path.parent / CALLS_FILE).is_file():
        print(f"Replay the model's calls with  raddsim run --region {path.parent} --incidents "
              f"{path.parent / CALLS_FILE}")
    return 0


def _add_new(rsub: Subcommands) -> None:
    n = rsub.add_parser("new", help="start a region of your own: a runnable region.toml from a crews table and roads",
                        description="Write a starter region (a folder with region.toml and roads.npz) that "
                                    "`raddsim run --region OUT` runs at once. Values the table does not give are "
                                    "written with an ASSUMPTION comment to replace.")
    n.add_argument("out", type=Path, help="folder to write the region into (must be new or empty)")
    n.add_argument("--network", required=True, metavar="ROADS",
                   help="road network: .osm, .osm.pbf (extra pbf), .npz, .graphml or a nodes/arcs CSV folder "
                        "(`raddsim network fetch` downloads one)")
    n.add_argument("--stations", required=True, type=Path, metavar="CREWS.csv",
                   help="one row per crew: name,lat,lon,kind (full-time/part-time); optional id, station, "
                        "station_name, unit, turnout_minutes, crew_commander, firefighters, paramedics, capabilities; "
                        "per staffing level firefighters@minimum, firefighters@ambition … (docs/formats.md)")
    n.add_argument("--alarms-per-year", required=True, type=float, metavar="N", help="alarms a year in the region")
    n.add_argument("--population", required=True, type=int, metavar="N", help="residents of the region")
    n.add_argument("--name", default=None, help="region name (default: the folder's name)")
    n.add_argument("--target", type=float, default=None, metavar="MIN",
                   help="response-time target, alarm to the first crew on scene (default 10, written as an "
                        "ASSUMPTION)")
    n.add_argument("--places", type=Path, default=None, metavar="CSV",
                   help="towns with their population (name,population,lat,lon); copied into the region")
    n.add_argument("--land", type=Path, default=None, metavar="FILE", help="land polygons for the maps (copied)")
    n.add_argument("--territory", type=Path, default=None, metavar="FILE",
                   help="the region's boundary with its sea, drawn on the maps (copied)")
    n.add_argument("--timezone", default=None,
                   help=("IANA time zone of replayed alarm times, e.g. America/Santiago (without it: "
                         "Europe/Stockholm inside Sweden; elsewhere replay asks for one)"))
    n.add_argument("--service", choices=("rescue", "ems"), default="rescue",
                   help="fire stations (rescue, the default) or ambulance stations (ems)")
    n.set_defaults(func=run_new, own_output_rule=True)


def check_target(target: float | None) -> None:
    """Refuse a ``--target`` the written region file could not hold (the region loader's bound, not its own).

    Before, up to 10 000 min passed here and the loader then blamed region.toml, which raddsim had just written.
    """
    if target is not None and not 0 < target <= MAX_TARGET_MINUTES:  # also NaN
        raise InputError(f"--target {target:g} is not a plausible number of minutes.", field="--target",
                         fix=f"give the response-time target in minutes, above 0 and at most {MAX_TARGET_MINUTES:g} "
                             "(e.g. --target 10).")


def check_outline(option: str, path: Path) -> None:
    """Read an outline file now, as the maps will: a file they cannot draw was copied and refused only by ``map``."""
    from raddsim.coverage.grid import load_boundary

    try:
        load_boundary(path, crs="EPSG:3857")  # any region on Earth: its own metric CRS is not known yet
    except InputError as err:
        raise InputError(err.message, file=err.file, field=option, fix=err.fix) from None


def run_new(args: argparse.Namespace) -> int:
    from raddsim.region.starter import StarterOptions, write_starter_region

    for option, value, lo, hi in (("--alarms-per-year", args.alarms_per_year, 0, 1e7),
                                  ("--population", args.population, 0, 1e9)):
        if not lo < value < hi:  # also NaN
            raise InputError(f"{option} {value:g} is not plausible.", field=option,
                             fix=f"give a number above {lo:g} and below {hi:g}.")
    check_target(args.target)
    refuse_empty(args, "name", "timezone")  # --timezone "": the alarms read in Stockholm time, unsaid
    for option, outline in (("--land", args.land), ("--territory", args.territory)):
        if outline is not None and Path(outline).is_file():  # a missing one: the starter names it
            check_outline(option, outline)
    if not Path(args.network).expanduser().exists():  # the loader's fix, "omit it for the default", fits no --network
        raise InputError("the road network does not exist.", file=args.network, field="--network",
                         fix="check the path; the clone ships networks/norrtalje_approx.osm, and `raddsim network "
                             "fetch` downloads one.")
    options = StarterOptions(name=args.name or args.out.name, alarms_per_year=args.alarms_per_year,
                             population=args.population, target_minutes=args.target, places=args.places,
                             land=args.land, territory=args.territory, timezone=args.timezone, service=args.service)
    path = write_starter_region(args.out, args.network, args.stations, options)
    # Counted in the file written, so the number is the file's: each value line the table left to a default.
    assumed = sum("ASSUMPTION" in ln and not ln.lstrip().startswith("#")
                  for ln in path.read_text(encoding="utf-8").splitlines())
    print(f"Wrote {path} (and {path.parent / 'roads.npz'}).\n"
          f"Run it:   raddsim run --region {path.parent}\n"
          f"Then replace the {assumed} value line(s) marked ASSUMPTION (defaults the table did not give) and every "
          f"crew's availability defaults (see the comments in {path}) with your own.")
    return 0
