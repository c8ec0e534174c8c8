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
