"""Benchmark: ``raddsim optimise`` on the shipped Norrtälje options — screening and simulation budget.

Screening: the integer program (HiGHS via scipy.optimize.milp, top 5 by no-good
cuts) against, in the same run and interleaved, brute-force enumeration of every
affordable option set scored with the same exact formula (the baseline). Both
must give the same best score; the ratio is brute force / MIP. Run at the
shipped budget (5 positions) and at 13 (every option affordable but one extra
crew), where there are more option sets to enumerate.

Run from the repository root::

    python benchmarks/bench_optimise.py [--json out.json] [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from raddsim.experiment.model import build_model  # noqa: E402
from raddsim.optimise.instances import build_instances  # noqa: E402
from raddsim.optimise.options import load_options  # noqa: E402
from raddsim.optimise.screen import evaluate, make_objective, screen  # noqa: E402


def brute_force(space, inst, objective: str) -> tuple[float, int]:
    """Best score over every affordable option set within the limits, and how many sets were scored."""
    obj = make_objective(objective, space.region.target_minutes)
    groups: dict[int, list[int]] = {}
    for k, (g, _) in enumerate(inst.choices):
        groups.setdefault(g, []).append(k)
    cost = np.array([space.groups[g].choices[c].cost for g, c in inst.choices])
    best, n = None, 0
    for combo in itertools.product(*groups.values()):
        x = np.zeros(len(inst.choices), bool)
        x[list(combo)] = True
        taken = [o for k, (g, c) in enumerate(inst.choices) if x[k] for o in space.groups[g].choices[c].options]
        if cost[x].sum() > space.budget or any(sum(o in lim.options for o in taken) > lim.max for lim in space.limits):
            continue
        s = evaluate(inst, x, obj)
        n += 1
        if best is None or (s > best if obj.maximise_score else s < best):
            best = s
    return best, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import dataclasses

    base_space = load_options(ROOT / "stations" / "options_norrtalje.toml")
    model = build_model(base_space.region)
    t0 = time.perf_counter()
    inst = build_instances(model, base_space, replications=4)
    prep = time.perf_counter() - t0
    out = {"instances_seconds": prep, "instances": len(inst.names), "choice_variables": len(inst.choices), "objectives": {}}
    for budget, objective in itertools.product((5.0, 13.0), ("coverage", "time", "effective")):
        space = dataclasses.replace(base_space, budget=budget)
        mip, brute = [], []
        for _ in range(args.repeat):  # interleaved: MIP, brute force, MIP, …
            t = time.perf_counter()
            res = screen(space, inst, objective, top=1)
            mip.append(time.perf_counter() - t)
            t = time.perf_counter()
            best, n = brute_force(space, inst, objective)
            brute.append(time.perf_counter() - t)
        top5 = time.perf_counter()
        screen(space, inst, objective, top=5)
        top5 = time.perf_counter() - top5
        assert abs(res.solutions[0].score - best) < 1e-9, (objective, res.solutions[0].score, best)
        out["objectives"][f"{objective}@{budget:g}"] = {"mip_top1_s": min(mip), "mip_top5_s": top5, "brute_force_s": min(brute),
                                        "option_sets": n, "ratio_brute_over_mip": min(brute) / min(mip),
                                        "alarm_sets": res.patterns, "exact_tangents": res.exact, "same_best": True}
        print(f"budget {budget:2.0f} {objective:9s} MIP top-1 {min(mip):6.2f} s, top-5 {top5:6.2f} s | brute force {min(brute):6.2f} s over "
              f"{n} option sets | ratio {min(brute) / min(mip):5.2f} | same best score", flush=True)
    print(f"instances (short simulations at 2 levels × 4 years + tables): {prep:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
