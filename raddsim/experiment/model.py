"""The model of one run: region + network, and the arrays each scenario needs.

Travel-time tables and demand points are computed once and cached: scenarios
that share station positions share tables; scenarios that share a demand spec
share demand points. The engine sees arrays only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.core.text import lat_lon
from raddsim.demand import DemandPoints, DemandSpec, demand_points
from raddsim.demand.islands import with_island_points
from raddsim.demand.points import warn_implausible_demand
from raddsim.engine import Fleet, Policies, PolicyContext, TravelTables
from raddsim.engine.crews import build_fleet, equipment_index
from raddsim.engine.force import Requirement, priority_levels, requirements
from raddsim.engine.policies import make_policy, policy_names
from raddsim.engine.travel import ROW_CACHE, HomeTrees, NodeRows
from raddsim.experiment.station_tables import StationTables, home_tree, move_rows, out_tree
from raddsim.network import NetworkOptions, RoadNetwork, load_network
from raddsim.network.connectivity import all_ferries_in_service, check_stations
from raddsim.network.options import LIGHT_VEHICLE
from raddsim.network.snap import nearest_driveable_nodes, swapped_hint
from raddsim.region.config import Table
from raddsim.region.region import Region, Setup
from raddsim.region.scenarios import blame_scenario
from raddsim.region.stations import Station, unique_labels
from raddsim.region.zones import OUTSIDE_ZONES, TargetZones
from raddsim.sea.tables import boat_rows, warn_islands_on_roads, with_islands

#: (region file, station) pairs already warned of an empty station area in this process.
_EMPTY_AREAS_WARNED: set[tuple[str, str]] = set()
#: (region file, station) pairs already warned of standing far from the roads in this process.
_FAR_STATIONS_WARNED: set[tuple[str, str]] = set()
#: Name of the area of island alarms (islands without road access); translated by raddsim.views.i18n.
ARCHIPELAGO_AREA = "Archipelago"

log = logging.getLogger(__name__)

#: A station farther than this from the nearest road node is treated as off the network.
MAX_STATION_SNAP_M = 1000.0
#: ASSUMPTION: a station stands by a road; farther than this (more than a yard and a driveway) from the nearest road
#: node is worth a warning: a wrong digit, a station in the sea or a park, or a network without the station's streets
#: (plausible 150–400 m; the embedded default's stations are within 12 m).
WARN_STATION_SNAP_M = 250.0
#: A station refused within this of a road node may lie on a road between two far-apart junctions (a simplified
#: network keeps nodes only there): the refusal says so. Farther, it is a wrong coordinate.
JUNCTION_NOTE_M = 5000.0
#: More stations than this far from the roads are named in one warning, not one warning each.
FAR_STATIONS_ONE_BY_ONE = 3

#: Memory for the model's shortest-path rows from any node (shared by replications and scenarios).
ROW_CACHE_BYTES = 32 * 2**20


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
    policies: Policies = field(default_factory=Policies)
    #: The scenario's posterior sets, prepared on first use (:class:`raddsim.experiment.posterior.PosteriorSets`).
    posterior: Any = None

    @property
    def tables(self) -> TravelTables:
        return self.stations.tables

    def for_replication(self, seed: int, replication: int) -> "Prepared":
        """What replication ``replication`` runs on: this, or the posterior set it draws."""
        return self if self.posterior is None else self.posterior.prepared(seed, replication)


class Model:
    """A region on a road network, with cached per-scenario arrays.

    Station areas are the base stations' (the region file's own ``[stations]``,
    without mutual-aid stations outside the region), so figures per area stay
    comparable between scenarios that move or close stations. Build one with
    :func:`build_model`; every run, comparison, sweep and coverage map takes it.

    Attributes
    ----------
    region : Region
        The region file (:func:`raddsim.load_region`): ``region.scenarios`` maps names to scenarios.
    network : RoadNetwork
        The road network; ``network.meta["label"]`` says what it is (e.g. the approximate default).
    area_names : list of str
        The station areas' names, as figures per area name them.
    """

    def __repr__(self) -> str:
        return f"Model({self.region.name!r}, network: {self.network.n_nodes:,} nodes)"

    def __init__(self, region: Region, network: RoadNetwork) -> None:
        self.region = region
        self.network = network
        self._networks: dict[NetworkOptions, RoadNetwork] = {network.options: network}
        self._station_cache: dict[tuple, StationTables] = {}
        self._demand_cache: dict[tuple, tuple[DemandPoints, tuple[dict, ...]]] = {}
        #: (posterior file, scenario) pairs whose every set was checked (PosteriorSets): once, not per sweep point.
        self.checked_posteriors: set[tuple[str, str]] = set()
        self.areas = self.station_tables({k: s for k, s in region.stations.items() if not s.external})
        self.hospitals = None
        if region.hospitals:
            from raddsim.demand.transport import hospital_tables

            names, lat, lon = zip(*region.hospitals)
            self.hospitals = hospital_tables(network, list(names), np.array(lon), np.array(lat), file=str(region.file))
        self.equipment_index = equipment_index(list(region.scenarios.values()))
        #: Island alarms are an area of their own when any scenario has an archipelago layer.
        self.has_islands = any(s.sea is not None and s.sea.islands for s in region.scenarios.values())
        #: Target zone of each road node (``[region] target_zones``), None without zones.
        self.node_zones = None if region.target_zones is None else _node_zones(region.target_zones, network)
        self._zone_cache: dict[tuple, np.ndarray] = {}
        if region.target_zones is not None and self.node_zones is not None:
            islands = [i for s in region.scenarios.values() for i in s.demand.islands]
            _warn_empty_zones(region.target_zones, self.node_zones, islands)
        for s in region.scenarios.values():  # here, in the main process: the scenarios' workers would repeat them
            warn_implausible_demand(s.demand, network, str(region.file))
            if s.sea is not None:
                warn_islands_on_roads(s.sea, network)

    @property
    def area_names(self) -> list[str]:
        ids = list(self.areas.ids)
        return unique_labels(ids, [self.region.stations[s].name for s in ids]) + [ARCHIPELAGO_AREA] * self.has_islands

    @property
    def area_ids(self) -> list[str]:
        """Id of each area of :attr:`area_names` (a station id, or ``archipelago``)."""
        return list(self.areas.ids) + ["archipelago"] * self.has_islands

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
            self._station_cache[key] = _station_tables(net, stations, self.region,
                                                       self.network_for(net.options.normal_driving()))
        return self._station_cache[key]

    def crew_tables(self, setup: Setup) -> StationTables:
        """A scenario's station tables: a row per (station, vehicle class) its crews drive, and per (station,
        vehicle, boat) with island columns when the scenario has an archipelago layer (cached)."""
        st = self.road_tables(setup)
        if setup.sea is None or not setup.sea.islands:
            return st
        crews = [c for c in setup.crews if setup.sea.boat_of(c.capabilities) is not None]
        key = ("sea", id(st), setup.sea.key(), tuple(boat_rows(setup.sea, crews)))
        if key not in self._station_cache:
            self._station_cache[key] = StationTables(**with_islands(st, setup.sea, crews, self.network,
                                                                    setup.demand.access.rural_speed_kmh))
        return self._station_cache[key]

    def road_tables(self, setup: Setup) -> StationTables:
        """A scenario's station tables with a row per (station, vehicle class) its crews drive (cached)."""
        options = self.network.options if setup.network is None else setup.network
        base = self.station_tables(setup.stations, options)
        wanted = {(c.station, c.vehicle) for c in setup.crews if c.vehicle != LIGHT_VEHICLE}
        if setup.policy.move_up != "none":  # a moved crew drives its own vehicle from the other station
            wanted |= {(c.station, v) for c in setup.crews for _, v in wanted}
        pairs = sorted(wanted)
        pairs = [(s, v) for s,
                 v in pairs if options.for_vehicle(v) != options]  # a class equal to light shares its rows
        if not pairs:
            return base
        key = (options, tuple((s.id, s.lat, s.lon) for s in setup.stations.values()), tuple(pairs))
        if key not in self._station_cache:
            parts = [base]
            for v in sorted({v for _, v in pairs}):
                sub = {s: setup.stations[s] for s, vv in pairs if vv == v}
                parts.append(self.station_tables(sub, options.for_vehicle(v)))
            vehicles = [LIGHT_VEHICLE] * len(base.ids) + [v for v in sorted({v for _, v in pairs})
                                                          for s, vv in pairs if vv == v]
            self._station_cache[key] = StationTables(
                ids=tuple(i for p in parts for i in p.ids),
                node=np.concatenate([p.node for p in parts]),
                snap_m=np.concatenate([p.snap_m for p in parts]),
                tables=TravelTables(to_node=np.vstack([p.tables.to_node for p in parts]),
                                    from_node=np.vstack([p.tables.from_node for p in parts]),
                                    station_node=np.concatenate([p.node for p in parts]), rows=base.tables.rows,
                                    rows_within=base.tables.rows_within, home_tree=base.tables.home_tree,
                                    out_tree=base.tables.out_tree),
                vehicle=tuple(vehicles),
            )
        return self._station_cache[key]

    def demand(self, spec: DemandSpec) -> tuple[DemandPoints, tuple[dict, ...]]:
        """Demand points reachable by road from the base stations, and those that are not (cached)."""
        key = spec.points_key()
        if key not in self._demand_cache:
            try:
                placed = demand_points(spec, self.network)
            except InputError as err:  # a [demand] field that does not fit the network: the region file has it
                if err.file is not None:
                    raise
                raise InputError(err.message, file=self.region.file, field=err.field, fix=err.fix) from None
            points, unreachable = _reachable_points(placed, self.areas.tables, self.network)
            self._warn_empty_areas(points)
            self._demand_cache[key] = (with_island_points(points, spec, self.network.n_nodes), unreachable)
        return self._demand_cache[key]

    def _warn_empty_areas(self, points: DemandPoints) -> None:
        """Warn once per base station nearest by road to no demand (residents, holiday homes, roads, alarm objects):
        its area's rows are all "–".

        Legitimate (a station on a yard road behind one-way streets, one that only backs others up), so a warning;
        often a station placed on the wrong road, whose crews then drive from there.
        """
        demand = points.weight + points.holiday + points.road + points.objects
        weight = np.bincount(self.node_area(points.node), weights=demand,
                             minlength=len(self.areas.ids))
        for sid, w in zip(self.areas.ids, weight):
            key = (str(self.region.file), sid)
            if w <= 0 and key not in _EMPTY_AREAS_WARNED:
                _EMPTY_AREAS_WARNED.add(key)
                st = self.region.stations[sid]
                log.warning(
                    "%s: station '%s' (%s) is the nearest by road to no place alarms can happen: its station area is "
                    "empty, and every figure of the area reads '–'. Its crews still answer alarms elsewhere. Fix: if "
                    "that is not meant, check its lat/lon (%s) lies on the road it leaves by.", self.region.file,
                    st.name, sid, lat_lon(st.lat, st.lon))

    def node_area(self, nodes: np.ndarray) -> np.ndarray:
        """Station-area index of network nodes: the base station with the shortest drive (of equal drives, the
        station first by id); island columns (after the road nodes) are the archipelago area, the last one."""
        nodes = np.asarray(nodes, np.int64)
        n_road = self.areas.tables.to_node.shape[1]
        road = nodes < n_road
        out = np.full(len(nodes), len(self.areas.ids), np.int64)
        # Ties by id, not by file order: on a grid two stations reach many nodes in one time, and argmin gave them
        # to the station written first, so [stations] in another order moved alarms between areas (docs/formats.md
        # "Row order" promises the same figures).
        by_id = np.argsort(np.asarray(self.areas.ids, dtype=str), kind="stable")
        times = self.areas.tables.to_node[:, nodes[road]][by_id]
        out[road] = by_id[np.argmin(times, axis=0)]
        # A node no station reaches by road (an island without ferry or boats): the station nearest as the crow flies,
        # so its alarms (reached by no crew) count where they are, not in the first station's area by id.
        cut = np.flatnonzero(~np.isfinite(times).any(axis=0))
        if len(cut):
            net, st = self.network, self.areas.node
            ys, xs = np.radians(net.lat[st]), np.radians(net.lon[st])
            y, x = np.radians(net.lat[nodes[road][cut]]), np.radians(net.lon[nodes[road][cut]])
            d2 = (y[:, None] - ys[None, :]) ** 2 + ((x[:, None] - xs[None, :]) * np.cos(y)[:, None]) ** 2
            idx = np.flatnonzero(road)[cut]
            out[idx] = np.argmin(d2, axis=1)
        return out

    def positions(self, setup: Setup, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """WGS84 longitude and latitude of network nodes; island columns (after the road nodes) take their island's
        centre (``setup``'s archipelago), columns beyond them NaN."""
        net = self.network
        nodes = np.asarray(nodes, np.int64)
        road = nodes < net.n_nodes
        lon, lat = np.full(len(nodes), np.nan), np.full(len(nodes), np.nan)
        lon[road], lat[road] = net.lon[nodes[road]], net.lat[nodes[road]]
        islands = setup.demand.islands
        for i in np.flatnonzero(~road):
            k = int(nodes[i]) - net.n_nodes
            if 0 <= k < len(islands):
                lon[i], lat[i] = islands[k].lon, islands[k].lat
        return lon, lat

    @property
    def zone_names(self) -> list[str]:
        """The target zones' names and, last, the group outside every zone; empty without zones."""
        zones = self.region.target_zones
        return [] if zones is None else list(zones.names) + [OUTSIDE_ZONES]

    def node_zone(self, setup: Setup, nodes: np.ndarray) -> np.ndarray:
        """Target-zone index (into :attr:`zone_names`) of network nodes, islands by their centre; the region must
        have zones (``[region] target_zones``)."""
        zones = self.region.target_zones
        assert zones is not None and self.node_zones is not None, "node_zone needs [region] target_zones"
        nodes = np.asarray(nodes, np.int64)
        road = nodes < self.network.n_nodes
        out = np.empty(len(nodes), np.int64)
        out[road] = self.node_zones[nodes[road]]
        if not road.all():
            by_island = self._island_zones(setup)
            out[~road] = by_island[np.minimum(nodes[~road] - self.network.n_nodes, len(by_island) - 1)]
        return out

    def _island_zones(self, setup: Setup) -> np.ndarray:
        """The target zone of each island column of ``setup`` (its islands' centres; cached: every replication asks),
        and one more entry, outside every zone, for a column beyond them."""
        zones = self.region.target_zones
        assert zones is not None
        islands = setup.demand.islands
        key = tuple((i.lon, i.lat) for i in islands)
        if key not in self._zone_cache:
            lon, lat = np.array([i.lon for i in islands] + [np.nan]), np.array([i.lat for i in islands] + [np.nan])
            self._zone_cache[key] = zones.zone_of(lon, lat)
        return self._zone_cache[key]

    def prepare(self, setup: Setup) -> Prepared:
        """The arrays one scenario runs on."""
        try:
            return self._prepare(setup)
        except InputError as err:  # e.g. a ferry or a policy a --scenarios-file names: blame that file and table
            if setup.derived is not None or setup.name not in self.region.scenario_files:
                raise  # a derived scenario's overrides are not in the files; the region file's own names it already
            raise blame_scenario(err, Table(dict(self.region.raw), self.region.file), setup,
                                 self.region.scenario_files) from None

    def _prepare(self, setup: Setup) -> Prepared:
        st = self.crew_tables(setup)
        row = {sid: i for i, sid in reversed(list(enumerate(st.ids)))}  # first (light) row of each station
        eq = self.equipment_index
        if any(cap not in eq for c in setup.crews for cap in c.capabilities):
            eq = equipment_index([setup])  # a derived scenario may bring new equipment
        fleet = build_fleet(setup, row, eq)
        if st.vehicle or st.boat:  # each crew reads its vehicle class's (and boat's) row, also when moved
            boat = [b.id if setup.sea and (b := setup.sea.boat_of(c.capabilities)) else "" for c in setup.crews]
            rows = [st.row(c.station, c.vehicle, b) for c, b in zip(setup.crews, boat)]
            fleet = replace(fleet, station=np.array(rows, np.int64), move_rows=move_rows(st, rows))
        points, _ = self.demand(setup.demand)
        if points.sea.any():  # island columns follow the scenario's road nodes (a scenario may add roads)
            shift = st.tables.to_node.shape[1] - len(setup.demand.islands) - self.network.n_nodes
            points = replace(points, node=np.where(points.sea, points.node + shift, points.node)) if shift else points
        sets = None
        if setup.posterior is not None:
            from raddsim.experiment.posterior import PosteriorSets

            sets = PosteriorSets(self, setup)
        return Prepared(setup, fleet, st, points, self.node_area(points.node), requirements(setup.demand.catalog, eq),
                        self.policies(setup, fleet, st, points), sets)

    def policies(self, setup: Setup, fleet: Fleet, st: StationTables, points: DemandPoints) -> Policies:
        """The scenario's dispatch and move-up policy objects, prepared on its crews, stations and demand."""
        spec = setup.policy
        kind = "dispatch"
        try:
            dispatch = make_policy(kind, spec.dispatch)
            kind = "move_up"
            mover = None if spec.move_up == "none" else make_policy(kind, spec.move_up)
        except ValueError as err:
            raise self._policy_error(setup, kind, str(err)) from None
        if mover is not None:
            table = spec.move_up.rpartition(":")[2].lower()
            try:
                mover.prepare(PolicyContext(fleet, st.tables, st.ids, points.node, points.weight,
                                            dict(spec.options.get(table, {}))))
            except ValueError as err:  # its options, or its own code: not its name
                raise self._policy_error(setup, kind, str(err), table) from None
        divert_for = divert_levels(spec.divert_for, spec.divert_from, setup.demand.catalog, self.region.file)
        return Policies(dispatch=dispatch, move_up=mover, en_route=spec.en_route, divert_for=divert_for,
                        divert_from=frozenset(spec.divert_from))

    def _policy_error(self, setup: Setup, kind: str, message: str, table: str | None = None) -> InputError:
        """A policy that cannot be used, blamed on the table that names it (a scenario's, or the region's); one
        that failed to prepare (``table``: its options' table) is blamed on its options or its code."""
        if table is not None:
            fix = (f"check the options in [policies.{table}] (README, Policies), or, for a policy of your own, its "
                   f"prepare(context) code.")
        elif "ModuleNotFoundError" in message:  # a researcher's module Python cannot find: not a wrong name
            fix = ('put the folder holding the module on Python\'s path (run `PYTHONPATH=. raddsim …` in it) or '
                   'install it; the name is "module:Class" (CONTRIBUTING.md has an example).')
        else:
            fix = (f"name a shipped policy ({', '.join(policy_names()[kind])}) or an importable "
                   f'"module:Class" with the interface in raddsim/engine/policies.py (README, Policies).')
        err = InputError(f"{message}.", file=self.region.file, field=f"policies.{kind}", fix=fix)
        if setup.derived is not None:  # a sweep point's or derived scenario's override: the field is its key
            return err
        return blame_scenario(err, Table(dict(self.region.raw), self.region.file), setup, self.region.scenario_files)


def divert_levels(levels: tuple[int, ...], taken: tuple[int, ...], catalog: Any, region_file: Path) -> frozenset[int]:
    """``[dispatch] divert_for`` (and ``divert_from``) checked against the incident types: each level is some type's
    ``priority`` and some type is less urgent (else no crew would ever be diverted, unsaid)."""
    if not levels:
        return frozenset()
    given = sorted({t.priority for t in catalog.types if t.priority is not None})
    missing = [lv for lv in (*levels, *taken) if lv not in given]
    lower = [lv for lv in (taken or priority_levels(catalog)) if lv > min(levels)]
    if missing or not lower:
        why = f"no incident type has priority {missing[0]}" if missing else \
            f"no incident type whose crews may be taken is less urgent than priority {min(levels)}"
        raise InputError(f"divert_for = {list(levels)}, but {why} (the types' priorities: "
                         f"{', '.join(map(str, given)) or 'none'}; {catalog.file or 'the incident types'}).",
                         file=region_file, field="dispatch.divert_for",
                         fix="give the urgent types a priority (1 most urgent) and the others a larger one, or list "
                             "only levels the types have.")
    return frozenset(levels)


def _station_tables(net: RoadNetwork, stations: Mapping[str, Station], region: Region,
                    back: RoadNetwork | None = None) -> StationTables:
    """Travel tables of ``stations``: out on ``net`` (emergency driving), back on ``back`` (normal driving)."""
    ids = tuple(stations)
    lon = np.array([stations[s].lon for s in ids])
    lat = np.array([stations[s].lat for s in ids])
    nodes, snap = _station_nodes(net, lon, lat)
    for sid, d in zip(ids, snap):
        if d > MAX_STATION_SNAP_M:
            raise _station_off_network(net, stations[sid], sid, float(d), region)
    _warn_far_stations(ids, snap, stations, str(region.file))
    # A station off the main network is a data error; one cut off by a ferry out of service is a warning.
    check_stations(net, ids, nodes, file=str(region.file), names={k: stations[k].name for k in ids}, points=(lon, lat))
    to_node = net.times_from(nodes)
    from_node = (back or net).times_to(nodes)  # crews drive home without blue lights
    # Travel from any node (crews dispatched on the road): one Dijkstra row on demand. The rows and the routes
    # home are pure functions of the network, so they are kept here, across replications and scenarios
    # (a bounded cache: memory stays stations × nodes plus the cache, never nodes × nodes).
    rows = NodeRows(partial(_times_from_node, net), maxsize=max(ROW_CACHE, ROW_CACHE_BYTES // (8 * net.row_floats)),
                    within=partial(_times_from_node_within, net))
    return StationTables(ids, nodes, snap,
                         TravelTables(to_node=to_node, from_node=from_node, station_node=nodes, rows=rows,
                                      rows_within=partial(_times_from_node_within, net),
                                      home_tree=HomeTrees(partial(home_tree, back or net)),
                                      out_tree=HomeTrees(partial(out_tree, net))))


def _station_off_network(net: RoadNetwork, station: Station, sid: str, d: float, region: Region) -> InputError:
    """The refusal of a station ``d`` m from the nearest road node: a coordinate hint, else the junctions' note."""
    hint = swapped_hint(net, station.lat, station.lon, MAX_STATION_SNAP_M)
    if not hint and d <= JUNCTION_NOTE_M:
        hint = ("; the distance is to a node, and a simplified network (such as `network fetch` writes) keeps nodes "
                "only at junctions and road ends, so a station on a road between two far-apart junctions is refused "
                "too")
    return InputError(
        f"station '{station.name}' ({sid}) is {d / 1000:.1f} km from the nearest road node (junction) of the network "
        f"{net.meta.get('source', '')}{hint}.",
        file=region.file,
        field=f"stations.{sid}.lat/lon",
        fix="correct the station's coordinates (WGS84 decimal degrees) or use a network that covers it (with a node "
            "near the station).",
    )


def _warn_far_stations(ids: tuple[str, ...], snap_m: np.ndarray, stations: Mapping[str, Station], file: str) -> None:
    """Warn, once per station and process, of a station more than :data:`WARN_STATION_SNAP_M` from the roads.

    Up to :data:`MAX_STATION_SNAP_M` such a station was moved to the nearest road without a word: a station typed
    with a wrong digit, or placed in a harbour, ran as if it stood on the quay.
    """
    far = [(sid, d) for sid, d in zip(ids, snap_m.tolist())
           if d > WARN_STATION_SNAP_M and (file, sid) not in _FAR_STATIONS_WARNED]
    _FAR_STATIONS_WARNED.update((file, sid) for sid, _ in far)
    if len(far) > FAR_STATIONS_ONE_BY_ONE:  # a sparse simplified network: one warning, not one per station
        names = ", ".join(f"'{stations[sid].name}' {d:.0f} m" for sid, d in sorted(far, key=lambda x: -x[1]))
        log.warning("%s: %d stations are more than %.0f m from the nearest road node (junction) of the network, and "
                    "their crews leave from that node: %s. A simplified network keeps nodes only at junctions and road "
                    "ends, so stations on a road between far-apart junctions are among them. Fix: check the stations' "
                    "lat/lon (WGS84 decimal degrees), or use a network with nodes along the stations' own streets.",
                    file, len(far), WARN_STATION_SNAP_M, names)
        return
    for sid, d in far:
        log.warning("%s: station '%s' (stations.%s) is %.0f m from the nearest road node of the network: its crews "
                    "leave from that node. Fix: check the station's lat/lon (WGS84 decimal degrees), or use a "
                    "network that holds the station's own streets.", file, stations[sid].name, sid, d)


def _node_zones(zones: TargetZones, net: RoadNetwork) -> np.ndarray:
    """The target zone of every road node; refused when no zone holds a node (lat/lon swapped, another region)."""
    out = zones.zone_of(net.lon, net.lat)
    if net.n_nodes and not (out < len(zones.names)).any():
        raise InputError(f"none of its {len(zones.names)} zone(s) holds a road node of the network (longitude "
                         f"{net.lon.min():.3f}–{net.lon.max():.3f}, latitude {net.lat.min():.3f}–{net.lat.max():.3f}).",
                         file=zones.file, field="features",
                         fix="check the zones lie in the region and their coordinates are longitude first, then "
                             "latitude (GeoJSON's order).")
    return out


def _warn_empty_zones(zones: TargetZones, node_zones: np.ndarray, islands: list) -> None:
    """Warn of zones that hold no road node and no island: no alarm can fall in them (an alarm lies in its node's
    zone), so their rows are missing from every table — a zone drawn between the roads or beyond the network."""
    held = set(node_zones.tolist())
    if islands:
        held |= set(zones.zone_of(np.array([i.lon for i in islands]), np.array([i.lat for i in islands])).tolist())
    empty = [name for k, name in enumerate(zones.names) if k not in held]
    if empty:
        log.warning("%s: %d zone(s) hold no road node of the network (%s): no alarm can fall in them, as an alarm lies "
                    "in the zone of its road node. Fix: check they lie where the roads are, or draw them to take in "
                    "the roads that serve them.", zones.file, len(empty), ", ".join(empty[:5])
                    + (" …" if len(empty) > 5 else ""))


def _station_nodes(net: RoadNetwork, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The node each station leaves from, and its distance (m): the nearest node, as for places.

    Where the nearest node lies on a fragment crews cannot leave and return to (a road stub cut off at the edge
    of an extract: Helsinki's Töölö) and a connected road is about as near, that road's node — the rule
    :func:`~raddsim.network.snap.nearest_driveable_nodes` applies to places. With every ferry in service, so a
    station a scenario cuts off by taking a ferry out of service (Blidö) stays where it is.
    """
    nodes, snap = net.nearest_nodes(lon, lat)
    nodes, snap = np.array(nodes, np.int64), np.array(snap, float)
    full = all_ferries_in_service(net)
    off = np.flatnonzero(~full.main_component[nodes])
    if len(off):
        nodes[off], snap[off] = nearest_driveable_nodes(full, lon[off], lat[off])
    return nodes, snap


def _times_from_node(net: RoadNetwork, node: int) -> Any:
    return net.row_from(node)


def _times_from_node_within(net: RoadNetwork, node: int, limit: float) -> Any:
    return net.row_from(node, limit)


def _reachable_points(pts: DemandPoints, tables: TravelTables,
                      net: RoadNetwork) -> tuple[DemandPoints, tuple[dict, ...]]:
    """The demand points alarms are drawn at, and a record of each point no base station reaches by road.

    A point no station reaches (an island without a ferry or ``[archipelago]`` boats, roads cut off at the
    extract's edge) stays: its alarms are drawn as any other and the engine flags them reached by no crew
    (``unreachable``), so the alarm rate is not moved onto the reachable residents. A point crews reach but cannot
    leave (a one-way trap) is left out: a crew sent there would never come back.
    """
    to_any = np.isfinite(tables.to_node[:, pts.node]).any(axis=0)
    reach = to_any & np.isfinite(tables.from_node[:, pts.node]).any(axis=0)
    unreachable: tuple[dict[str, Any], ...] = tuple(
        {"name": str(pts.name[k]), "population": float(pts.weight[k]),
         "lat": float(net.lat[pts.node[k]]), "lon": float(net.lon[pts.node[k]]),
         "alarms": "not reached" if not to_any[k] else "left out"}
        for k in np.flatnonzero(~reach)
    )
    # Points with no inhabitants carry no alarms of the residents: not worth a warning.
    shown = [u for u in unreachable if u["population"] > 0]
    total = float(pts.weight.sum())
    kept = [u for u in shown if u["alarms"] == "not reached"]
    if kept:
        _warn_unreached(kept, total, "cannot be reached by road by any crew: their alarms are simulated and count "
                        "as reached by no crew, and every 'residents within' figure counts them as not reached")
    if len(kept) < len(shown):
        _warn_unreached([u for u in shown if u["alarms"] == "left out"], total,
                        "can be reached by road but not left (one-way roads): they are left out, their alarms spread "
                        "over the other residents")
    return pts.subset(np.flatnonzero(reach | ~to_any)), unreachable


def _warn_unreached(points: list[dict], total: float, what: str) -> None:
    """The warning for demand points no crew reaches by road (or cannot leave), with the real remedies."""
    left = sum(u["population"] for u in points)
    log.warning(
        "%s demand point(s) (%s inhabitants, %s of the residents) %s: %s%s. Fix: an island needs a ferry in the "
        "network or boats in the region's [archipelago] table (docs/formats.md); roads cut off at the extract's edge "
        "(raddsim network info lists the parts) need a larger extract, or joined roads.",
        f"{len(points):,}", f"{left:,.0f}", _share(left, total), what,
        ", ".join(f"{_point_name(u['name'])} ({u['lat']:.4f}, {u['lon']:.4f})" for u in points[:5]),
        f" and {len(points) - 5} more" if len(points) > 5 else "",
    )


def _share(part: float, total: float) -> str:
    share = 100 * part / total if total > 0 else 0.0
    return f"{share:.0f} %" if share >= 1 else f"{share:.1g} %"


def _point_name(name: str) -> str:
    # "rural" is the demand model's own label of the residents outside the places (a city's too, without a places
    # file): "countryside" misnamed them there.
    return "residents along the roads" if name == "rural" else name


@checked_arguments("region", "network")
def build_model(region: Region, network: RoadNetwork | None = None) -> Model:
    """Load the region's network (unless given) and build the model.

    Building it once and passing it to every run reuses its travel tables (scenarios on the same stations and
    network share them).

    Parameters
    ----------
    region : Region
        The region (:func:`raddsim.load_region`).
    network : RoadNetwork or None
        A road network already loaded; None loads the region's own (its file and options).

    Returns
    -------
    Model
        The model the runs, coverage and reports take.

    Raises
    ------
    InputError
        For a ``region`` that is not a :class:`Region` (a path: ``build_model(load_region(path))``), or a
        network that cannot be loaded.
    """
    if not isinstance(region, Region):
        raise InputError(f"build_model takes a Region, got {type(region).__name__} {region!r:.80}.", field="region",
                         fix="load the region file first: build_model(load_region(path)), or "
                             "build_model(load_region()) for the default.")
    if network is not None and not isinstance(network, RoadNetwork):
        raise InputError(f"network must be a RoadNetwork or None, got {type(network).__name__} {network!r:.60}.",
                         field="network", fix="load it first: network=load_network(path, "
                                              "options=region.network_options), or leave it out for the region's own.")
    return Model(region, network if network is not None else region_network(region))


def region_network(region: Region, source: str | Path | None = None) -> RoadNetwork:
    """The region's network (or ``source``) under the region's ``[network]`` options.

    An error of those options (an added road far from the roads, a ferry name the network lacks) names the
    region file that wrote them, not the network file (whose rows are not at fault).
    """
    try:
        return load_network(region.network_path if source is None else source, options=region.network_options)
    except InputError as err:
        if not (err.field or "").startswith("network."):
            raise
        raise InputError(err.message, file=region.file, field=err.field, fix=err.fix) from None
