"""Islands without road access on the coverage maps: a circle per island, coloured by its minutes by boat."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def island_colours(minutes: Sequence[float | None], bounds: Sequence[float], colours: Sequence[str],
                   unreachable: str) -> list[str]:
    """The map colour of each island's minutes (``unreachable`` for none or ``inf``: no boat can go)."""
    out = []
    for m in minutes:
        if m is None or not np.isfinite(m):
            out.append(unreachable)
            continue
        k = int(np.searchsorted(np.asarray(bounds, float), m, side="right")) - 1
        out.append(colours[min(max(k, 0), len(colours) - 1)])
    return out


#: The ring that marks an island reached by boat, on the map and in its legend alike.
RING_COLOUR = "#1f4e79"
RING_WIDTH = 1.4


def island_minutes(mark, measure: str) -> float:
    """An island's minutes for a map of ``measure`` (first, effective or travel); NaN where not computed."""
    value = {"effective": mark.effective_minutes, "travel": mark.travel_minutes}.get(measure, mark.first_minutes)
    return float("nan") if value is None else value


def draw_islands(ax, islands: Sequence, colours: Sequence[str]) -> None:
    """Circles with a dark-blue ring (reached by boat) at the islands, above the cells and roads."""
    if not islands:
        return
    ax.scatter([i.x for i in islands], [i.y for i in islands], s=46, c=list(colours), marker="o",
               edgecolors=RING_COLOUR, linewidths=RING_WIDTH, zorder=5.5)


def island_handle(label: str):
    """The legend's entry for the island markers: the same ring, unfilled (the fill is the map's class colour)."""
    from matplotlib.lines import Line2D

    # markersize is the diameter in points: scatter's s=46 is an area in points², √46 ≈ 6.8
    return Line2D([], [], marker="o", linestyle="none", markersize=6.8, markerfacecolor="white",
                  markeredgecolor=RING_COLOUR, markeredgewidth=RING_WIDTH, label=label)
