"""Patient transport: an ambulance-type crew takes the patient to the nearest hospital.

For incident types with a ``transport`` probability, a transported alarm keeps
its crew for the drive from the scene to the hospital nearest by road and the
handover there (Weibull), and the crew then drives back to its station from the
hospital. The drive to the hospital is scaled by the type's
``transport.travel_factor`` (1: at the emergency driving times of responses).
This is how EMS regions (e.g. the Edmonton model from JEMSS) spend
most of an ambulance's busy time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from raddsim.core import streams
from raddsim.core.errors import InputError
from raddsim.core.text import lat_lon
from raddsim.demand import DemandSpec, Incidents
from raddsim.network import RoadNetwork
from raddsim.network.snap import swapped_fix

#: A hospital farther than this from every road is refused (ASSUMPTION: twice a station's 1 km, for an extract
#: whose edge stops short of the hospital's grounds); it was snapped silently to the network's edge.
MAX_HOSPITAL_SNAP_M = 2000.0


@dataclass(frozen=True)
class HospitalTables:
    """Nearest hospital by road from every node, and the drive there (s)."""

    names: tuple[str, ...]
    node: np.ndarray
    nearest: np.ndarray  # hospital index per network node
    drive_s: np.ndarray  # seconds from each network node to its nearest hospital


def hospital_tables(net: RoadNetwork, names: list[str], lon: np.ndarray, lat: np.ndarray, *,
                    file: str | None = None) -> HospitalTables:
    """Snap hospitals to the network and find the nearest one from every node.

    Parameters
    ----------
    net
        The network.
    names
        The hospitals' names.
    lon, lat
        Their positions (WGS84).
    file
        The region file, for the error.

    Raises
    ------
    InputError
        If a hospital lies more than :data:`MAX_HOSPITAL_SNAP_M` from every road (off the network, or its
        latitude and longitude swapped): every transport there would start at the network's edge.
    """
    nodes, dist = net.nearest_nodes(lon, lat)
    far = np.flatnonzero(np.asarray(dist) > MAX_HOSPITAL_SNAP_M)
    if len(far):
        k = int(far[0])
        raise InputError(f"hospital '{names[k]}' at {lat_lon(lat[k], lon[k])} is {dist[k] / 1000:.1f} km from the "
                         "nearest road of the network (the region file's [hospitals]): its transports would be driven "
                         "from the network's edge.", file=file, field="hospitals",
                         fix=swapped_fix(net, float(lat[k]), float(lon[k]), MAX_HOSPITAL_SNAP_M,
                                         "correct its lat/lon (WGS84 decimal degrees), or use a network that "
                                         "covers it."))
    to_h = net.times_to(nodes)  # hospital × node: node → hospital
    nearest = np.argmin(to_h, axis=0)
    return HospitalTables(tuple(names), nodes, nearest, to_h[nearest, np.arange(net.n_nodes)])


def apply_transport(inc: Incidents, spec: DemandSpec, hospitals: HospitalTables | None, *, seed: int,
                    replication: int, warmup: bool = False) -> Incidents:
    """Extend transported alarms by the hospital leg; unchanged when no type transports or no hospitals exist.

    ``warmup``: the alarms of a warm-up, drawn from the warm-up's stream.
    """
    probs = np.array([t.transport_probability for t in spec.catalog.types])
    if hospitals is None or not probs.any() or len(inc) == 0:
        return inc
    u = streams.rng(seed, replication, "transport", warmup).random((len(inc), 2))
    go = u[:, 0] < probs[inc.type]
    shape = np.array([t.handover_shape for t in spec.catalog.types])[inc.type]
    scale = np.array([t.handover_scale_min * 60.0 for t in spec.catalog.types])[inc.type]
    # Weibull by inverse CDF: scale · (−ln(1 − u))^(1/shape).
    handover = scale * (-np.log1p(-u[:, 1])) ** (1.0 / shape)
    factor = np.array([t.transport_travel_factor for t in spec.catalog.types])[inc.type]
    leg = inc.access_s + hospitals.drive_s[inc.node] * factor + handover
    return replace(
        inc,
        on_scene_s=np.where(go, inc.on_scene_s + leg, inc.on_scene_s),
        end_node=np.where(go, hospitals.node[hospitals.nearest[inc.node]], inc.node).astype(np.int64),
        end_access_s=np.where(go, 0.0, inc.access_s),
    )
