"""The simulation stage and the CLI of ``raddsim optimise`` on the toy region."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT
from optimise_helpers import OPTIONS, write_toy

from raddsim.experiment.compare import run_scenarios
from raddsim.experiment.model import build_model
from raddsim.figures.metrics import effective_force_minutes
from raddsim.optimise.options import load_options
from raddsim.optimise.run import Finalist, Settings, prove, with_finalists
from raddsim.optimise.simulate import FinalistRunner
from raddsim.region.region import load_region


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    d = tmp_path_factory.mktemp("toysim")
    options = OPTIONS + "\n[levels.west_ft]\nambition = 1\n"  # west's ambition staffing equals its minimum: no effect
    _, opts = write_toy(d, options=options)
    space = load_options(opts)
    return d, space, build_model(space.region)


def finalist(name: str, overrides: dict) -> Finalist:
    return Finalist(name, 0, (name,), (), 0.0, 0.0, overrides, f"planted {name}")


PLANTED = {
    "as-today": {},
    "east-ambition": {"crews.east_pt.level": "ambition"},
    "both-ambition": {"crews.east_pt.level": "ambition", "crews.north_pt.level": "ambition"},
}


def test_the_simulation_stage_picks_what_a_long_run_shows_is_best(toy) -> None:
    _, space, model = toy
    finalists = [finalist(n, o) for n, o in PLANTED.items()]
    settings = Settings(objective="effective", seed=11, initial_replications=6, batch=6, max_replications=30, processes=0)
    sel, figures = prove(model, space, finalists, settings)
    # The long run: 60 independent years of each, other seed.
    region = with_finalists(space, finalists)
    runs = run_scenarios(model, [region.scenarios[f.name] for f in finalists], years=1.0, seed=99, replications=60)
    long_means = [np.mean([np.nanmean(effective_force_minutes(rec)) for rec in run.records]) for run in runs]
    assert sel.status == "best"
    assert finalists[sel.best].name == finalists[int(np.argmin(long_means))].name == "both-ambition"
    assert max(sel.replications) < 30  # separated before the cap
    assert figures["both-ambition"]["effective_force_mean"]["difference_ci95"][1] < 0  # better than the base


def test_a_planted_tie_is_merged_not_run_to_the_cap(toy) -> None:
    """Two option sets that change nothing that matters (west's levels are identical) cannot be separated: they give
    the same figures in every replication, so the second is merged into the first after the first stage (it ran to
    the cap, 15 replications, before opt10) and the race goes on between the others."""
    _, space, model = toy
    finalists = [finalist("as-today", {}), finalist("west-ambition", {"crews.west_ft.level": "ambition"}),
                 finalist("worse", {"crews.north_pt.in_service": False})]
    settings = Settings(objective="time", seed=5, initial_replications=5, batch=5, max_replications=15, processes=0)
    sel, _ = prove(model, space, finalists, settings)
    assert sel.merged == {1: (0, 5)} and 1 not in sel.survivors and sel.replications[1] == 5
    assert 0 in sel.survivors and 2 in sel.eliminated
    assert max(sel.replications) < 15


@pytest.mark.parametrize("backend", [{"processes": 2}, {"processes": 2, "workers": 2}], ids=["processes", "dask"])
def test_processes_and_dask_give_the_same_rows_as_in_process(toy, backend) -> None:
    _, space, model = toy
    finalists = [finalist(n, o) for n, o in PLANTED.items()]
    region = with_finalists(space, finalists)
    names = [space.base] + [f.name for f in finalists]
    out = []
    for kw in ({"processes": 0}, backend):
        with FinalistRunner(region, model, names, years=0.5, seed=3, max_replications=4, **kw) as r:
            out.append(r.run([0, 1, 3], 1, 4))
    assert out[0].keys() == out[1].keys() and len(out[0]) == 9
    for key in out[0]:
        assert out[0][key]["first_arrival_mean"] == out[1][key]["first_arrival_mean"]
        assert out[0][key]["effective_force_mean"] == out[1][key]["effective_force_mean"]


def _cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "raddsim", "optimise", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_cli_writes_finalist_scenarios_table_and_plot_and_refuses_to_overwrite(toy) -> None:
    d, space, _ = toy
    args = ["options.toml", "--budget", "5", "--objective", "coverage", "--top", "3", "--out", "res", "--processes", "0",
            "--initial-replications", "4", "--batch", "4", "--max-replications", "8", "--short-replications", "2",
            "--no-progress"]
    res = _cli(*args, cwd=d)
    assert res.returncode == 0, res.stderr
    doc = json.loads((d / "res" / "optimise.json").read_text())
    assert doc["objective"] == "coverage" and doc["budget"] == 5 and len(doc["finalists"]) == 3
    assert all(f["cost"] <= 5 for f in doc["finalists"])
    assert doc["simulation"]["status"] in ("best", "tied")
    verdicts = [f["verdict"] for f in doc["finalists"]]
    assert sum(v.startswith("best") for v in verdicts) == (doc["simulation"]["status"] == "best")
    assert (d / "res" / "front.png").read_bytes()[:4] == b"\x89PNG"
    assert (d / "res" / "map_chosen.png").read_bytes()[:4] == b"\x89PNG"  # chosen set against the base
    csv = (d / "res" / "optimise.csv").read_text().splitlines()
    assert csv[0].startswith("scenario,options,cost,screening_score,verdict") and len(csv) == 5
    # Every finalist file works as --scenarios-file and reproduces the finalist.
    files = [d / "res" / "scenarios" / f"opt-{k}.toml" for k in (1, 2, 3)]
    region = load_region(d / "region.toml", extra_scenarios=files)
    assert {"opt-1", "opt-2", "opt-3"} <= set(region.scenarios)
    best = doc["finalists"][0]
    assert best["simulated"]["share_within_target"]["mean"] == pytest.approx(
        doc["finalists"][0]["simulated"]["share_within_target"]["mean"])
    before = (d / "res" / "optimise.json").read_bytes()
    again = _cli(*args, cwd=d)
    assert again.returncode == 2 and "exists already" in again.stderr and "--force" in again.stderr
    assert (d / "res" / "optimise.json").read_bytes() == before
    forced = _cli(*args, "--force", "--screen-only", cwd=d)
    assert forced.returncode == 0, forced.stderr
    assert json.loads((d / "res" / "optimise.json").read_text())["simulation"] is None


def test_cli_bad_options_file_exits_2_with_one_line(toy, tmp_path) -> None:
    d, _, _ = toy
    bad = d / "bad.toml"
    bad.write_text((d / "options.toml").read_text().replace("[levels.north_pt]", "[levels.nobody]"))
    res = _cli(str(bad), "--out", str(tmp_path / "o"), "--no-progress", cwd=d)
    assert res.returncode == 2
    assert "levels.nobody" in res.stderr and "unknown crew" in res.stderr and "Traceback" not in res.stderr
