"""``raddsim compare``'s plain-text tables: paired differences from the first scenario, region-wide and per area."""

from __future__ import annotations

from raddsim.views.console import effective_target, travel_lines, zone_lines
from raddsim.views.i18n import area_label, t
from raddsim.views.numbers import excludes_zero, interval_digits, missing, num, signed_interval
from raddsim.views.plain_text import (
    bare_ci_note,
    check_width,
    fitted_lines,
    fitted_table,
    network_line,
    no_ci_note,
    part_year_note,
    per_cent,
    scenario_notes,
    short_run_note,
    with_ci,
)


def diff_text(d: dict, scale: float = 1.0, digits: int = 2, suffix: str = "", lang: str = "en") -> str:
    """``+0.13 [+0.11, +0.16] *``: the star only when the interval as printed lies on one side of zero.

    A time over a changed set of reached alarms (``comparable`` False) is marked ``†``, never starred.
    """
    if missing(d["difference"]):
        return "–"
    ci = [v * scale for v in d["ci95"]] if d["ci95"] else None
    digits = interval_digits(ci, digits)
    text = f"{num(d['difference'] * scale, digits, lang, sign=True)}{suffix}"
    if ci:
        text += " " + signed_interval(ci[0], ci[1], digits, lang)
    if d.get("comparable") is False:
        return text + " †"
    return text + (" *" if excludes_zero(ci, digits) else "")


_HEADLINE = [("first_mean", "first_arrival", "mean", 1.0, 2, False),
             ("first_median", "first_arrival", "median", 1.0, 2, False),
             ("first_p90", "first_arrival", "p90", 1.0, 2, False),
             ("first_share", "first_arrival", "share_within_target", 100.0, 1, True),
             ("first_unreached", "first_arrival", "share_missing", 100.0, 1, True),
             ("zones_all", "zoned", "share_within_target", 100.0, 1, True),  # only with [region] target_zones
             ("eff_mean", "effective_force", "mean", 1.0, 2, False),
             ("eff_share", "effective_force", "share_within_target", 100.0, 1, True),
             ("eff_never", "effective_force", "share_missing", 100.0, 1, True)]  # as the other shares


def format_comparison(res: dict, lang: str = "en", width: int | None = None) -> str:
    """The paired-difference tables ``raddsim compare`` prints; ``width``: the terminal's, which a wider table is
    fitted to (:func:`~raddsim.views.plain_text.fitted_table`; None, the default: every line whole)."""
    check_width(width)
    s = res["settings"]
    base, own = res["base"], effective_target(res)  # own: the effective force's target, if the region sets one
    out = [
        f"raddsim {res['raddsim_version']} — {res['region']}",
        network_line(res["network"], lang, s.get("region_file")),
        t("target", lang, t=res["target_minutes"]),
    ] + ([] if own is None else [t("effective_target", lang, t=own)]) + [
        t("precision", lang, n=s["replications"],
          w=", ".join(f"{k} {num(v, 3, lang)}" for k, v in s["half_width_minutes"].items()))
        + (t("run_warmup", lang, d=s["warmup_days"]) if s.get("warmup_days") else ""),
    ] + no_ci_note(s["replications"], lang) + short_run_note(s, lang) + part_year_note(s, lang)
    out += scenario_notes(res, lang)  # a scenario with no alarm, or overloaded: its figures need the reason
    if s.get("precision_reached") is False:
        out.append(t("precision_not_reached", lang, p=s["precision_minutes"], m=s["max_replications"]))
    for other, diffs in res["differences"].items():
        headline = _headline_table(diffs, base, other, lang, own, width)
        out += ["", t("diff_title", lang, b=base, o=other), headline, "", t("area_diff", lang),
                _area_table(diffs, base, other, lang, width),
                *_area_share_tables(diffs, base, other, res["target_minutes"], lang, width)]
        out += [t(key, lang) for key in _dagger_notes(diffs)]
    out += bare_ci_note(res["differences"], s["replications"], lang)  # a level printed without its interval: why
    if len(res["differences"]) > 1:  # a researcher comparing several scenarios asks whether the stars are corrected
        out += ["", t("cmp_several_note", lang, k=len(res["differences"]), b=base)]
    out += travel_lines(res, lang, width)  # each scenario's own figures: only with [region] travel_target_minutes
    out += zone_lines(res, lang, width)  # and only with [region] target_zones
    return "\n".join(fitted_lines(out, width))


def _dagger_notes(diffs: dict) -> list[str]:
    """The footnotes the † marks need: a changed share of alarms no crew reaches (first crew, station areas), and a
    changed share whose force never assembles (effective force), which is another matter and said apart."""
    def marked(scope: str, figs: tuple[str, ...]) -> bool:
        return any(diffs[scope][f].get("comparable") is False for f in figs)

    first = marked("first_arrival", ("mean", "median", "p90")) or any(
        marked(s, ("mean",)) for s in diffs if s.startswith("area:"))
    return [key for key, on in (("not_comparable", first), ("not_comparable_eff", marked("effective_force", ("mean",))))
            if on]


def level(d: dict, side: str, points: bool, digits: int, lang: str = "en") -> str:
    """One scenario's level beside a paired difference, with its own 95 % interval as ``run`` prints it
    (``10.39 [7.86–12.92]``, ``63.1% [51.2–74.9]``); the level alone where the block has no ``…_ci95`` (one
    replication, or a hand-made result of :func:`raddsim.experiment.compare.paired_differences` alone).

    Parameters
    ----------
    d
        A figure's block of ``differences`` (``base``, ``other`` and their ``base_ci95``, ``other_ci95``).
    side
        ``"base"`` or ``"other"``.
    points
        Whether the figure is a share (shown in per cent), else minutes.
    digits, lang
        Decimals; ``"en"`` or ``"sv"``.
    """
    value, ci = d[side], d.get(f"{side}_ci95")
    return with_ci(value, ci, digits, 100, per_cent(lang), lang) if points else with_ci(value, ci, digits, lang=lang)


def _headline_table(diffs: dict, base: str, other: str, lang: str, own: float | None = None,
                    width: int | None = None) -> str:
    """Whole-region levels [95% CI] and paired differences; the not-reached row only where some alarm is not
    reached. ``own``: the effective force's own target (its share's row then names it), None when the region sets
    none."""
    rows = [[t("figure", lang), base, other, t("difference", lang)]]
    for label, scope, fig, scale, digits, points in _HEADLINE:
        if scope not in diffs:
            continue
        d = diffs[scope][fig]
        if fig == "share_missing" and not (d["base"] or d["other"]):
            continue
        name = t("eff_share_within", lang, t=own) if label == "eff_share" and own is not None else t(label, lang)
        # A share carries its per-cent sign (as in `run`'s tables): "59.4   60.0" under "minimum  ambition" had no
        # unit, beside minutes in the rows above and percentage points in the difference column.
        rows.append([name, level(d, "base", points, digits, lang), level(d, "other", points, digits, lang),
                     diff_text(d, scale, digits, " " + t("pp", lang) if points else "", lang)])
    return fitted_table(rows, width)


def _area_table(diffs: dict, base: str, other: str, lang: str, width: int | None = None) -> str:
    """Per station area: the mean first arrival of each scenario [95% CI] and its paired difference."""
    rows = [[t("area", lang), base, other, t("difference", lang)]]
    for scope, d in diffs.items():
        if scope.startswith("area:"):
            m = d["mean"]
            rows.append([area_label(scope[5:], lang), level(m, "base", False, 2, lang),
                         level(m, "other", False, 2, lang), diff_text(m, lang=lang)])
    return fitted_table(rows, width)


def _area_share_tables(diffs: dict, base: str, other: str, target: float, lang: str,
                       width: int | None = None) -> list[str]:
    """Per station area: the share within the target of each scenario [95% CI] and its paired difference; then the
    share of alarms not reached, the same way, where some area has any (as the whole-region table shows its row),
    else a line saying none has. Tables of their own: beside the means they made a 170-character row."""
    areas = {scope[5:]: d for scope, d in diffs.items() if scope.startswith("area:")}
    out = ["", t("area_share_diff", lang, t=target), _area_rows(areas, "share_within_target", base, other, lang, width)]
    if any(d["share_missing"]["base"] or d["share_missing"]["other"] for d in areas.values()):
        return out + ["", t("area_unreached_diff", lang), _area_rows(areas, "share_missing", base, other, lang, width)]
    return out + [t("area_none_unreached", lang)] if areas else out


def _area_rows(areas: dict[str, dict], fig: str, base: str, other: str, lang: str, width: int | None = None) -> str:
    """A table of one share per station area: each scenario's [95% CI] and the paired difference (pp)."""
    rows = [[t("area", lang), base, other, t("difference", lang)]]
    for name, d in areas.items():
        f = d[fig]
        rows.append([area_label(name, lang), level(f, "base", True, 1, lang), level(f, "other", True, 1, lang),
                     diff_text(f, 100, 1, " " + t("pp", lang), lang)])
    return fitted_table(rows, width)
