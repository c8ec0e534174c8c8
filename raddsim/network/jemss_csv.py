"""JEMSS's road network files: ``nodes.csv`` and ``arcs.csv`` in its own table layout.

JEMSS (the Julia EMS simulator, ``uoa-ems-research/JEMSS.jl``) writes each file as tables: a table-name
line (``nodes,,,``), a header line, rows, and a blank line; ``arcs.csv`` starts with a ``miscData``
table (``arcForm`` directed/undirected, ``numModes``). Distances are km and travel times days, one
column per travel mode (Edmonton: mode 1 = lights and sirens, mode 2 = regular; see its
``travel.csv``). :func:`raddsim.network.csvgraph.load_csv_network` tells this layout from raddsim's
generic one with :func:`is_jemss`.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from raddsim.core.errors import InputError
from raddsim.core.text import csv_width_error
from raddsim.network.data import RoadData, check_given_speeds

DAY_S = 86400.0
#: No arc is longer than half the Earth's circumference (km), nor driven in more than a day (days): a larger value is
#: another unit (metres in the km column, seconds in the days column) or a typo, and the arc would never be driven.
MAX_ARC_KM, MAX_ARC_DAYS = 20_000.0, 1.0


def _count(cell: str) -> int | None:
    """A title line's row or column count (JEMSS writes ``1``, or ``16811.0`` after a round trip); None if not one."""
    try:
        v = float(cell)
    except ValueError:
        return None
    return int(v) if v.is_integer() and v >= 0 else None


def title_counts(cells: list[str]) -> tuple[int | None, int | None] | None:
    """The (rows, columns) a table's title line gives, ``(None, None)`` for a bare title (``nodes,,,``); None when
    ``cells`` is no title line.

    JEMSS.jl (``readTablesFromData``) reads the name from the first cell and, if given, the table's row and column
    counts from the next two (Manhattan's ``nodes,16811,,``); later cells are notes it ignores (Edmonton's
    ``map,1,,,,"xScale = ..."``). A bare title was all raddsim knew: Manhattan's roads were read as a generic file.
    """
    if not cells or not cells[0] or _count(cells[0]) is not None:
        return None
    counts = (list(cells[1:3]) + ["", ""])[:2]
    if any(c and _count(c) is None for c in counts):
        return None
    rows, cols = (_count(c) if c else None for c in counts)
    return rows, cols


def is_jemss(nodes_text: str) -> bool:
    """JEMSS files start with a table-name line (``nodes,,,`` or ``nodes,16811,,``) rather than a header."""
    for line in nodes_text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            cells = [c.strip() for c in line.split(",")]
            return cells[0] in ("nodes", "miscData") and title_counts(cells) is not None
    return False



class JemssTable(NamedTuple):
    """One table of a JEMSS file: its header, its rows, and each row's physical line in the file (1-based)."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]

    def where(self, k: int) -> str:
        """Row ``k`` as every other CSV reader names a row: its line in the file (the error's field names the
        table)."""
        return f"line {self.lines[k]}"


def _physical_rows(text: str) -> list[tuple[int, list[str]]]:
    """The CSV rows of ``text`` (cells stripped), each with the line it starts on, blank and comment lines counted."""
    # splitlines: CR-only line ends (an old Mac editor's) read as the other readers read them; csv.reader on the
    # text itself stopped at them with "new-line character seen in unquoted field".
    reader = csv.reader(text.splitlines())
    out, last = [], 0
    for r in reader:
        out.append((last + 1, [c.strip() for c in r]))  # a quoted cell over several lines: the row's first line
        last = reader.line_num
    return out


def jemss_tables(text: str, label: str) -> dict[str, JemssTable]:
    """Split a JEMSS CSV into its tables: name → (header, rows, lines).

    A table is a line with a name in the first cell and nothing else, then a
    header line, then rows up to an empty line (all cells empty) or the next table.
    """
    tables: dict[str, JemssTable] = {}
    numbered = _physical_rows(text)
    rows = [r for _, r in numbered]
    k = 0
    while k < len(rows):
        r = rows[k]
        counts = title_counts(r)
        if counts is not None:
            name = r[0]
            if k + 1 >= len(rows):
                raise InputError(f"table '{name}' has no header line.", file=label,
                                 fix="check the JEMSS file is complete.")
            header = [h for h in rows[k + 1] if h]
            width = max((j + 1 for j, h in enumerate(rows[k + 1]) if h), default=0)
            body, lines = [], []
            k += 2
            while k < len(rows) and any(rows[k]) and not (rows[k][0] and not any(rows[k][1:])):
                if any(rows[k][width:]):  # a value past the header's last column would be dropped
                    raise csv_width_error(rows[k], numbered[k][0], width, label, unit="line")
                body.append(rows[k][: len(header)])
                lines.append(numbered[k][0])
                k += 1
            check_title_counts(name, counts, len(body), len(header), label)
            tables[name] = JemssTable(header, body, lines)
        else:
            k += 1
    return tables


def check_title_counts(name: str, counts: tuple[int | None, int | None], rows: int, cols: int,
                       label: str | Path) -> None:
    """A title's row and column counts must match the table, as JEMSS.jl asserts: a file cut short is refused."""
    for given, found, what in zip(counts, (rows, cols), ("row", "column")):
        if given is not None and given != found:
            raise InputError(f"table '{name}' says it has {given} {what}s but has {found}.", file=label,
                             field=name, fix=f"check the file is complete, or correct the {what} count on the "
                                             f"'{name}' title line (or leave it empty).")


def _column(table: JemssTable, name: str, label: str, table_name: str, *,
            lo: float = -math.inf, hi: float = math.inf) -> np.ndarray:
    """A column of finite numbers within [lo, hi]: an empty cell, nan, inf or a value outside is refused.

    They were read as they came (an empty cell as NaN, a negative distance or time kept): a NaN id or end made
    numpy warn and named no row, a NaN time an edge no crew drives, unsaid.
    """
    header, body = table.header, table.rows
    if name not in header:
        raise InputError(f"table '{table_name}' has no column '{name}' (found: {', '.join(header)}).", file=label,
                         field=f"{table_name}.{name}", fix="check the file is a JEMSS road network file.")
    j = header.index(name)
    numbers = []
    for r in body:
        try:
            numbers.append(float(r[j]) if j < len(r) and r[j] != "" else math.nan)
        except ValueError:  # was "column 'x': could not convert string to float", naming no line
            numbers.append(math.nan)
    values = np.array(numbers)
    bad = np.flatnonzero(~(np.isfinite(values) & (values >= lo) & (values <= hi)))
    if len(bad):
        k = int(bad[0])
        cell = body[k][j] if j < len(body[k]) else ""
        limits = "" if (lo, hi) == (-math.inf, math.inf) else f" from {lo:g} to {hi:g}"
        raise InputError(f"{table.where(k)}: {name} = {cell!r} is not a finite number{limits} "
                         f"({len(bad)} such row(s)).", file=label, field=f"{table_name}.{name}",
                         fix="give a number in every row (JEMSS writes distances in km and times in days).")
    return values


def _ids(tables: dict[str, JemssTable], table_name: str, name: str, label: str, *, lo: float = -math.inf) -> np.ndarray:
    """Column ``name`` as whole numbers (JEMSS writes ids as 1.0): 1.5 was cut to node 1, an arc silently from
    elsewhere."""
    table = tables[table_name]
    values = _column(table, name, label, table_name, lo=lo)
    whole = (values == np.round(values)) & (np.abs(values) < 2.0**53)
    if not whole.all():
        k = int(np.flatnonzero(~whole)[0])
        raise InputError(f"{table.where(k)}: {name} = {values[k]:g} is not a whole number.",
                         file=label, field=f"{table_name}.{name}", fix="number the nodes with whole numbers.")
    return values.astype(np.int64)


def _nodes(text: str, label: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """The nodes table: unique whole ids, WGS84 lon and lat, and off-road access (None: no such column)."""
    nt = jemss_tables(text, label)
    if "nodes" not in nt or not nt["nodes"].rows:
        raise InputError("no 'nodes' table with rows.", file=label, fix="check the file is a JEMSS nodes file.")
    ids = _ids(nt, "nodes", "index", label)
    uniq, counts = np.unique(ids, return_counts=True)
    if (counts > 1).any():  # was pandas' "cannot reindex on an axis with duplicate labels", a traceback
        raise InputError(f"node index {uniq[counts > 1][0]} appears {counts[counts > 1][0]} times.", file=label,
                         field="nodes.index", fix="give every node a unique index.")
    lon = _column(nt["nodes"], "x", label, "nodes", lo=-180, hi=180)
    lat = _column(nt["nodes"], "y", label, "nodes", lo=-90, hi=90)
    access = (_column(nt["nodes"], "offRoadAccess", label, "nodes", lo=0, hi=1) != 0
              if "offRoadAccess" in nt["nodes"].header else None)
    return ids, lon, lat, access


def _misc(at: dict[str, JemssTable], label: str) -> tuple[str, int | None]:
    """The arcs file's ``miscData``: arcForm (default directed) and numModes, which must match its mode columns."""
    form, n_modes = "directed", None
    if "miscData" in at and at["miscData"].rows:
        header, body = at["miscData"].header, at["miscData"].rows
        unknown = [h for h in header if h not in ("arcForm", "numModes")]
        if unknown:  # a typo (arcFrom) left the default in force, unsaid
            raise InputError(f"miscData has an unknown column '{unknown[0]}'.", file=label, field="miscData",
                             fix="the columns are arcForm and numModes.")
        misc = dict(zip(header, body[0]))
        form = misc.get("arcForm", "directed").strip().lower()
        if misc.get("numModes"):
            n_modes = int(_ids(at, "miscData", "numModes", label, lo=1)[0])
    if form not in ("directed", "undirected"):
        raise InputError(f"arcForm must be directed or undirected, got '{form}'.", file=label,
                         field="miscData.arcForm",
                         fix="check the JEMSS file.")
    modes = [h for h in at["arcs"].header if h.startswith("mode_")]
    if n_modes is not None and len(modes) != n_modes:  # a mode column lost, or numModes mistyped
        raise InputError(f"numModes is {n_modes} but the arcs table has {len(modes)} mode column(s) "
                         f"({', '.join(modes) or 'none'}).", file=label, field="miscData.numModes",
                         fix="give one mode_<k> column of travel times (days) per mode.")
    return form, n_modes


def _straight_m(lon: np.ndarray, lat: np.ndarray, fr: np.ndarray, to: np.ndarray) -> np.ndarray:
    """Metres along the great circle between each arc's nodes (by position): an arc's length where the file gives
    none, as JEMSS.jl's ``setArcDistances!`` takes the straight line on its map."""
    from raddsim.sea.crossing import haversine_km

    return 1000.0 * haversine_km(lat[fr], lon[fr], lat[to], lon[to])


def jemss_road_data(nodes_text: str, arcs_text: str, nodes_label: str, arcs_label: str, emergency_mode: int,
           normal_mode: int) -> RoadData:
    """Road data from JEMSS's ``nodes.csv`` and ``arcs.csv`` texts (labels name the files in errors).

    Parameters
    ----------
    nodes_text, arcs_text, nodes_label, arcs_label
        The two files' text and how errors name them.
    emergency_mode, normal_mode
        Which travel-mode columns (``mode_1``, ``mode_2`` …) hold lights-and-sirens and normal driving times.

    Returns
    -------
    RoadData
        Nodes with their off-road access, arcs (both ways when ``arcForm`` is undirected) with the given times.
    """
    ids, lon, lat, access = _nodes(nodes_text, nodes_label)
    at = jemss_tables(arcs_text, arcs_label)
    if "arcs" not in at or not at["arcs"].rows:
        raise InputError("no 'arcs' table with rows.", file=arcs_label, fix="check the file is a JEMSS arcs file.")
    form, n_modes = _misc(at, arcs_label)
    index = pd.Series(np.arange(len(ids)), index=ids)
    fr = index.reindex(_ids(at, "arcs", "fromNode", arcs_label)).to_numpy()
    to = index.reindex(_ids(at, "arcs", "toNode", arcs_label)).to_numpy()
    if np.isnan(fr).any() or np.isnan(to).any():
        k = int(np.flatnonzero(np.isnan(fr) | np.isnan(to))[0])
        raise InputError(f"the arc on {at['arcs'].where(k)} joins a node that is not in the nodes file.",
                         file=arcs_label,
                         field="arcs.fromNode/toNode",
                         fix="check the nodes and arcs files belong together.")
    header = at["arcs"].header
    if "distance" in header:
        length = _column(at["arcs"], "distance", arcs_label, "arcs", lo=0, hi=MAX_ARC_KM) * 1000.0
    else:  # optional in JEMSS.jl (readArcsFile), which then measures the straight line (Manhattan has none)
        length = _straight_m(lon, lat, fr.astype(np.int64), to.astype(np.int64))

    def mode(k: int) -> np.ndarray | None:
        col = f"mode_{k}"
        if col not in header or (n_modes is not None and k > n_modes):
            return None
        return _column(at["arcs"], col, arcs_label, "arcs", lo=0, hi=MAX_ARC_DAYS) * DAY_S

    emergency, normal = mode(emergency_mode), mode(normal_mode)
    if emergency is None and normal is None:
        raise InputError(f"the arcs table has neither mode_{emergency_mode} nor mode_{normal_mode}.", file=arcs_label,
                         field="arcs", fix="choose the travel-mode columns with emergency_mode/normal_mode.")
    check_given_speeds(length, {f"arcs.mode_{emergency_mode}": emergency, f"arcs.mode_{normal_mode}": normal},
                       arcs_label, lambda k: at["arcs"].where(k),
                       fix="give each mode column's travel times in days.",
                       question="times in another unit than days?")
    u, v = fr.astype(np.int64), to.astype(np.int64)
    if form == "undirected":
        u, v = np.concatenate([u, v]), np.concatenate([v, u])
        length = np.concatenate([length, length])
        emergency = None if emergency is None else np.concatenate([emergency, emergency])
        normal = None if normal is None else np.concatenate([normal, normal])
    return RoadData.from_arrays(ids, lon, lat, u, v, length, node_access=access, edge_time_given_s=normal,
                                edge_emergency_given_s=emergency)


__all__ = ["JemssTable", "check_title_counts", "is_jemss", "jemss_tables", "jemss_road_data", "title_counts"]
