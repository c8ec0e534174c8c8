"""Coverage maps for the board: PNG, SVG and PDF with matplotlib.

Maps on the coverage grid in the network's metric CRS (SWEREF 99 TM, EPSG:3006, in Sweden):

* :func:`coverage_map` — expected minutes to the first crew (or the effective force, or the first crew's own
  travel), graduated classes;
* :func:`difference_map` — minutes gained or lost between two scenarios (diverging colours);
* :func:`probability_map` — the simulated share of alarms reached within the target;
* :func:`probability_zone_map` — the same, each alarm within its own target zone's target;
* :func:`simulated_difference_map` — where a staffing change moves the simulated outcome.

Each shows the roads, the municipality boundary (when given), the stations
with their crews, tätort labels placed so they do not overlap, a scale bar, a
north arrow, the sources, and a warning when the network is approximate. A
web-tile basemap (contextily) is drawn only on request and only if it can be
fetched; the maps never need it.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from raddsim.core.errors import InputError
from raddsim.coverage.simulated import SimulatedCoverage
from raddsim.coverage.static import StaticCoverage
from raddsim.region.zones import OUTSIDE_ZONES
from raddsim.views.figfiles import DPI, FORMATS, figure_bytes, save_figure
from raddsim.views.i18n import t
from raddsim.views.islandmap import draw_islands, island_colours, island_minutes
from raddsim.views.mapcontext import MapContext, hidden_cells, map_context
from raddsim.views.mapframe import draw_base, legend_panel, new_figure, titles
from raddsim.views.mapstyle import (
    DIFF_BOUNDS,
    DIFF_COLOURS,
    MIN_CELL_ALARMS,
    MINUTE_BOUNDS,
    MINUTE_COLOURS,
    NO_ALARM_COLOUR,
    PROB_BOUNDS,
    PROB_COLOURS,
    SHARE_DIFF_BOUNDS,
    UNREACHABLE_COLOUR,
    classify,
    diff_label,
    magnitude,
    minute_bounds,
    range_label,
    rgba,
)
from raddsim.views.numbers import general, interval_digits, num
from raddsim.views.zonemap import MAX_ZONES_LISTED, draw_zone_outlines

#: The words of each static coverage map (i18n keys): legend title, title, subtitle, squares never reached.
MAP_WORDS = {
    "first": ("map_legend_minutes", "map_title_static", "map_sub_static", "map_unreachable"),
    "effective": ("map_legend_effective", "map_title_effective", "map_sub_effective", "map_never"),
    "travel": ("map_legend_travel", "map_title_travel", "map_sub_travel", "map_unreachable"),
}


def map_target(cov: StaticCoverage, ctx: MapContext, measure: str) -> float:
    """The minutes ``measure``'s classes are drawn around: the travel target for the first crew's travel, the
    force's own target when the region sets one ([region] effective_target_minutes), else the region's target."""
    if measure == "travel" and cov.travel_target_minutes is not None:
        return cov.travel_target_minutes
    if measure == "effective" and cov.effective_target_minutes is not None:
        return cov.effective_target_minutes
    return ctx.target_minutes


def coverage_map(cov: StaticCoverage, ctx: MapContext, lang: str = "en", measure: str = "first") -> Figure:
    """Expected minutes to the first crew (``measure="first"``), to a smoke-diving force (``"effective"``) or of the
    first crew's own travel (``"travel"``: its drive, with ``[region] travel_target_minutes``)."""
    values = cov.values(measure)
    legend, title_key, sub_key, never = MAP_WORDS[measure]
    target = map_target(cov, ctx, measure)
    bounds = minute_bounds(target)
    fig, ax, panel = new_figure()
    cls = classify(values, bounds)
    cls[np.isinf(values)] = -2
    drawn = draw_base(fig, ax, cov.grid, ctx, rgba(cov.grid, cls, MINUTE_COLOURS, {-2: UNREACHABLE_COLOUR}), lang,
                       hidden_cells(ctx, cov.grid, cov.population))
    classes = [(range_label(lo, hi), c) for lo, hi, c in zip(bounds[:-1], bounds[1:], MINUTE_COLOURS)]
    if (cls == -2).any():
        classes.append((t(never, lang), UNREACHABLE_COLOUR))
    figures = [t("map_travel_within" if measure == "travel" else "map_residents_within", lang) + ":"] + [
        f"  {m} min: {100 * cov.share_within(m, measure=measure):.0f} %" for m in cov.thresholds_of(measure)]
    people, share = cov.unreached()
    if people > 0.5:  # residents no crew reaches (no road, no boat): in the shares above, within none of them
        figures.append(f"  {t('unreached_col', lang)}: {100 * share:.0f} %")
    # Islands without road access: reached by boat (raddsim.sea), an APPROXIMATE layer.
    islands = bool(cov.islands)
    if islands:
        minutes = [island_minutes(i, measure) for i in cov.islands]
        draw_islands(ax, cov.islands, island_colours(minutes, bounds, MINUTE_COLOURS, UNREACHABLE_COLOUR))
        figures += ["", t("map_islands", lang)]
    title = t(legend, lang)
    if bounds != MINUTE_BOUNDS:  # Norrtälje's 10-minute classes are read as ever; others say where the target is
        title += "\n" + t("map_legend_target", lang, t=target)
    legend_panel(fig, panel, title, classes, ctx, drawn, lang, figures, islands=islands)
    titles(fig, t(title_key, lang, s=cov.scenario, t=target), t(sub_key, lang, v=cov.offroad_kmh, c=cov.grid.cell_m))
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
    fig, ax, panel = new_figure()
    cls = classify(d, DIFF_BOUNDS)
    drawn = draw_base(fig, ax, base.grid, ctx, rgba(base.grid, cls, DIFF_COLOURS), lang,
                       hidden_cells(ctx, base.grid, base.population))
    labels = []
    for lo, hi in zip(DIFF_BOUNDS[:-1], DIFF_BOUNDS[1:]):
        if lo < 0 < hi:
            labels.append(t("map_nochange", lang, r=general(hi, lang)))
        else:
            labels.append(t("map_faster" if hi <= 0 else "map_slower", lang, r=magnitude(lo, hi, lang)))
    w = base.population
    total = w.sum()
    improved = float(w[d < -0.5].sum()) / float(total) if total else np.nan
    worse = float(w[d > 0.5].sum()) / float(total) if total else np.nan
    eff = measure == "effective"
    if eff and other.effective_target_minutes is not None:  # the force's share within its own target
        target = other.effective_target_minutes
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
    legend_panel(fig, panel, t("map_legend_diff", lang), list(zip(labels, DIFF_COLOURS)), ctx, drawn, lang, figures,
                 islands=bool(base.islands) and len(base.islands) == len(other.islands))
    titles(fig, t("map_title_diff_eff" if eff else "map_title_diff", lang, a=base.scenario, b=other.scenario),
            t("map_sub_diff", lang, c=base.grid.cell_m))
    return fig


def probability_map(sim: SimulatedCoverage, ctx: MapContext, lang: str = "en", replications: int = 0, years: float = 0,
                    measure: str = "first", warmup_days: float = 0.0) -> Figure:
    """Simulated share of alarms reached within the target per cell, by the first crew or the effective force.

    Grey: no alarm simulated there. ``measure="effective"`` needs records with ``t_effective``.
    ``warmup_days``: the replications' warm-up, said in the key figures when there was one.
    """
    require_measure(sim, measure)
    fig, ax, panel, drawn, classes = _share_cells(sim, sim.cell_share_of(measure), ctx, lang)
    islands = _share_islands(ax, sim, measure)
    eff = measure == "effective"
    o = sim.overall["effective_force"] if eff else sim.overall
    ci = o.get("share_within_target_ci95")
    target = sim.target_of(measure)  # the effective force's own target when the region sets one
    figures = [f"{t('map_alarms_within_eff' if eff else 'map_alarms_within', lang, t=target)}: "
               f"{100 * o['share_within_target']:.0f} %"
               + (f" [{100 * max(ci[0], 0):.0f}–{100 * min(ci[1], 1):.0f}]" if ci else ""),
               *warmup_note(warmup_days, lang)]
    if islands:
        figures += ["", t("map_islands", lang)]
    legend_panel(fig, panel, t("map_legend_prob", lang, t=target), classes, ctx, drawn, lang, figures,
                 islands=islands)
    titles(fig, t("map_title_prob_eff" if eff else "map_title_prob", lang, t=target, s=sim.scenario),
            t("map_sub_prob", lang, r=replications, y=years, c=sim.grid.cell_m / 1000))
    return fig


def _share_islands(ax, sim: SimulatedCoverage, measure: str) -> bool:
    """The islands without road as circles in the map's share classes (grey: no alarm simulated there), as the
    static maps draw them in their minute classes; whether there were any. Their alarms lie on no square, so
    without these the archipelago's simulated outcome was on no map."""
    if not sim.islands:
        return False
    share = sim.island_share_of(measure)
    cls = classify(share, PROB_BOUNDS)
    cls[np.isnan(share)] = -2  # no alarm simulated on the island
    draw_islands(ax, sim.islands, [NO_ALARM_COLOUR if k < 0 else PROB_COLOURS[k] for k in cls])
    return True


def _share_cells(sim: SimulatedCoverage, share: np.ndarray, ctx: MapContext, lang: str) -> tuple:
    """A new map with the squares coloured by ``share`` (grey: no alarm); (figure, axes, panel, what is drawn, the
    legend's classes)."""
    cls = classify(share, PROB_BOUNDS)
    cls[sim.cell_alarms <= 0] = -2
    fig, ax, panel = new_figure()
    drawn = draw_base(fig, ax, sim.grid, ctx, rgba(sim.grid, cls, PROB_COLOURS, {-2: NO_ALARM_COLOUR}), lang,
                      hidden_cells(ctx, sim.grid, sim.cell_alarms))
    classes = [(f"{100 * lo:.0f}–{100 * min(hi, 1):.0f} %", c) for lo, hi,
               c in zip(PROB_BOUNDS[:-1], PROB_BOUNDS[1:], PROB_COLOURS)]
    classes.append((t("map_no_alarms", lang), NO_ALARM_COLOUR))
    return fig, ax, panel, drawn, classes


def probability_zone_map(sim: SimulatedCoverage, ctx: MapContext, lang: str = "en", replications: int = 0,
                         years: float = 0, warmup_days: float = 0.0) -> Figure:
    """Simulated share of alarms whose first crew is on scene within the alarm's own zone's target, per cell, with the
    zones' outlines dashed (``[region] target_zones``).

    The key figures: every alarm against its zone's target [95 % CI], then each zone with alarms, its target and share.
    """
    share = sim.cell_zone_share
    if share is None or sim.zones is None:
        raise InputError("this simulation has no target zones.", field="[region] target_zones",
                         fix="name a zones file in the region file's [region] target_zones (docs/formats.md, "
                             "Target zones).")
    fig, ax, panel, drawn, classes = _share_cells(sim, share, ctx, lang)
    draw_zone_outlines(ax, sim.zone_geometries)
    o = sim.zones["overall"]
    ci = o.get("share_within_target_ci95")
    figures = [f"{t('zones_all', lang)}: {100 * o['share_within_target']:.0f} %"
               + (f" [{100 * ci[0]:.0f}–{100 * ci[1]:.0f}]" if ci else "")]
    zones = sorted(((z["alarms"], name, z) for name, z in sim.zones["per_zone"].items() if z["alarms"]),
                   key=lambda item: -item[0])  # the zones with the most alarms, as the static zone map lists them
    for _, name, z in zones[:MAX_ZONES_LISTED]:
        label = t("outside_zones", lang) if name == OUTSIDE_ZONES else name
        figures.append(f"  {label} ({general(z['target_minutes'], lang)} min): {100 * z['share_within_target']:.0f} %")
    if len(zones) > MAX_ZONES_LISTED:
        figures.append("  " + t("zmap_more", lang, n=len(zones) - MAX_ZONES_LISTED))
    legend_panel(fig, panel, t("map_legend_prob_zones", lang), classes, ctx, drawn, lang,
                 figures + warmup_note(warmup_days, lang))
    titles(fig, t("map_title_prob_zones", lang, s=sim.scenario),
           t("map_sub_prob", lang, r=replications, y=years, c=sim.grid.cell_m / 1000))
    return fig


def warmup_note(warmup_days: float, lang: str) -> list[str]:
    """The key-figure line of a simulated map whose replications ran after a warm-up (none without one)."""
    return [t("warmup_line", lang, d=warmup_days)] if warmup_days > 0 else []


def require_measure(sim: SimulatedCoverage, measure: str) -> None:
    """Refuse a measure the simulation did not record, in one line naming the option."""
    if measure not in ("first", "effective"):
        raise InputError(f"unknown measure '{measure}'.", field="measure", fix="use first or effective.")
    if not sim.has(measure):
        raise InputError("this simulation recorded no effective-force times.", field="measure",
                         fix="use the measure first (the records carry no t_effective).")


def simulated_difference_map(base: SimulatedCoverage, other: SimulatedCoverage, ctx: MapContext, lang: str = "en",
                             measure: str = "first", paired: dict | None = None, replications: int = 0,
                             years: float = 0, warmup_days: float = 0.0) -> Figure:
    """Where a staffing change moves the simulated outcome, per cell (common random numbers across the two runs).

    ``measure="first"``: change in the chance that the first crew is on scene within the target
    (percentage points, blue = better). ``measure="effective"``: change in the mean minutes to the
    effective force (blue = sooner). Cells with fewer than :data:`MIN_CELL_ALARMS` alarms are grey. Islands without
    road are circles in the same classes, each its paired change (:func:`island_paired_difference`), grey by the
    same rule.
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
    fig, ax, panel = new_figure()
    drawn = draw_base(fig, ax, base.grid, ctx, rgba(base.grid, cls, colours, {-2: NO_ALARM_COLOUR}), lang,
                       hidden_cells(ctx, base.grid, base.cell_alarms))
    unit = "min" if eff else t("pp_long", lang)  # as the other classes of this legend spell it
    labels = [diff_label(lo, hi, unit, lang, better_when_negative=eff) for lo, hi in zip(bounds[:-1], bounds[1:])]
    classes = list(zip(labels, colours)) + [(t("map_few_alarms", lang, n=MIN_CELL_ALARMS), NO_ALARM_COLOUR)]
    figures = _sim_diff_figures(base, other, paired, eff, lang) + warmup_note(warmup_days, lang)
    islands = _share_diff_islands(ax, base, other, measure, bounds, colours)
    if islands:
        figures += ["", t("map_islands", lang)]
    legend_panel(fig, panel, t("map_legend_simdiff_eff" if eff else "map_legend_simdiff", lang, t=base.target_minutes),
                 classes, ctx, drawn, lang, figures, islands=islands)
    titles(fig, t("map_title_simdiff_eff" if eff else "map_title_simdiff", lang, a=base.scenario, b=other.scenario,
                   t=base.target_minutes),
            t("map_sub_simdiff", lang, r=replications, y=years, c=base.grid.cell_m / 1000))
    return fig


def island_paired_difference(base: SimulatedCoverage, other: SimulatedCoverage, measure: str) -> np.ndarray:
    """Per island, the change from ``base`` to ``other`` as the simulated difference map draws it: in the share within
    the target (percentage points; ``measure="first"``) or in the mean minutes to the effective force
    (``"effective"``). The replications are paired (common random numbers), so it is the mean over the replications
    of each one's difference, over those where both scenarios have an alarm on the island (with a time, for the
    minutes); NaN where none has, and an empty array without islands (or with different islands)."""
    if not base.islands or [i.name for i in base.islands] != [i.name for i in other.islands]:
        return np.zeros(0)
    if measure == "effective":
        a, b = base.island_rep_effective_mean, other.island_rep_effective_mean
        if a is None or b is None:
            return np.zeros(0)
        d = b - a  # NaN where either replication had no timed alarm on the island
    else:
        ra, wa = base.island_rep_alarms, base.island_rep_within
        rb, wb = other.island_rep_alarms, other.island_rep_within
        if ra is None or wa is None or rb is None or wb is None:
            return np.zeros(0)
        d = np.where((ra > 0) & (rb > 0), 100 * (wb / np.maximum(rb, 1) - wa / np.maximum(ra, 1)), np.nan)
    if d.shape[0] == 0:
        return np.full(d.shape[1], np.nan)
    both = np.isfinite(d)
    return np.where(both.any(axis=0), np.where(both, d, 0.0).sum(axis=0) / np.maximum(both.sum(axis=0), 1), np.nan)


def _share_diff_islands(ax, base: SimulatedCoverage, other: SimulatedCoverage, measure: str, bounds, colours) -> bool:
    """The islands without road on a simulated difference map, in its classes (:func:`island_paired_difference`);
    grey as a square is: with fewer than :data:`MIN_CELL_ALARMS` alarms in either scenario (pooled), or none in a
    replication of both. Whether any were drawn."""
    d = island_paired_difference(base, other, measure)
    if not len(d):
        return False
    assert base.island_alarms is not None and other.island_alarms is not None  # there are islands
    cls = classify(d, bounds)
    cls[np.isnan(d) | (base.island_alarms < MIN_CELL_ALARMS) | (other.island_alarms < MIN_CELL_ALARMS)] = -2
    draw_islands(ax, other.islands, [NO_ALARM_COLOUR if k < 0 else colours[k] for k in cls])
    return True


def _sim_diff_figures(base: SimulatedCoverage, other: SimulatedCoverage, paired: dict | None, eff: bool,
                      lang: str) -> list[str]:
    """The panel's overall figures: both scenarios' values and, given paired differences, the change with its CI."""
    if eff:
        a, b = (s.overall["effective_force"]["first_arrival_minutes"]["mean"] for s in (base, other))
        lines = [t("map_sim_eff_mean", lang, a=num(a, 1, lang), b=num(b, 1, lang))]
        pd = (paired or {}).get("effective_force", {}).get("mean")
        if pd and pd.get("ci95"):
            k = interval_digits(pd["ci95"], 2)
            lines.append(t("map_sim_change_min", lang, d=num(pd["difference"], k, lang, sign=True),
                           lo=num(pd["ci95"][0], k, lang, sign=True), hi=num(pd["ci95"][1], k, lang, sign=True)))
    else:
        a, b = base.overall["share_within_target"], other.overall["share_within_target"]
        lines = [t("map_sim_share", lang, t=base.target_minutes, a=f"{num(100 * a, 1, lang)} %",
                   b=f"{num(100 * b, 1, lang)} %")]
        pd = (paired or {}).get("first_arrival", {}).get("share_within_target")
        if pd and pd.get("ci95"):
            k = interval_digits([100 * x for x in pd["ci95"]], 1)
            lines.append(t("map_sim_change_pp", lang, d=num(100 * pd["difference"], k, lang, sign=True),
                           lo=num(100 * pd["ci95"][0], k, lang, sign=True),
                           hi=num(100 * pd["ci95"][1], k, lang, sign=True)))
    return lines


# The map API in one place: the figures here, and what a caller needs to draw and save them.
__all__ = ["DPI", "FORMATS", "MapContext", "coverage_map", "difference_map", "figure_bytes",
           "island_paired_difference", "map_context", "probability_map", "probability_zone_map", "require_measure",
           "save_figure", "simulated_difference_map", "warmup_note"]
