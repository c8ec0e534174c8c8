"""Road networks: loading any source, speeds, ferries, snapping and travel-time tables.

``load_network(source, options=...)`` is the one entry point; see
:mod:`raddsim.network.load` for the formats and ``docs/formats.md``.
"""

from raddsim.network.data import RoadData
from raddsim.network.load import default_network_path, load_network, load_road_data
from raddsim.network.options import NetworkOptions, parse_network_options
from raddsim.network.positions import metric_crs, to_metric, to_sweref
from raddsim.network.road import RoadNetwork
from raddsim.network.snap import SnapResult, snap_points


def __getattr__(name: str):
    # The OSM XML reader needs networkx and osmnx; import it only when asked for (a plain run reads
    # the shipped network from its compact cache, raddsim.network.compact).
    if name == "load_osm_xml":
        from raddsim.network.osm import load_osm_xml

        return load_osm_xml
    raise AttributeError(f"module 'raddsim.network' has no attribute {name!r}")


__all__ = ["NetworkOptions", "RoadData", "RoadNetwork", "SnapResult", "default_network_path", "load_network",
           "load_osm_xml", "load_road_data", "metric_crs", "parse_network_options", "snap_points", "to_metric",
           "to_sweref"]
