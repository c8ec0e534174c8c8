"""Shortest-time rows of a large road graph searched on its junctions only: the road's shape points contracted.

Most nodes of a road graph carry only a road's shape: they have two neighbours, and a path through one comes in
from one neighbour and goes on to the other (JEMSS Edmonton: 45,730 of 51,331 nodes). Such nodes form *chains*
between *junctions* (every other node). Dijkstra runs on the junctions, each chain being one arc per direction it
can be driven; a chain node's time is then the better of its chain's two ends' times plus the drive along the
chain (one vectorised pass), and a row from a chain node starts from the ends of its chain, with the nodes of its
own chain also reached along it. JEMSS searches its networks the same way (a reduced graph without the nodes of
degree two).

The times are the shortest times of the whole graph, summed in another order: they agree with Dijkstra on the
whole graph to rounding (``tests/test_junctions.py`` checks 1e-12 relative), and the same nodes are reached. Used
by :class:`raddsim.network.road.RoadNetwork` on networks without all-pairs tables (above
:data:`raddsim.network.shortest.ALL_PAIRS_MAX_NODES` nodes). The contraction is a pure function of the graph,
memoised on disk (:mod:`raddsim.core.arraycache`): 0.3 s on Edmonton the first time, a read after.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from itertools import accumulate
from typing import Any, Sequence

import numpy as np

from raddsim.core.arraycache import cached_arrays
from raddsim.network import shortest

#: Junction rows kept per network and direction (each ``8 × junctions`` bytes: Edmonton 45 kB, so 23 MB).
JUNCTION_ROW_CACHE = 512

_COLUMNS = ("core", "chain_ptr", "chain_flat", "fwd_flat", "bwd_flat", "chain_nodes", "chain", "place", "end_a",
            "end_b", "off_a", "off_b", "to_a", "to_b", "tail", "head", "time")


class Junctions:
    """The graph ``(u, v, w, n)`` (parallel arcs reduced to the fastest) with its chains contracted.

    :meth:`rows` gives the shortest times of Dijkstra on the whole graph (to rounding).
    """

    def __init__(self, u: np.ndarray, v: np.ndarray, w: np.ndarray, n: int) -> None:
        a = cached_arrays("junctions", [np.asarray(u, np.int64), np.asarray(v, np.int64), np.asarray(w, float), n],
                          lambda: contract(u, v, w, n))
        self.n = n
        self.core, self.chain_nodes = a["core"], a["chain_nodes"]
        self.core_of = np.full(n, -1, np.int64)
        self.core_of[self.core] = np.arange(len(self.core))
        self.chain_of, self.place = np.full(n, -1, np.int64), np.zeros(n, np.int64)
        self.chain_of[self.chain_nodes], self.place[self.chain_nodes] = a["chain"], a["place"]
        self.chain_ptr, self.chain_flat, self.fwd_flat, self.bwd_flat = (
            a["chain_ptr"], a["chain_flat"], a["fwd_flat"], a["bwd_flat"])
        self.end_a, self.end_b, self.off_a, self.off_b = a["end_a"], a["end_b"], a["off_a"], a["off_b"]
        self.to_a, self.to_b = np.full(n, np.inf), np.full(n, np.inf)
        self.to_a[self.chain_nodes], self.to_b[self.chain_nodes] = a["to_a"], a["to_b"]
        k = len(self.core)
        # One more node, the *start*: its two arcs are set to the ends of a chain node's chain before a search
        # from that node, so one search starts from both ends at their drives (scipy starts every source at 0).
        self.csr = shortest.csr_matrix(np.append(a["tail"], [k, k]), np.append(a["head"], [0, k]),
                                       np.append(a["time"], [1.0, 1.0]), k + 1)  # two places, set per search
        self._start = int(self.csr.indptr[k])
        assert self.csr.indptr[k + 1] - self._start == 2
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the start node's arcs are set per search: one search at a time

    def __getstate__(self) -> dict:
        """Pickled (a model sent to Dask workers) without the cached rows and the lock."""
        state = self.__dict__.copy()
        state["_cache"] = OrderedDict()
        del state["_lock"]
        state.pop("_view_cache", None)  # memoryviews do not pickle; made again on first read
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def rows(self, sources: np.ndarray, limit: float | None = None) -> np.ndarray:
        """Shortest times (s) from each source node to every node (``inf``: unreachable); with ``limit``, times
        above it may read ``inf`` (a search bounded in time)."""
        src = np.atleast_1d(np.asarray(sources, np.int64))
        out = np.empty((len(src), self.n))
        for i, s in enumerate(src.tolist()):
            self.expand(self.search(s, limit), s, out[i])
        return out

    def search(self, s: int, limit: float | None = None) -> np.ndarray:
        """Shortest times (s) from node ``s`` to every junction (``core``): Dijkstra on the junctions only, the
        start of a row (:meth:`expand` makes the whole row, :meth:`time` reads one node of it)."""
        c = int(self.core_of[s])
        return self._junction_row(c, limit) if c >= 0 else self._chain_row(s, limit)

    def expand(self, at: np.ndarray, s: int, row: np.ndarray) -> None:
        """Fill ``row`` (one entry per node) from ``at``, the times from node ``s`` to the junctions."""
        row[self.core] = at
        row[self.chain_nodes] = np.minimum(at[self.end_a] + self.off_a, at[self.end_b] + self.off_b)
        if self.core_of[s] < 0:
            self._along_own_chain(s, row)
        row[s] = 0.0

    def time(self, at: np.ndarray | Sequence[float], s: int, nd: int) -> float:
        """The entry ``nd`` of the row :meth:`expand` makes from ``at`` (times from node ``s`` to the junctions),
        computed alone: the same sums in the same order, so the same bits."""
        if nd == s:
            return 0.0
        v = self._views
        c = v["core_of"][nd]
        if c >= 0:
            return at[c]
        t = min(at[v["end_a"][nd]] + v["off_a"][nd], at[v["end_b"][nd]] + v["off_b"][nd])
        i = v["chain_of"][nd]
        if i == v["chain_of"][s]:  # on the source's own chain: maybe quicker along it (as _along_own_chain sums)
            t = min(t, self._along(i, v["place"][s], v["place"][nd]))
        return t

    def _along(self, i: int, j: int, p: int) -> float:
        """The drive along chain ``i`` from its node ``j`` to its node ``p`` without leaving it (summed one arc
        after the other from ``j``, as ``np.cumsum`` in :meth:`_along_own_chain` does)."""
        start = int(self.chain_ptr[i]) - i  # chain i's arcs in fwd_flat / bwd_flat
        arcs = (self.fwd_flat[start + j:start + p] if p > j else self.bwd_flat[start + p:start + j][::-1]).tolist()
        total = arcs[0]
        for x in arcs[1:]:
            total += x
        return total

    @property
    def _views(self) -> dict[str, memoryview]:
        """Per-node arrays as memoryviews, read one cell at a time as Python numbers (not pickled)."""
        views = self.__dict__.get("_view_cache")
        if views is None:
            views = self.__dict__["_view_cache"] = {
                "core_of": self.core_of.data, "chain_of": self.chain_of.data, "place": self.place.data,
                "end_a": self._per_node(self.end_a, -1).data, "end_b": self._per_node(self.end_b, -1).data,
                "off_a": self._per_node(self.off_a, np.inf).data, "off_b": self._per_node(self.off_b, np.inf).data}
        return views

    def _per_node(self, values: np.ndarray, fill: float) -> np.ndarray:
        """``values`` (one per chain node) spread over all nodes (``fill`` at junctions)."""
        out = np.full(self.n, fill, values.dtype)
        out[self.chain_nodes] = values
        return out

    def _chain(self, s: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The nodes (ends included) and forward and backward arcs of chain node ``s``'s chain."""
        i = int(self.chain_of[s])
        p, q = int(self.chain_ptr[i]), int(self.chain_ptr[i + 1])
        return self.chain_flat[p:q], self.fwd_flat[p - i:q - i - 1], self.bwd_flat[p - i:q - i - 1]

    def _along_own_chain(self, s: int, row: np.ndarray) -> None:
        """Nodes of source ``s``'s own chain reached along it without leaving it (both ways from ``s``)."""
        nodes, forward, backward = self._chain(s)
        j = int(self.place[s])
        ahead = np.cumsum(forward[j:-1])  # s → nodes j+1 … k
        behind = np.cumsum(backward[1:j][::-1])  # s → nodes j-1 … 1
        fwd, back = nodes[j + 1:-1], nodes[1:j][::-1]
        row[fwd] = np.minimum(row[fwd], ahead)
        row[back] = np.minimum(row[back], behind)

    def _junction_row(self, c: int, limit: float | None) -> np.ndarray:
        """Dijkstra on the junctions from junction ``c``; unbounded rows kept in a small cache."""
        from scipy.sparse import csgraph

        if limit is not None:
            return csgraph.dijkstra(self.csr, directed=True, indices=c, limit=max(float(limit), 0.0))[:-1]
        row = self._cache.get(c)
        if row is None:
            row = self._cache[c] = csgraph.dijkstra(self.csr, directed=True, indices=c)[:-1]
            if len(self._cache) > JUNCTION_ROW_CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(c)
        return row

    def _chain_row(self, s: int, limit: float | None) -> np.ndarray:
        """Dijkstra on the junctions from chain node ``s``: from the start node, its arcs set to the chain's ends
        at ``s``'s drives to them (``inf``: that way is one-way against it)."""
        from scipy.sparse import csgraph

        nodes = self._chain(s)[0]
        ends = [int(self.core_of[nodes[0]]), int(self.core_of[nodes[-1]])]
        drives = [float(self.to_a[s]), float(self.to_b[s])]
        if ends[0] == ends[1]:  # a loop back to its junction: one arc, the quicker way round (no duplicate arcs)
            ends, drives = [ends[0], len(self.core)], [min(drives), np.inf]
        order = [0, 1] if ends[0] <= ends[1] else [1, 0]  # column indices kept sorted
        bound = {} if limit is None else {"limit": max(float(limit), 0.0)}
        with self._lock:
            self.csr.indices[self._start:self._start + 2] = [ends[i] for i in order]
            self.csr.data[self._start:self._start + 2] = [drives[i] for i in order]
            return csgraph.dijkstra(self.csr, directed=True, indices=len(self.core), **bound)[:-1]


class JunctionRow:
    """Shortest times from one node, kept as the times to the junctions: read one node at a time (``row[nd]``, the
    whole row's entry to the bit) or made whole (``np.asarray(row)``).

    A dispatcher asks a row from the road for one node or a few (Edmonton: a row holds 5,601 junction times
    instead of 51,331 node times, and a read skips the 0.4 ms of making the whole row). ``first`` and ``last`` add
    the network's slow first and last stretches (:meth:`raddsim.network.road.RoadNetwork.times_from`); ``last``
    None: the network has none.
    """

    __slots__ = ("junctions", "source", "at", "first", "last", "_at")

    def __init__(self, junctions: Junctions, source: int, at: np.ndarray, first: float = 0.0,
                 last: np.ndarray | None = None) -> None:
        self.junctions, self.source, self.at, self.first, self.last = junctions, int(source), at, first, last
        self._at = at.data  # cells read as Python floats

    def __len__(self) -> int:
        return self.junctions.n

    def __getitem__(self, nd: int) -> float:
        if not isinstance(nd, (int, np.integer)):
            return np.asarray(self)[nd]
        nd = int(nd) + (self.junctions.n if nd < 0 else 0)
        if not 0 <= nd < self.junctions.n:
            raise IndexError(f"node {nd} is not on the network ({self.junctions.n} nodes)")
        t = self.junctions.time(self._at, self.source, nd)
        if self.last is None or nd == self.source:
            return t
        return t + self.first + float(self.last[nd])

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        row = np.empty(self.junctions.n)
        self.junctions.expand(self.at, self.source, row)
        if self.last is not None:  # as RoadNetwork._with_stretch adds them
            row = row + self.first + self.last
            row[self.source] = 0.0
        return row if dtype is None else row.astype(dtype, copy=False)

    def __reduce__(self) -> tuple:
        return JunctionRow, (self.junctions, self.source, self.at, self.first, self.last)


def contract(u: np.ndarray, v: np.ndarray, w: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """The contraction of graph ``(u, v, w, n)`` as flat arrays: the junctions (``core``); the chains (their
    nodes, ends included, at ``chain_flat[chain_ptr[i]:chain_ptr[i + 1]]``, and the arcs between them forward and
    backward, ``inf`` where one-way the other way); per chain node its chain, place, ends' junction indices and
    drives; and the arcs between junctions (``tail``, ``head``, ``time``, the fastest of parallel ones)."""
    keep = u != v  # a loop on one node is never on a shortest path
    u, v, w = np.asarray(u[keep], np.int64), np.asarray(v[keep], np.int64), np.asarray(w[keep], float)
    arcs = {(a, b): t for a, b, t in zip(u.tolist(), v.tolist(), w.tolist())}
    core, chains = _chains(_neighbours(u, v, n), n)
    core_of = np.full(n, -1, np.int64)
    core_of[core] = np.arange(int(core.sum()))
    cols: dict[str, list] = {k: [] for k in _COLUMNS}
    cols["chain_ptr"].append(0)
    for i, c in enumerate(chains):
        forward, backward = _arcs_along(c, arcs)
        _add_chain(cols, i, c, forward, backward, core_of)
    direct = (core_of[u] >= 0) & (core_of[v] >= 0)
    tail = np.concatenate([core_of[u[direct]], np.array(cols["tail"], np.int64)])
    head = np.concatenate([core_of[v[direct]], np.array(cols["head"], np.int64)])
    time = np.concatenate([w[direct], np.array(cols["time"], float)])
    key = tail * int(core.sum()) + head
    order = np.lexsort((time, key))
    first = np.ones(len(order), bool)
    first[1:] = key[order][1:] != key[order][:-1]
    out = {k: np.array(cols[k], float if k in ("fwd_flat", "bwd_flat", "off_a", "off_b", "to_a", "to_b") else np.int64)
           for k in _COLUMNS}
    out.update(core=np.flatnonzero(core), tail=tail[order[first]], head=head[order[first]], time=time[order[first]])
    return out


def _neighbours(u: np.ndarray, v: np.ndarray, n: int) -> list[list[int]]:
    """Each node's distinct neighbours, arcs either way."""
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    pairs = np.unique(lo * n + hi)
    out: list[list[int]] = [[] for _ in range(n)]
    for a, b in zip((pairs // n).tolist(), (pairs % n).tolist()):
        out[a].append(b)
        out[b].append(a)
    return out


def _chains(neighbours: list[list[int]], n: int) -> tuple[np.ndarray, list[list[int]]]:
    """Which nodes are junctions (not two neighbours), and the chains of two-neighbour nodes between them; a ring
    of two-neighbour nodes alone gets one of its nodes made a junction."""
    core = np.array([len(nb) != 2 for nb in neighbours], bool)
    seen = core.copy()
    chains: list[list[int]] = []
    starts = np.flatnonzero(core).tolist()
    while True:
        for a in starts:
            for x in neighbours[a]:
                if not seen[x]:
                    chains.append(_walk(a, x, neighbours, core, seen))
        rest = np.flatnonzero(~seen)
        if not len(rest):
            return core, chains
        core[rest[0]] = seen[rest[0]] = True
        starts = [int(rest[0])]


def _walk(a: int, x: int, neighbours: list[list[int]], core: np.ndarray, seen: np.ndarray) -> list[int]:
    """The chain from junction ``a`` through ``x`` to the next junction."""
    path, prev = [a], a
    while not core[x]:
        seen[x] = True
        path.append(x)
        p, q = neighbours[x]
        prev, x = x, (q if p == prev else p)
    path.append(x)
    return path


def _arcs_along(chain: list[int], arcs: dict[tuple[int, int], float]) -> tuple[list[float], list[float]]:
    """The chain's arc times forward and backward (``inf`` where the road is one-way the other way)."""
    inf = float("inf")
    pairs = list(zip(chain[:-1], chain[1:]))
    return [arcs.get((a, b), inf) for a, b in pairs], [arcs.get((b, a), inf) for a, b in pairs]


def _add_chain(cols: dict[str, list], i: int, c: list[int], forward: list[float], backward: list[float],
               core_of: np.ndarray) -> None:
    """Chain ``i``'s columns (running sums in plain floats: the build over Edmonton's 45k chain nodes is quick).

    Forward arc ``j`` joins node ``j`` to ``j + 1`` of the chain, backward arc ``j`` node ``j + 1`` to ``j``; for
    chain node ``x_j`` (1 ≤ j ≤ k): ``off_a`` a → x_j, ``off_b`` b → x_j, ``to_a`` x_j → a, ``to_b`` x_j → b."""
    k, a, b = len(c) - 2, int(core_of[c[0]]), int(core_of[c[-1]])
    from_a, from_b = list(accumulate(forward)), list(accumulate(reversed(backward)))
    to_b, to_a = list(accumulate(reversed(forward))), list(accumulate(backward))
    cols["chain_flat"] += c
    cols["chain_ptr"].append(len(cols["chain_flat"]))
    cols["fwd_flat"] += forward
    cols["bwd_flat"] += backward
    cols["chain_nodes"] += c[1:-1]
    cols["chain"] += [i] * k
    cols["place"] += range(1, k + 1)
    cols["end_a"] += [a] * k
    cols["end_b"] += [b] * k
    cols["off_a"] += from_a[:k]
    cols["off_b"] += from_b[:k][::-1]
    cols["to_b"] += to_b[:k][::-1]
    cols["to_a"] += to_a[:k]
    for s, t, total in ((a, b, from_a[-1]), (b, a, from_b[-1])):
        if total < float("inf"):  # the chain driven end to end, as one arc between its junctions
            cols["tail"].append(s)
            cols["head"].append(t)
            cols["time"].append(total)
