"""Every module of the package imports on its own, first thing in a fresh interpreter (no import cycle).

An import cycle hides in the test suite, where some earlier test has already imported the modules in an order
that works, and shows as an ImportError for the user whose command imports them in another order.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One interpreter for all modules: before each import every raddsim module is dropped from sys.modules, so each
# module's import starts from nothing of raddsim's (third-party libraries stay loaded: their cost is paid once).
PROBE = r"""
import importlib, pkgutil, sys, traceback
import raddsim
names = sorted(m.name for m in pkgutil.walk_packages(raddsim.__path__, "raddsim.") if m.name != "raddsim.__main__")
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m == "raddsim" or m.startswith("raddsim.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as err:
        if "partially initialized" in str(err) or "circular import" in str(err):
            failed.append(f"{name}: {err}")
print(len(names))
print("\n".join(failed))
"""


def test_every_module_imports_first_without_a_cycle() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    count, *failed = p.stdout.strip().splitlines()
    assert int(count) > 100  # the walk found the package's modules
    assert not [f for f in failed if f], "\n".join(failed)
