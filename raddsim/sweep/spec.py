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
from typing import Any, Iterator, Mapping

from raddsim.core.bounds import DEFAULT_SEED, MAX_SEED, MAX_YEARS
from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.core.io import path_argument
from raddsim.region.config import Table, did_you_mean, read_toml, wrong_kind
from raddsim.sweep.axes import Axis, flatten_axes, jsonable, parse_axis, trial_values
from raddsim.sweep.overrides import (
    check_key_shape,
    check_overlap,
    check_turnout_scales,
    check_wildcards,
    expand_overrides,
    flatten_overrides,
    known_ids,
)

SPEC_KEYS = ("description", "name", "region", "scenarios_files", "base", "scenarios", "years", "replications", "seed",
             "per_area", "axes", "overrides", "warmup_days")
#: Longest ``warmup_days`` (ten years, as ``--warmup``): every task simulates it.
MAX_WARMUP_DAYS = 3650.0
#: Safety cap: a spec beyond this many tasks is almost certainly a typo in a range.
MAX_TASKS = 50_000_000


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

    def __post_init__(self) -> None:
        # Zipped axes of different lengths would drop the longer ones' tail (or index past the shorter ones).
        if self.joint and len({len(a.values) for a in self.axes}) > 1:
            raise ValueError(f"joint axes need one length each, got {[len(a.values) for a in self.axes]}.")

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


def _numeric(value: Any) -> Any:
    """A fixed override with its numbers as floats: ``1`` and ``1.0`` make the same scenario."""
    if isinstance(value, dict):
        return {k: _numeric(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numeric(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@checked_arguments()
def load_spec(path: str | Path, *, region_file: str | Path | None = None, validate: bool = True) -> SweepSpec:
    """Read and check a sweep spec file, and check it against the region it runs on.

    Parameters
    ----------
    path
        The spec TOML file.
    region_file
        A region file that replaces the spec's ``region`` (the CLI's ``--stations``).
    validate
        Also check the spec against its region (``region_file``, else the spec's ``region``, else the embedded
        default): scenario names, axis and override keys, each axis value (:func:`validate_spec`). False checks
        the structure only (the region is then checked when :func:`~raddsim.sweep.run_sweep` loads it).

    Returns
    -------
    SweepSpec
        The checked spec.

    Raises
    ------
    InputError
        For any problem, naming the spec file, the field and the fix.
    """
    path = path_argument(path, "path")
    data = read_toml(path)
    # Told apart by the keys a spec cannot have (its own "region" is a path, a region file's a table), so a
    # misspelt key stays "unknown key"; [scenarios.<name>] tables are a scenarios file's.
    foreign = {k: v for k, v in data.items() if k not in SPEC_KEYS or (k == "scenarios" and isinstance(v, dict))}
    wrong = wrong_kind(foreign, path, "sweep", "a sweep specification") if foreign else None
    if wrong is not None:  # e.g. the region file given as the spec: not "unknown key 'stations'"
        raise wrong
    if not data:  # else the default region's first scenario ran, 10 replications, from an empty or unsaved file
        raise InputError("the sweep specification is empty.", file=path,
                         fix='write at least what to sweep, e.g. base = "minimum" and [axes] "demand.multiplier" = '
                             "[0.9, 1.0, 1.1] (see docs/formats.md).")
    root = Table(data, path)
    root.check_keys(SPEC_KEYS)
    scenarios = _spec_scenarios(root)
    seed = root.number("seed", DEFAULT_SEED, integer=True, min=0, max=MAX_SEED)
    axes, overrides = _spec_axes(root, path, seed)
    region = _spec_region(root, region_file)
    extra = _spec_scenario_files(root, path)
    spec = SweepSpec(
        file=path,
        scenarios=tuple(scenarios),
        axes=tuple(axes),
        years=root.number("years", 1.0, min=0, min_exclusive=True, max=MAX_YEARS),
        replications=root.number("replications", 10, integer=True, min=1),
        seed=seed,
        overrides=MappingProxyType(overrides),
        region_file=region,
        scenarios_files=tuple(Path(x) if Path(x).is_absolute() else path.parent / x for x in extra),
        per_area=root.bool("per_area", False),
        description=root.str("description", "", empty=True),
        name=root.str("name", path.stem),
        warmup_days=root.number("warmup_days", 0.0, min=0, max=MAX_WARMUP_DAYS),
    )
    _check_task_count(spec)
    if validate:  # a typo'd scenario or axis key was accepted here and refused only by run_sweep
        region = spec_region(spec, required=False)
        if region is not None:
            validate_spec(spec, region)
    return spec


def _check_task_count(spec: SweepSpec) -> None:
    """Refuse a spec beyond :data:`MAX_TASKS` tasks (almost certainly a typo in a range)."""
    # No scenario named yet means the region's first one (validate_spec): count it, or the cap counts 0 tasks.
    tasks = spec.n_points * max(1, len(spec.scenarios)) * spec.replications
    if tasks > MAX_TASKS:
        raise InputError(f"the sweep has {tasks:,} tasks ({spec.n_points:,} points × {len(spec.scenarios) or 1} "
                         f"scenario(s) × {spec.replications} replications).", file=spec.file,
                         field="axes" if spec.n_points > 1 else "replications",
                         fix="use fewer axis values or replications (or split the sweep).")


def spec_region(spec: SweepSpec, *, required: bool = True) -> Any:
    """Load the region a sweep of ``spec`` runs on: its region file, else the embedded default.

    Parameters
    ----------
    spec
        The sweep spec (its ``region_file`` and ``scenarios_files``).
    required
        When the spec names no region and the embedded default is not installed: raise (True) or return None.

    Returns
    -------
    Region or None
        The region, with the spec's extra scenario files.
    """
    from raddsim.region.region import default_region_path, load_region

    if spec.region_file is None and not default_region_path().is_file():
        if not required:
            return None
        # an install without the embedded data: say which field to add
        raise InputError("the spec names no region, and the embedded default region is not installed.",
                         file=spec.file, field="region",
                         fix='add region = "path/to/region.toml" to the spec (or give the region file itself: '
                             'load_spec(…, region_file=PATH), on the command line --stations PATH).')
    return load_region(spec.region_file, extra_scenarios=list(spec.scenarios_files) or None)


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
    points = 1
    for key, raw in flatten_axes(axes_raw):
        if key in seen:
            raise InputError(f"axis '{key}' is given twice.", file=path, field=f'axes."{key}"', fix="keep one.")
        seen.add(key)
        axes.append(parse_axis(key, raw, path, seed))
        points *= len(axes[-1].values)
        if points > MAX_TASKS:  # refused before the next axis' values are made
            raise InputError(f"the axes up to '{key}' make {points:,} parameter points (at most {MAX_TASKS:,} tasks).",
                             file=path, field=f'axes."{key}"',
                             fix="use fewer axis values (a larger step or fewer samples), or split the sweep.")
    overrides = dict(flatten_overrides(root.get("overrides", {}), path))
    for key in overrides:
        if key in seen:
            raise InputError(f"'{key}' is both an axis and a fixed override.", file=path, field=f'overrides."{key}"',
                             fix="remove it from one of [axes] and [overrides].")
    for key in list(seen) + list(overrides):
        check_key_shape(key, path, "overrides" if key in overrides else "axes")
    check_overlap([("axes", a.key) for a in axes] + [("overrides", k) for k in overrides], path)
    return axes, overrides

def _spec_region(root: Table, region_file: str | Path | None) -> Path | None:
    """The region file: ``region_file`` (the CLI's ``--stations``) if given, else the spec's ``region``."""
    region = root.path_value("region", None)
    # A region folder holding region.toml is a region, as for --region (was refused as "does not exist").
    folder = region is not None and region.is_dir()
    named = region / "region.toml" if region is not None and folder else region
    if named is not None and region_file is None and not named.is_file():
        said = "is a folder without region.toml" if folder else "does not exist"
        raise root.error("region", f"the region file '{region}' {said}.",
                         fix="give the path of a region TOML file or folder, relative to the spec (or give the "
                             "region file itself: region_file=PATH, on the command line --stations PATH).")
    if region_file is not None:
        region = path_argument(region_file, "region_file")
        if not (region.is_file() or (region / "region.toml").is_file()):  # was accepted, and failed in the run
            raise InputError(f"region_file '{region}' is neither a region file nor a folder holding region.toml.",
                             field="region_file", fix="give the path of the region TOML file (or its folder).")
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


def validate_spec(spec: SweepSpec, region: Any) -> SweepSpec:
    """Check the spec against a region: scenarios exist, and every axis value makes a valid scenario.

    Each axis value is tried on its own (with the fixed overrides) in every
    scenario, so a typo in a key or an impossible value is reported before any
    work starts, naming the spec's field. :func:`load_spec` calls it on the
    spec's own region; call it for a region made in Python (``load_spec(path,
    validate=False)`` first).

    Parameters
    ----------
    spec
        The spec, from :func:`load_spec`.
    region
        The region it is to run on (:func:`raddsim.region.region.load_region`, or derived in Python).

    Returns
    -------
    SweepSpec
        The spec with its scenarios filled in (the region's first default scenario when the spec names none).

    Raises
    ------
    InputError
        Naming the spec file, the field (``base``, ``scenarios``, ``axes."key"``), the closest name and the fix.
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
        known = known_ids(region, section)
        for key in list(spec.overrides) + [a.key for a in spec.axes]:
            parts = key.split(".")
            if parts[0] == section and parts[1] != "*" and parts[1] not in known:
                where = "overrides" if key in spec.overrides else "axes"
                raise InputError(f"'{key}': no {section[:-1]} '{parts[1]}' in the "
                                 f"region.{did_you_mean(parts[1], known)}",
                                 file=spec.file, field=f'{where}."{key}"',
                                 fix=f"use one of: {', '.join(sorted(known))}.")
    keys = [("overrides", k) for k in spec.overrides] + [("axes", a.key) for a in spec.axes]
    check_wildcards(keys, region, spec.scenarios, spec.file)
    check_turnout_scales(keys, region, spec.scenarios, spec.file)
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
                listed = where != "overrides" and message.startswith("expected a list")  # [6, 7]: two points
                fix = ('each point of this axis is a list: write a list of lists, e.g. "availability.day_hours" = '
                       "[[6, 19], [7, 18]].") if listed else err.fix
                raise InputError(f"{label} does not make a valid scenario from '{s}': {message}",
                                 file=spec.file, field=where, fix=fix) from None
    return spec


def grid(spec: SweepSpec) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Every (point index, axis values), in point order."""
    if spec.joint:
        return ((j, spec.point_values(j)) for j in range(spec.n_points))
    return enumerate(itertools.product(*(a.values for a in spec.axes)))


__all__ = ["Task", "SweepSpec", "load_spec", "spec_region", "validate_spec", "grid"]
