"""The board paper's sentence on the archipelago: how fast island alarms are reached in each scenario."""

from __future__ import annotations

from typing import Any

from raddsim.views.i18n import t
from raddsim.views.numbers import num, pct


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
        text = t("b_arch_item", lang, m=num(mean, 1, lang), s=setup.name)
        if missing > 0:
            text += t("b_arch_missing", lang, p=pct(missing, 0, lang))
        items.append(text)
    return t("b_archipelago", lang, items="; ".join(items)) if items else None
