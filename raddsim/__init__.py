"""raddsim — a discrete-event simulator of rescue-service readiness and coverage.

The package is layered; data flows one way, from the top of this table to the bottom:

========================  ==================================================================
``raddsim.core``          errors for users, atomic file writing, seeded random streams
``raddsim.region``        the region file: stations, crews, scenarios (validated at the edge)
``raddsim.network``       road graphs (OSM, PBF, CSV, the embedded default) and travel times
``raddsim.demand``        alarms: generated from a demand spec, or replayed from a CSV
``raddsim.engine``        crews, run cards and the discrete-event simulation (SimPy)
``raddsim.experiment``    the model of a run, replications, comparison, target, calibration
``raddsim.figures``       headline figures with confidence intervals, crew readiness
``raddsim.coverage``      coverage grids: static (every crew free) and simulated
``raddsim.views``         console tables, charts, maps, GIS layers, the board report
``raddsim.sweep``         research sweeps over scenarios and parameters (processes or Dask)
``raddsim.cli``           the ``raddsim`` command
========================  ==================================================================
"""

__version__ = "0.1.0"
