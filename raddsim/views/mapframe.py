"""The parts every map shares: figure and frame, roads, outline, stations, tätort labels, legend panels, titles,
notes (sources, the approximate network's warning), an optional web-tile basemap.
"""

from __future__ import annotations

import logging
import re
import textwrap

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from raddsim.coverage.outline import Outline
from raddsim.network.positions import SWEREF
from raddsim.views.figfiles import layout_dpi
from raddsim.views.i18n import t, t_region
from raddsim.views.islandmap import island_handle
from raddsim.views.mapcontext import MapContext, MapStation, source_note
from raddsim.views.mapparts import Label, ferry_style, north_arrow, place_labels, place_style, scale_bar, station_style
from raddsim.views.mapstyle import COAST_COLOUR, FERRY_COLOUR, LAND_COLOUR, OUTSIDE_COLOUR, SEA_COLOUR

log = logging.getLogger(__name__)


def new_figure() -> tuple[Figure, object, object]:
    fig = Figure(figsize=(11.5, 10), dpi=layout_dpi())
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.09, 0.66, 0.82))
    panel = fig.add_axes((0.685, 0.09, 0.305, 0.82))
    panel.set_axis_off()
    return fig, ax, panel


def _frame(ax, grid) -> None:
    xmin, xmax, ymin, ymax = grid.extent
    pad = 0.03 * max(xmax - xmin, ymax - ymin)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)
    ax.set_aspect("equal")
    # Shrink the frame to the equal aspect now, not at draw time: the labels are placed in pixels before the
    # figure is drawn, and a frame shrunk afterwards moved them (a 2 km simulated map's "Hästängen och Mora"
    # ran into "Blidöleden", both placed clear of each other).
    ax.apply_aspect()
    ax.set_xticks([])
    ax.set_yticks([])


def fixed_view_patch(ax, patch: PathPatch) -> PathPatch:
    """Add ``patch`` to axes whose view :func:`_frame` fixed: the artist of ``ax.add_patch``, without its data limits.

    ``add_patch`` walks every Bézier segment of a path to grow the data limits (≈ 0.4 s for the
    roads and coast of six maps); with the limits set and autoscaling off they change nothing drawn.
    """
    return ax.add_artist(patch)


def draw_base(fig: Figure, ax, grid, ctx: MapContext, image: np.ndarray, lang: str,
               hidden: np.ndarray | None = None) -> list[MapStation]:
    _frame(ax, grid)
    ax.set_facecolor(OUTSIDE_COLOUR if ctx.outline is not None else "#f7fbff")
    if ctx.basemap:
        _add_basemap(ax, ctx.crs)
    _draw_fills(ax, ctx.outline)
    if hidden is not None and hidden.any():
        image = image.copy()
        image[grid.iy[hidden], grid.ix[hidden]] = 0
    if image.dtype.kind == "f":
        # As matplotlib turns float colours into bytes (× 255, truncated), but once for the grid, not at every
        # draw for the resampled picture of every output pixel (≈ 30 ms a map).
        image = (image * 255).astype(np.uint8)
    ax.imshow(image, extent=grid.extent, origin="lower", interpolation="nearest", zorder=2,
              alpha=0.8 if ctx.basemap else 1.0)
    # One path per road class, not one artist per edge: SVG and PDF stay small and fast.
    for major, colour, width, alpha in ((False, "#404040", 0.35, 0.55), (True, "#202020", 0.9, 0.7)):
        fixed_view_patch(ax, PathPatch(_segments_path(ctx.roads[ctx.road_major == major]), fill=False, edgecolor=colour,
                                       linewidth=width, alpha=alpha, zorder=3, capstyle="round", joinstyle="round"))
    for _, seg in ctx.ferries:
        fixed_view_patch(ax, PathPatch(_segments_path(seg), fill=False, edgecolor=FERRY_COLOUR, linewidth=2.4,
                                       linestyle=(0, (3, 1.5)), zorder=3.6))
    _draw_lines(ax, ctx.outline)
    if ctx.boundary is not None:
        _draw_boundary(ax, ctx.boundary)
    drawn = _draw_points(fig, ax, ctx, lang)
    _notes(fig, ctx, drawn, lang)
    return drawn


def _draw_points(fig: Figure, ax, ctx: MapContext, lang: str) -> list[MapStation]:
    """Tätort dots, station squares and every label, placed so none hides what it names."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    inside = [s for s in ctx.stations if x0 <= s.x <= x1 and y0 <= s.y <= y1]
    ax.scatter([p[2] for p in ctx.places], [p[3] for p in ctx.places], s=10, c="black", zorder=5, linewidths=0)
    pt_per_m = (
        (ax.transData.transform((1000.0, 0.0))[0] - ax.transData.transform((0.0, 0.0))[0]) / 1000.0 / (fig.dpi / 72.0)
    )
    radius = ctx.place_radius_m or tuple(0.0 for _ in ctx.places)
    areas = [(p[2], p[3], max(r * pt_per_m, 3.0)) for p, r in zip(ctx.places, radius)]
    areas += [(s.x, s.y, 6.0) for s in inside]
    labels = []
    for s in inside:
        crews = s.crews_sv if lang == "sv" and s.crews_sv else s.crews
        text = "\n".join(crews) if crews else f"{s.name} {t('map_not_staffed', lang)}"
        labels.append(Label(text, s.x, s.y, 8.0, not s.external, station_style()))
    order = sorted(range(len(inside)), key=lambda k: inside[k].external)  # required labels first
    labels = [labels[k] for k in order]
    inside = [inside[k] for k in order]
    # A tätort named exactly like a crew at a nearby station is not labelled twice.
    for (name, pop, x, y), r in sorted(zip(ctx.places, radius), key=lambda pr: -pr[0][1]):
        if not any(
            name in lab.text.split("\n") and np.hypot(x - lab.x, y - lab.y) < 5000 for lab in labels[: len(inside)]
        ):
            labels.append(Label(name, x, y, max(r * pt_per_m, 3.0) + 2.0, False, place_style(pop)))
    for name, seg in ctx.ferries:
        mid = seg.reshape(-1, 2).mean(axis=0)
        labels.append(Label(name, float(mid[0]), float(mid[1]), 4.0, False, ferry_style()))
    furniture = [scale_bar(ax, lang), north_arrow(ax, t("map_north", lang))]
    placed = place_labels(fig, ax, labels, areas, furniture)
    # Mutual-aid stations at the map's edge are drawn only where their label fits.
    drawn = [s for s, ok in zip(inside, placed) if ok]
    for s in drawn:
        colour = "#6a51a3" if s.external else ("#d7191c" if s.crews else "white")
        ax.plot(s.x, s.y, marker="s", markersize=9, markerfacecolor=colour, markeredgecolor="black",
                markeredgewidth=1.2, zorder=6)
    return drawn


def _notes(fig: Figure, ctx: MapContext, drawn: list[MapStation], lang: str) -> None:
    outside = [s.name for s in ctx.stations if s.external and s not in drawn]
    notes = [source_note(ctx, lang)]
    if outside:
        notes.append(t("map_outside", lang, names=", ".join(outside)))
    fit_lines(fig.text(0.01, 0.075, "\n".join(notes), fontsize=7.5, va="top", ha="left", color="#333333"))
    if ctx.approximate:
        # The default network's label is the catalogue's: translate it; another network's label is its own.
        label = t("net_approx_label", lang) if ctx.network_label == t("net_approx_label", "en") else ctx.network_label
        for word in ("APPROXIMATE ", "UNGEFÄRLIGT "):
            if label.upper().startswith(word):
                label = label[len(word):]
        fig.text(0.01, 0.018, "⚠ " + t("map_approx", lang, label=label), fontsize=9.5, fontweight="bold",
                 color="#b30000", va="bottom", ha="left")


def polygon_path(geom) -> MplPath | None:
    """A (Multi)Polygon as one compound path (holes included), for filling."""
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and not g.is_empty]
    if not polys:
        return None
    paths = [MplPath(np.asarray(ring.coords)[:, :2],
                     closed=True) for poly in polys for ring in [poly.exterior, *poly.interiors]]
    return MplPath.make_compound_path(*paths)


def _draw_fills(ax, outline: Outline | None) -> None:
    """Sea (the territory minus the land) and land, under the coverage raster."""
    if outline is None:
        return
    for geom, colour, z in ((outline.sea, SEA_COLOUR, 1.2), (outline.land, LAND_COLOUR, 1.1)):
        path = polygon_path(geom) if geom is not None else None
        if path is not None:
            fixed_view_patch(ax, PathPatch(path, facecolor=colour, edgecolor="none", zorder=z))


def _draw_lines(ax, outline: Outline | None) -> None:
    """The coastline (land outline) and the municipal boundary (the territory's outline)."""
    if outline is None:
        return
    if outline.land is not None:
        _draw_rings(ax, outline.land, dict(color=COAST_COLOUR, linewidth=0.8, zorder=3.5))
    if outline.territory is not None:
        _draw_rings(ax, outline.territory, dict(color="black", linewidth=1.1, linestyle=(0, (6, 2, 1, 2)), zorder=4))


def _draw_rings(ax, geom, style: dict) -> None:
    for poly in getattr(geom, "geoms", [geom]):
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            ax.plot(xy[:, 0], xy[:, 1], **style)


def _segments_path(seg: np.ndarray) -> MplPath:
    """Line segments ``(n, 2, 2)`` as one path of move-to/line-to pairs."""
    verts = seg.reshape(-1, 2)
    codes = np.tile(np.array([MplPath.MOVETO, MplPath.LINETO], np.uint8), len(seg))
    return MplPath(verts, codes)


def _draw_boundary(ax, geom) -> None:
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            ax.plot(xy[:, 0], xy[:, 1], color="black", linewidth=1.4, zorder=4)


def _add_basemap(ax, crs: str) -> None:
    try:
        import contextily as cx

        cx.add_basemap(ax, crs=crs, source=cx.providers.OpenStreetMap.Mapnik, attribution_size=6, zorder=1)
    except Exception as exc:  # offline, not installed, or a tile server error: the map works without it
        log.warning("basemap skipped (%s: %s); the map is drawn without web tiles.", type(exc).__name__, exc)


def _common_legend(ctx: MapContext, drawn: list[MapStation], lang: str, islands: bool = False) -> list[Artist]:
    items: list[Artist] = [Line2D([], [], marker="s", linestyle="none", markersize=9, markerfacecolor="#d7191c",
                    markeredgecolor="black",
                    label=t("map_station" if ctx.service == "rescue" else "map_station_ems", lang)),
             Line2D([], [], color="#303030", linewidth=0.9, label=t("map_roads", lang))]
    if ctx.places:  # a region without a places file (e.g. an imported EMS model) draws no tätorter
        items.insert(1, Line2D([], [], marker="o", linestyle="none", markersize=4, color="black",
                               label=t_region("map_tatort", lang, ctx.crs == SWEREF)))
    if any(s.external for s in drawn):
        items.insert(1, Line2D([], [], marker="s", linestyle="none", markersize=9, markerfacecolor="#6a51a3",
                               markeredgecolor="black", label=t("map_mutual_aid", lang)))
    if islands:  # the markers of islands reached by boat (drawn by raddsim.views.islandmap)
        items.append(island_handle(t("map_island_legend", lang)))
    if ctx.ferries:
        items.append(Line2D([], [], color=FERRY_COLOUR, linewidth=2.4, linestyle=(0, (3, 1.5)),
                            label=t("map_ferry", lang)))
    if ctx.outline is not None and ctx.outline.territory is not None:
        items.append(Line2D([], [], color="black", linewidth=1.1, linestyle=(0, (6, 2, 1, 2)),
                            label=t("map_boundary", lang)))
    if ctx.outline is not None and ctx.outline.land is not None:
        items.append(Line2D([], [], color=COAST_COLOUR, linewidth=0.8, label=t("map_coast", lang)))
    if ctx.outline is not None and ctx.outline.sea is not None:
        items.append(Patch(facecolor=SEA_COLOUR, edgecolor="none", label=t("map_sea", lang)))
    if ctx.boundary is not None:
        items.append(Line2D([], [], color="black", linewidth=1.4, label=t("map_boundary_user", lang)))
    return items


def legend_panel(fig: Figure, panel, title: str, classes: list[tuple[str, str]], ctx: MapContext,
                 drawn: list[MapStation], lang: str, figures: list[str], islands: bool = False) -> None:
    """The right-hand panel, stacked top-down: class legend, key figures, symbols (``islands``: with the marker of
    islands reached by boat)."""
    handles = [Patch(facecolor=c, edgecolor="#555555", linewidth=0.5, label=label) for label, c in classes]
    leg = panel.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(0, 1), frameon=False,
                       fontsize=10,
                       title_fontsize=11, alignment="left", handlelength=1.8, handleheight=1.2, borderaxespad=0)
    panel.add_artist(leg)
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg), "map figures are made on an Agg canvas (it measures the legend)"
    renderer = canvas.get_renderer()
    inv = panel.transAxes.inverted()
    y = inv.transform(leg.get_window_extent(renderer).p0)[1] - 0.04
    lines = figure_lines(figures)
    text = panel.text(0.0, y, "\n".join(lines), fontsize=10.5, va="top", ha="left", transform=panel.transAxes,
                      linespacing=1.6, bbox=dict(boxstyle="round,pad=0.5", facecolor="#f4f4f4", edgecolor="#bbbbbb"))
    y = inv.transform(text.get_window_extent(renderer).p0)[1] - 0.04
    panel.legend(handles=_common_legend(ctx, drawn, lang, islands), loc="upper left", bbox_to_anchor=(0, y),
                 frameon=False, fontsize=9.5, borderaxespad=0)


def figure_lines(figures: list[str], width: int = 36) -> list[str]:
    """The key figures' box, wrapped to ``width`` characters, never between a number and its per cent sign.

    Parameters
    ----------
    figures : list of str
        One key figure a line, e.g. "Residents within 10 min: 100 % → 100 %".
    width : int
        Characters a line.

    Returns
    -------
    list of str
        The lines, continuations indented (was: "… 100 % → 100" over a line holding only "%").
    """
    glued = [re.sub(r"(\d) %", "\\1\u00a0%", f) for f in figures]  # textwrap breaks at ASCII spaces only
    return [w for f in glued for w in textwrap.wrap(f, width, subsequent_indent="  ")]


#: The title's font size (points) and the share of the figure's width it may take: it starts at 1 %, and is measured
#: at the resolution it is rendered at (:func:`raddsim.views.figfiles.laid_out_at`); 2 % for SVG and PDF.
TITLE_PT = 14
TITLE_ROOM = 0.97
#: The share of the width right of a text's start that one of its lines may fill (:func:`fit_lines`). A figure is
#: laid out at the resolution it is rendered at (:func:`raddsim.views.figfiles.laid_out_at`), so its measurements are
#: the rendered ones; the 1 % is for SVG and PDF, whose text is not hinted to the pixel grid.
LINE_ROOM = 0.99


def fit_lines(text: Text, room: float = LINE_ROOM) -> None:
    """Break ``text`` at its spaces into the longest lines that fill at most ``room`` of the width right of it.

    Measured once, when the map is laid out, with a binary search over each line's words. matplotlib's own
    ``wrap=True`` measured the text word by word, unmemoised, at every draw: ≈ 0.1 s a map, a seventh of the
    report's rendering. A text that fits is left as it is; a word wider than the room stands on a line alone.
    """
    fig = text.get_figure()
    assert isinstance(fig, Figure) and isinstance(fig.canvas, FigureCanvasAgg), "a map's text, on an Agg canvas"
    renderer = fig.canvas.get_renderer()
    limit = room * (fig.bbox.x1 - text.get_window_extent(renderer).x0)

    def fits(line: str) -> bool:
        text.set_text(line)
        return text.get_window_extent(renderer).width <= limit

    whole, lines = text.get_text(), []
    for paragraph in whole.split("\n"):
        words = paragraph.split(" ")
        while words:
            lo, hi = 1, len(words)  # words[:lo] is one line whatever it measures
            if fits(" ".join(words)):  # the usual case: the rest is one line, one measurement
                lo = hi
            else:
                hi -= 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if fits(" ".join(words[:mid])) else (lo, mid - 1)
            lines.append(" ".join(words[:lo]))
            words = words[lo:]
    text.set_text("\n".join(lines))


def titles(fig: Figure, title: str, subtitle: str) -> None:
    """The map's title and subtitle at the top left; a title too long for the width is set smaller.

    A subtitle too long for one line is broken into lines (:func:`fit_lines`): a Swedish one ran past the image's
    edge ("… rutnät 250 m" cut to "… rutnät 250 r").
    """
    head = fig.text(0.01, 0.985, title, fontsize=TITLE_PT, fontweight="bold", va="top", ha="left")
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg), "map figures are made on an Agg canvas (it measures the title)"
    width = head.get_window_extent(canvas.get_renderer()).width
    if width > TITLE_ROOM * fig.bbox.width:  # long scenario names: a smaller title, never one cut at the edge
        head.set_fontsize(TITLE_PT * TITLE_ROOM * fig.bbox.width / width)
    glued = re.sub(r"(\d) (?=\S)", "\\1\u00a0", subtitle)  # lines break at ASCII spaces: "250 m" stays whole
    fit_lines(fig.text(0.01, 0.95, glued, fontsize=9.5, va="top", ha="left", color="#333333"))
