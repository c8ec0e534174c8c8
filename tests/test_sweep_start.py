"""Sweeps from the command line: small ones run in-process, the workers' server starts while the model loads."""

from __future__ import annotations

from sweep_helpers import write_region, write_spec

from raddsim.cli import main
from raddsim.sweep import load_spec, read_parts, run_sweep
from raddsim.sweep.execute import SMALL_SWEEP_ALARMS, load_sweep, small_sweep

SPEC = """
base = "low"
years = {years}
replications = {reps}
seed = 5
[axes]
"demand.multiplier" = [0.8, 1.2]
"""


def test_small_sweep_runs_in_process_by_default_and_large_does_not(tmp_path):
    region = write_region(tmp_path / "gridby")  # 3,000 alarms a year
    small = load_spec(write_spec(tmp_path, SPEC.format(years=0.5, reps=3), region=region, name="small.toml"))
    region_, _, small = load_sweep(small)
    assert small.n_tasks * 0.5 * 3000 < SMALL_SWEEP_ALARMS and small_sweep(small, region_, small.n_tasks)
    run = run_sweep(small, tmp_path / "s", progress=False)
    assert run.backend == "inline" and run.ran == small.n_tasks
    big = load_spec(write_spec(tmp_path, SPEC.format(years=1.0, reps=10), region=region, name="big.toml"))
    assert not small_sweep(big, region_, big.n_tasks)  # 20 tasks × 3,000 alarms: worth the processes
    explicit = run_sweep(small, tmp_path / "p", processes=2, progress=False)  # asked for: processes it is
    assert explicit.backend == "processes" and read_parts(tmp_path / "p").equals(read_parts(tmp_path / "s"))


def test_cli_sweep_with_prestarted_workers_gives_the_in_process_rows(tmp_path):
    region = write_region(tmp_path / "gridby")
    spec = write_spec(tmp_path, SPEC.format(years=0.2, reps=12), region=region)
    assert main(["sweep", str(spec), "--out", str(tmp_path / "p2"), "--processes", "2", "--quiet"]) == 0
    assert main(["sweep", str(spec), "--out", str(tmp_path / "p0"), "--processes", "0", "--quiet"]) == 0
    assert read_parts(tmp_path / "p2").equals(read_parts(tmp_path / "p0"))
    assert len(read_parts(tmp_path / "p2")) == 24


def _prestarts(tmp_path, fork: bool) -> str:
    import subprocess
    import sys

    region = write_region(tmp_path / "gridby")
    spec = write_spec(tmp_path, SPEC.format(years=0.2, reps=3), region=region)
    code = f"""
import sys
import raddsim.core.forkserver as fs
assert not {{"numpy", "raddsim.sweep"}} & set(sys.modules), "the server's module must be light"
seen, start = [], fs.prestart
def spy():
    seen.append(sorted({{"numpy", "raddsim.sweep", "raddsim.sweep.worker"}} & set(sys.modules)))
    return start()
fs.prestart = spy
import multiprocessing as mp
if not {fork!r}:  # as on Windows: no fork
    methods = mp.get_all_start_methods
    mp.get_all_start_methods = lambda: [m for m in methods() if m != "fork"]
from raddsim.cli import main
assert main(["sweep", {str(spec)!r}, "--out", {str(tmp_path / "out")!r}, "--processes", "2", "--quiet"]) == 0
print("SEEN", seen)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert len(read_parts(tmp_path / "out")) == 6
    return out.stdout


def test_cli_forks_workers_after_loading_where_it_can(tmp_path):
    # Forked once the model is loaded, workers need no server: none is started.
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        import pytest

        pytest.skip("no fork on this platform")
    assert "SEEN []" in _prestarts(tmp_path, fork=True)


def test_cli_starts_the_workers_server_before_it_imports_the_sweep_package_without_fork(tmp_path):
    # Without fork the server imports raddsim (≈ 1 s) side by side with the driver only if it starts before the
    # driver's imports.
    assert "SEEN [[]]" in _prestarts(tmp_path, fork=False)  # called once, before numpy or the sweep package


def test_cli_dask_sweep_on_a_cluster_started_before_loading_gives_the_in_process_rows(tmp_path, monkeypatch):
    # `raddsim sweep --workers N` opens the local cluster first (its workers start while the model loads) and runs on it.
    import pytest

    pytest.importorskip("distributed")
    import raddsim.core.daskclient as dc
    import raddsim.sweep.execute as ex

    opened, ran_on = [], []
    real_cluster, real_run = dc.local_cluster, ex.run_sweep

    def cluster_spy(*a, **k):
        opened.append(a)
        return real_cluster(*a, **k)

    def run_spy(*a, **k):
        ran_on.append(k.get("cluster"))
        return real_run(*a, **k)

    monkeypatch.setattr(dc, "local_cluster", cluster_spy)
    monkeypatch.setattr("raddsim.sweep.run_sweep", run_spy)
    region = write_region(tmp_path / "gridby")
    spec = write_spec(tmp_path, SPEC.format(years=0.2, reps=4), region=region)
    assert main(["sweep", str(spec), "--out", str(tmp_path / "d2"), "--workers", "2", "--quiet"]) == 0
    assert len(opened) == 1 and ran_on and ran_on[0] is not None  # one cluster, opened by the command, used by the sweep
    assert main(["sweep", str(spec), "--out", str(tmp_path / "p0"), "--processes", "0", "--quiet"]) == 0
    assert read_parts(tmp_path / "d2").equals(read_parts(tmp_path / "p0"))


def test_spawned_workers_give_the_forked_workers_rows(tmp_path, monkeypatch):
    # Where there is no fork, workers unpickle the packed model (ProcessPoolExecutor): the same rows.
    import raddsim.sweep.execute as ex

    region = write_region(tmp_path / "gridby")
    spec = load_spec(write_spec(tmp_path, SPEC.format(years=0.2, reps=4), region=region))
    forked = run_sweep(spec, tmp_path / "f", processes=2, progress=False)
    monkeypatch.setattr(ex, "can_fork", lambda: False)
    spawned = run_sweep(spec, tmp_path / "s", processes=2, progress=False)
    assert forked.backend == spawned.backend == "processes"
    assert read_parts(tmp_path / "f").equals(read_parts(tmp_path / "s"))


def test_local_dask_workers_are_forked_from_a_server_that_imported_distributed_and_raddsim():
    # distributed's default (spawn) has every worker import distributed and raddsim itself (≈ 1 s of CPU each);
    # raddsim's local cluster forks them from one server that did it once.
    import os
    from pathlib import Path

    import pytest

    pytest.importorskip("distributed")
    if not Path(f"/proc/{os.getpid()}/cmdline").exists():
        pytest.skip("reads the worker's parent from /proc (Linux)")
    from raddsim.core.daskclient import dask_client, local_cluster

    def parent() -> tuple[str, bool, bool]:
        import sys

        cmd = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        return cmd, "distributed" in sys.modules, "raddsim.sweep.worker" in sys.modules

    with local_cluster(1) as cluster, dask_client(None, 1, cluster=cluster) as client:
        client.wait_for_workers(1, timeout=120)
        (cmd, has_distributed, has_worker), = client.run(parent).values()
    assert "multiprocessing.forkserver" in cmd, cmd
    assert has_distributed and has_worker
