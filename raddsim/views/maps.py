"""Coverage maps for the board: PNG, SVG and PDF with matplotlib.

Three maps, all on the coverage grid in the network's metric CRS (SWEREF 99 TM, EPSG:3006, in Sweden):

* :func:`coverage_map` — expected minutes to the first crew, graduated classes;
* :func:`difference_map` — minutes gained or lost between two scenarios (diverging colours);
* :func:`probability_map` — the simulated share of alarms reached within the target;
* :func:`simulated_difference_map` — where a staffing change moves the simulated outcome.

Each shows the roads, the municipality boundary (when given), the stations
with their crews, tätort labels placed so they do not overlap, a scale bar, a
north arrow, the sources, and a warning when the network is approximate. A
web-tile basemap (contextily) is drawn only on request and only if it can be
fetched; the maps never need it.
"""

from __future__ import annotations

import io
import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from raddsim import __version__
from raddsim.core.errors import InputError
from raddsim.core.io import write_bytes_atomic
from raddsim.coverage.outline import Outline, region_outline
from raddsim.coverage.simulated import SimulatedCoverage
from raddsim.coverage.static import StaticCoverage
from raddsim.experiment.model import Model
from raddsim.network.positions import SWEREF, crs_label, to_metric
from raddsim.region.region import Setup
from raddsim.views.i18n import t, t_region
from raddsim.views.islandmap import draw_islands, island_colours
from raddsim.views.mapparts import Label, ferry_style, north_arrow, place_labels, place_style, scale_bar, station_style
from raddsim.views.numbers import general, num

log = logging.getLogger(__name__)

FORMATS = ("png", "svg", "pdf")
DPI = 150

#: Minute classes of the coverage map and their colours (green = fast … dark red = slow).
MINUTE_BOUNDS = (0, 5, 10, 15, 20, 30, np.inf)
MINUTE_COLOURS = ("#1a9641", "#a6d96a", "#ffffbf", "#fdae61", "#e34a33", "#7f0000")
UNREACHABLE_COLOUR = "#9e9e9e"
#: Difference classes (minutes, other − base): negative = faster.
DIFF_BOUNDS = (-np.inf, -10, -5, -2, -0.5, 0.5, 2, 5, 10, np.inf)
DIFF_COLOURS = ("#08306b", "#2171b5", "#6baed6", "#c6dbef", "#f2f2f2", "#fcbba1", "#fb6a4a", "#cb181d", "#67000d")
#: Probability classes of the simulated map.
PROB_BOUNDS = (0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0 + 1e-9)
PROB_COLOURS = ("#7f0000", "#e34a33", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641")
NO_ALARM_COLOUR = "#e0e0e0"
#: Land, sea and line colours of the outline (the region's [region] land/territory files).
SEA_COLOUR = "#c6dcef"
LAND_COLOUR = "#f6f4ec"
OUTSIDE_COLOUR = "#eceae4"
COAST_COLOUR = "#4f7fa8"
FERRY_COLOUR = "#1f4e79"


@dataclass(frozen=True)
class MapStation:
    name: str
    x: float
    y: float
    crews: tuple[str, ...]
    external: bool
    crews_sv: tuple[str, ...] = ()  # the crews' Swedish names (name_sv), for --lang sv


@dataclass(frozen=True)
class MapContext:
    """What every map of one scenario draws besides the grid (all coordinates in ``crs``, metres)."""

    region: str
    region_source: str
    boundary: object | None
    roads: np.ndarray
    road_major: np.ndarray
    stations: tuple[MapStation, ...]
    places: tuple[tuple[str, float, float, float], ...]
    network_label: str
    network_source: str
    approximate: bool
    places_source: str = ""
    basemap: bool = False
    outline: Outline | None = None
    #: Ferries: (name, segments ``(n, 2, 2)``), drawn dashed and labelled.
    ferries: tuple[tuple[str, np.ndarray], ...] = ()
    #: Radius (m) of each tätort's disc in the demand model, in the order of ``places``.
    place_radius_m: tuple[float, ...] = ()
    #: The projected CRS of every coordinate (the network's metric CRS; EPSG:3006 in Sweden).
    crs: str = SWEREF
    #: The region's service (:attr:`raddsim.region.region.Region.service`): names the stations in the legend.
    service: str = "rescue"


_MAJOR = {"motorway", "trunk", "primary"}


def map_context(model: Model, setup: Setup, boundary=None, basemap: bool = False) -> MapContext:
    """Gather roads, stations (with the scenario's crews in service), tätorter and provenance for the maps."""
    net = model.network
    # A two-way road is two directed edges: draw it once.
    pair = np.column_stack([np.minimum(net.edge_u, net.edge_v), np.maximum(net.edge_u, net.edge_v)])
    _, first = np.unique(pair, axis=0, return_index=True)
    first = np.sort(first)
    u, v = net.edge_u[first], net.edge_v[first]
    seg = np.stack([np.column_stack([net.x[u], net.y[u]]), np.column_stack([net.x[v], net.y[v]])], axis=1)
    is_ferry = net.edge_highway[first] == "ferry"
    names = np.asarray(net.edge_name)[first]
    ferries = tuple((str(n) or "ferry", seg[is_ferry & (names == n)]) for n in dict.fromkeys(names[is_ferry].tolist()))
    stations = []
    for sid, st in setup.stations.items():
        here = [c for c in setup.crews if c.station == sid and c.in_service]
        x, y = to_metric(np.array([st.lon]), np.array([st.lat]), net.metric_crs)
        stations.append(MapStation(st.name, float(x[0]), float(y[0]), tuple(c.name for c in here), bool(st.external),
                                   tuple(c.label("sv") for c in here)))
    places = setup.demand.places
    px, py = to_metric(np.array([p.lon for p in places]), np.array([p.lat for p in places]), net.metric_crs)
    meta = net.meta
    return MapContext(
        region=model.region.name,
        region_source=model.region.source or str(model.region.file.name),
        boundary=boundary,
        roads=seg[~is_ferry],
        road_major=np.isin(net.edge_highway[first], list(_MAJOR))[~is_ferry],
        stations=tuple(stations),
        places=tuple((p.name, float(p.population), float(x), float(y)) for p, x, y in zip(places, px, py)),
        network_label=str(meta.get("label", "")),
        network_source=Path(str(meta.get("source", "?"))).name,
        approximate=bool(meta.get("approximate", False)),
        places_source=places_source(setup),
        basemap=basemap,
        outline=region_outline(model.region, net.metric_crs),
        ferries=ferries,
        place_radius_m=tuple(_disc_radius_m(p.population, setup) for p in places),
        crs=net.metric_crs,
        service=model.region.service,
    )


def _disc_radius_m(population: float, setup: Setup) -> float:
    """Radius of a tätort's disc in the demand model (its population at the urban density)."""
    return float(np.sqrt(max(population, 1.0) / (np.pi * setup.demand.access.urban_density_per_km2)) * 1000.0)


def places_source(setup: Setup) -> str:
    """The places file and the source its header names (``# Source: …``), e.g. "norrtalje_tatorter.csv (SCB, Tätorter
    2020)"."""
    path = Path(setup.demand.places_file) if setup.demand.places_file else None
    if path is None:
        return "?"
    try:
        for line in path.read_text(encoding="utf-8").splitlines()[:10]:
            if line.startswith("#") and "source:" in line.lower():
                src = line.split(":", 1)[1].strip().split("(")[0].strip().rstrip(".")
                return f"{path.name} ({src})"
    except OSError:
        pass
    return path.name


def classify(values: np.ndarray, bounds: tuple[float, ...]) -> np.ndarray:
    """Class index of each value for half-open classes ``[b_k, b_k+1)``; -1 for NaN or outside."""
    v = np.asarray(values, float)
    k = np.searchsorted(np.asarray(bounds, float), v, side="right") - 1
    k[(k < 0) | (k >= len(bounds) - 1) | np.isnan(v)] = -1
    return k


def _rgba(grid, classes: np.ndarray, colours: tuple[str, ...], special: dict[int, str] | None = None) -> np.ndarray:
    """An RGBA raster of the grid: class colours, ``special`` colours for negative codes, transparent elsewhere."""
    table = np.array([to_rgba(c) for c in colours] + [(0, 0, 0, 0)])
    img = table[np.where(classes >= 0, classes, len(colours))]
    for code, colour in (special or {}).items():
        img[classes == code] = to_rgba(colour)
    out = np.zeros((grid.ny, grid.nx, 4))
    out[grid.iy, grid.ix] = img
    return out


def _new_figure() -> tuple[Figure, object, object]:
    fig = Figure(figsize=(11.5, 10), dpi=DPI)
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
    ax.set_xticks([])
    ax.set_yticks([])


def fixed_view_patch(ax, patch: PathPatch) -> PathPatch:
    """Add ``patch`` to axes whose view :func:`_frame` fixed: the artist of ``ax.add_patch``, without its data limits.

    ``add_patch`` walks every Bézier segment of a path to grow the data limits (≈ 0.4 s for the
    roads and coast of six maps); with the limits set and autoscaling off they change nothing drawn.
    """
    return ax.add_artist(patch)


def hidden_cells(ctx: MapContext, grid, weight: np.ndarray | None) -> np.ndarray | None:
    """Cells left blank so the sea shows: centre in the municipality's sea and nothing there (``weight`` 0)."""
    if ctx.outline is None or ctx.outline.sea is None:
        return None
    sea = ctx.outline.sea_cells(grid)
    return sea if weight is None else sea & ~(np.asarray(weight) > 0)


def _draw_base(fig: Figure, ax, grid, ctx: MapContext, image: np.ndarray, lang: str,
               hidden: np.ndarray | None = None) -> list[MapStation]:
    _frame(ax, grid)
    ax.set_facecolor(OUTSIDE_COLOUR if ctx.outline is not None else "#f7fbff")
    if ctx.basemap:
        _add_basemap(ax, ctx.crs)
    _draw_fills(ax, ctx.outline)
    if hidden is not None and hidden.any():
        image = image.copy()
        image[grid.iy[hidden], grid.ix[hidden]] = 0
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
    key = "map_source" if ctx.places else "map_source_no_places"
    notes = [t(key, lang, n=ctx.network_source, r=ctx.region_source, p=ctx.places_source, v=__version__,
               crs=crs_label(ctx.crs))]
    if ctx.outline is not None and ctx.outline.credit:
        notes[0] += " " + t("map_outline_source", lang, s=ctx.outline.credit)
    if outside:
        notes.append(t("map_outside", lang, names=", ".join(outside)))
    fig.text(0.01, 0.075, "\n".join(notes), fontsize=7.5, va="top", ha="left", wrap=True, color="#333333")
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


def _common_legend(ctx: MapContext, drawn: list[MapStation], lang: str) -> list[Artist]:
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


def _panel(fig: Figure, panel, title: str, classes: list[tuple[str, str]], ctx: MapContext, drawn: list[MapStation],
           lang: str, figures: list[str]) -> None:
    """The right-hand panel, stacked top-down: class legend, key figures, symbols."""
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
    lines = [w for f in figures for w in textwrap.wrap(f, 36, subsequent_indent="  ")]
    text = panel.text(0.0, y, "\n".join(lines), fontsize=10.5, va="top", ha="left", transform=panel.transAxes,
                      linespacing=1.6, bbox=dict(boxstyle="round,pad=0.5", facecolor="#f4f4f4", edgecolor="#bbbbbb"))
    y = inv.transform(text.get_window_extent(renderer).p0)[1] - 0.04
    panel.legend(handles=_common_legend(ctx, drawn, lang), loc="upper left", bbox_to_anchor=(0, y), frameon=False,
                 fontsize=9.5, borderaxespad=0)


def _titles(fig: Figure, title: str, subtitle: str) -> None:
    fig.text(0.01, 0.985, title, fontsize=14, fontweight="bold", va="top", ha="left")
    fig.text(0.01, 0.95, subtitle, fontsize=9.5, va="top", ha="left", color="#333333")


def _range_label(lo: float, hi: float) -> str:
    if np.isinf(hi):
        return f"> {lo:g} min"
    return f"{lo:g}–{hi:g} min"


def coverage_map(cov: StaticCoverage, ctx: MapContext, lang: str = "en", measure: str = "first") -> Figure:
    """Expected minutes to the first crew (``measure="first"``) or to a smoke-diving force (``"effective"``)."""
    values = cov.values(measure)
    fig, ax, panel = _new_figure()
    cls = classify(values, MINUTE_BOUNDS)
    cls[np.isinf(values)] = -2
    drawn = _draw_base(fig, ax, cov.grid, ctx, _rgba(cov.grid, cls, MINUTE_COLOURS, {-2: UNREACHABLE_COLOUR}), lang,
                       hidden_cells(ctx, cov.grid, cov.population))
    classes = [(_range_label(lo, hi), c) for lo, hi, c in zip(MINUTE_BOUNDS[:-1], MINUTE_BOUNDS[1:], MINUTE_COLOURS)]
    if (cls == -2).any():
        classes.append((t("map_unreachable" if measure == "first" else "map_never", lang), UNREACHABLE_COLOUR))
    figures = [t("map_residents_within", lang) + ":"] + [
        f"  {m} min: {100 * cov.share_within(m, measure=measure):.0f} %" for m in cov.thresholds]
    eff = measure == "effective"
    if cov.islands:  # islands without road access: reached by boat (raddsim.sea), an APPROXIMATE layer
        minutes = [i.effective_minutes if eff else i.first_minutes for i in cov.islands]
        draw_islands(ax, cov.islands, island_colours(minutes, MINUTE_BOUNDS, MINUTE_COLOURS, UNREACHABLE_COLOUR))
        figures += ["", t("map_islands", lang)]
    _panel(fig, panel, t("map_legend_effective" if eff else "map_legend_minutes", lang), classes, ctx, drawn, lang,
           figures)
    _titles(fig, t("map_title_effective" if eff else "map_title_static", lang, s=cov.scenario),
            t("map_sub_effective" if eff else "map_sub_static", lang, v=cov.offroad_kmh, c=cov.grid.cell_m))
    return fig


def difference_map(base: StaticCoverage, other: StaticCoverage, ctx: MapContext, lang: str = "en", target: float = 10,
                   measure: str = "first") -> Figure:
    """Minutes gained (blue) or lost (red) going from ``base`` to ``other`` (same grid), first crew or effective
    force."""
    if base.grid is not other.grid and not (base.grid.cell_m == other.grid.cell_m and np.array_equal(base.grid.ix,
                                                                                                     other.grid.ix)
                                            and np.array_equal(base.grid.iy, other.grid.iy)):
        raise InputError("the two coverages are on different grids.", field="grid",
                         fix="compute both scenarios on one grid.")
    a, b = base.values(measure), other.values(measure)
    with np.errstate(invalid="ignore"):
        d = np.where(np.isinf(a) & np.isinf(b), np.nan, b - a)
    fig, ax, panel = _new_figure()
    cls = classify(d, DIFF_BOUNDS)
    drawn = _draw_base(fig, ax, base.grid, ctx, _rgba(base.grid, cls, DIFF_COLOURS), lang,
                       hidden_cells(ctx, base.grid, base.population))
    labels = []
    for lo, hi in zip(DIFF_BOUNDS[:-1], DIFF_BOUNDS[1:]):
        if lo < 0 < hi:
            labels.append(t("map_nochange", lang, r=general(hi, lang)))
        else:
            labels.append(t("map_faster" if hi <= 0 else "map_slower", lang, r=_magnitude(lo, hi, lang)))
    w = base.population
    total = w.sum()
    improved = float(w[d < -0.5].sum()) / float(total) if total else np.nan
    worse = float(w[d > 0.5].sum()) / float(total) if total else np.nan
    eff = measure == "effective"
    if base.islands and len(base.islands) == len(other.islands):  # islands reached by boat (APPROXIMATE layer)
        minutes = [None if e is None or f is None else f - e for e, f in zip(
            *[[i.effective_minutes if eff else i.first_minutes for i in c.islands] for c in (base, other)])]
        minutes = [None if m is None or np.isnan(m) else m for m in minutes]  # inf − inf: never reached in either
        draw_islands(ax, other.islands, island_colours(minutes, DIFF_BOUNDS, DIFF_COLOURS, UNREACHABLE_COLOUR))
    figures = [f"{t('map_improved_eff' if eff else 'map_improved', lang)}: {100 * improved:.0f} %",
               f"{t('map_worsened_eff' if eff else 'map_worsened', lang)}: {100 * worse:.0f} %",
               t("map_within_change", lang, t=target, a=f"{100 * base.share_within(target, measure=measure):.0f} %",
                 b=f"{100 * other.share_within(target, measure=measure):.0f} %")]
    if base.islands:
        figures += ["", t("map_islands", lang)]
    _panel(fig, panel, t("map_legend_diff", lang), list(zip(labels, DIFF_COLOURS)), ctx, drawn, lang, figures)
    _titles(fig, t("map_title_diff_eff" if eff else "map_title_diff", lang, a=base.scenario, b=other.scenario),
            t("map_sub_diff", lang, c=base.grid.cell_m))
    return fig


def probability_map(sim: SimulatedCoverage, ctx: MapContext, lang: str = "en", replications: int = 0, years: float = 0,
                    measure: str = "first", warmup_days: float = 0.0) -> Figure:
    """Simulated share of alarms reached within the target per cell, by the first crew or the effective force.

    Grey: no alarm simulated there. ``measure="effective"`` needs records with ``t_effective``.
    ``warmup_days``: the replications' warm-up, said in the key figures when there was one.
    """
    require_measure(sim, measure)
    share = sim.cell_share_of(measure)
    cls = classify(share, PROB_BOUNDS)
    cls[sim.cell_alarms <= 0] = -2
    fig, ax, panel = _new_figure()
    drawn = _draw_base(fig, ax, sim.grid, ctx, _rgba(sim.grid, cls, PROB_COLOURS, {-2: NO_ALARM_COLOUR}), lang,
                       hidden_cells(ctx, sim.grid, sim.cell_alarms))
    classes = [(f"{100 * lo:.0f}–{100 * min(hi, 1):.0f} %", c) for lo, hi,
               c in zip(PROB_BOUNDS[:-1], PROB_BOUNDS[1:], PROB_COLOURS)]
    classes.append((t("map_no_alarms", lang), NO_ALARM_COLOUR))
    eff = measure == "effective"
    o = sim.overall["effective_force"] if eff else sim.overall
    ci = o.get("share_within_target_ci95")
    figures = [f"{t('map_alarms_within_eff' if eff else 'map_alarms_within', lang, t=sim.target_minutes)}: "
               f"{100 * o['share_within_target']:.0f} %"
               + (f" [{100 * max(ci[0], 0):.0f}–{100 * min(ci[1], 1):.0f}]" if ci else ""),
               *warmup_note(warmup_days, lang)]
    _panel(fig, panel, t("map_legend_prob", lang, t=sim.target_minutes), classes, ctx, drawn, lang, figures)
    _titles(fig, t("map_title_prob_eff" if eff else "map_title_prob", lang, t=sim.target_minutes, s=sim.scenario),
            t("map_sub_prob", lang, r=replications, y=years, c=sim.grid.cell_m / 1000))
    return fig


def warmup_note(warmup_days: float, lang: str) -> list[str]:
    """The key-figure line of a simulated map whose replications ran after a warm-up (none without one)."""
    return [t("warmup_line", lang, d=warmup_days)] if warmup_days > 0 else []


def require_measure(sim: SimulatedCoverage, measure: str) -> None:
    """Refuse a measure the simulation did not record, in one line naming the option."""
    if measure not in ("first", "effective"):
        raise InputError(f"unknown measure '{measure}'.", field="--measure", fix="use first or effective.")
    if not sim.has(measure):
        raise InputError("this simulation recorded no effective-force times.", field="--measure",
                         fix="use --measure first (the records carry no t_effective).")


#: Difference classes of the simulated chance of reaching the target (percentage points, other − base): positive =
#: better.
SHARE_DIFF_BOUNDS = (-np.inf, -20, -10, -5, -2, 2, 5, 10, 20, np.inf)
#: A cell is drawn on a simulated difference map only with at least this many alarms (pooled over replications) in
#: each scenario: fewer make a cell's share or mean too noisy to read (display choice, ASSUMPTION; 5–20 plausible).
MIN_CELL_ALARMS = 10


def simulated_difference_map(base: SimulatedCoverage, other: SimulatedCoverage, ctx: MapContext, lang: str = "en",
                             measure: str = "first", paired: dict | None = None, replications: int = 0,
                             years: float = 0, warmup_days: float = 0.0) -> Figure:
    """Where a staffing change moves the simulated outcome, per cell (common random numbers across the two runs).

    ``measure="first"``: change in the chance that the first crew is on scene within the target
    (percentage points, blue = better). ``measure="effective"``: change in the mean minutes to the
    effective force (blue = sooner). Cells with fewer than :data:`MIN_CELL_ALARMS` alarms are grey.
    ``paired`` (:func:`raddsim.experiment.compare.paired_differences`) adds the overall change with its CI;
    ``warmup_days``: the replications' warm-up, said in the key figures when there was one.
    """
    for sim in (base, other):
        require_measure(sim, measure)
    if base.grid.cell_m != other.grid.cell_m or not np.array_equal(base.grid.ix, other.grid.ix):
        raise InputError("the two simulated coverages are on different grids.", field="grid",
                         fix="use one grid for both.")
    eff = measure == "effective"
    if eff:
        d, bounds, colours = other.cell_mean("effective") - base.cell_mean("effective"), DIFF_BOUNDS, DIFF_COLOURS
    else:
        d = 100 * (other.cell_share_of("first") - base.cell_share_of("first"))
        bounds, colours = SHARE_DIFF_BOUNDS, DIFF_COLOURS[::-1]
    few = (base.cell_alarms < MIN_CELL_ALARMS) | (other.cell_alarms < MIN_CELL_ALARMS)
    cls = classify(d, bounds)
    cls[few] = -2
    fig, ax, panel = _new_figure()
    drawn = _draw_base(fig, ax, base.grid, ctx, _rgba(base.grid, cls, colours, {-2: NO_ALARM_COLOUR}), lang,
                       hidden_cells(ctx, base.grid, base.cell_alarms))
    unit = "min" if eff else t("pp_long", lang)  # as the other classes of this legend spell it
    labels = [_diff_label(lo, hi, unit, lang, better_when_negative=eff) for lo, hi in zip(bounds[:-1], bounds[1:])]
    classes = list(zip(labels, colours)) + [(t("map_few_alarms", lang, n=MIN_CELL_ALARMS), NO_ALARM_COLOUR)]
    figures = _sim_diff_figures(base, other, paired, eff, lang) + warmup_note(warmup_days, lang)
    _panel(fig, panel, t("map_legend_simdiff_eff" if eff else "map_legend_simdiff", lang, t=base.target_minutes),
           classes, ctx, drawn, lang, figures)
    _titles(fig, t("map_title_simdiff_eff" if eff else "map_title_simdiff", lang, a=base.scenario, b=other.scenario,
                   t=base.target_minutes),
            t("map_sub_simdiff", lang, r=replications, y=years, c=base.grid.cell_m / 1000))
    return fig


def _magnitude(lo: float, hi: float, lang: str) -> str:
    """A class of changes by its size, ``0.5–2`` or ``> 10`` (both sides of zero read as positive sizes)."""
    if hi <= 0:
        return f"> {general(-hi, lang)}" if np.isinf(lo) else f"{general(-hi, lang)}–{general(-lo, lang)}"
    return f"> {general(lo, lang)}" if np.isinf(hi) else f"{general(lo, lang)}–{general(hi, lang)}"


def _diff_label(lo: float, hi: float, unit: str, lang: str, better_when_negative: bool) -> str:
    if lo < 0 < hi:
        return t("map_nochange_unit", lang, r=general(hi, lang), u=unit)
    mag = _magnitude(lo, hi, lang)
    better = (hi <= 0) == better_when_negative
    if better_when_negative:  # minutes (the effective force); else percentage points of the share within target
        return t("map_faster" if better else "map_slower", lang, r=mag)
    return t("map_better_pp" if better else "map_worse_pp", lang, r=mag)


def _sim_diff_figures(base: SimulatedCoverage, other: SimulatedCoverage, paired: dict | None, eff: bool,
                      lang: str) -> list[str]:
    """The panel's overall figures: both scenarios' values and, given paired differences, the change with its CI."""
    if eff:
        a, b = (s.overall["effective_force"]["first_arrival_minutes"]["mean"] for s in (base, other))
        lines = [t("map_sim_eff_mean", lang, a=num(a, 1, lang), b=num(b, 1, lang))]
        pd = (paired or {}).get("effective_force", {}).get("mean")
        if pd and pd.get("ci95"):
            lines.append(t("map_sim_change_min", lang, d=num(pd["difference"], 2, lang, sign=True),
                           lo=num(pd["ci95"][0], 2, lang, sign=True), hi=num(pd["ci95"][1], 2, lang, sign=True)))
    else:
        a, b = base.overall["share_within_target"], other.overall["share_within_target"]
        lines = [t("map_sim_share", lang, t=base.target_minutes, a=f"{num(100 * a, 1, lang)} %",
                   b=f"{num(100 * b, 1, lang)} %")]
        pd = (paired or {}).get("first_arrival", {}).get("share_within_target")
        if pd and pd.get("ci95"):
            lines.append(t("map_sim_change_pp", lang, d=num(100 * pd["difference"], 1, lang, sign=True),
                           lo=num(100 * pd["ci95"][0], 1, lang, sign=True),
                           hi=num(100 * pd["ci95"][1], 1, lang, sign=True)))
    return lines


def figure_bytes(fig: Figure, fmt: str = "png", dpi: int = DPI) -> bytes:
    """Render a figure; vector formats carry no creation date so the same input gives the same file."""
    buf = io.BytesIO()
    metadata = {"png": None, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}.get(fmt)
    # SVG element ids are random unless salted.
    with matplotlib.rc_context({"svg.hashsalt": "raddsim"}):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata)
    return buf.getvalue()


def save_figure(fig: Figure, stem: str | Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write ``stem.png``, ``stem.svg`` … atomically; returns the paths."""
    paths = []
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"unknown map format '{fmt}'.", field="--formats",
                             fix=f"use some of {', '.join(FORMATS)}.")
        paths.append(write_bytes_atomic(Path(f"{stem}.{fmt}"), figure_bytes(fig, fmt)))
    return paths
