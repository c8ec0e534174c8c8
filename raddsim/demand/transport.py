"""Patient transport: an ambulance-type crew takes the patient to the nearest hospital.

For incident types with a ``transport`` probability, a transported alarm keeps
its crew for the drive from the scene to the hospital nearest by road and the
handover there (Weibull), and the crew then drives back to its station from the
hospital. This is how EMS regions (e.g. the Edmonton model from JEMSS) spend
most of an ambulance's busy time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from raddsim.core import streams
from raddsim.demand import DemandSpec, Incidents
from raddsim.network import RoadNetwork


@dataclass(frozen=True)
class HospitalTables:
    """Nearest hospital by road from every node, and the drive there (s)."""

    names: tuple[str, ...]
    node: np.ndarray
    nearest: np.ndarray  # hospital index per network node
    drive_s: np.ndarray  # seconds from each network node to its nearest hospital


def hospital_tables(net: RoadNetwork, names: list[str], lon: np.ndarray, lat: np.ndarray) -> HospitalTables:
    """Snap hospitals to the network and find the nearest one from every node."""
    nodes, _ = net.nearest_nodes(lon, lat)
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
    leg = inc.access_s + hospitals.drive_s[inc.node] + handover
    return replace(
        inc,
        on_scene_s=np.where(go, inc.on_scene_s + leg, inc.on_scene_s),
        end_node=np.where(go, hospitals.node[hospitals.nearest[inc.node]], inc.node).astype(np.int64),
        end_access_s=np.where(go, 0.0, inc.access_s),
    )
