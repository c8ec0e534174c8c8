"""A starter region: a commented ``region.toml`` from a crews table, a road network and the demand's two numbers.

``raddsim region new OUT --network ROADS --stations crews.csv --alarms-per-year N --population N`` is how a
service outside Norrtälje starts. The folder it writes runs at once (``raddsim run --region OUT``): the
network converted to raddsim's archive, the crews as stations and crews, one scenario per staffing level
(``current``, or the board's levels the table's ``role@level`` columns name: ``firefighters@minimum``), the
demand spread along the roads (or over a places file). Every value the table did not give is written
with an ``ASSUMPTION`` comment and a plausible range, so the planner sees what to replace. The folder is
checked by loading it and preparing its scenarios before it appears: whole and runnable, or not at all.
This module writes and checks the folder; :mod:`raddsim.region.starter_text` composes the ``region.toml`` text.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from raddsim.core.errors import InputError
from raddsim.core.io import new_folder, write_bytes_atomic
from raddsim.demand.points import road_km_per_km2
from raddsim.region.local_time import ZoneGuess
from raddsim.region.plausible import mark_said, turnout_slip
from raddsim.region.starter_table import CrewRow, read_crew_table

# The text's names stay importable from here (docs/api.md: ``from raddsim.region.starter import StarterOptions``).
from raddsim.region.starter_text import (
    DEFAULT_STAFFING,
    DEFAULT_TURNOUT_MINUTES,
    STARTER_DESCRIPTION,
    NetworkFacts,
    StarterOptions,
    generated_description,
    region_text,
)


def _copy_inputs(tmp: Path, o: StarterOptions) -> dict[str, str]:
    """Copy the places and outline files into the new folder (a region is one folder that moves whole)."""
    from raddsim.core.geodata import split_layer

    files: dict[str, str] = {}
    for key in ("places", "land", "territory"):
        given: Path | None = getattr(o, key)
        if given is None:
            continue
        src, layer = split_layer(given) if key != "places" else (given, None)  # outline.gpkg:kommun: its layer
        if not src.is_file():
            raise InputError("not a file." if src.exists() else "the file does not exist.", file=src,
                             field=key, fix="give the path of an existing file.")
        name = src.name if src.name not in files.values() else f"{key}_{src.name}"
        shutil.copyfile(src, tmp / name)
        files[key] = name if layer is None else f"{name}:{layer}"
    return files


def _write_network(tmp: Path, network: str | Path, crews: list[CrewRow],
                   places: Path | None) -> tuple[str, str, float, NetworkFacts]:
    """The network as ``roads.npz`` in the folder (raddsim's fast archive); its file name, a note on it, its road
    density (km per km²) and what region.toml says about it (its ferries; the time zone of its nodes and stations;
    its area, where the places' discs must fit)."""
    import numpy as np

    from raddsim.demand.points import network_area_km2
    from raddsim.network import load_road_data
    from raddsim.network.road import RoadNetwork
    from raddsim.network.store import save_archive, write_sidecar
    from raddsim.region.local_time import guess_timezone

    data = load_road_data(network)
    save_archive(data, tmp / "roads.npz")
    write_sidecar(tmp / "roads.npz", data.meta)
    roads = RoadNetwork.from_data(data)
    ferry = np.asarray(data.edge_ferry, bool)
    facts = NetworkFacts(ferries=tuple(data.ferry_names()) if ferry.any() else (),
                         untimed_ferries=bool((~np.isfinite(data.edge_crossing_s[ferry])).any()),
                         zone=guess_timezone(np.r_[data.lon, [c.lon for c in crews]],
                                             np.r_[data.lat, [c.lat for c in crews]]),
                         area_km2=network_area_km2(roads) if places is not None else 0.0,
                         places_population=_places_population(places))
    note = f"converted from {Path(network).name}: {data.n_nodes:,} nodes, {data.n_edges:,} edges"
    return "roads.npz", note, road_km_per_km2(roads), facts


def _places_population(places: Path | None) -> int:
    """The places file's residents; 0 without one, or for one the region's check refuses (and names)."""
    from raddsim.demand import load_places

    if places is None:
        return 0
    try:
        return sum(p.population for p in load_places(places, quiet=True))
    except InputError:
        return 0


#: Fields of the written region.toml that hold a command-line option's value: an error names the option.
OPTION_OF_FIELD = {"region.name": "--name", "region.timezone": "--timezone", "region.target_minutes": "--target",
                   "demand.population": "--population", "demand.alarms_per_year": "--alarms-per-year"}


def _check_runs(path: Path, crews: list[CrewRow], table: Path, options: StarterOptions,
                files: dict[str, str]) -> None:
    """Load the written region and prepare its scenario, so a station off the roads is refused now, by its row.

    Errors name what the planner wrote: the crews table's row, the option (``--target``, ``--timezone`` …) or the
    places or outline file given, not the new folder's copies, which the refusal removes (audit16).
    """
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    for c in crews:  # a turnout that reads like seconds was said by its row of the table (read_crew_table)
        if c.turnout_minutes is not None and turnout_slip(c.turnout_minutes, c.kind) is not None:
            mark_said(path, f"crews.{c.id}.turnout_minutes")
    try:
        region = load_region(path, target_minutes=options.target_minutes)  # a warning about it names --target
        model = build_model(region)
        for setup in region.scenarios.values():
            model.prepare(setup)
    except InputError as err:
        fix = f"{err.fix} Nothing was written." if err.fix else "Nothing was written."
        copied = {str(path.parent / name): getattr(options, key) for key, name in files.items()
                  if key in ("places", "land", "territory")}
        if err.file in copied:
            raise InputError(err.message, file=copied[err.file], field=err.field, fix=fix) from None
        where = next((c for c in crews if err.field and err.field.split(".")[:2] in (["stations", c.station],
                                                                                     ["crews", c.id])), None)
        if where is None and err.file == str(path) and err.field in OPTION_OF_FIELD:
            raise InputError(err.message, field=OPTION_OF_FIELD[err.field], fix=fix) from None
        if where is None and err.file not in (None, str(path)):
            raise  # the network: the error names it
        row = f"line {where.row} ({where.name}): " if where else ""
        field = err.field.split(".", 2)[-1] if where and err.field else err.field  # the table's column
        raise InputError(f"{row}{err.message}", file=table if where else path, field=field, fix=fix) from None


def write_starter_region(out: str | Path, network: str | Path, crews_table: str | Path,
                         options: StarterOptions) -> Path:
    """Write a runnable starter region into the new folder ``out`` (see the module doc).

    Parameters
    ----------
    out : str or Path
        The folder to create (it must not exist, or be empty).
    network : str or Path
        Any road network source raddsim reads (``.osm``, ``.osm.pbf``, ``.npz``, GraphML, nodes/arcs CSV).
    crews_table : str or Path
        The crews CSV (:func:`raddsim.region.starter_table.read_crew_table`).
    options : StarterOptions
        Name, demand, target and optional files.

    Returns
    -------
    Path
        The written ``region.toml``.

    Raises
    ------
    InputError
        Bad input (named by file, row and column), a station the roads do not reach, or an ``out`` that holds files.
    """
    out, table = Path(out), Path(crews_table)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):  # before the work (new_folder checks again)
        raise InputError("the folder exists and is not empty; raddsim does not overwrite files.", file=out,
                         fix="give a new folder.")
    crews = read_crew_table(table, options.service)
    existed = out.is_dir()
    with new_folder(out) as tmp:
        files = _copy_inputs(tmp, options)
        files["network"], note, density, facts = _write_network(tmp, network, crews, options.places)
        files["source"] = table.name
        write_bytes_atomic(tmp / "region.toml",
                           region_text(crews, options, files, note, density, facts).encode("utf-8"))
    # Checked where it now stands, so warnings name the region's own path; on an error the new folder goes again.
    try:
        _check_runs(out / "region.toml", crews, table, options, files)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        if existed:
            out.mkdir()
        raise
    _warn_without_zone(facts.zone, options, out / "region.toml")
    return out / "region.toml"


def _warn_without_zone(zone: ZoneGuess | None, o: StarterOptions, path: Path) -> None:
    """Warn now, not at the first replay, that a region whose position settles no time zone must name one
    (Europe/Stockholm is the default only inside Sweden away from Finland:
    :meth:`raddsim.region.region.Region.replay_timezone`)."""
    if o.timezone or zone is None or zone.zone is not None:
        return
    example = ('timezone = "Europe/Stockholm" on the Swedish side, "Europe/Helsinki" on the Finnish side'
               if "Finnish" in zone.why else 'e.g. timezone = "Europe/Helsinki" or "America/Santiago"')
    logging.getLogger("raddsim").warning(
        "%s: region.timezone: %s, so raddsim cannot tell the time zone of replayed alarm times and the file names "
        "none; replaying real alarms (run --incidents) will refuse until it does. Fix: set the region's IANA zone in "
        "the file's [region] (%s), or write the region again with --timezone.", path, zone.why, example)


__all__ = ["DEFAULT_STAFFING", "DEFAULT_TURNOUT_MINUTES", "NetworkFacts", "STARTER_DESCRIPTION", "StarterOptions",
           "generated_description", "region_text", "write_starter_region"]
