"""Where the uncertain parameters are: every ``{ value = x, range = [lo, hi], source = "..." }`` in data.

The region file's sections (:data:`SECTIONS`) hold the parameters ``raddsim compare --uncertain`` and
``raddsim calibrate`` draw. A range is checked here as well as by the loader, so a malformed one
(low > high, value outside, not a number) is an InputError naming the field, never a bad draw.
Ranges written in a scenario's own table are found by :func:`scenario_ranges`: the sweep behind
``--uncertain`` gives both compared scenarios the same value, so they are listed, not drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

from raddsim.core.errors import InputError
from raddsim.region.region import Region

#: Sections of a region file that may hold uncertain parameters.
SECTIONS = ("availability", "crews", "stations", "demand", "network", "archipelago")


@dataclass(frozen=True)
class UncertainParameter:
    """One uncertain parameter: its dotted scenario key, range, stated value and source."""

    key: str
    low: float
    high: float
    value: float
    source: str = ""
    #: A whole-number parameter (value and range written as integers, e.g. a pool size): drawn as integers.
    integer: bool = False


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _checked(node: Mapping, key: str, file: Any) -> tuple[Any, Any, Any]:
    """``(low, high, value)`` of a ``{ value, range }`` table, or an InputError naming the field and the fix.

    The loader checks the fields it parses as numbers; this check also covers a ranged table in a
    place no parser reads as a number, so ``--uncertain`` never draws from a malformed range.
    """
    rng, v = node["range"], node["value"]
    if not (isinstance(rng, list) and len(rng) == 2 and all(_number(x) for x in rng)):
        raise InputError(f"range must be two numbers [low, high], got {rng!r}.", file=file, field=f"{key}.range",
                         fix="write e.g. range = [0.8, 1.2].")
    if rng[0] > rng[1]:
        raise InputError(f"range {rng!r} has low > high.", file=file, field=f"{key}.range",
                         fix=f"write range = [{rng[1]!r}, {rng[0]!r}].")
    if not _number(v):
        raise InputError(f"value must be a number, got {v!r}.", file=file, field=f"{key}.value",
                         fix="write a plain number inside the range.")
    if not rng[0] <= v <= rng[1]:
        raise InputError(f"value {v!r} lies outside its range {rng!r}.", file=file, field=f"{key}.value",
                         fix="widen the range or correct the value.")
    return rng[0], rng[1], v


def _walk(node: Any, prefix: str, file: Any = None) -> Iterator[UncertainParameter]:
    if not isinstance(node, Mapping):
        return
    if "range" in node and "value" in node and set(node) <= {"value", "range", "source", "note"}:
        lo, hi, v = _checked(node, prefix, file)
        whole = all(isinstance(x, int) for x in (lo, hi, v))
        yield UncertainParameter(prefix, float(lo), float(hi), float(v), str(node.get("source", "")), whole)
        return
    for k, v in node.items():
        yield from _walk(v, f"{prefix}.{k}" if prefix else str(k), file)


def uncertain_parameters(region: Region) -> list[UncertainParameter]:
    """Every ``{ value, range }`` parameter of the region file, in file order (InputError on a malformed range)."""
    return [p for section in SECTIONS for p in _walk(region.raw.get(section, {}), section, region.file)]


def _leaves(node: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """Every dotted key a table sets, with its value (a ``{ value, range }`` table is one value)."""
    if isinstance(node, Mapping) and not ("range" in node and "value" in node):
        for k, v in node.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, node["value"] if isinstance(node, Mapping) else node


def overridden_ranges(region: Region, scenarios: Sequence[str],
                      params: Sequence[UncertainParameter]) -> list[dict]:
    """The region's ranged parameters that a compared scenario (or its base) sets itself: key, scenario, range, value.

    ``--uncertain`` must not draw them: its sweep applies one value per set to every compared scenario, which
    replaced the scenario's own value (a scenario ``on_scene_scale = 1.5`` compared with ``minimum`` gave +0.00
    in every set, its whole change erased). They are left out and reported, as :func:`scenario_ranges`.
    """
    ranged = {p.key: p for p in params}
    tables = region.raw.get("scenarios", {})
    out: dict[str, dict] = {}
    for s in scenarios:
        for name in region.scenarios[s].chain:
            for key, value in _leaves(tables.get(name, {}), ""):
                p = ranged.get(key)
                if p is not None and key not in out:
                    out[key] = {"key": key, "scenario": name, "low": p.low, "high": p.high, "value": value}
    return list(out.values())


def scenario_ranges(region: Region, scenarios: Sequence[str]) -> list[dict]:
    """Ranged values written in the tables of the given scenarios (and their bases): key, scenario, range.

    ``--uncertain`` does not draw them: its sweep applies one value per set to every compared
    scenario, which would also change a scenario that does not set the key. They are reported instead.
    """
    tables = region.raw.get("scenarios", {})
    out: dict[str, dict] = {}
    for s in scenarios:
        for name in region.scenarios[s].chain:
            prefix = f"scenarios.{name}"
            for p in _walk(tables.get(name, {}), prefix, region.file):
                key = p.key[len(prefix) + 1:]
                out.setdefault(key, {"key": key, "scenario": name, "low": p.low, "high": p.high, "value": p.value})
    return list(out.values())
