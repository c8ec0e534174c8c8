"""The identity-keyed cache shared by the engine, the crew draws and the alarm locations."""

from __future__ import annotations

from raddsim.core.memo import IdentityMemo


def test_built_once_per_object_and_never_shared_between_equal_objects() -> None:
    calls: list[list] = []

    def build(x: list) -> int:
        calls.append(x)
        return len(calls)

    memo = IdentityMemo(build, maxsize=2)
    a, b = [1], [1]  # equal, not the same, and unhashable
    assert memo(a) == 1 and memo(a) == 1 and len(calls) == 1
    assert memo(b) == 2  # an equal object gets its own value
    c, d = [2], [3]
    memo(c)
    memo(d)  # more than maxsize entries: the cache starts afresh
    assert memo(a) == 5 and len(calls) == 5
