"""A boundary far larger than the region is named, and a grid too large for the machine's memory is refused before it
is built (probe of bad inputs: a Sweden-sized box took 16.8 million squares and 10 GB unsaid, or ended in a
MemoryError traceback on a smaller machine). Offline, on the default network."""

from __future__ import annotations

import logging

import pytest
from test_bad_inputs2 import SQUARE, _geojson

from raddsim.core.errors import InputError

SWEDEN_BOX = [[11.0, 55.0], [24.0, 55.0], [24.0, 69.0], [11.0, 69.0], [11.0, 55.0]]


def test_a_boundary_far_larger_than_the_network_is_named(tmp_path, caplog, default_model) -> None:
    from raddsim.coverage.grid import load_boundary

    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_boundary(_geojson(tmp_path / "sverige.geojson", SWEDEN_BOX), net=default_model.network)
    said = [r.getMessage() for r in caplog.records if "times the" in r.getMessage()]
    assert len(said) == 1 and "sverige.geojson" in said[0] and "Fix:" in said[0], said
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_boundary(_geojson(tmp_path / "kommun.geojson", SQUARE), net=default_model.network)  # about the region
    assert not [r for r in caplog.records if "times the" in r.getMessage()]


def test_a_grid_larger_than_the_free_memory_is_refused_before_it_is_built(monkeypatch, default_model) -> None:
    from raddsim.core import memory
    from raddsim.coverage.grid import GRID_BYTES_PER_CELL, make_grid

    cells = len(make_grid(default_model.network, 1000.0))
    monkeypatch.setattr(memory, "available_bytes", lambda: cells * GRID_BYTES_PER_CELL // 2)
    with pytest.raises(InputError) as err:
        make_grid(default_model.network, 1000.0)
    text = str(err.value)
    assert err.value.field == "cell_m" and f"{cells:,} squares of 1000 m" in text and "MiB free" in text, text
    larger = int(text.split("--cell ")[1].split(")")[0])
    assert larger > 1000 and len(make_grid(default_model.network, larger)) * GRID_BYTES_PER_CELL < cells * 300
    monkeypatch.setattr(memory, "available_bytes", lambda: cells * GRID_BYTES_PER_CELL * 2)
    assert len(make_grid(default_model.network, 1000.0)) == cells


def test_the_free_memory_is_read() -> None:
    from raddsim.core.memory import available_bytes

    free = available_bytes()
    assert free is None or 2**20 < free < 2**50
