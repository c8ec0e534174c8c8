"""``raddsim target``'s text: the share within the target, where it is missed, which lever closes the gap most."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from raddsim.network.positions import SWEREF
from raddsim.views.board_text import lever_label
from raddsim.views.console import swedish_terms_note
from raddsim.views.i18n import t, t_region
from raddsim.views.numbers import integer, num, pct, signed_interval, simulated_years
from raddsim.views.plain_text import (
    bare_ci_note,
    check_width,
    fitted_lines,
    fitted_table,
    network_label,
    no_ci_note,
    scenario_note,
    with_ci,
)

if TYPE_CHECKING:  # only for the type hints
    from raddsim.region.region import Region

#: Places shown in "where the target is missed most", and levers in "what closes the gap most".
MISSED_ROWS, LEVER_ROWS = 8, 5
#: A place with fewer simulated alarms than this is left out of the missed places (its share is noise).
MIN_PLACE_ALARMS = 5


def format_target(res: dict, lang: str = "en", region: Region | None = None, width: int | None = None) -> str:
    """The board's reading of the target, as text (labels from :mod:`raddsim.views.i18n`, numbers in ``lang``'s format).

    Parameters
    ----------
    res
        :func:`raddsim.experiment.target.target_report`'s result.
    lang
        ``"en"`` or ``"sv"``.
    region
        With it the candidate levers are worded from their overrides in ``lang`` (as in the board paper);
        without it, the English labels stored in ``res`` are shown.
    width
        The terminal's width: wider tables are printed a row as a block, long sentences broken between words
        (:func:`~raddsim.views.plain_text.fitted_table`); None (the default) keeps every line whole.

    Returns
    -------
    str
        The text ``raddsim target`` prints.
    """
    check_width(width)
    target = res["target_minutes"]
    net = {"label": res["network"], "approximate": res.get("network_approximate")}
    lines = [t("target", lang, t=target), f"{t('network', lang)}: {network_label(net, lang)}"]
    sweden = res.get("metric_crs", SWEREF) == SWEREF
    if res.get("warmup_days"):
        lines.append(t("warmup_line", lang, d=res["warmup_days"]))
    # Say what the intervals rest on, or why there are none (as run does).
    lines += no_ci_note(res["replications"], lang) or [t("tg_basis", lang, r=res["replications"], y=res["years"])]
    for name, s in res["scenarios"].items():
        lines += ["", f"== {name}"] + _headline(s, target, lang, sweden)
        note = scenario_note(name, s, res["replications"], res["years"], lang)  # as run and compare say it
        lines += [note] if note else []
        lines += _missed(s, res, name, lang, region, width)
        if s.get("levers"):
            # how many paired replications the levers' intervals rest on (--lever-replications, not --replications)
            reps = t("tg_lever_reps", lang, n=res["lever_replications"]) if res.get("lever_replications") else ""
            lines += ["", t("tg_levers", lang, r=reps), _lever_table(s["levers"], target, name, lang, region, width)]
        elif "levers" in s:  # tried, none to try: was dropped without a word
            lines += ["", t("tg_no_levers", lang)]
    bare = bare_ci_note(res["scenarios"], res["replications"], lang)  # a figure printed without its interval: why
    lines += [""] + bare if bare else []
    # "tätorter", crew names such as "Norrtälje deltid": the same key under English text as `run` prints.
    return "\n".join(fitted_lines(lines + swedish_terms_note("\n".join(lines), lang, sweden), width))


def _headline(s: dict, target: float, lang: str, sweden: bool) -> list[str]:
    """The share of alarms within the target [CI] and of residents within it with every crew free; with target zones
    also both within each one's own zone's target."""
    p, ci = s["population_within_target"], s["share_within_target_ci95"]
    lines = [f"{t('fig_alarms_within', lang, t=target)}: {pct(s['share_within_target'], 1, lang)}"
             + (f" [{num(100 * ci[0], 1, lang)}–{pct(ci[1], 1, lang)}]" if ci else "")]
    if "share_within_zone_target" in s:  # [region] target_zones
        zci = s["share_within_zone_target_ci95"]
        lines.append(f"{t('zones_all', lang)}: {pct(s['share_within_zone_target'], 1, lang)}"
                     + (f" [{num(100 * zci[0], 1, lang)}–{pct(zci[1], 1, lang)}]" if zci else ""))
    if "population_within_zone_target" in s:  # the residents, each against their square's zone
        lines.append(f"{t('tg_residents_zone', lang)}: {pct(s['population_within_zone_target']['share'], 1, lang)}")
    lines.append(f"{t('fig_residents_within', lang, t=target)}: {pct(p['share'], 1, lang)}"
                 + residents_split(p, lang, sweden))
    if (p.get("by_boat_population") or 0) > 0.5:  # island residents a boat reaches: in the share at their boat times
        lines.append(t("shares_by_boat", lang, n=p["by_boat_population"]))
    if (p.get("unreachable_population") or 0) > 0.5:  # an island without ferry or boats: in the share, never reached
        lines.append(t("residents_unreached", lang, n=integer(round(p["unreachable_population"]), lang),
                       p=pct(p["unreachable_share"], 1, lang)))
    return lines


def residents_split(p: dict, lang: str, sweden: bool) -> str:
    """' (tätorter x %, countryside y %)' after the residents within the target.

    '' without a places file, where every resident lives along the roads, or when the places hold every
    resident: the split would only repeat the total.

    Parameters
    ----------
    p
        A scenario's ``population_within_target``.
    lang
        ``"en"`` or ``"sv"``.
    sweden
        Whether places are called tätorter (a Swedish region).

    Returns
    -------
    str
        The split in brackets, with a leading space, or ''.
    """
    if p.get("tatorter_share") is None or p.get("countryside_share") is None:
        return ""  # no places, or no one outside them (a city): the split would repeat the total
    return (f" ({t_region('tatorter', lang, sweden)} {pct(p['tatorter_share'], 1, lang)}, "
            f"{t('rep_countryside', lang)} {pct(p['countryside_share'], 1, lang)})")


def _missed(s: dict, res: dict, name: str, lang: str, region: Region | None, width: int | None = None) -> list[str]:
    """The places (or station areas) where the target is missed most, with the alarms simulated there."""
    target = res["target_minutes"]
    if s.get("alarms") == 0:  # 'nowhere missed' would claim what no alarm showed
        return ["", t("tg_no_alarms", lang, y=res.get("years", 0.0), n=res.get("replications", 0))]
    worst = [r for r in s["by_place"] if r["alarms"] >= MIN_PLACE_ALARMS][:MISSED_ROWS]
    if not worst and s["by_place"]:  # no place has enough alarms to judge: 'nowhere' would be vacuous
        return ["", t("tg_too_few", lang, m=MIN_PLACE_ALARMS)]
    # A place every alarm of which was reached in time is not 'missed': say so instead of a table of 100 %.
    worst = [r for r in worst if r["share_within_target"] < 1]
    if not worst:
        return ["", t("tg_none_missed", lang, t=target)]
    # Islands and alarm objects have names of their own in Swedish (name_sv); tätorter are Swedish already.
    demand = region.scenarios[name].demand if region is not None else None
    labels = {p.name: p.label(lang) for p in (*demand.islands, *demand.alarm_objects)} if demand else {}
    simulated = res.get("years", 0.0) * res.get("replications", 0)
    alarms = t("alarms_counted", lang, sy=simulated_years(simulated, lang)) if simulated else t(
        "alarms", lang)
    by_area = any(r.get("kind") == "area" for r in worst)
    within = t("tg_within_zone", lang) if "share_within_zone_target" in s else t("within", lang, t=target)
    rows = [[t("area" if by_area else "tg_place", lang), alarms, within]]
    rows += [[t("rep_countryside", lang) if r["place"] == "countryside" else labels.get(r["place"], r["place"]),
              integer(r["alarms"], lang),
              # with its interval, as the JSON has it: 0 % of 5 alarms is not "never" (the per cent as above)
              with_ci(r["share_within_target"], r.get("share_within_target_ci95"), 0, 100, "\u00a0%", lang)]
             for r in worst]
    return ["", t("tg_missed", lang), fitted_table(rows, width)]


def _lever_table(levers: list[dict], target: float, name: str, lang: str, region: Region | None,
                 width: int | None = None) -> str:
    """Each candidate lever's paired change in the share within the target and in the mean time, with 95 % CIs."""
    zones = bool(levers) and "share_within_zone_target_change" in levers[0]  # ranked by it ([region] target_zones)
    rows = [[t("tg_lever", lang)] + ([t("tg_within_zone", lang)] if zones else [])
            + [t("fig_alarms_within", lang, t=target), t("tg_mean_time", lang)]]
    pp = f" {t('pp', lang)}"
    for r in levers[:LEVER_ROWS]:
        label = lever_label(r, region.scenarios[name], lang) if region is not None else r["lever"]
        rows.append([label[:70]] + ([_change(r["share_within_zone_target_change"], 100, 1, pp, lang)] if zones else [])
                    + [_change(r["share_within_target_change"], 100, 1, pp, lang),
                       _change(r["mean_minutes_change"], 1, 2, " min", lang)])
    return fitted_table(rows, width)


def _change(d: dict[str, Any], scale: float, digits: int, unit: str, lang: str) -> str:
    """``+0.5 pp [+0.3, +0.7]``: a paired change with its 95 % interval (none with one replication)."""
    ci = d.get("ci95")
    text = f"{num(scale * d['difference'], digits, lang, sign=True)}{unit}"
    if ci:
        text += " " + signed_interval(scale * ci[0], scale * ci[1], digits, lang)
    return text


__all__ = ["format_target"]
