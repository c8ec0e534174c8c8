"""The model keeps shortest-path rows and routes home across replications; pickles travel without them."""

import pickle

import numpy as np

from raddsim.engine.travel import HomeTrees, NodeRows


class _Counting:
    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, node: int) -> np.ndarray:
        self.calls.append(node)
        return np.arange(4.0) + node


def _tree(node: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(3, np.int64), np.full(3, float(node))


def test_rows_are_computed_once_and_bounded():
    compute = _Counting()
    rows = NodeRows(compute, maxsize=2)
    for node in (1, 2, 1, 3, 1, 2):
        assert rows(node)[0] == node
    # 1, 2 computed; 1 hit; 3 evicts 2 (least recently used); 1 hit; 2 recomputed
    assert compute.calls == [1, 2, 3, 2]
    assert len(rows.cache) == 2


def test_pickled_rows_and_trees_leave_their_caches_behind():
    rows = NodeRows(_Counting(), maxsize=8)
    rows(5)
    trees = HomeTrees(_tree)
    trees(2)
    rows2, trees2 = pickle.loads(pickle.dumps((rows, trees)))
    assert rows2.cache == {} and rows2.maxsize == 8 and trees2.cache == {}
    assert rows2(5)[1] == 6.0 and trees2(2)[1][0] == 2.0


def test_model_rows_are_shared_across_replications():
    from raddsim import build_model, load_region
    from raddsim.experiment.runs import run_scenario

    region = load_region()
    model = build_model(region)
    setup = region.scenarios["minimum"]
    rows = model.crew_tables(setup).tables.rows
    inner = rows.rows if hasattr(rows, "rows") else rows  # island columns wrap the road rows
    assert isinstance(inner, NodeRows)
    run_scenario(model, setup, years=0.25, replications=2, seed=1)
    kept = len(inner.cache)
    assert kept > 0, "the default's en-route dispatch should have asked for rows from the road"
    first = dict(inner.cache)
    run_scenario(model, setup, years=0.25, replications=2, seed=1)
    assert all(inner.cache[n] is first[n] for n in first if n in inner.cache), "rows were recomputed"


def test_a_time_asked_within_a_limit_is_searched_that_far_and_kept() -> None:
    """NodeRows.time: exact when at most the limit, else above it; a search only as far as asked, kept and reused
    while it answers (a time found within a row's own bound is exact whatever is asked next)."""
    inf = float("inf")
    whole = np.array([0.0, 10.0, 20.0, 30.0, 40.0])
    searched: list[float] = []

    def within(node: int, limit: float) -> np.ndarray:
        searched.append(limit)
        return np.where(whole <= limit, whole, inf)

    compute = _Counting()
    rows = NodeRows(lambda node: (compute(node), whole)[1], within=within)
    assert rows.time(0, 2, 25.0) == 20.0 and searched == [25.0]
    assert rows.time(0, 3, 25.0) == inf and rows.time(0, 3, 12.0) == inf  # beyond: above the limit, no search
    assert rows.time(0, 1, 5.0) == 10.0 and rows.time(0, 2) == 20.0  # found within 25 s: exact, asked any limit
    assert searched == [25.0] and compute.calls == []
    assert rows.time(0, 4, 50.0) == 40.0 and searched == [25.0, 50.0]  # asked further: searched again, further
    assert rows.time(0, 4) == 40.0 and compute.calls == []
    assert rows.time(1, 3) == 30.0 and compute.calls == [1]  # no limit: the whole row
    assert rows.time(1, 4, 5.0) == 40.0 and searched == [25.0, 50.0]  # a whole row answers every limit
    assert rows.time(2, 0, -3.0) == 0.0 and searched[-1] == 0.0  # a limit below 0 searches from the node alone
    assert rows(0) is whole and compute.calls == [1, 0]  # the whole row asked: computed, in the bounded one's place
    plain = NodeRows(lambda node: whole)  # no bounded search: whole rows
    assert plain.time(0, 4, 5.0) == 40.0 and len(plain.cache) == 1
