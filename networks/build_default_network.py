#!/usr/bin/env python3
"""Build raddsim's default road network from its hand-digitised source.

Reads ``networks/norrtalje_roads.toml`` (roads as lists of ``[lat, lon]`` waypoints, car
ferries, the tätorter to tag, the stations to check) and writes
``networks/norrtalje_approx.osm`` (OSM XML 0.6) that ``osmnx.graph_from_xml`` and
:func:`raddsim.network.load_osm_xml` load.

Usage::

    python networks/build_default_network.py                  # TOML -> .osm next to this script
    python networks/build_default_network.py --check          # exit 1 if the .osm is stale
    python networks/build_default_network.py --source S.toml --out X.osm [--strict]

Uses the standard library only (Python >= 3.11 for ``tomllib``).

What it does, in order
----------------------
1. **Junctions.** Waypoints of *different* roads (and ferry ends) within ``meta.snap_m``
   (50 m) of each other become one node; its position is the waypoint that comes first in
   the file.
2. **T-junctions.** A waypoint within ``snap_m`` of the middle of another road's segment is
   inserted into that road, so a side road drawn to end *on* a main road joins it. Ferries
   never receive such nodes (a road is not joined to the middle of a crossing).
3. **Places.** Each ``[[places]]`` entry tags the node at its coordinate (within ``snap_m``)
   with ``place`` and ``name``; if no waypoint is that close, a node is inserted on the
   nearest road segment, which must be within ``meta.place_snap_m`` (300 m).
4. **Checks.** Warnings (printed, fatal with ``--strict``) for a road end that lies
   ``snap_m``..``meta.warn_m`` (50-500 m) from another road without joining it - most likely a
   digitising mistake - and for roads that cross without a shared node. Errors for a ferry
   end that is not on a road, a place or station too far from every road, bad tags.
5. **Densify.** Nodes are inserted so that no edge is longer than ``meta.max_edge_m``
   (1000 m), so rural demand can be spread along the roads. Roads that share a segment
   share its new nodes.
6. **Output.** Node ids 1..N in order of first use (roads in file order, then ferries), way
   ids 1..M in file order; coordinates with 7 decimals. The same input always gives
   byte-identical output. Ways carry ``highway``, ``ref``, ``maxspeed``, ``name`` (and
   ``raddsim:outside=yes`` for roads beyond the municipal border: kept so neighbouring
   mutual-aid crews can drive in, but no demand is placed on them); ferries are ways with
   ``route=ferry``, ``motor_vehicle=yes``, ``duration`` and ``name`` and no ``highway``.

Distances for the decisions above use a local equirectangular projection (exact to well
under 1 % inside the area); reported lengths use the haversine formula.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE / "norrtalje_roads.toml"
DEFAULT_OUT = HERE / "norrtalje_approx.osm"

EARTH_R = 6_371_008.8  # mean Earth radius (m), as osmnx uses
M_PER_DEG = EARTH_R * math.pi / 180.0

HIGHWAYS = ("motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential", "service")
_MAXSPEED = re.compile(r"^(\d{1,3}|SE:(urban|rural|motorway|trunk|living_street))$")
_DURATION = re.compile(r"^\d{2}:[0-5]\d(:[0-5]\d)?$")
_REF = re.compile(r"^[A-Z0-9][A-Z0-9 ;.-]*$")

ROAD_KEYS = {"name", "ref", "highway", "maxspeed", "outside", "points"}
FERRY_KEYS = {"name", "from", "to", "duration", "operator", "timetable", "note"}
PLACE_KEYS = {"name", "place", "lat", "lon", "population", "outside", "note"}
STATION_KEYS = {"name", "address", "lat", "lon", "note"}
META_DEFAULTS = {"snap_m": 50.0, "warn_m": 500.0, "max_edge_m": 1000.0, "place_snap_m": 300.0}


class SourceError(Exception):
    """The TOML source is not usable; the message says where and why."""


# ----------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Frame:
    """Local equirectangular projection: (lat, lon) -> metres east/north of (lat0, lon0)."""

    lat0: float
    lon0: float

    @property
    def kx(self) -> float:
        return M_PER_DEG * math.cos(math.radians(self.lat0))

    def xy(self, p: tuple[float, float]) -> tuple[float, float]:
        return ((p[1] - self.lon0) * self.kx, (p[0] - self.lat0) * M_PER_DEG)

    def dist(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        ax, ay = self.xy(a)
        bx, by = self.xy(b)
        return math.hypot(bx - ax, by - ay)

    def project(self, p, a, b) -> tuple[float, float, tuple[float, float]]:
        """Distance from p to segment ab, the parameter t in [0, 1] and the foot point."""
        px, py = self.xy(p)
        ax, ay = self.xy(a)
        bx, by = self.xy(b)
        dx, dy = bx - ax, by - ay
        l2 = dx * dx + dy * dy
        t = 0.0 if l2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / l2))
        fx, fy = ax + t * dx, ay + t * dy
        foot = (round(self.lat0 + fy / M_PER_DEG, 7), round(self.lon0 + fx / self.kx, 7))
        return math.hypot(px - fx, py - fy), t, foot


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_R * math.asin(min(1.0, math.sqrt(h)))


def _segments_cross(f: Frame, a, b, c, d) -> bool:
    """True if segments ab and cd properly intersect (not merely touch)."""
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = f.xy(a), f.xy(b), f.xy(c), f.xy(d)

    def orient(px, py, qx, qy, rx, ry):
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    o1, o2 = orient(ax, ay, bx, by, cx, cy), orient(ax, ay, bx, by, dx, dy)
    o3, o4 = orient(cx, cy, dx, dy, ax, ay), orient(cx, cy, dx, dy, bx, by)
    return o1 * o2 < 0 and o3 * o4 < 0


# ----------------------------------------------------------------------------- source


@dataclass
class Way:
    name: str
    tags: dict[str, str]
    nodes: list[int]  # vertex ids (into Network.coords)
    ferry: bool = False


@dataclass
class Network:
    coords: list[tuple[float, float]] = field(default_factory=list)
    ways: list[Way] = field(default_factory=list)
    node_tags: dict[int, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, p: tuple[float, float]) -> int:
        self.coords.append(p)
        return len(self.coords) - 1


def _latlon(value, where: str) -> tuple[float, float]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)):
        raise SourceError(f"{where}: expected [lat, lon], got {value!r}")
    lat, lon = float(value[0]), float(value[1])
    if not (50.0 <= lat <= 70.0 and 5.0 <= lon <= 30.0):
        raise SourceError(f"{where}: [{lat}, {lon}] is not in Sweden - is it [lat, lon] (not [lon, lat])?")
    return round(lat, 7), round(lon, 7)


def _check_keys(table: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise SourceError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")


def read_source(path: Path) -> tuple[dict, Network, list[dict], list[dict]]:
    """Parse and validate the TOML; returns (meta, raw network, places, stations)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: not valid TOML ({exc})") from None
    meta = dict(META_DEFAULTS)
    meta.update(data.get("meta", {}))
    if "note" not in meta:
        raise SourceError(f"{path}: [meta] needs a 'note' (written into the OSM file)")
    net = Network()
    for i, road in enumerate(data.get("roads", []), start=1):
        where = f"{path.name}: road #{i} ({road.get('name', '?')})"
        _check_keys(road, ROAD_KEYS, where)
        for key in ("name", "highway", "maxspeed", "points"):
            if key not in road:
                raise SourceError(f"{where}: missing '{key}'")
        if road["highway"] not in HIGHWAYS:
            raise SourceError(f"{where}: highway '{road['highway']}' is not one of {', '.join(HIGHWAYS)}")
        if not _MAXSPEED.match(str(road["maxspeed"])):
            raise SourceError(f"{where}: maxspeed '{road['maxspeed']}' should be km/h digits or SE:urban/SE:rural/...")
        if "ref" in road and not _REF.match(str(road["ref"])):
            raise SourceError(f"{where}: ref '{road['ref']}' looks wrong (e.g. \"E18\", \"76\", \"1025\")")
        pts = [_latlon(p, f"{where}, point {k}") for k, p in enumerate(road["points"], start=1)]
        if len(pts) < 2:
            raise SourceError(f"{where}: a road needs at least two points")
        tags = {"highway": road["highway"], "maxspeed": str(road["maxspeed"]), "name": road["name"]}
        if road.get("ref"):
            tags["ref"] = str(road["ref"])
        if road.get("outside"):
            tags["raddsim:outside"] = "yes"
        net.ways.append(Way(road["name"], tags, [net.add(p) for p in pts]))
    if not net.ways:
        raise SourceError(f"{path}: no [[roads]]")
    for i, ferry in enumerate(data.get("ferries", []), start=1):
        where = f"{path.name}: ferry #{i} ({ferry.get('name', '?')})"
        _check_keys(ferry, FERRY_KEYS, where)
        for key in ("name", "from", "to", "duration"):
            if key not in ferry:
                raise SourceError(f"{where}: missing '{key}'")
        if not _DURATION.match(str(ferry["duration"])):
            raise SourceError(f"{where}: duration '{ferry['duration']}' should be \"HH:MM\" (OSM format)")
        tags = {"route": "ferry", "motor_vehicle": "yes", "duration": ferry["duration"], "name": ferry["name"]}
        ends = [net.add(_latlon(ferry[k], f"{where}, {k}")) for k in ("from", "to")]
        net.ways.append(Way(ferry["name"], tags, ends, ferry=True))
    places = []
    for i, pl in enumerate(data.get("places", []), start=1):
        where = f"{path.name}: place #{i} ({pl.get('name', '?')})"
        _check_keys(pl, PLACE_KEYS, where)
        if pl.get("place") not in ("city", "town", "village", "hamlet"):
            raise SourceError(f"{where}: place must be city, town, village or hamlet")
        places.append({"name": pl["name"], "place": pl["place"], "at": _latlon([pl.get("lat"), pl.get("lon")], where)})
    stations = []
    for i, st in enumerate(data.get("stations", []), start=1):
        where = f"{path.name}: station #{i} ({st.get('name', '?')})"
        _check_keys(st, STATION_KEYS, where)
        stations.append({"name": st["name"], "at": _latlon([st.get("lat"), st.get("lon")], where)})
    return meta, net, places, stations


# ----------------------------------------------------------------------------- building steps


def _frame(net: Network) -> Frame:
    lats = [p[0] for p in net.coords]
    lons = [p[1] for p in net.coords]
    return Frame(round((min(lats) + max(lats)) / 2, 3), round((min(lons) + max(lons)) / 2, 3))


def merge_junctions(net: Network, f: Frame, snap: float) -> None:
    """Step 1: waypoints of different ways within `snap` metres become one node."""
    owner = {}
    for w, way in enumerate(net.ways):
        for v in way.nodes:
            owner[v] = w
    parent = list(range(len(net.coords)))

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    # Grid of cell size `snap`: only neighbouring cells can hold points within `snap`.
    cells: dict[tuple[int, int], list[int]] = {}
    for v, p in enumerate(net.coords):
        x, y = f.xy(p)
        cells.setdefault((math.floor(x / snap), math.floor(y / snap)), []).append(v)
    for (cx, cy), members in sorted(cells.items()):
        near = [u for dx in (-1, 0, 1) for dy in (-1, 0, 1) for u in cells.get((cx + dx, cy + dy), [])]
        for v in members:
            for u in near:
                if u > v and owner[u] != owner[v] and f.dist(net.coords[u], net.coords[v]) <= snap:
                    ru, rv = find(u), find(v)
                    if ru != rv:
                        parent[max(ru, rv)] = min(ru, rv)  # the earliest waypoint gives the position
    for way in net.ways:
        way.nodes = _dedupe([find(v) for v in way.nodes])
        if len(way.nodes) < 2:
            raise SourceError(f"'{way.name}' collapses to a single node (all its points are within {snap:g} m)")


def _dedupe(seq: list[int]) -> list[int]:
    out = [seq[0]]
    for v in seq[1:]:
        if v != out[-1]:
            out.append(v)
    return out


def _bbox(net: Network, way: Way, pad_deg: float) -> tuple[float, float, float, float]:
    lats = [net.coords[v][0] for v in way.nodes]
    lons = [net.coords[v][1] for v in way.nodes]
    return min(lats) - pad_deg, max(lats) + pad_deg, min(lons) - 2 * pad_deg, max(lons) + 2 * pad_deg


def split_t_junctions(net: Network, f: Frame, snap: float) -> None:
    """Step 2: a waypoint within `snap` of another road's segment is inserted into that road."""
    pad = snap / M_PER_DEG * 1.01
    changed = True
    while changed:
        changed = False
        for a, way_a in enumerate(net.ways):
            for k, v in enumerate(way_a.nodes):
                p = net.coords[v]
                neighbours = set(way_a.nodes[max(0, k - 1):k + 2]) - {v}
                best = None
                for b, way_b in enumerate(net.ways):
                    if b == a or way_b.ferry or v in way_b.nodes:
                        continue
                    lo_lat, hi_lat, lo_lon, hi_lon = _bbox(net, way_b, pad)
                    if not (lo_lat <= p[0] <= hi_lat and lo_lon <= p[1] <= hi_lon):
                        continue
                    for i in range(len(way_b.nodes) - 1):
                        s, e = way_b.nodes[i], way_b.nodes[i + 1]
                        if s in neighbours or e in neighbours:
                            continue  # a road leaving a shared node at a shallow angle, not a junction
                        d, t, _ = f.project(p, net.coords[s], net.coords[e])
                        if d <= snap and 0.0 < t < 1.0 and (best is None or d < best[0]):
                            best = (d, b, i)
                if best is not None:
                    _, b, i = best
                    net.ways[b].nodes.insert(i + 1, v)
                    changed = True


def tag_places(net: Network, f: Frame, places: list[dict], snap: float, place_snap: float) -> None:
    """Step 3: tag (or insert) a node for each place."""
    for pl in places:
        at = pl["at"]
        used = sorted({v for w in net.ways if not w.ferry for v in w.nodes})
        v_best = min(used, key=lambda v: (f.dist(net.coords[v], at), v))
        if f.dist(net.coords[v_best], at) > snap:
            best = None
            for b, way in enumerate(net.ways):
                if way.ferry:
                    continue
                for i in range(len(way.nodes) - 1):
                    d, _, foot = f.project(at, net.coords[way.nodes[i]], net.coords[way.nodes[i + 1]])
                    if best is None or d < best[0]:
                        best = (d, b, i, foot)
            d, b, i, foot = best
            if d > place_snap:
                raise SourceError(f"place '{pl['name']}' is {d:.0f} m from the nearest road (limit {place_snap:g} m)")
            v_best = net.add(foot)
            s, e = net.ways[b].nodes[i], net.ways[b].nodes[i + 1]
            for way in net.ways:  # every way running along this segment gets the node
                for j in range(len(way.nodes) - 1):
                    if {way.nodes[j], way.nodes[j + 1]} == {s, e}:
                        way.nodes.insert(j + 1, v_best)
                        break
        if v_best in net.node_tags:
            raise SourceError(f"places '{net.node_tags[v_best]['name']}' and '{pl['name']}' fall on the same node")
        net.node_tags[v_best] = {"name": pl["name"], "place": pl["place"]}


def check_ends_and_crossings(net: Network, f: Frame, snap: float, warn_m: float) -> None:
    """Step 4: warnings for near-miss road ends and crossings without a junction; ferry ends must join."""
    uses: dict[int, int] = {}
    for way in net.ways:
        for v in set(way.nodes):
            uses[v] = uses.get(v, 0) + 1
    for way in net.ways:
        for v in (way.nodes[0], way.nodes[-1]):
            if uses[v] > 1:
                continue
            if way.ferry:
                raise SourceError(f"ferry '{way.name}' ends at {net.coords[v]} which is not on any road")
            best = None
            for other in net.ways:
                if other is way or other.ferry:
                    continue
                for i in range(len(other.nodes) - 1):
                    d, _, _ = f.project(net.coords[v], net.coords[other.nodes[i]], net.coords[other.nodes[i + 1]])
                    if best is None or d < best[0]:
                        best = (d, other.name)
            if best is not None and snap < best[0] <= warn_m:
                net.warnings.append(
                    f"road '{way.name}' ends at {net.coords[v][0]:.5f},{net.coords[v][1]:.5f}, {best[0]:.0f} m from "
                    f"road '{best[1]}' without joining it (move the end onto that road, or away from it)"
                )
    segs = []
    for w, way in enumerate(net.ways):
        if not way.ferry:
            segs += [(w, way.nodes[i], way.nodes[i + 1]) for i in range(len(way.nodes) - 1)]
    cell = 2000.0
    grid: dict[tuple[int, int], list[int]] = {}
    for k, (_, s, e) in enumerate(segs):
        (x1, y1), (x2, y2) = f.xy(net.coords[s]), f.xy(net.coords[e])
        for cx in range(math.floor(min(x1, x2) / cell), math.floor(max(x1, x2) / cell) + 1):
            for cy in range(math.floor(min(y1, y2) / cell), math.floor(max(y1, y2) / cell) + 1):
                grid.setdefault((cx, cy), []).append(k)
    seen = set()
    for members in grid.values():
        for i, k1 in enumerate(members):
            for k2 in members[i + 1:]:
                w1, s1, e1 = segs[k1]
                w2, s2, e2 = segs[k2]
                pair = (min(k1, k2), max(k1, k2))
                if w1 == w2 or pair in seen or {s1, e1} & {s2, e2}:
                    continue
                seen.add(pair)
                if _segments_cross(f, net.coords[s1], net.coords[e1], net.coords[s2], net.coords[e2]):
                    net.warnings.append(
                        f"road '{net.ways[w1].name}' crosses road '{net.ways[w2].name}' without a junction near "
                        f"{net.coords[s1][0]:.4f},{net.coords[s1][1]:.4f} (give both a common point, or separate them)"
                    )


def densify(net: Network, f: Frame, max_edge: float) -> None:
    """Step 5: split edges longer than `max_edge` metres; ways sharing a segment share the new nodes."""
    made: dict[tuple[int, int], list[int]] = {}
    for way in net.ways:
        if way.ferry:
            continue
        out = [way.nodes[0]]
        for s, e in zip(way.nodes, way.nodes[1:]):
            d = f.dist(net.coords[s], net.coords[e])
            n = math.ceil(d / max_edge - 1e-9)
            if n > 1:
                key = (min(s, e), max(s, e))
                if key not in made:
                    a, b = net.coords[key[0]], net.coords[key[1]]
                    made[key] = [
                        net.add((round(a[0] + (b[0] - a[0]) * j / n, 7), round(a[1] + (b[1] - a[1]) * j / n, 7)))
                        for j in range(1, n)
                    ]
                mid = made[key] if key == (s, e) else made[key][::-1]
                out += mid
            out.append(e)
        way.nodes = out


def check_stations(net: Network, f: Frame, stations: list[dict], place_snap: float) -> None:
    used = sorted({v for w in net.ways if not w.ferry for v in w.nodes})
    for st in stations:
        d = min(f.dist(net.coords[v], st["at"]) for v in used)
        if d > place_snap:
            raise SourceError(f"station '{st['name']}' is {d:.0f} m from the nearest road node (limit {place_snap:g} m)")


# ----------------------------------------------------------------------------- output


def to_osm_xml(net: Network, meta: dict, source_name: str) -> str:
    ids: dict[int, int] = {}
    for way in net.ways:
        for v in way.nodes:
            if v not in ids:
                ids[v] = len(ids) + 1
    by_id = sorted(ids.items(), key=lambda kv: kv[1])
    lats = [net.coords[v][0] for v, _ in by_id]
    lons = [net.coords[v][1] for v, _ in by_id]
    note = str(meta["note"])
    if "--" in note:
        raise SourceError("[meta] note must not contain '--' (it goes into an XML comment)")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- {note} -->",
        f"<!-- {escape(str(meta.get('title', '')))} -->",
        f"<!-- Generated by networks/build_default_network.py from {source_name}. Do not edit by hand: edit the TOML "
        "and run `python networks/build_default_network.py`. -->",
        '<osm version="0.6" generator="raddsim networks/build_default_network.py">',
        f"  <note>{escape(note)}</note>",
        f'  <bounds minlat="{min(lats):.7f}" minlon="{min(lons):.7f}" maxlat="{max(lats):.7f}" maxlon="{max(lons):.7f}"/>',
    ]
    for v, nid in by_id:
        lat, lon = net.coords[v]
        head = f'  <node id="{nid}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"'
        tags = net.node_tags.get(v)
        if tags:
            out.append(head + ">")
            out += [f"    <tag k={quoteattr(k)} v={quoteattr(tags[k])}/>" for k in sorted(tags)]
            out.append("  </node>")
        else:
            out.append(head + "/>")
    for wid, way in enumerate(net.ways, start=1):
        out.append(f'  <way id="{wid}" version="1">')
        out += [f'    <nd ref="{ids[v]}"/>' for v in way.nodes]
        out += [f"    <tag k={quoteattr(k)} v={quoteattr(way.tags[k])}/>" for k in sorted(way.tags)]
        out.append("  </way>")
    out.append("</osm>")
    return "\n".join(out) + "\n"


def summary(net: Network) -> str:
    km: dict[str, float] = {}
    n_nodes = len({v for w in net.ways for v in w.nodes})
    for way in net.ways:
        key = "ferry" if way.ferry else way.tags["highway"] + (" (outside)" if way.tags.get("raddsim:outside") else "")
        km[key] = km.get(key, 0.0) + sum(haversine(net.coords[a], net.coords[b]) for a, b in zip(way.nodes, way.nodes[1:])) / 1000
    n_edges = sum(len(w.nodes) - 1 for w in net.ways)
    parts = ", ".join(f"{k} {v:.1f}" for k, v in sorted(km.items()))
    return f"{n_nodes} nodes, {len(net.ways)} ways, {n_edges} two-way edges; km: {parts}"


def build(source: Path) -> tuple[str, Network]:
    """Build the OSM XML text from the TOML source; also returns the network (for its warnings)."""
    meta, net, places, stations = read_source(source)
    f = _frame(net)
    snap, warn_m = float(meta["snap_m"]), float(meta["warn_m"])
    merge_junctions(net, f, snap)
    split_t_junctions(net, f, snap)
    tag_places(net, f, places, snap, float(meta["place_snap_m"]))
    check_ends_and_crossings(net, f, snap, warn_m)
    densify(net, f, float(meta["max_edge_m"]))
    check_stations(net, f, stations, float(meta["place_snap_m"]))
    return to_osm_xml(net, meta, f"networks/{source.name}"), net


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="hand-digitised TOML (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="OSM XML to write (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if --out differs from a fresh build")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    args = ap.parse_args(argv)
    try:
        text, net = build(args.source)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for w in net.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.strict and net.warnings:
        print(f"error: {len(net.warnings)} warning(s) with --strict", file=sys.stderr)
        return 1
    data = text.encode("utf-8")
    if args.check:
        current = args.out.read_bytes() if args.out.is_file() else b""
        if current != data:
            print(f"{args.out} is stale: run python networks/build_default_network.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({summary(net)})")
        return 0
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(args.out)
    print(f"wrote {args.out}: {summary(net)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
