"""Outputs never replace a file the user wrote (probe_bad2 items 8-11).

A file raddsim wrote earlier carries its mark (``raddsim_version`` in JSON, a generator meta tag in HTML, figure
metadata, GeoPackage/GeoJSON/Parquet metadata) and is replaced by a re-run; any other existing file is refused before
any work unless ``--force``. ``map`` replaces its set of files whole; messages name what was given. Runs on Gridby
(tests/sweep_helpers.py), offline.
"""

from __future__ import annotations

import argparse
import io
import json
import os

import pytest
from sweep_helpers import write_region, write_spec
from test_bad_inputs3 import _exit_and_error


def written_by_raddsim(path) -> bool:
    """:func:`raddsim.core.io.written_by_raddsim`, imported when called (each test fails on its own on old code)."""
    from raddsim.core.io import written_by_raddsim as by_raddsim

    return by_raddsim(path)

SPEC = 'scenarios = ["low"]\nyears = 0.02\nreplications = 2\nseed = 1\n[axes]\n"demand.multiplier" = [0.9, 1.0]\n'
FOREIGN = "exists and was not written by raddsim. Fix: give another path, or add --force."


@pytest.fixture(scope="module")
def gridby(tmp_path_factory):
    """Gridby's region file."""
    return write_region(tmp_path_factory.mktemp("gridby"))


# ------------------------------------------------------------------ the marks
def test_every_kind_of_file_raddsim_writes_carries_its_mark_and_others_do_not(tmp_path) -> None:
    import geopandas as gpd
    import matplotlib
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pyogrio
    from matplotlib.figure import Figure
    from shapely.geometry import Point

    from raddsim.experiment.alarm_table import NAMES, write_alarm_table
    from raddsim.views import gis
    from raddsim.views.figfiles import figure_bytes

    matplotlib.use("Agg")
    fig = Figure()
    fig.add_subplot().plot([1, 2])
    for fmt in ("png", "svg", "pdf"):
        (tmp_path / f"ours.{fmt}").write_bytes(figure_bytes(fig, fmt))
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)  # matplotlib's own defaults: someone else's figure
        (tmp_path / f"theirs.{fmt}").write_bytes(buf.getvalue())
    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(18.0, 59.0)], crs="EPSG:4326")
    gis.write_geopackage(tmp_path / "ours.gpkg", {"one": gdf, "two": gdf})
    pyogrio.write_dataframe(gdf, tmp_path / "theirs.gpkg", driver="GPKG")
    gis.write_geojson(tmp_path / "ours.geojson", gdf)
    pyogrio.write_dataframe(gdf, tmp_path / "theirs.geojson", driver="GeoJSON")
    write_alarm_table(tmp_path / "ours.parquet", {name: [0] for name in NAMES})
    pq.write_table(pa.table({"scenario": ["a"]}), tmp_path / "theirs.parquet")
    (tmp_path / "ours.json").write_text('{"scenarios": {}, "raddsim_version": "1"}', encoding="utf-8")
    (tmp_path / "theirs.json").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    (tmp_path / "ours.html").write_text('<!DOCTYPE html><head><meta name="generator" content="raddsim">',
                                        encoding="utf-8")
    (tmp_path / "theirs.html").write_text("<html><body>Styrelsens anteckningar</body></html>", encoding="utf-8")
    for ext in ("png", "svg", "pdf", "gpkg", "geojson", "parquet", "json", "html"):
        assert written_by_raddsim(tmp_path / f"ours.{ext}"), ext
        assert not written_by_raddsim(tmp_path / f"theirs.{ext}"), ext
    (tmp_path / "empty.json").write_bytes(b"")
    assert written_by_raddsim(tmp_path / "empty.json")  # nothing to lose (e.g. made by mktemp)


def test_a_pdf_another_program_printed_gets_raddsims_mark_by_an_incremental_update(tmp_path) -> None:
    # The report's PDF is Chromium's (Creator: HeadlessChrome): marked so that report --pdf can be run again.
    import re

    import matplotlib
    from matplotlib.figure import Figure

    from raddsim.core.io import mark_pdf

    matplotlib.use("Agg")
    fig = Figure()
    fig.add_subplot().plot([1, 2])
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    printed = buf.getvalue()
    marked = mark_pdf(printed)
    (tmp_path / "printed.pdf").write_bytes(printed)
    (tmp_path / "marked.pdf").write_bytes(marked)
    assert not written_by_raddsim(tmp_path / "printed.pdf") and written_by_raddsim(tmp_path / "marked.pdf")
    assert marked.startswith(printed) and marked.rstrip().endswith(b"%%EOF")  # the pages untouched
    offset = int(re.findall(rb"startxref\s+(\d+)", marked)[-1])
    assert marked[offset:offset + 4] == b"xref"
    assert mark_pdf(b"%PDF-1.4 not a whole file") == b"%PDF-1.4 not a whole file"


# ------------------------------------------------------------------ item 8: --json, report --out, map --out
def test_run_json_refuses_a_users_geojson_and_replaces_its_own(tmp_path, capsys, gridby) -> None:
    # Was replaced unsaid: "--json replaces only a JSON file", and a GeoJSON is one.
    zones = tmp_path / "zones.json"
    mine = '{"type": "FeatureCollection", "features": []}'
    zones.write_text(mine, encoding="utf-8")
    argv = ["run", "low", "--stations", str(gridby), "--years", "0.02", "--replications", "1", "--json", str(zones)]
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and err.strip() == f"raddsim: error: {zones}: --json: {FOREIGN}", err
    assert zones.read_text(encoding="utf-8") == mine
    assert _exit_and_error([*argv, "--force"], capsys)[0] == 0  # asked for: replaced
    assert _exit_and_error(argv, capsys)[0] == 0  # its own earlier result: replaced without --force
    assert "raddsim_version" in json.loads(zones.read_text(encoding="utf-8"))


def test_demand_json_and_plot_are_marked_so_a_rerun_replaces_them(tmp_path, capsys, gridby) -> None:
    argv = ["demand", "--stations", str(gridby), "--years", "0.02", "--replications", "1",
            "--json", str(tmp_path / "d.json"), "--plot", str(tmp_path / "d.svg")]
    assert _exit_and_error(argv, capsys)[0] == 0 and _exit_and_error(argv, capsys)[0] == 0
    assert written_by_raddsim(tmp_path / "d.json") and written_by_raddsim(tmp_path / "d.svg")


def test_report_out_refuses_a_hand_written_page(tmp_path, capsys, gridby) -> None:
    # Was replaced unsaid: any HTML file was taken for an earlier report.
    board = tmp_path / "board.html"
    board.write_text("<html><body>Styrelsens egna anteckningar</body></html>", encoding="utf-8")
    argv = ["report", "low", "high", "--stations", str(gridby), "--years", "0.02", "--replications", "1",
            "--no-what-if", "--cell", "2000", "--sim-cell", "4000", "--out", str(board)]
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and f"{board}: --out: {FOREIGN}" in err, err
    assert "Styrelsens egna" in board.read_text(encoding="utf-8")
    (tmp_path / "new.pdf").write_text("%PDF-1.4 mine", encoding="utf-8")
    code, err = _exit_and_error([*argv[:-1], str(tmp_path / "new.html"), "--pdf"], capsys)
    assert code == 2 and f"{tmp_path / 'new.pdf'}: --pdf: {FOREIGN}" in err, err
    argv[-1] = str(tmp_path / "mine.html")
    assert _exit_and_error(argv, capsys)[0] == 0 and _exit_and_error(argv, capsys)[0] == 0  # its own: replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.html", "mine.html", "new.pdf"]


def test_report_pdf_is_printed_with_the_page_and_replaced_by_a_rerun(tmp_path, capsys, gridby) -> None:
    # Chromium's PDF carries raddsim's mark (mark_pdf): run again into the same place without --force.
    from raddsim.core.errors import InputError
    from raddsim.views.chromium import find_chromium

    try:
        find_chromium()
    except InputError:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    out = tmp_path / "r.html"
    argv = ["report", "low", "high", "--stations", str(gridby), "--years", "0.02", "--replications", "1",
            "--no-what-if", "--cell", "2000", "--sim-cell", "4000", "--out", str(out), "--pdf"]
    assert _exit_and_error(argv, capsys)[0] == 0 and _exit_and_error(argv, capsys)[0] == 0
    assert written_by_raddsim(out.with_suffix(".pdf")) and out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.pdf"]  # no temporary folder left


def test_a_commands_own_out_form_and_files_beside_out_are_checked_through_its_hooks(tmp_path) -> None:
    # The generic check calls a command's hooks (raddsim.cli.args.OUTPUT_HOOKS) instead of holding report's rules.
    from raddsim.cli.args import check_outputs_spare_inputs
    from raddsim.core.errors import InputError

    notes, out = tmp_path / "notes.txt", tmp_path / "out.dat"
    for mine in (notes, out):
        mine.write_text("mine", encoding="utf-8")

    def out_form(path) -> None:
        raise InputError("is of the wrong form.", file=path, field="--out", fix="give --out out.ok.")

    args = argparse.Namespace(command="made-up", out=out, force=False, out_form=out_form,
                              outputs_beside=lambda a: [("--side", a.out.with_name("notes.txt"))])
    with pytest.raises(InputError, match="wrong form"):  # first: before "not written by raddsim" for --out
        check_outputs_spare_inputs(args)
    args.out_form = None
    with pytest.raises(InputError, match="--out: exists and was not written"):
        check_outputs_spare_inputs(args)
    args.out = tmp_path / "new.dat"
    with pytest.raises(InputError, match="--side: exists and was not written"):  # the file beside --out
        check_outputs_spare_inputs(args)
    args.force = True
    check_outputs_spare_inputs(args)


def test_map_out_refuses_a_users_json_of_the_same_name(tmp_path, capsys, gridby) -> None:
    # Was replaced unsaid: the user's notes as maps/coverage.json are JSON, so "of the kind written there".
    out = tmp_path / "maps"
    out.mkdir()
    notes = out / "coverage.json"
    notes.write_text('{"my": "hand-made coverage notes"}', encoding="utf-8")
    argv = ["map", "low", "--stations", str(gridby), "--out", str(out), "--measure", "first", "--cell", "2000"]
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and f"{notes}: --out: {FOREIGN}" in err, err
    assert "hand-made" in notes.read_text(encoding="utf-8")
    assert _exit_and_error([*argv, "--force"], capsys)[0] == 0
    assert "raddsim_version" in json.loads(notes.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ item 10: map's set replaced whole
def _map(out, gridby, *scenarios: str, extra: tuple[str, ...] = ()) -> list[str]:
    return ["map", *scenarios, "--stations", str(gridby), "--out", str(out), "--measure", "first",
            "--format", "png,gpkg", *extra]


def test_an_interrupted_map_leaves_the_earlier_set_whole(tmp_path, capsys, gridby, monkeypatch) -> None:
    # Was: the maps written before Ctrl-C were new, the rest (and coverage.json) the earlier run's.
    import raddsim.core.io as rio

    out = tmp_path / "maps"
    assert _exit_and_error(_map(out, gridby, "low", "high", extra=("--cell", "2000")), capsys)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real, calls = rio.write_bytes_atomic, []

    def interrupted(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(path, data)

    monkeypatch.setattr(rio, "write_bytes_atomic", interrupted)
    code, err = _exit_and_error(_map(out, gridby, "low", "high", extra=("--cell", "1500")), capsys)
    assert code == 130 and len(calls) == 2, (code, err)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]  # no temporary folder left


def test_a_map_rerun_removes_only_its_own_earlier_files(tmp_path, capsys, gridby) -> None:
    out = tmp_path / "maps"
    assert _exit_and_error(_map(out, gridby, "low", "high", extra=("--cell", "2000")), capsys)[0] == 0
    assert (out / "difference_low_high.png").is_file()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "coverage_draft.png").write_bytes(b"\x89PNG\r\n\x1a\n not raddsim's")
    assert _exit_and_error(_map(out, gridby, "low", extra=("--cell", "2000")), capsys)[0] == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["coverage.gpkg", "coverage.json", "coverage_draft.png", "coverage_low.png", "notes.txt"], names


# ------------------------------------------------------------------ item 9: compare --uncertain into another --out
def test_compare_out_of_another_comparison_names_the_options(tmp_path, capsys) -> None:
    # Was an 11 kB line listing every drawn value of every axis, in sweep-spec words.
    pytest.importorskip("pyarrow")
    out = tmp_path / "unc"
    argv = ["compare", "minimum", "ambition", "--years", "0.02", "--replications", "2", "--set-replications", "1",
            "--processes", "0", "--out", str(out), "--uncertain"]
    assert _exit_and_error([*argv, "2"], capsys)[0] == 0
    code, err = _exit_and_error([*argv, "3"], capsys)
    assert code == 2 and err.strip() == (
        f"raddsim: error: {out}: --out holds the sets of another comparison: --uncertain 2 before, 3 now. Fix: use a "
        "new --out, or the same --uncertain/--lhs-seed/--set-replications/--target to resume."), err
    code, err = _exit_and_error([*argv, "2", "--lhs-seed", "5"], capsys)
    assert code == 2 and "another comparison: the drawn parameter sets (--lhs-seed" in err and len(err) < 400, err


def test_compare_out_of_another_comparison_is_refused_before_any_simulation(tmp_path, capsys, monkeypatch) -> None:
    # Was: the plain comparison ran first (seconds of work), and only then was --out refused.
    pytest.importorskip("pyarrow")
    import raddsim.experiment.compare
    import raddsim.experiment.model

    out = tmp_path / "unc"
    argv = ["compare", "minimum", "ambition", "--years", "0.02", "--replications", "2", "--set-replications", "1",
            "--processes", "0", "--out", str(out), "--uncertain"]
    assert _exit_and_error([*argv, "2"], capsys)[0] == 0
    calls: list[str] = []

    def spy(name: str):
        def called(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} ran before --out was refused")
        return called

    monkeypatch.setattr(raddsim.experiment.compare, "compare", spy("compare"))
    monkeypatch.setattr(raddsim.experiment.model, "build_model", spy("build_model"))
    code, err = _exit_and_error([*argv, "3"], capsys)
    assert calls == [] and code == 2 and err.count("\n") == 1, (calls, err)
    assert err.strip() == (
        f"raddsim: error: {out}: --out holds the sets of another comparison: --uncertain 2 before, 3 now. Fix: use a "
        "new --out, or the same --uncertain/--lhs-seed/--set-replications/--target to resume."), err


# ------------------------------------------------------------------ item 11: the small messages
def test_an_output_inside_a_file_says_it_is_a_file(tmp_path, capsys, gridby) -> None:
    # Was "the output directory does not exist. Fix: create afile first." (it exists, as a file)
    afile = tmp_path / "afile"
    afile.write_text("x\n", encoding="utf-8")
    code, err = _exit_and_error(["run", "low", "--stations", str(gridby), "--json", str(afile / "res.json")], capsys)
    assert code == 2 and f"{afile} is a file, not a folder" in err, err
    code, err = _exit_and_error(["network", "convert", str(gridby.parent / "grid.osm"), str(afile / "x.npz")], capsys)
    assert code == 2 and f"{afile} is a file, not a folder" in err, err


@pytest.mark.parametrize("command", ["map", "sweep"])
def test_an_out_that_is_a_dangling_link_is_said_so(tmp_path, capsys, gridby, command) -> None:
    # Was "dangdir: File exists. Fix: check the path and its folder." (the raw OSError text)
    link = tmp_path / "dangdir"
    link.symlink_to(tmp_path / "gone")
    argv = (["map", "low", "--stations", str(gridby)] if command == "map"
            else ["sweep", str(write_spec(tmp_path, SPEC, region=gridby))])
    code, err = _exit_and_error([*argv, "--out", str(link)], capsys)
    assert code == 2 and f"{link}: is a symbolic link to a missing target ({tmp_path / 'gone'})" in err, err
    assert "Fix: create the folder it points to" in err and not link.exists()


def _sweep(tmp_path, gridby, capsys):
    spec = write_spec(tmp_path, SPEC, region=gridby)
    sw = tmp_path / "sw"
    assert _exit_and_error(["sweep", str(spec), "--out", str(sw), "--processes", "0"], capsys)[0] == 0
    return spec, sw


def test_summarize_out_over_a_users_summary_names_out(tmp_path, capsys, gridby) -> None:
    # Was "... --table summary.csv would replace it", though no --table was given.
    pytest.importorskip("pyarrow")
    _, sw = _sweep(tmp_path, gridby, capsys)
    other = tmp_path / "other"
    other.mkdir()
    (other / "summary.csv").write_text("my,own\n", encoding="utf-8")
    code, err = _exit_and_error(["sweep", "summarize", str(sw), "--out", str(other)], capsys)
    assert code == 2 and "--table summary.csv" not in err and f"{other / 'summary.csv'}: --out: " in err, err
    assert f"--out {other} would replace it" in err and "Fix: give another --out folder" in err, err
    notes = tmp_path / "notes.png"
    notes.write_text("my notes\n", encoding="utf-8")  # --plot: the rule of every output, --force to replace
    code, err = _exit_and_error(["sweep", "summarize", str(sw), "--plot", str(notes)], capsys)
    assert code == 2 and f"{notes}: --plot: {FOREIGN}" in err, err
    assert _exit_and_error(["sweep", "summarize", str(sw), "--plot", str(notes), "--force"], capsys)[0] == 0
    assert written_by_raddsim(notes)


def test_a_sweep_folder_without_sweep_json_says_what_its_parts_hold(tmp_path, capsys, gridby) -> None:
    # Was "the directory is not empty and holds no sweep".
    pytest.importorskip("pyarrow")
    spec, sw = _sweep(tmp_path, gridby, capsys)
    (sw / "sweep.json").unlink()
    n = len(os.listdir(sw / "parts"))
    for argv in (["sweep", str(spec), "--out", str(sw)], ["sweep", "summarize", str(sw)]):
        code, err = _exit_and_error(argv, capsys)
        assert code == 2 and f"{sw / 'sweep.json'}: sweep.json is missing, but parts/ holds {n} finished part" in err
        assert "Fix: restore sweep.json" in err, err


def test_add_force_is_on_every_command_that_refuses_a_foreign_output() -> None:
    from raddsim.cli import build_parser

    parser = build_parser()
    for argv in (["run"], ["compare"], ["demand"], ["target"], ["map"], ["report"], ["network", "info", "x"]):
        assert parser.parse_args([*argv, "--force"]).force is True, argv
    assert isinstance(parser.parse_args(["run"]), argparse.Namespace)
