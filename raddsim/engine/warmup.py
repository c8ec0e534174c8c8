"""A warm-up before the measured period: its alarms joined in front of the measured ones, its records dropped after.

A replication that starts with every crew free at time 0 underestimates waiting (the
initial transient, Law & Kelton §9.5.1). With a warm-up of W days the engine simulates the W
days before the measured period too: :func:`join_incidents` puts the warm-up's alarms (times in
[−W, 0) days) in front of the measured period's and shifts them all by W, so the engine's clock
starts at the warm-up's start; :func:`measured_records` then keeps the records of the measured
alarms only, in seconds from the measured period's start again. Missions of warm-up alarms still
under way at that start are kept apart (:attr:`RunRecords.carried`): they make crews busy in the
measured period's time-integrated figures but are not alerts of it.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from raddsim.demand import Incidents
from raddsim.engine.inputs import Responses
from raddsim.engine.records import MISSION_FIELDS, MissionRecords, MoveRecords, RunRecords

#: Per-alarm record columns that are times (shifted back to the measured period's clock).
TIME_COLUMNS = ("t_dispatch", "t_turnout_end", "t_arrival", "t_effective", "t_commander", "t_clear", "t_free",
                "t_first_leave")
#: Per-alarm record columns that are not times (only cut).
OTHER_COLUMNS = ("crew", "n_alerted", "n_failed", "waited", "mutual_aid_first", "unreachable")


def join_incidents(warm: Incidents, measured: Incidents, shift_s: float) -> Incidents:
    """The warm-up's alarms, then the measured period's, all ``shift_s`` later (the engine's clock starts at 0)."""
    cols = {f.name: np.concatenate([getattr(warm, f.name), getattr(measured, f.name)]) for f in fields(Incidents)}
    cols["time_s"] = cols["time_s"] + shift_s
    return Incidents(**cols)


def join_responses(warm: Responses, measured: Responses) -> Responses:
    """The crews' responses to the warm-up's alarms, then to the measured period's (rows joined)."""
    def both(name: str, fill: object) -> np.ndarray | None:
        # One side may have none (nobody known out, nobody following): its rows are then all fill.
        a, b = getattr(warm, name), getattr(measured, name)
        if a is None and b is None:
            return None
        return np.concatenate([np.full(warm.rolls.shape, fill) if a is None else a,
                               np.full(measured.rolls.shape, fill) if b is None else b])

    follow_s = measured.follow_s if measured.follow_s is not None else warm.follow_s
    return Responses(
        rolls=np.concatenate([warm.rolls, measured.rolls]),
        commanders=np.concatenate([warm.commanders, measured.commanders]),
        firefighters=np.concatenate([warm.firefighters, measured.firefighters]),
        turnout_s=np.concatenate([warm.turnout_s, measured.turnout_s]),
        known_out=both("known_out", False),
        follow_cmd=both("follow_cmd", 0),
        follow_ff=both("follow_ff", 0),
        follow_s=follow_s,
    )


def _missions(m: MissionRecords, keep: np.ndarray, shift_s: float, first_alarm: int) -> MissionRecords:
    cols = {k: getattr(m, k)[keep] for k in MISSION_FIELDS}
    cols["alarm"] = cols["alarm"] - first_alarm
    for k in ("t_alert", "t_leave", "t_arrive", "t_free"):
        cols[k] = cols[k] - shift_s
    return MissionRecords(**cols)


def measured_records(rec: RunRecords, n_warm: int, shift_s: float, t_alarm: np.ndarray) -> RunRecords:
    """The records of a run with a warm-up of ``shift_s`` seconds and ``n_warm`` alarms, as of the measured period.

    Parameters
    ----------
    rec : RunRecords
        The engine's records of the joined alarms (:func:`join_incidents`).
    n_warm : int
        How many of the alarms are the warm-up's (the first ones).
    shift_s : float
        The warm-up's length (s): the engine's time of the measured period's start.
    t_alarm : ndarray
        The measured alarms' times as drawn (s from the start), kept exactly.

    Returns
    -------
    RunRecords
        One row per measured alarm, times in seconds from the measured period's start; missions of
        measured alarms (``alarm`` indexes the measured alarms); the warm-up's missions still under way
        at the start in ``carried``, alerted at 0; move-ups that end after the start, begun at 0 at the earliest.
    """
    cols = {k: getattr(rec, k)[n_warm:] for k in OTHER_COLUMNS}
    cols.update({k: getattr(rec, k)[n_warm:] - shift_s for k in TIME_COLUMNS})
    out = RunRecords(t_alarm=np.asarray(t_alarm), **cols, relocated_s=rec.relocated_s)
    m = rec.missions
    if m is not None:
        out.missions = _missions(m, m.alarm >= n_warm, shift_s, n_warm)
        carried = _missions(m, (m.alarm < n_warm) & (m.t_free > shift_s), shift_s, n_warm)
        carried.alarm[:] = -1  # no alarm of the measured period
        carried.t_alert = np.maximum(carried.t_alert, 0.0)
        out.carried = carried
    mv = rec.moves
    if mv is not None:
        on = mv.t_end > shift_s
        out.moves = MoveRecords(mv.crew[on], mv.from_station[on], mv.to_station[on],
                                np.maximum(mv.t_start[on] - shift_s, 0.0), mv.t_end[on] - shift_s)
    return out

