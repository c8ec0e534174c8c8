"""What outputs say about the archipelago layer: that it is approximate, and what it holds."""

from __future__ import annotations

from typing import Any

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
