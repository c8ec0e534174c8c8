"""The simulation stage on the sweep machinery: finalists × replications as sweep tasks.

The finalists (and the base) are the scenarios of a one-point
:class:`~raddsim.sweep.SweepSpec`; its payload (region, model with the travel
tables already computed) is shipped once to each worker process
(:mod:`raddsim.sweep.worker`), and a task is (scenario, replication). Replication
*r* draws from the streams ``(seed, r, …)`` whatever the worker, so every
finalist meets the same alarms (common random numbers) and the result does not
depend on the number of processes. The ranking-and-selection procedure asks
for more replications of the survivors as it goes; the pool stays up between
its looks.
"""

from __future__ import annotations

import contextlib
import math
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from raddsim.core import forkserver
from raddsim.core.daskclient import LOCAL_WORKER_START_S, dask_client
from raddsim.sweep import SweepSpec, worker


class FinalistRunner:
    """Runs replications of named scenarios of ``region`` through sweep workers (a context manager).

    Parameters
    ----------
    processes
        Worker processes (default: every core; 0 = in this process).
    scheduler, workers, tls
        Run on Dask instead: an existing scheduler's address (with optional TLS files), or a
        ``LocalCluster`` of ``workers`` processes — the same machinery as ``raddsim sweep``.
    on_tasks
        Called with the number of tasks finished (for a progress bar).
    on_plan
        Called with the number of tasks of each stage before it runs: the procedure decides stage by stage how many
        it runs, so a progress bar's total grows with them (a cap as its total ended short: "0/120 … 60/60").
    warmup_days
        Days simulated before each replication's measured period, the same for every scenario (0: none).
    kept
        Given the stage's sweep spec, a :class:`raddsim.optimise.kept.KeptRows` (not yet entered): rows already
        there are not simulated again, and every new batch is written there as it finishes.
    """

    def __init__(self, region: Any, model: Any, scenarios: Sequence[str], *, years: float, seed: int,
                 max_replications: int, processes: int | None = None, file: Path | None = None,
                 on_tasks: Callable[[int], None] | None = None, on_plan: Callable[[int], None] | None = None,
                 scheduler: str | None = None,
                 workers: int | None = None, tls: tuple[str | None, str | None, str | None] | None = None,
                 warmup_days: float = 0.0, kept: Callable[[SweepSpec], Any] | None = None) -> None:
        self.spec = SweepSpec(file=Path(file or region.file), scenarios=tuple(scenarios), axes=(), years=float(years),
                              replications=int(max_replications), seed=int(seed), region_file=region.file,
                              warmup_days=float(warmup_days))
        self.region, self.model = region, model
        self.processes = (os.cpu_count() or 1) if processes is None else int(processes)
        self.on_tasks = on_tasks or (lambda n: None)
        self.on_plan = on_plan or (lambda n: None)
        self._pool: ProcessPoolExecutor | None = None
        self._inline: worker.WorkerState | None = None
        self.dask = (scheduler, workers, tls) if (scheduler or workers) else None
        self._exit = contextlib.ExitStack()
        self._client: Any = None
        self._payload: Any = None
        self._digest = ""
        self._kept_factory = kept
        self.kept: Any = None

    def __enter__(self) -> "FinalistRunner":
        try:
            if self._kept_factory is not None:  # first: a folder holding something else is refused before any work
                self.kept = self._exit.enter_context(self._kept_factory(self.spec))
            self._start()
        except BaseException:
            self._exit.close()
            raise
        return self

    def _start(self) -> None:
        for name in self.spec.scenarios:  # tables for moved stations travel in the payload, computed once
            self.model.prepare(self.region.scenarios[name])
        blob, self._digest = worker.pack(self.spec, self.region, self.model, self.region.target_minutes,
                                            self.region.effective_target_minutes)
        if self.dask is not None:
            self._client = self._exit.enter_context(dask_client(*self.dask))
            if self.dask[1]:  # a local cluster's workers start in the background
                self._client.wait_for_workers(1, timeout=LOCAL_WORKER_START_S)
            self._payload = self._client.scatter(blob, broadcast=True, hash=False)  # the model, once per worker
        elif self.processes == 0:
            self._inline = worker.WorkerState(blob)
        else:
            # Workers fork from the sweep's server, which has imported raddsim once (spawned where there is none).
            ctx = forkserver.pool_context()
            self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=ctx,
                                             initializer=worker.init_process, initargs=(blob,))

    def __exit__(self, *exc: Any) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._exit.close()

    def task(self, scenario: int, replication: int) -> int:
        """Sweep task index of (scenario index, replication) at the only point."""
        return scenario * self.spec.replications + replication

    def run(self, scenarios: Sequence[int], start: int, stop: int) -> dict[tuple[int, int], dict]:
        """Replications ``start … stop − 1`` of the given scenario indices: (scenario, replication) → figures row."""
        tasks = [self.task(s, r) for s in scenarios for r in range(start, stop)]
        self.on_plan(len(tasks))
        rows = [self.kept.rows[t] for t in tasks if t in self.kept.rows] if self.kept is not None else []
        if rows:
            self.on_tasks(len(rows))
        todo = [t for t in tasks if self.kept is None or t not in self.kept.rows]
        for got in self._simulate(todo):
            rows.extend(got)
            self.on_tasks(len(got))
            if self.kept is not None:
                self.kept.add(got)
        index = {name: k for k, name in enumerate(self.spec.scenarios)}
        return {(index[row["scenario"]], int(row["replication"])): row for row in rows}

    def _simulate(self, tasks: list[int]) -> Iterator[list[dict]]:
        """The rows of ``tasks``, a batch at a time (a task at a time in this process)."""
        if not tasks:
            return
        if self._inline is not None:
            for t in tasks:
                yield self._inline.run_tasks([t])
            return
        size = max(1, math.ceil(len(tasks) / (self.processes * 2)))
        jobs = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        if self._client is not None:
            futures = [self._client.submit(worker.run_remote, self._payload, self._digest, job, pure=False)
                       for job in jobs]
        else:
            pool = self._pool
            assert pool is not None, "__enter__ starts the pool when there is neither Dask nor inline work"
            futures = [pool.submit(worker.run_local, job) for job in jobs]
        for f in futures:
            yield f.result()
