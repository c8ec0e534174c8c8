"""Option checks found by the bad-input probe (notes/probe_bad.md 1, 5, 9, 12): each refused before any
simulation or file, in one line naming the option and the fix (exit status 2, no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
FAST = ["--replications", "2", "--years", "0.05"]


def _refused(argv: list[str], capsys) -> str:
    """The one-line error of a command that must exit with status 2 (argparse's or raddsim's)."""
    try:
        code = main(argv)
    except SystemExit as exc:  # a usage error from argparse
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err
    return err


# ------------------------------------------------------------------ 1. an output's name says what it holds


@pytest.mark.parametrize("name", ["out.xlsx", "out.json", "out.pq", "out", "out.csv.gz"])
def test_an_alarm_table_named_for_another_format_is_refused_before_the_run(tmp_path, capsys, name) -> None:
    # Was: CSV text written under any of these names (rc 0); Excel then refused "out.xlsx".
    out = tmp_path / name
    err = _refused(["run", "minimum", *FAST, "--alarms", str(out)], capsys)
    assert "--alarms" in err and name in err and ".csv" in err and ".parquet" in err, err
    assert "Excel" in err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["run", "minimum", *FAST], ["compare", "minimum", "ambition", *FAST],
                                     ["target", "--no-levers", *FAST], ["demand", *FAST], ["network", "info"],
                                     ["calibrate", "--method", "bisect", *FAST]])
def test_a_json_output_not_named_json_is_refused_on_every_command(tmp_path, capsys, command) -> None:
    # Was: `run --json res.csv` wrote JSON text into a .csv file.
    extra = ["--out", str(tmp_path / "cal.toml")] if command[0] == "calibrate" else []
    err = _refused([*command, "--json", str(tmp_path / "res.csv"), *extra], capsys)
    assert "--json" in err and "res.csv" in err and "res.json" in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", ["--out", "--write"])
def test_calibrate_toml_outputs_not_named_toml_are_refused(tmp_path, capsys, option) -> None:
    paths = {"--out": tmp_path / "cal.toml", "--write": tmp_path / "post.toml"}
    paths[option] = tmp_path / "cal.txt"
    argv = ["calibrate", "--sets", "2", "--replications", "1"]
    for opt, path in paths.items():
        argv += [opt, str(path)]
    err = _refused(argv, capsys)
    assert option in err and "cal.txt" in err and ".toml" in err, err
    assert list(tmp_path.iterdir()) == []


def test_every_supported_output_name_passes_the_check(tmp_path) -> None:
    import argparse

    from raddsim.cli.args import check_output_endings

    for json_name, alarms in (("r.json", "a.csv"), ("R.JSON", "A.CSV"), ("r.json", "a.parquet"),
                              ("r.json", "a.Parquet")):
        check_output_endings(argparse.Namespace(command="run", json=tmp_path / json_name, alarms=tmp_path / alarms))
    check_output_endings(argparse.Namespace(command="calibrate", json=None, out=tmp_path / "c.toml",
                                             write=tmp_path / "p.TOML"))


def test_the_python_api_refuses_an_alarm_file_of_another_format(default_model, tmp_path) -> None:
    from raddsim.experiment.runs import run_experiment

    with pytest.raises(InputError) as exc:
        run_experiment(default_model, ["minimum"], years=0.05, replications=1, alarm_file=tmp_path / "a.xlsx")
    assert exc.value.field == "alarm_file" and ".parquet" in str(exc.value) and list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ 5. a web address given as the scheduler

SPEC = """description = "t"
base = "minimum"
years = 0.05
replications = 2
seed = 1
[axes]
"demand.multiplier" = { range = [0.7, 1.0, 0.1] }
"""


def _spec(tmp_path: Path) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(SPEC, encoding="utf-8")
    return path


@pytest.mark.parametrize("address", ["http://localhost:8787/status", "https://dask.example.org:8787",
                                     "HTTP://localhost:8787"])
def test_the_dashboard_address_is_refused_by_sweep_before_any_file(tmp_path, capsys, address) -> None:
    out = tmp_path / "s1"
    err = _refused(["sweep", str(_spec(tmp_path)), "--out", str(out), "--scheduler", address], capsys)
    assert "--scheduler" in err and "dashboard" in err and "tls://" in err and ":8786" in err, err
    assert not out.exists()


@pytest.mark.parametrize("argv", [
    ["compare", "minimum", "ambition", "--uncertain", "4", *FAST],
    ["calibrate", "--sets", "4", "--replications", "2"],
    ["optimise", str(ROOT / "stations" / "options_norrtalje.toml"), "--budget", "3", "--objective", "time"],
])
def test_the_dashboard_address_is_refused_by_every_dask_command(tmp_path, capsys, argv) -> None:
    if argv[0] == "optimise":
        argv = [*argv, "--out", str(tmp_path / "opt")]
    if argv[0] == "calibrate":
        argv = [*argv, "--out", str(tmp_path / "cal.toml")]
    err = _refused([*argv, "--scheduler", "http://localhost:8787"], capsys)
    assert "--scheduler" in err and "dashboard" in err, err
    assert list(tmp_path.iterdir()) == []


def test_an_in_process_address_is_refused(tmp_path, capsys) -> None:
    out = tmp_path / "s9"
    err = _refused(["sweep", str(_spec(tmp_path)), "--out", str(out), "--scheduler", "inproc://x"], capsys)
    assert "--scheduler" in err and "inproc" in err and "tls://" in err, err
    assert not out.exists()


def test_the_scheduler_check_keeps_the_protocols_dask_connects_over() -> None:
    from raddsim.core.daskclient import check_scheduler_address

    for address in ("tls://scheduler.example.org:8786", "tcp://[::1]:8786", "127.0.0.1:8786", "ucx://host:1",
                    "ws://host:8786", "wss://host:8786"):
        check_scheduler_address(address)
    for address in ("http://localhost:8787/status", "inproc://x", "ftp://host:21"):
        with pytest.raises(InputError) as exc:
            check_scheduler_address(address)
        assert exc.value.field == "scheduler" and "tls://" in exc.value.fix, exc.value


def test_run_sweep_refuses_the_dashboard_address_before_writing(tmp_path) -> None:
    from raddsim.sweep.execute import run_sweep
    from raddsim.sweep.spec import load_spec

    out = tmp_path / "s1"
    with pytest.raises(InputError, match="dashboard") as exc:
        run_sweep(load_spec(_spec(tmp_path)), out, scheduler="http://x:8787", progress=False)
    assert exc.value.field == "scheduler" and not out.exists()


# ------------------------------------------------------------------ 9. --max-replications needs --precision


@pytest.mark.parametrize("cap", ["4", "500"])
def test_compare_max_replications_without_precision_is_refused(capsys, cap) -> None:
    # Was: ignored, silently ("replications run: 2").
    err = _refused(["compare", "minimum", "ambition", *FAST, "--max-replications", cap], capsys)
    assert "--max-replications applies only with --precision" in err, err
    assert "add --precision MIN, or use --replications N for a fixed number." in err, err


# ------------------------------------------------------------------ 12. map formats, the seed's bound


def test_map_formats_given_twice_are_kept_once_in_order() -> None:
    from raddsim.cli.map import _formats

    assert _formats("png,png") == ("png",)
    assert _formats("png,PNG") == ("png",)
    assert _formats("svg, png,SVG,gpkg,GPKG") == ("svg", "png", "gpkg")


def test_a_seed_too_large_names_the_exact_bound(capsys) -> None:
    err = _refused(["run", "--seed", str(2**200)], capsys)
    assert "--seed" in err and str(2**128 - 1) in err and "e+38" not in err, err
