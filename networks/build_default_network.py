#!/usr/bin/env python3
"""Build raddsim's default network (networks/norrtalje_approx.osm) from the hand-digitised source.

Reads ``networks/norrtalje_roads.toml`` (named nodes, roads as waypoint lists, ferries) and writes
OSM XML 0.6 that ``osmnx.graph_from_xml`` loads. Deterministic: the same input gives byte-identical
output.

* Named nodes and identical raw coordinates are shared between roads (junctions).
* Between waypoints the road gets intermediate nodes so that no edge is longer than
  ``meta.max_edge_m``; they zigzag slightly across the drawn line so that the road is
  ``meta.sinuosity`` times longer than the polyline (hand-drawn lines are straighter than real
  roads; see the TOML). Segments shorter than max_edge_m stay straight.
* Ways carry highway, ref, maxspeed, name (and raddsim:outside=yes beyond the municipal border);
  ferries are ways with route=ferry, motor_vehicle=yes, duration and name, and no highway tag.

Usage: python networks/build_default_network.py [SOURCE.toml] [OUT.osm]
"""

from __future__ import annotations

import math
import sys
import tomllib
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
EARTH_R = 6_371_008.8


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_R * math.asin(math.sqrt(h))


def meander(a: tuple[float, float], b: tuple[float, float], sinuosity: float, max_edge_m: float) -> list[tuple[float, float]]:
    """Intermediate points from a to b (exclusive) so that no edge exceeds max_edge_m and the path is
    sinuosity × |ab| long: the points zigzag by ±amp across the straight line (amp is solved for)."""
    d = haversine(a, b)
    n = max(1, math.ceil(d / max_edge_m))  # number of edges
    if n == 1:
        return []
    kx = math.cos(math.radians((a[0] + b[0]) / 2)) * math.pi / 180 * EARTH_R
    ky = math.pi / 180 * EARTH_R
    dx, dy = (b[1] - a[1]) * kx, (b[0] - a[0]) * ky
    nx, ny = -dy / d, dx / d

    def points(amp: float) -> list[tuple[float, float]]:
        out = []
        for i in range(1, n):
            f, off = i / n, amp * (1 if i % 2 else -1)
            x, y = f * dx + off * nx, f * dy + off * ny
            out.append((a[0] + y / ky, a[1] + x / kx))
        return out

    def length(amp: float) -> float:
        pts = [a] + points(amp) + [b]
        return sum(haversine(p, q) for p, q in zip(pts, pts[1:]))

    lo, hi = 0.0, d / n
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if length(mid) < d * sinuosity else (lo, mid)
    return points(round((lo + hi) / 2, 3))


def build(source: Path) -> str:
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    meta = data["meta"]
    sinuosity, max_edge = float(meta.get("sinuosity", 1.0)), float(meta.get("max_edge_m", 1000))
    named = {k: (float(v[0]), float(v[1])) for k, v in data["nodes"].items()}
    places = data.get("places", {})
    ids: dict[object, int] = {}
    coords: dict[int, tuple[float, float]] = {}
    tags: dict[int, dict[str, str]] = {}

    def node(p: object, road: str) -> int:
        if isinstance(p, str):
            if p not in named:
                raise SystemExit(f"{source}: road '{road}' names unknown node '{p}'")
            key: object = p
            xy = named[p]
        else:
            xy = (round(float(p[0]), 7), round(float(p[1]), 7))
            key = xy
        if key not in ids:
            ids[key] = len(ids) + 1
            coords[ids[key]] = xy
            if isinstance(p, str) and p in places:
                tags[ids[key]] = {"name": places[p][0], "place": places[p][1]}
        return ids[key]

    def fresh(xy: tuple[float, float]) -> int:
        key = ("meander", len(ids))
        ids[key] = len(ids) + 1
        coords[ids[key]] = (round(xy[0], 7), round(xy[1], 7))
        return ids[key]

    ways = []
    for road in data["roads"]:
        pts = road["points"]
        seq = [node(pts[0], road["name"])]
        for p, q in zip(pts, pts[1:]):
            a, b = coords[seq[-1]], coords[node(q, road["name"])]
            seq += [fresh(xy) for xy in meander(a, b, sinuosity, max_edge)]
            seq.append(node(q, road["name"]))
        t = {"highway": road["highway"], "maxspeed": road["maxspeed"], "name": road["name"]}
        if road.get("ref"):
            t["ref"] = road["ref"]
        if road.get("outside"):
            t["raddsim:outside"] = "yes"
        ways.append((seq, t))
    for f in data.get("ferries", []):
        seq = [node(f["from"], f["name"]), node(f["to"], f["name"])]
        ways.append((seq, {"route": "ferry", "motor_vehicle": "yes", "duration": f["duration"], "name": f["name"]}))

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f"<!-- {meta['note']} -->",
           f"<!-- generated by networks/build_default_network.py from {source.name}; do not edit by hand -->",
           '<osm version="0.6" generator="raddsim build_default_network.py">',
           f"  <note>{meta['note']}</note>"]
    for nid in sorted(coords):
        la, lo = coords[nid]
        if nid in tags:
            out.append(f'  <node id="{nid}" lat="{la:.7f}" lon="{lo:.7f}" version="1">')
            out += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags[nid].items()]
            out.append("  </node>")
        else:
            out.append(f'  <node id="{nid}" lat="{la:.7f}" lon="{lo:.7f}" version="1"/>')
    for wid, (seq, t) in enumerate(ways, start=1):
        out.append(f'  <way id="{wid}" version="1">')
        out += [f'    <nd ref="{n}"/>' for n in seq]
        out += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in t.items()]
        out.append("  </way>")
    out.append("</osm>")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else HERE / "norrtalje_roads.toml"
    target = Path(argv[2]) if len(argv) > 2 else HERE / "norrtalje_approx.osm"
    text = build(source)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    print(f"wrote {target} ({text.count('<node ')} nodes, {text.count('<way ')} ways)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
