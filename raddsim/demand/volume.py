"""How many alarms a replication may simulate: a bound derived from the machine's memory.

A replication holds all its alarms and crew movements in memory, so a rate of
10¹² alarms a year or ``--years 1e9`` would end in a MemoryError after minutes
of work. These checks refuse it up front with one clear error.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

from raddsim.core.errors import InputError

#: Peak memory of one replication per alarm it simulates, in bytes: measured 1.34–1.47 kB with
#: tracemalloc on the default region (8,000 and 32,000 alarms, November 2026), rounded up.
BYTES_PER_ALARM = 1_500


def max_alarms_per_replication() -> int:
    """Alarms one replication may hold: half the machine's physical memory at :data:`BYTES_PER_ALARM`."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # not POSIX: assume a 16 GiB machine
        memory = 16 * 2**30
    return int(memory / 2 / BYTES_PER_ALARM)


def check_volume(alarms_per_year: float, years: float) -> None:
    """Refuse a replication too large for memory before drawing a single alarm.

    Raises
    ------
    InputError
        Naming the alarm rate, the years and the limit.
    """
    expected = alarms_per_year * years
    limit = max_alarms_per_replication()
    if not math.isfinite(expected) or expected > limit:
        raise InputError(
            f"{alarms_per_year:,.6g} alarms a year × {years:g} year(s) is {expected:,.3g} alarms per replication; "
            f"this machine holds at most about {limit:,} ({BYTES_PER_ALARM} bytes each, half the memory).",
            field="demand.alarms_per_year × years",
            fix="simulate fewer years per replication (use more replications instead), or lower "
                "alarms_per_year/multiplier.")


#: Alarms simulated per second on one core, the default region (benchmarks/README.md "Simulation
#: throughput": 70,742 in November 2026); only for a rough duration in :func:`workload_note`.
ALARMS_PER_SECOND = 70_000
#: Above this many alarms in all, a run says how long it will roughly take before it starts.
LONG_RUN_ALARMS = 5_000_000


def workload_note(alarms_per_year: float, years: float, replications: int, scenarios: int) -> str | None:
    """A line to print before a run that will measure nothing, or will take minutes; None for an ordinary run.

    Parameters
    ----------
    alarms_per_year : float
        The scenarios' largest alarm rate.
    years, replications, scenarios : float, int, int
        Simulated years per replication, replications, scenarios.
    """
    per_replication = alarms_per_year * years
    if per_replication < 1:
        return (f"expect {per_replication:.2g} alarms per replication ({alarms_per_year:,.0f} a year × {years:g} "
                "year(s)): the tables will be mostly empty; give more --years.")
    total = per_replication * replications * scenarios
    if total > LONG_RUN_ALARMS:
        minutes = total / ALARMS_PER_SECOND / 60
        return (f"about {total:,.0f} alarms to simulate: roughly {minutes:,.0f} min on one core (fewer with more "
                "cores); Ctrl-C stops it cleanly.")
    return None


def warn_workload(setups: Sequence[Any], years: float, replications: int) -> None:
    """Log (stderr) :func:`workload_note` for the scenarios ``setups`` before a command simulates them.

    The one warning of ``run``, ``compare``, ``target`` and ``report``: a run that will measure next to nothing
    (``expect 0.8 alarms per replication …``) or take minutes is said the same way by each.

    Parameters
    ----------
    setups : sequence of Setup
        The scenarios to simulate (their largest alarm rate counts).
    years : float
        Simulated years per replication.
    replications : int
        Replications per scenario.
    """
    import logging

    note = workload_note(max(s.demand.rate_per_year for s in setups), years, replications, len(setups))
    if note:
        logging.getLogger("raddsim").warning(note)
