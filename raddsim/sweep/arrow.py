"""Arrow columns built from numpy buffers, and a task column read back, without pandas.

Why not ``pa.array``/``pa.Table.from_pylist``: every such conversion (and ``Array.to_numpy``, and
``pq.read_table``) imports pandas, ≈ 0.25 s of CPU. A sweep's driver builds a part file per batch while
its workers simulate, so that import takes CPU from a worker on a machine with one core per worker
(``benchmarks/README.md``, issue 18). ``pa.Array.from_buffers`` is pyarrow's public constructor from
memory in Arrow's layout; the arrays are equal to ``pa.array``'s, and so are the Parquet files.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pyarrow as pa

#: numpy dtype of each fixed-width Arrow type a sweep row holds.
_FIXED = {pa.int64(): np.int64, pa.float64(): np.float64}


def _bits(mask: np.ndarray) -> pa.Buffer:
    """A boolean array as an Arrow bitmap (least significant bit first)."""
    return pa.py_buffer(np.packbits(mask, bitorder="little"))


def _strings(values: Sequence[Any], valid: np.ndarray, typ: pa.DataType) -> pa.Array:
    data = [v.encode("utf-8") if ok else b"" for v, ok in zip(values, valid)]
    ends = np.cumsum(np.fromiter(map(len, data), dtype=np.int64, count=len(data)))
    if len(ends) and ends[-1] > np.iinfo(np.int32).max:  # Arrow's string type has 32-bit offsets
        raise OverflowError(f"a string column of {ends[-1]} bytes does not fit Arrow's 32-bit offsets")
    offsets = np.concatenate(([0], ends)).astype(np.int32)
    nulls = int(len(valid) - valid.sum())
    return pa.Array.from_buffers(typ, len(data), [_bits(valid) if nulls else None, pa.py_buffer(offsets),
                                                  pa.py_buffer(b"".join(data))], null_count=nulls)


def column(values: Sequence[Any], typ: pa.DataType) -> pa.Array:
    """``values`` (Python objects, None for null) as an Arrow array of type ``typ``.

    Supports the types of a sweep's schema: int64, float64, bool and string. Equal to
    ``pa.array(values, type=typ)``.
    """
    n = len(values)
    valid = np.fromiter((v is not None for v in values), dtype=bool, count=n)
    if pa.types.is_string(typ):
        return _strings(values, valid, typ)
    nulls = int(n - valid.sum())
    filled = [v if ok else 0 for v, ok in zip(values, valid)]
    if pa.types.is_boolean(typ):
        data = _bits(np.asarray(filled, dtype=bool))
    elif typ in _FIXED:
        data = pa.py_buffer(np.asarray(filled, dtype=_FIXED[typ]))
    else:
        raise TypeError(f"no column of Arrow type {typ} in a sweep's rows")
    return pa.Array.from_buffers(typ, n, [_bits(valid) if nulls else None, data], null_count=nulls)


def table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows (dicts keyed by the schema's names; a missing key is null) as an Arrow table of ``schema``."""
    return pa.Table.from_arrays([column([r.get(f.name) for r in rows], f.type) for f in schema], schema=schema)


def task_ids(tab: pa.Table) -> np.ndarray:
    """The ``task`` column as an int64 numpy array."""
    return np.asarray(tab.column("task").to_pylist(), dtype=np.int64)


__all__ = ["column", "table", "task_ids"]
