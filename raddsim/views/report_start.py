"""The report's first step, apart so that it can start before the report's heavy imports.

``raddsim report`` starts the simulations (scenarios and what-ifs, in forked processes) as soon as
the model is built, then imports matplotlib and scipy and computes the static coverage while they
run (:func:`raddsim.views.report.prepare_report`). This module imports only what a plain run does.
"""

from __future__ import annotations

from raddsim.experiment.board import what_if_setups
from raddsim.experiment.model import Model
from raddsim.experiment.parallel import PendingSimulation, start_simulations
from raddsim.region.region import Setup


def start_report_simulations(model: Model, setups: list[Setup], *, years: float, replications: int, seed: int,
                             what_if: bool = True, what_if_replications: int = 10,
                             warmup_days: float = 0.0) -> PendingSimulation:
    """Start the report's simulations: every scenario, and the first one's what-if variants when ``what_if``, each
    replication after ``warmup_days`` of warm-up (0: none).

    Pass the result to :func:`raddsim.views.report.prepare_report` with the same arguments.
    """
    wanted = what_if_setups(model, setups[0]) if what_if else []
    return start_simulations(model, list(setups), years=years, replications=replications, seed=seed, what_if=wanted,
                             what_if_replications=what_if_replications, warmup_days=warmup_days)


__all__ = ["start_report_simulations"]
