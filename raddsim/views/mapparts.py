"""Map furniture: scale bar, north arrow and labels that do not overlap."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import matplotlib
import matplotlib.patheffects as pe
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

if TYPE_CHECKING:  # matplotlib.typing.RcKeyType is new in 3.11; only the type checker needs it
    from matplotlib.typing import RcKeyType

#: Directions tried for a label, as a unit offset and the text alignment that keeps the text on that side:
#: right, left, above, below, then the diagonals.
DIRECTIONS = (
    (1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"), (0, -1, "center", "top"),
    (0.71, 0.71, "left", "bottom"), (0.71, -0.71, "left", "top"), (-0.71, 0.71, "right", "bottom"),
    (-0.71, -0.71, "right", "top"),
)
#: Extra distances (points) beyond the clearance tried in turn.
RINGS = (0, 8, 18, 30, 45)
#: A leader line is drawn when the label stands farther than this from its point (points).
LEADER_FROM_PT = 9
_HALO = [pe.withStroke(linewidth=2.6, foreground="white")]


def nice_length(span_m: float) -> float:
    """A round scale-bar length near a fifth of ``span_m`` (m)."""
    for km in (100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1):
        if km * 1000 <= span_m / 4:
            return km * 1000
    return span_m / 4


def scale_bar(ax, lang: str = "en"):
    """A scale bar in the lower-left corner (axes in metres), its length written in ``lang``'s format."""
    from raddsim.views.numbers import general

    x0, x1 = ax.get_xlim()
    length = nice_length(x1 - x0)
    label = f"{general(length / 1000, lang)} km"
    bar = AnchoredSizeBar(ax.transData, length, label, loc="lower left", pad=0.4, borderpad=0.8, sep=4, frameon=True,
                          size_vertical=length / 30, color="black", fontproperties=FontProperties(size=9))
    bar.patch.set_alpha(0.85)
    bar.zorder = 8
    ax.add_artist(bar)
    return bar


def north_arrow(ax, letter: str = "N"):
    """A north arrow in the upper-right corner (grid north: within ~3° of true north here)."""
    return ax.annotate(letter, xy=(0.95, 0.975), xytext=(0.95, 0.885), xycoords="axes fraction",
                       textcoords="axes fraction",
                       ha="center", va="center", fontsize=13, fontweight="bold", zorder=8,
                       arrowprops=dict(facecolor="black", edgecolor="black", width=5, headwidth=13, headlength=12),
                       bbox=dict(boxstyle="circle,pad=0.2", facecolor="white", edgecolor="none", alpha=0.8))


def _overlaps(box, boxes, pad: float = 2.0) -> bool:
    return any(
        box.x0 - pad < b.x1 and box.x1 + pad > b.x0 and box.y0 - pad < b.y1 and box.y1 + pad > b.y0 for b in boxes
    )


def _inside(box, frame) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


@dataclass(frozen=True)
class Label:
    """One label to place: text at a point (data units), what it must keep clear, and its style.

    Attributes
    ----------
    text, x, y
        The label and the point it names.
    clear_pt
        Distance (points) the text keeps from the point: the marker plus, for a tätort, its extent.
    required
        Shown even where nothing fits (a station); otherwise left out.
    style
        Keyword arguments of ``ax.annotate`` (font, box …).
    """

    text: str
    x: float
    y: float
    clear_pt: float = 6.0
    required: bool = False
    style: dict = field(default_factory=dict)


def place_labels(fig, ax, labels: list[Label], areas=(), obstacles=()) -> list[bool]:
    """Place labels, in the given order, so none covers another, a marker, an area or the map furniture.

    Each label tries eight directions at growing distances from its point (beyond its
    ``clear_pt``, so it never covers the dot or the town it names); a label that had to move
    away gets a thin leader line to its point. Labels that fit nowhere are left out, except
    required ones, which are shown at their first position.

    The search measures hundreds of trial texts; its outcome depends only on what the key of
    :func:`_layout_key` holds (pixel geometry, texts, styles), so a map drawn with the same
    labels on the same frame (a scenario's coverage, force and difference maps) reuses it and
    adds only the chosen annotations: the same artists, in the same order, as the search leaves.

    Parameters
    ----------
    labels
        In order of importance (stations first, then the larger tätorter).
    areas
        ``(x, y, radius_pt)`` discs (tätorter, stations) no label may cover.
    obstacles
        Artists (scale bar, north arrow …) labels must not cover.

    Returns
    -------
    list[bool]
        Whether each label was placed.
    """
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    pt = fig.dpi / 72.0
    taken = [a.get_window_extent(renderer) for a in obstacles]
    to_px = ax.transData.transform
    discs = []
    for x, y, r in areas:
        px, py = to_px((x, y))
        discs.append(Bbox.from_extents(px - r * pt, py - r * pt, px + r * pt, py + r * pt))
    key = _layout_key(fig, ax, frame, labels, taken, discs)
    if key in LAYOUTS:
        choices = LAYOUTS[key]
        for lab, choice in zip(labels, choices):
            if choice is not None:
                _annotate(ax, lab, *choice)
        return [c is not None for c in choices]
    choices = [_attempt(ax, renderer, frame, lab, taken, discs) for lab in labels]
    LAYOUTS[key] = choices
    while len(LAYOUTS) > 16:  # a command draws a few frames; keep the newest
        del LAYOUTS[next(iter(LAYOUTS))]
    return [c is not None for c in choices]


#: Font settings a text's measured size depends on besides its style (part of a layout's key).
_FONT_RC: tuple[RcKeyType, ...] = ("font.family", "font.sans-serif", "font.serif", "font.size", "font.weight",
                                   "font.stretch", "text.hinting", "text.hinting_factor", "text.kerning_factor",
                                   "text.antialiased")
#: Label layouts found by :func:`place_labels`, by :func:`_layout_key`: (ring, direction) per label or None.
LAYOUTS: dict[tuple, list[tuple[int, int] | None]] = {}


def _layout_key(fig, ax, frame, labels: list[Label], taken: list, discs: list) -> tuple:
    """Everything a layout depends on: figure size and dpi, the frame, obstacles and discs in pixels, each label's
    text, style and point in pixels (the trial boxes follow from these alone)."""
    to_px = ax.transData.transform
    fonts = tuple(str(matplotlib.rcParams[k]) for k in _FONT_RC)  # the styles name sizes; the faces come from here
    return (fonts, fig.dpi, tuple(fig.bbox.bounds), tuple(frame.bounds), tuple(tuple(b.bounds) for b in taken),
            tuple(tuple(b.bounds) for b in discs),
            tuple((lab.text, *map(float, to_px((lab.x, lab.y))), lab.clear_pt, lab.required, repr(lab.style))
                  for lab in labels))


def _annotate(ax, lab: Label, ring: int, direction: int):
    """The annotation of ``lab`` at ``RINGS[ring]`` beyond its clearance, in ``DIRECTIONS[direction]``."""
    dist = lab.clear_pt + RINGS[ring]
    ux, uy, ha, va = DIRECTIONS[direction]
    leader = dist > LEADER_FROM_PT
    arrow = dict(arrowstyle="-", color="#444444", linewidth=0.6, shrinkA=1, shrinkB=2) if leader else None
    return ax.annotate(lab.text, xy=(lab.x, lab.y), xytext=(dist * ux, dist * uy), textcoords="offset points",
                       ha=ha, va=va, zorder=7, arrowprops=arrow, **lab.style)


def _attempt(ax, renderer, frame, lab: Label, taken: list, discs: list) -> tuple[int, int] | None:
    """Try every position of ``lab`` in turn; the (ring, direction) of the annotation left on the map, or None."""
    first = None
    for ring in range(len(RINGS)):
        for direction in range(len(DIRECTIONS)):
            art = _annotate(ax, lab, ring, direction)
            box = _text_box(art, renderer)
            if _inside(box, frame) and not _overlaps(box, taken + discs):
                taken.append(box)
                if first is not None:
                    first.remove()
                return ring, direction
            if lab.required and first is None:
                first = art
            else:
                art.remove()
    if first is not None:  # nothing fits: a required label is still shown, at its first position
        taken.append(_text_box(first, renderer))
        return 0, 0
    return None


def _text_box(art, renderer):
    """Window extent of an annotation's text alone (its leader line may cross other things)."""
    art.update_positions(renderer)
    return Text.get_window_extent(art, renderer)


def station_style() -> dict:
    """Boxed bold labels of fire stations."""
    box = dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="#444444", linewidth=0.6, alpha=0.9)
    return dict(fontsize=8, fontweight="bold", linespacing=1.1, bbox=box)


def place_style(population: float) -> dict:
    """Italic tätort labels with a white halo, larger for larger places."""
    size = 10 if population >= 5000 else 8.5 if population >= 1000 else 7
    return dict(fontsize=size, fontweight="bold" if population >= 5000 else "normal", fontstyle="italic",
                path_effects=_HALO)


def ferry_style() -> dict:
    """Small blue labels naming the ferries."""
    return dict(fontsize=7, color="#1f4e79", fontstyle="italic", path_effects=_HALO)
