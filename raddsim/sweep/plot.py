"""A headline figure of a sweep against one axis, one line per scenario or second axis, with CI bands."""

from __future__ import annotations

import io
import itertools
import math
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from raddsim.core.errors import InputError
from raddsim.core.io import figure_metadata, write_bytes_atomic
from raddsim.region.config import did_you_mean
from raddsim.sweep.rows import FIGURES, ZONE_FIGURES
from raddsim.sweep.summary import figure_columns, is_share, target_of

#: More panels than this is unreadable: filter with ``where`` (``--where``) instead.
MAX_PANELS = 12


def parse_where(items: Sequence[str], summary: pd.DataFrame, dims: Sequence[str]) -> pd.DataFrame:
    """Rows matching every ``AXIS=VALUE`` filter (values compared as text, so 1.0 and 1 both work)."""
    for item in items:
        if "=" not in item:
            raise InputError(f"{item!r} is not AXIS=VALUE.", field="where",
                             fix='e.g. staffing=minimum.')
        key, value = item.split("=", 1)
        if key not in dims:
            raise InputError(f"unknown axis '{key}'.{did_you_mean(key, dims)}", field="where",
                             fix=f"use one of: {', '.join(dims)}.")
        col = summary[key]
        keep = col.map(lambda v: _same(v, value))
        if not keep.any():
            raise InputError(f"{item}: no point has {key} = {value}.", field="where",
                             fix=f"values are: {', '.join(map(str, pd.unique(col)))}.")
        summary = summary[keep]
    return summary


def _same(v: Any, text: str) -> bool:
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        try:
            return math.isclose(float(v), float(text), rel_tol=1e-9, abs_tol=1e-12)
        except ValueError:
            return False
    return str(v) == text or str(v).lower() == text.lower()


def choose_axes(summary: pd.DataFrame, axes: Sequence[str], x: str | None, hue: str | None) -> tuple[str, str | None]:
    """The x axis (default: the first axis with several values) and the line grouping (default: scenario or the next
    axis)."""
    dims = list(axes) + ["scenario"]
    varying = [d for d in dims if summary[d].nunique() > 1]
    for name, opt in (("x", x), ("hue", hue)):
        if opt is not None and opt not in dims:
            raise InputError(f"unknown axis '{opt}'.{did_you_mean(opt, dims)}", field=name,
                             fix=f"use one of: {', '.join(dims)}.")
    if x is None:
        candidates = [a for a in axes if a in varying and a != hue]
        if not candidates:
            raise InputError("the sweep has no axis with more than one value to plot against.", field="x",
                             fix="add an axis with several values to the spec.")
        x = candidates[0]
    if hue is None:
        rest = [d for d in (["scenario"] + list(axes)) if d in varying and d != x]
        hue = rest[0] if rest else None
    if hue == x:
        raise InputError(f"the x axis and the hue are the same axis ({x}).", field="hue",
                         fix="choose two different axes.")
    return x, hue


def plot_layout(summary: pd.DataFrame, axes: Sequence[str], *, figure: str = "share_within_target",
                x: str | None = None, hue: str | None = None,
                where: Sequence[str] = ()) -> tuple[pd.DataFrame, str, str | None, list[str], list[tuple]]:
    """Check a plot's options and lay it out, drawing nothing: the rows ``where`` keeps, the x axis, the hue, the
    panels' axes and their keys.

    ``raddsim sweep summarize`` calls it before it writes the table, so a bad option leaves the previous summary in
    place (it was replaced, then the option refused).

    Raises
    ------
    InputError
        An unknown figure or axis, a ``where`` no point matches, one that leaves no axis to plot against, or more
        than :data:`MAX_PANELS` panels.
    """
    figs = figure_columns(summary)
    if figure not in figs:
        raise InputError(f"unknown figure '{figure}'.{did_you_mean(figure, figs)}", field="figure",
                         fix=f"use one of: {', '.join(figs)}.")
    dims = list(axes) + ["scenario"]
    kept = parse_where(where, summary, dims)
    if where and not any(kept[d].nunique() > 1 for d in ([x] if x in dims else axes) if d != hue):
        raise InputError(f"{', '.join(where)} leaves no axis with more than one value to plot against.",
                         field="where", fix="filter fewer axes (leave the one to plot against free), or drop it.")
    x, hue = choose_axes(kept, axes, x, hue)
    panel_dims = [d for d in dims if d not in (x, hue) and kept[d].nunique() > 1]
    panel_keys = list(itertools.product(*(list(pd.unique(kept[d])) for d in panel_dims))) or [()]
    if len(panel_keys) > MAX_PANELS:
        raise InputError(f"plotting {figure} against {x} needs {len(panel_keys)} panels (axes {', '.join(panel_dims)} "
                         "vary).",
                         field="where",
                         fix=f"fix some axes with a filter, e.g. {panel_dims[0]}={kept[panel_dims[0]].iloc[0]}, "
                             "or choose one of them as the hue.")
    return kept, x, hue, panel_dims, panel_keys


def plot(summary: pd.DataFrame, axes: Sequence[str], meta: dict[str, Any], path: str | Path, *,
         figure: str = "share_within_target", x: str | None = None, hue: str | None = None,
         where: Sequence[str] = ()) -> Path:
    """Draw ``figure`` against axis ``x``, one line (with its 95% CI band) per value of ``hue``.

    Axes that are neither ``x`` nor ``hue`` and still vary become panels
    (at most :data:`MAX_PANELS`; narrow them with ``where``); the options are checked by :func:`plot_layout`.
    """
    from matplotlib.figure import Figure

    summary, x, hue, panel_dims, panel_keys = plot_layout(summary, axes, figure=figure, x=x, hue=hue, where=where)
    categorical = not pd.api.types.is_numeric_dtype(summary[x]) or pd.api.types.is_bool_dtype(summary[x])
    xcats = list(pd.unique(summary[x])) if categorical else []
    scale = 100.0 if is_share(figure) else 1.0
    ncols = min(3, len(panel_keys))
    nrows = math.ceil(len(panel_keys) / ncols)
    fig = Figure(figsize=(max(7.0, 5.2 * ncols), 3.8 * nrows + 0.6), layout="constrained")
    axs = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
    hues = list(pd.unique(summary[hue])) if hue else [None]
    for k, key in enumerate(panel_keys):
        ax = axs[k // ncols][k % ncols]
        sel = summary
        for d, v in zip(panel_dims, key):
            sel = sel[sel[d].map(lambda w, v=v: w == v)]
        for h in hues:
            line = sel if h is None else sel[sel[hue].map(lambda w, h=h: w == h)]
            if not line.empty:
                _draw_line(ax, line, figure, x, xcats if categorical else None, scale,
                           None if h is None else f"{hue} = {h}")
        if categorical:
            ax.set_xticks(range(len(xcats)), [str(c) for c in xcats])
        ax.set_xlabel(x)
        if k % ncols == 0:
            ax.set_ylabel(_ylabel(figure, meta))
        if panel_dims:
            ax.set_title(", ".join(f"{d} = {v}" for d, v in zip(panel_dims, key)), fontsize=9)
        ax.grid(True, alpha=0.3)
        if hue:
            ax.legend(fontsize=8)
    for k in range(len(panel_keys), nrows * ncols):
        axs[k // ncols][k % ncols].set_visible(False)
    reps = int(summary["replications"].min()) if len(summary) else 0
    fig.suptitle(f"{meta.get('region', '')} sweep: {figure} against {x}\n"
                 f"mean and 95% CI band over ≥ {reps} replications per point (common random numbers)\n"
                 f"network: {meta.get('network', {}).get('label', '')}", fontsize=9)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120, metadata=figure_metadata("png"))  # raddsim's mark
    return write_bytes_atomic(path, buf.getvalue())


def _draw_line(ax: Any, line: pd.DataFrame, figure: str, x: str, xcats: list | None, scale: float,
               label: str | None) -> None:
    """One line of ``figure`` against ``x`` with its 95% CI band; ``xcats`` orders a categorical ``x``."""
    if xcats is not None:
        cats = xcats  # bound for the sort key
        line = line.sort_values(x, key=lambda c: c.map(cats.index))
        xs = np.array([cats.index(v) for v in line[x]])
    else:
        line = line.sort_values(x)
        xs = line[x].to_numpy(float)
    ys = line[figure].to_numpy(float) * scale
    lo = pd.to_numeric(line[f"{figure}_lo"], errors="coerce").to_numpy(float) * scale
    hi = pd.to_numeric(line[f"{figure}_hi"], errors="coerce").to_numpy(float) * scale
    drawn = ax.plot(xs, ys, marker="o", ms=3.5, lw=1.5, label=label)
    ok = np.isfinite(lo) & np.isfinite(hi)
    if ok.any():
        ax.fill_between(xs[ok], lo[ok], hi[ok], alpha=0.2, color=drawn[0].get_color(), lw=0)


def _ylabel(figure: str, meta: dict[str, Any]) -> str:
    """The y axis label: the figure's meaning, with the minutes of its target where it has one."""
    desc = (FIGURES | ZONE_FIGURES).get(figure, (None, figure))[1]
    target = target_of(figure, meta)
    if figure == "share_within_target" and target is not None:
        return f"share of alarms reached within {target:g} min (%)"
    if figure == "effective_share_within_target" and target is not None:
        return f"share of alarms with the full force on scene within {target:g} min (%)"
    if figure == "zone_share_within_target":  # the description's parenthesis is too long for an axis
        outside = target_of("share_within_target", meta)
        return "share of alarms reached within their target zone's target" + (
            "" if outside is None else f" (outside the zones {outside:g} min)") + " (%)"
    return desc + (" (%)" if is_share(figure) else "")
