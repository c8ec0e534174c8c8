"""The islands without road on the simulated maps: their alarms lie on no square, so the archipelago's simulated
outcome was on no map (probe_vis9 #7). Each island is now counted and drawn in the map's share classes; per
replication too (isl10), for its share's CI in coverage.json and its paired change on the simulated difference maps."""

from __future__ import annotations

import dataclasses

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


# --- isl10: the islands' per-replication counts, their figures in coverage.json, and the simulated difference maps ---


def _recount(run, sim, n_road: int, effective: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per replication and island, from the records one alarm at a time: alarms, those within the target, and the
    mean minutes of those with a time (NaN: none)."""
    n, reps = len(sim.islands), len(run.records)
    alarms, within, total, timed = (np.zeros((reps, n)) for _ in range(4))
    target = sim.target_of("effective" if effective else "first")
    for r, (inc, rec) in enumerate(zip(run.incidents, run.records)):
        minutes = ((rec.t_effective if effective else rec.t_arrival) - rec.t_alarm) / 60.0
        for node, m in zip(inc.node, minutes):
            if node >= n_road:
                k = node - n_road
                alarms[r, k] += 1
                within[r, k] += bool(np.isfinite(m) and m <= target)
                if np.isfinite(m):
                    total[r, k] += m
                    timed[r, k] += 1
    with np.errstate(invalid="ignore"):
        return alarms, within, total / timed


def test_each_replications_island_counts_are_kept_and_sum_to_the_pooled_ones(sim_run) -> None:
    run, sim = sim_run
    n_road = run.prepared.tables.to_node.shape[1] - len(sim.islands)
    alarms, within, _ = _recount(run, sim, n_road)
    assert sim.island_rep_alarms.shape == (3, len(sim.islands)) and (alarms.sum(axis=1) > 0).all()
    np.testing.assert_array_equal(sim.island_rep_alarms, alarms)
    np.testing.assert_array_equal(sim.island_rep_within, within)
    np.testing.assert_array_equal(sim.island_alarms, alarms.sum(axis=0))  # the pooled figures as before
    np.testing.assert_array_equal(sim.island_within, within.sum(axis=0))
    _, eff_within, eff_mean = _recount(run, sim, n_road, effective=True)
    np.testing.assert_array_equal(sim.island_rep_effective_within, eff_within)
    np.testing.assert_allclose(sim.island_rep_effective_mean, eff_mean, equal_nan=True)


def test_coverage_json_gives_each_island_its_share_and_an_interval_that_holds_it(sim_run) -> None:
    run, sim = sim_run
    block = sim.summary()["islands_by_boat"]
    assert block["approximate"] is True and block["target_minutes"] == sim.target_minutes
    shares = block["shares"]
    assert list(shares) == [i.name for i in run.setup.sea.islands]
    for k, (isl, (name, entry)) in enumerate(zip(run.setup.sea.islands, shares.items())):
        assert (entry["lon"], entry["lat"]) == (isl.lon, isl.lat)  # WGS84, from the islands file
        a, w = sim.island_rep_alarms[:, k], sim.island_rep_within[:, k]
        assert entry["alarms"] == a.sum() and entry["alarms_within_target"] == w.sum()
        assert entry["replications_with_alarms"] == np.count_nonzero(a)
        ci = entry["share_within_target_ci95"]
        if np.count_nonzero(a) >= 2:
            assert entry["share_within_target"] == pytest.approx(np.mean(w[a > 0] / a[a > 0]))
            assert ci[0] <= entry["share_within_target"] <= ci[1] and 0 <= ci[0] < ci[1] <= 1
            assert "ci95_missing" not in entry
        else:  # too few replications with an alarm there: no interval, and why
            assert ci is None and "with alarms on the island" in entry["ci95_missing"]
        assert set(entry["effective_force"]) >= {"share_within_target", "share_within_target_ci95"}


def test_an_island_with_alarms_in_too_few_replications_gets_no_interval_but_a_reason() -> None:
    from raddsim.coverage.simulated import island_share_block

    one = island_share_block(np.array([0.0, 4.0, 0.0]), np.array([0.0, 2.0, 0.0]))
    assert one["share_within_target"] == 0.5 and one["share_within_target_ci95"] is None
    assert one["ci95_missing"] == "no CI (1 replication with alarms on the island, of 3)"
    none = island_share_block(np.zeros(3), np.zeros(3))
    assert none["share_within_target"] is None and none["share_within_target_ci95"] is None and none["ci95_missing"]
    # All reached, few alarms: the interval widens below 1 (share_ci95's Wilson floor), never [1, 1].
    full = island_share_block(np.array([2.0, 1.0, 3.0]), np.array([2.0, 1.0, 3.0]))
    assert full["share_within_target"] == 1.0 and full["share_within_target_ci95"][0] < 0.9


def test_static_and_simulated_island_blocks_share_names_and_positions(default_model, sim_run) -> None:
    from raddsim.coverage.static import static_coverage

    run, sim = sim_run
    static = static_coverage(default_model, run.setup, make_grid(default_model.network, 2000)).summary()
    listed = static["islands_by_boat"]["minutes"]
    simulated = sim.summary()["islands_by_boat"]["shares"]
    assert list(listed) == list(simulated)
    assert all((listed[k]["lon"], listed[k]["lat"]) == (v["lon"], v["lat"]) for k, v in simulated.items())


def _paired_case(sim):
    """Two coverages of the same islands with constructed counts over 3 replications (5 alarms each unless said):

    0: base 5/5, 0/5, 0/5 and other 5/5, 0/5, none → paired over the first two: 0 pp (pooled would say +17);
    1: base 0/5 ×3, other 5/5 ×3 → +100 pp; 2: base 5/5 ×3, other 3/5 ×3 → −40 pp;
    3: no alarm in either → grey; 4: 2 alarms per replication (6 < 10) → grey; the rest: 1/5 in both → 0 pp."""
    n = len(sim.islands)
    a_al, b_al = np.full((3, n), 5.0), np.full((3, n), 5.0)
    a_in, b_in = np.full((3, n), 1.0), np.full((3, n), 1.0)
    a_in[:, 0], b_in[:, 0], b_al[2, 0], b_in[2, 0] = [5, 0, 0], [5, 0, 0], 0, 0
    a_in[:, 1], b_in[:, 1] = 0, 5
    a_in[:, 2], b_in[:, 2] = 5, 3
    a_al[:, 3] = b_al[:, 3] = a_in[:, 3] = b_in[:, 3] = 0
    a_al[:, 4] = b_al[:, 4] = 2
    a_in[:, 4], b_in[:, 4] = 0, 2

    def make(alarms, within):
        return dataclasses.replace(sim, island_rep_alarms=alarms, island_rep_within=within,
                                   island_alarms=alarms.sum(axis=0), island_within=within.sum(axis=0))

    return make(a_al, a_in), make(b_al, b_in)


def test_the_simulated_difference_map_draws_each_islands_paired_change_in_its_class(default_model, sim_run) -> None:
    from raddsim.views.maps import island_paired_difference, simulated_difference_map
    from raddsim.views.mapstyle import DIFF_COLOURS, SHARE_DIFF_BOUNDS

    run, sim = sim_run
    base, other = _paired_case(sim)
    d = island_paired_difference(base, other, "first")
    np.testing.assert_allclose(d[[0, 1, 2]], [0.0, 100.0, -40.0])
    assert np.isnan(d[3])
    fig = simulated_difference_map(base, other, map_context(default_model, run.setup), "en", "first", None, 3, 1)
    rings = [c for ax in fig.axes for c in ax.collections if c.get_zorder() == 5.5]
    assert len(rings) == 1 and len(rings[0].get_offsets()) == len(sim.islands)
    colours = DIFF_COLOURS[::-1]  # blue = better, as the squares

    def colour(pp):
        return colours[int(np.searchsorted(SHARE_DIFF_BOUNDS, pp, side="right")) - 1]

    drawn = [to_hex(c) for c in rings[0].get_facecolors()]
    assert drawn[:5] == [to_hex(c) for c in (colour(0), colour(100), colour(-40), NO_ALARM_COLOUR, NO_ALARM_COLOUR)]
    assert set(drawn[5:]) == {to_hex(colour(0))}
    np.testing.assert_allclose(rings[0].get_offsets(), [(i.x, i.y) for i in sim.islands])


def test_the_effective_force_difference_is_the_paired_change_in_mean_minutes(sim_run) -> None:
    from raddsim.views.maps import island_paired_difference

    _, sim = sim_run
    n = len(sim.islands)
    a, b = np.full((3, n), 20.0), np.full((3, n), 15.0)
    a[0, 0], b[1, 0] = 50.0, np.nan  # replication 1 has no timed alarm in the other scenario: left out of the pair
    b[:, 1] = np.nan
    d = island_paired_difference(dataclasses.replace(sim, island_rep_effective_mean=a),
                                 dataclasses.replace(sim, island_rep_effective_mean=b), "effective")
    assert d[0] == pytest.approx(((15 - 50) + (15 - 20)) / 2) and np.isnan(d[1]) and d[2] == pytest.approx(-5)


@pytest.mark.parametrize("lang, key, note", [("en", "Island without road, reached by boat", "islands without road"),
                                             ("sv", "Ö utan väg, nås med båt", "öar utan väg")])
def test_the_difference_maps_island_legend_in_both_languages(default_model, sim_run, lang, key, note) -> None:
    from raddsim.views.maps import simulated_difference_map

    run, sim = sim_run
    base, other = _paired_case(sim)
    for measure in ("first", "effective"):
        fig = simulated_difference_map(base, other, map_context(default_model, run.setup), lang, measure, None, 3, 1)
        texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
        assert key in texts and note in texts


def test_map_simulate_writes_the_islands_into_coverage_json(tmp_path, capsys) -> None:
    import json

    from raddsim.cli import main

    out = tmp_path / "maps"
    assert main(["map", "minimum", "ambition", "--simulate", "--replications", "2", "--years", "0.5", "--measure",
                 "first", "--out", str(out)]) == 0
    capsys.readouterr()
    assert (out / "simulated_difference_minimum_ambition.png").stat().st_size > 10_000
    doc = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    for name in ("minimum", "ambition"):
        static = doc["scenarios"][name]["islands_by_boat"]["minutes"]
        sim = doc["scenarios"][name]["simulated"]["islands_by_boat"]["shares"]
        assert list(sim) == list(static) and len(sim) > 0
        assert sum(v["alarms"] for v in sim.values()) > 0
        for v in sim.values():  # an interval only from two replications with alarms on the island
            assert (v["share_within_target_ci95"] is None) == (v["replications_with_alarms"] < 2)
