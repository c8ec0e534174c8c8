"""Road changes a scenario makes: roads added (e.g. a planned road) or removed (e.g. a closed road).

``[network.roads]`` in a region or scenario::

    [scenarios.rv77-ledinge.network.roads]
    remove = ["Riksväg 77 Finsta"]           # every edge whose name contains this (case-insensitive)
    [scenarios.rv77-ledinge.network.roads.add."Riksväg 77 Eknäs–Ledinge (planned)"]
    highway = "primary"
    maxspeed_kmh = 80
    points = [[59.7358, 18.3100], [59.70, 18.45], [59.6641, 18.5918]]   # [lat, lon]; both ends on the network

A new road's two ends join the nearest network nodes (at most ``JOIN_M`` away); its
inner points become new nodes, appended after the network's own (so node indices of
the base network stay valid). Lengths are great-circle distances between the points.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from raddsim.core.bounds import MAX_SPEED_KMH, MIN_SPEED_KMH
from raddsim.core.errors import InputError
from raddsim.network.data import RoadData
from raddsim.network.road_classes import check_road_classes
from raddsim.region.config import Table, did_you_mean

#: A new road's end must lie this close to an existing node (m).
JOIN_M = 500.0


@dataclass(frozen=True)
class NewRoad:
    """A road a scenario adds: name, OSM class, limit (km/h) and ``(lat, lon)`` points."""

    name: str
    highway: str
    maxspeed_kmh: float
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class RoadChanges:
    """Roads added and (names of) roads removed; empty = the network as loaded."""

    add: tuple[NewRoad, ...] = ()
    remove: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.add or self.remove)


def parse_road_changes(t: Table) -> RoadChanges:
    """Validate ``[network.roads]``."""
    t.check_keys(["add", "remove", "note", "source"])
    add = t.table("add", {})
    roads = []
    for name in add.keys():
        r = add.table(name)
        r.check_keys(["highway", "maxspeed_kmh", "points", "note", "source"])
        pts = r.get("points")
        ok = isinstance(pts, list) and len(pts) >= 2 and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, (int, float)) for x in p)
            and -90 <= p[0] <= 90 and -180 <= p[1] <= 180 for p in pts)
        if not ok:
            raise r.error("points", f"expected at least two [lat, lon] points, got {pts!r}.",
                          fix="write e.g. [[59.73, 18.31], [59.66, 18.59]].")
        if any(_metres(a[0], a[1], b[0], b[1]) < 1.0 for a, b in zip(pts, pts[1:])):
            # a stretch of no length: a road that is not there (a point written twice, or both ends the same)
            raise r.error("points", f"two consecutive points are the same place: {pts!r}.",
                          fix="give the road's points along its course, each a different place.")
        check_road_classes(r, [r.str("highway", "primary")], "highway")
        roads.append(NewRoad(name, r.str("highway", "primary"),
                             r.number("maxspeed_kmh", min=MIN_SPEED_KMH, max=MAX_SPEED_KMH),
                             tuple((float(a), float(b)) for a, b in pts)))
    return RoadChanges(tuple(roads), tuple(t.str_list("remove", [])))


def _join_fix(data: RoadData, lat: float, lon: float) -> str:
    """The fix for an added road's end far from the network: said to be swapped when [lon, lat] was written."""
    from raddsim.network.snap import swapped_fix  # here: snap imports the network, which applies these edits

    return swapped_fix(data, lat, lon, JOIN_M, f"end the road within {JOIN_M:.0f} m of an existing road.")


def _metres(lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray | float,
            lon2: np.ndarray | float) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * np.arcsin(np.sqrt(h))


def _removed(data: RoadData, names: tuple[str, ...], file: str | Path | None) -> np.ndarray:
    """Mask of edges whose name contains one of ``names``; an unknown name is an InputError."""
    drop = np.zeros(data.n_edges, bool)
    lower = np.char.lower(data.edge_name.astype(str))
    known = sorted({str(n) for n in data.edge_name if n})
    for name in names:
        hit = np.char.find(lower, name.lower()) >= 0
        if not hit.any():
            raise InputError(f"no road named '{name}' in the network.{did_you_mean(name, known)}", file=file,
                             field="network.roads.remove",
                             fix="use (part of) a road name the network has, e.g. from `raddsim network info`.")
        drop |= hit
    return drop


def apply_road_changes(data: RoadData, changes: RoadChanges, file: str | Path | None = None) -> RoadData:
    """``data`` with the scenario's roads removed and added (see module doc)."""
    keep = ~_removed(data, changes.remove, file)
    lon, lat, ids = list(data.lon), list(data.lat), list(data.node_ids)
    u, v, length, hw, kmh, name = [], [], [], [], [], []
    next_id = int(np.max(data.node_ids)) + 1 if len(data.node_ids) else 1
    for road in changes.add:
        nodes = []
        for k, (la, lo) in enumerate(road.points):
            if k in (0, len(road.points) - 1):
                d = _metres(np.asarray(data.lat), np.asarray(data.lon), la, lo)
                j = int(np.argmin(d))
                if d[j] > JOIN_M:
                    raise InputError(f"road '{road.name}': its {'first' if k == 0 else 'last'} point is "
                                     f"{d[j] / 1000:.1f} km from the network.",
                                     file=file, field=f"network.roads.add.{road.name}.points",
                                     fix=_join_fix(data, la, lo))
                nodes.append(j)
            else:
                nodes.append(len(lon))
                lon.append(lo)
                lat.append(la)
                ids.append(next_id)
                next_id += 1
        for a, b in zip(nodes, nodes[1:]):
            seg_m = float(_metres(np.array(lat[a]), np.array(lon[a]), np.array(lat[b]), np.array(lon[b])))
            for x, y in ((a, b), (b, a)):
                u.append(x)
                v.append(y)
                length.append(seg_m)
                hw.append(road.highway)
                kmh.append(road.maxspeed_kmh)
                name.append(road.name)
    kept = np.flatnonzero(keep)
    n_new = len(lon) - data.n_nodes
    cat = np.concatenate
    return RoadData.from_arrays(
        np.asarray(ids, np.int64), np.asarray(lon, float), np.asarray(lat, float),
        cat([data.edge_u[kept], u]).astype(np.int64), cat([data.edge_v[kept], v]).astype(np.int64),
        cat([data.edge_length_m[kept], length]),
        node_access=cat([data.node_access, np.ones(n_new, bool)]),
        edge_highway=cat([data.edge_highway[kept], np.array(hw, dtype=object)]),
        edge_tagged_kmh=cat([data.edge_tagged_kmh[kept], kmh]),
        edge_time_given_s=cat([data.edge_time_given_s[kept], np.full(len(u), np.nan)]),
        edge_emergency_given_s=cat([data.edge_emergency_given_s[kept], np.full(len(u), np.nan)]),
        edge_ferry=cat([data.edge_ferry[kept], np.zeros(len(u), bool)]),
        edge_crossing_s=cat([data.edge_crossing_s[kept], np.full(len(u), np.nan)]),
        edge_name=cat([data.edge_name[kept], np.array(name, dtype=object)]),
        edge_outside=cat([data.edge_outside[kept], np.zeros(len(u), bool)]),
        edge_implicit=cat([data.edge_implicit[kept], np.full(len(u), "")]),
        meta={**data.meta, "road_changes": {"added": [r.name for r in changes.add], "removed": list(changes.remove)}},
    )


__all__ = ["JOIN_M", "NewRoad", "RoadChanges", "apply_road_changes", "parse_road_changes"]
