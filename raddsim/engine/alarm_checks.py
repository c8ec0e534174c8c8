"""The alarms :func:`raddsim.engine.simulate.simulate` is given, checked before the run.

The alarms a researcher builds by hand (an :class:`~raddsim.demand.Incidents` of her own, or one changed with
``dataclasses.replace``) reach the engine unread: a ``node`` array one shorter than ``time_s`` was an IndexError
from the dispatcher, a node past the network's an IndexError from numpy, a negative on-scene time SimPy's
"Negative delay", float nodes a TypeError, and a NaN alarm time a silent run. Each is one
:class:`~raddsim.core.errors.InputError` naming the attribute, here, in a few vectorised passes (≈ 1 ms for a
year's alarms).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from raddsim.demand import Incidents
from raddsim.engine.array_checks import first_bad_seconds, first_outside, refuse, wrong_length

#: The attributes of :class:`Incidents` that are indices (into the network's nodes, the demand points, the
#: incident catalog) and those that are seconds.
INDICES = ("point", "node", "type", "end_node")
SECONDS = ("time_s", "access_s", "on_scene_s", "end_access_s")
FIX = "build the alarms with raddsim.generate_incidents or load_incident_csv, or give every array one value per alarm"


def _refuse(attribute: str, what: str, fix: str = FIX) -> None:
    refuse("incidents", attribute, what, fix)


def _check_shapes(incidents: Incidents) -> None:
    n = len(incidents.time_s)
    for name in (*SECONDS, *INDICES, "observed_s"):
        values = np.asarray(getattr(incidents, name))
        if wrong_length(values, n):
            _refuse(name, f"has shape {values.shape}, but there are {n} alarms (incidents.time_s)")
        if name in INDICES and values.dtype.kind not in "iu":
            _refuse(name, f"holds {values.dtype} values, not whole numbers (indices)")
        if name in SECONDS and values.dtype.kind not in "iuf":
            _refuse(name, f"holds {values.dtype} values, not seconds")


def check_incidents(incidents: Incidents, requirements: Sequence[object], nodes: int) -> None:
    """Refuse alarms the engine cannot run: one :class:`InputError` naming the attribute.

    Parameters
    ----------
    incidents : Incidents
        The alarms.
    requirements : sequence
        The force of each incident type (``incidents.type`` indexes it).
    nodes : int
        The number of network nodes the travel tables have (``node`` and ``end_node`` index them).

    Raises
    ------
    InputError
        When an array's length or kind differs from ``time_s``'s, a time is not finite or negative, the alarms are
        not sorted by time from 0, or an index is outside what it indexes.
    """
    _check_shapes(incidents)
    for name in SECONDS:
        values = np.asarray(getattr(incidents, name), float)
        k = first_bad_seconds(values)
        if k is not None:
            _refuse(name, f"holds {values[k]:g} at alarm {k}: seconds must be finite and at least 0")
    t = incidents.time_s
    if len(t) > 1 and (t[1:] < t[:-1]).any():
        k = int(np.flatnonzero(t[1:] < t[:-1])[0]) + 1
        _refuse("time_s", f"is not sorted: alarm {k} at {t[k]:g} s comes after one at {t[k - 1]:g} s",
                "sort the alarms by time (np.argsort(incidents.time_s), applied to every array)")
    for name, size, of in (("node", nodes, "network nodes"), ("end_node", nodes, "network nodes"),
                           ("type", len(requirements), "incident types in requirements")):
        bad = first_outside(np.asarray(getattr(incidents, name)), size)
        if bad is not None:
            fix = ("give the scenario's requirements (prepared.requirements), one per incident type" if name == "type"
                   else "use node indices of the model's network (0 to its number of nodes - 1)")
            _refuse(name, f"holds {bad}, but there are {size} {of}", fix)
    check_requirements(requirements)


def check_requirements(requirements: Sequence[object]) -> None:
    """Refuse a hand-built requirement whose travel factor, extra turnout or queue priority the engine cannot run.

    A travel factor of 0 or below, or a negative or NaN extra turnout, was SimPy's "Negative delay" or a run in
    which crews arrived before they left; a priority level that is not a whole number from 0 would order the queue
    by something else.

    Raises
    ------
    InputError
        Naming ``requirements[k].<attribute>``.
    """
    for k, req in enumerate(requirements):
        factor = float(getattr(req, "travel_factor", 1.0))
        extra = float(getattr(req, "turnout_extra_s", 0.0))
        if not (math.isfinite(factor) and factor > 0):
            refuse(f"requirements[{k}]", "travel_factor", f"is {factor:g}: it multiplies the drive, so it must be "
                   "finite and greater than 0", "give the type's travel_factor (1: as the tables say)")
        level = getattr(req, "priority", 0)
        if isinstance(level, bool) or not isinstance(level, (int, np.integer)) or level < 0:
            refuse(f"requirements[{k}]", "priority", f"is {level!r}: a queue priority level is a whole number from 0",
                   "give the type's level (0 for every type: first come, first served; 1 most urgent)")
        if not (math.isfinite(extra) and extra >= 0):
            refuse(f"requirements[{k}]", "turnout_extra_s", f"is {extra:g}: seconds must be finite and at least 0",
                   "give the seconds the type adds to a crew's turnout (0: none)")


__all__ = ["check_incidents", "check_requirements"]
