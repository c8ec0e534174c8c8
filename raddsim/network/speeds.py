"""Edge speeds: legal (normal-driving) speeds and the emergency-driving model.

Legal speed
-----------
From the ``maxspeed`` tag where it is set (numbers, Sweden's implicit values
such as ``SE:urban``, lists and ranges), else from ``maxspeed:type`` /
``source:maxspeed`` / ``zone:maxspeed`` (``SE:urban``, ``SE:30``), else from the
road class (:data:`HIGHWAY_SPEED_KMH`, overridable in ``[network.speeds]``).

Other countries' implicit values (``DE:rural``, ``FI:urban``, ``BE-VLG:rural``) are
not built in: raddsim has no sourced table of them. The road data keeps such a value
per edge (:func:`implicit_value`), a region states its limits in
``[network.speeds.implicit]`` (``"DE:rural" = 100``; the source is the country's
traffic law, or the OSM wiki page "Default speed limits"), and the network warns
once, naming each value it cannot translate and on how many edges, before those
edges drive at their road class's speed (:func:`untranslated_implicit`).

``maxspeed=none`` (no limit: a German Autobahn) has no number to drive at either: such a
road drives at its class's speed, which is right only as a fallback. The same warning names
it, unless the region sets that class's speed itself (``[network.speeds] motorway = 130``).

* Swedish default limits: Trafikförordningen (1998:1276) 3 kap. 17 § — 50 km/h
  in built-up areas, 70 km/h elsewhere, 110 km/h on motorways (``SE:urban``,
  ``SE:rural``, ``SE:motorway`` in OSM's implicit-maxspeed table).
* Class fallbacks when no limit is tagged: ASSUMPTION, typical Swedish signed
  limits per OSM class (motorway 110, trunk 90, primary 80, secondary 70,
  tertiary 60, unclassified 50, residential 40, service 30, track 20).

Emergency driving (blue light, "utryckning")
--------------------------------------------
A rescue crew on an emergency call may exceed the limit (Trafikförordningen
11 kap., with due care). With ``[network.blue_light] enabled = true`` (off by
default, so a region's calibrated figures do not shift unannounced) raddsim
drives each edge at ``min(legal × factor(class), max(legal, max_speed_kmh))``
on the way out; crews drive home at legal speeds. A factor below 1 (a heavy vehicle's
``[network.vehicles]`` factor for narrow roads and tracks) is what the vehicle can do on that road, not
an emergency-driving gain: it slows the way home too, so no crew drives home faster than it drove out.

*Source of the size of the effect*: Petzäll, Petzäll, Jansson & Nordström (2011),
"Time saved with high speed driving of ambulances", Accident Analysis &
Prevention 43(3): emergency driving saved on average 2.9 min in town and
8.9 min in the countryside compared with normal driving over the same routes.

*Derivation*: a speed factor ``f`` turns a normal-driving time ``T`` into
``T/f``, saving ``s = T (1 − 1/f)``, so ``f = T / (T − s)``. The study reports
the savings; the normal-driving trip times are not reproduced here, so they are
an ASSUMPTION: about 15 min in town and 40 min in the countryside give
``f ≈ 15/12.1 = 1.24`` and ``f ≈ 40/31.1 = 1.29``. raddsim's baseline is the
free-flow legal speed, already a little faster than real normal driving
(no junction or queue delays), so the defaults are rounded down: 1.25 on
rural main roads (primary/secondary/tertiary), 1.20 on unclassified and
residential streets and links.

*Cross-check* on the default Norrtälje network (2026-11): trips of 20–50 km
from Norrtälje station (29 min on average at legal speeds) are 5.3 min
faster with these factors, trips within 5 km (3 min) 0.4 min faster — below
the study's 8.9 and 2.9 min, so the defaults are on the conservative side
(the study's town routes were longer and had junction delays to save).

Further ASSUMPTIONS, not from the study (which measured ambulances, lighter
than fire engines): 1.10 on motorways/trunk roads and service roads, where a
heavy appliance is near its top speed or the road is narrow; 1.0 on tracks and
living streets; emergency speeds capped at 120 km/h (a loaded heavy rescue
appliance). All factors are configurable (``[network.blue_light]``); the
optional slow first/last stretch models leaving the station and finding the
address (off by default, because the demand model already drives the last
stretch off the network at low speed).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping

import numpy as np

if TYPE_CHECKING:  # networkx is imported only where a graph is built (not for a plain run)
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
    "busway": 50.0,
    "road": 50.0,
}
#: A class missing from the table above (ASSUMPTION, hard-wired: Sweden's urban default limit; plausible 30–70).
DEFAULT_SPEED_KMH = 50.0

#: Tags that state an implicit limit when ``maxspeed`` itself is missing.
MAXSPEED_FALLBACK_TAGS = ("maxspeed:type", "source:maxspeed", "zone:maxspeed")

_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?")
_ZONE = re.compile(r"^[a-z]{2}:(\d+(?:\.\d+)?)$")
#: OSM ``maxspeed`` words that state no number on purpose (``signals``: variable signs), lower-cased: no
#: warning, the road drives at its class's speed.
NO_NUMBER_MAXSPEEDS = frozenset({"none", "signals", "variable", "unknown", "nan"})
#: ``maxspeed=none``: the road has no speed limit (kept per edge like an implicit value; the road class's speed
#: applies, and the warning names it unless the region sets that class's speed).
NO_LIMIT = "none"

#: An implicit maxspeed value: a country code (ISO 3166-1, optionally with a subdivision: ``BE-VLG``), a colon
#: and a word (``rural``, ``urban``, ``motorway``, ``zone30``, ``nsl_single``), lower-cased.
IMPLICIT_SHAPE = re.compile(r"^[a-z]{2}(?:-[a-z0-9]{1,3})?:[a-z][a-z0-9_:.]*$")


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
        return float(value) if value > 0 and value == value else None
    text = str(value).strip().lower()
    if not text:
        return None
    parts = re.split(r"[;|,]|(?<=\d)\s*-\s*(?=\d)", text)
    if len(parts) > 1:
        return parse_maxspeed(parts)
    if text in IMPLICIT_MAXSPEED:
        return IMPLICIT_MAXSPEED[text]
    zone = _ZONE.match(text)  # zone:maxspeed=SE:30
    if zone:
        return float(zone.group(1))
    m = _NUMBER.fullmatch(text)
    if not m:
        return None
    speed = float(m.group(1))
    if m.group(2) == "mph":
        speed *= 1.609344
    return speed if speed > 0 else None


def tagged_speed_kmh(data: Mapping) -> float | None:
    """The limit an edge's tags state: ``maxspeed``, else an implicit-limit tag; None if none."""
    speed = parse_maxspeed(data.get("maxspeed"))
    if speed is None:
        for key in MAXSPEED_FALLBACK_TAGS:
            speed = parse_maxspeed(data.get(key))
            if speed is not None:
                break
    return speed


def _implicit_parts(value: object) -> list[str]:
    """The implicit-shaped values of one tag (lists and ``;``-separated values split), lower-cased."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [p for v in value for p in _implicit_parts(v)]
    parts = (p.strip().lower() for p in re.split(r"[;|,]", str(value)))
    return [p for p in parts if p == NO_LIMIT or (IMPLICIT_SHAPE.match(p) and p not in IMPLICIT_MAXSPEED)]


def implicit_value(data: Mapping) -> str:
    """The implicit limit raddsim does not translate itself that an edge's tags state (``"de:rural"``), or ``""``.

    Only for an edge without a usable limit (:func:`tagged_speed_kmh` is None): the
    first of ``maxspeed`` and the implicit-limit tags that holds such values; several
    values (merged ways) are kept ``;``-joined, and the lowest translated one counts.
    """
    if tagged_speed_kmh(data) is not None:
        return ""
    for key in ("maxspeed", *MAXSPEED_FALLBACK_TAGS):
        parts = _implicit_parts(data.get(key))
        if parts:
            return ";".join(dict.fromkeys(parts))
    return ""


def implicit_speed_kmh(implicit: np.ndarray, table: Mapping[str, float]) -> np.ndarray:
    """Speed of each edge's implicit value under ``table`` (lower-case keys); NaN where any part is not in it.

    ``none`` (no limit) states no speed: it is left out of a merged value, and alone it is NaN (the class speed)."""
    values, inverse = np.unique(np.asarray(implicit, dtype=str), return_inverse=True)
    speeds = []
    for v in values.tolist():
        parts = [p for p in v.split(";") if p and p != NO_LIMIT]
        known = [table[p] for p in parts if p in table]
        speeds.append(min(known) if parts and len(known) == len(parts) else np.nan)
    return np.asarray(speeds, float)[inverse] if len(values) else np.full(len(inverse), np.nan)


def untranslated_implicit(implicit: np.ndarray, table: Mapping[str, float], highway: np.ndarray | None = None,
                          class_speeds: Mapping[str, float] | None = None) -> dict[str, int]:
    """Each implicit value neither built in nor in ``table``, with the number of edges holding it (most first).

    ``none`` (no limit) is counted too, on edges whose class (``highway``, per edge) the region's ``class_speeds``
    (``[network.speeds]``) leave at the built-in speed: where the region set the class's speed, it has said what
    an unlimited road of that class drives at.
    """
    implicit = np.asarray(implicit, dtype=str)
    if highway is not None and class_speeds:
        said = np.isin(np.asarray(highway, dtype=str), list(class_speeds)) & (np.char.find(implicit, NO_LIMIT) >= 0)
        implicit = implicit.copy()
        implicit[said] = [";".join(p for p in v.split(";") if p != NO_LIMIT) for v in implicit[said].tolist()]
    values, counts = np.unique(implicit[implicit != ""], return_counts=True)  # most networks: none, no sorting
    found: dict[str, int] = {}
    for v, n in zip(values.tolist(), counts.tolist()):
        for p in dict.fromkeys(q for q in v.split(";") if q and q not in table):
            found[p] = found.get(p, 0) + int(n)
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def unread_maxspeed(value: object) -> str:
    """An edge's ``maxspeed`` as written when raddsim cannot read it at all (``"abc"``, ``"fast"``), else ``""``.

    Not unread: a number or a list of them, an implicit value (translated or for the region's
    ``[network.speeds.implicit]``) and the words of :data:`NO_NUMBER_MAXSPEEDS`. A list (merged ways) is unread
    only when none of its parts is read.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (list, tuple)):
        parts = [unread_maxspeed(v) for v in value]
        return ";".join(p for p in parts if p) if all(parts) else ""
    text = str(value).strip()
    if not text or parse_maxspeed(text) is not None or _implicit_parts(text):
        return ""
    return "" if text.lower() in NO_NUMBER_MAXSPEEDS else text


def unread_message(counts: Mapping[str, int], file: object = None, shown: int = 5) -> str:
    """The one warning naming the ``maxspeed`` values raddsim cannot read (:func:`unread_maxspeed`), most first."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    listed = ", ".join(f"'{v}' on {n:,} edge{'s' if n != 1 else ''}" for v, n in ranked[:shown])
    more = f" and {len(ranked) - shown} more" if len(ranked) > shown else ""
    return (f"{f'{file}: ' if file else ''}maxspeed values raddsim cannot read: {listed}{more}. Their roads drive "
            "at the road-class speeds of [network.speeds]. Fix: correct their maxspeed tags (km/h, e.g. 70, or an "
            "OSM value such as '30 mph' or 'SE:rural'; in OpenStreetMap, then fetch again), or set the class "
            "speeds in the region file's [network.speeds].")


def untranslated_message(counts: Mapping[str, int], file: object = None) -> str:
    """The one warning naming the implicit values raddsim cannot translate (see :func:`untranslated_implicit`),
    and the roads tagged ``maxspeed=none`` (no limit)."""
    def shown(value: str) -> str:  # as OSM writes it: "de:rural" → "DE:rural"
        country, _, kind = value.partition(":")
        return f"{country.upper()}:{kind}"

    def edges(n: int) -> str:
        return f"{n:,} edge{'s' if n != 1 else ''}"

    where = f"{file}: " if file else ""
    implicit = {v: n for v, n in counts.items() if v != NO_LIMIT}
    text = []
    if implicit:
        listed = ", ".join(f"{shown(v)} on {edges(n)}" for v, n in implicit.items())
        text.append(f"implicit speed limits raddsim does not know: {listed}. Their roads use the road-class speeds "
                    "of [network.speeds]. Fix: give their limits in km/h in the region file's "
                    f"[network.speeds.implicit] (e.g. \"{shown(next(iter(implicit)))}\" = <km/h>), from the "
                    "country's traffic law or the OSM wiki page \"Default speed limits\".")
    if NO_LIMIT in counts:
        text.append(f"maxspeed=none (no speed limit) on {edges(counts[NO_LIMIT])}: their roads use the road-class "
                    f"speeds of [network.speeds] (motorway {HIGHWAY_SPEED_KMH['motorway']:g} km/h unless the region "
                    "sets it). Fix: set the speed driven on them per road class in the region file's "
                    "[network.speeds] (e.g. motorway = 130).")
    return where + " ".join(text)


def highway_class(value: object) -> str:
    """The first highway class of an edge (osmnx may merge several into a list)."""
    if isinstance(value, (list, tuple)):
        return str(value[0]) if value else "road"
    if value is None or (isinstance(value, float) and value != value):
        return "road"
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
    if any(p != p or p < 0 for p in parts):
        return None
    if len(parts) == 1:
        return parts[0] * 60.0
    if len(parts) == 2:
        return parts[0] * 3600.0 + parts[1] * 60.0
    if len(parts) == 3:
        return parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]
    return None


def class_speed_kmh(highway: str, class_speeds: Mapping[str, float] | None = None) -> float:
    """Fallback speed of a road class (``class_speeds`` overrides the built-in table)."""
    if class_speeds and highway in class_speeds:
        return float(class_speeds[highway])
    return HIGHWAY_SPEED_KMH.get(highway, DEFAULT_SPEED_KMH)


def edge_speed_kmh(data: dict, implicit_speeds: Mapping[str, float] | None = None) -> float:
    """Legal speed of an edge in km/h: its tagged limit, else its implicit value's in ``implicit_speeds``
    (lower-case keys, as :class:`~raddsim.network.options.NetworkOptions` holds them), else its class's default."""
    speed = tagged_speed_kmh(data)
    if speed is None and implicit_speeds:
        found = float(implicit_speed_kmh(np.array([implicit_value(data)]), implicit_speeds)[0])
        speed = found if np.isfinite(found) else None
    return speed if speed is not None else class_speed_kmh(highway_class(data.get("highway")))


def is_ferry(data: Mapping) -> bool:
    """True for ferry edges (``route=ferry``, possibly merged into a list by osmnx)."""
    route = data.get("route")
    if isinstance(route, (list, tuple)):
        return "ferry" in route
    return route == "ferry" or data.get("ferry") is True or data.get("highway") == "ferry"


# ----------------------------------------------------------------------------- arrays


def legal_speed_kmh(tagged_kmh: np.ndarray, highway: np.ndarray,
                    class_speeds: Mapping[str, float] | None = None, implicit: np.ndarray | None = None,
                    implicit_speeds: Mapping[str, float] | None = None) -> np.ndarray:
    """Legal speed per edge: the tagged limit where finite, else its implicit value's, else the class default."""
    tagged_kmh = np.asarray(tagged_kmh, float)
    out = tagged_kmh.copy()
    if implicit is not None and implicit_speeds:
        gap = ~np.isfinite(out) & (np.asarray(implicit, dtype=str) != "")
        out[gap] = implicit_speed_kmh(np.asarray(implicit)[gap], implicit_speeds)
    missing = ~np.isfinite(out)
    if missing.any():
        classes, inverse = np.unique(np.asarray(highway)[missing], return_inverse=True)
        out[missing] = np.array([class_speed_kmh(str(c), class_speeds) for c in classes])[inverse]
    return out


def blue_light_factor(highway: np.ndarray, factors: Mapping[str, float], default: float) -> np.ndarray:
    """Emergency-driving speed factor of each edge's road class."""
    classes, inverse = np.unique(np.asarray(highway), return_inverse=True)
    return np.array([factors.get(str(c), default) for c in classes], float)[inverse]


def emergency_speed_kmh(normal_kmh: np.ndarray, factor: np.ndarray, max_speed_kmh: float) -> np.ndarray:
    """``normal × factor``, capped at ``max_speed_kmh`` but never slower than normal driving."""
    normal_kmh = np.asarray(normal_kmh, float)
    return np.minimum(normal_kmh * factor, np.maximum(normal_kmh, max_speed_kmh))


def add_travel_times(
    G: nx.MultiDiGraph,
    *,
    ferry_wait_s: float = 450.0,
    ferry_speed_kmh: float = 15.0,
    implicit_speeds: Mapping[str, float] | None = None,
) -> nx.MultiDiGraph:
    """Set legal-speed ``speed_kph`` and ``travel_time`` (seconds) on every edge of a graph, in place.

    A convenience for graphs handled outside raddsim (e.g. before saving as
    GraphML); :class:`raddsim.network.RoadNetwork` computes its own times from
    :class:`raddsim.network.options.NetworkOptions`.

    Parameters
    ----------
    G
        Graph with ``length`` (m) on every edge.
    ferry_wait_s
        Expected wait at a ferry berth (default half of a 15-minute headway, ASSUMPTION).
    ferry_speed_kmh
        Crossing speed used when a ferry has no ``duration`` tag (ASSUMPTION).
    implicit_speeds
        km/h of implicit limits raddsim does not know (``{"de:rural": 100.0}``, lower-case).
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
            speed = edge_speed_kmh(data, implicit_speeds)
            data["speed_kph"] = speed
            data["travel_time"] = length / (speed / 3.6)
    return G
