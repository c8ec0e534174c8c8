"""``raddsim report A B … --out report.html``: the board report as one self-contained HTML file."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from raddsim.cli.args import Subcommands, add_scenarios, add_seed, add_warmup, scenario_names
from raddsim.cli.args import positive_float as _positive_float
from raddsim.cli.args import positive_int as _positive_int
from raddsim.cli.args import years as _years
from raddsim.cli.map import add_common, default_cell
from raddsim.views.i18n import t
from raddsim.views.service_words import use_region


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("report", help="the board paper: a one-page summary in words, then tables, maps and assumptions "
                                      "(HTML; --pdf)")
    add_scenarios(p, "scenarios (default: the region's default scenarios); differences are from the first")
    p.add_argument("--out", type=Path, default=Path("report.html"), metavar="FILE",
                   help="the HTML file to write (default report.html)")
    p.add_argument("--years", type=_years, default=1.0, help="simulated years per replication (default 1)")
    p.add_argument("--replications", type=_positive_int, default=30, help="replications (default 30)")
    add_seed(p)
    add_warmup(p)
    p.add_argument("--pdf", action="store_true",
                   help="also print the paper to PDF (A4) beside the HTML file, with headless Chromium")
    p.add_argument("--what-if-replications", type=_positive_int, default=10, metavar="N",
                   help="paired replications for each uncertain assumption's range and each candidate lever on page "
                        "one (default 10)")
    p.add_argument("--no-what-if", action="store_true",
                   help="skip the assumption ranges and levers on page one (faster)")
    p.add_argument("--sim-cell", type=_positive_float, default=2000.0, metavar="M",
                   help="square size of the simulated map (default 2000)")
    add_common(p)
    p.set_defaults(func=run, out_form=check_out_form, outputs_beside=outputs_beside)  # args.OUTPUT_HOOKS


def command_line(args: argparse.Namespace, scenarios: list[str]) -> str:
    """The command that reproduces the report (written into it; files by name only, no local paths)."""
    parts = ["raddsim", "report", *scenarios, "--years", f"{args.years:g}", "--replications", str(args.replications),
             "--seed", str(args.seed), "--what-if-replications", str(args.what_if_replications), "--cell",
             f"{args.cell:g}", "--sim-cell", f"{args.sim_cell:g}", "--lang", args.lang]
    region = args.stations
    if region is not None and Path(region).is_dir():  # --region FOLDER ('.' has no name of its own: resolve it)
        parts += ["--region", Path(region).resolve().name]
        region = None
    for flag, value in (("--boundary", args.boundary), ("--stations", region),
                        ("--offroad-kmh", args.offroad_kmh)):
        if value is not None:
            parts += [flag, f"{value:g}" if isinstance(value, float) else Path(value).name]
    for f in args.scenarios_file or []:
        parts += ["--scenarios-file", Path(f).name]
    target = getattr(args, "target", None)  # a namespace made before the option has none
    if target is not None:  # absent without it: the region's own target, as the line read before the option
        parts += ["--target", f"{target:g}"]
    warmup = getattr(args, "warmup", 0.0)  # a namespace made before the option (a caller's own) has none
    if warmup > 0:  # absent at 0: the line reads as before the option existed
        parts += ["--warmup", f"{warmup:g}"]
    if args.no_what_if:
        parts.append("--no-what-if")
    # flags that change what is made: web tiles under the maps, the PDF beside the HTML (absent when off)
    parts += [flag for flag in ("--basemap", "--pdf") if getattr(args, flag[2:], False)]
    return " ".join(shlex.quote(p) for p in parts + ["--out", Path(args.out).name])


def _check_chromium() -> None:
    """Fail before the simulation, not after, when --pdf has no Chromium — and say that nothing was written."""
    from raddsim.core.errors import InputError
    from raddsim.views.chromium import find_chromium

    try:
        find_chromium()
    except InputError as err:
        if err.field != "--pdf":  # RADDSIM_CHROMIUM's own error and fix
            raise
        # Its fix says "the HTML paper is written anyway", true only when Chromium fails after the paper is written.
        raise InputError(err.message, field="--pdf",
                         fix="install it (Debian/Ubuntu: apt install chromium) or set RADDSIM_CHROMIUM, or leave out "
                             "--pdf for the HTML paper alone; nothing was written.") from None


#: File name endings of the report: a browser opens it, and ``--pdf`` names its PDF by replacing the ending.
HTML_SUFFIXES = (".html", ".htm")


def check_out(out: Path) -> None:
    """Refuse, before any work, an ``--out`` that is a directory or whose name does not end in ``.html``.

    Without the ending the paper was written as a file no browser opens by a double click (``--out rapport``);
    raddsim does not add the ending itself, as ``rapport.html`` may be a file the user did not name. The map
    command refuses a new ``--out`` folder named like a file the same way.
    """
    from raddsim.core.errors import InputError

    if out.is_dir():
        raise InputError("is a directory.", file=out, field="--out", fix="give a file name, e.g. --out report.html.")
    if out.suffix.lower() not in HTML_SUFFIXES:
        raise InputError(f"the report is an HTML file, and '{out.name}' does not end in .html.", file=out,
                         field="--out", fix=f"give --out {out.name}.html (with --pdf the PDF is written beside it, "
                                            f"as {out.name}.pdf).")


def check_out_form(out: Path) -> None:
    """``--out``'s form, checked before any other output (:data:`raddsim.cli.args.OUTPUT_HOOKS`): a PDF name
    (the report is HTML; ``--pdf`` prints it beside), then :func:`check_out`.

    Raises
    ------
    InputError
        Naming ``--out`` and the name to give.
    """
    from raddsim.core.errors import InputError

    if out.suffix.lower() == ".pdf":
        raise InputError("the report is an HTML file (--pdf prints it to a PDF beside it).", file=out,
                         field="--out", fix=f"give --out {out.with_suffix('.html').name}.")
    check_out(out)


def outputs_beside(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """The files written beside ``--out`` (:data:`raddsim.cli.args.OUTPUT_HOOKS`): with ``--pdf``, the PDF.

    Returns
    -------
    list of (str, Path)
        The option that asks for each file, and its path.
    """
    return [("--pdf", args.out.with_suffix(".pdf"))] if args.pdf else []


def run(args: argparse.Namespace) -> int:
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.region.scenarios import select_scenarios
    from raddsim.views.report_start import start_report_simulations

    default_cell(args)
    check_out(args.out)
    if args.no_what_if and args.what_if_replications != 10:  # was ignored silently (as target's levers are not)
        from raddsim.core.errors import InputError

        raise InputError("--what-if-replications applies only to page one's ranges and levers, which --no-what-if "
                         "skips.", field="--what-if-replications",
                         fix="leave out one of --no-what-if and --what-if-replications.")
    if args.pdf:
        _check_chromium()
    region = load_region(args.stations, extra_scenarios=args.scenarios_file, target_minutes=args.target)
    use_region(region)  # maps, tables and report in the words of its service and force
    setups = select_scenarios(region.scenarios, scenario_names(args), str(region.file), region.default_scenarios)
    from raddsim.demand.volume import warn_workload

    warn_workload(setups, args.years, args.replications)  # as run says it: too few alarms to measure, or minutes
    model = build_model(region)
    boundary = None
    if args.boundary:  # geopandas and scipy only when asked: below they load while the simulations run
        from raddsim.coverage.grid import load_boundary

        boundary = load_boundary(args.boundary, net=model.network)
    # First the simulations (forked): matplotlib and scipy are imported below while they run.
    sims = start_report_simulations(model, setups, years=args.years, replications=args.replications, seed=args.seed,
                                    what_if=not args.no_what_if, what_if_replications=args.what_if_replications,
                                    warmup_days=args.warmup)
    try:
        html = _paper(args, model, setups, boundary, sims)
    finally:
        sims.cancel()  # after an error (after the result it does nothing)
    _write_report(args, html)
    return 0


def _paper(args: argparse.Namespace, model, setups, boundary, sims) -> str:
    """The report's HTML from the started simulations: tables, words, and the figures rendered on every core."""
    from raddsim.views.figfiles import command_style
    from raddsim.views.render import deferred
    from raddsim.views.report import prepare_report, render_report

    with command_style():  # entered after the fork: the simulations do not wait for matplotlib's import
        data = prepare_report(model, setups, years=args.years, replications=args.replications, seed=args.seed,
                              boundary=boundary,
                              boundary_file=str(args.boundary) if args.boundary else None, cell_m=args.cell,
                              sim_cell_m=args.sim_cell,
                              offroad_kmh=args.offroad_kmh, command=command_line(args, [s.name for s in setups]),
                              what_if=not args.no_what_if, what_if_replications=args.what_if_replications,
                              simulations=sims, warmup_days=args.warmup)
        with deferred() as figures:  # the report's maps and charts rendered together, on every core
            return figures.resolve(render_report(data, args.lang, args.basemap))


def _write_report(args: argparse.Namespace, html: str) -> None:
    """Write the report and (``--pdf``) its PDF as one set: both made in a folder beside ``--out`` and moved in
    together, so a failed or interrupted print leaves no new page beside an old PDF."""
    from raddsim.core.io import replaced_set, write_bytes_atomic

    out = args.out.parent if str(args.out.parent) else Path(".")
    with replaced_set(out, lambda _: False, inside=True) as tmp:  # nothing else in the user's folder is touched
        write_bytes_atomic(tmp / args.out.name, html.encode("utf-8"))
        if args.pdf:
            from raddsim.views.chromium import html_to_pdf, pdf_pages

            pages = pdf_pages(html_to_pdf(tmp / args.out.name, tmp / args.out.with_suffix(".pdf").name))
    print(t("wrote_file", args.lang, f=str(args.out), mb=len(html) / 1e6))
    if args.pdf:
        print(t("wrote_pdf", args.lang, f=str(args.out.with_suffix(".pdf")), n=pages))
