"""Dispatch decisions as plain functions (tested without SimPy)."""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from raddsim.engine.force import Requirement, Totals, add, helps, meets


def run_card(
    req: Requirement,
    planned: Totals,
    alerted: int,
    eta_s: Sequence[float] | np.ndarray,
    free: Sequence[bool] | np.ndarray,
    is_crew: Sequence[bool] | np.ndarray,
    staffing: Sequence[Sequence[int]] | np.ndarray,
    equipment: Sequence[int] | np.ndarray,
    order: Iterable[int] | None = None,
) -> list[int]:
    """The crews to alert, in order of expected arrival, to cover an incident's force.

    Crews are taken in ETA order (ties: lowest index) while the force is not
    covered: a crew is alerted if fewer than ``req.crews`` crews are on their
    way, or if it closes part of the gap (people, a role, or equipment no crew
    on the way carries). Crews that add nothing are skipped.

    Parameters
    ----------
    req
        The incident type's force.
    planned
        Totals of the crews already on their way (as the dispatcher knows them).
    alerted
        How many crews are already on their way.
    eta_s
        Expected alarm-to-arrival time of each crew from now (``inf``: cannot reach).
    free, is_crew
        Which crews are free now, and which are crews (not command units, in service).
    staffing
        Planned (commanders, firefighters) of each crew.
    equipment
        Equipment bitmask of each crew.
    order
        Crew indices sorted by ``eta_s`` (stable), when the caller has them already (any iterable: the
        dispatcher's is lazy, see :mod:`raddsim.engine.lazy_order`).

    Returns
    -------
    list of int
        Crew indices to alert (possibly empty).
    """
    chosen: list[int] = []
    t, k = planned, alerted
    for c in (order if order is not None else np.argsort(eta_s, kind="stable").tolist()):
        if k >= req.crews and meets(req, t):
            break
        if not free[c] or not is_crew[c] or not eta_s[c] < np.inf:
            continue
        cc, ff, eq = int(staffing[c][0]), int(staffing[c][1]), int(equipment[c])
        if k < req.crews or helps(req, t, cc, ff, cc + ff, eq):
            chosen.append(int(c))
            t = add(t, cc, ff, cc + ff, eq)
            k += 1
    return chosen
