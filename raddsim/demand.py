"""Demand: where and when alarms happen (first version).

Alarms arrive as a homogeneous Poisson process and are placed in proportion to
population: the tätorter of the region's places file, plus the countryside
remainder spread along the rural roads in proportion to road length.

Model assumptions (all marked ASSUMPTION in the region file as well)
--------------------------------------------------------------------
* An alarm in a tätort lies uniformly in a disc around its centre whose area
  holds its population at ``urban_density_per_km2`` (ASSUMPTION: 1,500/km², the
  order of magnitude of Swedish tätort densities); the crew drives that
  straight-line distance × ``urban_circuity`` (ASSUMPTION 1.3, typical road
  circuity) at ``urban_speed_kmh`` (ASSUMPTION 30 km/h) beyond the centre node.
* A rural alarm lies off the main road: an exponential distance with mean
  ``rural_mean_m`` (ASSUMPTION 1 km) at ``rural_speed_kmh`` (ASSUMPTION 40 km/h).
* On-scene time is lognormal with median ``median_minutes`` (ASSUMPTION 45 min)
  and log-sd ``sigma`` (ASSUMPTION 0.75, i.e. mean ≈ 60 min).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from raddsim import streams
from raddsim.config import Table
from raddsim.errors import InputError
from raddsim.network.road import RoadNetwork

SECONDS_PER_YEAR = 365.25 * 86400.0
# Roads people do not live along: rural demand is not spread on them.
NO_RESIDENTS_HIGHWAYS = frozenset({"motorway", "motorway_link", "trunk_link", "ferry"})


@dataclass(frozen=True)
class Place:
    """An urban area (tätort) with its population and centre."""

    name: str
    population: int
    lat: float
    lon: float


@dataclass(frozen=True)
class AccessModel:
    """The last stretch from the network node to the alarm (see module doc)."""

    urban_density_per_km2: float = 1500.0
    urban_circuity: float = 1.3
    urban_speed_kmh: float = 30.0
    rural_mean_m: float = 1000.0
    rural_speed_kmh: float = 40.0


@dataclass(frozen=True)
class OnScene:
    """Lognormal on-scene time."""

    median_minutes: float = 45.0
    sigma: float = 0.75

    @property
    def mean_minutes(self) -> float:
        return self.median_minutes * math.exp(self.sigma**2 / 2)


@dataclass(frozen=True)
class DemandSpec:
    """How many alarms, where people live, and how long alarms take."""

    alarms_per_year: float
    population: int
    places: tuple[Place, ...]
    places_file: str = ""
    access: AccessModel = field(default_factory=AccessModel)
    on_scene: OnScene = field(default_factory=OnScene)

    @property
    def rural_population(self) -> int:
        return max(self.population - sum(p.population for p in self.places), 0)


def load_places(path: str | Path) -> tuple[Place, ...]:
    """Read a places CSV (``name,population,lat,lon``; ``#`` lines are comments)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("places file not found.", file=path, fix="check demand.places in the region file.")
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    need = ["name", "population", "lat", "lon"]
    missing = [c for c in need if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}.", file=path, fix=f"the header must contain: {','.join(need)}.")
    places = []
    for row_no, row in enumerate(reader, start=2):
        try:
            pop = int(row["population"])
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            raise InputError(
                f"row {row_no}: population must be an integer and lat/lon numbers, got {row!r}.",
                file=path,
                field="population/lat/lon",
                fix="correct the row.",
            ) from None
        if pop < 0 or not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
            raise InputError(f"row {row_no}: value out of range in {row!r}.", file=path, fix="population ≥ 0, lat in [-90, 90], lon in [-180, 180].")
        places.append(Place(row["name"], pop, lat, lon))
    if not places:
        raise InputError("no places in file.", file=path, fix="add at least one row.")
    return tuple(places)


def parse_demand(t: Table) -> DemandSpec:
    """Parse the ``[demand]`` table of a region file."""
    t.check_keys(["alarms_per_year", "population", "places", "access", "on_scene", "note"])
    places_path = t.path_value("places")
    places = load_places(places_path)
    a = t.table("access", {})
    a.check_keys(["urban_density_per_km2", "urban_circuity", "urban_speed_kmh", "rural_mean_m", "rural_speed_kmh", "note"])
    d = AccessModel()
    access = AccessModel(
        urban_density_per_km2=a.number("urban_density_per_km2", d.urban_density_per_km2, min=0, min_exclusive=True),
        urban_circuity=a.number("urban_circuity", d.urban_circuity, min=1),
        urban_speed_kmh=a.number("urban_speed_kmh", d.urban_speed_kmh, min=0, min_exclusive=True),
        rural_mean_m=a.number("rural_mean_m", d.rural_mean_m, min=0),
        rural_speed_kmh=a.number("rural_speed_kmh", d.rural_speed_kmh, min=0, min_exclusive=True),
    )
    o = t.table("on_scene", {})
    o.check_keys(["distribution", "median_minutes", "sigma", "note"])
    o.str("distribution", "lognormal", choices=["lognormal"])
    on_scene = OnScene(
        median_minutes=o.number("median_minutes", OnScene.median_minutes, min=0, min_exclusive=True),
        sigma=o.number("sigma", OnScene.sigma, min=0),
    )
    population = t.number("population", integer=True, min=1)
    if population < sum(p.population for p in places):
        raise t.error("population", f"{population} is less than the places file's total {sum(p.population for p in places)}.", fix="give the region's total population.")
    return DemandSpec(
        alarms_per_year=t.number("alarms_per_year", min=0, min_exclusive=True),
        population=population,
        places=places,
        places_file=str(places_path),
        access=access,
        on_scene=on_scene,
    )


@dataclass(frozen=True)
class DemandPoints:
    """Population-weighted points on the network where alarms can happen.

    Attributes
    ----------
    node
        Network node index of each point.
    weight
        Population represented by each point.
    radius_m
        Urban disc radius (tätort points) or 0 (rural points).
    name
        Place name, or "rural" for countryside points.
    snap_m
        Straight-line distance from the place centre to its node (0 for rural points).
    """

    node: np.ndarray
    weight: np.ndarray
    radius_m: np.ndarray
    name: np.ndarray
    snap_m: np.ndarray

    @property
    def is_urban(self) -> np.ndarray:
        return self.radius_m > 0


def demand_points(spec: DemandSpec, net: RoadNetwork) -> DemandPoints:
    """Place the population on the network: one point per tätort, rural points on road nodes.

    Rural population is spread over nodes in proportion to half the length of
    the rural roads touching them. A road is rural when it is not a motorway or
    ferry, is not tagged as outside the region, and neither end lies within a
    tätort's disc.
    """
    lon = np.array([p.lon for p in spec.places])
    lat = np.array([p.lat for p in spec.places])
    pop = np.array([p.population for p in spec.places], float)
    nodes, snap = net.nearest_nodes(lon, lat)
    radius = np.sqrt(np.maximum(pop, 1) / (math.pi * spec.access.urban_density_per_km2)) * 1000.0

    px, py = np.array(net.x), np.array(net.y)
    urban_node = np.zeros(net.n_nodes, bool)
    for n, r in zip(nodes, radius):
        urban_node |= np.hypot(px - px[n], py - py[n]) <= r
    rural_edge = (
        ~np.isin(net.edge_highway, list(NO_RESIDENTS_HIGHWAYS))
        & ~urban_node[net.edge_u]
        & ~urban_node[net.edge_v]
        & ~net.edge_outside
    )
    # Both directions of a two-way road appear as edges: each contributes half, so
    # a node gets half the length of the road it touches per direction present.
    w = np.zeros(net.n_nodes)
    np.add.at(w, net.edge_u[rural_edge], net.edge_length_m[rural_edge] / 4)
    np.add.at(w, net.edge_v[rural_edge], net.edge_length_m[rural_edge] / 4)
    rural_nodes = np.flatnonzero(w > 0)
    rural_pop = spec.rural_population
    if rural_pop > 0 and len(rural_nodes) == 0:
        raise InputError(
            "the network has no rural roads to place the countryside population on.",
            field="demand.population",
            fix="set demand.population to the places' total, or use a network with rural roads.",
        )
    rural_w = w[rural_nodes] / w[rural_nodes].sum() * rural_pop if rural_pop > 0 else np.zeros(0)
    if rural_pop == 0:
        rural_nodes = rural_nodes[:0]
    return DemandPoints(
        node=np.concatenate([nodes, rural_nodes]).astype(np.int64),
        weight=np.concatenate([pop, rural_w]),
        radius_m=np.concatenate([radius, np.zeros(len(rural_nodes))]),
        name=np.array([p.name for p in spec.places] + ["rural"] * len(rural_nodes), dtype=object),
        snap_m=np.concatenate([snap, np.zeros(len(rural_nodes))]),
    )


@dataclass(frozen=True)
class Incidents:
    """A stream of alarms, sorted by time.

    Attributes
    ----------
    time_s
        Alarm time (s from the start of the run).
    point
        Index into the :class:`DemandPoints` it was drawn from.
    node
        Network node the crew drives to.
    access_s
        Extra driving time from that node to the scene (s).
    on_scene_s
        Time the crew works on scene (s).
    """

    time_s: np.ndarray
    point: np.ndarray
    node: np.ndarray
    access_s: np.ndarray
    on_scene_s: np.ndarray

    def __len__(self) -> int:
        return len(self.time_s)


def generate_incidents(
    spec: DemandSpec,
    points: DemandPoints,
    *,
    years: float,
    seed: int,
    replication: int,
    alarms_per_year: float | None = None,
) -> Incidents:
    """Draw one replication's alarms.

    Each quantity comes from its own stream (:mod:`raddsim.streams`), so two
    scenarios with the same seed see the same alarms (common random numbers).
    """
    rate = (alarms_per_year or spec.alarms_per_year) / SECONDS_PER_YEAR
    horizon = years * SECONDS_PER_YEAR
    g = streams.rng(seed, replication, "arrivals")
    n = int(g.poisson(rate * horizon))
    # Given the count, Poisson arrival times are iid uniform on the horizon.
    times = np.sort(g.uniform(0.0, horizon, n))
    p = points.weight / points.weight.sum()
    point = streams.rng(seed, replication, "locations").choice(len(p), size=n, p=p)
    u = streams.rng(seed, replication, "access").random(n)
    a = spec.access
    radius = points.radius_m[point]
    urban_m = radius * np.sqrt(u) * a.urban_circuity
    rural_m = -a.rural_mean_m * np.log1p(-u)
    access_s = np.where(radius > 0, urban_m / (a.urban_speed_kmh / 3.6), rural_m / (a.rural_speed_kmh / 3.6))
    os = spec.on_scene
    on_scene = streams.rng(seed, replication, "on_scene").lognormal(math.log(os.median_minutes * 60.0), os.sigma, n)
    return Incidents(times, point.astype(np.int64), points.node[point], access_s, on_scene)
