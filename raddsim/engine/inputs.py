"""What the engine is given: the crews (:class:`Fleet`), their pre-drawn responses
(:class:`Responses`) and the travel times (:class:`TravelTables`), as numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from raddsim.engine.force import Requirement

#: The walking skeleton's single incident type: one crew of anyone.
ANY_CREW = Requirement()

#: Marks a :class:`Fleet` field left out (filled with its default); never written to.
UNSET: np.ndarray = np.empty(0)
UNSET.setflags(write=False)


def _unset() -> np.ndarray:
    return UNSET


@dataclass(frozen=True)
class Fleet:
    """The crews of one scenario, as arrays the engine indexes.

    Attributes
    ----------
    names
        Crew names, in index order.
    station
        Station row of each crew in the travel tables.
    turnout_s
        Stated turnout time of each crew (s).
    in_service
        Whether each crew takes part in this scenario.
    command
        True for incident commanders' units (not counted as crews on scene).
    external
        True for mutual-aid crews of neighbouring services.
    request_delay_s
        Extra delay before a crew is alerted (mutual aid has to be requested).
    equipment
        Equipment bitmask of each crew.
    planned
        Planned (commanders, firefighters) of each crew, as the dispatcher sees it.
    move_rows
        ``move_rows[c, r]``: the travel-table row crew ``c`` uses when it stands at the station of row
        ``r`` (its own vehicle class's row of that station). Empty (the default): every crew uses row ``r``.
    """

    names: tuple[str, ...]
    station: np.ndarray
    turnout_s: np.ndarray
    in_service: np.ndarray
    command: np.ndarray = field(default_factory=_unset)
    external: np.ndarray = field(default_factory=_unset)
    request_delay_s: np.ndarray = field(default_factory=_unset)
    equipment: np.ndarray = field(default_factory=_unset)
    planned: np.ndarray = field(default_factory=_unset)
    ids: tuple[str, ...] = ()
    move_rows: np.ndarray = field(default_factory=_unset)

    def __post_init__(self) -> None:
        # Fields left out (or given as None) get their defaults here: the engine always sees arrays.
        n = len(self.names)
        defaults = {
            "command": np.zeros(n, bool),
            "external": np.zeros(n, bool),
            "request_delay_s": np.zeros(n),
            "equipment": np.zeros(n, np.int64),
            "planned": np.tile(np.array([[0, 1]], np.int64), (n, 1)),
            "move_rows": np.zeros((n, 0), np.int64),
        }
        for key, value in defaults.items():
            if getattr(self, key) is UNSET or getattr(self, key) is None:
                object.__setattr__(self, key, value)
        if not self.ids:
            object.__setattr__(self, "ids", tuple(self.names))

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class Responses:
    """How each crew would respond to each alarm (arrays alarms × crews), drawn before the run.

    Optional: ``known_out`` — the crew is known to be ur beredskap at the alarm (not alerted);
    ``follow_cmd``/``follow_ff`` — people following the crew in a second vehicle, leaving
    ``follow_s[crew]`` seconds after it (None: nobody is known out, nobody follows).
    """

    rolls: np.ndarray
    commanders: np.ndarray
    firefighters: np.ndarray
    turnout_s: np.ndarray
    known_out: np.ndarray | None = None
    follow_cmd: np.ndarray | None = None
    follow_ff: np.ndarray | None = None
    follow_s: np.ndarray | None = None

    @classmethod
    def certain(cls, fleet: Fleet, n: int) -> "Responses":
        """Every crew always rolls, as planned, at its stated turnout time."""
        c = len(fleet)
        return cls(
            rolls=np.ones((n, c), bool),
            commanders=np.tile(fleet.planned[:, 0], (n, 1)),
            firefighters=np.tile(fleet.planned[:, 1], (n, 1)),
            turnout_s=np.tile(fleet.turnout_s, (n, 1)),
        )


@dataclass(frozen=True)
class TravelTables:
    """Station ↔ node travel times (s), computed once per run.

    ``to_node[s, n]`` is station ``s`` → node ``n``; ``from_node[s, n]`` is
    node ``n`` → station ``s`` (they differ where roads are one-way). ``rows(n)``
    is node ``n`` → every node, computed on demand (a Dijkstra row, cached by the
    caller), so memory stays stations × nodes, never nodes × nodes.
    """

    to_node: np.ndarray
    from_node: np.ndarray
    #: Network node of each station row (needed to move crews between stations).
    station_node: np.ndarray | None = None
    #: Travel times (s) from one node to every node, on demand (needed to dispatch crews on the road). Shortest
    #: times (the triangle inequality holds): rows from station nodes bound the others (Positions.lower_bound).
    #: A row is an array, or an object read by node that numpy makes whole (``row[nd]``, ``len(row)``,
    #: ``np.asarray(row)``; a large network's rows are read one node at a time).
    rows: Callable[[int], Any] | None = None
    #: ``rows_within(node, limit)``: a row from a node searched only up to ``limit`` s: every time up to ``limit``
    #: exact, later ones ``inf`` or any time above ``limit``. On a large network a crew on the road is timed with
    #: it only as far as it could beat its way home (:class:`raddsim.engine.travel.NodeRows`), and a crew diverted
    #: on its way (:mod:`raddsim.engine.divert`); None: ``rows``.
    rows_within: Callable[[int, float], Any] | None = None
    #: The shortest-path tree towards a station node on the roads crews drive home on, on demand:
    #: ``(next_hop, to_station_s)`` over nodes (-1 / inf where there is no way). Crews driving home
    #: follow it, so a crew on the road is dispatched from the next node on its route.
    home_tree: Callable[[int], tuple[np.ndarray, np.ndarray]] | None = None
    #: The shortest-path tree out of a station node on the roads crews respond on, on demand: ``(previous node,
    #: time_s)`` over nodes (-1 / inf where there is no way). A crew on its way out follows it, so a crew diverted
    #: (:mod:`raddsim.engine.divert`) is sent from the next node on its route.
    out_tree: Callable[[int], tuple[np.ndarray, np.ndarray]] | None = None
