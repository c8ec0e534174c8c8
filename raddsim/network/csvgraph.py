"""Road networks as nodes/arcs CSV files: raddsim's generic format and JEMSS's.

The generic format (documented in ``docs/formats.md``) is two files,
``nodes.csv`` (``id, lon, lat`` [, ``off_road_access``]) and ``arcs.csv``
(``from, to, length_m`` [, ``travel_time_s``, ``emergency_time_s``,
``highway``, ``maxspeed``, ``name``, ``two_way``, ``outside``]), in a folder, in
a ``.zip``, or named directly. ``#`` lines are comments.

JEMSS writes the same two file names in its own table layout
(:mod:`raddsim.network.jemss_csv`); :func:`load_csv_network` tells the two apart
by their first line.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from raddsim.core.bounds import MAX_SPEED_KMH
from raddsim.core.errors import InputError
from raddsim.core.text import check_csv_header, csv_width_error, not_utf8, number_hint, read_text
from raddsim.network.data import RoadData, check_given_speeds
from raddsim.network.jemss_csv import is_jemss, jemss_road_data
from raddsim.network.speeds import NO_NUMBER_MAXSPEEDS, implicit_value, parse_maxspeed

NODE_COLUMNS = ("id", "lon", "lat")
ARC_COLUMNS = ("from", "to", "length_m")
OPTIONAL_ARC_COLUMNS = ("travel_time_s", "emergency_time_s", "highway", "maxspeed", "name", "two_way", "outside")
#: The comment line that marks a nodes/arcs network APPROXIMATE, followed by its label. ``raddsim network convert``
#: writes it for an approximate source (the embedded default): the copy read as "real (not OpenStreetMap)" and ran,
#: mapped and reported without the approximate-network warning.
APPROXIMATE_LINE = "# approximate: "


# ----------------------------------------------------------------------------- finding the files


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # the same message as a file on disk (read_text): byte, line and fix
        raise not_utf8(data, exc.start, label) from None


def _read_pair(path: Path) -> tuple[str, str, str, str]:
    """(nodes text, arcs text, nodes label, arcs label) from a folder, a zip, or one of the two files."""
    if path.is_dir():
        nodes, arcs = path / "nodes.csv", path / "arcs.csv"
    elif path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                members = [n for n in z.namelist() if not n.endswith("/")]
                names = {Path(n).name.lower(): n for n in members}
                for wanted in ("nodes.csv", "arcs.csv"):  # two (two regions zipped together): the one read went unsaid
                    twice = [n for n in members if Path(n).name.lower() == wanted]
                    if len(twice) > 1:
                        raise InputError(f"the archive holds {len(twice)} files named {wanted}: {', '.join(twice)}.",
                                         file=path, fix="zip one network: a single nodes.csv and arcs.csv.")
                missing = [f for f in ("nodes.csv", "arcs.csv") if f not in names]
                if missing:
                    raise InputError(f"the archive has no {' or '.join(missing)}.", file=path,
                                     fix="put nodes.csv and arcs.csv in the zip (see docs/formats.md).")
                return (_decode(z.read(names["nodes.csv"]), f"{path}!{names['nodes.csv']}"),
                        _decode(z.read(names["arcs.csv"]), f"{path}!{names['arcs.csv']}"),
                        f"{path}!{names['nodes.csv']}", f"{path}!{names['arcs.csv']}")
        except zipfile.BadZipFile:
            raise InputError("not a valid zip archive.", file=path,
                             fix="give a .zip with nodes.csv and arcs.csv.") from None
    else:
        folder = path.parent
        nodes, arcs = folder / "nodes.csv", folder / "arcs.csv"
        if path.name.lower() not in ("nodes.csv", "arcs.csv"):
            stem = path.name[: -len("nodes.csv")] if path.name.lower().endswith("nodes.csv") else None
            if stem is None:
                raise InputError("a nodes/arcs network is a folder or zip with nodes.csv and arcs.csv, or the path of "
                                 "nodes.csv.",
                                 file=path, fix="name the files nodes.csv and arcs.csv (see docs/formats.md).")
            nodes, arcs = path, folder / f"{stem}arcs.csv"
    for f in (nodes, arcs):
        if not f.is_file():
            raise InputError("file not found.", file=f, fix="a nodes/arcs network needs both nodes.csv and arcs.csv.")
    return (read_text(nodes), read_text(arcs), str(nodes), str(arcs))


def load_csv_network(path: str | Path, *, emergency_mode: int = 1, normal_mode: int = 2) -> RoadData:
    """Load a nodes/arcs network (raddsim's generic CSV or JEMSS's), detecting which.

    Parameters
    ----------
    path
        A folder or ``.zip`` holding ``nodes.csv`` and ``arcs.csv``, or the path of ``nodes.csv``.
    emergency_mode, normal_mode
        JEMSS only: which travel-mode columns hold emergency (lights and sirens)
        and normal driving times (Edmonton: 1 and 2).
    """
    path = Path(path)
    if not path.exists():
        raise InputError("network file not found.", file=path, fix="give a folder or zip with nodes.csv and arcs.csv.")
    nodes_text, arcs_text, nodes_label, arcs_label = _read_pair(path)
    if is_jemss(nodes_text):
        data = jemss_road_data(nodes_text, arcs_text, nodes_label, arcs_label, emergency_mode, normal_mode)
        data.meta.update(source=str(path), format="jemss-csv", approximate=False,
                         label="JEMSS road network (nodes/arcs CSV)")
    else:
        data = _generic(nodes_text, arcs_text, nodes_label, arcs_label)
        label = _approximate_label(nodes_text)
        data.meta.update(source=str(path), format="nodes-arcs-csv", approximate=label is not None,
                         label=label or "road network from nodes/arcs CSV")
    return data


def _approximate_label(nodes_text: str) -> str | None:
    """The label of an :data:`APPROXIMATE_LINE` among the leading comment lines of ``nodes.csv``, else None."""
    for line in nodes_text.lstrip("\ufeff").splitlines():
        if not line.startswith("#"):
            return None
        if line.startswith(APPROXIMATE_LINE):
            return line[len(APPROXIMATE_LINE):].strip() or "APPROXIMATE road network"
    return None


# ----------------------------------------------------------------------------- generic format


def _empty_row(line: str) -> bool:
    """A blank line, or a row of empty cells only (",,": a spreadsheet's once-touched row), skipped like blank lines."""
    return not line.replace(",", "").strip()


def _check_widths(text: str, label: str, required: tuple[str, ...] = ()) -> None:
    """Refuse a line with more or fewer fields than the header: pandas would drop, shift or pad them silently.

    The header is checked first: a ';'-separated table (a European Excel) was told as an unquoted comma in a text.
    """
    width = None
    for no, line in enumerate(text.splitlines(), start=1):
        if _empty_row(line) or "#" in line:  # or a (trailing) comment pandas cuts off: not checked here
            continue
        cells = next(csv.reader([line]))
        if width is None:
            check_csv_header([c.strip().lower() for c in cells], required, label,
                             fix=f"the header must contain {', '.join(required)} (see docs/formats.md).")
            width = len(cells)
        elif len(cells) != width:
            raise csv_width_error(cells, no, width, label, unit="line")


def _frame(text: str, label: str, required: tuple[str, ...]) -> pd.DataFrame:
    _check_widths(text, label, required)
    try:
        df = pd.read_csv(io.StringIO(text), comment="#", skipinitialspace=True, dtype=str, keep_default_na=False)
        df = df[~df.apply(lambda col: col.str.strip() == "").all(axis=1)].reset_index(drop=True)  # see _empty_row
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"not a readable CSV table ({exc}).", file=label,
                         fix="write a header line and comma-separated rows.") from None
    df.columns = [c.strip().lower() for c in df.columns]
    check_csv_header(list(df.columns), required, label,
                     fix=f"the header must contain {', '.join(required)} (see docs/formats.md).")
    if len(df) == 0:
        raise InputError("the table has no rows.", file=label, fix="add at least one row.")
    return df


def _data_line(text: str, k: int) -> int:
    """The 1-based line number in ``text`` of data row ``k`` (skipping comments and the header)."""
    seen = -1
    for no, line in enumerate(text.splitlines(), start=1):
        if _empty_row(line) or line.lstrip().startswith("#"):
            continue
        if seen == k:
            return no
        seen += 1
    return -1


def _numbers(df: pd.DataFrame, col: str, text: str, label: str, *, required: bool,
             minimum: float | None = None) -> np.ndarray:
    raw = df[col].astype(str).str.strip()
    values = pd.to_numeric(raw.where(raw != "", None), errors="coerce").to_numpy(float)
    # inf and nan written out are not numbers either (they would turn into garbage ids or lengths).
    bad = np.flatnonzero(~np.isfinite(values) & ((raw != "").to_numpy() | required))
    if len(bad):
        k = int(bad[0])
        raise InputError(f"line {_data_line(text, k)}: {col} is not a number: {df[col].iloc[k]!r}"
                         f"{number_hint(df[col].iloc[k])} ({len(bad)} such row(s)).",
                         file=label, field=col,
                         fix="give a plain number" + (" in every row." if required else ", or leave it empty."))
    if minimum is not None:
        low = np.flatnonzero(values < minimum)
        if len(low):
            k = int(low[0])
            raise InputError(f"line {_data_line(text, k)}: {col} = {values[k]:g} is below {minimum:g}.", file=label,
                             field=col,
                             fix=f"give {col} ≥ {minimum:g}.")
    return values


def _flags(df: pd.DataFrame, col: str, text: str, label: str) -> np.ndarray:
    if col not in df.columns:
        return np.zeros(len(df), bool)
    raw = df[col].astype(str).str.strip().str.lower()
    yes, no = raw.isin(["1", "true", "yes"]), raw.isin(["0", "false", "no", ""])
    bad = np.flatnonzero(~(yes | no).to_numpy())
    if len(bad):
        k = int(bad[0])
        raise InputError(f"line {_data_line(text, k)}: {col} must be true/false, got {df[col].iloc[k]!r}.", file=label,
                         field=col, fix="write 1/0, true/false or yes/no.")
    return yes.to_numpy()


def _node_ids(nd: pd.DataFrame, text: str, label: str) -> np.ndarray:
    """The nodes' ids: whole numbers, each used once."""
    ids_f = _numbers(nd, "id", text, label, required=True)
    whole = (ids_f == np.round(ids_f)) & (np.abs(ids_f) < 2.0**53)  # exact in a float, fits an int64
    if not whole.all():
        k = int(np.flatnonzero(~whole)[0])
        raise InputError(f"line {_data_line(text, k)}: id must be a whole number, got {nd['id'].iloc[k]!r}.",
                         file=label, field="id", fix="number the nodes with integers.")
    ids = ids_f.astype(np.int64)
    uniq, first, counts = np.unique(ids, return_index=True, return_counts=True)
    if (counts > 1).any():
        dup = uniq[counts > 1][0]
        raise InputError(f"node id {dup} appears {counts[counts > 1][0]} times.", file=label, field="id",
                         fix="give every node a unique id.")
    return ids


def _generic_nodes(text: str, label: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """A nodes CSV: ids, WGS84 lon and lat, and off-road access (None: column absent)."""
    nd = _frame(text, label, NODE_COLUMNS)
    ids = _node_ids(nd, text, label)
    lon = _numbers(nd, "lon", text, label, required=True)
    lat = _numbers(nd, "lat", text, label, required=True)
    for col, arr, lim, word in (("lon", lon, 180.0, "longitude"), ("lat", lat, 90.0, "latitude")):
        out = np.flatnonzero(np.abs(arr) > lim)
        if len(out):
            k = int(out[0])
            raise InputError(f"line {_data_line(text, k)}: {col} = {arr[k]:g} is not a {word}.",
                             file=label, field=col, fix="give WGS84 decimal degrees (lon before lat?).")
    access = None
    if "off_road_access" in nd.columns:
        raw = nd["off_road_access"].astype(str).str.strip().str.lower()
        access = ~raw.isin(["0", "false", "no"]).to_numpy()
    return ids, lon, lat, access


def _arc_ends(ar: pd.DataFrame, ids: np.ndarray, arcs_text: str, arcs_label: str,
              nodes_label: str) -> tuple[np.ndarray, np.ndarray]:
    """Each arc's from and to node as positions in ``ids``."""
    index = pd.Series(np.arange(len(ids)), index=ids)
    ends = []
    for col in ("from", "to"):
        vals = _numbers(ar, col, arcs_text, arcs_label, required=True)
        # Only a whole number can name a node: 1.5 was cut to node 1 (an arc silently from elsewhere), and 1e300
        # made numpy warn on stderr beside the refusal.
        whole = (vals == np.round(vals)) & (np.abs(vals) < 2.0**53)
        pos = np.full(len(vals), np.nan)
        pos[whole] = index.reindex(vals[whole].astype(np.int64)).to_numpy()
        bad = np.flatnonzero(np.isnan(pos))
        if len(bad):
            k = int(bad[0])
            raise InputError(f"line {_data_line(arcs_text, k)}: {col} = {ar[col].iloc[k]} is not a node id of "
                             f"{nodes_label}.",
                             file=arcs_label, field=col, fix="every arc must join two nodes listed in nodes.csv.")
        ends.append(pos.astype(np.int64))
    return ends[0], ends[1]


def _check_classes_and_speeds(ar: pd.DataFrame, highway: np.ndarray | None, tagged: np.ndarray | None, arcs_text: str,
                              arcs_label: str, implicit: np.ndarray | None = None) -> None:
    """Refuse a highway class raddsim does not know and a maxspeed that is not a speed, naming the line.

    Both were kept silently: the road then drove at a default speed ('trunc', 'fast', '-50').
    """
    from raddsim.network.road_classes import ROAD_CLASSES
    from raddsim.region.config import did_you_mean

    if highway is not None:
        bad = np.flatnonzero(~np.isin(highway, list(ROAD_CLASSES)))
        if len(bad):
            k, value = int(bad[0]), str(highway[bad[0]])
            raise InputError(f"line {_data_line(arcs_text, k)}: highway = '{value}' is not a road class."
                             f"{did_you_mean(value, sorted(ROAD_CLASSES))}", file=arcs_label, field="highway",
                             fix=f"use an OSM highway class: {', '.join(sorted(ROAD_CLASSES))}.")
    if tagged is not None:
        raw = ar["maxspeed"].astype(str).str.strip()
        known = raw.str.lower().isin(NO_NUMBER_MAXSPEEDS).to_numpy().copy()
        if implicit is not None:  # "DE:rural": the region's [network.speeds.implicit] translates it
            known |= implicit != ""
        bad = np.flatnonzero(np.isnan(tagged) & (raw != "").to_numpy() & ~known)
        if len(bad):
            k = int(bad[0])
            raise InputError(f"line {_data_line(arcs_text, k)}: maxspeed = '{raw.iloc[k]}' is not a speed.",
                             file=arcs_label, field="maxspeed",
                             fix="give km/h (e.g. 70), an OSM value such as '30 mph' or 'se:rural', or leave it empty.")
        _check_speed_bounds(raw, tagged, arcs_text, arcs_label)


def _check_speed_bounds(raw: pd.Series, tagged: np.ndarray, arcs_text: str, arcs_label: str) -> None:
    """Refuse a maxspeed above :data:`MAX_SPEED_KMH` (audit16: 5000 was driven at 5000 km/h by light vehicles)."""
    fast = np.flatnonzero(tagged > MAX_SPEED_KMH)
    if len(fast):
        k = int(fast[0])
        raise InputError(f"line {_data_line(arcs_text, k)}: maxspeed = '{raw.iloc[k]}' is {tagged[k]:g} km/h, above "
                         f"the {MAX_SPEED_KMH:g} km/h of any road's legal limit.", file=arcs_label, field="maxspeed",
                         fix="give the legal limit in km/h (e.g. 70; m/s or a time are not limits), or leave it "
                             "empty for the road class's speed.")


#: An arc shorter than this share of the straight line between its nodes (less a slack for rounding) is warned.
SHORT_ARC_SHARE, SHORT_ARC_SLACK_M = 0.5, 50.0
#: An arc longer than this many times the straight line between its nodes (plus a slack for short arcs) is warned.
#: ASSUMPTION: a winding road is a few times its straight line; 20 times is a length in cm or mm, or a typo.
LONG_ARC_FACTOR, LONG_ARC_SLACK_M = 20.0, 5000.0


def _straight_m(ends: tuple[np.ndarray, ...]) -> np.ndarray:
    """Great-circle metres between each arc's nodes (lon1, lat1, lon2, lat2 in degrees)."""
    from raddsim.sea.crossing import haversine_km

    lon1, lat1, lon2, lat2 = ends
    return 1000.0 * haversine_km(lat1, lon1, lat2, lon2)


#: When more than this share of the arcs checked are shorter than half their straight line, the lengths are refused:
#: no road network is like that, a unit is wrong (km for metres, as another tool rewrote them).
SHORT_ARC_REFUSE_SHARE = 0.5


def _warn_long_arcs(label: str, field: str, where: Callable[[int], str], length: np.ndarray,
                    straight: np.ndarray) -> None:
    """Warn about arcs whose length is far above the straight line between their nodes.

    Such an arc (a length in cm or mm, 1e300) is a road crews never take: the network silently lacks it.
    """
    bad = np.flatnonzero(length > LONG_ARC_FACTOR * straight + LONG_ARC_SLACK_M)
    if len(bad):
        k = int(bad[0])
        logging.getLogger("raddsim").warning(
            "%s: %s: %d arc(s) are over %g times the straight line between their nodes (e.g. %s: %g m "
            "for %.0f m): crews would never drive them. Fix: give each arc's length in metres along the road (not cm "
            "or mm), or check the nodes' lon/lat.", label, field, len(bad), LONG_ARC_FACTOR, where(k),
            length[k], straight[k])


def check_arc_lengths(label: str, field: str, where: Callable[[int], str], ends: tuple[np.ndarray, ...],
                      length: np.ndarray, given_s: np.ndarray | None = None,
                      highway: np.ndarray | None = None) -> np.ndarray:
    """Check arc lengths against the straight line between their nodes (nodes/arcs CSV and GraphML alike).

    A road cannot be shorter than the straight line: such an arc (a length in km, a zero, nodes of another
    extract) lets crews cross the gap in no time. A few are warned about (arcs with their own travel time and
    ferries do not take their time from the length); most of them are refused, as a unit slip.

    Parameters
    ----------
    label, field
        The file and the length's column or attribute, for the messages.
    where
        Arc index → where it is written (``line 5``, ``edge 1→2``).
    ends
        lon1, lat1, lon2, lat2 of every arc, in degrees.
    length
        Each arc's length in metres.
    given_s, highway
        Given travel times (NaN where none) and road classes, or None.

    Returns
    -------
    numpy.ndarray
        Each arc's straight line (metres), for the checks that follow.
    """
    straight = _straight_m(ends)
    _warn_long_arcs(label, field, where, length, straight)
    short = length < SHORT_ARC_SHARE * straight - SHORT_ARC_SLACK_M
    checked = np.ones(len(length), bool)
    if given_s is not None:
        checked &= np.isnan(given_s)
    if highway is not None:
        checked &= highway != "ferry"
    bad = np.flatnonzero(short & checked)
    if not len(bad):
        return straight
    k = int(bad[0])
    said = (f"{len(bad):,} of {int(checked.sum()):,} arc(s) are shorter than the straight line between their nodes "
            f"(e.g. {where(k)}: {length[k]:g} m for {straight[k]:.0f} m)")
    if len(bad) > SHORT_ARC_REFUSE_SHARE * checked.sum():
        raise InputError(f"{said}: lengths in km?", file=label, field=field,
                         fix="give each arc's length in metres along the road.")
    logging.getLogger("raddsim").warning(
        "%s: %s: %s: crews would cross the gap in no time. Fix: give each arc's length in metres along the road "
        "(not km), or check the nodes' lon/lat.", label, field, said)
    return straight


def _generic(nodes_text: str, arcs_text: str, nodes_label: str, arcs_label: str) -> RoadData:
    ids, lon, lat, access = _generic_nodes(nodes_text, nodes_label)
    ar = _frame(arcs_text, arcs_label, ARC_COLUMNS)
    u, v = _arc_ends(ar, ids, arcs_text, arcs_label, nodes_label)
    length = _numbers(ar, "length_m", arcs_text, arcs_label, required=True, minimum=0)
    opt = {c: _numbers(ar, c, arcs_text, arcs_label, required=False, minimum=0) if c in ar.columns else None
           for c in ("travel_time_s", "emergency_time_s")}
    highway = ar["highway"].astype(str).str.strip().replace("", "road").to_numpy() if "highway" in ar.columns else None
    tagged = np.array([parse_maxspeed(s) or math.nan for s in ar["maxspeed"]],
                      float) if "maxspeed" in ar.columns else None
    implicit = np.array([implicit_value({"maxspeed": s}) for s in ar["maxspeed"]],
                        dtype=object).astype(str) if "maxspeed" in ar.columns else None
    _check_classes_and_speeds(ar, highway, tagged, arcs_text, arcs_label, implicit)
    straight = check_arc_lengths(arcs_label, "length_m", lambda k: f"line {_data_line(arcs_text, k)}",
                                 (lon[u], lat[u], lon[v], lat[v]), length, opt["travel_time_s"], highway)
    # A length already warned as far too long (1e300) is the length's slip, not the time's: not judged again.
    judged = np.where(length > LONG_ARC_FACTOR * straight + LONG_ARC_SLACK_M, 0.0, length)
    check_given_speeds(judged, opt, arcs_label, lambda k: f"line {_data_line(arcs_text, k)}")
    name = ar["name"].astype(str).to_numpy() if "name" in ar.columns else None
    ferry = (highway == "ferry") if highway is not None else None
    crossing = None
    given = opt["travel_time_s"]
    if ferry is not None and ferry.any() and given is not None:
        crossing = np.where(ferry, given,
                            np.nan)  # a ferry's travel_time_s is its crossing; the wait is added by the model
        given = np.where(ferry, np.nan, given)
    two_way = _flags(ar, "two_way", arcs_text, arcs_label)
    outside = _flags(ar, "outside", arcs_text, arcs_label)

    def both(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else np.concatenate([a, a[two_way]])

    return RoadData.from_arrays(
        ids, lon, lat, np.concatenate([u, v[two_way]]), np.concatenate([v, u[two_way]]),
        np.concatenate([length, length[two_way]]),
        node_access=access, edge_highway=both(highway), edge_tagged_kmh=both(tagged), edge_time_given_s=both(given),
        edge_emergency_given_s=both(opt["emergency_time_s"]), edge_ferry=both(ferry), edge_crossing_s=both(crossing),
        edge_name=both(name), edge_outside=both(outside), edge_implicit=both(implicit),
    )


def write_csv_network(data: RoadData, folder: str | Path) -> tuple[Path, Path]:
    """Write ``data`` in the generic format (``nodes.csv``, ``arcs.csv``) into ``folder``, atomically per file."""
    from raddsim.core.io import write_bytes_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes = pd.DataFrame({"id": data.node_ids, "lon": data.lon, "lat": data.lat})
    if not data.node_access.all():
        nodes["off_road_access"] = data.node_access.astype(int)
    crossing_or_time = np.where(data.edge_ferry, data.edge_crossing_s, data.edge_time_given_s)
    arcs = pd.DataFrame({"from": data.node_ids[data.edge_u], "to": data.node_ids[data.edge_v],
                         "length_m": data.edge_length_m})
    for col, arr in (("travel_time_s", crossing_or_time), ("emergency_time_s", data.edge_emergency_given_s)):
        if np.isfinite(arr).any():
            arcs[col] = arr
    arcs["highway"] = data.edge_highway
    if np.isfinite(data.edge_tagged_kmh).any() or (data.edge_implicit != "").any():
        arcs["maxspeed"] = [f"{s:g}" if np.isfinite(s) else str(i) for s, i in zip(data.edge_tagged_kmh,
                                                                                   data.edge_implicit)]
    if (data.edge_name != "").any():
        arcs["name"] = data.edge_name
    if data.edge_outside.any():
        arcs["outside"] = data.edge_outside.astype(int)
    header = f"# raddsim nodes/arcs network; source: {data.meta.get('source', '')}\n"
    if data.meta.get("approximate"):
        header += f"{APPROXIMATE_LINE}{' '.join(str(data.meta.get('label', '')).split())}\n"
    p_nodes = write_bytes_atomic(folder / "nodes.csv", (header + nodes.to_csv(index=False)).encode("utf-8"))
    p_arcs = write_bytes_atomic(folder / "arcs.csv", (header + arcs.to_csv(index=False)).encode("utf-8"))
    return p_nodes, p_arcs


__all__ = ["load_csv_network", "write_csv_network"]
