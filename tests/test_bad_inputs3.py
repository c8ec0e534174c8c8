"""Bad input, third round: what a fresh-eyes audit found after the first two rounds and the hand probe.

Each test failed before its fix. The findings: a command of the plain install that ended in an
ImportError traceback, times and speeds so far out of range that the tables printed numbers with
300 digits (or numpy's overflow warnings), a road network with a node beyond the poles, and a sweep
axis whose impossible value was blamed on the region file that was fine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from raddsim.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _exit_and_error(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as ex:  # argparse's usage errors
        code = int(ex.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return code, err


# ------------------------------------------------------------------ 1. optimise on the plain install
def test_optimise_without_the_sweep_extra_names_the_extra(tmp_path, monkeypatch, capsys) -> None:
    # Was: `pip install . && raddsim optimise …` (the README's Optimise section) ended in
    # "ModuleNotFoundError: No module named 'tqdm'" from raddsim/cli/optimise.py.
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if not installed: import fails, find_spec says None
    code, err = _exit_and_error(["optimise", str(ROOT / "stations" / "options_norrtalje.toml"), "--out",
                                 str(tmp_path / "opt")], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "raddsim optimise" in err and "'tqdm'" in err and '.[sweep]' in err, err
    assert not (tmp_path / "opt").exists()
