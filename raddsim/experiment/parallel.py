"""A command's simulations as independent tasks on every core: whole scenario runs and what-if values.

The board report simulates its scenarios (30 replications each, then their summaries) and the
what-if variants of the first one (each assumption end and each lever, 10 replications each):
about 60 + 150 simulated years on the default, two thirds of them what-ifs; ``raddsim target``
likewise its scenarios and every scenario's levers. Given the seed they are independent, so
:func:`simulate` hands them out together to forked processes
(:func:`raddsim.core.forked.fork_map`): the long scenario runs first, the short what-ifs after,
filling whichever core is free (with fewer scenarios than cores and no what-ifs, each scenario's
replications go out in slices). Each task is computed exactly as it would be in this process, so
every figure is the same to the bit (``tests/test_parallel_runs.py``). :func:`start_simulations`
returns as soon as the processes are forked, so the caller can do its own work meanwhile (the
report imports matplotlib and scipy and computes the static coverage: ≈ 0.5–0.8 s of a report).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from raddsim.core.forked import Pending, fork_map_async
from raddsim.experiment.board import run_yearly
from raddsim.experiment.compare import run_scenarios
from raddsim.experiment.model import Model
from raddsim.experiment.runs import (
    ScenarioRun,
    in_replication_order,
    per_scenario,
    replication_slices,
    run_scenario,
)
from raddsim.experiment.summary import scenario_summary
from raddsim.region.region import Setup


@dataclass
class Simulated:
    """What :func:`simulate` returns.

    Attributes
    ----------
    runs
        One run per scenario, all replications kept (maps and paired differences need them).
    summaries
        :func:`raddsim.experiment.summary.scenario_summary` of each run, by scenario name (empty if not asked for).
    what_if
        ``what_if_value`` of each what-if scenario's run, by name (default: its
        :func:`raddsim.experiment.board.yearly` values).
    """

    runs: list[ScenarioRun]
    summaries: dict[str, dict]
    what_if: dict[str, Any]


class PendingSimulation:
    """:func:`start_simulations` under way: :meth:`result` waits and returns the :class:`Simulated`."""

    def __init__(self, model: Model, slices: list[tuple[Setup, range]], what_if: Sequence[Setup], years: float,
                 seed: int, summarise: bool, pending: Pending, warmup_days: float = 0.0) -> None:
        self._model, self._slices, self._what_if, self._pending = model, slices, list(what_if), pending
        self._years, self._seed, self._summarise, self._warmup = years, seed, summarise, warmup_days

    def result(self) -> Simulated:
        """Wait for every task; the runs, summaries and what-if values."""
        done = self._pending.result()
        runs, summaries = [], {}
        for setup, mine in per_scenario(self._slices, done):
            runs.append(run := self._joined(setup, mine))
            if self._summarise:  # a scenario run whole was summarised in its process; one in slices, here
                summaries[run.setup.name] = mine[0][1][2] if len(mine) == 1 else scenario_summary(self._model, run)
        what_if = done[len(self._slices):]
        return Simulated(runs, summaries, {s.name: v for s, v in zip(self._what_if, what_if)})

    def _joined(self, setup: Setup, slices: list[tuple[range, Any]]) -> ScenarioRun:
        """One scenario's run from its slices' alarms and records, its replications in order."""
        return ScenarioRun(self._model.prepare(setup),
                           in_replication_order((numbers, out[0]) for numbers, out in slices),
                           in_replication_order((numbers, out[1]) for numbers, out in slices),
                           self._years, self._seed, warmup_days=self._warmup)

    def cancel(self) -> None:
        """Stop the processes (after an error elsewhere); safe to call more than once, or after :meth:`result`."""
        self._pending.cancel()


def start_simulations(model: Model, setups: list[Setup], *, years: float, replications: int, seed: int,
                      what_if: Sequence[Setup] = (), what_if_replications: int = 10,
                      what_if_value: Callable[[Model, ScenarioRun], Any] = run_yearly, summarise: bool = True,
                      processes: int | None = None, warmup_days: float = 0.0) -> PendingSimulation:
    """Start :func:`simulate`'s tasks in forked processes and return at once.

    The caller goes on (imports, coverage, …) while they run, then calls
    :meth:`PendingSimulation.result` — or :meth:`PendingSimulation.cancel` if it fails
    first. Same parameters and the same numbers as :func:`simulate`.
    """
    # With fewer tasks than cores (no what-ifs: `map --simulate` of one scenario), a scenario's replications go
    # out in slices, one per core (raddsim.experiment.runs.replication_slices); the runs are joined in order.
    slices = ([(s, range(replications)) for s in setups] if what_if
              else replication_slices(list(setups), replications, processes))
    tasks = [("run", s, numbers) for s, numbers in slices] + [("what-if", s, None) for s in what_if]
    # Snap the stations and check their connectivity here, once: the forked processes inherit the cached
    # tables, and a warning (a station cut off by a ferry out of service) is printed once, not per process.
    for s in [*setups, *what_if]:  # tables are cached per network options and stations
        model.crew_tables(s)
        model.demand(s.demand)  # likewise the demand points: a place no road reaches is reported once

    def task(item: tuple[str, Setup, range | None]):
        kind, setup, numbers = item
        if kind == "what-if":
            run = run_scenarios(model, [setup], years=years, seed=seed, replications=what_if_replications,
                                warmup_days=warmup_days)[0]
            return what_if_value(model, run)
        run = run_scenario(model, setup, years=years, replications=replications, seed=seed, warmup_days=warmup_days,
                           numbers=numbers)
        assert numbers is not None  # a scenario's task always carries its slice
        whole = len(numbers) == replications
        return run.incidents, run.records, scenario_summary(model, run) if summarise and whole else None

    pending = fork_map_async(task, tasks, processes)
    return PendingSimulation(model, slices, what_if, years, seed, summarise, pending, warmup_days)


def simulate(model: Model, setups: list[Setup], *, years: float, replications: int, seed: int,
             what_if: Sequence[Setup] = (), what_if_replications: int = 10,
             what_if_value: Callable[[Model, ScenarioRun], Any] = run_yearly, summarise: bool = True,
             processes: int | None = None, warmup_days: float = 0.0) -> Simulated:
    """Run ``setups`` (and summarise them) and the ``what_if`` scenarios, on every core.

    Parameters
    ----------
    setups
        Scenarios simulated with ``replications`` replications of ``years`` each (common random numbers: one seed).
    what_if
        Scenarios of which only ``what_if_value(model, run)`` of a ``what_if_replications`` run is kept
        (small: it comes back from a forked process).
    summarise
        Also compute each scenario's :func:`raddsim.experiment.summary.scenario_summary`, where it ran.
    processes
        At most this many processes (default: one per core, see :mod:`raddsim.core.forked`); 1 runs here.
    warmup_days
        Days simulated before each replication's measured period (0: none).
    """
    return start_simulations(model, setups, years=years, replications=replications, seed=seed, what_if=what_if,
                             what_if_replications=what_if_replications, what_if_value=what_if_value,
                             summarise=summarise, processes=processes, warmup_days=warmup_days).result()


__all__ = ["PendingSimulation", "Simulated", "simulate", "start_simulations"]
