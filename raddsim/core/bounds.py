"""Bounds of inputs that catch typos, shared by every file that reads a speed, a target, years or a seed; and the
default seed.

A speed of 1e-300 km/h made travel times overflow, and the tables printed numbers with 300 digits
(with numpy's overflow warnings); one of 1e6 a speed in m/h. Walking is about 5 km/h, so no speed a
region file gives lies below 1 km/h, and no road vehicle drives above 200 km/h.
"""

from __future__ import annotations

MIN_SPEED_KMH = 1.0
MAX_SPEED_KMH = 200.0
#: A response-time target above a day is a typo (seconds for minutes): ``--target 1e300`` printed
#: "alarms within 1e+300 min" (every alarm) as the headline.
MAX_TARGET_MINUTES = 1440.0
#: Longest simulated span per replication, in years (commands, sweep specs and the Python API). A replication's
#: alarms are held in memory (≈ 1.5 kB each, see raddsim.demand.generate.BYTES_PER_ALARM): the memory check there
#: is the real bound; this one stops absurd values (1e9) early.
MAX_YEARS = 10_000.0
#: Replications of one scenario (each one is a full simulation; more is a typo).
MAX_REPLICATIONS = 100_000
#: numpy's SeedSequence takes any non-negative integer; 128 bits is ample and prints sensibly.
MAX_SEED = 2**128 - 1
#: The master seed when none is given (commands and the Python API): the same seed, the same output.
DEFAULT_SEED = 20250101

__all__ = ["DEFAULT_SEED", "MAX_REPLICATIONS", "MAX_SEED", "MAX_SPEED_KMH", "MAX_TARGET_MINUTES", "MAX_YEARS",
           "MIN_SPEED_KMH"]
