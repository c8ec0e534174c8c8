"""The engine layer: crews, run cards, policies and the discrete-event simulation (SimPy).

Everything downstream (experiment, figures, sweep) imports the engine through this package.
Where things happen: :mod:`~raddsim.engine.dispatcher` (an alarm, who is sent, the queue),
:mod:`~raddsim.engine.missions` (a crew leaves, arrives, clears, comes home),
:mod:`~raddsim.engine.moves` (move-up), :mod:`~raddsim.engine.travel` (where crews are),
:mod:`~raddsim.engine.clock` (the only module that knows SimPy), :mod:`~raddsim.engine.records`;
:mod:`~raddsim.engine.alarm_checks` and :mod:`~raddsim.engine.fleet_checks` refuse alarms and crews the run
cannot take, before it starts.
"""

from raddsim.engine.clock import alarm_gaps
from raddsim.engine.inputs import ANY_CREW, Fleet, Responses, TravelTables
from raddsim.engine.policies import FleetView, Policies, PolicyContext, load_policy
from raddsim.engine.records import MissionRecords, MoveRecords, RunRecords
from raddsim.engine.simulate import simulate

__all__ = ["ANY_CREW", "Fleet", "FleetView", "MissionRecords", "MoveRecords", "Policies", "PolicyContext", "Responses",
           "RunRecords", "TravelTables", "alarm_gaps", "load_policy", "simulate"]
