"""Bad input, generated: every valid input file of a tiny region, damaged by every mutation of a fixed list.

The hand-probe rounds (test_bad_inputs*.py, test_errors15/16.py) each tried what one reviewer thought of. This
corpus is systematic instead: Corpby (tests/corpus_helpers.py) has one small file of each kind raddsim reads —
region, incident types, scenarios, posterior, sweep spec, optimise options and sites, places, alarm objects,
holiday areas, replayed incidents, nodes/arcs, OSM XML, crews table (``region new``), boundary GeoJSON — and
``corpus_helpers.mutations`` lists what is done to each: the file empty, missing, a folder, cut off, with garbage
after it, in Latin-1 or UTF-16, each required column or key deleted, one renamed, every number (and the first and
last row's cells) in turn set to "", "abc", "nan", "inf", "-1", "1e400", "0" (and, in TOML, ``true`` or the
number quoted), a row or table written twice, a reference to nothing, a Swedish Excel export (``;`` and decimal
commas), and the benign ones (BOM + CRLF, CR line ends, columns in another order, quoted cells, blank and comment
lines) that must give the valid file's output.

The oracle of every case: the command that reads the file (in-process, ``raddsim.cli.main``) exits 0 — with the
valid file's output where the mutation is benign — or exits 2 with exactly one line on stderr that names the
damaged file and holds a fix (a Python warning or a logged warning counts as a line); never exit 1 or a
traceback; no file of the region changed. Each case is named ``<kind>-<mutation>``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from corpus_helpers import KINDS, apply, command, mutations, run_captured, write_corpby

CASES = [pytest.param(kind, name, expect, id=f"{kind}-{name}") for kind in KINDS for name, expect in mutations(kind)]


def _hashes(folder: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _same(out: str, case: Path) -> str:
    """Output and the TOML and CSV files written (a new region, optimise's scenarios), with the case's folder and
    the timings (of a sweep's progress line) taken out."""
    written = [f"{p.relative_to(case)}:\n{p.read_text(encoding='utf-8')}" for p in sorted((case / "o").rglob("*"))
               if p.suffix in (".toml", ".csv")]
    text = re.sub(r"[\d.]+ (s|tasks/s)\b", "T", "\n".join([out, *written]).replace(str(case), "CASE"))
    return re.sub(r"\b(\d+)\.0\b", r"\1", text)  # 4.0 printed where the file wrote 4.0 for 4: the same value


@pytest.fixture(scope="module")
def corpby(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The valid Corpby and each command's output on it (the benign mutations' reference)."""
    case = tmp_path_factory.mktemp("valid")
    write_corpby(case / "r")
    outputs = {}
    for kind in KINDS:
        shutil.rmtree(case / "o", ignore_errors=True)
        (case / "o").mkdir()
        code, out, lines = run_captured(command(kind, case / "r", case / "o"))
        assert code == 0 and not lines, (kind, lines)
        outputs[kind] = _same(out, case)
    return case / "r", outputs


@pytest.mark.parametrize(("kind", "name", "expect"), CASES)
def test_a_damaged_file_gives_one_message_or_the_same_result(corpby, kind, name, expect, tmp_path) -> None:
    valid, outputs = corpby
    shutil.copytree(valid, tmp_path / "r", copy_function=os.link)  # links: fast; apply() damages a copy
    (tmp_path / "o").mkdir()
    target = apply(tmp_path / "r", kind, name)
    before = _hashes(tmp_path / "r")
    code, out, lines = run_captured(command(kind, tmp_path / "r", tmp_path / "o"))
    text = "\n".join(lines)
    assert "Traceback" not in text and code in (0, 2), f"exit {code}: {text}"
    assert _hashes(tmp_path / "r") == before, "a file of the region was changed"
    if code == 0:
        assert expect != "refuse", f"accepted: {out[-300:]}"
        assert expect != "warn_or_refuse" or lines, "an absurd value was accepted without a warning"
        if expect in ("same", "same_or_refuse"):
            assert _same(out, tmp_path) == outputs[kind], "a benign change gave another result"
        if expect == "same_rows":  # tables list stations and crews in file order: the same rows, in another order
            assert sorted(_same(out, tmp_path).splitlines()) == sorted(outputs[kind].splitlines()), "other figures"
        return
    assert expect not in ("same", "same_rows"), f"a benign change was refused: {text}"
    assert len(lines) == 1, f"{len(lines)} lines on stderr: {lines}"
    named = target.name in text or (name.startswith("ref:") and "nosuch" in text)
    if expect == "either":  # a legal value whose consequence is refused: the file holding it may be named instead
        named = named or any(p.name in text for p in (tmp_path / "r").iterdir())
    assert named and "Fix:" in text, text
