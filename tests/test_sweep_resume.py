"""A sweep killed halfway (SIGKILL, no chance to clean up) loses nothing finished and duplicates nothing on resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sweep_helpers import write_region, write_spec

from raddsim.sweep import load_spec, read_parts, run_sweep
from raddsim.sweep.folder import RESULTS_FILE, part_files
from raddsim.sweep.results import finished_tasks

ROOT = Path(__file__).resolve().parents[1]

SPEC = """
scenarios = ["low", "high"]
years = 0.15
replications = 8
seed = 5

[axes]
"crews.east_pt.turnout_minutes" = [3, 6, 9]
"demand.multiplier" = [0.9, 1.0, 1.1, 1.2, 1.3]
"""


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_killed_sweep_resumes_to_the_uninterrupted_result(tmp_path) -> None:
    region = write_region(tmp_path / "gridby")
    spec_path = write_spec(tmp_path, SPEC, region=region)
    spec = load_spec(spec_path)
    assert spec.n_tasks == 240
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # Its own session, so the kill reaches the driver and every worker it started.
    proc = subprocess.Popen([sys.executable, "-m", "raddsim", "sweep", str(spec_path), "--out", str(out),
                             "--processes", "2", "--chunk", "3", "--quiet"],
                            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(part_files(out)) < 4:
            assert proc.poll() is None, f"the sweep ended before it could be killed: {proc.stderr.read().decode()}"
            assert time.monotonic() < deadline, "no part files appeared"
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    meta = json.loads((out / "sweep.json").read_text())
    assert meta["status"] == "running" and not (out / RESULTS_FILE).exists()
    finished = finished_tasks(out)
    assert 0 < len(finished) < spec.n_tasks, "the kill did not land mid-sweep"
    before = read_parts(out)  # every part file is whole and readable
    # A half-written temporary like the one a kill during a write leaves behind is not a result.
    (out / "parts" / ".part-0000000000-deadbeef.parquet.123.tmp").write_bytes(b"PAR1 half a file")

    resumed = run_sweep(load_spec(spec_path), out, processes=2, progress=False)
    assert resumed.skipped == len(finished) and resumed.ran == spec.n_tasks - len(finished)
    assert not list((out / "parts").glob(".*.tmp"))
    final = read_parts(out)  # raises on a task in two part files
    assert final.column("task").to_pylist() == list(range(spec.n_tasks))
    # Nothing finished was lost or recomputed differently.
    kept = final.to_pandas().set_index("task").loc[before.column("task").to_pylist()]
    assert kept.reset_index().equals(before.to_pandas())

    clean = run_sweep(load_spec(spec_path), tmp_path / "clean", processes=0, progress=False)
    assert clean.ran == spec.n_tasks
    assert final.equals(read_parts(tmp_path / "clean"))
    assert json.loads((out / "sweep.json").read_text())["status"] == "complete"
