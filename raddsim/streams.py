"""Reproducible random streams.

Every (replication, purpose) pair gets its own generator from a
:class:`numpy.random.SeedSequence` whose spawn key is ``(replication, stream id)``.
Stream ids are fixed constants, so adding a new stream never shifts the others,
and every scenario run with the same seed sees the same alarms, locations and
on-scene times: common random numbers by construction.
"""

from __future__ import annotations

import numpy as np

#: Fixed stream ids. Append new ones; never renumber.
STREAM_IDS: dict[str, int] = {
    "arrivals": 0,
    "locations": 1,
    "access": 2,
    "on_scene": 3,
    "turnout": 4,
    "response": 5,
    "types": 6,
}


def rng(seed: int, replication: int, stream: str) -> np.random.Generator:
    """The generator for one replication and one purpose.

    Parameters
    ----------
    seed
        The run's master seed.
    replication
        Replication number (0-based).
    stream
        A key of :data:`STREAM_IDS`.
    """
    key = (int(replication), STREAM_IDS[stream])
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key))
