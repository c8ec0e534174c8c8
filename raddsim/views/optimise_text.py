"""The console table of ``raddsim optimise``: finalists, cost, screening score, simulated figures with CIs, verdict.

English and Swedish (``--lang sv``). The result document (JSON) stays language-neutral: option sets
are translated with the option space's Swedish labels (:meth:`OptionSpace.labels_sv
<raddsim.optimise.space.OptionSpace.labels_sv>`) and verdicts by :func:`verdict_text`.
"""

from __future__ import annotations

import re
from typing import Mapping

from raddsim.optimise.output import table_rows
from raddsim.views.i18n import t
from raddsim.views.numbers import swedish

#: The verdicts :func:`raddsim.optimise.run.verdict` writes, and their Swedish wording.
_VERDICTS_SV = (
    (re.compile(r"^base$"), "bas"),
    (re.compile(r"^not simulated$"), "inte simulerad"),
    (re.compile(r"^only finalist$"), "enda finalist"),
    (re.compile(r"^only distinct finalist$"), "enda finalist med eget utfall"),
    (re.compile(r"^identical to (.+) in every replication \(merged after (\d+) replications\)$"),
     "identisk med ”\\1” i varje replikering (sammanslagen efter \\2 replikeringar)"),
    (re.compile(r"^best with (\d+)% confidence$"), "bäst med \\1\u00a0% konfidens"),
    (re.compile(r"^tied for best \(not separated after (\d+) replications\)$"),
     "delad bästa plats (inte åtskilda efter \\1 replikeringar)"),
    (re.compile(r"^tied for best \(within the indifference zone after (\d+) replications\)$"),
     "delad bästa plats (inom likgiltighetszonen efter \\1 replikeringar)"),
    (re.compile(r"^worse than (.+) \((\d+)% confidence, after (\d+) replications\)$"),
     "sämre än ”\\1” (\\2\u00a0% konfidens, efter \\3 replikeringar)"),
)


def verdict_text(verdict: str, lang: str = "en") -> str:
    """A finalist's verdict (as in the result document) in ``lang``."""
    if lang != "sv":
        return verdict
    for pattern, sv in _VERDICTS_SV:
        if pattern.match(verdict):
            return pattern.sub(sv, verdict)
    return verdict


def options_text(options: list[str], lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """An option set's labels joined, in ``lang`` (``labels``: English label → Swedish)."""
    if lang == "sv":
        return "; ".join((labels or {}).get(o, o) for o in options) or t("opt_as_today", lang)
    return "; ".join(options) or "as today"


def _fmt(value, ci_lo, ci_hi, scale: float = 1.0, digits: int = 2, lang: str = "en") -> str:
    if value is None:
        return "–"
    text = f"{value * scale:.{digits}f}"
    if ci_lo is not None:
        # Swedish: decimal comma, so the interval's two ends are parted by "till", as in every Swedish interval.
        text += f" [{ci_lo * scale:.{digits}f}{' till ' if lang == 'sv' else ', '}{ci_hi * scale:.{digits}f}]"
    return swedish(text) if lang == "sv" else text


def _ci(row: dict, key: str, scale: float = 1.0, digits: int = 2, lang: str = "en") -> str:
    """``row[key]`` with its ``_ci_low``/``_ci_high`` columns, formatted."""
    return _fmt(row[key], row[f"{key}_ci_low"], row[f"{key}_ci_high"], scale, digits, lang)


def _percent(text: str, lang: str) -> str:
    """``95%`` as printed: ``95 %`` (a space that never breaks) with a decimal comma in Swedish."""
    return swedish(text.replace("%", "\u00a0%")) if lang == "sv" else text


def paired_note(doc: dict, lang: str = "en") -> list[str]:
    """A note when a finalist's paired difference is over fewer replications than the base row's figures.

    A finalist eliminated early has fewer replications than the base; its vs-base difference is paired over its
    own, so it need not equal the difference of the two rows (probe_opt8 #3).
    """
    sim = doc.get("simulation") or {}
    base = (sim.get("base") or {}).get("replications")
    fewer = [(f["scenario"], f["simulated"]["replications"]) for f in doc["finalists"]
             if base and f.get("simulated") and f["simulated"]["replications"] < base]
    if not fewer:
        return []
    return [t("opt_paired_note", lang, which=", ".join(f"{name} {n}" for name, n in fewer), n=base)]


#: Deciding figures that are shares (shown in percent, differences in percentage points).
SHARE_FIGURES = ("share_within_target", "effective_share_within_target")


def _against_base(doc: dict, finalist: dict, lang: str) -> str:
    """One finalist against the base on the deciding figure: the paired difference and what it means."""
    if not finalist["options"]:
        return t("opt_concl_as_today", lang, name=finalist["scenario"])
    figure = doc["deciding_figure"]
    block = (finalist.get("simulated") or {}).get(figure) or {}
    ci = block.get("difference_ci95")
    if block.get("difference_from_base") is None or not ci:
        return ""
    lo, hi = ci
    better, worse = (lo > 0, hi < 0) if doc["larger_is_better"] else (hi < 0, lo > 0)
    what = "opt_concl_gain" if better else ("opt_concl_worse" if worse else "opt_concl_none")
    share = figure in SHARE_FIGURES
    diff = _fmt(block["difference_from_base"], lo, hi, 100 if share else 1, 1 if share else 2, lang)
    unit = (t("opt_unit_pp", lang) if share else "min") + _dagger(finalist, figure)
    return t("opt_concl_row", lang, name=finalist["scenario"], figure=t(f"opt_fig_{figure}", lang), diff=diff,
             unit=unit, what=t(what, lang))


def _dagger(finalist: dict, figure: str, sep: str = " ") -> str:
    """``sep`` + "†" when the finalist's mean of ``figure`` is over other alarms than the base's (see
    :func:`dagger_notes`); empty when it is comparable."""
    block = (finalist.get("simulated") or {}).get(figure) or {}
    return sep + "†" if block.get("comparable") is False else ""


def dagger_notes(doc: dict, lang: str = "en") -> list[str]:
    """The footnotes of the † marks: a finalist whose first-crew or effective-force mean is over other alarms than
    the base's (no crew reaches them, or their force never assembles), as ``raddsim compare`` marks them."""
    notes = []
    for figure, key in (("first_arrival_mean", "opt_not_comparable_first"),
                        ("effective_force_mean", "opt_not_comparable_eff")):
        if any(_dagger(f, figure) for f in doc["finalists"]):
            notes.append(t(key, lang))
    return notes


def conclusion(doc: dict, lang: str = "en") -> list[str]:
    """What the simulation selected, and whether it beats the base on the deciding figure, in plain words.

    "Best" is among the finalists only (the base is no rival unless today's set-up is a finalist), so the
    selected finalist's paired 95 % interval against the base says whether it is a gain at all (probe_opt8 #4–#7).
    """
    sim = doc.get("simulation")
    if not sim:
        return []
    by_name = {f["scenario"]: f for f in doc["finalists"]}
    if sim["status"] == "best":
        chosen = [sim["best"]]
        head = t("opt_concl_best", lang, name=sim["best"], c=_percent(f"{sim['confidence']:.0%}", lang))
    elif sim["status"] == "tied":
        chosen = list(sim["tied"])
        head = t("opt_concl_tied", lang, names=", ".join(chosen))
    else:
        merged = sim.get("merged") or {}
        chosen = [f["scenario"] for f in doc["finalists"] if f["scenario"] not in merged]
        head = t("opt_concl_single_merged" if merged else "opt_concl_single", lang, name=", ".join(chosen))
    rows = [_against_base(doc, by_name[name], lang) for name in chosen]
    return [head] + [r for r in rows if r]


def selection_notes(doc: dict, lang: str = "en") -> list[str]:
    """What the selection did beyond its rule: finalists merged as identical (named with the one kept), and the figure
    it decided on when ``--objective effective``'s means were not comparable."""
    sim = doc.get("simulation") or {}
    lines = []
    merged = sim.get("merged") or {}
    if merged:
        which = ", ".join(t("opt_merged_pair", lang, name=name, into=m["into"]) for name, m in merged.items())
        lines.append(t("opt_merged", lang, which=which, n=min(m["replications"] for m in merged.values())))
    if doc.get("deciding_figure_note"):
        lines.append(t("opt_decided_share", lang))
    return lines


def _head(doc: dict, lang: str, unit: str) -> list[str]:
    scr = doc["screening"]
    lines = [
        t("opt_title", lang, region=doc["region"], objective=t(f"opt_objective_{doc['objective']}", lang),
          budget=doc["budget"], unit=unit, base=doc["base"]),
        t("opt_screening", lang, n=len(doc["finalists"]), s=scr["seconds"], p=scr["alarm_sets"],
          how=t("opt_exact" if scr["exact"] else "opt_tangent", lang),
          score=t("opt_score_share" if doc["objective"] == "coverage" else "opt_score_minutes", lang),
          base=scr["base_score"]),
        t("opt_screening_assumptions", lang),
    ]
    top = doc.get("settings", {}).get("top")
    if scr.get("exhausted") and top and len(doc["finalists"]) < top:  # --top 50 and 4 sets: say why not 50
        lines.append(t("opt_fewer_sets", lang, n=len(doc["finalists"]), top=top))
    sim = doc.get("simulation")
    if sim:
        conf = f"{sim['confidence']:.0%}"
        status = t(f"opt_status_{sim['status']}", lang)
        if sim["status"] == "single":  # nothing was selected: no confidence to state
            lines.append(t("opt_simulation_single_merged" if sim.get("merged") else "opt_simulation_single", lang,
                           n=sim["total_replications"]))
        else:
            lines.append(t("opt_simulation", lang, n=sim["total_replications"], status=status,
                           c=_percent(conf, lang)))
        lines += selection_notes(doc, lang)
    warmup = doc.get("settings", {}).get("warmup_days")
    if warmup:  # the short availability runs and every finalist's replications
        lines.append(t("warmup_line", lang, d=warmup))
    return lines


def format_optimise(doc: dict, lang: str = "en", labels: Mapping[str, str] | None = None, unit: str | None = None
                    ) -> str:
    """Readable summary of an optimise result document.

    Parameters
    ----------
    doc : dict
        The result document (:func:`raddsim.optimise.run.optimise`).
    lang : str
        ``en`` or ``sv``.
    labels : mapping of str to str, optional
        English option label → Swedish (``OptionSpace.labels_sv()``), for ``sv``.
    unit : str, optional
        The cost unit as printed (default: the document's ``cost_unit``).

    Returns
    -------
    str
        The text, lines joined by newlines.
    """
    lines = _head(doc, lang, unit or doc["cost_unit"]) + [""]
    rows = table_rows(doc)
    lines += _table(rows, "effective_share_within_target" in rows[0], lang)
    lines.append("")
    for r, f in zip(rows[1:], doc["finalists"]):
        lines.append(f"{r['scenario']}: {options_text(f['options'], lang, labels)}")
        if r["share_within_target_vs_base"] is not None:
            lines.append(t("opt_vs_base", lang, share=_ci(r, "share_within_target_vs_base", 100, 1, lang),
                           first=_ci(r, "mean_first_arrival_min_vs_base", lang=lang)
                           + _dagger(f, "first_arrival_mean", ""),
                           effective=_ci(r, "effective_force_min_vs_base", lang=lang)
                           + _dagger(f, "effective_force_mean", ""))
                         + (t("opt_vs_base_eff_share", lang,
                              share=_ci(r, "effective_share_within_target_vs_base", 100, 1, lang))
                            if "effective_share_within_target" in r else ""))
    lines += dagger_notes(doc, lang) + paired_note(doc, lang)
    said = conclusion(doc, lang)
    return "\n".join(lines + ([""] + said if said else []))


def _table(rows: list[dict], effective_share: bool, lang: str) -> list[str]:
    """The finalists' table: cost, screening score, the simulated figures [95% CI], verdict; with
    ``effective_share`` (the selection decided on it) a column for the effective force within target too."""
    keys = ["scenario", "opt_cost", "opt_screen", "opt_within", "opt_first", "opt_effective"]
    keys += ["opt_eff_within"] if effective_share else []
    names = [t(k, lang) for k in (*keys, "opt_verdict")]
    w = [max(a, len(b)) for a, b in zip([10, 5, 8, 26, 22, 22, 26], names)]
    lines = [" ".join([f"{names[0]:<{w[0]}}", f"{names[1]:>{w[1]}}", f"{names[2]:>{w[2]}} "]
                      + [f"{n:<{k}}" for n, k in zip(names[3:-1], w[3:])] + [names[-1]])]
    for r in rows:
        figures = [_ci(r, "share_within_target", 100, 1, lang), _ci(r, "mean_first_arrival_min", lang=lang),
                   _ci(r, "effective_force_min", lang=lang)]
        figures += [_ci(r, "effective_share_within_target", 100, 1, lang)] if effective_share else []
        cost, score = f"{r['cost']:>{w[1]}g}", f"{r['screening_score']:>{w[2]}.4f}"
        if lang == "sv":
            cost, score = swedish(cost), swedish(score)
        lines.append(" ".join([f"{r['scenario']:<{w[0]}}", cost, f"{score} "]
                              + [f"{x:<{k}}" for x, k in zip(figures, w[3:])] + [verdict_text(r["verdict"], lang)]))
    return lines
