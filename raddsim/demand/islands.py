"""Demand on islands without road access: one point per island of the archipelago layer.

An island's point has the island's permanent residents as its weight and its holiday
homes × persons per home as its holiday population, so the island's share of alarms
follows the season exactly as the holiday areas on the mainland do (occupancy by month,
``[demand.holiday_homes]``). Its node is the island's column in the travel tables
(``n_road + k`` for island ``k``, see :mod:`raddsim.sea.tables`): it is never snapped to
a road. Incident types placed on roads or at alarm objects never fall on an island
(no traffic on roads the network lacks, no alarm objects out there: ASSUMPTION).
"""

from __future__ import annotations

import numpy as np

from raddsim.demand.points import DemandPoints
from raddsim.demand.spec import DemandSpec


def island_points(spec: DemandSpec, n_road: int) -> DemandPoints:
    """The islands of ``spec.islands`` as demand points on columns ``n_road``, ``n_road + 1``, …"""
    isl = spec.islands
    n = len(isl)
    return DemandPoints(
        node=np.arange(n_road, n_road + n, dtype=np.int64),
        weight=np.array([i.permanent for i in isl], float),
        radius_m=np.zeros(n),
        name=np.array([i.name for i in isl], dtype=object),
        snap_m=np.zeros(n),
        holiday=np.array([i.holiday_homes for i in isl], float) * spec.holiday.persons_per_home,
        sea=np.ones(n, bool),
    )


def with_island_points(roads: DemandPoints, spec: DemandSpec, n_road: int) -> DemandPoints:
    """``roads`` followed by the island points (``roads`` itself when the spec has no islands)."""
    if not spec.islands:
        return roads
    isl = island_points(spec, n_road)
    cat = {f: np.concatenate([getattr(roads, f), getattr(isl, f)])
           for f in ("node", "weight", "radius_m", "name", "snap_m", "holiday", "road", "island", "objects", "sea")}
    return DemandPoints(**cat)


def island_of(lon: np.ndarray, lat: np.ndarray, islands: tuple, road_m: np.ndarray) -> np.ndarray:
    """The island (index into ``islands``) a located alarm is on, or -1 (e.g. replayed alarms).

    An alarm is on an island when it lies within the island's reach of its centre and nearer the island
    than the nearest road node (``road_m``). Reach: ASSUMPTION max(1.5 × walk_km, 1.5 × shore_km, 1 km) — the
    layer gives mean distances, not outlines.
    """
    from raddsim.sea.crossing import haversine_km

    out = np.full(len(lon), -1, np.int64)
    if not islands or not len(lon):
        return out
    c = np.array([[i.lat, i.lon, max(1.5 * i.walk_km, 1.5 * i.shore_km, 1.0)] for i in islands])
    km = haversine_km(np.asarray(lat, float)[:, None], np.asarray(lon, float)[:, None], c[None, :, 0], c[None, :, 1])
    best = np.argmin(km, axis=1)
    d = km[np.arange(len(lon)), best]
    on = (d <= c[best, 2]) & (d * 1000.0 < np.asarray(road_m, float))
    out[on] = best[on]
    return out
