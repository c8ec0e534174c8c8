"""Node positions in SWEREF 99 TM and nearest-node queries, without pyproj or scipy once computed.

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


def to_sweref(lon: np.ndarray, lat: np.ndarray, *, memo: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 lon/lat to SWEREF 99 TM (EPSG:3006) metres (pyproj).

    ``memo``: keep the result on disk (:mod:`raddsim.core.arraycache`) — for the few
    conversions every plain run makes (node positions, islands, holiday areas), so a run
    need not import pyproj; not for conversions in a loop (a map's coast rings), which
    would each write a file.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)

    def compute() -> dict[str, np.ndarray]:
        x, y = _transformer("EPSG:4326", "EPSG:3006").transform(lon, lat)
        return {"x": np.asarray(x, float), "y": np.asarray(y, float)}

    xy = cached_arrays("sweref", [lon, lat], compute, libraries=("pyproj",)) if memo else compute()
    return np.array(xy["x"]), np.array(xy["y"])


_TRANSFORMERS: dict[tuple[str, str], Any] = {}


def _transformer(src: str, dst: str):
    from pyproj import Transformer

    key = (src, dst)
    if key not in _TRANSFORMERS:
        _TRANSFORMERS[key] = Transformer.from_crs(src, dst, always_xy=True)
    return _TRANSFORMERS[key]


@dataclass
class Positions:
    """A network's node positions (SWEREF 99 TM), shared by every options variant; the k-d tree when queried."""

    x: np.ndarray
    y: np.ndarray
    tree: "cKDTree | None" = None

    def nearest(self, px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distance (m) to and index of the nearest node of each point (SWEREF 99 TM)."""
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
        cached = _POSITIONS[data] = Positions(*to_sweref(data.lon, data.lat, memo=True))
    return cached


def nearest_nodes(data: RoadData, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest node index and straight-line distance (m) of WGS84 points (memoised on disk)."""
    lon, lat = np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float))

    def compute() -> dict[str, np.ndarray]:
        dist, idx = positions(data).nearest(*to_sweref(lon, lat))
        return {"idx": idx, "dist": dist}

    hit = cached_arrays("nearest", [data.lon, data.lat, lon, lat], compute, libraries=("scipy", "pyproj"))
    return np.array(hit["idx"], np.int64), np.array(hit["dist"], float)


__all__ = ["Positions", "nearest_nodes", "positions", "to_sweref"]
