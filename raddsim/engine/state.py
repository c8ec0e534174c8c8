"""The state of one run that missions and the dispatcher share: crews, alarms, records, the clock.

:class:`RunState` holds plain Python lists and numpy arrays read per event; the
behaviour lives in :mod:`raddsim.engine.missions` (what a crew does) and
:mod:`raddsim.engine.dispatcher` (who is sent), which extend it.
"""

from __future__ import annotations

from itertools import count
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from raddsim.demand import Incidents
from raddsim.engine.clock import Clock
from raddsim.engine.force import Requirement
from raddsim.engine.inputs import Fleet, Responses, TravelTables
from raddsim.engine.policies import ClosestArrival, Policies
from raddsim.engine.ranking import ranking_for
from raddsim.engine.records import Recorder
from raddsim.engine.travel import Positions
from raddsim.engine.waiting import Waiting

if TYPE_CHECKING:
    from raddsim.engine.incident import Incident


class RunState:
    """Everything one replication reads and writes while it runs."""

    def __init__(self, fleet: Fleet, tables: TravelTables, incidents: Incidents, reqs: list[Requirement],
                 resp: Responses, policies: Policies) -> None:
        self.clock = Clock()
        self.env = self.clock.env  # SimPy's environment (the model's time is ``clock.now``)
        self.after = self.clock.after
        self.rec = Recorder(incidents.time_s.astype(float))
        self.rank = ranking_for(fleet, tables)
        self.pos = Positions(fleet, tables)
        self.policies = policies
        self.en_route = policies.en_route and len(fleet) > 0
        # The default dispatch policy has a short way to the commonest card (see Dispatcher.fresh_card).
        self.standard = type(policies.dispatch) is ClosestArrival
        self.mover = policies.move_up if tables.station_node is not None else None
        self.station_node = tables.station_node
        self.movable: list[bool] = (fleet.in_service & ~fleet.command & ~fleet.external).tolist()
        self.free: list[bool] = fleet.in_service.tolist()
        self.n_crews = len(fleet)
        self.command: list[bool] = fleet.command.tolist()
        self.external: list[bool] = fleet.external.tolist()
        self.stated: list[float] = fleet.turnout_s.tolist()
        self.delay: list[float] = fleet.request_delay_s.tolist()
        self.equip: list[int] = fleet.equipment.tolist()
        self.plan_c: list[int] = fleet.planned[:, 0].tolist()
        self.plan_f: list[int] = fleet.planned[:, 1].tolist()
        self.reqs = tuple(reqs)
        # alone[k][c]: incident type k needs one crew and crew c, as planned, makes its force alone.
        self.alone = [self.rank.alone(r) for r in self.reqs]
        self.with_commander = [r.incident_commander and bool(self.rank.cmd_units_l) for r in reqs]
        self.t_alarm: list[float] = self.rec.t_alarm.tolist()
        self.node: list[int] = incidents.node.tolist()
        self.rank.prefill(self.node)
        self.access: list[float] = incidents.access_s.tolist()
        self.on_scene_s: list[float] = incidents.on_scene_s.tolist()
        self.itype: list[int] = np.asarray(incidents.type).tolist()
        self.end_node: list[int] = np.asarray(incidents.end_node).tolist()
        self.end_access: list[float] = np.asarray(incidents.end_access_s).tolist()
        self.read_responses(resp)
        # Incidents waiting for crews, first come first served (O(1) add / remove).
        self.waiting = Waiting()
        # Each alert or move of a crew starts a new trip; an event of an older trip (a drive home
        # that was interrupted by an alarm on the road) finds the trip changed and does nothing.
        self.trip: list[int] = [0] * len(fleet)
        #: While the dispatcher alerts the one-crew card of a new alarm without an incident commander.
        self.lone = False
        #: Steps booked without an event, by time (:mod:`raddsim.engine.quiet`), and their booking order.
        self.quiet: list[tuple[float, int, float, bool, Callable[..., Any], tuple]] = []
        #: Booked steps woken after their event would have been scheduled: run at their times, each before the
        #: events of its instant scheduled after it would have been (:meth:`raddsim.engine.quiet.Quiet.wake`).
        self.woken: list[tuple[float, int, float, bool, Callable[..., Any], tuple]] = []
        self.booked = count()
        #: Crew diversion (``policies.divert_for``; :mod:`raddsim.engine.divert`): the levels whose alarms may take a
        #: crew on its way to a less urgent incident; the crews that may be taken, and their missions so far; the
        #: (crew, alarm, alert time) of missions left (their scheduled arrivals are void: a crew may be alerted and
        #: diverted at one instant, so the alarm tells them from the new mission's); crews being diverted now →
        #: (the Heading they leave, turnout left, drive); the incidents left, to plan again.
        self.divert_for = policies.divert_for
        self.divert_from = policies.divert_from
        self.heading: dict[int, Any] = {}
        self.gone: set[tuple[int, int, float]] = set()
        self.redirect: dict[int, tuple[Any, float, float, tuple[float, int, int]]] = {}  # (Heading, Eta …)
        self.left: list[Incident] = []
        self.ways: dict[int, tuple[Any, Any]] = {}  # crew → (its Heading, its route out), timed on demand

    def read_responses(self, resp: Responses) -> None:
        """The drawn responses as the run reads them: single cells, crews known out per alarm, who follows."""
        # Only ~1 in 10 (alarm, crew) responses is ever looked at: read single cells, do not convert all. Flat
        # memoryviews (``r_rolls[i * r_cols + c]``; no copy for C-ordered arrays) read a cell in about half the
        # time of ``ndarray.item(i, c)``.
        self.r_cols = np.shape(resp.rolls)[1]
        self.r_rolls, self.r_cmd, self.r_ff, self.r_turnout = (
            np.ascontiguousarray(a).reshape(-1).data for a in (resp.rolls, resp.commanders, resp.firefighters,
                                                                resp.turnout_s))
        # Crews known to be ur beredskap at each alarm (the dispatcher skips them): alarm → crews, sparse.
        self.known_out: dict[int, list[int]] = {}
        if resp.known_out is not None:
            alarms, crews = np.nonzero(resp.known_out)  # row-major: each alarm's crews are one run, in order
            starts = np.flatnonzero(np.diff(alarms, prepend=-1)).tolist()
            crew_l, ends = crews.tolist(), starts[1:] + [len(crews)]
            self.known_out = {i: crew_l[a:b] for i, a, b in zip(alarms[starts].tolist(), starts, ends)}
        # People following a crew that rolled short, in a second vehicle (None: nobody follows).
        self.follow: tuple[np.ndarray, np.ndarray, list[float]] | None = None
        if resp.follow_cmd is not None and resp.follow_ff is not None and resp.follow_s is not None:
            self.follow = (resp.follow_cmd, resp.follow_ff, resp.follow_s.tolist())

    # Implemented by the dispatcher and by missions (declared here so each half can call the other).
    def plan(self, inc: "Incident", card: list[int] | None = None, lone: bool = False) -> None:
        raise NotImplementedError

    def release(self, c: int) -> None:
        raise NotImplementedError

    def start(self, c: int, inc: "Incident") -> None:
        raise NotImplementedError

    def crew_ready(self, c: int) -> None:
        raise NotImplementedError

    def settle(self, now: float) -> None:
        raise NotImplementedError

    def start_diverted(self, c: int, inc: "Incident") -> None:
        raise NotImplementedError

    def eta_now(self, nd: int) -> tuple[Sequence[float], list[int]]:
        raise NotImplementedError
