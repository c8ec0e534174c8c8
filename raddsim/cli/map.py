"""``raddsim map``: coverage maps (PNG/SVG/PDF), difference maps and GIS layers."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from raddsim.cli.args import (
    Subcommands,
    add_force,
    add_lang,
    add_region,
    add_scenarios,
    add_seed,
    add_target,
    offroad_kmh,
    scenario_names,
    warmup_days,
)
from raddsim.cli.args import positive_float as _positive_float
from raddsim.cli.args import positive_int as _positive_int
from raddsim.cli.args import years as _years
from raddsim.core.errors import InputError
from raddsim.views.i18n import t
from raddsim.views.service_words import use_region

MEASURES = ("first", "effective", "both")


def slug(name: str) -> str:
    """A file-name-safe version of a scenario name."""
    return re.sub(r"[^0-9A-Za-z_.-]+", "_", name).strip("_") or "scenario"


def check_file_names(names: list[str], gis: bool = False) -> None:
    """Refuse, before any work, scenarios whose maps (or GIS layers) would be written under one name.

    File names keep only some characters of a scenario name (:func:`slug`) and may ignore case (macOS,
    Windows); GIS layer names also fold case and ``.``/``-``. Two scenarios of one name would silently
    overwrite each other's maps.

    Parameters
    ----------
    names : list of str
        The scenarios of one ``map`` command, in order.
    gis : bool
        Whether GIS layers (GeoPackage/GeoJSON) are written too.

    Raises
    ------
    InputError
        Naming both scenarios and the shared file name.
    """
    from raddsim.views.gis import layer_name

    kinds = [(lambda n: slug(n).casefold(), lambda n: f"coverage_{slug(n)}.*")]
    if gis:
        kinds.append((lambda n: layer_name("grid", n), lambda n: f"layer {layer_name('grid', n)}"))
    for key, shown in kinds:
        seen: dict[str, str] = {}
        for name in names:
            other = seen.setdefault(key(name), name)
            if other != name:
                same = shown(name) if shown(name) == shown(other) else f"{shown(other)} and {shown(name)}"
                case = "" if shown(name) == shown(other) else " (the same file where case is ignored)"
                raise InputError(f"scenarios '{other}' and '{name}' would both be written as {same}{case}, "
                                 "so one's maps would overwrite the other's.",
                                 fix="rename one of them (file names keep letters, digits, '.', '-' and '_'; "
                                     "layer names only letters, digits and '_').")


def _formats(text: str) -> tuple[str, ...]:
    allowed = ("png", "svg", "pdf", "gpkg", "geojson")
    # Each once, in the order first given: png,PNG rendered every map twice and listed its file twice.
    items = tuple(dict.fromkeys(x.strip().lower() for x in text.split(",") if x.strip()))
    bad = [x for x in items if x not in allowed]
    if bad or not items:
        raise argparse.ArgumentTypeError(f"unknown format(s) {', '.join(bad) or '(none)'}; choose from "
                                         f"{','.join(allowed)}")
    return items


def default_cell(args: argparse.Namespace) -> None:
    """Fill in ``--cell`` when not given (the default lives with the grid, imported only when a map is made)."""
    if args.cell is None:
        from raddsim.coverage import DEFAULT_CELL_M

        args.cell = DEFAULT_CELL_M


def add_common(p: argparse.ArgumentParser) -> None:
    """Options ``map`` and ``report`` share."""
    p.add_argument("--boundary", type=Path, default=None, metavar="FILE",
                   help="municipality polygon (GeoJSON/GeoPackage, any CRS; FILE.gpkg:LAYER reads one layer): the "
                        "map extent and outline (default: squares within 2 km of the region's roads)")
    p.add_argument("--cell", type=_positive_float, default=None, metavar="M",
                   help="grid cell size in metres (default 250)")
    p.add_argument("--offroad-kmh", type=offroad_kmh, default=None, metavar="KMH",
                   help="speed of the off-road leg from the road to a cell (default: the demand model's rural access "
                        "speed, 40 km/h)")
    add_region(p)
    add_force(p)
    add_lang(p, "titles and legends")
    add_target(p)
    p.add_argument("--basemap", action="store_true",
                   help="draw web map tiles underneath (needs contextily and internet; skipped otherwise)")


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("map", help="coverage maps (PNG/SVG/PDF), difference maps and GIS layers (GeoPackage/GeoJSON)")
    add_scenarios(p, "scenarios to map (default: the region's default scenarios); difference maps compare each with "
                     "the first")
    p.add_argument("--out", type=Path, default=Path("maps"), metavar="DIR",
                   help="output directory (default ./maps; created if missing)")
    p.add_argument("--format", "--formats", dest="formats", type=_formats, default=("png",), metavar="LIST",
                   help="comma-separated: png,svg,pdf (maps) and gpkg,geojson (GIS layers); default png "
                        "(e.g. --format png,svg,pdf,gpkg,geojson for all)")
    p.add_argument("--measure", choices=MEASURES, default="both",
                   help="first crew, effective force (the region's [region] coverage_force; by default smoke "
                        "diving 1+4 where its incident types have it) or both (default); applies to every map, static "
                        "and simulated; with [region] travel_target_minutes, first and both add a static map of the "
                        "first crew's own travel")
    p.add_argument("--simulate", action="store_true",
                   help="also simulate (same seed for every scenario: common random numbers) and map the chance of "
                        "reaching the target per square and, against the first scenario, where it changes")
    # Defaults filled in by simulate_options(): given without --simulate they are refused, not ignored.
    p.add_argument("--sim-cell", type=_positive_float, default=None, metavar="M",
                   help="with --simulate: square size of the simulated map (default 2000)")
    p.add_argument("--years", type=_years, default=None,
                   help="with --simulate: simulated years per replication (default 1)")
    p.add_argument("--replications", type=_positive_int, default=None,
                   help="with --simulate: replications (default 10)")
    p.add_argument("--warmup", type=warmup_days, default=None, metavar="DAYS",
                   help="with --simulate: simulate DAYS before each replication's measured period so it does not start "
                        "with every crew free (its alarms are in no figure; e.g. 30; default 0 = none)")
    add_seed(p)
    add_common(p)
    p.set_defaults(func=run)


#: Options of the simulated maps, with their defaults.
SIMULATE_ONLY = (("--sim-cell", "sim_cell", 2000.0), ("--years", "years", 1.0), ("--replications", "replications", 10),
                 ("--warmup", "warmup", 0.0))


def simulate_options(args: argparse.Namespace) -> None:
    """Refuse a simulation option without ``--simulate`` (the static maps would silently ignore it); else fill in
    the defaults of those not given."""
    for option, attr, default in SIMULATE_ONLY:
        if getattr(args, attr) is None:
            setattr(args, attr, default)
        elif not args.simulate:
            from raddsim.core.errors import InputError

            raise InputError(f"{option} is for the simulated maps; without --simulate only static maps are drawn "
                             "(every crew free).", field=option, fix=f"add --simulate, or drop {option}.")


def run(args: argparse.Namespace) -> int:
    from raddsim.views.figfiles import command_style

    with command_style():  # the maps' text measured and drawn as the command line draws it
        return _maps(args)


def _maps(args: argparse.Namespace) -> int:
    from raddsim.core.io import stamped, write_json_atomic
    from raddsim.coverage.cell_access import cell_access
    from raddsim.coverage.grid import load_boundary, make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.demand.volume import warn_workload
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.region.scenarios import select_scenarios
    from raddsim.views import maps

    default_cell(args)
    simulate_options(args)
    region = load_region(args.stations, extra_scenarios=args.scenarios_file, target_minutes=args.target)
    use_region(region)  # maps, tables and report in the words of its service and force
    setups = select_scenarios(region.scenarios, scenario_names(args), str(region.file), region.default_scenarios)
    check_file_names([s.name for s in setups], gis=any(f in args.formats for f in ("gpkg", "geojson")))
    if args.simulate:  # as run says it: too few alarms to measure, or minutes
        warn_workload(setups, args.years, args.replications)
    model = build_model(region)
    boundary = load_boundary(args.boundary, net=model.network) if args.boundary else None
    _check_output_dir(args.out)  # before the work; the folder is made only when all is valid
    _check_boundary_spared(args)
    spare_foreign_files([args.out / "coverage.json"], args.force)  # the one file always written: before the work
    grid = make_grid(model.network, args.cell, boundary)
    access = cell_access(model.network, grid)
    covs = [static_coverage(model, s, grid, access, args.offroad_kmh) for s in setups]
    measures = _static_measures(args.measure, covs)
    map_formats = tuple(f for f in args.formats if f in maps.FORMATS)
    gis_wanted = any(f in args.formats for f in ("gpkg", "geojson"))
    # (figure, file stem): drawn first, rendered together on every core
    figures = _static_figures(args, model, setups, covs, boundary, measures if map_formats else [],
                              region.target_minutes)
    from raddsim.views.gis import file_record

    summary = {"target_minutes": region.target_minutes, **travel_target(region),
               "network": portable_meta(model.network.meta),
               "cell_m": grid.cell_m, "cells": len(grid),
               "boundary": file_record(args.boundary) if args.boundary else None,
               "scenarios": {c.scenario: c.summary() for c in covs}}
    layers = _static_layers(setups, covs) if gis_wanted else {}
    notes = _layer_notes(model, setups, boundary, args.lang) if gis_wanted else {}
    if gis_wanted:
        _boundary_layer(model, setups, grid.crs, boundary, args.boundary, args.lang, layers, notes)
    empty = _simulated(args, model, setups, boundary, measures_sim(args), map_formats, summary, layers, figures,
                       gis_wanted) if args.simulate else []
    spare_foreign_files(_output_paths(args, map_formats, figures, layers), args.force)
    out = _output_dir(args.out)
    from raddsim.core.io import replaced_set

    kept = _boundary_file(args)  # an earlier layer read as --boundary stays
    with replaced_set(out, lambda p: earlier_map_file(p) and p.resolve() != kept) as tmp:  # Ctrl-C: earlier set whole
        written = _write_files(args.formats, map_formats, figures, layers, tmp, notes, args.lang)
        written.append(write_json_atomic(tmp / "coverage.json", stamped(summary)))
    written = [out / p.name for p in written]
    print(_format_summary(covs, grid, args.lang))
    _print_notes(args, model, boundary, empty)
    print(f"\n{t('wrote', args.lang)} {len(written)} {t('files_in', args.lang)} {out}:")
    for p in written:
        print(f"  {p}")
    return 0


def _print_notes(args: argparse.Namespace, model, boundary, empty: list[str]) -> None:
    """The notes under the table: the squares mapped, the simulated scenarios without an alarm, the warm-up."""
    _print_extent_note(model, boundary, args.lang)
    for name in empty:  # as run says it: an empty layer is no result of the scenario, but of a run too short
        print(t("map_no_alarm_note", args.lang, s=name, n=args.replications, d=round(args.years * 365.25, 2)))
    if args.simulate and args.warmup > 0:
        print(t("warmup_line", args.lang, d=args.warmup))


def _boundary_file(args: argparse.Namespace) -> Path | None:
    """The file ``--boundary`` reads, resolved (``coverage.gpkg`` of ``coverage.gpkg:boundary``), or None."""
    from raddsim.core.geodata import split_layer

    return split_layer(args.boundary)[0].resolve() if args.boundary else None


def _print_extent_note(model, boundary, lang: str) -> None:
    """Say that the squares mapped are an assumption when neither ``--boundary`` nor the region's outline sets them."""
    from raddsim.coverage.grid import ROAD_BUFFER_M
    from raddsim.coverage.outline import region_outline

    if boundary is None and region_outline(model.region, model.network.metric_crs) is None:
        print(t("map_extent_roads", lang, km=ROAD_BUFFER_M / 1000))


def portable_meta(meta: dict) -> dict:
    """The network's description for ``coverage.json``: file paths (``source``, ``file``) as file names, with the
    file's SHA-256 as ``sha256`` when it can be read; a description that is no path (e.g. the Overpass API) stays."""
    from raddsim.views.gis import file_record

    out = dict(meta)
    for key in ("source", "file"):
        value = out.get(key)
        if isinstance(value, str) and (Path(value).is_absolute() or Path(value).exists()):
            rec = file_record(value)
            out[key] = rec["name"]
            if "sha256" in rec:
                out["sha256"] = rec["sha256"]
    return out


#: File name endings that make a new ``--out`` a file name, not the folder it must be (audit16: ``--out karta.png``
#: made a folder named karta.png).
FILE_SUFFIXES = (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".gpkg", ".geojson", ".json", ".html", ".tif", ".tiff")


def _check_output_dir(out: Path) -> None:
    """Refuse a map directory that is a file, or a new one named like a file."""
    if out.exists() and not out.is_dir():
        raise InputError("is not a directory.", file=out, field="--out", fix="give a directory for the maps.")
    if not out.exists() and out.suffix.lower() in FILE_SUFFIXES:
        raise InputError(f"--out is the folder the maps are written into, not a file: '{out.name}' would be made a "
                         "folder.", file=out, field="--out",
                         fix=f"give a folder, e.g. --out {out.with_suffix('')} (the maps in it are named "
                             "coverage_<scenario>.png and so on).")


def _check_boundary_spared(args: argparse.Namespace) -> None:
    """Refuse a ``--boundary`` file where the boundary's own GeoJSON layer would be written (it would replace it)."""
    from raddsim.views.gis import BOUNDARY_LAYER

    target = args.out / f"{BOUNDARY_LAYER}.geojson"
    if args.boundary and "geojson" in args.formats and target.exists() and target.resolve() == args.boundary.resolve():
        raise InputError(f"is where the GIS layer {BOUNDARY_LAYER} is written: --format geojson would replace it.",
                         file=args.boundary, field="--boundary",
                         fix="give another --out folder, or move or rename the boundary file.")


#: The endings of the files a map run writes (maps, GIS layers, coverage.json).
OUTPUT_KINDS = (".json", ".geojson", ".png", ".svg", ".pdf", ".gpkg")


def _output_paths(args: argparse.Namespace, map_formats: tuple[str, ...], figures: list[tuple[object, Path]],
                  layers: dict) -> list[Path]:
    """Every file this run writes into ``--out`` (as :func:`_write_files` and ``run`` name them)."""
    paths = [Path(f"{stem}.{fmt}") for _, stem in figures for fmt in map_formats]
    if "gpkg" in args.formats:
        paths.append(args.out / "coverage.gpkg")
    if "geojson" in args.formats:
        paths += [args.out / f"{name}.geojson" for name in layers]
    return paths + [args.out / "coverage.json"]


def spare_foreign_files(paths: list[Path], force: bool = False) -> None:
    """Refuse to replace a file in ``--out`` raddsim did not write (an earlier map run's may go), unless ``force``.

    The rule of every output (:func:`raddsim.cli.args.check_outputs_spare_inputs`): a map, JSON or GeoPackage of an
    earlier run is replaced, a planner's notes saved as coverage.json are not.

    Parameters
    ----------
    paths : list of Path
        The files about to be written.
    force : bool
        ``--force``: replace them all.

    Raises
    ------
    InputError
        Naming the first such file and the fix.
    """
    from raddsim.core.io import refuse_foreign

    for path in paths if not force else ():
        refuse_foreign(path, "--out")


#: How the names of the files a map run writes begin (maps, GIS layers, coverage.gpkg/json): an earlier run's
#: file of such a name that a new run does not write is removed with the set it belonged to.
MAP_FILE_PREFIXES = ("coverage", "force_", "travel_", "zones_", "difference_", "simulated_", "grid_", "stations_",
                     "islands_", "municipal_boundary")


def earlier_map_file(path: Path) -> bool:
    """Whether ``path`` in a map folder is named as a map run names its files."""
    return path.name.startswith(MAP_FILE_PREFIXES) and path.suffix.lower() in OUTPUT_KINDS


def _output_dir(out: Path) -> Path:
    """The map directory, created if needed (checked again: a file of that name may have appeared meanwhile)."""
    _check_output_dir(out)
    out.mkdir(parents=True, exist_ok=True)
    return out


#: The file name of each static coverage map, before ``_<scenario>``.
STATIC_STEMS = {"first": "coverage", "effective": "force", "travel": "travel", "zones": "zones"}


def _static_measures(measure: str, covs: list) -> list[str]:
    """The measures the static maps draw; only the first crew when no incident type defines a force, and the first
    crew's travel after it when the region sets a travel target ([region] travel_target_minutes)."""
    measures = ["first", "effective"] if measure == "both" else [measure]
    if any(c.effective_minutes is None for c in covs):
        if measure == "effective":
            raise InputError("no effective force can be mapped: the region's incident types define no force to "
                             "assemble.",
                             field="--measure", fix="use --measure first.")
        measures = ["first"]
    if "first" in measures and all(c.travel_minutes is not None for c in covs):
        measures.append("travel")  # a part of the first crew's time: drawn with it
    if "first" in measures and all(c.zone is not None for c in covs):
        measures.append("zones")  # the first crew against each zone's own target ([region] target_zones)
    return measures


def travel_target(region) -> dict:
    """``coverage.json``'s ``travel_target_minutes`` and ``travel_target_source`` (nothing without the key: the
    file reads as before)."""
    if region.travel_target_minutes is None:
        return {}
    return {"travel_target_minutes": region.travel_target_minutes, "travel_target_source": region.travel_target_source}


def _static_figures(args: argparse.Namespace, model, setups: list, covs: list, boundary, measures: list[str],
                    target: float) -> list[tuple[object, Path]]:
    """Coverage maps of every scenario, then maps of where each later scenario differs from the first."""
    from raddsim.views import maps
    from raddsim.views.zonemap import zone_map

    out = args.out
    figures: list[tuple[object, Path]] = []
    for setup, cov in zip(setups, covs):
        ctx = maps.map_context(model, setup, boundary, args.basemap)
        for m in measures:
            stem = out / f"{STATIC_STEMS[m]}_{slug(setup.name)}"
            fig = zone_map(cov, ctx, args.lang) if m == "zones" else maps.coverage_map(cov, ctx, args.lang, m)
            figures.append((fig, stem))
    for setup, cov in zip(setups[1:], covs[1:]):
        ctx = maps.map_context(model, setup, boundary, args.basemap)
        for m in (m for m in measures if m in ("first", "effective")):  # travel, zones: a map per scenario only
            stem = out / f"difference{'' if m == 'first' else '_force'}_{slug(setups[0].name)}_{slug(setup.name)}"
            figures.append((maps.difference_map(covs[0], cov, ctx, args.lang, target, m), stem))
    return figures


def _static_layers(setups: list, covs: list) -> dict:
    """GIS layers of the static coverage: grid, stations and (where there are any) islands per scenario."""
    from raddsim.views import gis

    layers = {}
    for setup, cov in zip(setups, covs):
        layers[gis.layer_name("grid", setup.name)] = gis.grid_layer(cov)
        layers[gis.layer_name("stations", setup.name)] = gis.station_layer(cov, setup)
        if cov.islands:
            layers[gis.layer_name("islands", setup.name)] = gis.island_layer(cov)
    return layers


def _layer_notes(model, setups: list, boundary, lang: str) -> dict[str, str]:
    """Each GIS layer's description: what its attributes mean and whose data it holds (QGIS shows it)."""
    from raddsim.views import gis, maps

    return gis.layer_descriptions({s.name: maps.map_context(model, s, boundary) for s in setups}, lang,
                                  model.region.travel_target_minutes, model.region.target_zones is not None)


def _boundary_layer(model, setups: list, crs: str, boundary, boundary_file, lang: str, layers: dict,
                    notes: dict) -> None:
    """Add the municipal boundary the maps draw (the region's outline, the ``--boundary`` polygon) to the GIS
    layers, with its description; nothing when the maps draw none."""
    from raddsim.views import gis, maps

    layer = gis.boundary_layer(model.region, crs, boundary, boundary_file)
    if layer is not None:  # the footer of the first scenario's maps: the boundary is the same on every map
        layers[gis.BOUNDARY_LAYER] = layer
        note = gis.footer_note(maps.map_context(model, setups[0], boundary), lang)
        notes[gis.BOUNDARY_LAYER] = gis.boundary_description(layer, crs, lang, note)


def _write_files(formats: list[str], map_formats: tuple[str, ...], figures: list[tuple[object, Path]],
                 layers: dict, out: Path, notes: dict[str, str], lang: str) -> list[Path]:
    """Render the figures and write them and the GIS layers (``notes``: their descriptions) into ``out``; the files
    written."""
    from raddsim.core.io import write_bytes_atomic
    from raddsim.network.positions import crs_label
    from raddsim.views import gis
    from raddsim.views.render import render_figures

    written: list[Path] = []
    rendered = render_figures([(fig, map_formats, {}) for fig, _ in figures])
    for (_, stem), files in zip(figures, rendered):
        stem = out / Path(stem).name  # into out (the temporary folder of the set), named as in --out
        written += [write_bytes_atomic(Path(f"{stem}.{fmt}"), data) for fmt, data in zip(map_formats, files)]
    if "gpkg" in formats:
        written.append(gis.write_geopackage(out / "coverage.gpkg", layers, notes))
    if "geojson" in formats:
        for name, gdf in layers.items():
            crs = t("gis_geojson_crs", lang)
            if {"x", "y"} <= set(gdf.columns):  # the grid's centres stay metric beside the WGS84 geometry
                crs += " " + t("gis_geojson_xy", lang, crs=crs_label(gdf.crs.to_string()))
            written.append(gis.write_geojson(out / f"{name}.geojson", gdf,
                                             f"{crs} {notes[name]}" if name in notes else ""))
    return written


def measures_sim(args: argparse.Namespace) -> list[str]:
    """The measures the simulated maps draw: ``--measure both`` is first crew and effective force."""
    return ["first", "effective"] if args.measure == "both" else [args.measure]


def _simulated(args, model, setups, boundary, measures: list[str], map_formats, summary: dict, layers: dict,
               figures: list, gis_wanted: bool) -> list[str]:
    """Simulate each scenario (same seed: common random numbers) and draw the chance of reaching the target and,
    for every scenario after the first, where it differs from the first (cells and paired overall CIs).

    With target zones ([region] target_zones) the first crew is also drawn against each alarm's own zone's target
    (``simulated_zones_<scenario>``). The figures are appended to ``figures`` as (figure, file stem), rendered with
    the others. Returns the scenarios whose simulation had no alarm (their maps and layers are empty)."""
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.simulated import simulated_coverage
    from raddsim.coverage.static import population_spread
    from raddsim.experiment.compare import paired_differences, replication_figures
    from raddsim.experiment.parallel import simulate
    from raddsim.experiment.summary import warmup_setting
    from raddsim.views import gis, maps

    sim_grid = make_grid(model.network, args.sim_cell, boundary)
    sims, figs = [], []
    # Every scenario in a process of its own when there are cores for it, one scenario's replications in slices
    # (the same numbers as one by one).
    runs = simulate(model, setups, years=args.years, replications=args.replications, seed=args.seed,
                    summarise=False, warmup_days=args.warmup).runs
    summary.update(warmup_setting(args.warmup))  # coverage.json as before without a warm-up
    for setup, run_ in zip(setups, runs):
        sim = simulated_coverage(model, run_, sim_grid, population_spread(model, setup, sim_grid)[1])
        for m in measures:
            maps.require_measure(sim, m)
        sims.append(sim)
        figs.append(replication_figures(model, run_))
        summary["scenarios"][setup.name]["simulated"] = sim.summary()
        if gis_wanted:
            layers[gis.layer_name("simulated", setup.name)] = gis.simulated_layer(sim)
        ctx = maps.map_context(model, setup, boundary, args.basemap)
        for m in measures if map_formats else ():
            fig = maps.probability_map(sim, ctx, args.lang, args.replications, args.years, measure=m,
                                       warmup_days=args.warmup)
            figures.append((fig, out_stem(args.out, "simulated", m, setup.name)))
        if map_formats and "first" in measures and sim.zones is not None:  # each alarm within its zone's target
            fig = maps.probability_zone_map(sim, ctx, args.lang, args.replications, args.years, args.warmup)
            figures.append((fig, args.out / f"simulated_zones_{slug(setup.name)}"))
    for setup, sim, fig_other in zip(setups[1:], sims[1:], figs[1:]):
        paired = paired_differences(figs[0], fig_other)
        summary["scenarios"][setup.name]["simulated_vs_" + setups[0].name] = {
            scope: paired[scope] for scope in ("first_arrival", "effective_force")}
        ctx = maps.map_context(model, setup, boundary, args.basemap)
        for m in measures if map_formats else ():
            fig = maps.simulated_difference_map(sims[0], sim, ctx, args.lang, m, paired, args.replications, args.years,
                                                warmup_days=args.warmup)
            figures.append((fig, out_stem(args.out, "simulated_difference", m, setups[0].name, setup.name)))
    return [s.name for s, run_ in zip(setups, runs) if not any(len(rec) for rec in run_.records)]


def out_stem(out: Path, kind: str, measure: str, *scenarios: str) -> Path:
    """``out/<kind>[_force]_<scenario>[_<scenario>]``: the file stem of one map."""
    return out / "_".join([kind + ("" if measure == "first" else "_force"), *map(slug, scenarios)])


def _format_summary(covs, grid, lang: str) -> str:
    from raddsim.coverage.static import share_columns
    from raddsim.views.numbers import general, integer, pct
    from raddsim.views.plain_text import table

    cols = share_columns(covs)
    rows = [[t("scenario", lang)] + [t(word, lang) if m is None else f"{t(word, lang)} ≤ {general(m, lang)}"
                                     for word, m, _ in cols]]  # 8.5 in Swedish "8,5", as the text around it
    for k, c in enumerate(covs):  # as target prints it
        rows.append([c.scenario] + [pct(shares[k], 1, lang) for _, _, shares in cols])
    squares = t("map_grid_squares", lang, n=integer(len(grid), lang), c=grid.cell_m)
    title = f"{t('rep_static_table', lang)} ({squares})"
    from raddsim.views.coverage_notes import share_notes

    return "\n".join([title, table(rows), *share_notes(covs, lang)])
