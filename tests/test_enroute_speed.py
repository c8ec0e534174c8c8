"""Dispatch from the road on large networks (issue 18): crews on the road get an exact travel time (a shortest-path
row from their next node) only when they may come first; every record stays the same, bit for bit.

The eager path (:meth:`Dispatcher.eta_now`, every free crew on the road timed at every alarm) is the reference:
monkeypatched in for the lazy one (:meth:`Dispatcher.eta_lazy`), a run must give the same records.
"""

from __future__ import annotations

import numpy as np
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_records_golden import _digests

from raddsim.cli import main
from raddsim.engine import travel as travel_module
from raddsim.engine.dispatcher import Dispatcher
from raddsim.engine.lazy_order import LazyOrder
from raddsim.engine.travel import NodeRows, Positions
from raddsim.experiment.model import build_model
from raddsim.experiment.runs import run_scenario
from raddsim.network import shortest
from raddsim.region.region import load_region

INF = float("inf")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 1.0, 2.0, 5.0, INF]), st.booleans(),
                          st.sampled_from([0.0, 0.5, 1.0, 3.0])), min_size=0, max_size=12), st.integers(0, 12))
def test_lazy_order_is_the_stable_sort_of_the_exact_times(crews, take) -> None:
    # (exact time, timed lazily?, how far below it the bound is): ties, zero slack and unreachable crews included.
    exact = [t for t, _, _ in crews]
    eta = [INF if lazy else t for t, lazy, _ in crews]
    known = [c for c, (_, lazy, _) in enumerate(crews) if not lazy]
    pending = [(t - slack, c) for c, (t, lazy, slack) in enumerate(crews) if lazy]
    timed: list[int] = []

    def time_of(c: int) -> float:
        timed.append(c)
        return exact[c]

    order = LazyOrder(eta, known, pending, time_of)
    want = sorted((c for c in range(len(crews)) if exact[c] < INF), key=exact.__getitem__)
    first = [c for _, c in zip(range(take), order)]
    assert first == want[:take]
    # Only crews whose bound is not after the last crew given out were timed, each once.
    last = (exact[first[-1]], first[-1]) if first else (-INF, -1)
    assert all((t - slack, c) <= last for c, (t, lazy, slack) in enumerate(crews) if c in timed)
    assert len(set(timed)) == len(timed)
    assert list(order) == want and list(order) == want  # iterated again: the same order, nothing timed again
    assert len(set(timed)) == len(timed)
    assert all(eta[c] == exact[c] for c in want)


def _records(model, scenario, monkeypatch, eager: bool, years: float = 4.0) -> tuple[list, int, int]:  # type: ignore[no-untyped-def]
    """Digests of a run's records, and how many exact times and bounds of crews on the road it took."""
    counts = {"exact": 0, "bound": 0}
    travel, bound = Positions.travel, Positions.lower_bound

    def counted_travel(self, c, nd, now):  # type: ignore[no-untyped-def]
        counts["exact"] += c in self.road
        return travel(self, c, nd, now)

    def counted_bound(self, c, nd, now):  # type: ignore[no-untyped-def]
        counts["bound"] += 1
        return bound(self, c, nd, now)

    with monkeypatch.context() as m:
        m.setattr(Positions, "travel", counted_travel)
        m.setattr(Positions, "lower_bound", counted_bound)
        if eager:
            m.setattr(Dispatcher, "eta_lazy", Dispatcher.eta_now)
        run = run_scenario(model, scenario, years=years, replications=2, seed=18, keep_records=True)
    return [_digests(r) for r in run.records], counts["exact"], counts["bound"]


def test_norrtalje_with_dijkstra_rows_gives_the_same_records_with_far_fewer_rows(monkeypatch) -> None:
    # Norrtälje (888 nodes) reads all-pairs tables; without them every row from the road is a Dijkstra, as on a
    # large network. The archipelago's islands (rows that are inf there) come along.
    monkeypatch.setattr(shortest, "ALL_PAIRS_MAX_NODES", 0)
    monkeypatch.setattr(travel_module, "LAZY_MIN_NODES", 0)  # lazy, as on a large network
    region = load_region(None)
    model = build_model(region)
    scenario = region.scenarios["minimum"]
    assert scenario.policy.en_route
    lazy, exact_lazy, bounds = _records(model, scenario, monkeypatch, eager=False)
    eager, exact_eager, _ = _records(model, scenario, monkeypatch, eager=True)
    assert lazy == eager
    assert bounds > 100 and exact_lazy < 0.75 * exact_eager, (exact_lazy, exact_eager, bounds)


def test_rows_searched_only_as_far_as_a_question_needs_give_the_records_of_whole_rows(monkeypatch) -> None:
    # A crew on the road is timed from its next node by a search only as far as it could beat the way home, kept
    # for the next question from that node, and read at one node (rows on the junctions, the islands' columns
    # after them). The reference reads every time off the whole row made as an array.
    monkeypatch.setattr(shortest, "ALL_PAIRS_MAX_NODES", 0)
    monkeypatch.setattr(travel_module, "LAZY_MIN_NODES", 0)
    region = load_region(None)
    scenario = region.scenarios["minimum"]
    limits: list[float] = []
    time = NodeRows.time

    def counted(self, node, nd, limit=INF):  # type: ignore[no-untyped-def]
        limits.append(limit)
        return time(self, node, nd, limit)

    monkeypatch.setattr(NodeRows, "time", counted)
    bounded, _, _ = _records(build_model(region), scenario, monkeypatch, eager=False)
    assert sum(limit < INF for limit in limits) > 50, "crews on the road were timed by bounded searches"
    monkeypatch.setattr(NodeRows, "time", lambda self, node, nd, limit=INF: float(np.asarray(self(node))[nd]))
    whole, _, _ = _records(build_model(region), scenario, monkeypatch, eager=False)
    assert bounded == whole


def test_a_small_network_times_crews_on_the_road_eagerly(monkeypatch) -> None:
    # Norrtälje's rows are table reads: the lazy order's bounds cost more than they save (5 % more instructions).
    region = load_region(None)
    _, exact, bounds = _records(build_model(region), region.scenarios["minimum"], monkeypatch, eager=False, years=1.0)
    assert exact > 20 and bounds == 0, (exact, bounds)


def test_lower_bounds_never_exceed_the_exact_times(monkeypatch) -> None:
    monkeypatch.setattr(shortest, "ALL_PAIRS_MAX_NODES", 0)
    monkeypatch.setattr(travel_module, "LAZY_MIN_NODES", 0)
    region = load_region(None)
    model = build_model(region)
    seen: list[tuple[float, float]] = []
    bound = Positions.lower_bound

    def checked(self, c, nd, now):  # type: ignore[no-untyped-def]
        low = bound(self, c, nd, now)
        seen.append((low, self.travel(c, nd, now)))
        return low

    monkeypatch.setattr(Positions, "lower_bound", checked)
    run_scenario(model, region.scenarios["ambition"], years=4.0, replications=1, seed=3)
    low, exact = np.array(seen).T
    assert len(seen) > 50 and np.all(low <= exact)
    assert np.mean(low[exact < INF] > 0.5 * exact[exact < INF]) > 0.5  # and they bound: not all zero


def test_edmonton_en_route_gives_the_same_records_with_far_fewer_rows(tmp_path, monkeypatch) -> None:
    src = shared_path("jemss", "edmonton")
    out = tmp_path / "edmonton"
    assert main(["region", "import-jemss", str(src), str(out), "--en-route"]) == 0
    region = load_region(out)
    model = build_model(region)
    scenario = region.scenarios["deployment"]
    lazy, exact_lazy, bounds = _records(model, scenario, monkeypatch, eager=False, years=0.01)
    eager, exact_eager, _ = _records(model, scenario, monkeypatch, eager=True, years=0.01)
    assert lazy == eager
    assert exact_lazy < exact_eager / 3, (exact_lazy, exact_eager, bounds)
