"""Snapping points off the network (alarms, addresses) to the roads crews can drive.

A point is joined to the nearest *reachable* node — by default a node of the
network's largest strongly connected component (reachable from and able to
reach the rest), or any mask the caller gives (e.g. nodes some station can
reach) — and the straight-line gap is driven as a last-mile leg:
``distance × circuity / speed`` (``[network.off_road]``; ASSUMPTIONS:
30 km/h on driveways and tracks missing from the map, circuity 1.3 as for the
demand model's urban last stretch; JEMSS's Edmonton model uses 45 km/h with
lights and sirens and 31 km/h otherwise, straight line).

A point is reported, never silently dropped, when

* ``"island"``: its nearest road node is on a part of the network crews cannot
  reach (an island without a car ferry, a ferry out of service) and the
  nearest reachable node is more than ``island_margin_m`` (``[network.off_road]``) farther away — so a
  point beside a stray road fragment on the mainland still snaps to the
  mainland, while a point on an island road is not "driven" across the water;
* ``"too far"``: the nearest reachable node is farther than ``max_snap_m``
  (also a point far from every road, e.g. at sea).

Limitation: with no coastline, a point on an island *without any mapped road*
snaps to the mainland if it is within ``max_snap_m`` (the leg then crosses
water); such islands need boats (a later issue).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from raddsim.core.text import lat_lon
from raddsim.network.data import RoadData
from raddsim.network.options import OffRoad
from raddsim.network.positions import nearest_nodes, to_metric
from raddsim.network.road import RoadNetwork

#: See the module doc: how much farther the reachable road may be before a point counts as on an island: the
#: default of ``[network.off_road] island_margin_m`` (ASSUMPTION, plausible 100–500 m; source in OffRoad).
ISLAND_MARGIN_M = OffRoad.island_margin_m


@dataclass(frozen=True)
class SnapResult:
    """Points snapped to a network.

    Attributes
    ----------
    lon, lat
        The points.
    node
        Node index each point is driven to (-1 where unreachable).
    snap_m
        Straight-line distance to that node (to the nearest reachable node
        for unreachable points, for information).
    access_s
        Last-mile seconds from the node to the point (NaN where unreachable).
    reason
        ``""`` when reachable, else ``"island"`` or ``"too far"``.
    """

    lon: np.ndarray
    lat: np.ndarray
    node: np.ndarray
    snap_m: np.ndarray
    access_s: np.ndarray
    reason: np.ndarray

    @property
    def reachable(self) -> np.ndarray:
        return self.node >= 0

    def __len__(self) -> int:
        return len(self.node)

    def unreachable(self) -> list[dict]:
        """One record per unreachable point: index, position, reason, distance to the nearest reachable road."""
        return [{"index": int(k), "lon": float(self.lon[k]), "lat": float(self.lat[k]), "reason": str(self.reason[k]),
                 "nearest_reachable_road_m": round(float(self.snap_m[k]), 1)}
                for k in np.flatnonzero(~self.reachable)]

    def report(self, limit: int = 5) -> str:
        """A one-paragraph summary for logs and the CLI ('' when every point is reachable)."""
        bad = self.unreachable()
        if not bad:
            return ""
        by = {r: sum(1 for b in bad if b["reason"] == r) for r in sorted({b["reason"] for b in bad})}
        where = "; ".join(f"{lat_lon(b['lat'], b['lon'])} ({b['reason']})" for b in bad[:limit])
        more = f" and {len(bad) - limit} more" if len(bad) > limit else ""
        return (f"{len(bad)} of {len(self)} point(s) cannot be reached by road "
                f"({', '.join(f'{n} {r}' for r, n in by.items())}): {where}{more}.")


def snap_points(
    net: RoadNetwork,
    lon: np.ndarray | float,
    lat: np.ndarray | float,
    *,
    reachable: np.ndarray | None = None,
    speed_kmh: float | None = None,
    circuity: float | None = None,
    max_snap_m: float | None = None,
    island_margin_m: float | None = None,
) -> SnapResult:
    """Snap WGS84 points to the nearest reachable node with a last-mile leg (see module doc).

    Parameters
    ----------
    net
        The network (its ``options.off_road`` gives the defaults below).
    lon, lat
        The points.
    reachable
        Boolean mask of nodes crews can reach; default: the largest strongly
        connected component. Nodes the source marks as having no off-road
        access (JEMSS ``offRoadAccess = 0``) are never snapped to.
    speed_kmh, circuity, max_snap_m
        Last-mile speed, detour factor and the farthest allowed snap.
    island_margin_m
        See the module doc (default: ``options.off_road.island_margin_m``).
    """
    off = net.options.off_road
    speed = off.speed_kmh if speed_kmh is None else speed_kmh
    circ = off.circuity if circuity is None else circuity
    limit = off.max_snap_m if max_snap_m is None else max_snap_m
    margin = off.island_margin_m if island_margin_m is None else island_margin_m
    lon, lat = np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float))
    reach = net.main_component if reachable is None else np.asarray(reachable, bool)
    n = len(lon)
    node = np.full(n, -1, np.int64)
    reason = np.full(n, "", dtype=object)
    if n == 0:
        return SnapResult(lon, lat, node, np.zeros(0), np.zeros(0), reason.astype(str))
    px, py = to_metric(lon, lat, net.metric_crs)
    pts = np.column_stack([px, py])
    candidates = np.flatnonzero(reach & net.data.node_access)
    if len(candidates) == 0:
        return SnapResult(lon, lat, node, np.full(n, np.inf), np.full(n, np.nan), np.full(n, "island").astype(str))
    from scipy.spatial import cKDTree  # here: a plain run snaps nothing and need not import scipy

    tree = cKDTree(np.column_stack([net.x[candidates], net.y[candidates]]))
    d_r, j = tree.query(pts)
    near_r = candidates[j]
    near_any, d_any = net.nearest_nodes(lon, lat)  # the nearest node of any kind (the same k-d tree)
    # On an island: near a road crews cannot reach, and the reachable roads clearly farther.
    island = ~reach[near_any] & (d_r - d_any > margin) & (d_any <= limit)
    too_far = ~island & (d_r > limit)
    ok = ~island & ~too_far
    node[ok] = near_r[ok]
    reason[island] = "island"
    reason[too_far] = "too far"
    access = np.where(ok, d_r * circ / (speed / 3.6), np.nan)
    return SnapResult(lon, lat, node, np.asarray(d_r, float), access, reason.astype(str))


def nearest_driveable_nodes(net: RoadNetwork, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The node each named point (a place, an alarm object) is placed at, and its distance (m).

    The nearest node, except where that node lies on a fragment crews cannot reach (the stub of a road cut
    off at the edge of an extract, a one-way dead end) and a road they can reach is about as near: then
    that road's node, as :func:`snap_points` joins a point (the same island rule, no distance limit: the
    callers bound the distance themselves). A place left on a fragment would lose all its residents.

    Parameters
    ----------
    net
        The network.
    lon, lat
        The points (WGS84).

    Returns
    -------
    tuple of numpy.ndarray
        Node index and straight-line distance (m) of each point.
    """
    lon, lat = np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float))
    nodes, dist = net.nearest_nodes(lon, lat)
    nodes, dist = np.array(nodes, np.int64), np.array(dist, float)
    off = np.flatnonzero(~net.main_component[nodes]) if len(nodes) else np.zeros(0, np.int64)
    if len(off):
        snapped = snap_points(net, lon[off], lat[off], max_snap_m=np.inf)
        ok = snapped.reachable
        nodes[off[ok]] = snapped.node[ok]
        dist[off[ok]] = snapped.snap_m[ok]
    return nodes, dist


def _slip(net: RoadNetwork | RoadData, lat: float, lon: float,
          limit_m: float) -> tuple[str, float, float, float] | None:
    """The likeliest slip that puts (``lat``, ``lon``) within ``limit_m`` of the roads, else ``None``.

    Latitude and longitude swapped, or a sign lost (a west longitude or a south latitude written without its
    minus sign, the commonest slip west of Greenwich and south of the equator): ``(slip, lat, lon, km)`` of the
    corrected point.
    """
    if not (np.isfinite(lat) and np.isfinite(lon)):
        return None
    tries = [("lon", lat, -lon), ("lat", -lat, lon), ("both", -lat, -lon)]
    if -90 <= lon <= 90 and -180 <= lat <= 180:
        tries.insert(0, ("swapped", lon, lat))
    for slip, la, lo in tries:
        if (la, lo) == (lat, lon):  # 0: no sign to lose
            continue
        if isinstance(net, RoadNetwork):
            _, d = net.nearest_nodes(np.array([lo]), np.array([la]))
        else:  # the raw data, before the network is built (scenario road edits)
            _, d = nearest_nodes(net, np.array([lo]), np.array([la]))
        if float(d[0]) <= limit_m:
            return slip, la, lo, float(d[0]) / 1000
    return None


def _slip_words(slip: str, lat: float, lon: float) -> tuple[str, str]:
    """The question a hint asks of a slip of :func:`_slip` at the point as written, and the fix's words."""
    if slip == "swapped":
        return "lat and lon swapped?", "exchange the lat and lon values"
    lon_words = "a west longitude without its minus sign" if lon > 0 else "an east longitude written with a minus sign"
    lat_words = "a south latitude without its minus sign" if lat > 0 else "a north latitude written with a minus sign"
    if slip == "lon":
        return f"{lon_words}?", f"write lon = {-lon:g}"
    if slip == "lat":
        return f"{lat_words}?", f"write lat = {-lat:g}"
    return f"{lat_words} and {lon_words}?", f"write lat = {-lat:g} and lon = {-lon:g}"


def swapped_hint(net: RoadNetwork, lat: float, lon: float, limit_m: float) -> str:
    """A hint when a point far from the roads lies on them with latitude and longitude swapped, else ``""``.

    A spreadsheet's columns in the other order (``lon,lat`` pasted under ``lat,lon``) put Knivsta's 59.7N 17.8E
    at 17.8N 59.7E, in the Arabian Sea: the distance alone does not say why. A lost minus sign (Texas's 97.4W
    written 97.4) is named the same way.

    Parameters
    ----------
    net
        The network.
    lat, lon : float
        The point as written.
    limit_m : float
        How near the swapped point must be to a road to say so.

    Returns
    -------
    str
        The hint, with a leading space, or an empty string.
    """
    found = _slip(net, lat, lon, limit_m)
    if found is None:
        return ""
    slip, la, lo, km = found
    return f" ({_slip_words(slip, lat, lon)[0]} {lat_lon(la, lo)} lies {km:.1f} km from the network's roads)"


def swapped_fix(net: RoadNetwork | RoadData, lat: float, lon: float, limit_m: float, fix: str) -> str:
    """``fix``, or the fix for a point whose latitude and longitude look swapped (see :func:`swapped_hint`).

    The one check of every WGS84 position read from a user's file and found off the network (candidate sites,
    replayed alarms …): said in the fix, where the user looks for what to do. A lost minus sign is named too.

    Parameters
    ----------
    net
        The network (or its road data).
    lat, lon : float
        The point as written.
    limit_m : float
        How near the swapped point must be to a road to say so.
    fix : str
        The fix when the point does not look swapped.

    Returns
    -------
    str
        The fix to give.
    """
    found = _slip(net, lat, lon, limit_m)
    if found is None:
        return fix
    slip, la, lo, km = found
    if slip == "swapped":
        return (f"latitude and longitude look swapped: read the other way round ({lat_lon(la, lo)}) the point lies "
                f"{km:.1f} km from the network's roads; exchange the lat and lon values.")
    question, words = _slip_words(slip, lat, lon)
    return f"{question} At {lat_lon(la, lo)} the point lies {km:.1f} km from the network's roads: {words}."


__all__ = ["SnapResult", "snap_points", "nearest_driveable_nodes", "swapped_hint", "swapped_fix", "ISLAND_MARGIN_M"]
