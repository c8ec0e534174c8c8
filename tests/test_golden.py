"""Golden output: ``raddsim run --json`` on the default region, compared exactly (paths normalised).

If this fails and the change of output is NOT intended, the change broke the model's results.
If it IS intended, regenerate with ``python3 tests/golden/regen.py`` and say why in the commit.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Iterator

HERE = Path(__file__).resolve().parent / "golden"
_spec = importlib.util.spec_from_file_location("golden_regen", HERE / "regen.py")
assert _spec is not None and _spec.loader is not None
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)


def differences(a: Any, b: Any, path: str = "") -> Iterator[str]:
    """Paths where two JSON values differ (exactly: floats bit for bit), with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{path}.{k}: only in {'golden' if k in a else 'new output'}"
            else:
                yield from differences(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for k, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{path}[{k}]")
    elif a != b or type(a) is not type(b):
        yield f"{path}: golden {a!r} != new {b!r}"


def test_run_json_matches_golden() -> None:
    golden = json.loads((HERE / "run_default.json").read_text(encoding="utf-8"))
    diff = list(differences(golden, regen.produce()))
    assert not diff, (
        f"`raddsim run --json` on the default differs from tests/golden/run_default.json at {len(diff)} place(s):\n  "
        + "\n  ".join(diff[:15])
        + "\nIf this output change is NOT intended, your change altered the model's results: fix it."
        "\nOnly if it IS intended: regenerate with `python3 tests/golden/regen.py` and say why in the commit message."
    )


def test_golden_comparison_catches_a_change() -> None:
    golden = json.loads((HERE / "run_default.json").read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(golden))
    s = next(iter(changed["scenarios"].values()))
    s["first_arrival_minutes"]["mean"] = s["first_arrival_minutes"]["mean"] + 1e-12
    assert list(differences(golden, golden)) == []
    assert any("first_arrival_minutes.mean" in d for d in differences(golden, changed))
