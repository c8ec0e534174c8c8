"""Benchmark: static coverage of the whole municipality at 250 m and 100 m.

Times the vectorised pipeline (grid → road samples by KD-tree → per-node
first-crew and smoke-diving-force times → cells) and, in the same run, a naive
per-cell Python loop doing the same computation on a sample of cells (the
baseline). Reports seconds, cells per second and the speed-up ratio, and checks
that both give the same minutes.

Run from the repository root::

    python benchmarks/bench_coverage.py [--json out.json]

Uses ``../shared/data/norrtalje/norrtalje_kommun_scb_2024.geojson`` as the
municipality when present, else the 2 km road buffer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from raddsim.coverage.cell_access import cell_access  # noqa: E402
from raddsim.coverage.static import naive_cell_minutes, static_coverage  # noqa: E402
from raddsim.coverage.grid import load_boundary, make_grid  # noqa: E402
from raddsim.experiment.model import build_model  # noqa: E402
from raddsim.region.region import load_region  # noqa: E402

BOUNDARY = ROOT.parent / "shared" / "data" / "norrtalje" / "norrtalje_kommun_scb_2024.geojson"


def best_of(n: int, fn):
    """Smallest wall time of ``n`` calls, and the last result."""
    best, out = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def bench(cell_m: float, model, boundary, naive_cells: int, repeats: int) -> dict:
    region = model.region
    setups = [region.scenarios["minimum"], region.scenarios["ambition"]]
    t_grid, grid = best_of(repeats, lambda: make_grid(model.network, cell_m, boundary))
    t_access, access = best_of(repeats, lambda: cell_access(model.network, grid))
    t_cov, cov = best_of(repeats, lambda: static_coverage(model, setups[0], grid, access))
    t_second, _ = best_of(repeats, lambda: static_coverage(model, setups[1], grid, access))
    total = t_grid + t_access + t_cov
    rng = np.random.default_rng(1)
    sample = np.sort(rng.choice(len(grid), size=min(naive_cells, len(grid)), replace=False))
    t_naive, naive = best_of(1, lambda: naive_cell_minutes(model, setups[0], grid, sample))
    assert np.allclose(naive, cov.minutes[sample], atol=1e-9), "naive and vectorised disagree"
    naive_rate = len(sample) / t_naive
    rate = len(grid) / total
    return {
        "cell_m": cell_m, "cells": len(grid), "area_km2": round(grid.area_km2, 1),
        "grid_s": t_grid, "road_samples_s": t_access, "scenario_s": t_cov, "second_scenario_s": t_second,
        "total_s": total, "cells_per_s": rate,
        "naive_sample_cells": len(sample), "naive_s": t_naive, "naive_cells_per_s": naive_rate,
        "naive_whole_grid_s_estimate": len(grid) / naive_rate, "speedup": rate / naive_rate,
        "within_10": cov.share_within(10),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--naive-cells", type=int, default=3000, help="cells timed with the per-cell loop (default 3000)")
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    region = load_region()
    model = build_model(region)
    boundary = load_boundary(BOUNDARY) if BOUNDARY.exists() else None
    rows = [bench(c, model, boundary, args.naive_cells, args.repeats) for c in (250.0, 100.0)]
    print(f"Coverage of {'the municipality (SCB boundary)' if boundary is not None else 'the 2 km road buffer'} "
          f"on {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| cell | cells | grid s | road samples s | scenario s | 2nd scenario s | total s | cells/s | naive cells/s | speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['cell_m']:g} m | {r['cells']:,} | {r['grid_s']:.3f} | {r['road_samples_s']:.3f} | {r['scenario_s']:.3f} | "
              f"{r['second_scenario_s']:.3f} | {r['total_s']:.2f} | {r['cells_per_s']:,.0f} | {r['naive_cells_per_s']:,.0f} | "
              f"{r['speedup']:.0f}× |")
    if args.json:
        args.json.write_text(json.dumps({"boundary": boundary is not None, "rows": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
