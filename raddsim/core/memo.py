"""A small cache of values derived from objects, looked up by the objects' identity.

The engine, the crew draws and the alarm locations derive tables from a
scenario's objects (a fleet, a set-up, a demand) once and share them between
replications. Those objects need not be hashable, and equal but distinct objects
(another scenario of a sweep) must not share a table, so the key is identity.
"""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class IdentityMemo(Generic[T]):
    """``build(*objects)``, computed once per tuple of objects (by identity) and kept.

    The cached entry holds the objects themselves, so their ids cannot be reused
    by new objects while the entry lives. The cache is emptied when it holds more
    than ``maxsize`` entries: a sweep goes through many scenarios.
    """

    def __init__(self, build: Callable[..., T], maxsize: int = 64) -> None:
        self.build, self.maxsize = build, maxsize
        self._entries: dict[tuple[int, ...], tuple[tuple, T]] = {}

    def __call__(self, *objects) -> T:
        key = tuple(map(id, objects))
        hit = self._entries.get(key)
        if hit is None or any(a is not b for a, b in zip(hit[0], objects)):
            if len(self._entries) > self.maxsize:
                self._entries.clear()
            hit = self._entries[key] = (objects, self.build(*objects))
        return hit[1]
