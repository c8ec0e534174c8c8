"""Which OSM ways a fire engine can use: one rule for every OSM source.

OSM files (XML, PBF) and downloads contain footways, cycleways, closed roads
and passenger-only ferries. :func:`clean_graph` keeps what an emergency
vehicle can drive on, the same way for every source, and reports what it
dropped.

Kept
----
* Highway classes in :data:`DRIVABLE_HIGHWAYS` — including the small roads
  holiday homes are reached by: ``unclassified``, ``residential``,
  ``service`` (driveways too), ``track`` (forest/farm roads) and ``road``.
* ``access``/``vehicle``/``motor_vehicle``/``motorcar`` = ``private``,
  ``destination``, ``agricultural``, ``forestry``, ``permissive`` …: ASSUMPTION
  that a rescue vehicle may use private roads ("enskild väg") and forest roads
  to reach a call; only an explicit ``no`` closes a way (the most specific of
  ``motorcar`` > ``motor_vehicle`` > ``vehicle`` > ``access`` decides, as in OSM).
* Tracks of ``tracktype`` grade1–grade3 or untagged (ASSUMPTION: grade4/grade5
  are soft earth/grass, not passable for a heavy appliance).
* Ferries (``route=ferry``) that carry cars: ``motor_vehicle``/``motorcar``/
  ``vehicle``/``hgv`` = ``yes`` (or ``designated``). Ferries without such a
  tag are dropped and counted: the archipelago has many passenger-only boats,
  and wrongly connecting an island by road is worse than reporting it unreachable.

Dropped
-------
Everything else with a highway tag (footway, path, cycleway, steps, pedestrian,
bridleway, construction, proposed, platform, raceway …), ``area=yes``, and
ways without ``highway`` or ``route=ferry``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping

import networkx as nx

from raddsim.network.road_classes import DRIVABLE_HIGHWAYS

#: Access values that close a way to an emergency vehicle.
CLOSED = frozenset({"no"})
#: Access values that open a way (for the car-ferry check).
OPEN = frozenset({"yes", "designated", "permissive", "destination"})
ACCESS_KEYS = ("motorcar", "motor_vehicle", "vehicle", "access")  # most specific first
CAR_FERRY_KEYS = ("motorcar", "motor_vehicle", "vehicle", "hgv")
PASSABLE_TRACKTYPES = frozenset({"grade1", "grade2", "grade3"})

#: The OSM way tags the loaders must keep for this module and the speed model.
WAY_TAGS = ("highway", "access", "vehicle", "motor_vehicle", "motorcar", "hgv", "tracktype", "area", "service",
            "route", "duration", "ferry", "maxspeed", "maxspeed:type", "source:maxspeed", "zone:maxspeed",
            "oneway", "junction", "name", "ref", "raddsim:outside")


def _values(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for v in value:
            out += _values(v)
        return out
    return [p.strip().lower() for p in str(value).split(";") if p.strip()]


def closed_to_vehicles(tags: Mapping[str, Any]) -> bool:
    """True when the most specific access tag present says ``no``."""
    for key in ACCESS_KEYS:
        vals = _values(tags.get(key))
        if vals:
            return all(v in CLOSED for v in vals)
    return False


def carries_cars(tags: Mapping[str, Any]) -> bool:
    """True for a ferry explicitly open to motor vehicles."""
    return any(v in OPEN for key in CAR_FERRY_KEYS for v in _values(tags.get(key)))


def way_verdict(tags: Mapping[str, Any]) -> str:
    """``"road"``, ``"ferry"`` or the reason the way is dropped."""
    if "ferry" in _values(tags.get("route")):
        return "ferry" if carries_cars(tags) else "passenger-only ferry"
    classes = _values(tags.get("highway"))
    if not classes:
        return "no highway tag"
    if "yes" in _values(tags.get("area")):
        return "area"
    if not any(c in DRIVABLE_HIGHWAYS for c in classes):
        return f"highway={classes[0]}"
    if closed_to_vehicles(tags):
        return "closed to motor vehicles"
    grades = _values(tags.get("tracktype"))
    if "track" in classes and grades and not any(g in PASSABLE_TRACKTYPES for g in grades):
        return f"track {grades[0]}"
    return "road"


def clean_graph(G: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, dict[str, int]]:
    """Keep the drivable roads and car ferries of an OSM graph (see module doc), in place.

    Returns
    -------
    (graph, dropped)
        The graph without the dropped edges and the nodes left without edges,
        and the number of dropped OSM ways per reason.
    """
    ways: dict[str, set] = {}
    remove = []
    for u, v, k, d in G.edges(keys=True, data=True):
        verdict = way_verdict(d)
        if verdict not in ("road", "ferry"):
            ways.setdefault(verdict, set()).add(str(d.get("osmid", (u, v, k))))
            remove.append((u, v, k))
    dropped = Counter({r: len(w) for r, w in ways.items()})
    G.remove_edges_from(remove)
    G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    return G, dict(sorted(dropped.items(), key=lambda kv: -kv[1]))


def dropped_text(dropped: Mapping[str, int]) -> str:
    """The ways cleaning dropped, by reason: ``highway=footway ×53, passenger-only ferry ×2``."""
    return ", ".join(f"{k} ×{v}" for k, v in dropped.items())


def simplify(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Merge chains of edges between junctions (osmnx), never across a change of class, limit or ferry."""
    import osmnx as ox

    if G.graph.get("simplified"):
        return G
    G.graph.setdefault("crs", "EPSG:4326")
    return ox.simplify_graph(G, edge_attrs_differ=["route", "highway", "maxspeed", "raddsim:outside"])


__all__ = ["DRIVABLE_HIGHWAYS", "WAY_TAGS", "clean_graph", "closed_to_vehicles", "carries_cars", "dropped_text",
           "simplify", "way_verdict"]
