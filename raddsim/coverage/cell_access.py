"""How each cell of a grid is reached from the road network: its nearest road samples, shared by every scenario.

Roads are sampled every :data:`SAMPLE_SPACING_M` (or half a cell, if finer); a sample at fraction *f* of an edge
u→v is reached by the drive to u plus *f* of the edge's time. Each cell keeps its :data:`SNAP_CANDIDATES` nearest
samples (one KD-tree query for the whole grid); :mod:`raddsim.coverage.static` takes the one giving the earliest
arrival. Motorways and ferries cannot be left mid-way (:data:`NO_ACCESS_HIGHWAYS`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from raddsim.coverage.grid import Grid, densify

#: Roads a vehicle cannot leave or join mid-way, and ferries (water).
NO_ACCESS_HIGHWAYS = ("motorway", "motorway_link", "ferry")


#: Road samples considered per cell (ASSUMPTION, hard-wired: a cell between two roads is reached from whichever is
#: quicker; plausible 4–16).
SNAP_CANDIDATES = 8


#: Spacing of road samples (m; ASSUMPTION, hard-wired: a resolution below the default 250 m cell; plausible 50–200).
SAMPLE_SPACING_M = 100.0


@dataclass(frozen=True)
class CellAccess:
    """How each grid cell is reached from the road network — shared by every scenario on one grid.

    Attributes
    ----------
    grid
        The grid.
    start
        ``(cells, k)`` start node of the edge each candidate road sample lies on.
    along_s
        ``(cells, k)`` drive time from that node to the sample (s).
    near
        ``(cells, k)`` the edge end nearer to the sample (for station areas).
    dist_m
        ``(cells, k)`` straight-line distance from the sample to the cell centre (m).
    """

    grid: Grid
    start: np.ndarray
    along_s: np.ndarray
    near: np.ndarray
    dist_m: np.ndarray


def cell_access(net, grid: Grid, candidates: int = SNAP_CANDIDATES, spacing_m: float | None = None) -> CellAccess:
    """Find each cell's candidate road samples (one KD-tree query for the whole grid)."""
    keep = ~np.isin(net.edge_highway, NO_ACCESS_HIGHWAYS)
    if not keep.any():
        keep = np.ones(len(net.edge_u), bool)
    spacing = min(SAMPLE_SPACING_M, grid.cell_m / 2) if spacing_m is None else spacing_m
    pts, edge, frac = densify(net, keep, spacing)
    k = int(min(candidates, len(pts)))
    xy = np.column_stack([grid.x, grid.y])
    dist, idx = cKDTree(pts).query(xy, k=k)
    dist, idx = dist.reshape(len(grid), k), idx.reshape(len(grid), k)
    idx, dist, along_gap = _with_connected_sample(net, pts, edge, xy, idx, dist)
    e, f = edge[idx], frac[idx]
    near = np.where(f <= 0.5, net.edge_u[e], net.edge_v[e])
    return CellAccess(grid, net.edge_u[e], f * net.edge_time_s[e] + along_gap, near, dist)


def _with_connected_sample(net, pts: np.ndarray, edge: np.ndarray, xy: np.ndarray, idx: np.ndarray,
                           dist: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One more candidate per cell: the nearest sample on the connected roads, where the cell's nearest sample lies
    on a fragment (a stub cut off at an extract's edge) and the connected roads are about as near.

    Helsinki's extract has a 99-node fragment by its western edge: on a 100 m grid, cells beside it had all their
    candidates there and showed "not reachable by road" while the simulation put the same residents on the streets
    150 m away (:func:`raddsim.network.snap.nearest_driveable_nodes`). The rule is that one: the connected roads at
    most ``[network.off_road] island_margin_m`` farther (an island's roads across the water stay unreached).
    Elsewhere the extra column costs ``inf`` seconds and changes nothing.
    """
    main = net.main_component[net.edge_u[edge]]
    gap = np.zeros(dist.shape[0])
    if main.all() or not main.any():
        return idx, dist, np.zeros(dist.shape)
    d_main, j = cKDTree(pts[main]).query(xy)
    j = np.flatnonzero(main)[np.minimum(j, main.sum() - 1)]
    use = ~main[idx[:, 0]] & (d_main - dist[:, 0] <= net.options.off_road.island_margin_m)
    gap[~use] = np.inf
    along = np.zeros((dist.shape[0], dist.shape[1] + 1))
    along[:, -1] = gap
    return np.column_stack([idx, j]), np.column_stack([dist, d_main]), along


__all__ = ["CellAccess", "cell_access", "NO_ACCESS_HIGHWAYS", "SNAP_CANDIDATES", "SAMPLE_SPACING_M"]
