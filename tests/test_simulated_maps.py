"""Simulated maps: every --measure is drawn or refused, and the minimum → ambition difference shows staffing effects."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.coverage.grid import make_grid
from raddsim.coverage.simulated import simulated_coverage
from raddsim.experiment.compare import paired_differences, replication_figures
from raddsim.experiment.runs import run_scenario
from raddsim.network.positions import to_sweref
from raddsim.views.maps import map_context, probability_map, require_measure, simulated_difference_map


@pytest.fixture(scope="module")
def pair(default_model):
    region = default_model.region
    grid = make_grid(default_model.network, 2000)
    out = []
    for name in ("minimum", "ambition"):
        run = run_scenario(default_model, region.scenarios[name], years=1, replications=6, seed=11)  # same seed: CRN; 6 years give Blidö cells ≥ 10 alarms now that automatic alarms come from alarm objects
        out.append((run, simulated_coverage(default_model, run, grid)))
    return default_model, out


def _cells_near(model, sim, station: str, radius_m: float) -> np.ndarray:
    st = model.region.stations[station]
    x, y = to_sweref(np.array([st.lon]), np.array([st.lat]))
    return np.hypot(sim.grid.x - x[0], sim.grid.y - y[0]) < radius_m


def test_blido_gains_on_the_simulated_difference(pair) -> None:
    model, ((run_a, a), (run_b, b)) = pair
    near = _cells_near(model, a, "blido", 6000) & (a.cell_alarms >= 10)
    assert near.any()
    # Blidö: fri inryckning at minimum, a staffed 1 + 2 at ambition: the effective force comes sooner there.
    d_eff = b.cell_mean("effective")[near] - a.cell_mean("effective")[near]
    assert np.nanmean(d_eff) < -1.0
    d_share = b.cell_share_of("first")[near] - a.cell_share_of("first")[near]
    assert np.nanmean(d_share) > 0
    # Far from Blidö and Älmsta, staffing does not move the first crew much (the map is not noise everywhere).
    rimbo = _cells_near(model, a, "rimbo", 4000) & (a.cell_alarms >= 10)
    assert abs(np.nanmean(b.cell_share_of("first")[rimbo] - a.cell_share_of("first")[rimbo])) < 0.05


def test_cell_means_agree_with_the_pooled_records(pair) -> None:
    model, ((run_a, a), _) = pair
    pooled = np.concatenate([(r.t_arrival - r.t_alarm) / 60 for r in run_a.records])
    road = np.concatenate([~run_a.prepared.points.sea[inc.point] for inc in run_a.incidents])  # islands: not on the grid
    pooled = pooled[np.isfinite(pooled) & road]
    assert a.cell_first_n.sum() == pytest.approx(len(pooled), rel=0.02)  # a few alarms may fall off the grid
    assert (a.cell_first_sum.sum() / a.cell_first_n.sum()) == pytest.approx(pooled.mean(), rel=0.02)


def test_difference_maps_draw_both_measures_with_paired_figures(pair) -> None:
    model, ((run_a, a), (run_b, b)) = pair
    paired = paired_differences(replication_figures(model, run_a), replication_figures(model, run_b))
    ctx = map_context(model, run_b.setup)
    for measure, words in (("first", "chance of a first crew"), ("effective", "time to the effective force")):
        fig = simulated_difference_map(a, b, ctx, "en", measure, paired, 3, 1)
        text = " ".join(t.get_text() for t in fig.texts)
        assert words in text and "ambition compared with minimum" in text
        panel = " ".join(" ".join(t.get_text() for t in fig.axes[1].texts).split())
        assert "95% CI" in panel
    fig = probability_map(b, ctx, "en", 3, 1, measure="effective")
    assert "effective force" in " ".join(t.get_text() for t in fig.texts)


def test_a_measure_the_run_did_not_record_is_refused(pair) -> None:
    _, ((_, a), _) = pair
    legacy = dataclasses.replace(a, cell_effective_within=None, cell_effective_sum=None, cell_effective_n=None)
    require_measure(legacy, "first")
    with pytest.raises(InputError, match="recorded no effective-force times") as err:
        require_measure(legacy, "effective")
    assert err.value.field == "measure"  # the argument (errors16); the command line says --measure
    with pytest.raises(InputError, match="unknown measure"):
        require_measure(a, "fastest")


def test_simulate_measure_effective_gives_effective_maps(tmp_path, capsys) -> None:
    out = tmp_path / "m"
    assert main(["map", "minimum", "ambition", "--simulate", "--measure", "effective", "--replications", "2",
                 "--years", "0.25", "--formats", "png", "--out", str(out)]) == 0
    names = sorted(p.name for p in out.glob("*.png"))
    assert "simulated_force_minimum.png" in names and "simulated_difference_force_minimum_ambition.png" in names
    assert not any(n.startswith(("coverage_", "simulated_minimum", "difference_minimum")) for n in names), names
    import json

    summary = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    assert "simulated_vs_minimum" in summary["scenarios"]["ambition"]
