"""Every record of a few default scenarios, bit for bit, against ``tests/golden/engine_records.json``.

A guard for work on the engine's speed: a short cut changes how much work a run does, never its records.
Every field of every alarm's and mission's record is compared by SHA-256 per column. If this fails and
the change of records is NOT intended, the change broke the model; if it IS intended, regenerate with
``python3 tests/test_engine_records_golden.py --regen`` and say why in the commit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

GOLDEN = Path(__file__).resolve().parent / "golden" / "engine_records.json"
#: (scenario, seed, replications): the default pair, crews on the road off and on (move-up), and followers.
CASES = [("minimum", 20250101, 2), ("ambition", 7, 2), ("minimum-moveup", 20250101, 1), ("roll-short-follow", 3, 1)]


def record_digests() -> dict[str, list[dict[str, str]]]:
    """SHA-256 of every column of the records of :data:`CASES` (one year per replication)."""
    from raddsim.experiment.model import build_model
    from raddsim.experiment.runs import run_scenario
    from raddsim.region.region import load_region

    region = load_region(None)
    model = build_model(region)
    out = {}
    for name, seed, reps in CASES:
        run = run_scenario(model, region.scenarios[name], years=1, replications=reps, seed=seed, keep_records=True)
        out[f"{name} seed {seed}"] = [_digests(rec) for rec in run.records]
    return out


def _digests(rec: object) -> dict[str, str]:
    out = {}
    for f in dataclasses.fields(rec):  # type: ignore[arg-type]
        value = getattr(rec, f.name)
        if dataclasses.is_dataclass(value):
            out.update({f"{f.name}.{k}": v for k, v in _digests(value).items()})
        elif isinstance(value, np.ndarray):
            a = np.ascontiguousarray(value)
            out[f.name] = hashlib.sha256(f"{a.dtype}{a.shape}".encode() + a.tobytes()).hexdigest()
        else:
            out[f.name] = repr(value)
    return out


def test_records_of_default_scenarios_match_golden() -> None:
    saved = json.loads(GOLDEN.read_text(encoding="utf-8"))
    if saved["numpy"].split(".")[0] != np.__version__.split(".")[0]:
        # numpy 1.x and 2.x round some transcendental functions differently in the last bit (SIMD
        # implementations), so a few crews' times differ by an ulp: digests are for one numpy generation.
        # tests/test_golden.py checks the run's figures on every version CI installs.
        pytest.skip(f"record digests were made with numpy {saved['numpy']}; this is numpy {np.__version__}")
    golden = saved["cases"]
    now = record_digests()
    diff = [f"{case} replication {r}: {col}" for case in golden for r, (g, n) in enumerate(zip(golden[case], now[case]))
            for col in g if g[col] != n.get(col)]
    assert now.keys() == golden.keys()
    assert not diff, ("records differ from tests/golden/engine_records.json in:\n  " + "\n  ".join(diff[:20])
                      + "\nIf NOT intended, the change altered the model's results; if intended, regenerate with "
                      "`python3 tests/test_engine_records_golden.py --regen` and say why in the commit message.")


if __name__ == "__main__" and sys.argv[1:] == ["--regen"]:
    GOLDEN.write_text(json.dumps({"numpy": np.__version__, "cases": record_digests()}, indent=1, sort_keys=True)
                      + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
