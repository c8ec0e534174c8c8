"""Sweep axes: the swept parameters of a spec's ``[axes]`` table and the values each form gives.

Axis values: a list ``[a, b, c]``; ``{values = [...]}``; ``{range = [start,
stop, step]}`` (stop included when it falls on the grid); ``{linspace = [start,
stop, n]}``; random samples ``{uniform = [a, b], samples = n, seed = s}`` or
``{integers = [a, b], samples = n, seed = s}`` (b included), each axis from a
stream of its own. Values that are tables or lists are stored as JSON text in
the results. See :mod:`raddsim.sweep.spec` for the whole file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import numpy as np

from raddsim.core import streams
from raddsim.core.errors import InputError
from raddsim.region.config import Table

AXIS_FORMS = ("values", "range", "linspace", "uniform", "integers")
AXIS_KEYS = AXIS_FORMS + ("samples", "seed")
#: Values one axis may have (range, linspace or samples): checked before any value is made.
MAX_AXIS_VALUES = 1_000_000
#: Largest bound of an ``integers`` axis (numpy draws them as 64-bit integers; no parameter needs more).
MAX_INTEGER = 2**62
#: A numeric axis with more values than this is validated on a representative subset (see trial_values).
VALIDATE_ALL_UP_TO = 64


@dataclass(frozen=True)
class Axis:
    """One swept parameter.

    Attributes
    ----------
    key
        Dotted override key (``crews.blido.turnout_minutes``); the results column name.
    values
        The values, in order.
    form
        How they were given (``values``, ``range``, ``linspace``, ``uniform``, ``integers``).
    """

    key: str
    values: tuple[Any, ...]
    form: str = "values"

    @property
    def kind(self) -> str:
        """Column type: ``int``, ``float``, ``bool``, ``str`` or ``json`` (tables/lists as text)."""
        return value_kind(self.values)




def jsonable(value: Any) -> Any:
    """A TOML value as plain JSON data (dates become ISO text)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value



def value_kind(values: tuple[Any, ...]) -> str:
    """The results column type of an axis' values."""
    if all(isinstance(v, bool) for v in values):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "float"
    if all(isinstance(v, str) for v in values):
        return "str"
    return "json"


def flatten_axes(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Dotted keys of an ``[axes]`` table, whether written quoted or as nested TOML tables."""
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and not (set(value) & set(AXIS_FORMS)):
            yield from flatten_axes(value, dotted + ".")
        else:
            yield dotted, value


def _clean_number(x: float) -> float:
    """Grid values without binary noise (0.1 * 3 → 0.3)."""
    return float(f"{x:.12g}")


def _numbers(t: Table, key: str, n: int, field_name: str) -> list[float]:
    v = t.get(key)
    if not (isinstance(v, list) and len(v) == n and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                                       and math.isfinite(x) for x in v)):
        raise t.error(key, f"expected {n} numbers, got {v!r}.", fix=_AXIS_FIX[key])
    return v


_AXIS_FIX = {
    "range": "write range = [start, stop, step], e.g. [600, 1000, 100].",
    "linspace": "write linspace = [start, stop, count], e.g. [0.8, 1.0, 5].",
    "uniform": "write uniform = [low, high], samples = N (and optionally seed = S).",
    "integers": "write integers = [low, high], samples = N (and optionally seed = S).",
}


def parse_axis(key: str, raw: Any, file: Path, default_seed: int) -> Axis:
    """One axis from its TOML value (a list or a table of one form)."""
    where = f'axes."{key}"'
    if isinstance(raw, list):
        raw = {"values": raw}
    if not isinstance(raw, dict):
        raise InputError(f"axis '{key}' has the single value {raw!r}; an axis needs a list of values.", file=file,
                         field=where, fix=f'write [{raw!r}, ...], or put a fixed value under [overrides].')
    t = Table(raw, file, where)
    t.check_keys(AXIS_KEYS)
    forms = [f for f in AXIS_FORMS if f in raw]
    if len(forms) != 1:
        raise t.error(None, f"give exactly one of {', '.join(AXIS_FORMS)}, got {forms or 'none'}.",
                      fix='e.g. { range = [0.8, 1.2, 0.1] } or { uniform = [0.7, 1.0], samples = 20 }.')
    form = forms[0]
    random_form = form in ("uniform", "integers")
    for extra in ("samples", "seed"):
        if extra in raw and not random_form:
            raise t.error(extra, f"'{extra}' only goes with uniform or integers.", fix=f"remove {extra}.")
    values = _AXIS_VALUES[form](t, form, where, key, default_seed)
    kind = value_kind(tuple(values))
    if kind == "json" and any(isinstance(v, (int, float, str, bool)) for v in values):
        raise InputError(f"axis '{key}' mixes kinds of values: {values!r}.", file=file, field=where,
                         fix="give all numbers, all texts, all true/false, or all tables.")
    if kind == "float":  # [1, 1.5] and [1.0, 1.5] are the same axis (and the same sweep on resume)
        values = [float(v) for v in values]
    if form == "values":  # (random forms may repeat a draw; a listed value twice is a slip)
        _listed_once(t, values)
    return Axis(key, tuple(values), form)


def _listed_once(t: Table, values: list) -> None:
    """Refuse a value listed twice: the same parameter point would run twice and count twice in a summary."""
    seen: set[str] = set()
    for v in values:
        text = json.dumps(jsonable(v), sort_keys=True)
        if text in seen:
            raise t.error("values", f"{v!r} is listed twice (the same parameter point would run twice).",
                          fix="list each value once.")
        seen.add(text)


def _listed_values(t: Table, form: str, where: str, key: str, default_seed: int) -> list:
    values = t.get("values")
    if not isinstance(values, list) or not values:
        raise t.error("values", f"expected a non-empty list, got {values!r}.", fix="write [a, b, ...].")
    return values


def _range_values(t: Table, form: str, where: str, key: str, default_seed: int) -> list:
    start, stop, step = _numbers(t, "range", 3, where)
    if step <= 0 or stop < start:
        raise t.error("range", f"need start ≤ stop and step > 0, got {[start, stop, step]}.",
                      fix=_AXIS_FIX["range"])
    n = (stop - start) / step + 1
    if n > MAX_AXIS_VALUES:
        raise t.error("range", f"{n:,.0f} values is too many (at most {MAX_AXIS_VALUES:,} per axis).",
                      fix="use a larger step.")
    n = int(math.floor((stop - start) / step + 1e-9)) + 1
    integer = all(isinstance(x, int) for x in (start, stop, step))
    return [start + k * step if integer else _clean_number(start + k * step) for k in range(n)]


def _linspace_values(t: Table, form: str, where: str, key: str, default_seed: int) -> list:
    start, stop, count = _numbers(t, "linspace", 3, where)
    if not float(count).is_integer() or count < 1:
        raise t.error("linspace", f"count must be a whole number ≥ 1, got {count!r}.", fix=_AXIS_FIX["linspace"])
    if count > MAX_AXIS_VALUES:
        raise t.error("linspace", f"{count:,.0f} values is too many (at most {MAX_AXIS_VALUES:,} per axis).",
                      fix="use fewer values.")
    return [_clean_number(x) for x in np.linspace(start, stop, int(count))]


def _sampled_values(t: Table, form: str, where: str, key: str, default_seed: int) -> list:
    low, high = _numbers(t, form, 2, where)
    if high < low:
        raise t.error(form, f"need low ≤ high, got {[low, high]}.", fix=_AXIS_FIX[form])
    if form == "uniform" and not math.isfinite(high - low):  # numpy: OverflowError deep inside
        raise t.error(form, f"the bounds {[low, high]} are too far apart to draw from.", fix=_AXIS_FIX[form])
    if form == "integers" and not -MAX_INTEGER <= low <= high <= MAX_INTEGER:  # numpy: int64 overflow
        raise t.error(form, f"bounds must lie within ±{MAX_INTEGER:,}, got {[low, high]}.", fix=_AXIS_FIX[form])
    samples = t.number("samples", integer=True, min=1, max=MAX_AXIS_VALUES)
    seed = t.number("seed", default_seed, integer=True, min=0, max=2**128 - 1)
    # The axis' own stream: adding or reordering other axes does not change these samples.
    g = np.random.default_rng(np.random.SeedSequence([int(seed), streams.stable_key(key)]))
    if form == "uniform":
        return [float(x) for x in g.uniform(low, high, samples)]
    if not (float(low).is_integer() and float(high).is_integer()):
        raise t.error(form, f"bounds must be whole numbers, got {[low, high]}.", fix=_AXIS_FIX[form])
    return [int(x) for x in g.integers(int(low), int(high), samples, endpoint=True)]


#: How each axis form turns into its values: (table, form, field, axis key, default seed) -> values.
_AXIS_VALUES: dict[str, Callable[[Table, str, str, str, int], list]] = {
    "values": _listed_values, "range": _range_values, "linspace": _linspace_values,
    "uniform": _sampled_values, "integers": _sampled_values,
}


def trial_values(axis: Axis) -> list[Any]:
    """The values of an axis that validation tries: all of them, or for a long numeric axis a subset that decides.

    Each distinct value is tried once. A numeric axis longer than :data:`VALIDATE_ALL_UP_TO`
    is tried at its smallest and largest value, its first non-integral value and evenly
    spaced values between: the region's numeric checks are intervals (min, max, exclusive
    bounds) and whole-number checks, so these decide for every value, and a 500,000-value
    axis validates in about a second instead of half an hour.
    """
    seen: dict[str, Any] = {}
    numeric = value_kind(axis.values) in ("int", "float")
    if numeric and len(axis.values) > VALIDATE_ALL_UP_TO:
        ordered = sorted(set(axis.values))
        picks = [
            ordered[round(k * (len(ordered) - 1) / (VALIDATE_ALL_UP_TO - 2))] for k in range(VALIDATE_ALL_UP_TO - 1)
        ]
        picks += [v for v in ordered if not float(v).is_integer()][:1]
        return sorted(set(picks))
    for v in axis.values:
        seen.setdefault(json.dumps(jsonable(v), sort_keys=True), v)
    return list(seen.values())


def axes_table(axes: tuple[Axis, ...]) -> list[tuple[str, str, int, str]]:
    """(key, form, count, shown values) of every axis, for the CLI's header."""
    out = []
    for a in axes:
        vals = a.values
        shown = ", ".join(json.dumps(jsonable(v),
                                     ensure_ascii=False) for v in vals[:6]) + (" …" if len(vals) > 6 else "")
        out.append((a.key, a.form, len(vals), shown))
    return out


__all__ = ["Axis", "AXIS_FORMS", "MAX_AXIS_VALUES", "axes_table", "flatten_axes", "jsonable", "parse_axis",
           "trial_values", "value_kind"]
