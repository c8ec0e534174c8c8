"""Dispatch and move-up policies: small interfaces, chosen by name in the region or scenario file.

A region (or a scenario) says, for example::

    [dispatch]
    en_route = true            # crews driving home may be dispatched from the road

    [policies]
    dispatch = "closest"       # default: closest expected arrival
    move_up = "mexclp"         # default "none"; or "compliance", or "my_module:MyPolicy"

A researcher adds a policy in a file of their own (a class with the methods below)
and names it ``"module:Class"``; the module must be importable (e.g. on PYTHONPATH).

Interfaces
----------
Dispatch policy
    ``card(req, planned, alerted, eta_s, free, is_crew, staffing, equipment, order) -> list[int]``
    with the arguments of :func:`raddsim.engine.dispatch.run_card`: the crews to alert.
Move-up policy
    ``prepare(context: PolicyContext) -> None`` once per scenario, then
    ``moves(view: FleetView) -> list[tuple[int, int]]`` after every alarm and every
    crew that is free at a station again: (crew, station row) pairs to move.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

import numpy as np

from raddsim.engine.dispatch import run_card
from raddsim.engine.inputs import Fleet, TravelTables


@dataclass(frozen=True)
class FleetView:
    """What a move-up policy sees of the crews at one moment.

    Attributes
    ----------
    now
        Simulated time (s).
    free
        Whether each crew is free to be sent.
    at
        Station row where each free crew stands (-1: busy, on the road or moving).
    home
        Home station row of each crew.
    movable
        Crews a policy may move (in service, not command units, not mutual aid).
    """

    now: float
    free: list[bool]
    at: list[int]
    home: list[int]
    movable: list[bool]


@dataclass(frozen=True)
class PolicyContext:
    """What a policy may use, once per scenario: crews, stations, travel tables and demand.

    Attributes
    ----------
    fleet, tables
        The crews and the station ↔ node travel tables (``tables.station_node``: node of each station row).
    station_ids
        Station id of each row of the tables.
    demand_node, demand_weight
        Demand points (network node, expected share of alarms) for coverage-based policies.
    options
        The policy's own table from the region file (``[policies.<name>]``).
    """

    fleet: Fleet
    tables: TravelTables
    station_ids: tuple[str, ...]
    demand_node: np.ndarray
    demand_weight: np.ndarray
    options: dict[str, Any] = field(default_factory=dict)


class DispatchPolicy(Protocol):
    def card(self, req: Any, planned: Any, alerted: int, eta_s: Any, free: Any, is_crew: Any, staffing: Any,
             equipment: Any, order: list[int] | None = None) -> list[int]: ...


class MoveUpPolicy(Protocol):
    def prepare(self, context: PolicyContext) -> None: ...

    def moves(self, view: FleetView) -> list[tuple[int, int]]: ...


class ClosestArrival:
    """Default dispatch: the free crews with the earliest expected arrival that make the force (run card)."""

    name = "closest"

    def card(self, req: Any, planned: Any, alerted: int, eta_s: Any, free: Any, is_crew: Any, staffing: Any,
             equipment: Any, order: list[int] | None = None) -> list[int]:
        return run_card(req, planned, alerted, eta_s, free, is_crew, staffing, equipment, order)


CLOSEST = ClosestArrival()


@dataclass(frozen=True)
class Policies:
    """The policies of one scenario's runs (defaults: closest arrival, no move-up, no dispatch on the road)."""

    dispatch: DispatchPolicy = CLOSEST
    move_up: MoveUpPolicy | None = None
    en_route: bool = False


def _move_up_registry() -> dict[str, Callable[[], MoveUpPolicy]]:
    from raddsim.engine.moveup import ComplianceTable, Mexclp

    return {"compliance": ComplianceTable, "mexclp": Mexclp}


DISPATCH = {"closest": ClosestArrival}


def policy_names() -> dict[str, list[str]]:
    """The policies shipped, by kind (any ``"module:Class"`` works too)."""
    return {"dispatch": sorted(DISPATCH), "move_up": ["none", *sorted(_move_up_registry())]}


def load_policy(kind: str, name: str) -> Any:
    """A new policy object of ``kind`` ("dispatch" or "move_up") by shipped name or ``"module:Class"``.

    Parameters
    ----------
    kind : str
        ``"dispatch"`` or ``"move_up"``.
    name : str
        A shipped policy name, or ``"module:Class"`` of a class taking no arguments.

    Returns
    -------
    Any
        A new instance of the policy.

    Raises
    ------
    ValueError
        If the name is neither shipped nor an importable ``module:Class``.
    """
    shipped: dict[str, Callable[[], Any]] = dict(DISPATCH) if kind == "dispatch" else dict(_move_up_registry())
    if name in shipped:
        return shipped[name]()
    if ":" in name:
        module, _, cls = name.partition(":")
        try:
            return getattr(importlib.import_module(module), cls)()
        except (ImportError, AttributeError) as err:
            raise ValueError(f"cannot load {kind} policy '{name}': {err}") from None
    raise ValueError(f"unknown {kind} policy '{name}' (shipped: {', '.join(policy_names()[kind])}; "
                     f"or 'module:Class')")
