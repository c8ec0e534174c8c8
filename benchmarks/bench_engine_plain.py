"""µs per alarm: raddsim's engine against a plain SimPy model of the same logic (issue 14).

Both models get the same alarms, crews and travel tables, with one-crew run cards
and every crew rolling as planned (what the plain model implements); their first
arrivals are checked equal before anything is timed. Timings are interleaved
(engine, plain, engine afresh, …) in one process; the ratios are medians of each round's ratio.

Cases: Norrtälje (default region, one year), Edmonton (JEMSS files from
../shared/data/jemss/edmonton, skipped with the reason if absent), and an
overloaded Norrtälje (demand ×40: alarms wait) at three horizons and ×80 (the queue grows
without bound) at two, to show whether the cost per alarm stays flat as the queue grows. Times are CPU
seconds of this process (the machine is shared); the engine is timed with its rankings
cached by earlier replications of the scenario (how ``raddsim run`` runs) and afresh
(a scenario's first replication). Also: peak memory of a
10-replication Edmonton ``raddsim run`` (a subprocess), and the largest function
and module of the engine package.

    python benchmarks/bench_engine_plain.py [--repeats 5] [--no-memory]
"""

from __future__ import annotations

import argparse
import ast
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
EDMONTON = ROOT.parent / "shared" / "data" / "jemss" / "edmonton"

from plain_simpy import simulate_plain  # noqa: E402


def case(region, scenario: str, years: float, multiplier: float = 1.0, seed: int = 11):  # type: ignore[no-untyped-def]
    from raddsim.demand import generate_incidents
    from raddsim.experiment.model import build_model

    model = build_model(region)
    setup = region.scenarios[scenario]
    if multiplier != 1.0:
        setup = region.derive("busy", scenario, {"demand.multiplier": multiplier})
    prep = model.prepare(setup)
    inc = generate_incidents(prep.setup.demand, prep.points, years=years, seed=seed, replication=0)
    return prep.fleet, prep.tables, inc


def timed(fleet, tables, inc, repeats: int) -> dict:  # type: ignore[no-untyped-def]
    """CPU µs per alarm of the engine (rankings cached by earlier replications, and computed afresh as in a
    scenario's first replication) and of the plain model, interleaved; ratios are medians over the rounds."""
    from raddsim.engine import ANY_CREW, simulate
    from raddsim.engine.ranking import ranking_for

    reqs = [ANY_CREW] * (int(inc.type.max()) + 1)
    rec = simulate(fleet, tables, inc, reqs)
    plain = simulate_plain(fleet, tables, inc)
    assert np.allclose(rec.t_arrival, plain, rtol=0, atol=1e-6, equal_nan=True), "the two models disagree"
    warm, cold, pln = [], [], []
    clock = time.process_time  # CPU time of this process: less disturbed by other jobs than the wall clock
    for _ in range(repeats):
        t0 = clock()
        simulate(fleet, tables, inc, reqs)
        t1 = clock()
        simulate_plain(fleet, tables, inc)
        t2 = clock()
        ranking_for(fleet, tables).forget()
        t3 = clock()
        simulate(fleet, tables, inc, reqs)
        t4 = clock()
        warm.append(t1 - t0)
        pln.append(t2 - t1)
        cold.append(t4 - t3)
    n = len(inc)

    def us(x: list[float]) -> float:
        return round(statistics.median(x) / n * 1e6, 2)

    return {"alarms": n, "waited_share": round(float(rec.waited.mean()), 3), "engine_us_per_alarm": us(warm),
            "engine_first_replication_us_per_alarm": us(cold), "plain_us_per_alarm": us(pln),
            "ratio_engine_to_plain": round(statistics.median(w / p for w, p in zip(warm, pln)), 3),
            "ratio_first_replication_to_plain": round(statistics.median(c / p for c, p in zip(cold, pln)), 3)}


def edmonton_region(tmp: Path, source: Path = EDMONTON):  # type: ignore[no-untyped-def]
    from raddsim.cli import main
    from raddsim.region.region import load_region

    out = tmp / "edmonton"
    assert main(["region", "import-jemss", str(source), str(out)]) == 0
    return load_region(out), out


def peak_memory_mib(region_dir: Path, replications: int = 10) -> float:
    """Peak resident memory (MiB) of ``raddsim run`` on a region, in a child process."""
    cmd = [sys.executable, "-m", "raddsim", "run", "--region", str(region_dir), "--replications", str(replications)]
    subprocess.run(cmd, check=True, capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def engine_sizes() -> dict:
    """Largest function (lines) and largest module (lines) of raddsim/engine."""
    funcs, mods = [], []
    for path in sorted((ROOT / "raddsim" / "engine").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        mods.append((len(text.splitlines()), path.name))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                funcs.append((node.end_lineno - node.lineno + 1, f"{path.name}:{node.name}"))
    return {"largest_function": max(funcs), "largest_module": max(mods)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--edmonton", type=Path, default=EDMONTON, help="JEMSS Edmonton folder (default ../shared/...)")
    args = ap.parse_args()
    from raddsim.region.region import load_region

    norrtalje = load_region()
    out: dict = {"engine_package": engine_sizes()}
    out["norrtalje"] = timed(*case(norrtalje, "minimum", 1.0), args.repeats)
    for years in (0.25, 0.5, 1.0):
        out[f"overloaded_x40_{years}y"] = timed(*case(norrtalje, "minimum", years, 40.0), args.repeats)
    for years in (0.125, 0.5):  # demand beyond capacity: the queue grows all along (thousands waiting)
        out[f"overloaded_x80_{years}y"] = timed(*case(norrtalje, "minimum", years, 80.0), args.repeats)
    for model in ("engine", "plain"):
        key = f"{model}_us_per_alarm"
        out[f"overload_growth_1y_over_0.25y_{model}"] = round(
            out["overloaded_x40_1.0y"][key] / out["overloaded_x40_0.25y"][key], 3)
        out[f"overload_x80_growth_0.5y_over_0.125y_{model}"] = round(
            out["overloaded_x80_0.5y"][key] / out["overloaded_x80_0.125y"][key], 3)
    if args.edmonton.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            region, folder = edmonton_region(Path(tmp), args.edmonton)
            out["edmonton"] = timed(*case(region, "deployment", 0.5), args.repeats)
            if not args.no_memory:
                out["edmonton_run_10_replications_peak_mib"] = round(peak_memory_mib(folder), 1)
    else:
        out["edmonton"] = f"skipped: {args.edmonton} is absent"
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
