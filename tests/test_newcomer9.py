"""A newcomer's first hour, ninth pass (task "newcomer9"): README.md from "Other results on the default" to the end
(command line, scenarios, optimise, research sweeps, the JSON contract, maps and the report, road networks, other
regions) and docs/formats.md, every command shown run on the current code; what did not do what the text says."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMATS = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
TEXT = " ".join(README.split())
SPEC = ROOT / "benchmarks" / "specs" / "demand_x_staffing.toml"


# ------------------------------------------------------------------ 1. the sweep spec README shows
def test_readmes_sweep_spec_shows_the_shipped_specs_settings() -> None:
    # Was: README's block, headed "benchmarks/specs/demand_x_staffing.toml (its settings …)", gave its description as
    # "Demand multiplier × staffing level"; the file (and so `sweep.json` and the summary's first line) says
    # "… (Norrtälje default)".
    block = re.search(r"```toml\n# benchmarks/specs/demand_x_staffing\.toml \(its settings.*?\n(.*?)```", README, re.S)
    assert block, "README shows the demand × staffing spec"
    shown = tomllib.loads(block.group(1))  # the commented lines (other forms) are comments here too
    shipped = tomllib.loads(SPEC.read_text(encoding="utf-8"))
    assert shown.pop("overrides") == {}  # README shows the optional table empty (its key commented), the file omits it
    assert shown == shipped, (shown, shipped)


# ------------------------------------------------------------------ 2. --json into a pipe
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_json_into_a_pipe_is_refused_as_a_pipe_naming_the_path_given(capsys) -> None:
    # Was, for `raddsim run --json /dev/stdout | less` (README: "never replace … a device or pipe (`--json
    # /dev/stdout`)"): "/proc/16425/fd/pipe:[49581]: cannot write here: No such file or directory. Fix: choose another
    # output path (a writable directory with free space)" — the link resolved to an anonymous pipe's non-path.
    assert "a device or pipe (`--json /dev/stdout`)" in TEXT
    read, write = os.pipe()
    try:
        given = f"/proc/self/fd/{write}"  # what /dev/stdout is when the output is piped
        assert main(["run", "--json", given, "--years", "0.01", "--replications", "2"]) == 2
    finally:
        os.close(read)
        os.close(write)
    err = capsys.readouterr().err
    assert f"{given}: is a device, pipe or socket, not a file" in err, err
    assert "No such file" not in err and "pipe:[" not in err, err


# ------------------------------------------------------------------ 3. a CSV copy of the approximate default
def test_a_nodes_arcs_copy_of_the_approximate_default_stays_approximate(tmp_path, capsys) -> None:
    # Was: `raddsim network convert default roads/` wrote a folder that `network info` called "real (not
    # OpenStreetMap)" and `run` named "road network from nodes/arcs CSV", with no approximate-network warning; the
    # .npz and GraphML copies keep the mark.
    from raddsim.network.load import load_road_data

    assert main(["network", "convert", "default", str(tmp_path / "roads")]) == 0
    data = load_road_data(tmp_path / "roads")
    assert data.meta["approximate"] is True, data.meta
    assert data.meta["label"] == load_road_data().meta["label"], data.meta  # the default's own words
    capsys.readouterr()
    assert main(["network", "info", str(tmp_path / "roads")]) == 0
    assert "  kind:        APPROXIMATE (hand-digitised, not surveyed)" in capsys.readouterr().out
    # without the line (a network of one's own) it is read as it was
    nodes = tmp_path / "roads" / "nodes.csv"
    nodes.write_text("".join(line for line in nodes.read_text(encoding="utf-8").splitlines(keepends=True)
                             if not line.startswith("# approximate:")), encoding="utf-8")
    assert load_road_data(tmp_path / "roads").meta["approximate"] is False
    assert "`# approximate: LABEL`" in FORMATS


# ------------------------------------------------------------------ 4. network info of a file given relatively
def test_network_info_does_not_call_a_file_read_directly_converted(tmp_path, monkeypatch, capsys) -> None:
    # Was: `raddsim network info x.osm` (or `edmonton/roads.zip`) printed "read from: x.osm (converted from the
    # source)" under "source: /abs/path/x.osm": the source is kept as an absolute path, the file as given.
    from raddsim.network.load import default_network_path

    shutil.copy(default_network_path(), tmp_path / "x.osm")
    monkeypatch.chdir(tmp_path)
    assert main(["network", "info", "x.osm"]) == 0
    out = capsys.readouterr().out
    assert f"  source:      {tmp_path / 'x.osm'} (osm-xml)" in out, out[:400]
    assert "read from:" not in out, out[:400]


# 5. a tls:// scheduler on optimise, compare --uncertain and calibrate: tests/test_tls_commands.py (they take the
#    client's certificates now; newcomer9 had them refuse tls:// before any work).


# ------------------------------------------------------------------ 6. the plain-tcp warning, once
def test_a_sweep_on_a_plain_tcp_scheduler_elsewhere_is_warned_of_once(tmp_path, monkeypatch, caplog) -> None:
    # Was: the warning ("reached over plain tcp:// — unencrypted and unauthenticated …") twice, once when the options
    # were checked and again when the client connected.
    from raddsim.core import daskclient

    def unreachable(scheduler: str) -> None:  # stop where the connection would start: no network in a test
        raise InputError("not reached in this test.", field="scheduler", fix="none needed.")

    monkeypatch.setattr(daskclient, "check_speaks_dask", unreachable)
    with caplog.at_level(logging.WARNING):
        assert main(["sweep", str(SPEC), "--out", str(tmp_path / "d"), "--quiet",
                     "--scheduler", "tcp://192.0.2.1:8786"]) == 2
    assert caplog.text.count("reached over plain tcp://") == 1, caplog.text


# ------------------------------------------------------------------ 7. a JPEG plot carries raddsim's mark
def test_formats_md_says_a_jpeg_plot_is_marked_and_replaced_as_a_png_is(tmp_path, capsys) -> None:
    # Was (docs/formats.md, "what is refused"): "a JPEG or TIFF `--plot` holds no mark and is replaced only with
    # `--force`"; raddsim writes its Exif "Software" into JPEG, TIFF and WebP figures (as README says), and a re-run
    # replaces them without --force.
    plot = tmp_path / "alarms.jpg"
    for _ in range(2):
        assert main(["demand", "--years", "0.05", "--replications", "2", "--plot", str(plot)]) == 0
    assert "holds no mark" not in FORMATS
    assert "(the Exif `Software` of a JPEG, TIFF or WebP `--plot`)" in " ".join(FORMATS.split())
    assert "a JPEG's, TIFF's or WebP's Exif Software" in TEXT
