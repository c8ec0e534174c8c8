"""Ranking and selection (sequential elimination with paired Bonferroni intervals), on planted alternatives."""

from __future__ import annotations

import numpy as np
import pytest

from raddsim.optimise.select import planned_looks, select_best


def planted(means, *, sd_common=1.0, sd_own=0.3, seed=0):
    """A sampler of k alternatives under common random numbers: replication r shares its common noise."""
    means = np.asarray(means, float)

    def sample(alts, start, stop):
        out = []
        for a in alts:
            row = []
            for r in range(start, stop):
                common = np.random.default_rng([seed, r]).normal(0, sd_common)
                own = np.random.default_rng([seed, r, a + 1]).normal(0, sd_own)
                row.append(means[a] + common + own)
            out.append(row)
        return np.array(out)

    return sample


def test_a_planted_clear_winner_is_selected_with_confidence() -> None:
    sample = planted([10.0, 9.0, 10.2, 9.6])  # minutes: alternative 1 is best by 0.6 min
    sel = select_best(sample, 4, larger_is_better=False, n0=10, batch=10, max_replications=200)
    assert sel.status == "best" and sel.best == 1
    assert set(sel.eliminated) == {0, 2, 3}
    # Eliminated alternatives stopped early; the winner ran at least as long as any.
    assert max(sel.replications) == sel.replications[1] < 200


def test_a_larger_share_wins_when_larger_is_better() -> None:
    sample = planted([0.50, 0.52, 0.60], sd_common=0.02, sd_own=0.01)
    sel = select_best(sample, 3, larger_is_better=True, n0=5, batch=5, max_replications=100)
    assert (sel.status, sel.best) == ("best", 2)


def test_a_planted_tie_is_reported_as_a_tie() -> None:
    sample = planted([10.0, 10.0, 10.0, 11.5])  # three equal, one clearly worse
    sel = select_best(sample, 4, larger_is_better=False, n0=10, batch=10, max_replications=60)
    assert sel.status == "tied"
    assert set(sel.survivors) == {0, 1, 2} and 3 in sel.eliminated
    assert sel.replications[0] == 60


def test_ties_rarely_produce_a_false_winner() -> None:
    """Over many planted ties the procedure almost never declares a winner (α = 5 %)."""
    wins = 0
    for seed in range(40):
        sel = select_best(planted([5.0, 5.0, 5.0], seed=seed), 3, larger_is_better=False, n0=5, batch=5, max_replications=30)
        wins += sel.status == "best"
    assert wins <= 2


def test_indifference_zone_stops_early_on_a_tie() -> None:
    sample = planted([10.0, 10.0], sd_own=0.05)
    sel = select_best(sample, 2, larger_is_better=False, n0=10, batch=10, max_replications=500, indifference=0.2)
    assert sel.status == "tied" and max(sel.replications) < 500


def test_bonferroni_level_accounts_for_looks_and_rivals() -> None:
    assert planned_looks(10, 10, 100) == 10
    sel = select_best(planted([1.0, 2.0, 3.0]), 3, larger_is_better=True, alpha=0.05, n0=10, batch=10, max_replications=100)
    assert sel.level_per_comparison == pytest.approx(1 - 0.05 / (10 * 2))
