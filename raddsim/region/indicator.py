"""The board's yearly indicator, as defined in data (``[indicator]`` of the region file).

Norrtälje's KF indicator is "tid från larm till framkomst till skadeplats": one value
per year (10.52 min in 2022, 11.19 in 2023) against a target of 10.00. Which
statistic it is, which incident types count and whether the incident commander's
car can be "the first unit" are stated in the file, so a reviewer can change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from raddsim.core.bounds import MAX_TARGET_MINUTES
from raddsim.region.config import Table, did_you_mean

STATISTICS = ("mean", "median")
#: A percentile of the year's counted alarms, ``p1`` … ``p99``: "p90" is the time 90 % of them are reached within,
#: the figure a standard such as NFPA 1710 ("90 % of incidents") sets its target for.
PERCENTILE = re.compile(r"p([1-9][0-9]?)")


@dataclass(frozen=True)
class IndicatorSpec:
    """Definition of the yearly indicator.

    Attributes
    ----------
    name
        What the board calls it, in English output.
    name_sv
        The name in Swedish output (``--lang sv``); empty: ``name``.
    statistic
        ``mean``, ``median`` or a percentile ``p1`` … ``p99`` (e.g. ``p90``) over the year's counted alarms.
    types
        Incident type ids that count; empty = every type.
    commander_counts
        Whether the incident commander's unit can be the first unit on scene.
    target_minutes
        The board's target for the yearly value.
    source
        Where the definition comes from.
    """

    name: str = "Alarm to first unit on scene, yearly mean"
    statistic: str = "mean"
    types: tuple[str, ...] = ()
    commander_counts: bool = False
    target_minutes: float = 10.0
    source: str = ""
    name_sv: str = ""

    def label(self, lang: str) -> str:
        """The indicator's name in ``lang`` (``name_sv`` in Swedish when given)."""
        return self.name_sv or self.name if lang == "sv" else self.name


def default_name(statistic: str) -> str:
    """The indicator's name when ``[indicator]`` gives none: it follows the statistic ("…, yearly 90th percentile").

    Parameters
    ----------
    statistic : str
        ``mean``, ``median`` or ``p1`` … ``p99``.

    Returns
    -------
    str
        :attr:`IndicatorSpec.name` for the mean, else the same words with the statistic.
    """
    if statistic == "mean":
        return IndicatorSpec.name
    q = percentile_of(statistic)
    if q is None:
        return f"{IndicatorSpec.name.removesuffix('mean')}{statistic}"
    from raddsim.views.numbers import ordinal  # pure formatting, no import cost

    return f"{IndicatorSpec.name.removesuffix('mean')}{ordinal(q)} percentile"


def percentile_of(statistic: str) -> int | None:
    """The percentile a statistic names (``"p90"`` → 90), or None for ``mean`` and ``median``."""
    m = PERCENTILE.fullmatch(statistic)
    return int(m.group(1)) if m else None


def _statistic(t: Table) -> str:
    """``indicator.statistic``: mean, median or a percentile written ``p90``."""
    value = t.str("statistic", "mean")
    if value in STATISTICS or percentile_of(value) is not None:
        return value
    percentile_words = ("perc", "fractile", "quantile", "%", "th")
    hint = (" A percentile is written p and its number: p90 for the 90th."
            if any(w in value.casefold() for w in percentile_words) or re.search(r"\d", value)
            else did_you_mean(value, STATISTICS))
    raise t.error("statistic", f"'{value}' is not a statistic raddsim computes.{hint}",
                  fix="use mean, median or a percentile p1 to p99 of the year's counted alarms (p90: the time 90 % "
                      "of them are reached within, as NFPA 1710 reads its target).")


def parse_indicator(t: Table, type_ids: tuple[str, ...], default_target: float) -> IndicatorSpec:
    """Parse ``[indicator]``; incident types are checked against the region's catalog."""
    t.check_keys(["name", "name_sv", "statistic", "types", "commander_counts", "target_minutes", "source", "note"])
    types = tuple(t.str_list("types", []))
    for ty in types:
        if ty not in type_ids:
            raise t.error("types", f"unknown incident type '{ty}'.{did_you_mean(ty, type_ids)}",
                          fix=f"use ids from the incident types file: {', '.join(type_ids)}.")
    statistic = _statistic(t)
    return IndicatorSpec(
        name=t.str("name", default_name(statistic)),  # "yearly mean" of a p90 was wrong
        statistic=statistic,
        types=types,
        commander_counts=t.bool("commander_counts", False),
        target_minutes=t.number("target_minutes", default_target, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES),
        source=t.str("source", "", empty=True),
        name_sv=t.str("name_sv", ""),
    )
