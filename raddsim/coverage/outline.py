"""The region's outline for maps: land, sea and the municipal boundary (in the network's metric CRS).

A region file may name two polygon files (``[region] land`` and ``territory``;
Norrtälje ships SCB's land outline and Lantmäteriet's territory including the sea,
see ``geodata/README.md``). The maps draw the sea (territory minus land), the land,
the coastline and the municipal boundary from them, so islands such as Blidö read
as islands without any file from the user. A region without them gets plain maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from raddsim.coverage.grid import Grid, load_boundary
from raddsim.network.positions import SWEREF


@dataclass(frozen=True)
class Outline:
    """Polygons of one region in metres (the network's metric CRS; shapely geometries; any may be None).

    Attributes
    ----------
    land
        The municipality's land (lakes included).
    territory
        The whole municipality, sea included: its outline is the municipal boundary.
    sea
        ``territory - land``: the municipality's sea.
    credit
        Source line for the map's credits.
    """

    land: object | None
    territory: object | None
    sea: object | None
    credit: str = ""

    def in_sea(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """True for points (m, the outline's CRS) in the municipality's sea."""
        if self.sea is None:
            return np.zeros(np.shape(x), bool)
        import shapely

        return shapely.contains_xy(self.sea, np.asarray(x, float), np.asarray(y, float))

    def sea_cells(self, grid: Grid) -> np.ndarray:
        """True for grid cells whose centre lies in the sea (the maps leave them blank)."""
        return self.in_sea(grid.x, grid.y)


#: What each outline file of ``[region]`` holds, for the errors about it (polish17: a broken land file was named
#: ``boundary`` with a fix asking for the municipality polygon).
OUTLINE_FILES = {"land": "the region's land outline", "territory": "the region's territory outline (land and sea)"}


def _read_polygons(path: Path, crs: str, key: str):
    """A WGS84 GeoJSON's polygons in ``crs`` with shapely and pyproj only (a PNG map needs no GIS stack);
    any other file or CRS goes through :func:`raddsim.coverage.grid.load_boundary`, whose errors name the region
    file's ``key`` (``land``, ``territory``)."""
    import json

    import shapely

    from raddsim.network.positions import to_metric

    def checked():  # load_boundary reads it, or says what is wrong, naming the key that gave the file
        return load_boundary(path, crs, field=f"region.{key}", what=OUTLINE_FILES[key])

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return checked()
    union = _wgs84_polygons(data)
    if union is None:
        return checked()

    def project(xy: np.ndarray) -> np.ndarray:
        x, y = to_metric(xy[:, 0], xy[:, 1], crs)
        return np.column_stack([x, y])

    return shapely.make_valid(shapely.transform(union, project))


def _wgs84_polygons(data: Any) -> Any:
    """The union of the polygons of a plain WGS84 GeoJSON FeatureCollection; None for anything else.

    None also for a malformed file (a ring of two points, a NaN, a feature that is not an object), an invalid
    polygon and coordinates that cannot be degrees (SWEREF metres): :func:`load_boundary` then refuses it naming
    the file, or repairs it, where this shortcut ended in a traceback or drew metres as degrees.
    """
    import warnings

    import shapely
    from shapely.geometry import shape

    try:
        file_crs = str(((data.get("crs") or {}).get("properties") or {}).get("name", "CRS84"))
        if data.get("type") != "FeatureCollection" or not (file_crs.endswith("CRS84") or file_crs.endswith("4326")):
            return None
        with warnings.catch_warnings():  # a NaN coordinate: load_boundary says it, numpy need not warn first
            warnings.simplefilter("ignore", RuntimeWarning)
            geoms = [shape(f["geometry"]) for f in data.get("features", []) if f.get("geometry")]
        geoms = [g for g in geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if not geoms or not all(g.is_valid for g in geoms):
            return None
        union = shapely.union_all(geoms)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException):
        return None
    w, s, e, n = union.bounds
    return union if -180 <= w <= e <= 180 and -90 <= s <= n <= 90 else None  # NaN bounds fail too


@lru_cache(maxsize=8)
def _load(land: Path | None, territory: Path | None, credit: str, crs: str) -> Outline:
    land_geom = _read_polygons(land, crs, "land") if land else None
    terr_geom = _read_polygons(territory, crs, "territory") if territory else None
    sea = None
    if land_geom is not None and terr_geom is not None:
        sea = terr_geom.difference(land_geom)
        sea = None if sea.is_empty else sea
    credit = credit or ", ".join(p.name for p in (land, territory) if p)
    return Outline(land_geom, terr_geom, sea, credit)


def region_outline(region, crs: str = SWEREF) -> Outline | None:
    """The outline a region file names (``[region] land``/``territory``/``outline_source``) in ``crs``, or None.

    Loaded once per file pair. A missing or unreadable file is an InputError naming it.
    """
    land, territory = getattr(region, "land_path", None), getattr(region, "territory_path", None)
    if land is None and territory is None:
        return None
    return _load(Path(land) if land else None, Path(territory) if territory else None,
                 str(getattr(region, "outline_source", "")), crs)
