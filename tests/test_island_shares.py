"""Static coverage counts every resident once: island residents a boat reaches are in the shares at their boat
minutes, not dropped as "off the grid" (raddsim.coverage.static; the board read "first crew ≤ 30 min: 100 %" while
Arholma's residents wait 50 min)."""

from __future__ import annotations

import numpy as np
import pytest
from test_coverage import synthetic_region

from raddsim.coverage.grid import make_grid
from raddsim.coverage.static import static_coverage
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region


@pytest.fixture(scope="module")
def grid(default_model):
    return make_grid(default_model.network, 1000)


def _boat_minutes(model, setup) -> np.ndarray:
    """Each island's first-crew minutes by boat, every crew free, straight from the travel tables."""
    prep = model.prepare(setup)
    fleet = prep.fleet
    crews = fleet.in_service & ~fleet.command
    n_road = prep.tables.to_node.shape[1] - len(setup.sea.islands)
    eta = (fleet.turnout_s + fleet.request_delay_s)[crews, None] + prep.tables.to_node[fleet.station[crews], n_road:]
    return eta.min(axis=0) / 60.0


def test_every_resident_is_counted_once_on_the_default_region(default_model, default_region, grid) -> None:
    setup = default_region.scenarios["minimum"]
    s = static_coverage(default_model, setup, grid).summary()
    islanders = sum(i.permanent for i in setup.sea.islands)
    assert islanders > 100  # the archipelago layer's permanent residents (215 when written)
    parts = s["residents"]
    assert parts["total"] == pytest.approx(setup.demand.population)
    assert parts["by_road"] + parts["by_boat"] + parts["unreachable"] + parts["off_map"] == pytest.approx(
        setup.demand.population)
    assert s["population_by_boat"] == parts["by_boat"] == pytest.approx(islanders)  # every island has a boat here
    assert s["population_off_grid"] == pytest.approx(0, abs=1e-6)  # the islanders were all of the 215 "off the grid"
    assert s["population_on_grid"] + s["population_by_boat"] == pytest.approx(setup.demand.population)
    per_island = {k: v["population"] for k, v in s["islands_by_boat"]["minutes"].items()}
    assert per_island == {i.name: pytest.approx(i.permanent) for i in setup.sea.islands}


def test_an_island_counts_within_a_time_only_if_its_boat_is_within_it(default_model, default_region, grid) -> None:
    setup = default_region.scenarios["minimum"]
    cov = static_coverage(default_model, setup, grid)
    boat = _boat_minutes(default_model, setup)
    people = np.array([i.permanent for i in setup.sea.islands], float)
    far = int(np.argmax(np.where((boat > 30) & (people > 0), people, -1)))  # a populated island beyond 30 min
    assert boat[far] > 30 and people[far] > 0

    def expected(minutes: float) -> float:  # the grid's squares at their minutes, the islands at their boat's
        grid_ok = cov.population[cov.minutes <= minutes].sum()
        return (grid_ok + people[boat <= minutes].sum()) / (cov.population.sum() + people.sum())

    for t in (10, 20, 30):
        assert cov.share_within(t) == pytest.approx(expected(t), abs=1e-12)
        assert cov.summary()["within"][str(t)] == pytest.approx(expected(t), abs=1e-12)
    # The far island moves the share exactly when its boat time is crossed, by its residents' part.
    total = cov.population.sum() + people.sum()
    gap = cov.share_within(boat[far] + 1e-6) - cov.share_within(boat[far] - 1e-6)
    assert gap >= people[far] / total - 1e-12
    assert cov.share_within(30) < 1.0  # the board read 100 % with the islanders left out
    assert cov.population_within(30)["share"] == cov.share_within(30)
    assert cov.population_within(30)["by_boat_population"] == pytest.approx(people.sum())
    eff = np.array([i.effective_minutes for i in cov.islands])
    assert eff[far] > 30
    grid_eff = cov.population[cov.effective_minutes <= 30].sum()
    assert cov.share_within(30, measure="effective") == pytest.approx(
        (grid_eff + people[eff <= 30].sum()) / total, abs=1e-12)


def test_the_archipelago_area_holds_its_islands_at_their_boat_minutes(default_model, default_region, grid) -> None:
    """The station-area figures (coverage.json's per_area, the report's table): the archipelago area was empty (no
    square is in it, its share NaN); the road areas keep their squares' figures."""
    setup = default_region.scenarios["minimum"]
    cov = static_coverage(default_model, setup, grid)
    boat = _boat_minutes(default_model, setup)
    people = np.array([i.permanent for i in setup.sea.islands], float)
    per_area = cov.summary()["per_area"]
    sea = list(cov.area_names).index("Archipelago")
    assert per_area["Archipelago"]["population"] == pytest.approx(people.sum())
    for t in (*cov.thresholds, 45.0, 55.0):
        assert cov.area_share(t, sea) == pytest.approx(people[boat <= t].sum() / people.sum(), abs=1e-12)
    assert cov.area_share(55.0, sea) > cov.area_share(45.0, sea) > 0  # Arholma (50 min) in between
    for a, name in enumerate(cov.area_names[:sea]):
        w = cov.population * (cov.area == a)
        assert per_area[name]["within_30"] == float(w[cov.minutes <= 30].sum()) / float(w.sum())


def test_islands_no_boat_reaches_count_as_unreachable(default_model, default_region, grid) -> None:
    setup = default_region.scenarios["ice-season"]
    cov = static_coverage(default_model, setup, grid)
    people = sum(i.permanent for i in setup.sea.islands)
    assert not np.isfinite(_boat_minutes(default_model, setup)).any()  # ice stops every boat
    s = cov.summary()
    assert s["population_by_boat"] == 0
    assert s["population_unreachable"] == pytest.approx(people)
    assert s["share_unreachable"] == pytest.approx(people / setup.demand.population)
    parts = s["residents"]
    assert parts["by_road"] + parts["unreachable"] + parts["off_map"] == pytest.approx(setup.demand.population)
    grid_ok = cov.population[cov.minutes <= 30].sum()
    assert cov.share_within(30) == pytest.approx(grid_ok / setup.demand.population, abs=1e-12)


def test_a_region_without_an_archipelago_keeps_its_shares_to_the_bit(tmp_path_factory) -> None:
    region = load_region(synthetic_region(tmp_path_factory.mktemp("plain")))
    model = build_model(region)
    cov = static_coverage(model, region.scenarios["base"], make_grid(model.network, 250))
    assert cov.islands == () and cov.by_boat() == 0
    w = cov.population
    s = cov.summary()
    for t in cov.thresholds:  # main's formula: over the grid's squares alone
        old = float(w[cov.minutes <= t].sum()) / float(w.sum())
        assert cov.share_within(t) == old and s["within"][str(t)] == old
        old_eff = float(w[cov.effective_minutes <= t].sum()) / float(w.sum())
        assert cov.share_within(t, measure="effective") == old_eff
    order = np.argsort(cov.minutes)
    cum = np.cumsum(w[order])
    assert s["population_median_minutes"] == float(cov.minutes[order][np.searchsorted(cum, cum[-1] / 2)])
    assert s["population_off_grid"] == float(cov.points.weight.sum() - w.sum())
    assert s["residents"]["by_boat"] == 0


def test_the_tables_say_the_shares_hold_the_island_residents(default_model, default_region, grid) -> None:
    from raddsim.cli.map import _format_summary
    from raddsim.views.coverage_notes import share_notes
    from raddsim.views.target_text import _headline

    setup = default_region.scenarios["minimum"]
    cov = static_coverage(default_model, setup, grid)
    n = round(sum(i.permanent for i in setup.sea.islands))
    assert f"The shares include {n} island residents at their boat times" in _format_summary([cov], grid, "en")
    assert f"Andelarna inkluderar {n} öbor med sina båttider" in _format_summary([cov], grid, "sv")
    assert share_notes([cov], "en") == [f"The shares include {n} island residents at their boat times "
                                        "(APPROXIMATE archipelago layer)"]
    stats = {"population_within_target": cov.population_within(10), "share_within_target": 0.9,
             "share_within_target_ci95": None}
    assert any(f"{n} island residents" in line for line in _headline(stats, 10, "en", True))
    ice = static_coverage(default_model, default_region.scenarios["ice-season"], grid)
    assert share_notes([ice], "en") == []  # no boat reaches them: the unreached column says so instead
