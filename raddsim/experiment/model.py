"""The model of one run: region + network, and the arrays each scenario needs.

Travel-time tables and demand points are computed once and cached: scenarios
that share station positions share tables; scenarios that share a demand spec
share demand points. The engine sees arrays only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from raddsim.engine.crews import build_fleet, equipment_index
from raddsim.demand import DemandPoints, DemandSpec, demand_points
from raddsim.engine import Fleet, TravelTables
from raddsim.core.errors import InputError
from raddsim.engine.force import Requirement, requirements
from raddsim.network import NetworkOptions, RoadNetwork, load_network
from raddsim.network.connectivity import check_stations
from raddsim.region.region import Region, Setup
from raddsim.region.stations import Station, unique_labels

log = logging.getLogger(__name__)

#: A station farther than this from the nearest road node is treated as off the network.
MAX_STATION_SNAP_M = 1000.0


@dataclass(frozen=True)
class StationTables:
    """Stations snapped to the network and their travel tables.

    Attributes
    ----------
    ids
        Station ids in row order.
    node, snap_m
        Network node of each station and its distance from the station's coordinates.
    tables
        Station ↔ node travel times (s).
    """

    ids: tuple[str, ...]
    node: np.ndarray
    snap_m: np.ndarray
    tables: TravelTables


@dataclass(frozen=True)
class Prepared:
    """What the engine and metrics need for one scenario.

    Attributes
    ----------
    fleet
        The scenario's crews as arrays.
    tables
        Travel tables of the scenario's stations.
    points
        Demand points (the same for every scenario with the same demand spec).
    point_area
        Station-area index (into :attr:`Model.area_names`) of each demand point.
    """

    setup: Setup
    fleet: Fleet
    stations: StationTables
    points: DemandPoints
    point_area: np.ndarray
    requirements: list[Requirement]

    @property
    def tables(self) -> TravelTables:
        return self.stations.tables


class Model:
    """A region on a road network, with cached per-scenario arrays.

    Station areas are the base stations' (the region file's own ``[stations]``,
    without mutual-aid stations outside the region), so figures per area stay
    comparable between scenarios that move or close stations.
    """

    def __init__(self, region: Region, network: RoadNetwork) -> None:
        self.region = region
        self.network = network
        self._networks: dict[NetworkOptions, RoadNetwork] = {network.options: network}
        self._station_cache: dict[tuple, StationTables] = {}
        self._demand_cache: dict[tuple, tuple[DemandPoints, tuple[dict, ...]]] = {}
        self.areas = self.station_tables({k: s for k, s in region.stations.items() if not s.external})
        self.hospitals = None
        if region.hospitals:
            from raddsim.demand.transport import hospital_tables

            names, lat, lon = zip(*region.hospitals)
            self.hospitals = hospital_tables(network, list(names), np.array(lon), np.array(lat))
        self.equipment_index = equipment_index(list(region.scenarios.values()))

    @property
    def area_names(self) -> list[str]:
        ids = list(self.areas.ids)
        return unique_labels(ids, [self.region.stations[s].name for s in ids])

    def network_for(self, options: NetworkOptions | None) -> RoadNetwork:
        """The network under a scenario's network options (one per distinct options, cached)."""
        if options is None:
            return self.network
        if options not in self._networks:
            try:
                self._networks[options] = self.network.with_options(options)
            except InputError as err:  # e.g. an out-of-service ferry the network does not have
                raise InputError(err.message, file=self.region.file, field=err.field, fix=err.fix) from None
        return self._networks[options]

    def station_tables(self, stations: Mapping[str, Station], options: NetworkOptions | None = None) -> StationTables:
        """Snap stations to the network and compute their travel tables (cached per options and stations)."""
        options = self.network.options if options is None else options
        key = (options, tuple((s.id, s.lat, s.lon) for s in stations.values()))
        if key not in self._station_cache:
            net = self.network_for(options)
            self._station_cache[key] = _station_tables(net, stations, self.region, self.network_for(net.options.normal_driving()))
        return self._station_cache[key]

    def demand(self, spec: DemandSpec) -> tuple[DemandPoints, tuple[dict, ...]]:
        """Demand points reachable by road from the base stations, and those that are not (cached)."""
        key = spec.points_key()
        if key not in self._demand_cache:
            self._demand_cache[key] = _reachable_points(demand_points(spec, self.network), self.areas.tables, self.network)
        return self._demand_cache[key]

    def node_area(self, nodes: np.ndarray) -> np.ndarray:
        """Station-area index of network nodes: the base station with the shortest drive."""
        return np.argmin(self.areas.tables.to_node[:, nodes], axis=0).astype(np.int64)

    def prepare(self, setup: Setup) -> Prepared:
        """The arrays one scenario runs on."""
        st = self.station_tables(setup.stations, setup.network)
        row = {sid: i for i, sid in enumerate(st.ids)}
        eq = self.equipment_index
        if any(cap not in eq for c in setup.crews for cap in c.capabilities):
            eq = equipment_index([setup])  # a derived scenario may bring new equipment
        fleet = build_fleet(setup, row, eq)
        points, _ = self.demand(setup.demand)
        return Prepared(setup, fleet, st, points, self.node_area(points.node), requirements(setup.demand.catalog, eq))


def _station_tables(net: RoadNetwork, stations: Mapping[str, Station], region: Region,
                    back: RoadNetwork | None = None) -> StationTables:
    """Travel tables of ``stations``: out on ``net`` (emergency driving), back on ``back`` (normal driving)."""
    ids = tuple(stations)
    lon = np.array([stations[s].lon for s in ids])
    lat = np.array([stations[s].lat for s in ids])
    nodes, snap = net.nearest_nodes(lon, lat)
    for sid, d in zip(ids, snap):
        if d > MAX_STATION_SNAP_M:
            raise InputError(
                f"station '{sid}' is {d / 1000:.1f} km from the nearest road of the network {net.meta.get('source', '')}.",
                file=region.file,
                field=f"stations.{sid}.lat/lon",
                fix="correct the station's coordinates (WGS84 decimal degrees) or use a network that covers it.",
            )
    # A station off the main network is a data error; one cut off by a ferry out of service is a warning.
    check_stations(net, ids, nodes, file=str(region.file), names={k: stations[k].name for k in ids})
    to_node = net.times_from(nodes)
    from_node = (back or net).times_to(nodes)  # crews drive home without blue lights
    return StationTables(ids, nodes, snap, TravelTables(to_node=to_node, from_node=from_node))


def _reachable_points(pts: DemandPoints, tables: TravelTables, net: RoadNetwork) -> tuple[DemandPoints, tuple[dict, ...]]:
    reach = np.isfinite(tables.to_node[:, pts.node]).any(axis=0) & np.isfinite(tables.from_node[:, pts.node]).any(axis=0)
    unreachable = tuple(
        {"name": str(pts.name[k]), "population": float(pts.weight[k]),
         "lat": float(net.lat[pts.node[k]]), "lon": float(net.lon[pts.node[k]])}
        for k in np.flatnonzero(~reach)
    )
    if unreachable:
        log.warning(
            "%d demand point(s) (%.0f inhabitants) cannot be reached by road and are left out: %s",
            len(unreachable),
            sum(u["population"] for u in unreachable),
            ", ".join(f"{u['name']} ({u['lat']:.4f}, {u['lon']:.4f})" for u in unreachable[:5]),
        )
    return pts.subset(np.flatnonzero(reach)), unreachable


def build_model(region: Region, network: RoadNetwork | None = None) -> Model:
    """Load the region's network (unless given) and build the model."""
    return Model(region, network if network is not None else load_network(region.network_path, options=region.network_options))
