"""Where ``raddsim run``, ``map`` and ``report`` spend their time: each command's steps, timed in one fresh process.

    python benchmarks/command_phases.py [run map report]

Each command is re-enacted step by step with the library calls its CLI makes (default
region and options, warm compact-network cache), in a fresh ``python`` process, printing
wall and CPU seconds per step. CPU is this process's own: steps that run in forked
processes (marked "forked") show their wall time only. Used by ``bench_commands.py --phases``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_HEAD = r"""
import json, time
marks = [("start", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
"""
_TAIL = r"""
print(json.dumps({b[0]: {"wall_s": b[1] - a[1], "cpu_s": b[2] - a[2]} for a, b in zip(marks, marks[1:])}))
"""
_LOAD = r"""
region = load_region()
setups = select_scenarios(region.scenarios, None, str(region.file), region.default_scenarios)
model = build_model(region)
mark("region and model")
"""

STEPS = {
    "run": r"""
from raddsim.experiment.model import build_model
from raddsim.experiment.runs import run_experiment
from raddsim.region.region import load_region
from raddsim.region.scenarios import select_scenarios
from raddsim.views.console import format_results
mark("imports")
""" + _LOAD + r"""
res = run_experiment(model, setups, years=1.0, replications=30, seed=20250101)
mark("simulate and summarise (forked, a process per scenario)")
text = format_results(res, "en")
mark("table")
""",
    "map": r"""
from pathlib import Path
from raddsim.core.io import write_bytes_atomic
from raddsim.coverage.grid import make_grid
from raddsim.coverage.cell_access import cell_access
from raddsim.coverage.static import static_coverage
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region
from raddsim.region.scenarios import select_scenarios
from raddsim.views import maps
from raddsim.views.render import render_figures
mark("imports")
""" + _LOAD + r"""
grid = make_grid(model.network, 250.0, None)
access = cell_access(model.network, grid)
covs = [static_coverage(model, s, grid, access, None) for s in setups]
mark("coverage")
figs = []
for s, c in zip(setups, covs):
    ctx = maps.map_context(model, s, None, False)
    figs += [maps.coverage_map(c, ctx, "en", m) for m in ("first", "effective")]
ctx = maps.map_context(model, setups[1], None, False)
figs += [maps.difference_map(covs[0], covs[1], ctx, "en", region.target_minutes, m) for m in ("first", "effective")]
mark("figures drawn (6)")
pngs = render_figures([(f, ("png",), {}) for f in figs])
mark("figures rendered (forked)")
for k, (png,) in enumerate(pngs):
    write_bytes_atomic(Path(OUT) / f"m{k}.png", png)
mark("files written")
""",
    "report": r"""
from pathlib import Path
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region
from raddsim.region.scenarios import select_scenarios
from raddsim.views.report_start import start_report_simulations
mark("imports (what a run needs)")
""" + _LOAD + r"""
sims = start_report_simulations(model, setups, years=1.0, replications=30, seed=20250101)
mark("simulations started (forked)")
from raddsim.views import report as rep
from raddsim.views.render import deferred
mark("imports (matplotlib, scipy), while they run")
data = rep.prepare_report(model, setups, years=1.0, replications=30, seed=20250101, simulations=sims)
mark("static coverage, then waiting for the simulations; results, simulated coverage, paired differences")
with deferred() as figures:
    html = rep.render_report(data, "en", False)
    mark("html and figures drawn (each rendered, forked, as drawn)")
    html = figures.resolve(html)
    mark("the last figures rendered")
Path(OUT, "report.html").write_text(html)
mark("file written")
""",
}


def phases(command: str, env: dict[str, str] | None = None) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds of each step of ``command`` (``run``, ``map`` or ``report``), in a fresh process."""
    env = env or {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as out:
        code = _HEAD + f"OUT = {out!r}\n" + STEPS[command] + _TAIL
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                              cwd=tempfile.gettempdir())  # not a checkout: its raddsim would shadow PYTHONPATH
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    for command in sys.argv[1:] or list(STEPS):
        ph = phases(command)
        total = sum(v["wall_s"] for v in ph.values())
        print(f"raddsim {command}: {total:.2f} s after the interpreter started (wall / CPU s per step)")
        for name, v in ph.items():
            print(f"  {name:<52} {v['wall_s']:6.2f} / {v['cpu_s']:5.2f}")


if __name__ == "__main__":
    main()
