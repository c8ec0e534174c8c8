"""Sweep results on disk: Parquet part files written atomically, metadata, resume.

Layout of a sweep directory::

    DIR/sweep.json            metadata: raddsim version, spec and its hash, input hashes, seeds, status
    DIR/parts/part-*.parquet  one file per finished batch of tasks, each written to a
                              temporary name and renamed, so it is whole or absent
    DIR/results.parquet       all rows sorted by task, written when the sweep completes

One row per task (parameter point, scenario, replication): the task ids, the
axis values as columns (named by their dotted keys) and the headline figures of
that replication. A task's row depends only on the task (spec, inputs, seed,
replication), never on which worker ran it or when.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from raddsim import __version__
from raddsim.core.errors import InputError
from raddsim.core.io import write_json_atomic
from raddsim.figures.metrics import effective_force_minutes, figures, first_arrival_minutes
from raddsim.sweep.spec import SweepSpec, jsonable

log = logging.getLogger(__name__)

META_FILE = "sweep.json"
PARTS_DIR = "parts"
RESULTS_FILE = "results.parquet"
LOCK_FILE = ".lock"
ID_COLUMNS = ("task", "point", "scenario", "replication")

#: Headline figures of one replication: column → (type, meaning).
FIGURES: dict[str, tuple[str, str]] = {
    "alarms": ("int", "alarms in the replication"),
    "unreachable": ("int", "alarms no in-service crew can reach by road"),
    "first_arrival_mean": ("float", "mean minutes from alarm to the first crew on scene"),
    "first_arrival_median": ("float", "median of the same"),
    "first_arrival_p90": ("float", "90th percentile of the same"),
    "share_within_target": ("float", "share of alarms with the first crew on scene within the target"),
    "effective_force_mean": ("float", "mean minutes from alarm to the incident type's full force on scene"),
    "effective_force_median": ("float", "median of the same"),
    "effective_force_p90": ("float", "90th percentile of the same"),
    "effective_share_within_target": ("float", "share of alarms with the full force on scene within the target"),
    "effective_share_never": (
        "float",
        "share of alarms whose full force never assembled (unreachable alarms included)",
    ),
    "waited_share": ("float", "share of alarms that found no crew free and waited"),
    "mutual_aid_first_share": ("float", "share of alarms where a neighbour's crew arrived first"),
    "failed_to_roll_per_alarm": ("float", "crews that failed to roll (too few responders), per alarm"),
    "crews_alerted_per_alarm": ("float", "crews alerted per alarm"),
}
AREA_FIGURES = ("alarms", "first_arrival_mean", "share_within_target")
_ARROW = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(), "json": pa.string()}


def area_column(area: str, figure: str) -> str:
    """Column name of a per-station-area figure."""
    return f"area:{area}:{figure}"


def task_figures(rec: Any, areas: np.ndarray | None, area_names: Sequence[str],
                 target_minutes: float) -> dict[str, Any]:
    """The headline figures of one replication (see :data:`FIGURES`).

    Parameters
    ----------
    rec
        The engine's :class:`~raddsim.engine.records.RunRecords`.
    areas
        Station-area index of every alarm, or None for no per-area columns.
    area_names
        Names of the station areas.
    target_minutes
        The response-time target.
    """
    n = len(rec)
    first = first_arrival_minutes(rec)
    eff = effective_force_minutes(rec)
    f1, fe = figures(first, target_minutes), figures(eff, target_minutes)
    row: dict[str, Any] = {
        "alarms": n,
        "unreachable": int(rec.unreachable.sum()),
        "first_arrival_mean": f1["mean"],
        "first_arrival_median": f1["median"],
        "first_arrival_p90": f1["p90"],
        "share_within_target": f1["share_within_target"],
        "effective_force_mean": fe["mean"],
        "effective_force_median": fe["median"],
        "effective_force_p90": fe["p90"],
        "effective_share_within_target": fe["share_within_target"],
        "effective_share_never": float(np.isnan(eff).mean()) if n else float("nan"),
        "waited_share": float(rec.waited.mean()) if n else float("nan"),
        "mutual_aid_first_share": float(rec.mutual_aid_first.mean()) if n else float("nan"),
        "failed_to_roll_per_alarm": float(rec.n_failed.mean()) if n else float("nan"),
        "crews_alerted_per_alarm": float(rec.n_alerted.mean()) if n else float("nan"),
    }
    if areas is not None:
        for g, name in enumerate(area_names):
            sel = areas == g
            fa = figures(first[sel], target_minutes)
            row[area_column(name, "alarms")] = int(sel.sum())
            row[area_column(name, "first_arrival_mean")] = fa["mean"]
            row[area_column(name, "share_within_target")] = fa["share_within_target"]
    return row


def schema(spec: SweepSpec, area_names: Sequence[str] = ()) -> pa.Schema:
    """The Parquet schema of a sweep's rows: ids, axes, figures (and per-area figures)."""
    fields = [pa.field("task", pa.int64()), pa.field("point", pa.int64()), pa.field("scenario", pa.string()),
              pa.field("replication", pa.int64())]
    fields += [pa.field(a.key, _ARROW[a.kind]) for a in spec.axes]
    fields += [pa.field(k, _ARROW[t]) for k, (t, _) in FIGURES.items()]
    if spec.per_area:
        for name in area_names:
            fields += [pa.field(area_column(name, f), _ARROW[FIGURES[f][0]]) for f in AREA_FIGURES]
    return pa.schema(fields)


def axis_cell(value: Any, kind: str) -> Any:
    """An axis value as stored in its column (tables/lists as canonical JSON text)."""
    if kind == "json":
        return json.dumps(jsonable(value), sort_keys=True, ensure_ascii=False)
    if kind == "float":
        return float(value)
    return value


# ---------------------------------------------------------------- files

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _referenced_files(data: Any, base: Path) -> Iterator[Path]:
    """Files a region file names (places, incident types, holiday areas …), found by their paths."""
    if isinstance(data, dict):
        for v in data.values():
            yield from _referenced_files(v, base)
    elif isinstance(data, list):
        for v in data:
            yield from _referenced_files(v, base)
    elif isinstance(data, str) and len(data) < 500 and not data.startswith(("http:", "https:")):
        p = Path(data).expanduser()
        p = p if p.is_absolute() else base / p
        try:
            if p.is_file():
                yield p
        except OSError:
            return


def input_hashes(region: Any, spec: SweepSpec) -> dict[str, str]:
    """SHA-256 of every input file the results depend on, by file name."""
    files = [Path(region.file), Path(region.network_path), *spec.scenarios_files]
    files += list(_referenced_files(dict(region.raw), Path(region.file).parent))
    out: dict[str, str] = {}
    for f in files:
        out.setdefault(str(f.resolve()), _sha256(f))
    return out


def build_metadata(spec: SweepSpec, region: Any, network_meta: dict, target_minutes: float,
                   area_names: Sequence[str]) -> dict[str, Any]:
    """The metadata of a sweep (what ``sweep.json`` holds besides its status)."""
    import numpy
    import simpy

    hashes = input_hashes(region, spec)
    return {
        "raddsim_version": __version__,
        "spec_hash": spec.hash,
        "inputs_hash": hashlib.sha256(json.dumps(sorted(hashes.values())).encode()).hexdigest(),
        "spec_file": str(spec.file),
        "spec": spec.canonical(),
        "description": spec.description,
        "region": region.name,
        "region_file": str(region.file),
        "input_files_sha256": hashes,
        "network": {k: network_meta.get(k) for k in ("source", "label", "approximate", "format") if k in network_meta},
        "target_minutes": target_minutes,
        "seeds": {"seed": spec.seed, "replications": list(range(spec.replications)),
                  "scheme": "replication r of every point and scenario uses the streams (seed, r, …): "
                            "common random numbers across points and scenarios"},
        "points": spec.n_points,
        "tasks": spec.n_tasks,
        "area_names": list(area_names),
        "columns": {"ids": list(ID_COLUMNS), "axes": [a.key for a in spec.axes],
                    "figures": {k: v[1] for k, v in FIGURES.items()}},
        "versions": {"python": sys.version.split()[0], "numpy": numpy.__version__, "simpy": simpy.__version__,
                     "pyarrow": pa.__version__},
    }


def read_metadata(out: Path) -> dict[str, Any] | None:
    """The sweep's metadata, or None when the directory holds no sweep."""
    p = Path(out) / META_FILE
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError("the sweep metadata is not valid JSON.", file=p,
                         fix="restore it, or start the sweep in a new directory.") from None


def _strict(value: Any) -> str:
    """JSON text of a value: tells 1 from 1.0 (an int column from a float one) where == does not."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def spec_differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Exactly what differs between two canonical specs, e.g. ``axes."x".values: [1, 2] before, [1.0, 2.0] now``."""
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if _strict(a) == _strict(b):
            continue
        if key == "axes" and isinstance(a, list) and isinstance(b, list):
            olds = {x.get("key"): x.get("values") for x in a}
            news = {x.get("key"): x.get("values") for x in b}
            for k in sorted(set(olds) | set(news), key=str):
                if k not in olds or k not in news:
                    out.append(f'axes."{k}" {"added" if k in news else "removed"}')
                elif _strict(olds[k]) != _strict(news[k]):
                    va, vb = _strict(olds[k]), _strict(news[k])
                    hint = " (whole numbers before, decimals now, or the other way round: write them as before)" \
                        if olds[k] == news[k] else ""
                    out.append(f'axes."{k}".values: {va[:80]} before, {vb[:80]} now{hint}')
            if [x.get("key") for x in a] != [x.get("key") for x in b] and not out:
                out.append("the order of the axes")
        else:
            out.append(f"{key}: {_strict(a)[:80]} before, {_strict(b)[:80]} now")
    return out


def check_resumable(out: Path, meta: dict[str, Any]) -> dict[str, Any] | None:
    """Refuse a directory that holds something else; returns the existing metadata (if resuming).

    Raises
    ------
    InputError
        When the directory holds other files, or a sweep made from a different
        spec, different input files or another raddsim version.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a directory.", file=out,
                         fix="give a new directory for the sweep's results.")
    old = read_metadata(out)
    if old is None:
        if out.exists() and any(p.name != LOCK_FILE for p in out.iterdir()):
            raise InputError("the directory is not empty and holds no sweep.", file=out,
                             fix="give a new (or empty) directory; raddsim will not write among other files.")
        return None
    if old.get("spec_hash") != meta["spec_hash"]:
        changed = spec_differences(old.get("spec", {}), meta["spec"])
        raise InputError(f"holds a sweep made from a different spec (differs in: {'; '.join(changed) or 'contents'}; "
                         f"it was made from {old.get('spec_file')}).", file=out / META_FILE, field="spec_hash",
                         fix="resume with the original spec, or write this sweep to a new --out directory.")
    if old.get("inputs_hash") != meta["inputs_hash"]:
        a, b = old.get("input_files_sha256", {}), meta["input_files_sha256"]
        changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        raise InputError(f"the input files changed since this sweep began ({', '.join(changed)}).",
                         file=out / META_FILE,
                         field="input_files_sha256", fix="restore the original files, or start a new --out directory.")
    if old.get("raddsim_version") != meta["raddsim_version"]:
        raise InputError(f"was made by raddsim {old.get('raddsim_version')}, this is {meta['raddsim_version']}.",
                         file=out / META_FILE, field="raddsim_version",
                         fix="resume with the same raddsim version, or start a new --out directory.")
    return old


def write_metadata(out: Path, meta: dict[str, Any]) -> None:
    write_json_atomic(Path(out) / META_FILE, meta)


#: Descriptors of the sweep locks this process holds (see :func:`forget_locks`).
_HELD: list[int] = []


def forget_locks() -> None:
    """In a worker forked while a sweep lock is held: close the inherited descriptors of the lock.

    A lock taken with ``flock`` belongs to the open file, which a forked child shares; a
    worker still alive for a moment after its driver was killed would otherwise keep the
    directory locked, and a resume started at once would be refused.
    """
    if not _HELD:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    for fd in _HELD:  # /dev/null in its place: the number stays valid for the inherited file object
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    os.close(null)
    _HELD.clear()


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the sweep directory (two sweeps writing one directory would duplicate tasks)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    fh = (out / LOCK_FILE).open("a+")
    _HELD.append(fh.fileno())
    try:
        try:
            import fcntl
            have_locks = True
        except ImportError:  # pragma: no cover - Windows: no advisory locks, one sweep per directory by convention
            have_locks = False
        if have_locks:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise InputError("another raddsim sweep is writing to this directory.", file=out,
                                 fix="wait for it to finish (or stop it), or use another --out directory.") from None
        yield
    finally:
        with contextlib.suppress(ValueError):
            _HELD.remove(fh.fileno())
        fh.close()


def _atomic_parquet(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            pq.write_table(table, fh, compression="zstd")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def rows_table(rows: list[dict[str, Any]], sch: pa.Schema) -> pa.Table:
    """Rows (dicts) as an Arrow table of the sweep's schema, sorted by task."""
    rows = sorted(rows, key=lambda r: r["task"])
    return pa.Table.from_pylist(rows, schema=sch)


def write_part(out: Path, table: pa.Table) -> Path:
    """Write one batch of finished tasks as a part file (whole or not at all)."""
    parts = Path(out) / PARTS_DIR
    parts.mkdir(exist_ok=True)
    ids = table.column("task").to_numpy()
    digest = hashlib.sha1(ids.astype("<i8").tobytes()).hexdigest()[:12]
    path = parts / f"part-{int(ids.min()):010d}-{digest}.parquet"
    _atomic_parquet(table, path)
    return path


def part_files(out: Path) -> list[Path]:
    """The finished part files (temporary files of an interrupted write are not parts)."""
    parts = Path(out) / PARTS_DIR
    return sorted(p for p in parts.glob("part-*.parquet")) if parts.is_dir() else []


def remove_stale_temporaries(out: Path) -> int:
    """Delete half-written temporaries left by a killed sweep; returns how many."""
    n = 0
    for d in (Path(out), Path(out) / PARTS_DIR):
        if d.is_dir():
            for p in d.glob(".*.tmp"):
                p.unlink(missing_ok=True)
                n += 1
    return n


#: Suffix a part file that cannot be read is renamed to (kept for inspection, no longer a result).
QUARANTINE_SUFFIX = ".corrupt"


def _read_part(p: Path) -> pa.Table | None:
    """A part file's rows, or None when it is truncated or corrupt (quarantined and named in a warning).

    Part files are written to a temporary name and renamed, so a bad one means damage after
    the fact (a disk error, a copy cut short). It is renamed to ``*.corrupt`` where the
    directory is writable, so a resumed sweep runs its tasks again.
    """
    try:
        return pq.read_table(p)
    except (pa.ArrowException, OSError, ValueError) as exc:
        target = p.with_name(p.name + QUARANTINE_SUFFIX)
        try:
            os.replace(p, target)
            where = f"renamed to {target.name}; its tasks run again on resume"
        except OSError:
            where = "left in place (the directory is read-only); its tasks count as not done"
        log.warning("unreadable sweep part file %s (%s: %s): %s.", p, type(exc).__name__, str(exc)[:120], where)
        return None


def finished_tasks(out: Path) -> set[int]:
    """Task indices already in readable part files (unreadable ones are quarantined, see :func:`_read_part`)."""
    done: set[int] = set()
    for p in part_files(out):
        table = _read_part(p)
        if table is not None:
            done.update(table.column("task").to_pylist())
    return done


def read_parts(out: Path) -> pa.Table:
    """All finished rows, sorted by task.

    Raises
    ------
    InputError
        When the directory holds no results, or (never expected) a task twice.
    """
    files = part_files(out)
    tables = [t for t in (_read_part(p) for p in files) if t is not None]
    if not tables:
        res = Path(out) / RESULTS_FILE
        if res.is_file():
            try:
                return pq.read_table(res)
            except (pa.ArrowException, OSError, ValueError) as exc:
                raise InputError(f"the results file cannot be read ({type(exc).__name__}).", file=res,
                                 fix="run the sweep again with the same spec and --out to rebuild it.") from None
        raise InputError("holds no sweep results yet.", file=out, fix="run `raddsim sweep SPEC.toml --out DIR` first.")
    table = pa.concat_tables(tables)
    table = table.sort_by("task")
    tasks = table.column("task").to_numpy()
    if len(tasks) > 1 and (np.diff(tasks) == 0).any():
        dup = sorted(set(tasks[1:][np.diff(tasks) == 0].tolist()))[:10]
        raise InputError(f"task(s) {dup} appear in more than one part file.", file=Path(out) / PARTS_DIR,
                         fix="this should not happen; remove the duplicated part files and resume the sweep.")
    return table


def consolidate(out: Path) -> Path:
    """Write ``results.parquet``: every finished row, sorted by task."""
    path = Path(out) / RESULTS_FILE
    _atomic_parquet(read_parts(out), path)
    return path
