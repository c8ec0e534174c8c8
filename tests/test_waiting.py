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
    for ticket, inc in waiting.scan():  # remove the front and others on the way
        if ticket != inc.queued:
            continue
        seen.append(inc.i)
        if inc.i % 2 == 0:
            waiting.remove(inc)
    assert seen == list(range(50))
    for ticket, inc in waiting.scan(1):
        if ticket == inc.queued:
            waiting.remove(inc)
    assert [inc.i for inc in waiting] == [i for i in range(50) if i % 2 and i % 3 != 1]
    assert len(waiting) == len([i for i in range(50) if i % 2 and i % 3 != 1])


def test_dead_entries_do_not_pile_up():
    waiting = Waiting()
    for inc in _incidents(1000):
        waiting.add(inc, lane=0)
        waiting.remove(inc)
        list(waiting.scan(0))
    assert len(waiting.scan()) == 0 and len(waiting.scan(0)) == 0
