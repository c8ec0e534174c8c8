"""Boat travel: from a station by road to a launch point, over the water, ashore to the scene.

The second travel mode is straight-line distance × a documented detour factor at a
boat type's mean speed (no sea graph). For one (station, vehicle, boat) row the time to
an island is the best over the station's launch points of

    drive to the launch point + launch + crossing + landing + walk to the scene

and the way back is the same legs in reverse (walk, landing, crossing, taking the
boat up again, drive home). The dispatcher adds the crew's turnout, so the expected
arrival it ranks crews by is turnout + drive + launch + crossing + landing + walk.
"""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance (km) between points (broadcasting)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def crossing_s(distance_km: np.ndarray, detour: np.ndarray, speed_kmh: float) -> np.ndarray:
    """Time (s) to cross ``distance_km`` (straight line) × ``detour`` at ``speed_kmh``."""
    return np.asarray(distance_km, float) * np.asarray(detour, float) / speed_kmh * 3600.0


def island_times(road_s: np.ndarray, launch_s: np.ndarray, sea_km: np.ndarray, detour: np.ndarray,
                 speed_kmh: float, ashore_s: np.ndarray) -> np.ndarray:
    """Best time (s) over launch points from a station to each island (or back, with the legs reversed).

    Parameters
    ----------
    road_s
        Drive between the station and each launch point (launches,); ``inf`` where there is no road.
    launch_s
        Launching (or taking up) the boat at each launch point (launches,).
    sea_km
        Straight-line distance by sea from each launch point to each island's scene (launches × islands).
    detour
        Sea route / straight line from each launch point (launches,).
    speed_kmh
        The boat's mean speed.
    ashore_s
        Landing and walking to the scene on each island (islands,).

    Returns
    -------
    numpy.ndarray
        Seconds per island; ``inf`` when no launch point is reachable.
    """
    if len(road_s) == 0:
        return np.full(np.shape(sea_km)[1] if np.ndim(sea_km) == 2 else 0, np.inf)
    legs = (np.asarray(road_s, float) + np.asarray(launch_s, float))[:, None] \
        + crossing_s(sea_km, np.asarray(detour, float)[:, None], speed_kmh)
    return legs.min(axis=0) + np.asarray(ashore_s, float)
