"""``raddsim demand``: summarise (and map) the alarms a scenario generates."""

from __future__ import annotations

import argparse
from pathlib import Path

from raddsim.cli.args import Subcommands, add_force, add_json, add_lang, add_region, add_seed
from raddsim.cli.args import positive_int as _positive_int
from raddsim.cli.args import years as _years
from raddsim.views.service_words import use_region


def _season(text: str) -> str:
    # The seasons live with the time profile (numpy); imported only when the option is given.
    from raddsim.demand.timeprofile import SEASON_MONTHS

    if text not in SEASON_MONTHS:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {text!r} (choose from {', '.join(map(repr, SEASON_MONTHS))})"
        )
    return text


def _plot_subtitle(args: argparse.Namespace, season: str, net: dict) -> str:
    """The alarm map's subtitle: replications, years, season and network, in the output's language."""
    from raddsim.views.i18n import has, t
    from raddsim.views.plain_text import network_label

    lang = args.lang
    if lang == "en":  # the English subtitle as it always was: the season's id and the network's own label
        return t("demand_sub", lang, k=args.replications, y=args.years, s=season, net=net.get("label", ""))
    return t("demand_sub", lang, k=args.replications, y=args.years,
             s=t(f"season_{season}", lang) if has(f"season_{season}") else season,
             rp=t("replication" if args.replications == 1 else "replications", lang), net=network_label(net, lang))


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("demand", help="summarise the alarms a scenario generates (type, hour, month, area)")
    add_region(p, scenarios=False)
    p.add_argument("--scenario", default=None, metavar="NAME", help="scenario whose demand to use (default: the first)")
    p.add_argument("--season", type=_season, default=None, metavar="SEASON",
                   help="only this season: all, summer or winter (default: the scenario's)")
    p.add_argument("--years", type=_years, default=1.0, help="simulated years per replication (default 1)")
    p.add_argument("--replications", type=_positive_int, default=10, help="replications to pool (default 10)")
    add_seed(p)
    p.add_argument("--plot", type=Path, default=None, metavar="PATH", help="write a map of the alarms (PNG/SVG/PDF)")
    add_json(p, "the summary")
    add_force(p)
    add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from raddsim.core.io import stamped, write_json_atomic
    from raddsim.demand import generate_incidents
    from raddsim.demand.summary import format_stream, plot_stream, summarize_stream
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.region.scenarios import select_scenarios
    from raddsim.views.i18n import t

    region = load_region(args.stations)
    use_region(region)  # maps, tables and report in the words of its service and force
    setup = select_scenarios(region.scenarios, None if args.scenario is None else [args.scenario], str(region.file))[0]
    if args.season:
        setup = region.derive(f"{setup.name}-{args.season}", setup.name, {"demand.season": args.season})
    model = build_model(region)
    points, _ = model.demand(setup.demand)
    runs = [generate_incidents(setup.demand, points, years=args.years, seed=args.seed,
                               replication=r) for r in range(args.replications)]
    areas = [model.node_area(r.node) for r in runs]
    summary = summarize_stream(setup.demand, points, runs, model.area_names, areas, args.years)
    summary["scenario"] = setup.name
    summary["season"] = setup.demand.season
    print(format_stream(summary, setup.demand, args.lang))
    if args.plot:
        from raddsim.coverage.outline import region_outline
        from raddsim.views.figfiles import command_style
        from raddsim.views.numbers import formatted

        with command_style():
            plot_stream(args.plot, model.network, points, runs, summary,
                        t("demand_title", args.lang, r=region.name, n=formatted(summary["alarms"], ",", args.lang)),
                        spec=setup.demand, lang=args.lang, outline=region_outline(region, model.network.metric_crs),
                        subtitle=_plot_subtitle(args, setup.demand.season, model.network.meta))
        print(f"{t('wrote', args.lang)} {args.plot}")
    if args.json:
        write_json_atomic(args.json, stamped(summary))
        print(f"{t('wrote', args.lang)} {args.json}")
    return 0
