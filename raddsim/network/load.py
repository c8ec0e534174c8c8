"""One entry point for every way of getting a road network.

============================  =============================================  ==========================
source                        what it is                                     reader
============================  =============================================  ==========================
``None`` / ``"default"``      the embedded, approximate Norrtälje network     OSM XML (below)
``.osm``, ``.osm.bz2``,       OpenStreetMap XML (e.g. an Overpass or JOSM    osmnx ``graph_from_xml``
``.xml``                      export)
``.osm.pbf``, ``.pbf``        OpenStreetMap PBF extract (Geofabrik …)        pyrosm
``.npz``                      raddsim network archive (fast; ``raddsim       NumPy
                              network fetch``/``convert`` write it)
``.graphml``                  a saved graph                                  osmnx ``load_graphml``
folder / ``.zip`` /           nodes/arcs CSV: raddsim's generic format or    pandas / csv
``nodes.csv``                 JEMSS's (detected)
============================  =============================================  ==========================

All of them end in the same cleaned :class:`~raddsim.network.data.RoadData`
(only drivable roads and car ferries; see :mod:`raddsim.network.clean`), and
:func:`load_network` applies :class:`~raddsim.network.options.NetworkOptions`
to give a :class:`~raddsim.network.road.RoadNetwork` with a travel time on
every edge.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.core.io import path_argument
from raddsim.network.data import RoadData
from raddsim.network.options import NetworkOptions
from raddsim.network.road import RoadNetwork
from raddsim.network.source import check_network_source

APPROX_MARKER = "approximate hand-digitised network"
DEFAULT_NETWORK = "norrtalje_approx.osm"
OSM_LICENSE = "© OpenStreetMap contributors, ODbL 1.0"

#: Recently loaded files (path, size, mtime) → RoadData: the CLI and tests load the same file repeatedly.
_CACHE: OrderedDict[tuple, RoadData] = OrderedDict()
_CACHE_SIZE = 4


def default_network_path() -> Path:
    """The embedded default network (approximate Norrtälje main roads)."""
    from raddsim.region.region import data_dir

    return data_dir("networks") / DEFAULT_NETWORK


def _osm_meta(path: Path, fmt: str) -> dict[str, Any]:
    head = ""
    if path.name.lower().endswith((".osm", ".xml")):
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    approximate = APPROX_MARKER in head
    return {
        "source": str(path),
        "format": fmt,
        "approximate": approximate,
        "label": ("APPROXIMATE hand-digitised main-road network (not surveyed OSM data)" if approximate
                  else "OpenStreetMap"),
        **({} if approximate else {"license": OSM_LICENSE}),
    }


def _read_osm(path: Path) -> RoadData:
    from raddsim.network.osm import load_osm_xml

    G = load_osm_xml(path)
    meta = _osm_meta(path, "osm-xml")
    meta["dropped_ways"] = G.graph.get("raddsim_dropped", {})
    return RoadData.from_graph(G, meta)


def _read_pbf(path: Path) -> RoadData:
    from raddsim.network.pbf import load_pbf

    G = load_pbf(path)
    meta = _osm_meta(path, "osm-pbf")
    meta["dropped_ways"] = G.graph.get("raddsim_dropped", {})
    return RoadData.from_graph(G, meta)


def _read(path: Path, kind: str, compact: bool = True) -> RoadData:
    from raddsim.network.store import read_sidecar

    if kind in ("osm", "pbf") and compact:
        from raddsim.network.compact import load_compact

        data = load_compact(path, lambda: _read_osm(path) if kind == "osm" else _read_pbf(path))
    elif kind == "osm":
        data = _read_osm(path)
    elif kind == "pbf":
        data = _read_pbf(path)
    elif kind == "archive":
        from raddsim.network.store import load_archive

        data = load_archive(path)
    elif kind == "graphml":
        from raddsim.network.store import load_graphml

        data = load_graphml(path)
    else:
        from raddsim.network.csvgraph import load_csv_network

        data = load_csv_network(path)
    sidecar = read_sidecar(path) if path.is_file() else {}
    data.meta = {**sidecar, **data.meta} if data.meta else dict(sidecar)
    data.meta.setdefault("source", str(path))
    if kind != "archive" and data.meta["source"] == str(path):
        # Where the roads came from, as an absolute path: a converted copy (region new, network convert) keeps this
        # as its provenance, and a path relative to where it was converted named no file from anywhere else.
        data.meta["source"] = str(path.absolute())
    data.meta.setdefault("format", kind)
    data.meta.setdefault("label", "road network")
    data.meta.setdefault("approximate", False)
    data.meta["file"] = str(path)
    return data


def _check_positions(data: RoadData, path: Path) -> None:
    """Refuse a node outside WGS84's range (OSM XML, GraphML and archives were read as written: lat 99 was a road)."""
    lon, lat = np.asarray(data.lon, float), np.asarray(data.lat, float)
    bad = np.flatnonzero(~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180.0) & (np.abs(lat) <= 90.0)))
    if bad.size:
        k = int(bad[0])
        raise InputError(f"the node lies at lat {lat[k]:g}, lon {lon[k]:g}, outside WGS84 decimal "
                         f"degrees (lat -90 to 90, lon -180 to 180); {bad.size} node(s) in all.", file=path,
                         field=f"node {data.node_ids[k]}",
                         fix="correct the node's coordinates (lat and lon swapped, or projected metres?) or re-export "
                             "the network.")


#: Fewer road edges left than this share of the ways cleaning dropped is "almost no road": warned, not refused
#: (an export of paths with a few service roads among them; a car-free island's few roads are real).
ALMOST_NO_ROADS_SHARE = 0.05
#: What to export instead of paths (the drivable classes of raddsim.network.clean).
_ROADS_FIX = ("export roads (highway=motorway…track and car ferries), e.g. `raddsim network fetch --place "
              "\"<municipality>, <country>\"`, or an Overpass/JOSM export of highway=* ways.")


def _check_roads_left(data: RoadData, path: Path) -> None:
    """Refuse a network with no road a vehicle can use (only footways, paths … in the file), warn at almost none.

    Without this, a file of footways loaded as a few ferries, and the run blamed the stations' coordinates.
    """
    dropped = data.meta.get("dropped_ways") or {}
    n_dropped = int(sum(dropped.values()))
    roads = int((~np.asarray(data.edge_ferry, bool)).sum())
    if roads and roads >= ALMOST_NO_ROADS_SHARE * n_dropped:
        return
    if not dropped and not data.n_edges:
        return  # nothing at all: said below
    from raddsim.network.clean import dropped_text  # networkx: only here, not on every plain run

    why = f"{n_dropped:,} ways dropped: {dropped_text(dropped)}" if dropped else "it holds only ferries"
    if not roads:
        raise InputError(f"no road a vehicle can use is left after cleaning ({why}).", file=path, fix=_ROADS_FIX)
    import logging

    logging.getLogger("raddsim").warning("%s: only %d road edge(s) a vehicle can use are left after cleaning (%s): "
                                         "an export of paths? Fix: %s", path, roads, why, _ROADS_FIX)


def load_road_data(source: str | Path | None = None, *, compact: bool = True) -> RoadData:
    """Read any supported network source into cleaned road data (see the module doc).

    The networks shipped with raddsim are read from a compact cached form
    (:mod:`raddsim.network.compact`; identical arrays); ``compact=False`` parses
    the file and keeps the source's networkx graph (for GraphML export).

    Raises
    ------
    InputError
        For a missing file, an unknown format, or a file that is not what its name says.
    """
    path = (default_network_path() if source is None or str(source) == "default" else
            path_argument(source, "source").expanduser())
    if not path.exists():
        raise InputError("network file not found.", file=path,
                         fix="check the path (or omit it for the embedded default).")
    kind = check_network_source(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, compact) if path.is_file() else None
    if key is not None and key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    data = _read(path, kind, compact)
    _check_roads_left(data, path)
    if data.n_edges == 0:
        raise InputError("the network has no roads (no drivable ways with two or more nodes).", file=path,
                         fix="check the file's contents.")
    _check_positions(data, path)
    if key is not None:
        _CACHE[key] = data
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return data


@checked_arguments("options")
def load_network(source: str | Path | None = None, *, options: NetworkOptions | None = None) -> RoadNetwork:
    """Load a road network from any supported source and compute travel times on every edge.

    Parameters
    ----------
    source
        A file or folder (OSM XML/PBF, ``.npz`` archive, GraphML, nodes/arcs
        CSV); None or ``"default"`` for the embedded Norrtälje network.
    options
        Speeds, blue light, ferries, off-road leg (default: :class:`NetworkOptions()`).

    Returns
    -------
    RoadNetwork
    """
    if options is not None and not isinstance(options, NetworkOptions):  # was "no attribute 'implicit_speeds'"
        raise InputError(f"options must be NetworkOptions or None, got {type(options).__name__}.", field="options",
                         fix="give region.network_options, NetworkOptions(...), or leave options out.")
    return RoadNetwork.from_data(load_road_data(source), options)


__all__ = ["load_network", "load_road_data", "default_network_path", "check_network_source", "APPROX_MARKER"]
