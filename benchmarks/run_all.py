"""Run the whole benchmark suite and print one report (Markdown), with the machine it ran on.

    python benchmarks/run_all.py [--quick] [--json PATH] [--markdown PATH] [--only NAME ...]

Suites: engine (simulation throughput vs a bare SimPy loop, profile), sweep
(1 vs 2 workers, Dask vs processes), memory (peak RSS), and — when their files
exist — network (shortest paths vs networkx, benchmarks/bench_network.py),
coverage (coverage grid at 250 m and 100 m, benchmarks/bench_coverage.py) and
commands (the planner's commands as whole processes, benchmarks/bench_commands.py), which
run as their own scripts. Figures go into benchmarks/README.md by hand, with
the machine block printed here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

#: Benchmarks written by other issues, run as scripts when present.
SCRIPTS = {"network": "bench_network.py", "coverage": "bench_coverage.py", "commands": "bench_commands.py"}
MODULES = ("engine", "sweep", "memory")


def machine() -> dict:
    """What the figures came from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    import numpy
    import simpy

    from raddsim import __version__

    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem,
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "numpy": numpy.__version__, "simpy": simpy.__version__, "raddsim": __version__, "commit": commit,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def machine_block(m: dict) -> str:
    return (f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}; Python {m['python']}, "
            f"numpy {m['numpy']}, SimPy {m['simpy']}; raddsim {m['raddsim']} at commit {m['commit']}; {m['date']}; "
            f"load average at start {m['load_average_at_start']}.")


def run_script(name: str, quick: bool) -> dict:
    path = HERE / SCRIPTS[name]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    args = [sys.executable, str(path)] + (["--quick"] if quick else [])
    p = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env)
    if p.returncode and quick and "--quick" in p.stderr:  # a script without a --quick option
        p = subprocess.run(args[:-1], capture_output=True, text=True, cwd=ROOT, env=env)
    return {"returncode": p.returncode, "seconds": time.perf_counter() - t0, "stdout": p.stdout,
            "stderr": p.stderr[-3000:]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller runs (a minute or two), for a smoke check")
    ap.add_argument("--only", nargs="+", choices=list(MODULES) + list(SCRIPTS), help="run only these suites")
    ap.add_argument("--json", type=Path, default=None, help="also write every figure as JSON")
    ap.add_argument("--markdown", type=Path, default=None, help="also write the report as Markdown")
    a = ap.parse_args()
    wanted = a.only or list(MODULES) + list(SCRIPTS)
    m = machine()
    results: dict = {"machine": m, "quick": a.quick}
    sections = [f"# raddsim benchmarks{' (--quick)' if a.quick else ''}", "", machine_block(m)]
    failed = False
    for name in wanted:
        t0 = time.perf_counter()
        print(f"running {name} …", file=sys.stderr, flush=True)
        if name in MODULES:
            mod = __import__(f"bench_{name}")
            r = mod.run(a.quick)
            results[name] = r
            body = mod.report(r)
        else:
            if not (HERE / SCRIPTS[name]).is_file():
                results[name] = {"skipped": f"benchmarks/{SCRIPTS[name]} is not present"}
                sections += ["", f"## {name}", "", f"skipped: benchmarks/{SCRIPTS[name]} is not present."]
                continue
            r = run_script(name, a.quick)
            results[name] = r
            failed |= r["returncode"] != 0
            failure = f"\n\nFAILED (exit {r['returncode']}):\n{r['stderr']}" if r["returncode"] else ""
            body = r["stdout"].strip() + failure
        sections += ["", f"## {name}", "", body, "", f"({time.perf_counter() - t0:.0f} s)"]
    if hasattr(os, "getloadavg"):
        m["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        sections += ["", f"Load average at the end: {m['load_average_at_end']} (other processes on the machine "
                         "make timings noisy; ratios taken within one run are more robust than absolute figures)."]
    text = "\n".join(sections) + "\n"
    print(text)
    if a.markdown:
        a.markdown.write_text(text, encoding="utf-8")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
