"""Connectivity: components, and clear messages for stations the roads do not connect.

A station must be in the largest strongly connected component of the network
*with every ferry in service* (it can reach, and be reached from, the rest):
otherwise its coordinates or the network are wrong, and that is an error naming
the station. A station cut off only because a scenario takes a ferry out of
service is legitimate (Blidö without Furusundsleden): a warning says so, and
its crews serve only the part they can reach.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np

from raddsim.core.errors import InputError
from raddsim.network import shortest
from raddsim.network.road import RoadNetwork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Components:
    """Strongly and weakly connected components of a network."""

    strong: np.ndarray  # label per node
    weak: np.ndarray

    @property
    def n_strong(self) -> int:
        return int(self.strong.max()) + 1 if len(self.strong) else 0

    @property
    def n_weak(self) -> int:
        return int(self.weak.max()) + 1 if len(self.weak) else 0

    def main(self) -> np.ndarray:
        """Mask of the largest strongly connected component."""
        return self.strong == int(np.argmax(np.bincount(self.strong)))


#: Warnings already given in this process (one message per cut-off station and ferry set).
_WARNED: set[str] = set()


def components(net: RoadNetwork) -> Components:
    """Strong and weak components (one-way streets make them differ)."""
    u, v, _ = net.weighted_edges
    return Components(shortest.components(u, v, net.n_nodes, "strong"), shortest.components(u, v, net.n_nodes, "weak"))


def all_ferries_in_service(net: RoadNetwork) -> RoadNetwork:
    """The same network with no ferry taken out of service."""
    if not net.options.ferries.out_of_service:
        return net
    return net.with_options(replace(net.options, ferries=replace(net.options.ferries, out_of_service=())))


def _named(sid: str, names: dict[str, str] | None) -> str:
    """``Name (id)`` where the station has a name of its own, else its id."""
    name = (names or {}).get(sid, sid)
    return f"{name} ({sid})" if name != sid else sid


def longitude_span(lon: np.ndarray) -> tuple[float, float]:
    """The west and east edges of the shortest arc of the circle that holds every longitude.

    Across 180° (Fiji) west > east, as in a GeoJSON bbox (RFC 7946, 5.2): 179.9 and −179.9 span 0.2°, not the
    359.8° between their minimum and maximum. Longitudes less than 180° apart give (min, max), bit for bit.

    Parameters
    ----------
    lon : numpy.ndarray
        Longitudes (degrees, within ±180), at least one.

    Returns
    -------
    tuple of float
        (west, east) in degrees.
    """
    lo, hi = float(np.min(lon)), float(np.max(lon))
    if hi - lo <= 180.0:  # the gap round the back (≥ 180°) is the widest: no wrap
        return lo, hi
    s = np.unique(np.asarray(lon, float))
    gaps = np.diff(s)
    k = int(np.argmax(gaps))
    if 360.0 - (hi - lo) >= gaps[k]:  # spread over more than half the circle: min to max still the shortest
        return lo, hi
    return float(s[k + 1]), float(s[k])  # the arc starts east of the widest gap and wraps to its west side


def within_longitudes(lon: float, west: float, east: float) -> bool:
    """Whether ``lon`` lies on the arc from ``west`` eastwards to ``east`` (across 180° when west > east)."""
    return west <= lon <= east if west <= east else (lon >= west or lon <= east)


def _outside_extent(net: RoadNetwork, lon: float, lat: float) -> str:
    """' It lies outside the road network's extent (…)' when (lon, lat) is beyond every node; else ''."""
    (lo_x, hi_x), lo_y, hi_y = longitude_span(net.lon), float(net.lat.min()), float(net.lat.max())
    if within_longitudes(lon, lo_x, hi_x) and lo_y <= lat <= hi_y:
        return ""
    across = ", across 180°" if lo_x > hi_x else ""
    return (f" It lies outside the road network's extent (lat {lo_y:.4f}–{hi_y:.4f}, lon {lo_x:.4f}–{hi_x:.4f}"
            f"{across}): the extract does not cover it.")


def check_stations(net: RoadNetwork, ids: tuple[str, ...] | list[str], nodes: np.ndarray, *, file: str | None = None,
                   names: dict[str, str] | None = None,
                   points: tuple[np.ndarray, np.ndarray] | None = None) -> list[str]:
    """Raise for stations off the main network; return warnings for stations cut off by ferries out of service.

    Parameters
    ----------
    net
        The network (with the scenario's options).
    ids, nodes
        Station ids and their snapped node indices.
    file
        The region file, for the error message.
    points
        The stations' (lon, lat), so that a station beyond the network's extent is said to be.
    """
    full = all_ferries_in_service(net)
    labels = full.components()
    sizes = np.bincount(labels)
    main_full = labels == int(np.argmax(sizes))
    main_here = net.main_component
    warnings = []
    for k, (sid, node) in enumerate(zip(ids, np.asarray(nodes, np.int64))):
        if not main_full[node]:
            comp = int(sizes[labels[node]])
            outside = _outside_extent(net, float(points[0][k]), float(points[1][k])) if points is not None else ""
            raise InputError(
                f"station '{_named(sid, names)}' is on a part of the road network that is not connected to the rest "
                f"({net.node_label(node)} belongs to a group of {comp} node(s) out of {net.n_nodes}; one-way roads "
                f"count, so it must be possible both to leave and to return).{outside}",
                file=file, field=f"stations.{sid}.lat/lon",
                fix=("use a road network that covers the station (a larger extract), or check its lat/lon."
                     if outside else
                     "move the station onto the main road network, or repair the network's connectivity (a missing "
                     "junction, a one-way tag, a ferry without motor_vehicle=yes)."),
            )
        if not main_here[node]:
            reach = int(np.isfinite(net.times_from([node])[0]).sum())
            off = ", ".join(net.options.ferries.out_of_service)
            msg = (f"station '{(names or {}).get(sid, sid)}' is cut off from the main road network with "
                   f"{off} out of service: its crews reach only {reach} of {net.n_nodes} nodes.")
            if msg not in _WARNED:  # each vehicle class's tables check the same stations
                _WARNED.add(msg)
                log.warning(msg)
            warnings.append(msg)
    return warnings


__all__ = ["Components", "components", "check_stations", "all_ferries_in_service", "longitude_span",
           "within_longitudes"]
