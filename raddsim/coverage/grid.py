"""A regular grid of square cells in the network's metric CRS (SWEREF 99 TM in Sweden) over the study region.

The grid is what coverage figures, maps and GIS layers are computed on. Cells
are aligned to multiples of the cell size (so a 250 m and a 100 m grid share
corners with the national grid) and only the *active* cells — inside the
municipality boundary, or near the region's roads — are kept, as flat arrays.

Extent
------
* With a boundary polygon (``--boundary FILE``): every cell whose centre lies
  inside it.
* Without one: every cell whose centre lies within :data:`ROAD_BUFFER_M` of a
  road of the study region (edges not tagged ``raddsim:outside``, ferries
  excluded). ASSUMPTION: 2 km — people and property lie along the roads; the
  buffer keeps forests, lakes and sea far from any road off the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.core.io import path_argument
from raddsim.core.text import lat_lon
from raddsim.coverage import DEFAULT_CELL_M, MAX_CELL_M, MIN_CELL_M
from raddsim.network.positions import SWEREF, to_metric
from raddsim.network.road import RoadNetwork

#: Without a boundary, cells farther than this from a road of the region are left out (ASSUMPTION, hard-wired:
#: plausible 1000–5000 m; shapes which cells the coverage shares count).
ROAD_BUFFER_M = 2000.0


@dataclass(frozen=True)
class Grid:
    """Active cells of a regular raster in the network's metric CRS (EPSG:3006 in Sweden).

    Attributes
    ----------
    cell_m
        Cell side (m).
    x0, y0
        Lower-left corner of the raster (m, in ``crs``).
    nx, ny
        Raster columns and rows.
    ix, iy
        Column and row of each active cell (row 0 is the southernmost).
    crs
        The projected CRS of the coordinates (the network's :attr:`~raddsim.network.RoadNetwork.metric_crs`).
    boundary
        The ``--boundary`` polygon the cells were cut by (shapely, in ``crs``); None: no boundary (the squares near
        the roads). Kept so what lies on the map is decided by the polygon itself, not by the squares' extent.
    """

    cell_m: float
    x0: float
    y0: float
    nx: int
    ny: int
    ix: np.ndarray
    iy: np.ndarray
    crs: str = SWEREF
    boundary: object = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.ix)

    @cached_property
    def x(self) -> np.ndarray:
        """Cell centre easting (m)."""
        return self.x0 + (self.ix + 0.5) * self.cell_m

    @cached_property
    def y(self) -> np.ndarray:
        """Cell centre northing (m)."""
        return self.y0 + (self.iy + 0.5) * self.cell_m

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """``(xmin, xmax, ymin, ymax)`` of the raster, as matplotlib's ``imshow`` wants it."""
        return (self.x0, self.x0 + self.nx * self.cell_m, self.y0, self.y0 + self.ny * self.cell_m)

    @property
    def area_km2(self) -> float:
        return len(self) * self.cell_m**2 / 1e6

    @cached_property
    def lookup(self) -> np.ndarray:
        """``(ny, nx)`` raster of active-cell indices, -1 where the cell is not active."""
        out = np.full((self.ny, self.nx), -1, np.int64)
        out[self.iy, self.ix] = np.arange(len(self))
        return out

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Active-cell index of points (m, in :attr:`crs`); -1 outside the active cells."""
        cx = np.floor((np.asarray(x, float) - self.x0) / self.cell_m).astype(np.int64)
        cy = np.floor((np.asarray(y, float) - self.y0) / self.cell_m).astype(np.int64)
        ok = (cx >= 0) & (cx < self.nx) & (cy >= 0) & (cy < self.ny)
        out = np.full(cx.shape, -1, np.int64)
        out[ok] = self.lookup[cy[ok], cx[ok]]
        return out

    def within_boundary(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether points (m, in :attr:`crs`) lie inside :attr:`boundary` (its edge counts as outside, as for the
        cells); all True without a boundary. An island between the squares but inside the polygon is inside."""
        x, y = np.asarray(x, float), np.asarray(y, float)
        if self.boundary is None:
            return np.ones(x.shape, bool)
        import shapely

        return np.asarray(shapely.contains_xy(self.boundary, x, y), bool)

    def raster(self, values: np.ndarray, fill: float = np.nan) -> np.ndarray:
        """Per-cell ``values`` as a ``(ny, nx)`` float raster (``fill`` outside the active cells)."""
        out = np.full((self.ny, self.nx), fill, float)
        out[self.iy, self.ix] = values
        return out

    def boxes(self) -> np.ndarray:
        """Cell squares as shapely polygons (in :attr:`crs`)."""
        import shapely

        h = self.cell_m / 2
        return shapely.box(self.x - h, self.y - h, self.x + h, self.y + h)


@checked_arguments()
def load_boundary(path: str | Path, crs: str = SWEREF, net: RoadNetwork | None = None, *, field: str = "boundary",
                  what: str = "the municipality"):
    """Read a boundary polygon (GeoJSON, GeoPackage, shapefile …; any CRS) as one geometry in ``crs``.

    A file without a CRS is read as WGS84 (GeoJSON's definition); coordinates that cannot be degrees
    (metres of a national grid, SWEREF 99 TM) in such a file are refused. A self-intersecting polygon
    is repaired when that changes its area by at most 1 %, else refused. With ``net`` the polygon must
    hold some of its roads (:func:`make_grid` checks it too, without the file's name).

    Parameters
    ----------
    path : str or Path
        The polygon file.
    crs : str
        The metric CRS to return it in: the network's ``metric_crs`` (EPSG:3006 in Sweden).
    net : RoadNetwork, optional
        The region's network: its ``metric_crs`` is used, and a boundary holding none of its roads is refused
        naming the file.
    field : str
        What named the file, for the errors: the argument (``boundary``), or a region file's key (``region.land``).
    what : str
        What the polygon outlines, for the fixes (``the municipality``, ``the region's land outline``).

    Returns
    -------
    shapely.Geometry
        The union of the file's polygons, valid, in ``crs`` (metres).

    Raises
    ------
    InputError
        If the file is missing, unreadable, holds no polygon or an empty one.
    """
    import shapely

    from raddsim.core.geodata import read_geodata

    path = path_argument(path, field)
    _check_crs(crs)
    gdf = read_geodata(path, field, f"{what} polygon")
    polys = gdf[gdf.geometry.notna() & gdf.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polys.empty:
        raise InputError("the file holds no polygon.", file=path, field="geometry",
                         fix=f"give {what} as a Polygon or MultiPolygon.")
    w, s, e, n = (float(v) for v in polys.total_bounds)
    # Longitudes just past ±180 are degrees of a polygon across the antimeridian (a GIS's "shifted" export: 180.03
    # for −179.97), which the projection to metres reads alike; only a span no longitudes can have is refused.
    if (polys.crs is None or polys.crs.is_geographic) and not (-360 <= w <= e <= 360 and e - w <= 360
                                                                 and -90 <= s <= n <= 90):
        # GeoJSON without a CRS is WGS84 by definition: metres of a national grid there become nonsense degrees
        grid = "SWEREF 99 TM in Sweden, a UTM zone elsewhere"
        raise InputError(f"the coordinates are read as WGS84 degrees (the file states no other CRS), but they span "
                         f"{w:,.2f} to {e:,.2f} and {s:,.2f} to {n:,.2f}: metres of a national grid ({grid}?).",
                         file=path, field="crs",
                         fix="save the file with its CRS (e.g. from QGIS), or reproject it to WGS84 (EPSG:4326).")
    if polys.crs is None:
        polys = polys.set_crs("EPSG:4326")
    polys = polys.set_geometry(_repaired(polys.geometry, path))
    crs = net.metric_crs if net is not None else crs
    try:
        geom = shapely.make_valid(polys.to_crs(crs).union_all())
    except shapely.errors.GEOSException as exc:  # the parts are valid: only a projection gone wrong gets here
        raise InputError(f"the polygons could not be merged ({exc}).", file=path, field="geometry",
                         fix="check the file's CRS and its polygons in a GIS (e.g. QGIS 'Check validity').") from None
    if geom.is_empty or geom.area <= 0:
        raise InputError("the boundary polygon is empty.", file=path, field="geometry",
                         fix="give a polygon with an area.")
    if net is not None:
        _check_holds_roads(net, geom, 50.0, path, written=polys)
        _warn_large_boundary(net, geom, path)
    return geom


#: A self-intersecting boundary polygon is repaired (shapely ``make_valid``) only when the repair changes its
#: area by at most this share: a small loop where a line was digitised twice. A larger change (a bow tie from
#: two corners in the wrong order, a ring crossing itself across the map) means the polygon is not what was
#: meant, and the grid would silently cover a different area: refused.
MAX_REPAIR_CHANGE = 0.01


def _repaired(geoms, path: Path):
    """The polygons of ``geoms`` with invalid ones repaired when that is safe (said once); else an InputError."""
    import logging

    import shapely
    from shapely.validation import explain_validity

    out = []
    for k, g in enumerate(geoms):
        if g.is_valid:
            out.append(g)
            continue
        parts = list(g.geoms) if g.geom_type == "MultiPolygon" else [g]
        fixed = [p if p.is_valid else shapely.make_valid(p) for p in parts]
        # The area of an invalid ring (the shoelace sum) against that of its repair: equal up to a small loop.
        before = sum(abs(p.area) for p in parts)
        after = sum(f.area for f in fixed)
        change = abs(after - before) / max(before, after, 1e-300)
        why = explain_validity(g)
        if change > MAX_REPAIR_CHANGE:
            raise InputError(
                f"polygon {k + 1} is invalid ({why}); repairing it would change its area by {change:.0%}, so it is "
                "not the area that was meant (a ring crossing itself, e.g. two corners in the wrong order).",
                file=path, field="geometry",
                fix="correct the polygon in a GIS (e.g. QGIS 'Check validity', then redraw the crossing part) and "
                    "give it again.")
        logging.getLogger("raddsim").warning(
            "%s: polygon %d is invalid (%s); repaired with shapely's make_valid (area changed by %.2f %%).",
            path, k + 1, why, 100 * change)
        out.append(shapely.union_all([f for f in fixed if f.area > 0]))
    return out


def region_road_points(net: RoadNetwork, spacing_m: float) -> np.ndarray:
    """Points every ``spacing_m`` or closer along the region's own roads (not outside, no ferries), metric CRS."""
    keep = ~net.edge_outside & (net.edge_highway != "ferry")
    pts, _, _ = densify(net, keep, spacing_m)
    return pts


def densify(net: RoadNetwork, keep: np.ndarray, spacing_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sample points along the straight edges ``keep`` (both ends included).

    Returns
    -------
    points
        ``(m, 2)`` coordinates in the network's metric CRS.
    edge
        Edge index of each sample.
    frac
        Position of each sample along its edge, 0 at ``edge_u`` and 1 at ``edge_v``.
    """
    e = np.flatnonzero(keep)
    x0, y0 = net.x[net.edge_u[e]], net.y[net.edge_u[e]]
    x1, y1 = net.x[net.edge_v[e]], net.y[net.edge_v[e]]
    seg = np.hypot(x1 - x0, y1 - y0)
    pieces = np.maximum(np.ceil(seg / spacing_m).astype(np.int64), 1)
    counts = pieces + 1
    edge = np.repeat(e, counts)
    start = np.repeat(np.cumsum(counts) - counts, counts)
    frac = (np.arange(counts.sum()) - start) / np.repeat(pieces, counts)
    k = np.repeat(np.arange(len(e)), counts)
    pts = np.column_stack([x0[k] + frac * (x1 - x0)[k], y0[k] + frac * (y1 - y0)[k]])
    return pts, edge, frac


#: Most cells of a grid's bounding rectangle. ASSUMPTION: Norrtälje's at the smallest cell (25 m) is ~9 million; the
#: grid's index arrays take 32 bytes a cell, so this bound keeps them under a gigabyte.
MAX_GRID_CELLS = 25_000_000
#: Farthest from the roads a grid without a boundary reaches (m): beyond, the extent is no longer the region's.
MAX_BUFFER_M = 100_000.0
#: Peak memory of a map per active cell (bytes), measured: ``raddsim map minimum`` on a Sweden-sized boundary, 16.8
#: million cells of 250 m, peaked at 10.1 GB (the cells' access, coverage and figures). A grid needing more than the
#: machine has free is refused before it is built (it was a MemoryError traceback, or 10 GB taken unsaid).
GRID_BYTES_PER_CELL = 600
#: A boundary this many times larger than the area the network's roads span is named in a warning (another region's
#: outline, or an extract of a part of the area): most of its squares lie far from every road.
BOUNDARY_AREA_RATIO = 20.0


def _cells_that_fit(cells: int, cell_m: float) -> float:
    """A round cell size (m) at which ``cells`` cells of ``cell_m`` fit within :data:`MAX_GRID_CELLS`."""
    return float(min(MAX_CELL_M, 50 * math.ceil(cell_m * math.sqrt(cells / MAX_GRID_CELLS) / 50)))


def _check_crs(crs: str) -> None:
    """Refuse a CRS pyproj does not know (was a CRSError after the file was read)."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(crs)
    except CRSError:
        raise InputError(f"crs {crs!r:.60} is not a coordinate reference system pyproj knows.", field="crs",
                         fix=f"give a metric CRS such as {SWEREF!r} (the network's metric_crs).") from None


def _check_grid_arguments(net: object, cell_m: object, buffer_m: object) -> None:
    """Refuse a network, cell size or buffer :func:`make_grid` cannot use, naming the argument."""
    if not isinstance(net, RoadNetwork):
        raise InputError(f"net must be a RoadNetwork, got {type(net).__name__}.", field="net",
                         fix="give the model's network: make_grid(model.network, cell_m).")
    for name, value, low, high, example in (("cell_m", cell_m, MIN_CELL_M, MAX_CELL_M, "250 or 100"),
                                            ("buffer_m", buffer_m, 0.0, MAX_BUFFER_M, f"{ROAD_BUFFER_M:g}")):
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not low <= value <= high:  # type: ignore[operator]
            shown = f"{value:g} m" if number else repr(value)
            what = "cell size" if name == "cell_m" else "distance from the roads"
            raise InputError(f"{what} {shown} is out of range.", field=name,
                             fix=f"give a number between {low:g} and {high:g} m (e.g. {example}).")


def _aligned(lo: float, hi: float, cell: float) -> tuple[float, int]:
    start = math.floor(lo / cell) * cell
    return start, max(int(math.ceil((hi - start) / cell)), 1)


#: A boundary holding none of the region's roads is said to have latitude and longitude swapped when a point
#: inside it, read the other way round, lies this near the roads. ASSUMPTION: an outline's inner point is within
#: a few km of a road of its own area (Norrtälje's: 0.1 km); a polygon elsewhere on Earth is thousands of km away.
MAX_SWAPPED_M = 10_000.0


def _warn_large_boundary(net: RoadNetwork, boundary, path: Path | None) -> None:
    """Warn when the boundary is :data:`BOUNDARY_AREA_RATIO` times the area the network's roads span, or more."""
    import logging

    from raddsim.demand.points import network_area_km2

    area_km2, roads_km2 = float(boundary.area) / 1e6, network_area_km2(net)
    if roads_km2 > 0 and area_km2 > BOUNDARY_AREA_RATIO * roads_km2:
        logging.getLogger("raddsim").warning(
            "%s: the boundary covers %s km², %.0f times the %s km² the network's roads span: most of its squares lie "
            "far from every road, reached only by the off-road leg. Fix: give the polygon of the region's own area "
            "(another region's outline?), or a network that covers the boundary.", path or "--boundary",
            f"{area_km2:,.0f}", area_km2 / roads_km2, f"{roads_km2:,.0f}")


def _check_holds_roads(net: RoadNetwork, boundary, spacing_m: float, path: Path | None = None,
                       written=None) -> None:
    """Refuse a boundary with none of the region's roads in it (another area, a wrong CRS, or latitude and longitude
    swapped, said from ``written``, its polygons as the file gives them): every cell would lie off the network and
    the maps and resident figures come out empty without a word. Refused, as a candidate site off the roads is."""
    import shapely

    from raddsim.network.snap import swapped_fix  # here: snap imports the network

    roads = region_road_points(net, spacing_m)
    if len(roads) and not shapely.contains_xy(boundary, roads[:, 0], roads[:, 1]).any():
        km = shapely.distance(boundary, shapely.multipoints(roads)) / 1000
        where = f"it lies {km:,.1f} km from the nearest"
        fix = "give the polygon of the region's own area (GeoJSON in WGS84, or a file that states its CRS)."
        if written is not None and written.crs is not None and written.crs.is_geographic:
            inner = written.to_crs("EPSG:4326").union_all().representative_point()
            swapped = swapped_fix(net, inner.y, inner.x, MAX_SWAPPED_M, fix)
            if swapped != fix:
                where, fix = f"{where}; a point inside it as written: {lat_lon(inner.y, inner.x)}", swapped
        raise InputError(f"the boundary holds none of the region's roads ({where}).", file=path, field="boundary",
                         fix=fix)


@checked_arguments("net", "cell_m", "buffer_m")
def make_grid(net: RoadNetwork, cell_m: float = DEFAULT_CELL_M, boundary=None, buffer_m: float = ROAD_BUFFER_M) -> Grid:
    """The active cells over the region (see the module doc for the extent rule).

    Parameters
    ----------
    net
        The road network (its in-region roads set the extent when there is no boundary).
    cell_m
        Cell side in metres.
    boundary
        A shapely (Multi)Polygon in the network's metric CRS (:func:`load_boundary`), or None.
    buffer_m
        Distance from the roads that defines the extent without a boundary.

    Returns
    -------
    Grid
        The active cells.
    """
    _check_grid_arguments(net, cell_m, buffer_m)
    if boundary is not None and not hasattr(boundary, "bounds"):  # a path: shapely's "incorrect type"
        raise InputError(f"boundary must be a polygon, got {type(boundary).__name__}.", field="boundary",
                         fix="read the file first: boundary=load_boundary(path, net.metric_crs, net).")
    if boundary is not None:
        _check_holds_roads(net, boundary, min(cell_m, buffer_m / 2))
        xmin, ymin, xmax, ymax = boundary.bounds
    else:
        roads = region_road_points(net, min(cell_m, buffer_m / 2))
        if len(roads) == 0:
            raise InputError("the network has no roads inside the study region to draw a grid around.",
                             field="boundary", fix="give the study area's boundary polygon (load_boundary).")
        xmin, ymin = roads.min(axis=0) - buffer_m
        xmax, ymax = roads.max(axis=0) + buffer_m
    x0, nx = _aligned(xmin, xmax, cell_m)
    y0, ny = _aligned(ymin, ymax, cell_m)
    if nx * ny > MAX_GRID_CELLS:  # a county's boundary at 25 m: numpy's MemoryError for terabytes, after the model
        raise InputError(f"a grid of {nx:,} × {ny:,} cells of {cell_m:g} m is too large (more than "
                         f"{MAX_GRID_CELLS:,} cells).", field="cell_m",
                         fix=f"give larger cells (e.g. {_cells_that_fit(nx * ny, cell_m):g} m) or a smaller boundary.")
    iy, ix = np.divmod(np.arange(nx * ny, dtype=np.int64), nx)
    cx, cy = x0 + (ix + 0.5) * cell_m, y0 + (iy + 0.5) * cell_m
    if boundary is not None:
        import shapely

        shapely.prepare(boundary)
        inside = shapely.contains_xy(boundary, cx, cy)
    else:
        dist, _ = cKDTree(roads).query(np.column_stack([cx, cy]), distance_upper_bound=buffer_m)
        inside = dist <= buffer_m
    if not inside.any() and boundary is None:  # was "no grid cell lies inside the boundary", with none given
        raise InputError(f"no grid cell lies within buffer_m={buffer_m:g} m of a road.", field="buffer_m",
                         fix=f"give a larger buffer_m (e.g. {ROAD_BUFFER_M:g}) or smaller cells.")
    if not inside.any():
        raise InputError("no grid cell lies inside the boundary.", field="boundary",
                         fix="check the boundary file (is it the right area, and in a known CRS?) or use smaller "
                             "cells.")
    _check_memory(int(inside.sum()), cell_m)
    return Grid(float(cell_m), float(x0), float(y0), nx, ny, ix[inside], iy[inside], crs=net.metric_crs,
                boundary=boundary)


def _check_memory(cells: int, cell_m: float) -> None:
    """Refuse a grid whose maps would need more memory than the machine has free (:data:`GRID_BYTES_PER_CELL`)."""
    from raddsim.core.memory import available_bytes

    need, free = cells * GRID_BYTES_PER_CELL, available_bytes()
    if free is not None and need > free:
        larger = 50 * math.ceil(cell_m * math.sqrt(need / (0.5 * free)) / 50)
        raise InputError(f"{cells:,} squares of {cell_m:g} m would need about {_size(need)} of memory for the maps "
                         f"({GRID_BYTES_PER_CELL} bytes each), more than the {_size(free)} free.",
                         field="cell_m", fix=f"give larger cells (e.g. --cell {larger:g}) or a smaller boundary (the "
                                             "region's own area).")


def _size(n_bytes: float) -> str:
    return f"{n_bytes / 2**30:,.1f} GiB" if n_bytes >= 2**30 else f"{n_bytes / 2**20:,.0f} MiB"


def place_xy(names: np.ndarray, places, net: RoadNetwork, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre of each demand point: its tätort's centre by name, else its network node."""
    x, y = net.x[nodes].astype(float), net.y[nodes].astype(float)
    if places:
        px, py = to_metric(np.array([p.lon for p in places]), np.array([p.lat for p in places]), net.metric_crs)
        where = {p.name: k for k, p in enumerate(places)}
        for i, name in enumerate(names):
            k = where.get(str(name))
            if k is not None:
                x[i], y[i] = px[k], py[k]
    return x, y


def point_cells(grid: Grid, x: np.ndarray, y: np.ndarray, radius_m: np.ndarray) -> sparse.csr_matrix:
    """How each point's population spreads over the cells: a ``points × cells`` matrix of fractions.

    A point with ``radius_m > 0`` (a tätort) is spread evenly over the active
    cells whose centre lies in its disc (the cell holding its centre if the
    disc is smaller than a cell); other points go to the cell they lie in.
    Rows of points that fall on no active cell are all zero.
    """
    rows, cols, vals = [], [], []
    rural = np.flatnonzero(radius_m <= 0)
    cell = grid.cell_of(x[rural], y[rural])
    ok = cell >= 0
    rows.append(rural[ok])
    cols.append(cell[ok])
    vals.append(np.ones(ok.sum()))
    # A loop over tätorter (tens), not over cells.
    for i in np.flatnonzero(radius_m > 0):
        r = radius_m[i]
        c0 = int(np.floor((x[i] - r - grid.x0) / grid.cell_m))
        c1 = int(np.floor((x[i] + r - grid.x0) / grid.cell_m))
        r0 = int(np.floor((y[i] - r - grid.y0) / grid.cell_m))
        r1 = int(np.floor((y[i] + r - grid.y0) / grid.cell_m))
        cc, rr = np.meshgrid(np.arange(max(c0, 0), min(c1, grid.nx - 1) + 1),
                             np.arange(max(r0, 0), min(r1, grid.ny - 1) + 1))
        col, row = cc.ravel(), rr.ravel()
        idx = grid.lookup[row, col] if len(col) else np.zeros(0, np.int64)
        inside = (idx >= 0) & (np.hypot(grid.x0 + (col + 0.5) * grid.cell_m - x[i],
                                        grid.y0 + (row + 0.5) * grid.cell_m - y[i]) <= r)
        idx = idx[inside]
        if len(idx) == 0:
            idx = grid.cell_of(np.array([x[i]]), np.array([y[i]]))
            idx = idx[idx >= 0]
        if len(idx):
            rows.append(np.full(len(idx), i))
            cols.append(idx)
            vals.append(np.full(len(idx), 1.0 / len(idx)))
    r, c, v = (np.concatenate(a) for a in (rows, cols, vals))
    return sparse.csr_matrix((v, (r, c)), shape=(len(x), len(grid)))
