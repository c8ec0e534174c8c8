"""Summaries and maps of a generated alarm stream (``raddsim demand``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.io import figure_marks, write_atomic
from raddsim.demand.generate import Incidents
from raddsim.demand.points import DemandPoints
from raddsim.demand.spec import DemandSpec
from raddsim.demand.timeprofile import SECONDS_PER_YEAR, season_months
from raddsim.figures.metrics import TIME, ci95_list, share_ci95
from raddsim.figures.proportion import wilson_effective
from raddsim.views.i18n import area_label, t
from raddsim.views.numbers import formatted, simulated_years


def summarize_stream(spec: DemandSpec, points: DemandPoints, runs: list[Incidents], area_names: list[str],
                     areas: list[np.ndarray], years: float) -> dict:
    """Counts by type, hour, month, station area and island, per simulated year."""
    n_years = years * len(runs)
    types = np.concatenate([r.type for r in runs]) if runs else np.zeros(0, np.int64)
    times = np.concatenate([r.time_s for r in runs]) if runs else np.zeros(0)
    hour, weekday, month = spec.profile.calendar(times)
    point = np.concatenate([r.point for r in runs]) if runs else np.zeros(0, np.int64)
    area = np.concatenate(areas) if areas else np.zeros(0, np.int64)
    island = points.island[point] if len(point) else np.zeros(0, bool)
    sea = points.sea[point] if len(point) else np.zeros(0, bool)
    summer = np.isin(month, season_months("summer", spec.summer_months))  # the region's summer (south: Dec–Feb)
    ids = spec.catalog.ids
    return {
        "alarms": int(len(times)),
        "simulated_years": n_years,
        "alarms_per_year": len(times) / n_years if n_years else 0.0,
        # The rate is drawn (Poisson): its t-interval over the replications' rates says whether it departs from the
        # region's rate by more than chance (None with one replication, as every other interval).
        "alarms_per_year_ci95": ci95_list([len(r.time_s) / years for r in runs], TIME) if years else None,
        "replications": len(runs),
        "by_type": {tid: int((types == k).sum()) for k, tid in enumerate(ids)},
        "by_hour": np.bincount(hour, minlength=24).tolist(),
        "by_weekday": np.bincount(weekday, minlength=7).tolist(),
        "by_month": np.bincount(month - 1, minlength=12).tolist(),
        "by_station_area": {name: int((area == k).sum()) for k, name in enumerate(area_names)},
        "has_islands": bool(points.island.any() or points.sea.any()),
        "island_share": {"summer": float(island[summer].mean()) if summer.any() else None,
                         "rest_of_year": float(island[~summer].mean()) if (~summer).any() else None},
        "by_boat_share": {"summer": float(sea[summer].mean()) if summer.any() else None,
                          "rest_of_year": float(sea[~summer].mean()) if (~summer).any() else None},
        "day_night_ratio": _day_night_ratio(hour),
    } | share_intervals(spec, points, runs, area_names, areas, months_simulated(spec, years))


def months_simulated(spec: DemandSpec, years: float) -> np.ndarray:
    """Which calendar months (January first) a replication of ``years`` from the region's calendar start covers.

    A month outside them has no alarm because it was not simulated, not because none happens in it: its share has
    no value and no interval (``--years 0.3`` covers January to mid-April).
    """
    span = years * SECONDS_PER_YEAR
    quarter_days = np.append(np.arange(0.0, span, 21_600.0), span)  # every 6 h and the end: no month is skipped
    covered = np.zeros(12, bool)
    covered[spec.profile.calendar(quarter_days)[2] - 1] = True
    return covered


#: How ``raddsim demand --json`` makes the intervals of its shares (its ``ci95_method``).
DEMAND_CI95_METHOD = {
    "alarms_per_year": "Student t (95 %) over the replications' yearly rates; null with one replication",
    "shares": "each …_share is the share of all the replications' alarms; its …_ci95 is made over the replications' "
              "own shares (each replication draws its own stream) with raddsim.figures.metrics.share_ci95: Student t "
              "widened to hold Wilson's interval at the effective number of alarms; where one replication only has "
              "alarms to share (one --replications, or a season in one), Wilson's interval of that one stream's "
              "alarms, which a Poisson stream's independently drawn alarms make binomial given their number; null "
              "without an alarm to share",
    "day_night_ratio": "the day share's interval (as the shares') turned into a ratio day/(1 − day); null when its "
                       "upper end reaches every alarm by day",
}


def share_intervals(spec: DemandSpec, points: DemandPoints, runs: list[Incidents], area_names: list[str],
                    areas: list[np.ndarray], months: np.ndarray | None = None) -> dict:
    """The shares of :func:`summarize_stream`'s counts with their 95 % intervals (:data:`DEMAND_CI95_METHOD`).

    Parameters
    ----------
    spec, points, runs
        The demand, its points and each replication's alarms.
    area_names, areas
        The station areas and each replication's alarms' area (an index into ``area_names``).
    months
        The months simulated (:func:`months_simulated`); another month's share and interval are None. None: all.

    Returns
    -------
    dict
        ``by_type_share``, ``by_hour_share``, ``by_weekday_share``, ``by_month_share``, ``by_station_area_share``
        (each with its ``…_ci95``), ``island_share_ci95``, ``by_boat_share_ci95``, ``day_night_ratio_ci95``,
        ``share_ci95_basis`` (``"replications"`` or ``"one stream"``) and ``ci95_method``.
    """
    rows: list[dict[str, Any]] = []
    for r, area in zip(runs, areas):
        hour, weekday, month = spec.profile.calendar(r.time_s)
        island, sea = (points.island[r.point], points.sea[r.point]) if len(r.point) else (np.zeros(0, bool),) * 2
        summer = np.isin(month, season_months("summer", spec.summer_months))
        types = r.type if r.type is not None else np.zeros(0, np.int64)  # generated alarms always have a type
        rows.append({"type": np.bincount(types, minlength=len(spec.catalog.ids)),
                     "hour": np.bincount(hour, minlength=24), "weekday": np.bincount(weekday, minlength=7),
                     "month": np.bincount(month - 1, minlength=12),
                     "area": np.bincount(area, minlength=len(area_names)), "n": len(r.time_s),
                     "day": int(((hour >= 7) & (hour < 19)).sum()),
                     "island": [(int(island[m].sum()), int(m.sum())) for m in (summer, ~summer)],
                     "sea": [(int(sea[m].sum()), int(m.sum())) for m in (summer, ~summer)]})
    n = np.array([x["n"] for x in rows])
    out: dict = {}
    for key, name in (("type", "by_type"), ("hour", "by_hour"), ("weekday", "by_weekday"), ("month", "by_month"),
                      ("area", "by_station_area")):
        counts = np.array([x[key] for x in rows]).reshape(len(rows), -1)
        shares = [_pooled(counts[:, c], n) for c in range(counts.shape[1])]
        cis = [share_interval(counts[:, c], n) for c in range(counts.shape[1])]
        if key == "month" and months is not None:  # a month not simulated has no share, not a share of 0
            shares = [x if months[c] else None for c, x in enumerate(shares)]
            cis = [x if months[c] else None for c, x in enumerate(cis)]
        keys = {"type": spec.catalog.ids, "area": area_names}.get(key)
        out[f"{name}_share"] = dict(zip(keys, shares)) if keys else shares
        out[f"{name}_share_ci95"] = dict(zip(keys, cis)) if keys else cis
    for key in ("island", "sea"):
        out[f"{'island' if key == 'island' else 'by_boat'}_share_ci95"] = {
            season: share_interval(np.array([x[key][k][0] for x in rows]), np.array([x[key][k][1] for x in rows]))
            for k, season in enumerate(("summer", "rest_of_year"))}
    day = share_interval(np.array([x["day"] for x in rows]), n)
    out["day_night_ratio_ci95"] = None if day is None or day[1] >= 1 else [day[0] / (1 - day[0]), day[1] / (1 - day[1])]
    out["share_ci95_basis"] = "replications" if np.count_nonzero(n) >= 2 else "one stream"
    out["ci95_method"] = DEMAND_CI95_METHOD
    return out


def _pooled(k: np.ndarray, n: np.ndarray) -> float | None:
    """The share of all the replications' alarms, None without one."""
    total = int(n.sum())
    return int(k.sum()) / total if total else None


def share_interval(k: np.ndarray, n: np.ndarray) -> list[float] | None:
    """A share's 95 % interval from each replication's count ``k`` of ``n`` alarms (:data:`DEMAND_CI95_METHOD`).

    Over the replications with alarms (:func:`~raddsim.figures.metrics.share_ci95`) where two or more have any;
    Wilson's interval of the one stream's alarms where one has; None where none has.
    """
    with_alarms = n > 0
    if np.count_nonzero(with_alarms) >= 2:
        _, lo, hi = share_ci95(k[with_alarms] / n[with_alarms], n[with_alarms])
    elif with_alarms.any():
        lo, hi = wilson_effective(float(k.sum() / n.sum()), float(n.sum()))
    else:
        return None
    return None if lo is None or hi is None else [float(lo), float(hi)]


def _day_night_ratio(hour: np.ndarray) -> float | None:
    """Alarms 07–19 per alarm 19–07; None (JSON null) without a night alarm, where no ratio exists: dividing by
    at least 1 printed 0.00 for a run with no alarm and the day's count for one with only day alarms."""
    night = int(((hour < 7) | (hour >= 19)).sum())
    return int(((hour >= 7) & (hour < 19)).sum()) / night if night else None


def format_stream(summary: dict, spec: DemandSpec, lang: str = "en") -> str:
    """A readable text version of :func:`summarize_stream`: full type names, hours, named months, areas, each share
    with its 95 % interval (a summary saved before the intervals existed: the shares alone)."""
    s = summary
    names = {tt.id: (tt.name_sv if lang == "sv" else tt.name) for tt in spec.catalog.types}
    width = max([len(names[tid]) for tid in s["by_type"]] + [20])
    # Swedish writes a space before the percent sign; English output stays as it always was.
    per_cent = "\u00a0%" if lang == "sv" else "%"
    years = s.get("simulated_years")  # a summary saved before the key existed has none
    ci = s.get("alarms_per_year_ci95")
    rate = formatted(s["alarms_per_year"], ".0f", lang) + (
        f" [{formatted(ci[0], '.0f', lang)}–{formatted(ci[1], '.0f', lang)}]" if ci else "")
    lines = [t("demand_total", lang, n=formatted(s["alarms"], ",", lang), sy=simulated_years(years, lang),
               r=rate, c=t("demand_rate_ci", lang, k=s.get("replications")) if ci else "") if years is not None else
             f"{formatted(s['alarms'], ',', lang)} {t('alarms', lang)} "
             f"({formatted(s['alarms_per_year'], '.0f', lang)} {t('per_year', lang)})"]
    basis = s.get("share_ci95_basis")
    if basis and s["alarms"]:  # which interval the shares carry: over replications, or one stream's Wilson
        lines.append(t("demand_share_ci", lang, k=s.get("replications")) if basis == "replications"
                     else t("demand_share_ci_one", lang))
    lines += ["", f"{t('demand_types_head', lang)}:"]
    type_ci = s.get("by_type_share_ci95") or {}
    for tid, n in s["by_type"].items():
        share = _share_of(n, s["alarms"], lang, per_cent) + _bracket(type_ci.get(tid), 1, lang)
        lines.append(f"  {names[tid]:<{width}} {formatted(n, '>8,', lang)}  {share}")
    lines += ["", *_profile(s, "by_hour", t("demand_hour", lang), [f"{h:02d}" for h in range(24)], 0, 2, lang),
              *_profile(s, "by_month", t("demand_month", lang), t("month_abbr", lang).split(), 1, 4, lang),
              *_unsimulated_months(s, lang),
              "",
              f"{t('demand_areas_head', lang)}:"]
    area_ci = s.get("by_station_area_share_ci95") or {}
    for area, n in s["by_station_area"].items():
        share = _share_of(n, s["alarms"], lang, per_cent) + _bracket(area_ci.get(area), 1, lang)
        lines.append(f"  {area_label(area, lang):<20} {formatted(n, '>8,', lang)}  {share}")
    return "\n".join(lines + _islands_and_day(s, spec, lang, per_cent))


def _islands_and_day(s: dict, spec: DemandSpec, lang: str, per_cent: str) -> list[str]:
    """The island lines (where the demand lies on islands) and the day/night ratio, with their intervals."""
    lines: list[str] = []
    isl = s["island_share"]
    # A region whose demand lies on no island (no ferry, no archipelago layer: an imported EMS model) has no line.
    if s.get("has_islands", True) and (isl["summer"] is not None or isl["rest_of_year"] is not None):
        def fmt(block: str, season: str) -> str:
            x = s[block][season]
            ci = (s.get(f"{block}_ci95") or {}).get(season)
            return "–" if x is None else f"{formatted(100 * x, '.1f', lang)}{per_cent}{_bracket(ci, 1, lang)}"

        lines += ["", t("demand_islands", lang, s=fmt("island_share", "summer"), r=fmt("island_share", "rest_of_year"))]
        if spec.islands:
            lines.append(t("demand_by_boat", lang, s=fmt("by_boat_share", "summer"),
                           r=fmt("by_boat_share", "rest_of_year")))
    ratio = s["day_night_ratio"]
    why = t("demand_no_alarm" if not s["alarms"] else "demand_no_night", lang)
    ci = s.get("day_night_ratio_ci95")
    bracket = f" [{formatted(ci[0], '.2f', lang)}–{formatted(ci[1], '.2f', lang)}]" if ci else ""
    lines.append(t("demand_day_night", lang, x=ratio) + bracket if ratio is not None else
                 t("demand_day_night_none", lang, r=why))
    return lines


def _bracket(ci: list[float] | None, digits: int, lang: str) -> str:
    """`` [22.1–33.5]``: a share's interval in per cent, after its share; nothing without one."""
    if not ci:
        return ""
    return f" [{formatted(100 * ci[0], f'.{digits}f', lang)}–{formatted(100 * ci[1], f'.{digits}f', lang)}]"


def _profile(s: dict, key: str, head: str, labels: list[str], digits: int, least: int, lang: str) -> list[str]:
    """An hour or month profile: its labels over its shares in per cent, and under them the low and high ends of
    each share's 95 % interval where the summary has them ('–' for every share when there is no alarm)."""
    total = s["alarms"]
    share = (lambda v: formatted(v, f".{digits}f", lang) if digits else str(round(v)))  # noqa: E731
    pooled = s.get(f"{key}_share") or [0.0] * len(s[key])  # None: a month not simulated (months_simulated)
    cells = [share(100 * v / total) if total and p is not None else "–" for v, p in zip(s[key], pooled)]
    cis = s.get(f"{key}_share_ci95")
    if not total or not cis:
        return [f"{head} (%):", *_profile_rows(labels, [cells], least)]
    ends = [[share(100 * c[k]) if c else "–" for c in cis] for k in (0, 1)]
    return [f"{head} (%{t('demand_ci_rows', lang)}):", *_profile_rows(labels, [cells, *ends], least)]


def _unsimulated_months(s: dict, lang: str) -> list[str]:
    """A line saying what the month profile's '–' means when some month was not simulated (a part year), else
    nothing."""
    years = s.get("simulated_years")
    if not s["alarms"] or None not in (s.get("by_month_share") or []) or not years or not s.get("replications"):
        return []
    days = years / s["replications"] * 365.25
    return [t("demand_months_unsimulated", lang, d=formatted(days, ".1f", lang))]


def _profile_rows(labels: list[str], rows: list[list[str]], least: int) -> list[str]:
    """A profile's labels over its rows of shares, every column ``least`` characters or as wide as the widest label
    or share: a share of 100 (all alarms in one hour or month) is wider than the others and pushed the columns after
    it out of line."""
    width = max(len(x) for x in [*labels, *(c for r in rows for c in r), " " * least])
    return ["  " + " ".join(f"{x:>{width}}" for x in row) for row in (labels, *rows)]


def _share_of(n: int, total: int, lang: str, per_cent: str) -> str:
    """``n`` of ``total`` alarms as ' 12.5%' (Swedish ' 12,5 %': ``per_cent`` is the sign as the language writes
    it); '    –' when there is no alarm to share."""
    if not total:
        return f"{'–':>5}"
    return f"{formatted(100 * n / total, '5.1f', lang)}{per_cent}"


def plot_stream(path: str | Path, net, points: DemandPoints, runs: list[Incidents], summary: dict, title: str,
                spec: DemandSpec | None = None, subtitle: str = "", lang: str = "en", outline=None) -> Path:
    """Map of alarm locations by incident type (named), with tätorter, a km scale, and hour and month profiles."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from raddsim.views.mapparts import scale_bar

    fig = Figure(figsize=(12, 8.5), dpi=130)
    FigureCanvasAgg(fig)
    fig.text(0.02, 0.975, title, fontsize=13, fontweight="bold", va="top")
    if subtitle:
        fig.text(0.02, 0.94, subtitle, fontsize=9, va="top", color="#333333")
    ax = fig.add_axes((0.02, 0.03, 0.60, 0.88))
    if outline is not None and outline.land is not None:
        _draw_outline(ax, outline)
    _draw_roads(ax, net)
    _draw_alarms(ax, net, runs, spec, lang)
    ax.set_xticks([])
    ax.set_yticks([])
    if spec is not None and spec.places:
        _draw_places(ax, spec, net.metric_crs)
    scale_bar(ax, lang)
    _draw_legend(fig, ax, lang)
    _draw_profiles(fig, summary, lang)
    path = Path(path)
    formats = fig.canvas.get_supported_filetypes()
    if path.suffix.lower().lstrip(".") not in formats:
        raise InputError(f"cannot write a plot as '{path.suffix or 'no suffix'}'.", file=path, field="path",
                         fix=f"end the name in one of: {', '.join('.' + f for f in sorted(formats))}.")
    fmt = path.suffix.lower().lstrip(".")  # raddsim's mark where the format holds one: a re-run may replace it
    write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=130, format=fmt, **figure_marks(fmt)))
    return path


def _draw_roads(ax, net) -> None:
    """Every road edge as a thin grey line."""
    from matplotlib.collections import LineCollection

    segs = np.stack([np.column_stack([net.x[net.edge_u], net.y[net.edge_u]]),
                     np.column_stack([net.x[net.edge_v], net.y[net.edge_v]])], axis=1)
    ax.add_collection(LineCollection(list(segs), colors="#999999", linewidths=0.6, zorder=1))  # one (2, 2) per edge


def _draw_alarms(ax, net, runs: list[Incidents], spec: DemandSpec | None, lang: str) -> None:
    """The alarms of all runs, coloured and labelled by incident type; the view fitted to them."""
    from raddsim.network.positions import to_metric

    node = np.concatenate([r.node for r in runs])
    xs, ys = np.asarray(net.x), np.asarray(net.y)
    if spec is not None and spec.islands:  # island alarms are drawn on their islands (columns after the road nodes)
        ix, iy = to_metric(np.array([i.lon for i in spec.islands]), np.array([i.lat for i in spec.islands]),
                           net.metric_crs)
        xs, ys = np.concatenate([xs, ix]), np.concatenate([ys, iy])
    types = np.concatenate([r.type for r in runs])
    rng = np.random.default_rng(0)
    jitter = rng.normal(0, 300, (len(node), 2))  # spread stacked points so density is visible
    cmap = matplotlib_cmap("tab10")
    names = [(tt.name_sv if lang == "sv" else tt.name) for tt in spec.catalog.types] if spec else []
    for k in np.unique(types):
        sel = types == k
        ax.scatter(xs[node[sel]] + jitter[sel, 0], ys[node[sel]] + jitter[sel, 1], s=4, alpha=0.35,
                   color=cmap(k % 10),
                   zorder=2, label=names[k] if k < len(names) else str(k), linewidths=0)
    ax.set_aspect("equal")
    pad = 3000.0  # the alarms' extent, not the sea's: the outline reaches out to the Åland sea border
    seen = node if len(node) else np.arange(len(net.x))  # no alarm (a short period, one season): the roads' extent
    ax.set_xlim(xs[seen].min() - pad, xs[seen].max() + pad)
    ax.set_ylim(ys[seen].min() - pad, ys[seen].max() + pad)


def _draw_legend(fig, ax, lang: str) -> None:
    """The incident-type legend beside the map, with opaque markers."""
    handles, labels = ax.get_legend_handles_labels()
    leg = fig.legend(handles, labels, title=t("demand_type", lang), fontsize=8, title_fontsize=9, loc="lower left",
                     bbox_to_anchor=(0.655, 0.09), markerscale=3, frameon=False, alignment="left")
    for h in leg.legend_handles:
        if h is not None:  # a handle matplotlib could not draw for a legend entry
            h.set_alpha(1)


def _draw_profiles(fig, summary: dict, lang: str) -> None:
    """Bar charts of alarms by hour of day and by month, right of the map."""
    a1 = fig.add_axes((0.67, 0.67, 0.31, 0.22))
    a1.bar(range(24), summary["by_hour"], color="#2b6cb0")
    a1.set_title(t("demand_by_hour", lang), fontsize=10)
    a1.set_xticks(range(0, 24, 3))
    a1.set_xlabel(t("demand_hour", lang), fontsize=8)
    a2 = fig.add_axes((0.67, 0.36, 0.31, 0.22))
    a2.bar(range(1, 13), summary["by_month"], color="#c05621")
    a2.set_title(t("demand_by_month", lang), fontsize=10)
    a2.set_xticks(range(1, 13), t("month_abbr", lang).split(), fontsize=8)


def _draw_outline(ax, outline) -> None:
    """Sea and land behind the roads (the coast outline of the map views)."""
    from matplotlib.patches import PathPatch

    from raddsim.views.mapframe import polygon_path
    from raddsim.views.mapstyle import LAND_COLOUR, SEA_COLOUR

    ax.set_facecolor("#eceae4")
    for geom, colour in ((outline.sea, SEA_COLOUR), (outline.land, LAND_COLOUR)):
        if geom is not None and (path_ := polygon_path(geom)) is not None:
            ax.add_patch(PathPatch(path_, facecolor=colour, edgecolor="none", zorder=0))


def _draw_places(ax, spec: DemandSpec, crs: str) -> None:
    """Tätorter as dots, named when they have at least 1000 residents."""
    from raddsim.network.positions import to_metric

    px, py = to_metric(np.array([p.lon for p in spec.places]), np.array([p.lat for p in spec.places]), crs)
    ax.scatter(px, py, s=14, c="black", zorder=4, linewidths=0)
    for p, x, y in zip(spec.places, px, py):
        if p.population >= 1000:
            ax.annotate(p.name, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=8, zorder=5,
                        fontstyle="italic", path_effects=_halo())


def matplotlib_cmap(name: str):
    import matplotlib

    return matplotlib.colormaps[name]


def _halo():
    import matplotlib.patheffects as pe

    return [pe.withStroke(linewidth=2.4, foreground="white")]
