"""Files ``raddsim optimise`` writes: a scenario file per finalist, the table (JSON, CSV) and the cost/benefit front.

Everything is written atomically (:mod:`raddsim.core.io`) and nothing that
exists is overwritten unless the caller says so (``--force``): the paths are
checked before any work starts.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

from raddsim.core.errors import InputError
from raddsim.core.io import figure_metadata, write_atomic, write_bytes_atomic, write_json_atomic

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def output_paths(out: Path, names: Sequence[str]) -> dict[str, Path]:
    """Every file a run writes into ``out``: ``scenario:<name>``, ``json``, ``csv``, ``front``."""
    paths = {f"scenario:{n}": out / "scenarios" / f"{n}.toml" for n in names}
    paths.update({"json": out / "optimise.json", "csv": out / "optimise.csv", "front": out / "front.png",
                  "map": out / "map_chosen.png"})
    return paths


def refuse_existing(paths: dict[str, Path], force: bool) -> None:
    """Refuse to run when any output file exists already (unless ``force``)."""
    if force:
        return
    existing = [p for p in paths.values() if p.exists()]
    if existing:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise InputError(
            f"output file {existing[0]}{more} exists already.",
            field="--out",
            fix="choose another --out directory, or add --force to replace raddsim optimise's files there.",
        )


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def toml_value(v: Any) -> str:
    """A TOML value (inline tables and arrays for nested data)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_key(str(k))} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def scenario_text(name: str, base: str, description: str, overrides: dict[str, Any],
                  comments: Sequence[str] = (), description_sv: str = "") -> str:
    """One ``[scenarios.<name>]`` table for ``--scenarios-file`` (dotted override keys; ``description_sv`` if given)."""
    lines = [f"# {c}" for c in comments]
    lines += ["", f"[scenarios.{toml_key(name)}]", f"base = {toml_value(base)}",
              f"description = {toml_value(description)}"]
    if description_sv:
        lines.append(f"description_sv = {toml_value(description_sv)}")
    for key, value in overrides.items():
        lines.append(".".join(toml_key(p) for p in key.split(".")) + f" = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def _ci(block: dict | None, key: str = "ci95") -> tuple[Any, Any]:
    ci = (block or {}).get(key) or [None, None]
    return ci[0], ci[1]


CSV_FIGURES = (("share_within_target", "share_within_target"), ("first_arrival_mean", "mean_first_arrival_min"),
               ("effective_force_mean", "effective_force_min"))
#: The column added when the selection decided on the effective force within target (``deciding_figure_note``):
#: the table showed the figures of every objective but the one the verdicts were made on.
EFFECTIVE_SHARE_COLUMN = ("effective_share_within_target", "effective_share_within_target")


def table_figures(doc: dict) -> tuple[tuple[str, str], ...]:
    """The simulated figures of :func:`table_rows` (document key, column): :data:`CSV_FIGURES`, and the effective
    force within target when the document was decided on it."""
    extra = (EFFECTIVE_SHARE_COLUMN,) if doc.get("deciding_figure") == EFFECTIVE_SHARE_COLUMN[0] else ()
    return CSV_FIGURES + extra


def table_rows(doc: dict) -> list[dict[str, Any]]:
    """One flat row per finalist (and the base first): option, cost, screening score, figures with CIs, verdict."""
    base_sim = (doc.get("simulation") or {}).get("base")
    rows = [{"scenario": doc["base"], "options": "as today (base)", "cost": 0.0,
             "screening_score": doc["screening"]["base_score"], "verdict": "base", "_sim": base_sim}]
    for f in doc["finalists"]:
        rows.append({"scenario": f["scenario"], "options": "; ".join(f["options"]) or "as today", "cost": f["cost"],
                     "screening_score": f["screening_score"], "verdict": f["verdict"], "_sim": f["simulated"]})
    out = []
    for r in rows:
        sim = r.pop("_sim") or {}
        r["replications"] = sim.get("replications")
        for key, col in table_figures(doc):
            block = sim.get(key)
            r[col] = (block or {}).get("mean")
            r[f"{col}_ci_low"], r[f"{col}_ci_high"] = _ci(block)
            r[f"{col}_vs_base"] = (block or {}).get("difference_from_base")
            r[f"{col}_vs_base_ci_low"], r[f"{col}_vs_base_ci_high"] = _ci(block, "difference_ci95")
        out.append(r)
    return out


def csv_text(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})
    return buf.getvalue()


def _simulated_points(doc: dict) -> list[tuple]:
    """(cost, value, −err, +err, scenario, verdict) of the base and every simulated finalist, in display units.

    Read from the document's blocks of the deciding figure (which may be the effective force within target: see
    ``deciding_figure_note``; the table then has a column for it, :func:`table_figures`).
    """
    figure = doc["deciding_figure"]
    scale = 100.0 if figure in ("share_within_target", "effective_share_within_target") else 1.0
    sim = doc.get("simulation") or {}
    entries = [(0.0, doc["base"], "base", sim.get("base"))]
    entries += [(f["cost"], f["scenario"], f["verdict"], f["simulated"]) for f in doc["finalists"]]
    pts = []
    for cost, name, verdict, block in entries:
        b = (block or {}).get(figure) or {}
        if b.get("mean") is None:
            continue
        m = b["mean"]
        lo, hi = b.get("ci95") or (None, None)
        pts.append((cost, m * scale, None if lo is None else (m - lo) * scale,
                    None if hi is None else (hi - m) * scale, name, verdict))
    return pts


def _draw_screening_front(ax, doc: dict, lang: str, labels: Mapping[str, str] | None, unit: str) -> None:
    from raddsim.views.i18n import t
    from raddsim.views.optimise_text import options_text

    front = doc["screening"].get("front") or []
    scale = 100.0 if doc["objective"] == "coverage" else 1.0
    xs = [p["cost"] for p in front]
    ys = [p["score"] * scale for p in front]
    ax.step(xs, ys, where="post", color="#1b7837", lw=1.2)
    ax.plot(xs, ys, "o", color="#1b7837")
    for p, x, y in zip(front, xs, ys):
        text = options_text(p["options"], lang, labels)
        ax.annotate(text if len(text) < 60 else text[:57] + "…", (x, y), textcoords="offset points", xytext=(4, 4),
                    fontsize=6)
    score = t("opt_front_score_share" if doc["objective"] == "coverage" else "opt_front_score_minutes", lang)
    ax.set_title(t("opt_front_left", lang), fontsize=9)
    ax.set_xlabel(t("opt_front_cost", lang, unit=unit))
    ax.set_ylabel(t("opt_front_score", lang, unit=score))
    ax.grid(alpha=0.3)


def plot_front(doc: dict, path: Path, lang: str = "en", labels: Mapping[str, str] | None = None,
               unit: str | None = None) -> Path:
    """Left: the screening's best option set per budget level. Right: the finalists simulated (95 % CI) against cost.

    ``lang``, ``labels`` (English option label → Swedish) and ``unit`` (the cost unit as printed) make the Swedish
    figure.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from raddsim.views.i18n import t
    from raddsim.views.numbers import formatted

    unit = unit or doc["cost_unit"]
    fig, (left, ax) = plt.subplots(1, 2, figsize=(11, 4.5), dpi=120)
    _draw_screening_front(left, doc, lang, labels, unit)
    at_cost: dict[float, int] = {}
    for c, y, dlo, dhi, name, verdict in _simulated_points(doc):
        colour = "#1b7837" if verdict.startswith("best") else ("#2166ac" if verdict.startswith("tied") else "#777777")
        ax.errorbar([c], [y], yerr=None if dlo is None else [[dlo], [dhi]], fmt="o", color=colour, capsize=3)
        # Finalists of one cost stand in one column: their names alternate right and left, then step up.
        k = at_cost[c] = at_cost.get(c, -1) + 1
        ax.annotate(name, (c, y), textcoords="offset points", xytext=(5 if k % 2 == 0 else -5, 4 + 9 * (k // 2)),
                    ha="left" if k % 2 == 0 else "right", fontsize=8)
    ax.set_xlabel(t("opt_front_cost", lang, unit=unit))
    ax.set_ylabel(t("opt_front_figure", lang, label=t(f"opt_fig_{doc['deciding_figure']}", lang)))
    ax.set_title(t("opt_front_right", lang), fontsize=9)
    ax.grid(alpha=0.3)
    if lang == "sv":  # decimal commas on the axes
        for axis in (left.xaxis, left.yaxis, ax.xaxis, ax.yaxis):
            axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: formatted(v, "g", "sv")))
    objective = t(f"opt_objective_{doc['objective']}", lang)
    fig.suptitle(t("opt_front_title", lang, region=doc["region"], objective=objective, budget=doc["budget"]),
                 fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=figure_metadata("png"))  # no version: the same file
    plt.close(fig)
    return write_bytes_atomic(path, buf.getvalue())


def write_outputs(out: Path, doc: dict, scenario_texts: dict[str, str], *, plot: bool = True, lang: str = "en",
                  labels: Mapping[str, str] | None = None, unit: str | None = None) -> dict[str, Path]:
    """Write the scenario files, the JSON, the CSV and the front plot (atomically); returns the paths.

    The JSON and CSV are data, the same in every language; the plot is drawn in ``lang`` (see :func:`plot_front`).
    """
    paths = output_paths(out, list(scenario_texts))
    (out / "scenarios").mkdir(parents=True, exist_ok=True)
    for name, text in scenario_texts.items():
        write_bytes_atomic(paths[f"scenario:{name}"], text.encode("utf-8"))
    write_json_atomic(paths["json"], doc)
    rows = table_rows(doc)
    write_atomic(paths["csv"], lambda tmp: Path(tmp).write_text(csv_text(rows), encoding="utf-8"))
    if plot and doc.get("simulation"):
        plot_front(doc, paths["front"], lang, labels, unit)
    else:
        paths.pop("front")
    paths.pop("map")  # drawn by the caller (it needs the model)
    return paths


def chosen_scenario(doc: dict) -> str | None:
    """The finalist to map: the best, else the first of the tied, else the screening's first."""
    sim = doc.get("simulation") or {}
    if sim.get("best"):
        return sim["best"]
    if sim.get("tied"):
        return sim["tied"][0]
    return doc["finalists"][0]["scenario"] if doc["finalists"] else None


def map_chosen(model: Any, base: Any, chosen: Any, path: Path, target: float, measure: str = "first",
               lang: str = "en") -> Path:
    """Difference map (static coverage, every crew free) of the chosen option set against the base."""
    from raddsim.coverage.cell_access import cell_access
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.views import maps

    grid = make_grid(model.network, 250.0, None)
    access = cell_access(model.network, grid)
    a, b = static_coverage(model, base, grid, access), static_coverage(model, chosen, grid, access)
    if measure == "effective" and (a.effective_minutes is None or b.effective_minutes is None):
        measure = "first"
    fig = maps.difference_map(a, b, maps.map_context(model, chosen), lang, target, measure)
    return maps.save_figure(fig, path.with_suffix(""), ("png",))[0]
