"""On-disk cache of travel-time tables in a folder of the caller's choice.

In memory, :class:`~raddsim.network.road.RoadNetwork` already keeps one
Dijkstra row per source (or, for small networks, every shortest path; see
:mod:`raddsim.network.shortest`). For large networks and repeated runs (sweeps,
notebooks), :class:`TableCache` keeps whole tables on disk through the same memo
as raddsim's own caches (:mod:`raddsim.core.arraycache`): the key is the network's
exact edges and times, its fingerprint (node ids and blue-light settings), the nodes
and the direction, so any change to the roads or the options misses the cache.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from raddsim.core.arraycache import cached_arrays
from raddsim.network.road import RoadNetwork


class TableCache:
    """Travel-time tables stored in ``folder`` (counting hits and misses)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def _get(self, net: RoadNetwork, nodes: np.ndarray | list[int], direction: str) -> np.ndarray:
        nodes = np.atleast_1d(np.asarray(nodes, np.int64))
        computed = []

        def compute() -> dict[str, np.ndarray]:
            computed.append(True)
            return {"table": net.times_from(nodes) if direction == "from" else net.times_to(nodes)}

        u, v, w = net.weighted_edges
        inputs: list[np.ndarray | str | float | int] = [net.fingerprint, u, v, w, net.n_nodes, nodes]
        table = cached_arrays(f"times-{direction}", inputs, compute, libraries=("scipy",), folder=self.folder)["table"]
        if computed:
            self.misses += 1
        else:
            self.hits += 1
        return np.array(table)

    def times_from(self, net: RoadNetwork, sources: np.ndarray | list[int]) -> np.ndarray:
        """Like :meth:`RoadNetwork.times_from`, from disk when cached."""
        return self._get(net, sources, "from")

    def times_to(self, net: RoadNetwork, targets: np.ndarray | list[int]) -> np.ndarray:
        """Like :meth:`RoadNetwork.times_to`, from disk when cached."""
        return self._get(net, targets, "to")


__all__ = ["TableCache"]
