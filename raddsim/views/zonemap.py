"""The target-zone map: each grid square's expected minutes against its own zone's target (``[region] target_zones``).

A region whose targets differ by place (Norway's 10 / 20 / 30 min, a Finnish risk class per square) asks where
each target is met: the map colours every square by the first crew's expected minutes (every crew free) less the
target of the zone its centre lies in — blue-greens within, reds over — and draws the zones' outlines. Islands without
road access (``[archipelago]``) are circles coloured by their boat minutes less their island's zone's target; the
residents' shares in the legend count them (:meth:`raddsim.coverage.static.StaticCoverage.zone_summary`).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from raddsim.coverage.static import StaticCoverage
from raddsim.region.zones import OUTSIDE_ZONES
from raddsim.views.i18n import t
from raddsim.views.islandmap import draw_islands
from raddsim.views.mapcontext import MapContext, hidden_cells
from raddsim.views.mapframe import draw_base, fixed_view_patch, legend_panel, new_figure, polygon_path, titles
from raddsim.views.mapstyle import UNREACHABLE_COLOUR, magnitude, rgba
from raddsim.views.numbers import general

#: Classes of a square's minutes less its zone's target: (lo, hi], so a square exactly at its target is within.
ZONE_MARGIN_BOUNDS = (-np.inf, -5, -2, 0, 2, 5, 10, np.inf)
#: Their colours (ColorBrewer BrBG's blue-greens within, RdYlGn's oranges to dark red over): RdYlGn's greens within
#: and oranges over were one colour to colour-blind readers (tests/test_map_colours.py).
ZONE_MARGIN_COLOURS = ("#01665e", "#35978f", "#80cdc1", "#fdae61", "#f46d43", "#d73027", "#7f0000")
#: The legend lists the shares of at most this many zones (the most populous); a display choice.
MAX_ZONES_LISTED = 8


def margin_classes(minutes: np.ndarray, zone_target: np.ndarray) -> np.ndarray:
    """Class of each square in :data:`ZONE_MARGIN_BOUNDS` of ``minutes − zone_target``; -2 where no road reaches."""
    with np.errstate(invalid="ignore"):
        margin = np.asarray(minutes, float) - np.asarray(zone_target, float)
    k = np.searchsorted(np.asarray(ZONE_MARGIN_BOUNDS, float), margin, side="left") - 1
    k[np.isinf(minutes)] = -2
    return k


def zone_map(cov: StaticCoverage, ctx: MapContext, lang: str = "en") -> Figure:
    """The first crew's expected minutes against each square's zone target, with the zones' outlines.

    Parameters
    ----------
    cov : StaticCoverage
        A scenario's static coverage of a region with ``[region] target_zones``.
    ctx : MapContext
        What the map shows besides (:func:`raddsim.views.mapcontext.map_context`).
    lang : str
        ``"en"`` or ``"sv"``.

    Returns
    -------
    matplotlib.figure.Figure
        The map.
    """
    assert cov.zone is not None and cov.zone_target is not None, "zone_map needs [region] target_zones"
    fig, ax, panel = new_figure()
    cls = margin_classes(cov.minutes, cov.zone_target)
    drawn = draw_base(fig, ax, cov.grid, ctx, rgba(cov.grid, cls, ZONE_MARGIN_COLOURS, {-2: UNREACHABLE_COLOUR}),
                      lang, hidden_cells(ctx, cov.grid, cov.population))
    draw_zone_outlines(ax, cov.zone_geometries)
    islands = bool(cov.islands) and cov.island_zone_target is not None
    if islands and cov.island_zone_target is not None:  # the islands are in the legend's shares: show where they stand
        icls = margin_classes(cov.island_values(), cov.island_zone_target)
        draw_islands(ax, cov.islands, [UNREACHABLE_COLOUR if k == -2 else ZONE_MARGIN_COLOURS[k] for k in icls])
        cls = np.concatenate([cls, icls])  # the unreachable class in the legend for an island no boat reaches too
    bounds = ZONE_MARGIN_BOUNDS
    classes = [(t("zmap_within" if hi <= 0 else "zmap_over", lang, r=magnitude(lo, hi, lang)), colour)
               for lo, hi, colour in zip(bounds[:-1], bounds[1:], ZONE_MARGIN_COLOURS)]
    if (cls == -2).any():
        classes.append((t("map_unreachable", lang), UNREACHABLE_COLOUR))
    legend_panel(fig, panel, t("zmap_legend", lang), classes, ctx, drawn, lang, zone_figures(cov, lang),
                 islands=islands)
    titles(fig, t("zmap_title", lang, s=cov.scenario), t("zmap_sub", lang, c=cov.grid.cell_m))
    return fig


def draw_zone_outlines(ax, geometries: tuple) -> None:
    """Draw the zones' outlines dashed on ``ax`` (polygons in the map's CRS), over the squares and under the labels."""
    for geom in geometries:
        path = polygon_path(geom)
        if path is not None:
            fixed_view_patch(ax, PathPatch(path, fill=False, edgecolor="#252525", linewidth=1.1,
                                           linestyle=(0, (4, 2)), zorder=4.2))


def zone_figures(cov: StaticCoverage, lang: str) -> list[str]:
    """The legend's figures: the residents within their own zone's target, overall and for the most populous zones."""
    summary = cov.zone_summary()
    lines = [f"{t('zmap_residents', lang)}: {100 * summary['share_within_zone_target']:.0f} %"]
    zones = sorted(((z["population"], name, z) for name, z in summary["per_zone"].items() if z["population"] > 0),
                   key=lambda item: -item[0])
    for _, name, z in zones[:MAX_ZONES_LISTED]:
        label = t("outside_zones", lang) if name == OUTSIDE_ZONES else name
        lines.append(f"  {label} ({general(z['target_minutes'], lang)} min): {100 * z['share_within_target']:.0f} %")
    if len(zones) > MAX_ZONES_LISTED:
        lines.append("  " + t("zmap_more", lang, n=len(zones) - MAX_ZONES_LISTED))
    return lines


__all__ = ["zone_map", "draw_zone_outlines", "margin_classes", "zone_figures", "ZONE_MARGIN_BOUNDS",
           "ZONE_MARGIN_COLOURS"]
