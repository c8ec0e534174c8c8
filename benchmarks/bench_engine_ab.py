"""CPU time of the simulation in two source trees, measured alternately on the same machine.

Each measurement is a fresh interpreter with ``PYTHONPATH`` set to one tree (run from a temporary
directory, so the checkout the command is started from is not imported instead). It builds the
default model and times, in CPU seconds of the process (less disturbed by other jobs than the wall
clock), the best of ``--repeats`` calls of

* ``run``: ``run_scenario(model, minimum, years=1, replications=30, seed=20250101, keep_records=False)``
  (alarms, crew responses, engine and the per-replication figures, as ``raddsim run`` does);
* ``engine``: ``simulate`` alone on the same 30 replications' inputs (drawn once, outside the timing).

Trees alternate (old, new, old, new …) for ``--rounds`` rounds; the ratio new / old is reported per
round and as the median over rounds. Checks nothing about outputs: compare records separately.

    python benchmarks/bench_engine_ab.py OLD_TREE NEW_TREE [--rounds 5] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

CHILD = r"""
import json, sys, time
from raddsim.engine import simulate
from raddsim.experiment import runs
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region

region = load_region(None)
model, setup = build_model(region), region.scenarios["minimum"]
kw = dict(years=1, replications=30, seed=20250101, keep_records=False)
inputs, real = [], runs.simulate
runs.simulate = lambda *a, **k: (inputs.append((a, k)), real(*a, **k))[1]
runs.run_scenario(model, setup, **kw)  # warms the caches a scenario's first replication fills, records the inputs
runs.simulate = real
out = {"run": [], "engine": []}
for _ in range(int(sys.argv[1])):
    t = time.process_time()
    runs.run_scenario(model, setup, **kw)
    out["run"].append(time.process_time() - t)
    t = time.process_time()
    for a, k in inputs:
        simulate(*a, **k)
    out["engine"].append(time.process_time() - t)
print(json.dumps({key: min(v) for key, v in out.items()}))
"""


def measure(tree: str, repeats: int) -> dict[str, float]:
    """Best CPU seconds of each measurement in a fresh interpreter importing ``tree``."""
    env = dict(os.environ, PYTHONPATH=os.path.abspath(tree))
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(repeats)], cwd=cwd, env=env, capture_output=True,
                              text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    ratios: dict[str, list[float]] = {"run": [], "engine": []}
    for r in range(args.rounds):
        old, new = measure(args.old, args.repeats), measure(args.new, args.repeats)
        for key in ratios:
            ratios[key].append(new[key] / old[key])
        print(f"round {r + 1}: " + "; ".join(f"{k} {old[k]:.3f} → {new[k]:.3f} s ({new[k] / old[k]:.3f})" for k in old),
              flush=True)
    print("median ratio new / old: " + "; ".join(f"{k} {statistics.median(v):.3f} (range {min(v):.3f}–{max(v):.3f})"
                                                  for k, v in ratios.items()))


if __name__ == "__main__":
    main()
