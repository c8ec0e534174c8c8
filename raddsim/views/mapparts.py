"""Map furniture: scale bar, north arrow and labels that do not overlap."""

from __future__ import annotations

import matplotlib.patheffects as pe
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

#: Label positions tried in turn, as (dx, dy) offset points and alignment: right, left, above, below, diagonals.
OFFSETS = (
    (7, 0, "left", "center"), (-7, 0, "right", "center"), (0, 7, "center", "bottom"), (0, -7, "center", "top"),
    (6, 6, "left", "bottom"), (6, -6, "left", "top"), (-6, 6, "right", "bottom"), (-6, -6, "right", "top"),
    (12, 12, "left", "bottom"), (-12, -12, "right", "top"), (12, -12, "left", "top"), (-12, 12, "right", "bottom"),
)
_HALO = [pe.withStroke(linewidth=2.6, foreground="white")]


def nice_length(span_m: float) -> float:
    """A round scale-bar length near a fifth of ``span_m`` (m)."""
    for km in (100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1):
        if km * 1000 <= span_m / 4:
            return km * 1000
    return span_m / 4


def scale_bar(ax):
    """A scale bar in the lower-left corner (axes in metres)."""
    x0, x1 = ax.get_xlim()
    length = nice_length(x1 - x0)
    label = f"{length / 1000:g} km"
    bar = AnchoredSizeBar(ax.transData, length, label, loc="lower left", pad=0.4, borderpad=0.8, sep=4, frameon=True,
                          size_vertical=length / 30, color="black", fontproperties=FontProperties(size=9))
    bar.patch.set_alpha(0.85)
    bar.zorder = 8
    ax.add_artist(bar)
    return bar


def north_arrow(ax, letter: str = "N"):
    """A north arrow in the upper-right corner (grid north of SWEREF 99 TM, within ~3° of true north here)."""
    return ax.annotate(letter, xy=(0.95, 0.975), xytext=(0.95, 0.885), xycoords="axes fraction", textcoords="axes fraction",
                       ha="center", va="center", fontsize=13, fontweight="bold", zorder=8,
                       arrowprops=dict(facecolor="black", edgecolor="black", width=5, headwidth=13, headlength=12),
                       bbox=dict(boxstyle="circle,pad=0.2", facecolor="white", edgecolor="none", alpha=0.8))


def _overlaps(box, boxes, pad: float = 2.0) -> bool:
    return any(box.x0 - pad < b.x1 and box.x1 + pad > b.x0 and box.y0 - pad < b.y1 and box.y1 + pad > b.y0 for b in boxes)


def _inside(box, frame) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


def place_labels(fig, ax, stations, places, obstacles=()) -> list:
    """Place station labels (always) and tätort labels (largest first, only where they fit).

    Parameters
    ----------
    stations
        ``(text, x, y, required)`` per station: boxed labels, placed first; a required one is
        shown even where nothing fits, an optional one (mutual aid) is dropped with its marker
        when it would cover the map furniture or no position fits.
    places
        ``(name, x, y, population)``, in order of importance; a label that would
        overlap another label, a marker or the map furniture is left out.
    obstacles
        Artists (scale bar, north arrow …) labels must not cover.

    Returns
    -------
    list[bool]
        Whether each station was labelled.
    """
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = [a.get_window_extent(renderer) for a in obstacles]
    # Markers are obstacles too: a small square around each station and place,
    # except the label's own marker, which its offset already clears.
    to_px = ax.transData.transform
    markers = {}
    for _, x, y, *_ in list(stations) + list(places):
        px, py = to_px((x, y))
        markers[(x, y)] = Bbox.from_extents(px - 5, py - 5, px + 5, py + 5)
    placed = []

    furniture = list(taken)

    def attempt(text, x, y, style, always: bool) -> bool:
        if not always and _overlaps(markers[(x, y)], furniture):
            return False
        others = taken + [b for key, b in markers.items() if key != (x, y)]
        first = None
        for dx, dy, ha, va in OFFSETS:
            art = ax.annotate(text, xy=(x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, zorder=7, **style)
            box = art.get_window_extent(renderer)
            if _inside(box, frame) and not _overlaps(box, others):
                taken.append(box)
                placed.append(art)
                if first is not None:
                    first.remove()
                return True
            if always and first is None:
                first = art
            else:
                art.remove()
        if first is not None:  # nothing fits: a required label is still shown, at its first position
            taken.append(first.get_window_extent(renderer))
            placed.append(first)
            return True
        return False

    box = dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="#444444", linewidth=0.6, alpha=0.9)
    shown = []
    for k in sorted(range(len(stations)), key=lambda k: not stations[k][3]):  # required labels first
        text, x, y, required = stations[k]
        shown.append((k, attempt(text, x, y, dict(fontsize=8, fontweight="bold", linespacing=1.1, bbox=box), required)))
    for name, x, y, pop in places:
        size = 10 if pop >= 5000 else 8.5 if pop >= 1000 else 7
        weight = "bold" if pop >= 5000 else "normal"
        attempt(name, x, y, dict(fontsize=size, fontweight=weight, fontstyle="italic", path_effects=_HALO), False)
    return [ok for _, ok in sorted(shown)]
