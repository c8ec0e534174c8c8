"""On-disk cache of travel-time tables, keyed by the network's fingerprint and the nodes.

In memory, :class:`~raddsim.network.road.RoadNetwork` already keeps one
Dijkstra row per source (shared by every station set that uses the station).
For large networks and repeated runs (sweeps, notebooks), :class:`TableCache`
keeps the tables on disk: the key is :attr:`RoadNetwork.fingerprint` (node ids,
edges, edge times and the blue-light settings) plus the node list and the
direction, so any change to the roads or the options misses the cache.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np

from raddsim.core.io import write_bytes_atomic
from raddsim.network.road import RoadNetwork


class TableCache:
    """Travel-time tables stored as ``.npy`` files in ``folder``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def _path(self, net: RoadNetwork, nodes: np.ndarray, direction: str) -> Path:
        h = hashlib.sha256(np.ascontiguousarray(nodes, np.int64).tobytes()).hexdigest()[:16]
        return self.folder / f"{net.fingerprint}-{direction}-{h}.npy"

    def _get(self, net: RoadNetwork, nodes: np.ndarray | list[int], direction: str) -> np.ndarray:
        nodes = np.atleast_1d(np.asarray(nodes, np.int64))
        path = self._path(net, nodes, direction)
        if path.is_file():
            try:
                table = np.load(path, allow_pickle=False)
                if table.shape == (len(nodes), net.n_nodes):
                    self.hits += 1
                    return table
            except (OSError, ValueError):
                pass  # a damaged cache file is recomputed
        self.misses += 1
        table = net.times_from(nodes) if direction == "from" else net.times_to(nodes)
        self.folder.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        np.save(buf, table, allow_pickle=False)
        write_bytes_atomic(path, buf.getvalue())
        return table

    def times_from(self, net: RoadNetwork, sources: np.ndarray | list[int]) -> np.ndarray:
        """Like :meth:`RoadNetwork.times_from`, from disk when cached."""
        return self._get(net, sources, "from")

    def times_to(self, net: RoadNetwork, targets: np.ndarray | list[int]) -> np.ndarray:
        """Like :meth:`RoadNetwork.times_to`, from disk when cached."""
        return self._get(net, targets, "to")


__all__ = ["TableCache"]
