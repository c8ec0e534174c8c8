"""Network options: how travel times are derived from a road graph.

The ``[network]`` section of a region file (and of any scenario, which may
override it like ``stations``/``crews``/``demand``) becomes one frozen,
hashable :class:`NetworkOptions`. Everything is optional; the defaults are the
documented model (see :mod:`raddsim.network.speeds` and
:mod:`raddsim.network.ferries` for sources and assumptions)::

    [network.speeds]            # km/h by OSM highway class where no maxspeed is tagged
    residential = 40

    [network.speeds.implicit]   # km/h of implicit maxspeed values outside Sweden (SE:* are built in)
    "DE:rural" = 100            # source: the country's traffic law (OSM wiki "Default speed limits")

    [network.blue_light]        # emergency driving ("utryckning"); off by default
    enabled = true
    factors = { primary = 1.25, residential = 1.2 }   # speed factor per road class
    default_factor = 1.2
    max_speed_kmh = 120
    first_stretch_m = 0         # optional slow first stretch (leaving the station)
    last_stretch_m = 0          # optional slow last stretch (finding the address)
    stretch_speed_kmh = 20

    [network.vehicles.heavy]    # emergency driving of a vehicle class (crews say vehicle = "heavy")
    top_speed_kmh = 90          # never faster than this, on the way out and back
    factors = { primary = 1.1, unclassified = 0.9 }   # per road class, replacing the blue-light ones
    default_factor = 1.0

    [network.ferries]
    headway_minutes = 15        # expected wait = half the headway ...
    priority = false            # ... or priority_wait_minutes when emergency vehicles have priority
    priority_wait_minutes = 2
    extra_wait_minutes = 0      # queueing without priority (e.g. summer)
    speed_kmh = 15              # crossing speed where a ferry has no duration tag
    out_of_service = []         # ferry names (or parts of them) removed from the network

    [network.ferries.lines."Blidöleden"]   # per ferry line (matched by name)
    departures = ["05:30", "06:10", "06:40"]   # a timetable; or headway_minutes = 20 (not both)
    crossing_minutes = 4        # overrides the way's duration tag; at most 240

    [network.off_road]          # last-mile leg from the road to an off-network point
    speed_kmh = 30
    circuity = 1.3
    max_snap_m = 5000
    island_margin_m = 250       # a point whose reachable road is this much farther than its nearest road: reported
"""

from __future__ import annotations

import datetime
import logging
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from raddsim.core.bounds import MAX_SPEED_KMH, MIN_SPEED_KMH
from raddsim.network.edits import RoadChanges, parse_road_changes
from raddsim.network.road_classes import check_road_classes
from raddsim.network.speeds import IMPLICIT_MAXSPEED, IMPLICIT_SHAPE, parse_maxspeed
from raddsim.region.config import Table
from raddsim.region.plausible import Slip, check_slip

#: Bounds that catch typos (a wait in seconds): no ferry wait or headway above a day (a line that runs less often
#: is out of service: ``out_of_service``). Speeds: ``MIN_SPEED_KMH`` and ``MAX_SPEED_KMH`` of road_classes.
MAX_WAIT_MIN = 1440.0
#: No crossing a rescue crew takes lasts longer than this (Sweden's longest domestic ferry, to Gotland, 3 h 15 min):
#: 600 was a typo accepted unsaid.
MAX_CROSSING_MIN = 240.0
#: A speed factor (× the legal limit), also after ``scale`` stretches it, lies between a tenth and five: outside
#: is a typo (a percentage for a factor), and a scaled factor below 0 was a negative speed, silently driven.
MIN_FACTOR, MAX_FACTOR = 0.1, 5.0
#: Highest ``[network.off_road] island_margin_m`` (m): the farthest an alarm is snapped at all
#: (raddsim.demand.replay.MAX_SNAP_M); beyond it the number is a typo (250000 for 250).
MAX_ISLAND_MARGIN_M = 10_000.0

#: The vehicle class ``[network.blue_light]`` describes (the ambulance-derived model, for light units);
#: crews without ``vehicle = ...`` drive as this class.
LIGHT_VEHICLE = "light"

#: Emergency-driving speed factors per OSM highway class (see raddsim.network.speeds for the derivation).
DEFAULT_BLUE_LIGHT_FACTORS: dict[str, float] = {
    "motorway": 1.10,
    "motorway_link": 1.10,
    "trunk": 1.10,
    "trunk_link": 1.10,
    "primary": 1.25,
    "primary_link": 1.20,
    "secondary": 1.25,
    "secondary_link": 1.20,
    "tertiary": 1.25,
    "tertiary_link": 1.20,
    "unclassified": 1.20,
    "road": 1.20,
    "residential": 1.20,
    "living_street": 1.00,
    "service": 1.10,
    "track": 1.00,
    "busway": 1.20,
}


def _pairs(mapping: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((str(k), float(v)) for k, v in mapping.items()))


@dataclass(frozen=True)
class BlueLight:
    """Emergency-driving model; off by default (legal-speed, normal driving).

    Off by default so that a region's figures and its calibration (fitted with
    legal speeds) do not shift until the region turns it on with
    ``[network.blue_light] enabled = true``.

    Attributes
    ----------
    factors
        (highway class, factor) pairs: the emergency speed is the legal speed × factor.
    default_factor
        Factor for classes not listed.
    max_speed_kmh
        Emergency speeds are capped here (never below the legal speed).
    first_stretch_m, last_stretch_m, stretch_speed_kmh
        The first/last metres of every trip are driven at ``stretch_speed_kmh``
        instead of the speed of the road there (0 = off).
    scale
        Scales the gain of every factor above 1: a class's factor ``f`` > 1 is used as
        ``1 + scale × (f − 1)``; a factor ≤ 1 (what a vehicle can do on that road) is not scaled. 1 is the
        documented model; `raddsim calibrate` may fit it (the factors' source brackets it roughly 0.5–1.7).
    top_speed_kmh
        The vehicle's top speed: no edge is driven faster, with or without blue
        lights, even where the limit is higher (a heavy rescue engine; ``inf`` = none).
    """

    enabled: bool = False
    #: Petzäll et al. 2011 (ambulances) under ASSUMED trip times; default_factor 1.2 (1.0–1.3) and the 120 km/h cap
    #: (100–140) are ASSUMPTIONS; ``scale`` carries the factors' range (0.5–1.7).
    factors: tuple[tuple[str, float], ...] = _pairs(DEFAULT_BLUE_LIGHT_FACTORS)
    default_factor: float = 1.20
    max_speed_kmh: float = 120.0
    first_stretch_m: float = 0.0
    last_stretch_m: float = 0.0
    stretch_speed_kmh: float = 20.0
    scale: float = 1.0
    top_speed_kmh: float = math.inf

    def factor_map(self) -> dict[str, float]:
        return {k: self.scaled(f) for k, f in self.factors}

    @property
    def scaled_default(self) -> float:
        return self.scaled(self.default_factor)

    def scaled(self, f: float) -> float:
        """A class's factor under ``scale``: only a gain (f > 1) is stretched.

        A factor below 1 is what the vehicle can do on that road (a heavy engine on a narrow gravel road), not
        emergency driving: a scale fitted to the blue light's uncertain gain must not slow it (at scale 1.5 a
        0.8 became 0.7 before, up to 36 s slower per trip on Norrtälje's minor roads) nor speed it up.
        """
        return 1.0 + self.scale * (f - 1.0) if f > 1.0 else f


@dataclass(frozen=True)
class FerryLine:
    """Settings for one ferry line, matched by (part of) its name.

    ``departures`` are seconds after midnight of one day's departures (both
    directions alike); when given they override the headway.
    """

    name: str
    headway_minutes: float | None = None
    departures: tuple[float, ...] = ()
    crossing_minutes: float | None = None


@dataclass(frozen=True)
class FerryOptions:
    """How ferry edges are costed, and which are out of service."""

    #: Defaults, each an ASSUMPTION with its plausible range in docs/parameters.md: headway 15 min (10–40),
    #: priority call-out 2 min (1–5), extra queueing 0 min (0–30 in summer), crossing speed 15 km/h (10–20).
    headway_minutes: float = 15.0
    priority: bool = False
    priority_wait_minutes: float = 2.0
    extra_wait_minutes: float = 0.0
    speed_kmh: float = 15.0
    out_of_service: tuple[str, ...] = ()
    lines: tuple[FerryLine, ...] = ()


@dataclass(frozen=True)
class OffRoad:
    """The last-mile leg from the nearest reachable road node to a point off the network."""

    #: ASSUMPTIONS (module doc of raddsim.network.snap): 30 km/h on driveways and tracks (plausible 20–45; JEMSS
    #: uses 31–45), circuity 1.3 (1.2–1.4, Ballou, Rahardja and Sakai 2002); max_snap_m is a data check.
    speed_kmh: float = 30.0
    circuity: float = 1.3
    max_snap_m: float = 5000.0
    #: How much farther the reachable road may lie before a point beside an unreachable road counts as on an island
    #: (raddsim.network.snap; ASSUMPTION 250 m: wider than a mainland road fragment's gap, narrower than a sound;
    #: plausible 100–500 m).
    island_margin_m: float = 250.0


#: Heavy rescue engine (ASSUMPTION; the Norrtälje region file states these with sources and ranges):
#: top speed 90 km/h (80–100; the speed at which EU law, directive 92/6/EEC, limits trucks over 12 t),
#: little gain over the limit on main roads and slower than the limit on narrow minor roads and tracks.
DEFAULT_HEAVY_FACTORS: dict[str, float] = {
    "motorway": 1.0, "motorway_link": 1.0, "trunk": 1.0, "trunk_link": 1.0,
    "primary": 1.10, "primary_link": 1.10, "secondary": 1.10, "secondary_link": 1.10,
    "tertiary": 1.10, "tertiary_link": 1.10, "unclassified": 0.90, "road": 1.0,
    "residential": 1.10, "living_street": 1.0, "service": 1.0, "track": 0.80, "busway": 1.10,
}


@dataclass(frozen=True)
class VehicleClass:
    """Emergency driving of one vehicle class: per-road-class factors and a top speed.

    The emergency speed of an edge is ``min(legal × factor, top_speed_kmh)`` (factors
    below 1 make the vehicle slower than the limit, e.g. a heavy engine on a gravel road).
    """

    name: str
    factors: tuple[tuple[str, float], ...] = _pairs(DEFAULT_HEAVY_FACTORS)
    default_factor: float = 1.0
    top_speed_kmh: float = 90.0


#: Vehicle classes every region has unless it redefines them.
DEFAULT_VEHICLES: tuple[tuple[str, VehicleClass], ...] = (("heavy", VehicleClass("heavy")),)


@dataclass(frozen=True)
class NetworkOptions:
    """Everything that turns a road graph into travel times. Frozen and hashable (a cache key)."""

    class_speeds: tuple[tuple[str, float], ...] = ()
    #: (implicit maxspeed value, lower-case; km/h) pairs of ``[network.speeds.implicit]``.
    implicit_speeds: tuple[tuple[str, float], ...] = ()
    blue_light: BlueLight = field(default_factory=BlueLight)
    ferries: FerryOptions = field(default_factory=FerryOptions)
    off_road: OffRoad = field(default_factory=OffRoad)
    vehicles: tuple[tuple[str, VehicleClass], ...] = DEFAULT_VEHICLES
    roads: RoadChanges = field(default_factory=RoadChanges)

    def normal_driving(self) -> "NetworkOptions":
        """The same options without emergency driving (for return trips; a vehicle's top speed stays)."""
        if not self.blue_light.enabled:
            return self
        return replace(self, blue_light=replace(self.blue_light, enabled=False))

    def vehicle_names(self) -> tuple[str, ...]:
        """Vehicle classes crews may name: ``light`` (the blue-light model) and every ``[network.vehicles]`` class."""
        return (LIGHT_VEHICLE, *sorted(k for k, _ in self.vehicles if k != LIGHT_VEHICLE))

    def for_vehicle(self, name: str) -> "NetworkOptions":
        """The options a vehicle class drives under: its factors and top speed replace the blue-light ones.

        ``enabled`` and ``scale`` stay those of ``[network.blue_light]`` (so calibrating
        the scale moves every class alike). ``light`` without a ``[network.vehicles.light]``
        table is the blue-light model itself.
        """
        found = dict(self.vehicles)
        if name not in found:
            if name == LIGHT_VEHICLE:
                return self
            raise KeyError(name)
        v = found[name]
        bl = replace(self.blue_light, factors=v.factors, default_factor=v.default_factor, top_speed_kmh=v.top_speed_kmh,
                     max_speed_kmh=min(self.blue_light.max_speed_kmh, v.top_speed_kmh))
        return replace(self, blue_light=bl, vehicles=())



_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_clock(text: Any) -> float | None:
    """``"HH:MM"`` or ``"HH:MM:SS"`` (or TOML's unquoted local time ``05:40:00``) → seconds after midnight, or None
    if malformed."""
    if isinstance(text, datetime.time) and text.tzinfo is None:  # unambiguous: was "not a clock time"
        return float(text.hour * 3600 + text.minute * 60 + text.second)
    if not isinstance(text, str):
        return None
    m = _TIME.match(text.strip())
    if not m:
        return None
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if h > 24 or mi > 59 or s > 59:
        return None
    return float(h * 3600 + mi * 60 + s)


def _factor_table(t: Table) -> dict[str, float]:
    check_road_classes(t, [k for k in t.keys() if k not in ("note", "source")])
    return {k: t.number(k, min=MIN_FACTOR, max=MAX_FACTOR) for k in t.keys()}


#: A vehicle's top speed or the blue-light cap below this is refused. ASSUMPTION 30 km/h: every rescue vehicle,
#: the heaviest engine included, drives at least the 30 km/h of a town street (EU trucks are limited to 90, a
#: heavy engine's documented range is 80–100); a value below it is a lost 0 (9 for 90), and a heavy engine's
#: top speed of 9 raised the mean response time from 11 to 56 min unsaid. Slow stretches (stretch_speed_kmh),
#: ferries and the off-road leg are no vehicle's top speed and keep the general floor of 1 km/h.
MIN_VEHICLE_SPEED_KMH = 30.0


def _vehicle_speed(t: Table, key: str, default: float) -> float:
    """``t[key]``, a top speed or cap in km/h: refused below :data:`MIN_VEHICLE_SPEED_KMH`, also its range's ends
    (the draws of ``compare --uncertain`` and ``calibrate``)."""
    value = t.number(key, default, min=MIN_SPEED_KMH, max=MAX_SPEED_KMH)
    check_slip(t, key, value, _slow_vehicle)
    return value


def _slow_vehicle(kmh: float) -> Slip | None:
    """A top speed or cap below :data:`MIN_VEHICLE_SPEED_KMH`, refused (a lost 0: 9 for 90); else None."""
    if kmh >= MIN_VEHICLE_SPEED_KMH:
        return None
    return Slip(f"{kmh:g} km/h is slower than any rescue vehicle drives (a missing 0?).",
                f"give the speed in km/h, at least {MIN_VEHICLE_SPEED_KMH:g} (e.g. 90 for a heavy engine, 120 for "
                "the blue-light cap).", refuse=True)


def _blue_light(t: Table) -> BlueLight:
    t.check_keys(["enabled", "factors", "default_factor", "max_speed_kmh", "first_stretch_m", "last_stretch_m",
                  "stretch_speed_kmh", "scale", "note", "source"])
    d = BlueLight()
    factors = dict(DEFAULT_BLUE_LIGHT_FACTORS)
    factors.update(_factor_table(t.table("factors", {})))
    return BlueLight(
        enabled=t.bool("enabled", d.enabled),
        factors=_pairs(factors),
        default_factor=t.number("default_factor", d.default_factor, min=MIN_FACTOR, max=MAX_FACTOR),
        max_speed_kmh=_vehicle_speed(t, "max_speed_kmh", d.max_speed_kmh),
        first_stretch_m=t.number("first_stretch_m", d.first_stretch_m, min=0),
        last_stretch_m=t.number("last_stretch_m", d.last_stretch_m, min=0),
        stretch_speed_kmh=t.number("stretch_speed_kmh", d.stretch_speed_kmh, min=MIN_SPEED_KMH, max=MAX_SPEED_KMH),
        scale=t.number("scale", d.scale, min=0),
    )


def _ferry_line(t: Table, name: str) -> FerryLine:
    t.check_keys(["headway_minutes", "departures", "crossing_minutes", "note", "source"])
    deps: list[float] = []
    if "departures" in t:
        raw = t.get("departures")
        if not isinstance(raw, list) or not raw:
            raise t.error("departures", f"expected a list of \"HH:MM\" times, got {raw!r}.",
                          fix='write e.g. ["06:00", "06:30"].')
        for item in raw:
            s = parse_clock(item)
            if s is None:
                raise t.error("departures", f"not a clock time: {item!r}.",
                              fix='write times as "HH:MM" (24-hour clock).')
            deps.append(s % 86400.0)
    if deps and "headway_minutes" in t:  # the timetable was used and the headway dropped without a word
        raise t.error("headway_minutes", "the line gives both departures (a timetable) and headway_minutes; the "
                                         "timetable sets the wait.",
                      fix="give one of them: departures for a timetable, headway_minutes for a regular service.")
    return FerryLine(
        name=name,
        headway_minutes=t.number("headway_minutes", None, min=0, min_exclusive=True,
                                 max=MAX_WAIT_MIN) if "headway_minutes" in t else None,
        departures=tuple(sorted(set(deps))),
        crossing_minutes=t.number("crossing_minutes", None, min=0,
                                  max=MAX_CROSSING_MIN) if "crossing_minutes" in t else None,
    )


def _ferries(t: Table) -> FerryOptions:
    t.check_keys(["headway_minutes", "priority", "priority_wait_minutes", "extra_wait_minutes", "speed_kmh",
                  "out_of_service", "lines", "note", "source"])
    d = FerryOptions()
    lines_t = t.table("lines", {})
    return FerryOptions(
        headway_minutes=t.number("headway_minutes", d.headway_minutes, min=0, min_exclusive=True, max=MAX_WAIT_MIN),
        priority=t.bool("priority", d.priority),
        priority_wait_minutes=t.number("priority_wait_minutes", d.priority_wait_minutes, min=0, max=MAX_WAIT_MIN),
        extra_wait_minutes=t.number("extra_wait_minutes", d.extra_wait_minutes, min=0, max=MAX_WAIT_MIN),
        speed_kmh=t.number("speed_kmh", d.speed_kmh, min=MIN_SPEED_KMH, max=MAX_SPEED_KMH),
        out_of_service=tuple(t.str_list("out_of_service", [])),
        lines=tuple(_ferry_line(lines_t.table(k), k) for k in lines_t.keys()),
    )


def _off_road(t: Table) -> OffRoad:
    t.check_keys(["speed_kmh", "circuity", "max_snap_m", "island_margin_m", "note", "source"])
    d = OffRoad()
    return OffRoad(
        speed_kmh=t.number("speed_kmh", d.speed_kmh, min=MIN_SPEED_KMH, max=MAX_SPEED_KMH),
        circuity=t.number("circuity", d.circuity, min=1),
        max_snap_m=t.number("max_snap_m", d.max_snap_m, min=0, min_exclusive=True),
        # Above MAX_ISLAND_MARGIN_M a typo would drive every island point across the water: refused.
        island_margin_m=t.number("island_margin_m", d.island_margin_m, min=0, max=MAX_ISLAND_MARGIN_M),
    )


def _vehicle(t: Table, name: str) -> VehicleClass:
    if "ranges" in t:  # the older convention; uncertain values have one form, so --uncertain finds them all
        raise t.error("ranges", "ranges beside the values are no longer read.",
                      fix="write each uncertain value as { value = x, range = [lo, hi], source = \"...\" }, "
                          "e.g. top_speed_kmh = { value = 90.0, range = [80.0, 100.0], source = \"...\" }.")
    t.check_keys(["factors", "default_factor", "top_speed_kmh", "note", "source"])
    d = VehicleClass(name)
    factors = dict(DEFAULT_HEAVY_FACTORS) if name == "heavy" else {}
    factors.update(_factor_table(t.table("factors", {})))
    return VehicleClass(
        name=name,
        factors=_pairs(factors),
        default_factor=t.number("default_factor", d.default_factor, min=MIN_FACTOR, max=MAX_FACTOR),
        top_speed_kmh=_vehicle_speed(t, "top_speed_kmh", d.top_speed_kmh if name == "heavy" else math.inf),
    )


def _check_scaled_factors(t: Table, blue_light: BlueLight, vehicles: Mapping[str, VehicleClass]) -> None:
    """Refuse a ``scale`` that stretches a gain above :data:`MAX_FACTOR` × the limit (``scale = 1e300``)."""
    scale = blue_light.scale
    classes = [("light", dict(blue_light.factors), blue_light.default_factor)]
    classes += [(k, dict(v.factors), v.default_factor) for k, v in sorted(vehicles.items())]
    for name, factors, default in classes:
        for road, f in [*sorted(factors.items()), ("any other class", default)]:
            if blue_light.scaled(f) > MAX_FACTOR:
                most = min((MAX_FACTOR - 1.0) / (g - 1.0) for _, fs, d in classes for g in [*fs.values(), d] if g > 1)
                raise t.error("scale", f"scale {scale:g} turns the {name} vehicles' factor {f:g} on {road} into "
                                       f"{blue_light.scaled(f):.3g}: a speed above {MAX_FACTOR:g} × the limit.",
                              fix=f"use a scale of at most {math.floor(most * 100) / 100:g} (1 = the factors as "
                                  "written; the range the factors' source allows is about 0.5–1.7).")


def _implicit_speeds(t: Table) -> dict[str, float]:
    """``[network.speeds.implicit]``: implicit maxspeed values (``"DE:rural"``, any case) → km/h."""
    out: dict[str, float] = {}
    for key in t.keys():
        if key in ("note", "source"):
            continue
        value = key.strip().lower()
        if value in IMPLICIT_MAXSPEED:
            raise t.error(key, f"'{key}' is built in ({IMPLICIT_MAXSPEED[value]:g} km/h, from Sweden's "
                               "Trafikförordningen; see raddsim.network.speeds).",
                          fix="remove it; to drive a road at another speed, tag its maxspeed with a number.")
        if not IMPLICIT_SHAPE.match(value):
            raise t.error(key, f"'{key}' is not an implicit speed limit value.",
                          fix='write a country code, a colon and the kind of road as OSM tags it, e.g. '
                              '"DE:rural", "FI:urban", "BE-VLG:rural".')
        if value in out:
            raise t.error(key, f"'{key}' is given twice (the values are read without regard to case).",
                          fix="keep one of them.")
        _refuse_unit_text(t, key)
        out[value] = t.number(key, min=MIN_SPEED_KMH, max=MAX_SPEED_KMH)
        _warn_if_mph(t, key, value, out[value])
    return out


def _refuse_unit_text(t: Table, key: str) -> None:
    """Refuse ``"US:urban" = "25 mph"``: the table takes km/h as a plain number; say so, with the conversion."""
    text = t.get(key)
    kmh = parse_maxspeed(text) if isinstance(text, str) else None
    if kmh is None:
        return
    mph = "mph" in text.lower()
    raise t.error(key, f"expected a number of km/h, got the text {text!r}.",
                  fix=f'write a plain number of km/h: "{key}" = {kmh:.0f}'
                      + (f" ({text.strip()} = {kmh:.1f} km/h)." if mph else "."))


#: Countries whose signs give limits in mph (OSM wiki "Default speed limits"): a round number up to 70 given for
#: their implicit values is likely mph, where ``[network.speeds.implicit]`` takes km/h (60 for GB:nsl_single).
MPH_COUNTRIES = frozenset({"gb", "uk", "us", "lr", "mm"})
_MPH_WARNED: set[tuple[str, str, float]] = set()


def _warn_if_mph(t: Table, key: str, value: str, kmh: float) -> None:
    """Warn once per file and key of an mph country's implicit value given as a round mph number."""
    country = value.split(":")[0].split("-")[0]
    if country not in MPH_COUNTRIES or kmh > 70 or kmh % 5 or (str(t.file), key, kmh) in _MPH_WARNED:
        return
    _MPH_WARNED.add((str(t.file), key, kmh))
    logging.getLogger("raddsim").warning(
        "%s: %s = %g is read as km/h, but %s signs its limits in mph: is it %g mph (%.0f km/h)? Fix: give km/h, "
        'e.g. "%s" = %.0f.', t.file, t.field(key), kmh, country.upper(), kmh, kmh * 1.609344, key, kmh * 1.609344)


def parse_network_options(t: Table) -> NetworkOptions:
    """Validate a ``[network]`` table (errors name the file and the field)."""
    t.check_keys(["speeds", "blue_light", "ferries", "off_road", "vehicles", "roads", "note", "source"])
    speeds = t.table("speeds", {})
    check_road_classes(speeds, [k for k in speeds.keys() if k != "implicit"])
    vt = t.table("vehicles", {})
    vehicles = dict(DEFAULT_VEHICLES)
    vehicles.update({k: _vehicle(vt.table(k), k) for k in vt.keys()})
    blue_light = _blue_light(t.table("blue_light", {}))
    _check_scaled_factors(t.table("blue_light", {}), blue_light, vehicles)
    return NetworkOptions(
        class_speeds=_pairs({k: speeds.number(k, min=MIN_SPEED_KMH, max=MAX_SPEED_KMH) for k in speeds.keys()
                             if k != "implicit"}),
        implicit_speeds=_pairs(_implicit_speeds(speeds.table("implicit", {}))),
        blue_light=blue_light,
        ferries=_ferries(t.table("ferries", {})),
        off_road=_off_road(t.table("off_road", {})),
        vehicles=tuple(sorted(vehicles.items())),
        roads=parse_road_changes(t.table("roads", {})),
    )


__all__ = ["BlueLight", "FerryLine", "FerryOptions", "NetworkOptions", "OffRoad", "DEFAULT_BLUE_LIGHT_FACTORS",
           "DEFAULT_HEAVY_FACTORS", "DEFAULT_VEHICLES", "LIGHT_VEHICLE", "VehicleClass",
           "parse_network_options", "parse_clock"]
