"""The rows of the per-target-zone table (``[region] target_zones``), shared by ``run``/``compare`` and the report."""

from __future__ import annotations

from raddsim.region.zones import OUTSIDE_ZONES
from raddsim.views.i18n import t
from raddsim.views.numbers import general


def zone_rows(res: dict, lang: str) -> tuple[list[tuple[str, list[dict]]], list[str]] | None:
    """Each zone some alarm fell in, as (its label with its target, its ``per_zone`` block per scenario), and the
    named zones no alarm fell in (said under the table: such a zone may hold no road node).

    Parameters
    ----------
    res : dict
        The JSON of ``raddsim run`` or ``raddsim compare`` (each scenario's ``per_zone``).
    lang : str
        ``"en"`` or ``"sv"``.

    Returns
    -------
    tuple or None
        The rows and the empty zones' names; None for results without zones.
    """
    scen = res.get("scenarios") or {}
    if not scen or not all("per_zone" in sc for sc in scen.values()):
        return None
    rows, empty = [], []
    for zone, z in next(iter(scen.values()))["per_zone"].items():
        cells = [sc["per_zone"][zone] for sc in scen.values()]
        if not any(c["alarms"] for c in cells):
            # e.g. no one lives outside a grid of risk squares; a named zone is said so below the table
            empty += [] if zone == OUTSIDE_ZONES else [zone]
            continue
        label = t("outside_zones", lang) if zone == OUTSIDE_ZONES else zone
        rows.append((f"{label} ({general(z['target_minutes'], lang)} min)", cells))
    return rows, empty


__all__ = ["zone_rows"]
