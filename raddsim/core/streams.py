"""Reproducible random streams.

Every (replication, purpose) pair gets its own generator from a
:class:`numpy.random.SeedSequence` whose spawn key is ``(replication, stream id)``.
Stream ids are fixed constants, so adding a new stream never shifts the others,
and every scenario run with the same seed sees the same alarms, locations and
on-scene times: common random numbers by construction.

A warm-up (the days simulated before the measured period, see
:func:`raddsim.experiment.runs.run_replication`) draws from streams of its own:
stream id :data:`WARMUP` + the purpose's id. Turning a warm-up on therefore leaves
every draw of the measured period as it was, and two scenarios with the same seed
share their warm-up as they share the measured period.
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
    "crew": 7,
    "transport": 8,
    "availability": 9,
    "answer": 10,
    "posterior": 11,
}
#: Added to a purpose's stream id for the warm-up's draws of that purpose (far above the ids in use and any
#: appended later, so the two never meet).
WARMUP = 1000


def stream_id(stream: str, warmup: bool = False) -> int:
    """The stream id of a purpose, in the measured period or (``warmup``) in the warm-up before it."""
    return STREAM_IDS[stream] + (WARMUP if warmup else 0)


def rng(seed: int, replication: int, stream: str, warmup: bool = False) -> np.random.Generator:
    """The generator for one replication and one purpose.

    Parameters
    ----------
    seed
        The run's master seed.
    replication
        Replication number (0-based).
    stream
        A key of :data:`STREAM_IDS`.
    warmup
        The warm-up's generator of that purpose instead of the measured period's.
    """
    key = (int(replication), stream_id(stream, warmup))
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key))


def rng_keyed(seed: int, replication: int, stream: str, key: int, warmup: bool = False) -> np.random.Generator:
    """A generator for one replication, purpose and entity (e.g. one crew).

    ``key`` should be stable for the entity (a hash of its id), so adding or
    removing other entities leaves this one's draws unchanged. ``warmup``: the warm-up's generator.
    """
    spawn = (int(replication), stream_id(stream, warmup), int(key))
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=spawn))


def stable_key(name: str) -> int:
    """A stable non-negative integer for a name (CRC-32; Python's hash() is salted per process)."""
    import zlib

    return zlib.crc32(name.encode("utf-8"))
