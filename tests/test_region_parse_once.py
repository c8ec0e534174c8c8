"""A region's tables are parsed once per load, not once per scenario (issue 18: every command loads its region).

Scenarios mostly differ in one table (a staffing level, a demand multiplier); ``load_region`` used to parse the
stations, crews, demand, archipelago and posterior again for each of them (17 on Norrtälje). The parsed tables are
now shared between scenarios whose merged data are equal. These tests hold that it parses each distinct table
once, that every scenario is what a parse of its own gives, and that a warning of a value a scenario sets still
names that scenario.
"""

from __future__ import annotations

import dataclasses
import logging
import pickle
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest
from sweep_helpers import REGION, write_region

import raddsim.region.region as region_module
from raddsim.region.config import Table, read_toml
from raddsim.region.region import default_region_path, load_region
from raddsim.region.scenarios import merge_chain


def _plain(obj):
    """Every field's value, recursively, in a form two parses can be compared by (arrays by their bytes)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return type(obj).__name__, {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(map(repr, obj))
    if isinstance(obj, np.ndarray):
        return "array", obj.dtype.str, obj.shape, obj.tobytes()
    return repr(obj)


def _parsed_each_time(monkeypatch) -> None:
    """The old behaviour: every scenario parses all of its tables itself."""
    monkeypatch.setattr(region_module._Builder, "_once", lambda self, kind, data, make: make())


@pytest.mark.parametrize("which", ["default", "gridby"])
def test_every_scenario_is_what_a_parse_of_its_own_gives(which, tmp_path, monkeypatch) -> None:
    path = default_region_path() if which == "default" else write_region(tmp_path)
    shared = load_region(path)
    with monkeypatch.context() as m:
        _parsed_each_time(m)
        own = load_region(path)
    assert list(shared.scenarios) == list(own.scenarios) and len(shared.scenarios) >= 2
    for name in shared.scenarios:
        assert repr(_plain(shared.scenarios[name])) == repr(_plain(own.scenarios[name])), name


def test_each_distinct_crews_table_is_parsed_once(monkeypatch) -> None:
    path = default_region_path()
    root = Table(read_toml(path), path)
    tables = set()
    for name in root.table("scenarios").keys():
        d = merge_chain(root, name).data
        tables.add(pickle.dumps((d["stations"], d.get("availability", {}), d["crews"])))
    calls = []
    real = region_module.parse_crew
    monkeypatch.setattr(region_module, "parse_crew", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    region = load_region(path)
    crews = len(next(iter(region.scenarios.values())).crews)
    assert len(tables) < len(region.scenarios)  # the default's scenarios share crews tables: the test means something
    assert len(calls) == crews * len(tables), (len(calls), crews, len(tables), len(region.scenarios))


def test_the_posterior_file_is_read_once_per_load(monkeypatch) -> None:
    calls = []
    real = region_module.load_posterior
    monkeypatch.setattr(region_module, "load_posterior", lambda p: calls.append(p) or real(p))
    region = load_region(default_region_path())
    with_posterior = [s for s in region.scenarios.values() if s.posterior is not None]
    assert len(with_posterior) >= 2, "the default has two calibrated scenarios"
    assert len(calls) == len({str(p) for p in calls}) == 1, calls


def test_two_scenarios_setting_the_same_slip_are_each_named(tmp_path, caplog) -> None:
    """Two sibling scenarios that set the same implausible turnout merge to equal crews tables: the second shares
    the first's parse, and its warning must still name it (the first's slips are given again)."""
    path = write_region(tmp_path)
    slow = '[scenarios.{0}]\nbase = "low"\ncrews.west_ft.turnout_minutes = 90\n'
    assert "[demand]" in REGION
    path.write_text(REGION.replace("[demand]", slow.format("slowa") + slow.format("slowb") + "\n[demand]", 1),
                    encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_region(Path(path))
    said = [r.getMessage() for r in caplog.records if "seconds?" in r.getMessage()]
    assert len(said) == 2, said
    assert "scenarios.slowa.crews.west_ft.turnout_minutes" in said[0] + said[1]
    assert "scenarios.slowb.crews.west_ft.turnout_minutes" in said[0] + said[1]
