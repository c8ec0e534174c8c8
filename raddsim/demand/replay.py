"""Historical replay: real alarms from a CSV instead of generated ones.

Columns: ``time`` (ISO 8601, e.g. ``2023-07-14T13:05``: the region's local time;
with an offset, e.g. ``2023-07-14T11:05Z`` or ``+02:00``, converted to it), ``lon``,
``lat`` (WGS84), ``type`` (an incident type id of the region); optional
``observed_minutes`` (the alarm-to-arrival time that was measured).
``#`` lines are comments.

Each alarm is snapped to the nearest network node; the straight-line distance
is driven at ``[demand.access] replay_speed_kmh`` (default ``OFF_ROAD_SPEED_KMH``, 30 km/h, ASSUMPTION)
as the last stretch. An alarm on an island without road access of the region's archipelago layer goes to that island's
column instead (:func:`raddsim.demand.islands.island_of`): it is never snapped across the water.
On-scene times and crew responses are still random, so replications of a
replay differ only in those.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from raddsim.core import streams
from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.core.io import path_argument
from raddsim.core.text import degrees_hint, lat_lon, number_hint, read_csv_table
from raddsim.demand.generate import Incidents, draw_on_scene
from raddsim.demand.islands import island_of
from raddsim.demand.spec import AccessModel, DemandSpec
from raddsim.network.road import RoadNetwork
from raddsim.network.snap import swapped_fix

if TYPE_CHECKING:  # zoneinfo is imported where a time zone is needed
    import zoneinfo

#: Default speed of the last stretch from the snapped node to a replayed alarm, straight line (``[demand.access]
#: replay_speed_kmh``; ASSUMPTION: minor roads/tracks, plausible range 20–50 km/h). Kept as a name for readers.
OFF_ROAD_SPEED_KMH = AccessModel.replay_speed_kmh
#: Alarms farther than this from any road are reported rather than replayed.
MAX_SNAP_M = 10_000.0
REQUIRED = ("time", "lon", "lat", "type")


@dataclass(frozen=True)
class ReplayAlarms:
    """Alarms read from a CSV file, validated."""

    file: str
    time: np.ndarray  # datetime64[s]
    lon: np.ndarray
    lat: np.ndarray
    type: np.ndarray  # index into the catalog
    observed_min: np.ndarray  # NaN where not given

    def __len__(self) -> int:
        return len(self.time)

    @property
    def has_observed(self) -> bool:
        return bool(np.isfinite(self.observed_min).any())


def _local_time(text: str, tz: "zoneinfo.ZoneInfo") -> dt.datetime:
    """A naive local time from ISO 8601 text; a time with an offset is converted to ``tz`` first."""
    t = dt.datetime.fromisoformat(text)
    if t.tzinfo is not None:  # never drop an offset: 11:05Z is 13:05 in Stockholm in July
        t = t.astimezone(tz).replace(tzinfo=None)
    return t


def _check_clock_time(text: str, t: dt.datetime, tz: "zoneinfo.ZoneInfo",
                      bad: Callable[[str, str, str], InputError]) -> None:
    """Refuse a date without a time of day (read as midnight) and a local time the clocks skipped.

    Both parse, and both would put an alarm at a time it did not happen: an export that dropped the
    time, or a log kept in winter time across the spring change.
    """
    if len(text) <= 10:
        raise bad("time", f"{text!r} is a date without the time of day (it would be read as midnight).",
                  "give the alarm's time, e.g. 2023-07-14T13:05.")
    dotted = re.match(r"^\S{10}[T ](\d{2})\.(\d{2})", text)
    if dotted:  # Swedish "kl. 10.30": ISO 8601 reads it as 10:00:00.30, half an hour early, silently
        raise bad("time", f"{text!r} writes the clock with a period ({dotted.group(1)}.{dotted.group(2)}), which "
                          f"ISO 8601 reads as {dotted.group(1)}:00:00.{dotted.group(2)}.",
                  f"write hours and minutes with a colon, e.g. {text[:11]}{dotted.group(1)}:{dotted.group(2)}.")
    again = t.replace(tzinfo=tz).astimezone(dt.timezone.utc).astimezone(tz).replace(tzinfo=None)
    if again != t:
        # The example carries the offset in force before the change, the region's own (Santiago: -04:00).
        before = (t - dt.timedelta(days=1)).replace(tzinfo=tz).isoformat()[-6:]
        raise bad("time", f"{text!r} does not exist in {tz.key}: the clocks skipped it (summer time began).",
                  f"check the time, or give it with its UTC offset, e.g. {text}{before}.")


@checked_arguments()
def load_incident_csv(path: str | Path, type_ids: list[str], timezone: str = "Europe/Stockholm") -> ReplayAlarms:
    """Read and validate an incident CSV; errors name the row and the column.

    Times without an offset are taken as local time of ``timezone`` (the region's);
    times with one (``Z``, ``+02:00``) are converted to it.

    Parameters
    ----------
    path : str or Path
        The CSV file (columns ``time,lon,lat,type`` and optionally ``observed_minutes``).
    type_ids : list of str
        The region's incident type ids; ``type`` must be one of them.
    timezone : str
        IANA time zone of times without an offset.

    Returns
    -------
    ReplayAlarms
        The alarms, sorted by time.

    Raises
    ------
    InputError
        If the file is missing, empty, lacks a column, or a row is invalid (naming row and column).
    """
    import zoneinfo

    path = path_argument(path, "path")  # None or 3 was pathlib's TypeError
    try:
        tz = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):  # the region file's is checked when it is read
        raise InputError(f"unknown time zone {timezone!r}.", field="timezone", fix="give an IANA name such as "
                         "'Europe/Stockholm' (the region's: region.replay_timezone()).") from None
    if not path.exists():
        raise InputError("incident file not found.", file=path, fix="check the path of the incident CSV.")
    _, rows = read_csv_table(path, REQUIRED,
                             fix="the header must contain time,lon,lat,type and optionally observed_minutes.")
    times, lons, lats, types, observed = [], [], [], [], []
    for row_no, row in rows:
        t, lon, lat, kind, o = _parse_row(row, row_no, path, tz, type_ids)
        times.append(np.datetime64(t, "s"))
        lons.append(lon)
        lats.append(lat)
        types.append(kind)
        observed.append(o)
    if not times:
        raise InputError("the incident file has no rows.", file=path, fix="add at least one alarm.")
    _warn_suspect_rows(path, rows, observed)
    _warn_repeated_hour(path, rows, tz)
    order = np.argsort(np.array(times), kind="stable")
    _warn_gap(path, np.array(times)[order], [rows[k][0] for k in order])
    return ReplayAlarms(str(path), np.array(times)[order], np.array(lons)[order], np.array(lats)[order],
                        np.array(types, np.int64)[order], np.array(observed, float)[order])


#: An observed response time above this is warned (ASSUMPTION 240 min: no first unit takes four hours to arrive;
#: a larger figure is seconds, or a status never closed in the log).
MAX_OBSERVED_MINUTES = 240.0


def _warn_suspect_rows(path: Path, rows: list[tuple[int, dict[str, str]]], observed: list[float]) -> None:
    """Warn about rows that are legal but most likely mistakes: repeated rows and very long observed times.

    Warnings, not errors (audit7): a real log can hold two alarms at one minute and place, and an extreme
    observed time is what the log says; but a row exported twice counts one alarm twice, and minutes written
    as seconds make every comparison with the simulation wrong.
    """
    log = logging.getLogger("raddsim")
    seen: dict[tuple, int] = {}
    repeats = []  # (first row, its copy)
    for n, row in rows:
        first = seen.setdefault(tuple((v or "").strip() for v in row.values()), n)
        if first != n:
            repeats.append((first, n))
    if repeats:
        log.warning("%s: %d row(s) repeat an earlier row exactly (e.g. line %d repeats line %d): each counts as an "
                    "alarm of its own. Fix: delete the copies if the export duplicated them.", path, len(repeats),
                    repeats[0][1], repeats[0][0])
    long = [(n, o) for (n, _), o in zip(rows, observed) if o > MAX_OBSERVED_MINUTES]
    if long:
        log.warning("%s: %d row(s) have observed_minutes above %g (e.g. line %d: %g): seconds, or a status never "
                    "closed? They are compared with the simulation as given. Fix: give minutes, or leave the cell "
                    "empty.", path, len(long), MAX_OBSERVED_MINUTES, long[0][0], long[0][1])


def _warn_repeated_hour(path: Path, rows: list[tuple[int, dict[str, str]]], tz: "zoneinfo.ZoneInfo") -> None:
    """Warn about local times without an offset in the hour the clocks repeat when summer time ends.

    They happened twice; Python (and raddsim) reads the first pass, summer time. A warning, not an error as the
    skipped spring hour is: the time exists, and the log may not know which pass it was (probe of bad inputs:
    2024-10-27T02:30 was accepted unsaid).
    """
    found = []
    for n, row in rows:
        text = (row.get("time") or "").strip()
        try:
            t = dt.datetime.fromisoformat(text)
        except ValueError:
            continue  # refused by the row's own check
        summer, winter = t.replace(tzinfo=tz), t.replace(tzinfo=tz, fold=1)
        if t.tzinfo is None and summer.utcoffset() != winter.utcoffset():
            found.append((n, text, summer.isoformat()[-6:], winter.isoformat()[-6:]))
    if found:
        n, text, first, second = found[0]
        logging.getLogger("raddsim").warning(
            "%s: %d row(s) fall in the hour the clocks repeat when summer time ends in %s (e.g. line %d: %s), read as "
            "its first pass (UTC%s). Fix: where the log knows it was the second pass, give the time with its UTC "
            "offset, e.g. %s%s.", path, len(found), tz.key, n, text, first, text, second)


#: A gap between two consecutive alarms longer than this is warned (ASSUMPTION: a log of a rescue service has
#: alarms every year; a longer silence is a year mistyped, 1923 for 2023, which replays a century of empty years).
MAX_GAP_DAYS = 366.0


def _warn_gap(path: Path, times: np.ndarray, row_nos: list[int]) -> None:
    """Warn about the longest silence between consecutive alarms if it exceeds :data:`MAX_GAP_DAYS`.

    A warning, not an error: the alarms are replayed as given, but the simulated period runs from the first to
    the last alarm, and every per-year figure is divided by the years of silence too.
    """
    if len(times) < 2:
        return
    gaps = np.diff(times).astype("timedelta64[s]").astype(float) / 86400.0
    k = int(np.argmax(gaps))
    years = float(gaps.sum()) / 365.25
    if gaps[k] > MAX_GAP_DAYS:
        logging.getLogger("raddsim").warning(
            "%s: time: no alarm for %.0f days between line %d (%s) and line %d (%s): the replay simulates the whole "
            "period, %.1f years, and its yearly figures count the empty years. Fix: correct a mistyped year, or "
            "replay the periods separately.", path, gaps[k], row_nos[k], str(times[k])[:16], row_nos[k + 1],
            str(times[k + 1])[:16], years)


def _parse_row(row: dict, row_no: int, path: Path, tz: "zoneinfo.ZoneInfo",
               type_ids: list[str]) -> tuple[dt.datetime, float, float, int, float]:
    """One CSV row as (local time, lon, lat, type index, observed minutes or NaN); errors name row and column."""
    def bad(col: str, what: str, fix: str) -> InputError:
        return InputError(f"line {row_no}, column '{col}': {what}", file=path, field=col, fix=fix)

    try:
        t = _local_time(row["time"].strip(), tz)
    except (ValueError, AttributeError, OverflowError):
        raise bad("time", f"not an ISO 8601 time: {row['time']!r}.", "write e.g. 2023-07-14T13:05:00.") from None
    if not 1900 <= t.year < 2200:  # year 1 or 0024: a mistyped year (and year 1 overflows the time-zone sums)
        raise bad("time", f"{row['time'].strip()!r} is in the year {t.year}, not one an alarm log holds.",
                  "write the four-digit year, e.g. 2023-07-14T13:05.")
    _check_clock_time(row["time"].strip(), t, tz, bad)
    try:
        lon, lat = float(row["lon"]), float(row["lat"])
    except (TypeError, ValueError):
        col = "lon" if not _is_float(row["lon"]) else "lat"
        raise bad(col, f"not a number: {row[col]!r}{number_hint(row[col])}.",
                  "give WGS84 decimal degrees.") from None
    if not (-180 <= lon <= 180) or math.isnan(lon):
        raise bad("lon", f"{lon} is not a longitude{degrees_hint(lon)}.",
                  "give WGS84 decimal degrees (lon before lat?).")
    if not (-90 <= lat <= 90) or math.isnan(lat):
        raise bad("lat", f"{lat} is not a latitude{degrees_hint(lat)}.",
                  "give WGS84 decimal degrees (lon before lat?).")
    kind = (row["type"] or "").strip()
    if kind not in type_ids:
        from raddsim.region.config import did_you_mean

        raise bad("type", f"unknown incident type {kind!r}.{did_you_mean(kind, type_ids)}",
                  f"use one of: {', '.join(type_ids)}.")
    obs = (row.get("observed_minutes") or "").strip()
    o = _observed_minutes(obs, lambda what, fix: bad("observed_minutes", what, fix)) if obs else math.nan
    return t, lon, lat, type_ids.index(kind), o


def _observed_minutes(obs: str, bad: Callable[[str, str], InputError]) -> float:
    """The observed response time of a row: a finite number of minutes above 0.

    Exactly 0 is refused: no crew is on scene the minute the alarm comes in, and alarm-system exports commonly
    write 0 for "no arrival recorded"; taken as a time, it lowered the observed mean and raised the share within
    target. Only 0 itself: a small positive time is what the log says, and any floor above 0 would be a guess.
    """
    try:
        o = float(obs)
    except ValueError:
        raise bad(f"not a number: {obs!r}.", "give minutes, or leave it empty.") from None
    if not math.isfinite(o):
        raise bad(f"{obs!r} is not a finite number.", "give minutes, or leave it empty.")
    if o < 0:
        raise bad(f"{o} is negative.", "give minutes above 0, or leave it empty.")
    if o == 0:
        raise bad("0 min from alarm to arrival is impossible (a missing time exported as 0?).",
                  "leave the cell empty for an alarm without a recorded arrival.")
    return o


def _is_float(text: str | None) -> bool:
    if text is None:  # a short row: csv gives None for the missing cells
        return False
    try:
        float(text)
        return True
    except (TypeError, ValueError):
        return False


def replay_incidents(alarms: ReplayAlarms, spec: DemandSpec, net: RoadNetwork, *, seed: int,
                     replication: int, first_island: int | None = None) -> Incidents:
    """The replayed alarms as engine incidents (times from midnight of the first alarm's day).

    ``first_island``: the travel-table column of the first island (default: after ``net``'s nodes).
    """
    day0 = alarms.time[0].astype("datetime64[D]")
    t = (alarms.time - day0).astype("timedelta64[s]").astype(float)
    node, dist = net.nearest_nodes(alarms.lon, alarms.lat)
    isl = island_of(alarms.lon, alarms.lat, spec.islands, dist)
    on_island = isl >= 0
    node = np.where(on_island, (net.n_nodes if first_island is None else first_island) + isl, node)
    dist = np.where(on_island, 0.0, dist)  # landing and walk are in the island's column
    far = np.flatnonzero(dist > MAX_SNAP_M)
    if len(far):
        k = int(far[0])
        raise InputError(
            f"{len(far)} alarm(s) lie more than {MAX_SNAP_M / 1000:g} km from the road network, e.g. at "
            f"{lat_lon(alarms.lat[k], alarms.lon[k])}.",
            file=alarms.file, field="lon/lat",
            fix=swapped_fix(net, float(alarms.lat[k]), float(alarms.lon[k]), MAX_SNAP_M,
                            "check the coordinates, or use a network that covers them."),
        )
    access = dist / (spec.access.replay_speed_kmh / 3.6)
    on_scene = draw_on_scene(spec, alarms.type, streams.rng(seed, replication, "on_scene"))
    return Incidents(t, np.full(len(t), -1, np.int64), node.astype(np.int64), access, on_scene, alarms.type.copy(),
                     alarms.observed_min * 60.0)
