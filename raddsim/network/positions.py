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


def metric_crs(lon: np.ndarray, lat: np.ndarray) -> str:
    """The projected CRS for metric work on points (a network's nodes): SWEREF 99 TM in Sweden, else UTM.

    SWEREF 99 TM when every point lies in its area of use (:data:`SWEREF_AREA`); otherwise the
    WGS84 UTM zone of the points' median (a region spans far less than a zone's 6° here).
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    w, s, e, n = SWEREF_AREA
    if len(lon) == 0 or (lon.min() >= w and lon.max() <= e and lat.min() >= s and lat.max() <= n):
        return SWEREF
    zone = int((float(np.median(lon)) + 180.0) // 6.0) % 60 + 1
    return f"EPSG:{(32600 if float(np.median(lat)) >= 0 else 32700) + zone}"


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


__all__ = ["SWEREF", "SWEREF_AREA", "Positions", "crs_label", "metric_crs", "nearest_nodes", "positions", "to_metric",
           "to_sweref"]
