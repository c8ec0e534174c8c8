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
import io
import math

import numpy as np
import pandas as pd

from raddsim.core.errors import InputError
from raddsim.core.text import csv_width_error
from raddsim.network.data import RoadData

DAY_S = 86400.0


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
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text))]
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


def _column(table: tuple[list[str], list[list[str]]], name: str, label: str, table_name: str) -> np.ndarray:
    header, body = table
    if name not in header:
        raise InputError(f"table '{table_name}' has no column '{name}' (found: {', '.join(header)}).", file=label,
                         field=f"{table_name}.{name}", fix="check the file is a JEMSS road network file.")
    j = header.index(name)
    try:
        return np.array([float(r[j]) if j < len(r) and r[j] != "" else math.nan for r in body])
    except ValueError as exc:
        raise InputError(f"table '{table_name}', column '{name}': {exc}.", file=label, field=f"{table_name}.{name}",
                         fix="every value must be a number.") from None


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
    nt = jemss_tables(nodes_text, nodes_label)
    if "nodes" not in nt:
        raise InputError("no 'nodes' table.", file=nodes_label, fix="check the file is a JEMSS nodes file.")
    ids = _column(nt["nodes"], "index", nodes_label, "nodes").astype(np.int64)
    lon = _column(nt["nodes"], "x", nodes_label, "nodes")
    lat = _column(nt["nodes"], "y", nodes_label, "nodes")
    access = _column(nt["nodes"], "offRoadAccess", nodes_label,
                     "nodes") != 0 if "offRoadAccess" in nt["nodes"][0] else None

    at = jemss_tables(arcs_text, arcs_label)
    if "arcs" not in at:
        raise InputError("no 'arcs' table.", file=arcs_label, fix="check the file is a JEMSS arcs file.")
    form, n_modes = "directed", None
    if "miscData" in at and at["miscData"][1]:
        header, body = at["miscData"]
        misc = dict(zip(header, body[0]))
        form = misc.get("arcForm", "directed").strip().lower()
        n_modes = int(float(misc["numModes"])) if misc.get("numModes") else None
    if form not in ("directed", "undirected"):
        raise InputError(f"arcForm must be directed or undirected, got '{form}'.", file=arcs_label,
                         field="miscData.arcForm",
                         fix="check the JEMSS file.")
    index = pd.Series(np.arange(len(ids)), index=ids)
    fr = index.reindex(_column(at["arcs"], "fromNode", arcs_label, "arcs").astype(np.int64)).to_numpy()
    to = index.reindex(_column(at["arcs"], "toNode", arcs_label, "arcs").astype(np.int64)).to_numpy()
    if np.isnan(fr).any() or np.isnan(to).any():
        k = int(np.flatnonzero(np.isnan(fr) | np.isnan(to))[0])
        raise InputError(f"arc {k + 1} joins a node that is not in the nodes file.", file=arcs_label,
                         field="arcs.fromNode/toNode",
                         fix="check the nodes and arcs files belong together.")
    length = _column(at["arcs"], "distance", arcs_label, "arcs") * 1000.0
    header = at["arcs"][0]

    def mode(k: int) -> np.ndarray | None:
        col = f"mode_{k}"
        if col not in header or (n_modes is not None and k > n_modes):
            return None
        return _column(at["arcs"], col, arcs_label, "arcs") * DAY_S

    emergency, normal = mode(emergency_mode), mode(normal_mode)
    if emergency is None and normal is None:
        raise InputError(f"the arcs table has neither mode_{emergency_mode} nor mode_{normal_mode}.", file=arcs_label,
                         field="arcs", fix="choose the travel-mode columns with emergency_mode/normal_mode.")
    u, v = fr.astype(np.int64), to.astype(np.int64)
    if form == "undirected":
        u, v = np.concatenate([u, v]), np.concatenate([v, u])
        length = np.concatenate([length, length])
        emergency = None if emergency is None else np.concatenate([emergency, emergency])
        normal = None if normal is None else np.concatenate([normal, normal])
    return RoadData.from_arrays(ids, lon, lat, u, v, length, node_access=access, edge_time_given_s=normal,
                                edge_emergency_given_s=emergency)


__all__ = ["is_jemss", "jemss_tables", "jemss_road_data"]
