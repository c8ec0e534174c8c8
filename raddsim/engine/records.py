"""What the engine produces: one record per alarm (:class:`RunRecords`) and one per crew
alerted (:class:`MissionRecords`), in seconds; :class:`Recorder` fills them during a run."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


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


#: The columns of :class:`MissionRecords`, in order.
MISSION_FIELDS = ("alarm", "crew", "t_alert", "rolled", "t_leave", "t_arrive", "t_free")


@dataclass
class RunRecords:
    """One row per alarm: the engine's output, in seconds (NaN where it did not happen).

    ``t_arrival`` is the first crew on scene (the board's indicator);
    ``t_effective`` the first moment the incident type's force is on scene;
    ``t_first_leave`` the moment that first crew itself left (its station after turnout, where it was when
    alerted on the road, a neighbour after its request delay), so ``t_arrival − t_first_leave`` is its own
    travel, whichever crew was alerted first.
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
    #: Empty when built without it (records made before the field): then NaN for every alarm (:meth:`__post_init__`).
    t_first_leave: np.ndarray = field(default_factory=lambda: np.empty(0))
    missions: MissionRecords | None = field(default=None, repr=False)
    moves: "MoveRecords | None" = field(default=None, repr=False)
    #: Crew-seconds spent standing at another station than the crew's own (move-up), driving excluded.
    relocated_s: float = 0.0
    #: Missions of a warm-up's alarms still under way when the measured period starts, alerted "at 0"
    #: (:mod:`raddsim.engine.warmup`): time-integrated figures count them, alert counts do not. None without.
    carried: MissionRecords | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if len(self.t_first_leave) == 0 and len(self.t_alarm):
            self.t_first_leave = np.full(len(self.t_alarm), np.nan)

    def timeline(self) -> MissionRecords | None:
        """The missions that make crews busy in the measured period: :attr:`missions` and :attr:`carried`."""
        if self.carried is None or self.missions is None:
            return self.missions
        a, b = self.carried, self.missions
        return MissionRecords(*(np.concatenate([getattr(a, k), getattr(b, k)]) for k in MISSION_FIELDS))

    def __len__(self) -> int:
        return len(self.t_alarm)


@dataclass
class MoveRecords:
    """One row per move-up: a free crew driven to another station to cover for busy ones."""

    crew: np.ndarray
    from_station: np.ndarray
    to_station: np.ndarray
    t_start: np.ndarray
    t_end: np.ndarray



class Recorder:
    """The records of one run while it runs: Python lists written item by item, and a flat mission log.

    Lists, not numpy arrays, while the run writes them: a numpy scalar read or write costs about
    100 ns, a list item a third of that, and a run reads or writes some fifteen per alarm.
    :meth:`finish` turns them into arrays once. Missions are kept as flat rows of seven numbers
    (alarm, crew, t_alert, rolled, t_leave, t_arrive, t_free) rather than a tuple each.
    """

    def __init__(self, t_alarm: np.ndarray) -> None:
        n = len(t_alarm)
        nan = math.nan
        self.t_alarm = t_alarm
        self.t_dispatch, self.t_turnout_end, self.t_arrival = [nan] * n, [nan] * n, [nan] * n
        self.t_effective, self.t_commander = [nan] * n, [nan] * n
        self.t_first_leave = [nan] * n
        self.t_clear, self.t_free = [nan] * n, [nan] * n
        self.crew = [-1] * n
        self.n_alerted, self.n_failed = [0] * n, [0] * n
        self.waited, self.mutual_aid_first, self.unreachable = [False] * n, [False] * n, [False] * n
        self.log: list = []
        #: Move-ups: flat rows of five (crew, from station row, to station row, t_start, t_end).
        self.moves: list = []

    def mission(self, i: int, c: int, t_alert: float, rolled: bool, t_leave: float, t_arrive: float,
                t_free: float) -> None:
        """Log one crew's mission for alarm ``i`` (NaN where it did not happen)."""
        self.log.extend((i, c, t_alert, rolled, t_leave, t_arrive, t_free))

    def finish(self, relocated_s: float = 0.0) -> RunRecords:
        """The records as arrays, with missions ordered by alert time (then crew) for a stable table."""
        f, i64, b = (lambda x: np.array(x, float)), (lambda x: np.array(x, np.int64)), (lambda x: np.array(x, bool))
        rec = RunRecords(
            t_alarm=self.t_alarm, t_dispatch=f(self.t_dispatch), t_turnout_end=f(self.t_turnout_end),
            t_arrival=f(self.t_arrival), t_effective=f(self.t_effective), t_commander=f(self.t_commander),
            t_clear=f(self.t_clear), t_free=f(self.t_free), crew=i64(self.crew), n_alerted=i64(self.n_alerted),
            n_failed=i64(self.n_failed), waited=b(self.waited), mutual_aid_first=b(self.mutual_aid_first),
            unreachable=b(self.unreachable), t_first_leave=f(self.t_first_leave), relocated_s=relocated_s,
        )
        cols = [self.log[k::7] for k in range(7)]
        crew, t_alert = np.asarray(cols[1], np.int64), np.asarray(cols[2], float)
        order = np.lexsort((crew, t_alert))
        rec.missions = MissionRecords(
            alarm=np.asarray(cols[0], np.int64)[order], crew=crew[order], t_alert=t_alert[order],
            rolled=np.asarray(cols[3], bool)[order], t_leave=np.asarray(cols[4], float)[order],
            t_arrive=np.asarray(cols[5], float)[order], t_free=np.asarray(cols[6], float)[order],
        )
        mv = [self.moves[k::5] for k in range(5)]
        rec.moves = MoveRecords(np.asarray(mv[0], np.int64), np.asarray(mv[1], np.int64), np.asarray(mv[2], np.int64),
                                np.asarray(mv[3], float), np.asarray(mv[4], float))
        return rec
