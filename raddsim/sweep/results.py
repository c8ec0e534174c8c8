"""Sweep results on disk: the Parquet part files (written atomically), reading them back, consolidating.

One row per task (parameter point, scenario, replication): the task ids, the
axis values as columns (named by their dotted keys) and the headline figures of
that replication (:mod:`raddsim.sweep.rows`). A task's row depends only on the task
(spec, inputs, seed, replication), never on which worker ran it or when. The folder's
layout, metadata and lock are :mod:`raddsim.sweep.folder`'s.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from raddsim.core.errors import InputError
from raddsim.sweep import arrow
from raddsim.sweep.folder import PARTS_DIR, RESULTS_FILE, part_files
from raddsim.sweep.rows import AREA_FIGURES, FIGURES, ZONE_FIGURES, area_column
from raddsim.sweep.spec import SweepSpec

log = logging.getLogger(__name__)

_ARROW = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(), "json": pa.string()}


def schema(spec: SweepSpec, area_names: Sequence[str] = (), zones: bool = False) -> pa.Schema:
    """The Parquet schema of a sweep's rows: ids, axes, figures (with ``zones``, the target zones' share; and
    per-area figures)."""
    fields = [pa.field("task", pa.int64()), pa.field("point", pa.int64()), pa.field("scenario", pa.string()),
              pa.field("replication", pa.int64())]
    fields += [pa.field(a.key, _ARROW[a.kind]) for a in spec.axes]
    fields += [pa.field(k, _ARROW[t]) for k, (t, _) in FIGURES.items()]
    if zones:
        fields += [pa.field(k, _ARROW[t]) for k, (t, _) in ZONE_FIGURES.items()]
    if spec.per_area:
        for name in area_names:
            fields += [pa.field(area_column(name, f), _ARROW[FIGURES[f][0]]) for f in AREA_FIGURES]
    return pa.schema(fields)


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
    return arrow.table(sorted(rows, key=lambda r: r["task"]), sch)


def write_part(out: Path, table: pa.Table) -> Path:
    """Write one batch of finished tasks as a part file (whole or not at all)."""
    parts = Path(out) / PARTS_DIR
    parts.mkdir(exist_ok=True)
    ids = arrow.task_ids(table)
    digest = hashlib.sha1(ids.astype("<i8").tobytes()).hexdigest()[:12]
    path = parts / f"part-{int(ids.min()):010d}-{digest}.parquet"
    _atomic_parquet(table, path)
    return path


#: Suffix a part file that cannot be read is renamed to (kept for inspection, no longer a result).
QUARANTINE_SUFFIX = ".corrupt"


def _read_part(p: Path) -> pa.Table | None:
    """A part file's rows, or None when it is truncated or corrupt (quarantined and named in a warning).

    Part files are written to a temporary name and renamed, so a bad one means damage after
    the fact (a disk error, a copy cut short). It is renamed to ``*.corrupt`` where the
    directory is writable, so a resumed sweep runs its tasks again.
    """
    try:
        return pq.ParquetFile(p).read()  # not pq.read_table, which imports pandas (see raddsim.sweep.arrow)
    except (pa.ArrowException, OSError, ValueError) as exc:
        target = p.with_name(p.name + QUARANTINE_SUFFIX)
        try:
            os.replace(p, target)
            where = f"renamed to {target.name}; its tasks run again on resume"
        except OSError:
            where = "left in place (the directory is read-only); its tasks count as not done"
        log.warning("unreadable sweep part file %s (%s: %s): %s.", p, type(exc).__name__, str(exc)[:120], where)
        return None


def _sweep_parts(out: Path) -> list[pa.Table]:
    """The readable part files' tables, each checked to be a part of this sweep (see :func:`_read_part`).

    A Parquet file someone put in ``parts/`` (another sweep's part, an export renamed ``part-*.parquet``) is
    readable but not this sweep's: refused naming it, never merged (pyarrow's schema traceback) nor moved.

    Raises
    ------
    InputError
        Naming the first part file without a ``task`` column or with other columns than the first part's.
    """
    tables: list[pa.Table] = []
    first: Path | None = None
    for p in part_files(out):
        table = _read_part(p)
        if table is None:
            continue
        if "task" not in table.column_names or (first is not None and not table.schema.equals(tables[0].schema)):
            other = ("it has no 'task' column" if "task" not in table.column_names else
                     f"its columns differ from {first.name if first else ''}'s")
            raise InputError(f"is not a part file of this sweep ({other}).", file=p,
                             fix=f"move it out of {Path(out) / PARTS_DIR} (only the sweep writes part files there) "
                                 "and run again.")
        first = first or p
        tables.append(table)
    return tables


def finished_tasks(out: Path) -> set[int]:
    """Task indices already in readable part files (unreadable ones are quarantined, see :func:`_read_part`)."""
    done: set[int] = set()
    for table in _sweep_parts(out):
        done.update(table.column("task").to_pylist())
    return done


def read_parts(out: Path) -> pa.Table:
    """All finished rows, sorted by task.

    Raises
    ------
    InputError
        When the directory holds no results, a part file of another sweep, or (never expected) a task twice.
    """
    tables = _sweep_parts(out)
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
    tasks = arrow.task_ids(table)
    if (np.diff(tasks) < 0).any():  # parts hold consecutive tasks, so only a resume with other batches gets here
        table = table.sort_by("task")
        tasks = arrow.task_ids(table)
    else:
        table = table.combine_chunks()  # one chunk, as sort_by gives: the same Parquet file either way
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


__all__ = ["QUARANTINE_SUFFIX", "consolidate", "finished_tasks", "read_parts", "rows_table", "schema", "write_part"]
