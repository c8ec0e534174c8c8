"""JEMSS.jl's call-density raster (``gen_config.xml`` ``<callDensityRaster><filename>``), read without GDAL
(tifffile for GeoTIFF).

JEMSS places each call in a raster cell drawn by the cells' values, uniformly within the cell
(``src/types/raster.jl``, ``rasterRandLocations``). JEMSS.jl ships its cities' rasters as zipped GeoTIFFs
(``data/cities/<city>/data/population density/…/rasters/*.zip``; its build step unzips them) and its test
regions' as GDAL XYZ text (``x y z`` per cell centre). This module finds the file (``$jemssDir`` is the JEMSS.jl
folder the model sits in; a ``.tif`` not unzipped is read from the ``.zip`` beside it), reads a
single-band GeoTIFF or an XYZ file, and draws call points from it as JEMSS does, with a fixed seed:
:mod:`raddsim.region.jemss` writes them as alarm objects of equal weight.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

from raddsim.core.errors import InputError

#: How many call points are drawn from a raster: the alarms' places are resampled from them.
#: ASSUMPTION: 20,000 points give each 250 m square of a city its share within a few per cent; plausible 5,000–100,000.
RASTER_POINTS = 20_000
#: The seed of that draw: the same model always imports to the same points.
RASTER_SEED = 20_250_101


class Raster:
    """A north-up grid: cell values ``z[row, col]``, the west and north edges and the cell size (degrees)."""

    def __init__(self, z: np.ndarray, west: float, north: float, dx: float, dy: float) -> None:
        self.z, self.west, self.north, self.dx, self.dy = z, west, north, dx, dy


def find_raster(text: str, gen_config: Path, input_path: str = "") -> Path | None:
    """The raster file ``text`` names (or the ``.zip`` holding it), ``None`` when it is not there.

    JEMSS interpolates ``$jemssDir`` (its package folder: tried as each folder above the gen_config) and reads a
    relative name from the gen_config's ``<inputPath>``, itself relative to the gen_config's folder (empty: that
    folder).
    """
    text = text.strip()
    if not text:
        return None
    here = gen_config.resolve().parent
    if "$jemssDir" in text:
        candidates = [Path(text.replace("$jemssDir", str(a))) for a in here.parents]
    else:
        base = here / input_path.strip() if "$" not in input_path else here
        candidates = [Path(text) if Path(text).is_absolute() else base / text]
    for c in candidates:
        for p in (c, c.with_suffix(".zip")):
            if p.is_file():
                return p
    return None


def read_raster(path: Path) -> Raster:
    """A GeoTIFF (``.tif``, or the one in a ``.zip``) or GDAL XYZ text file (``.xyz``) as a :class:`Raster`."""
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                names = [n for n in z.namelist() if n.lower().endswith((".tif", ".tiff", ".xyz"))]
                if len(names) != 1:
                    raise InputError("the archive does not hold one raster (.tif or .xyz).", file=path,
                                     fix="give JEMSS's zipped call-density raster.")
                data, name = z.read(names[0]), names[0]
        except zipfile.BadZipFile as exc:
            raise InputError(f"cannot read the archive ({exc}).", file=path, fix="give a zip of one .tif.") from None
    else:
        data, name = path.read_bytes(), path.name
    label = f"{path}!{name}" if path.suffix.lower() == ".zip" else str(path)
    if name.lower().endswith(".xyz"):
        return _xyz(data, label)
    return _tiff(data, label)


def _xyz(data: bytes, label: str) -> Raster:
    """GDAL XYZ: one ``x y z`` line per cell centre of a regular grid."""
    try:
        rows = np.loadtxt(io.StringIO(data.decode("utf-8-sig").replace(",", " ")), ndmin=2)
    except ValueError as exc:
        raise InputError(f"cannot read the XYZ raster ({exc}).", file=label, fix="give x y z per line.") from None
    if rows.shape[1] < 3:
        raise InputError("the XYZ raster needs three numbers a line.", file=label, fix="give x y z per line.")
    xs, ys = np.unique(rows[:, 0]), np.unique(rows[:, 1])
    if len(xs) * len(ys) != len(rows):
        raise InputError("the XYZ raster is not a full regular grid.", file=label, fix="give one line per cell.")
    dx = float(np.diff(xs).min()) if len(xs) > 1 else 1.0
    dy = float(np.diff(ys).min()) if len(ys) > 1 else dx
    z = np.zeros((len(ys), len(xs)))
    z[len(ys) - 1 - np.searchsorted(ys, rows[:, 1]), np.searchsorted(xs, rows[:, 0])] = rows[:, 2]
    return Raster(z, float(xs[0]) - dx / 2, float(ys[-1]) + dy / 2, dx, dy)


def _tiff(data: bytes, label: str) -> Raster:
    """A single-band GeoTIFF (as JEMSS.jl's cities are: GDAL's float64 strips) with its pixel scale and tie point,
    read with tifffile (any compression or tiling it reads); anything else is refused, naming the file."""
    import tifffile  # only an import with a raster needs it

    try:
        with tifffile.TiffFile(io.BytesIO(data)) as tif:
            page = tif.pages[0]
            z = page.asarray()
            # the first page of a file is a full page (a TiffFrame only ever follows one): it has tags
            tags = {k: page.tags.get(k) if isinstance(page, tifffile.TiffPage) else None
                    for k in ("ModelPixelScaleTag", "ModelTiepointTag")}
    except Exception as exc:  # tifffile's own errors (not a TIFF, cut short, a compression it lacks) name no file
        raise InputError(f"cannot read the GeoTIFF ({type(exc).__name__}: {exc}).", file=label,
                         fix="give the whole raster (unzip it again), a single-band GeoTIFF.") from None
    scale, tie = tags["ModelPixelScaleTag"], tags["ModelTiepointTag"]
    if scale is None or tie is None:
        raise InputError("not a GeoTIFF: it has no pixel scale or tie point (GeoTIFF tags 33550, 33922).",
                         file=label, fix="give JEMSS's call-density raster as GDAL writes it.")
    (sx, sy), tie = scale.value[:2], tie.value[:6]
    if z.ndim != 2:
        raise InputError(f"a raster of {z.ndim} dimensions ({' × '.join(map(str, z.shape))}): raddsim reads "
                         "single-band rasters.", file=label, fix="give the one band of call densities.")
    west, north = tie[3] - tie[0] * sx, tie[4] + tie[1] * sy
    return Raster(z.astype(float), west, north, float(sx), float(sy))


def raster_points(raster: Raster, n: int = RASTER_POINTS, seed: int = RASTER_SEED) -> tuple[np.ndarray, np.ndarray]:
    """``n`` call points (lon, lat) drawn as JEMSS draws calls: a cell by its value, a point uniform within it.

    Raises
    ------
    ValueError
        When no cell has a positive value.
    """
    w = np.where(np.isfinite(raster.z) & (raster.z > 0), raster.z, 0.0).ravel()
    if not w.sum() > 0:
        raise ValueError("no cell of the raster has a positive value")
    rng = np.random.default_rng(seed)
    cell = rng.choice(len(w), size=n, p=w / w.sum())
    row, col = np.divmod(cell, raster.z.shape[1])
    lon = raster.west + (col + rng.random(n)) * raster.dx
    lat = raster.north - (row + rng.random(n)) * raster.dy
    return lon, lat


__all__ = ["Raster", "find_raster", "read_raster", "raster_points", "RASTER_POINTS", "RASTER_SEED"]
