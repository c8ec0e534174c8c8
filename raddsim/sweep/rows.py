"""One sweep task's row: the headline figures of a replication, and axis values as stored.

Pure functions of the engine's records (numpy only), computed where the task ran (the worker);
:mod:`raddsim.sweep.results` writes the rows to Parquet, :mod:`raddsim.sweep.folder` keeps the folder.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

import numpy as np

from raddsim.figures.metrics import effective_force_minutes, figures_within, first_arrival_minutes
from raddsim.sweep.axes import jsonable

ID_COLUMNS = ("task", "point", "scenario", "replication")

#: Headline figures of one replication: column → (type, meaning).
FIGURES: dict[str, tuple[str, str]] = {
    "alarms": ("int", "alarms in the replication"),
    "unreachable": ("int", "alarms no in-service crew can reach by road"),
    "first_arrival_mean": ("float", "mean minutes from alarm to the first crew on scene"),
    "first_arrival_median": ("float", "median of the same"),
    "first_arrival_p90": ("float", "90th percentile of the same"),
    "share_within_target": ("float", "share of alarms with the first crew on scene within the target"),
    "effective_force_mean": ("float", "mean minutes from alarm to the incident type's full force on scene"),
    "effective_force_median": ("float", "median of the same"),
    "effective_force_p90": ("float", "90th percentile of the same"),
    "effective_share_within_target": ("float", "share of alarms with the full force on scene within its target "
                                               "(region.effective_target_minutes, else the target)"),
    "effective_share_never": (
        "float",
        "share of alarms whose full force never assembled (unreachable alarms included)",
    ),
    "waited_share": ("float", "share of alarms that found no crew free and waited"),
    "mutual_aid_first_share": ("float", "share of alarms where a neighbour's crew arrived first"),
    "failed_to_roll_per_alarm": ("float", "crews that failed to roll (too few responders), per alarm"),
    "crews_alerted_per_alarm": ("float", "crews alerted per alarm"),
}
#: The figure a region with target zones (``[region] target_zones``) adds: column → (type, meaning).
ZONE_FIGURES: dict[str, tuple[str, str]] = {
    "zone_share_within_target": ("float", "share of alarms with the first crew on scene within their own target "
                                          "zone's target (region.target_zones; outside every zone the target)"),
}
#: Per-station-area figures (``per_area = true``): figure → meaning; columns ``area:<station area>:<figure>``.
AREA_FIGURES: dict[str, str] = {
    "alarms": "alarms in the station area in the replication",
    "first_arrival_mean": "mean minutes from alarm to the first crew on scene, over the area's alarms",
    "share_within_target": "share of the area's alarms with the first crew on scene within the target",
}
#: Units of every figure column (stored in ``sweep.json`` with the column descriptions).
UNITS = ("times (*_mean, *_median, *_p90) in minutes from the alarm; shares (*share*) as fractions 0-1 of the "
         "replication's alarms; per_alarm figures as counts per alarm; alarms and unreachable as counts; "
         "axis columns in the unit of the region-file key they set")


def area_column(area: str, figure: str) -> str:
    """Column name of a per-station-area figure."""
    return f"area:{area}:{figure}"


def task_figures(rec: Any, areas: np.ndarray | None, area_names: Sequence[str],
                 target_minutes: float, effective_target_minutes: float | None = None,
                 zone_targets: np.ndarray | None = None) -> dict[str, Any]:
    """The headline figures of one replication (see :data:`FIGURES`).

    Parameters
    ----------
    rec
        The engine's :class:`~raddsim.engine.records.RunRecords`.
    areas
        Station-area index of every alarm, or None for no per-area columns.
    area_names
        Names of the station areas.
    target_minutes
        The response-time target.
    effective_target_minutes
        The effective force's own target (``[region] effective_target_minutes``); None: ``target_minutes``.
    zone_targets
        Each alarm's target zone's target (``[region] target_zones``), or None for no zone column.
    """
    n = len(rec)
    first = first_arrival_minutes(rec)
    eff = effective_force_minutes(rec)
    eff_target = target_minutes if effective_target_minutes is None else effective_target_minutes
    f1, fe = figures_within(first, target_minutes), figures_within(eff, eff_target)
    row: dict[str, Any] = {
        "alarms": n,
        "unreachable": int(rec.unreachable.sum()),
        "first_arrival_mean": f1["mean"],
        "first_arrival_median": f1["median"],
        "first_arrival_p90": f1["p90"],
        "share_within_target": f1["share_within_target"],
        "effective_force_mean": fe["mean"],
        "effective_force_median": fe["median"],
        "effective_force_p90": fe["p90"],
        "effective_share_within_target": fe["share_within_target"],
        "effective_share_never": float(np.isnan(eff).mean()) if n else float("nan"),
        "waited_share": float(rec.waited.mean()) if n else float("nan"),
        "mutual_aid_first_share": float(rec.mutual_aid_first.mean()) if n else float("nan"),
        "failed_to_roll_per_alarm": float(rec.n_failed.mean()) if n else float("nan"),
        "crews_alerted_per_alarm": float(rec.n_alerted.mean()) if n else float("nan"),
    }
    if zone_targets is not None:
        row["zone_share_within_target"] = figures_within(first, zone_targets)["share_within_target"]
    if areas is not None:
        for g, name in enumerate(area_names):
            sel = areas == g
            fa = figures_within(first[sel], target_minutes)
            row[area_column(name, "alarms")] = int(sel.sum())
            row[area_column(name, "first_arrival_mean")] = fa["mean"]
            row[area_column(name, "share_within_target")] = fa["share_within_target"]
    return row


def axis_cell(value: Any, kind: str) -> Any:
    """An axis value as stored in its column (tables/lists as canonical JSON text)."""
    if kind == "json":
        return json.dumps(jsonable(value), sort_keys=True, ensure_ascii=False)
    if kind == "float":
        return float(value)
    return value


__all__ = ["AREA_FIGURES", "FIGURES", "ZONE_FIGURES", "ID_COLUMNS", "UNITS", "area_column", "axis_cell", "task_figures"]
