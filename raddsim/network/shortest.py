"""Shortest paths and connected components of a road graph given as arrays, memoised on disk.

scipy.sparse.csgraph computes them; importing it costs ≈ 0.3 s, more than half of
a plain run's start. A network small enough (:data:`ALL_PAIRS_MAX_NODES`) that an earlier run
has used gets every shortest path at once, in both directions, kept in the user's
cache (:mod:`raddsim.core.arraycache`): later runs read the rows they need without
importing scipy. A network seen for the first time (every point of a sweep over road
speeds) runs Dijkstra per source and writes nothing big. The all-pairs table is Dijkstra from every source, so each row
is the same to the bit as Dijkstra from that source alone (``tests/test_shortest.py``).

The graph is ``(u, v, w, n)``: edge tails, heads and weights (seconds, parallel
edges already reduced to the fastest) on ``n`` nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from raddsim.core.arraycache import cached_arrays, reused_arrays

if TYPE_CHECKING:
    from scipy import sparse

#: Networks up to this many nodes get all-pairs tables (8 bytes × n² per direction: 18 MB at 1,500).
ALL_PAIRS_MAX_NODES = 1500


def csr_matrix(u: np.ndarray, v: np.ndarray, w: np.ndarray, n: int) -> "sparse.csr_matrix":
    """The graph as a scipy CSR adjacency matrix (imports scipy)."""
    from scipy import sparse

    return sparse.csr_matrix((w, (u, v)), shape=(n, n))


def dijkstra(u: np.ndarray, v: np.ndarray, w: np.ndarray, n: int, sources: np.ndarray | int | None, *,
             reverse: bool = False, predecessors: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """Shortest times from ``sources`` (all nodes when None), on the reversed graph with ``reverse``.

    Returns
    -------
    tuple of (ndarray, ndarray or None)
        Times ``[source, node]`` (``inf`` when unreachable) and, with ``predecessors``, the
        previous node on each path (-9999 for none).
    """
    m = csr_matrix(v, u, w, n) if reverse else csr_matrix(u, v, w, n)
    return dijkstra_on(m, sources, predecessors=predecessors)


def dijkstra_on(m: "sparse.csr_matrix", sources: np.ndarray | int | None, *,
                predecessors: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`dijkstra` on a matrix already built (a network keeps its own: building one is ≈ ms on 50k nodes)."""
    from scipy.sparse import csgraph

    if predecessors:
        dist, pred = csgraph.dijkstra(m, directed=True, indices=sources, return_predecessors=True)
        return dist, pred
    return csgraph.dijkstra(m, directed=True, indices=sources), None


def all_pairs(u: np.ndarray, v: np.ndarray, w: np.ndarray, n: int, *,
              reverse: bool) -> dict[str, np.ndarray] | None:
    """Every shortest time (``"dist"``) and predecessor (``"pred"``) of a graph seen by an earlier run.

    ``reverse`` gives times *to* each row's node (Dijkstra on the reversed graph), whose
    predecessors are the next hop towards it. None the first time a graph is asked for
    (:func:`raddsim.core.arraycache.reused_arrays`): the caller then runs Dijkstra per source.
    """
    def compute() -> dict[str, np.ndarray]:
        dist, pred = dijkstra(u, v, w, n, None, reverse=reverse, predecessors=True)
        assert pred is not None
        return {"dist": dist, "pred": pred}

    kind = "allpairs-reverse" if reverse else "allpairs-forward"
    return reused_arrays(kind, [u, v, w, n], compute, libraries=("scipy",))


def components(u: np.ndarray, v: np.ndarray, n: int, connection: str = "strong") -> np.ndarray:
    """Connected component label of each node (``"strong"`` or ``"weak"``), memoised."""
    def compute() -> dict[str, np.ndarray]:
        from scipy.sparse import csgraph

        m = csr_matrix(u, v, np.ones(len(u)), n)
        _, labels = csgraph.connected_components(m, directed=True, connection=connection)
        return {"labels": labels}

    return np.asarray(cached_arrays(f"components-{connection}", [u, v, n], compute, libraries=("scipy",))["labels"])


__all__ = ["ALL_PAIRS_MAX_NODES", "all_pairs", "components", "csr_matrix", "dijkstra", "dijkstra_on"]
