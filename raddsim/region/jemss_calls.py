"""A JEMSS.jl calls file (a list of calls, ``<simFiles><calls>``) as raddsim's replay incident CSV.

JEMSS.jl (commit fb92cef, ``src/file/read_sim_files.jl`` ``readCallsFile``) reads two tables: ``miscData`` with
``startTime`` (days) and ``calls`` with ``index`` (1, 2, … in order), ``priority`` (1 high, 2 medium, 3 low), ``x``,
``y`` (longitude, latitude), ``arrivalTime`` (days, in order, not before the start), ``dispatchDelay``,
``onSceneDuration``, ``handoverDuration`` (days, ≥ 0), ``transport`` (true/false; older files ``transfer`` and
``transferDuration``) and ``hospitalIndex`` (-1: the nearest hospital). :func:`read_calls` checks what JEMSS asserts;
:func:`incident_csv` writes raddsim's ``time,lon,lat,type`` rows; :func:`calls_config` gives the statistics the
region's generated calls follow (rate, priority shares, mean durations), as ``parse_gen_config`` would.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from raddsim.core.errors import InputError
from raddsim.region.jemss_dist import Distribution
from raddsim.region.jemss_read import DAYS, PRIORITIES, Row, index_cell, number_cell, read_table

#: The moment JEMSS's time 0 is taken for in the incident CSV (UTC; JEMSS's times are days with no calendar or time
#: zone). ASSUMPTION: any date serves, as JEMSS's model has no clock-time effects; a Monday at midnight UTC, in
#: UTC so that no summer-time change skips or repeats an hour of the calls.
JEMSS_EPOCH = dt.datetime(2024, 1, 1)
#: JEMSS's columns, and the older names it still reads (with a warning).
COLUMNS = ("index", "priority", "x", "y", "arrivalTime", "dispatchDelay", "onSceneDuration", "hospitalIndex")
OLD_NAMES = {"transport": "transfer", "handoverDuration": "transferDuration"}


@dataclass(frozen=True)
class Calls:
    """A JEMSS calls file read: the start and each call's arrival (days), priority (1–3), place and durations."""

    file: Path
    start: float
    arrival: np.ndarray
    priority: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    dispatch_delay: np.ndarray
    on_scene: np.ndarray
    transport: np.ndarray
    handover: np.ndarray
    hospital: np.ndarray


def _cell(row: Row, col: str, path: Path, kind: str = "number") -> float:
    """One cell of the calls table: a number, a whole-number index (jemss_read's checks), or true / false (1, 0)."""
    text = row.get(col, "").strip()
    if kind == "index":
        return float(index_cell(text, path, "calls", col, row.line))
    if kind != "bool":
        return number_cell(text, path, "calls", col, row.line)
    if text.lower() in ("true", "false"):
        return float(text.lower() == "true")
    try:
        v = float(text)
    except ValueError:
        v = float("nan")
    if v not in (0.0, 1.0):
        raise InputError(f"line {row.line}: {col} = {text!r} is not true or false (or 1, 0).", file=path,
                         field=f"calls.{col}", fix="write true or false (or 1, 0) in every row of the calls table.")
    return v


def read_calls(path: str | Path) -> Calls:
    """Read and check a JEMSS calls file as JEMSS.jl does (errors name the line and column).

    Parameters
    ----------
    path
        The calls CSV (tables ``miscData`` and ``calls``).

    Returns
    -------
    Calls
        The calls, times in days as in the file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found.", file=path, field="calls",
                         fix="give JEMSS's calls file (tables miscData and calls), or its gen_config.xml.")
    _, misc = read_table(path, "miscData")
    start = _cell(misc[0], "startTime", path) if "startTime" in misc[0] else None
    if start is None or start < 0:
        raise InputError("the miscData table gives no startTime ≥ 0 (days).", file=path, field="miscData.startTime",
                         fix="give the simulation's start in days, e.g. 0, as JEMSS's calls files do.")
    header, rows = read_table(path, "calls")
    names = {k: k if k in header else OLD_NAMES[k] for k in OLD_NAMES}
    for col in (*COLUMNS, *names.values()):
        if col not in header:
            raise InputError(f"table 'calls' has no {col} column (headings: {', '.join(h for h in header if h)}).",
                             file=path, field=f"calls.{col}", fix=f"give JEMSS's columns: {', '.join(COLUMNS)}, "
                                                                 "transport, handoverDuration.")
    kinds = {"index": "index", "priority": "index", "hospitalIndex": "index", names["transport"]: "bool"}
    table = {c: np.array([_cell(r, c, path, kinds.get(c, "number")) for r in rows])
             for c in (*COLUMNS, *names.values())}
    calls = Calls(path, start, table["arrivalTime"], table["priority"].astype(int), table["x"], table["y"],
                  table["dispatchDelay"], table["onSceneDuration"], table[names["transport"]].astype(bool),
                  np.where(table[names["transport"]] > 0, table[names["handoverDuration"]], 0.0),
                  table["hospitalIndex"].astype(int))
    _check(calls, table["index"], rows, path)
    return calls


def _check(c: Calls, index: np.ndarray, rows: list[Row], path: Path) -> None:
    """JEMSS.jl's asserts on a calls file, each as one error naming the first row it fails on."""
    checks = [
        (index != np.arange(1, len(index) + 1), "index", "is not its row's number (1, 2, … in order)",
         "number the calls 1, 2, … in the order of the rows."),
        ((c.priority < 1) | (c.priority > 3), "priority", "is not a JEMSS priority", "write 1 (high), 2 or 3 (low)."),
        ((np.abs(c.lon) > 180) | (np.abs(c.lat) > 90), "x", "and y are not longitude and latitude",
         "raddsim reads JEMSS models in WGS84 degrees (x = longitude, y = latitude)."),
        (c.arrival < c.start, "arrivalTime", f"is before the startTime {c.start:g}",
         "give arrival times (days) at or after miscData's startTime."),
        (np.r_[False, np.diff(c.arrival) < 0], "arrivalTime", "is before the previous call's",
         "sort the calls by arrival time and renumber them."),
    ] + [(v < 0, col, "is negative", "give durations in days, at least 0.")
         for col, v in (("dispatchDelay", c.dispatch_delay), ("onSceneDuration", c.on_scene),
                        ("handoverDuration", c.handover))]
    for bad, col, what, fix in checks:
        if bad.any():
            k = int(np.argmax(bad))
            raise InputError(f"line {rows[k].line}: {col} {rows[k].get(col, '')!r} {what}.", file=path,
                             field=f"calls.{col}", fix=fix)


def incident_csv(calls: Calls) -> str:
    """raddsim's replay CSV of the calls: ``time`` (UTC, from :data:`JEMSS_EPOCH` + the arrival in days),
    ``lon``, ``lat`` and ``type`` (the priority's incident type the import writes: high, med, low)."""
    lines = ["# JEMSS calls file " + calls.file.name + f": time = {JEMSS_EPOCH:%Y-%m-%d %H:%M} UTC + arrivalTime "
             "(days; JEMSS gives no calendar: ASSUMPTION)", "time,lon,lat,type"]
    for t, x, y, p in zip(calls.arrival, calls.lon, calls.lat, calls.priority):
        when = JEMSS_EPOCH + dt.timedelta(seconds=round(float(t) * DAYS))
        lines.append(f"{when:%Y-%m-%dT%H:%M:%S}Z,{x:.7f},{y:.7f},{PRIORITIES[p - 1]}")
    return "\n".join(lines) + "\n"


def _sample(values: np.ndarray, label: str) -> Distribution:
    """A distribution with the sample's mean and standard deviation (days), read by moments only."""
    mean, sd = (float(values.mean()), float(values.std())) if len(values) else (0.0, 0.0)
    return Distribution("Normal", (mean, sd), text=f"{label} (mean {mean * 1440:.2f} min, sd {sd * 1440:.2f} min)")


def calls_config(calls: Calls) -> dict:
    """The call statistics the region's generated calls follow, keyed as ``parse_gen_config``'s: the calls' mean
    rate, priority shares, mean dispatch delay, on-scene and handover times (matched by mean and spread)."""
    span = float(calls.arrival[-1] - calls.start)
    if not span > 0 or len(calls.arrival) < 2:
        raise InputError(f"the {len(calls.arrival)} call(s) span no time (startTime {calls.start:g} to the last "
                         "arrival), so raddsim cannot tell their rate.", file=calls.file, field="calls.arrivalTime",
                         fix="give a calls file of at least two calls over a period (or import with the model's "
                             "gen_config.xml: --calls GEN_CONFIG.xml).")
    name = calls.file.name
    gaps = np.diff(np.r_[calls.start, calls.arrival])
    shares = [float(np.mean(calls.priority == k)) for k in (1, 2, 3)]
    moved = calls.handover[calls.transport]
    return {
        "calls_per_year": 365.25 * len(calls.arrival) / span,
        "arrivals": _sample(gaps, f"of the calls in {name}"),
        "priority_shares": shares,
        "dispatch_delay_s": float(calls.dispatch_delay.mean()) * DAYS,
        "dispatch_delay": _sample(calls.dispatch_delay, f"of the calls in {name}"),
        "on_scene_mean_s": float(calls.on_scene.mean()) * DAYS,
        "on_scene": _sample(calls.on_scene, f"of the calls in {name}"),
        "transport_probability": float(calls.transport.mean()),
        "handover": _sample(moved, f"of the transported calls in {name}"),
        "target_minutes": None,
        "density_raster": "",
        "input_path": "",
        "start_days": calls.start,
    }


#: The incident CSV the import writes beside region.toml from a JEMSS calls file.
CALLS_FILE = "calls.csv"


def apply_calls(region: dict[str, Any], calls: Calls, out: Path) -> None:
    """Set up ``region`` (the import's region table) to replay ``calls``: times read in UTC, each call reached in a
    straight line from its nearest road node at the off-road speed (as JEMSS), and the note saying what of each call
    raddsim cannot replay."""
    offroad = region["demand"]["access"]["rural_speed_kmh"]
    region["region"]["timezone"] = "UTC"  # the CSV's times are UTC: no summer-time gap or repeat
    region["demand"]["access"]["replay_speed_kmh"] = offroad
    named = int(np.sum(calls.hospital > 0))
    region["demand"]["note"] = (
        f"JEMSS's calls file {calls.file.name} is converted into {CALLS_FILE} ({len(calls.arrival):,} calls): "
        f"replay it with  raddsim run --region {out} --incidents {out / CALLS_FILE}  (this folder; each call at "
        f"its place and time; JEMSS time 0 is {JEMSS_EPOCH:%Y-%m-%d %H:%M} UTC, ASSUMPTION: JEMSS gives no "
        "calendar; reached in a straight line from its nearest road node at the off-road speed, "
        f"{offroad:g} km/h). raddsim's replay does not take JEMSS's per-call dispatchDelay, onSceneDuration, "
        "transport and handoverDuration: it draws them from the incident types, fitted to the calls' means and "
        "spreads"
        + (f"; {named:,} calls name their hospital (hospitalIndex), each is driven to the nearest" if named else "")
        + ". Without --incidents, calls are generated at the calls' mean rate and priority shares, spread along the "
          "roads by length (ASSUMPTION).")
    logging.getLogger("raddsim").warning(
        "%s: raddsim's replay does not take each call's dispatch delay, on-scene and handover durations, transport "
        "and hospital; it draws them from the incident types (fitted to the calls).", calls.file.name)
