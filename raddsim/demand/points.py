"""Where alarms can happen: population-weighted points on the road network.

* One point per tätort, at the node nearest its centre, weighted by its population.
* The countryside remainder (region population − tätorter) on rural road nodes,
  in proportion to the length of rural road at each node (none at a node without
  off-road access).
* Holiday-home population (summer) on the rural road nodes of each holiday area,
  in proportion to road length, scaled by the area's share.
* A traffic weight per node: road length × a weight per road class.
* One point per alarm object (``[demand] alarm_objects``), at the node nearest
  it, with the object's weight: where automatic fire alarms come from.

Model assumptions
-----------------
* An alarm in a tätort lies uniformly in a disc around its centre whose area
  holds its population at ``urban_density_per_km2`` (ASSUMPTION 1,500/km², the
  order of magnitude of Swedish tätort densities); the crew drives that
  straight-line distance × ``urban_circuity`` (ASSUMPTION 1.3, typical road
  circuity) at ``urban_speed_kmh`` (ASSUMPTION 30 km/h) beyond the centre node.
* A rural alarm lies off the main road: an exponential distance with mean
  ``rural_mean_m`` (ASSUMPTION 1 km) at ``rural_speed_kmh`` (ASSUMPTION 40 km/h).
* Holiday homes are outside tätorter (ASSUMPTION).
* An alarm at an alarm object lies at the object: the crew drives the straight
  line from the node × ``urban_circuity`` at ``urban_speed_kmh`` (the town speed).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.text import lat_lon
from raddsim.demand.spec import DemandSpec
from raddsim.network.positions import to_metric
from raddsim.network.road import RoadNetwork
from raddsim.network.shortest import components
from raddsim.network.snap import nearest_driveable_nodes, swapped_fix, swapped_hint

# Roads people do not live along: rural demand is not spread on them.
NO_RESIDENTS_HIGHWAYS = frozenset({"motorway", "motorway_link", "trunk_link", "ferry"})
#: A tätort centre or alarm object farther than this from every road of the network is a coordinate error, not a
#: place to snap (it would silently move its alarms to the network's edge): the bound a replayed alarm has
#: (raddsim.demand.replay.MAX_SNAP_M). On the default network every one lies within 0.7 km of a road.
MAX_POINT_SNAP_M = 10_000.0


@dataclass(frozen=True)
class DemandPoints:
    """Points on the network where alarms can happen.

    Attributes
    ----------
    node
        Network node index of each point.
    weight
        Resident population represented by each point.
    holiday
        Holiday-home population at each point when every home is in use.
    road
        Traffic weight (class-weighted road length) at each point.
    radius_m
        Urban disc radius (tätort points) or 0 (rural points).
    name
        Place name, or "rural".
    snap_m
        Distance from the place centre to its node (0 for rural points).
    island
        True where the node cannot be reached from the mainland without a ferry.
    objects
        Alarm-object weight at each point (0 except at alarm-object points).
    sea
        True for points on islands without road access (:mod:`raddsim.demand.islands`): their node is
        an island column of the travel tables, after the road network's nodes.
    """

    node: np.ndarray
    weight: np.ndarray
    radius_m: np.ndarray
    name: np.ndarray
    snap_m: np.ndarray
    # Not given (None): zeros / all False, filled in by __post_init__, so never None on an instance.
    holiday: np.ndarray = None  # type: ignore[assignment]  # see the comment above
    road: np.ndarray = None  # type: ignore[assignment]
    island: np.ndarray = None  # type: ignore[assignment]
    objects: np.ndarray = None  # type: ignore[assignment]
    sea: np.ndarray = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        n = len(self.node)
        for f in ("holiday", "road", "objects"):
            if getattr(self, f) is None:
                object.__setattr__(self, f, np.zeros(n))
        for f in ("island", "sea"):
            if getattr(self, f) is None:
                object.__setattr__(self, f, np.zeros(n, bool))

    def __len__(self) -> int:
        return len(self.node)

    @property
    def is_urban(self) -> np.ndarray:
        return self.radius_m > 0

    def subset(self, keep: np.ndarray) -> "DemandPoints":
        return DemandPoints(self.node[keep], self.weight[keep], self.radius_m[keep], self.name[keep], self.snap_m[keep],
                            self.holiday[keep], self.road[keep], self.island[keep], self.objects[keep], self.sea[keep])

    def population_weights(self, holiday_population: float, holiday_total: float) -> np.ndarray:
        """People present at each point when ``holiday_population`` holiday residents are here."""
        if holiday_total <= 0 or holiday_population <= 0:
            return self.weight
        return self.weight + self.holiday * (holiday_population / holiday_total)


#: The highest density a region's population may have over the area its network spans before it is warned
#: (people/km²). The densest cities hold about 20,000–45,000 people/km² (Manila city about 42,000–46,000, Dhaka,
#: Mumbai's densest wards; UN-Habitat / national censuses): ASSUMPTION 50,000, beyond any real place.
MAX_DENSITY_PER_KM2 = 50_000.0
log = logging.getLogger("raddsim")
#: Warnings already given in this process (once per region file and figure, not once per scenario).
_WARNED: set[tuple] = set()


def network_area_km2(net: RoadNetwork) -> float:
    """The area the network spans: its nodes' convex hull (km²; 0 for fewer than three nodes or a line).

    Parameters
    ----------
    net : RoadNetwork
        The road network (metric coordinates ``x``, ``y``).

    Returns
    -------
    float
        The hull's area in km².
    """
    from raddsim.core.arraycache import cached_arrays

    xy = np.column_stack([np.asarray(net.x, float), np.asarray(net.y, float)])

    def compute() -> dict[str, np.ndarray]:
        from scipy.spatial import ConvexHull, QhullError

        try:
            area = float(ConvexHull(xy).volume) / 1e6  # in 2-D, "volume" is the area
        except (QhullError, ValueError):
            area = 0.0
        return {"km2": np.array([area])}

    # Memoised like the network's components: a warm run (every check at every start) imports no scipy.
    return float(cached_arrays("hull-area", [xy], compute, libraries=("scipy",))["km2"][0])


def warn_implausible_demand(spec: DemandSpec, net: RoadNetwork, file: str) -> None:
    """Warn once when the population is denser over the network's area than any real place, or the places' urban
    discs cannot fit on it (a dense city modelled at the default ``urban_density_per_km2``).

    Warnings, not errors (audit7): the network may span only part of where the population lives (a study of a
    city centre), and a legitimate study may set a disc density on purpose. Both are far more often a typo in
    demand.population or a city region left at the rural-town default, which puts its alarms kilometres beyond
    the centre nodes and adds minutes of town driving to each.

    Parameters
    ----------
    spec : DemandSpec
        The scenario's demand.
    net : RoadNetwork
        The network its demand is placed on.
    file : str
        The region file, named in the warnings.
    """
    area = network_area_km2(net)
    if area <= 0:
        return
    density = spec.population / area
    key = (file, "density", spec.population, round(area))
    if density > MAX_DENSITY_PER_KM2 and key not in _WARNED:
        _WARNED.add(key)
        log.warning("%s: demand.population = %s over the %s km² the network spans is %s people/km², denser than any "
                    "real place (the densest cities hold about 20,000–45,000/km²). Fix: check demand.population (a "
                    "typo, extra digits?) or use a network that covers the region.", file, f"{spec.population:,}",
                    f"{area:,.1f}", f"{density:,.0f}")
    _warn_city_discs(spec, area, file)
    _warn_rural_leg_in_city(spec, net, area, file)
    _warn_holiday_homes(spec, file)


#: ASSUMPTION: a network with more road than this per km² of its hull holds a town's or city's every street (central
#: Helsinki's extract: 13 km/km²); a whole municipality's roads, countryside included, stay below about 2 (the
#: embedded default's main roads: 0.15). Plausible threshold 4–8.
CITY_ROAD_KM_PER_KM2 = 5.0
#: A rural off-road leg at least this long (m) is a countryside's, not a city street's (the default is 1,000 m).
COUNTRYSIDE_LEG_M = 500.0


def road_km_per_km2(net: RoadNetwork) -> float:
    """Kilometres of road (each two-way road once, ferries left out) per km² of the network's hull (0: no area)."""
    area = network_area_km2(net)
    if area <= 0:
        return 0.0
    one_way_twice = float(np.asarray(net.edge_length_m, float)[~np.asarray(net.edge_ferry, bool)].sum())
    return one_way_twice / 2 / 1000 / area


def _warn_rural_leg_in_city(spec: DemandSpec, net: RoadNetwork, area: float, file: str) -> None:
    """Warn when the residents along a city's streets get a countryside's last stretch off the road.

    Without a places file every resident lives along the roads, and each alarm's last stretch from the road node is
    exponential with mean ``rural_mean_m`` (1 km by default, at 40 km/h): on central Helsinki's streets that was a
    third of the mean response (newcomer pass: 4.65 min against 3.2 with 50 m).
    """
    if spec.rural_population <= 0 or spec.access.rural_mean_m < COUNTRYSIDE_LEG_M:
        return
    density = road_km_per_km2(net)
    key = (file, "rural leg", spec.access.rural_mean_m, round(area))
    if density <= CITY_ROAD_KM_PER_KM2 or key in _WARNED:
        return
    _WARNED.add(key)
    log.warning("%s: the network holds %.1f km of road per km² (a town's or city's every street), and the %s residents "
                "along the roads get a last stretch off the road of mean %s m ([demand.access] rural_mean_m, a "
                "countryside's distance from the road to a home), driven at %g km/h: minutes no city alarm has. Fix: "
                "set [demand.access] rural_mean_m to a few tens of metres (e.g. 50), or give a places file.", file,
                density, f"{spec.rural_population:,}", f"{spec.access.rural_mean_m:,g}", spec.access.rural_speed_kmh)


#: Holiday homes per resident above which a region is warned (ASSUMPTION 5: even the mountain and archipelago
#: municipalities with the most holiday homes per inhabitant have about one or two; Norrtälje has 26,000 for 64,000
#: residents).
MAX_HOLIDAY_HOMES_PER_RESIDENT = 5.0


def _warn_holiday_homes(spec: DemandSpec, file: str) -> None:
    """Warn when holiday homes outnumber the residents many times over (26,000,000 for 26,000)."""
    homes = spec.holiday.homes
    key = (file, "homes", homes, spec.population)
    if homes > MAX_HOLIDAY_HOMES_PER_RESIDENT * spec.population and key not in _WARNED:
        _WARNED.add(key)
        log.warning("%s: demand.holiday_homes.homes = %s is %.0f per resident (demand.population %s), beyond any real "
                    "region (a few at most). Their summer population moves most alarms to the holiday areas. Fix: "
                    "check the number (extra digits?).", file, f"{homes:,}", homes / spec.population,
                    f"{spec.population:,}")


def _warn_city_discs(spec: DemandSpec, area: float, file: str) -> None:
    """Warn when the places' discs at ``urban_density_per_km2`` together cover more than the network's area."""
    held = sum(p.population for p in spec.places)
    density = spec.access.urban_density_per_km2
    key = (file, "discs", held, density, round(area))
    if held / density <= area or key in _WARNED:
        return
    _WARNED.add(key)
    big = max(spec.places, key=lambda p: p.population)
    radius_km = math.sqrt(big.population / (math.pi * density))
    # Uniform in a disc: mean distance 2/3 of the radius, driven × urban_circuity at urban_speed_kmh.
    extra_min = 2 / 3 * radius_km * spec.access.urban_circuity / spec.access.urban_speed_kmh * 60
    log.warning("%s: the places hold %s people; at demand.access.urban_density_per_km2 = %s their discs cover %s km², "
                "more than the %s km² the network spans: '%s' gets a disc of radius %.1f km and its alarms %.0f min "
                "of town driving on average beyond its centre node, so response times are too long. Fix: set "
                "[demand.access] urban_density_per_km2 to the places' real density (at least %s here: their "
                "population over the network's area), or split the city into places (districts).", file,
                f"{held:,}", f"{density:,g}", f"{held / density:,.0f}", f"{area:,.0f}", big.name, radius_km,
                extra_min, f"{math.ceil(held / area):,}")


def _mainland(net: RoadNetwork) -> np.ndarray:
    """Nodes in the largest strongly connected component of the network without ferries."""
    keep = net.edge_highway != "ferry"
    labels = components(net.edge_u[keep], net.edge_v[keep], net.n_nodes, "strong")
    return labels == int(np.argmax(np.bincount(labels)))


def _place_nodes(spec: DemandSpec, net: RoadNetwork) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each tätort's population, nearest node, snap distance (m) and urban disc radius (m)."""
    lon = np.array([p.lon for p in spec.places])
    lat = np.array([p.lat for p in spec.places])
    pop = np.array([p.population for p in spec.places], float)
    if len(lon):
        nodes, snap = nearest_driveable_nodes(net, lon, lat)
    else:
        nodes, snap = np.zeros(0, np.int64), np.zeros(0)
    _check_near(spec.places, snap, "place", spec.places_file, net)
    radius = np.sqrt(np.maximum(pop, 1) / (math.pi * spec.access.urban_density_per_km2)) * 1000.0
    _warn_far_places(spec.places, snap, radius, spec.places_file)
    return pop, nodes, snap, radius


#: A place farther than this from its nearest road, and beyond twice its disc's radius, is warned (ASSUMPTION 1 km:
#: the distance beyond which a station is refused; on the default network every place lies on a node).
FAR_PLACE_M = 1000.0


def _warn_far_places(places, snap: np.ndarray, radius: np.ndarray, file: str) -> None:
    """Warn once per place whose centre lies far beyond its disc from every road: its alarms are put at that road's
    node and the distance between is never driven (a place outside a city extract, or a typo in its lat/lon)."""
    for place, d, r in zip(places, snap, radius):
        key = (file, "far place", place.name)
        if d > max(FAR_PLACE_M, 2 * r) and key not in _WARNED:
            _WARNED.add(key)
            log.warning("%s: place '%s' at %s lies %.1f km from the nearest road of the network, beyond its disc "
                        "(radius %.1f km): its alarms are put at that road and the %.1f km between are not driven, so "
                        "its times are too short. Fix: use a network that covers it (an extract reaching beyond the "
                        "place), or correct its lat/lon; a place on an island without a road belongs in the "
                        "[archipelago] islands file (reached by boat; docs/formats.md).", file or "places", place.name,
                        lat_lon(place.lat, place.lon), d / 1000, r / 1000, d / 1000)


def _check_near(rows, snap: np.ndarray, what: str, file: str, net: RoadNetwork) -> None:
    """Refuse a place or alarm object (``rows``, with ``name``, ``lat``, ``lon``) far from every road."""
    far = np.flatnonzero(np.asarray(snap) > MAX_POINT_SNAP_M)
    if len(far):
        row = rows[int(far[0])]
        raise InputError(f"{what} '{row.name}' at {lat_lon(row.lat, row.lon)} is {snap[far[0]] / 1000:.1f} km from "
                         f"the nearest road of the network ({len(far)} such row(s))"
                         f"{swapped_hint(net, row.lat, row.lon, MAX_POINT_SNAP_M)}.", file=file or None,
                         field="lat/lon", fix="correct its lat/lon (WGS84 decimal degrees), or use a network that "
                                              "covers it.")


def _length_at_nodes(net: RoadNetwork, edges: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Road length (or weighted length) of the selected ``edges`` attributed to their end nodes."""
    # Both directions of a two-way road are edges; a quarter of each edge's
    # length to each end gives every node half the road it touches.
    at = np.zeros(net.n_nodes)
    np.add.at(at, net.edge_u[edges], length[edges] / 4)
    np.add.at(at, net.edge_v[edges], length[edges] / 4)
    return at


def _urban_nodes(net: RoadNetwork, nodes: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """True for nodes inside some tätort's disc."""
    px, py = np.asarray(net.x), np.asarray(net.y)
    urban_node = np.zeros(net.n_nodes, bool)
    for n, r in zip(nodes, radius):
        urban_node |= np.hypot(px - px[n], py - py[n]) <= r
    return urban_node


def _road_weight_at_nodes(spec: DemandSpec, net: RoadNetwork) -> np.ndarray:
    """Traffic weight per node: road length × the catalog's weight for its class (ferries and outside excluded)."""
    rw = spec.catalog.road_weights
    road_edge = ~net.edge_outside & (net.edge_highway != "ferry")
    w_edge = (
        np.array([rw.get(h, rw.get("other", 1.0)) for h in net.edge_highway]) * net.edge_length_m
        if rw
        else net.edge_length_m.copy()
    )
    return _length_at_nodes(net, road_edge, w_edge)


def _rural_weights(spec: DemandSpec, length_at: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """The countryside population spread over the rural points in proportion to their road length."""
    rural_pop = spec.rural_population
    if rural_pop > 0 and length_at.sum() <= 0:
        # A city extract: every road lies in some place's disc (its population at urban_density_per_km2).
        held = sum(p.population for p in spec.places)
        raise InputError(f"the places hold {held:,} of demand.population {spec.population:,}; the other "
                         f"{rural_pop:,} live along roads outside every place's disc, and every road of the network "
                         "lies inside one.", field="demand.population",
                         fix=f"set demand.population to the places' total ({held}), add the missing residents as "
                             "places, or use a network that reaches beyond the places.")
    return length_at[candidates] / length_at.sum() * rural_pop if rural_pop > 0 else np.zeros(len(candidates))


def _holiday_weights(spec: DemandSpec, net: RoadNetwork, length_at: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Holiday-home population at each rural point: each area's share on the rural roads within its radius."""
    holiday_w = np.zeros(len(candidates))
    h = spec.holiday
    total = (h.homes - spec.island_homes) * h.persons_per_home  # the islands' homes are placed on the islands
    if total > 0:
        ax, ay = to_metric(np.array([a.lon for a in h.areas]), np.array([a.lat for a in h.areas]), net.metric_crs,
                           memo=True)
        cx, cy = np.asarray(net.x)[candidates], np.asarray(net.y)[candidates]
        for a, x0, y0 in zip(h.areas, ax, ay):
            near = (np.hypot(cx - x0, cy - y0) <= a.radius_km * 1000) & (length_at[candidates] > 0)
            if not near.any():
                raise InputError(f"line {a.row}: holiday area '{a.name}' at {a.lat:.5f}N {a.lon:.5f}E has no rural "
                                 f"roads within {a.radius_km:g} km of its centre.", file=h.areas_file or None,
                                 field="lat/lon" if h.areas_file else "demand.holiday_homes.areas",
                                 fix=swapped_fix(net, a.lat, a.lon, a.radius_km * 1000,
                                                 "correct the centre (WGS84 decimal degrees: lat, then lon) or "
                                                 "enlarge its radius_km."))
            lw = length_at[candidates] * near
            holiday_w += a.share * total * lw / lw.sum()
    return holiday_w


def demand_points(spec: DemandSpec, net: RoadNetwork) -> DemandPoints:
    """Place residents, holiday-home population and traffic on the network (see module doc).

    Parameters
    ----------
    spec : DemandSpec
        The region's demand (places, population, holiday homes, alarm objects, road weights).
    net : RoadNetwork
        The road network to place the points on.

    Returns
    -------
    DemandPoints
        The tätort points, then the rural points, then the alarm-object points.
    """
    pop, nodes, snap, radius = _place_nodes(spec, net)
    urban_node = _urban_nodes(net, nodes, radius)
    rural_edge = (~np.isin(net.edge_highway, list(NO_RESIDENTS_HIGHWAYS)) & ~urban_node[net.edge_u]
                  & ~urban_node[net.edge_v] & ~net.edge_outside)
    length_at = _length_at_nodes(net, rural_edge, net.edge_length_m)
    # Nobody lives at a node a point off the road must not be snapped to (off_road_access = 0: JEMSS's freeway
    # nodes): their road length holds no residents, as a place there would be reached from another node.
    length_at[~net.data.node_access] = 0.0
    road_at = _road_weight_at_nodes(spec, net)
    # Rural points: nodes with rural road to live along, or with traffic outside the towns.
    candidates = np.flatnonzero((length_at > 0) | ((road_at > 0) & ~urban_node))
    rural_w = _rural_weights(spec, length_at, candidates)
    holiday_w = _holiday_weights(spec, net, length_at, candidates)

    island = ~_mainland(net)
    obj = spec.alarm_objects
    if obj:
        obj_nodes, obj_snap = nearest_driveable_nodes(net, np.array([o.lon for o in obj]),
                                                      np.array([o.lat for o in obj]))
        _check_near(obj, obj_snap, "alarm object", spec.alarm_objects_file, net)
    else:
        obj_nodes, obj_snap = np.zeros(0, np.int64), np.zeros(0)
    k = len(obj)
    all_nodes = np.concatenate([nodes, candidates, obj_nodes]).astype(np.int64)
    # Traffic at tätort points: the urban roads inside the disc.
    px, py = np.asarray(net.x), np.asarray(net.y)
    urban_road = np.array([road_at[np.hypot(px - px[n], py - py[n]) <= r].sum() for n, r in zip(nodes, radius)])
    rest = len(nodes) + len(candidates)
    return DemandPoints(
        node=all_nodes,
        weight=np.concatenate([pop, rural_w, np.zeros(k)]),
        radius_m=np.concatenate([radius, np.zeros(len(candidates) + k)]),
        name=np.array([p.name for p in spec.places] + ["rural"] * len(candidates) + [o.name for o in obj],
                      dtype=object),
        snap_m=np.concatenate([snap, np.zeros(len(candidates)), obj_snap]),
        holiday=np.concatenate([np.zeros(len(nodes)), holiday_w, np.zeros(k)]),
        road=np.concatenate([urban_road, road_at[candidates], np.zeros(k)]),
        island=island[all_nodes],
        objects=np.concatenate([np.zeros(rest), np.array([o.weight for o in obj], float)]),
    )
