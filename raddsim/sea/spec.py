"""The ``[archipelago]`` table of a region file: the island layer and how boats cross.

A scenario may override it (``[scenarios.<name>.archipelago]``): ``navigable = false`` for
the ice season (no boat goes), ``out_of_service = ["rescue_boat", …]`` for a service without
its boats.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from raddsim.core.bounds import MIN_SPEED_KMH
from raddsim.core.errors import InputError
from raddsim.region.config import Table, did_you_mean
from raddsim.sea.layer import BoatType, Island, Launch, load_islands, load_launches

KNOT_KMH = 1.852
KEYS = ["islands", "launches", "boats", "detour", "landing_minutes", "walk_kmh", "navigable", "out_of_service",
        "source", "note"]


@dataclass(frozen=True)
class SeaSpec:
    """Islands, launch points, boat types and the crossing model of a scenario.

    Attributes
    ----------
    detour
        Sea route / straight line between a launch point and a landing (default of every launch point).
    landing_s
        Time to moor and get ashore at a landing (s).
    walk_kmh
        Speed from the shore to the scene (on foot, or an island's own vehicle).
    navigable
        False in the ice season: no boat crosses.
    out_of_service
        Boat types not in service in this scenario.
    file, islands_file, launches_file
        The region file and the two CSV files (named in errors about a row of them).
    """

    islands: tuple[Island, ...]
    launches: tuple[Launch, ...]
    boats: Mapping[str, BoatType]
    #: Defaults where ``[archipelago]`` leaves a key out, ASSUMPTIONS (ranges in docs/parameters.md): detour 1.3
    #: (1.1–1.6), landing 3 min (1–10), shore → scene at walking pace 5 km/h (3–30 with an island's own vehicle).
    detour: float = 1.3
    landing_s: float = 180.0
    walk_kmh: float = 5.0
    navigable: bool = True
    out_of_service: tuple[str, ...] = ()
    file: str = ""
    islands_file: str = ""
    launches_file: str = ""

    def key(self) -> tuple:
        """Everything the travel tables depend on (a cache key)."""
        return (self.islands, self.launches, tuple(self.boats.values()), self.detour, self.landing_s, self.walk_kmh,
                self.navigable, self.out_of_service)

    def boat_of(self, capabilities: Iterable[str]) -> BoatType | None:
        """The boat type a crew with these capabilities has (the first in ``[archipelago.boats]`` order)."""
        caps = set(capabilities)
        return next((b for b in self.boats.values() if b.capability in caps), None)

    def in_service(self, boat: BoatType) -> bool:
        """Whether boats of this type can cross in this scenario."""
        return self.navigable and boat.id not in self.out_of_service


def _boats(t: Table, capabilities: frozenset[str]) -> dict[str, BoatType]:
    out = {}
    for bid in t.keys():
        b = t.table(bid)
        b.check_keys(["capability", "speed_knots", "road", "source", "note"])
        cap = b.str("capability")
        if cap not in capabilities:
            raise b.error("capability", f"unknown capability '{cap}'.{did_you_mean(cap, capabilities)}",
                          fix="use a crew capability, or declare it in [region] extra_capabilities.")
        road = b.get("road", True)
        if not isinstance(road, bool):
            raise b.error("road", f"expected true or false, got {road!r}.", fix="write road = true or road = false.")
        out[bid] = BoatType(bid, cap, b.number("speed_knots", min=1, max=80) * KNOT_KMH, road)
    if not out:
        raise t.error(None, "no boat types.",
                      fix="add at least one [archipelago.boats.<type>] with capability and speed_knots.")
    return out


def parse_sea(t: Table, stations: Iterable[str], capabilities: frozenset[str]) -> SeaSpec | None:
    """Parse ``[archipelago]`` (None when the region has none)."""
    if not t.keys():
        return None
    t.check_keys(KEYS)
    boats = _boats(t.table("boats"), capabilities)
    off = t.str_list("out_of_service", [])
    for b in off:
        if b not in boats:
            raise t.error("out_of_service", f"unknown boat type '{b}'.{did_you_mean(b, boats)}",
                          fix=f"use types of [archipelago.boats]: {', '.join(boats)}.")
    navigable = t.get("navigable", True)
    if not isinstance(navigable, bool):
        raise t.error("navigable", f"expected true or false, got {navigable!r}.",
                      fix="write navigable = false for the ice season, true otherwise.")
    return SeaSpec(
        islands=load_islands(t.existing_path("islands")),
        launches=load_launches(t.existing_path("launches"), set(stations), set(boats)),
        boats=boats,
        detour=t.number("detour", 1.3, min=1.0, max=5.0),
        landing_s=t.number("landing_minutes", 3.0, min=0, max=60) * 60.0,
        walk_kmh=t.number("walk_kmh", 5.0, min=MIN_SPEED_KMH, max=60),
        navigable=navigable,
        out_of_service=tuple(off),
        file=str(t.file),
        islands_file=str(t.path_value("islands")),
        launches_file=str(t.path_value("launches")),
    )


def check_boat_crews(sea: SeaSpec, crews: Iterable, file: str | Path | None) -> None:
    """Every crew's boat type must have a launch point somewhere (else it could never cross).

    A crew whose own station has none uses every launch point of its boat type (a station a scenario
    adds, e.g. an option of ``raddsim optimise``; ASSUMPTION: its boat is launched at the best of them).
    """
    for c in crews:
        boat = sea.boat_of(c.capabilities)
        if boat is not None and not any(ln.boat == boat.id for ln in sea.launches):
            raise InputError(f"crew '{c.id}' has a {boat.id} ({boat.capability}) but no launch point is given for "
                             f"that boat type.", file=file, field=f"crews.{c.id}.capabilities",
                             fix=f"add a row station={c.station},boat={boat.id} to the launches file, "
                                 "or remove the capability.")
