"""Summaries of sweep results: one row per parameter point and scenario, with 95% CIs.

Each figure is averaged over the point's replications; the CI is Student's t
on the replication values (:func:`raddsim.figures.metrics.mean_ci95`). Replication
``r`` used the same random streams at every point, so differences between
points are sharper than the separate CIs suggest (common random numbers).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from raddsim.core.errors import InputError
from raddsim.core.io import write_bytes_atomic
from raddsim.figures.metrics import SHARE, TIME, mean_ci95, share_ci95
from raddsim.sweep import results as res
from raddsim.sweep.folder import META_FILE, lost_metadata, read_metadata
from raddsim.sweep.rows import FIGURES, ZONE_FIGURES

#: Figures shown by default when the summary is printed (with target zones also the zone share: :func:`shown`).
SHOWN = ("share_within_target", "first_arrival_mean", "first_arrival_p90", "waited_share")
#: The short column labels of figures that have no target in them (those that do: :func:`figure_label`).
LABELS = {"first_arrival_mean": "mean min", "first_arrival_p90": "p90 min", "waited_share": "waited",
          "zone_share_within_target": "within zone targets"}


def load(out: str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The rows of a sweep directory and its metadata."""
    out = Path(out)
    if not out.is_dir():
        raise InputError("no such sweep directory.", file=out, fix="give the results directory a sweep wrote.")
    meta = read_metadata(out)
    if meta is None:
        lost_metadata(out)
        raise InputError("holds no sweep (no sweep.json).", file=out, fix="give the results directory a sweep wrote.")
    df = res.read_parts(out).to_pandas()
    missing = [a for a in meta.get("columns", {}).get("axes", []) if a not in df.columns]
    if missing:  # a hand-edited sweep.json: was a KeyError
        raise InputError(f"the sweep metadata names axes the results do not have: {', '.join(missing)}.",
                         file=out / META_FILE, field="columns.axes",
                         fix="restore it (raddsim writes it), or start the sweep in a new directory.")
    return df, meta


def figure_columns(df: pd.DataFrame) -> list[str]:
    """The figure columns present: headline figures, then per-area ones."""
    known = [c for c in FIGURES | ZONE_FIGURES if c in df.columns]
    return known + [c for c in df.columns if c.startswith("area:")]


def figure_bounds(column: str) -> tuple[float, float]:
    """The range of a figure column: shares in [0, 1], times and counts ≥ 0 (a CI is clipped to it)."""
    figure = column.rsplit(":", 1)[-1]  # area:<name>:<figure>: the name may contain anything
    return SHARE if "share" in figure else TIME


def _figure_ci(g: pd.DataFrame, column: str) -> tuple[float, float | None, float | None]:
    """A figure's mean over a point's replications and its 95 % interval, as ``run`` makes it: a share of the
    replication's alarms (of the area's, for an area's share) with :func:`share_ci95`, else Student's t."""
    values = g[column].astype(float).tolist()
    sizes = column.rsplit(":", 1)[0] + ":alarms" if column.startswith("area:") else "alarms"
    if figure_bounds(column) == SHARE and sizes in g.columns:
        return share_ci95(values, g[sizes].astype(float).tolist())
    return mean_ci95(values, figure_bounds(column))


def summarize(df: pd.DataFrame, axes: Sequence[Any]) -> pd.DataFrame:
    """One row per (point, scenario): axis values, replications, and each figure's mean and 95% CI.

    Columns ``<figure>``, ``<figure>_lo``, ``<figure>_hi``; the CI bounds are
    empty with fewer than two replications. ``axes`` are the axis columns: their names, or the spec's
    :class:`~raddsim.sweep.axes.Axis` objects (``spec.axes``) as they are.

    Raises
    ------
    InputError
        For an axis the table has no column of (naming the columns it has).
    """
    axes = axis_names(df, axes)
    figs = figure_columns(df)
    rows = []
    for (point, scenario), g in df.groupby(["point", "scenario"], sort=True):
        row: dict[str, Any] = {"point": int(point), "scenario": scenario}
        first = g.iloc[0]
        for a in axes:
            row[a] = first[a]
        row["replications"] = len(g)
        for f in figs:
            row[f], row[f"{f}_lo"], row[f"{f}_hi"] = _figure_ci(g, f)
        rows.append(row)
    out = pd.DataFrame(rows)
    # Keep the scenario order of the spec rather than alphabetical.
    order = {s: k for k, s in enumerate(pd.unique(df.sort_values("task")["scenario"]))}
    return out.sort_values(["point", "scenario"], key=lambda c: c.map(order) if c.name == "scenario" else c,
                           ignore_index=True)


def axis_names(df: pd.DataFrame, axes: Sequence[Any]) -> list[str]:
    """The column names of ``axes`` (names, or objects with a ``key`` such as the spec's axes), each in ``df``."""
    if isinstance(axes, str):  # one name alone would be read letter by letter
        axes = [axes]
    names = [a if isinstance(a, str) else getattr(a, "key", a) for a in axes]
    missing = [str(n) for n in names if not isinstance(n, str) or n not in df.columns]
    if missing:
        known = [c for c in df.columns if c not in ("task", "point", "scenario", "replication", *figure_columns(df))]
        raise InputError(f"axes: the table has no column {', '.join(repr(m) for m in missing)}.", field="axes",
                         fix="give the sweep's axis names (spec.axes or [a.key for a in spec.axes]); its axis "
                             f"columns are {', '.join(known) or 'none'}.")
    return names


def _is_summary(path: Path) -> bool:
    """Whether an existing file is a summary this module wrote (CSV or Parquet with a ``point`` column, no ``task``)."""
    try:
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            names = pq.ParquetFile(path).schema_arrow.names
        else:
            with open(path, encoding="utf-8") as fh:
                names = fh.readline().strip().split(",")
    except (OSError, ValueError):
        return False
    return "point" in names and "task" not in names


def check_table(path: Path, option: str = "--table") -> None:
    """Refuse a summary table path whose CSV or the Parquet beside it would replace a file that is not a summary.

    ``--table sw/results.csv`` replaced the sweep's own results.parquet, ``--table mine.txt`` a planner's mine.csv
    and mine.parquet, unsaid (the suffix was silently made .csv).

    ``option``: the option that named the place (``--table``, or ``--out`` for ``DIR/summary.csv``).

    Raises
    ------
    InputError
        Naming the option and the file it would replace.
    """
    path = Path(path)
    given = f"--table {path.name}" if option == "--table" else f"{option} {path.parent}"
    if path.suffix.lower() != ".csv":
        raise InputError("the summary is written as a CSV file (and a Parquet copy beside it).", file=path,
                         field="--table", fix=f"give a name ending in .csv, e.g. {path.with_suffix('.csv').name}.")
    for target in (path, path.with_suffix(".parquet")):
        if target.exists() and not (target.is_file() and _is_summary(target)):
            raise InputError(f"exists and is not an earlier summary: {given} would replace it (the table is written "
                             f"as {path.name}, and as Parquet beside it).", file=target, field=option,
                             fix="give another name (or remove the file if it is not needed)." if option == "--table"
                             else f"give another {option} folder, or --table PATH.")


def write_table(summary: pd.DataFrame, path: Path, option: str = "--table") -> list[Path]:
    """Write the summary as CSV and (next to it) Parquet, atomically (:func:`check_table` first, naming
    ``option``)."""
    path = Path(path)
    check_table(path, option)
    csv_path = path
    write_bytes_atomic(csv_path, summary.to_csv(index=False).encode("utf-8"))
    import io

    buf = io.BytesIO()
    summary.to_parquet(buf, index=False)
    pq_path = csv_path.with_suffix(".parquet")
    write_bytes_atomic(pq_path, buf.getvalue())
    return [csv_path, pq_path]


def _fmt(value: Any, lo: Any, hi: Any, share: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    scale, digits, suffix = (100.0, 1, "%") if share else (1.0, 2, "")
    text = f"{value * scale:.{digits}f}{suffix}"
    if lo is not None and not (isinstance(lo, float) and math.isnan(lo)):
        text += f" [{lo * scale:.{digits}f}–{hi * scale:.{digits}f}]"
    return text


def is_share(figure: str) -> bool:
    return "share" in figure


def target_of(figure: str, meta: dict[str, Any]) -> float | None:
    """The minutes a share figure counts within, from the sweep's metadata; None when it has none or no such figure.

    ``share_within_target`` is against ``target_minutes``; ``effective_share_within_target`` against the effective
    force's own target (``effective_target_minutes``, written when the region sets one), else ``target_minutes``.
    """
    def minutes(key: str) -> float | None:
        value = meta.get(key)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    if figure == "share_within_target":
        return minutes("target_minutes")
    if figure == "effective_share_within_target":
        own = minutes("effective_target_minutes")
        return minutes("target_minutes") if own is None else own
    return None


def figure_label(figure: str, meta: dict[str, Any]) -> str:
    """A figure's short column label in the printed summary: "within 20 min", "force within 30 min", "mean min"."""
    target = target_of(figure, meta)
    if figure == "share_within_target":
        return "within target" if target is None else f"within {target:g} min"
    if figure == "effective_share_within_target":
        return "force within target" if target is None else f"force within {target:g} min"
    return LABELS.get(figure, figure)


def shown(summary: pd.DataFrame) -> list[str]:
    """The figures printed by default: :data:`SHOWN`, and after the share within the target the share within the
    zone targets when the sweep has target zones (the figure the region's own targets ask for)."""
    out = list(SHOWN)
    if "zone_share_within_target" in summary.columns:
        out.insert(out.index("share_within_target") + 1, "zone_share_within_target")
    return out


def format_summary(summary: pd.DataFrame, axes: Sequence[str], meta: dict[str, Any], *, max_rows: int = 40,
                   figures: Sequence[str] | None = None) -> str:
    """A plain-text table of the summary (the first ``max_rows`` rows) of ``figures`` (default :func:`shown`)."""
    figures = shown(summary) if figures is None else figures
    unknown = [f for f in figures if f not in summary.columns]
    if unknown:  # an API caller's typo: was a KeyError from pandas
        known = [c for c in figure_columns(summary) if f"{c}_lo" in summary.columns]
        raise InputError(f"no figure {', '.join(map(repr, unknown))} in the sweep's summary.", field="figures",
                         fix=f"name one of: {', '.join(known)}.")
    target = meta.get("target_minutes")
    head = [f"sweep {meta.get('spec_file', '')}: {meta.get('points')} point(s) × "
            f"{len(meta.get('spec', {}).get('scenarios', []))} scenario(s) × "
            f"{meta.get('spec', {}).get('replications')} "
            f"replications = {meta.get('tasks')} tasks (status: {meta.get('status')})",
            f"network: {meta.get('network', {}).get('label', '')} ({meta.get('network', {}).get('source', '')})",
            f"target: {target} min; values are means over replications [95% CI]; "
            "points share random numbers (common random numbers)", ""]
    # One scenario: it is in the header, not in every row.
    dims = list(axes) + (["scenario"] if summary["scenario"].nunique() > 1 else [])
    if len(dims) == len(axes):
        # "scenario minimum" read as if every row were at minimum staffing, beside a staffing axis (newcomer pass)
        head[0] += f"; base scenario {summary['scenario'].iloc[0]}, each point's axes applied to it" if len(
            summary) else ""
    cols = dims + ["reps"] + [figure_label(f, meta) for f in figures]
    rows = [cols]
    for _, r in summary.head(max_rows).iterrows():
        rows.append([_cell(r[d]) for d in dims] + [str(r["replications"])]
                    + [_fmt(r[f], r[f"{f}_lo"], r[f"{f}_hi"], is_share(f)) for f in figures])
    widths = [max(len(row[i]) for row in rows) for i in range(len(cols))]
    lines = []
    for k, row in enumerate(rows):
        lines.append("  ".join(c.rjust(w) if i >= len(dims) else c.ljust(w) for i,
                               (c, w) in enumerate(zip(row, widths))))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    if len(summary) > max_rows:
        lines.append(f"… {len(summary) - max_rows} more rows (see the summary table file)")
    return "\n".join(head + lines)


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)
