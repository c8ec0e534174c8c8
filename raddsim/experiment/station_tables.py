"""Travel tables of a scenario's stations: one row per (station, vehicle class[, boat type]) and node."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from raddsim.engine import TravelTables
from raddsim.network import RoadNetwork
from raddsim.network.options import LIGHT_VEHICLE


@dataclass(frozen=True)
class StationTables:
    """Stations snapped to the network and their travel tables.

    A row is a (station, vehicle class) pair: one row per station for light
    vehicles (the ``[network.blue_light]`` model) first, then rows for the other
    classes the scenario's crews drive (e.g. ``heavy``), so the engine's
    ``to_node[fleet.station]`` gives every crew its vehicle's times.

    Attributes
    ----------
    ids
        Station id of each row (repeated for each vehicle class it has).
    node, snap_m
        Network node of each row's station and its distance from the station's coordinates.
    tables
        Row ↔ node travel times (s).
    vehicle
        Vehicle class of each row (empty: all ``light``).
    boat
        Boat type of each row ("" for none; empty: no boat rows). Rows with a boat reach the island
        columns appended after the road nodes (:mod:`raddsim.sea.tables`).
    """

    ids: tuple[str, ...]
    node: np.ndarray
    snap_m: np.ndarray
    tables: TravelTables
    vehicle: tuple[str, ...] = ()
    boat: tuple[str, ...] = ()

    def row(self, station: str, vehicle: str = LIGHT_VEHICLE, boat: str = "") -> int:
        """Row of a station's vehicle class (and boat type)."""
        vehicles = self.vehicle or (LIGHT_VEHICLE,) * len(self.ids)
        boats = self.boat or ("",) * len(self.ids)
        rows = [i for i, (s, v, b) in enumerate(zip(self.ids, vehicles, boats))
                if s == station and v in (vehicle, LIGHT_VEHICLE) and b == boat]
        return next((i for i in rows if vehicles[i] == vehicle), rows[0])  # a class equal to light has no own rows


def move_rows(st: StationTables, home_rows: list[int]) -> np.ndarray:
    """``[c, r]``: the row crew ``c`` (home row ``home_rows[c]``) uses at the station of row ``r``: its own
    vehicle (and boat) row there; else its vehicle's row without the boat (a boat's island reach is its
    home station's); else ``r``."""
    vehicles = st.vehicle or ("",) * len(st.ids)
    boats = st.boat or ("",) * len(st.ids)
    row_of = {(sid, v, b): r for r, (sid, v, b) in reversed(list(enumerate(zip(st.ids, vehicles, boats))))}

    def at(sid: str, r: int, h: int) -> int:
        return row_of.get((sid, vehicles[h], boats[h]), row_of.get((sid, vehicles[h], ""), r))

    return np.array([[at(sid, r, h) for r, sid in enumerate(st.ids)] for h in home_rows],
                    np.int64).reshape(len(home_rows), len(st.ids))


def out_tree(net: RoadNetwork, node: int) -> tuple[np.ndarray, np.ndarray]:
    """Previous node on the quickest way from ``node`` to every node, and the time (s) (crews on their way out)."""
    return net.out_tree(node)


def home_tree(net: RoadNetwork, node: int) -> tuple[np.ndarray, np.ndarray]:
    """Next hop towards ``node`` from every node, and the time (s) to get there (crews driving home)."""
    return net.home_tree(node)
