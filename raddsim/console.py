"""Plain-text tables of results for the terminal."""

from __future__ import annotations

import math

from raddsim.i18n import t


def _num(x: float | None, digits: int = 1) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _with_ci(value: float | None, ci: list[float] | None, digits: int = 1, scale: float = 1.0, suffix: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value * scale:.{digits}f}{suffix}"
    if ci:
        text += f" [{ci[0] * scale:.{digits}f}–{ci[1] * scale:.{digits}f}]"
    return text


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_results(res: dict, lang: str = "en") -> str:
    """The comparison table ``raddsim run`` prints."""
    target = res["target_minutes"]
    s = res["settings"]
    out = [
        f"raddsim {res['raddsim_version']} — {res['region']}: "
        + t("run", lang, n=len(res["scenarios"]), r=s["replications"], y=s["years"], s=s["seed"]),
        f"{t('network', lang)}: {res['network'].get('label', '')} ({res['network'].get('source', '')})",
        t("target", lang, t=target),
    ]
    if res.get("reported_minutes"):
        rep = ", ".join(f"{v:.2f} min ({k})" for k, v in res["reported_minutes"].items())
        out.append(f"{t('reported', lang)}: {rep}")
    out += ["", f"{t('title', lang)} ({t('minutes_ci', lang)})"]
    rows = [[t("scenario", lang), t("alarms", lang), t("mean", lang), t("median", lang), t("p90", lang), t("within", lang, t=target)]]
    for name, sc in res["scenarios"].items():
        fa = sc["first_arrival_minutes"]
        rows.append(
            [
                name,
                f"{sc['alarms']:,}",
                _with_ci(fa["mean"], fa["mean_ci95"]),
                _with_ci(fa["median"], fa.get("median_ci95")),
                _with_ci(fa["p90"], fa.get("p90_ci95")),
                _with_ci(sc["share_within_target"], sc["share_within_target_ci95"], 1, 100, "%"),
            ]
        )
    out.append(_table(rows))
    out += ["", t("per_area", lang, t=target)]
    names = list(res["scenarios"])
    areas = list(next(iter(res["scenarios"].values()))["per_station"])
    rows = [[t("area", lang)] + names]
    for area in areas:
        row = [area]
        for name in names:
            a = res["scenarios"][name]["per_station"][area]
            row.append(
                f"{_with_ci(a['first_arrival_minutes']['mean'], a['first_arrival_minutes']['mean_ci95'])} · "
                f"{_num(None if a['share_within_target'] is None else a['share_within_target'] * 100, 0)}%"
            )
        rows.append(row)
    out.append(_table(rows))
    waited = ", ".join(f"{n} {100 * sc['waited_share']:.2f}%" for n, sc in res["scenarios"].items())
    out += ["", f"{t('waited', lang)}: {waited}"]
    unreachable = res["network"].get("unreachable_demand_points") or []
    if unreachable:
        out.append(f"{t('unreachable', lang)}: {len(unreachable)}")
    return "\n".join(out)
