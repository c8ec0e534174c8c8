"""The road classes (OSM ``highway`` values) raddsim drives on, and the check that a region file names only these.

A misspelt class in a speed factor, a class speed or a demand weight (``motorwy``, ``trak``) would
otherwise be kept and never matched: the road would silently drive at the default.
"""

from __future__ import annotations

from collections.abc import Iterable

from raddsim.region.config import Table, did_you_mean

#: OSM highway values an emergency vehicle may use (``raddsim.network.clean`` keeps only these).
DRIVABLE_HIGHWAYS = frozenset({
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
    "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service", "track", "road", "busway",
})
#: Every class a region file may name: the drivable roads and car ferries.
ROAD_CLASSES = DRIVABLE_HIGHWAYS | {"ferry"}


def check_road_classes(t: Table, keys: Iterable[str], field: str | None = None) -> None:
    """Refuse the first of ``keys`` that is not a road class, naming it (``field`` if given, else the key).

    Raises
    ------
    InputError
        With a did-you-mean hint and the list of classes.
    """
    for key in keys:
        if key not in ROAD_CLASSES:
            raise t.error(field or key, f"unknown road class '{key}'.{did_you_mean(key, sorted(ROAD_CLASSES))}",
                          fix=f"use an OSM highway class: {', '.join(sorted(ROAD_CLASSES))}.")
