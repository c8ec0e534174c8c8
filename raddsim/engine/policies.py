"""Dispatch and move-up policies: small interfaces, chosen by name in the region or scenario file.

A region (or a scenario) says, for example::

    [dispatch]
    en_route = true            # crews driving home may be dispatched from the road
    divert_for = [1]           # alarms of priority 1 may take a crew on its way to a less urgent one

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

from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError, RaddsimError
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
    """The policies of one scenario's runs (defaults: closest arrival, no move-up, no dispatch on the road, no crew
    diverted).

    ``divert_for``: the queue priority levels (``Requirement.priority``) whose alarms may take a crew on its way to an
    incident of a less urgent level (a larger number) when it comes first (:mod:`raddsim.engine.divert`);
    ``divert_from``: the levels whose crews may be taken (empty: every less urgent one).
    """

    dispatch: DispatchPolicy = CLOSEST
    move_up: MoveUpPolicy | None = None
    en_route: bool = False
    divert_for: frozenset[int] = frozenset()
    divert_from: frozenset[int] = frozenset()


def _move_up_registry() -> dict[str, Callable[[], MoveUpPolicy]]:
    from raddsim.engine.moveup import ComplianceTable, Mexclp

    return {"compliance": ComplianceTable, "mexclp": Mexclp}


DISPATCH = {"closest": ClosestArrival}


def policy_names() -> dict[str, list[str]]:
    """The policies shipped, by kind (any ``"module:Class"`` works too)."""
    return {"dispatch": sorted(DISPATCH), "move_up": ["none", *sorted(_move_up_registry())]}


class UnknownPolicy(InputError, ValueError):
    """A policy name that names no usable policy: an InputError naming ``name`` (a ValueError too, as it was)."""


@checked_arguments()
def load_policy(kind: str, name: str) -> Any:
    """A new policy object of ``kind`` ("dispatch" or "move_up") by shipped name or ``"module:Class"``.

    As :func:`make_policy`, whose ValueError is an :class:`UnknownPolicy` here (an :class:`InputError` naming
    ``name``): ``load_policy("dispatch", "abc")`` was a bare ValueError.

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
    InputError
        If ``kind`` is neither, or ``name`` is not text or names no usable policy (then an :class:`UnknownPolicy`).
    """
    try:
        return make_policy(kind, name)
    except InputError:
        raise
    except ValueError as err:
        raise UnknownPolicy(f"{err}.", field="name",
                            fix=f"give a shipped {kind} policy ({', '.join(policy_names()[kind])}) or an importable "
                                '"module:Class" with the interface in raddsim/engine/policies.py.') from None


def make_policy(kind: str, name: str) -> Any:
    """A new policy object of ``kind`` ("dispatch" or "move_up") by shipped name or ``"module:Class"``.

    A researcher's class is checked against the interface here, before any simulation: it must be a
    class, made without arguments, with the methods of its kind (``card``; ``prepare`` and ``moves``).
    Its answers are checked during the run (:class:`CheckedDispatch`, :class:`CheckedMoveUp`).

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
    InputError
        If ``kind`` is neither, or ``name`` is not text (naming the argument).
    ValueError
        If the name is neither shipped nor an importable ``module:Class`` with the interface of ``kind``.
    """
    if kind not in ("dispatch", "move_up"):  # was a KeyError
        raise InputError(f"kind must be 'dispatch' or 'move_up', got {kind!r:.60}.", field="kind",
                         fix="give load_policy('dispatch', name) or load_policy('move_up', name).")
    if not isinstance(name, str):  # was a ValueError (before, "'int' object is not iterable")
        raise InputError(f"name must be a policy name (text), got {type(name).__name__} {name!r:.60}.", field="name",
                         fix=f"give a shipped {kind} policy ({', '.join(policy_names()[kind])}) or "
                             "\"module:Class\".")
    shipped: dict[str, Callable[[], Any]] = dict(DISPATCH) if kind == "dispatch" else dict(_move_up_registry())
    if name in shipped:
        return shipped[name]()
    if ":" not in name:
        raise ValueError(f"unknown {kind} policy '{name}' (shipped: {', '.join(policy_names()[kind])}; "
                         f"or 'module:Class')")
    cls = _policy_class(kind, name)
    try:
        policy = cls()
    except Exception as err:  # the interface says: made without arguments; any failure of the class's own code
        raise ValueError(f"{kind} policy '{name}' cannot be made without arguments "
                         f"({type(err).__name__}: {err})") from None
    missing = [m for m in REQUIRED_METHODS[kind] if not callable(getattr(policy, m, None))]
    if missing:
        raise ValueError(f"{kind} policy '{name}' has no method {' or '.join(f'{m}(...)' for m in missing)}")
    return CheckedDispatch(policy, name) if kind == "dispatch" else CheckedMoveUp(policy, name)


def _policy_class(kind: str, name: str) -> type:
    """The class ``"module:Class"`` names; any failure to import it is a ValueError naming it."""
    module, _, attr = name.partition(":")
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (Exception, SystemExit) as err:  # a plug-in module can fail in any way: SyntaxError, its own errors ...
        raise ValueError(f"cannot load {kind} policy '{name}': {type(err).__name__}: {err}") from None
    if not isinstance(obj, type):
        raise ValueError(f"{kind} policy '{name}' is not a class (it is a {type(obj).__name__})")
    return obj


#: The methods each kind of policy must have (the interfaces in this module's docstring).
REQUIRED_METHODS = {"dispatch": ("card",), "move_up": ("prepare", "moves")}
INTERFACE_FIX = "see the interface in raddsim/engine/policies.py (README, Policies), or name a shipped policy"


class PolicyError(RaddsimError):
    """A researcher's policy answered outside its interface during a run (the CLI prints one line)."""


def _policy_failed(kind: str, name: str, method: str, what: str) -> PolicyError:
    return PolicyError(f"{kind} policy '{name}': {method}(...) {what}. Fix: {INTERFACE_FIX}.")


class CheckedDispatch:
    """A researcher's dispatch policy whose cards are checked: indices of free crews, each once.

    A wrong index would otherwise fail deep in the engine (an IndexError) or, for a busy crew,
    send it twice: a silently wrong result.
    """

    def __init__(self, policy: Any, name: str) -> None:
        self.policy, self.name = policy, name

    def card(self, req: Any, planned: Any, alerted: int, eta_s: Any, free: Any, is_crew: Any, staffing: Any,
             equipment: Any, order: list[int] | None = None) -> list[int]:
        try:
            out = list(self.policy.card(req, planned, alerted, eta_s, free, is_crew, staffing, equipment, order))
        except Exception as err:  # the policy's own code: one line naming it, not a traceback from the engine
            raise _policy_failed("dispatch", self.name, "card", f"failed ({type(err).__name__}: {err})") from None
        n = len(free)
        for c in out:
            if isinstance(c, bool) or not isinstance(c, (int, np.integer)) or not 0 <= c < n:
                raise _policy_failed("dispatch", self.name, "card", f"returned {c!r}, not a crew index 0 to {n - 1}")
            if not free[c]:
                raise _policy_failed("dispatch", self.name, "card", f"returned crew {c}, which is not free")
        if len(set(out)) < len(out):
            raise _policy_failed("dispatch", self.name, "card", f"returned a crew twice ({out})")
        return [int(c) for c in out]


class CheckedMoveUp:
    """A researcher's move-up policy whose moves are checked: (free crew, station row) pairs."""

    def __init__(self, policy: Any, name: str) -> None:
        self.policy, self.name, self.rows = policy, name, 0

    def prepare(self, context: PolicyContext) -> None:
        self.rows = len(context.station_ids)
        try:
            self.policy.prepare(context)
        except Exception as err:  # reported as the shipped policies report bad options: an input error
            raise ValueError(f"move_up policy '{self.name}': prepare(...) failed "
                             f"({type(err).__name__}: {err})") from None

    def moves(self, view: FleetView) -> list[tuple[int, int]]:
        try:
            out = [tuple(m) for m in self.policy.moves(view)]
        except Exception as err:  # the policy's own code: one line naming it, not a traceback from the engine
            raise _policy_failed("move_up", self.name, "moves", f"failed ({type(err).__name__}: {err})") from None
        n = len(view.free)
        for m in out:
            ok = len(m) == 2 and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in m)
            if not (ok and 0 <= m[0] < n and view.at[m[0]] >= 0 and 0 <= m[1] < self.rows):
                raise _policy_failed("move_up", self.name, "moves",
                                     f"returned {m!r}, not a (free crew at a station, station row) pair")
        return [(int(c), int(s)) for c, s in out]
