"""Drawing one replication's alarms from a demand specification."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from raddsim.core import normal, streams
from raddsim.core.checked import checked_arguments
from raddsim.core.memo import IdentityMemo
from raddsim.demand.points import DemandPoints
from raddsim.demand.spec import DemandSpec
from raddsim.demand.timeprofile import SECONDS_PER_YEAR, sample_times_months
from raddsim.demand.types import LOCATIONS
from raddsim.demand.volume import check_volume

#: Seconds in a day: a warm-up's length is given in days.
SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class Incidents:
    """A stream of alarms, sorted by time.

    Attributes
    ----------
    time_s
        Alarm time (s from the start of the run; day 0 is the profile's start date).
    point
        Index into the :class:`DemandPoints` drawn from (-1 for replayed alarms).
    node
        Network node the crews drive to.
    access_s
        Extra driving time from that node to the scene (s).
    on_scene_s
        Time the incident keeps crews on scene after the first arrival (s).
    type
        Index into the region's incident catalog.
    observed_s
        Observed alarm-to-arrival time of replayed alarms (s), NaN otherwise.
    end_node, end_access_s
        Where the crew is when it is released and how far it is from that node:
        the scene by default, a hospital after a patient transport.
    """

    time_s: np.ndarray
    point: np.ndarray
    node: np.ndarray
    access_s: np.ndarray
    on_scene_s: np.ndarray
    type: np.ndarray | None = None
    observed_s: np.ndarray | None = None
    end_node: np.ndarray | None = None
    end_access_s: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.time_s)
        if self.type is None:
            object.__setattr__(self, "type", np.zeros(n, np.int64))
        if self.observed_s is None:
            object.__setattr__(self, "observed_s", np.full(n, np.nan))
        if self.end_node is None:
            object.__setattr__(self, "end_node", self.node)
        if self.end_access_s is None:
            object.__setattr__(self, "end_access_s", self.access_s)

    def __len__(self) -> int:
        return len(self.time_s)


def location_weights(spec: DemandSpec, points: DemandPoints, month: int, location: str) -> np.ndarray:
    """Sampling weights of the points for one month and one kind of location."""
    if location == "roads":
        w = points.road
    elif location == "alarm_objects":
        w = points.objects
    else:
        total = spec.holiday.homes * spec.holiday.persons_per_home
        w = points.population_weights(spec.holiday.population(month), total)
    s = w.sum()
    return w / s if s > 0 else np.full(len(w), 1.0 / len(w))


def _build_location_cdfs(spec: DemandSpec, points: DemandPoints) -> list[np.ndarray]:
    """Cumulative location weights per (month, location), index ``(month - 1) * len(LOCATIONS) + location``."""
    return [np.cumsum(location_weights(spec, points, m, location)) for m in range(1, 13) for location in LOCATIONS]


#: They depend on the demand and the points only: built once, shared by every replication.
_location_cdfs = IdentityMemo(_build_location_cdfs)


def draw_on_scene(spec: DemandSpec, types: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """On-scene times (s) per incident type, from one standard normal per alarm (CRN-friendly).

    Lognormal types use it directly; exponential types through its probability
    (inverse-CDF), so every type consumes the same single draw.
    """
    z = rng.standard_normal(len(types))
    cat = spec.catalog.types
    lognormal = np.array([t.on_scene_distribution == "lognormal" for t in cat])
    med = np.array([math.log(t.on_scene_median_min * 60.0) if t.on_scene_median_min > 0 else 0.0 for t in cat])
    sig = np.array([t.on_scene_sigma for t in cat])
    mean = np.array([t.on_scene_mean_min * 60.0 for t in cat])
    logn = np.exp(med[types] + sig[types] * z)
    expo = -mean[types] * np.log1p(-np.clip(normal.cdf(z), 0.0, 1 - 1e-16))
    return np.where(lognormal[types], logn, expo)


def access_time_s(spec: DemandSpec, radius_m: np.ndarray, u: np.ndarray, on_road: np.ndarray,
                  object_m: np.ndarray | None = None) -> np.ndarray:
    """Last-stretch driving time (s) from uniform draws ``u`` (see raddsim.demand.points).

    ``object_m``: straight-line distance from the node to the alarm object for alarms at
    alarm objects, NaN for the others; driven × ``urban_circuity`` at ``urban_speed_kmh``.
    """
    a = spec.access
    urban_m = radius_m * np.sqrt(u) * a.urban_circuity
    rural_m = -a.rural_mean_m * np.log1p(-u)
    t = np.where(radius_m > 0, urban_m / (a.urban_speed_kmh / 3.6), rural_m / (a.rural_speed_kmh / 3.6))
    # Traffic accidents outside tätorter happen on the road itself.
    t = np.where(on_road & (radius_m <= 0), 0.0, t)
    if object_m is not None:
        at_object = np.isfinite(object_m)
        t = np.where(at_object, np.nan_to_num(object_m) * a.urban_circuity / (a.urban_speed_kmh / 3.6), t)
    return t


@checked_arguments()
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

    Each quantity comes from its own stream (:mod:`raddsim.core.streams`), so two
    scenarios with the same seed and demand see the same alarms (common random numbers).

    Parameters
    ----------
    spec : DemandSpec
        The scenario's demand: rate, time profile, season, incident types, location weights.
    points : DemandPoints
        The candidate alarm locations (snapped to the network).
    years : float
        Simulated years; alarm times inside are seconds from 0.
    seed : int
        Seed of the random streams.
    replication : int
        Replication number; selects the streams ``(seed, replication, …)``.
    alarms_per_year : float or None
        Alarm rate that replaces the spec's.

    Returns
    -------
    Incidents
        The alarms, sorted by time.

    Raises
    ------
    InputError
        If the expected number of alarms is too large for memory.
    """
    rate = alarms_per_year if alarms_per_year is not None else spec.rate_per_year
    check_volume(rate, years)
    return draw_incidents(spec, points, rate, years * SECONDS_PER_YEAR, lambda s: streams.rng(seed, replication, s))


def generate_warmup(
    spec: DemandSpec,
    points: DemandPoints,
    *,
    days: float,
    seed: int,
    replication: int,
    alarms_per_year: float | None = None,
) -> Incidents:
    """Draw the alarms of a warm-up: the ``days`` before time 0, at negative times, from the warm-up's streams.

    The calendar is that of those days (the profile's start less ``days``), and the streams are the
    warm-up's own (:data:`raddsim.core.streams.WARMUP`): the alarms from time 0 on
    (:func:`generate_incidents`) are the same with or without a warm-up.

    Parameters
    ----------
    spec : DemandSpec
        The scenario's demand.
    points : DemandPoints
        The candidate alarm locations.
    days : float
        Length of the warm-up in days (> 0).
    seed : int
        Seed of the random streams.
    replication : int
        Replication number.
    alarms_per_year : float or None
        Alarm rate that replaces the spec's.

    Returns
    -------
    Incidents
        The warm-up's alarms, sorted by time, all in [−days × 86400, 0) s.
    """
    rate = alarms_per_year if alarms_per_year is not None else spec.rate_per_year
    span = days * SECONDS_PER_DAY
    check_volume(rate, span / SECONDS_PER_YEAR)
    return draw_incidents(spec, points, rate, span, lambda s: streams.rng(seed, replication, s, warmup=True),
                          start_s=-span)


def draw_incidents(spec: DemandSpec, points: DemandPoints, rate: float, horizon_s: float,
                   rng_of: Callable[[str], np.random.Generator], start_s: float = 0.0) -> Incidents:
    """Alarms at ``rate`` a year on [``start_s``, ``start_s`` + ``horizon_s``), each quantity from ``rng_of(purpose)``.

    See :func:`generate_incidents` (the measured period) and :func:`generate_warmup` (the days before it).
    """
    times, month = sample_times_months(spec.profile, rate, horizon_s, rng_of("arrivals"), spec.season, start_s,
                                       summer=spec.summer_months)
    n = len(times)
    cat = spec.catalog
    shares = np.array([t.share for t in cat.types])
    types = rng_of("types").choice(len(shares), size=n, p=shares / shares.sum())
    u_loc = rng_of("locations").random(n)
    point = np.empty(n, np.int64)
    loc = np.array([LOCATIONS.index(cat.types[k].location) for k in range(len(cat.types))], np.int64)[types] if n \
        else np.zeros(0, np.int64)
    on_road = loc == LOCATIONS.index("roads")
    # Inverse-CDF sampling with one uniform per alarm keeps locations aligned
    # between scenarios whose weights differ only slightly.
    cdfs = _location_cdfs(spec, points)
    nl = len(LOCATIONS)
    group = (month - 1) * nl + loc  # (month, location)
    order = np.argsort(group, kind="stable")
    edges = np.searchsorted(group[order], np.arange(12 * nl + 1))
    for g in range(12 * nl):
        a, b = edges[g], edges[g + 1]
        if a < b:
            sel = order[a:b]
            cdf = cdfs[g]
            point[sel] = np.minimum(np.searchsorted(cdf, u_loc[sel] * cdf[-1], side="right"), len(cdf) - 1)
    u = rng_of("access").random(n)
    at_object = loc == LOCATIONS.index("alarm_objects")
    object_m = np.where(at_object, points.snap_m[point], np.nan) if at_object.any() else None
    access = access_time_s(spec, points.radius_m[point], u, on_road, object_m)
    if points.sea.any():  # on an island the landing and the walk are in the travel tables' island columns
        access = np.where(points.sea[point], 0.0, access)
    on_scene = draw_on_scene(spec, types, rng_of("on_scene"))
    return Incidents(times, point, points.node[point], access, on_scene, types.astype(np.int64))
