"""Reading a JEMSS.jl model's files: its CSV tables (each preceded by a title line), found by their JEMSS names
and columns by their meaning, and its XML call-generation config.

:mod:`raddsim.region.jemss` turns what is read here into raddsim's generic region files.
"""

from __future__ import annotations

import csv
import fnmatch
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.text import csv_width_error, read_text
from raddsim.region.jemss_dist import Distribution, parse_distribution

DAYS = 86400.0


#: JEMSS's three call priorities, in its order (Priority 1, 2, 3).
PRIORITIES = ("high", "med", "low")


#: Column headings by meaning: the normalised heading (letters and digits, lower case) must equal
#: one of these, or (for names) contain "name".
COLUMNS = {
    "index": ("index", "id", "stationindex" , "hospitalindex", "ambulanceindex"),
    "x": ("x", "lon", "long", "longitude", "lng"),
    "y": ("y", "lat", "latitude"),
    "station": ("stationindex", "station", "stationid", "basestation", "base"),
    "mode": ("travelmodeindex", "travelmode", "mode", "modeindex"),
    "offroad": ("offroadspeed", "offroadspeedkmday", "offroad"),
    "set": ("travelsetindex", "travelset", "set"),
    "priority": ("priority", "callpriority"),
    "target": ("targetresponseduration", "targetresponsetime", "target"),
    "start": ("starttime", "start"),
    "travel": ("responsetravelpriority",),
}


def _norm(heading: str) -> str:
    return re.sub(r"[^0-9a-z]", "", heading.lower())


@overload
def find_column(header: list[str], meaning: str, file: Path, table: str, required: Literal[True] = ...) -> str: ...


@overload
def find_column(header: list[str], meaning: str, file: Path, table: str, required: bool) -> str | None: ...


def find_column(header: list[str], meaning: str, file: Path, table: str, required: bool = True) -> str | None:
    """The heading in ``header`` that means ``meaning`` (see :data:`COLUMNS`; ``name``: any heading with "name")."""
    normed = {h: _norm(h) for h in header if h}
    if meaning == "name":
        hits = [h for h, n in normed.items() if "name" in n]
    else:
        hits = [h for want in COLUMNS[meaning] for h, n in normed.items() if n == want][:1]
    if hits:
        return hits[0]
    if required:
        raise InputError(f"table '{table}' has no {meaning} column (headings: {', '.join(h for h in header if h)}).",
                         file=file, field=table,
                         fix=f"name a column one of: {', '.join(COLUMNS.get(meaning, ('name',)))}.")
    return None


class Row(dict):
    """One row of a JEMSS table, heading → value, with the physical line it is on in its file (1-based, every line
    counted: the title, header and other tables' lines too), as every other CSV reader names a row."""

    def __init__(self, values: dict[str, str], line: int) -> None:
        super().__init__(values)
        self.line = line


def number_cell(value: str, file: Path, table: str, column: str, line: int) -> float:
    """A finite number from a cell of ``table`` (errors name the file, line and column)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"line {line}: {column} = {value!r} is not a number.", file=file,
                         field=f"{table}.{column}", fix="correct the row.") from None
    if not math.isfinite(v):
        raise InputError(f"line {line}: {column} = {value!r} is not finite.", file=file,
                         field=f"{table}.{column}", fix="correct the row.")
    return v


def index_cell(value: str, file: Path, table: str, column: str, line: int) -> int:
    """A whole-number index (a station, ambulance or travel mode); 2.5 was read as 2, silently."""
    v = number_cell(value, file, table, column, line)
    if not v.is_integer():
        raise InputError(f"line {line}: {column} = {value!r} is not a whole number (an index).",
                         file=file, field=f"{table}.{column}", fix="give the index as a whole number, e.g. 2.")
    return int(v)


def parse_gen_config(path: Path) -> dict:
    """The call-generation parameters of a JEMSS ``gen_config.xml`` (durations in seconds)."""
    if not path.is_file():
        raise InputError("file not found.", file=path, fix="give the JEMSS region folder (with gen_config.xml).")
    try:
        root = ET.fromstring(read_text(path))
    except ET.ParseError as exc:
        raise InputError(f"cannot read the XML ({exc}).", file=path, fix="give JEMSS's gen_config.xml.") from None
    dists = root.find("sim/callDistributions")
    if dists is None:
        raise InputError("no <sim><callDistributions>.", file=path, field="callDistributions",
                         fix="give JEMSS's gen_config.xml.")

    def get(*tags: str) -> Distribution:
        for tag in tags:  # JEMSS's older names come second (transfer → transport)
            el = dists.find(tag)
            if el is not None:
                return parse_distribution(el.text or "", path, f"callDistributions.{tag}")
        raise InputError(f"missing <{tags[0]}>.", file=path, field=f"callDistributions.{tags[0]}",
                         fix="give JEMSS's gen_config.xml.")

    gap = get("interarrivalTime")
    gap_mean, _ = gap.moments()
    if not gap_mean > 0:
        raise InputError("the mean time between calls is not positive.", file=path,
                         field="callDistributions.interarrivalTime",
                         fix="give a distribution of positive durations (days).")
    on_scene, handover = get("onSceneDuration"), get("handoverDuration", "transferDuration")
    target = root.findtext("sim/targetResponseDuration") or root.findtext("sim/targetResponseTime")
    return {
        "calls_per_year": 365.25 / gap_mean,
        "arrivals": gap,
        "priority_shares": _priority_shares(get("priority"), path),
        "dispatch_delay_s": _nonnegative_mean(get("dispatchDelay"), path, "dispatchDelay") * DAYS,
        "dispatch_delay": get("dispatchDelay"),
        "on_scene_mean_s": _nonnegative_mean(on_scene, path, "onSceneDuration") * DAYS,
        "on_scene": on_scene,
        "transport_probability": _probability(get("transport", "transfer"), path),
        "handover": handover,
        "target_minutes": _target_minutes(target, path) if target else None,
        "density_raster": (root.findtext("sim/callDensityRaster/filename") or "").strip(),
        "input_path": (root.findtext("inputPath") or "").strip(),
        "start_days": _start_days(root.findtext("sim/startTime"), path),
    }


def _start_days(text: str | None, path: Path) -> float:
    """The calls' start (``<sim><startTime>``, days; 0 if absent): which travel set is in force then."""
    from raddsim.region.jemss_dist import parse_number

    return parse_number(text, path, "sim.startTime") if text and text.strip() else 0.0


def _nonnegative_mean(d: Distribution, path: Path, tag: str) -> float:
    m, _ = d.moments()
    if m < 0:
        raise InputError(f"{d.text} has a negative mean.", file=path, field=f"callDistributions.{tag}",
                         fix="give a distribution of durations (days, ≥ 0), e.g. truncated(...) at 0.")
    return m


def _priority_shares(d: Distribution, path: Path) -> list[float]:
    try:
        probs = d.probabilities()
    except ValueError:
        probs = {}
    if not probs or any(k not in (1.0, 2.0, 3.0) for k, p in probs.items() if p > 0):
        raise InputError(f"the priority distribution {d.text} must give priorities 1, 2 and 3.", file=path,
                         field="callDistributions.priority", fix="write e.g. Categorical([0.57, 0.245, 0.185]).")
    return [probs.get(float(k), 0.0) for k in (1, 2, 3)]


def _probability(d: Distribution, path: Path) -> float:
    try:
        probs = d.probabilities()
    except ValueError:
        probs = {}
    if not probs or any(k not in (0.0, 1.0) for k, p in probs.items() if p > 0):
        raise InputError(f"the transport distribution {d.text} must give 0 (no transport) or 1 (transport).", file=path,
                         field="callDistributions.transport", fix="write e.g. Bernoulli(0.8).")
    return probs.get(1.0, 0.0)


def _target_minutes(text: str, path: Path) -> float:
    from raddsim.region.jemss_dist import parse_number

    days = parse_number(text, path, "sim.targetResponseDuration")
    if not days > 0:
        raise InputError(f"targetResponseDuration {text!r} is not positive.", file=path,
                         field="sim.targetResponseDuration",
                         fix="give the target in days, e.g. 8/60/24.")
    return days * 24 * 60


def _numbered_rows(text: str) -> list[tuple[int, list[str]]]:
    """The CSV rows of ``text``, each with the physical line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(text.splitlines())
    out, last = [], 0
    for r in reader:
        out.append((last + 1, r))
        last = reader.line_num
    return out


def read_table(path: Path, title: str) -> tuple[list[str], list[Row]]:
    """Header and rows of a JEMSS CSV table: a title line (``stations,,,``), a header line, then rows up to a blank
    line. Each :class:`Row` knows its line in the file."""
    if not path.is_file():
        raise InputError("file not found.", file=path, fix="give the JEMSS region folder.")
    numbered = _numbered_rows(read_text(path))
    rows = [r for _, r in numbered]
    for k, row in enumerate(rows):
        if row and row[0].strip().lower() == title.lower() and k + 1 < len(rows):
            header = [h.strip() for h in rows[k + 1]]
            out = []
            width = max((j + 1 for j, h in enumerate(header) if h), default=0)
            for line, r in numbered[k + 2:]:
                if not r or not any(c.strip() for c in r):
                    break
                if any(c.strip() for c in r[width:]):  # a value past the last named column would be dropped
                    raise csv_width_error(r, line, width, path, unit="line")
                out.append(Row({h: v.strip() for h, v in zip(header, r) if h}, line))
            if not out:
                raise InputError(f"table '{title}' has no rows.", file=path, field=title, fix="add at least one row.")
            # JEMSS's width: the header up to its first empty cell (Auckland's stations: 4 of 10 cells)
            _title_counts(row, title, len(out), next((j for j, h in enumerate(header) if not h), len(header)), path)
            return header, out
    raise InputError(f"no '{title}' table.", file=path,
                     fix=f"the file must contain a '{title}' title line, then a header.")


def _title_counts(title_row: list[str], title: str, rows: int, cols: int, path: Path) -> None:
    """The row and column counts a title line may give (``ambulances,12,3``): JEMSS.jl refuses a table that lacks
    them (a file cut short); raddsim imported the rows there were, unsaid. A note in their place is not checked."""
    from raddsim.network.jemss_csv import check_title_counts, title_counts

    counts = title_counts([c.strip() for c in title_row])
    if counts is not None:
        check_title_counts(title, counts, rows, cols, path)


def find_file(src: Path, stem: str) -> Path:
    """A JEMSS model file: ``<stem>_1.csv``, ``<stem>.csv``, or the one ``<stem>*.csv`` in ``src``.

    JEMSS.jl's own models keep each table in a subfolder (``models/1/stations/stations_1.csv``):
    when ``src`` itself has none, its subfolders are searched.
    """
    for name in (f"{stem}_1.csv", f"{stem}.csv"):
        exact = model_files(src, name)
        if len(exact) == 1:
            return exact[0]
    hits = model_files(src, f"{stem}*.csv") or model_files(src, f"{stem}*.csv", nested=True)
    if len(hits) == 1:
        return hits[0]
    raise InputError(f"no {stem} file ({stem}_1.csv or {stem}.csv){' (several match)' if hits else ''}.", file=src,
                     fix=f"put the JEMSS {stem} table in {src}/{stem}_1.csv.")


def model_files(src: Path, pattern: str, nested: bool = False) -> list[Path]:
    """The files in ``src`` (``nested``: also in its subfolders) whose names match ``pattern``, in any case.

    JEMSS.jl reads each file by the name its ``sim_config.xml`` gives, so ``Stations_1.csv`` serves as well as
    ``stations_1.csv``: matched case-sensitively, such a model was refused ("no stations file") on Linux only.
    """
    if not src.is_dir():
        return []
    files = src.rglob("*") if nested else src.iterdir()
    return sorted(p for p in files if fnmatch.fnmatchcase(p.name.lower(), pattern.lower()) and p.is_file())


def roads_folder(src: Path) -> Path:
    for p in (*model_files(src, "roads.zip"), src / "roads"):
        if p.exists():
            return p
    if (src / "nodes.csv").is_file() and (src / "arcs.csv").is_file():
        return src
    nested = model_files(src, "roads.zip", nested=True)  # JEMSS.jl's layout: models/1/travel/roads/roads.zip
    if len(nested) == 1:
        return nested[0]
    raise InputError("no road network (roads.zip, a roads/ folder, or nodes.csv + arcs.csv).", file=src,
                     fix="put JEMSS's nodes.csv and arcs.csv in roads.zip.")


def read_places(path: Path, table: str, what: str) -> list[dict[str, Any]]:
    header, rows = read_table(path, table)
    ix, x, y = (find_column(header, m, path, table) for m in ("index", "x", "y"))
    name = find_column(header, "name", path, table, required=False)
    out: list[dict[str, Any]] = []
    for r in rows:
        n = r.line
        k = index_cell(r.get(ix, ""), path, table, ix, n)
        lon, lat = number_cell(r.get(x, ""), path, table, x, n), number_cell(r.get(y, ""), path, table, y, n)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise InputError(f"line {n}: ({lon}, {lat}) is not WGS84 longitude/latitude.", file=path,
                             field=table, fix="raddsim reads JEMSS models in degrees (x = longitude, y = latitude).")
        out.append({"index": k, "name": (r.get(name) if name else "") or f"{what} {k}", "lon": lon, "lat": lat})
    dup = sorted({p["index"] for p in out if sum(q["index"] == p["index"] for q in out) > 1})
    if dup:
        raise InputError(f"index {dup[0]} appears twice in table '{table}'.", file=path, field=f"{table}.{ix}",
                         fix="give every row its own index.")
    return out


#: Kilometres per degree of latitude, as JEMSS.jl's own maps give ``yScale`` (40075 km / 360°).
KM_PER_DEGREE = 111.32
#: How far a map's scales may be from degrees' (a share) before its coordinates are taken for another unit.
#: ASSUMPTION: JEMSS.jl's four city maps are within 0.2 % of degrees; a hand-rounded scale within a few per cent.
MAP_SCALE_TOLERANCE = 0.1


def check_map_degrees(src: Path, path: Path | None = None) -> None:
    """Refuse a model whose ``map`` table says its x and y are not degrees (WGS84 longitude and latitude).

    JEMSS.jl measures off-road and arc distances with the map's ``xScale`` and ``yScale`` (km per unit), so a model
    may hold kilometres or any grid; raddsim reads x and y as longitude and latitude, and a model in km within ±90
    was imported silently, every distance off by a factor of about 100. Without one map file nothing is checked.
    """
    if path is None:  # ``path``: the map file a sim_config.xml names
        files = model_files(src, "map*.csv") or model_files(src, "map*.csv", nested=True)
        if len(files) != 1:
            return
        path = files[0]
    header, rows = read_table(path, "map")
    cols = {_norm(h): h for h in header if h}
    need = ("xscale", "yscale", "ymin", "ymax")
    if not all(k in cols for k in need):
        return  # not JEMSS's map table: nothing to check against
    x_scale, y_scale, y_min, y_max = (number_cell(rows[0].get(cols[k], ""), path, "map", cols[k], rows[0].line)
                                      for k in need)
    lat = (y_min + y_max) / 2
    want_x = KM_PER_DEGREE * math.cos(math.radians(lat)) if -90 <= lat <= 90 else math.nan
    if not (abs(y_scale / KM_PER_DEGREE - 1) <= MAP_SCALE_TOLERANCE
            and abs(x_scale / want_x - 1) <= MAP_SCALE_TOLERANCE):
        raise InputError(f"line {rows[0].line}: xScale = {x_scale:g} and yScale = {y_scale:g} km per unit are not "
                         f"degrees' ({want_x:.2f} and {KM_PER_DEGREE} at latitude {lat:g}): the model's x and y are "
                         "in another unit.", file=path, field="map.xScale/yScale",
                         fix="raddsim reads JEMSS models in WGS84 degrees (x = longitude, y = latitude): convert the "
                             "model's coordinates (stations, hospitals, nodes) and its map to degrees.")


def read_ambulances(path: Path, stations: set[int]) -> list[tuple[int, int]]:
    header, rows = read_table(path, "ambulances")
    ix, st = find_column(header, "index", path, "ambulances"), find_column(header, "station", path, "ambulances")
    out: list[tuple[int, int]] = []
    for r in rows:
        n = r.line
        k = index_cell(r.get(ix, ""), path, "ambulances", ix, n)
        s = index_cell(r.get(st, ""), path, "ambulances", st, n)
        if s not in stations:
            raise InputError(f"line {n}: ambulance {k} is at station {s}, which the stations table does not have.",
                             file=path,
                             field=f"ambulances.{st}", fix="use a station index from the stations file.")
        if k in (a for a, _ in out):  # each ambulance is crew a<index>: a second one would replace the first
            raise InputError(f"line {n}: ambulance index {k} appears twice in table 'ambulances'.", file=path,
                             field=f"ambulances.{ix}", fix="give every ambulance its own index.")
        out.append((k, s))
    return out


def read_travel(path: Path, start: float = 0.0) -> tuple[dict[int, float], dict[str, int], str]:
    """Off-road speed (km/h) per travel mode, the travel mode of each priority (``high``, ``med``, ``low``) in the
    travel set in force at ``start`` (days, the calls' start), and a note when JEMSS switches to other sets later
    (``travelSetsTiming``; "" when it does not): raddsim keeps one set throughout."""
    modes = _travel_modes(path)
    sets = _travel_sets(path, modes)
    order = _travel_timing(path, set(sets))
    current = ([k for t, k in order if t <= start] or [order[0][1]])[-1]  # JEMSS: the last set started by then
    others = sorted({k for _, k in order} - {current})
    used = ", ".join(map(str, [current] + others))
    note = (f"JEMSS switches travel sets over time ({path.name} travelSetsTiming: sets {used}); raddsim uses set "
            f"{current}, the one in force when the calls start, throughout" if others else "")
    return modes, sets[current], note


def _travel_modes(path: Path) -> dict[int, float]:
    header, rows = read_table(path, "travelModes")
    mode, speed = find_column(header, "mode", path, "travelModes"), find_column(header, "offroad", path, "travelModes")
    modes = {}
    for r in rows:
        n = r.line
        m, km_per_day = index_cell(r.get(mode, ""), path, "travelModes", mode, n), number_cell(r.get(speed, ""), path,
                                                                                      "travelModes", speed, n)
        if km_per_day <= 0:  # was refused only after the import, as the region's rural_speed_kmh, naming the folder
            raise InputError(f"line {n}: {speed} = {km_per_day:g} for travel mode {m} is not "
                             "positive.", file=path, field=f"travelModes.{speed}",
                             fix="give the mode's off-road speed above 0, in km per day as JEMSS.jl reads it (960 is "
                                 "40 km/h).")
        modes[m] = km_per_day / 24.0
    return modes


def _travel_sets(path: Path, modes: dict[int, float]) -> dict[int, dict[str, int]]:
    """Travel set → priority → travel mode; every set must give each priority a mode of the travelModes table, as
    JEMSS.jl asserts (a priority left out was driven in mode 1, unsaid)."""
    header, rows = read_table(path, "travelSets")
    tset, prio = find_column(header, "set", path, "travelSets"), find_column(header, "priority", path, "travelSets")
    tmode = find_column(header, "mode", path, "travelSets")
    sets: dict[int, dict[str, int]] = {}
    for r in rows:
        n = r.line
        k = index_cell(r.get(tset, ""), path, "travelSets", tset, n)
        m = index_cell(r.get(tmode, ""), path, "travelSets", tmode, n)
        if m not in modes:
            raise InputError(f"line {n}: travel mode {m} is not in the travelModes table.", file=path,
                             field=f"travelSets.{tmode}", fix="use a travelModeIndex of the travelModes table.")
        sets.setdefault(k, {})[PRIORITIES[priority_level(r.get(prio, ""), path, f"travelSets.{prio}") - 1]] = m
    for k, lookup in sets.items():
        missing = [p for p in PRIORITIES if p not in lookup]
        if missing:
            raise InputError(f"travel set {k} gives no travel mode for {', '.join(p + 'Priority' for p in missing)}.",
                             file=path, field=f"travelSets.{prio}",
                             fix="give each travel set a row for highPriority, medPriority and lowPriority.")
    return sets


def _travel_timing(path: Path, sets: set[int]) -> list[tuple[float, int]]:
    """``travelSetsTiming``: (start in days, travel set), in order; ``[(0, first set)]`` when the file has no such
    table (JEMSS.jl requires one; raddsim's earlier reader did not read it)."""
    if not any(r and r[0].strip().lower() == "travelsetstiming" for _, r in _numbered_rows(read_text(path))):
        return [(0.0, min(sets))]
    header, rows = read_table(path, "travelSetsTiming")
    start = find_column(header, "start", path, "travelSetsTiming")
    tset = find_column(header, "set", path, "travelSetsTiming")
    out = []
    for r in rows:
        k = index_cell(r.get(tset, ""), path, "travelSetsTiming", tset, r.line)
        if k not in sets:
            raise InputError(f"line {r.line}: travel set {k} is not in the travelSets table.", file=path,
                             field=f"travelSetsTiming.{tset}", fix="use a travelSetIndex of the travelSets table.")
        out.append((number_cell(r.get(start, ""), path, "travelSetsTiming", start, r.line), k))
    return out


def read_response_travel(src: Path, path: Path | None = None) -> dict[str, str]:
    """The priority whose travel mode each call priority responds in (JEMSS's ``priorities.csv`` column
    ``responseTravelPriority``); each its own where the model has no such file or column, as in JEMSS.jl.
    ``path``: the priorities file a sim_config.xml names (else found in ``src``)."""
    own = {p: p for p in PRIORITIES}
    if path is None and not model_files(src, "priorities*.csv", nested=True):
        return own
    path = path or find_file(src, "priorities")
    header, rows = read_table(path, "priorities")
    column = find_column(header, "travel", path, "priorities", required=False)
    if column is None:
        return own
    prio = find_column(header, "priority", path, "priorities")
    for r in rows:
        k = index_cell(r.get(prio, ""), path, "priorities", prio, r.line)
        if 1 <= k <= len(PRIORITIES):
            own[PRIORITIES[k - 1]] = PRIORITIES[priority_level(r.get(column, ""), path, f"priorities.{column}") - 1]
    return own


def read_priority_targets(src: Path, path: Path | None = None) -> tuple[dict[str, float], str]:
    """Each priority's target response time in minutes, by type id (``high``, ``med``, ``low``), and the file's name:
    JEMSS's ``priorities.csv`` (priority 1–3, ``targetResponseDuration`` in days). Empty, "" where the model has none
    (its one ``<targetResponseDuration>`` then holds for every call). ``path``: the file a sim_config.xml names."""
    if path is None and not model_files(src, "priorities*.csv", nested=True):
        return {}, ""
    path = path or find_file(src, "priorities")  # several: refused, naming them
    header, rows = read_table(path, "priorities")
    prio = find_column(header, "priority", path, "priorities")
    target = find_column(header, "target", path, "priorities")
    out = {}
    for r in rows:
        n = r.line
        k = index_cell(r.get(prio, ""), path, "priorities", prio, n)
        days = number_cell(r.get(target, ""), path, "priorities", target, n)
        if not 1 <= k <= len(PRIORITIES) or not days > 0:
            raise InputError(f"line {n}: priority {k} with {target} = {days:g} is not a JEMSS "
                             "priority (1–3) with a positive target.", file=path, field=f"priorities.{target}",
                             fix="number the priorities 1 (high) to 3 (low) and give each target in days, e.g. "
                                 "0.00555556 (8 min).")
        out[PRIORITIES[k - 1]] = days * 24 * 60
    return out, path.name


#: JEMSS's redispatch default when a model has no ``redispatch.csv`` (src/types/types.jl ``Redispatch(Val{:default})``):
#: an ambulance on its way to a medium- or low-priority call may be sent to a high-priority one.
REDISPATCH_DEFAULT = ((1,), (2, 3))


def read_redispatch(src: Path, chosen: str | Path | None = None) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """JEMSS's redispatch rule as raddsim's ``[dispatch] divert_for`` and ``divert_from`` levels (1 high … 3 low), and
    the file it came from ("" for JEMSS's default, :data:`REDISPATCH_DEFAULT`; ``((), ())``: off).

    Read from ``chosen``, else a ``redispatch*.csv`` in the model's folder itself, else the one in its subfolders.
    JEMSS.jl keeps alternatives in ``misc/redispatch/`` (its examples' simulation configs name one each: Edmonton's
    ``redispatch_low_to_higher.csv``, Manhattan's ``redispatch_off.csv``); with several the user chooses (they were
    passed over for JEMSS's default, unsaid), and without any JEMSS uses its default."""
    if chosen is not None:
        path = Path(chosen)
        if not path.is_file():
            raise InputError("file not found.", file=path, field="redispatch",
                             fix="give the redispatch file JEMSS's sim_config.xml names (<redispatch>).")
    elif model_files(src, "redispatch*.csv"):
        path = find_file(src, "redispatch")  # several: refused, naming them
    else:
        nested = model_files(src, "redispatch*.csv", nested=True)
        if not nested:
            return (*REDISPATCH_DEFAULT, "")
        if len(nested) > 1:
            found = ", ".join(str(p.relative_to(src)) for p in nested)
            raise InputError(f"several redispatch files: {found}; JEMSS uses the one its sim_config.xml names "
                             "(<redispatch>), its default without one.", file=src, field="redispatch",
                             fix=f"choose one: --redispatch {nested[0]} (from Python: redispatch=...).")
        path = nested[0]
    _, misc = read_table(path, "miscData")
    if misc[0].get("allowRedispatch", "").strip() in ("0", "false"):
        return (), (), path.name
    header, rows = read_table(path, "redispatchConditions")
    pairs = {(priority_level(r.get("fromCallPriority", ""), path), priority_level(r.get("toCallPriority", ""), path))
             for r in rows if r.get("allowRedispatch", "").strip() not in ("0", "false")}
    to, frm = tuple(sorted({t for _, t in pairs})), tuple(sorted({f for f, _ in pairs}))
    if pairs != {(f, t) for f in frm for t in to if f > t}:
        raise InputError(f"its redispatch conditions {sorted(pairs)} (from, to; 1 high … 3 low) are not 'calls of "
                         "these priorities may take an ambulance from less urgent calls of those'.", file=path,
                         field="redispatchConditions",
                         fix="import without the file and set [dispatch] divert_for and divert_from by hand "
                             "(docs/formats.md).")
    return to, frm, path.name


def read_mobilisation(src: Path) -> tuple[Distribution | None, str]:
    """JEMSS's optional mobilisation delay (``mobilisation_delay*.csv`` in the model's folder itself: table
    ``mobilisationDelay``, columns ``use``, ``distribution`` in days): the time an ambulance dispatched from its station
    takes to leave (src/simulation.jl), and the file's name. ``(None, "")`` without the file, ``(None, name)`` when
    its ``use`` is false."""
    if not model_files(src, "mobilisation_delay*.csv"):
        return None, ""
    return read_mobilisation_file(find_file(src, "mobilisation_delay"))  # several: refused, naming them


def read_mobilisation_file(path: Path) -> tuple[Distribution | None, str]:
    """The mobilisation delay of one JEMSS ``mobilisationDelay`` file (:func:`read_mobilisation`)."""
    header, rows = read_table(path, "mobilisationDelay")
    cols = {_norm(h): h for h in header if h}
    for need in ("use", "distribution"):
        if need not in cols:
            raise InputError(f"table 'mobilisationDelay' has no {need} column.", file=path, field="mobilisationDelay",
                             fix="give JEMSS's columns use, distribution, seed, expectedDuration.")
    use = rows[0].get(cols["use"], "").strip().lower()
    if use not in ("true", "false", "1", "0"):
        raise InputError(f"line {rows[0].line}: use = {use!r} is not true or false.", file=path,
                         field="mobilisationDelay.use", fix="write true or false.")
    if use in ("false", "0"):
        return None, path.name
    dist = parse_distribution(rows[0].get(cols["distribution"], ""), path, "mobilisationDelay.distribution")
    if dist.moments()[0] < 0:
        raise InputError(f"{dist.text} has a negative mean.", file=path, field="mobilisationDelay.distribution",
                         fix="give a distribution of durations (days, ≥ 0), e.g. truncated(...) at 0.")
    return dist, path.name


def priority_level(name: str, path: Path, field: str = "redispatchConditions") -> int:
    """A JEMSS priority (``highPriority``, ``medPriority``, ``lowPriority``, or its number) as a level 1–3."""
    key = _norm(name).removesuffix("priority")
    if key in ("1", "2", "3"):  # JEMSS evaluates the cell: Int(1) is highPriority too
        return int(key)
    if key not in PRIORITIES:
        raise InputError(f"'{name}' is not a JEMSS call priority.", file=path, field=field,
                         fix="write highPriority, medPriority or lowPriority.")
    return PRIORITIES.index(key) + 1


def default_name(src: Path) -> str:
    """A region name from the model's folder (``.../edmonton`` → ``Edmonton (JEMSS model)``).

    In JEMSS.jl's layout the model folder is a number (``cities/edmonton/models/1``): the city names it.
    """
    src = src.resolve()
    if src.name.isdigit() and src.parent.name == "models":
        src = src.parent.parent
    base = src.name.replace("_", " ").replace("-", " ").strip() or "JEMSS region"
    return f"{base[:1].upper()}{base[1:]} (JEMSS model)"


def gen_config_path(src: Path, calls: str | Path | None = None) -> Path:
    """The model's ``gen_config.xml``: ``calls`` if given, else in ``src``, else the one in its subfolders.

    JEMSS.jl's models keep several (``calls/reps/train``, ``test``, ``validate``): then the user chooses.
    """
    if calls is not None:
        return Path(calls)
    here = model_files(src, "gen_config.xml")
    if len(here) == 1:
        return here[0]
    hits = model_files(src, "gen_config.xml", nested=True)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise InputError("no gen_config.xml (JEMSS's call generation) in the folder or its subfolders.", file=src,
                         fix="give the JEMSS model folder (with gen_config.xml).")
    found = ", ".join(str(h.relative_to(src)) for h in hits)
    raise InputError(f"several call-generation files: {found}.", file=src,
                     fix=f"choose one: calls={hits[0]} (on the command line --calls {hits[0]}).")


def _arcs_text(roads: Path) -> tuple[str, str]:
    if roads.is_file() and roads.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(roads) as z:
                names = {Path(n).name.lower(): n for n in z.namelist()}
                if "arcs.csv" not in names:
                    raise InputError("the archive has no arcs.csv.", file=roads, fix="put JEMSS's arcs.csv in the zip.")
                return z.read(names["arcs.csv"]).decode("utf-8-sig"), f"{roads}!arcs.csv"
        except (zipfile.BadZipFile, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the roads archive ({exc}).", file=roads,
                             fix="give a zip of nodes.csv and arcs.csv.") from None
    path = roads / "arcs.csv" if roads.is_dir() else roads.parent / "arcs.csv"
    return read_text(path), str(path)


def mode_ratio(roads: Path, base: int = 1, other: int = 2) -> float:
    """Mean ratio of JEMSS's travel mode ``other`` to mode ``base`` arc times (1 when they are one mode, or the file
    lacks either: with one mode, mode 2 is mode 1)."""
    from raddsim.network.jemss_csv import jemss_tables

    if base == other:
        return 1.0
    text, label = _arcs_text(roads)
    tables = jemss_tables(text, label)
    if "arcs" not in tables:
        raise InputError("no 'arcs' table.", file=label, fix="give JEMSS's arcs.csv.")
    header, rows = tables["arcs"].header, tables["arcs"].rows
    a, b = f"mode_{base}", f"mode_{other}"
    if a not in header or b not in header:
        return 1.0
    i1, i2 = header.index(a), header.index(b)
    j = max(i1, i2)
    data = np.array([[float(r[i1]), float(r[i2])] for r in rows if len(r) > j and r[i1] and r[i2]])
    ok = data[:, 0] > 0 if len(data) else np.zeros(0, bool)
    return float(np.mean(data[ok, 1] / data[ok, 0])) if ok.any() else 1.0
