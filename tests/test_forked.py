"""Independent pieces of a command in forked processes (raddsim.core.forked): same results, same order."""

from __future__ import annotations

import json
import os

from raddsim.core.forked import fork_map, processes_for


def test_fork_map_keeps_order_and_runs_closures_in_children():
    import os

    parent = os.getpid()
    offset = 7  # a closure: fork_map does not pickle the function
    got = fork_map(lambda x: (x * x + offset, os.getpid()), list(range(9)), processes=2)
    assert [v for v, _ in got] == [x * x + 7 for x in range(9)]
    assert any(pid != parent for _, pid in got)  # really computed elsewhere
    assert fork_map(lambda x: x + 1, [1, 2], processes=1) == [2, 3]
    assert processes_for(1) == 1


def test_run_experiment_in_processes_is_identical_to_serial(default_model, default_region, monkeypatch):
    from raddsim.experiment.runs import run_experiment

    setups = [default_region.scenarios["minimum"], default_region.scenarios["ambition"]]
    monkeypatch.setenv("RADDSIM_PROCESSES", "1")
    serial = run_experiment(default_model, setups, years=0.5, replications=3, seed=11)
    monkeypatch.setenv("RADDSIM_PROCESSES", "2")
    parallel = run_experiment(default_model, setups, years=0.5, replications=3, seed=11)
    assert json.dumps(serial, sort_keys=True, default=str) == json.dumps(parallel, sort_keys=True, default=str)
    assert list(parallel["scenarios"]) == ["minimum", "ambition"]


def test_fork_map_async_lets_the_caller_work_meanwhile_and_cancel_stops_the_children():
    import os
    import time

    from raddsim.core import forked

    started = time.monotonic()
    pending = forked.fork_map_async(lambda x: (x + 1, os.getpid(), time.monotonic()), list(range(4)), processes=2)
    here = time.monotonic()  # returned before any item could finish (each sleeps in the next job, not this one)
    got = pending.result()
    assert [v for v, _, _ in got] == [1, 2, 3, 4]
    assert all(pid != os.getpid() for _, pid, _ in got)
    assert here - started < min(t for _, _, t in got) - started + 1.0
    assert not forked._JOBS  # the job is forgotten once its result is in
    pending.cancel()  # after the result: nothing to do, no error

    slow = forked.fork_map_async(lambda x: time.sleep(30), [1, 2], processes=2)
    t0 = time.monotonic()
    slow.cancel()
    assert time.monotonic() - t0 < 10 and not forked._JOBS  # terminated, not waited for
    # No processes: nothing runs until the result is asked for, then here, in order.
    calls: list[int] = []
    serial = forked.fork_map_async(lambda x: calls.append(x) or x * 2, [3, 4], processes=1)
    assert calls == []
    assert serial.result() == [6, 8] and calls == [3, 4]


def test_fork_queue_starts_each_call_as_it_comes_at_most_n_at_a_time_results_in_order():
    import os
    import time

    import pytest

    from raddsim.core.forked import ForkQueue

    def piece(k: int):
        start = time.monotonic()
        time.sleep(0.3)
        return k, os.getpid(), start, time.monotonic()

    q = ForkQueue(2)
    submitted = []
    for k in range(5):
        q.submit(lambda k=k: piece(k))
        submitted.append(time.monotonic())
        time.sleep(0.05)  # the caller "draws" the next piece meanwhile
    got = q.results()
    assert [g[0] for g in got] == list(range(5))
    assert len({g[1] for g in got}) == 5 and os.getpid() not in {g[1] for g in got}
    assert got[0][2] < submitted[1]  # the first started before the second was asked for: rendered as it came
    for t in [g[2] + 0.01 for g in got]:  # never more than two at once
        assert sum(1 for g in got if g[2] <= t < g[3]) <= 2
    serial = ForkQueue(1)
    serial.submit(lambda: os.getpid())
    assert serial.results() == [os.getpid()]  # one process: run here, at once

    failing = ForkQueue(2)
    t0 = time.monotonic()
    with pytest.raises(ZeroDivisionError):  # raised where it is noticed: at a later submit, or in results()
        failing.submit(lambda: time.sleep(30))
        failing.submit(lambda: 1 // 0)
        failing.results()
    killed = ForkQueue(2)
    with pytest.raises(RuntimeError, match="ended without a result"):
        killed.submit(lambda: os._exit(3))
        killed.results()
    assert time.monotonic() - t0 < 10  # the other child was stopped, not waited for


def test_children_cancelled_at_once_neither_hang_nor_run_the_parents_code(tmp_path):
    # The CLI turns SIGTERM into KeyboardInterrupt (clean-up); a child cancelled right after its fork must not
    # run that handler inside multiprocessing's start-up (seen: a hang in terminate, a child going on with the
    # parent's code). 40 immediate cancels of each kind, in a fresh interpreter with that handler installed.
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = ("import os, signal, sys, time\n"
            "def _terminate(signum, frame):\n"
            "    raise KeyboardInterrupt\n"
            "signal.signal(signal.SIGTERM, _terminate)\n"
            "from raddsim.core.forked import ForkQueue, fork_map_async\n"
            "me = os.getpid()\n"
            "for _ in range(40):\n"
            "    fork_map_async(lambda x: time.sleep(5), [1, 2, 3], processes=2).cancel()\n"
            "    q = ForkQueue(2)\n"
            "    q.submit(lambda: time.sleep(5)); q.submit(lambda: time.sleep(5))\n"
            "    q.cancel()\n"
            "print('done', os.getpid() == me, flush=True)\n")
    env = {**os.environ, "PYTHONPATH": str(root)}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                       cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.split() == ["done", "True"], p.stdout  # one line: no child went on with this code
    assert "KeyboardInterrupt" not in p.stderr, p.stderr[-2000:]
