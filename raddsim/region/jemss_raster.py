"""JEMSS.jl's call-density raster (``gen_config.xml`` ``<callDensityRaster><filename>``), read without GDAL.

JEMSS places each call in a raster cell drawn by the cells' values, uniformly within the cell
(``src/types/raster.jl``, ``rasterRandLocations``). JEMSS.jl ships its cities' rasters as zipped GeoTIFFs
(``data/cities/<city>/data/population density/…/rasters/*.zip``; its build step unzips them) and its test
regions' as GDAL XYZ text (``x y z`` per cell centre). This module finds the file (``$jemssDir`` is the JEMSS.jl
folder the model sits in; a ``.tif`` not unzipped is read from the ``.zip`` beside it), reads an uncompressed
single-band GeoTIFF or an XYZ file, and draws call points from it as JEMSS does, with a fixed seed:
:mod:`raddsim.region.jemss` writes them as alarm objects of equal weight.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import numpy as np

from raddsim.core.errors import InputError

#: How many call points are drawn from a raster: the alarms' places are resampled from them.
#: ASSUMPTION: 20,000 points give each 250 m square of a city its share within a few per cent; plausible 5,000–100,000.
RASTER_POINTS = 20_000
#: The seed of that draw: the same model always imports to the same points.
RASTER_SEED = 20_250_101

#: TIFF field types → (struct code, bytes).
_TIFF_TYPES = {1: ("B", 1), 2: ("c", 1), 3: ("H", 2), 4: ("I", 4), 11: ("f", 4), 12: ("d", 8), 16: ("Q", 8)}
#: (SampleFormat, BitsPerSample) → numpy type.
_SAMPLES = {(3, 64): "f8", (3, 32): "f4", (1, 8): "u1", (1, 16): "u2", (1, 32): "u4", (2, 16): "i2", (2, 32): "i4"}


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
    """An uncompressed, single-band, strip-organised GeoTIFF (as JEMSS.jl's cities are) with its pixel scale and
    tie point; anything else is refused, naming the file."""
    tags = _tiff_tags(data, label)
    try:
        width, height, bits = tags[256][0], tags[257][0], tags[258][0]
        kind = _SAMPLES[(tags.get(339, (1,))[0], bits)]
        (sx, sy, _), tie = tags[33550][:3], tags[33922][:6]
    except (KeyError, ValueError) as exc:
        raise InputError(f"not a GeoTIFF raddsim reads (missing or unusual tag {exc}).", file=label,
                         fix="give a single-band GeoTIFF with its pixel scale and tie point.") from None
    if tags.get(259, (1,))[0] != 1 or tags.get(277, (1,))[0] != 1 or 273 not in tags:
        raise InputError("a compressed, multi-band or tiled GeoTIFF: raddsim reads uncompressed single-band strips "
                         "only.", file=label, fix="write the raster uncompressed (gdal_translate -co COMPRESS=NONE).")
    dtype = np.dtype(kind).newbyteorder("<" if data[:2] == b"II" else ">")
    pixels = b"".join(data[o:o + c] for o, c in zip(tags[273], tags[279]))
    if len(pixels) < width * height * dtype.itemsize:
        raise InputError(f"the file holds {len(pixels):,} bytes of pixels, not {width * height * dtype.itemsize:,}: "
                         "it is cut short.", file=label, fix="give the whole raster (unzip it again).")
    z = np.frombuffer(pixels, dtype=dtype, count=width * height).reshape(height, width)
    west, north = tie[3] - tie[0] * sx, tie[4] + tie[1] * sy
    return Raster(z.astype(float), west, north, sx, sy)


def _tiff_tags(data: bytes, label: str) -> dict[int, tuple]:
    """The first image's tags: tag → its values (a file cut short inside them: refused, naming it)."""
    try:
        return _tags(data, label)
    except struct.error:
        raise InputError("the TIFF file is cut short.", file=label, fix="give the whole raster (unzip it again).") \
            from None


def _tags(data: bytes, label: str) -> dict[int, tuple]:
    order = {b"II": "<", b"MM": ">"}.get(data[:2])
    if order is None or struct.unpack(order + "H", data[2:4])[0] != 42:
        raise InputError("not a TIFF file.", file=label, fix="give JEMSS's call-density raster (.tif or .xyz).")
    first = struct.unpack(order + "I", data[4:8])[0]
    tags: dict[int, tuple] = {}
    for i in range(struct.unpack(order + "H", data[first:first + 2])[0]):
        at = first + 2 + 12 * i
        tag, kind, count = struct.unpack(order + "HHI", data[at:at + 8])
        if kind not in _TIFF_TYPES:
            continue
        code, size = _TIFF_TYPES[kind]
        where = at + 8 if size * count <= 4 else struct.unpack(order + "I", data[at + 8:at + 12])[0]
        tags[tag] = struct.unpack(order + code * count, data[where:where + size * count])
    return tags


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
