#!/usr/bin/env python3
"""Write and execute raddsim's worked notebooks (outputs are committed so GitHub shows them).

Usage: python notebooks/build_notebooks.py [NAME ...]   (from the repository root)
The notebooks are plain nbformat JSON; this script is how they are (re)made, so a change to the
text or code goes here first. tests/test_notebooks.py executes them in CI.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
md = nbformat.v4.new_markdown_cell
code = nbformat.v4.new_code_cell

PLANNER = [
    md("""# Planner: what does the ambition level buy?

Norrtälje's board has set a *minimum* and an *ambitious* staffing level for its six rescue crews and a
target of **10 minutes from alarm to the first crew on scene** (reported outcome 10.52 min in 2022,
11.19 min in 2023). This notebook compares the two levels with raddsim: overall, per station area,
for the **effective force** each incident type needs (e.g. 1 + 4 for smoke diving), and explains the
mechanisms behind the differences.

> The default road network is an **approximate, hand-digitised** main-road network; see
> `networks/README.md`. Use `raddsim network fetch` for real OpenStreetMap data."""),
    code("""import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from raddsim.region.region import load_region
from raddsim.experiment.model import build_model
from raddsim.experiment.compare import compare, run_scenarios

region = load_region()            # the embedded Norrtälje default
model = build_model(region)
print(model.network.meta["label"])
for name in ("minimum", "ambition"):
    s = region.scenarios[name]
    print(f"{name:9s}", {c.name: s.staffing[c.id].label() for c in s.crews if not c.external and c.unit == "crew"})"""),
    md("""## Run both levels with common random numbers

Both scenarios see the *same* alarms and the same crew-response draws in every replication, so the
difference between them is measured with far less noise than either figure alone."""),
    code("""res = compare(model, [region.scenarios["minimum"], region.scenarios["ambition"]], replications=30, seed=2025)
rows = []
for name, s in res["scenarios"].items():
    fa, ef = s["first_arrival_minutes"], s["effective_force_minutes"]
    rows.append({"scenario": name,
                 "first crew, mean (min)": f"{fa['mean']:.2f} [{fa['mean_ci95'][0]:.2f}, {fa['mean_ci95'][1]:.2f}]",
                 "first crew within 10 min": f"{100 * s['share_within_target']:.1f}%",
                 "effective force, mean (min)": f"{ef['mean']:.2f} [{ef['mean_ci95'][0]:.2f}, {ef['mean_ci95'][1]:.2f}]",
                 "effective force within 10 min": f"{100 * ef['share_within_target']:.1f}%"})
pd.DataFrame(rows).set_index("scenario")"""),
    md("""## The paired differences (ambition − minimum)

Negative minutes are gains. A star marks a difference whose 95% CI excludes zero."""),
    code("""d = res["differences"]["ambition"]
table = []
for scope, label in (("first_arrival", "first crew"), ("effective_force", "effective force")):
    for fig in ("mean", "p90", "share_within_target"):
        x = d[scope][fig]
        scale = 100 if fig == "share_within_target" else 1
        table.append({"figure": f"{label}: {fig}", "minimum": x["base"] * scale, "ambition": x["other"] * scale,
                      "difference": x["difference"] * scale,
                      "95% CI": f"[{x['ci95'][0] * scale:+.2f}, {x['ci95'][1] * scale:+.2f}]",
                      "significant": "*" if x["significant"] else ""})
pd.DataFrame(table).round(2)"""),
    md("## Where the ambition level helps"),
    code("""areas = [k[5:] for k in d if k.startswith("area:")]
first = [d[f"area:{a}"]["mean"] for a in areas]
eff = {a: (res["scenarios"]["minimum"]["per_station"][a]["effective_force_minutes"]["mean"],
           res["scenarios"]["ambition"]["per_station"][a]["effective_force_minutes"]["mean"]) for a in areas}
fig, ax = plt.subplots(1, 2, figsize=(11, 3.8))
y = np.arange(len(areas))
diff = np.array([f["difference"] for f in first])
err = np.array([[f["difference"] - f["ci95"][0], f["ci95"][1] - f["difference"]] for f in first]).T
ax[0].barh(y, diff, xerr=err, color="#2b6cb0")
ax[0].set_yticks(y, areas); ax[0].axvline(0, color="k", lw=0.8)
ax[0].set_xlabel("change in mean minutes to first crew (ambition − minimum)")
ax[1].barh(y - 0.2, [eff[a][0] for a in areas], height=0.4, label="minimum", color="#c05621")
ax[1].barh(y + 0.2, [eff[a][1] for a in areas], height=0.4, label="ambition", color="#2f855a")
ax[1].set_yticks(y, areas); ax[1].axvline(10, color="k", ls="--", lw=0.8)
ax[1].set_xlabel("mean minutes to the effective force"); ax[1].legend()
fig.tight_layout()"""),
    md("""**Why.** The differences come from the mechanisms in the model, not from a hand-set factor:

* **Älmsta at 1 + 2 cannot smoke-dive alone** (smoke diving needs 1 crew commander + 4 on scene).
  At minimum a building fire in the Älmsta area waits for a second crew from Norrtälje or
  Hallstavik; at ambition (1 + 4) Älmsta's own crew is the effective force.
* **Blidö on fri inryckning**: at minimum nobody is scheduled; each of the pool responds with some
  probability, so the crew sometimes cannot roll and the next crew comes over two ferries.
* **Norrtälje deltid 2 → 1 + 4** makes a second smoke-diving force in Norrtälje.

The readiness figures show the same from the crews' side:"""),
    code("""cov = pd.DataFrame({name: {place: v["within_20_min"] for place, v in s["readiness"]["smoke_diving_force_time_share"].items()}
                    for name, s in res["scenarios"].items()})
(100 * cov).round(0).head(12).rename(columns=lambda c: f"{c}: % of time a 1+4 force is ≤ 20 min away")"""),
    md("## The distribution against the 10-minute line"),
    code("""runs = run_scenarios(model, [region.scenarios["minimum"], region.scenarios["ambition"]], years=1.0, seed=2025, replications=10)
fig, ax = plt.subplots(figsize=(7, 4))
for run, colour in zip(runs, ("#c05621", "#2f855a")):
    m = np.sort(np.concatenate([(r.t_arrival - r.t_alarm) / 60 for r in run.records]))
    m = m[np.isfinite(m)]
    ax.plot(m, np.arange(1, len(m) + 1) / len(m), color=colour, label=run.setup.name)
ax.axvline(10, color="k", ls="--", lw=1)
ax.set_xlim(0, 40); ax.set_xlabel("minutes from alarm to first crew on scene"); ax.set_ylabel("share of alarms")
ax.legend(); ax.grid(alpha=0.3)"""),
    md("""## Reading the result

* The first-crew indicator barely moves between the levels: the first crew is mostly the
  nearest crew, whatever its size.
* The **effective force** — what a building fire or a traffic accident actually needs — is where the
  ambition level pays, in the Älmsta and Blidö areas above all.
* Every figure is a mean over independent replications with a 95% confidence interval; the
  difference is paired (common random numbers). Run `raddsim compare minimum ambition` for the same
  from the command line."""),
]

RESEARCHER = [
    md("""# Researcher: a sweep over part-time response probability

How much does readiness depend on part-time (RIB) firefighters answering their pagers? This
notebook sweeps the probability that each scheduled part-time member responds (the key
`crews.*.availability.response_probability`, where `*` is every scheduled part-time crew) at the
board's two staffing levels, with independent replications and common random numbers across every
point, and plots the share of alarms reached within 10 minutes with 95% confidence bands.

The same sweep runs from the command line, on all cores or a Dask cluster, resumably:
`raddsim sweep benchmarks/specs/response_probability.toml --out results/rp` and
`raddsim sweep summarize results/rp`. Here it is kept small and runs in-process."""),
    code('''import tempfile
from pathlib import Path

from IPython.display import Image, display

from raddsim.sweep import load_spec, run_sweep
from raddsim.sweep.summary import load, summarize, format_summary
from raddsim.sweep.plot import plot

work = Path(tempfile.mkdtemp(prefix="raddsim-sweep-"))
spec_file = work / "rp.toml"
spec_file.write_text("""description = "Part-time response probability x staffing"
scenarios = ["minimum", "ambition"]
years = 1.0
replications = 8
seed = 2025

[axes]
"crews.*.availability.response_probability" = { linspace = [0.6, 1.0, 5] }
""", encoding="utf-8")
spec = load_spec(spec_file)
print(spec.n_points, "points x", len(spec.scenarios), "scenarios x", spec.replications, "replications =", spec.n_tasks, "tasks")'''),
    code('''run = run_sweep(spec, work / "out", processes=0, progress=False)
df, meta = load(work / "out")
print(len(df), "rows, one per (point, scenario, replication)")'''),
    md("## The summary table (means over replications with 95% CIs)"),
    code('''axes = ["crews.*.availability.response_probability"]
table = summarize(df, axes)
print(format_summary(table, axes, meta, max_rows=12))'''),
    md("## Share within 10 minutes, and the effective force, against the response probability"),
    code('''x = "crews.*.availability.response_probability"
display(Image(filename=str(plot(table, axes, meta, work / "share.png", figure="share_within_target", x=x, hue="scenario"))))
eff = [c for c in ("effective_mean", "effective_force_mean") if c in table.columns]
if eff:
    display(Image(filename=str(plot(table, axes, meta, work / "effective.png", figure=eff[0], x=x, hue="scenario"))))'''),
    md("""## Every alarm, for your own analysis

A sweep keeps one row per replication. For questions about single alarms, `run_experiment(..., alarm_file=...)`
(from the command line: `raddsim run --alarms alarms.csv`) writes one row per simulated alarm: where and what it
was, the engine's times, the first crew and whether it waited. The two scenarios share their alarms (common random
numbers), so they pair alarm by alarm; the mean of a replication's rows is the figure `raddsim run` prints."""),
    code('''import matplotlib.pyplot as plt
import pandas as pd

from raddsim import build_model, load_region, run_experiment

region = load_region()
model = build_model(region)
setups = [region.scenarios["minimum"], region.scenarios["ambition"]]
res = run_experiment(model, setups, years=1.0, replications=5, seed=2025, alarm_file=work / "alarms.csv")
alarms = pd.read_csv(work / "alarms.csv")
per_rep = alarms.groupby(["scenario", "replication"])["first_arrival_min"].mean().groupby("scenario").mean()
print(per_rep.round(4).to_string())
print("run_experiment's means:", {n: round(s["first_arrival_minutes"]["mean"], 4) for n, s in res["scenarios"].items()})
paired = alarms.pivot_table(index=["replication", "alarm"], columns="scenario", values="first_arrival_min")
d = paired["ambition"] - paired["minimum"]
print(f"{len(d)} alarms: sooner at ambition {(d < -0.005).mean():.1%}, later {(d > 0.005).mean():.1%}, "
      f"the same {(d.abs() <= 0.005).mean():.1%}")
fig, ax = plt.subplots(figsize=(6, 3))
ax.hist(d[d.abs() > 0.005], bins=60, color="#2166ac")
ax.set_xlabel("ambition − minimum, first crew (min), alarms that differ")
ax.set_ylabel("alarms")
plt.show()'''),
    md("""## Reading it

* Readiness depends clearly on the pagers being answered: from a response probability of 0.6 to
  1.0 the share within 10 minutes rises by a few percentage points and the mean time falls by
  more than a minute at minimum staffing. Crews that fail to roll send the alarm to a crew
  farther away.
* The ambition level is less sensitive: larger scheduled crews still reach the two people needed
  to roll, and form a 1 + 4 force, when some members do not answer.
* Every point uses replications 0-7 of the same seed (common random numbers), so the curves are
  smooth even with few replications; the CI bands are per point (and the paired differences
  between points are much narrower than the bands suggest)."""),
]

BOARD = [
    md("""# Board maps: where do we reach people within 10 minutes?

The maps a municipal board reads: expected time to the first crew, and to a smoke-diving force
(1 + 4), over a 250 m grid in SWEREF 99 TM, the difference the ambition level makes, and the
self-contained HTML report (`raddsim map`, `raddsim report` on the command line).

> The default road network is **approximate** (hand-digitised); every map says so."""),
    code('''from pathlib import Path
import tempfile

from IPython.display import Image, display

from raddsim.region.region import load_region
from raddsim.experiment.model import build_model
from raddsim.coverage.grid import make_grid, load_boundary
from raddsim.coverage.static import cell_access, static_coverage
from raddsim.views.maps import map_context, coverage_map, difference_map, figure_bytes

region = load_region()
model = build_model(region)
# The municipal boundary is reference data beside the project (../shared); without it the grid
# covers the land within 2 km of the region's roads.
shared = Path("../shared/data/norrtalje/norrtalje_kommun_scb_2024.geojson")
boundary = load_boundary(shared) if shared.exists() else None
grid = make_grid(model.network, 250, boundary)
access = cell_access(model.network, grid)
cov = {name: static_coverage(model, region.scenarios[name], grid, access) for name in ("minimum", "ambition")}
for name, c in cov.items():
    print(name, "residents within 10/20/30 min of the first crew:",
          ", ".join(f"{100 * c.share_within(k):.0f}%" for k in (10, 20, 30)))'''),
    md("## Time to the first crew (every crew free)"),
    code('''ctx = map_context(model, region.scenarios["minimum"], boundary)
display(Image(figure_bytes(coverage_map(cov["minimum"], ctx), dpi=60)))'''),
    md("""## Time to a smoke-diving force, and what the ambition level changes

The first-crew map is the same at both levels (it depends on stated turnout times only); the
force map is where staffing shows: Älmsta at 1 + 2 cannot smoke-dive alone."""),
    code('''display(Image(figure_bytes(coverage_map(cov["minimum"], ctx, measure="effective"), dpi=60)))
display(Image(figure_bytes(difference_map(cov["minimum"], cov["ambition"], ctx, measure="effective"), dpi=60)))'''),
    md("## The board report (one self-contained HTML file, here in Swedish)"),
    code('''from raddsim.views.report import build_report

html = build_report(model, [region.scenarios["minimum"], region.scenarios["ambition"]], lang="sv",
                    replications=5, boundary=boundary)
out = Path(tempfile.mkdtemp()) / "rapport.html"
out.write_text(html, encoding="utf-8")
print(f"{out.name}: {len(html) / 1e6:.1f} MB, {html.count('<img')} embedded images")'''),
]

NOTEBOOKS = {"planner": PLANNER, "researcher": RESEARCHER, "board_maps": BOARD}


def build(name: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = NOTEBOOKS[name]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE.parent)}}).execute()
    path = HERE / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    for n in sys.argv[1:] or list(NOTEBOOKS):
        print("wrote", build(n))
