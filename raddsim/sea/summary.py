"""What outputs say about the archipelago layer: that it is approximate, and what it holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from raddsim.network.positions import SWEREF, to_metric

#: Shown wherever island figures are: the layer's positions, counts and boat speeds are assumed.
APPROXIMATE_NOTE = ("APPROXIMATE archipelago layer: island positions, residents and holiday homes, launch points "
                    "and boat speeds are assumptions (networks/ARCHIPELAGO.md)")


def archipelago_meta(setups: Any) -> dict[str, Any] | None:
    """The JSON block ``network.archipelago`` from the region's scenarios (None when none has islands)."""
    sea = next((s.sea for s in setups if s.sea is not None and s.sea.islands), None)
    if sea is None:
        return None
    return {
        "approximate": True,
        "note": APPROXIMATE_NOTE,
        "islands": len(sea.islands),
        "permanent_residents": sum(i.permanent for i in sea.islands),
        "holiday_homes": sum(i.holiday_homes for i in sea.islands),
        "launch_points": len(sea.launches),
        "boat_speeds_kmh": {b.id: round(b.speed_kmh, 2) for b in sea.boats.values()},
        "detour": sea.detour,
        "file": sea.file,
    }


@dataclass(frozen=True)
class IslandMark:
    """An island on a coverage map: where it is (m, metric CRS), expected minutes by boat with every crew free."""

    name: str
    x: float
    y: float
    first_minutes: float
    effective_minutes: float | None = None
    #: The first crew's own travel (drive and boat, without its turnout): only with a travel target.
    travel_minutes: float | None = None
    #: The island's position in WGS84 (``coverage.json``'s ``islands_by_boat``).
    lon: float = float("nan")
    lat: float = float("nan")


def first_island_column(prep: Any) -> int:
    """The first island column of a prepared scenario's travel tables: the islands' columns follow its road nodes
    (island ``k``'s alarms are at column ``first + k``); the table's width when it has no islands."""
    sea = prep.setup.sea
    return prep.tables.to_node.shape[1] - (len(sea.islands) if sea is not None else 0)


def island_xy(setup: Any, crs: str = SWEREF) -> tuple[np.ndarray, np.ndarray]:
    """The scenario's islands' positions in ``crs`` (the network's metric CRS), in the islands' order."""
    islands = setup.sea.islands if setup.sea is not None else ()
    return to_metric(np.array([i.lon for i in islands]), np.array([i.lat for i in islands]), crs, memo=True)


def island_marks(setup: Any, n_road: int, first_s: np.ndarray, force_s: np.ndarray | None,
                 crs: str = SWEREF, travel_s: np.ndarray | None = None) -> tuple[IslandMark, ...]:
    """The scenario's islands with their expected first-crew (and force, and the first crew's own travel) minutes
    from the island columns (x/y in ``crs``, the network's metric CRS); a figure given as None stays None."""
    sea = setup.sea
    if sea is None or not sea.islands:
        return ()
    x, y = island_xy(setup, crs)

    def minutes(seconds: np.ndarray | None) -> list[float | None]:
        return [None] * len(sea.islands) if seconds is None else [float(v) for v in np.asarray(seconds)[n_road:] / 60.0]

    return tuple(IslandMark(i.name, float(xx), float(yy), float(f), e, tr, float(i.lon), float(i.lat))
                 for i, xx, yy, f, e, tr in
                 zip(sea.islands, x, y, np.asarray(first_s)[n_road:] / 60.0, minutes(force_s), minutes(travel_s)))
