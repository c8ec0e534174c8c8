"""Saved networks: raddsim's fast archive (``.npz``) and GraphML, with a metadata sidecar.

The archive ("raddsim network archive", format version 1) is a NumPy ``.npz``
of the :class:`~raddsim.network.data.RoadData` arrays: node ids and WGS84
positions, directed edges as node indices, lengths, tagged limits, given
times, ferry flags and crossings, road classes and names (as code tables), the
implicit limits raddsim does not translate itself (``implicit_values``/``implicit_codes``,
only when the network has any: a region's ``[network.speeds.implicit]`` translates
them when the archive is used), and the provenance as JSON. It loads without networkx or XML parsing (see
``benchmarks/README.md`` for load times) and needs no pickle.

GraphML goes through osmnx (:func:`osmnx.save_graphml` / :func:`osmnx.load_graphml`)
so other tools (QGIS via osmnx, networkx) can read it.

Either may have a sidecar ``<name>.meta.json`` (what ``raddsim network fetch``
writes): source, query, date, osmnx version; :func:`read_sidecar` finds it.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.io import write_atomic, write_bytes_atomic, write_json_atomic
from raddsim.network.data import RoadData

ARCHIVE_FORMAT = "raddsim-network"
ARCHIVE_VERSION = 1
_FLOAT_EDGE = ("edge_length_m", "edge_tagged_kmh", "edge_time_given_s", "edge_emergency_given_s", "edge_crossing_s")
_BOOL_EDGE = ("edge_ferry", "edge_outside")
#: Optional edge arrays (older archives and networks without untranslated implicit limits lack them).
_IMPLICIT = ("implicit_codes",)


def sidecar_path(path: str | Path) -> Path:
    """``networks/x.npz`` → ``networks/x.meta.json`` (shared by ``x.graphml``)."""
    path = Path(path)
    name = path.name
    for suffix in (".npz", ".graphml", ".osm.pbf", ".osm.bz2", ".osm", ".zip"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(name + ".meta.json")


def read_sidecar(path: str | Path) -> dict[str, Any]:
    """The sidecar metadata of a network file, or ``{}``."""
    p = sidecar_path(path)
    if not p.is_file():
        return {}
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"unreadable metadata ({exc}).", file=p, fix="repair or delete the .meta.json file.") from None


def write_sidecar(path: str | Path, meta: dict[str, Any]) -> Path:
    return write_json_atomic(sidecar_path(path), meta)


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniq, inverse = np.unique(values.astype(str), return_inverse=True)
    return uniq.astype(str), inverse.astype(np.int32)


def save_archive(data: RoadData, path: str | Path, *, compress: bool = True) -> Path:
    """Write ``data`` as a raddsim network archive (``.npz``), atomically."""
    hw_values, hw_codes = _codes(data.edge_highway)
    nm_values, nm_codes = _codes(data.edge_name)
    arrays: dict[str, np.ndarray] = {
        "node_ids": data.node_ids, "lon": data.lon, "lat": data.lat, "node_access": data.node_access,
        "edge_u": data.edge_u.astype(np.int32 if data.n_nodes < 2**31 else np.int64),
        "edge_v": data.edge_v.astype(np.int32 if data.n_nodes < 2**31 else np.int64),
        "highway_values": hw_values, "highway_codes": hw_codes, "name_values": nm_values, "name_codes": nm_codes,
        "meta_json": np.array(json.dumps({"format": ARCHIVE_FORMAT, "version": ARCHIVE_VERSION, "meta": data.meta},
                                         ensure_ascii=False, default=str)),
    }
    for k in _FLOAT_EDGE + _BOOL_EDGE:
        arrays[k] = getattr(data, k)
    if (data.edge_implicit != "").any():  # optional: a Swedish network's archive stays as it was
        arrays["implicit_values"], arrays["implicit_codes"] = _codes(data.edge_implicit)
    buf = io.BytesIO()
    # numpy's stubs let **arrays fill savez's allow_pickle: bool too; the keys here are array names only.
    (np.savez_compressed if compress else np.savez)(buf, **arrays)  # type: ignore[arg-type]
    return write_bytes_atomic(path, buf.getvalue())


def load_archive(path: str | Path) -> RoadData:
    """Read a raddsim network archive written by :func:`save_archive`."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as z:
            head = json.loads(str(z["meta_json"]))
            if head.get("format") != ARCHIVE_FORMAT:
                raise KeyError("format")
            if int(head.get("version", 0)) > ARCHIVE_VERSION:
                raise InputError(f"archive format version {head['version']} is newer than this raddsim reads "
                                 f"({ARCHIVE_VERSION}).",
                                 file=path, fix="upgrade raddsim, or re-create the archive with `raddsim network "
                                                "convert`.")
            a = {k: z[k] for k in z.files}
    except InputError:
        raise
    except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise InputError(
            f"not a raddsim network archive ({type(exc).__name__}: {exc}).",
            file=path,
            fix="give a .npz written by `raddsim network fetch`/`convert`, or another network format.",
        ) from None
    _check_archive(a, path)
    data = RoadData.from_arrays(
        a["node_ids"], a["lon"], a["lat"], a["edge_u"].astype(np.int64), a["edge_v"].astype(np.int64),
        a["edge_length_m"],
        node_access=a["node_access"], edge_highway=a["highway_values"][a["highway_codes"]],
        edge_tagged_kmh=a["edge_tagged_kmh"], edge_time_given_s=a["edge_time_given_s"],
        edge_emergency_given_s=a["edge_emergency_given_s"], edge_ferry=a["edge_ferry"],
        edge_crossing_s=a["edge_crossing_s"],
        edge_name=a["name_values"][a["name_codes"]], edge_outside=a["edge_outside"],
        edge_implicit=a["implicit_values"][a["implicit_codes"]] if "implicit_codes" in a else None,
        meta=head.get("meta", {}),
    )
    return data


def _check_archive(a: dict[str, np.ndarray], path: Path) -> None:
    """Refuse an archive whose arrays do not fit together (edited, truncated or from another tool)."""
    def bad(field: str, what: str) -> InputError:
        return InputError(what, file=path, field=field,
                          fix="re-create the archive with `raddsim network convert` from its source.")

    need = ("node_ids", "lon", "lat", "node_access", "edge_u", "edge_v", "highway_values", "highway_codes",
            "name_values",
            "name_codes", *_FLOAT_EDGE, *_BOOL_EDGE)
    missing = [k for k in need if k not in a]
    if missing:
        raise bad(missing[0], f"the archive lacks the array(s) {', '.join(missing)}.")
    _check_lengths(a, bad)
    _check_codes(a, bad)
    lon, lat = a["lon"].astype(float), a["lat"].astype(float)
    if (
        not (np.isfinite(lon).all() and np.isfinite(lat).all())
        or np.abs(lon).max(initial=0) > 180
        or np.abs(lat).max(initial=0) > 90
    ):
        raise bad("lon/lat", "node coordinates are not finite WGS84 degrees.")
    length = a["edge_length_m"].astype(float)
    if not (np.isfinite(length).all() and (length >= 0).all()):
        raise bad("edge_length_m", "edge lengths must be finite and ≥ 0.")


def _check_lengths(a: dict[str, np.ndarray], bad: Callable[[str, str], InputError]) -> None:
    """Every node array has one value per node, every edge array one per edge."""
    n_nodes = len(a["node_ids"])
    n_edges = len(a["edge_u"])
    for k in ("lon", "lat", "node_access"):
        if len(a[k]) != n_nodes:
            raise bad(k, f"{len(a[k])} values for {n_nodes} nodes.")
    for k in ("edge_v", "highway_codes", "name_codes", *_FLOAT_EDGE, *_BOOL_EDGE, *_IMPLICIT):
        if k in a and len(a[k]) != n_edges:
            raise bad(k, f"{len(a[k])} values for {n_edges} edges.")


def _check_codes(a: dict[str, np.ndarray], bad: Callable[[str, str], InputError]) -> None:
    """Edge ends are node indices, and highway/name codes index their value tables."""
    n_nodes = len(a["node_ids"])
    for k in ("edge_u", "edge_v"):
        if not np.issubdtype(a[k].dtype, np.integer):
            raise bad(k, f"node indices must be integers, got {a[k].dtype}.")
        out = np.flatnonzero((a[k] < 0) | (a[k] >= n_nodes))
        if len(out):
            raise bad(k, f"edge {out[0]} refers to node index {a[k][out[0]]}, outside 0–{n_nodes - 1} "
                         f"({len(out)} edge(s) out of range).")
    if ("implicit_codes" in a) != ("implicit_values" in a):
        raise bad("implicit_codes", "the archive has only one of implicit_codes and implicit_values.")
    for k, values in (("highway_codes", "highway_values"), ("name_codes", "name_values"),
                      ("implicit_codes", "implicit_values")):
        if k not in a:
            continue
        c = a[k]
        if not np.issubdtype(c.dtype, np.integer) or (len(c) and (c.min() < 0 or c.max() >= len(a[values]))):
            raise bad(k, f"codes outside the {len(a[values])} entries of {values}.")


def save_graphml(data: RoadData, path: str | Path) -> Path:
    """Write ``data`` as GraphML with osmnx (the source graph's tags where there is one), atomically."""
    import osmnx as ox

    G = data.graph.copy() if data.graph is not None else data.to_graph()
    G.graph.setdefault("crs", "EPSG:4326")
    for _, _, d in G.edges(data=True):  # osmnx reads these back as booleans only
        for key in ("oneway", "reversed"):
            if key in d and not isinstance(d[key], bool):
                d[key] = str(d[key]).lower() in ("yes", "true", "1", "-1", "reverse")
    G.graph["raddsim_meta"] = json.dumps(data.meta, ensure_ascii=False, default=str)
    return write_atomic(path, lambda tmp: ox.save_graphml(G, tmp))


def _check_node_coordinates(G: Any, path: Path) -> None:
    """Refuse a node without ``x``/``y`` (a GraphML from networkx or QGIS with lon/lat), naming node and attribute."""
    for n, d in G.nodes(data=True):
        for key, what in (("x", "longitude"), ("y", "latitude")):
            if key not in d:
                others = ", ".join(sorted(map(str, d))) or "none"
                raise InputError(f"node {n} has no {key} ({what}) attribute (it has: {others}).", file=path,
                                 fix="GraphML nodes need x (lon) and y (lat) in WGS84, as osmnx writes them.")


def _check_edge_lengths(G: Any, path: Path) -> None:
    """Refuse an edge without a usable ``length`` (metres), naming it: it was read as 0 m, a road crossed in no time."""
    import math

    bad = []
    for u, v, d in G.edges(data=True):
        raw = d.get("length")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = math.nan
        if math.isfinite(value) and value >= 0:
            d["length"] = value
        else:
            bad.append((u, v, raw))
    if bad:
        u, v, raw = bad[0]
        what = "no 'length' (metres)" if raw is None else f"'length' = {raw!r}, not a length in metres"
        raise InputError(f"edge {u}→{v} has {what}; {len(bad):,} of {G.number_of_edges():,} edge(s) in all.",
                         file=path, field="length",
                         fix="give every edge its length in metres along the road (osmnx: "
                             "ox.distance.add_edge_lengths(G) before saving), or export the network again.")


def _clean_osm_edges(G: Any) -> dict[str, int] | None:
    """Drop the ways a vehicle cannot use, as for OSM XML, when the edges carry OSM tags; the counts, or None.

    A GraphML raddsim wrote (``raddsim_meta``) holds a network raddsim cleaned already: its ferries from a
    nodes/arcs network carry no car tags and would be dropped as passenger-only.
    """
    from raddsim.network.clean import clean_graph

    if G.graph.get("raddsim_meta") or not any("highway" in d or "route" in d for _, _, d in G.edges(data=True)):
        return None
    return clean_graph(G)[1]


def _check_straight_lines(data: RoadData, path: Path) -> None:
    """The nodes/arcs CSV's check of lengths against the straight line (lengths in km are refused)."""
    from raddsim.network.csvgraph import check_arc_lengths

    lon, lat = np.asarray(data.lon, float), np.asarray(data.lat, float)
    if not (np.isfinite(lon).all() and np.isfinite(lat).all() and np.abs(lat).max(initial=0) <= 90):
        return  # a node off the globe: refused by its id when loaded (load._check_positions), not as lengths
    u, v, ids = data.edge_u, data.edge_v, data.node_ids
    check_arc_lengths(str(path), "length", lambda k: f"edge {ids[u[k]]}→{ids[v[k]]}",
                      (data.lon[u], data.lat[u], data.lon[v], data.lat[v]), data.edge_length_m,
                      data.edge_time_given_s, data.edge_highway)


def load_graphml(path: str | Path) -> RoadData:
    """Read GraphML (osmnx's or raddsim's) into road data.

    An osmnx GraphML is cleaned like OSM XML (:func:`raddsim.network.clean.clean_graph`: footways, paths …
    dropped and counted in ``meta["dropped_ways"]``); every edge needs a ``length`` in metres, checked against
    the straight line between its nodes as a nodes/arcs CSV's is.
    """
    import osmnx as ox

    path = Path(path)
    try:
        G = ox.load_graphml(path)
    except Exception as exc:  # networkx/lxml raise many kinds
        raise InputError(f"could not read GraphML ({type(exc).__name__}: {exc}).", file=path,
                         fix="give a GraphML file written by osmnx or `raddsim network convert`.") from None
    _check_node_coordinates(G, path)
    meta: dict[str, Any] = {}
    if G.graph.get("raddsim_meta"):
        try:
            meta = json.loads(G.graph["raddsim_meta"])
        except json.JSONDecodeError:
            meta = {}
    dropped = _clean_osm_edges(G)
    if dropped is not None:
        meta["dropped_ways"] = dropped
    _check_edge_lengths(G, path)
    data = RoadData.from_graph(G, meta)
    _check_straight_lines(data, path)
    return data


__all__ = ["save_archive", "load_archive", "save_graphml", "load_graphml", "read_sidecar", "write_sidecar",
           "sidecar_path"]
