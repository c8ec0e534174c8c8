"""Regenerate the golden output of ``raddsim run --json`` on the default region.

Run ``python3 tests/golden/regen.py`` from the repository root ONLY when a change
of the simulation's output is intended (say why in the commit message): the
golden file is what tests/test_golden.py holds every change to, bit for bit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "run_default.json"
#: The command the golden file records (the default region, scenarios, seed and replications).
ARGS = ("run",)


def normalise(obj: Any, root: str) -> Any:
    """The output with machine-specific parts (absolute paths) replaced by ``<ROOT>``."""
    if isinstance(obj, dict):
        return {k: normalise(v, root) for k, v in obj.items()}
    if isinstance(obj, list):
        return [normalise(v, root) for v in obj]
    if isinstance(obj, str):
        return obj.replace(root, "<ROOT>")
    return obj


def produce() -> dict:
    """Run ``raddsim run --json`` with this checkout's code and return its normalised JSON."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.json"
        proc = subprocess.run([sys.executable, "-m", "raddsim", *ARGS, "--json", str(out)], capture_output=True,
                              text=True, cwd=tmp, env=env, timeout=900)
        if proc.returncode != 0:
            raise RuntimeError(f"raddsim {' '.join(ARGS)} failed:\n{proc.stderr}")
        return normalise(json.loads(out.read_text(encoding="utf-8")), str(ROOT))


def main() -> None:
    import numpy as np

    GOLDEN.write_text(json.dumps(produce(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    # The numpy it was made with: tests/test_golden.py compares bit for bit under the same generation only.
    GOLDEN.with_name("run_default.meta.json").write_text(json.dumps({"numpy": np.__version__}) + "\n",
                                                         encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
