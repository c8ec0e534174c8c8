"""A ferry route drawn with several edges is one crossing: its time split along it, its wait paid once.

OpenStreetMap draws a ferry route as a way with points along the sea lane (a real extract's Blidöleden has a
dozen), and its ``duration`` tag is the whole crossing's. The graph keeps every point (raddsim reads OSM without
simplifying it), so each of the way's edges carried that ``duration`` and the expected wait at the berth: a route
of 19 edges took 19 crossings and 19 waits. Here the edges of a route are found by their shape: a *route* is a
chain of ferry edges through nodes in the water (touched by no road, with two neighbours), from a berth to the
next. On a route whose edges all carry the same given crossing time (a tag, or the line's ``crossing_minutes``)
that time is the route's, split in proportion to the edges' lengths; the wait is paid on the route's first edge,
where a vehicle boards. A crossing computed from length (no time given) is already shared out by length. A
route of one edge (the embedded default's ferries) is as before.

ASSUMPTION: a vehicle boards and leaves at berths (nodes with a road, or where routes meet), never at a point
in the water; a way whose edges carry different times holds per-edge times (kept as they are).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np


def road_nodes(u: np.ndarray, v: np.ndarray, ferry: np.ndarray, n: int) -> np.ndarray:
    """Per node: whether a road (an edge not ``ferry``) touches it.

    Parameters
    ----------
    u, v
        Every edge's nodes.
    ferry
        Per edge: whether it is a ferry.
    n
        The number of nodes.
    """
    on_road = np.zeros(n, bool)
    on_road[u[~ferry]] = True
    on_road[v[~ferry]] = True
    return on_road


def routes(u: np.ndarray, v: np.ndarray, on_road: np.ndarray) -> list[list[int]]:
    """The ferry routes of edges ``u → v`` (all ferries), as lists of edge indices in the order driven.

    ``on_road[n]``: node ``n`` has a road edge. A route starts on an edge leaving a berth (a node that is not
    in the water) and goes on through nodes in the water, along the one edge that does not turn back.
    """
    out_edges: dict[int, list[int]] = defaultdict(list)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for k, (a, b) in enumerate(zip(u.tolist(), v.tolist())):
        out_edges[a].append(k)
        neighbours[a].add(b)
        neighbours[b].add(a)

    def in_water(n: int) -> bool:
        return not on_road[n] and len(neighbours[n]) == 2

    found = []
    for k in range(len(u)):
        if in_water(int(u[k])):
            continue  # not where a route starts
        chain, seen = [k], {k}
        while in_water(head := int(v[chain[-1]])):
            back = int(u[chain[-1]])
            ahead = [e for e in out_edges[head] if int(v[e]) != back]
            if len(ahead) != 1 or ahead[0] in seen:
                break
            chain.append(ahead[0])
            seen.add(ahead[0])
        found.append(chain)
    return found


def shared_out(u: np.ndarray, v: np.ndarray, on_road: np.ndarray, length_m: np.ndarray, given_s: np.ndarray,
               crossing_s: np.ndarray, wait_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Crossing and wait (s) of each ferry edge with each route counted once (module doc).

    Parameters
    ----------
    u, v
        The ferry edges' nodes.
    on_road
        Per node of the network: whether a road edge touches it.
    length_m
        The edges' lengths.
    given_s
        The crossing time given for each edge (its way's ``duration`` tag, or its line's ``crossing_minutes``);
        NaN where none is given.
    crossing_s, wait_s
        Each edge's crossing and wait as if it were a route of its own (:func:`raddsim.network.ferries.ferry_costs`).
    """
    crossing, wait = np.array(crossing_s, float), np.array(wait_s, float)
    for chain in routes(u, v, on_road):
        if len(chain) < 2:
            continue
        given = given_s[chain]
        if np.isfinite(given).all() and (given == given[0]).all():  # the way's time, on each of its edges
            lengths = length_m[chain]
            total = float(lengths.sum())
            crossing[chain] = given[0] * (lengths / total if total > 0 else 1.0 / len(chain))
        wait[chain[1:]] = 0.0  # boarded once, at the berth
    return crossing, wait


__all__ = ["road_nodes", "routes", "shared_out"]
