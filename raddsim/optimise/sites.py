"""Candidate sites of ``raddsim optimise``: the CSV of places a crew's station may move to, and their check
against the road network."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.text import lat_lon, read_csv_table
from raddsim.optimise.space import MAX_COST, OptionSpace
from raddsim.region.config import Table

SITE_COLUMNS = ("id", "name", "lat", "lon", "reason")
#: A candidate site farther than this from the nearest reachable road is off the network (as for stations).
MAX_SITE_SNAP_M = 1000.0


def read_sites(path: Path, t: Table, default_cost: float) -> list[dict[str, Any]]:
    """Candidate sites of a CSV file: id, name, lat, lon, reason (required, non-empty) and an optional cost."""
    if not path.exists():
        raise t.error("candidates", f"candidate sites file '{path}' does not exist.",
                      fix="give a path relative to the options file.")
    if path.is_dir():  # was read_text's "is a directory", naming neither the options file nor the field
        raise t.error("candidates", f"'{path}' is a directory, not a candidate sites file.",
                      fix="give the path of the CSV file of candidate sites (id,name,lat,lon,reason[,cost]), "
                          "relative to the options file.")
    _, rows = read_csv_table(path, SITE_COLUMNS,
                             fix="write a header line id,name,lat,lon,reason[,cost] and one site a row.")
    if not rows:
        raise InputError("no candidate sites (the file has a header only).", file=path,
                         fix="add one row per site: id,name,lat,lon,reason[,cost].")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    names: dict[str, str] = {}
    for k, row in rows:
        where = f"line {k}"
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            cost = float(row["cost"]) if row.get("cost") not in (None, "") else default_cost
        except ValueError:
            raise InputError("lat, lon and cost must be numbers.", file=path, field=where,
                             fix="write decimal degrees (WGS84).") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"impossible position {lat}, {lon}.", file=path, field=where,
                             fix="write lat/lon in WGS84 decimal degrees.")
        _check_cost(cost, path, f"{where}: cost")
        sid = (row["id"] or "").strip()
        if not sid or not sid.replace("_", "").replace("-", "").isalnum() or sid in seen:
            raise InputError(f"site id '{sid}' is empty, repeated or not a plain word.", file=path,
                             field=f"{where}: id",
                             fix="give each site a unique id of letters, digits, _ or -.")
        if not (row["reason"] or "").strip():
            raise InputError(f"site '{sid}' has no reason.", file=path, field=f"{where}: reason",
                             fix="say why the site is a candidate (e.g. 'half way between the crew's members').")
        seen.add(sid)
        name = (row["name"] or sid).strip()
        if name in names:  # option labels and scenario stations are named by it: two alike cannot be told apart
            raise InputError(f"sites '{names[name]}' and '{sid}' are both named '{name}'.", file=path,
                             field=f"{where}: name", fix="give each candidate site its own name.")
        names[name] = sid
        _warn_same_position(out, sid, lat, lon, path, k)
        out.append({"id": sid, "name": name, "lat": lat, "lon": lon, "cost": cost,
                    "reason": row["reason"].strip(), "line": k})
    return out


def _warn_same_position(sites: list[dict[str, Any]], sid: str, lat: float, lon: float, path: Path, line: int) -> None:
    """Warn when a site lies exactly where an earlier one does: a copied row whose lat/lon was not changed.

    A warning, not an error (as two stations at one position): the two options are then one place twice.
    """
    other = next((s for s in sites if (s["lat"], s["lon"]) == (lat, lon)), None)
    if other is not None:
        logging.getLogger("raddsim").warning(
            "%s: line %d: lat/lon: site '%s' is at the position of site '%s' (line %d, %s): the two options are one "
            "place. Fix: correct the lat/lon of the one copied from the other (WGS84 decimal degrees), or drop it.",
            path, line, sid, other["id"], other["line"], lat_lon(lat, lon))


def _check_cost(cost: float, path: Path, where: str) -> None:
    """A site's cost as the options file's costs are checked: a finite number from 0 to MAX_COST."""
    if not np.isfinite(cost):  # was reported as an impossible position
        raise InputError(f"a cost must be a finite number, got {cost:g}.", file=path, field=where,
                         fix="give what moving the crew there costs, in the options file's cost_unit.")
    if cost < 0:
        raise InputError(f"a cost cannot be negative, got {cost:g}.", file=path, field=where, fix="give 0 or more.")
    if cost > MAX_COST:
        raise InputError(f"a cost of {cost:g} is beyond any budget (at most {MAX_COST:g} in the file's unit).",
                         file=path, field=where, fix="give the cost in the options file's cost_unit.")


def check_sites(space: OptionSpace, net: Any) -> None:
    """Refuse candidate sites off the road network (snapped like alarms; an island or farther than 1 km is an error)."""
    from raddsim.network import snap_points
    from raddsim.network.snap import swapped_fix

    for group in space.groups:
        for choice in group.choices:
            for key, value in choice.overrides.items():
                if not key.startswith("stations."):
                    continue
                res = snap_points(net, value["lon"], value["lat"], max_snap_m=MAX_SITE_SNAP_M)
                if not res.reachable[0]:
                    site = next(o for o in choice.options if o.startswith("site:"))
                    gap = res.snap_m[0]
                    # The sites file's row when known (it is what the planner corrects), else the options file's key.
                    origin = space.options[site].origin if site in space.options else None
                    raise InputError(
                        f"candidate site '{site.split(':')[-1]}' ({lat_lon(value['lat'], value['lon'])}) is off the "
                        f"road network ({res.reason[0]}; nearest reachable road {gap / 1000:.1f} km away).",
                        file=origin[0] if origin else space.file,
                        field=f"line {origin[1]}: lat/lon" if origin else f"sites.{group.id}.candidates",
                        fix=swapped_fix(net, value["lat"], value["lon"], MAX_SITE_SNAP_M,
                                        "move the site to a road crews can reach (WGS84), or drop it."),
                    )


__all__ = ["MAX_SITE_SNAP_M", "SITE_COLUMNS", "check_sites", "read_sites"]
