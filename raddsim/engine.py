"""The discrete-event engine (SimPy).

SimPy is the event scheduler; the model's behaviour is short callbacks on its
timeouts (an alarm, a crew leaving, arriving, coming home, an incident
clearing). Decisions — which crews to alert, whether the force on scene is
enough — are plain functions from :mod:`raddsim.dispatch` and
:mod:`raddsim.force`, tested without SimPy. (Generator processes read the same
but cost a resume per event; with callbacks the engine is about 35% faster and
gives byte-identical results.)

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

from collections import deque
from dataclasses import dataclass, field

import numpy as np
import simpy

from raddsim.demand import Incidents
from raddsim.dispatch import run_card
from raddsim.force import EMPTY, Requirement, Totals, add, meets

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
    __slots__ = ("i", "req", "node", "members", "failed", "planned", "on_scene", "en_route", "first", "clear_due", "cleared",
                 "present")

    def __init__(self, i: int, req: Requirement, node: int) -> None:
        self.i, self.req, self.node = i, req, node
        # Crews alerted and not failed → (commanders, firefighters, equipment) as the dispatcher knows them.
        self.members: dict[int, tuple[int, int, int]] = {}
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

    @property
    def alerted(self) -> int:
        return len(self.members)

    def set_member(self, c: int, staff: tuple[int, int, int] | None) -> None:
        if staff is None:
            self.members.pop(c, None)
        else:
            self.members[c] = staff
        t = EMPTY
        for cc, ff, eq in self.members.values():
            t = add(t, cc, ff, cc + ff, eq)
        self.planned = t

    def covered(self) -> bool:
        return len(self.members) >= self.req.crews and meets(self.req, self.planned)


class _Static:
    """Per-scenario arrays the engine reads as Python lists: built once, shared by all replications."""

    def __init__(self, fleet: Fleet, tables: TravelTables) -> None:
        self.keys = (fleet, tables)  # keep them alive so their ids stay theirs
        self.to_node_a = tables.to_node[fleet.station]  # crew × node
        self.to_node = self.to_node_a.tolist()
        self.from_node = tables.from_node[fleet.station].tolist()
        self.base_eta = fleet.turnout_s + fleet.request_delay_s
        self.is_crew = fleet.in_service & ~fleet.command
        self.cmd_units = np.flatnonzero(fleet.command & fleet.in_service)
        self.reachable = (np.isfinite(self.to_node_a) & self.is_crew[:, None]).any(axis=0).tolist()
        self.is_crew_l = self.is_crew.tolist()
        self.staff_l = fleet.planned.tolist()
        self.equip_l = fleet.equipment.tolist()
        # node → (ETA of every crew, crews in ETA order), filled lazily by the runs.
        self.by_node: dict[int, tuple[list[float], list[int]]] = {}


_STATIC: dict[tuple[int, int], _Static] = {}


def _static(fleet: Fleet, tables: TravelTables) -> _Static:
    key = (id(fleet), id(tables))
    st = _STATIC.get(key)
    if st is None or st.keys[0] is not fleet or st.keys[1] is not tables:
        if len(_STATIC) > 32:  # a sweep goes through many scenarios; keep the cache small
            _STATIC.clear()
        st = _STATIC[key] = _Static(fleet, tables)
    return st


def simulate(
    fleet: Fleet,
    tables: TravelTables,
    incidents: Incidents,
    requirements: list[Requirement] | None = None,
    responses: Responses | None = None,
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
    """
    n = len(incidents)
    reqs = requirements or [ANY_CREW]
    resp = responses if responses is not None else Responses.certain(fleet, n)
    nan = float("nan")
    # Per-event work is on Python lists: numpy scalar indexing costs more than
    # the arithmetic it feeds. Arrays are built once at the end.
    t_alarm = incidents.time_s.astype(float).tolist()
    t_dispatch, t_turnout_end, t_arrival, t_effective = [nan] * n, [nan] * n, [nan] * n, [nan] * n
    t_commander, t_clear, t_free = [nan] * n, [nan] * n, [nan] * n
    first_crew, n_alerted, n_failed = [-1] * n, [0] * n, [0] * n
    waited, mutual_first, unreachable = [False] * n, [False] * n, [False] * n
    log: list[tuple] = []

    env = simpy.Environment()
    timeout = env.timeout
    c_count = len(fleet)
    free = [bool(x) for x in fleet.in_service]
    command = [bool(x) for x in fleet.command]
    external = [bool(x) for x in fleet.external]
    stated = fleet.turnout_s.tolist()
    delay = fleet.request_delay_s.tolist()
    equip = [int(x) for x in fleet.equipment]
    plan_c = [int(x) for x in fleet.planned[:, 0]]
    plan_f = [int(x) for x in fleet.planned[:, 1]]
    st = _static(fleet, tables)
    to_node_a, to_node, from_node, base_eta = st.to_node_a, st.to_node, st.from_node, st.base_eta
    is_crew, cmd_units, reachable = st.is_crew, st.cmd_units, st.reachable
    node = incidents.node.tolist()
    access = incidents.access_s.tolist()
    on_scene_s = incidents.on_scene_s.tolist()
    itype = incidents.type.tolist()
    end_node = incidents.end_node.tolist()
    end_access = incidents.end_access_s.tolist()
    factor = [r.travel_factor for r in reqs]
    # Only ~1 in 10 (alarm, crew) responses is ever looked at: read single items, do not convert all.
    r_rolls, r_cmd, r_ff, r_turnout = resp.rolls.item, resp.commanders.item, resp.firefighters.item, resp.turnout_s.item
    is_crew_l, staff_l, equip_l, by_node = st.is_crew_l, st.staff_l, st.equip_l, st.by_node

    def ranking(nd: int) -> tuple[list[float], list[int]]:
        """Expected arrival of every crew at a node, and the crews in that order (cached per node)."""
        if nd not in by_node:
            eta = (base_eta + to_node_a[:, nd])
            order = np.argsort(eta, kind="stable")
            # Only in-service crews that can reach the node are ever candidates: filter once.
            order = order[is_crew[order] & np.isfinite(eta[order])]
            by_node[nd] = (eta.tolist(), order.tolist())
        return by_node[nd]
    waiting: deque[_Incident] = deque()
    inf = float("inf")

    def alert(c: int, inc: _Incident) -> None:
        free[c] = False
        i = inc.i
        if t_dispatch[i] != t_dispatch[i]:
            t_dispatch[i] = env.now
        if not command[c]:
            inc.set_member(c, (plan_c[c], plan_f[c], equip[c]))
            n_alerted[i] += 1
        start(c, inc)

    def plan(inc: _Incident) -> None:
        """Alert free crews until the force is covered; otherwise wait for crews."""
        if inc.cleared or inc.covered():
            return
        eta, order = ranking(inc.node)
        avail = free if not inc.failed else [f and k not in inc.failed for k, f in enumerate(free)]
        for c in run_card(inc.req, inc.planned, inc.alerted, eta, avail, is_crew_l, staff_l, equip_l, order):
            alert(c, inc)
        if not inc.covered() and inc not in waiting:
            waiting.append(inc)

    def release(c: int) -> None:
        """A crew is back: give it to the first waiting incident it helps, else mark it free."""
        if waiting and not command[c]:
            only_c = [k == c for k in range(c_count)]
            for inc in list(waiting):
                if inc.cleared or inc.covered():
                    waiting.remove(inc)
                    continue
                if to_node[c][inc.node] == inf or c in inc.failed:
                    continue
                eta, order = ranking(inc.node)
                if run_card(inc.req, inc.planned, inc.alerted, eta, only_c, is_crew_l, staff_l, equip_l, order):
                    alert(c, inc)
                    if inc.covered():
                        waiting.remove(inc)
                    return
        free[c] = True

    def clear(inc: _Incident) -> None:
        if inc.cleared:
            return
        inc.cleared = True
        t_clear[inc.i] = env.now
        if inc in waiting:
            waiting.remove(inc)
        for c, t_alert, t_leave, t_arrive in inc.present:
            drive_home(c, inc, t_alert, t_leave, t_arrive)
        inc.present.clear()

    def due(inc: _Incident) -> None:
        inc.clear_due = True
        if inc.en_route == 0:
            clear(inc)

    # A mission is a chain of timeouts with callbacks — alerted → (left) → arrived → home —
    # rather than a generator process: the same events, without resuming a generator each time.
    def start(c: int, inc: _Incident) -> None:
        i, nd = inc.i, inc.node
        t_alert = env.now
        if not r_rolls(i, c):
            # Too few responders: the dispatcher knows when the crew should have left.
            timeout(delay[c] + stated[c]).callbacks.append(lambda _e: failed(c, inc, t_alert))
            return
        cc, ff = r_cmd(i, c), r_ff(i, c)
        inc.en_route += 1
        turnout = delay[c] + r_turnout(i, c)
        drive = to_node[c][nd] * factor[itype[i]] + access[i]
        t_leave = t_alert + turnout
        if not command[c] and t_turnout_end[i] != t_turnout_end[i]:
            t_turnout_end[i] = t_leave
        if cc == plan_c[c] and ff == plan_f[c] or command[c]:
            timeout(turnout + drive).callbacks.append(lambda _e: arrive(c, inc, t_alert, t_leave, cc, ff))
        else:
            timeout(turnout).callbacks.append(lambda _e: report(c, inc, t_alert, t_leave, cc, ff, drive))

    def failed(c: int, inc: _Incident, t_alert: float) -> None:
        i = inc.i
        if not command[c]:
            inc.set_member(c, None)
            inc.failed.add(c)
            n_alerted[i] -= 1
            n_failed[i] += 1
            plan(inc)
        log.append((i, c, t_alert, False, nan, nan, env.now))
        release(c)

    def report(c: int, inc: _Incident, t_alert: float, t_leave: float, cc: int, ff: int, drive: float) -> None:
        # The crew reports its real staffing when it leaves; the dispatcher re-plans.
        if not inc.cleared:
            inc.set_member(c, (cc, ff, equip[c]))
            plan(inc)
        timeout(drive).callbacks.append(lambda _e: arrive(c, inc, t_alert, t_leave, cc, ff))

    def arrive(c: int, inc: _Incident, t_alert: float, t_leave: float, cc: int, ff: int) -> None:
        i = inc.i
        t_arrive = env.now
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
                timeout(on_scene_s[i]).callbacks.append(lambda _e: due(inc))
            if t_effective[i] != t_effective[i] and meets(inc.req, inc.on_scene):
                t_effective[i] = t_arrive
        if inc.cleared:
            drive_home(c, inc, t_alert, t_leave, t_arrive)
            return
        inc.present.append((c, t_alert, t_leave, t_arrive))
        if inc.clear_due and inc.en_route == 0:
            clear(inc)

    def drive_home(c: int, inc: _Incident, t_alert: float, t_leave: float, t_arrive: float) -> None:
        i = inc.i
        # From where the crew is released: the scene, or the hospital after a transport.
        back = end_access[i] + from_node[c][end_node[i]]
        timeout(back).callbacks.append(lambda _e: home(c, i, t_alert, t_leave, t_arrive))

    def home(c: int, i: int, t_alert: float, t_leave: float, t_arrive: float) -> None:
        log.append((i, c, t_alert, True, t_leave, t_arrive, env.now))
        if not t_free[i] >= env.now:
            t_free[i] = env.now
        release(c)

    def on_alarm(i: int) -> None:
        nd = node[i]
        if not reachable[nd]:
            unreachable[i] = True
            return
        inc = _Incident(i, reqs[itype[i]], nd)
        plan(inc)
        if inc.alerted == 0:
            waited[i] = True
        if inc.req.incident_commander and len(cmd_units):
            options = [(base_eta[k] + to_node[k][nd], int(k)) for k in cmd_units if free[k]]
            if options and min(options)[0] < inf:
                alert(min(options)[1], inc)

    # All alarms are known in advance: schedule them at once (ties keep their order).
    for i in range(n):
        simpy.events.Timeout(env, t_alarm[i]).callbacks.append(lambda _e, i=i: on_alarm(i))
    env.run()
    f = lambda v: np.asarray(v, float)  # noqa: E731
    rec = RunRecords(
        t_alarm=f(t_alarm), t_dispatch=f(t_dispatch), t_turnout_end=f(t_turnout_end), t_arrival=f(t_arrival),
        t_effective=f(t_effective), t_commander=f(t_commander), t_clear=f(t_clear), t_free=f(t_free),
        crew=np.asarray(first_crew, np.int64), n_alerted=np.asarray(n_alerted, np.int64),
        n_failed=np.asarray(n_failed, np.int64), waited=np.asarray(waited, bool),
        mutual_aid_first=np.asarray(mutual_first, bool), unreachable=np.asarray(unreachable, bool),
    )
    # Missions are logged when they end; order them by alert time for a stable table.
    log.sort(key=lambda r: (r[2], r[1]))
    cols = list(zip(*log)) if log else [[]] * 7
    rec.missions = MissionRecords(
        alarm=np.asarray(cols[0], np.int64), crew=np.asarray(cols[1], np.int64), t_alert=f(cols[2]),
        rolled=np.asarray(cols[3], bool), t_leave=f(cols[4]), t_arrive=f(cols[5]), t_free=f(cols[6]),
    )
    return rec
