"""Outputs: checked writable with free space before any work, written atomically, never overwritten where promised."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.core.io import check_writable, create_exclusive, write_bytes_atomic

ROOT = Path(__file__).resolve().parents[1]


def _in_small_tmpfs(tmp_path: Path, options: str, *args: str) -> subprocess.CompletedProcess | None:
    """Run raddsim with a tiny tmpfs mounted at tmp_path/m in a private mount namespace (None: not possible here)."""
    if not shutil.which("unshare") or sys.platform != "linux":
        return None
    m = tmp_path / "m"
    m.mkdir()
    cmd = shlex.join(a.replace("@M", str(m)) for a in args)
    q = shlex.quote(str(m))  # quoted: the checkout may lie under a folder with spaces (Mina dokument)
    script = f"mount -t tmpfs -o {options} tmpfs {q} && {shlex.quote(sys.executable)} -m raddsim {cmd}"
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=16k tmpfs {q}"], capture_output=True)
    if probe.returncode != 0:
        return None
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=300)


def test_full_disk_is_found_before_simulating(tmp_path, monkeypatch, capsys) -> None:
    res = _in_small_tmpfs(tmp_path, "size=64k", "run", "--replications", "30", "--json", "@M/res.json")
    if res is not None:
        assert res.returncode == 2, res.stderr
        assert "MiB free" in res.stderr and "res.json" in res.stderr
        assert "Alarm to first crew" not in res.stdout  # refused before the simulation, not after it
        return
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10, 10, 1000))
    assert main(["run", "--json", str(tmp_path / "r.json")]) == 2
    assert "MiB free" in capsys.readouterr().err


def test_read_only_output_folder_is_found_before_simulating(tmp_path, monkeypatch, capsys) -> None:
    res = _in_small_tmpfs(tmp_path, "ro,size=64k", "run", "--json", "@M/res.json")
    if res is not None:
        assert res.returncode == 2, res.stderr
        assert "read-only" in res.stderr and "res.json" in res.stderr
        assert "Alarm to first crew" not in res.stdout
        return
    import tempfile

    def refuse(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert main(["run", "--json", str(tmp_path / "r.json")]) == 2
    assert "read-only" in capsys.readouterr().err


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"),
                                         (errno.EACCES, "permission denied")])
def test_a_failed_write_is_one_error_and_leaves_nothing(tmp_path, monkeypatch, code, words) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    real_open = open

    def failing_open(path, mode="r", *a, **k):
        fh = real_open(path, mode, *a, **k)
        if "w" in mode and ".tmp." in str(path):
            fh.close()
            raise OSError(code, os.strerror(code))
        return fh

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(InputError, match=words) as err:
        write_bytes_atomic(target, b"new")
    monkeypatch.undo()
    assert str(target) in str(err.value)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_check_writable_names_the_problem(tmp_path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        check_writable(tmp_path / "d")
    with pytest.raises(InputError, match="does not exist"):
        check_writable(tmp_path / "nowhere" / "x.json")
    with pytest.raises(InputError, match="not a directory"):
        (tmp_path / "f").write_text("x")
        check_writable(tmp_path / "f", directory=True)
    assert check_writable(tmp_path / "new" / "deeper", directory=True)  # created later, from an existing ancestor


def test_create_exclusive_never_replaces_even_a_file_that_appears_meanwhile(tmp_path) -> None:
    target = tmp_path / "calibrated.toml"
    create_exclusive(target, b"first")
    with pytest.raises(InputError, match="already exists"):
        create_exclusive(target, b"second")
    assert target.read_bytes() == b"first"
    # Two writers racing for one name: exactly one wins, the other is refused, no mixture.
    other = tmp_path / "race.toml"
    results: list[str] = []

    def writer(tag: bytes) -> None:
        try:
            create_exclusive(other, tag * 100_000)
            results.append("won")
        except InputError:
            results.append("refused")

    threads = [threading.Thread(target=writer, args=(t,)) for t in (b"a", b"b")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == ["refused", "won"]
    data = other.read_bytes()
    assert data in (b"a" * 100_000, b"b" * 100_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calibrated.toml", "race.toml"]


def test_calibrate_does_not_overwrite_a_file_that_appears_during_the_run(tmp_path, monkeypatch, capsys) -> None:
    import raddsim.experiment.calibrate as cal

    out = tmp_path / "cal.toml"
    real = cal.calibrate

    def slow_calibrate(*a, **k):
        res = real(*a, **k)
        out.write_text("someone else's file\n", encoding="utf-8")  # appears while raddsim works
        return res

    monkeypatch.setattr(cal, "calibrate", slow_calibrate)
    assert main(["calibrate", "--method", "bisect", "--out", str(out), "--replications", "2", "--years", "0.1"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "someone else's file\n"


def test_demand_plot_is_written_atomically_and_a_bad_suffix_is_an_error(tmp_path, capsys) -> None:
    png = tmp_path / "alarms.png"
    assert main(["demand", "--replications", "1", "--years", "0.05", "--plot", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alarms.png"]  # no temporary left behind
    assert main(["demand", "--replications", "1", "--years", "0.05", "--plot", str(tmp_path / "alarms.xyz")]) == 2
    assert "--plot" in capsys.readouterr().err and not (tmp_path / "alarms.xyz").exists()


def test_an_output_never_replaces_an_input_a_device_or_a_file_of_another_kind(tmp_path, capsys) -> None:
    """`--json` over the region file, a pipe, or a TOML file is refused before any work; a link is written through."""
    from raddsim.region.region import default_region_path

    region = tmp_path / "region.toml"
    region.write_bytes(default_region_path().read_bytes())  # refused before it is read: its paths need not resolve
    before = region.read_bytes()
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    notes = tmp_path / "notes.toml"
    notes.write_text("# mine\n", encoding="utf-8")
    for argv, words in ((["--stations", str(region), "--json", str(region)], "is also this command's input"),
                        (["--json", str(fifo)], "is a device, pipe or socket"),
                        (["--json", str(notes)], "exists and was not written by raddsim")):
        assert main(["run", "--replications", "1", *argv]) == 2, argv
        captured = capsys.readouterr()
        assert words in captured.err and captured.out == "", (argv, captured.err)
    assert region.read_bytes() == before and notes.read_text(encoding="utf-8") == "# mine\n" and fifo.is_fifo()
    old = tmp_path / "old.json"
    old.write_text('{"raddsim_version": "0"}', encoding="utf-8")  # an earlier result: replaced without --force
    link = tmp_path / "link.json"
    link.symlink_to(old)
    assert main(["run", "--replications", "1", "--scenario", "minimum", "--json", str(link)]) == 0
    assert link.is_symlink() and '"scenarios"' in old.read_text(encoding="utf-8")  # the target got the results


def test_report_out_is_html_and_never_a_pdf_or_another_file(tmp_path, capsys) -> None:
    for out, words in (("paper.pdf", "give --out paper.html"), ("region.toml", "does not end in .html")):
        (tmp_path / "region.toml").write_text("[region]\n", encoding="utf-8")
        assert main(["report", "--no-what-if", "--replications", "1", "--out", str(tmp_path / out)]) == 2
        assert words in capsys.readouterr().err
    assert (tmp_path / "region.toml").read_text(encoding="utf-8") == "[region]\n"
    assert not (tmp_path / "paper.pdf").exists()


@pytest.mark.skipif(os.name != "posix", reason="a killed writer is told by its process id on POSIX only")
def test_a_temporary_left_by_a_killed_writer_is_removed_by_the_next_write_and_nothing_else(tmp_path) -> None:
    """SIGKILL (the OOM killer, a power cut) mid-write ran no handler: the hidden ``.NAME.tmp.…`` stayed beside
    the output for good. The next write of that output removes it — and only a temporary of that output whose
    writer no longer runs and that is a minute old; a write in progress or a user's file is never touched."""
    import signal
    import time

    out = tmp_path / "report.html"
    code = ("import sys, time; from raddsim.core.io import write_atomic\n"
            "def slow(tmp):\n    open(tmp, 'w').write('half'); print(tmp, flush=True); time.sleep(60)\n"
            f"write_atomic({str(out)!r}, slow)\n")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    orphan = Path(child.stdout.readline().strip())
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert orphan.exists() and orphan.name.startswith(f".report.tmp.{child.pid}.")
    old = time.time() - 3600
    young = tmp_path / f".report.tmp.{child.pid}.young.html"  # killed just now: could be another machine's write
    alive = tmp_path / f".report.tmp.{os.getpid()}.abc.html"  # this process: a write in progress
    other = tmp_path / f".summary.tmp.{child.pid}.abc.html"  # another output's: left to that output's next write
    mine = tmp_path / ".report.tmp.notes.html"  # not of the temporaries' form
    for p in (young, alive, other, mine):
        p.write_text("keep", encoding="utf-8")
    for p in (orphan, alive, other, mine):
        os.utime(p, (old, old))
    write_bytes_atomic(out, b"whole")
    assert out.read_bytes() == b"whole"
    assert not orphan.exists()
    assert all(p.read_text(encoding="utf-8") == "keep" for p in (young, alive, other, mine))


@pytest.mark.parametrize("suffix", ["jpg", "tif", "webp"])
def test_a_raster_plot_raddsim_wrote_is_replaced_by_a_rerun_and_a_photo_is_not(tmp_path, capsys, suffix) -> None:
    """JPEG, TIFF and WebP hold no matplotlib metadata, so a re-run of `demand --plot alarms.jpg` was refused as
    a file raddsim did not write, until --force. Their Exif "Software" now carries raddsim's mark, read back
    on the re-run; a picture of the user's own at that name is still refused."""
    from PIL import Image

    from raddsim.core.io import written_by_raddsim

    plot = tmp_path / f"alarms.{suffix}"
    args = ["demand", "--replications", "1", "--years", "0.02", "--plot", str(plot)]
    assert main(args) == 0 and written_by_raddsim(plot)
    first = plot.read_bytes()
    assert main(args) == 0, capsys.readouterr().err  # replaced, no --force needed
    assert plot.read_bytes() == first  # the same input gives the same file (no date in the mark)
    Image.new("RGB", (8, 8), "red").save(plot)  # the user's own picture, at the same name
    own = plot.read_bytes()
    assert not written_by_raddsim(plot)
    capsys.readouterr()
    assert main(args) == 2 and "--force" in capsys.readouterr().err
    assert plot.read_bytes() == own  # untouched
