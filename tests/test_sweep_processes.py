"""A sweep's worker processes end with it: after kill -9 or SIGTERM of the main process none survive."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sweep_helpers import write_region, write_spec

from raddsim.sweep.folder import part_files

ROOT = Path(__file__).resolve().parents[1]
SPEC = 'base = "low"\nyears = 0.2\nreplications = 40\nseed = 9\n[axes]\n"demand.multiplier" = [0.9, 1.0, 1.1]\n'

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def session_members(sid: int) -> list[int]:
    """Live (not zombie) processes of session ``sid``."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) == sid and fields[0] != "Z":  # fields[3] is the session id
                out.append(int(d.name))
    return out


def _start(tmp_path: Path, *pipe_through: str) -> subprocess.Popen:
    spec = write_spec(tmp_path, SPEC, region=write_region(tmp_path / "gridby"))
    cmd = shlex.join([sys.executable, "-m", "raddsim", "sweep", str(spec), "--out", str(tmp_path / "out"), "--processes", "2",
                      "--chunk", "2", "--quiet"])  # quoted: a checkout path may hold spaces
    if pipe_through:
        cmd = f"exec {cmd}"  # the shell becomes raddsim: its pid is the main process
    return subprocess.Popen(["sh", "-c", cmd], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for_parts(proc: subprocess.Popen, out: Path) -> None:
    deadline = time.monotonic() + 180
    while len(part_files(out)) < 2:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "no part files appeared"
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_no_worker_survives_its_main_process(tmp_path, sig) -> None:
    proc = _start(tmp_path, "exec")
    try:
        _wait_for_parts(proc, tmp_path / "out")
        assert len(session_members(proc.pid)) >= 3  # main, forkserver and workers
        os.kill(proc.pid, sig)  # only the main process: the others must follow by themselves
        proc.wait(timeout=60)
        deadline = time.monotonic() + 30
        while session_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert session_members(proc.pid) == [], "worker processes outlived the sweep"
        # The output pipe is released too: reading it reaches the end (`raddsim sweep … | tee` ends).
        assert proc.stdout.read() is not None
        if sig == signal.SIGTERM:
            assert proc.returncode == 130 and "interrupted" in proc.stderr.read().decode()
    finally:
        if proc.poll() is None or session_members(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)


def test_piped_sweep_ends(tmp_path) -> None:
    spec = write_spec(tmp_path, 'base = "low"\nyears = 0.01\nreplications = 4\n', region=write_region(tmp_path / "gridby"))
    sweep = shlex.join([sys.executable, "-m", "raddsim", "sweep", str(spec), "--out", str(tmp_path / "o"), "--processes", "2"])
    res = subprocess.run(["sh", "-c", f"{sweep} | cat"],
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0 and "4 task(s) run" in res.stdout


def test_worker_asks_to_die_with_its_parent() -> None:
    code = ("import os, sys; from raddsim.sweep.lifeline import die_with_parent; print(die_with_parent())")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.stdout.strip() == "pdeathsig"


def test_forked_workers_do_not_hold_the_directory_lock(tmp_path):
    # flock belongs to the open file a forked worker shares: a worker alive for a moment after its
    # driver was killed would keep the directory locked and refuse the resume.
    import multiprocessing as mp
    import os

    import pytest

    from raddsim.core.forked import fork_imap
    from raddsim.sweep import folder as res
    from raddsim.sweep.execute import worker_start

    if "fork" not in mp.get_all_start_methods() or not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs fork and /proc")
    lock = str((tmp_path / res.LOCK_FILE).resolve())

    def lock_fds(_):
        return [fd for fd in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{fd}") == lock]

    with res.locked(tmp_path):
        held = dict(fork_imap(lock_fds, [0, 1], 2))
        inherited = dict(fork_imap(lock_fds, [0, 1], 2, on_start=worker_start))
        assert lock_fds(0)  # the driver holds it
    assert held[0] and held[1]  # a plain fork inherits it (so the test can fail)
    assert inherited == {0: [], 1: []}
