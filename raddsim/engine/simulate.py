"""One replication: wire the dispatcher and the missions to the clock, run, return the records."""

from __future__ import annotations

import gc

from raddsim.core.checked import checked_arguments
from raddsim.demand import Incidents
from raddsim.engine.alarm_checks import check_incidents
from raddsim.engine.dispatcher import Dispatcher
from raddsim.engine.fleet_checks import check_fleet
from raddsim.engine.force import Requirement
from raddsim.engine.inputs import ANY_CREW, Fleet, Responses, TravelTables
from raddsim.engine.policies import Policies
from raddsim.engine.records import RunRecords
from raddsim.engine.response_checks import check_responses
from raddsim.engine.travel_checks import check_tables

DEFAULT_POLICIES = Policies()


class Run(Dispatcher):
    """A replication: the dispatcher, the missions and the move-ups over one shared state."""


@checked_arguments()
def simulate(
    fleet: Fleet,
    tables: TravelTables,
    incidents: Incidents,
    requirements: list[Requirement] | None = None,
    responses: Responses | None = None,
    *,
    policies: Policies | None = None,
    measure_from_s: float = 0.0,
) -> RunRecords:
    """Run one replication and return one record per alarm (plus one per crew alerted, one per move).

    Parameters
    ----------
    fleet
        The crews.
    tables
        Travel times between stations and nodes (and, for dispatch on the road, from any node).
    incidents
        The alarms, sorted by time.
    requirements
        The force each incident type needs (indexed by ``incidents.type``);
        default: one crew of anyone for every alarm.
    responses
        Pre-drawn crew responses per alarm; default: every crew always rolls as planned.
    policies
        Dispatch and move-up policies, and whether crews on the road may be dispatched;
        default: closest expected arrival, no move-up, crews free when home.
    measure_from_s
        Start of the measured period (s): the end of a warm-up before it, whose alarms are simulated
        too (:mod:`raddsim.engine.warmup`). The time crews stand relocated counts from here.

    Returns
    -------
    RunRecords
        The records; times in seconds from the start.

    Raises
    ------
    InputError
        If an argument is of the wrong kind, or the alarms are not ones the engine can run
        (:func:`raddsim.engine.alarm_checks.check_incidents`: unsorted, of another length, an incident type
        ``requirements`` lacks, a node outside the network …), crews it cannot run
        (:func:`raddsim.engine.fleet_checks.check_fleet`), travel tables it cannot run
        (:func:`raddsim.engine.travel_checks.check_tables`: ``to_node`` and ``from_node`` of other shapes, a NaN or
        negative time, a ``station_node`` outside the network …) or responses it cannot run
        (:func:`raddsim.engine.response_checks.check_responses`: an array that is not alarms × crews, a NaN or
        negative turnout, negative people, ``rolls`` other than True / False …).
    """
    n = len(incidents)
    reqs = requirements or [ANY_CREW]
    check_tables(tables)  # first: the others read its shape
    check_incidents(incidents, reqs, tables.to_node.shape[-1])
    check_fleet(fleet, tables.to_node.shape[0])
    if responses is not None:  # Responses.certain is right by construction
        check_responses(responses, fleet, n)
    # A run makes many objects that live until it ends (its state, the rankings of its alarm nodes, the
    # records): with the collector off, it never walks them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        run = Run(fleet, tables, incidents, reqs,
                  responses if responses is not None else Responses.certain(fleet, n), policies or DEFAULT_POLICIES)
        run.pos.measure_from_s = measure_from_s
        run.clock.run(run.t_alarm, run.on_alarm)
    finally:
        if collecting:
            gc.enable()
    run.settle(float("inf"))  # the steps booked without events (raddsim.engine.quiet)
    now = run.clock.now
    for c in list(run.pos.since):  # crews still relocated when the last event is done
        run.pos.close(c, now)
    return run.rec.finish(run.pos.relocated_s)
