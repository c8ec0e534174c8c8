"""Stations and crews: what a rescue service has and where.

Parsed from the ``[stations.*]`` and ``[crews.*]`` tables of a region file
(``stations/norrtalje.toml``) into frozen dataclasses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from raddsim.core.errors import InputError
from raddsim.region.config import Table, did_you_mean
from raddsim.region.crew_availability import (
    CALENDAR_KEYS,
    DEFAULT_MIN_PEOPLE,
    DEFAULT_SEATS,
    MAX_PERIOD_FACTOR,
    PROCESS_KEYS,
    Availability,
    StaffingCalendar,
    parse_process,
    periods,
)
from raddsim.region.plausible import check_slip, turnout_slip

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
        "sea_rescue",  # sjöräddning (SSRS volunteers)
        "coast_guard",  # Kustbevakningen
    }
)

#: Staffing roles. Regions may add roles with ``[region] extra_roles = [...]``.
ROLES: frozenset[str] = frozenset({"incident_commander", "crew_commander", "firefighters"})

CREW_KINDS = ("full-time", "part-time")
#: The Swedish words a planner writes for a crew's kind (any case): heltid, deltid and RIB (räddningspersonal i
#: beredskap, the part-time firefighter's formal name).
CREW_KIND_WORDS = {"heltid": "full-time", "deltid": "part-time", "rib": "part-time"}


def crew_kind(word: str) -> str | None:
    """A crew's kind as raddsim names it (``full-time``, ``part-time``) from the word written, else None.

    Parameters
    ----------
    word : str
        The kind as written: one of :data:`CREW_KINDS`, or heltid, deltid or RIB in any case.

    Returns
    -------
    str or None
        One of :data:`CREW_KINDS`; None for a word that names no kind.
    """
    word = word.strip()
    return word if word in CREW_KINDS else CREW_KIND_WORDS.get(word.casefold())


#: ``[availability.mutual-aid]``: the defaults of crews at external (mutual-aid) stations.
MUTUAL_AID = "mutual-aid"
#: "crew": an utryckningsstyrka that counts for first arrival and effective force.
#: "command": an incident commander's unit (insatsledare) that responds to larger incidents.
UNIT_TYPES = ("crew", "command")

# Defaults for crew availability, by kind. Each is an ASSUMPTION (see the crews section of the README), settable
# per crew; plausible ranges in docs/parameters.md:
#: Probability that a scheduled part-time member responds to an alarm (absence, illness not covered; part-time
#: 0.85–1.0).
DEFAULT_RESPONSE_PROBABILITY = {"full-time": 1.0, "part-time": 0.95}
#: Log-sd of the turnout time. Part-time: the stated turnout time is the 90th percentile (part-time 0.1–0.35).
DEFAULT_TURNOUT_SIGMA = {"full-time": 0.0, "part-time": 0.22}
#: Mutual aid: probability a neighbour can send its crew when asked (0.5–0.9), and the extra delay of asking
#: (1–5 min).
DEFAULT_AVAILABLE_PROBABILITY = 0.7
DEFAULT_REQUEST_DELAY_MIN = 2.0
#: The most people of one role a crew's staffing (or fri-inryckning pool) may name: a crew is one unit's people.
#: Beyond it the number is a typo (400 for 4), and the availability process holds every position × every alarm.
MAX_ROLE_COUNT = 100
#: The longest stated turnout (alarm to leaving the station): beyond two hours it is a typo (seconds written as
#: minutes, or a drive time); the longest in the shipped data is 15 min (SSRS, the Coast Guard).
MAX_TURNOUT_MINUTES = 120


@dataclass(frozen=True)
class Station:
    """A fire station (or any base units leave from)."""

    id: str
    name: str
    lat: float
    lon: float
    address: str = ""
    approximate: bool = False
    note: str = ""
    external: bool = False


@dataclass(frozen=True)
class Staffing:
    """Who is scheduled on a crew.

    ``fri_inryckning`` means no scheduled minimum: all on-call staff are
    alerted and whoever can responds (Swedish "fri inryckning").
    """

    roles: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    fri_inryckning: bool = False
    pool: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    pool_response_probability: float = 0.0
    pool_period: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0)
    pool_summer: float = 1.0

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
    unit: str = "crew"
    external: bool = False
    availability: Availability = field(default_factory=Availability)
    vehicle: str = "light"
    name_sv: str = ""

    def label(self, lang: str = "en") -> str:
        """The crew's name in ``lang`` (``name_sv`` in Swedish when given)."""
        return self.name_sv or self.name if lang == "sv" else self.name


def _roles(t: Table, roles: frozenset[str], extra: tuple[str, ...] = ()) -> dict[str, int]:
    t.check_keys(sorted(roles) + list(extra))
    out = {k: t.number(k, integer=True, min=0) for k in t.keys() if k not in extra}
    for k, n in out.items():
        if n > MAX_ROLE_COUNT:  # a crew is one unit's people; thousands also exhaust memory in the availability process
            raise t.error(k, f"{n} people in one role of one crew is more than a crew holds (at most "
                             f"{MAX_ROLE_COUNT}).", fix="give the people of one unit (a rescue engine seats 6); write "
                                                    "a station's other units as crews of their own.")
    return out


def _parse_staffing(t: Table, roles: frozenset[str]) -> Staffing:
    if t.get("fri_inryckning", False) is not False:
        t.check_keys(["fri_inryckning", "pool", "response_probability", "by_period", "summer", "note", "source"])
        if not t.bool("fri_inryckning"):
            raise t.error("fri_inryckning", "set fri_inryckning = true or give role counts instead.")
        pool = _roles(t.table("pool"), roles)
        if sum(pool.values()) <= 0:
            raise t.error("pool", "a fri-inryckning pool needs at least one person.",
                          fix="give e.g. pool = { crew_commander = 2, firefighters = 8 }.")
        return Staffing(
            fri_inryckning=True,
            pool=MappingProxyType(dict(sorted(pool.items()))),
            pool_response_probability=t.number("response_probability", min=0, max=1),
            pool_period=periods(t, "by_period"),
            pool_summer=t.number("summer", 1.0, min=0, max=MAX_PERIOD_FACTOR),
        )
    counts = _roles(t, roles, ("fri_inryckning",))
    if sum(counts.values()) <= 0:
        raise t.error(None, "a staffing level needs at least one person.",
                      fix="give role counts, e.g. { crew_commander = 1, firefighters = 4 }, or fri_inryckning = true.")
    return Staffing(roles=MappingProxyType(dict(sorted(counts.items()))))


def parse_station(t: Table, station_id: str) -> Station:
    """Parse one ``[stations.<id>]`` table."""
    t.check_keys(["name", "lat", "lon", "address", "approximate", "note", "external"])
    return Station(
        id=station_id,
        name=t.str("name", station_id),
        lat=t.number("lat", min=-90, max=90),
        lon=t.number("lon", min=-180, max=180),
        address=t.str("address", "", empty=True),
        # Opt-in, as docs/formats.md says ("say so"): a crews table's or an imported model's positions are not
        # called hand-placed unless the file marks them.
        approximate=t.bool("approximate", False),
        note=t.str("note", "", empty=True),
        external=t.bool("external", False),
    )


def _parse_availability(t: Table, kind: str, external: bool, roles: frozenset[str], unit: str,
                        calendar: StaffingCalendar) -> Availability:
    shared = next((k for k in CALENDAR_KEYS if k in t), None)  # "unknown key" listed 25 keys, not where it goes
    if shared is not None:
        raise t.error(shared, f"'{shared}' is the region's calendar, the same for every crew, not a crew's value.",
                      fix=f"move it to the region file's [availability] table (in a scenario: availability.{shared} "
                          "= ...).")
    t.check_keys(["response_probability", "min_to_roll", "turnout_sigma", "available_probability",
                  "request_delay_minutes", "seats", "source", "note", "roll_without_commander", "roll_short",
                  "call_in_minutes", "call_in_probability", "status_known_at_alert", "follow_minutes",
                  "turnout_scale", *PROCESS_KEYS])
    short = t.get("roll_short", True)
    if short not in (True, False, "follow"):
        raise t.error("roll_short", f"expected true, false or \"follow\", got {short!r}.",
                      fix='write roll_short = true (leave with whoever answered), false (wait for call-ins) or '
                          '"follow" (leave short, called-in members follow in a second vehicle).')
    mt = t.table("min_to_roll", {})
    min_roles = _roles(mt, roles, ("people",))
    return Availability(
        response_probability=t.number("response_probability", DEFAULT_RESPONSE_PROBABILITY[kind], min=0, max=1),
        min_to_roll=MappingProxyType(min_roles),
        # An incident commander drives alone.
        min_people=mt.number("people", 1 if unit == "command" else DEFAULT_MIN_PEOPLE, integer=True, min=0),
        turnout_sigma=t.number("turnout_sigma", DEFAULT_TURNOUT_SIGMA[kind], min=0, max=2),
        available_probability=t.number("available_probability", DEFAULT_AVAILABLE_PROBABILITY if external else 1.0,
                                       min=0, max=1),
        request_delay_s=60.0 * t.number("request_delay_minutes", DEFAULT_REQUEST_DELAY_MIN if external else 0.0, min=0,
                                        max=MAX_TURNOUT_MINUTES),
        seats=t.number("seats", DEFAULT_SEATS, integer=True, min=1, max=MAX_ROLE_COUNT),  # a vehicle's: 1e300 passed
        process=parse_process(t, calendar),
        roll_without_commander=t.bool("roll_without_commander", False),
        roll_short=short is not False,
        call_in_s=60.0 * t.number("call_in_minutes", 0.0, min=0, max=MAX_TURNOUT_MINUTES),
        call_in_probability=t.number("call_in_probability", 0.0, min=0, max=1),
        status_known=t.bool("status_known_at_alert", True),
        follow=short == "follow",
        follow_s=60.0 * t.number("follow_minutes", 0.0, min=0, max=MAX_TURNOUT_MINUTES),
    )


def _check_can_roll(t: Table, crew_id: str, staffing: Mapping[str, Staffing], a: Availability) -> None:
    """Refuse a roll rule (``min_to_roll``) no staffing level of the crew can meet: the crew would never roll."""
    def most(level: Staffing) -> tuple[int, int]:  # (commanders, others) the level can bring at most
        roles = level.pool if level.fri_inryckning else level.roles
        cmd = sum(v for k, v in roles.items() if k in ("crew_commander", "incident_commander"))
        other = sum(roles.values()) - cmd
        return (min(cmd, a.seats), min(other, a.seats)) if level.fri_inryckning else (cmd, other)

    best = [max(v) for v in zip(*(most(s) for s in staffing.values()))]
    people = max(min(sum(most(s)), a.seats) if s.fri_inryckning else sum(most(s)) for s in staffing.values())
    need = {k: v for k, v in a.min_to_roll.items()}
    cmd_need = sum(v for k, v in need.items() if k in ("crew_commander", "incident_commander"))
    for wanted, have, what in ((a.min_people, people, "people"), (cmd_need, best[0], "commanders"),
                               (sum(need.values()) - cmd_need, best[1], "others than commanders")):
        if wanted > have:
            raise t.error("availability.min_to_roll",
                          f"crew '{crew_id}' can never roll: its roll rule asks for {wanted} {what}, and its largest "
                          f"staffing has {have} (a min_to_roll in [availability.<kind>] applies to every crew of "
                          "the kind).", fix=f"ask for at most {have}, or give the crew a staffing that meets it.")


#: (file, crew, seats) already warned of (a crew is parsed again for every scenario).
_SEATS_WARNED: set[tuple[str, str, int]] = set()


def _warn_idle_seats(t: Table, crew_id: str, staffing: Mapping[str, Staffing], seats: int) -> None:
    """Warn when a crew's own ``availability.seats`` is below a scheduled level's staffing: seats caps only a
    fri-inryckning pool, so ``seats = 4`` on a scheduled 1 + 9 crew let ten people ride without a word (probe_bad2
    #11). Seats at or above every scheduled level (the format's example, seats = 6) is harmless and not warned of."""
    if "seats" not in t.table("availability", {}):
        return
    over = [f"{name} {s.size}" for name, s in staffing.items() if not s.fri_inryckning and s.size > seats]
    key = (str(t.file), crew_id, seats)
    if not over or key in _SEATS_WARNED:
        return
    _SEATS_WARNED.add(key)
    logging.getLogger("raddsim").warning(
        "%s: %s.availability.seats = %d, but crew '%s' rides its scheduled staffing in full (%s): seats limits only "
        "a fri-inryckning pool. Fix: give the staffing as the vehicle carries it, or delete seats.", t.file, t.path,
        seats, crew_id, ", ".join(over))


def _turnout_minutes(t: Table) -> float:
    """``turnout_minutes``: required of every crew (full-time too), within what a turnout can be."""
    if "turnout_minutes" not in t:  # the generic 'add turnout_minutes = ...' left the reader to guess the meaning
        raise t.error("turnout_minutes", "required field is missing: the minutes from the alert to leaving the "
                                         "station, for every crew.",
                      fix="add e.g. turnout_minutes = 1.5 (a full-time crew on station: fixed) or 5 (a part-time "
                          "crew called from home: its 90th percentile); 0 leaves at once (docs/formats.md).")
    turnout_min = t.number("turnout_minutes", min=0)
    if turnout_min > MAX_TURNOUT_MINUTES:
        raise t.error("turnout_minutes", f"{turnout_min:g} min from the alarm to leaving the station is longer than "
                                         f"any turnout (at most {MAX_TURNOUT_MINUTES}).",
                      fix="give the turnout in minutes (1.5 for 90 s); the drive comes from the road network.")
    t.number("turnout_minutes", min=0, max=MAX_TURNOUT_MINUTES)  # and its range: every drawn turnout is one too
    return turnout_min


def parse_crew(
    t: Table,
    crew_id: str,
    stations: Mapping[str, Station],
    capabilities: frozenset[str],
    roles: frozenset[str],
    defaults: Mapping[str, Mapping] | None = None,
    calendar: StaffingCalendar = StaffingCalendar(),
) -> Crew:
    """Parse one ``[crews.<id>]`` table, checking its station and capabilities exist.

    ``defaults`` maps a crew kind to availability values (the region's ``[availability.<kind>]``)
    that the crew's own ``availability`` table overrides key by key; ``calendar`` is the region's
    summer months and day hours (``[availability]``).
    """
    t.check_keys(["name", "name_sv", "station", "kind", "turnout_minutes", "capabilities", "staffing", "level",
                  "in_service",
                  "unit", "availability", "vehicle", "note"])
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
    turnout_min = _turnout_minutes(t)
    staffing_t = t.table("staffing")
    if not staffing_t.keys():
        raise staffing_t.error(None, "a crew needs at least one staffing level.",
                               fix="add e.g. staffing.minimum = { crew_commander = 1, firefighters = 4 }.")
    staffing = {level: _parse_staffing(staffing_t.table(level), roles) for level in staffing_t.keys()}
    level = t.str("level", None) if "level" in t else None
    if level is not None and level not in staffing:
        raise t.error("level", f"no staffing level '{level}'.{did_you_mean(level, staffing)}",
                      fix=f"use one of: {', '.join(staffing)}.")
    kind = crew_kind(t.str("kind"))
    if kind is None:
        raise t.error("kind", f"'{t.str('kind')}' is not allowed.{did_you_mean(t.str('kind'), CREW_KINDS)}",
                      fix=f"use one of: {', '.join(CREW_KINDS)} (Swedish: heltid, deltid or RIB).")
    check_slip(t, "turnout_minutes", turnout_min, lambda m: turnout_slip(m, kind))  # seconds? (probe_bad2)
    unit = t.str("unit", "crew", choices=UNIT_TYPES)
    external = stations[station].external
    scale, availability = _crew_availability(t, crew_id, kind, external, defaults, roles, unit, calendar)
    _check_can_roll(t, crew_id, staffing, availability)
    _warn_idle_seats(t, crew_id, staffing, availability.seats)
    turnout_min *= scale
    return Crew(
        id=crew_id,
        name=t.str("name", crew_id),
        name_sv=t.str("name_sv", ""),
        station=station,
        kind=kind,
        turnout_s=turnout_min * 60.0,
        capabilities=frozenset(caps),
        staffing=MappingProxyType(staffing),
        level=level,
        in_service=t.bool("in_service", True),
        unit=unit,
        external=external,
        availability=availability,
        vehicle=t.str("vehicle", "light"),
    )


def _crew_availability(t: Table, crew_id: str, kind: str, external: bool, defaults: Mapping[str, Mapping] | None,
                       roles: frozenset[str], unit: str, calendar: StaffingCalendar) -> tuple[float, Any]:
    """A crew's turnout scale and availability, its own values laid over its class's defaults.

    A bad value the crew inherits is reported where it is written — ``availability.<class>.<key>``
    in the region file, or in the scenario that sets it — not under a crew key no file contains.
    """
    avail = _with_defaults(t, kind, external, defaults)
    try:
        # turnout_scale: one uncertain factor per crew class on the stated turnout times (see the region file).
        scale = avail.number("turnout_scale", 1.0, min=0, min_exclusive=True)
        return scale, _parse_availability(avail, kind, external, roles, unit, calendar)
    except InputError as err:
        own, field = t.table("availability", {}), err.field or ""
        prefix = f"{own.path}."
        rest = field[len(prefix):] if field.startswith(prefix) else ""
        if not rest or rest.split(".")[0] in own.data:
            raise
        which = MUTUAL_AID if external else kind
        raise InputError(f"{err.message.rstrip('.')} (the default of every {which} crew; met first at crew "
                         f"'{crew_id}').", file=err.file, field=f"availability.{which}.{rest}", fix=err.fix) from None


def kind_defaults(at: Table, roles: frozenset[str], calendar: StaffingCalendar) -> dict[str, Mapping]:
    """The ``[availability.<kind>]`` tables (``at``: the region's ``[availability]``) by kind, each checked on its own
    as a crew's availability table.

    A crew reads its kind's defaults with their ranges resolved to their values, so a default's range was never
    held to the field's bounds (``turnout_scale = { value = 1.0, range = [-0.8, 1.3] }`` was accepted), and a kind
    no crew has (``[availability.mutual-aid]`` without an external station) was read by nothing at all
    (``available_probability = -1`` went unnoticed until a scenario added a neighbour's crew).
    """
    for which in (*CREW_KINDS, MUTUAL_AID):
        if which not in at:
            continue
        data = {k: v for k, v in at.table(which).data.items() if k != "source"}
        t = Table(data, at.file, f"availability.{which}")
        t.number("turnout_scale", 1.0, min=0, min_exclusive=True)
        _parse_availability(t, CREW_KINDS[0] if which == MUTUAL_AID else which, which == MUTUAL_AID, roles, "crew",
                            calendar)
    return {kind: at.table(kind, {}).data for kind in (*CREW_KINDS, MUTUAL_AID)}


def _with_defaults(t: Table, kind: str, external: bool, defaults: Mapping[str, Mapping] | None) -> Table:
    """The crew's availability table laid over its region defaults: its kind's, or mutual aid's for an external crew."""
    own = t.table("availability", {})
    which = MUTUAL_AID if external else kind
    base = {} if not defaults else dict(defaults.get(which, {}))
    base.pop("source", None)
    # Ranged defaults resolved here, so a malformed range is reported where it is written
    # ([availability.<kind>]), not at every crew that inherits it.
    return Table({**_resolved(base, own.file, f"availability.{which}"), **own.data}, own.file, own.path)


def _resolved(data: dict, file: Any, path: str) -> dict:
    """``data`` with every ``{ value, range }`` leaf checked (at ``path``) and replaced by its value."""
    t = Table(data, file, path)
    out: dict[str, Any] = {}
    for k, v in data.items():
        if isinstance(v, dict) and "value" in v:
            out[k] = t.number(k)
        elif isinstance(v, dict):
            out[k] = _resolved(v, file, t.field(k))
        else:
            out[k] = v
    return out


def unique_labels(ids: list[str] | tuple[str, ...], names: list[str] | tuple[str, ...]) -> list[str]:
    """Display labels keyed to identity: each name, with its id added where names collide.

    Results are keyed by these labels (tables, JSON, sweep columns). Two stations or
    crews that share a display name would otherwise merge into one entry and one of
    them would silently vanish; the id (unique by construction) keeps them apart.

    Parameters
    ----------
    ids
        Unique ids, e.g. the keys of ``[stations.*]``.
    names
        Their display names, in the same order.
    """
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    labels = [n if counts[n] == 1 else f"{n} ({i})" for i, n in zip(ids, names)]
    if len(set(labels)) != len(labels):  # a name that looks like another's "name (id)": fall back to ids
        labels = list(ids)
    return labels
