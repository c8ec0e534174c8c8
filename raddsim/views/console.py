"""Plain-text tables of results for the terminal."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from raddsim.network.positions import SWEREF
from raddsim.region.indicator import IndicatorSpec
from raddsim.views.i18n import area_label, has, t, t_region
from raddsim.views.numbers import excludes_zero, integer, num, years_text, years_word

if TYPE_CHECKING:  # the console is imported by commands that never load a region
    from raddsim.region.region import Setup


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _with_ci(value: float | None, ci: list[float] | None, digits: int = 1, scale: float = 1.0, suffix: str = "",
             lang: str = "en") -> str:
    if value is None or _missing(value):
        return "–"
    text = f"{num(value * scale, digits, lang)}{suffix}"
    if ci and not _missing(ci[0]):
        text += f" [{num(ci[0] * scale, digits, lang)}–{num(ci[1] * scale, digits, lang)}]"
    return text


def _per_cent(lang: str) -> str:
    """The percent sign after a number: Swedish puts a (no-break) space before it; English output is unchanged."""
    return "\u00a0%" if lang == "sv" else "%"


def _pct(x: float | None, digits: int = 0, lang: str = "en") -> str:
    return "–" if x is None or _missing(x) else f"{num(100 * x, digits, lang)}{_per_cent(lang)}"


def _num(x: float | None, digits: int = 1, lang: str = "en") -> str:
    return num(x, digits, lang)


def network_label(net: dict, lang: str) -> str:
    """The network's description in ``lang`` (the approximate default's warning is translated)."""
    return t("net_approx_label", lang) if net.get("approximate") else str(net.get("label", ""))


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _figure_rows(res: dict, key: str | None, lang: str, target: float, never: bool = False) -> list[list[str]]:
    s = res["settings"]
    simulated = s["years"] * s["replications"]
    head = [t("scenario", lang), t("alarms_counted", lang, y=years_text(simulated, lang), yrs=years_word(simulated)),
            t("mean", lang), t("median", lang), t("p90", lang), t("within", lang, t=target)]
    if never:
        head.append(t("never", lang))
    rows = [head]
    for name, sc in res["scenarios"].items():
        fa = sc["first_arrival_minutes"] if key is None else sc[key]
        share, share_ci = (sc["share_within_target"],
                           sc["share_within_target_ci95"]) if key is None else (fa["share_within_target"],
                                                                                fa["share_within_target_ci95"])
        row = [name, integer(sc["alarms"], lang), _with_ci(fa["mean"], fa["mean_ci95"], lang=lang),
               _with_ci(fa["median"], fa.get("median_ci95"), lang=lang),
               _with_ci(fa["p90"], fa.get("p90_ci95"), lang=lang),
               _with_ci(share, share_ci, 1, 100, _per_cent(lang), lang)]
        if never:
            row.append(_pct(fa.get("share_never"), 1, lang))
        rows.append(row)
    return rows


def _staffing_rows(scen: dict, names: list[str], crews: list[str], lang: str,
                   crew_label: dict[str, str], sweden: bool = True) -> list[str]:
    """Share of time each crew is at ambition / at minimum / below minimum / ur beredskap (the availability process)."""
    def has_levels(crew: str, name: str) -> bool:  # a minimum or ambition level to be at or below
        st = scen[name]["readiness"]["crews"].get(crew, {}).get("staffing_time_share") or {}
        return any(st.get(k) is not None for k in ("at_ambition", "at_minimum", "below_minimum"))

    shown = [c for c in crews if any(has_levels(c, n) for n in names)]
    if not shown:
        return []
    rows = [[t("crew", lang)] + names]
    first = next(iter(scen.values()))["readiness"]["crews"]
    for crew in shown:
        row = [_crew_label(crew, first.get(crew, {}), crew_label)]
        for name in names:
            st = scen[name]["readiness"]["crews"].get(crew, {}).get("staffing_time_share")
            row.append("–" if st is None else " / ".join("–" if st[k] is None else _pct(st[k], 0, lang) for k in
                                                         ("at_ambition", "at_minimum", "below_minimum",
                                                          "ur_beredskap")))
        rows.append(row)
    return ["", t_region("staffing_states", lang, sweden), _table(rows)]


def _indicator_rows(res: dict, names: list[str], lang: str) -> list[str]:
    """The board's yearly indicator: value [CI], single years p5–p95, P(a year meets the target) [CI]."""
    scen = res["scenarios"]
    ind = [scen[n].get("indicator") for n in names]
    if not all(ind):
        return []
    first = ind[0]
    posts = [(n, scen[n]["posterior"]) for n in names if scen[n].get("posterior")]
    notes = [t("posterior_note", lang, s=n, m=p["accepted_sets"], d=p["sets_drawn"], file=Path(p["file"]).name,
               k=len(p["keys"]), c=", ".join(p.get("constrained_by_data") or []) or t("posterior_none", lang))
             for n, p in posts]
    if not first["years"]:  # replications shorter than a year: no yearly value to show
        return ["", t("ind_no_years", lang, y=float(res.get("settings", {}).get("years") or 0.0))] + notes
    rows = [[t("scenario", lang), t("ind_value", lang), t("ind_years", lang),
             t("ind_meets", lang, t=first["target_minutes"])]]
    for name, d in zip(names, ind):
        dist = d["distribution"] or {}
        rows.append([name, _with_ci(d["mean"], d["mean_ci95"], 2, lang=lang),
                     f"{_num(dist.get('p5'), 2, lang)}–{_num(dist.get('p95'), 2, lang)}" if dist else "–",
                     _with_ci(d["p_meets_target"], d["p_meets_target_ci95"], 0, 100, _per_cent(lang), lang)])
    # The default name (a region file without [indicator] name) is raddsim's, so it is said in the reader's language.
    ind_name = t("ind_default_name", lang) if first["name"] == IndicatorSpec.name else first["name"]
    head = t("ind_title", lang, name=ind_name, stat=_statistic(first["statistic"], lang),
             types=_indicator_types(first["types"], res.get("incident_types", {}), lang),
             il=t("yes" if first["commander_counts"] else "no", lang), n=first["years"], yrs=years_word(first["years"]))
    # The per-alarm share is against the run's target, which may differ from the indicator's own.
    # The note at the top says there are no CIs; the chance a year meets the target has one all the same.
    one = [t("ind_one_replication", lang, n=first["years"])] if res.get("settings", {}).get("replications") == 1 else []
    return ["", head, _table(rows), t("ind_note", lang, t=res["target_minutes"])] + one + notes


def _statistic(stat: str, lang: str) -> str:
    """The indicator's statistic (``mean``, ``median``) in ``lang``; English shows the region file's word."""
    key = f"ind_stat_{stat}"
    return t(key, lang) if lang != "en" and has(key) else stat


def _indicator_types(types: str | list[str], names: dict, lang: str) -> str:
    """The incident types the indicator counts: "all", or their ids (English) or Swedish names."""
    if types == "all":
        return t("ind_all_types", lang)
    if lang == "sv":
        return ", ".join(names.get(tid, {}).get("name_sv", tid) for tid in types)
    return ", ".join(types)


def _no_ci_note(replications: int, lang: str) -> list[str]:
    """A line saying why the tables show no intervals (fewer than 2 replications), else nothing."""
    if replications >= 2:
        return []
    return [t("no_ci", lang, n=replications, s="" if replications == 1 else ("s" if lang == "en" else "ar"))]


#: Replications shorter than this many days with no warm-up get a note on the initial transient (ASSUMPTION:
#: the bias is ≥ 2 % of the mean wait below about a month at 60–90 % load, README "Checked against queueing theory").
SHORT_REPLICATION_DAYS = 30.0


def _short_run_note(s: dict, lang: str) -> list[str]:
    """A note when replications are short, start empty and have no warm-up (not for a replayed alarm file)."""
    days = float(s.get("years") or 0.0) * 365.25
    if s.get("warmup_days") or s.get("incidents_file") or not 0 < days < SHORT_REPLICATION_DAYS:
        return []
    return [t("short_no_warmup", lang, d=round(days, 1))]


def format_results(res: dict, lang: str = "en", setups: Sequence[Setup] | None = None) -> str:
    """Format the comparison table ``raddsim run`` prints.

    Parameters
    ----------
    res : dict
        The JSON contract (:func:`raddsim.run_experiment`).
    lang : str
        Language, ``"en"`` or ``"sv"``.
    setups : sequence of Setup, optional
        The scenarios run: their crews are named in ``lang`` (``name_sv`` in Swedish);
        without them, the names stored in ``res`` are shown.

    Returns
    -------
    str
        The table and notes as lines of text, figures in minutes.
    """
    target = res["target_minutes"]
    s = res["settings"]
    scen = res["scenarios"]
    names = list(scen)
    first = next(iter(scen.values()))
    out = [
        f"raddsim {res['raddsim_version']} — {res['region']}: "
        + t("run", lang, n=len(scen), r=s["replications"], y=s["years"], s=s["seed"],
            sc=t("scenario" if len(scen) == 1 else "scenarios", lang),
            rp=t("replication" if s["replications"] == 1 else "replications", lang))
        + (t("run_warmup", lang, d=s["warmup_days"]) if s.get("warmup_days") else ""),
        f"{t('network', lang)}: {network_label(res['network'], lang)} ({res['network'].get('source', '')})",
        t("target", lang, t=target),
    ]
    out += _no_ci_note(s["replications"], lang) + _short_run_note(s, lang)
    if res.get("reported_minutes"):
        rep = ", ".join(f"{num(v, 2, lang)} min ({k})" for k, v in res["reported_minutes"].items())
        out.append(f"{t('reported', lang)}: {rep}")
    out += _indicator_rows(res, names, lang)
    out += ["", f"{t('title', lang)} ({t('minutes_ci', lang)})", _table(_figure_rows(res, None, lang, target))]
    if "effective_force_minutes" in first:
        out += ["", t("effective_title_ems" if res.get("service") == "ems" else "effective_title", lang),
                _table(_figure_rows(res, "effective_force_minutes", lang, target, never=True))]

    out += _area_lines(res, names, lang)
    out += _type_lines(res, names, lang)
    # Swedish terms (tätort, ur beredskap) only for a region in Sweden (its maps' metric CRS is SWEREF 99 TM).
    sweden = res.get("network", {}).get("metric_crs", SWEREF) == SWEREF
    out += _readiness_lines(scen, names, lang, crew_names(setups or (), lang), sweden)
    out += _total_lines(res, lang)
    out += _observed_lines(scen, lang, target)
    return "\n".join(out)


def _area_lines(res: dict, names: list[str], lang: str) -> list[str]:
    """Per station area: mean first arrival [CI] · share within target · mean effective force."""
    scen = res["scenarios"]
    first = next(iter(scen.values()))
    target = res["target_minutes"]
    out: list[str] = []
    out += ["", t("per_area", lang, t=target)]
    rows = [[t("area", lang)] + names]
    for area in first["per_station"]:
        row = [t("area_archipelago", lang) if first["per_station"][area].get("id") == "archipelago" else area]
        for name in names:
            a = scen[name]["per_station"][area]
            eff = a.get("effective_force_minutes", {}).get("mean")
            row.append(
                f"{_with_ci(a['first_arrival_minutes']['mean'], a['first_arrival_minutes']['mean_ci95'], lang=lang)} · "
                f"{_pct(a['share_within_target'], lang=lang)} · {t('eff_short', lang)} {_num(eff, lang=lang)}"
            )
        rows.append(row)
    out.append(_table(rows))
    if res.get("network", {}).get("archipelago"):
        out.append(t("archipelago_note", lang))
    return out


def _type_lines(res: dict, names: list[str], lang: str) -> list[str]:
    """Per incident type: mean first arrival · mean effective force (alarms)."""
    scen = res["scenarios"]
    first = next(iter(scen.values()))
    out: list[str] = []
    if "per_type" in first:
        type_names = res.get("incident_types", {})
        out += ["", t("per_type", lang)]
        rows = [[t("type", lang)] + names]
        for tid in first["per_type"]:
            label = type_names.get(tid, {}).get("name_sv" if lang == "sv" else "name", tid)
            row = [label]
            for name in names:
                a = scen[name]["per_type"][tid]
                row.append(f"{_num(a['first_arrival_minutes']['mean'], lang=lang)} · "
                           f"{_num(a['effective_force_minutes']['mean'], lang=lang)}"
                           f" (n={integer(a['alarms'], lang)})")
            rows.append(row)
        out.append(_table(rows))
    return out


def crew_names(setups: Sequence[Setup], lang: str) -> dict[str, str]:
    """Each crew's name in ``lang`` by crew id, over ``setups`` (Swedish: ``name_sv`` where given).

    Two crews with the same name get their ids added (as the results' keys do), so their rows stay apart.
    """
    from raddsim.region.stations import unique_labels

    names = {c.id: c.label(lang) for setup in setups for c in setup.crews}
    return dict(zip(names, unique_labels(list(names), list(names.values()))))


def _crew_label(label: str, crew: dict, names: dict[str, str]) -> str:
    """A crew's row label: its name in the output's language when known, else the label stored in the results."""
    return names.get(crew.get("id", ""), label)


def _readiness_lines(scen: dict, names: list[str], lang: str, crew_label: dict[str, str],
                     sweden: bool = True) -> list[str]:
    """Per crew: available share [CI] · roll rate; staffing states; smoke-diving force coverage."""
    first = next(iter(scen.values()))
    out: list[str] = []
    if "readiness" in first:
        out += ["", t("readiness", lang)]
        crews = list(first["readiness"]["crews"])
        rows = [[t("crew", lang)] + names]
        for crew in crews:
            row = [_crew_label(crew, first["readiness"]["crews"][crew], crew_label)]
            for name in names:
                c = scen[name]["readiness"]["crews"].get(crew)
                if c is None:
                    row.append("–")
                    continue
                share = _with_ci(c['available_share'], c['available_share_ci95'], 1, 100, _per_cent(lang), lang)
                row.append(f"{share} · {_pct(c['roll_rate'], lang=lang)}")
            rows.append(row)
        out.append(_table(rows))
        out += _staffing_rows(scen, names, crews, lang, crew_label, sweden)
        cov = first["readiness"].get("smoke_diving_force_time_share")
        if cov:
            out += ["", t_region("smoke_cov", lang, sweden)]
            rows = [[t("place", lang)] + names]
            for place in list(cov)[:8]:
                shares = [scen[n]["readiness"]["smoke_diving_force_time_share"][place] for n in names]
                rows.append([place] + [f"{_pct(s['within_10_min'], lang=lang)} / {_pct(s['within_20_min'], lang=lang)}"
                                       for s in shares])
            out.append(_table(rows))
    return out


def _per_year(sc: dict, key: str, fallback: float, lang: str) -> str:
    """A count per simulated year with its 95 % CI (results written before the CIs existed: the plain rate)."""
    if f"{key}_per_year" not in sc:
        return f"{num(fallback, 1, lang)} {t('per_year', lang)}"
    return f"{_with_ci(sc[f'{key}_per_year'], sc[f'{key}_per_year_ci95'], lang=lang)} {t('per_year', lang)}"


def _wait_of_those(sc: dict, lang: str) -> str:
    """How long the alarms that found no crew free waited for one, on average (nothing when none waited)."""
    m = sc.get("queue_wait_minutes_if_waited")
    return "" if m is None else f" ({t('wait_of_those', lang, m=num(m, 1, lang))})"


def _total_lines(res: dict, lang: str) -> list[str]:
    """Waiting, mutual aid, failures to roll and move-ups per year; unreachable demand points."""
    s = res["settings"]
    scen = res["scenarios"]
    first = next(iter(scen.values()))
    out: list[str] = []
    years = s["years"] * s["replications"]
    out.append("")
    waited = ", ".join(f"{n} {_pct(sc['waited_share'], 2, lang)}{_wait_of_those(sc, lang)}" for n, sc in scen.items())
    out.append(f"{t('waited', lang)}: {waited}")
    if "mutual_aid_first_alarms" in first:
        out.append(f"{t('mutual_aid', lang)}: " + ", ".join(
            f"{n} {_per_year(sc, 'mutual_aid_first', sc['mutual_aid_first_alarms'] / years, lang)}"
            for n, sc in scen.items()))
        out.append(f"{t('failed', lang)}: " + ", ".join(
            f"{n} {_per_year(sc, 'failed_to_roll', sc['failed_to_roll'] / years, lang)}" for n, sc in scen.items()))
    moving = {n: sc["move_ups"] for n, sc in scen.items() if sc.get("move_ups")}
    if moving:
        out.append(f"{t('move_ups', lang)}: " + ", ".join(
            f"{n} ({m['policy']}) {_with_ci(m['moves_per_year'], m['moves_per_year_ci95'], lang=lang)} "
            f"{t('per_year', lang)}, "
            f"{_with_ci(m['hours_relocated_per_year'], m['hours_relocated_per_year_ci95'], 0, lang=lang)} h "
            f"{t('relocated', lang)}"
            for n, m in moving.items()))
    unreachable = res["network"].get("unreachable_demand_points") or []
    if unreachable:
        out.append(f"{t('unreachable', lang)}: {len(unreachable)}")
    return out


def _observed_lines(scen: dict, lang: str, target: float) -> list[str]:
    """Observed response times of replayed incidents beside the simulated ones."""
    first = next(iter(scen.values()))
    out: list[str] = []
    if "observed_first_arrival_minutes" in first:
        out += ["", t("observed", lang)]
        rows = [["", t("mean", lang), t("median", lang), t("p90", lang), t("within", lang, t=target)]]
        o = first["observed_first_arrival_minutes"]
        rows.append([t("observed_row", lang), _num(o["mean"], lang=lang), _num(o["median"], lang=lang),
                     _num(o["p90"], lang=lang),
                     _pct(o["share_within_target"], 1, lang)])
        for n, sc in scen.items():
            fa = sc["first_arrival_minutes"]
            rows.append([f"{t('simulated', lang)} ({n})", _with_ci(fa["mean"], fa["mean_ci95"], lang=lang),
                         _num(fa["median"], lang=lang),
                         _num(fa["p90"], lang=lang),
                         _with_ci(sc["share_within_target"], sc["share_within_target_ci95"], 1, 100, _per_cent(lang),
                                  lang)])
        out.append(_table(rows))
    return out


def _diff(d: dict, scale: float = 1.0, digits: int = 2, suffix: str = "", lang: str = "en") -> str:
    """``+0.13 [+0.11, +0.16] *``: the star only when the interval as printed lies on one side of zero.

    A time over a changed set of reached alarms (``comparable`` False) is marked ``†``, never starred.
    """
    if _missing(d["difference"]):
        return "–"
    text = f"{num(d['difference'] * scale, digits, lang, sign=True)}{suffix}"
    ci = [v * scale for v in d["ci95"]] if d["ci95"] else None
    if ci:
        text += f" [{num(ci[0], digits, lang, sign=True)}, {num(ci[1], digits, lang, sign=True)}]"
    if d.get("comparable") is False:
        return text + " †"
    return text + (" *" if excludes_zero(ci, digits) else "")


_HEADLINE = [("first_mean", "first_arrival", "mean", 1.0, 2, False),
             ("first_median", "first_arrival", "median", 1.0, 2, False),
             ("first_p90", "first_arrival", "p90", 1.0, 2, False),
             ("first_share", "first_arrival", "share_within_target", 100.0, 1, True),
             ("first_unreached", "first_arrival", "share_missing", 100.0, 1, True),
             ("eff_mean", "effective_force", "mean", 1.0, 2, False),
             ("eff_share", "effective_force", "share_within_target", 100.0, 1, True)]


def format_comparison(res: dict, lang: str = "en") -> str:
    """The paired-difference tables ``raddsim compare`` prints."""
    s = res["settings"]
    base = res["base"]
    out = [
        f"raddsim {res['raddsim_version']} — {res['region']}",
        f"{t('network', lang)}: {network_label(res['network'], lang)} ({res['network'].get('source', '')})",
        t("target", lang, t=res["target_minutes"]),
        t("precision", lang, n=s["replications"],
          w=", ".join(f"{k} {num(v, 3, lang)}" for k, v in s["half_width_minutes"].items()))
        + (t("run_warmup", lang, d=s["warmup_days"]) if s.get("warmup_days") else ""),
    ] + _no_ci_note(s["replications"], lang) + _short_run_note(s, lang)
    if s.get("precision_reached") is False:
        out.append(t("precision_not_reached", lang, p=s["precision_minutes"], m=s["max_replications"]))
    for other, diffs in res["differences"].items():
        headline, area = _headline_table(diffs, base, other, lang), _area_table(diffs, base, other, res, lang)
        out += ["", t("diff_title", lang, b=base, o=other), headline, "", t("area_diff", lang), area]
        if "†" in headline + area:
            out.append(t("not_comparable", lang))
    return "\n".join(out)


def _headline_table(diffs: dict, base: str, other: str, lang: str) -> str:
    """Whole-region paired differences; the not-reached row only where some alarm is not reached."""
    rows = [[t("figure", lang), base, other, t("difference", lang)]]
    for label, scope, fig, scale, digits, points in _HEADLINE:
        d = diffs[scope][fig]
        if fig == "share_missing" and not (d["base"] or d["other"]):
            continue
        rows.append([t(label, lang), _num(None if d["base"] is None else d["base"] * scale, digits, lang),
                     _num(None if d["other"] is None else d["other"] * scale, digits, lang),
                     _diff(d, scale, digits, " " + t("pp", lang) if points else "", lang)])
    return _table(rows)


def _area_table(diffs: dict, base: str, other: str, res: dict, lang: str) -> str:
    """Per station area: mean first arrival, share within target and the not-reached shares."""
    rows = [[t("area", lang), base, other, t("difference", lang), t("within", lang, t=res["target_minutes"]),
             t("unreached", lang)]]
    for scope, d in diffs.items():
        if scope.startswith("area:"):
            m, w, miss = d["mean"], d["share_within_target"], d["share_missing"]
            rows.append([area_label(scope[5:], lang), _num(m["base"], 2, lang), _num(m["other"], 2, lang),
                         _diff(m, lang=lang),
                         _diff(w, 100, 1, " " + t("pp", lang), lang),
                         f"{_pct(miss['base'], 1, lang)} → {_pct(miss['other'], 1, lang)}"])
    return _table(rows)
