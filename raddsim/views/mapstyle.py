"""How the maps look: the classes of each measure and their colours, the outline's colours, the labels of a class.

Colour schemes are ColorBrewer's (blue-green = fast … dark red = slow; diverging blue/red for differences), chosen so
that readers with red-green colour blindness tell every two classes of a legend apart (tests/test_map_colours.py).
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba

from raddsim.views.i18n import t
from raddsim.views.numbers import general

#: Minute classes of the coverage map and their colours (blue-green = fast … dark red = slow).
MINUTE_BOUNDS = (0, 5, 10, 15, 20, 30, np.inf)


#: The fast classes are BrBG's blue-greens, not RdYlGn's greens: to a deuteranope 5–10 min (within the target) and
#: 15–20 min (over it) were one colour (CIELAB ΔE 6), and 0–5 min close to 20–30 min.
MINUTE_COLOURS = ("#01665e", "#5ab4ac", "#ffffbf", "#fdae61", "#e34a33", "#7f0000")


#: The target the edges of :data:`MINUTE_BOUNDS` are drawn around: the third edge (blue-green → yellow) is the target.
MINUTE_BOUNDS_TARGET = 10


def minute_bounds(target: float) -> tuple[float, ...]:
    """The minute classes of a region with response-time ``target``: :data:`MINUTE_BOUNDS` scaled so the target is
    the edge between the blue-green classes and yellow (the board reads "within target" off the map whatever it is).

    The other edges are rounded to whole minutes where that keeps them apart (targets of 4 minutes or more);
    a 10-minute target gives :data:`MINUTE_BOUNDS` exactly.

    Parameters
    ----------
    target : float
        The region's response-time target (minutes).

    Returns
    -------
    tuple of float
        Ascending class edges from 0 to ``inf``, ``target`` among them.
    """
    if target == MINUTE_BOUNDS_TARGET:
        return MINUTE_BOUNDS
    scaled = [b * target / MINUTE_BOUNDS_TARGET for b in MINUTE_BOUNDS[1:-1]]
    if target >= 4:  # the narrowest class (half the target) is then 2 min or more: whole minutes stay apart
        scaled = [float(np.floor(b + 0.5)) for b in scaled]
    edges = [target if b == MINUTE_BOUNDS_TARGET else e for b, e in zip(MINUTE_BOUNDS[1:-1], scaled)]
    return (0, *edges, np.inf)


#: Never reached: near-black, past the darkest class (a mid grey was the light blue-green to colour-blind readers).
UNREACHABLE_COLOUR = "#252525"


#: Difference classes (minutes, other − base): negative = faster.
DIFF_BOUNDS = (-np.inf, -10, -5, -2, -0.5, 0.5, 2, 5, 10, np.inf)


DIFF_COLOURS = ("#08306b", "#2171b5", "#6baed6", "#c6dbef", "#f2f2f2", "#fcbba1", "#fb6a4a", "#cb181d", "#67000d")


#: Probability classes of the simulated map.
PROB_BOUNDS = (0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0 + 1e-9)


PROB_COLOURS = MINUTE_COLOURS[::-1]


NO_ALARM_COLOUR = "#d0d0d0"


#: Land, sea and line colours of the outline (the region's [region] land/territory files).
SEA_COLOUR = "#c6dcef"


LAND_COLOUR = "#f6f4ec"


OUTSIDE_COLOUR = "#eceae4"


COAST_COLOUR = "#4f7fa8"


FERRY_COLOUR = "#1f4e79"


def classify(values: np.ndarray, bounds: tuple[float, ...]) -> np.ndarray:
    """Class index of each value for half-open classes ``[b_k, b_k+1)``; -1 for NaN or outside."""
    v = np.asarray(values, float)
    k = np.searchsorted(np.asarray(bounds, float), v, side="right") - 1
    k[(k < 0) | (k >= len(bounds) - 1) | np.isnan(v)] = -1
    return k


def rgba(grid, classes: np.ndarray, colours: tuple[str, ...], special: dict[int, str] | None = None) -> np.ndarray:
    """An RGBA raster of the grid: class colours, ``special`` colours for negative codes, transparent elsewhere."""
    table = np.array([to_rgba(c) for c in colours] + [(0, 0, 0, 0)])
    img = table[np.where(classes >= 0, classes, len(colours))]
    for code, colour in (special or {}).items():
        img[classes == code] = to_rgba(colour)
    out = np.zeros((grid.ny, grid.nx, 4))
    out[grid.iy, grid.ix] = img
    return out


def range_label(lo: float, hi: float) -> str:
    if np.isinf(hi):
        return f"> {lo:g} min"
    return f"{lo:g}–{hi:g} min"


#: Difference classes of the simulated chance of reaching the target (percentage points, other − base): positive =
#: better.
SHARE_DIFF_BOUNDS = (-np.inf, -20, -10, -5, -2, 2, 5, 10, 20, np.inf)


#: A cell is drawn on a simulated difference map only with at least this many alarms (pooled over replications) in
#: each scenario: fewer make a cell's share or mean too noisy to read (display choice, ASSUMPTION; 5–20 plausible).
MIN_CELL_ALARMS = 10


def magnitude(lo: float, hi: float, lang: str) -> str:
    """A class of changes by its size, ``0.5–2`` or ``> 10`` (both sides of zero read as positive sizes)."""
    if hi <= 0:
        return f"> {general(-hi, lang)}" if np.isinf(lo) else f"{general(-hi, lang)}–{general(-lo, lang)}"
    return f"> {general(lo, lang)}" if np.isinf(hi) else f"{general(lo, lang)}–{general(hi, lang)}"


def diff_label(lo: float, hi: float, unit: str, lang: str, better_when_negative: bool) -> str:
    if lo < 0 < hi:
        return t("map_nochange_unit", lang, r=general(hi, lang), u=unit)
    mag = magnitude(lo, hi, lang)
    better = (hi <= 0) == better_when_negative
    if better_when_negative:  # minutes (the effective force); else percentage points of the share within target
        return t("map_faster" if better else "map_slower", lang, r=mag)
    return t("map_better_pp" if better else "map_worse_pp", lang, r=mag)
