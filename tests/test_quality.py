"""Quality gates a newcomer can rely on: ruff on the package (pyflakes, pycodestyle, import order; the full
set with mccabe on the engine) and mypy on the engine package."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = shutil.which("ruff")
needs_ruff = pytest.mark.skipif(RUFF is None, reason="ruff is not installed (pip install '.[test]' installs it)")
needs_mypy = pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                                reason="mypy is not installed (pip install '.[test]' installs it)")


def _ruff(*args: str) -> subprocess.CompletedProcess:
    assert RUFF is not None
    return subprocess.run([RUFF, "check", "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@needs_ruff
def test_package_has_no_undefined_or_unused_names() -> None:
    # Undefined names are bugs waiting for the branch that runs them (three were found after merges).
    proc = _ruff("--select", "F", "raddsim")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_ruff
def test_engine_package_passes_the_full_style_set() -> None:
    # pyflakes, pycodestyle, import order and mccabe complexity ≤ 12 (pyproject [tool.ruff]).
    proc = _ruff("raddsim/engine")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_mypy
def test_engine_package_type_checks() -> None:
    # pyproject [tool.mypy]: every engine function fully annotated; untyped libraries are listed by name.
    proc = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", "/dev/null", "raddsim/engine"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
