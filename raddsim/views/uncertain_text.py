"""Console text of ``raddsim compare A B --uncertain N``."""

from __future__ import annotations

from raddsim.views.i18n import has, t
from raddsim.views.numbers import num, pct, signed_interval

_LABELS = {"first_arrival_mean": "first crew, mean (min)", "effective_force_mean": "effective force, mean (min)"}
_LABELS_SV = {"first_arrival_mean": "första styrka, medel (min)",
              "effective_force_mean": "full styrka, medel (min)"}


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _f(x: float | None, lang: str) -> str:
    """A signed figure with two decimals in ``lang``'s format (a true minus and a decimal comma in Swedish)."""
    return num(x, 2, lang, sign=True)


def _param(key: str, lang: str) -> str:
    """A ranged parameter as the table names it: in Swedish its words where the catalogue has them, the region
    file's key after them for experts; else the key."""
    return f"{t(f'param_{key}', lang)} ({key})" if lang == "sv" and has(f"param_{key}") else key


def format_uncertain(res: dict, lang: str = "en", top: int = 8) -> str:
    """The distribution of the difference over parameter sets, and the parameters that drive it."""
    labels = _LABELS_SV if lang == "sv" else _LABELS
    k = len(res["parameters"])
    pw = ("parameter" if k == 1 else "parametrar") if lang == "sv" else ("parameter" if k == 1 else "parameters")
    out = ["", t("unc_title", lang, a=res["a"], b=res["b"], n=res["parameter_sets"], r=res["replications_per_set"],
                 k=k, pw=pw)]
    if res.get("posterior"):
        post = res["posterior"]
        out.append(t("unc_posterior", lang, n=len(post["keys"]), m=post["accepted_sets"], file=post["file"]))
    rows = [[t("unc_figure", lang), t("unc_median", lang), t("unc_interval", lang), t("unc_better", lang),
             t("unc_worse", lang)]]
    for fig, d in res["figures"].items():
        q = d["difference"]
        rows.append([labels.get(fig, fig), _f(q["median"], lang), signed_interval(q["p5"], q["p95"], 2, lang),
                     pct(d["share_b_better_beyond_noise"], 0, lang), pct(d["share_b_worse_beyond_noise"], 0, lang)])
    out.append(_table(rows))
    for fig, d in res["figures"].items():
        shown = [r for r in d["importance"] if r["prcc"] is not None or r["spearman"] is not None][:top]
        if not shown:
            continue
        rank = d.get("ranking", {})
        by_prcc = rank.get("method", "prcc") == "prcc"
        out += ["", t("unc_drivers" if by_prcc else "unc_drivers_spearman", lang, f=labels.get(fig, fig))]
        if not by_prcc:
            out.append(t("unc_rank_spearman", lang, n=rank["sets"], k=rank["varied_parameters"],
                         m=rank["sets_needed_for_prcc"]))
        if "noise_floor" in rank:
            k = rank["varied_parameters"]
            out.append(t("unc_noise_floor" if k > 1 else "unc_noise_floor_one", lang,
                         x=num(rank["noise_floor"], 2, lang), k=k))
        # Below the sets PRCC needs its values are mostly noise: the column is left out, not shown beside.
        rows = [[t("unc_param", lang)] + (["PRCC"] if by_prcc else []) + ["Spearman"]]
        rows += [[_param(r["key"], lang)] + ([_f(r["prcc"], lang)] if by_prcc else []) + [_f(r["spearman"], lang)]
                 for r in shown]
        out.append(_table(rows))
    for nd in res.get("not_drawn") or []:
        out.append(t("unc_not_drawn", lang, p=nd["key"], s=nd["scenario"], v=nd["value"], lo=nd["low"],
                     hi=nd["high"]))
    out.append(t("unc_note", lang))
    return "\n".join(out)
