"""Reading user geodata files (a boundary or study-area polygon): one clear error for each way they go wrong."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from raddsim.core.errors import InputError
from raddsim.core.text import refuse_utf16


def read_geodata(path: str | Path, option: str, what: str) -> Any:
    """The features of a geodata file given by ``option`` (GeoJSON, GeoPackage, shapefile …) as a GeoDataFrame.

    Parameters
    ----------
    path : str or Path
        The file.
    option : str
        The argument that named it (``boundary``, ``polygon_file``), for the error messages (the command line
        names its option instead).
    what : str
        What the file should hold (``the municipality polygon``), for the fixes.

    Returns
    -------
    geopandas.GeoDataFrame
        The features, with a geometry column (its CRS may be None).

    Raises
    ------
    InputError
        The path is missing or a directory, the file is unreadable, or it has no geometry: GDAL reads a CSV
        table as features without one, which would otherwise fail later as an AttributeError.
    """
    import geopandas as gpd

    path = Path(path)
    kind = f"{what} as GeoJSON or GeoPackage"
    fix = f"give {kind}."
    if not path.exists():
        raise InputError(f"{option.lstrip('-').removesuffix('_file')} file not found.", file=path, field=option,
                         fix=f"check the path (give {kind}).")
    if path.is_dir():
        raise InputError("is a directory, not a geodata file.", file=path, field=option,
                         fix=f"give the file in it: {kind}.")
    try:
        with warnings.catch_warnings():  # GDAL's own notes (an unclosed ring …) would print beside raddsim's message
            warnings.simplefilter("ignore", RuntimeWarning)
            # pyogrio's advice to "specify layer parameter" names an argument raddsim has no option for
            warnings.filterwarnings("ignore", message="More than one layer", category=UserWarning)
            layer = _polygon_layer(path, option, what)  # listing the layers opens the file: GDAL notes too
            gdf = gpd.read_file(path, layer=layer)
    except InputError:
        raise
    except Exception as exc:  # pyogrio and fiona raise their own errors for unreadable files
        with open(path, "rb") as fh:  # GeoJSON saved by Notepad as "Unicode": GDAL's "not recognized" says not why
            refuse_utf16(fh.read(512), path, option)
        if "closed linestring" in str(exc):  # GEOS's words for a ring whose last point is not its first
            raise InputError("a polygon's ring is not closed: its last point is not its first.", file=path,
                             field="geometry", fix="end each ring with its first point again (GeoJSON requires "
                                                   "it), or save the polygon again from a GIS (e.g. QGIS).") from None
        # GDAL's advice is a '<DRIVER>:' prefix; its words differ by version ("as being in a", older "as a")
        if re.search(r"not recognized as (being in )?a supported file format", str(exc)):
            raise InputError("it is not a GIS file (not GeoJSON, GeoPackage, a shapefile … as GDAL reads them).",
                             file=path, field=option,
                             fix=f"give {kind}, e.g. saved from QGIS (a table or text renamed .geojson is not "
                                 "one).") from None
        raise InputError(f"could not read it ({type(exc).__name__}: {exc}).", file=path, field=option,
                         fix=fix) from None
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        raise InputError("the file has no geometry (a CSV table?).", file=path, field=option, fix=fix)
    _check_finite(gdf, path)
    return gdf


def _polygon_layer(path: Path, option: str, what: str) -> str | None:
    """The layer to read: None for a file of one layer, else its only polygon layer (a GeoPackage of many).

    A municipality's GeoPackage holds stations, roads and outlines: GDAL's default (the first layer) took the
    stations and said "no polygon", or took one of two outlines silently.
    """
    import pyogrio

    layers = [(str(name), str(kind)) for name, kind in pyogrio.list_layers(path)]
    if len(layers) <= 1:
        return None
    polygons = [name for name, kind in layers if "polygon" in kind.lower()]
    if len(polygons) == 1:
        return polygons[0]
    listed = ", ".join(f"{name} ({kind})" for name, kind in layers)
    if not polygons:
        raise InputError(f"none of its {len(layers)} layers holds polygons: {listed}.", file=path, field=option,
                         fix=f"give {what} as a polygon layer (GeoJSON or GeoPackage).")
    raise InputError(f"it has {len(polygons)} polygon layers ({', '.join(polygons)}): which is {what} is not clear.",
                     file=path, field=option,
                     fix="save the layer you mean as its own file (QGIS: right-click the layer › Export › Save "
                         "Features As…) and give that file.")


def _check_finite(gdf: Any, path: Path) -> None:
    """Refuse a coordinate that is not a number (``NaN`` in the JSON): GEOS failed on it deep in a repair."""
    import numpy as np
    import shapely

    coords = shapely.get_coordinates(gdf.geometry.values)
    bad = ~np.isfinite(coords).all(axis=1)
    if bad.any():
        raise InputError(f"{int(bad.sum())} coordinate(s) are not numbers (NaN or infinite), e.g. "
                         f"({coords[bad][0][0]}, {coords[bad][0][1]}).", file=path, field="geometry",
                         fix="correct or delete those points in a GIS (e.g. QGIS 'Check validity') and save again.")
