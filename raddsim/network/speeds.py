"""Edge speeds and travel times.

Speeds come from the ``maxspeed`` tag where it is set (numbers, Sweden's
implicit values such as ``SE:urban``, lists and ranges), otherwise from the
road class. Ferries cost their crossing time plus an expected wait.

Sources
-------
* Swedish default limits: Trafikförordningen (1998:1276) 3 kap. 17 § — 50 km/h
  in built-up areas, 70 km/h elsewhere, 110 km/h on motorways (``SE:urban``,
  ``SE:rural``, ``SE:motorway`` in OSM's implicit-maxspeed table).
* Class fallbacks when no limit is tagged: ASSUMPTION, typical Swedish signed
  limits per OSM class (motorway 110, trunk 90, primary 80, secondary 70,
  tertiary 60, unclassified/residential 50/40).
"""

from __future__ import annotations

import re

import networkx as nx

#: Implicit maxspeed values (km/h). Source: Trafikförordningen 3 kap. 17 §, OSM wiki "Default speed limits".
IMPLICIT_MAXSPEED: dict[str, float] = {
    "se:urban": 50.0,
    "se:rural": 70.0,
    "se:motorway": 110.0,
    "se:trunk": 90.0,  # not a legal default; OSM mappers use it for 2+1 roads (assumption)
    "se:living_street": 7.0,  # gångfartsområde: walking pace (Trafikförordningen 8 kap. 2 §)
    "walk": 7.0,
}

#: Speed (km/h) by OSM highway class when no usable maxspeed is tagged (ASSUMPTION, see module doc).
HIGHWAY_SPEED_KMH: dict[str, float] = {
    "motorway": 110.0,
    "motorway_link": 70.0,
    "trunk": 90.0,
    "trunk_link": 60.0,
    "primary": 80.0,
    "primary_link": 50.0,
    "secondary": 70.0,
    "secondary_link": 50.0,
    "tertiary": 60.0,
    "tertiary_link": 40.0,
    "unclassified": 50.0,
    "residential": 40.0,
    "living_street": 7.0,
    "service": 30.0,
    "track": 20.0,
    "road": 50.0,
}
DEFAULT_SPEED_KMH = 50.0

_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?")


def parse_maxspeed(value: object) -> float | None:
    """Parse an OSM ``maxspeed`` value to km/h, or None when it cannot be used.

    Lists (``"50;70"``, or osmnx's Python lists after merging ways) and ranges
    (``"50-70"``) give the *lowest* value: an emergency vehicle's normal-driving
    baseline should not assume the faster of two limits.
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        speeds = [s for s in (parse_maxspeed(v) for v in value) if s is not None]
        return min(speeds) if speeds else None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    text = str(value).strip().lower()
    if not text:
        return None
    parts = re.split(r"[;|,]|(?<=\d)\s*-\s*(?=\d)", text)
    if len(parts) > 1:
        return parse_maxspeed(parts)
    if text in IMPLICIT_MAXSPEED:
        return IMPLICIT_MAXSPEED[text]
    m = _NUMBER.fullmatch(text)
    if not m:
        return None
    speed = float(m.group(1))
    if m.group(2) == "mph":
        speed *= 1.609344
    return speed if speed > 0 else None


def highway_class(value: object) -> str:
    """The first highway class of an edge (osmnx may merge several into a list)."""
    if isinstance(value, (list, tuple)):
        return str(value[0]) if value else "road"
    return str(value) if value else "road"


def parse_duration_s(value: object) -> float | None:
    """Parse an OSM ``duration`` (``"HH:MM"``, ``"HH:MM:SS"``, ``"MM"``) to seconds."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        vals = [d for d in (parse_duration_s(v) for v in value) if d is not None]
        return max(vals) if vals else None
    text = str(value).strip()
    try:
        parts = [float(p) for p in text.split(":")]
    except ValueError:
        return None
    if len(parts) == 1:
        return parts[0] * 60.0
    if len(parts) == 2:
        return parts[0] * 3600.0 + parts[1] * 60.0
    if len(parts) == 3:
        return parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]
    return None


def edge_speed_kmh(data: dict) -> float:
    """Legal speed of an edge in km/h: its maxspeed, else its class's default."""
    speed = parse_maxspeed(data.get("maxspeed"))
    if speed is None:
        speed = HIGHWAY_SPEED_KMH.get(highway_class(data.get("highway")), DEFAULT_SPEED_KMH)
    return speed


def is_ferry(data: dict) -> bool:
    return data.get("route") == "ferry" or data.get("ferry") not in (None, "no")


def add_travel_times(
    G: nx.MultiDiGraph,
    *,
    ferry_wait_s: float = 450.0,
    ferry_speed_kmh: float = 15.0,
) -> nx.MultiDiGraph:
    """Set ``speed_kph`` and ``travel_time`` (seconds) on every edge, in place.

    Parameters
    ----------
    G
        Graph with ``length`` (m) on every edge.
    ferry_wait_s
        Expected wait at a ferry berth. Default 7.5 min = half of an assumed
        15-minute headway (ASSUMPTION: daytime headway of Trafikverket's
        Furusund/Yxlan/Blidö ferries; the network issue refines this).
    ferry_speed_kmh
        Crossing speed used when a ferry has no ``duration`` tag (ASSUMPTION).
    """
    for _, _, data in G.edges(data=True):
        length = float(data.get("length", 0.0))
        if is_ferry(data):
            crossing = parse_duration_s(data.get("duration"))
            if crossing is None:
                crossing = length / (ferry_speed_kmh / 3.6)
            data["ferry"] = True
            data["speed_kph"] = 3.6 * length / crossing if crossing > 0 else ferry_speed_kmh
            data["travel_time"] = crossing + ferry_wait_s
        else:
            speed = edge_speed_kmh(data)
            data["speed_kph"] = speed
            data["travel_time"] = length / (speed / 3.6)
    return G
