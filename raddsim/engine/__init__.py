"""The engine layer: crews, run cards and the discrete-event simulation (SimPy).

Everything downstream (experiment, figures, sweep) imports the engine through this package.
"""

from raddsim.engine.events import (ANY_CREW, Fleet, MissionRecords, Responses, RunRecords, TravelTables,
                                     alarm_gaps, simulate)

__all__ = ["ANY_CREW", "Fleet", "MissionRecords", "Responses", "RunRecords", "TravelTables", "alarm_gaps",
           "simulate"]
