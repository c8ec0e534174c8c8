"""Target zones (``[region] target_zones``) on the simulated maps and in ``raddsim target``'s residents.

``raddsim map --simulate`` reads each simulated alarm against its own zone's target (the zone of its road node, as
``raddsim run`` does): per square the alarms within it, per zone a block within the zone's target, and a block of every
alarm; coverage.json, the simulated GIS layer and a map per scenario carry them. ``raddsim target`` gives the residents
within their own zone's target (every crew free) beside the zones' alarm share. Checked against the run's records
recomputed by hand; a region without zones writes none of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from matplotlib.patches import PathPatch
from matplotlib.text import Text
from sweep_helpers import write_region
from test_target_zones import _box, _feature, zoned_region

from raddsim.cli import main
from raddsim.coverage import DEFAULT_CELL_M
from raddsim.coverage.grid import make_grid
from raddsim.coverage.simulated import simulated_coverage
from raddsim.coverage.static import static_coverage
from raddsim.experiment.model import build_model
from raddsim.experiment.runs import run_scenario
from raddsim.region.region import load_region
from raddsim.region.zones import OUTSIDE_ZONES
from raddsim.views.maps import map_context, probability_zone_map
from raddsim.views.numbers import pct

SIM = ["--simulate", "--replications", "3", "--years", "0.2", "--sim-cell", "1000", "--seed", "7"]


def _simulated(region: Path, cell_m: float = 1000.0):
    model = build_model(load_region(region))
    run = run_scenario(model, model.region.scenarios["low"], years=0.2, replications=3, seed=7)
    grid = make_grid(model.network, cell_m)
    return model, run, grid, simulated_coverage(model, run, grid)


def _own_target(lon: np.ndarray) -> np.ndarray:
    """zoned_region's zones by hand: West lon ≤ 18.645 (4 min), Middle ≤ 18.665 (8 min; West's where both), else the
    region's 6 min (every node lies within the boxes' latitudes)."""
    return np.where(lon <= 18.645, 4.0, np.where(lon <= 18.665, 8.0, 6.0))


def test_a_squares_zone_count_is_the_records_recomputed(tmp_path) -> None:
    model, run, grid, sim = _simulated(zoned_region(tmp_path))
    net = model.network
    within = np.zeros(len(grid))
    alarms = np.zeros(len(grid))
    shares, west = [], []
    for inc, rec in zip(run.incidents, run.records):
        minutes = (rec.t_arrival - rec.t_alarm) / 60.0
        own = _own_target(net.lon[inc.node])
        hit = minutes <= own  # an alarm no crew reached (NaN) is a miss
        shares.append(hit.mean())
        west.append(hit[own == 4.0].mean())
        # Gridby has no places file: every alarm's demand point is its road node, on that node's square.
        cell = grid.cell_of(net.x[inc.node], net.y[inc.node])
        ok = np.isfinite(minutes) & (cell >= 0)
        alarms += np.bincount(cell[ok], minlength=len(grid))
        within += np.bincount(cell[ok], weights=hit[ok].astype(float), minlength=len(grid))
    assert np.allclose(sim.cell_alarms, alarms)
    assert np.allclose(sim.cell_zone_within, within, atol=1e-9)
    assert 0 < within.sum() < sim.cell_within.sum()  # the case tells something: West's 4 min is stricter than 6
    assert sim.zones is not None
    assert sim.zones["overall"]["share_within_target"] == pytest.approx(np.mean(shares), abs=1e-12)
    assert list(sim.zones["per_zone"]) == ["West", "Middle", OUTSIDE_ZONES]
    assert [z["target_minutes"] for z in sim.zones["per_zone"].values()] == [4.0, 8.0, 6.0]
    assert sim.zones["per_zone"]["West"]["share_within_target"] == pytest.approx(np.mean(west), abs=1e-12)
    has = sim.cell_alarms > 0
    assert np.allclose(sim.cell_zone_share[has], within[has] / alarms[has])
    assert sim.summary()["zones"] == sim.zones


def test_the_simulated_zone_share_is_runs(tmp_path, capsys) -> None:
    """The same seed: every alarm against its zone's target gives ``raddsim run``'s ``zone_targets`` share."""
    region = zoned_region(tmp_path)
    *_, sim = _simulated(region)
    out = tmp_path / "run.json"
    assert main(["run", "low", "--region", str(region), "--replications", "3", "--years", "0.2", "--seed", "7",
                 "--json", str(out)]) == 0
    capsys.readouterr()
    res = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["low"]
    assert sim.zones["overall"]["share_within_target"] == pytest.approx(
        res["zone_targets"]["share_within_zone_target"], abs=1e-12)
    assert sim.zones["per_zone"]["Middle"]["alarms"] == res["per_zone"]["Middle"]["alarms"]


def test_zones_with_the_regions_own_target_reproduce_the_squares_share(tmp_path) -> None:
    region = zoned_region(tmp_path, [_feature("West", 6, _box(18.595, 59.695, 18.65, 59.755)),
                                     _feature("East", 6, _box(18.65, 59.695, 18.705, 59.755))])
    *_, sim = _simulated(region)
    assert np.array_equal(sim.cell_zone_within, sim.cell_within)
    assert sim.zones["overall"]["share_within_target"] == sim.overall["share_within_target"]
    assert sim.zones["overall"]["share_within_target_ci95"] == sim.overall["share_within_target_ci95"]


def test_map_simulate_writes_the_zone_map_layer_and_json_only_with_zones(tmp_path, capsys) -> None:
    out = tmp_path / "maps"
    assert main(["map", "--region", str(zoned_region(tmp_path)), "--out", str(out), "--format", "png,geojson",
                 *SIM]) == 0
    capsys.readouterr()
    for scenario in ("low", "high"):
        assert (out / f"simulated_zones_{scenario}.png").stat().st_size > 10_000
    assert not list(out.glob("simulated_difference_zones*"))
    sim = json.loads((out / "coverage.json").read_text(encoding="utf-8"))["scenarios"]["low"]["simulated"]
    assert list(sim["zones"]["per_zone"]) == ["West", "Middle", OUTSIDE_ZONES]
    layer = json.loads((out / "simulated_low.geojson").read_text(encoding="utf-8"))
    assert "share_within_zone_target" in layer["description"]
    props = [f["properties"] for f in layer["features"]]
    zoned = sum(p["alarms"] * p["share_within_zone_target"] for p in props)
    plain = sum(p["within_target"] for p in props)
    assert 0 < zoned < plain  # West's 4 min is stricter than the region's 6
    assert all(0 <= p["share_within_zone_target"] <= 1 for p in props)
    # A region without zones: none of it, coverage.json as before.
    out = tmp_path / "plain_maps"
    assert main(["map", "--region", str(write_region(tmp_path / "plain")), "--out", str(out),
                 "--format", "png,geojson", *SIM]) == 0
    capsys.readouterr()
    assert not list(out.glob("simulated_zones_*"))
    sim = json.loads((out / "coverage.json").read_text(encoding="utf-8"))["scenarios"]["low"]["simulated"]
    assert "zones" not in sim
    layer = json.loads((out / "simulated_low.geojson").read_text(encoding="utf-8"))
    assert "share_within_zone_target" not in layer["features"][0]["properties"]
    assert "zone" not in layer["description"]


def test_the_zone_map_says_each_zones_own_target_in_swedish(tmp_path) -> None:
    model, run, _, sim = _simulated(zoned_region(tmp_path))
    fig = probability_zone_map(sim, map_context(model, run.prepared.setup), "sv", 3, 0.2)
    texts = [x.get_text().replace("\u00a0", " ") for x in fig.findobj(Text)]  # the panel glues a % to its number
    assert any("inom varje zons eget mål — low" in x for x in texts)
    west = sim.zones["per_zone"]["West"]["share_within_target"]
    assert f"West (4 min): {100 * west:.0f} %" in "\n".join(texts)
    assert any("Utanför zonerna (6 min)" in x for x in texts)
    dashed = [p for p in fig.findobj(PathPatch) if p.get_linestyle() not in ("-", "solid") and not p.get_fill()]
    assert len(dashed) >= 2  # the two zones' outlines


def test_target_gives_the_residents_within_their_zones_target(tmp_path, capsys) -> None:
    region = zoned_region(tmp_path)
    out = tmp_path / "target.json"
    run = ["target", "low", "--region", str(region), "--replications", "2", "--years", "0.1", "--no-levers"]
    assert main([*run, "--json", str(out)]) == 0
    text = capsys.readouterr().out
    tg = json.loads(out.read_text(encoding="utf-8"))
    res = tg["scenarios"]["low"]["population_within_zone_target"]
    model = build_model(load_region(region))
    cov = static_coverage(model, model.region.scenarios["low"], make_grid(model.network, DEFAULT_CELL_M))
    assert res["share"] == pytest.approx(cov.share_within_zone_targets(), abs=1e-12)
    assert res["per_zone"] == cov.zone_summary()["per_zone"]
    assert "population_within_zone_target" in tg["ci95_method"]
    line = f"residents within their zone's target (every crew available): {pct(res['share'], 1, 'en')}"
    assert line in text
    lines = text.splitlines()
    assert lines.index(line) == next(k for k, x in enumerate(lines) if x.startswith("All alarms, each")) + 1
    assert main([*run, "--lang", "sv"]) == 0
    sv = capsys.readouterr().out
    assert f"invånare inom sin zons mål (alla styrkor tillgängliga): {pct(res['share'], 1, 'sv')}" in sv
    # A region without zones: no such figure, the JSON as before.
    assert main(["target", "low", "--region", str(write_region(tmp_path / "plain")), "--replications", "2",
                 "--years", "0.1", "--no-levers", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    tg = json.loads(out.read_text(encoding="utf-8"))
    assert "population_within_zone_target" not in tg["scenarios"]["low"]
    assert "population_within_zone_target" not in tg["ci95_method"]
    assert "zone's target" not in text
