"""Quality gates a newcomer can rely on: pyflakes on the whole package, the full style set on the engine."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = shutil.which("ruff")
pytestmark = pytest.mark.skipif(RUFF is None, reason="ruff is not installed (pip install '.[test]' installs it)")


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RUFF, "check", "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_package_has_no_undefined_or_unused_names() -> None:
    # Undefined names are bugs waiting for the branch that runs them (three were found after merges).
    proc = _ruff("--select", "F", "raddsim")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_engine_package_passes_the_full_style_set() -> None:
    # pyflakes, pycodestyle, import order and mccabe complexity ≤ 12 (pyproject [tool.ruff]).
    proc = _ruff("raddsim/engine")
    assert proc.returncode == 0, proc.stdout + proc.stderr
