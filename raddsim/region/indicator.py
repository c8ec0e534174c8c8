"""The board's yearly indicator, as defined in data (``[indicator]`` of the region file).

Norrtälje's KF indicator is "tid från larm till framkomst till skadeplats": one value
per year (10.52 min in 2022, 11.19 in 2023) against a target of 10.00. Which
statistic it is, which incident types count and whether the incident commander's
car can be "the first unit" are stated in the file, so a reviewer can change them.
"""

from __future__ import annotations

from dataclasses import dataclass

from raddsim.core.bounds import MAX_TARGET_MINUTES
from raddsim.region.config import Table, did_you_mean

STATISTICS = ("mean", "median")


@dataclass(frozen=True)
class IndicatorSpec:
    """Definition of the yearly indicator.

    Attributes
    ----------
    name
        What the board calls it.
    statistic
        ``mean`` or ``median`` over the year's counted alarms.
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


def _statistic(t: Table) -> str:
    """``indicator.statistic``; a percentile (NFPA 1710's 90th) is refused saying where raddsim reports it."""
    value = t.str("statistic", "mean")
    if value not in STATISTICS and any(w in value.casefold() for w in ("p9", "perc", "fractile", "90", "quantile")):
        raise t.error("statistic", f"'{value}' is not allowed: the yearly indicator is one year's mean or median, "
                                   "not a percentile.",
                      fix="use one of: mean, median. The 90th percentile of single alarms is printed beside the mean "
                          "in every table ('90th pct', JSON 'p90'), and the share of alarms within the target "
                          "([region] target_minutes) is the compliance share a 90 % standard is read against "
                          "(docs/formats.md, 'Planning to a response-time standard').")
    return t.str("statistic", "mean", choices=STATISTICS)


def parse_indicator(t: Table, type_ids: tuple[str, ...], default_target: float) -> IndicatorSpec:
    """Parse ``[indicator]``; incident types are checked against the region's catalog."""
    t.check_keys(["name", "statistic", "types", "commander_counts", "target_minutes", "source", "note"])
    types = tuple(t.str_list("types", []))
    for ty in types:
        if ty not in type_ids:
            raise t.error("types", f"unknown incident type '{ty}'.{did_you_mean(ty, type_ids)}",
                          fix=f"use ids from the incident types file: {', '.join(type_ids)}.")
    return IndicatorSpec(
        name=t.str("name", IndicatorSpec.name),
        statistic=_statistic(t),
        types=types,
        commander_counts=t.bool("commander_counts", False),
        target_minutes=t.number("target_minutes", default_target, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES),
        source=t.str("source", ""),
    )
