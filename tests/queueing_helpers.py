"""The one incident type of the queueing-theory regions (tests/test_verification.py, tests/test_queueing2.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_call_types(path: Path, on_scene: str) -> None:
    """``types.toml`` with one type, "call": one crew with one firefighter, no incident commander.

    ``on_scene`` is the on-scene table as TOML, e.g. an exponential (M/M/c) or a lognormal (M/G/c).
    """
    path.write_text(f"""
[capabilities.first_actions]
name = "First actions"
equipment = []
min_roles = {{ firefighters = 1 }}
source = "test"

[types.call]
name = "Call"
name_sv = "Larm"
share = 1.0
share_source = "test"
location = "population"
force = {{ crews = 1, capabilities = ["first_actions"] }}
incident_commander = false
on_scene = {on_scene}
""", encoding="utf-8")


def lognormal_on_scene(median: float, sigma: float) -> str:
    """A lognormal on-scene table as TOML (σ = 0: every job lasts the median, a deterministic service)."""
    return f'{{ distribution = "lognormal", median_minutes = {median}, sigma = {sigma}, source = "queueing check" }}'


def ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of independent replication values at ``level`` (e.g. Bonferroni's 1 − 0.05/k)."""
    from scipy import stats

    v = np.asarray(list(values), float)
    half = float(stats.t.ppf(0.5 + level / 2, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v)))
    return float(v.mean()), float(v.mean()) - half, float(v.mean()) + half


def busy_seconds_in_bins(t_start, t_end, edges) -> np.ndarray:
    """Crew-seconds busy in each bin [edges[j], edges[j+1]) of intervals [t_start, t_end) (one per mission).

    The integral of the busy count is piecewise linear between the intervals' ends, so interpolating its
    running total at the bin edges is exact.
    """
    t = np.concatenate([np.asarray(t_start, float), np.asarray(t_end, float)])
    step = np.concatenate([np.ones(len(t_start)), -np.ones(len(t_end))])
    order = np.argsort(t, kind="stable")
    t, busy = t[order], np.cumsum(step[order])
    running = np.concatenate([[0.0], np.cumsum(busy[:-1] * np.diff(t))])  # ∫ busy up to each event time
    return np.diff(np.interp(edges, t, running, left=0.0, right=running[-1]))
