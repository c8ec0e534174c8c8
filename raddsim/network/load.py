"""One entry point for every way of getting a road network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from raddsim.errors import InputError
from raddsim.network.osm import load_osm_xml
from raddsim.network.road import RoadNetwork
from raddsim.network.speeds import add_travel_times

APPROX_MARKER = "approximate hand-digitised network"


def _provenance(path: Path) -> dict[str, Any]:
    head = ""
    if path.suffix == ".osm":
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    approximate = APPROX_MARKER in head
    return {
        "source": str(path),
        "format": "osm-xml",
        "approximate": approximate,
        "label": (
            "APPROXIMATE hand-digitised main-road network (not surveyed OSM data)"
            if approximate
            else "OpenStreetMap"
        ),
    }


def load_network(path: str | Path, **speed_options: Any) -> RoadNetwork:
    """Load a road network file and compute travel times on every edge.

    Parameters
    ----------
    path
        An OSM XML file (``.osm``, ``.osm.bz2``).
    **speed_options
        Passed to :func:`raddsim.network.speeds.add_travel_times`.

    Returns
    -------
    RoadNetwork
    """
    path = Path(path)
    name = path.name.lower()
    if name.endswith((".osm", ".osm.bz2", ".xml")):
        G = load_osm_xml(path)
    else:
        raise InputError(
            f"unsupported network format '{path.suffix}'.",
            file=path,
            fix="give an OpenStreetMap XML file (.osm or .osm.bz2).",
        )
    if G.number_of_edges() == 0:
        raise InputError("the network has no roads (no ways with two or more nodes).", file=path, fix="check the file's contents.")
    add_travel_times(G, **speed_options)
    return RoadNetwork.from_graph(G, _provenance(path))
