"""Sweep specifications: scenarios × parameter axes × replications, from TOML.

A spec names the scenarios to run, axes over any scenario parameter (a dotted
override key that :meth:`raddsim.region.region.Region.derive` understands) and how
many replications to run at every point::

    description = "Demand level × staffing"
    base = "minimum"                   # or: scenarios = ["minimum", "ambition"]
    years = 1.0
    replications = 20
    seed = 20250101
    # warmup_days = 30                 (optional: days simulated before each replication's measured period)
    # region = "../../stations/norrtalje.toml"   (optional; relative to this file)

    [axes]
    "demand.multiplier" = { range = [0.8, 1.4, 0.2] }
    staffing = ["minimum", "ambition"]
    "crews.blido.turnout_minutes" = [4, 6, 8]
    "crews.*.availability.response_probability" = { uniform = [0.7, 1.0], samples = 20, seed = 1 }

    [overrides]                        # fixed at every point (optional)
    "demand.season" = "summer"

The parameter points are the Cartesian product of the axes, in the order
written. A *task* is one (point, scenario, replication). Every point runs the
same replication indices with the same seed, so points (and scenarios) are
compared under common random numbers. ``crews.*.<key>`` means every scheduled
part-time crew of the region, as in ``raddsim calibrate``.

Axis values: a list ``[a, b, c]``; ``{values = [...]}``; ``{range = [start,
stop, step]}`` (stop included when it falls on the grid); ``{linspace = [start,
stop, n]}``; random samples ``{uniform = [a, b], samples = n, seed = s}`` or
``{integers = [a, b], samples = n, seed = s}`` (b included). Values that are
tables or lists are stored as JSON text in the results.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping

import numpy as np

from raddsim.core import streams
from raddsim.core.errors import InputError
from raddsim.region.config import Table, did_you_mean, read_toml

SPEC_KEYS = ("description", "name", "region", "scenarios_files", "base", "scenarios", "years", "replications", "seed",
             "per_area", "axes", "overrides", "warmup_days")
#: Longest ``warmup_days`` (ten years, as ``--warmup``): every task simulates it.
MAX_WARMUP_DAYS = 3650.0
AXIS_FORMS = ("values", "range", "linspace", "uniform", "integers")
AXIS_KEYS = AXIS_FORMS + ("samples", "seed")
#: Sections of a scenario table an override key may start with (besides ``staffing``).
OVERRIDE_ROOTS = ("staffing", "stations", "crews", "demand", "network", "availability", "dispatch", "policies",
                  "archipelago")
WILDCARD = "crews.*."
#: Safety cap: a spec beyond this many tasks is almost certainly a typo in a range.
MAX_TASKS = 50_000_000
#: Values one axis may have (range, linspace or samples): checked before any value is made.
MAX_AXIS_VALUES = 1_000_000
#: A numeric axis with more values than this is validated on a representative subset (see validate_spec).
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


@dataclass(frozen=True)
class Task:
    """One unit of work: a replication of a scenario at a parameter point."""

    index: int
    point: int
    scenario: str
    replication: int


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep specification (see the module docstring for the file format)."""

    file: Path
    scenarios: tuple[str, ...]
    axes: tuple[Axis, ...]
    years: float
    replications: int
    seed: int
    overrides: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    region_file: Path | None = None
    scenarios_files: tuple[Path, ...] = ()
    per_area: bool = False
    description: str = ""
    name: str = ""
    #: Points are the axes zipped (point j = every axis's j-th value, e.g. Latin hypercube
    #: parameter sets of ``raddsim compare --uncertain``), not their Cartesian product.
    joint: bool = False
    #: Days simulated before each replication's measured period (0: none).
    warmup_days: float = 0.0

    @property
    def n_points(self) -> int:
        if self.joint:
            return len(self.axes[0].values) if self.axes else 1
        return math.prod(len(a.values) for a in self.axes)

    @property
    def n_tasks(self) -> int:
        return self.n_points * len(self.scenarios) * self.replications

    def point_values(self, point: int) -> tuple[Any, ...]:
        """The axis values of point ``point`` (mixed radix, last axis fastest; joint: the j-th of each)."""
        if self.joint:
            return tuple(a.values[point] for a in self.axes)
        out = []
        for axis in reversed(self.axes):
            point, k = divmod(point, len(axis.values))
            out.append(axis.values[k])
        return tuple(reversed(out))

    def point_overrides(self, point: int) -> dict[str, Any]:
        """Dotted overrides of one point: the fixed overrides, then the axis values."""
        return {**self.overrides, **{a.key: v for a, v in zip(self.axes, self.point_values(point))}}

    def task(self, index: int) -> Task:
        """Task ``index`` (point-major, then scenario, then replication)."""
        rest, r = divmod(index, self.replications)
        p, s = divmod(rest, len(self.scenarios))
        return Task(index, p, self.scenarios[s], r)

    def tasks(self) -> Iterator[Task]:
        """Every task, in index order."""
        return (self.task(i) for i in range(self.n_tasks))

    def canonical(self) -> dict[str, Any]:
        """What the results depend on, without file locations (hashed to recognise the sweep)."""
        return {
            "scenarios": list(self.scenarios),
            "axes": [{"key": a.key, "values": [jsonable(v) for v in a.values]} for a in self.axes],
            "overrides": {k: _numeric(jsonable(v)) for k, v in self.overrides.items()},
            "years": self.years,
            "replications": self.replications,
            "seed": self.seed,
            "per_area": self.per_area,
            **({"joint": True} if self.joint else {}),
            # Only with a warm-up: a spec without one keeps the hash it had before the key existed (resumable).
            **({"warmup_days": self.warmup_days} if self.warmup_days > 0 else {}),
        }

    @property
    def hash(self) -> str:
        """SHA-256 of :meth:`canonical` (stable across machines and TOML formatting)."""
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()


def jsonable(value: Any) -> Any:
    """A TOML value as plain JSON data (dates become ISO text)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _numeric(value: Any) -> Any:
    """A fixed override with its numbers as floats: ``1`` and ``1.0`` make the same scenario."""
    if isinstance(value, dict):
        return {k: _numeric(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numeric(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
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


def _flatten_axes(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Dotted keys of an ``[axes]`` table, whether written quoted or as nested TOML tables."""
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and not (set(value) & set(AXIS_FORMS)):
            yield from _flatten_axes(value, dotted + ".")
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
    samples = t.number("samples", integer=True, min=1, max=MAX_AXIS_VALUES)
    seed = t.number("seed", default_seed, integer=True, min=0)
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


def load_spec(path: str | Path, *, region_file: str | Path | None = None) -> SweepSpec:
    """Read and check a sweep spec file (its structure; see :func:`validate_spec` for the region).

    Parameters
    ----------
    path
        The spec TOML file.
    region_file
        A region file that replaces the spec's ``region`` (the CLI's ``--stations``).

    Returns
    -------
    SweepSpec
        The checked spec.

    Raises
    ------
    InputError
        For any problem, naming the spec file, the field and the fix.
    """
    path = Path(path)
    root = Table(read_toml(path), path)
    root.check_keys(SPEC_KEYS)
    scenarios = _spec_scenarios(root)
    seed = root.number("seed", 20250101, integer=True, min=0)
    axes, overrides = _spec_axes(root, path, seed)
    region = _spec_region(root, region_file)
    extra = _spec_scenario_files(root, path)
    spec = SweepSpec(
        file=path,
        scenarios=tuple(scenarios),
        axes=tuple(axes),
        years=root.number("years", 1.0, min=0, min_exclusive=True),
        replications=root.number("replications", 10, integer=True, min=1),
        seed=seed,
        overrides=MappingProxyType(overrides),
        region_file=region,
        scenarios_files=tuple(Path(x) if Path(x).is_absolute() else path.parent / x for x in extra),
        per_area=root.bool("per_area", False),
        description=root.str("description", ""),
        name=root.str("name", path.stem),
        warmup_days=root.number("warmup_days", 0.0, min=0, max=MAX_WARMUP_DAYS),
    )
    if spec.n_tasks > MAX_TASKS:
        raise InputError(f"the sweep has {spec.n_tasks:,} tasks ({spec.n_points:,} points × {len(spec.scenarios) or 1} "
                         f"scenario(s) × {spec.replications} replications).", file=path, field="axes",
                         fix="use fewer axis values or replications (or split the sweep).")
    return spec


def _spec_scenarios(root: Table) -> list[str]:
    """The spec's scenarios (``scenarios`` or ``base``); empty for the region's first default scenario."""
    if "base" in root and "scenarios" in root:
        base = root.str("base")
        if base not in root.str_list("scenarios"):
            raise root.error("base", f"base '{base}' is not among scenarios {root.str_list('scenarios')}.",
                             fix="give either base = \"name\" or scenarios = [...], not both.")
    if "scenarios" in root:
        scenarios = root.str_list("scenarios")
        if not scenarios:
            raise root.error("scenarios", "the list is empty.", fix='write e.g. scenarios = ["minimum", "ambition"].')
    elif "base" in root:
        scenarios = [root.str("base")]
    else:
        scenarios = []  # the region's first default scenario, filled in by validate_spec
    dup = sorted({s for s in scenarios if scenarios.count(s) > 1})
    if dup:
        raise root.error("scenarios", f"scenario(s) listed twice: {', '.join(dup)}.", fix="list each scenario once.")
    return scenarios


def _spec_axes(root: Table, path: Path, seed: int) -> tuple[list[Axis], dict[str, Any]]:
    """The axes and the fixed overrides; a key may be one or the other, once."""
    axes_raw = root.get("axes", {})
    if not isinstance(axes_raw, dict):
        raise root.error("axes", f"expected a table, got {type(axes_raw).__name__}.",
                         fix='write [axes] "key" = [values].')
    axes: list[Axis] = []
    seen: set[str] = set()
    for key, raw in _flatten_axes(axes_raw):
        if key in seen:
            raise InputError(f"axis '{key}' is given twice.", file=path, field=f'axes."{key}"', fix="keep one.")
        seen.add(key)
        axes.append(parse_axis(key, raw, path, seed))
    overrides = dict(_flatten_overrides(root.get("overrides", {}), path))
    for key in overrides:
        if key in seen:
            raise InputError(f"'{key}' is both an axis and a fixed override.", file=path, field=f'overrides."{key}"',
                             fix="remove it from one of [axes] and [overrides].")
    for key in list(seen) + list(overrides):
        _check_key_shape(key, path, "overrides" if key in overrides else "axes")
    _check_overlap([("axes", a.key) for a in axes] + [("overrides", k) for k in overrides], path)
    return axes, overrides


def _check_overlap(keys: list[tuple[str, str]], path: Path) -> None:
    """Refuse an axis that sets what another axis (or a fixed override) sets through a parent table.

    ``"demand" = [{ multiplier = 2.0 }]`` and ``"demand.multiplier" = [1.0]`` both set the multiplier; the
    point would run at one value and be labelled with the other. ``crews.*`` overlaps every crew.
    """
    for i, (sa, a) in enumerate(keys):
        for sb, b in keys[i + 1:]:
            pa, pb = a.split("."), b.split(".")
            if sa == sb == "overrides" or not all(x == y or "*" in (x, y) for x, y in zip(pa, pb)):
                continue  # the fixed overrides are flattened to leaves: two of them never overlap
            inner = b if len(pb) > len(pa) or pa[1:2] == ["*"] else a
            raise InputError(f'{sa}."{a}" and {sb}."{b}" both set {inner}, so a point would be labelled with a '
                             "value it did not run at.", file=path, fix="keep one of them.")


def _spec_region(root: Table, region_file: str | Path | None) -> Path | None:
    """The region file: ``region_file`` (the CLI's ``--stations``) if given, else the spec's ``region``."""
    region = root.path_value("region", None)
    # A region folder holding region.toml is a region, as for --region (was refused as "does not exist").
    folder = region is not None and region.is_dir()
    named = region / "region.toml" if region is not None and folder else region
    if named is not None and region_file is None and not named.is_file():
        said = "is a folder without region.toml" if folder else "does not exist"
        raise root.error("region", f"the region file '{region}' {said}.",
                         fix="give the path of a region TOML file or folder, relative to the spec (or use --stations).")
    if region_file is not None:
        region = Path(region_file)
    return region


def _spec_scenario_files(root: Table, path: Path) -> list[str]:
    """Extra scenario files (as written, relative to the spec); each must exist."""
    extra = root.get("scenarios_files", [])
    if not isinstance(extra, list) or not all(isinstance(x, str) for x in extra):
        raise root.error("scenarios_files", f"expected a list of paths, got {extra!r}.", fix='write ["file.toml"].')
    for x in extra:
        if not (Path(x) if Path(x).is_absolute() else path.parent / x).is_file():
            raise root.error("scenarios_files", f"the scenarios file '{x}' does not exist.",
                             fix="give paths relative to the spec file.")
    return extra


def _flatten_overrides(raw: Any, file: Path) -> Iterator[tuple[str, Any]]:
    if not isinstance(raw, dict):
        raise InputError(f"expected a table, got {type(raw).__name__}.", file=file, field="overrides",
                         fix='write [overrides] "demand.season" = "summer".')
    # Overrides deep-merge onto the scenario, so a nested table and its dotted leaves are the same.
    for key, value in raw.items():
        if isinstance(value, dict):
            for sub, v in _flatten_overrides(value, file):
                yield f"{key}.{sub}", v
        else:
            yield key, value


def _check_key_shape(key: str, file: Path, section: str) -> None:
    parts = key.split(".")
    if parts[0] not in OVERRIDE_ROOTS or any(not p for p in parts) or (parts[0] == "staffing" and len(parts) > 1):
        raise InputError(
            f"'{key}' is not a scenario parameter.{did_you_mean(parts[0], OVERRIDE_ROOTS)}",
            file=file, field=f'{section}."{key}"',
            fix="use a dotted key starting with staffing, stations.<id>, crews.<id>, demand, dispatch or policies "
                "(e.g. \"crews.blido.turnout_minutes\", \"demand.multiplier\").",
        )
    if "*" in key and not (key.startswith(WILDCARD) and "*" not in key[len(WILDCARD):]):
        raise InputError(f"'{key}': '*' is only allowed as crews.*.<key>.", file=file, field=f'{section}."{key}"',
                         fix="write crews.*.availability.response_probability, or name the crew.")


def expand_overrides(overrides: Mapping[str, Any], setup: Any) -> dict[str, Any]:
    """Dotted overrides with ``crews.*.`` expanded to the scenario's scheduled part-time crews."""
    from raddsim.experiment.calibrate import expand

    out: dict[str, Any] = {}
    for key, value in overrides.items():
        out.update(expand(key, value, setup) if key.startswith(WILDCARD) else {key: value})
    return out


def derive_point(region: Any, spec: SweepSpec, point: int, scenario: str) -> Any:
    """The :class:`~raddsim.region.region.Setup` of one (point, scenario)."""
    overrides = spec.point_overrides(point)
    if not overrides:
        return region.scenarios[scenario]
    base = region.scenarios[scenario]
    return region.derive(f"{scenario}@{point}", scenario, expand_overrides(overrides, base))


def _known_ids(region: Any, section: str) -> set[str]:
    ids = set(region.raw.get(section, {}))
    for setup in region.scenarios.values():
        ids |= set(setup.stations) if section == "stations" else {c.id for c in setup.crews}
    return ids


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


def validate_spec(spec: SweepSpec, region: Any) -> SweepSpec:
    """Check the spec against a region: scenarios exist, and every axis value makes a valid scenario.

    Each axis value is tried on its own (with the fixed overrides) in every
    scenario, so a typo in a key or an impossible value is reported before any
    work starts, naming the spec's field. Returns the spec with its scenarios
    filled in (the region's first default scenario when the spec names none).
    """
    import dataclasses

    scenarios = spec.scenarios or (region.default_scenarios[:1] or tuple(region.scenarios)[:1])
    for s in scenarios:
        if s not in region.scenarios:
            raise InputError(f"unknown scenario '{s}' in region file {region.file}.{did_you_mean(s, region.scenarios)}",
                             file=spec.file, field="scenarios" if len(spec.scenarios) > 1 else "base",
                             fix=f"use one of: {', '.join(region.scenarios)}.")
    spec = dataclasses.replace(spec, scenarios=tuple(scenarios))
    for section in ("stations", "crews"):
        known = _known_ids(region, section)
        for key in list(spec.overrides) + [a.key for a in spec.axes]:
            parts = key.split(".")
            if parts[0] == section and parts[1] != "*" and parts[1] not in known:
                where = "overrides" if key in spec.overrides else "axes"
                raise InputError(f"'{key}': no {section[:-1]} '{parts[1]}' in the "
                                 f"region.{did_you_mean(parts[1], known)}",
                                 file=spec.file, field=f'{where}."{key}"',
                                 fix=f"use one of: {', '.join(sorted(known))}.")
    # (field, what the message calls it, overrides to try)
    trials: list[tuple[str, str, dict[str, Any]]] = []
    if spec.overrides:
        trials.append(("overrides", "the fixed overrides", dict(spec.overrides)))
    for axis in spec.axes:
        for v in trial_values(axis):
            trials.append((f'axes."{axis.key}"', f"{axis.key} = {v!r}", {**spec.overrides, axis.key: v}))
    for where, label, overrides in trials:
        for s in spec.scenarios:
            try:
                region.derive(f"{s}@check", s, expand_overrides(overrides, region.scenarios[s]))
            except InputError as err:
                message = err.message.replace(f" (in scenario '{s}@check')", "")  # the trial's name is not the user's
                raise InputError(f"{label} does not make a valid scenario from '{s}': {message}",
                                 file=spec.file, field=where, fix=err.fix) from None
    return spec


def spec_axes_table(spec: SweepSpec) -> list[tuple[str, str, int, str]]:
    """(key, kind, count, shown values) of every axis, for the CLI's header."""
    out = []
    for a in spec.axes:
        vals = a.values
        shown = ", ".join(json.dumps(jsonable(v),
                                     ensure_ascii=False) for v in vals[:6]) + (" …" if len(vals) > 6 else "")
        out.append((a.key, a.form, len(vals), shown))
    return out


def grid(spec: SweepSpec) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Every (point index, axis values), in point order."""
    if spec.joint:
        return ((j, spec.point_values(j)) for j in range(spec.n_points))
    return enumerate(itertools.product(*(a.values for a in spec.axes)))


__all__ = ["Axis", "Task", "SweepSpec", "load_spec", "validate_spec", "derive_point", "expand_overrides", "grid"]
