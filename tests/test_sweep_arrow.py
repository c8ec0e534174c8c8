"""A sweep's rows go to Parquet without pandas (issue 18), and the files are what pyarrow's own conversion writes."""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sweep_helpers import write_spec

from raddsim.sweep import arrow, read_parts
from raddsim.sweep.results import consolidate, write_part

ROOT = Path(__file__).resolve().parents[1]

COLUMNS = {
    pa.int64(): [3, -(2**62), 0, None, 1],
    pa.float64(): [1.5, math.nan, None, -0.0, 7, math.inf],
    pa.bool_(): [True, False, None, True, True, False, False, False, True],  # more than a byte of bits
    pa.string(): ["minimum", "", None, "Väddö – Grisslehamn", '{"a": [1, 2]}'],
}


def _parquet_bytes(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


@pytest.mark.parametrize("typ", list(COLUMNS), ids=str)
@pytest.mark.parametrize("cut", [None, 0, 1])
def test_a_column_equals_pyarrows_own_conversion(typ: pa.DataType, cut: int | None) -> None:
    values = COLUMNS[typ] if cut is None else COLUMNS[typ][:cut]
    ours, theirs = arrow.column(values, typ), pa.array(values, type=typ)
    assert ours.type == theirs.type and ours.null_count == theirs.null_count
    ours.validate(full=True)
    assert repr(ours.to_pylist()) == repr(theirs.to_pylist())  # repr: NaN equals NaN, -0.0 differs from 0.0
    name = str(typ)
    assert _parquet_bytes(pa.table({name: ours})) == _parquet_bytes(pa.table({name: theirs}))


def test_a_table_equals_from_pylist_with_missing_keys_as_nulls() -> None:
    schema = pa.schema([pa.field("task", pa.int64()), pa.field("scenario", pa.string()),
                        pa.field("share", pa.float64()), pa.field("on", pa.bool_())])
    rows = [{"task": 2, "scenario": "ambition", "share": 0.25, "on": True, "ignored": 1},
            {"task": 5, "scenario": "minimum", "on": False}]
    ours = arrow.table(rows, schema)
    assert ours.equals(pa.Table.from_pylist(rows, schema=schema))
    np.testing.assert_array_equal(arrow.task_ids(ours), [2, 5])


def test_an_unsupported_type_is_refused() -> None:
    with pytest.raises(TypeError, match="date32"):
        arrow.column([None], pa.date32())


def _part(out: Path, tasks: list[int]) -> None:
    schema = pa.schema([pa.field("task", pa.int64()), pa.field("x", pa.float64())])
    write_part(out, arrow.table([{"task": t, "x": t / 2} for t in tasks], schema))


def test_parts_of_a_resume_with_other_batches_are_read_back_in_task_order(tmp_path) -> None:
    # Part files are named by their first task; a resume with other batch sizes can make their ranges interleave.
    _part(tmp_path, [0, 1, 5, 6])
    _part(tmp_path, [2, 3, 4])
    _part(tmp_path, [7])
    table = read_parts(tmp_path)
    np.testing.assert_array_equal(arrow.task_ids(table), np.arange(8))
    assert table.column("x").to_pylist() == [t / 2 for t in range(8)]


def test_consolidated_file_is_one_sorted_row_group(tmp_path) -> None:
    _part(tmp_path, [0, 1, 2])
    _part(tmp_path, [3, 4])
    path = consolidate(tmp_path)
    f = pq.ParquetFile(path)
    assert f.metadata.num_row_groups == 1
    np.testing.assert_array_equal(arrow.task_ids(f.read()), np.arange(5))


def test_a_sweeps_driver_imports_neither_pandas_nor_arrows_compute_functions(tmp_path) -> None:
    # The embedded default: its network is read from the compact form (an .osm region's first load imports osmnx,
    # and with it geopandas and pandas, whatever the sweep does).
    spec = write_spec(tmp_path, 'years = 0.02\nreplications = 4\nseed = 3\n[axes]\n"demand.multiplier" = [1.0, 1.2]\n')
    def driver_imports(out: Path) -> str:
        probe = ("import sys\nfrom raddsim.cli import main\n"
                 f"try:\n    main(['sweep', {str(spec)!r}, '--out', {str(out)!r}, '--processes', '2', '--quiet'])\n"
                 "except SystemExit as e:\n    assert not e.code, e.code\n"
                 "print(sorted({'pandas', 'pyarrow.compute'} & set(sys.modules)))")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "RADDSIM_CACHE_DIR": str(tmp_path / "cache")}
        p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path,
                           timeout=300)
        assert p.returncode == 0, p.stderr
        assert pq.ParquetFile(out / "results.parquet").metadata.num_rows == 8
        return p.stdout.strip().splitlines()[-1]

    driver_imports(tmp_path / "first")  # the first use parses the shipped .osm (osmnx imports pandas) and caches it
    assert driver_imports(tmp_path / "second") == "[]"
