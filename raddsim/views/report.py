"""The board report: one self-contained HTML file (images embedded, CSS inline, no external URLs).

Sections: scenarios, headline table with CIs, the distribution of alarm-to-arrival
times against the target, static coverage maps (first crew and smoke-diving
force), difference maps, simulated coverage maps, per station area and per
tätort tables, the assumptions with their sources, and the network's provenance.

:func:`prepare_report` (:mod:`raddsim.views.report_data`) runs the simulation and computes the coverage;
:func:`render_report` turns that into HTML in English or Swedish, so both
languages can be rendered from one run.
"""

from __future__ import annotations

import inspect
import math
from pathlib import Path

import numpy as np

from raddsim import __version__
from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.coverage.static import share_columns
from raddsim.experiment.model import Model
from raddsim.network.positions import SWEREF
from raddsim.region.region import Setup
from raddsim.views.board_text import reported_values, summary_html
from raddsim.views.charts import distribution_figure
from raddsim.views.coverage_notes import share_notes
from raddsim.views.dates import date_words, report_date
from raddsim.views.figfiles import laid_out_at
from raddsim.views.htmlparts import ci_html as _ci  # short local names: the sections are mostly these calls
from raddsim.views.htmlparts import esc as _e
from raddsim.views.htmlparts import missing as _missing
from raddsim.views.htmlparts import pct_html as _pct
from raddsim.views.htmlparts import table_html as _table
from raddsim.views.i18n import area_label, check_lang, t, t_region
from raddsim.views.maps import coverage_map, difference_map, map_context, probability_map, probability_zone_map
from raddsim.views.numbers import general, integer, num, simulated_years
from raddsim.views.plain_text import bare_ci_note, network_label, scenario_notes
from raddsim.views.render import png_base64
from raddsim.views.report_data import ReportData, prepare_report
from raddsim.views.report_text import CSS, assumptions
from raddsim.views.zone_rows import zone_rows
from raddsim.views.zonemap import zone_map

#: Resolution of the images embedded in the report (dots per inch).
REPORT_DPI = 110


def _img(fig, alt: str, caption: str = "") -> str:
    data = png_base64(fig, REPORT_DPI)  # rendered here, or with the others on every core (views.render)
    cap = f"<figcaption>{_e(caption)}</figcaption>" if caption else ""
    return f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{data}">{cap}</figure>'


# ---------------------------------------------------------------- sections

def _alarms_counted(years: float, lang: str) -> str:
    return t("alarms_counted", lang, sy=simulated_years(years, lang))


def _headline(d: ReportData, lang: str) -> str:
    res, target = d.results, d.results["target_minutes"]
    head = [t("scenario", lang),
            # the same wording as the console: 3 × 0.2 years are "0.6", not "1" (whole numbers as before)
            _alarms_counted(res["settings"]["years"] * res["settings"]["replications"], lang),
            t("mean", lang), t("median", lang), t("p90", lang), t("within", lang, t=target)]
    rows = []
    for name, s in res["scenarios"].items():
        fa = s["first_arrival_minutes"]
        rows.append([_e(name), integer(s["alarms"], lang), _ci(fa["mean"], fa.get("mean_ci95"), 2, lang=lang),
                     _ci(fa["median"], fa.get("median_ci95"), lang=lang), _ci(fa["p90"], fa.get("p90_ci95"), lang=lang),
                     _ci(s["share_within_target"], s.get("share_within_target_ci95"), 0, 100, "\u00a0%", True, lang)])
    # Page one's notes again, above the means they qualify: a reader who starts at section 1 reads an overloaded
    # scenario's minutes (they grow with the simulated time) or a scenario's "–" (no alarm) with the reason.
    out = "".join(f'<div class="warning">{_e(note)}</div>' for note in scenario_notes(res, lang))
    out += f'<p class="note">{_e(t("rep_headline_note", lang, t=target))}</p>' + _table(head, rows)
    head = [t("scenario", lang), t("mean", lang), t("median", lang), t("p90", lang),
            t("within", lang, t=d.model.region.effective_target()),  # the force's own target, if the region sets one
            t("never", lang), t("rep_waited", lang)]
    rows = []
    for name, s in res["scenarios"].items():
        eff = s.get("effective_force_minutes") or {}
        rows.append([_e(name), _ci(eff.get("mean"), eff.get("mean_ci95"), 2, lang=lang),
                     _ci(eff.get("median"), eff.get("median_ci95"), lang=lang),
                     _ci(eff.get("p90"), eff.get("p90_ci95"), lang=lang),
                     _ci(eff.get("share_within_target"), eff.get("share_within_target_ci95"), 0, 100, "\u00a0%", True,
                         lang),
                     _ci(eff.get("share_never"), eff.get("share_never_ci95"), 1, 100, "\u00a0%", True, lang),
                     # none of 0 alarms: "–"
                     _ci(s.get("waited_share") if s.get("alarms") else None, s.get("waited_share_ci95"), 1, 100,
                         "\u00a0%", True, lang)])
    out += f"<h3>{_e(t('effective_title', lang))}</h3>" + _table(head, rows) + _travel(res, lang) + _zones(res, lang)
    if res.get("reported_minutes"):
        rep = reported_values(res["reported_minutes"], lang)
        out += f'<p class="note">{_e(t("rep_reported", lang, v=rep))}</p>'
    return out


def _travel(res: dict, lang: str) -> str:
    """The first crew's own travel per scenario against ``[region] travel_target_minutes`` ("" without one)."""
    travel = [s.get("first_travel_minutes") for s in res["scenarios"].values()]
    if not travel or not all(travel):
        return ""
    head = [t("scenario", lang), t("mean", lang), t("median", lang), t("p90", lang),
            t("travel_within", lang, t=travel[0]["travel_target_minutes"])]
    rows = [[_e(name), _ci(tr["mean"], tr.get("mean_ci95"), 2, lang=lang),
             _ci(tr["median"], tr.get("median_ci95"), lang=lang), _ci(tr["p90"], tr.get("p90_ci95"), lang=lang),
             _ci(tr["share_within_travel_target"], tr.get("share_within_travel_target_ci95"), 0, 100, "\u00a0%", True,
                 lang)] for name, tr in zip(res["scenarios"], travel)]
    note = t("travel_note", lang)
    if travel[0].get("travel_target_source"):  # a board number is traceable: where the travel target comes from
        note += " " + t("rep_travel_source", lang, t=travel[0]["travel_target_minutes"],
                        s=travel[0]["travel_target_source"])
    return f"<h3>{_e(t('travel_title', lang))}</h3>" + _table(head, rows) + f'<p class="note">{_e(note)}</p>'



def _zones(res: dict, lang: str) -> str:
    """The first crew per target zone against the zone's own target, and every alarm against its zone's ("" without
    ``[region] target_zones``)."""
    zoned = zone_rows(res, lang)
    if zoned is None:
        return ""
    scen = res["scenarios"]
    first = next(iter(scen.values()))

    def pct_ci(share: float | None, ci: list[float] | None) -> str:
        return _ci(share, ci, 0, 100, "\u00a0%", True, lang)

    rows = [[_e(label)] + [
        _ci(c["first_arrival_minutes"]["mean"], c["first_arrival_minutes"].get("mean_ci95"), lang=lang) + " · "
        + pct_ci(c["share_within_target"], c.get("share_within_target_ci95")) + f" (n={integer(c['alarms'], lang)})"
        for c in cells] for label, cells in zoned[0]]
    empty = zoned[1]
    rows.append([_e(t("zones_all", lang))] + [pct_ci(s["zone_targets"]["share_within_zone_target"],
                                                     s["zone_targets"]["share_within_zone_target_ci95"])
                                              for s in scen.values()])
    source = first["zone_targets"].get("source")
    note = f'<p class="note">{_e(t("zones_source", lang, s=source))}</p>' if source else ""
    if empty:
        note = f'<p class="note">{_e(t("zones_empty", lang, z=", ".join(empty)))}</p>' + note
    return f"<h3>{_e(t('per_zone', lang))}</h3>" + _table([t("zone", lang)] + list(scen), rows) + note


def _differences_table(d: ReportData, lang: str) -> str:
    """Paired differences from the first scenario (CRN), overall and per station area, with CIs."""
    from raddsim.views.numbers import excludes_zero, interval_digits, signed_interval

    base = d.board["base"]
    target = d.results["target_minutes"]

    def cell(x: dict, scale: float = 1.0, digits: int = 2) -> str:
        if _missing(x.get("difference")) or not x.get("ci95"):
            return "–"
        lo, hi = (v * scale for v in x["ci95"])
        digits = interval_digits([lo, hi], digits)
        # A time over a changed set of reached alarms is marked, never starred (see raddsim compare).
        star = " †" if x.get("comparable") is False else " *" if excludes_zero([lo, hi], digits) else ""
        return (f'<span class="nw">{num(x["difference"] * scale, digits, lang, sign=True)} '
                f'<span class="ci">{signed_interval(lo, hi, digits, lang)}</span>{star}</span>')

    own = d.model.region.effective_target_minutes  # the effective force's own target: its share's row names it
    eff_share = t("eff_share", lang) if own is None else t("eff_share_within", lang, t=own)
    parts = [f'<p class="note">{_e(t("rep_diff_note", lang, b=base))}</p>']
    for other, diffs in d.board["differences"].items():
        pp = t("pp_long", lang)
        rows = [[_e(t("first_mean", lang)), cell(diffs["first_arrival"]["mean"])],
                [_e(t("first_p90", lang)), cell(diffs["first_arrival"]["p90"])],
                [_e(f"{t('first_share', lang)} ({pp})"), cell(diffs["first_arrival"]["share_within_target"], 100, 1)],
                [_e(t("eff_mean", lang)), cell(diffs["effective_force"]["mean"])],
                [_e(f"{eff_share} ({pp})"), cell(diffs["effective_force"]["share_within_target"], 100, 1)]]
        parts.append(f"<h3>{_e(base)} → {_e(other)}</h3>" + _table([t("figure", lang), t("difference", lang)], rows))
        rows = []
        for a in d.model.area_names:
            rows.append([_e(area_label(a, lang)), cell(diffs[f"area:{a}"]["mean"]),
                         cell(diffs[f"area:{a}"]["share_within_target"], 100, 1),
                         cell(diffs[f"effective:{a}"]["mean"])])
        parts.append(_table([t("area", lang), t("rep_diff_first", lang), t("rep_diff_share", lang, t=target),
                             t("rep_diff_eff", lang)], rows))
    if any(" †</span>" in p for p in parts):
        parts.append(f'<p class="note">{_e(t("not_comparable", lang))}</p>')
    return "\n".join(parts)


def _distribution(d: ReportData, lang: str) -> str:
    target = d.results["target_minutes"]
    minutes = {r.setup.name: np.concatenate(s.minutes) if s.minutes else np.zeros(0) for r,
               s in zip(d.runs, d.simulated)}
    fig = distribution_figure(minutes, target, lang)
    return f'<p class="note">{_e(t("rep_distribution_note", lang, t=target))}</p>' + _img(fig, t("rep_h_distribution",
                                                                                                 lang))


def _coverage(d: ReportData, lang: str, basemap: bool) -> str:
    parts = [f'<p class="note">{_e(t("rep_coverage_note", lang, c=d.grid.cell_m))}</p>']
    cols = share_columns(d.static)
    head = [t("scenario", lang)] + [t(word, lang) if m is None else f"{t(word, lang)} ≤ {general(m, lang)} min"
                                    for word, m, _ in cols]  # 8.5 in Swedish "8,5", as the text around it
    # One decimal, as `map` and `target` print these shares: whole per cents showed 99.7 % (Arholma's residents wait
    # 50 min) as "100 %", which a board reads as everyone, and the three commands no longer printed the same figure.
    rows = [[_e(c.scenario)] + [_pct(shares[k], 1, lang) for _, _, shares in cols] for k, c in enumerate(d.static)]
    parts.append(f"<h3>{_e(t('rep_static_table', lang))}</h3>" + _table(head, rows))
    parts += [f'<p class="note">{_e(note)}</p>' for note in share_notes(d.static, lang)]
    for setup, c in zip(d.setups, d.static):
        ctx = map_context(d.model, setup, d.boundary, basemap)
        parts.append(f"<h3>{_e(setup.name)}</h3>")
        parts.append(_img(coverage_map(c, ctx, lang), t("map_title_static", lang, s=setup.name)))
        if c.effective_minutes is not None:
            parts.append(_img(coverage_map(c, ctx, lang, measure="effective"),
                              t("map_title_effective", lang, s=setup.name)))
        if c.travel_minutes is not None:
            parts.append(_img(coverage_map(c, ctx, lang, measure="travel"),
                              t("map_title_travel", lang, s=setup.name, t=c.travel_target_minutes)))
        if c.zone is not None:
            parts.append(_img(zone_map(c, ctx, lang), t("zmap_title", lang, s=setup.name)))
    return "\n".join(parts)


def _differences(d: ReportData, lang: str, basemap: bool) -> str:
    base = d.static[0]
    target = d.results["target_minutes"]
    parts = [f'<p class="note">{_e(t("rep_difference_note", lang, b=base.scenario))}</p>']
    for setup, c in zip(d.setups[1:], d.static[1:]):
        ctx = map_context(d.model, setup, d.boundary, basemap)
        parts.append(f"<h3>{_e(base.scenario)} → {_e(c.scenario)}</h3>")
        parts.append(_img(difference_map(base, c, ctx, lang, target),
                          t("map_title_diff", lang, a=base.scenario, b=c.scenario)))
        if c.effective_minutes is not None and base.effective_minutes is not None:
            parts.append(_img(difference_map(base, c, ctx, lang, target, measure="effective"),
                              t("map_title_diff_eff", lang, a=base.scenario, b=c.scenario)))
    return "\n".join(parts)


def _simulated(d: ReportData, lang: str, basemap: bool) -> str:
    target = d.results["target_minutes"]
    s = d.results["settings"]
    parts = [f'<p class="note">{_e(t("rep_simulated_note", lang, c=d.sim_grid.cell_m / 1000, t=target))}</p>']
    for setup, sim in zip(d.setups, d.simulated):
        ctx = map_context(d.model, setup, d.boundary, basemap)
        fig = probability_map(sim, ctx, lang, replications=s["replications"], years=s["years"],
                              warmup_days=s.get("warmup_days", 0.0))
        parts.append(_img(fig, t("map_title_prob", lang, t=target, s=setup.name)))
        if sim.zones is not None:  # [region] target_zones: each alarm within its own zone's target, as map draws it
            fig = probability_zone_map(sim, ctx, lang, s["replications"], s["years"], s.get("warmup_days", 0.0))
            parts.append(_img(fig, t("map_title_prob_zones", lang, s=setup.name)))
    return "\n".join(parts)


def _areas(d: ReportData, lang: str) -> str:
    target, own = d.results["target_minutes"], d.model.region.effective_target()
    names = list(d.model.area_names)
    scen = list(d.results["scenarios"])
    blocks = {n: d.results["scenarios"][n]["per_station"] for n in scen}
    rows = [[_e(area_label(a, lang))] + [_ci(blocks[n].get(a, {}).get("first_arrival_minutes", {}).get("mean"),
                           blocks[n].get(a, {}).get("first_arrival_minutes", {}).get("mean_ci95"),
                           lang=lang) for n in scen] for a in names]
    out = [f"<h3>{_e(t('rep_area_mean', lang))}</h3>", _table([t("area", lang)] + scen, rows)]
    rows = [[_e(area_label(a, lang))] + [_ci(blocks[n].get(a, {}).get("share_within_target"),
                           blocks[n].get(a, {}).get("share_within_target_ci95"),
                           0, 100, "\u00a0%", True, lang) for n in scen] for a in names]
    out += [f"<h3>{_e(t('rep_area_share', lang, t=target))}</h3>", _table([t("area", lang)] + scen, rows)]
    rows = []
    for a in names:
        row = [_e(area_label(a, lang))]
        for c in d.static:
            k = names.index(a)  # the archipelago area: its islands at their boat minutes
            text = _pct(c.area_share(target, k), lang=lang)
            if c.effective_minutes is not None:
                text += " · " + _pct(c.area_share(own, k, measure="effective"), lang=lang)
            row.append(f'<span class="nw">{text}</span>')
        rows.append(row)
    heading = t("rep_area_static", lang, t=target)
    if own != target and any(c.effective_minutes is not None for c in d.static):  # the force's own target
        heading += "; " + t("rep_area_static_eff", lang, t=own)
    out += [f"<h3>{_e(heading)}</h3>", _table([t("area", lang)] + scen, rows)]
    if _has_places(d):  # a region without a places file (an imported EMS model) has only 'countryside' there
        out += _places(d, lang, scen)
    out += _bare_note(d, blocks, lang)
    return "\n".join(out)


def _bare_note(d: ReportData, areas: dict[str, dict], lang: str) -> list[str]:
    """A note under the area and place tables when a share or mean there stands without its interval (its alarms
    fell in one replication only), else nothing: the headings promise "[95 % CI]"."""
    shown: list[dict] = list(areas.values())
    if _has_places(d):
        names = [*d.static[0].place_minutes(), "countryside"]
        shown += [{n: sim.by_place.get(n, {}) for n in names} for sim in d.simulated]
    note = bare_ci_note(shown, d.results["settings"]["replications"], lang)
    return [f'<p class="note">{_e(x)}</p>' for x in note]


def _has_places(d: ReportData) -> bool:
    return any(s.demand.places for s in d.setups)


def _place_minutes(stat: dict | None, lang: str) -> str:
    """A place's expected minutes with every crew free, and the share of it no road reaches (if any)."""
    if stat is None or not math.isfinite(stat["minutes"]):
        return "–" if stat is None else t("rep_unreachable_place", lang)
    part = stat.get("unreachable_share", 0.0)
    return num(stat["minutes"], 1, lang) + (f" ({_pct(part, 0, lang)} {t('rep_unreachable_part', lang)})"
                                            if part > 0 else "")


def _places(d: ReportData, lang: str, scen: list[str]) -> list[str]:
    target = d.results["target_minutes"]
    by_place = [c.place_minutes() for c in d.static]  # once per scenario, not once per table cell
    places = sorted(by_place[0].items(), key=lambda kv: -kv[1]["population"])
    rows, classes = [], []
    nbsp_pct = "\u00a0%"
    # A city whose places hold every resident (and no traffic alarm left them) has no countryside: no empty row.
    rural = any(s.demand.rural_population > 0 for s in d.setups) or any(
        sim.by_place.get("countryside", {}).get("alarms", 0) for sim in d.simulated)
    for name, info in places + ([("countryside", None)] if rural else []):
        label = t("rep_countryside", lang) if name == "countryside" else name
        row = [_e(label), "–" if info is None else integer(info["population"], lang)]
        miss = False
        for minutes, sim in zip(by_place, d.simulated):
            stat = minutes.get(name) if info is not None else None
            blk = sim.by_place.get(name, {})
            share = blk.get("share_within_target")
            miss |= share is not None and not _missing(share) and share < 0.5
            # the interval the heading promises (the simulated coverage's blocks carry it)
            row.append(f'<span class="nw">{_place_minutes(stat, lang)} · '
                       f'{_ci(share, blk.get("share_within_target_ci95"), 0, 100, nbsp_pct, True, lang, span=False)} '
                       f'({integer(blk.get("alarms", 0), lang)})</span>')
        rows.append(row)
        classes.append("miss" if miss else "")
    sweden = d.grid.crs == SWEREF
    return [f"<h3>{_e(t_region('rep_place_table', lang, sweden, t=target))}</h3>",
            _table([t_region("place", lang, sweden), t("rep_population", lang)] + scen, rows, classes)]


def _assumption_rows(d: ReportData, lang: str) -> str:
    net = d.model.network
    rows = assumptions(d.model.region, d.setups[0], d.grid.cell_m, d.sim_grid.cell_m, d.static[0].offroad_kmh, lang,
                       d.grid.crs, ferries=bool(np.any(net.edge_highway == "ferry")),
                       times_given=bool(np.isfinite(net.data.edge_emergency_given_s[net.edges]).all()
                                        and np.isfinite(net.data.edge_time_given_s[net.edges]).all()))
    warmup = d.results["settings"].get("warmup_days")
    if warmup:  # the replications did not start with every crew free
        rows = [*rows, (t("rep_warmup_item", lang), t("rep_warmup_what", lang, d=warmup),
                        t("rep_warmup_source", lang))]
    out = _table([t("rep_item", lang), t("rep_what", lang), t("rep_source", lang)],
                 [[_e(a), _e(b), _e(c)] for a, b, c in rows], css="text")
    ranges = d.board.get("assumptions") or []
    if ranges:
        from raddsim.views.board_text import assumption_row

        out += f"<h3>{_e(t('rep_uncertain', lang, b=d.board['base'], r=d.board['what_if_replications']))}</h3>"
        out += _table([t("rep_item", lang), t("rep_range", lang), t("rep_mean_range_ci", lang),
                       t("rep_change_ends", lang), t("rep_source", lang)],
                      [[_e(x) for x in assumption_row(r, lang)] for r in ranges], css="text")
    return out


def _network(d: ReportData, lang: str) -> str:
    """Where the road network comes from, in words: file name (never a local path), what it is, how stations sit on
    it."""
    n = d.results["network"]
    yes, no = t("rep_yes", lang), t("rep_no", lang)
    snap = ", ".join(f"{d.model.region.stations[k].name if k in d.model.region.stations else k}: {num(v, 0, lang)} m"
                     for k, v in n.get("stations_snap_m", {}).items())
    # Road points with no one living there carry no alarms (a city whose places hold every resident has many):
    # naming them listed 'rural' once per point and left out no one.
    unreachable = [u for u in n.get("unreachable_demand_points") or [] if u.get("population", 1) > 0]
    rows = [[_e(t("rep_file", lang)), _e(Path(str(n.get("source", ""))).name)],
            [_e(t("rep_label", lang)),
             _e(t("rep_approx_label", lang) if n.get("approximate") else network_label(n, lang))],
            [_e(t("rep_approximate", lang)), yes if n.get("approximate") else no],
            [_e(t("rep_blue_light", lang)), yes if n.get("blue_light") else no],
            [_e(t("rep_nodes_edges", lang)),
             f"{integer(n.get('nodes', 0), lang)} / {integer(n.get('edges', 0), lang)}"],
            [_e(t("rep_snap", lang)), _e(snap)],
            [_e(t("rep_unreachable", lang)), _e(_unreachable_text(unreachable, "not reached", lang))],
            *([[_e(t("rep_unreachable_left", lang)), _e(_unreachable_text(unreachable, "left out", lang))]]
              if any(u.get("alarms", "left out") == "left out" for u in unreachable) else []),
            [_e(t("rep_boundary", lang)), _e(_boundary_text(d, lang))],
            [_e(t("rep_software", lang)), _e(f"raddsim {__version__}")]]
    return _table(None, rows, css="text")


def _unreachable_text(unreachable: list[dict], alarms: str, lang: str) -> str:
    """The places of the demand points no crew reaches by road (``alarms`` "not reached") or cannot leave ("left
    out"; older JSON has no ``alarms``: all of them), with how many points and residents; "none" without any."""
    part = [u for u in unreachable if u.get("alarms", "left out") == alarms]
    if not part:
        return t("rep_none", lang)
    names = dict.fromkeys(t("rep_countryside", lang) if u["name"] == "rural" else u["name"] for u in part)
    people = t("residents_n", lang, n=integer(round(sum(u["population"] for u in part)), lang))
    return f"{', '.join(names)}: {integer(len(part), lang)} ({people})"


def _boundary_text(d: ReportData, lang: str) -> str:
    """The boundary given (its file), else the outline the maps draw from the region file (its credit), else none."""
    if d.boundary_file:
        return Path(d.boundary_file).name
    region = d.model.region
    files = [Path(p).name for p in (region.land_path, region.territory_path) if p]
    if not files:
        return t("rep_none", lang)
    return t("rep_outline_drawn", lang, s=region.outline_source or ", ".join(files))


def _sections(d: ReportData, lang: str, basemap: bool) -> list[tuple[str, str, str]]:
    sections = [
        ("headline", t("rep_h_headline", lang), _headline(d, lang)),
    ]
    if len(d.setups) > 1:
        sections.append(("paired", t("rep_h_paired", lang), _differences_table(d, lang)))
    sections += [
        ("distribution", t("rep_h_distribution", lang), _distribution(d, lang)),
        ("coverage", t("rep_h_coverage", lang), _coverage(d, lang, basemap)),
    ]
    if len(d.static) > 1:
        sections.append(("difference", t("rep_h_difference", lang), _differences(d, lang, basemap)))
    sections += [
        ("simulated", t("rep_h_simulated", lang), _simulated(d, lang, basemap)),
        ("areas", t_region("rep_h_areas", lang, d.grid.crs == SWEREF) if _has_places(d)
         else t("rep_h_areas_only", lang), _areas(d, lang)),
        ("assumptions", t("rep_h_assumptions", lang), _assumption_rows(d, lang)),
        ("network", t("rep_h_network", lang), _network(d, lang)),
    ]
    return sections


def render_report(d: ReportData, lang: str = "en", basemap: bool = False) -> str:
    """The board paper as one HTML document (no external resources): page one the summary, then the detail."""
    check_lang(lang)
    res = d.results
    region = res["region"]
    names = ", ".join(res["scenarios"])
    s = res["settings"]
    with laid_out_at(REPORT_DPI):  # drawn as they will be rendered: their text measured once
        sections = _sections(d, lang, basemap)
    net = res["network"]
    warning = ""
    if net.get("approximate"):
        warning = f'<div class="warning">⚠ {_e(t("rep_approx", lang, label=t("rep_approx_label", lang)))}</div>'
    if net.get("archipelago"):
        warning += f'<div class="warning">⚠ {_e(t("archipelago_note", lang))}</div>'
    scen_list = "".join(f"<li><b>{_e(x.name)}</b>: {_e(x.describe(lang))}</li>" for x in d.setups)
    toc = "".join(f'<li><a href="#{key}">{k + 1}. {_e(title)}</a></li>' for k, (key, title, _) in enumerate(sections))
    body = "\n".join(f'<section id="{key}"><h2>{k + 1}. {_e(title)}</h2>\n{content}</section>'
                     for k, (key, title, content) in enumerate(sections))
    reproduce = f'<p>{_e(t("rep_reproduce", lang))}: <code>{_e(d.command)}</code></p>' if d.command else ""
    reproduce += f'<p>{_e(t("rep_reproduce_date", lang))}</p>'
    dated = t("rep_dated", lang, d=date_words(report_date(), lang))
    meta = t("rep_meta", lang, v=__version__, r=s["replications"],
             y=general(float(s["years"]), lang),  # 0.003 years was printed as 0.0
             seed=s["seed"]) + (t("rep_meta_warmup", lang, d=s["warmup_days"]) if s.get("warmup_days") else "")
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="raddsim">
<title>{_e(t("rep_title", lang, region=region))}</title>
<style>{CSS}</style>
</head>
<body>
<section id="summary" class="page1">
<h1>{_e(t("rep_title", lang, region=region))}</h1>
<p class="meta">{_e(t("rep_subtitle", lang, s=names))}<br>{_e(meta)}<br>{_e(dated)}</p>
{warning}
<h2>{_e(t("b_h_summary", lang))}</h2>
{summary_html(res, d.board, d.setups, lang, {c.scenario: c.unreached() for c in d.static})}
</section>
<section id="detail">
<h2>{_e(t("rep_scenarios", lang))}</h2>
<ul>{scen_list}</ul>
<h3>{_e(t("rep_contents", lang))}</h3>
<ul class="toc">{toc}</ul>
</section>
{body}
<footer>{_e(t("rep_generated_by", lang, v=__version__))}{reproduce}</footer>
</body>
</html>
"""


@checked_arguments("model", "setups")
def build_report(model: Model, setups: list[Setup] | None, *, lang: str = "en", basemap: bool = False, **kwargs) -> str:
    """Build the board report: :func:`prepare_report` then :func:`render_report`.

    Parameters
    ----------
    model : Model
        The model (:func:`raddsim.build_model`).
    setups : list of Setup, or None
        The scenarios to report (or their names); the first is the base. None for the region's default ones.
    lang : str
        Report language, ``"en"`` or ``"sv"``.
    basemap : bool
        Draw map tiles under the maps (needs the network).
    **kwargs
        Passed to :func:`prepare_report` (years, replications, seed, boundary, cell sizes …).

    Returns
    -------
    str
        The report as one self-contained HTML page.
    """
    check_lang(lang)  # before the simulations
    _check_options(kwargs)
    return render_report(prepare_report(model, setups, **kwargs), lang, basemap)


def _check_options(options: dict) -> None:
    """Refuse an option :func:`prepare_report` does not take, naming it (was Python's TypeError naming
    ``prepare_report``, a function the caller never called)."""
    known = [n for n in inspect.signature(prepare_report).parameters if n not in ("model", "setups")]
    for name in options:
        if name not in known:
            raise InputError(f"build_report has no option {name!r}.", field=name,
                             fix=f"use lang, basemap or one of: {', '.join(known)}.")


__all__ = ["REPORT_DPI", "ReportData", "build_report", "prepare_report", "render_report"]
