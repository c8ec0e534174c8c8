"""Every command and subcommand answers --help, every option says what it does, libraries stay quiet without -v."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from raddsim.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, parser) for the parser and every subparser below it."""
    yield path, parser
    for action in parser._actions:  # argparse has no public API for its subparsers
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, path + (name,))


PARSERS = list(_walk(build_parser()))


def test_the_tree_has_every_command() -> None:
    names = {" ".join(p) for p, _ in PARSERS}
    for cmd in ("run", "compare", "target", "calibrate", "demand", "map", "report", "network", "network info", "sweep"):
        assert cmd in names


@pytest.mark.parametrize("path", [p for p, _ in PARSERS], ids=[" ".join(p) or "raddsim" for p, _ in PARSERS])
def test_help_of_every_command(path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*path, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: raddsim") and "Traceback" not in out


@pytest.mark.parametrize("path,parser", PARSERS, ids=[" ".join(p) or "raddsim" for p, _ in PARSERS])
def test_every_option_has_help_text(path, parser) -> None:
    missing = [a.option_strings[0] if a.option_strings else a.dest for a in parser._actions
               if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))
               and (a.help is None or not str(a.help).strip()) and a.help != argparse.SUPPRESS]
    assert not missing, f"raddsim {' '.join(path)}: options without help text: {missing}"


def test_bare_raddsim_prints_help_not_a_traceback(capsys) -> None:
    assert main([]) == 2
    assert "usage: raddsim" in capsys.readouterr().out


def test_dask_is_quiet_without_verbose(tmp_path) -> None:
    pytest.importorskip("distributed")
    spec = tmp_path / "tiny.toml"
    spec.write_text('description = "tiny"\nbase = "minimum"\nyears = 0.05\nreplications = 2\nseed = 1\n'
                    '[axes]\nstaffing = ["minimum", "ambition"]\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-m", "raddsim", "sweep", str(spec), "--out", str(tmp_path / "out"), "--workers", "1",
                          "--quiet"], capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "INFO" not in res.stderr and "Nanny" not in res.stderr, res.stderr[:500]


def test_network_info_describes_the_speeds_simulations_use(capsys) -> None:
    assert main(["network", "info"]) == 0
    out = capsys.readouterr().out
    # The default region drives to incidents with blue light ([network.blue_light] enabled in norrtalje.toml).
    assert "with blue light" in out and "×1.25  primary" in out and "home from the incident at legal speeds" in out
    assert "normal driving" not in out
