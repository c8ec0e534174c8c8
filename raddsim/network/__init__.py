"""Road networks: loading, speeds and travel-time tables."""

from raddsim.network.load import load_network
from raddsim.network.osm import load_osm_xml
from raddsim.network.road import RoadNetwork, to_sweref

__all__ = ["RoadNetwork", "load_network", "load_osm_xml", "to_sweref"]
