"""The board paper's first page as sentences generated from the numbers, in English or Swedish.

Nothing here states a result: every number, comparison and choice of words
("sooner", "no detectable difference", "closes the gap") is decided from the
simulation's figures and their 95 % confidence intervals. A difference is
called detectable only when its interval, as printed, lies on one side of
zero (:func:`raddsim.views.numbers.excludes_zero`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

from raddsim.region.indicator import percentile_of
from raddsim.region.region import Setup
from raddsim.views.archipelago_text import archipelago_sentence, ci_phrase
from raddsim.views.i18n import area_label, has, t
from raddsim.views.numbers import (
    excludes_zero,
    general,
    integer,
    interval_digits,
    num,
    ordinal,
    pct,
    signed_interval,
    years_text,
)
from raddsim.views.plain_text import network_label, no_ci_note, scenario_notes

#: At most this many station areas are named as where a difference comes from.
MAX_AREAS = 3
#: At most this many uncertain assumptions are named.
MAX_ASSUMPTIONS = 3


def _digits(ci: list[float]) -> int:
    """Decimals for an interval in minutes: two below one minute, else one; more where its ends would print the same."""
    return interval_digits(ci, 2 if max(abs(ci[0]), abs(ci[1])) < 1 else 1)


def minutes_words(d: dict, lang: str, keys: tuple[str, ...] = ("b_sooner", "b_later", "b_no_diff", "b_same")) -> str:
    """A paired difference in minutes (other − base) in words: "between 0.11 and 0.16 minutes sooner".

    ``keys``: catalogue keys for sooner, later, no detectable difference and (optional) identical results.
    """
    ci = d.get("ci95")
    if not ci:
        return "–"
    if max(abs(ci[0]), abs(ci[1])) < 1e-9:
        return t(keys[3] if len(keys) > 3 else "b_same", lang)
    k = _digits(ci)
    if excludes_zero(ci, k):
        key = keys[0] if ci[1] < 0 else keys[1]
        a, b = sorted((abs(ci[0]), abs(ci[1])))
        return t(key, lang, a=num(a, k, lang), b=num(b, k, lang))
    return t(keys[2], lang, a=num(ci[0], k, lang, sign=True), b=num(ci[1], k, lang, sign=True))


def points_words(d: dict, lang: str) -> str:
    """A paired difference of a share (other − base) in percentage points, in words."""
    ci = d.get("ci95")
    if not ci:
        return "–"
    lo, hi = 100 * ci[0], 100 * ci[1]
    if max(abs(lo), abs(hi)) < 1e-9:
        return t("b_pp_same", lang)
    k = interval_digits([lo, hi], 1)
    if excludes_zero([lo, hi], k):
        a, b = sorted((abs(lo), abs(hi)))
        return t("b_pp_up" if lo > 0 else "b_pp_down", lang, a=num(a, k, lang), b=num(b, k, lang))
    return t("b_pp_none", lang, a=num(lo, k, lang, sign=True), b=num(hi, k, lang, sign=True))


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("b_and", lang) + items[-1]


def scenario_label(setup: Setup, lang: str) -> str:
    """"minimum (The board's minimum staffing level)": the description as written.

    Its first letter is kept: lowering it turned names into common words ("norrtälje deltid (at minimum …)").
    """
    desc = setup.describe(lang)
    return f"{setup.name} ({desc})" if desc else setup.name


def yearly_mean(res: dict, name: str) -> float:
    """The figure the board reads for a scenario: the yearly indicator's mean when the run carries it, else the mean
    over alarms."""
    s = res["scenarios"][name]
    ind = s.get("indicator")
    return ind["mean"] if ind and ind.get("mean") is not None else s["first_arrival_minutes"]["mean"]


def _known(x: float | None) -> bool:
    """Whether a figure has a value (not None, not NaN): a scenario without alarms has none."""
    return x is not None and not math.isnan(x)


def _statistic_words(statistic: str, lang: str) -> str:
    """The indicator's statistic as the board's sentence names it: "mean minutes", "90th percentile of the minutes"."""
    q = percentile_of(statistic)
    if q is not None:
        return t("stat_percentile", lang, q=ordinal(q, lang))
    return t(f"stat_{statistic}", lang) if has(f"stat_{statistic}") else statistic


def _indicator_sentence(setup: Setup, s: dict, target: float, lang: str) -> str:
    ind = s["indicator"]
    dist = ind.get("distribution") or {}
    gap = ind["mean"] - ind["target_minutes"]
    gap_text = t("b_over" if gap > 0 else "b_under", lang, g=num(abs(gap), 2, lang),
                 t=general(ind["target_minutes"], lang))
    stat = _statistic_words(ind["statistic"], lang)
    # No interval (one replication): the phrase is left out and "How sure" says why; it printed "(95 % interval –––)".
    return t("b_scenario_ind", lang, d=scenario_label(setup, lang), stat=stat, m=num(ind["mean"], 2, lang),
             mci=ci_phrase(ind.get("mean_ci95"), 2, lang), gap=gap_text, p5=num(dist.get("p5"), 2, lang),
             p95=num(dist.get("p95"), 2, lang), p=pct(ind.get("p_meets_target"), 0, lang),
             pci=ci_phrase(ind.get("p_meets_target_ci95"), 0, lang, percent=True),
             share=pct(s["share_within_target"], 0, lang), t=general(target, lang),
             sci=ci_phrase(s.get("share_within_target_ci95"), 0, lang, percent=True))


def answer_sentences(res: dict, setups: list[Setup], lang: str) -> list[str]:
    """One sentence per scenario: the yearly indicator (or, without it, the mean over alarms) against the target."""
    target = res["target_minutes"]
    out = []
    for setup in setups:
        s = res["scenarios"][setup.name]
        if s.get("indicator") and s["indicator"].get("mean") is not None:
            out.append(_indicator_sentence(setup, s, target, lang))
            continue
        fa = s["first_arrival_minutes"]
        if not _known(fa.get("mean")):  # no alarm, or none reached: no time to set against the target
            out.append(t("b_scenario_none" if not s.get("alarms") else "b_scenario_unreached", lang,
                         d=scenario_label(setup, lang), n=integer(s.get("alarms") or 0, lang), t=general(target, lang)))
            continue
        gap = fa["mean"] - target
        gap_text = t("b_over" if gap > 0 else "b_under", lang, g=num(abs(gap), 2, lang), t=general(target, lang))
        out.append(t("b_scenario", lang, d=scenario_label(setup, lang), m=num(fa["mean"], 2, lang),
                     mci=ci_phrase(fa.get("mean_ci95"), 2, lang), gap=gap_text,
                     share=pct(s["share_within_target"], 0, lang),
                     t=general(target, lang), sci=ci_phrase(s.get("share_within_target_ci95"), 0, lang, percent=True)))
    return out


def unreached_sentences(res: dict, setups: list[Setup], lang: str,
                        residents: dict[str, tuple[float, float]] | None = None) -> list[str]:
    """Residents no crew reaches by road (``residents``: scenario → count and share, from the static coverage) and,
    per scenario, the alarms no crew reached (``share_missing``), each only when above 0.

    The residents' sentence is said once when every scenario has the same count, else once per scenario that has
    any, named."""
    out = []
    shown = {x.name: residents[x.name] for x in setups if residents and residents.get(x.name, (0, 0))[0] > 0.5}
    if shown:
        alike = len({round(n) for n, _ in shown.values()}) == 1 and len(shown) == len(setups)
        for name, (n, p) in shown.items():
            text = t("rep_residents_unreached", lang, n=integer(round(n), lang), p=pct(p, 1, lang))
            out.append(text if alike else f"{name}: {text}")
            if alike:
                break
    for x in setups:
        miss = res["scenarios"][x.name].get("share_missing") or 0.0
        if miss > 0:
            out.append(t("rep_alarms_unreached", lang, s=x.name, p=pct(miss, 1, lang), t=res["target_minutes"]))
    return out


def zones_sentence(res: dict, setups: list[Setup], lang: str) -> str | None:
    """Page one's line on the target zones (``[region] target_zones``): each scenario's share of alarms within their
    own zone's target, with its 95 % interval; None for a region without zones."""
    scen = res["scenarios"]
    if not all("zone_targets" in scen[x.name] for x in setups):
        return None
    shares = [f"{x.name} {pct(z['share_within_zone_target'], 1, lang)}"
              f"{ci_phrase(z.get('share_within_zone_target_ci95'), 1, lang, percent=True)}"
              for x in setups for z in [scen[x.name]["zone_targets"]]]
    source = scen[setups[0].name]["zone_targets"].get("source")
    return t("b_zones", lang, v=_join(shares, lang)) + (" " + t("zones_source", lang, s=source) if source else "")


def reported_values(rep: Mapping[str, float], lang: str) -> str:
    """The reported years' values as page one and the report write them: ``10.52 (2022) and 11.19 (2023)``."""
    return _join([t("b_reported_year", lang, v=num(v, 2, lang), y=y) for y, v in rep.items()], lang)


def reported_sentence(res: dict, lang: str) -> str | None:
    """The reported yearly indicator, and where each scenario's mean lies against it."""
    rep = res.get("reported_minutes") or {}
    if not rep:
        return None
    values = reported_values(rep, lang)
    groups: dict[str, list[str]] = {"b_rep_below": [], "b_rep_between": [], "b_rep_above": []}
    for name, s in res["scenarios"].items():
        m = yearly_mean(res, name)
        if not _known(m):  # a scenario without a simulated time lies nowhere against the reported years
            continue
        key = "b_rep_below" if m < min(rep.values()) else "b_rep_above" if m > max(rep.values()) else "b_rep_between"
        groups[key].append(name)
    cmp = " ".join(t(k, lang, s=_join(v, lang)) for k, v in groups.items() if v)
    return t("b_reported", lang, v=values, cmp=cmp)


def difference_sentence(res: dict, board: dict, other: str, lang: str) -> str:
    """Paired differences of one scenario from the first, in words."""
    d = board["differences"][other]
    if d["first_arrival"]["mean"].get("comparable") is False:  # mean times over different sets of alarms
        miss = d["first_arrival"]["share_missing"]
        x, y = pct(miss["base"], 1, lang), pct(miss["other"], 1, lang)
        # Shares that differ only in some replications print alike: "changes from 0.3 % to 0.3 %" reads as a slip.
        return t("b_diff_unreached" if x != y else "b_diff_unreached_alike", lang, o=other, b=board["base"], x=x,
                 y=y, share=points_words(d["first_arrival"]["share_within_target"], lang),
                 t=general(res["target_minutes"], lang))
    if "indicator" in d:
        return t("b_diff_ind", lang, o=other, b=board["base"],
                 ind=minutes_words(d["indicator"]["mean"], lang, IND_KEYS),
                 first=minutes_words(d["first_arrival"]["mean"], lang),
                 eff=minutes_words(d["effective_force"]["mean"], lang,
                                   ("b_eff_sooner", "b_eff_later", "b_eff_no_diff", "b_eff_same")),
                 share=points_words(d["first_arrival"]["share_within_target"], lang),
                 t=general(res["target_minutes"], lang))
    return t("b_diff", lang, o=other, b=board["base"], first=minutes_words(d["first_arrival"]["mean"], lang),
             eff=minutes_words(d["effective_force"]["mean"], lang,
                               ("b_eff_sooner", "b_eff_later", "b_eff_no_diff", "b_eff_same")),
             share=points_words(d["first_arrival"]["share_within_target"], lang),
             t=general(res["target_minutes"], lang))


def difference_heading(board: dict, others: list[str]) -> str:
    """The text key of the differences' heading: "how much faster" only when every other scenario's mean first
    arrival is sooner, "slower" when every one is later, else neutral (was "faster" for a closed station too)."""
    signs = {math.copysign(1, m) if (m := board["differences"][o]["first_arrival"]["mean"].get("mean")) else 0
             for o in others}
    return {frozenset({-1.0}): "b_h_difference", frozenset({1.0}): "b_h_difference_slower"}.get(
        frozenset(signs), "b_h_difference_mixed")


def change_items(base: Setup, other: Setup, lang: str) -> list[str]:
    """What differs between two scenarios' crews, in words (staffing, station, turnout, service)."""
    items = []
    base_crews = {c.id: c for c in base.crews}
    for c in other.crews:
        b = base_crews.get(c.id)
        if b is None or c.external:
            continue
        name = c.label(lang)
        if b.in_service != c.in_service:
            words = [t("b_in_service" if x else "b_out_of_service", lang) for x in (b.in_service, c.in_service)]
            items.append(t("b_change_service", lang, c=name, a=words[0], b=words[1]))
            continue
        if base.staffing[c.id].label() != other.staffing[c.id].label():
            items.append(t("b_change_staff", lang, c=name, a=base.staffing[c.id].label(),
                           b=other.staffing[c.id].label()))
        if b.station != c.station:
            items.append(t("b_change_station", lang, c=name, a=base.stations[b.station].name,
                           b=other.stations[c.station].name))
        if b.turnout_s != c.turnout_s:
            items.append(t("b_change_turnout", lang, c=name, a=num(b.turnout_s / 60, 1, lang),
                           b=num(c.turnout_s / 60, 1, lang)))
    return items


def _differs(a: object, b: object) -> bool:
    """Whether two settings differ, comparing dataclasses field by field and arrays by value."""
    import dataclasses

    import numpy as np

    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b) and type(a) is type(b):
        return any(_differs(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return not np.array_equal(np.asarray(a), np.asarray(b))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) != len(b) or any(_differs(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() != b.keys() or any(_differs(a[k], b[k]) for k in a)
    try:
        return bool(a != b)
    except (TypeError, ValueError):
        return True


def where_sentence(board: dict, other: Setup, base: Setup, lang: str) -> list[str]:
    """What differs and in which station areas the difference shows most (detectable differences only)."""
    out = []
    items = change_items(base, other, lang)
    if not items and any(_differs(getattr(base, f), getattr(other, f)) for f in ("demand", "network", "crews")):
        items = [t("b_change_other", lang)]
    if not items and base.posterior != other.posterior:
        items = [t("b_change_posterior", lang)]
    if not items:
        return [t("b_same_setup", lang, o=other.name, b=base.name)]
    out.append(t("b_changes", lang, o=other.name, items=_join(items, lang)))
    diffs = board["differences"][other.name]
    areas: dict[str, list[tuple[float, str]]] = {}
    for scope, figs in diffs.items():
        kind, _, area = scope.partition(":")
        if kind not in ("area", "effective") or not area:
            continue
        d = figs["mean"]
        if not d.get("ci95") or not excludes_zero(d["ci95"], _digits(d["ci95"])):
            continue
        words = minutes_words(d, lang)
        areas.setdefault(area, []).append((abs(d["difference"]),
                                           t("b_first_short" if kind == "area" else "b_eff_short", lang, w=words)))
    ranked = sorted(areas.items(), key=lambda kv: -max(x[0] for x in kv[1]))[:MAX_AREAS]
    if not ranked:
        # Without a single interval (one replication) "no detectable difference" would claim a test never made.
        judged = any(f["mean"].get("ci95") for scope, f in diffs.items()
                     if scope.partition(":")[0] in ("area", "effective"))
        out.append(t("b_where_none" if judged else "b_where_unjudged", lang, o=other.name))
        return out
    parts = [t("b_where_area", lang, a=t("b_where_archipelago", lang) if a == "Archipelago" else area_label(a, lang),
               items="; ".join(w for _, w in sorted(v, key=lambda x: -x[0]))) for a, v in ranked]
    out.append(t("b_where", lang, o=other.name, items=_join(parts, lang)))
    return out


def _param_label(key: str, lang: str) -> str:
    return t(f"param_{key}", lang) if has(f"param_{key}") else t("param_other", lang, k=key)


def unknown_sentences(res: dict, board: dict, lang: str) -> list[str]:
    """The approximate network and the uncertain assumptions with the largest effect."""
    net = res["network"]
    out = [t("b_network_approx",
             lang) if net.get("approximate") else t("b_network_ok", lang, label=network_label(net, lang))]
    rows = board.get("assumptions") or []
    if not rows:
        out.append(t("b_no_assumptions", lang))
        return out
    items = []
    for r in rows[:MAX_ASSUMPTIONS]:
        lo, hi = r["plausible"]
        k = 0 if max(abs(lo), abs(hi)) >= 10 else 2
        fmt: dict[str, Any] = dict(p=_param_label(r["key"], lang), lo=num(lo, k, lang), hi=num(hi, k, lang),
                                   m1=num(r["mean_minutes"][0], 2, lang), m2=num(r["mean_minutes"][1], 2, lang))
        key = "b_assumption_ind" if _has_indicator(res) else "b_assumption"
        if (r.get("change") or {}).get("ci95"):  # the paired change and each end's interval: no figure without CI
            c1, c2 = r.get("mean_minutes_ci95") or (None, None)
            fmt.update(c1=ci_phrase(c1, 2, lang), c2=ci_phrase(c2, 2, lang),
                       w=minutes_words(r["change"], lang, END_KEYS))
            key += "_ci"
        items.append(t(key, lang, **fmt))
    out.append(t("b_assumptions", lang, b=board["base"], r=board["what_if_replications"], items="; ".join(items)))
    return out


#: :func:`minutes_words`' keys for the change from an assumption's low end to its high end.
END_KEYS = ("b_end_sooner", "b_end_later", "b_end_no_diff", "b_end_same")
#: The words of a change of the yearly indicator: a value is shorter or longer, not sooner or later.
IND_KEYS = ("b_ind_sooner", "b_ind_later", "b_ind_no_diff", "b_ind_same")


def _signed_ci(d: dict, lang: str) -> str:
    """``+0.38 [+0.30, +0.45]``: a paired difference with its 95 % interval, as the report's tables print one."""
    ci = d.get("ci95")
    if d.get("difference") is None or not ci:
        return "–"
    k = interval_digits(ci, 2)
    return f"{num(d['difference'], k, lang, sign=True)} {signed_interval(ci[0], ci[1], k, lang)}"


def assumption_row(r: dict, lang: str) -> tuple[str, str, str, str, str]:
    """(parameter in words, plausible range, mean at the two ends with their 95 % intervals, the paired change from
    the low to the high end with its 95 % interval, source) for the report's table."""
    lo, hi = r["plausible"]
    k = 0 if max(abs(lo), abs(hi)) >= 10 else 2
    cis = r.get("mean_minutes_ci95") or (None, None)
    ends = [num(m, 2, lang) + (f" [{num(ci[0], kc, lang)}–{num(ci[1], kc, lang)}]" if ci else "")
            for m, ci in zip(r["mean_minutes"], cis) for kc in [interval_digits(ci, 2)]]
    return (_param_label(r["key"], lang), f"{num(lo, k, lang)}–{num(hi, k, lang)}", " → ".join(ends),
            _signed_ci(r.get("change") or {}, lang),
            (r.get("source_sv") or r.get("source", "")) if lang == "sv" else r.get("source", ""))


def _has_indicator(res: dict) -> bool:
    return all(s.get("indicator") and s["indicator"].get("mean") is not None for s in res["scenarios"].values())


def lever_label(lever: dict, setup: Setup, lang: str) -> str:
    """A candidate lever in words, from its overrides (``crews.<id>.level`` or ``crews.<id>.turnout_minutes``)."""
    crews = {c.id: c for c in setup.crews}
    key: str | None
    value: Any  # a TOML value: a staffing level's name or a number of minutes
    (key, value), = lever["overrides"].items() if len(lever["overrides"]) == 1 else [(None, None)]
    parts = key.split(".") if key else []
    if len(parts) == 3 and parts[0] == "crews" and parts[1] in crews:
        crew = crews[parts[1]]
        if parts[2] == "level":
            lvl = t(f"level_{value}", lang) if has(f"level_{value}") else t("level_other", lang, l=value)
            return t("b_lever_level", lang, c=crew.label(lang), lvl=lvl, new=crew.staffing[value].label(),
                     old=setup.staffing[crew.id].label())
        if parts[2] == "turnout_minutes":
            return t("b_lever_turnout", lang, c=crew.label(lang),
                     v=num(value, 0 if float(value).is_integer() else 1, lang))
    return t("b_lever_other", lang, o=", ".join(f"{k} = {v}" for k, v in lever["overrides"].items()))


def _met(res: dict, base: Setup, lang: str) -> str:
    """"<base> already meets the target": on average for a mean, with its statistic for a percentile or median."""
    statistic = (res["scenarios"][base.name].get("indicator") or {}).get("statistic", "mean")
    if statistic == "mean":
        return t("b_lever_met", lang, b=base.name)
    q = percentile_of(statistic)
    stat = t("ind_stat_percentile", lang, q=ordinal(q, lang)) if q is not None else t(f"ind_stat_{statistic}", lang)
    return t("b_lever_met_stat", lang, b=base.name, stat=stat)


def lever_sentences(res: dict, board: dict, base: Setup, lang: str) -> list[str]:
    """Which candidate change shortens the base scenario's mean most, and whether that closes the gap."""
    levers = board.get("levers") or []
    target = res["target_minutes"]
    gap = yearly_mean(res, base.name) - target
    if not levers:  # e.g. a city of full-time crews at one staffing level: say why, and whether a lever is needed
        return [t("b_lever_none", lang, b=base.name)] + ([_met(res, base, lang)] if gap <= 0 else [])
    best = levers[0]
    d = best["mean_minutes_change"]
    detected = bool(d.get("ci95")) and d["ci95"][1] < 0 and excludes_zero(d["ci95"], _digits(d["ci95"]))
    if not detected:
        what = t("b_what_ind" if _has_indicator(res) else "b_what_mean", lang)
        return [t("b_lever_undetected", lang, n=len(levers), b=base.name, r=board["what_if_replications"], what=what,
                  l=lever_label(best, base, lang), w=minutes_words(d, lang))]
    indicator = _has_indicator(res)
    out = [t("b_lever_ind" if indicator else "b_lever", lang, n=len(levers), b=base.name,
             r=board["what_if_replications"],
             l=lever_label(best, base, lang), w=minutes_words(d, lang, *([IND_KEYS] if indicator else [])))]
    if gap <= 0:
        out.append(_met(res, base, lang))
    elif -best["mean_minutes_change"]["difference"] >= gap:
        out.append(t("b_lever_closes", lang, g=num(gap, 2, lang)))
    else:
        rest = [f"{lever_label(x, base, lang)}: {minutes_words(x['mean_minutes_change'], lang)}" for x in levers[1:3]]
        # With one lever tried there is no next best to name ("the next best: –." read as a missing figure).
        out.append(t("b_lever_short", lang, g=num(gap, 2, lang), rest="; ".join(rest)) if rest else
                   t("b_lever_short_alone", lang, g=num(gap, 2, lang)))
    return out


def summary_html(res: dict, board: dict, setups: list[Setup], lang: str,
                 residents: dict[str, tuple[float, float]] | None = None) -> str:
    """Page one as HTML: the question, the answer per scenario (with the residents and alarms no crew reaches,
    ``residents`` as :func:`unreached_sentences` takes them), differences, where, how sure, unknowns, the lever."""
    e = html.escape
    s = res["settings"]
    target = res["target_minutes"]
    names = _join([x.name for x in setups], lang)
    question = t("b_question", lang, region=res["region"], scen=names, t=general(target, lang))  # 8, not 8.00
    parts = [
        f'<p class="question">{e(question)}</p>',
        f"<h3>{e(t('b_h_answer', lang))}</h3>",
        "<ul>",
    ]
    parts += [f"<li>{e(x)}</li>" for x in answer_sentences(res, setups, lang)]
    for extra in (zones_sentence(res, setups, lang), archipelago_sentence(res, setups, lang)):
        if extra is not None:
            parts.append(f"<li>{e(extra)}</li>")
    parts += [f"<li>{e(x)}</li>" for x in unreached_sentences(res, setups, lang, residents)]
    # Beside the answer it qualifies: an overloaded scenario's means describe the run's length, not a steady state
    # (run and compare say it in the same words); a scenario with no alarm says why its figures are "–".
    parts += [f"<li>{e(x)}</li>" for x in scenario_notes(res, lang)]
    parts.append("</ul>")
    rep = reported_sentence(res, lang)
    total = sum(x["alarms"] for x in res["scenarios"].values()) // max(len(res["scenarios"]), 1)
    if _has_indicator(res):
        note = t("b_ind_note", lang, n=integer(next(iter(res["scenarios"].values()))["indicator"]["years"], lang))
    elif total > 0:
        note = t("b_per_alarm_note", lang, n=integer(total, lang), y=years_text(s["years"] * s["replications"], lang))
    else:  # no mean over 0 alarms: the answer's note above says why every figure is "–"
        note = ""
    parts.append(f'<p>{e(rep) if rep else ""}</p>')
    base = setups[0]
    if len(setups) > 1:
        parts.append(f"<h3>{e(t(difference_heading(board, [o.name for o in setups[1:]]), lang, b=base.name))}</h3><ul>")
        parts += [f"<li>{e(difference_sentence(res, board, o.name, lang))}</li>" for o in setups[1:]]
        parts.append(f"</ul><h3>{e(t('b_h_where', lang))}</h3><ul>")
        parts += [f"<li>{e(x)}</li>" for o in setups[1:] for x in where_sentence(board, o, base, lang)]
        parts.append("</ul>")
    sure = t("b_sure", lang, r=s["replications"], y=general(float(s["years"]), lang),  # 0.003 printed as 0.0
             s="" if s["replications"] == 1 else ("s" if lang == "en" else "ar"))
    sure = " ".join([sure, *no_ci_note(s["replications"], lang)])  # one replication: why no figure has an interval
    parts.append(f"<h3>{e(t('b_h_sure', lang))}</h3><p>{e(sure)} {e(note)}</p>")
    parts.append(f"<h3>{e(t('b_h_unknown', lang))}</h3><ul>")
    parts += [f"<li>{e(x)}</li>" for x in unknown_sentences(res, board, lang)]
    parts.append(f"</ul><h3>{e(t('b_h_lever', lang))}</h3>")
    parts.append("<p>" + " ".join(e(x) for x in lever_sentences(res, board, base, lang)) + "</p>")
    return "\n".join(parts)
