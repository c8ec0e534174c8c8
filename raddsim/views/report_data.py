"""The board report's content, computed once: the simulations, the coverage and the board's figures.

:func:`prepare_report` starts the scenarios' and what-ifs' simulations (forked, see
:mod:`raddsim.views.report_start`), computes the static coverage while they run, then the
simulated coverage and the board's differences, assumption ranges and levers.
:func:`raddsim.views.report.render_report` turns the :class:`ReportData` into HTML in either language.
"""

from __future__ import annotations

from dataclasses import dataclass

from raddsim.core.bounds import DEFAULT_SEED
from raddsim.core.checked import checked_arguments
from raddsim.coverage.cell_access import cell_access
from raddsim.coverage.grid import DEFAULT_CELL_M, Grid, make_grid
from raddsim.coverage.simulated import SimulatedCoverage, simulated_coverage
from raddsim.coverage.static import StaticCoverage, population_spread, static_coverage
from raddsim.experiment.arguments import scenarios
from raddsim.experiment.board import board_figures
from raddsim.experiment.model import Model
from raddsim.experiment.parallel import PendingSimulation
from raddsim.experiment.runs import ScenarioRun
from raddsim.experiment.summary import experiment_results
from raddsim.region.region import Setup
from raddsim.views.report_start import start_report_simulations

#: Squares of the simulated-coverage map (m): coarse enough that most hold several alarms.
DEFAULT_SIM_CELL_M = 2000.0
@dataclass
class ReportData:
    """Everything the report shows, computed once; render it in any language."""

    model: Model
    setups: list[Setup]
    runs: list[ScenarioRun]
    results: dict
    static: list[StaticCoverage]
    simulated: list[SimulatedCoverage]
    grid: Grid
    sim_grid: Grid
    boundary: object | None
    boundary_file: str | None
    command: str
    board: dict


@checked_arguments("model", "setups")
def prepare_report(
    model: Model,
    setups: list[Setup] | None,
    *,
    years: float = 1.0,
    replications: int = 30,
    seed: int = DEFAULT_SEED,
    boundary=None,
    boundary_file: str | None = None,
    cell_m: float = DEFAULT_CELL_M,
    sim_cell_m: float = DEFAULT_SIM_CELL_M,
    offroad_kmh: float | None = None,
    command: str = "",
    what_if: bool = True,
    what_if_replications: int = 10,
    simulations: PendingSimulation | None = None,
    warmup_days: float = 0.0,
) -> ReportData:
    """Simulate the scenarios (same seed: common random numbers) and compute static and simulated coverage.

    ``what_if``: also run the uncertain assumptions across their plausible ranges and the candidate
    levers on the first scenario (``what_if_replications`` paired replications each) for page one.
    ``simulations``: those simulations already started with the same arguments
    (:func:`start_report_simulations`); the static coverage is computed while they run.
    ``warmup_days``: days simulated before each replication's measured period, in every simulation (0: none).
    """
    setups = scenarios(model, setups)  # names too, as run_experiment takes them: "minimum" was an AttributeError
    if simulations is None:
        simulations = start_report_simulations(model, setups, years=years, replications=replications, seed=seed,
                                               what_if=what_if, what_if_replications=what_if_replications,
                                               warmup_days=warmup_days)
    try:
        grid = make_grid(model.network, cell_m, boundary)
        access = cell_access(model.network, grid)
        static = [static_coverage(model, s, grid, access, offroad_kmh) for s in setups]
        sim_grid = make_grid(model.network, sim_cell_m, boundary)
        spread = [population_spread(model, s, sim_grid)[1] for s in setups]
        sims = simulations.result()
    finally:
        simulations.cancel()
    runs = sims.runs
    results = experiment_results(model, runs, replications=replications, seed=seed, years=years,
                                 summaries=sims.summaries, warmup_days=warmup_days)
    simulated = [simulated_coverage(model, run, sim_grid, w) for run, w in zip(runs, spread)]
    board = board_figures(model, runs, years=years, seed=seed, what_if=what_if,
                          what_if_replications=what_if_replications, known=sims.what_if, warmup_days=warmup_days)
    return ReportData(model, list(setups), runs, results, static, simulated, grid, sim_grid, boundary, boundary_file,
                      command, board)

