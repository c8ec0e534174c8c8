"""Golden output: ``raddsim run --json`` on the default region, compared exactly (paths normalised).

Exactly means bit for bit under the numpy generation (1.x, 2.x) the golden file was made with
(``run_default.meta.json``). Under another one — ``.ci/lowest`` installs numpy 1.26 — sums and
transcendental functions may round differently in the last bit, so there floats must agree to a
relative 1e-12 (a change of the model moves them far more: ``test_golden_comparison_catches_a_change``).

If this fails and the change of output is NOT intended, the change broke the model's results.
If it IS intended, regenerate with ``python3 tests/golden/regen.py`` and say why in the commit.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from typing import Any, Iterator

import numpy as np

HERE = Path(__file__).resolve().parent / "golden"
_spec = importlib.util.spec_from_file_location("golden_regen", HERE / "regen.py")
assert _spec is not None and _spec.loader is not None
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)


#: Relative tolerance of floats under another numpy generation than the golden file's (0 under the same).
OTHER_NUMPY_REL = 1e-12


def differences(a: Any, b: Any, path: str = "", rel: float = 0.0) -> Iterator[str]:
    """Paths where two JSON values differ (floats bit for bit, or within ``rel``), with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{path}.{k}: only in {'golden' if k in a else 'new output'}"
            else:
                yield from differences(a[k], b[k], f"{path}.{k}", rel)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for k, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{path}[{k}]", rel)
    elif rel and isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, rel_tol=rel, abs_tol=1e-300):
        return
    elif a != b or type(a) is not type(b):
        yield f"{path}: golden {a!r} != new {b!r}"


def golden_tolerance() -> float:
    """0 (bit for bit) under the golden file's numpy generation, else :data:`OTHER_NUMPY_REL`."""
    made_with = json.loads((HERE / "run_default.meta.json").read_text(encoding="utf-8"))["numpy"]
    return 0.0 if made_with.split(".")[0] == np.__version__.split(".")[0] else OTHER_NUMPY_REL


def test_run_json_matches_golden() -> None:
    golden = json.loads((HERE / "run_default.json").read_text(encoding="utf-8"))
    rel = golden_tolerance()
    diff = list(differences(golden, regen.produce(), rel=rel))
    assert not diff, (
        f"`raddsim run --json` on the default differs from tests/golden/run_default.json at {len(diff)} place(s)"
        + (f" (floats within {rel:g} relative: another numpy generation than the golden file's)" if rel else "")
        + ":\n  "
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
    # Under another numpy generation an ulp passes, a change of the model's size does not.
    ulp = json.loads(json.dumps(golden))
    m = next(iter(ulp["scenarios"].values()))["first_arrival_minutes"]
    m["mean"] = math.nextafter(m["mean"], math.inf)
    assert list(differences(golden, ulp, rel=OTHER_NUMPY_REL)) == []
    assert any("first_arrival_minutes.mean" in d for d in differences(golden, ulp))
    m["mean"] = m["mean"] * (1 + 1e-9)
    assert any("first_arrival_minutes.mean" in d for d in differences(golden, ulp, rel=OTHER_NUMPY_REL))
