"""En-route dispatch on a large network (issue 18): the lazy order against the eager one, and limited rows.

Part 1 (what was built): the same run with the dispatcher's lazy order (crews on the road timed exactly only when
they may come first, :mod:`raddsim.engine.lazy_order`) and with the eager one (``eta_now``: every free crew on the
road timed at every alarm), interleaved, in one process; the records must be the same to the bit.

Part 2 (the idea evaluated first, not built):

A crew driving home is dispatched from the road in ``min(on, via)`` (:meth:`raddsim.engine.travel.Positions.travel`):
``via = wait + row(node)[nd]`` needs a shortest-path row from the crew's next node, a full Dijkstra on networks
without all-pairs tables. Only ``via < on`` matters, so scipy's ``dijkstra(..., limit=on - wait)`` would do. This
script imports JEMSS Edmonton (51k nodes) with ``--en-route``, runs ``raddsim run --replications 2 --years 0.02``
while logging every query ``(node, nd, on - wait)`` of a crew on the road, then replays the queries three ways, each
with an unbounded cache of rows per node (a row serves a later query from its node if its limit covers it):

* ``full``: full rows (what the engine does, without its LRU bound);
* ``limit``: rows limited to ``(on - wait) × (1 + 1e-9) + 1e-6``;
* ``ideal``: rows limited to the answer itself, ``row(node)[nd]`` (a bound no limited search can beat, since it
  must reach ``nd`` whenever ``via < on``).

It prints the counts, the ball sizes (nodes within the limit), the replay times and that limited distances are the
full ones to the bit. Usage: ``python benchmarks/bench_enroute.py [JEMSS folder]`` (default
``../shared/data/jemss/edmonton``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csgraph

from raddsim.cli import main
from raddsim.engine import travel
from raddsim.engine.dispatcher import Dispatcher
from raddsim.experiment.model import build_model
from raddsim.experiment.runs import run_scenario
from raddsim.region.region import load_region

ROOT = Path(__file__).resolve().parents[1]


def logged_run(region: Path) -> tuple[float, list[tuple[int, int, float]]]:
    """Wall time of the run and its queries ``(node, nd, on - wait)`` from crews on the road."""
    queries: list[tuple[int, int, float]] = []
    plain = travel.Positions.travel

    def logging_travel(self: travel.Positions, c: int, nd: int, now: float) -> float:
        r = self.road.get(c)
        if r is not None and self.rows is not None:
            node, wait = self.next_node(c, r, now)
            queries.append((node, nd, (r.t_home - now) + self.to_row[r.row][nd] - wait))
        return plain(self, c, nd, now)

    travel.Positions.travel = logging_travel  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        assert main(["run", "--region", str(region), "--replications", "2", "--years", "0.02"]) == 0
        return time.perf_counter() - t0, queries
    finally:
        travel.Positions.travel = plain  # type: ignore[method-assign]


def replay(m: object, queries: list[tuple[int, int, float]], how: str, full: dict[int, np.ndarray]) -> None:
    """Answer the queries with rows computed ``how``; print Dijkstra count, ball sizes, time, exactness."""
    cache: dict[int, tuple[float, np.ndarray]] = {}
    sizes, exact, t0 = [], True, time.perf_counter()
    for node, nd, limit in queries:
        have = cache.get(node)
        if have is not None and (have[0] >= limit or have[1][nd] < np.inf):
            continue
        if how == "full":
            cache[node] = (np.inf, csgraph.dijkstra(m, directed=True, indices=node))
            continue
        want = full[node][nd] if how == "ideal" else limit
        bound = max(want * (1 + 1e-9) + 1e-6, 0.0)
        row = csgraph.dijkstra(m, directed=True, indices=node, limit=bound)
        cache[node] = (bound, row)
        sizes.append(int(np.isfinite(row).sum()))
    spent = time.perf_counter() - t0
    for node, (bound, row) in cache.items():
        inside = full[node] <= bound
        exact &= np.array_equal(row[inside], full[node][inside]) and bool(np.isinf(row[~inside]).all())
    balls = f"ball median {np.median(sizes):.0f}, p10 {np.quantile(sizes, 0.1):.0f}" if sizes else "ball: every node"
    print(f"{how:5s}: {len(cache) if how == 'full' else len(sizes)} Dijkstra rows, {spent:.2f} s, {balls}, "
          f"exact within the limit: {exact}")


def lazy_against_eager(region: Path, years: float, pairs: int = 2) -> None:
    """Time ``run_scenario`` (2 replications) with the lazy and the eager order, interleaved; same records."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_engine_records_golden import _digests  # every column's SHA-256, as the golden test

    reg = load_region(region)
    model = build_model(reg)
    scenario = reg.scenarios["deployment"]
    run_scenario(model, scenario, years=0.001, replications=1, seed=1)  # travel tables built before timing
    lazy, digests = Dispatcher.eta_lazy, {}
    for mode in ("eager", "lazy") * pairs:
        Dispatcher.eta_lazy = Dispatcher.eta_now if mode == "eager" else lazy  # type: ignore[method-assign]
        t0 = time.perf_counter()
        run = run_scenario(model, scenario, years=years, replications=2, seed=5, keep_records=True)
        spent = time.perf_counter() - t0
        digests.setdefault(mode, [_digests(r) for r in run.records])
        print(f"{years} years × 2, {mode:5s}: {spent:.2f} s, {sum(len(r.t_dispatch) for r in run.records)} alarms")
    Dispatcher.eta_lazy = lazy  # type: ignore[method-assign]
    print("records identical:", digests["eager"] == digests["lazy"])


def bench(jemss: Path) -> None:
    """Import; lazy against eager; run with logging, replay."""
    with tempfile.TemporaryDirectory() as tmp:
        region = Path(tmp) / "edmonton"
        assert main(["region", "import-jemss", str(jemss), str(region), "--en-route"]) == 0
        for years in (0.02, 0.1):
            lazy_against_eager(region, years)
        Dispatcher.eta_lazy = Dispatcher.eta_now  # type: ignore[method-assign]  # part 2 logs the eager queries
        wall, queries = logged_run(region)
        net = build_model(load_region(region)).network
    m = net.csr
    nodes = sorted({q[0] for q in queries})
    full = {n: csgraph.dijkstra(m, directed=True, indices=n) for n in nodes}
    via_wins = sum(full[n][nd] < limit for n, nd, limit in queries)
    print(f"\nnetwork {net.n_nodes} nodes; run {wall:.1f} s; {len(queries)} queries from crews on the road, "
          f"{len(nodes)} distinct nodes; via < on in {via_wins}")
    print("on - wait (s): p10 {:.0f}, median {:.0f}, p90 {:.0f}".format(*np.quantile([q[2] for q in queries],
                                                                                     [0.1, 0.5, 0.9])))
    for how in ("full", "limit", "ideal", "full"):  # full twice: the machine is noisy
        replay(m, queries, how, full)


if __name__ == "__main__":
    bench(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "jemss" / "edmonton")
