"""Cost of the crew availability process, against a baseline commit, interleaved (the machine is noisy).

For each of ``--pairs`` rounds, the baseline (``git archive`` of ``--baseline`` into a temporary
folder) and this working tree each run the same workload in a fresh interpreter on one core:

* ``import_s``: ``import raddsim.experiment.runs`` (what ``raddsim run`` loads before simulating);
* ``responses_ms``: ``draw_responses`` (the availability process + answers + rules) per simulated year;
* ``states_ms``: ``staffing_states`` of every local crew per simulated year (the readiness report);
* ``years_per_s``: whole one-year replications of ``minimum`` (alarms, responses, engine) per second.

Usage: ``python benchmarks/bench_availability.py --baseline main --pairs 3 --reps 20``.
Prints one line per run and the per-pair ratios (this tree / baseline; > 1 is faster for years/s,
< 1 is faster for the times).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKLOAD = r"""
import json, sys, time
t0 = time.perf_counter()
import raddsim.experiment.runs as runs
t_import = time.perf_counter() - t0
from raddsim.demand import SECONDS_PER_YEAR, generate_incidents
from raddsim.engine.crews import draw_responses, staffing_states
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region

reps = int(sys.argv[1])
region = load_region()
model = build_model(region)
setup = region.scenarios["minimum"]
prep = model.prepare(setup)
incs = [generate_incidents(setup.demand, prep.points, years=1.0, seed=7, replication=r) for r in range(reps)]
t = time.perf_counter()
for r, inc in enumerate(incs):
    draw_responses(setup, len(inc), 7, r, inc.time_s, SECONDS_PER_YEAR)
responses = (time.perf_counter() - t) / reps
local = [c for c in setup.crews if c.in_service and not c.external]
t = time.perf_counter()
for r in range(reps):
    for c in local:
        staffing_states(c, setup.staffing[c.id], SECONDS_PER_YEAR, 7, r, setup.demand.profile)
states = (time.perf_counter() - t) / reps
t = time.perf_counter()
for r in range(reps):
    runs.run_replication(prep, years=1.0, seed=7, replication=r, network=model.network, hospitals=model.hospitals)
years_per_s = reps / (time.perf_counter() - t)
print(json.dumps({"import_s": t_import, "responses_ms": 1e3 * responses, "states_ms": 1e3 * states,
                  "years_per_s": years_per_s}))
"""


def run(tree: Path, reps: int) -> dict:
    """The workload in a fresh interpreter on ``tree``'s raddsim (single-threaded BLAS: one core)."""
    env = {"PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-c", WORKLOAD, str(reps)]
    out = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="main", help="git ref of the baseline (default main)")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--reps", type=int, default=20, help="one-year replications per measurement")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="raddsim-base-") as tmp:
        archive = subprocess.run(["git", "archive", args.baseline, "raddsim", "stations", "networks", "geodata"],
                                 cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        keys = ("import_s", "responses_ms", "states_ms", "years_per_s")
        print(f"baseline {args.baseline} vs this tree; {args.reps} one-year replications of 'minimum', one core")
        for k in range(args.pairs):
            base, new = run(Path(tmp), args.reps), run(ROOT, args.reps)
            for name, res in (("baseline", base), ("this tree", new)):
                print(f"pair {k + 1} {name:9s} " + "  ".join(f"{key} {res[key]:.3f}" for key in keys))
            print(f"pair {k + 1} ratio     " + "  ".join(f"{key} {new[key] / base[key]:.2f}" for key in keys))


if __name__ == "__main__":
    main()
