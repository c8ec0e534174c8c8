"""Reading OpenStreetMap ``.osm.pbf`` extracts with pyrosm.

pyrosm splits every way with a ``highway`` tag into node-to-node segments;
raddsim keeps the segments :func:`raddsim.network.clean.way_verdict` accepts
(the same rule as for OSM XML and downloads), adds the reverse direction unless
the way is one-way (osmnx's rule: ``oneway=yes/true/1``, ``-1``/``reverse``,
``junction=roundabout``), and adds car ferries (``route=ferry``). pyrosm gives a
ferry's geometry but not its node ids, so each ferry end is joined to the
nearest kept road node within :data:`FERRY_JOIN_M`; ferries clipped by the
extract or ending away from roads are dropped and counted.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from raddsim.core.errors import InputError
from raddsim.network.clean import WAY_TAGS, way_verdict

#: A ferry end farther than this from any kept road node is not joined (ASSUMPTION, hard-wired: a ferry way ends at
#: its landing's road; plausible 50–250 m).
FERRY_JOIN_M = 100.0
_ONEWAY = {"yes", "true", "1"}
_REVERSED = {"-1", "reverse"}


def _tags(row: Any, columns: list[str]) -> dict[str, Any]:
    extra = row.get("tags") if "tags" in columns else None
    out: dict[str, Any] = {}
    if isinstance(extra, str) and extra:
        try:
            out.update(json.loads(extra))
        except json.JSONDecodeError:
            pass
    elif isinstance(extra, dict):
        out.update(extra)
    for key in WAY_TAGS:
        if key in columns:
            value = row.get(key)
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                out[key] = value
    return out


def _haversine_m(lon: np.ndarray, lat: np.ndarray) -> float:
    lon, lat = np.radians(lon), np.radians(lat)
    a = np.sin(np.diff(lat) / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
    return float(np.sum(2 * 6_371_008.8 * np.arcsin(np.sqrt(a))))


def _add_way(G: nx.MultiDiGraph, u: int, v: int, attrs: dict[str, Any]) -> None:
    """Add a way segment in its driving direction(s); ``oneway``/``reversed`` become booleans as in osmnx."""
    tag = str(attrs.get("oneway", "")).lower()
    roundabout = str(attrs.get("junction", "")).lower() == "roundabout"
    oneway = tag in _ONEWAY or tag in _REVERSED or (roundabout and tag != "no")
    attrs = {**attrs, "oneway": oneway}
    if tag in _REVERSED:
        G.add_edge(v, u, **attrs, reversed=False)
        return
    G.add_edge(u, v, **attrs, reversed=False)
    if not oneway:
        G.add_edge(v, u, **attrs, reversed=True)


def load_pbf(path: str | Path, *, bounding_box: list[float] | None = None) -> nx.MultiDiGraph:
    """Load an ``.osm.pbf`` extract as a cleaned, unsimplified road graph.

    Parameters
    ----------
    path
        The PBF file.
    bounding_box
        Optional ``[west, south, east, north]`` to read only part of a large extract.

    Returns
    -------
    networkx.MultiDiGraph
        Same shape as :func:`raddsim.network.osm.load_osm_xml`'s: nodes with
        ``x``/``y``, edges with ``length`` and way tags; dropped ways counted in
        ``G.graph["raddsim_dropped"]``.
    """
    path = Path(path)
    try:
        import pyrosm
    except ImportError:
        raise InputError("reading .osm.pbf needs the pyrosm package, which is not installed.", file=path,
                         fix='pip install "raddsim[pbf]" (or pyrosm; or convert the extract to .osm XML, e.g. with '
                             'osmium).') from None
    if not path.is_file():
        raise InputError("network file not found.", file=path, fix="give the path of an existing .osm.pbf file.")
    extra = [t for t in WAY_TAGS if t not in ("highway", "name", "oneway", "maxspeed")]
    try:
        osm = pyrosm.OSM(str(path), bounding_box=bounding_box)
        nodes, edges = osm.get_network(network_type="all", nodes=True, extra_attributes=extra)
        ferries = osm.get_data_by_custom_criteria(custom_filter={"route": ["ferry"]}, filter_type="keep",
                                                  keep_nodes=False, keep_ways=True, keep_relations=False,
                                                  extra_attributes=extra + ["name", "oneway"])
    except InputError:
        raise
    except ImportError as exc:  # a broken pyrosm install (it imports its compiled parts lazily), not a bad file
        raise InputError(f"pyrosm could not load a module it needs ({exc}).", file=path,
                         fix='reinstall it: pip install --force-reinstall "raddsim[pbf]".') from None
    except Exception as exc:  # pyrosm raises plain exceptions for corrupt files
        raise InputError(f"could not read the PBF file ({type(exc).__name__}: {exc}).", file=path,
                         fix="check that it is an OpenStreetMap .osm.pbf extract.") from None
    if edges is None or len(edges) == 0:
        raise InputError("the PBF file has no roads (no ways with a highway tag).", file=path,
                         fix="use an extract that covers a road network.")
    dropped_ways: dict[str, set] = {}
    G = nx.MultiDiGraph(crs="EPSG:4326", source_file=str(path))
    pos = dict(zip(nodes["id"].to_numpy().tolist(),
                   zip(nodes["lon"].to_numpy().tolist(), nodes["lat"].to_numpy().tolist())))
    cols = list(edges.columns)
    for row in edges.to_dict("records"):
        tags = _tags(row, cols)
        verdict = way_verdict(tags)
        if verdict != "road":
            dropped_ways.setdefault(verdict, set()).add(row["id"])
            continue
        u, v = int(row["u"]), int(row["v"])
        if u == v or u not in pos or v not in pos:
            continue
        for n in (u, v):
            if n not in G:
                G.add_node(n, x=pos[n][0], y=pos[n][1])
        attrs = {k: tags[k] for k in WAY_TAGS if k in tags}
        attrs["length"] = float(row["length"])
        attrs["osmid"] = int(row["id"])
        _add_way(G, u, v, attrs)
    dropped = Counter({r: len(w) for r, w in dropped_ways.items()})  # ways, not segments
    _add_ferries(G, ferries, dropped)
    G.graph["raddsim_dropped"] = dict(sorted(dropped.items(), key=lambda kv: -kv[1]))
    return G


def _add_ferries(G: nx.MultiDiGraph, ferries: Any, dropped: Counter[str]) -> None:
    if ferries is None or len(ferries) == 0 or G.number_of_nodes() == 0:
        return
    from scipy.spatial import cKDTree

    from raddsim.network.positions import metric_crs, to_metric

    ids = np.array(list(G.nodes), np.int64)
    lon, lat = np.array([G.nodes[n]["x"] for n in ids]), np.array([G.nodes[n]["y"] for n in ids])
    crs = metric_crs(lon, lat)  # the CRS the loaded network will use (the same nodes, the same rule)
    nx_, ny_ = to_metric(lon, lat, crs)
    tree = cKDTree(np.column_stack([nx_, ny_]))
    cols = list(ferries.columns)
    for row in ferries.to_dict("records"):
        tags = _tags(row, cols)
        verdict = way_verdict(tags)
        if verdict != "ferry":
            dropped[verdict] += 1
            continue
        geom = row.get("geometry")
        lines = list(getattr(geom, "geoms", [geom])) if geom is not None else []
        coords = [np.asarray(g.coords) for g in lines if g is not None and not g.is_empty]
        if not coords:
            dropped["ferry without geometry"] += 1
            continue
        xy = np.vstack(coords)
        ex, ey = to_metric(xy[[0, -1], 0], xy[[0, -1], 1], crs)
        dist, idx = tree.query(np.column_stack([ex, ey]))
        if dist.max() > FERRY_JOIN_M or idx[0] == idx[1]:
            dropped["ferry not joined to roads (clipped by the extract?)"] += 1
            continue
        attrs = {k: tags[k] for k in WAY_TAGS if k in tags}
        attrs["length"] = sum(_haversine_m(c[:, 0], c[:, 1]) for c in coords)
        attrs["osmid"] = int(row["id"])
        _add_way(G, int(ids[idx[0]]), int(ids[idx[1]]), attrs)


__all__ = ["load_pbf", "FERRY_JOIN_M"]
