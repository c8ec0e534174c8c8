"""A replication's alarm nodes are ranked in one vectorised pass: the rankings equal the node-by-node ones."""

import numpy as np
import pytest

from raddsim.engine import Fleet, TravelTables
from raddsim.engine.ranking import Ranking


def _fleet_and_tables(seed: int) -> tuple[Fleet, TravelTables]:
    rng = np.random.default_rng(seed)
    n_rows, n_nodes, n_crews = 4, 30, 9
    # Whole minutes make ties common; some nodes are unreachable from some rows.
    to_node = rng.integers(0, 6, (n_rows, n_nodes)).astype(float) * 60.0
    to_node[rng.random((n_rows, n_nodes)) < 0.2] = np.inf
    fleet = Fleet(
        names=tuple(f"c{k}" for k in range(n_crews)),
        station=rng.integers(0, n_rows, n_crews),
        turnout_s=rng.integers(1, 3, n_crews).astype(float) * 60.0,
        in_service=rng.random(n_crews) < 0.8,
        command=rng.random(n_crews) < 0.2,
    )
    return fleet, TravelTables(to_node=to_node, from_node=to_node.T.copy())


@pytest.mark.parametrize("seed", range(20))
def test_prefilled_rankings_equal_node_by_node(seed):
    fleet, tables = _fleet_and_tables(seed)
    nodes = np.random.default_rng(seed + 100).integers(0, tables.to_node.shape[1], 50).tolist()
    one_by_one, batch = Ranking(fleet, tables), Ranking(fleet, tables)
    batch.prefill(nodes)
    assert set(batch.by_node) == set(nodes)
    for nd in nodes:
        eta1, order1 = one_by_one.ranking(nd)
        eta2, order2 = batch.ranking(nd)
        assert list(eta1) == list(eta2)
        assert order1 == order2


def test_prefill_keeps_within_the_cache_bound():
    fleet, tables = _fleet_and_tables(1)
    rank = Ranking(fleet, tables)
    rank.max_nodes = 5
    rank.prefill(list(range(12)))
    assert len(rank.by_node) == 5
