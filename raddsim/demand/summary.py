"""Summaries and maps of a generated alarm stream (``raddsim demand``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.io import write_atomic
from raddsim.demand.generate import Incidents
from raddsim.demand.points import DemandPoints
from raddsim.demand.spec import DemandSpec
from raddsim.views.i18n import t


def summarize_stream(spec: DemandSpec, points: DemandPoints, runs: list[Incidents], area_names: list[str],
                     areas: list[np.ndarray], years: float) -> dict:
    """Counts by type, hour, month, station area and island, per simulated year."""
    n_years = years * len(runs)
    types = np.concatenate([r.type for r in runs]) if runs else np.zeros(0, np.int64)
    times = np.concatenate([r.time_s for r in runs]) if runs else np.zeros(0)
    hour, weekday, month = spec.profile.calendar(times)
    point = np.concatenate([r.point for r in runs]) if runs else np.zeros(0, np.int64)
    area = np.concatenate(areas) if areas else np.zeros(0, np.int64)
    island = points.island[point] if len(point) else np.zeros(0, bool)
    summer = np.isin(month, (6, 7, 8))
    ids = spec.catalog.ids
    return {
        "alarms": int(len(times)),
        "alarms_per_year": len(times) / n_years if n_years else 0.0,
        "by_type": {tid: int((types == k).sum()) for k, tid in enumerate(ids)},
        "by_hour": np.bincount(hour, minlength=24).tolist(),
        "by_weekday": np.bincount(weekday, minlength=7).tolist(),
        "by_month": np.bincount(month - 1, minlength=12).tolist(),
        "by_station_area": {name: int((area == k).sum()) for k, name in enumerate(area_names)},
        "island_share": {"summer": float(island[summer].mean()) if summer.any() else None,
                         "rest_of_year": float(island[~summer].mean()) if (~summer).any() else None},
        "day_night_ratio": float(((hour >= 7) & (hour < 19)).sum() / max(((hour < 7) | (hour >= 19)).sum(), 1)),
    }


def format_stream(summary: dict, spec: DemandSpec, lang: str = "en") -> str:
    """A readable text version of :func:`summarize_stream`."""
    s = summary
    names = {tt.id: (tt.name_sv if lang == "sv" else tt.name) for tt in spec.catalog.types}
    total = max(s["alarms"], 1)
    lines = [f"{s['alarms']:,} {t('alarms', lang)} ({s['alarms_per_year']:.0f} {t('per_year', lang)})", ""]
    for tid, n in s["by_type"].items():
        lines.append(f"  {names[tid][:50]:<50} {n:>8,}  {100 * n / total:5.1f}%")
    lines += ["", "hour:  " + " ".join(f"{h:02d}" for h in range(24)),
              "share: " + " ".join(f"{round(100 * v / total):2d}" for v in s["by_hour"]),
              "month: " + " ".join(f"{100 * v / total:4.1f}" for v in s["by_month"]), ""]
    for area, n in s["by_station_area"].items():
        lines.append(f"  {area:<20} {n:>8,}  {100 * n / total:5.1f}%")
    isl = s["island_share"]
    if isl["summer"] is not None or isl["rest_of_year"] is not None:
        fmt = lambda x: "–" if x is None else f"{100 * x:.1f}%"  # noqa: E731
        lines += ["", f"on islands (ferry only): summer {fmt(isl['summer'])}, rest of year {fmt(isl['rest_of_year'])}"]
    lines.append(f"day (07–19) / night (19–07) ratio: {s['day_night_ratio']:.2f}")
    return "\n".join(lines)


def plot_stream(path: str | Path, net, points: DemandPoints, runs: list[Incidents], summary: dict, title: str) -> Path:
    """Map of alarm locations over the road network, with hour and month profiles."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    fig = plt.figure(figsize=(11, 8))
    ax = fig.add_axes([0.04, 0.06, 0.58, 0.86])
    segs = np.stack([np.column_stack([net.x[net.edge_u], net.y[net.edge_u]]),
                     np.column_stack([net.x[net.edge_v], net.y[net.edge_v]])], axis=1)
    ax.add_collection(LineCollection(segs, colors="#bbbbbb", linewidths=0.6, zorder=1))
    node = np.concatenate([r.node for r in runs])
    types = np.concatenate([r.type for r in runs])
    rng = np.random.default_rng(0)
    jitter = rng.normal(0, 300, (len(node), 2))  # spread stacked points so density is visible
    sc = ax.scatter(net.x[node] + jitter[:, 0], net.y[node] + jitter[:, 1], c=types, s=4, alpha=0.35, cmap="tab10", zorder=2)
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("SWEREF 99 TM E (m)")
    ax.set_ylabel("N (m)")
    ax.legend(*sc.legend_elements(), title="type", fontsize=7, loc="lower left")
    ax.autoscale()
    a1 = fig.add_axes([0.70, 0.56, 0.27, 0.34])
    a1.bar(range(24), summary["by_hour"], color="#2b6cb0")
    a1.set_title("alarms by hour", fontsize=9)
    a2 = fig.add_axes([0.70, 0.10, 0.27, 0.34])
    a2.bar(range(1, 13), summary["by_month"], color="#c05621")
    a2.set_title("alarms by month", fontsize=9)
    path = Path(path)
    formats = fig.canvas.get_supported_filetypes()
    if path.suffix.lower().lstrip(".") not in formats:
        plt.close(fig)
        raise InputError(f"cannot write a plot as '{path.suffix or 'no suffix'}'.", file=path, field="--plot",
                         fix=f"end the name in one of: {', '.join('.' + f for f in sorted(formats))}.")
    try:
        write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=130))  # whole or not at all
    finally:
        plt.close(fig)
    return path
