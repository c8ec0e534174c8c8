"""Sweep files: a corrupt part file is quarantined, named and re-run; summarize works on a read-only sweep."""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sweep_helpers import write_region, write_spec

from raddsim.cli import main
from raddsim.sweep import load_spec, read_parts, run_sweep
from raddsim.sweep.folder import RESULTS_FILE, part_files

ROOT = Path(__file__).resolve().parents[1]
SPEC = 'base = "low"\nyears = 0.01\nreplications = 2\nseed = 3\n[axes]\n"demand.multiplier" = [0.8, 1.0, 1.2]\n'


@pytest.fixture()
def finished(tmp_path):
    spec = load_spec(write_spec(tmp_path, SPEC, region=write_region(tmp_path / "gridby")))
    out = tmp_path / "out"
    run_sweep(spec, out, processes=0, chunk=2, progress=False)
    return spec, out


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_corrupt_part_is_quarantined_named_and_rerun(finished, caplog, damage) -> None:
    spec, out = finished
    whole = read_parts(out)
    victim = part_files(out)[1]
    data = victim.read_bytes()
    victim.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"PAR1" + os.urandom(200), "empty": b""}[damage])
    with caplog.at_level(logging.WARNING):
        again = run_sweep(spec, out, processes=0, chunk=2, progress=False)
    assert victim.name in caplog.text and "corrupt" in caplog.text
    assert again.ran == 2 and again.skipped == spec.n_tasks - 2
    assert (victim.parent / (victim.name + ".corrupt")).exists()
    assert read_parts(out).equals(whole)  # the same rows as before the damage


def test_summarize_on_a_read_only_sweep_writes_beside_or_where_told(finished, tmp_path, capsys) -> None:
    _, out = finished
    target = tmp_path / "elsewhere"
    assert main(["sweep", "summarize", str(out), "--out", str(target)]) == 0
    assert (target / "summary.csv").is_file() and not (out / "summary.csv").exists()
    if not shutil.which("unshare"):
        pytest.skip("needs unshare for a read-only mount")
    # A read-only bind mount of the sweep folder, in a private mount namespace.
    o, here, python = (shlex.quote(str(x)) for x in (out, tmp_path, sys.executable))  # paths with spaces too
    script = (f"mount --bind {o} {o} && mount -o remount,bind,ro {o} && cd {here} && "
              f"{python} -m raddsim sweep summarize {o}")
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount --bind {o} {o}"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no private mount namespace here")
    res = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "read-only" in res.stdout and (tmp_path / "out-summary" / "summary.csv").is_file()
    assert not (out / "summary.csv").exists()


def test_unreadable_results_file_is_named(tmp_path, finished) -> None:
    from raddsim.core.errors import InputError

    _, out = finished
    for p in part_files(out):
        p.unlink()
    (out / RESULTS_FILE).write_bytes(b"not parquet")
    with pytest.raises(InputError, match=RESULTS_FILE):
        read_parts(out)
