"""The waiting queue can be walked while incidents are taken out of it (a returning crew drops cleared ones)."""

from raddsim.engine.force import Requirement
from raddsim.engine.incident import Incident
from raddsim.engine.waiting import Waiting


def _incidents(n: int) -> list[Incident]:
    req = Requirement(crews=1)
    return [Incident(i, req, node=i) for i in range(n)]


def test_removing_while_scanning_all_and_lanes():
    waiting = Waiting()
    incs = _incidents(50)
    for inc in incs:
        waiting.add(inc, lane=inc.i % 3)
    seen = []
    for ticket, inc in waiting.scan(0):  # remove the front and others on the way (level 0: no priorities)
        if ticket != inc.queued:
            continue
        seen.append(inc.i)
        if inc.i % 2 == 0:
            waiting.remove(inc)
    assert seen == list(range(50))
    for ticket, inc in waiting.scan(0, 1):
        if ticket == inc.queued:
            waiting.remove(inc)
    assert [inc.i for inc in waiting] == [i for i in range(50) if i % 2 and i % 3 != 1]
    assert len(waiting) == len([i for i in range(50) if i % 2 and i % 3 != 1])


def test_dead_entries_do_not_pile_up():
    waiting = Waiting()
    for inc in _incidents(1000):
        waiting.add(inc, lane=0)
        waiting.remove(inc)
        list(waiting.scan(0, 0))
    assert len(waiting.scan(0)) == 0 and len(waiting.scan(0, 0)) == 0


def test_levels_are_scanned_apart_and_listed_most_urgent_first():
    """Incidents of priority levels 2 and 1 queue apart: ``order`` lists the levels that have any waiting, the most
    urgent first, and each level (and lane within it) scans oldest first."""
    waiting = Waiting()
    low, high = Requirement(priority=2), Requirement(priority=1)
    incs = [Incident(i, low if i % 2 else high, node=i) for i in range(6)]
    for inc in incs:
        waiting.add(inc, lane=0)
    assert waiting.order() == [1, 2]
    assert [inc.i for t, inc in waiting.scan(1)] == [0, 2, 4] and [inc.i for t, inc in waiting.scan(2, 0)] == [1, 3, 5]
    for inc in incs[::2]:
        waiting.remove(inc)
    assert waiting.order() == [2] and len(waiting) == 3 and [inc.i for inc in waiting] == [1, 3, 5]
