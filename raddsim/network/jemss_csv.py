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

import numpy as np
import pandas as pd

from raddsim.core.errors import InputError
from raddsim.core.text import csv_width_error
from raddsim.network.data import RoadData, check_given_speeds

DAY_S = 86400.0
#: No arc is longer than half the Earth's circumference (km), nor driven in more than a day (days): a larger value is
#: another unit (metres in the km column, seconds in the days column) or a typo, and the arc would never be driven.
MAX_ARC_KM, MAX_ARC_DAYS = 20_000.0, 1.0


def is_jemss(nodes_text: str) -> bool:
    """JEMSS files start with a table-name line (``nodes,,,``) rather than a header."""
    for line in nodes_text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            cells = [c.strip() for c in line.split(",")]
            return cells[0] in ("nodes", "miscData") and not any(cells[1:])
    return False



def jemss_tables(text: str, label: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Split a JEMSS CSV into its tables: name → (header, rows).

    A table is a line with a name in the first cell and nothing else, then a
    header line, then rows up to an empty line (all cells empty) or the next table.
    """
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    # splitlines: CR-only line ends (an old Mac editor's) read as the other readers read them; csv.reader on the
    # text itself stopped at them with "new-line character seen in unquoted field".
    rows = [[c.strip() for c in r] for r in csv.reader(text.splitlines())]
    k = 0
    while k < len(rows):
        r = rows[k]
        if r and r[0] and not any(r[1:]):
            name = r[0]
            if k + 1 >= len(rows):
                raise InputError(f"table '{name}' has no header line.", file=label,
                                 fix="check the JEMSS file is complete.")
            header = [h for h in rows[k + 1] if h]
            width = max((j + 1 for j, h in enumerate(rows[k + 1]) if h), default=0)
            body = []
            k += 2
            while k < len(rows) and any(rows[k]) and not (rows[k][0] and not any(rows[k][1:])):
                if any(rows[k][width:]):  # a value past the header's last column would be dropped
                    raise csv_width_error(rows[k], k + 1, width, label, unit="line")
                body.append(rows[k][: len(header)])
                k += 1
            tables[name] = (header, body)
        else:
            k += 1
    return tables


def _column(table: tuple[list[str], list[list[str]]], name: str, label: str, table_name: str, *,
            lo: float = -math.inf, hi: float = math.inf) -> np.ndarray:
    """A column of finite numbers within [lo, hi]: an empty cell, nan, inf or a value outside is refused.

    They were read as they came (an empty cell as NaN, a negative distance or time kept): a NaN id or end made
    numpy warn and named no row, a NaN time an edge no crew drives, unsaid.
    """
    header, body = table
    if name not in header:
        raise InputError(f"table '{table_name}' has no column '{name}' (found: {', '.join(header)}).", file=label,
                         field=f"{table_name}.{name}", fix="check the file is a JEMSS road network file.")
    j = header.index(name)
    try:
        values = np.array([float(r[j]) if j < len(r) and r[j] != "" else math.nan for r in body])
    except ValueError as exc:
        raise InputError(f"table '{table_name}', column '{name}': {exc}.", file=label, field=f"{table_name}.{name}",
                         fix="every value must be a number.") from None
    bad = np.flatnonzero(~(np.isfinite(values) & (values >= lo) & (values <= hi)))
    if len(bad):
        k = int(bad[0])
        cell = body[k][j] if j < len(body[k]) else ""
        limits = "" if (lo, hi) == (-math.inf, math.inf) else f" from {lo:g} to {hi:g}"
        raise InputError(f"table '{table_name}', row {k + 1}: {name} = {cell!r} is not a finite number{limits} "
                         f"({len(bad)} such row(s)).", file=label, field=f"{table_name}.{name}",
                         fix="give a number in every row (JEMSS writes distances in km and times in days).")
    return values


def _ids(values: np.ndarray, name: str, label: str, table_name: str) -> np.ndarray:
    """Node ids as whole numbers (JEMSS writes 1.0): 1.5 was cut to node 1, an arc silently from elsewhere."""
    whole = (values == np.round(values)) & (np.abs(values) < 2.0**53)
    if not whole.all():
        k = int(np.flatnonzero(~whole)[0])
        raise InputError(f"table '{table_name}', row {k + 1}: {name} = {values[k]:g} is not a whole number.",
                         file=label, field=f"{table_name}.{name}", fix="number the nodes with whole numbers.")
    return values.astype(np.int64)


def _nodes(text: str, label: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """The nodes table: unique whole ids, WGS84 lon and lat, and off-road access (None: no such column)."""
    nt = jemss_tables(text, label)
    if "nodes" not in nt or not nt["nodes"][1]:
        raise InputError("no 'nodes' table with rows.", file=label, fix="check the file is a JEMSS nodes file.")
    ids = _ids(_column(nt["nodes"], "index", label, "nodes"), "index", label, "nodes")
    uniq, counts = np.unique(ids, return_counts=True)
    if (counts > 1).any():  # was pandas' "cannot reindex on an axis with duplicate labels", a traceback
        raise InputError(f"node index {uniq[counts > 1][0]} appears {counts[counts > 1][0]} times.", file=label,
                         field="nodes.index", fix="give every node a unique index.")
    lon = _column(nt["nodes"], "x", label, "nodes", lo=-180, hi=180)
    lat = _column(nt["nodes"], "y", label, "nodes", lo=-90, hi=90)
    access = (_column(nt["nodes"], "offRoadAccess", label, "nodes", lo=0, hi=1) != 0
              if "offRoadAccess" in nt["nodes"][0] else None)
    return ids, lon, lat, access


def _misc(at: dict[str, tuple[list[str], list[list[str]]]], label: str) -> tuple[str, int | None]:
    """The arcs file's ``miscData``: arcForm (default directed) and numModes, which must match its mode columns."""
    form, n_modes = "directed", None
    if "miscData" in at and at["miscData"][1]:
        header, body = at["miscData"]
        unknown = [h for h in header if h not in ("arcForm", "numModes")]
        if unknown:  # a typo (arcFrom) left the default in force, unsaid
            raise InputError(f"miscData has an unknown column '{unknown[0]}'.", file=label, field="miscData",
                             fix="the columns are arcForm and numModes.")
        misc = dict(zip(header, body[0]))
        form = misc.get("arcForm", "directed").strip().lower()
        if misc.get("numModes"):
            n_modes = int(_ids(_column(at["miscData"], "numModes", label, "miscData", lo=1), "numModes", label,
                               "miscData")[0])
    if form not in ("directed", "undirected"):
        raise InputError(f"arcForm must be directed or undirected, got '{form}'.", file=label,
                         field="miscData.arcForm",
                         fix="check the JEMSS file.")
    modes = [h for h in at["arcs"][0] if h.startswith("mode_")]
    if n_modes is not None and len(modes) != n_modes:  # a mode column lost, or numModes mistyped
        raise InputError(f"numModes is {n_modes} but the arcs table has {len(modes)} mode column(s) "
                         f"({', '.join(modes) or 'none'}).", file=label, field="miscData.numModes",
                         fix="give one mode_<k> column of travel times (days) per mode.")
    return form, n_modes


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
    if "arcs" not in at or not at["arcs"][1]:
        raise InputError("no 'arcs' table with rows.", file=arcs_label, fix="check the file is a JEMSS arcs file.")
    form, n_modes = _misc(at, arcs_label)
    index = pd.Series(np.arange(len(ids)), index=ids)
    fr = index.reindex(_ids(_column(at["arcs"], "fromNode", arcs_label, "arcs"), "fromNode", arcs_label,
                            "arcs")).to_numpy()
    to = index.reindex(_ids(_column(at["arcs"], "toNode", arcs_label, "arcs"), "toNode", arcs_label,
                            "arcs")).to_numpy()
    if np.isnan(fr).any() or np.isnan(to).any():
        k = int(np.flatnonzero(np.isnan(fr) | np.isnan(to))[0])
        raise InputError(f"arc {k + 1} joins a node that is not in the nodes file.", file=arcs_label,
                         field="arcs.fromNode/toNode",
                         fix="check the nodes and arcs files belong together.")
    length = _column(at["arcs"], "distance", arcs_label, "arcs", lo=0, hi=MAX_ARC_KM) * 1000.0
    header = at["arcs"][0]

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
                       arcs_label, lambda k: f"arc {k + 1}", fix="give each mode column's travel times in days.",
                       question="times in another unit than days?")
    u, v = fr.astype(np.int64), to.astype(np.int64)
    if form == "undirected":
        u, v = np.concatenate([u, v]), np.concatenate([v, u])
        length = np.concatenate([length, length])
        emergency = None if emergency is None else np.concatenate([emergency, emergency])
        normal = None if normal is None else np.concatenate([normal, normal])
    return RoadData.from_arrays(ids, lon, lat, u, v, length, node_access=access, edge_time_given_s=normal,
                                edge_emergency_given_s=emergency)


__all__ = ["is_jemss", "jemss_tables", "jemss_road_data"]
