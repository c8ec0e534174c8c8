"""The crews table a starter region is written from (``raddsim region new --stations crews.csv``).

One row per crew: where it stands, what kind it is and, optionally, its turnout time, staffing and
equipment. Rows sharing a ``station`` are crews at one station. Staffing is one level (``current``) in the
role columns (``firefighters``), or several: ``firefighters@minimum``, ``firefighters@ambition`` … name the
levels (a blank cell takes the plain ``firefighters`` column, else the marked default). Read and checked here into
:class:`CrewRow` records; :mod:`raddsim.region.starter` writes them into a region file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.text import ascii_fold, csv_number, read_csv_table
from raddsim.region.config import did_you_mean
from raddsim.region.plausible import say_slip, turnout_slip
from raddsim.region.stations import CAPABILITIES, CREW_KINDS, MAX_TURNOUT_MINUTES, UNIT_TYPES, crew_kind
from raddsim.sea.crossing import haversine_km

#: Columns every row needs.
REQUIRED = ("name", "lat", "lon", "kind")
#: Columns a row may have; a column not named here is refused (a typo would silently drop data).
OPTIONAL = ("id", "station", "station_name", "unit", "turnout_minutes", "crew_commander", "firefighters",
            "paramedics", "capabilities")
#: The staffing columns by service: a rescue service's crews, an EMS's ambulances.
STAFF_COLUMNS = {"rescue": ("crew_commander", "firefighters"), "ems": ("paramedics",)}
#: The one staffing level (and scenario) of a table without ``role@level`` columns.
DEFAULT_LEVEL = "current"
#: Two rows of one station farther apart than this are two stations written with one id.
SAME_STATION_M = 200.0


@dataclass(frozen=True)
class CrewRow:
    """One crew of the table, with the row it came from (for error messages)."""

    row: int
    id: str
    name: str
    station: str
    station_name: str
    lat: float
    lon: float
    kind: str
    #: "crew" (counts for first arrival and force) or "command" (an incident commander: one person).
    unit: str
    #: ``None``: not in the table (the starter writes a marked default).
    turnout_minutes: float | None
    #: Per staffing level, (role, people) for the service's roles; people ``None``: not in the table.
    staffing: tuple[tuple[str, tuple[tuple[str, int | None], ...]], ...]
    capabilities: tuple[str, ...]


def identifier(text: str) -> str:
    """A plain id for a name: ``"Hallstavik Öst"`` → ``"hallstavik_ost"`` (ASCII letters, digits, ``_``).

    Parameters
    ----------
    text : str
        A name as people write it.

    Returns
    -------
    str
        The id (empty when the name has no letter or digit).
    """
    return re.sub(r"[^0-9a-z]+", "_", ascii_fold(text).lower()).strip("_")


def read_crew_table(path: str | Path, service: str = "rescue") -> list[CrewRow]:
    """Read and check a crews table (see the module doc and ``docs/formats.md``).

    Parameters
    ----------
    path : str or Path
        The CSV file (UTF-8; ``#`` lines are comments).
    service : str
        ``"rescue"`` (staffing columns crew_commander, firefighters) or ``"ems"`` (paramedics).

    Returns
    -------
    list of CrewRow
        The crews in the file's order.

    Raises
    ------
    InputError
        A missing or unknown column, an empty name, a number out of range, an unknown kind or capability, two
        crews with one id, or one station id at two places; each names the row and column.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("the crews table is not a file." if path.exists() else "the crews table does not exist.",
                         file=path, fix="give a CSV file with the columns name,lat,lon,kind (docs/formats.md).")
    header, rows = read_csv_table(path, REQUIRED)
    other = {c for cols in STAFF_COLUMNS.values() for c in cols} - set(STAFF_COLUMNS[service])
    known = tuple(c for c in REQUIRED + OPTIONAL if c not in other)
    levels = staffing_levels(path, header, STAFF_COLUMNS[service])
    unknown = [c for c in header if c not in known and "@" not in c]
    if unknown:
        why = (f"column '{unknown[0]}': a {service} region's crews are staffed by {', '.join(STAFF_COLUMNS[service])}."
               if unknown[0] in other else f"unknown column '{unknown[0]}'.{did_you_mean(unknown[0], known)}")
        other_service = next((k for k, cols in STAFF_COLUMNS.items() if unknown[0] in cols), None)
        article = "an" if other_service == "ems" else "a"
        hint = f", or start {article} {other_service} region: --service {other_service}" if other_service else ""
        raise InputError(why, file=path, field=unknown[0],
                         fix=f"use only the columns {', '.join(known)} (docs/formats.md){hint}.")
    if not rows:
        raise InputError("no crews in the table.", file=path, fix="add one row per crew.")
    crews = [_crew(path, n, row, STAFF_COLUMNS[service], levels) for n, row in rows]
    _check_ids(path, crews)
    return crews


def _text(path: Path, n: int, row: dict[str, str], col: str) -> str:
    return (row.get(col) or "").strip()


def staffing_levels(path: Path, header: list[str], roles: tuple[str, ...]) -> tuple[str, ...]:
    """The staffing levels the table's ``role@level`` columns name (``firefighters@minimum``), in order; else one,
    :data:`DEFAULT_LEVEL`.

    Raises
    ------
    InputError
        For a ``role@level`` column whose role is not the service's or whose level has no letter, and for two
        columns of one role whose levels read alike (``firefighters@Minimum``, ``firefighters@ minimum``).
    """
    levels: dict[str, None] = {}
    seen: dict[tuple[str, str], str] = {}  # (role, level) -> the column that gave it
    for col in header:
        if "@" not in col:
            continue
        role, _, level = col.partition("@")
        if role not in roles or not identifier(level):
            # another service's role (firefighters@minimum in an ems table): the other service is the other fix
            other = next((k for k, cols in STAFF_COLUMNS.items() if role in cols and role not in roles), None)
            hint = f", or start {'an' if other == 'ems' else 'a'} {other} region: --service {other}" if other else ""
            raise InputError(f"column '{col}' is not role@level.", file=path, field=col,
                             fix=f"name a staffing level's column {roles[-1]}@<level>, e.g. {roles[-1]}@minimum "
                                 f"(roles: {', '.join(roles)}){hint}.")
        first = seen.setdefault((role, identifier(level)), col)
        if first != col:  # the first column's cells were read, this one's dropped unsaid
            raise InputError(f"columns '{first}' and '{col}' both give level '{identifier(level)}' (levels are read "
                             "in lower case, without spaces).", file=path, field=col,
                             fix="delete or rename one of them.")
        levels[identifier(level)] = None
    return tuple(levels) or (DEFAULT_LEVEL,)


def _crew(path: Path, n: int, row: dict[str, str], roles: tuple[str, ...], levels: tuple[str, ...]) -> CrewRow:
    name = _text(path, n, row, "name")
    if not name:
        raise InputError(f"line {n}, column 'name': empty.", file=path, field="name", fix="give every crew a name.")
    crew_id, station = _id(path, n, row, "id", name), _id(path, n, row, "station", "")
    written = _text(path, n, row, "kind")
    kind = crew_kind(written)
    if kind is None:
        raise InputError(f"line {n}, column 'kind': {written!r} is not a crew kind.{did_you_mean(written, CREW_KINDS)}",
                         file=path, field="kind", fix=f"write {' or '.join(CREW_KINDS)} (Swedish: heltid, deltid or "
                                                     "RIB).")
    unit = _text(path, n, row, "unit") or "crew"
    if unit not in UNIT_TYPES:
        raise InputError(f"line {n}, column 'unit': {unit!r} is not a unit type.{did_you_mean(unit, UNIT_TYPES)}",
                         file=path, field="unit", fix=f"write {' or '.join(UNIT_TYPES)} (or leave it empty: crew).")
    staff = [c for c in row if (c in roles or c.partition("@")[0] in roles) and _text(path, n, row, c)]
    if unit == "command" and staff:  # an incident commander is one person: a number here would be ignored
        raise InputError(f"line {n}, column '{staff[0]}': a command unit is one incident commander.", file=path,
                         field=staff[0], fix="leave the column empty for command units.")
    for col in staff:  # every cell, also a role's plain one that each of its role@level cells replaces ("abc" passed)
        _optional(path, n, row, col, 100, whole=True)
    turnout = _optional(path, n, row, "turnout_minutes", MAX_TURNOUT_MINUTES, whole=False)
    slip = None if turnout is None else turnout_slip(turnout, kind)
    if slip is not None:  # said by its line, as the table's errors are; the region file written from it is not warned
        say_slip(replace(slip, message=f"line {n} ({name}): {slip.message}"), path, "turnout_minutes")
    return CrewRow(
        row=n, id=crew_id, name=name, station=station or crew_id, unit=unit,
        station_name=_text(path, n, row, "station_name") or _text(path, n, row, "station") or name,
        lat=csv_number(path, n, row, "lat", -90, 90), lon=csv_number(path, n, row, "lon", -180, 180), kind=kind,
        turnout_minutes=turnout,
        staffing=tuple((level, _level_staffing(path, n, row, roles, level)) for level in levels),
        capabilities=_capabilities(path, n, row))


def _level_staffing(path: Path, n: int, row: dict[str, str], roles: tuple[str, ...],
                    level: str) -> tuple[tuple[str, int | None], ...]:
    """(role, people) at ``level``: its ``role@level`` cell, else the ``role`` cell (every level), else ``None``."""
    out = []
    for role in roles:
        col = next((c for c in row if c.partition("@")[0] == role and identifier(c.partition("@")[2]) == level
                    and _text(path, n, row, c)), role)
        out.append((role, _whole(_optional(path, n, row, col, 100, whole=True))))
    return tuple(out)


def _id(path: Path, n: int, row: dict[str, str], col: str, default: str) -> str:
    """The id in ``col`` (or made from ``default``), as letters, digits and '_' (ids are TOML keys and CLI words)."""
    text = _text(path, n, row, col) or default
    out = identifier(text)
    if text and not out:
        raise InputError(f"line {n}, column '{col if _text(path, n, row, col) else 'name'}': {text!r} has no ASCII "
                         "letter or digit to make an id of (ids are ASCII letters a-z, digits and '_'; accents are "
                         "dropped, other scripts cannot be).", file=path, field=col,
                         fix="give an id column of ASCII ids (e.g. station_1), or a name in Latin letters.")
    return out


def _optional(path: Path, n: int, row: dict[str, str], col: str, hi: float, *, whole: bool) -> float | None:
    if not _text(path, n, row, col):
        return None
    v = csv_number(path, n, row, col, 0, hi)
    if whole and not v.is_integer():
        raise InputError(f"line {n}, column '{col}': {row[col].strip()!r} is not a whole number of people.", file=path,
                         field=col, fix="give a whole number.")
    return v


def _whole(v: float | None) -> int | None:
    return None if v is None else int(v)


def _capabilities(path: Path, n: int, row: dict[str, str]) -> tuple[str, ...]:
    # ';' or spaces between names: a comma would split the CSV row.
    caps = tuple(c for c in re.split(r"[;\s]+", _text(path, n, row, "capabilities")) if c)
    for cap in caps:
        if cap not in CAPABILITIES:
            raise InputError(f"line {n}, column 'capabilities': unknown capability {cap!r}."
                             f"{did_you_mean(cap, CAPABILITIES)}", file=path, field="capabilities",
                             fix=f"use names from: {', '.join(sorted(CAPABILITIES))}, separated by ';' (a region "
                                 "file may declare more in [region] extra_capabilities).")
    return caps


def _check_ids(path: Path, crews: list[CrewRow]) -> None:
    seen: dict[str, CrewRow] = {}
    first: dict[str, CrewRow] = {}
    for c in crews:
        if c.id in seen:
            raise InputError(f"lines {seen[c.id].row} and {c.row}: two crews with the id {c.id!r}.", file=path,
                             field="id", fix="give each crew its own name, or an id column that tells them apart.")
        seen[c.id] = c
        s = first.setdefault(c.station, c)
        if s is not c:
            gap = 1000.0 * float(haversine_km(np.array(s.lat), np.array(s.lon), np.array(c.lat), np.array(c.lon)))
            if gap > SAME_STATION_M:
                raise InputError(f"lines {s.row} and {c.row}: station {c.station!r} is at two places {gap:,.0f} m "
                                 "apart.", file=path, field="station",
                                 fix="give both crews the station's position, or different station names.")


__all__ = ["DEFAULT_LEVEL", "OPTIONAL", "REQUIRED", "STAFF_COLUMNS", "CrewRow", "identifier", "read_crew_table",
           "staffing_levels"]
