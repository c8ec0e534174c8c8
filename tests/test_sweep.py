"""Sweeps: spec parsing and validation, identical results whatever the backend, summaries and plots."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from sweep_helpers import write_region, write_spec

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import load_region
from raddsim.sweep import load_spec, read_parts, run_sweep, validate_spec
from raddsim.sweep.execute import load_sweep
from raddsim.sweep.folder import locked

GRID_SPEC = """
description = "turnout × demand on Gridby"
scenarios = ["low", "high"]
years = 0.03
replications = 5
seed = 11

[axes]
"crews.east_pt.turnout_minutes" = [2, 5, 8, 12, 16]
"demand.multiplier" = { range = [0.8, 1.4, 0.2] }
"""


@pytest.fixture(scope="module")
def region_path(tmp_path_factory):
    return write_region(tmp_path_factory.mktemp("gridby"))


@pytest.fixture(scope="module")
def grid_sweep(tmp_path_factory, region_path):
    """A 200-task sweep, run once in this process as the reference."""
    d = tmp_path_factory.mktemp("sweep")
    spec = load_spec(write_spec(d, GRID_SPEC, region=region_path))
    loaded = load_sweep(spec)
    run = run_sweep(spec, d / "inline", processes=0, progress=False, loaded=loaded)
    return spec, loaded, d, run


# ---------------------------------------------------------------- execution

def test_200_tasks_identical_locally_with_1_and_2_processes_and_on_dask(grid_sweep) -> None:
    spec, loaded, d, ref_run = grid_sweep
    assert spec.n_tasks == 200 and ref_run.ran == 200
    ref = read_parts(d / "inline")
    assert ref.column("task").to_pylist() == list(range(200))
    for name, kw in (("p1", {"processes": 1}), ("p2", {"processes": 2}), ("dask2", {"workers": 2})):
        run = run_sweep(spec, d / name, progress=False, loaded=loaded, **kw)
        assert run.ran == 200 and run.skipped == 0
        got = read_parts(d / name)
        assert got.equals(ref), f"{name} differs from the in-process run"
        # The consolidated file holds the same rows.
        assert pq.read_table(d / name / "results.parquet").equals(ref)
    # An existing cluster (--scheduler): the same rows again.
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        run = run_sweep(spec, d / "sched", progress=False, loaded=loaded, scheduler=cluster.scheduler_address)
    assert run.backend == "dask" and run.workers == 2 and read_parts(d / "sched").equals(ref)
    meta = json.loads((d / "dask2" / "sweep.json").read_text())
    assert meta["status"] == "complete" and meta["last_run"]["backend"] == "dask" and meta["last_run"]["workers"] == 2
    assert meta["spec_hash"] == spec.hash and meta["seeds"]["seed"] == 11
    assert meta["network"]["source"].endswith("grid.osm") and meta["raddsim_version"]


def test_axes_reach_the_model_and_points_share_random_numbers(grid_sweep) -> None:
    spec, _, d, _ = grid_sweep
    df = read_parts(d / "inline").to_pandas()
    assert set(df.columns) >= {"crews.east_pt.turnout_minutes", "demand.multiplier", "share_within_target", "alarms"}
    assert sorted(df["demand.multiplier"].unique()) == [0.8, 1.0, 1.2, 1.4]
    # More demand, more alarms (same arrival stream, higher rate).
    alarms = df.groupby("demand.multiplier")["alarms"].mean()
    assert alarms.is_monotonic_increasing and alarms[1.4] > 1.5 * alarms[0.8]
    # A slower East crew cannot make first arrivals faster: with common random numbers
    # the per-replication means rise with its turnout time at every demand level.
    low = df[(df.scenario == "low") & (df["demand.multiplier"] == 1.0)]
    per_turnout = low.pivot(index="replication", columns="crews.east_pt.turnout_minutes", values="first_arrival_mean")
    assert (per_turnout[16] > per_turnout[2]).all()
    # Same replication, same point ⇒ same alarms in both scenarios (CRN across scenarios too).
    a = df[df.scenario == "low"].set_index(["point", "replication"])["alarms"]
    b = df[df.scenario == "high"].set_index(["point", "replication"])["alarms"]
    assert a.equals(b)


def test_resume_skips_finished_and_refuses_other_specs_and_dirs(grid_sweep, tmp_path, region_path) -> None:
    spec, loaded, d, _ = grid_sweep
    again = run_sweep(spec, d / "inline", processes=0, progress=False, loaded=loaded)
    assert again.ran == 0 and again.skipped == 200
    other = load_spec(write_spec(tmp_path, GRID_SPEC.replace("replications = 5", "replications = 6"), region=region_path))
    with pytest.raises(InputError, match=r"different spec \(differs in: replications") as exc:
        run_sweep(other, d / "inline", processes=0, progress=False, loaded=loaded)
    assert "sweep.json" in str(exc.value) and "Fix:" in str(exc.value)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="not empty and holds no sweep"):
        run_sweep(spec, tmp_path / "mine", processes=0, progress=False, loaded=loaded)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    with locked(tmp_path / "busy"):
        with pytest.raises(InputError, match="another raddsim sweep is writing"):
            run_sweep(spec, tmp_path / "busy", processes=0, progress=False, loaded=loaded)


# ---------------------------------------------------------------- spec

def test_axis_forms(tmp_path, region_path) -> None:
    spec = load_spec(write_spec(tmp_path, """
        base = "low"
        [axes]
        "demand.alarms_per_year" = { range = [600, 1000, 100] }
        "demand.multiplier" = { range = [0.8, 1.0, 0.1] }
        "demand.access.rural_mean_m" = { linspace = [0, 1000, 3] }
        "crews.east_pt.turnout_minutes" = { uniform = [4, 6], samples = 4, seed = 3 }
        "crews.east_pt2.turnout_minutes" = { integers = [5, 9], samples = 3 }
        staffing = ["low", "high"]
        """, region=region_path))
    ax = {a.key: a for a in spec.axes}
    assert ax["demand.alarms_per_year"].values == (600, 700, 800, 900, 1000) and ax["demand.alarms_per_year"].kind == "int"
    assert ax["demand.multiplier"].values == (0.8, 0.9, 1.0)  # stop included, no binary noise
    assert ax["demand.access.rural_mean_m"].values == (0.0, 500.0, 1000.0)
    u = ax["crews.east_pt.turnout_minutes"].values
    assert len(u) == 4 and all(4 <= v <= 6 for v in u) and len(set(u)) == 4
    assert all(5 <= v <= 9 and isinstance(v, int) for v in ax["crews.east_pt2.turnout_minutes"].values)
    assert spec.n_points == 5 * 3 * 3 * 4 * 3 * 2 and spec.scenarios == ("low",)
    # Samples are reproducible and follow their seed.
    assert load_spec(spec.file).axes[3].values == u
    spec2 = load_spec(write_spec(tmp_path, spec.file.read_text().replace("seed = 3", "seed = 4"), name="s2.toml"))
    assert spec2.axes[3].values != u
    # Points: last axis fastest; point values and overrides agree.
    assert spec.point_values(1)[-1] == "high" and spec.point_overrides(0)["staffing"] == "low"
    assert spec.task(3).replication == 3 % spec.replications


def test_nested_and_quoted_axis_keys_are_the_same_sweep(tmp_path, region_path) -> None:
    a = load_spec(write_spec(tmp_path, '[axes]\n"crews.east_pt.turnout_minutes" = [4, 6]\n', region=region_path, name="a.toml"))
    b = load_spec(write_spec(tmp_path, "[axes]\ncrews.east_pt.turnout_minutes = [4, 6]\n", region=region_path, name="b.toml"))
    assert a.axes == b.axes and a.hash == b.hash


def test_wildcard_axis_sets_every_scheduled_part_time_crew(tmp_path, region_path) -> None:
    spec = load_spec(write_spec(tmp_path, """
        base = "low"
        [axes]
        "crews.*.availability.response_probability" = [0.6, 0.9]
        """, region=region_path))
    region = load_region(region_path)
    spec = validate_spec(spec, region)
    from raddsim.sweep.overrides import derive_point

    setup = derive_point(region, spec, 0, "low")
    probs = {c.id: c.availability.response_probability for c in setup.crews}
    assert probs["east_pt"] == probs["east_pt2"] == 0.6
    assert probs["west_ft"] != 0.6  # full-time crews are not part of crews.*


SPEC_ERRORS = [
    ("replicatons = 3\n", "replicatons", r"unknown key 'replicatons'.*Did you mean 'replications'"),
    ('[axes]\n"crews.east_pt.turnout_minuts" = [4, 6]\n', 'axes."crews.east_pt.turnout_minuts"',
     r"unknown key 'turnout_minuts'.*Did you mean 'turnout_minutes'"),
    ('[axes]\n"crews.east_ptt.turnout_minutes" = [4, 6]\n', 'axes."crews.east_ptt.turnout_minutes"',
     r"no crew 'east_ptt' in the region.*Did you mean 'east_pt'"),
    ('[axes]\n"demnd.multiplier" = [1, 2]\n', 'axes."demnd.multiplier"', r"not a scenario parameter.*Did you mean 'demand'"),
    ('[axes]\n"crews.east_pt.turnout_minutes" = [4, -1]\n', 'axes."crews.east_pt.turnout_minutes"',
     r"turnout_minutes = -1 does not make a valid scenario.*at least 0"),
    ('[axes]\n"demand.multiplier" = 1.2\n', 'axes."demand.multiplier"', r"single value 1.2.*needs a list"),
    ('[axes]\n"demand.multiplier" = { range = [1.4, 0.8, 0.2] }\n', 'axes."demand.multiplier".range', r"start ≤ stop"),
    ('[axes]\n"demand.multiplier" = { uniform = [0.8, 1.2] }\n', 'axes."demand.multiplier".samples', r"required field"),
    ('[axes]\n"demand.multiplier" = { values = [1, 2], samples = 3 }\n', 'axes."demand.multiplier".samples', r"only goes with"),
    ('[axes]\nstaffing = ["low", 2]\n', 'axes."staffing"', r"mixes kinds"),
    ('[axes]\n"demand.multiplier" = [1.0, 1, 1.2]\n', 'axes."demand.multiplier".values', r"1.0 is listed twice"),
    ('[axes]\nstaffing = { values = ["low", "high", "low"] }\n', 'axes."staffing".values', r"'low' is listed twice"),
    ('[axes]\nstaffing = ["low", "hihg"]\n', 'axes."staffing"', r"no staffing level 'hihg'.*Did you mean 'high'"),
    ('[axes]\n"demand.multiplier" = [1, 2]\n[overrides]\n"demand.multiplier" = 3\n', 'overrides."demand.multiplier"',
     r"both an axis and a fixed override"),
    ('[overrides]\n"demand.season" = "wintr"\n', "overrides", r"'wintr' is not allowed.*Did you mean 'winter'"),
    ('scenarios = ["low", "hihg"]\n', "scenarios", r"unknown scenario 'hihg'.*Did you mean 'high'"),
    ('base = "low"\nscenarios = ["high"]\n', "base", r"not among scenarios"),
    ("years = 0\n", "years", r"greater than 0"),
]


@pytest.mark.parametrize("body,field,words", SPEC_ERRORS)
def test_spec_errors_name_file_field_and_fix(tmp_path, region_path, body, field, words) -> None:
    path = write_spec(tmp_path, body, region=region_path)
    with pytest.raises(InputError) as exc:
        validate_spec(load_spec(path), load_region(region_path))
    msg = str(exc.value)
    assert msg.startswith(f"{path}: {field}: "), msg
    assert "Fix:" in msg
    import re

    assert re.search(words, msg), msg


def test_spec_error_through_cli_is_one_line_exit_2(tmp_path, region_path, capsys) -> None:
    path = write_spec(tmp_path, '[axes]\n"crews.east_pt.turnout_minuts" = [4, 6]\n', region=region_path)
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "Did you mean 'turnout_minutes'" in err and err.count("\n") == 1
    assert not (tmp_path / "o").exists()  # nothing created for a bad spec
    assert main(["sweep", str(path)]) == 2 and "--out" in capsys.readouterr().err


# ---------------------------------------------------------------- summarize

def test_summarize_table_ci_and_plot(grid_sweep, tmp_path, capsys) -> None:
    spec, _, d, _ = grid_sweep
    out = d / "inline"
    plot_path = tmp_path / "share.png"
    assert main(["sweep", "summarize", str(out), "--x", "crews.east_pt.turnout_minutes", "--hue", "scenario",
                 "--where", "demand.multiplier=1.0", "--plot", str(plot_path)]) == 0
    printed = capsys.readouterr().out
    assert "within 6 min" in printed and "common random numbers" in printed
    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == spec.n_points * 2 and set(summary.scenario) == {"low", "high"}
    assert pd.read_parquet(out / "summary.parquet").shape == summary.shape
    assert (summary.replications == 5).all()
    # The summary is the replication mean with a Student-t interval around it, for a share of alarms at least
    # as wide as Wilson's interval of the pooled share (as run makes it: share_ci95).
    from raddsim.figures.metrics import share_ci95

    df = read_parts(out).to_pandas()
    sel = df[(df.point == 7) & (df.scenario == "high")]
    g = sel["share_within_target"].to_numpy()
    row = summary[(summary.point == 7) & (summary.scenario == "high")].iloc[0]
    half = 2.7764451051977987 * g.std(ddof=1) / np.sqrt(5)  # t(0.975, 4)
    assert row.share_within_target == pytest.approx(g.mean())
    _, lo, hi = share_ci95(g, sel["alarms"].to_numpy())
    assert (row.share_within_target_lo, row.share_within_target_hi) == pytest.approx((lo, hi))
    assert lo <= g.mean() - half + 1e-12 and hi >= g.mean() + half - 1e-12
    assert plot_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot_path.stat().st_size > 10_000
    # Default plot: share within target against the first axis, panels for the other.
    assert main(["sweep", "summarize", str(out)]) == 0
    assert (out / "summary_share_within_target.png").is_file()


def test_summarize_errors(grid_sweep, tmp_path, capsys) -> None:
    _, _, d, _ = grid_sweep
    assert main(["sweep", "summarize", str(d / "inline"), "--x", "demand.multiplyer"]) == 2
    assert "Did you mean 'demand.multiplier'" in capsys.readouterr().err
    assert main(["sweep", "summarize", str(d / "inline"), "--figure", "share_within"]) == 2
    assert "Did you mean 'share_within_target'" in capsys.readouterr().err
    assert main(["sweep", "summarize", str(tmp_path)]) == 2
    assert "holds no sweep" in capsys.readouterr().err


def test_example_spec_is_valid_for_the_default_region(default_region) -> None:
    from pathlib import Path

    specs = sorted((Path(__file__).resolve().parents[1] / "benchmarks" / "specs").glob("*.toml"))
    assert specs, "benchmarks/specs/ holds no example spec"
    for path in specs:
        spec = validate_spec(load_spec(path), default_region)
        assert spec.n_tasks >= 1


def test_table_valued_axis_and_per_area_columns(tmp_path, region_path) -> None:
    spec = load_spec(write_spec(tmp_path, """
        base = "low"
        years = 0.02
        replications = 2
        per_area = true
        [axes]
        "crews.east_pt.availability" = [{ response_probability = 0.5 }, { response_probability = 1.0 }]
        """, region=region_path))
    assert spec.axes[0].kind == "json"
    run = run_sweep(spec, tmp_path / "o", processes=0, progress=False)
    df = read_parts(tmp_path / "o").to_pandas()
    assert run.ran == 4 and list(df["crews.east_pt.availability"].unique()) == [
        '{"response_probability": 0.5}', '{"response_probability": 1.0}']
    areas = [c for c in df.columns if c.startswith("area:") and c.endswith(":alarms")]
    assert sorted(areas) == ["area:East:alarms", "area:West:alarms"]
    assert (df[areas].sum(axis=1) == df["alarms"]).all()
    # Fewer responders, more failed turnouts: the table value reaches the crews.
    failed = df.groupby("crews.east_pt.availability")["failed_to_roll_per_alarm"].mean()
    assert failed['{"response_probability": 0.5}'] > failed['{"response_probability": 1.0}']


def test_batches_cover_every_task_once_large_first() -> None:
    from raddsim.sweep.execute import MAX_BATCH, batches

    todo = list(range(3, 5000, 2))
    jobs = batches(todo, workers=2)
    assert [i for j in jobs for i in j] == todo
    sizes = [len(j) for j in jobs]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] <= MAX_BATCH and sizes[-1] == 1
    assert [len(j) for j in batches(list(range(10)), workers=2, chunk=3)] == [3, 3, 3, 1]
