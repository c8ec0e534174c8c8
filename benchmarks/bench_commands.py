"""Time the commands a planner runs, as whole processes, interleaved with reference processes.

    python benchmarks/bench_commands.py [--rounds 5] [--phases] [--json out.json] [--only run map ...]
                                        [--baseline PATH]

Every round runs, in this order: an empty Python start (``python -c pass``), each
command once (``python -m raddsim …``, a fresh process each), and a bare process
pool (1 and 2 processes of pure-Python work of about the sweep's length). The
machine is shared and noisy, so each command is also reported as a ratio to the
empty Python start of the same round (median over rounds), and the sweep's 2-vs-1
speed-up next to the bare pool's in the same round. Peak memory is the largest
``ru_maxrss`` of each command's process (``os.wait4``). ``--phases`` prints where
``raddsim run``, ``map`` and ``report`` spend their time, step by step (``command_phases.py``).
Without Dask installed (the ``sweep`` extra) leave out the Dask row: ``--only`` the others.

``--baseline PATH`` also runs every command from another checkout of raddsim (e.g. a
``git worktree`` of an older commit) right after this one's, in the same round, and prints
this checkout's time as a ratio to it (median over rounds): a change measured against what
it replaced under the same load. ``sweep384 …`` rows (the 384-task spec of
``bench_sweep.py``) show how the 2-vs-1 and Dask ratios grow with the work; they are left
out unless named with ``--only``.

The compact network cache is warmed first (the first use parses the shipped .osm), and
each checkout's package is compiled to bytecode, as ``pip install`` does (an environment with
``PYTHONDONTWRITEBYTECODE`` set, e.g. a container's, would otherwise compile every module in
every timed process: ≈ 0.1 s of CPU for ``run``); figures are for the warm case, which is every
run after the first.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC96 = HERE / "specs" / "bench_sweep_96.toml"
SPEC384 = HERE / "specs" / "bench_sweep.toml"
#: Rows timed only when named with --only (longer).
OPTIONAL = ("sweep384 1 process", "sweep384 2 processes", "sweep384 Dask 2 workers")


def commands(tmp: Path) -> dict[str, list[str]]:
    """The planner's commands, by label (outputs go under ``tmp``)."""
    return {
        "version": ["--version"],
        "help": ["--help"],
        "run": ["run"],
        "compare": ["compare", "minimum", "ambition"],
        "target": ["target"],
        "map": ["map", "--out", str(tmp / "maps")],
        "report": ["report", "--out", str(tmp / "report.html")],
        "sweep96 in-process": ["sweep", str(SPEC96), "--out", str(tmp / "s0"), "--processes", "0", "--quiet"],
        "sweep96 1 process": ["sweep", str(SPEC96), "--out", str(tmp / "s1"), "--processes", "1", "--quiet"],
        "sweep96 2 processes": ["sweep", str(SPEC96), "--out", str(tmp / "s2"), "--processes", "2", "--quiet"],
        "sweep96 Dask 2 workers": ["sweep", str(SPEC96), "--out", str(tmp / "s3"), "--workers", "2", "--quiet"],
        "sweep384 1 process": ["sweep", str(SPEC384), "--out", str(tmp / "s1"), "--processes", "1", "--quiet"],
        "sweep384 2 processes": ["sweep", str(SPEC384), "--out", str(tmp / "s2"), "--processes", "2", "--quiet"],
        "sweep384 Dask 2 workers": ["sweep", str(SPEC384), "--out", str(tmp / "s3"), "--workers", "2", "--quiet"],
    }


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system, its children included) of one process."""
    t = time.perf_counter()
    # From a folder outside any checkout: `python -m` puts the working folder first on sys.path,
    # which would shadow PYTHONPATH (and so a --baseline checkout).
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tempfile.gettempdir())
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {p.stderr.read().decode()[-2000:]}")
    p.stderr.close()
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


def bare_pool(processes: int, tasks: int, n: int) -> float:
    """Seconds for a fresh process pool to run ``tasks`` pure-Python tasks of ``n`` steps."""
    t = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_spin, [n] * tasks))
    return time.perf_counter() - t


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", nargs="*", default=None, help="labels of the commands to time")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--phases", action="store_true")
    ap.add_argument("--quick", action="store_true", help="one round (run_all.py --quick)")
    ap.add_argument("--baseline", type=Path, default=None, metavar="PATH",
                    help="another raddsim checkout to time in the same rounds (ratios this ÷ baseline)")
    a = ap.parse_args()
    if a.quick:
        a.rounds = 1
    return a


def _spin_steps() -> int:
    """Steps of a bare-pool task as long as one sweep task (~16 ms), calibrated here, untimed."""
    t = time.perf_counter()
    _spin(200_000)
    return int(200_000 * 0.016 / max(time.perf_counter() - t, 1e-6))


def _rounds(a: argparse.Namespace, cmds: dict[str, list[str]], envs: dict[str, dict[str, str]], tmp: Path) -> dict:
    """Every round: an empty Python, each command (and its baseline), a bare pool of 1 and 2 processes."""
    py, n = [sys.executable], _spin_steps()
    rows: dict[str, dict[str, list[tuple[float, float, float, float]]]] = {v: {k: [] for k in cmds} for v in envs}
    empty, empty_cpu, pools = [], [], []
    for r in range(a.rounds):
        e, _, e_cpu = timed(py + ["-c", "pass"], envs["this"])
        empty.append(e)
        empty_cpu.append(e_cpu)
        for label, args in cmds.items():
            for which, env in envs.items():
                for sub in ("s0", "s1", "s2", "s3"):
                    subprocess.run(["rm", "-rf", str(tmp / sub)])
                wall, rss, cpu = timed(py + ["-m", "raddsim", *args], env)
                rows[which][label].append((wall, rss, wall / e, cpu))
        p1, p2 = bare_pool(1, 96, n), bare_pool(2, 96, n)
        pools.append((p1, p2))
        print(f"round {r + 1}: empty python {e:.3f} s, bare pool {p1:.2f} / {p2:.2f} s", file=sys.stderr)
    return {"rows": rows, "empty": empty, "empty_cpu": empty_cpu, "pools": pools}


def _table(result: dict, rows: dict[str, list[tuple[float, float, float, float]]],
           base: dict[str, list[tuple[float, float, float, float]]] | None) -> None:
    print(f"{'command':<24} {'median s':>9} {'min s':>7} {'× empty':>8} {'CPU s':>6} {'peak MiB':>9}"
          + (f" {'÷ baseline':>11} {'CPU ÷ base':>11}" if base else ""))
    for label, vals in rows.items():
        walls, rss, ratio, cpu = zip(*vals)
        entry = result["commands"][label] = {
            "median_s": statistics.median(walls), "min_s": min(walls), "cpu_s": statistics.median(cpu),
            "ratio_to_empty_python": statistics.median(ratio), "peak_rss_mib": max(rss)}
        line = (f"{label:<24} {statistics.median(walls):9.2f} {min(walls):7.2f} {statistics.median(ratio):8.1f} "
                f"{statistics.median(cpu):6.2f} {max(rss):9.0f}")
        if base:
            per_round = [v[0] / b[0] for v, b in zip(vals, base[label])]
            cpu_ratio = statistics.median(cpu) / statistics.median([b[3] for b in base[label]])
            entry["ratio_to_baseline"], entry["cpu_ratio_to_baseline"] = per_round, cpu_ratio
            entry["cpu_ratio_per_round"] = [v[3] / b[3] for v, b in zip(vals, base[label])]
            line += f" {statistics.median(per_round):11.2f} {cpu_ratio:11.2f}"
        print(line)


def _sweep_ratios(result: dict, rows: dict, pools: list[tuple[float, float]]) -> None:
    for size in ("96", "384"):
        one, two, dask = (rows.get(f"sweep{size} {k}") for k in ("1 process", "2 processes", "Dask 2 workers"))
        if one and two:
            per_round = [a1[0] / a2[0] for a1, a2 in zip(one, two)]
            bare = [p1 / p2 for p1, p2 in pools]
            result[f"sweep{size}_speedup_2_vs_1"] = per_round
            result["bare_pool_speedup_2_vs_1"] = bare
            print(f"sweep{size} 2 vs 1 processes, per round: " + ", ".join(f"{x:.2f}" for x in per_round)
                  + f" (median {statistics.median(per_round):.2f}); bare pool: " + ", ".join(f"{x:.2f}" for x in bare))
        if two and dask:
            ratio = [d[0] / p[0] for p, d in zip(two, dask)]
            result[f"sweep{size}_dask_vs_processes"] = ratio
            print(f"sweep{size} Dask LocalCluster 2 workers ÷ 2 processes, per round: "
                  + ", ".join(f"{x:.2f}" for x in ratio) + f" (median {statistics.median(ratio):.2f})")


def _env(tree: Path) -> dict[str, str]:
    """The environment of a checkout's timed processes: its package first, bytecode compiled and kept."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "raddsim")], env=env, check=True)
    return {**env, "PYTHONPATH": str(tree)}


def main() -> None:
    a = _args()
    envs = {"this": _env(ROOT)}
    if a.baseline is not None:
        envs["baseline"] = _env(a.baseline.resolve())
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        cmds = {k: v for k, v in commands(tmp).items()
                if (a.only is None and k not in OPTIONAL) or (a.only is not None and k in a.only)}
        for env in envs.values():  # warm the caches (the first use parses the shipped .osm)
            subprocess.run([sys.executable, "-m", "raddsim", "run", "--replications", "1", "--years", "0.1"], env=env,
                           cwd=tempfile.gettempdir(),
                           capture_output=True, check=True)
        timing = _rounds(a, cmds, envs, tmp)
    empty, empty_cpu = timing["empty"], timing["empty_cpu"]
    result = {"rounds": a.rounds, "empty_python_s": statistics.median(empty),
              "empty_python_cpu_s": statistics.median(empty_cpu), "commands": {}}
    print(f"empty Python start: median {statistics.median(empty):.3f} s wall, {statistics.median(empty_cpu):.3f} s CPU "
          f"over {a.rounds} rounds; load average {os.getloadavg()[0]:.1f}")
    _table(result, timing["rows"]["this"], timing["rows"].get("baseline"))
    _sweep_ratios(result, timing["rows"]["this"], timing["pools"])
    if a.phases:
        from command_phases import phases

        result["phases_s"] = {}
        for command in ("run", "map", "report"):
            ph = result["phases_s"][command] = phases(command, envs["this"])
            print(f"raddsim {command} steps (one process; wall / CPU s): "
                  + ", ".join(f"{k} {v['wall_s']:.2f} / {v['cpu_s']:.2f}" for k, v in ph.items()))
    if a.json:
        a.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
