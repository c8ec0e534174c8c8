"""Bounds of physical inputs that catch typos, shared by every file that reads a speed or a target.

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

__all__ = ["MAX_SPEED_KMH", "MAX_TARGET_MINUTES", "MIN_SPEED_KMH"]
