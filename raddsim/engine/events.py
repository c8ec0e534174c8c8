"""The discrete-event engine (SimPy).

SimPy is the event scheduler; the model's behaviour is short callbacks on its
timeouts (an alarm, a crew leaving, arriving, coming home, an incident
clearing). Decisions — which crews to alert, whether the force on scene is
enough — are plain functions from :mod:`raddsim.engine.dispatch` and
:mod:`raddsim.engine.force`, tested without SimPy. (Generator processes read the same
but cost a resume per event; with callbacks the engine is about 35% faster and
gives byte-identical results.) Most alarms never make the dispatcher re-plan:
their run card is free and rolls as planned. They take short paths — the quick
path when the nearest crew alone is the force, fixed missions otherwise — that
run the same events at the same moments and fill in their records after the run;
tests check them, bit for bit, against the full dispatcher.

Model
-----
* At an alarm the dispatcher alerts, in order of expected arrival (stated
  turnout + travel, + request delay for mutual aid), the free crews needed to
  reach the incident type's force (its *run card*): at least ``crews`` crews
  and, counting scheduled staffing, the capabilities and people the type needs.
  The incident commander's unit responds as well where the type says so.
* Each crew turns out (its drawn turnout time), drives to the alarm's node and
  then the last stretch, and stays on scene until the incident is cleared.
* A part-time crew that cannot roll (too few responders) is known to have
  failed at its stated turnout time; a crew that rolls short-handed reports
  its real staffing when it leaves. Either way the dispatcher re-plans and
  alerts more crews if the force is no longer covered.
* The incident is cleared its on-scene time after the first crew arrives, or
  when the last crew still on its way arrives, whichever is later. Crews then
  drive back to their stations and are free again when they get there
  (ASSUMPTION: no dispatch of returning crews).
* When the force cannot be covered, the incident waits (first come, first
  served) for crews that become free. An alarm that no in-service crew can
  reach by road is flagged unreachable.
* Alarm handling at SOS Alarm happens before the rescue service is alarmed and
  is not part of the indicator.
"""

from __future__ import annotations

import gc
import math
from collections import deque
from dataclasses import dataclass, field
from heapq import heappush
from types import FunctionType

import numpy as np
import simpy

from raddsim.demand import Incidents
from raddsim.engine.dispatch import run_card
from raddsim.engine.force import EMPTY, Requirement, Totals, add, meets
from raddsim.core.memo import IdentityMemo

#: The walking skeleton's single incident type: one crew of anyone.
ANY_CREW = Requirement()


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
    """

    names: tuple[str, ...]
    station: np.ndarray
    turnout_s: np.ndarray
    in_service: np.ndarray
    command: np.ndarray | None = None
    external: np.ndarray | None = None
    request_delay_s: np.ndarray | None = None
    equipment: np.ndarray | None = None
    planned: np.ndarray | None = None
    ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        n = len(self.names)
        defaults = {
            "command": np.zeros(n, bool),
            "external": np.zeros(n, bool),
            "request_delay_s": np.zeros(n),
            "equipment": np.zeros(n, np.int64),
            "planned": np.tile(np.array([[0, 1]], np.int64), (n, 1)),
            "ids": tuple(self.names),
        }
        for key, value in defaults.items():
            if getattr(self, key) is None:
                object.__setattr__(self, key, value)

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class Responses:
    """How each crew would respond to each alarm (arrays alarms × crews), drawn before the run."""

    rolls: np.ndarray
    commanders: np.ndarray
    firefighters: np.ndarray
    turnout_s: np.ndarray

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
    node ``n`` → station ``s`` (they differ where roads are one-way).
    """

    to_node: np.ndarray
    from_node: np.ndarray


@dataclass
class MissionRecords:
    """One row per crew alerted: the basis of availability figures."""

    alarm: np.ndarray
    crew: np.ndarray
    t_alert: np.ndarray
    rolled: np.ndarray
    t_leave: np.ndarray
    t_arrive: np.ndarray
    t_free: np.ndarray


@dataclass
class RunRecords:
    """One row per alarm: the engine's output, in seconds (NaN where it did not happen).

    ``t_arrival`` is the first crew on scene (the board's indicator);
    ``t_effective`` the first moment the incident type's force is on scene.
    """

    t_alarm: np.ndarray
    t_dispatch: np.ndarray
    t_turnout_end: np.ndarray
    t_arrival: np.ndarray
    t_effective: np.ndarray
    t_commander: np.ndarray
    t_clear: np.ndarray
    t_free: np.ndarray
    crew: np.ndarray
    n_alerted: np.ndarray
    n_failed: np.ndarray
    waited: np.ndarray
    mutual_aid_first: np.ndarray
    unreachable: np.ndarray
    missions: MissionRecords | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.t_alarm)


class _Incident:
    """An incident the dispatcher may still have to re-plan (crews failing, short-handed or busy)."""

    __slots__ = ("i", "req", "node", "members", "failed", "planned", "on_scene", "en_route", "first", "clear_due", "cleared",
                 "present")

    def __init__(self, i: int, req: Requirement, node: int) -> None:
        self.i, self.req, self.node = i, req, node
        # Crews alerted and not failed → (commanders, firefighters, people, equipment) as the dispatcher knows them.
        self.members: dict[int, tuple[int, int, int, int]] = {}
        # Crews that failed to roll for this incident are not alerted to it again.
        self.failed: set[int] = set()
        self.planned: Totals = EMPTY
        self.on_scene: Totals = EMPTY
        self.en_route = 0
        self.first = False
        self.clear_due = False
        self.cleared = False
        # Crews on scene until the incident clears: (crew, t_alert, t_leave, t_arrive).
        self.present: list[tuple[int, float, float, float]] = []

    def add_member(self, c: int, staff: tuple[int, int, int, int]) -> None:
        self.members[c] = staff
        self.planned = add(self.planned, *staff)

    def set_member(self, c: int, staff: tuple[int, int, int, int] | None) -> None:
        """Replace (or with None remove) a crew's staffing: totals are recounted, as OR cannot be undone."""
        if staff is None:
            self.members.pop(c, None)
        else:
            self.members[c] = staff
        t = EMPTY
        for s in self.members.values():
            t = add(t, *s)
        self.planned = t

    def covered(self) -> bool:
        return len(self.members) >= self.req.crews and meets(self.req, self.planned)


@dataclass(frozen=True)
class _TypeTables:
    """Per incident type (× crew): whether the crew as planned is the whole force, carries the
    equipment, and the type's role minima and travel factor."""

    alone: np.ndarray
    equipped: np.ndarray
    commanders: np.ndarray
    firefighters: np.ndarray
    people: np.ndarray
    travel_factor: np.ndarray
    #: (node, type) → the run card when every crew is free, filled lazily (see ``_Static.first_card``).
    cards: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _QuickPlan:
    """Per alarm: the nearest crew if it alone settles the alarm (else -1), and its mission's legs (s)."""

    crew: np.ndarray
    short: np.ndarray
    turnout: np.ndarray
    drive: np.ndarray
    back: np.ndarray
    arrive: np.ndarray
    due: np.ndarray


def _quick_plan(st: "_Static", fleet: Fleet, incidents: Incidents, reqs: list[Requirement],
                resp: Responses) -> _QuickPlan:
    """Which alarms the nearest crew settles alone, should it be free when the alarm comes.

    That is when the dispatcher's run card is that crew alone (it is the nearest, the
    type needs one crew, the crew as planned is the whole force) and nothing makes the
    dispatcher re-plan: the crew rolls, and if it rolls short-handed its real staffing
    is still the whole force. (Whether an incident commander joins is known only when
    the alarm comes.) The legs are the sums the
    full dispatcher would compute, in the same order, so the times come out identical.
    """
    n = len(incidents)
    ix = np.arange(n)
    nodes, types = incidents.node, incidents.type
    tab = st.type_tables(reqs)
    c0 = st.nearest[nodes]
    cs = np.maximum(c0, 0)
    cmd, ff = resp.commanders[ix, cs], resp.firefighters[ix, cs]
    planned = (cmd == fleet.planned[cs, 0]) & (ff == fleet.planned[cs, 1])
    # Short-handed: still the whole force with the staffing that turned out?
    real = ((cmd >= tab.commanders[types]) & (ff >= tab.firefighters[types]) & (cmd + ff >= tab.people[types])
            & tab.equipped[types, cs])
    ok = (c0 >= 0) & tab.alone[types, cs] & resp.rolls[ix, cs] & (planned | real)
    turnout = fleet.request_delay_s[cs] + resp.turnout_s[ix, cs]
    drive = st.to_node_a[cs, nodes] * tab.travel_factor[types] + incidents.access_s
    back = incidents.end_access_s + st.from_node_a[cs, incidents.end_node]
    short = ok & ~planned
    t0 = incidents.time_s.astype(float)
    # A short-handed crew's drive is a second event, after it reports: (t0 + turnout) + drive.
    arrive = np.where(short, (t0 + turnout) + drive, t0 + (turnout + drive))
    return _QuickPlan(np.where(ok, c0, -1), short, turnout, drive, back, arrive, arrive + incidents.on_scene_s)


# SimPy's event priorities (Environment.schedule is inlined below).
_NORMAL, _URGENT = simpy.events.NORMAL, simpy.events.URGENT


class _After(simpy.events.Event):
    """An event ``delay`` seconds from now that calls ``callback``: SimPy's ``Timeout`` with its callback given.

    The quick path passes the alarm as the event's ``value`` to plain callbacks
    rather than making a closure per event.
    """

    _ok = True  # triggered when created, never fails: a class attribute saves a store per event

    def __init__(self, env: simpy.Environment, delay: float, callback, value: object = None) -> None:
        self.env = env
        self.callbacks = [callback]
        self._value = value
        # Environment.schedule, inlined: it runs once per event, and the call cost ~10% of the engine.
        heappush(env._queue, (env._now + delay, _NORMAL, next(env._eid), self))


class _Static:
    """Per-scenario arrays the engine reads as Python lists: built once, shared by all replications."""

    def __init__(self, fleet: Fleet, tables: TravelTables) -> None:
        self.to_node_a = tables.to_node[fleet.station]  # crew × node
        self.to_node = self.to_node_a.tolist()
        self.from_node_a = tables.from_node[fleet.station]
        self.from_node = self.from_node_a.tolist()
        self.base_eta = fleet.turnout_s + fleet.request_delay_s
        self.is_crew = fleet.in_service & ~fleet.command
        self.cmd_units = np.flatnonzero(fleet.command & fleet.in_service)
        self.cmd_units_l = self.cmd_units.tolist()
        self.base_eta_l = self.base_eta.tolist()
        reach = np.isfinite(self.to_node_a) & self.is_crew[:, None]
        self.reachable = reach.any(axis=0).tolist()
        # The first crew of each node's ranking (-1: none can reach it); argmin keeps the lowest index at ties.
        eta = np.where(reach, self.base_eta[:, None] + self.to_node_a, np.inf)
        self.nearest = np.where(reach.any(axis=0), eta.argmin(axis=0) if len(eta) else 0, -1)
        self.is_crew_l = self.is_crew.tolist()
        self.staff_l = fleet.planned.tolist()
        self.equip_l = fleet.equipment.tolist()
        self.staff4 = [(cc, ff, cc + ff, eq) for (cc, ff), eq in zip(self.staff_l, self.equip_l)]
        self.in_service_l = fleet.in_service.tolist()
        self.command_l, self.external_l = fleet.command.tolist(), fleet.external.tolist()
        self.stated_l, self.delay_l = fleet.turnout_s.tolist(), fleet.request_delay_s.tolist()
        self.plan_c_l, self.plan_f_l = fleet.planned[:, 0].tolist(), fleet.planned[:, 1].tolist()
        # node → (ETA of every crew, crews in ETA order), filled lazily by the runs.
        self.by_node: dict[int, tuple[list[float], list[int]]] = {}
        self.cmd_by_node: dict[int, list[int]] = {}
        # requirement → per crew: whether the crew, as planned, is the whole force on its own.
        self.alone: dict[Requirement, list[bool]] = {}
        self.tables: dict[tuple[Requirement, ...], _TypeTables] = {}

    def commanders_ranked(self, nd: int) -> list[int]:
        """The incident commanders' units that can reach a node, by expected arrival (ties: lowest index)."""
        ranked = self.cmd_by_node.get(nd)
        if ranked is None:
            eta = [(self.base_eta_l[k] + self.to_node[k][nd], k) for k in self.cmd_units_l]
            ranked = self.cmd_by_node[nd] = [k for e, k in sorted(eta) if e < math.inf]
        return ranked

    def ranking(self, nd: int) -> tuple[list[float], list[int]]:
        """Expected arrival of every crew at a node, and the crews that can get there in that order."""
        ranked = self.by_node.get(nd)
        if ranked is None:
            eta = self.base_eta + self.to_node_a[:, nd]
            order = np.argsort(eta, kind="stable")
            # Only in-service crews that can reach the node are ever candidates: filter once.
            order = order[self.is_crew[order] & np.isfinite(eta[order])]
            ranked = self.by_node[nd] = (eta.tolist(), order.tolist())
        return ranked

    def type_tables(self, reqs: list[Requirement]) -> "_TypeTables":
        """The requirements as arrays over types (and types × crews), for deciding alarms in bulk."""
        key = tuple(reqs)
        tab = self.tables.get(key)
        if tab is None:
            equipped = [[all(eq & m for m in r.equipment) for eq in self.equip_l] for r in reqs]
            tab = self.tables[key] = _TypeTables(
                alone=np.array([self.alone_for(r) for r in reqs], bool).reshape(len(reqs), -1),
                equipped=np.array(equipped, bool).reshape(len(reqs), -1),
                commanders=np.array([r.commanders for r in reqs]),
                firefighters=np.array([r.firefighters for r in reqs]),
                people=np.array([r.people for r in reqs]),
                travel_factor=np.array([r.travel_factor for r in reqs], float),
            )
        return tab

    def first_card(self, tab: _TypeTables, nd: int, k: int, req: Requirement) -> tuple[list[int], bool]:
        """The run card of a fresh alarm of type ``k`` at node ``nd`` when every crew is free,
        and whether it covers the force as planned.

        It is also the card whenever its own crews are free, whoever else is busy:
        run_card walks the ranking with the same totals at every step, so a busy crew
        it would have skipped anyway changes nothing.
        """
        hit = tab.cards.get((nd, k))
        if hit is None:
            eta, order = self.ranking(nd)
            everyone = [True] * len(self.is_crew_l)
            card = run_card(req, EMPTY, 0, eta, everyone, self.is_crew_l, self.staff_l, self.equip_l, order)
            hit = tab.cards[(nd, k)] = (card, self.covers(card, req))
        return hit

    def covers(self, card: list[int], req: Requirement) -> bool:
        """Whether the crews of a run card, as planned, make the force."""
        t = EMPTY
        for c in card:
            t = add(t, *self.staff4[c])
        return len(card) >= req.crews and meets(req, t)

    def alone_for(self, req: Requirement) -> list[bool]:
        """Crews that alone make the force of a one-crew requirement (all False if it needs more crews)."""
        a = self.alone.get(req)
        if a is None:
            a = self.alone[req] = [
                req.crews == 1 and meets(req, add(EMPTY, cc, ff, cc + ff, eq))
                for (cc, ff), eq in zip(self.staff_l, self.equip_l)
            ]
        return a


class _Fixed:
    """An alarm whose run card is free and rolls as planned: nothing makes the dispatcher re-plan it.

    Its events are the full dispatcher's (each unit's arrival, the time on scene, each
    unit's return); only arrivals, the clearing and the units' order on scene are kept.
    """

    __slots__ = ("i", "card", "legs", "t_alert", "left", "first", "due", "present", "t_clear")

    def __init__(self, i: int, card: list[int]) -> None:
        self.i, self.card = i, card
        self.legs: dict[int, float] = {}  # unit → when it left
        self.t_alert = 0.0
        self.left = 0  # units still on their way
        self.first = True  # no crew on scene yet
        self.due = False  # the time on scene is up
        self.present: list[tuple[int, float]] = []  # (unit, arrival) in arrival order
        self.t_clear = math.nan


def _fixed_rows(fixed: list[_Fixed], reqs: list[Requirement], itype: list[int], command: list[bool],
                staff4: list, back: list[float], end_node: list[int], from_node: list[list[float]],
                log: list) -> tuple[list[tuple], list[tuple]]:
    """The records of fixed missions, as the full dispatcher's callbacks would have written them.

    Returns one row per alarm (alarm, t_turnout_end, crews alerted, t_clear, t_arrival,
    first crew, t_effective, t_free) and one (alarm, t_commander) per commander on scene;
    the missions go to ``log``.
    """
    rows, commanders = [], []
    nan, inf = math.nan, math.inf
    for fx in fixed:
        i, t0, tc, legs = fx.i, fx.t_alert, fx.t_clear, fx.legs
        req, b, nd = reqs[itype[i]], back[i], end_node[i]
        on_scene, first, t_first, t_eff, latest = EMPTY, -1, nan, nan, -inf
        for c, t in fx.present:
            home = tc + (b + from_node[c][nd])
            if home > latest:
                latest = home
            log.extend((i, c, t0, True, legs[c], t, home))
            if command[c]:
                commanders.append((i, t))
                continue
            if first < 0:
                first, t_first = c, t
            if t_eff != t_eff:
                on_scene = add(on_scene, *staff4[c])
                if meets(req, on_scene):
                    t_eff = t
        rows.append((i, legs[fx.card[0]], len(fx.card), tc, t_first, first, t_eff, latest))
    return rows, commanders


class _Alarm(simpy.events.Event):
    """An alarm: an event ``delay`` seconds from now, processed before other events at that instant.

    Built like SimPy's own ``Timeout``, with URGENT priority: at a tie an alarm
    comes before crew events, as if all alarms had been scheduled at the start.
    Each alarm schedules the next one, ``alarm_gaps`` later.
    """

    _ok = True

    def __init__(self, env: simpy.Environment, delay: float, callback, value: object = None) -> None:
        self.env = env
        self.callbacks = [callback]
        self._value = value
        heappush(env._queue, (env._now + delay, _URGENT, next(env._eid), self))


def alarm_gaps(t: np.ndarray) -> list[float]:
    """Delays that chain alarms at the times ``t`` (s, sorted), starting from time 0.

    SimPy puts an event ``delay`` after now at ``now + delay``. ``a + (b - a)`` is
    ``b`` unless ``a`` is less than half of ``b``, and then now and then no float
    delay lands on ``b``: such an alarm comes at the float just before its time
    (never after it), and the next gap starts from where it came.

    Raises
    ------
    ValueError
        If the times are not sorted or start before 0.
    """
    t = np.asarray(t, float)
    if not len(t):
        return []
    prev = np.concatenate(([0.0], t[:-1]))
    gaps = t - prev
    if (gaps < 0).any():
        k = int(np.flatnonzero(gaps < 0)[0])
        raise ValueError(f"alarms must be sorted by time from 0: {t[k]} s comes after {prev[k]} s")
    out, times = gaps.tolist(), t.tolist()
    done = 0
    for k in np.flatnonzero(prev + gaps != t).tolist():
        if k < done:
            continue
        landed = times[k - 1] if k else 0.0
        while k < len(times):
            b = times[k]
            d = b - landed
            while landed + d < b:
                d = math.nextafter(d, math.inf)
            while landed + d > b:
                d = math.nextafter(d, -math.inf)
            out[k] = d
            landed += d
            k += 1
            if landed == b:
                break
        done = k
    return out


def _unlink(*roots: FunctionType) -> None:
    """Empty the closure cells that hold nested functions, from ``roots`` on.

    The engine's callbacks refer to one another (and to themselves) through closure
    cells: a reference cycle that would keep a run's lists alive until the garbage
    collector finds it, and collecting it cost more than the run's own bookkeeping.
    With the cells emptied, reference counting frees the run as soon as it returns.
    """
    stack, seen = list(roots), set()
    while stack:
        f = stack.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        for cell in f.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:  # a cell not yet (or no longer) holding anything
                continue
            if isinstance(value, FunctionType):
                stack.append(value)
                cell.cell_contents = None


_static = IdentityMemo(_Static, maxsize=32)


def simulate(
    fleet: Fleet,
    tables: TravelTables,
    incidents: Incidents,
    requirements: list[Requirement] | None = None,
    responses: Responses | None = None,
    *,
    quick: bool = True,
) -> RunRecords:
    """Run one replication and return one record per alarm (plus one per crew alerted).

    Parameters
    ----------
    fleet
        The crews.
    tables
        Travel times between stations and nodes.
    incidents
        The alarms, sorted by time.
    requirements
        The force each incident type needs (indexed by ``incidents.type``);
        default: one crew of anyone for every alarm.
    responses
        Pre-drawn crew responses per alarm; default: every crew always rolls as planned.
    quick
        Settle alarms whose run card is free and rolls as planned on short paths
        (the same events and results; ``False`` runs every alarm through the full
        dispatcher, which tests use to check exactly that).
    """
    # A run makes many objects that live until it ends and no garbage cycles (see
    # _unlink): with the collector off until the run is freed, it never walks them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _simulate(fleet, tables, incidents, requirements, responses, quick)
    finally:
        if collecting:
            gc.enable()


def _simulate(fleet: Fleet, tables: TravelTables, incidents: Incidents, requirements: list[Requirement] | None,
              responses: Responses | None, quick: bool) -> RunRecords:
    n = len(incidents)
    reqs = requirements or [ANY_CREW]
    resp = responses if responses is not None else Responses.certain(fleet, n)
    nan = float("nan")
    t_alarm_a = incidents.time_s.astype(float)
    t_alarm = t_alarm_a.tolist()
    # The records are numpy arrays from the start: most alarms take the quick path,
    # whose records are filled in bulk after the run, so the few item writes by the
    # full dispatcher cost less than converting lists to arrays at the end would.
    t_dispatch, t_turnout_end, t_arrival, t_effective = (np.full(n, nan) for _ in range(4))
    t_commander, t_clear, t_free = (np.full(n, nan) for _ in range(3))
    first_crew, n_alerted, n_failed = np.full(n, -1, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64)
    waited, mutual_first, unreachable = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    # Missions as flat rows of seven (alarm, crew, t_alert, rolled, t_leave, t_arrive, t_free):
    # a tuple per mission would be an object for the garbage collector to look at.
    log: list = []

    env = simpy.Environment()
    st = _static(fleet, tables)
    free = list(st.in_service_l)
    command, external, stated, delay = st.command_l, st.external_l, st.stated_l, st.delay_l
    equip, plan_c, plan_f = st.equip_l, st.plan_c_l, st.plan_f_l
    to_node, from_node, reachable = st.to_node, st.from_node, st.reachable
    is_crew_l, staff_l, equip_l, by_node, ranking = st.is_crew_l, st.staff_l, st.equip_l, st.by_node, st.ranking
    cmd_units, staff4 = st.cmd_units_l, st.staff4
    tab, first_card = st.type_tables(reqs), st.first_card
    cmd_by_node, commanders_ranked = st.cmd_by_node, st.commanders_ranked
    node = incidents.node.tolist()
    access = incidents.access_s.tolist()
    on_scene_s = incidents.on_scene_s.tolist()
    itype = incidents.type.tolist()
    end_node = incidents.end_node.tolist()
    end_access = incidents.end_access_s.tolist()
    factor = [r.travel_factor for r in reqs]
    with_commander = [r.incident_commander and bool(cmd_units) for r in reqs]
    # Only ~1 in 10 (alarm, crew) responses is ever looked at: read single items, do not convert all.
    r_rolls, r_cmd, r_ff, r_turnout = resp.rolls.item, resp.commanders.item, resp.firefighters.item, resp.turnout_s.item
    waiting: deque[_Incident] = deque()
    inf = float("inf")

    # The common alarm — the nearest crew is the whole force and no incident commander
    # joins — is decided before the run, in arrays (see _quick_plan): if that crew is free
    # when the alarm comes, the mission's times are already known. Its events still run,
    # carrying nothing but the crew's release; its records are filled in after the run.
    quick_alarms: list[int] = []
    qp = _quick_plan(st, fleet, incidents, reqs, resp) if quick and n and len(fleet) else None
    if qp is not None:
        q_ok, q_short = qp.crew.tolist(), qp.short.tolist()
        q_first = np.where(qp.short, qp.turnout, qp.turnout + qp.drive).tolist()
        q_drive, q_home, q_due = qp.drive.tolist(), qp.back.tolist(), qp.due.tolist()
    else:
        q_ok = [-1] * n
    # Incident commanders on quick alarms: alarm → (commander, t_leave, t_arrive).
    q_cmd: dict[int, tuple[int, float, float]] = {}
    fixed: list[_Fixed] = []

    def alert(c: int, inc: _Incident) -> None:
        free[c] = False
        i = inc.i
        if t_dispatch[i] != t_dispatch[i]:
            t_dispatch[i] = env._now
        if not command[c]:
            inc.add_member(c, staff4[c])
            n_alerted[i] += 1
        start(c, inc)

    def fresh_card(nd: int, k: int, req: Requirement) -> tuple[list[int], bool]:
        """The run card of a new alarm now, and whether it covers the force as planned."""
        card, covers = first_card(tab, nd, k, req)
        for c in card:
            if not free[c]:
                # Some of its crews are busy: the card the dispatcher finds now.
                eta, order = by_node.get(nd) or ranking(nd)
                card = run_card(req, EMPTY, 0, eta, free, is_crew_l, staff_l, equip_l, order)
                return card, st.covers(card, req)
        return card, covers

    def plan(inc: _Incident, card: list[int] | None = None) -> None:
        """Alert free crews until the force is covered (``card``: already known); otherwise wait for crews."""
        req = inc.req
        if inc.cleared or len(inc.members) >= req.crews and meets(req, inc.planned):
            return
        if card is None:
            eta, order = by_node.get(inc.node) or ranking(inc.node)
            avail = free if not inc.failed else [f and k not in inc.failed for k, f in enumerate(free)]
            card = run_card(req, inc.planned, len(inc.members), eta, avail, is_crew_l, staff_l, equip_l, order)
        for c in card:
            alert(c, inc)
        if not (len(inc.members) >= req.crews and meets(req, inc.planned)) and inc not in waiting:
            waiting.append(inc)

    def release(c: int) -> None:
        """A crew is back: give it to the first waiting incident it helps, else mark it free."""
        if waiting and not command[c]:
            only_c = [k == c for k in range(len(free))]
            for inc in list(waiting):
                if inc.cleared or inc.covered():
                    waiting.remove(inc)
                    continue
                if to_node[c][inc.node] == inf or c in inc.failed:
                    continue
                eta, order = by_node.get(inc.node) or ranking(inc.node)
                if run_card(inc.req, inc.planned, len(inc.members), eta, only_c, is_crew_l, staff_l, equip_l, order):
                    alert(c, inc)
                    if inc.covered():
                        waiting.remove(inc)
                    return
        free[c] = True

    def clear(inc: _Incident) -> None:
        if inc.cleared:
            return
        inc.cleared = True
        t_clear[inc.i] = env._now
        if inc in waiting:
            waiting.remove(inc)
        for c, t_alert, t_leave, t_arrive in inc.present:
            drive_home(c, inc.i, t_alert, t_leave, t_arrive)
        inc.present.clear()

    def due(inc: _Incident) -> None:
        inc.clear_due = True
        if inc.en_route == 0:
            clear(inc)

    # A mission is a chain of events with callbacks — alerted → (left) → arrived → home —
    # rather than a generator process: the same events, without resuming a generator each time.
    def start(c: int, inc: _Incident) -> None:
        i = inc.i
        t_alert = env._now
        if not r_rolls(i, c):
            # Too few responders: the dispatcher knows when the crew should have left.
            _After(env, delay[c] + stated[c], lambda _e: failed(c, inc, t_alert))
            return
        inc.en_route += 1
        turnout = delay[c] + r_turnout(i, c)
        drive = to_node[c][inc.node] * factor[itype[i]] + access[i]
        t_leave = t_alert + turnout
        if not command[c] and t_turnout_end[i] != t_turnout_end[i]:
            t_turnout_end[i] = t_leave
        if command[c] or r_cmd(i, c) == plan_c[c] and r_ff(i, c) == plan_f[c]:
            _After(env, turnout + drive, lambda _e: arrive(c, inc, t_alert, t_leave, plan_c[c], plan_f[c]))
        else:
            cc, ff = r_cmd(i, c), r_ff(i, c)
            _After(env, turnout, lambda _e: report(c, inc, t_alert, t_leave, cc, ff, drive))

    def failed(c: int, inc: _Incident, t_alert: float) -> None:
        i = inc.i
        if not command[c]:
            inc.set_member(c, None)
            inc.failed.add(c)
            n_alerted[i] -= 1
            n_failed[i] += 1
            plan(inc)
        log.extend((i, c, t_alert, False, nan, nan, env._now))
        release(c)

    def report(c: int, inc: _Incident, t_alert: float, t_leave: float, cc: int, ff: int, drive: float) -> None:
        # The crew reports its real staffing when it leaves; the dispatcher re-plans.
        if not inc.cleared:
            inc.set_member(c, (cc, ff, cc + ff, equip[c]))
            plan(inc)
        _After(env, drive, lambda _e: arrive(c, inc, t_alert, t_leave, cc, ff))

    def arrive(c: int, inc: _Incident, t_alert: float, t_leave: float, cc: int, ff: int) -> None:
        i = inc.i
        t_arrive = env._now
        inc.en_route -= 1
        if command[c]:
            if t_commander[i] != t_commander[i]:
                t_commander[i] = t_arrive
        elif not inc.cleared:
            inc.on_scene = add(inc.on_scene, cc, ff, cc + ff, equip[c])
            if not inc.first:
                inc.first = True
                t_arrival[i] = t_arrive
                first_crew[i] = c
                mutual_first[i] = external[c]
                _After(env, on_scene_s[i], lambda _e: due(inc))
            if t_effective[i] != t_effective[i] and meets(inc.req, inc.on_scene):
                t_effective[i] = t_arrive
        if inc.cleared:
            drive_home(c, i, t_alert, t_leave, t_arrive)
            return
        inc.present.append((c, t_alert, t_leave, t_arrive))
        if inc.clear_due and inc.en_route == 0:
            clear(inc)

    def drive_home(c: int, i: int, t_alert: float, t_leave: float, t_arrive: float) -> None:
        # From where the crew is released: the scene, or the hospital after a transport.
        _After(env, end_access[i] + from_node[c][end_node[i]], lambda _e: home(c, i, t_alert, t_leave, t_arrive))

    def home(c: int, i: int, t_alert: float, t_leave: float, t_arrive: float) -> None:
        now = env._now
        log.extend((i, c, t_alert, True, t_leave, t_arrive, now))
        if not t_free[i] >= now:
            t_free[i] = now
        if waiting:
            release(c)
        else:
            free[c] = True

    def commander_for(nd: int) -> int:
        """The free incident commander's unit with the earliest expected arrival (-1: none can come)."""
        for k in cmd_by_node.get(nd) or commanders_ranked(nd):
            if free[k]:
                return k
        return -1

    # Quick-path callbacks get the alarm as the event's value.
    def q_arrived(ev: _After) -> None:
        i = ev._value
        _After(env, on_scene_s[i], q_cleared, i)

    def q_cleared(ev: _After) -> None:
        i = ev._value
        _After(env, q_home[i], crew_home, q_ok[i])
        if i in q_cmd:
            cm, t_leave, t_arrive = q_cmd.pop(i)
            drive_home(cm, i, t_alarm[i], t_leave, t_arrive)

    def crew_home(ev: _After) -> None:
        # A crew of a quick alarm or a fixed mission is back (the event's value).
        if waiting:
            release(ev._value)
        else:
            free[ev._value] = True

    def q_left(ev: _After) -> None:
        # A short-handed crew reports when it leaves; it is still the whole force, so nothing changes.
        i = ev._value
        _After(env, q_drive[i], q_arrived, i)

    def q_commander_arrived(ev: _After) -> None:
        t_commander[ev._value] = env._now

    def commander_failed(i: int, cm: int) -> None:
        log.extend((i, cm, t_alarm[i], False, nan, nan, env._now))
        release(cm)

    # Alarms whose run card is free and rolls as planned (most smoke-diving fires): the
    # dispatcher never re-plans them, so they run as _Fixed missions — the full
    # dispatcher's events, created at the same moments, with the records filled in after the run.
    def fixed_start(i: int, card: list[int], nd: int, k: int, commander: int) -> None:
        fx = _Fixed(i, card)
        fx.t_alert = t0 = env._now
        f, acc, legs = factor[k], access[i], fx.legs
        for c in card:
            free[c] = False
            turnout = delay[c] + r_turnout(i, c)
            legs[c] = t0 + turnout
            _After(env, turnout + (to_node[c][nd] * f + acc), fixed_arrived, (fx, c))
        fx.left = len(card)
        if commander >= 0:
            free[commander] = False
            if r_rolls(i, commander):
                turnout = delay[commander] + r_turnout(i, commander)
                legs[commander] = t0 + turnout
                fx.left += 1
                _After(env, turnout + (to_node[commander][nd] * f + acc), fixed_arrived, (fx, commander))
            else:
                _After(env, delay[commander] + stated[commander], lambda _e: commander_failed(i, commander))
        fixed.append(fx)

    def fixed_arrived(ev: _After) -> None:
        fx, c = ev._value
        fx.left -= 1
        fx.present.append((c, env._now))
        if fx.first and not command[c]:
            fx.first = False
            _After(env, on_scene_s[fx.i], fixed_due, fx)
        elif fx.due and not fx.left:
            fixed_clear(fx)

    def fixed_due(ev: _After) -> None:
        fx = ev._value
        fx.due = True
        if not fx.left:
            fixed_clear(fx)

    def fixed_clear(fx: _Fixed) -> None:
        i = fx.i
        fx.t_clear = env._now
        back, nd = end_access[i], end_node[i]
        for c, _ in fx.present:
            _After(env, back + from_node[c][nd], crew_home, c)

    # Each alarm schedules the next one (before anything else, as if all had been queued
    # at the start): a queue holding every alarm of the year makes each push and pop of
    # the event heap several times dearer than the model's own work.
    gaps = alarm_gaps(t_alarm_a)

    def on_alarm(ev: _Alarm) -> None:
        i = ev._value
        if i + 1 < n:
            _Alarm(env, gaps[i + 1], on_alarm, i + 1)
        c = q_ok[i]
        if c >= 0 and free[c]:
            commander = commander_for(node[i]) if with_commander[itype[i]] else -1
            if commander >= 0 and r_rolls(i, commander):
                turnout = delay[commander] + r_turnout(i, commander)
                to_scene = turnout + (to_node[commander][node[i]] * factor[itype[i]] + access[i])  # as start() sums it
                if not t_alarm[i] + to_scene < q_due[i]:
                    # The incident waits for its commander after the crew's time on scene is up:
                    # a fixed mission, or the full dispatcher's bookkeeping if the crew reports short.
                    if q_short[i]:
                        inc = _Incident(i, reqs[itype[i]], node[i])
                        alert(c, inc)
                        alert(commander, inc)
                    else:
                        fixed_start(i, [c], node[i], itype[i], commander)
                    return
            free[c] = False
            quick_alarms.append(i)
            _After(env, q_first[i], q_left if q_short[i] else q_arrived, i)
            if commander >= 0:
                # The commander comes too; he is on scene before the incident clears, or fails to roll.
                free[commander] = False
                t_alert = t_alarm[i]
                if r_rolls(i, commander):
                    q_cmd[i] = (commander, t_alert + turnout, t_alert + to_scene)
                    _After(env, to_scene, q_commander_arrived, i)
                else:
                    _After(env, delay[commander] + stated[commander], lambda _e: commander_failed(i, commander))
            return
        nd = node[i]
        if not reachable[nd]:
            unreachable[i] = True
            return
        k = itype[i]
        req = reqs[k]
        commander = commander_for(nd) if with_commander[k] else -1
        card, covers = fresh_card(nd, k, req)
        if quick and covers:
            for c in card:
                if not (r_rolls(i, c) and r_cmd(i, c) == plan_c[c] and r_ff(i, c) == plan_f[c]):
                    break
            else:
                fixed_start(i, card, nd, k, commander)
                return
        inc = _Incident(i, req, nd)
        plan(inc, card)
        if not inc.members:
            waited[i] = True
        if commander >= 0:
            alert(commander, inc)

    if n:
        _Alarm(env, gaps[0], on_alarm, 0)
    env.run()
    _unlink(on_alarm)
    if fixed:
        rows, cmd_rows = _fixed_rows(fixed, reqs, itype, command, staff4, end_access, end_node, from_node, log)
        fi, turn_end, alerted, cleared, arrival, crew, effective, freed = (np.array(col) for col in zip(*rows))
        t_dispatch[fi] = t_alarm_a[fi]
        t_turnout_end[fi], n_alerted[fi], t_clear[fi] = turn_end, alerted, cleared
        t_arrival[fi], first_crew[fi], t_effective[fi], t_free[fi] = arrival, crew, effective, freed
        mutual_first[fi] = fleet.external[crew]
        if cmd_rows:
            ci, t_cmd = zip(*cmd_rows)
            t_commander[list(ci)] = t_cmd
    f = lambda v: np.asarray(v, float)  # noqa: E731
    rec = RunRecords(
        t_alarm=t_alarm_a, t_dispatch=f(t_dispatch), t_turnout_end=f(t_turnout_end), t_arrival=f(t_arrival),
        t_effective=f(t_effective), t_commander=f(t_commander), t_clear=f(t_clear), t_free=f(t_free),
        crew=np.asarray(first_crew, np.int64), n_alerted=np.asarray(n_alerted, np.int64),
        n_failed=np.asarray(n_failed, np.int64), waited=np.asarray(waited, bool),
        mutual_aid_first=np.asarray(mutual_first, bool), unreachable=np.asarray(unreachable, bool),
    )
    cols = [log[k::7] for k in range(7)]
    if quick_alarms:
        # The quick missions' times, as the events would have had them (the same sums, in the same order).
        q = np.asarray(quick_alarms, np.int64)
        t0 = rec.t_alarm[q]
        turnout = qp.turnout[q]
        arrived, cleared = qp.arrive[q], qp.due[q]
        back = cleared + qp.back[q]
        crew = qp.crew[q]
        rec.t_dispatch[q] = t0
        rec.t_turnout_end[q] = t0 + turnout
        rec.t_arrival[q] = rec.t_effective[q] = arrived
        rec.t_clear[q] = cleared
        rec.t_free[q] = np.fmax(back, rec.t_free[q])  # the commander may come home later
        rec.crew[q] = crew
        rec.n_alerted[q] = 1
        rec.mutual_aid_first[q] = fleet.external[crew]
        quick_cols = (q, crew, t0, np.ones(len(q), bool), rec.t_turnout_end[q], arrived, back)
        cols = [np.concatenate([np.asarray(a, b.dtype), b]) for a, b in zip(cols, quick_cols)]
    # Order missions by alert time (then crew) for a stable table.
    order = np.lexsort((np.asarray(cols[1], np.int64), np.asarray(cols[2], float)))
    rec.missions = MissionRecords(
        alarm=np.asarray(cols[0], np.int64)[order], crew=np.asarray(cols[1], np.int64)[order],
        t_alert=f(cols[2])[order], rolled=np.asarray(cols[3], bool)[order], t_leave=f(cols[4])[order],
        t_arrive=f(cols[5])[order], t_free=f(cols[6])[order],
    )
    return rec
