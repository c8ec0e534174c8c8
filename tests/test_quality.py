"""Quality gates a newcomer can rely on: ruff on the package (pyflakes, pycodestyle, import order, mccabe
complexity ≤ 12), mypy on the whole package, and the public API of ``raddsim``."""

from __future__ import annotations

import importlib
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
def test_package_passes_the_full_style_set() -> None:
    # pyproject [tool.ruff]: pyflakes (undefined names are bugs waiting for the branch that runs them; three were
    # found after merges), pycodestyle (lines ≤ 120), import order and mccabe complexity ≤ 12, in every module.
    proc = _ruff("raddsim")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_ruff
def test_the_style_gate_sees_complexity() -> None:
    # The gate above must fail on a function with more than 12 branches (so it cannot silently pass).
    branches = "".join(f"    if x == {k}:\n        return {k}\n" for k in range(13))
    proc = subprocess.run([RUFF, "check", "--no-cache", "--stdin-filename", "raddsim/_probe.py", "-"], cwd=ROOT,
                          input=f"def f(x: int) -> int:\n{branches}    return -1\n", capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1 and "C901" in proc.stdout, proc.stdout + proc.stderr


def _mypy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", "/dev/null", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@needs_mypy
def test_package_type_checks() -> None:
    # pyproject [tool.mypy]: the whole package; engine functions fully annotated; untyped libraries listed by name.
    proc = _mypy("raddsim")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_mypy
def test_the_type_gate_sees_errors() -> None:
    # With the project's configuration mypy must still report an error (so the gate above cannot silently pass).
    proc = _mypy("-c", "def f(x: int | None) -> int:\n    return x + 1\n")
    assert proc.returncode == 1 and "[operator]" in proc.stdout, proc.stdout + proc.stderr


def test_public_api_imports_and_is_documented() -> None:
    import raddsim

    assert raddsim.__all__ == sorted(set(raddsim.__all__)), "__all__ is kept sorted and without duplicates"
    undocumented = []
    for name in raddsim.__all__:
        obj = getattr(raddsim, name)  # imports it from its module
        doc = (getattr(obj, "__doc__", None) or "").strip()
        if not doc:
            undocumented.append(name)
    assert not undocumented, f"public names without a docstring: {undocumented}"
    # The lazy import returns the defining module's object, not a copy.
    assert raddsim.simulate is importlib.import_module("raddsim.engine").simulate


def test_import_raddsim_stays_light() -> None:
    # The command line imports raddsim for --version/--help: the public API must not pull in numpy or SimPy.
    code = "import sys, raddsim; print(sorted(m for m in ('numpy', 'simpy', 'scipy') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


#: Underscore names that are public API by their library's documentation (namedtuple's, os._exit).
DOCUMENTED_UNDERSCORE = {"_fields", "_asdict", "_replace", "_make", "_exit"}


def private_names_used(source: str) -> list[str]:
    """``obj._name`` uses in ``source`` where ``obj`` is not ``self``/``cls`` (another module's or library's
    private name)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and node.attr not in DOCUMENTED_UNDERSCORE
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_private_names_of_other_modules_or_libraries() -> None:
    offenders = {str(p.relative_to(ROOT)): used for p in sorted((ROOT / "raddsim").rglob("*.py"))
                 if (used := private_names_used(p.read_text(encoding="utf-8")))}
    assert not offenders, f"private names reached into: {offenders}"


def test_the_private_name_gate_sees_them() -> None:
    assert private_names_used("net._kdtree.query(pts)\nself._ok = 1\nos._exit(1)\n") == ["1: net._kdtree"]
