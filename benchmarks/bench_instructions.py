"""Instructions executed by the simulation in two source trees: a measure the machine's load does not move.

On a shared 2-core machine CPU seconds move by ±10 % between rounds (other jobs, caches, frequency);
counting instructions under valgrind's callgrind does not: the same tree gives the same count to
about 0.05 %. Each measurement is a fresh interpreter under ``valgrind --tool=callgrind
--instr-atstart=no`` with ``PYTHONPATH`` set to one tree; it builds the default model, simulates once
untimed (warming the caches a scenario's first replication fills and recording the engine's inputs),
then turns counting on (``callgrind_control -i on``) only around

* ``run``: ``run_scenario(model, SCENARIO, years=1, replications=R, seed=20250101, keep_records=False)``;
* ``engine``: ``simulate`` alone on the same R replications' inputs;
* ``responses``: ``draw_responses`` for the same R replications' alarms.

Instructions are not seconds (a cache miss costs more than an add), so confirm a gain with
``bench_engine_ab.py``; but a change that moves the count by 1 % moved it, whatever the load.
About 20–30 s per measurement (valgrind runs Python ≈ 50 × slower while counting).

    python benchmarks/bench_instructions.py OLD_TREE NEW_TREE [--what run engine] [--replications 10]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHILD = r"""
import os, subprocess, sys
from raddsim.demand import SECONDS_PER_YEAR
from raddsim.engine import simulate
from raddsim.engine.crews import draw_responses
from raddsim.experiment import runs
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region

what, scenario, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
region = load_region(None)
model, setup = build_model(region), region.scenarios[scenario]
kw = dict(years=1, replications=reps, seed=20250101, keep_records=False)
inputs, real = [], runs.simulate
runs.simulate = lambda *a, **k: (inputs.append((a, k)), real(*a, **k))[1]
runs.run_scenario(model, setup, **kw)
runs.simulate = real
first = inputs[0][0][2]  # replication 0's alarms
draw_responses(setup, len(first), 20250101, 0, first.time_s, SECONDS_PER_YEAR)  # its caches, untimed
toggle = lambda on: subprocess.run(["callgrind_control", "-i", on, str(os.getpid())], capture_output=True)
toggle("on")
if what == "run":
    runs.run_scenario(model, setup, **kw)
elif what == "engine":
    for a, k in inputs:
        simulate(*a, **k)
else:
    for r, (a, _) in enumerate(inputs):
        draw_responses(setup, len(a[2]), 20250101, r, a[2].time_s, SECONDS_PER_YEAR)
toggle("off")
"""


def count(tree: str, what: str, scenario: str, replications: int) -> int:
    """Instructions of one measurement in a fresh interpreter under callgrind, importing ``tree``."""
    env = dict(os.environ, PYTHONPATH=os.path.abspath(tree), PYTHONDONTWRITEBYTECODE="1")
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",
                               os.path.realpath(sys.executable), "-c", CHILD, what, scenario, str(replications)],
                              cwd=cwd, env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"callgrind failed for {tree}:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--what", nargs="+", default=["run", "engine", "responses"],
                    choices=["run", "engine", "responses"])
    ap.add_argument("--scenario", default="minimum")
    ap.add_argument("--replications", type=int, default=10)
    a = ap.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("bench_instructions.py needs valgrind (callgrind and callgrind_control): "
                         "install it, e.g. apt-get install valgrind")
    for what in a.what:
        old, new = (count(t, what, a.scenario, a.replications) for t in (a.old, a.new))
        print(f"{what} ({a.scenario}, {a.replications} replications): {old / 1e6:.1f} M -> {new / 1e6:.1f} M "
              f"instructions ({new / old:.3f})", flush=True)


if __name__ == "__main__":
    main()
