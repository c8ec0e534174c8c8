"""Stations and crews: what a rescue service has and where.

Parsed from the ``[stations.*]`` and ``[crews.*]`` tables of a region file
(``stations/norrtalje.toml``) into frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from raddsim.config import Table, did_you_mean

#: Capabilities a crew can have. A region file may add its own with
#: ``[region] extra_capabilities = [...]`` (e.g. ambulance levels of care).
CAPABILITIES: frozenset[str] = frozenset(
    {
        "smoke_diving",  # rökdykning
        "boat",
        "boat_on_trailer",
        "aerial_ladder",  # höjdfordon
        "tracked_vehicle",  # bandvagn
        "oil_boom",  # länsor
        "heavy_rescue",  # tung räddning
        "terrain_vehicle",
        "ba_depot",  # andningsskyddsdepå
        "command",  # ledningsfordon / insatsledare
        "uas",  # drönare
        "disaster_unit",  # katastrofenhet
        "water_tender",  # vattentankbil
        "first_response",  # IVPA
    }
)

#: Staffing roles. Regions may add roles with ``[region] extra_roles = [...]``.
ROLES: frozenset[str] = frozenset({"incident_commander", "crew_commander", "firefighters"})

CREW_KINDS = ("full-time", "part-time")


@dataclass(frozen=True)
class Station:
    """A fire station (or any base units leave from)."""

    id: str
    name: str
    lat: float
    lon: float
    address: str = ""
    approximate: bool = True
    note: str = ""


@dataclass(frozen=True)
class Staffing:
    """Who is scheduled on a crew.

    ``fri_inryckning`` means no scheduled minimum: all on-call staff are
    alerted and whoever can responds (Swedish "fri inryckning").
    """

    roles: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    fri_inryckning: bool = False

    @property
    def size(self) -> int:
        return sum(self.roles.values())

    def count(self, role: str) -> int:
        return self.roles.get(role, 0)

    def label(self) -> str:
        """Swedish shorthand, e.g. ``1+4`` (commanders + firefighters)."""
        if self.fri_inryckning:
            return "fri inryckning"
        commanders = self.count("incident_commander") + self.count("crew_commander")
        others = self.size - commanders
        return f"{commanders}+{others}" if commanders else str(others)


@dataclass(frozen=True)
class Crew:
    """A crew (utryckningsstyrka) based at a station.

    ``staffing`` maps staffing-level names (``minimum``, ``ambition`` …) to who
    is scheduled; ``level`` pins this crew to one of them whatever the
    scenario's level; ``in_service = false`` takes the crew out (closed).
    """

    id: str
    name: str
    station: str
    kind: str
    turnout_s: float
    capabilities: frozenset[str]
    staffing: Mapping[str, Staffing]
    level: str | None = None
    in_service: bool = True


def _parse_staffing(t: Table, roles: frozenset[str]) -> Staffing:
    if t.get("fri_inryckning", False) is not False:
        t.check_keys(["fri_inryckning"])
        if not t.bool("fri_inryckning"):
            raise t.error("fri_inryckning", "set fri_inryckning = true or give role counts instead.")
        return Staffing(fri_inryckning=True)
    t.check_keys(sorted(roles) + ["fri_inryckning"])
    counts = {k: t.number(k, integer=True, min=0) for k in t.keys() if k != "fri_inryckning"}
    if sum(counts.values()) <= 0:
        raise t.error(None, "a staffing level needs at least one person.", fix="give role counts, e.g. { crew_commander = 1, firefighters = 4 }, or fri_inryckning = true.")
    return Staffing(roles=MappingProxyType(dict(sorted(counts.items()))))


def parse_station(t: Table, station_id: str) -> Station:
    """Parse one ``[stations.<id>]`` table."""
    t.check_keys(["name", "lat", "lon", "address", "approximate", "note"])
    return Station(
        id=station_id,
        name=t.str("name", station_id),
        lat=t.number("lat", min=-90, max=90),
        lon=t.number("lon", min=-180, max=180),
        address=t.str("address", ""),
        approximate=t.bool("approximate", True),
        note=t.str("note", ""),
    )


def parse_crew(
    t: Table,
    crew_id: str,
    stations: Mapping[str, Station],
    capabilities: frozenset[str],
    roles: frozenset[str],
) -> Crew:
    """Parse one ``[crews.<id>]`` table, checking its station and capabilities exist."""
    t.check_keys(["name", "station", "kind", "turnout_minutes", "capabilities", "staffing", "level", "in_service", "note"])
    station = t.str("station")
    if station not in stations:
        raise t.error(
            "station",
            f"crew is at unknown station '{station}'.{did_you_mean(station, stations)}",
            fix=f"use one of the stations defined in [stations]: {', '.join(stations)}.",
        )
    caps = t.str_list("capabilities", [])
    for cap in caps:
        if cap not in capabilities:
                raise t.error(
                "capabilities",
                f"unknown capability '{cap}'.{did_you_mean(cap, capabilities)}",
                fix=f"use one of: {', '.join(sorted(capabilities))} (or declare it in [region] extra_capabilities).",
            )
    turnout_min = t.number("turnout_minutes", min=0)
    staffing_t = t.table("staffing")
    if not staffing_t.keys():
        raise staffing_t.error(None, "a crew needs at least one staffing level.", fix="add e.g. staffing.minimum = { crew_commander = 1, firefighters = 4 }.")
    staffing = {level: _parse_staffing(staffing_t.table(level), roles) for level in staffing_t.keys()}
    level = t.str("level", None) if "level" in t else None
    if level is not None and level not in staffing:
        raise t.error("level", f"no staffing level '{level}'.{did_you_mean(level, staffing)}", fix=f"use one of: {', '.join(staffing)}.")
    return Crew(
        id=crew_id,
        name=t.str("name", crew_id),
        station=station,
        kind=t.str("kind", choices=CREW_KINDS),
        turnout_s=turnout_min * 60.0,
        capabilities=frozenset(caps),
        staffing=MappingProxyType(staffing),
        level=level,
        in_service=t.bool("in_service", True),
    )
