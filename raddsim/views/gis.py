"""GIS layers for QGIS: the coverage grid and the stations, with the figures as attributes.

* GeoPackage: one file, layers ``grid_<scenario>``, ``stations_<scenario>``, ``islands_<scenario>``
  (islands reached by boat, when the region has them), (with a simulation) ``simulated_<scenario>`` and
  ``municipal_boundary`` (the municipal boundary the maps draw, the same for every scenario), in the grid's CRS:
  SWEREF 99 TM (EPSG:3006) in Sweden, else the UTM zone,
  the CRS Swedish municipalities map in.
* GeoJSON: one file per layer in WGS84 (RFC 7946 requires it), 6 decimals.

Files are written to a temporary name and renamed, so a reader never sees half a file. A GeoPackage
records when each layer was written; with ``SOURCE_DATE_EPOCH`` set (the reproducible-builds convention,
which matplotlib's PDF and SVG files follow too) that time is used instead, so the same layers make the
same file to the byte.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from raddsim.core.io import GENERATOR, write_atomic
from raddsim.coverage.simulated import SimulatedCoverage
from raddsim.coverage.static import COVERAGE_MINUTES, StaticCoverage
from raddsim.network.positions import crs_label, to_metric
from raddsim.region.region import Setup
from raddsim.views.dates import source_date_epoch
from raddsim.views.i18n import t
from raddsim.views.mapcontext import MapContext, source_note


def layer_name(kind: str, scenario: str) -> str:
    """A layer name safe in GeoPackage SQL and file names: ``grid_deltid_spillersboda``."""
    return f"{kind}_{re.sub(r'[^0-9A-Za-z_]+', '_', scenario).strip('_').lower()}"


def _round(a: np.ndarray, digits: int) -> np.ndarray:
    return np.where(np.isfinite(a), np.round(a, digits), np.nan)


def grid_layer(cov: StaticCoverage):
    """The coverage grid of one scenario as a GeoDataFrame of cell squares (the grid's CRS).

    Columns: ``minutes`` (first crew; empty where no road reaches), ``within_10`` …
    (1/0; also the region's target when it is not 10/20/30), ``effective_minutes`` (smoke-diving
    force, when computed) with ``effective_within_10`` (and the force's target), ``first_crew``,
    ``first_station``, ``station_area``, ``population``, ``offroad_m``; with a travel target
    (``[region] travel_target_minutes``) ``travel_minutes`` (that first crew's own travel, empty where no road
    reaches) and ``within_travel_target`` (1/0).
    """
    import geopandas as gpd

    g = cov.grid
    name = lambda names, idx: np.where(idx >= 0, np.asarray(names + ("",), object)[idx], "")  # noqa: E731
    cols = {
        "cell_id": np.arange(len(g)),
        "x": g.x, "y": g.y,
        "minutes": _round(cov.minutes, 2),
        **{f"within_{t}": (cov.minutes <= t).astype(np.int8) for t in cov.thresholds},
        "first_crew": name(cov.crew_names, cov.crew),
        "first_station": name(cov.station_names, cov.station),
        "station_area": name(cov.area_names, cov.area),
        "population": np.round(cov.population, 2),
        "offroad_m": np.round(cov.offroad_m, 0),
    }
    if cov.effective_minutes is not None:
        cols["effective_minutes"] = _round(cov.effective_minutes, 2)
        cols["effective_within_10"] = (cov.effective_minutes <= 10).astype(np.int8)
        # the region's own target (Helsinki's 8), or the force's own one ([region] effective_target_minutes)
        for t in (t for t in cov.thresholds_of("effective") if t not in COVERAGE_MINUTES):
            cols[f"effective_within_{t}"] = (cov.effective_minutes <= t).astype(np.int8)
    if cov.zone is not None and cov.zone_target is not None:  # [region] target_zones: each square's own target
        cols["zone"] = np.asarray(cov.zone_names, dtype=object)[cov.zone]
        cols["zone_target"] = cov.zone_target
        cols["within_zone_target"] = (cov.minutes <= cov.zone_target).astype(np.int8)
    if cov.travel_minutes is not None:  # [region] travel_target_minutes: the first crew's own travel
        cols["travel_minutes"] = _round(cov.travel_minutes, 2)
        cols["within_travel_target"] = (cov.travel_minutes <= cov.travel_target_minutes).astype(np.int8)
    return gpd.GeoDataFrame(cols, geometry=g.boxes(), crs=g.crs)


def station_layer(cov: StaticCoverage, setup: Setup):
    """Stations of one scenario as points (the grid's CRS) with their crews and the residents they reach first."""
    import geopandas as gpd
    import shapely

    ids = list(setup.stations)
    rows = []
    for sid in ids:
        st = setup.stations[sid]
        crews = [c.name for c in setup.crews if c.station == sid and c.in_service]
        # By id (names may repeat); an id may index more than one entry of the prepared stations.
        first = np.isin(cov.station, [k for k, s in enumerate(cov.station_ids) if s == sid])
        pop = cov.population[first].sum()
        rows.append({
            "station_id": sid, "name": st.name, "crews": ", ".join(crews), "n_crews": len(crews),
            "external": int(st.external), "approximate_position": int(st.approximate),
            "cells_first": int(first.sum()), "population_first": round(float(pop), 1),
            "population_first_within_10": round(float(cov.population[first & (cov.minutes <= 10)].sum()), 1),
            "lat": st.lat, "lon": st.lon,
        })
    x, y = to_metric(np.array([r["lon"] for r in rows]), np.array([r["lat"] for r in rows]), cov.grid.crs)
    return gpd.GeoDataFrame(rows, geometry=shapely.points(x, y), crs=cov.grid.crs)


def island_layer(cov: StaticCoverage):
    """Islands without road access as points (the grid's CRS) with their expected minutes by boat, every crew free,
    and their residents (``population``).

    The layer is APPROXIMATE (``approximate`` = 1 on every row; see networks/ARCHIPELAGO.md). With a
    ``--boundary`` also ``on_map``: 0 for an island outside the polygon, listed but in no share
    (``residents.off_map``). With a travel target also ``travel_minutes`` (the first crew's drive to the quay and
    the boat, without turnout) and ``within_travel_target``.
    """
    import geopandas as gpd
    import shapely

    isl = cov.islands
    cols = {
        "name": [i.name for i in isl],
        "minutes": _round(np.array([i.first_minutes for i in isl], float), 2),
        "effective_minutes": _round(np.array([np.nan if i.effective_minutes is None else i.effective_minutes
                                              for i in isl], float), 2),
        # the island's residents, in every coverage share at these minutes (coverage.json's residents.by_boat)
        "population": _round(np.asarray(cov.island_population, float), 1),
        "approximate": np.ones(len(isl), np.int8),
    }
    if cov.island_on_map is not None:  # a --boundary: an island outside it is listed, its residents in no share
        cols["on_map"] = np.asarray(cov.island_on_map, np.int8)
    if cov.travel_target_minutes is not None:  # the first crew's own travel: drive and boat (a travel target's map)
        travel = np.array([np.nan if i.travel_minutes is None else i.travel_minutes for i in isl], float)
        cols["travel_minutes"] = _round(travel, 2)
        cols["within_travel_target"] = (travel <= cov.travel_target_minutes).astype(np.int8)
    return gpd.GeoDataFrame(cols, geometry=shapely.points([i.x for i in isl], [i.y for i in isl]), crs=cov.grid.crs)


def simulated_layer(sim: SimulatedCoverage):
    """Simulated shares within the target per cell (cells with alarms only), in the grid's CRS."""
    import geopandas as gpd

    g = sim.grid
    keep = sim.cell_alarms > 0
    cols = {
        "cell_id": np.flatnonzero(keep),
        "alarms": np.round(sim.cell_alarms[keep], 2),
        "within_target": np.round(sim.cell_within[keep], 2),
        "share_within_target": np.round(sim.cell_share[keep], 4),
    }
    eff = sim.cell_effective_share
    if eff is not None:
        cols["effective_share_within_target"] = np.round(eff[keep], 4)
    zoned = sim.cell_zone_share
    if zoned is not None:  # [region] target_zones: each alarm within its own zone's target
        cols["share_within_zone_target"] = np.round(zoned[keep], 4)
    return gpd.GeoDataFrame(cols, geometry=g.boxes()[keep], crs=g.crs)


def footer_note(ctx: MapContext, lang: str) -> str:
    """The sources and attribution the maps' footer gives, with the approximate network's warning when it is."""
    note = source_note(ctx, lang)
    if ctx.approximate:  # the default network's label is the catalogue's; another network's is its own
        label = (t("net_approx_label", lang) if ctx.network_label == t("net_approx_label", "en")
                 else ctx.network_label)
        note += f" {label}."
    return note


def layer_descriptions(contexts: dict[str, MapContext], lang: str,
                       travel_target: float | None = None, zones: bool = False) -> dict[str, str]:
    """Each layer's description for a GIS user: what its attributes mean, its sources and attribution.

    Parameters
    ----------
    contexts : dict of str to MapContext
        Per scenario name, what its maps show (sources, CRS, whether the network is approximate).
    lang : str
        "en" or "sv".
    travel_target : float or None
        ``[region] travel_target_minutes``: the grid layers' travel columns are described too (None: they have none).
    zones : bool
        Whether the grid and simulated layers have the zone columns (``[region] target_zones``), described then too.

    Returns
    -------
    dict of str to str
        Per layer name (:func:`layer_name`) of every kind, e.g. ``grid_minimum``, its description; the sources as
        the maps' footer gives them, and the approximate network's warning.
    """
    out = {}
    travel = "" if travel_target is None else " " + t("gis_grid_travel", lang, t=travel_target)
    extra = {"grid": travel + (" " + t("gis_grid_zones", lang) if zones else ""),
             "islands": "" if travel_target is None else " " + t("gis_islands_travel", lang, t=travel_target),
             "simulated": " " + t("gis_simulated_zones", lang) if zones else ""}
    for scenario, ctx in contexts.items():
        note = footer_note(ctx, lang)
        for kind in ("grid", "stations", "islands", "simulated"):
            text = t(f"gis_{kind}", lang, s=scenario, crs=crs_label(ctx.crs)) + extra.get(kind, "")
            if kind == "islands" and ctx.boundary is not None:  # island_layer's on_map column
                text += " " + t("gis_islands_on_map", lang)
            out[layer_name(kind, scenario)] = f"{text} {note}"
    return out


#: The layer of the municipal boundary the maps draw (one for all scenarios; a name no user's file is likely to have).
BOUNDARY_LAYER = "municipal_boundary"


def file_record(path: str | Path) -> dict:
    """A file as raddsim's outputs record it: its name and, when it can be read, its SHA-256.

    Never the local path: it would name the user's folders and make the same output on two machines two
    different files; the name and the hash say which file it was.
    """
    import hashlib

    from raddsim.core.geodata import split_layer

    p, layer = split_layer(path)  # boundary.gpkg:kommun: the GeoPackage's hash, the layer in the name
    out: dict = {"name": p.name if layer is None else f"{p.name}:{layer}"}
    if p.is_file():
        out["sha256"] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def boundary_layer(region, crs: str, boundary=None, boundary_file: str | Path | None = None):
    """The municipal boundary the maps draw, as polygons in ``crs`` (the grid's), or None when they draw none.

    Rows: ``municipality`` (the region file's ``[region] territory``, the whole municipality with its sea, whose
    outline the maps draw as the municipal boundary) and ``boundary_file`` (the ``--boundary`` polygon: the maps'
    extent, drawn as a solid line); each with ``source``, ``file``, ``sha256`` and ``area_km2``.
    """
    import geopandas as gpd
    import shapely

    from raddsim.coverage.outline import region_outline

    rows: list[dict] = []
    geoms: list[Any] = []  # shapely geometries
    outline = region_outline(region, crs)
    if outline is not None and outline.territory is not None and region.territory_path:
        rec = file_record(region.territory_path)
        rows.append({"kind": "municipality", "source": outline.credit, "file": rec["name"],
                     "sha256": rec.get("sha256", "")})
        geoms.append(outline.territory)
    if boundary is not None:
        rec = file_record(boundary_file) if boundary_file else {"name": ""}
        rows.append({"kind": "boundary_file", "source": "--boundary", "file": rec["name"],
                     "sha256": rec.get("sha256", "")})
        geoms.append(boundary)
    if not rows:
        return None
    # one geometry type for the layer (a GeoPackage layer has one): every polygon as a multipolygon
    multi = [g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g]) if g.geom_type == "Polygon"
             else shapely.MultiPolygon([p for p in shapely.get_parts(g) if p.geom_type == "Polygon"]) for g in geoms]
    for row, g in zip(rows, multi):
        row["area_km2"] = round(float(g.area) / 1e6, 3)
    return gpd.GeoDataFrame(rows, geometry=multi, crs=crs)


def boundary_description(layer, crs: str, lang: str, note: str = "") -> str:
    """The boundary layer's description: what its rows and attributes are, its CRS and where each row comes from,
    then ``note`` (the maps' footer, :func:`footer_note`, as every layer carries it)."""
    sources = "; ".join(f"{r.kind}: {r.source} ({r.file})" if r.file else f"{r.kind}: {r.source}"
                        for r in layer.itertuples())
    return t("gis_boundary", lang, crs=crs_label(crs), s=sources) + (f" {note}" if note else "")


@contextmanager
def _source_date() -> Iterator[None]:
    """GDAL's "now" (``OGR_CURRENT_DATE``) at ``SOURCE_DATE_EPOCH`` while writing, when that is set."""
    when = source_date_epoch()
    if when is None:
        yield
        return
    import pyogrio

    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": when.strftime("%Y-%m-%dT%H:%M:%S.000Z")})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


def write_geopackage(path: str | Path, layers: dict, descriptions: dict[str, str] | None = None) -> Path:
    """Write GeoDataFrames as layers of one GeoPackage (replacing the file atomically).

    ``descriptions``: per layer name, the text QGIS shows as the layer's description (gpkg_contents).
    """
    import pyogrio

    descriptions = descriptions or {}

    def write(tmp: str) -> None:
        for name, gdf in layers.items():
            options = {"DESCRIPTION": descriptions[name]} if name in descriptions else {}
            first = not Path(tmp).exists()  # the dataset's metadata, raddsim's mark, once
            pyogrio.write_dataframe(gdf, tmp, layer=name, driver="GPKG", append=not first, layer_options=options,
                                    metadata={"GENERATOR": GENERATOR} if first else None)

    with _source_date():
        return write_atomic(Path(path), write)


def write_geojson(path: str | Path, gdf, description: str = "") -> Path:
    """Write one layer as GeoJSON in WGS84 (RFC 7946), atomically; the layer is named after the file.

    (Unnamed, GDAL would name it after the temporary file of the atomic write: a random name in the
    output, which made the same map twice two different files.) ``description``: the collection's
    "description" member (none when empty).
    """
    import pyogrio

    # OGC:CRS84 is WGS84 in longitude-latitude order, GeoJSON's own. With EPSG:4326 (latitude first by its
    # definition) pyogrio 0.7.2 with its GDAL 3.7.2 wrote latitude first (tests/test_maps.py checks the order).
    out = gdf.to_crs("OGC:CRS84")
    options: dict[str, object] = {"RFC7946": "YES", "COORDINATE_PRECISION": 6}
    if description:
        options["DESCRIPTION"] = description

    def write(tmp: str) -> None:
        pyogrio.write_dataframe(out, tmp, driver="GeoJSON", layer=Path(path).stem, layer_options=options)
        _mark_geojson(Path(tmp))

    return write_atomic(Path(path), write)


def _mark_geojson(path: Path) -> None:
    """Add "generator": raddsim's mark, by which a re-run knows the file as its own (core.io.written_by_raddsim),
    as the collection's first member. Written into the text, not by GDAL's FOREIGN_MEMBERS_COLLECTION option:
    the GDAL of the oldest pyogrio raddsim accepts (0.7.2) does not know that option and drops it with a warning."""
    text = path.read_text(encoding="utf-8")
    start = text.index("{") + 1
    path.write_text(f"{text[:start]}\n\"generator\": {json.dumps(GENERATOR)},{text[start:]}", encoding="utf-8")
