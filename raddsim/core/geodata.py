"""Reading user geodata files (a boundary or study-area polygon): one clear error for each way they go wrong."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from raddsim.core.errors import InputError
from raddsim.core.text import refuse_utf16


def split_layer(path: str | Path) -> tuple[Path, str | None]:
    """A geodata path and the GeoPackage layer it names: ``boundary.gpkg:kommun`` → (``boundary.gpkg``, ``kommun``).

    Split on the last ':' only when the part before it is an existing ``.gpkg`` file and the whole is not an
    existing file: a Windows drive (``C:\\maps\\a.gpkg``) or a file whose name holds a ':' stays as it is.
    """
    whole = Path(path)
    head, colon, layer = str(path).rpartition(":")
    if not colon or not layer or not head.lower().endswith(".gpkg") or whole.exists():
        return whole, None
    try:
        return (Path(head), layer) if Path(head).is_file() else (whole, None)
    except OSError:  # a name the system cannot stat (too long …): read as given, and refused as not found
        return whole, None


def read_geodata(path: str | Path, option: str, what: str) -> Any:
    """The features of a geodata file given by ``option`` (GeoJSON, GeoPackage, shapefile …) as a GeoDataFrame.

    Parameters
    ----------
    path : str or Path
        The file; ``FILE.gpkg:LAYER`` reads that layer of a GeoPackage (:func:`split_layer`).
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

    path, chosen = split_layer(path)
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
            layer = _polygon_layer(path, option, what, chosen)  # listing the layers opens the file: GDAL notes too
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


def _polygon_layer(path: Path, option: str, what: str, chosen: str | None = None) -> str | None:
    """The layer to read: ``chosen`` (``FILE.gpkg:LAYER``) if the file has it; else None for a file of one layer,
    else its only polygon layer (a GeoPackage of many).

    A municipality's GeoPackage holds stations, roads and outlines: GDAL's default (the first layer) took the
    stations and said "no polygon", or took one of two outlines silently.
    """
    import pyogrio

    layers = [(str(name), str(kind)) for name, kind in pyogrio.list_layers(path)]
    listed = ", ".join(f"{name} ({kind})" for name, kind in layers)
    if chosen is not None:
        if chosen in (name for name, _ in layers):
            return chosen
        example = f", e.g. {path.name}:{layers[0][0]}" if layers else ""
        raise InputError(f"it has no layer '{chosen}'; its layers: {listed or 'none'}.", file=path, field=option,
                         fix=f"give one of its layers after the colon{example}.")
    if len(layers) <= 1:
        return None
    polygons = [name for name, kind in layers if "polygon" in kind.lower()]
    if len(polygons) == 1:
        return polygons[0]
    if not polygons:
        raise InputError(f"none of its {len(layers)} layers holds polygons: {listed}.", file=path, field=option,
                         fix=f"give {what} as a polygon layer (GeoJSON or GeoPackage).")
    raise InputError(f"it has {len(polygons)} polygon layers ({', '.join(polygons)}): which is {what} is not clear.",
                     file=path, field=option,
                     fix=f"name the layer after a colon, e.g. give {path.name}:{polygons[0]} (docs/formats.md).")


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
