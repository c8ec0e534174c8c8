"""The files that say where people live and where alarms come from: places, alarm objects, holiday areas.

Each is a CSV file a region names (``docs/formats.md``), read and validated here into frozen records;
:mod:`raddsim.demand.spec` puts them into a region's demand, :mod:`raddsim.demand.points` onto the roads.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

from raddsim.core.errors import InputError
from raddsim.core.text import csv_number, read_csv_table, refuse_thousands

log = logging.getLogger("raddsim")
#: Warnings already given in this process (the places file is read once per scenario).
_WARNED: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Place:
    """An urban area (tätort) with its population and centre."""

    name: str
    population: int
    lat: float
    lon: float


@dataclass(frozen=True)
class AlarmObject:
    """A building or site that automatic fire alarms come from (hospital, industry, care home, school, town centre)."""

    name: str
    kind: str
    lat: float
    lon: float
    weight: float
    source: str = ""
    approximate: bool = True
    #: The name in Swedish outputs (optional column ``name_sv``; empty: the name).
    name_sv: str = ""

    def label(self, lang: str = "en") -> str:
        """The object's name in ``lang``."""
        return self.name_sv or self.name if lang == "sv" else self.name


@dataclass(frozen=True)
class HolidayArea:
    """An area where holiday homes are, with its share of them (spread along its roads)."""

    name: str
    lat: float
    lon: float
    radius_km: float
    share: float
    #: The row of the holiday-areas file it was read from (0: not from a file), for error messages.
    row: int = 0


def _read_csv_rows(path: Path, need: list[str], what: str) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise InputError(f"{what} file not found.", file=path, fix="check the path in the region file.")
    _, rows = read_csv_table(path, need)
    if not rows:
        raise InputError("no rows in file.", file=path, fix="add at least one row.")
    return rows


def load_places(path: str | Path, *, quiet: bool = False) -> tuple[Place, ...]:
    """Read a places CSV (``name,population,lat,lon``; ``#`` lines are comments).

    ``quiet``: without the warning about a place of population 0 (``region new`` sums the residents before the
    region it writes is loaded, which warns about the same rows once, naming the region's copy).
    """
    path = Path(path)
    places: list[Place] = []
    seen: dict[str, tuple[int, str]] = {}
    for n, row in _read_csv_rows(path, ["name", "population", "lat", "lon"], "places"):
        name = (row["name"] or "").strip()
        if not name:
            raise InputError(f"line {n}, column 'name': empty.", file=path, field="name",
                             fix="give every place a name.")
        _distinct(path, seen, name, n, "places", fix="give each place a distinct name (e.g. add the parish).")
        refuse_thousands(path, n, "population", row["population"])  # "12,000", "12.000": not 12 residents
        pop = csv_number(path, n, row, "population", 0, 1e9)
        if not pop.is_integer():
            raise InputError(f"line {n}, column 'population': expected a whole number, got {row['population']!r}.",
                             file=path, field="population", fix="correct the row.")
        places.append(Place(name, int(pop), csv_number(path, n, row, "lat", -90, 90),
                            csv_number(path, n, row, "lon", -180, 180)))
        if pop == 0 and not quiet and (str(path), name) not in _WARNED:
            # Legal (a place kept in the file but emptied for a study), so a warning (audit7); far more often a
            # blank or lost cell, and the place then silently gets no alarms.
            _WARNED.add((str(path), name))
            log.warning("%s: line %d: place '%s' has population 0, so it gets no alarms. Fix: give its population, "
                        "or delete the row.", path, n, name)
    return tuple(places)


def _distinct(path: Path, seen: dict[str, tuple[int, str]], name: str, n: int, what: str,
              fix: str | None = None) -> None:
    """Refuse a second row named ``name``, or named so that it reads alike (case or Unicode form: 'Norrtälje' and
    'NORRTÄLJE'): results and messages name rows by it, so two alike cannot be told apart.

    Accents are kept: å, ä and ö are letters of their own, and Uppsala county has both Skolsta and Skölsta, Haga and
    Håga (SCB's tätorter 2020).
    """
    import unicodedata

    key = unicodedata.normalize("NFC", name).casefold()
    if key in seen:
        first, other = seen[key]
        named = f"named {name!r}" if other == name else f"named {other!r} and {name!r}, which read alike"
        raise InputError(f"lines {first} and {n}: two {what} {named}.", file=path, field="name",
                         fix=fix or f"give each {what[:-1] if what.endswith('s') else what} a distinct name, or "
                                    "delete the row copied by mistake.")
    seen[key] = (n, name)


def load_alarm_objects(path: str | Path) -> tuple[AlarmObject, ...]:
    """Read an alarm-objects CSV (``name,kind,lat,lon,weight,source,approximate``, optional ``name_sv``;
    ``#`` lines are comments)."""
    path = Path(path)
    out = []
    seen: dict[str, tuple[int, str]] = {}
    for n, row in _read_csv_rows(path, ["name", "kind", "lat", "lon", "weight", "source", "approximate"],
                                 "alarm objects"):
        if not (row["name"] or "").strip():
            raise InputError(f"line {n}: empty name.", file=path, field="name", fix="name every alarm object.")
        _distinct(path, seen, row["name"].strip(), n, "alarm objects")
        approx = (row["approximate"] or "").strip().lower()
        if approx not in ("yes", "no"):
            raise InputError(f"line {n}, column 'approximate': expected yes or no, got {row['approximate']!r}.",
                             file=path, field="approximate",
                             fix="write yes (position or weight approximate) or no (surveyed).")
        if approx == "no" and not (row["source"] or "").strip():
            raise InputError(f"line {n}: an object not marked approximate needs a source.", file=path, field="source",
                             fix="give the source, or mark the row approximate = yes.")
        out.append(AlarmObject(row["name"].strip(), (row["kind"] or "").strip(),
                               csv_number(path, n, row, "lat", -90, 90),
                               csv_number(path, n, row, "lon", -180, 180), csv_number(path, n, row, "weight", 0, 1e9),
                               (row["source"] or "").strip(), approx == "yes", (row.get("name_sv") or "").strip()))
        if out[-1].weight == 0 and (str(path), out[-1].name) not in _WARNED:  # as a place of population 0
            _WARNED.add((str(path), out[-1].name))
            log.warning("%s: line %d: alarm object '%s' has weight 0, so it gets no alarms. Fix: give its weight, or "
                        "delete the row.", path, n, out[-1].name)
    if sum(o.weight for o in out) <= 0:
        raise InputError("all alarm-object weights are 0.", file=path, field="weight",
                         fix="give at least one object a positive weight.")
    return tuple(out)


def load_holiday_areas(path: str | Path) -> tuple[HolidayArea, ...]:
    """Read a holiday-area CSV (``name,lat,lon,radius_km,share``); shares must sum to 1."""
    path = Path(path)
    rows = _read_csv_rows(path, ["name", "lat", "lon", "radius_km", "share"], "holiday areas")
    seen: dict[str, tuple[int, str]] = {}
    for n, row in rows:
        if not (row["name"] or "").strip():  # audit7: was accepted; messages about an area name it
            raise InputError(f"line {n}, column 'name': empty.", file=path, field="name",
                             fix="give every holiday area a name.")
        _distinct(path, seen, (row["name"] or "").strip(), n, "holiday areas")
    areas = tuple(
        HolidayArea(row["name"], csv_number(path, n, row, "lat", -90, 90), csv_number(path, n, row, "lon", -180, 180),
                    csv_number(path, n, row, "radius_km", 0.1, 500), csv_number(path, n, row, "share", 0, 1), n)
        for n, row in rows
    )
    total = sum(a.share for a in areas)
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise InputError(f"the 'share' column sums to {total:.4f}, not 1.", file=path, field="share",
                         fix="make the shares add up to 1.")
    return areas
