"""Long runs resume after an interruption (the probe of notes/probe_resume.md, made deterministic).

Interruptions are simulated, not timed: a sweep whose part writer raises after N parts (as Ctrl-C would
between two batches), and the files a kill leaves at a given moment written by hand (a ``sweep.json``
temporary cut off before its rename).
"""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from sweep_helpers import write_region, write_spec

from raddsim.core.errors import InputError
from raddsim.optimise.kept import check_folder
from raddsim.sweep import load_spec, run_sweep
from raddsim.sweep import results as res
from raddsim.sweep.execute import load_sweep
from raddsim.sweep.folder import META_FILE, PARTS_DIR, RESULTS_FILE, read_metadata

SPEC = """
description = "resume probe on Gridby"
scenarios = ["low", "high"]
years = 0.03
replications = 3
seed = 5

[axes]
"demand.multiplier" = [0.8, 1.2]
"""

#: What a kill during ``write_json_atomic(sweep.json)`` leaves: its temporary, cut off, never renamed.
CUT_META = ".sweep.tmp.k1ll3d.json"


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    """The spec, its loaded model and an uninterrupted run's folder (the reference)."""
    d = tmp_path_factory.mktemp("probe")
    spec = load_spec(write_spec(d, SPEC, region=write_region(d)))
    loaded = load_sweep(spec)
    run_sweep(spec, d / "ref", processes=0, chunk=1, progress=False, loaded=loaded)
    return spec, loaded, d / "ref"


def _sweep(probe, out, **kw):
    spec, loaded, _ = probe
    return run_sweep(spec, out, processes=0, chunk=1, progress=False, loaded=loaded, **kw)


def test_a_sweep_killed_while_writing_its_first_sweep_json_starts_again(probe, tmp_path) -> None:
    # Killed (SIGKILL) during the first write of sweep.json: the folder holds the lock and the cut-off temporary.
    # It was refused as "not empty and holds no sweep", so the user could not re-run the same command.
    out = tmp_path / "out"
    out.mkdir()
    (out / ".lock").touch()
    (out / CUT_META).write_text('{"raddsim_version": "0.', encoding="utf-8")
    run = _sweep(probe, out)
    assert run.ran == run.tasks and run.skipped == 0
    assert not (out / CUT_META).exists()
    assert pq.read_table(out / RESULTS_FILE).equals(pq.read_table(probe[2] / RESULTS_FILE))


def test_a_cut_off_sweep_json_temporary_is_removed_on_resume(probe, tmp_path) -> None:
    # Killed while writing sweep.json's "complete" status: the old code left the temporary in the folder for good
    # (it removed only .*.tmp, the part files' temporaries).
    out = tmp_path / "out"
    _sweep(probe, out)
    (out / CUT_META).write_text("{", encoding="utf-8")
    (out / PARTS_DIR / ".part-0000000000-abc.parquet.99.tmp").write_bytes(b"PAR1")
    run = _sweep(probe, out)
    assert run.ran == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".lock"]
    assert not list((out / PARTS_DIR).glob(".*"))


def test_a_users_own_hidden_file_still_makes_the_folder_not_a_sweeps(probe, tmp_path) -> None:
    # Only sweep.json's own temporary is taken as the sweep's: a user's hidden *.tmp is neither ignored nor deleted.
    out = tmp_path / "out"
    out.mkdir()
    (out / ".draft.tmp").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty and holds no sweep"):
        _sweep(probe, out)
    assert (out / ".draft.tmp").read_text(encoding="utf-8") == "mine"


def test_optimise_sweep_dir_killed_while_writing_its_first_sweep_json_is_accepted(tmp_path) -> None:
    # optimise --sweep-dir has the same first write (KeptRows): its folder check refused the leftover as well.
    (tmp_path / ".lock").touch()
    (tmp_path / CUT_META).write_text("{", encoding="utf-8")
    check_folder(tmp_path)  # no error: a fresh start
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty and holds no simulations"):
        check_folder(tmp_path)


def test_a_sweep_stopped_after_some_parts_resumes_and_ends_identical(probe, tmp_path, monkeypatch) -> None:
    # Ctrl-C after 4 batches: the re-run runs only the missing tasks and the results equal an uninterrupted run's,
    # byte for byte (results.parquet) and as data; no temporary is left where the user reads.
    spec, _, ref = probe
    out = tmp_path / "out"
    write_part, written = res.write_part, []

    def stop_after_four(folder, table):
        if len(written) == 4:
            raise KeyboardInterrupt
        written.append(write_part(folder, table))

    monkeypatch.setattr(res, "write_part", stop_after_four)
    with pytest.raises(KeyboardInterrupt):
        _sweep(probe, out)
    monkeypatch.undo()
    assert read_metadata(out)["status"] == "running" and not (out / RESULTS_FILE).exists()
    run = _sweep(probe, out)
    assert (run.skipped, run.ran) == (4, spec.n_tasks - 4)
    assert (out / RESULTS_FILE).read_bytes() == (ref / RESULTS_FILE).read_bytes()
    assert read_metadata(out)["status"] == "complete"
    assert not [p for p in out.rglob(".*") if p.name != ".lock"]


def test_a_sweep_of_another_spec_into_the_same_folder_is_refused_in_one_line(probe, tmp_path) -> None:
    spec, loaded, _ = probe
    out = tmp_path / "out"
    _sweep(probe, out)
    other = load_spec(write_spec(tmp_path, SPEC.replace("replications = 3", "replications = 4"),
                                 region=spec.region_file))
    before = sorted((p.name, p.stat().st_mtime_ns) for p in (out / PARTS_DIR).iterdir())
    with pytest.raises(InputError) as exc:
        run_sweep(other, out, processes=0, progress=False, loaded=loaded)
    assert "replications: 3 before, 4 now" in str(exc.value) and "\n" not in str(exc.value)
    assert META_FILE in str(exc.value)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in (out / PARTS_DIR).iterdir()) == before


def test_compare_uncertain_stopped_part_way_resumes_to_the_same_report(tmp_path, capsys, monkeypatch) -> None:
    # compare --uncertain N --out DIR: Ctrl-C after the first part file, then the same command again, prints what an
    # uninterrupted run prints and leaves the same results.parquet.
    from raddsim.cli import main

    argv = ["compare", "minimum", "ambition", "--years", "0.02", "--replications", "2", "--set-replications", "1",
            "--processes", "0", "--uncertain", "3", "--out"]
    assert main([*argv, str(tmp_path / "ref")]) == 0
    reference = capsys.readouterr().out
    write_part, written = res.write_part, []

    def stop_after_one(folder, table):
        if written:
            raise KeyboardInterrupt
        written.append(write_part(folder, table))

    monkeypatch.setattr(res, "write_part", stop_after_one)
    assert main([*argv, str(tmp_path / "cut")]) == 130
    monkeypatch.undo()
    capsys.readouterr()
    assert len(list((tmp_path / "cut" / PARTS_DIR).iterdir())) == 1
    assert main([*argv, str(tmp_path / "cut")]) == 0
    assert capsys.readouterr().out.replace(str(tmp_path / "cut"), str(tmp_path / "ref")) == reference
    assert (tmp_path / "cut" / RESULTS_FILE).read_bytes() == (tmp_path / "ref" / RESULTS_FILE).read_bytes()


def test_a_ctrl_c_after_the_command_has_ended_prints_no_traceback(monkeypatch, capsys) -> None:
    # A Ctrl-C in the moment after "Wrote …" (the interpreter's teardown) was raised in a finaliser: "Exception
    # ignored in: <function WeakKeyDictionary…> Traceback … KeyboardInterrupt". The process's own run now ignores
    # SIGINT once its command has ended; a caller's main([...]) keeps its own handlers.
    import signal

    from raddsim.cli import main

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        assert main([]) == 2  # a caller's own argv: handlers untouched
        assert signal.getsignal(signal.SIGINT) is before[0]
        monkeypatch.setattr("sys.argv", ["raddsim"])
        assert main() == 2  # the process's own run (no command: the help, exit code 2)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])
    capsys.readouterr()
