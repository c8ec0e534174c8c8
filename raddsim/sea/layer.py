"""The archipelago layer: islands without road access, boat launch points and boat types.

Read from the files and the ``[archipelago]`` table a region file names
(``stations/norrtalje_islands.csv``, ``stations/norrtalje_boat_launches.csv``);
every problem is an :class:`~raddsim.core.errors.InputError` naming the file,
the field and the fix. See ``networks/ARCHIPELAGO.md`` for the sources.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from raddsim.core.errors import InputError
from raddsim.core.text import degrees_hint, number_hint, read_csv_table, refuse_thousands

ISLAND_COLUMNS = ["name", "lat", "lon", "landing_lat", "landing_lon", "shore_km", "walk_km", "permanent",
                  "holiday_homes", "basis", "approximate"]
LAUNCH_COLUMNS = ["station", "boat", "name", "lat", "lon", "launch_minutes", "launch_min", "launch_max", "detour",
                  "source", "approximate"]


@dataclass(frozen=True)
class Island:
    """An island (or a group of small islands) without road access, where alarms can happen.

    Attributes
    ----------
    name
        Its name (a group is named by its area).
    lat, lon
        Its centre (WGS84).
    landing_lat, landing_lon
        Where a boat lands (a public jetty, or the group's centre).
    shore_km
        Mean extra distance by boat from the landing to the scene's shore (groups of islands).
    walk_km
        Mean distance on foot from the shore to the scene.
    permanent
        Permanent residents.
    holiday_homes
        Holiday homes.
    name_sv
        Its name in Swedish output (optional column ``name_sv``; blank: ``name``).
    """

    name: str
    lat: float
    lon: float
    landing_lat: float
    landing_lon: float
    shore_km: float
    walk_km: float
    permanent: int
    holiday_homes: int
    basis: str = ""
    approximate: bool = True
    name_sv: str = ""
    #: The row of the islands file it was read from (0: not from a file), for messages; not part of its identity.
    row: int = field(default=0, compare=False)

    def label(self, lang: str = "en") -> str:
        """The island's name in ``lang`` (``name_sv`` in Swedish when given)."""
        return self.name_sv or self.name if lang == "sv" else self.name


@dataclass(frozen=True)
class Launch:
    """Where a station's boat goes into the water: its harbour (a moored boat) or a trailer ramp.

    Attributes
    ----------
    station, boat
        The station whose crews use it and the boat type (``[archipelago.boats]``) launched there.
    launch_s
        Time from arriving at the site to the boat leaving it (s); also the time to take it up again.
    detour
        Sea route / straight line from here (None: the layer's default).
    """

    station: str
    boat: str
    name: str
    lat: float
    lon: float
    launch_s: float
    launch_range_s: tuple[float, float]
    detour: float | None = None
    source: str = ""
    approximate: bool = True


@dataclass(frozen=True)
class BoatType:
    """A kind of boat: which crew capability brings it, how fast it goes, whether its crew also drives.

    Attributes
    ----------
    capability
        The crew capability (``[crews.<id>] capabilities``) that means "this crew has this boat".
    speed_kmh
        Mean speed over a crossing (km/h).
    road
        False for crews that only have a boat (sea rescue): they are never sent by road.
    """

    id: str
    capability: str
    speed_kmh: float
    road: bool = True


def _rows(path: Path, need: list[str], what: str) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise InputError(f"{what} file not found.", file=path,
                         fix="check the path in [archipelago] of the region file.")
    _, rows = read_csv_table(path, need)
    if not rows:
        raise InputError("no rows in file.", file=path, fix="add at least one row.")
    return rows


def _num(path: Path, n: int, row: dict, col: str, lo: float, hi: float, blank: float | None = None) -> float:
    text = (row.get(col) or "").strip()
    if not text and blank is not None:
        return blank
    try:
        v = float(text)
    except ValueError:
        raise InputError(f"line {n}, column '{col}': expected a number, got {text!r}{number_hint(text)}.",
                         file=path, field=col, fix="correct the row.") from None
    if math.isnan(v) or not lo <= v <= hi:
        hint = degrees_hint(v) if col.endswith(("lat", "lon")) else ""
        raise InputError(f"line {n}, column '{col}': {v:g} is outside [{lo:g}, {hi:g}]{hint}.", file=path, field=col,
                         fix=f"give a value in [{lo:g}, {hi:g}].")
    return v


def _approximate(path: Path, n: int, row: dict, source_col: str) -> bool:
    flag = (row.get("approximate") or "").strip().lower()
    if flag not in ("yes", "no"):
        raise InputError(f"line {n}, column 'approximate': expected yes or no, got {row.get('approximate')!r}.",
                         file=path, field="approximate", fix="write yes (approximate or assumed) or no (surveyed).")
    if flag == "no" and not (row.get(source_col) or "").strip():
        raise InputError(f"line {n}: a row not marked approximate needs a {source_col}.", file=path, field=source_col,
                         fix=f"give the {source_col}, or write approximate = yes.")
    return flag == "yes"


def _name(path: Path, n: int, row: dict, col: str = "name") -> str:
    name = (row.get(col) or "").strip()
    if not name:
        raise InputError(f"line {n}, column '{col}': empty.", file=path, field=col, fix=f"give every row a {col}.")
    return name


def load_islands(path: str | Path) -> tuple[Island, ...]:
    """Read an islands CSV (columns :data:`ISLAND_COLUMNS`, optional ``name_sv``; ``#`` lines are comments)."""
    path = Path(path)
    out: list[Island] = []
    for n, row in _rows(path, ISLAND_COLUMNS, "islands"):
        name = _name(path, n, row)
        if any(i.name == name for i in out):
            raise InputError(f"line {n}: a second island named {name!r}.", file=path, field="name",
                             fix="give each island a distinct name.")
        for col in ("permanent", "holiday_homes"):  # "1,200", "1.200": not 1.2 residents
            refuse_thousands(path, n, col, (row.get(col) or "").strip())
        permanent, homes = _num(path, n, row, "permanent", 0, 1e6), _num(path, n, row, "holiday_homes", 0, 1e6)
        if not (permanent.is_integer() and homes.is_integer()):
            raise InputError(f"line {n}: 'permanent' and 'holiday_homes' are counts.", file=path, field="permanent",
                             fix="write whole numbers.")
        out.append(Island(name, _num(path, n, row, "lat", -90, 90), _num(path, n, row, "lon", -180, 180),
                          _num(path, n, row, "landing_lat", -90, 90), _num(path, n, row, "landing_lon", -180, 180),
                          _num(path, n, row, "shore_km", 0, 50), _num(path, n, row, "walk_km", 0, 20),
                          int(permanent), int(homes), (row.get("basis") or "").strip(),
                          _approximate(path, n, row, "basis"), (row.get("name_sv") or "").strip(), n))
        _check_landing(out[-1], path, n)
    return tuple(out)


#: The farthest a landing may lie from its island's centre (km). A boat lands at the island (or a group's centre);
#: beyond this the landing is a typo (a digit or lat/lon swapped), and the crossing would be measured to it.
MAX_LANDING_KM = 25.0


def _check_landing(isl: Island, path: Path, n: int) -> None:
    """Refuse a landing far from its island (the crossing is measured to the landing, the island's alarms sit there)."""
    km_lat = 111.2 * (isl.landing_lat - isl.lat)
    km_lon = 111.2 * math.cos(math.radians((isl.lat + isl.landing_lat) / 2)) * (isl.landing_lon - isl.lon)
    gap = math.hypot(km_lat, km_lon)
    if gap > MAX_LANDING_KM:
        raise InputError(f"line {n}: island {isl.name!r} at {isl.lat:.5f}N {isl.lon:.5f}E lands {gap:,.0f} km away, at "
                         f"{isl.landing_lat:.5f}N {isl.landing_lon:.5f}E (at most {MAX_LANDING_KM:g} km).", file=path,
                         field="landing_lat/landing_lon",
                         fix="correct the landing or the island's position (WGS84 decimal degrees: lat, then lon).")


def load_launches(path: str | Path, stations: set[str], boats: set[str]) -> tuple[Launch, ...]:
    """Read a boat-launch CSV (columns :data:`LAUNCH_COLUMNS`), checking stations and boat types exist."""
    path = Path(path)
    out: list[Launch] = []
    for n, row in _rows(path, LAUNCH_COLUMNS, "boat launches"):
        station, boat = _name(path, n, row, "station"), _name(path, n, row, "boat")
        if station not in stations:
            raise InputError(f"line {n}, column 'station': unknown station {station!r}.", file=path, field="station",
                             fix=f"use a station of the region file: {', '.join(sorted(stations))}.")
        if boat not in boats:
            raise InputError(f"line {n}, column 'boat': unknown boat type {boat!r}.", file=path, field="boat",
                             fix=f"use a type of [archipelago.boats]: {', '.join(sorted(boats))}.")
        lo, hi = _num(path, n, row, "launch_min", 0, 240), _num(path, n, row, "launch_max", 0, 240)
        if lo > hi:  # else launch_minutes is checked against the empty range [hi, lo] and its fix is impossible
            raise InputError(f"line {n}: launch_min {lo:g} is above launch_max {hi:g}.", file=path, field="launch_min",
                             fix="swap them.")
        value = _num(path, n, row, "launch_minutes", lo, hi)
        detour = _num(path, n, row, "detour", 1.0, 5.0, blank=0.0)
        out.append(Launch(station, boat, _name(path, n, row), _num(path, n, row, "lat", -90, 90),
                          _num(path, n, row, "lon", -180, 180), value * 60.0, (lo * 60.0, hi * 60.0),
                          detour or None, (row.get("source") or "").strip(), _approximate(path, n, row, "source")))
    return tuple(out)
