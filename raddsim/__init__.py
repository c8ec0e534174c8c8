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

The public API a notebook or a script uses is listed in ``__all__`` and importable from here
(docs/api.md: a tutorial and the reference), for example::

    from raddsim import build_model, compare, load_region, run_experiment

    region = load_region()                     # the embedded Norrtälje region, or load_region("my_region.toml")
    model = build_model(region)
    results = run_experiment(model, ["minimum", "ambition"], years=1, replications=10, seed=1)  # `raddsim run`
    paired = compare(model, ["minimum", "ambition"], years=1, replications=10, seed=1)         # `raddsim compare`

Scenarios are given by name or as ``region.scenarios[name]``; a bad argument raises one :class:`InputError`.

Names are imported on first use (PEP 562), so ``import raddsim`` stays fast for the command line.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name → the module that defines it.
_HOME = {
    # region data
    "load_region": "raddsim.region.region", "Region": "raddsim.region.region", "Setup": "raddsim.region.region",
    "select_scenarios": "raddsim.region.scenarios",
    # network and demand
    "RoadNetwork": "raddsim.network", "load_network": "raddsim.network",
    "Incidents": "raddsim.demand", "generate_incidents": "raddsim.demand", "load_incident_csv": "raddsim.demand",
    # engine and policies
    "simulate": "raddsim.engine", "Fleet": "raddsim.engine", "TravelTables": "raddsim.engine",
    "Responses": "raddsim.engine", "RunRecords": "raddsim.engine", "Policies": "raddsim.engine",
    "PolicyContext": "raddsim.engine", "FleetView": "raddsim.engine", "load_policy": "raddsim.engine",
    # experiments and figures
    "build_model": "raddsim.experiment.model", "Model": "raddsim.experiment.model",
    "run_experiment": "raddsim.experiment.runs", "run_scenario": "raddsim.experiment.runs",
    "run_replication": "raddsim.experiment.runs", "experiment_results": "raddsim.experiment.runs",
    "ScenarioRun": "raddsim.experiment.runs", "alarm_frame": "raddsim.experiment.alarm_table",
    "compare": "raddsim.experiment.compare", "run_scenarios": "raddsim.experiment.compare",
    "minutes_figures": "raddsim.figures.metrics", "first_arrival_minutes": "raddsim.figures.metrics",
    "effective_force_minutes": "raddsim.figures.metrics",
    # coverage, views, sweeps, errors
    "static_coverage": "raddsim.coverage.static", "make_grid": "raddsim.coverage.grid",
    "load_boundary": "raddsim.coverage.grid", "format_results": "raddsim.views.console",
    "build_report": "raddsim.views.report", "load_spec": "raddsim.sweep", "run_sweep": "raddsim.sweep",
    "InputError": "raddsim.core.errors",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'raddsim' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

