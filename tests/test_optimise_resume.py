"""``raddsim optimise --sweep-dir``: the simulation stage kept as it runs, and resumed after a stop."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT
from optimise_helpers import OPTIONS, write_toy

from raddsim.core.errors import InputError
from raddsim.experiment.model import build_model
from raddsim.optimise.options import load_options
from raddsim.optimise.run import Finalist, Settings, prove
from raddsim.sweep import worker
from raddsim.sweep.folder import part_files, read_metadata

PLANTED = {
    "as-today": {},
    "east-ambition": {"crews.east_pt.level": "ambition"},
    "both-ambition": {"crews.east_pt.level": "ambition", "crews.north_pt.level": "ambition"},
}
SETTINGS = Settings(objective="effective", seed=11, initial_replications=4, batch=4, max_replications=16, processes=0)


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    d = tmp_path_factory.mktemp("toyresume")
    _, opts = write_toy(d, options=OPTIONS)
    space = load_options(opts)
    return d, space, build_model(space.region)


def same(a: tuple, b: tuple) -> bool:
    """Two (selection, figures) results equal bit for bit (arrays by their bytes, figures by their JSON text)."""
    (sel_a, fig_a), (sel_b, fig_b) = a, b
    for f in dataclasses.fields(sel_a):
        x, y = getattr(sel_a, f.name), getattr(sel_b, f.name)
        if f.name == "data":
            if [np.asarray(v).tobytes() for v in x] != [np.asarray(v).tobytes() for v in y]:
                return False
        elif x != y:
            return False
    return json.dumps(fig_a, sort_keys=True) == json.dumps(fig_b, sort_keys=True)


def finalists(changes: dict[str, dict] = PLANTED) -> list[Finalist]:
    return [Finalist(n, 0, (n,), (), 0.0, 0.0, o, f"planted {n}") for n, o in changes.items()]


class Stop(Exception):
    """Stands for a kill in the middle of the simulation stage."""


@pytest.fixture()
def counted(monkeypatch):
    """Counts the tasks simulated in this process; ``stop_after`` makes the run stop there."""
    state = {"n": 0, "stop_after": None}
    real = worker.WorkerState.run_tasks

    def run_tasks(self, indices):
        if state["stop_after"] is not None and state["n"] >= state["stop_after"]:
            raise Stop()
        state["n"] += len(indices)
        return real(self, indices)

    monkeypatch.setattr(worker.WorkerState, "run_tasks", run_tasks)
    return state


def test_a_stopped_stage_resumes_with_the_same_result_and_simulates_only_what_is_missing(toy, tmp_path,
                                                                                       counted) -> None:
    _, space, model = toy
    sel_ref, fig_ref = prove(model, space, finalists(), SETTINGS)
    total = counted["n"]
    assert total > 4 * len(PLANTED)  # more than one look: the stop below falls inside the procedure
    counted.update(n=0, stop_after=total // 2)
    with pytest.raises(Stop):
        prove(model, space, finalists(), SETTINGS, sweep_dir=tmp_path / "sims")
    kept = counted["n"]
    assert read_metadata(tmp_path / "sims")["status"] == "running" and len(part_files(tmp_path / "sims")) == kept
    counted.update(n=0, stop_after=None)
    sel, fig = prove(model, space, finalists(), SETTINGS, sweep_dir=tmp_path / "sims")
    assert counted["n"] == total - kept  # only what the stopped run had not finished
    assert same((sel, fig), (sel_ref, fig_ref))  # every figure bit for bit, and the same selection
    meta = read_metadata(tmp_path / "sims")
    assert meta["status"] == "complete" and meta["finished_tasks"] == total
    assert (tmp_path / "sims" / "results.parquet").is_file()
    counted["n"] = 0
    assert same(prove(model, space, finalists(), SETTINGS, sweep_dir=tmp_path / "sims"), (sel_ref, fig_ref))
    assert counted["n"] == 0  # all there: nothing simulated


def test_other_finalists_or_settings_are_refused_before_anything_is_simulated(toy, tmp_path, counted) -> None:
    _, space, model = toy
    prove(model, space, finalists(), SETTINGS, sweep_dir=tmp_path / "sims")
    counted["n"] = 0
    before = sorted(p.name for p in part_files(tmp_path / "sims"))
    other = {**PLANTED, "both-ambition": {"crews.north_pt.level": "ambition"}}  # same names, other changes
    with pytest.raises(InputError, match="the finalists") as err:
        prove(model, space, finalists(other), SETTINGS, sweep_dir=tmp_path / "sims")
    assert err.value.field == "sweep_dir"  # the argument (errors16); the command line says --sweep-dir
    # Python's words: the Settings' fields (polish17; the command line says --seed, --warmup, --max-replications)
    for change, shown in (({"seed": 12}, "seed 11 before, 12 now"), ({"warmup_days": 2.0}, "warmup_days 0 before"),
                          ({"max_replications": 20}, "max_replications 16 before, 20 now")):
        settings = Settings(**{**SETTINGS.__dict__, **change})
        with pytest.raises(InputError, match="another optimisation") as err:
            prove(model, space, finalists(), settings, sweep_dir=tmp_path / "sims")
        assert shown in err.value.message
    assert counted["n"] == 0 and sorted(p.name for p in part_files(tmp_path / "sims")) == before


def _cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "raddsim", "optimise", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def _without_timings(path) -> dict:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.pop("seconds")
    doc["screening"].pop("seconds")
    return doc


def test_cli_resumes_and_writes_what_an_uninterrupted_run_writes(toy) -> None:
    d, _, _ = toy
    args = ["options.toml", "--budget", "5", "--objective", "time", "--top", "2", "--processes", "0",
            "--initial-replications", "3", "--batch", "3", "--max-replications", "6", "--short-replications", "2",
            "--no-progress", "--no-map"]
    plain = _cli(*args, "--out", "plain", cwd=d)
    assert plain.returncode == 0, plain.stderr
    first = _cli(*args, "--out", "first", "--sweep-dir", "sims", cwd=d)
    assert first.returncode == 0, first.stderr and "Resuming" not in first.stdout
    parts = part_files(d / "sims")
    for p in parts[1::2]:  # as if stopped before these batches were written
        p.unlink()
    again = _cli(*args, "--out", "again", "--sweep-dir", "sims", cwd=d)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"Resuming from sims: {len(parts) - len(parts[1::2]):g} simulated years")
    for out in ("first", "again"):
        assert _without_timings(d / out / "optimise.json") == _without_timings(d / "plain" / "optimise.json")
        assert (d / out / "optimise.csv").read_bytes() == (d / "plain" / "optimise.csv").read_bytes()


@pytest.mark.parametrize("case", ["file", "other files", "a sweep", "screen-only", "seed"])
def test_cli_refuses_a_wrong_sweep_dir_in_one_line_before_the_screening(toy, tmp_path, case) -> None:
    d, _, _ = toy
    target = tmp_path / "sims"
    extra: list[str] = []
    if case == "file":
        target.write_text("notes", encoding="utf-8")
    elif case == "other files":
        target.mkdir()
        (target / "mine.txt").write_text("keep me", encoding="utf-8")
    elif case == "a sweep":
        target.mkdir()
        (target / "sweep.json").write_text(json.dumps({"spec": {"seed": 1}, "status": "complete"}), encoding="utf-8")
    elif case == "screen-only":
        extra = ["--screen-only"]
    else:
        target.mkdir()
        (target / "sweep.json").write_text(json.dumps({"spec": {"seed": 1, "replications": 60, "years": 1.0},
                                                       "optimise": {}}), encoding="utf-8")
    res = _cli("options.toml", "--out", str(tmp_path / "out"), "--sweep-dir", str(target), "--no-progress", *extra,
               cwd=d)
    assert res.returncode == 2 and "--sweep-dir" in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Screening" not in res.stdout
    assert not (tmp_path / "out").exists()
    if case == "seed":
        assert "--seed 1 before, 20250101 now" in res.stderr
    if case == "other files":
        assert (target / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_worker_processes_keep_the_same_rows(toy, tmp_path) -> None:
    _, space, model = toy
    ref = prove(model, space, finalists(), SETTINGS)
    two = Settings(**{**SETTINGS.__dict__, "processes": 2})
    assert same(prove(model, space, finalists(), two, sweep_dir=tmp_path / "sims"), ref)
    runs = sum(ref[0].replications) + max(ref[0].replications)  # the base runs as long as the longest finalist
    assert read_metadata(tmp_path / "sims")["finished_tasks"] == runs
    assert same(prove(model, space, finalists(), SETTINGS, sweep_dir=tmp_path / "sims"), ref)  # read back in-process


def test_calibrate_names_a_changed_seed_as_typed(tmp_path) -> None:
    """A seed differing in a calibration's --sweep-dir is shown as given (20250101), not as 2.02501e+07."""
    import argparse

    from raddsim.cli.calibrate import sweep_dir_mismatch

    (tmp_path / "sweep.json").write_text(json.dumps({"spec": {"axes": [{"values": [0] * 5}], "replications": 6,
                                                              "seed": 20250101}}), encoding="utf-8")
    args = argparse.Namespace(sweep_dir=tmp_path, sets=5, replications=6, seed=20250102, warmup=0.0)
    assert sweep_dir_mismatch(args) == "--seed 20250101 before, 20250102 now."


def test_a_folder_another_run_is_writing_is_refused(toy, tmp_path, counted) -> None:
    """Two optimisations keeping rows in one folder would write each task twice: the second is refused at once."""
    from raddsim.sweep.folder import locked

    _, space, model = toy
    prove(model, space, finalists(), SETTINGS, sweep_dir=tmp_path / "sims")
    counted["n"] = 0
    with locked(tmp_path / "sims"), pytest.raises(InputError, match="writing to this directory"):
        prove(model, space, finalists(), SETTINGS, sweep_dir=tmp_path / "sims")
    assert counted["n"] == 0
