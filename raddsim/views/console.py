"""``raddsim run``'s plain-text tables for the terminal: figures, indicator, areas, types, readiness, totals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.network.positions import SWEREF
from raddsim.region.indicator import IndicatorSpec, default_name, percentile_of
from raddsim.views.i18n import check_lang, has, t, t_region
from raddsim.views.numbers import general, integer, num, ordinal, simulated_years
from raddsim.views.numbers import missing as no_value
from raddsim.views.plain_text import (
    bare_ci_note,
    check_width,
    fitted_lines,
    fitted_table,
    network_line,
    no_ci_note,
    part_year_note,
    pct,
    per_cent,
    scenario_notes,
    share_with_ci,
    short_run_note,
    with_ci,
)
from raddsim.views.zone_rows import zone_rows

if TYPE_CHECKING:  # the console is imported by commands that never load a region
    from raddsim.region.region import Setup


def effective_target(res: dict) -> float | None:
    """The effective force's own target of a run's or comparison's results (``[region] effective_target_minutes``,
    which the JSON's ``effective_force_minutes`` blocks carry as ``target_minutes``); None when the region sets none
    and the force is read against ``target_minutes``."""
    for sc in res.get("scenarios", {}).values():
        given = (sc.get("effective_force_minutes") or {}).get("target_minutes")
        if given is not None:
            return float(given)
    return None


def _effective_lines(res: dict, lang: str, width: int | None = None) -> list[str]:
    """The effective force's table, its share within the force's own target when the region sets one (then said in
    a line under the title); nothing when the scenarios have no effective-force figures."""
    first = next(iter(res["scenarios"].values()))
    if "effective_force_minutes" not in first:
        return []
    own = effective_target(res)
    out = ["", t("effective_title_ems" if res.get("service") == "ems" else "effective_title", lang)]
    if own is not None:
        out.append(t("effective_target", lang, t=own))
    rows = _figure_rows(res, "effective_force_minutes", lang, res["target_minutes"] if own is None else own,
                        never=True)
    return out + [fitted_table(rows, width)]


def _figure_rows(res: dict, key: str | None, lang: str, target: float, never: bool = False) -> list[list[str]]:
    s = res["settings"]
    simulated = s["years"] * s["replications"]
    head = [t("scenario", lang), t("alarms_counted", lang, sy=simulated_years(simulated, lang)),
            t("mean", lang), t("median", lang), t("p90", lang), t("within", lang, t=target)]
    if never:
        head.append(t("never", lang))
    # The first crew's alarms no crew reached: counted as misses in the share, left out of mean, median and p90.
    missed = key is None and any((sc.get("share_missing") or 0) > 0 for sc in res["scenarios"].values())
    if missed:
        head.append(t("not_reached", lang))
    rows = [head]
    for name, sc in res["scenarios"].items():
        fa = sc["first_arrival_minutes"] if key is None else sc[key]
        block = sc if key is None else fa  # the first crew's share is the run's own; another measure's is in its block
        share, share_interval = block["share_within_target"], block["share_within_target_ci95"]
        row = [name, integer(sc["alarms"], lang), with_ci(fa["mean"], fa["mean_ci95"], lang=lang),
               with_ci(fa["median"], fa.get("median_ci95"), lang=lang),
               with_ci(fa["p90"], fa.get("p90_ci95"), lang=lang),
               with_ci(share, share_interval, 1, 100, per_cent(lang), lang)]
        if never:
            row.append(share_with_ci(fa, "share_never", 1, lang))
        if missed:
            row.append(share_with_ci(sc, "share_missing", 1, lang))
        rows.append(row)
    return rows


def travel_lines(res: dict, lang: str, width: int | None = None) -> list[str]:
    """The first crew's own travel (leaving → on scene) per scenario: mean, median, 90th percentile [95 % CIs] and
    the share within the region's travel target; nothing when the region sets none (``travel_target_minutes``).

    Parameters
    ----------
    res : dict
        The JSON of ``raddsim run`` or ``raddsim compare`` (each scenario's ``first_travel_minutes``).
    lang : str
        ``"en"`` or ``"sv"``.

    Returns
    -------
    list of str
        An empty line, the title and the table; none without a travel target.
    """
    scen = res.get("scenarios") or {}  # (hand-made comparisons in tests carry only their differences)
    travel = [sc.get("first_travel_minutes") for sc in scen.values()]
    if not travel or not all(travel):
        return []
    s = res["settings"]
    target = travel[0]["travel_target_minutes"]
    rows = [[t("scenario", lang), t("alarms_counted", lang, sy=simulated_years(s["years"] * s["replications"], lang)),
             t("mean", lang), t("median", lang), t("p90", lang), t("travel_within", lang, t=target)]]
    for (name, sc), tr in zip(scen.items(), travel):
        rows.append([name, integer(sc["alarms"], lang)]
                    + [with_ci(tr[k], tr.get(f"{k}_ci95"), lang=lang) for k in ("mean", "median", "p90")]
                    + [with_ci(tr["share_within_travel_target"], tr["share_within_travel_target_ci95"], 1, 100,
                               per_cent(lang), lang)])
    return ["", f"{t('travel_title', lang)} ({t('minutes_ci', lang)})", fitted_table(rows, width),
            t("travel_note", lang)]


def _staffing_rows(scen: dict, names: list[str], crews: list[str], lang: str,
                   crew_label: dict[str, str], sweden: bool = True, width: int | None = None) -> list[str]:
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
            c = scen[name]["readiness"]["crews"].get(crew, {})
            st, ci = c.get("staffing_time_share"), c.get("staffing_time_share_ci95") or {}
            row.append("–" if st is None else " / ".join(
                _state_share(st[k], ci.get(k), lang) for k in ("at_ambition", "at_minimum", "below_minimum",
                                                               "ur_beredskap")))
        rows.append(row)
    return ["", t_region("staffing_states", lang, sweden) + t("ci_unless_rounded", lang), fitted_table(rows, width)]


def _state_share(value: float | None, ci: list[float] | None, lang: str) -> str:
    """A staffing state's share with its interval, the share alone where the interval rounds to it: a full-time
    crew's "100% [100–100] / 0% [0–0] / 0% [0–0] / 0% [0–0]" made the table twice as wide and said nothing."""
    plain = with_ci(value, None, 0, 100, per_cent(lang), lang)
    if value is None or not ci or no_value(ci[0]):
        return plain
    same = num(ci[0] * 100, 0, lang) == num(ci[1] * 100, 0, lang) == num(value * 100, 0, lang)
    return plain if same else with_ci(value, ci, 0, 100, per_cent(lang), lang)


def _indicator_rows(res: dict, names: list[str], lang: str, width: int | None = None) -> list[str]:
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
        rows.append([name, with_ci(d["mean"], d["mean_ci95"], 2, lang=lang),
                     f"{num(dist.get('p5'), 2, lang)}–{num(dist.get('p95'), 2, lang)}" if dist else "–",
                     with_ci(d["p_meets_target"], d["p_meets_target_ci95"], 0, 100, per_cent(lang), lang)])
    if lang == "sv" and first.get("name_sv"):  # the region file's own Swedish name ([indicator] name_sv)
        ind_name = first["name_sv"]
    else:  # the default name (a region file without [indicator] name) is raddsim's: said in the reader's language
        ind_name = _default_name(first, lang)
    title = "ind_title_ems" if res.get("service") == "ems" else "ind_title"  # an ambulance service has no commander
    head = t(title, lang, name=ind_name, stat=_statistic(first["statistic"], lang),
             types=_indicator_types(first["types"], res.get("incident_types", {}), lang),
             il=t("yes" if first["commander_counts"] else "no", lang), sy=simulated_years(first["years"], lang))
    # The per-alarm share is against the run's target, which may differ from the indicator's own.
    # The note at the top says there are no CIs; the chance a year meets the target has one all the same.
    one = [t("ind_one_replication", lang, n=first["years"])] if res.get("settings", {}).get("replications") == 1 else []
    return (["", head, fitted_table(rows, width), t("ind_note", lang, t=res["target_minutes"])]
            + _unreached_note(res, names, lang) + one + notes)


def _unreached_note(res: dict, names: list[str], lang: str) -> list[str]:
    """The line saying the yearly indicator leaves out the alarms no crew reached, with each scenario's share."""
    scen = res["scenarios"]
    missing = [(n, scen[n].get("share_missing")) for n in names]
    missing = [(n, m) for n, m in missing if m]
    if not missing:
        return []
    shares = ", ".join(pct(m, 1, lang) if len(names) == 1 else f"{n} {pct(m, 1, lang)}" for n, m in missing)
    return [t("ind_unreached", lang, w=shares, t=res["target_minutes"])]


def _default_name(indicator: dict, lang: str) -> str:
    """The indicator's name in ``lang``: raddsim's default (following the statistic) translated, else the file's."""
    if indicator["name"] == IndicatorSpec.name:  # a mean (or a run's JSON from before the name followed it)
        return t("ind_default_name", lang)
    if indicator["name"] == default_name(indicator["statistic"]):
        return t("ind_default_name_stat", lang, stat=_statistic(indicator["statistic"], lang))
    return indicator["name"]


def _statistic(stat: str, lang: str) -> str:
    """The indicator's statistic (``mean``, ``median``, ``p90`` …) in ``lang``; English shows the region file's word
    for a mean or a median, and "90th percentile" for ``p90``."""
    q = percentile_of(stat)
    if q is not None:
        return t("ind_stat_percentile", lang, q=ordinal(q, lang))
    key = f"ind_stat_{stat}"
    return t(key, lang) if lang != "en" and has(key) else stat


def _indicator_types(types: str | list[str], names: dict, lang: str) -> str:
    """The incident types the indicator counts: "all", or their ids (English) or Swedish names."""
    if types == "all":
        return t("ind_all_types", lang)
    if lang == "sv":
        return ", ".join(names.get(tid, {}).get("name_sv", tid) for tid in types)
    return ", ".join(types)


@checked_arguments()
def format_results(res: dict, lang: str = "en", setups: Sequence[Setup] | None = None,
                   width: int | None = None) -> str:
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
    width : int, optional
        The terminal's width in characters: a table with a column per scenario that is wider is printed with
        each scenario on a line of its own (:func:`~raddsim.views.plain_text.fitted_table`); None (the
        default) keeps the columns however wide.

    Returns
    -------
    str
        The table and notes as lines of text, figures in minutes.
    """
    check_lang(lang)
    check_width(width)
    if not isinstance(res, dict) or not {"target_minutes", "settings", "scenarios"} <= res.keys():
        raise InputError(f"res must be the results run_experiment returns, got {type(res).__name__} "
                         f"{str(res)[:60]}.", field="res", fix="give res = run_experiment(model, setups, ...).")
    target = res["target_minutes"]
    s = res["settings"]
    scen = res["scenarios"]
    names = list(scen)
    out = [
        f"raddsim {res['raddsim_version']} — {res['region']}: "
        + t("run", lang, n=len(scen), r=s["replications"], y=s["years"], s=s["seed"],
            sc=t("scenario" if len(scen) == 1 else "scenarios", lang),
            rp=t("replication" if s["replications"] == 1 else "replications", lang))
        + (t("run_warmup", lang, d=s["warmup_days"]) if s.get("warmup_days") else ""),
        network_line(res["network"], lang, s.get("region_file")),
        t("target", lang, t=target),
    ]
    out += no_ci_note(s["replications"], lang) + short_run_note(s, lang) + part_year_note(s, lang)
    out += scenario_notes(res, lang)
    if res.get("reported_minutes"):
        rep = ", ".join(f"{num(v, 2, lang)} min ({k})" for k, v in res["reported_minutes"].items())
        out.append(f"{t('reported', lang)}: {rep}")
    out += _indicator_rows(res, names, lang, width)
    out += ["", f"{t('title', lang)} ({t('minutes_ci', lang)})",
            fitted_table(_figure_rows(res, None, lang, target), width)]
    out += _effective_lines(res, lang, width)
    out += travel_lines(res, lang, width)

    out += _area_lines(res, names, lang, width)
    out += zone_lines(res, lang, width)
    out += _type_lines(res, names, lang, width)
    # Swedish terms (tätort, ur beredskap) only for a region in Sweden (its maps' metric CRS is SWEREF 99 TM).
    sweden = res.get("network", {}).get("metric_crs", SWEREF) == SWEREF
    out += _readiness_lines(scen, names, lang, crew_names(setups or (), lang), sweden, width)
    out += _total_lines(res, lang)
    out += _observed_lines(scen, lang, target, width)
    bare = bare_ci_note(scen, s["replications"], lang)  # a figure printed without its interval: why
    out += [""] + bare if bare else []
    return "\n".join(fitted_lines(out + swedish_terms_note("\n".join(out), lang, sweden), width))


#: The Swedish words English output keeps for a region in Sweden (crew names, table heads), as written in it in
#: lower case → their gloss in i18n.
_SWEDISH_TERMS = {("heltid", "deltid"): "swedish_term_heltid", ("insatsledare",): "swedish_term_insatsledare",
                  ("ur beredskap",): "swedish_term_ur_beredskap", ("tätort",): "swedish_term_tatort"}


def swedish_terms_note(text: str, lang: str, sweden: bool) -> list[str]:
    """A glossary line under English output that shows Swedish rescue-service words (a reader from abroad has
    no other key to them than the README's "Words used here"), of the words shown only; nothing in Swedish or
    outside Sweden.

    Parameters
    ----------
    text : str
        The output so far.
    lang : str
        Its language.
    sweden : bool
        Whether the region lies in Sweden.

    Returns
    -------
    list of str
        The note's lines: none, or an empty line and the note.
    """
    if lang != "en" or not sweden:
        return []
    low = text.lower()
    shown = [t(key, lang) for words, key in _SWEDISH_TERMS.items() if any(w in low for w in words)]
    return ["", t("swedish_terms_note", lang, terms="; ".join(shown))] if shown else []


def _area_lines(res: dict, names: list[str], lang: str, width: int | None = None) -> list[str]:
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
            eff = a.get("effective_force_minutes", {})
            row.append(
                f"{with_ci(a['first_arrival_minutes']['mean'], a['first_arrival_minutes']['mean_ci95'], lang=lang)} · "
                f"{share_with_ci(a, 'share_within_target', 0, lang)} · {t('eff_short', lang)} "
                f"{with_ci(eff.get('mean'), eff.get('mean_ci95'), lang=lang)}"
            )
        rows.append(row)
    out.append(fitted_table(rows, width))
    if res.get("network", {}).get("archipelago"):
        out.append(t("archipelago_note", lang))
    return out


def zone_lines(res: dict, lang: str, width: int | None = None) -> list[str]:
    """Per target zone (``[region] target_zones``): the first crew's mean [95 % CI] and the share within the zone's own
    target, and, last, every alarm against its own zone's target; nothing for a region without zones.

    Parameters
    ----------
    res : dict
        The JSON of ``raddsim run`` or ``raddsim compare`` (each scenario's ``per_zone`` and ``zone_targets``).
    lang : str
        ``"en"`` or ``"sv"``.
    width : int, optional
        The terminal's width (:func:`~raddsim.views.plain_text.fitted_table`); None: the columns however wide.

    Returns
    -------
    list of str
        An empty line, the title, the table and the zones' source; none without zones.
    """
    zoned = zone_rows(res, lang)
    if zoned is None:
        return []
    scen = res["scenarios"]
    first = next(iter(scen.values()))
    rows = [[t("zone", lang)] + list(scen)]
    for label, cells in zoned[0]:
        rows.append([label] + [
            f"{with_ci(a['first_arrival_minutes']['mean'], a['first_arrival_minutes']['mean_ci95'], lang=lang)} · "
            f"{pct(a['share_within_target'], 1, lang)} (n={integer(a['alarms'], lang)})"  # 99.8 %, never "100 %"
            for a in cells])
    empty = zoned[1]
    rows.append([t("zones_all", lang)] + [with_ci(sc["zone_targets"]["share_within_zone_target"],
                                                  sc["zone_targets"]["share_within_zone_target_ci95"], 1, 100,
                                                  per_cent(lang), lang) for sc in scen.values()])
    source = first["zone_targets"].get("source")
    return (["", t("per_zone", lang), fitted_table(rows, width)]
            + ([t("zones_empty", lang, z=", ".join(empty))] if empty else [])
            + ([t("zones_source", lang, s=source)] if source else []))


def _type_lines(res: dict, names: list[str], lang: str, width: int | None = None) -> list[str]:
    """Per incident type: mean first arrival · mean effective force (alarms)."""
    scen = res["scenarios"]
    first = next(iter(scen.values()))
    out: list[str] = []
    if "per_type" in first:
        type_names = res.get("incident_types", {})
        # Types with their own target ([types.<id>] target_minutes): every type's share within its target is shown.
        own = any("target_minutes" in a for a in first["per_type"].values())
        out += ["", t("per_type_targets" if own else "per_type", lang)]
        rows = [[t("type", lang)] + names]
        for tid in first["per_type"]:
            label = type_names.get(tid, {}).get("name_sv" if lang == "sv" else "name", tid)
            row = [label]
            for name in names:
                a = scen[name]["per_type"][tid]
                own_target = general(a.get("target_minutes", res["target_minutes"]), lang)  # 8, not 8.0
                share = f" · {share_with_ci(a, 'share_within_target', 0, lang)} ≤ {own_target}" if own else ""
                fa, ef = a["first_arrival_minutes"], a["effective_force_minutes"]
                row.append(f"{with_ci(fa['mean'], fa.get('mean_ci95'), lang=lang)} · "
                           f"{with_ci(ef['mean'], ef.get('mean_ci95'), lang=lang)}{share}"
                           f" (n={integer(a['alarms'], lang)})")
            rows.append(row)
        out.append(fitted_table(rows, width))
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
                     sweden: bool = True, width: int | None = None) -> list[str]:
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
                share = with_ci(c['available_share'], c['available_share_ci95'], 1, 100, per_cent(lang), lang)
                row.append(f"{share} · {share_with_ci(c, 'roll_rate', 0, lang)}")
            rows.append(row)
        out.append(fitted_table(rows, width))
        out += _staffing_rows(scen, names, crews, lang, crew_label, sweden, width)
        from raddsim.experiment.summary import FORCE_SHARE_KEY, SMOKE_SHARE_KEY

        key = next((k for k in (SMOKE_SHARE_KEY, FORCE_SHARE_KEY) if k in first["readiness"]), None)
        if key:
            cov = first["readiness"][key]
            out += ["", t_region("smoke_cov", lang, sweden)]
            rows = [[t("place", lang)] + names]
            for place in list(cov)[:8]:
                shares = [scen[n]["readiness"][key][place] for n in names]
                rows.append([place] + [" / ".join(share_with_ci(s, k, 0, lang) for k in REACH_KEYS) for s in shares])
            out.append(fitted_table(rows, width))
    return out


#: The smoke-diving force's reach per place: the share of time within 10 and within 20 minutes.
REACH_KEYS = ("within_10_min", "within_20_min")


def _per_year(sc: dict, key: str, fallback: float, lang: str) -> str:
    """A count per simulated year with its 95 % CI (results written before the CIs existed: the plain rate)."""
    if f"{key}_per_year" not in sc:
        return f"{num(fallback, 1, lang)} {t('per_year', lang)}"
    return f"{with_ci(sc[f'{key}_per_year'], sc[f'{key}_per_year_ci95'], lang=lang)} {t('per_year', lang)}"


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
    # of 0 alarms none waited, and none did not: "–", not 0.00 %
    waited = ", ".join(f"{n} {share_with_ci(sc, 'waited_share', 2, lang) if sc.get('alarms') != 0 else '–'}"
                       f"{_wait_of_those(sc, lang)}" for n, sc in scen.items())
    out.append(f"{t('waited', lang)}: {waited}")
    if "mutual_aid_first_alarms" in first:
        out.append(f"{t('mutual_aid', lang)}: " + ", ".join(
            f"{n} {_per_year(sc, 'mutual_aid_first', sc['mutual_aid_first_alarms'] / years, lang)}"
            for n, sc in scen.items()))
        out.append(f"{t('failed', lang)}: " + ", ".join(
            f"{n} {_per_year(sc, 'failed_to_roll', sc['failed_to_roll'] / years, lang)}" for n, sc in scen.items()))
    if any("diverted" in sc for sc in scen.values()):  # [dispatch] divert_for
        out.append(f"{t('diverted', lang)}: " + ", ".join(
            f"{n} {_per_year(sc, 'diverted', sc['diverted'] / years, lang)}" for n, sc in scen.items()
            if "diverted" in sc))
    moving = {n: sc["move_ups"] for n, sc in scen.items() if sc.get("move_ups")}
    if moving:
        out.append(f"{t('move_ups', lang)}: " + ", ".join(
            f"{n} ({m['policy']}) {with_ci(m['moves_per_year'], m['moves_per_year_ci95'], lang=lang)} "
            f"{t('per_year', lang)}, "
            f"{with_ci(m['hours_relocated_per_year'], m['hours_relocated_per_year_ci95'], 0, lang=lang)} h "
            f"{t('relocated', lang)}"
            for n, m in moving.items()))
    # Only points people live at are left out of anything: empty road points carry no alarms (see the warning).
    unreachable = [u for u in res["network"].get("unreachable_demand_points") or [] if u.get("population", 1) > 0]
    for key, alarms in (("unreachable", "not reached"), ("unreachable_left", "left out")):
        part = [u for u in unreachable if u.get("alarms", "left out") == alarms]  # older JSON: all left out
        if part:
            people = integer(round(sum(u["population"] for u in part)), lang)
            out.append(f"{t(key, lang)}: {len(part)} ({t('residents_n', lang, n=people)})")
    return out


def _observed_lines(scen: dict, lang: str, target: float, width: int | None = None) -> list[str]:
    """Observed response times of replayed incidents beside the simulated ones."""
    first = next(iter(scen.values()))
    out: list[str] = []
    if "observed_first_arrival_minutes" in first:
        out += ["", t("observed", lang)]
        rows = [["", t("mean", lang), t("median", lang), t("p90", lang), t("within", lang, t=target)]]
        o = first["observed_first_arrival_minutes"]
        rows.append([t("observed_row", lang), num(o["mean"], lang=lang), num(o["median"], lang=lang),
                     num(o["p90"], lang=lang),
                     pct(o["share_within_target"], 1, lang)])
        for n, sc in scen.items():
            fa = sc["first_arrival_minutes"]
            rows.append([f"{t('simulated', lang)} ({n})", with_ci(fa["mean"], fa["mean_ci95"], lang=lang),
                         with_ci(fa["median"], fa.get("median_ci95"), lang=lang),
                         with_ci(fa["p90"], fa.get("p90_ci95"), lang=lang),
                         with_ci(sc["share_within_target"], sc["share_within_target_ci95"], 1, 100, per_cent(lang),
                                  lang)])
        out.append(fitted_table(rows, width))
    return out
