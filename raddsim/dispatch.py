"""Dispatch decisions as plain functions (tested without SimPy)."""

from __future__ import annotations

import numpy as np


def expected_arrival_s(turnout_s: np.ndarray, travel_s: np.ndarray) -> np.ndarray:
    """Expected time from alarm to arrival for each crew: turnout plus travel."""
    return turnout_s + travel_s


def choose_crew(free: np.ndarray, eta_s: np.ndarray) -> int | None:
    """The free crew with the shortest expected arrival, or None.

    Parameters
    ----------
    free
        Boolean mask of crews that are free now.
    eta_s
        Expected alarm-to-arrival time of each crew (``inf`` if it cannot reach).

    Returns
    -------
    int or None
        Index of the chosen crew; ties go to the lowest index so runs are
        deterministic. None when no free crew can reach the alarm.
    """
    masked = np.where(free, eta_s, np.inf)
    best = int(np.argmin(masked))
    return best if np.isfinite(masked[best]) else None
