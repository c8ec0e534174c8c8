"""The board paper's sentence on the archipelago: how fast island alarms are reached in each scenario."""

from __future__ import annotations

import math
from typing import Any

from raddsim.views.i18n import t
from raddsim.views.numbers import interval_digits, num, pct


def ci_phrase(ci: list[float] | None, digits: int, lang: str, percent: bool = False) -> str:
    """`` (95 % interval lo–hi)`` for a figure on page one, or "" when there is no finite interval.

    Parameters
    ----------
    ci : list of float or None
        The 95 % interval (a share in 0–1 when ``percent``).
    digits : int
        Decimals shown.
    lang : str
        "en" or "sv".
    percent : bool
        Print a share as ``51–77 %``.

    Returns
    -------
    str
        The phrase, with a leading space.
    """
    if not ci or any(x is None or not math.isfinite(x) for x in ci):
        return ""
    if percent:
        k = interval_digits([100 * x for x in ci], digits)
        return t("b_ci", lang, lo=num(100 * ci[0], k, lang), hi=pct(ci[1], k, lang))
    k = interval_digits(ci, digits)
    return t("b_ci", lang, lo=num(ci[0], k, lang), hi=num(ci[1], k, lang))


def archipelago_sentence(res: dict, setups: list[Any], lang: str) -> str | None:
    """First arrival at island alarms per scenario (and the share not reached), or None without islands."""
    if not res.get("network", {}).get("archipelago"):
        return None
    items = []
    for setup in setups:
        area = res["scenarios"][setup.name].get("per_station", {}).get("Archipelago")
        if not area or not area.get("alarms"):
            continue
        mean = area["first_arrival_minutes"].get("mean")
        missing = area.get("share_missing") or 0.0
        if mean is None:
            items.append(t("b_arch_none", lang, s=setup.name))
            continue
        text = t("b_arch_item", lang, m=num(mean, 1, lang), s=setup.name,
                 ci=ci_phrase(area["first_arrival_minutes"].get("mean_ci95"), 1, lang))
        if missing > 0:
            text += t("b_arch_missing", lang, p=pct(missing, 0, lang))
        items.append(text)
    return t("b_archipelago", lang, items="; ".join(items)) if items else None
