"""The islands without road on the simulated maps: their alarms lie on no square, so the archipelago's simulated
outcome was on no map (probe_vis9 #7). Each island is now counted and drawn in the map's share classes."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

from raddsim.coverage.grid import make_grid
from raddsim.coverage.simulated import simulated_coverage
from raddsim.experiment.runs import run_scenario
from raddsim.views.mapstyle import NO_ALARM_COLOUR, PROB_BOUNDS, PROB_COLOURS
from raddsim.views.maps import map_context, probability_map


@pytest.fixture(scope="module")
def sim_run(default_model):
    setup = default_model.region.scenarios["minimum"]
    run = run_scenario(default_model, setup, years=1, replications=3, seed=5)
    return run, simulated_coverage(default_model, run, make_grid(default_model.network, 2000))


def test_every_island_alarm_is_counted_on_its_island_and_nowhere_else(sim_run) -> None:
    """Recount from the records: an island's alarms are those at its column (after the road nodes), within the
    target those the first crew reached in time; the squares and the islands together hold every alarm."""
    run, sim = sim_run
    n = len(run.setup.sea.islands)
    assert len(sim.islands) == n > 0 and [i.name for i in sim.islands] == [i.name for i in run.setup.sea.islands]
    n_road = run.prepared.tables.to_node.shape[1] - n
    alarms, within = np.zeros(n), np.zeros(n)
    for inc, rec in zip(run.incidents, run.records):
        minutes = (rec.t_arrival - rec.t_alarm) / 60.0
        for node, m in zip(inc.node, minutes):
            if node >= n_road:
                alarms[node - n_road] += 1
                within[node - n_road] += bool(np.isfinite(m) and m <= sim.target_minutes)
    assert alarms.sum() > 0
    np.testing.assert_array_equal(sim.island_alarms, alarms)
    np.testing.assert_array_equal(sim.island_within, within)
    total = sum(len(inc.node) for inc in run.incidents)
    assert sim.cell_alarms.sum() + sim.island_alarms.sum() == pytest.approx(total, abs=1e-6)
    share = sim.island_share_of("first")
    assert np.all(np.isnan(share[alarms == 0])) and np.allclose(share[alarms > 0], within[alarms > 0] / alarms[alarms > 0])
    eff = sim.island_share_of("effective")
    assert eff.shape == (n,) and np.all(eff[alarms > 0] <= 1)


def test_the_simulated_map_draws_each_island_in_its_share_class(default_model, sim_run) -> None:
    run, sim = sim_run
    fig = probability_map(sim, map_context(default_model, run.setup), replications=3, years=1)
    rings = [c for ax in fig.axes for c in ax.collections if c.get_zorder() == 5.5]
    assert len(rings) == 1
    drawn = [to_hex(c) for c in rings[0].get_facecolors()]
    share = sim.island_share_of("first")
    want = [NO_ALARM_COLOUR if np.isnan(v) else PROB_COLOURS[int(np.searchsorted(PROB_BOUNDS, v, side="right")) - 1]
            for v in share]
    assert drawn == [to_hex(c) for c in want]
    np.testing.assert_allclose(rings[0].get_offsets(), [(i.x, i.y) for i in sim.islands])
    texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    assert "Island without road, reached by boat" in texts  # the legend says what the circles are
