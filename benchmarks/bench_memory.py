"""Peak memory of a full run, each in a fresh subprocess (peak resident set size, getrusage).

* ``import raddsim``: the interpreter and libraries alone (the floor);
* ``raddsim run``: the default scenarios, 30 replications of one year (what a planner runs);
* one scenario, 30 replications, with Python's own allocation peak (tracemalloc) besides the RSS;
* ``raddsim sweep`` with 2 local processes on the benchmark spec (largest single process: driver or worker).

    python benchmarks/bench_memory.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TRACEMALLOC_RUN = """
import json, tracemalloc, resource, sys
tracemalloc.start()
from raddsim.region.region import load_region
from raddsim.experiment.model import build_model
from raddsim.experiment.runs import run_scenario
region = load_region()
model = build_model(region)
name = (region.default_scenarios or tuple(region.scenarios))[0]
after_model = tracemalloc.get_traced_memory()[0]
run = run_scenario(model, region.scenarios[name], years=1.0, replications={reps}, seed=1)
cur, peak = tracemalloc.get_traced_memory()
print(json.dumps({{"python_peak_mb": peak / 2**20, "python_after_model_mb": after_model / 2**20,
                  "python_held_mb": cur / 2**20, "alarms": sum(len(i) for i in run.incidents)}}))
"""


def _child_peak_mb(cmd: list[str]) -> tuple[float, str]:
    """Run ``cmd`` in a fresh process; the largest RSS of it (or of its waited-for descendants), in MiB."""
    # ru_maxrss of RUSAGE_CHILDREN is the maximum over children waited for so far, so a
    # fresh interpreter measures each command on its own.
    probe = textwrap.dedent("""
        import resource, subprocess, sys, json
        p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
        if p.returncode:
            sys.stderr.write(p.stderr); sys.exit(p.returncode)
        kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(json.dumps({"maxrss_kb": kb, "stdout": p.stdout[-4000:]}))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, env=env, cwd=ROOT)
    if p.returncode:
        raise RuntimeError(f"{cmd} failed: {p.stderr[-2000:]}")
    r = json.loads(p.stdout)
    scale = 1024.0 if sys.platform != "darwin" else 1024.0 * 1024.0  # KiB on Linux, bytes on macOS
    return r["maxrss_kb"] / scale, r["stdout"]


def run(quick: bool = False) -> dict:
    reps = 10 if quick else 30
    py = sys.executable
    out: dict = {"replications": reps}
    out["import_raddsim_mb"], _ = _child_peak_mb([py, "-c", "import raddsim.experiment.runs, raddsim.cli"])
    with tempfile.TemporaryDirectory() as tmp:
        out["raddsim_run_mb"], _ = _child_peak_mb([py, "-m", "raddsim", "run", "--replications", str(reps),
                                                    "--json", str(Path(tmp) / "r.json")])
        rss, text = _child_peak_mb([py, "-c", TRACEMALLOC_RUN.format(reps=reps)])
        out["one_scenario_mb"] = rss
        out.update(json.loads(text.strip().splitlines()[-1]))
        spec = ROOT / "benchmarks" / "specs" / "bench_sweep.toml"
        out["sweep_2_processes_mb"], _ = _child_peak_mb([py, "-m", "raddsim", "sweep", str(spec), "--out",
                                                          str(Path(tmp) / "sweep"), "--processes", "2", "--quiet"])
    return out


def report(r: dict) -> str:
    return "\n".join([
        "Peak resident set size of each command in a fresh process (largest single process):", "",
        "| run | peak RSS |", "|---|---|",
        f"| `import raddsim` (interpreter + libraries) | {r['import_raddsim_mb']:.0f} MiB |",
        f"| `raddsim run --replications {r['replications']}` (default scenarios, 1 year each) | **{r['raddsim_run_mb']:.0f} MiB** |",
        f"| one scenario, {r['replications']} replications kept in memory | {r['one_scenario_mb']:.0f} MiB |",
        f"| `raddsim sweep benchmarks/specs/bench_sweep.toml --processes 2` | {r['sweep_2_processes_mb']:.0f} MiB |",
        "",
        f"Python allocations (tracemalloc) in the one-scenario run: peak {r['python_peak_mb']:.0f} MiB, "
        f"of which the region, network and model {r['python_after_model_mb']:.0f} MiB; "
        f"held at the end with {r['alarms']:,} alarms' incidents and records: {r['python_held_mb']:.0f} MiB.",
    ])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="10 replications instead of 30")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    r = run(a.quick)
    print(report(r))
    if a.json:
        a.json.write_text(json.dumps(r, indent=2))
    return 0


if __name__ == "__main__":
    if not hasattr(resource, "getrusage"):  # pragma: no cover
        sys.exit("bench_memory needs resource.getrusage (POSIX)")
    sys.exit(main())
