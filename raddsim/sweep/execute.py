"""Running a sweep: local processes (default), Dask distributed, or in this process.

* Local: one process per core (``processes``), forked from this one once the
  model is loaded and its scenarios prepared, so a worker starts with all of it in
  memory (:func:`raddsim.core.forked.fork_imap`). Where there is no ``fork``
  (macOS, Windows) a :class:`concurrent.futures.ProcessPoolExecutor` of spawned
  processes receives the pickled model once each, as its initializer's argument.
* Dask: ``scheduler="tcp://host:8786"`` uses an existing cluster, ``workers=N``
  starts a :class:`distributed.LocalCluster`; the model is scattered to every
  worker once (``broadcast=True``) and each task refers to it.
* ``processes=0``: run in this process (debugging, profiling); also the default for a
  sweep too small to pay for starting processes (:func:`small_sweep`).

Tasks go out in batches (consecutive task indices, so a batch mostly shares one
parameter point); each finished batch is written at once as a Parquet part file
(:mod:`raddsim.sweep.results`). A killed sweep keeps every finished batch;
running it again skips them. Results do not depend on the number of workers,
the backend or the batching.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing as mp
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from raddsim import __version__
from raddsim.core import forkserver
from raddsim.core.checked import checked_arguments
from raddsim.core.daskclient import LOCAL_WORKER_START_S, dask_client, dask_security
from raddsim.core.errors import InputError
from raddsim.core.forked import fork_imap
from raddsim.core.io import path_argument
from raddsim.sweep import folder, worker
from raddsim.sweep import results as res
from raddsim.sweep.lifeline import die_with_parent
from raddsim.sweep.overrides import derive_point
from raddsim.sweep.spec import SweepSpec, load_spec, spec_region, validate_spec

log = logging.getLogger(__name__)

#: Upper bound of tasks per batch (part file), so a kill loses little and progress stays smooth.
MAX_BATCH = 100
#: Each batch takes about 1/(workers × this) of the tasks still to hand out.
GUIDED_FACTOR = 4
#: A sweep expecting fewer alarms than this runs in this process unless ``processes`` is given (see
#: :func:`small_sweep`).
SMALL_SWEEP_ALARMS = 20_000


@dataclass(frozen=True)
class SweepRun:
    """What a sweep call did: the results directory ``out``, the tasks of the spec (``tasks``), those already
    done there (``skipped``) and run now (``ran``), the time, the backend and its workers, and the results file."""

    out: Path
    tasks: int
    skipped: int
    ran: int
    seconds: float
    backend: str
    workers: int
    results_file: Path | None


def batches(indices: Sequence[int], workers: int, chunk: int | None = None) -> list[list[int]]:
    """Consecutive slices of ``indices``: ``chunk`` tasks each if given, else guided sizes.

    Guided self-scheduling: each batch takes about ``remaining / (workers ×
    GUIDED_FACTOR)`` tasks (at most :data:`MAX_BATCH`), so batches are large
    early (few part files) and small at the end (no worker idles while another
    finishes a big last batch).
    """
    out: list[list[int]] = []
    k, n = 0, len(indices)
    while k < n:
        size = int(chunk) if chunk else min(MAX_BATCH, math.ceil((n - k) / (max(1, workers) * GUIDED_FACTOR)))
        size = max(1, size)
        out.append(list(indices[k:k + size]))
        k += size
    return out


def load_sweep(spec: SweepSpec) -> tuple[Any, Any, SweepSpec]:
    """Load the spec's region and model, and validate the spec against them."""
    from raddsim.experiment.model import build_model

    region = spec_region(spec)
    spec = validate_spec(spec, region)
    return region, build_model(region), spec


def _prepare_point(model: Any, region: Any, spec: SweepSpec, point: int, scenario: str) -> None:
    """Prepare one (point, scenario); an error the point's overrides cause names the spec's axis, not the region."""
    try:
        model.prepare(derive_point(region, spec, point, scenario))
    except InputError as err:
        overrides = spec.point_overrides(point)
        if not overrides or err.file not in (None, str(region.file)):
            raise  # the region's own scenario, or a file the error already names (a scenarios file, an input)
        head = (err.field or "").replace("/", ".").split(".")[:2]
        key = next((k for k in overrides if k.split(".")[:2] == head), next(iter(overrides)))
        where = f'axes."{key}"' if any(a.key == key for a in spec.axes) else "overrides"
        raise InputError(f"{key} = {overrides[key]!r} does not make a valid scenario from '{scenario}': {err.message}",
                         file=spec.file, field=where, fix=err.fix) from None


def _warm(model: Any, region: Any, spec: SweepSpec) -> None:
    """Compute the tables every worker would otherwise compute itself (stations moved by an axis, demand points)."""
    seen: set[int] = set()
    for s in spec.scenarios:
        model.prepare(region.scenarios[s])
    if spec.joint:  # axes zipped: every point is its own parameter set
        for p in range(spec.n_points):
            for s in spec.scenarios:
                _prepare_point(model, region, spec, p, s)
        return
    # The first point of each axis value: new station positions and demand specs show up here.
    stride = 1
    for axis in reversed(spec.axes):
        for k in range(len(axis.values)):
            p = k * stride
            if p not in seen:
                seen.add(p)
                for s in spec.scenarios:
                    _prepare_point(model, region, spec, p, s)
        stride *= len(axis.values)


def _progress(total: int, initial: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="task", desc="sweep", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True, smoothing=0.05, mininterval=0.5)


def can_fork() -> bool:
    """Whether local workers can be forked from this process (Linux): else they start by spawning."""
    return "fork" in mp.get_all_start_methods()


def _pool_context() -> Any:
    # forkserver: workers are forked from a clean server process that has imported
    # raddsim once (fast start, and no fork of this process's threads); spawn elsewhere.
    # forkserver_guard makes the server end with this process (and its workers with it).
    return forkserver.pool_context()


def prestart_workers() -> None:
    """Start the fork server now, so it imports raddsim while this process loads the model.

    The workers of :func:`run_sweep` are forked from it later; calling this is
    optional and only saves time (about the import time of raddsim, ≈ 1 s). ``raddsim sweep``
    calls :func:`raddsim.core.forkserver.prestart` itself, before it imports this package.
    """
    forkserver.prestart()


def small_sweep(spec: SweepSpec, region: Any, tasks: int) -> bool:
    """Whether ``tasks`` tasks of ``spec`` are too little work to pay for starting worker processes.

    ASSUMPTION: below :data:`SMALL_SWEEP_ALARMS` expected alarms (≈ 0.4 s of simulation at
    ≈ 20 µs per alarm on the default) a process pool's fixed costs (start, shipping the
    model, ≈ 0.3–0.6 s) cannot pay back; plausible threshold 10,000–50,000.
    """
    rates = [region.scenarios[name].demand.rate_per_year for name in spec.scenarios if name in region.scenarios]
    per_task = spec.years * (max(rates) if rates else float("inf"))
    return tasks * per_task < SMALL_SWEEP_ALARMS


def _run_forked(state: worker.WorkerState, jobs: list[list[int]], processes: int,
                on_done: Callable[[list[dict]], None]) -> None:
    # Forked after the model is loaded and warmed: a worker starts with it in memory — no imports,
    # no unpickling, no scenario preparation — and ends with this process (lifeline).
    for _, rows in fork_imap(state.run_tasks, jobs, processes, on_start=worker_start):
        on_done(rows)


def worker_start() -> None:
    """First thing in a forked worker: end with the driver, and do not hold the driver's directory lock."""
    die_with_parent()
    folder.forget_locks()


def _run_processes(blob: bytes, jobs: list[list[int]], processes: int, on_done: Callable[[list[dict]], None]) -> None:
    ctx = _pool_context()
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=worker.init_process,
                             initargs=(blob,)) as pool:
        pending: set[Future] = {pool.submit(worker.run_local, job) for job in jobs}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    on_done(f.result())
        except BaseException:
            for f in pending:
                f.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _run_dask(blob: bytes, digest: str, jobs: list[list[int]], on_done: Callable[[list[dict]], None], *,
              scheduler: str | None, workers: int | None,
              tls: tuple[str | None, str | None, str | None] | None = None, client: Any = None,
              cluster: Any = None) -> int:
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(dask_client(scheduler, workers, tls, cluster=cluster))
        from distributed import as_completed  # importable once dask_client has checked the extra

        if workers is not None:  # a local cluster starts its workers in the background: wait for one
            client.wait_for_workers(1, timeout=LOCAL_WORKER_START_S)
        payload = client.scatter(blob, broadcast=True, hash=False)
        futures = [client.submit(worker.run_remote, payload, digest, job, pure=False) for job in jobs]
        try:
            for f in as_completed(futures):
                on_done(f.result())
        except BaseException:
            client.cancel(futures)
            raise
        # Counted at the end: a local cluster's workers join while the first tasks run.
        return len(client.scheduler_info().get("workers", {}))


def _check_counts(**counts: Any) -> None:
    """``processes`` (0 or more), ``workers`` and ``chunk`` (1 or more) checked as the command line checks them.

    From Python nothing parsed them: processes=-1 or "2" ran as all cores, chunk=0 as automatic, unsaid.
    """
    from raddsim.core.bounds import MAX_REPLICATIONS
    from raddsim.experiment.arguments import check_replications  # the same whole-number check and message

    default = {"processes": "all cores", "workers": "no Dask", "chunk": "automatic"}
    for name, value in counts.items():
        if value is not None:  # the bounds of --processes (non_negative_int), --workers and --chunk (positive_int)
            check_replications(value, field=name, least=0 if name == "processes" else 1,
                               most=10_000 if name == "processes" else MAX_REPLICATIONS,
                               fix=f"give a whole number, or {name}=None for the default ({default[name]}).")


def _check_backend_options(processes: int | None, workers: int | None, scheduler: str | None,
                           tls: tuple[str | None, str | None, str | None] | None) -> None:
    """Reject contradictory backend options (and bad TLS files) before any work is done."""
    if workers is not None and scheduler is not None:
        raise InputError("give a number of workers or a scheduler, not both.", field="workers/scheduler",
                         fix="a number of workers starts a local Dask cluster; a scheduler's address uses a running "
                             "one.")
    if processes is not None and (workers is not None or scheduler is not None):
        dask = "workers" if workers is not None else "scheduler"  # the other argument named too: either is the slip
        raise InputError(f"local processes are for runs without Dask; with Dask the workers run the tasks (given: "
                         f"processes and {dask}).", field="processes",
                         fix=f"give no number of processes, or no {dask}.")
    if scheduler is not None:
        dask_security(scheduler, tls)  # before any work: bad TLS files are found now
    elif tls and any(tls):
        raise InputError("TLS files are for a tls:// scheduler, and none is given.", field="tls",
                         fix="give no TLS files, or the scheduler's tls:// address.")


def _backend(spec: SweepSpec, region: Any, tasks: int, processes: int | None, workers: int | None,
             scheduler: str | None) -> tuple[str, int]:
    """Where ``tasks`` tasks run ("dask", "inline" or "processes") and on how many workers."""
    if processes is None and workers is None and scheduler is None and small_sweep(spec, region, tasks):
        processes = 0  # too little work for worker processes to pay back their start
    backend = (
        "dask" if (workers is not None or scheduler is not None) else ("inline" if processes == 0 else "processes")
    )
    n_workers = (
        (workers or 1) if backend == "dask" else (1 if backend == "inline" else processes or os.cpu_count() or 1)
    )
    return backend, n_workers


@checked_arguments()
def run_sweep(
    spec: SweepSpec | str | Path,
    out: str | Path,
    *,
    processes: int | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk: int | None = None,
    progress: bool = True,
    loaded: tuple[Any, Any, SweepSpec] | None = None,
    tls: tuple[str | None, str | None, str | None] | None = None,
    client: Any = None,
    cluster: Any = None,
) -> SweepRun:
    """Run (or resume) a sweep into directory ``out``.

    Every scenario × parameter point × replication of ``spec`` is one task; each writes one row (the
    replication's figures) to the Parquet results in ``out``. Read them with
    ``raddsim.sweep.summary.load(out)`` and ``summarize(rows, axes)`` (means with 95 % CIs per point), as
    ``raddsim sweep summarize`` does. Needs the ``[sweep]`` extra (pyarrow; Dask for ``workers``/``scheduler``).

    Parameters
    ----------
    spec : SweepSpec, str or Path
        The sweep (from :func:`raddsim.sweep.load_spec`), or the spec file's path.
    out : str or Path
        Results directory; created if missing. Finished tasks already there are skipped.
    processes : int or None
        Local worker processes (default: all cores; 0 = run in this process).
    workers : int or None
        Start a Dask ``LocalCluster`` with this many single-threaded workers.
    scheduler : str or None
        Address of an existing Dask scheduler (``tcp://host:8786``).
    chunk : int or None
        Tasks per batch / part file (default: automatic).
    progress : bool
        Show a progress bar (tasks done, rate, ETA) on stderr (``progress=False`` in a notebook or a script's log).
    loaded
        ``(region, model, …)`` from :func:`load_sweep` when the caller has them already
        (the region and model are reused; ``spec`` is still the one run).
    tls
        ``(CA file, client certificate, client key)`` for a ``tls://`` scheduler (see :func:`dask_security`).
    client
        An open Dask client to run on (with ``workers`` or ``scheduler``).
    cluster
        With ``workers``: a local cluster already started (:func:`raddsim.core.daskclient.local_cluster`),
        e.g. first thing, so its workers started while the caller loaded the model.

    Returns
    -------
    SweepRun
        What the call did: the results directory and the tasks run and skipped.

    Raises
    ------
    InputError
        For a bad spec, or an ``out`` holding something else (another spec, other files).
    """
    _check_counts(processes=processes, workers=workers, chunk=chunk)
    _check_backend_options(processes, workers, scheduler, tls)
    t0 = time.perf_counter()
    if isinstance(spec, (str, os.PathLike)):  # run_sweep("spec.toml", out) was an AttributeError deep inside
        # "" named load_spec's "path", not this argument; the region is checked below, when it is loaded
        spec = load_spec(path_argument(spec, "spec"), validate=False)
    if not isinstance(spec, SweepSpec):
        raise InputError(f"spec must be a sweep spec or its file's path, got {type(spec).__name__}.", field="spec",
                         fix="give the spec file's path, or load_spec(path).")
    out = path_argument(out, "out")
    if loaded is None:
        region, model, spec = load_sweep(spec)
    else:
        region, model = loaded[0], loaded[1]
        if not (len(loaded) > 2 and loaded[2] == spec):  # load_sweep validated its own spec already
            spec = validate_spec(spec, region)
    target, effective = region.target_minutes, region.effective_target_minutes
    meta = folder.build_metadata(spec, region, model.network.meta, target, model.area_names)
    sch = res.schema(spec, model.area_names, region.target_zones is not None)
    folder.check_resumable(out, meta)  # before creating anything
    # Also before creating anything: an axis value the region loads but the model cannot use (a station moved off
    # the roads) left a "running" folder that the corrected spec was then refused to resume.
    _warm(model, region, spec)
    with folder.locked(out):
        old = folder.check_resumable(out, meta)
        folder.remove_stale_temporaries(out)
        done = res.finished_tasks(out)
        todo = [i for i in range(spec.n_tasks) if i not in done]
        backend, n_workers = _backend(spec, region, len(todo), processes, workers, scheduler)
        started = old.get("started") if old else time.strftime("%Y-%m-%dT%H:%M:%S%z")
        folder.write_metadata(out, {**meta, "status": "running", "started": started, "finished_tasks": len(done)})
        bar = _progress(spec.n_tasks, len(done), progress)

        def on_done(rows: list[dict]) -> None:
            res.write_part(out, res.rows_table(rows, sch))
            bar.update(len(rows))

        try:
            if todo:
                jobs = batches(todo, n_workers if backend != "inline" else 1, chunk)
                if backend in ("inline", "processes") and (backend == "inline" or can_fork()):
                    state = worker.WorkerState(worker.Payload(__version__, spec, region, model, target, effective))
                    _run_forked(state, jobs, 0 if backend == "inline" else n_workers, on_done)
                elif backend == "processes":  # no fork (macOS, Windows): workers unpickle the packed model
                    _run_processes(worker.pack(spec, region, model, target, effective)[0], jobs, n_workers, on_done)
                else:
                    blob, digest = worker.pack(spec, region, model, target, effective)
                    n_workers = _run_dask(blob, digest, jobs, on_done, scheduler=scheduler, workers=workers,
                                          tls=tls, client=client, cluster=cluster) or n_workers
        finally:
            bar.close()
        results_file = res.consolidate(out)
        seconds = time.perf_counter() - t0
        folder.write_metadata(out, {**meta, "status": "complete", "started": started,
                                 "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "finished_tasks": spec.n_tasks,
                                 "last_run": {"backend": backend, "workers": n_workers, "tasks_run": len(todo),
                                              "seconds": round(seconds, 3)}})
    return SweepRun(out, spec.n_tasks, len(done), len(todo), seconds, backend, n_workers, results_file)


__all__ = ["run_sweep", "load_sweep", "SweepRun", "batches", "prestart_workers", "small_sweep"]
