"""Reading OpenStreetMap files into a raw road graph.

OSM XML goes through osmnx's own loader (:func:`osmnx.graph_from_xml`) so the
real OSM code path is the one raddsim uses, also for the embedded default.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import networkx as nx
import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.text import refuse_utf16
from raddsim.network.clean import WAY_TAGS, clean_graph

# Tags raddsim needs beyond osmnx's defaults: access and ferries (see
# raddsim.network.clean), implicit limits, and names of places so tätort nodes
# can be recognised.
EXTRA_WAY_TAGS = WAY_TAGS
EXTRA_NODE_TAGS = ("name", "place", "ref", "amenity")


@contextmanager
def osmnx_tags() -> Iterator[None]:
    import osmnx as ox

    old_way, old_node = list(ox.settings.useful_tags_way), list(ox.settings.useful_tags_node)
    ox.settings.useful_tags_way = list(dict.fromkeys(old_way + list(EXTRA_WAY_TAGS)))
    ox.settings.useful_tags_node = list(dict.fromkeys(old_node + list(EXTRA_NODE_TAGS)))
    try:
        yield
    finally:
        ox.settings.useful_tags_way, ox.settings.useful_tags_node = old_way, old_node


def _node_problem(attrs: dict[str, str]) -> str | None:
    """What is wrong with an OSM node's ``lat``/``lon`` (missing, empty, not a number), or None."""
    for key in ("lat", "lon"):
        value = attrs.get(key)
        if value is None:
            return f"has no {key}"
        try:
            float(value)
        except ValueError:
            comma = " (a decimal comma?)" if "," in value else ""
            return f"has {key}=\"{value}\", not a number in decimal degrees{comma}"
    return None


def _refuse_bad_node(path: Path) -> None:
    """Find the first node whose position osmnx could not read and refuse it by id and line (re-read only then)."""
    import bz2
    from xml.parsers import expat

    parser = expat.ParserCreate()
    found: list[InputError] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "node" and not found and (problem := _node_problem(attrs)):
            found.append(InputError(f"node {attrs.get('id', '?')} (line {parser.CurrentLineNumber}) {problem}.",
                                    file=path,
                                    fix="give every node lat and lon in decimal degrees with a point (59.76), "
                                        "or export the area again."))
            parser.StartElementHandler = None

    parser.StartElementHandler = start
    opener = bz2.open if path.name.lower().endswith(".bz2") else open
    try:
        with opener(path, "rb") as fh:
            parser.ParseFile(fh)
    except (expat.ExpatError, OSError, EOFError):
        pass  # the node before a break in the XML is still named; otherwise osmnx's own words follow
    if found:
        raise found[0]


def load_osm_xml(path: str | Path) -> nx.MultiDiGraph:
    """Load an OSM XML file (``.osm`` or ``.osm.bz2``) as an unsimplified, cleaned graph.

    Parameters
    ----------
    path
        The OSM XML file.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``x`` (lon), ``y`` (lat) and OSM node tags; edges carry
        ``length`` in metres and the way's tags (``highway``, ``ref``,
        ``maxspeed``, ``route``, ``duration`` …). Only drivable roads and car
        ferries are kept (:func:`raddsim.network.clean.clean_graph`; the
        counts of dropped ways are in ``G.graph["raddsim_dropped"]``). Every
        component is kept so that disconnected islands can be reported rather
        than dropped.
    """
    import osmnx as ox

    path = Path(path)
    if not path.is_file():
        raise InputError("network file not found.", file=path, fix="give the path of an existing .osm file.")
    with path.open("rb") as f:  # an editor's UTF-16 save: named as such, not as osmnx's UnicodeDecodeError
        refuse_utf16(f.read(512), path)
    try:
        # A node at lat/lon inf makes osmnx's edge lengths warn "invalid value in cos" on stderr before
        # load._check_positions refuses the node by its id: that refusal is the one message.
        with osmnx_tags(), np.errstate(invalid="ignore", over="ignore"):
            G = ox.graph_from_xml(path, simplify=False, retain_all=True)
    except ET.ParseError as exc:
        raise InputError(f"not valid OSM XML ({exc}).", file=path,
                         fix="check that the file is an OSM XML export.") from None
    except Exception as exc:  # osmnx raises plain exceptions for empty/odd files
        if type(exc).__name__ == "InsufficientResponseError":  # its words are about a server: this is a file
            raise InputError("the file holds no OSM nodes and ways (an empty or cut-off export?).", file=path,
                             fix="export the area again with its roads (e.g. raddsim network fetch, or JOSM/"
                                 "Overpass as OSM XML).") from None
        if isinstance(exc, (KeyError, ValueError)):  # osmnx's KeyError: 'lat' named no node
            _refuse_bad_node(path)
        raise InputError(
            f"could not read OSM data ({type(exc).__name__}: {exc}).",
            file=path,
            fix="check that the file is an OSM XML export with nodes and ways.",
        ) from None
    G, dropped = clean_graph(G)
    G.graph["source_file"] = str(path)
    G.graph["raddsim_dropped"] = dropped
    return G
