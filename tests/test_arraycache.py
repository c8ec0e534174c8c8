"""The on-disk memo of derived arrays: computed once, never stale, never in the way."""

from __future__ import annotations

import os

import numpy as np
import pytest

from raddsim.core import arraycache
from raddsim.core.arraycache import cached_arrays, memo_key, trim


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RADDSIM_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(arraycache, "_OPEN", {})
    return tmp_path / arraycache.FOLDER


def _counting(value):
    calls = []

    def compute():
        calls.append(1)
        return {"a": np.asarray(value, float), "b": np.arange(3)}

    return compute, calls


def test_computed_once_then_read_back(cache):
    compute, calls = _counting([1.0, 2.0])
    first = cached_arrays("k", [np.array([1, 2]), 5], compute)
    second = cached_arrays("k", [np.array([1, 2]), 5], compute)
    assert len(calls) == 1
    assert set(second) == {"a", "b"}
    assert np.array_equal(first["a"], second["a"]) and second["b"].dtype == first["b"].dtype


def test_any_change_of_the_inputs_misses(cache):
    compute, calls = _counting([0.0])
    base = [np.array([1.0, 2.0]), "x"]
    for inputs in (base, [np.array([1.0, 2.0 + 1e-12]), "x"], [np.array([1.0, 2.0], np.float32), "x"],
                   [np.array([[1.0, 2.0]]), "x"], [np.array([1.0, 2.0]), "y"]):
        cached_arrays("k", inputs, compute)
    assert len(calls) == 5
    assert memo_key("k", base) != memo_key("other", base)
    assert memo_key("k", base) != memo_key("k", base, libraries=("numpy",))


def test_a_damaged_entry_is_computed_again(cache):
    compute, calls = _counting([3.0])
    cached_arrays("k", [1], compute)
    for f in cache.glob("k-*.a.npy"):
        f.write_bytes(b"not an array")
    assert cached_arrays("k", [1], compute)["a"][0] == 3.0 and len(calls) == 1  # this process: mapped already
    arraycache._OPEN.clear()  # as a new process
    out = cached_arrays("k", [1], compute)
    assert len(calls) == 2 and out["a"][0] == 3.0


def test_off_and_unwritable_cache_only_cost_time(tmp_path, monkeypatch):
    compute, calls = _counting([1.0])
    monkeypatch.setenv("RADDSIM_CACHE_DIR", "off")
    cached_arrays("k", [1], compute)
    cached_arrays("k", [1], compute)
    assert len(calls) == 2
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("RADDSIM_CACHE_DIR", str(blocked))
    assert cached_arrays("k", [1], compute)["a"][0] == 1.0


def test_large_arrays_come_back_as_read_only_maps(cache):
    big = np.arange(arraycache.MMAP_BYTES // 8 + 10, dtype=float)
    first = cached_arrays("big", [1], lambda: {"x": big})["x"]  # computed, written, read back
    out = cached_arrays("big", [1], lambda: {"x": big})["x"]
    for a in (first, out):
        assert isinstance(a, np.memmap) and not a.flags.writeable
        assert np.array_equal(a, big)


def test_trim_removes_the_least_recently_used_entries(cache):
    for k in range(4):
        cached_arrays(f"e{k}", [k], lambda: {"x": np.zeros(1000)})
    names = sorted(cache.glob("*.names"))
    for age, path in enumerate(names):  # e0 oldest … e3 newest
        os.utime(path, (1000 + age, 1000 + age))
    size = sum(f.stat().st_size for f in cache.iterdir()) // 4  # one entry
    removed = trim(cache, max_bytes=2 * size + 10)
    assert removed > 0
    left = {p.name.split("-")[0] for p in cache.glob("*.names")}
    assert left == {"e2", "e3"}


def test_reused_arrays_are_kept_from_their_second_use(cache):
    from raddsim.core.arraycache import reused_arrays

    compute, calls = _counting([5.0])
    assert reused_arrays("r", [1], compute) is None and calls == []  # first sight: noted, nothing computed
    assert reused_arrays("r", [2], compute) is None  # other inputs: another key
    out = reused_arrays("r", [1], compute)
    assert out is not None and out["a"][0] == 5.0 and len(calls) == 1
    assert reused_arrays("r", [1], compute)["a"][0] == 5.0 and len(calls) == 1  # read back


def test_projections_are_kept_only_when_asked(cache):
    # A map converts coast rings one by one: those must not each write a file.
    from raddsim.network.positions import to_sweref

    x, y = to_sweref(np.array([18.7]), np.array([59.76]))
    assert not cache.exists() or not list(cache.iterdir())
    xm, ym = to_sweref(np.array([18.7]), np.array([59.76]), memo=True)
    assert list(cache.glob("sweref-*.names")) and np.array_equal(xm, x) and np.array_equal(ym, y)
    assert 700_000 < x[0] < 715_000 and 6_620_000 < y[0] < 6_640_000  # Norrtälje in SWEREF 99 TM
