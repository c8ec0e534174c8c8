"""Independent pieces of one command on every core, in forked processes.

A forked child starts with everything this process has imported and built (the
model, the travel tables, finished figures), so nothing is pickled on the way
in and no start-up is paid; only the results come back (pickled). Each item is
computed exactly as it would be here, so the results are the same to the bit
(the callers' tests check this).

Serial when there is one core or one item, where ``fork`` does not exist
(Windows, macOS default), inside a daemon process (a pool worker cannot have
children), or with ``RADDSIM_PROCESSES=1``; ``RADDSIM_PROCESSES=N`` caps the
processes.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from typing import Any, Callable, Iterator, Sequence

#: (function, items) of the running fork_map: read by the forked children, never pickled.
_JOB: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []


def processes_for(n_items: int) -> int:
    """How many processes :func:`fork_map` uses for ``n_items`` items."""
    if n_items < 2 or "fork" not in mp.get_all_start_methods() or mp.current_process().daemon:
        return 1
    env = os.environ.get("RADDSIM_PROCESSES", "").strip()
    if env.isdigit() and int(env) > 0:
        cores = int(env)
    else:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, n_items))


def _child_signals() -> None:
    # A forked child inherits the CLI's SIGTERM handler (it raises KeyboardInterrupt, for clean-up in
    # the parent). A pool worker must instead die at once when the pool is torn down, or it can leave
    # the task queue's lock held and the pool's join waits for ever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _call(k: int) -> Any:
    fn, items = _JOB[-1]
    return fn(items[k])


def _call_indexed(k: int) -> tuple[int, Any]:
    return k, _call(k)


def _start_child(also: Callable[[], Any] | None) -> None:
    _child_signals()
    if also is not None:
        also()


def fork_map(fn: Callable[[Any], Any], items: Sequence[Any], processes: int | None = None) -> list[Any]:
    """``[fn(x) for x in items]``, computed in forked processes when there are cores for it.

    Parameters
    ----------
    fn
        Any callable (closures too: it is not pickled); its results must pickle.
    items
        The inputs, one task each, handed out one at a time.
    processes
        At most this many processes (default :func:`processes_for`); 1 runs here.
    """
    n = processes_for(len(items)) if processes is None else max(1, min(processes, len(items)))
    if n < 2:
        return [fn(x) for x in items]
    _JOB.append((fn, items))
    pool = mp.get_context("fork").Pool(n, initializer=_child_signals)
    try:
        results = pool.map(_call, range(len(items)), chunksize=1)
        pool.close()
        pool.join()  # idle workers leave on their own: none is killed while it may hold the queue's lock
        return results
    finally:
        pool.terminate()
        _JOB.pop()


def fork_imap(fn: Callable[[Any], Any], items: Sequence[Any], processes: int,
              on_start: Callable[[], Any] | None = None) -> Iterator[tuple[int, Any]]:
    """``(k, fn(items[k]))`` for every item, as each finishes, computed in ``processes`` forked processes.

    Like :func:`fork_map` (nothing pickled on the way in), but the results come as
    they are ready, so a caller can save each at once (a sweep's part files).
    ``on_start`` runs first in every child (e.g. to end with the parent).
    Serial (in this process, in order) when ``processes`` < 2 or there is no ``fork``.

    Parameters
    ----------
    fn
        Any callable (closures too); its results must pickle.
    items
        The inputs, handed out one at a time.
    processes
        Worker processes.
    on_start
        Called once in each child before its first item.
    """
    if processes < 2 or "fork" not in mp.get_all_start_methods() or mp.current_process().daemon:
        for k, x in enumerate(items):
            yield k, fn(x)
        return
    _JOB.append((fn, items))
    pool = mp.get_context("fork").Pool(min(processes, max(1, len(items))), initializer=_start_child,
                                       initargs=(on_start,))
    try:
        yield from pool.imap_unordered(_call_indexed, range(len(items)), chunksize=1)
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        _JOB.pop()


__all__ = ["fork_imap", "fork_map", "processes_for"]
