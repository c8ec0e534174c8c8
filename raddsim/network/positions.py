"""Node positions in metres and nearest-node queries, without pyproj or scipy once computed.

Metric work (distances to the road, the last stretch, coverage grids, maps) happens in one
projected CRS per road network, :func:`metric_crs`: SWEREF 99 TM (EPSG:3006) for a network in
Sweden, the CRS Swedish municipalities map in; elsewhere the UTM zone of the network's centre
(EPSG:326xx north, 327xx south). SWEREF 99 TM far from Sweden is badly distorted: 1 km east–west
in Edmonton measures 1.13 km in it, in New York 1.53 km.

Projecting WGS84 coordinates (pyproj) and finding nearest nodes (scipy's k-d tree)
are pure functions of their input arrays; both are memoised on disk
(:mod:`raddsim.core.arraycache`), so a plain run on a network used before imports
neither library.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from raddsim.core.arraycache import cached_arrays
from raddsim.network.data import RoadData

if TYPE_CHECKING:
    from scipy.spatial import cKDTree


#: SWEREF 99 TM's area of use (EPSG registry: "Sweden - onshore and offshore"), lon/lat degrees.
SWEREF_AREA = (10.03, 54.96, 24.17, 69.07)
SWEREF = "EPSG:3006"
#: Sweden's outline, lon/lat: the boundary of Geofabrik's Sweden extract (download.geofabrik.de, sweden.poly; a
#: land-and-sea outline drawn along the borders; © OpenStreetMap contributors, ODbL), 144 vertices as pyrosm's
#: geofabrik_index.geojson.gz holds it. SWEREF_AREA is a rectangle that also holds Oslo, Copenhagen, Åland and
#: Narvik: networks there were measured in SWEREF 99 TM and their outputs said "tätort" and cited Swedish law.
#: Limitation: the outline follows the Torne river loosely: Tornio's centre, Karesuvanto and Kolari's riverside
#: (Finland) lie inside it. A network there whose points all lie west of 24.17 E is measured in SWEREF 99 TM; one
#: reaching farther east (most of Tornio, and Haparanda's eastern edge, in Sweden) lies outside SWEREF_AREA and gets
#: UTM zone 35. The time zone of such a region is not guessed from it (:mod:`raddsim.region.local_time`).
SWEDEN_OUTLINE = (
    (20.997, 68.906), (21.375, 68.775), (21.66, 68.655), (21.828, 68.611), (21.998, 68.548), (22.071, 68.492),
    (22.344, 68.485), (22.637, 68.437), (22.824, 68.393), (23.078, 68.306), (23.169, 68.25), (23.165, 68.14),
    (23.284, 68.166), (23.663, 67.962), (23.67, 67.928), (23.506, 67.838), (23.569, 67.621), (23.552, 67.579),
    (23.499, 67.54), (23.441, 67.467), (23.541, 67.468), (23.698, 67.453), (23.778, 67.432), (23.762, 67.388),
    (23.805, 67.291), (23.604, 67.261), (23.62, 67.205), (23.604, 67.15), (23.859, 66.965), (24.022, 66.811),
    (23.918, 66.731), (23.889, 66.573), (23.78, 66.494), (23.663, 66.449), (23.692, 66.385), (23.659, 66.316),
    (23.672, 66.289), (23.739, 66.199), (23.928, 66.166), (24.16, 65.878), (24.225, 65.426), (21.489, 63.628),
    (18.359, 62.4), (18.649, 61.214), (20.291, 59.304), (19.347, 56.404), (15.803, 55.707), (14.839, 55.55),
    (14.182, 55.027), (12.686, 55.148), (12.567, 55.439), (12.837, 55.618), (12.629, 55.928), (12.637, 56.042),
    (12.076, 56.289), (11.997, 56.593), (11.453, 57.344), (10.849, 58.018), (10.541, 58.646), (10.596, 58.895),
    (11.1, 59.003), (11.127, 59.076), (11.345, 59.125), (11.471, 58.996), (11.518, 58.891), (11.646, 58.919),
    (11.776, 59.223), (11.818, 59.242), (11.673, 59.59), (11.694, 59.62), (11.757, 59.645), (11.852, 59.656),
    (11.88, 59.696), (11.918, 59.703), (11.913, 59.786), (11.825, 59.842), (11.87, 59.871), (11.966, 59.905),
    (12.162, 59.898), (12.432, 60.04), (12.527, 60.183), (12.486, 60.324), (12.597, 60.406), (12.592, 60.515),
    (12.377, 60.733), (12.209, 61.018), (12.442, 61.058), (12.666, 61.063), (12.694, 61.143), (12.782, 61.204),
    (12.856, 61.353), (12.563, 61.562), (12.407, 61.558), (12.129, 61.717), (12.284, 62.265), (12.034, 62.591),
    (12.126, 62.749), (12.063, 62.892), (12.203, 63.015), (11.965, 63.271), (12.215, 63.484), (12.137, 63.596),
    (12.674, 63.976), (12.92, 64.061), (13.214, 64.1), (13.969, 64.023), (14.132, 64.192), (14.091, 64.47),
    (13.861, 64.506), (13.605, 64.577), (14.31, 65.12), (14.365, 65.252), (14.49, 65.314), (14.483, 65.51),
    (14.517, 65.682), (14.603, 65.816), (14.508, 66.134), (15.467, 66.282), (15.347, 66.481), (16.086, 66.952),
    (16.35, 67.038), (16.355, 67.222), (16.076, 67.435), (16.14, 67.522), (16.4, 67.537), (16.715, 67.904),
    (17.272, 68.124), (17.627, 68.057), (17.895, 67.975), (18.136, 68.199), (18.082, 68.403), (18.111, 68.539),
    (18.486, 68.603), (19.914, 68.365), (20.188, 68.487), (19.923, 68.556), (20.321, 68.803), (20.284, 68.923),
    (20.033, 69.05), (20.55, 69.066), (20.749, 69.051), (20.927, 68.971), (20.904, 68.945), (20.902, 68.914),
)


def metric_crs(lon: np.ndarray, lat: np.ndarray) -> str:
    """The projected CRS for metric work on points (a network's nodes): SWEREF 99 TM in Sweden, else UTM.

    SWEREF 99 TM when every point lies in its area of use (:data:`SWEREF_AREA`) and the points' median in
    Sweden (:data:`SWEDEN_OUTLINE`); otherwise the WGS84 UTM zone of the points' median (a region spans far
    less than a zone's 6° here), its longitude taken on the circle: a region across 180° (Fiji) is not
    measured at 0°.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    w, s, e, n = SWEREF_AREA
    if len(lon) == 0:
        return SWEREF
    if (lon.min() >= w and lon.max() <= e and lat.min() >= s and lat.max() <= n
            and in_sweden(float(np.median(lon)), float(np.median(lat)))):
        return SWEREF
    zone = int((_median_longitude(lon) + 180.0) // 6.0) % 60 + 1
    return f"EPSG:{(32600 if float(np.median(lat)) >= 0 else 32700) + zone}"


def _median_longitude(lon: np.ndarray) -> float:
    """The median of longitudes (degrees) measured from their circular mean, in [-180, 180).

    The plain median of 179.9 and −179.9 is 0, the far side of the Earth; as angles about their mean direction
    they are 0.2° apart around 180°. For points within 180° of their mean (any region) it is the plain median.
    """
    if float(lon.max() - lon.min()) <= 180.0:  # no wrap: the plain median, bit for bit
        return float(np.median(lon))
    rad = np.radians(lon)
    mean = float(np.degrees(np.arctan2(np.sin(rad).mean(), np.cos(rad).mean())))
    around = (lon - mean + 180.0) % 360.0 - 180.0 + mean  # each longitude within ±180° of the mean
    return (float(np.median(around)) + 180.0) % 360.0 - 180.0


def in_sweden(lon: float, lat: float) -> bool:
    """Whether a WGS84 point lies inside :data:`SWEDEN_OUTLINE` (ray casting; no geometry library at start-up).

    Parameters
    ----------
    lon, lat : float
        The point, degrees.

    Returns
    -------
    bool
        True inside the outline.
    """
    return bool(inside_sweden(np.array([lon], float), np.array([lat], float))[0])


def inside_sweden(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """:func:`in_sweden` of many points at once: per point, whether it lies inside :data:`SWEDEN_OUTLINE`.

    One pass per side of the outline, so a network of 50,000 nodes needs no points × sides matrix.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    xy = np.asarray(SWEDEN_OUTLINE, float)
    inside = np.zeros(lon.shape, bool)
    for (x0, y0), (x1, y1) in zip(xy, np.roll(xy, -1, axis=0)):
        crosses = (y0 > lat) != (y1 > lat)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
        inside ^= crosses & (lon < x_at)  # an odd number of crossings to the east: inside
    return inside


def crs_label(crs: str) -> str:
    """A CRS as maps name it: ``EPSG:3006 (SWEREF 99 TM)``, ``EPSG:32612 (WGS 84 / UTM zone 12N)``."""
    if crs == SWEREF:
        return "EPSG:3006 (SWEREF 99 TM)"
    code = crs.removeprefix("EPSG:")
    if code.isdigit() and int(code) // 100 in (326, 327):
        return f"{crs} (WGS 84 / UTM zone {int(code) % 100}{'N' if int(code) // 100 == 326 else 'S'})"
    return crs


def to_metric(lon: np.ndarray, lat: np.ndarray, crs: str = SWEREF, *,
              memo: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 lon/lat to metres in ``crs`` (a network's :attr:`Positions.crs`; pyproj).

    ``memo``: keep the result on disk (:mod:`raddsim.core.arraycache`) — for the few
    conversions every plain run makes (node positions, islands, holiday areas), so a run
    need not import pyproj; not for conversions in a loop (a map's coast rings), which
    would each write a file.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)

    def compute() -> dict[str, np.ndarray]:
        x, y = _transformer("EPSG:4326", crs).transform(lon, lat)
        return {"x": np.asarray(x, float), "y": np.asarray(y, float)}

    kind = "sweref" if crs == SWEREF else f"metric-{crs.replace(':', '')}"
    xy = cached_arrays(kind, [lon, lat], compute, libraries=("pyproj",)) if memo else compute()
    return np.array(xy["x"]), np.array(xy["y"])


def to_sweref(lon: np.ndarray, lat: np.ndarray, *, memo: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 lon/lat to SWEREF 99 TM (EPSG:3006) metres: :func:`to_metric` for Sweden."""
    return to_metric(lon, lat, SWEREF, memo=memo)


_TRANSFORMERS: dict[tuple[str, str], Any] = {}


def _transformer(src: str, dst: str):
    from pyproj import Transformer

    key = (src, dst)
    if key not in _TRANSFORMERS:
        _TRANSFORMERS[key] = Transformer.from_crs(src, dst, always_xy=True)
    return _TRANSFORMERS[key]


@dataclass
class Positions:
    """A network's node positions (m, in ``crs``: :func:`metric_crs`), shared by every options variant; the k-d
    tree when queried."""

    x: np.ndarray
    y: np.ndarray
    crs: str = SWEREF
    tree: "cKDTree | None" = None

    def nearest(self, px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distance (m) to and index of the nearest node of each point (metres in :attr:`crs`)."""
        if self.tree is None:
            from scipy.spatial import cKDTree

            self.tree = cKDTree(np.column_stack([self.x, self.y]))
        dist, idx = self.tree.query(np.column_stack([px, py]))
        return np.asarray(dist, float), np.asarray(idx, np.int64)


#: RoadData → its positions; weak, so they go with the data (and are never pickled with it).
_POSITIONS: "weakref.WeakKeyDictionary[RoadData, Positions]" = weakref.WeakKeyDictionary()


def positions(data: RoadData) -> Positions:
    """The positions of ``data``'s nodes (computed once per road data)."""
    cached = _POSITIONS.get(data)
    if cached is None:
        crs = metric_crs(data.lon, data.lat)
        cached = _POSITIONS[data] = Positions(*to_metric(data.lon, data.lat, crs, memo=True), crs=crs)
    return cached


def nearest_nodes(data: RoadData, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest node index and straight-line distance (m) of WGS84 points (memoised on disk)."""
    lon, lat = np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float))

    def compute() -> dict[str, np.ndarray]:
        here = positions(data)
        dist, idx = here.nearest(*to_metric(lon, lat, here.crs))
        return {"idx": idx, "dist": dist}

    hit = cached_arrays("nearest", [data.lon, data.lat, lon, lat], compute, libraries=("scipy", "pyproj"))
    return np.array(hit["idx"], np.int64), np.array(hit["dist"], float)


__all__ = ["SWEDEN_OUTLINE", "SWEREF", "SWEREF_AREA", "Positions", "crs_label", "in_sweden", "inside_sweden",
           "metric_crs", "nearest_nodes", "positions", "to_metric", "to_sweref"]
