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
from collections import deque
from contextlib import contextmanager
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator, Sequence

#: (function, items) of each running fork_map, by key: read by the forked children, never pickled.
_JOBS: dict[int, tuple[Callable[[Any], Any], Sequence[Any]]] = {}


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


#: Signals held while children are forked (see :func:`_held_signals`).
_HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _held_signals() -> Iterator[None]:
    """Hold SIGINT and SIGTERM in this thread while it forks children (and starts a pool's threads).

    A child inherits the held mask, so the parent's handlers — the CLI's SIGTERM handler raises
    KeyboardInterrupt — can never run in it before :func:`_child_signals` has replaced them: a
    terminate() right after the fork would otherwise interrupt the child in multiprocessing's own
    start-up (it hung there, or went on running the parent's code). A signal sent meanwhile waits:
    the child gets it once its handlers are set, the parent when this block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - no fork there either
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _child_signals() -> None:
    # A forked child must die at once when its pool is torn down (SIGTERM's default), or it can leave the
    # task queue's lock held and the pool's join waits for ever; Ctrl-C is the parent's to handle.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held since the fork (_held_signals)


def _call(job: int, k: int) -> Any:
    fn, items = _JOBS[job]
    return fn(items[k])


def _call_indexed(job: int, k: int) -> tuple[int, Any]:
    return k, _call(job, k)


def _new_job(fn: Callable[[Any], Any], items: Sequence[Any]) -> int:
    key = max(_JOBS, default=0) + 1
    _JOBS[key] = (fn, items)
    return key


def _start_child(also: Callable[[], Any] | None) -> None:
    _child_signals()
    if also is not None:
        also()


class Pending:
    """A :func:`fork_map_async` under way: :meth:`result` waits for it, :meth:`cancel` stops it."""

    def __init__(self, fn: Callable[[Any], Any], items: Sequence[Any], n: int) -> None:
        self._serial = (fn, items) if n < 2 else None
        self._job, self._pool, self._async = 0, None, None
        if n >= 2:
            self._job = _new_job(fn, items)
            # The children are forked here, with this process as it is now: the caller goes on meanwhile.
            with _held_signals():  # the pool's threads keep the mask: children they fork later are held too
                self._pool = mp.get_context("fork").Pool(n, initializer=_child_signals)
            self._async = self._pool.map_async(partial(_call, self._job), range(len(items)), chunksize=1)

    def result(self) -> list[Any]:
        """``[fn(x) for x in items]``, in order (computed here, now, when there are no processes)."""
        if self._serial is not None:
            fn, items = self._serial
            return [fn(x) for x in items]
        try:
            assert self._pool is not None and self._async is not None
            results = self._async.get()
            self._pool.close()
            self._pool.join()  # idle workers leave on their own: none is killed while it may hold the queue's lock
            return results
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the processes (if any are left) and forget the job; safe to call more than once."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None
        _JOBS.pop(self._job, None)


def fork_map_async(fn: Callable[[Any], Any], items: Sequence[Any], processes: int | None = None) -> Pending:
    """Start ``[fn(x) for x in items]`` in forked processes and return at once (see :func:`fork_map`).

    The children start from this process as it is at the call, so whatever the caller
    does next (imports, other work) runs beside them. Without processes (one core, no
    ``fork``) nothing runs until :meth:`Pending.result`. Call :meth:`Pending.result` or
    :meth:`Pending.cancel` (e.g. in a ``finally``), or the children run on unattended.
    """
    n = processes_for(len(items)) if processes is None else max(1, min(processes, len(items)))
    return Pending(fn, items, n)


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
    return fork_map_async(fn, items, processes).result()


class ForkQueue:
    """Calls run in forked processes as they are submitted, at most ``processes`` at a time; results in order.

    For work that becomes ready piece by piece (the report's figures, drawn one after another):
    each piece starts on a free core as soon as it exists, while the caller prepares the next,
    instead of all of them after the last. A child starts from this process as it is when the
    piece starts (nothing is pickled on the way in); its result comes back pickled. Serial (each
    call run at once, here) when :func:`processes_for` gives one process.

    Parameters
    ----------
    processes
        At most this many children at a time (default :func:`processes_for`; 1 runs every call here).
    """

    def __init__(self, processes: int | None = None) -> None:
        self._n = processes_for(2) if processes is None else max(1, processes)
        self._results: list[Any] = []
        self._running: dict[Connection, tuple[int, Any]] = {}  # the child's connection: (index, process)
        self._waiting: deque[tuple[int, Callable[[], Any]]] = deque()

    def submit(self, fn: Callable[[], Any]) -> int:
        """Start ``fn()`` (or queue it until a child is free); its index in :meth:`results`."""
        k = len(self._results)
        self._results.append(None)
        if self._n < 2:
            self._results[k] = fn()
            return k
        self._waiting.append((k, fn))
        self._collect(block=False)
        return k

    def results(self) -> list[Any]:
        """Every call's result, in the order submitted (waits for the children)."""
        while self._running or self._waiting:
            self._collect(block=True)
        return list(self._results)

    def cancel(self) -> None:
        """Stop every child and forget what waits (after an error); safe to call more than once."""
        self._waiting.clear()
        for conn, (_, proc) in self._running.items():
            proc.terminate()
            proc.join()
            conn.close()
        self._running.clear()

    def _collect(self, block: bool) -> None:
        """Start what waits on the free slots, take in what finished (waiting for one when ``block``), start more."""
        self._start_waiting()
        if self._running:
            for ready in wait(list(self._running), timeout=None if block else 0):
                conn: Connection = ready  # type: ignore[assignment]  # wait() gives back what it was given
                k, proc = self._running.pop(conn)
                try:
                    status, value = conn.recv()
                except EOFError:  # the child died before it could answer (killed, out of memory)
                    proc.join()
                    status, value = "error", RuntimeError(f"a forked process ended without a result "
                                                          f"(exit code {proc.exitcode}).")
                conn.close()
                proc.join()
                if status == "error":
                    self.cancel()
                    raise value if isinstance(value, BaseException) else RuntimeError(str(value))
                self._results[k] = value
        self._start_waiting()

    def _start_waiting(self) -> None:
        while self._waiting and len(self._running) < self._n:
            k, fn = self._waiting.popleft()
            ctx = mp.get_context("fork")
            here, there = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_run_child, args=(fn, there), daemon=True)
            with _held_signals():
                proc.start()
            there.close()
            self._running[here] = (k, proc)


def _run_child(fn: Callable[[], Any], conn: Any) -> None:
    _child_signals()
    try:
        out: tuple[str, Any] = ("ok", fn())
    except BaseException as exc:  # sent back and raised in the parent
        out = ("error", exc)
    try:
        conn.send(out)
    except Exception as exc:  # an unpicklable result or exception
        conn.send(("error", RuntimeError(f"a forked task's result could not be sent back: {exc!r}")))
    conn.close()


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
    job = _new_job(fn, items)
    with _held_signals():
        pool = mp.get_context("fork").Pool(min(processes, max(1, len(items))), initializer=_start_child,
                                           initargs=(on_start,))
    try:
        yield from pool.imap_unordered(partial(_call_indexed, job), range(len(items)), chunksize=1)
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        _JOBS.pop(job, None)


__all__ = ["ForkQueue", "Pending", "fork_imap", "fork_map", "fork_map_async", "processes_for"]
