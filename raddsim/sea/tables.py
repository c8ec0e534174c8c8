"""Island columns in the travel tables: how the second travel mode reaches the engine.

The engine indexes ``to_node[row, node]`` and ``from_node[row, node]``; islands become
extra node columns appended after the road network's nodes (column ``n_nodes + k`` is
island ``k`` of the layer). Crews with a boat get rows of their own, one per
(station, vehicle class, boat type): the road columns of their vehicle's row (``inf``
for crews that only have a boat) and the island columns of :mod:`raddsim.sea.crossing`.
Every other row is ``inf`` on the islands, so a crew without a boat is never ranked for
an island alarm, and an island alarm is never snapped across the water to a road node.

En-route dispatch (``TravelTables.rows``): a row from a road node is ``inf`` on the
islands and a row from an island is ``inf`` everywhere, so a crew on its way home is sent
to an island only through its station's row (drive home, then out by boat: an upper
bound), and a crew leaving an island is sent on only by the same bound.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Iterable

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.text import lat_lon
from raddsim.engine import TravelTables
from raddsim.network.road import RoadNetwork
from raddsim.network.snap import swapped_fix
from raddsim.sea.crossing import haversine_km, island_times
from raddsim.sea.spec import SeaSpec

#: A launch point farther than this from the nearest road node is a data error (the default network has
#: main roads only, so harbours and ramps lie up to a few km off them).
MAX_LAUNCH_SNAP_M = 5000.0
#: An island whose landing is farther than this from every launch point is a coordinate error, not a long crossing
#: (ASSUMPTION: a rescue service's boats cross at most a few tens of km; on the default the farthest island lies
#: 19.5 km from its nearest launch point).
MAX_CROSSING_KM = 100.0


#: An island whose centre lies this close to a road node reachable from the mainland is on the road network
#: (ASSUMPTION 250 m: on the default network, with main roads only, the nearest island centre lies 1.7 km from a
#: road; a real island across a sound from a road is at least a few hundred metres from it).
ISLAND_ON_ROAD_M = 250.0
log = logging.getLogger("raddsim")
#: Islands already warned about in this process (scenarios share one islands file: said once).
_WARNED: set[tuple[str, str]] = set()


def warn_islands_on_roads(sea: SeaSpec, net: RoadNetwork) -> None:
    """Warn once per island whose centre lies on the road network: it needs no boat, yet is served by boat only.

    A warning, not an error (audit7): a legitimate study may keep an island with a bridge or a car ferry in the
    islands table to ask how it fares by boat (a scenario that closes the link). Far more often the row has
    mainland coordinates (a typo, lat/lon from the wrong place), and its alarms then wait for a boat.

    Parameters
    ----------
    sea : SeaSpec
        A scenario's archipelago layer.
    net : RoadNetwork
        The road network (its largest strongly connected component is what the stations reach).
    """
    if not sea.islands:
        return
    nodes, snap = net.nearest_nodes(np.array([i.lon for i in sea.islands]), np.array([i.lat for i in sea.islands]))
    nodes = np.asarray(nodes, np.int64)
    main = np.asarray(net.main_component)[nodes]
    for isl, node, d, on in zip(sea.islands, nodes, snap, main):
        key = (str(sea.islands_file or sea.file), isl.name)
        if on and d <= ISLAND_ON_ROAD_M and key not in _WARNED:
            _WARNED.add(key)
            where = f"line {isl.row}: " if isl.row else ""
            log.warning("%s: %sisland '%s' at %s lies %.0f m from a road the stations reach (%s): it needs no boat, "
                        "yet its alarms are served by boat only. Fix: correct its lat/lon (WGS84 decimal degrees: lat, "
                        "then lon), or remove the row if it has a road link (its people then belong to the "
                        "mainland's demand).", key[0], where, isl.name, lat_lon(isl.lat, isl.lon), d,
                        net.node_label(int(node)))


def boat_rows(sea: SeaSpec, crews: Iterable[Any]) -> list[tuple[str, str, str]]:
    """The (station, vehicle, boat type) rows a scenario's crews need, sorted."""
    return sorted({(c.station, c.vehicle, b.id) for c in crews if (b := sea.boat_of(c.capabilities)) is not None})


def island_geometry(sea: SeaSpec) -> tuple[np.ndarray, np.ndarray]:
    """Per launch point × island: straight-line km from the launch to the landing plus the shore run; and
    per island the time ashore (landing + walk, s)."""
    la = np.array([[ln.lat, ln.lon] for ln in sea.launches]).reshape(-1, 2)
    isl = np.array([[i.landing_lat, i.landing_lon, i.shore_km, i.walk_km] for i in sea.islands]).reshape(-1, 4)
    km = haversine_km(la[:, :1], la[:, 1:], isl[None, :, 0], isl[None, :, 1]) + isl[None, :, 2]
    far = np.flatnonzero(km.min(axis=0, initial=np.inf) > MAX_CROSSING_KM) if len(la) else np.zeros(0, np.int64)
    if len(far):
        i = sea.islands[int(far[0])]
        fix = "correct its landing_lat/landing_lon (WGS84 decimal degrees), or add a launch point near it to the " \
              "launches file."
        swapped = haversine_km(la[:, :1], la[:, 1:], np.array(i.landing_lon), np.array(i.landing_lat)) + i.shore_km
        if len(la) and swapped.min() <= MAX_CROSSING_KM:  # read the other way round it lies among the launches
            fix = (f"latitude and longitude look swapped: read the other way round the landing lies "
                   f"{swapped.min():,.0f} km from a launch point; exchange landing_lat and landing_lon.")
        raise InputError(f"island '{i.name}' lands {km[:, far[0]].min():,.0f} km from the nearest launch point "
                         f"(at most {MAX_CROSSING_KM:g} km is taken as a crossing).", file=sea.islands_file or sea.file,
                         field="landing_lat/landing_lon" if sea.islands_file else "archipelago.islands", fix=fix)
    ashore = sea.landing_s + isl[:, 3] / sea.walk_kmh * 3600.0
    return km, ashore


def launch_access(sea: SeaSpec, net: RoadNetwork, offroad_kmh: float) -> tuple[np.ndarray, np.ndarray]:
    """Road node of each launch point and the time (s) from that node to the water's edge."""
    if not sea.launches:
        return np.zeros(0, np.int64), np.zeros(0)
    lon, lat = np.array([ln.lon for ln in sea.launches]), np.array([ln.lat for ln in sea.launches])
    nodes, snap = net.nearest_nodes(lon, lat)
    for ln, d in zip(sea.launches, snap):
        if d > MAX_LAUNCH_SNAP_M:
            # Named in the launches file, where the row is (was: the region file's archipelago.launches).
            raise InputError(f"launch point '{ln.name}' ({ln.station}) at {ln.lat:.5f}N {ln.lon:.5f}E is "
                             f"{d / 1000:.1f} km from the nearest road.", file=sea.launches_file or sea.file,
                             field="lat/lon" if sea.launches_file else "archipelago.launches",
                             fix=swapped_fix(net, ln.lat, ln.lon, MAX_LAUNCH_SNAP_M,
                                             "correct its lat/lon (WGS84 decimal degrees: lat, then lon), or use a "
                                             "network with its road."))
    return np.asarray(nodes, np.int64), np.asarray(snap, float) / (offroad_kmh / 3.6)


class IslandRows:
    """Travel times from one node to every road node and island column (picklable, for en-route dispatch).

    A road node's row is ``inf`` on the islands; an island's row is ``inf`` everywhere (see the module doc). With
    ``within`` (the road rows searched up to a limit), :meth:`within` gives the same rows searched only that far.
    A road row read by node (a large network's) stays one: :class:`IslandRow`.
    """

    def __init__(self, rows: Callable[[int], Any], n_road: int, n_islands: int,
                 within: Callable[[int, float], Any] | None = None) -> None:
        self.rows, self.n_road, self.n_islands, self.road_within = rows, n_road, n_islands, within

    def __call__(self, node: int) -> Any:
        if node >= self.n_road:
            return np.full(self.n_road + self.n_islands, np.inf)
        return self._with_islands(self.rows(node))

    def within(self, node: int, limit: float) -> Any:
        """The row from ``node`` searched only up to ``limit`` s (needs the road rows' ``within``)."""
        if self.road_within is None:
            raise TypeError("these island rows were made without the road rows' bounded search (within=None)")
        if node >= self.n_road:
            return np.full(self.n_road + self.n_islands, np.inf)
        return self._with_islands(self.road_within(node, limit))

    def _with_islands(self, road: Any) -> Any:
        if isinstance(road, np.ndarray):
            return np.concatenate([road, np.full(self.n_islands, np.inf)])
        return IslandRow(road, self.n_road, self.n_islands)


class IslandRow:
    """A road row read by node (``row[nd]``) with the island columns after it, ``inf`` (roads do not cross the
    water); made whole by ``np.asarray(row)``."""

    __slots__ = ("road", "n_road", "n")

    def __init__(self, road: Any, n_road: int, n_islands: int) -> None:
        self.road, self.n_road, self.n = road, n_road, n_road + n_islands

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, nd: Any) -> Any:
        if not isinstance(nd, (int, np.integer)):
            return np.asarray(self)[nd]
        k = int(nd) + (self.n if nd < 0 else 0)
        if not 0 <= k < self.n:
            raise IndexError(f"column {nd} is not a road node or an island ({self.n} columns)")
        return self.road[k] if k < self.n_road else np.inf

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        row = np.concatenate([np.asarray(self.road, float), np.full(self.n - self.n_road, np.inf)])
        return row if dtype is None else row.astype(dtype, copy=False)


def with_islands(st: Any, sea: SeaSpec, crews: Iterable[Any], net: RoadNetwork, offroad_kmh: float) -> dict[str, Any]:
    """The fields of a new ``StationTables``: ``st`` with island columns and a row per boat row.

    ``st`` has ``ids``, ``node``, ``snap_m``, ``tables``, ``vehicle`` and ``row(station, vehicle)``.
    """
    crews = list(crews)
    n_road, n_isl = st.tables.to_node.shape[1], len(sea.islands)
    pad = np.full((len(st.ids), n_isl), np.inf)
    to_node = [np.hstack([st.tables.to_node, pad])]
    from_node = [np.hstack([st.tables.from_node, pad])]
    ids, node, snap = list(st.ids), [st.node], [st.snap_m]
    vehicle, boat = list(st.vehicle or ("light",) * len(st.ids)), [""] * len(st.ids)
    km, ashore = island_geometry(sea)
    l_node, l_off = launch_access(sea, net, offroad_kmh)
    for station, veh, bid in boat_rows(sea, crews):
        b, r = sea.boats[bid], st.row(station, veh)
        mine = np.array([ln.station == station and ln.boat == bid for ln in sea.launches], bool)
        if not mine.any():  # a station without its own site (e.g. a new one in a scenario): any site of the type
            mine = np.array([ln.boat == bid for ln in sea.launches], bool)
        launch = np.array([ln.launch_s for ln in sea.launches])[mine]
        detour = np.array([ln.detour or sea.detour for ln in sea.launches])[mine]
        out_s = st.tables.to_node[r, l_node[mine]] + l_off[mine]
        back_s = st.tables.from_node[r, l_node[mine]] + l_off[mine]
        go = island_times(out_s, launch, km[mine], detour, b.speed_kmh, ashore)
        home = island_times(back_s, launch, km[mine], detour, b.speed_kmh, ashore)
        if not sea.in_service(b):
            go, home = np.full(n_isl, np.inf), np.full(n_isl, np.inf)
        road_to = st.tables.to_node[r] if b.road else np.full(n_road, np.inf)
        road_from = st.tables.from_node[r] if b.road else np.full(n_road, np.inf)
        to_node.append(np.concatenate([road_to, go])[None, :])
        from_node.append(np.concatenate([road_from, home])[None, :])
        ids.append(station)
        node.append(st.node[r:r + 1])
        snap.append(st.snap_m[r:r + 1])
        vehicle.append(veh)
        boat.append(bid)
    nodes = np.concatenate(node)
    rows = None if st.tables.rows is None else IslandRows(st.tables.rows, n_road, n_isl, st.tables.rows_within)
    tables = TravelTables(to_node=np.vstack(to_node), from_node=np.vstack(from_node), station_node=nodes,
                          rows=rows, rows_within=None if rows is None or rows.road_within is None else rows.within,
                          home_tree=st.tables.home_tree,  # over road nodes; a crew leaving an island has none
                          out_tree=st.tables.out_tree)
    return {"ids": tuple(ids), "node": nodes, "snap_m": np.concatenate(snap), "tables": tables,
            "vehicle": tuple(vehicle), "boat": tuple(boat)}
