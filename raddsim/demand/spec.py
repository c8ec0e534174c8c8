"""The demand specification of a region: volume, places, holiday homes, time profile, types."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from raddsim.core.bounds import MIN_SPEED_KMH
from raddsim.core.errors import InputError
from raddsim.demand.location_files import (
    AlarmObject,
    HolidayArea,
    Place,
    load_alarm_objects,
    load_holiday_areas,
    load_places,
)
from raddsim.demand.timeprofile import SEASON_MONTHS, TimeProfile
from raddsim.demand.types import (
    MAX_ON_SCENE_MINUTES,
    MAX_ON_SCENE_SIGMA,
    IncidentCatalog,
    load_catalog,
    single_type_catalog,
)
from raddsim.demand.volume import max_alarms_per_replication
from raddsim.region.config import Table
from raddsim.region.plausible import access_speed_slip, check_slip, on_scene_slip

#: ``on_scene_scale`` above 10 is a typo (the shipped range is 0.6–1.6).
MAX_ON_SCENE_SCALE = 10.0
#: Lowest tätort density (inhabitants per km²): Swedish tätorter hold about 1,000–2,500. Far below, one town's
#: disc covered the whole map (and was blamed on demand.population). No upper bound: the queueing checks put every
#: alarm on the station's node with 1e12.
MIN_URBAN_DENSITY = 100.0
#: Highest ``[demand.access] urban_circuity`` (see _access_model).
MAX_CIRCUITY = 3.0
#: The world's population (UN World Population Prospects 2024: 8.2 billion in 2024). A region's population or a
#: place's above it is a typo (digits, a unit), refused: no study can want it. Denser-than-real regions below it are
#: warned by raddsim.demand.points.warn_implausible_demand, which knows the network's area.
WORLD_POPULATION = 8.2e9



@dataclass(frozen=True)
class HolidayHomes:
    """Holiday-home population: homes × persons × monthly occupancy, in areas."""

    homes: int = 0
    persons_per_home: float = 0.0
    occupancy: tuple[float, ...] = (0.0,) * 12
    areas: tuple[HolidayArea, ...] = ()
    #: The holiday-areas file (``[demand.holiday_homes] areas``), named in errors about an area.
    areas_file: str = ""

    def population(self, month: int) -> float:
        """Holiday population present in ``month`` (1–12)."""
        return self.homes * self.persons_per_home * self.occupancy[month - 1]


@dataclass(frozen=True)
class AccessModel:
    """The last stretch from the network node to the alarm (see raddsim.demand.points)."""

    #: Defaults where ``[demand.access]`` leaves a key out (ranges in docs/parameters.md): density 1,500/km² (a
    #: Swedish tätort's, SCB; 1,000–2,500), circuity 1.3 (Ballou, Rahardja and Sakai 2002; 1.2–1.4), urban speed
    #: 30 km/h (ASSUMPTION; the RAND/ISO formula gives 35–43, range 30–50), rural leg 1 km (ASSUMPTION; 0.3–3 km)
    #: at 40 km/h (ASSUMPTION; 30–60).
    urban_density_per_km2: float = 1500.0
    urban_circuity: float = 1.3
    urban_speed_kmh: float = 30.0
    rural_mean_m: float = 1000.0
    rural_speed_kmh: float = 40.0
    #: A replayed alarm's straight line from its snapped node (raddsim.demand.replay; ASSUMPTION 30 km/h on minor
    #: roads and tracks, plausible 20–50, no circuity).
    replay_speed_kmh: float = 30.0


@dataclass(frozen=True, eq=False)
class DemandSpec:
    """How many alarms, of what types, when and where."""

    alarms_per_year: float
    population: int
    places: tuple[Place, ...]
    places_file: str = ""
    access: AccessModel = field(default_factory=AccessModel)
    catalog: IncidentCatalog = field(default_factory=single_type_catalog)
    profile: TimeProfile = field(default_factory=TimeProfile)
    holiday: HolidayHomes = field(default_factory=HolidayHomes)
    season: str = "all"
    multiplier: float = 1.0
    alarm_objects: tuple[AlarmObject, ...] = ()
    alarm_objects_file: str = ""
    #: Islands without road access (:class:`raddsim.sea.layer.Island`); their residents and holiday homes are
    #: part of ``population`` and ``holiday.homes`` and are placed on the islands, not on the roads.
    islands: tuple = ()
    #: The region's summer months (``[availability] summer_months``; by default its hemisphere's, December–February
    #: south of the equator): ``season = "summer"``/``"winter"`` and the islands' summer share read them
    #: (:func:`~raddsim.demand.timeprofile.season_months`). Set when the region is loaded.
    summer_months: tuple[int, ...] = (6, 7, 8)

    @property
    def rural_population(self) -> int:
        island = sum(i.permanent for i in self.islands)
        return max(self.population - sum(p.population for p in self.places) - island, 0)

    @property
    def island_homes(self) -> int:
        """Holiday homes on islands without road access (the rest are in the holiday areas)."""
        return min(sum(i.holiday_homes for i in self.islands), self.holiday.homes)

    @property
    def rate_per_year(self) -> float:
        """Alarms per year after the demand multiplier."""
        return self.alarms_per_year * self.multiplier

    def points_key(self) -> tuple:
        """What the demand points depend on (a cache key)."""
        return (self.population, self.places, self.access, self.holiday,
                tuple(sorted(self.catalog.road_weights.items())),
                self.alarm_objects, self.islands)


def _factors(t: Table, key: str, n: int, default: tuple[float, ...]) -> tuple[float, ...]:
    if key not in t:
        return default
    v = t.get(key)
    # nan and inf are refused too: nan compares false with 0 and was accepted, making the alarm rate nan.
    numbers = isinstance(v, list) and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                          and 0 <= x < math.inf for x in v)
    if not numbers or len(v) != n:
        raise t.error(key, f"expected a list of {n} finite non-negative numbers, got {v!r}.",
                      fix=f"give exactly {n} values.")
    if sum(v) <= 0:
        raise t.error(key, "all factors are zero.", fix="give positive relative intensities.")
    return tuple(float(x) for x in v)


def _alarm_objects(t: Table, catalog: IncidentCatalog) -> tuple[AlarmObject, ...]:
    """The region's alarm objects; required when an incident type is placed at them."""
    objects = load_alarm_objects(t.existing_path("alarm_objects")) if "alarm_objects" in t else ()
    users = [ty.id for ty in catalog.types if ty.location == "alarm_objects"]
    if users and not objects:
        raise t.error("alarm_objects",
                      f"incident type(s) {', '.join(users)} are placed at alarm objects, but no alarm-objects file "
                      "is given.",
                      fix='add alarm_objects = "file.csv" (name,kind,lat,lon,weight,source,approximate) to [demand].')
    return objects


def _scaled_on_scene(catalog: IncidentCatalog, scale: float) -> IncidentCatalog:
    """Every type's on-scene time × ``scale`` (median, or mean of an exponential): one uncertain group factor."""
    if scale == 1.0:
        return catalog
    types = tuple(replace(ty, on_scene_median_min=ty.on_scene_median_min * scale,
                                      on_scene_mean_min=ty.on_scene_mean_min * scale) for ty in catalog.types)
    return replace(catalog, types=types)


def _access_model(t: Table) -> AccessModel:
    """The ``[demand.access]`` table: the last stretch from node to alarm (defaults where left out)."""
    a = t.table("access", {})
    a.check_keys(["urban_density_per_km2", "urban_circuity", "urban_speed_kmh", "rural_mean_m", "rural_speed_kmh",
                  "replay_speed_kmh", "note"])
    d = AccessModel()
    for key in ("urban_speed_kmh", "rural_speed_kmh", "replay_speed_kmh"):  # a lost 0 (4 for 40): refused
        check_slip(a, key, a.number(key, getattr(d, key), min=MIN_SPEED_KMH, max=130), access_speed_slip)
    return AccessModel(
        urban_density_per_km2=a.number("urban_density_per_km2", d.urban_density_per_km2, min=MIN_URBAN_DENSITY),
        # Road distance / straight line: typically 1.2–1.4 (Ballou, Rahardja and Sakai 2002); above 3 is a typo
        # (130 for 1.30), refused (audit7; ASSUMPTION 3: only a fjord or a river without bridges bends roads so).
        urban_circuity=a.number("urban_circuity", d.urban_circuity, min=1, max=MAX_CIRCUITY),
        # Upper bounds catch typos: the last stretch is driven off the network (at most 130 km/h, as
        # --offroad-kmh) and lies within 50 km of a road (the default network's roads are ~10 km apart).
        urban_speed_kmh=a.number("urban_speed_kmh", d.urban_speed_kmh, min=MIN_SPEED_KMH, max=130),
        rural_mean_m=a.number("rural_mean_m", d.rural_mean_m, min=0, max=50_000),
        rural_speed_kmh=a.number("rural_speed_kmh", d.rural_speed_kmh, min=MIN_SPEED_KMH, max=130),
        replay_speed_kmh=a.number("replay_speed_kmh", d.replay_speed_kmh, min=MIN_SPEED_KMH, max=130),
    )


def _incident_catalog(t: Table, equipment: frozenset[str] | None, roles: frozenset[str] | None) -> IncidentCatalog:
    """The incident types file, or one type from ``[demand.on_scene]``; on-scene times × ``on_scene_scale``."""
    if "types" in t:
        kw = {k: v for k, v in (("equipment", equipment), ("roles", roles)) if v is not None}
        path = t.existing_path("types")
        try:
            catalog = load_catalog(path, **kw)
        except InputError as err:
            if err.file != str(path) or not err.message.startswith("this is ") or err.field:
                raise
            # wrong_kind's "this is a region file …": the slot is the region file's, so name it, not the other file
            what = err.message.removeprefix("this is ").removesuffix(", not incident types.")
            raise t.error("types", f"names {path.name}, {what}, not incident types.",
                          fix='name the incident types file here, e.g. types = "incidents.toml".') from None
        # Two sources of on-scene times would leave the reader guessing which one the model used.
        if "on_scene" in t:
            raise t.error("on_scene", "on-scene times come from the incident types file when 'types' is given.",
                          fix="remove [demand.on_scene] or the 'types' key.")
    else:
        o = t.table("on_scene", {})
        o.check_keys(["distribution", "median_minutes", "sigma", "note"])
        o.str("distribution", "lognormal", choices=["lognormal"])
        median = o.number("median_minutes", 45.0, min=0, min_exclusive=True, max=MAX_ON_SCENE_MINUTES)
        check_slip(o, "median_minutes", median, on_scene_slip)  # seconds?
        catalog = single_type_catalog(median, o.number("sigma", 0.75, min=0, max=MAX_ON_SCENE_SIGMA))
    # A factor beyond 10 is a typo (the shipped range is 0.6-1.6); the scaled times stay within a week.
    scale = t.number("on_scene_scale", 1.0, min=0, min_exclusive=True, max=MAX_ON_SCENE_SCALE)
    return _scaled_on_scene(catalog, scale)


def _start_date(tt: Table) -> dt.date:
    """``[demand.time] start``: a TOML date, datetime or ISO date string (default 2025-01-01)."""
    start = tt.get("start", dt.date(2025, 1, 1))
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError:
            raise tt.error("start", f"not a date: {start!r}.", fix="write e.g. start = 2025-01-01.") from None
    # A TOML datetime: the profile starts at midnight of its day.
    if isinstance(start, dt.datetime):
        start = start.date()
    if not isinstance(start, dt.date):
        raise tt.error("start", f"not a date: {start!r}.", fix="write e.g. start = 2025-01-01.")
    return start


def _time_profile(t: Table) -> TimeProfile:
    """The ``[demand.time]`` table: start date and relative hour/weekday/month intensities."""
    tt = t.table("time", {})
    tt.check_keys(["start", "hour", "weekday", "month", "source", "note"])
    return TimeProfile(
        start=_start_date(tt),
        hour=_factors(tt, "hour", 24, (1.0,) * 24),
        weekday=_factors(tt, "weekday", 7, (1.0,) * 7),
        month=_factors(tt, "month", 12, (1.0,) * 12),
    )


def _holiday_homes(t: Table) -> HolidayHomes:
    """The ``[demand.holiday_homes]`` table, or no holiday homes when it is absent or empty."""
    h = t.table("holiday_homes", {})
    h.check_keys(["homes", "persons_per_home", "occupancy", "areas", "source", "note"])
    if not h.keys():
        return HolidayHomes()
    occ = _factors(h, "occupancy", 12, (0.0,) * 12) if "occupancy" in h else None
    if occ is None:
        raise h.error("occupancy", "required field is missing.", fix="give 12 monthly occupancy shares (0–1).")
    if max(occ) > 1:
        raise h.error("occupancy", "occupancy is a share of homes in use: each value must be at most 1.",
                      fix="use values in 0–1.")
    return HolidayHomes(
        homes=h.number("homes", integer=True, min=0),
        persons_per_home=h.number("persons_per_home", min=0, max=20),  # a household and its guests,
        occupancy=occ,
        areas=load_holiday_areas(h.existing_path("areas")),
        areas_file=str(h.path_value("areas")),
    )


def _population(t: Table, places: tuple[Place, ...]) -> int:
    """The region's total population, which must hold at least the places' residents."""
    population = t.number("population", integer=True, min=1)
    if population > WORLD_POPULATION:
        raise t.error("population", f"{population:,.0f} is more than the world's population ({WORLD_POPULATION:,.0f}).",
                      fix="give the region's population (residents, e.g. from SCB's population statistics).")
    if population < sum(p.population for p in places):
        raise t.error("population",
                      f"{population} is less than the places file's total {sum(p.population for p in places)}.",
                      fix="give the region's total population.")
    return population


def demand_with_islands(demand: DemandSpec, islands: tuple, islands_file: str | Path,
                        region_file: str | Path) -> DemandSpec:
    """``demand`` with the archipelago's islands, whose residents and holiday homes are part of its totals.

    Parameters
    ----------
    demand : DemandSpec
        The scenario's demand.
    islands : tuple of raddsim.sea.layer.Island
        The islands without road access.
    islands_file, region_file : str or Path
        Named in the errors.

    Returns
    -------
    DemandSpec
        ``demand`` with ``islands``.

    Raises
    ------
    InputError
        When the places and the islands hold more residents than demand.population, or the islands more holiday
        homes than demand.holiday_homes.homes (audit7: refused as the places' excess is; the surplus was silently
        taken from the countryside, or the island homes capped, so the totals read were not the ones modelled).
    """
    residents = sum(p.population for p in demand.places) + sum(i.permanent for i in islands)
    if residents > demand.population:
        raise InputError(f"{demand.population:,} is less than the places' and the islands' residents together "
                         f"({residents:,}; the islands' 'permanent' column of {islands_file}).", file=region_file,
                         field="demand.population",
                         fix="give the region's total population (islands included), or correct the islands' "
                             "'permanent' counts.")
    homes = sum(i.holiday_homes for i in islands)
    if homes > demand.holiday.homes > 0:  # no [demand.holiday_homes] (0): no holiday population is modelled at all
        raise InputError(f"{demand.holiday.homes:,} is less than the islands' holiday homes ({homes:,}, the "
                         f"'holiday_homes' column of {islands_file}).", file=region_file,
                         field="demand.holiday_homes.homes",
                         fix="give the region's total holiday homes (islands included), or correct the islands' "
                             "counts.")
    return replace(demand, islands=islands)


def parse_demand(t: Table, *, equipment: frozenset[str] | None = None,
                 roles: frozenset[str] | None = None, summer_months: tuple[int, ...] = (6, 7, 8)) -> DemandSpec:
    """Parse the ``[demand]`` table of a region file.

    Parameters
    ----------
    t : Table
        The ``[demand]`` table.
    equipment, roles : frozenset[str] or None
        The region's vocabularies (defaults plus its extras), used to validate the incident types' capability
        rules; None: the defaults.
    summer_months : tuple of int
        The region's summer (``[availability] summer_months``, by default its hemisphere's): the months of
        ``season = "summer"``; winter is half a year away.

    Returns
    -------
    DemandSpec
        The validated demand specification.
    """
    t.check_keys(["alarms_per_year", "population", "places", "types", "access", "on_scene", "time", "holiday_homes",
                  "season", "multiplier", "alarm_objects", "on_scene_scale", "note", "source"])
    # A region without tätorter (e.g. a city modelled by road density alone) may leave places out.
    places = load_places(t.existing_path("places")) if "places" in t else ()
    # The order of these reads decides which of several mistakes is reported: keep it.
    access = _access_model(t)
    catalog = _incident_catalog(t, equipment, roles)
    profile = _time_profile(t)
    holiday = _holiday_homes(t)
    population = _population(t, places)
    alarms = t.number("alarms_per_year", min=0, min_exclusive=True, max=max_alarms_per_replication())
    multiplier = t.number("multiplier", 1.0, min=0, min_exclusive=True)
    if alarms * multiplier > max_alarms_per_replication():
        # audit7: was found only when the run started, after an hours-long workload note, and without the file.
        raise t.error("multiplier", f"{multiplier:g} × alarms_per_year {alarms:g} is {alarms * multiplier:,.0f} "
                      f"alarms a year, more than this machine can simulate (about {max_alarms_per_replication():,}).",
                      fix="give a multiplier of the demand's growth (e.g. 1.2 for 20 % more alarms).")
    return DemandSpec(
        alarms_per_year=alarms,
        population=population,
        places=places,
        places_file=str(t.path_value("places")) if "places" in t else "",
        access=access,
        catalog=catalog,
        profile=profile,
        holiday=holiday,
        season=t.str("season", "all", choices=list(SEASON_MONTHS)),
        alarm_objects=_alarm_objects(t, catalog),
        alarm_objects_file=str(t.path_value("alarm_objects")) if "alarm_objects" in t else "",
        multiplier=multiplier,
        summer_months=tuple(summer_months),
    )
