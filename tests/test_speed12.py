"""The cheaper per-replication steps give the very bits of their plain formulations.

``normal.quantile`` (in-place Horner steps, the central formula on every value), ``figures``
(``np.add.reduce`` and ``np.count_nonzero`` for ``np.mean`` and ``np.sum``) and ``Reducer.blocks``
(each area's and type's alarms from one stable sort, not a boolean mask per group) are compared here
with the straightforward code they replaced, on random inputs, to the bit.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from raddsim.core import normal
from raddsim.engine.force import EMPTY, add, meets
from raddsim.engine.ranking import ranking_for
from raddsim.experiment.model import build_model
from raddsim.experiment.reduce import Reducer, grouped
from raddsim.experiment.runs import run_scenario
from raddsim.figures.metrics import effective_force_minutes, first_arrival_minutes, minutes_figures
from raddsim.region.region import load_region


def plain_quantile(p: np.ndarray) -> np.ndarray:
    """AS241 with a new array per Horner step and boolean selections per region (the former code)."""
    def horner(coef: tuple[float, ...], r: np.ndarray) -> np.ndarray:
        out = np.full_like(r, coef[0])
        for c in coef[1:]:
            out = out * r + c
        return out

    q = p - 0.5
    central = np.abs(q) <= 0.425
    out = np.empty_like(p)
    qc = q[central]
    r = 0.180625 - qc * qc
    out[central] = horner(normal._CENTRAL_NUM, r) * qc / horner(normal._CENTRAL_DEN, r)
    outer = ~central
    r = np.sqrt(-np.log(np.where(q[outer] <= 0.0, p[outer], 1.0 - p[outer])))
    near = r <= 5.0
    x = np.empty_like(r)
    x[near] = horner(normal._NEAR_NUM, r[near] - 1.6) / horner(normal._NEAR_DEN, r[near] - 1.6)
    x[~near] = horner(normal._TAIL_NUM, r[~near] - 5.0) / horner(normal._TAIL_DEN, r[~near] - 5.0)
    out[outer] = np.where(q[outer] < 0.0, -x, x)
    return out


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return a.shape == b.shape and bool(np.all(a.view(np.int64) == b.view(np.int64)))


def test_quantile_has_the_bits_of_the_plain_formulation_in_every_region():
    rng = np.random.default_rng(12)
    edges = [1e-300, 5e-324, 1e-12, 1 - 1e-12, 1 - 1e-16, 0.075, 0.925, 0.5, math.exp(-25.0),
             np.nextafter(math.exp(-25.0), 1.0), np.nextafter(0.075, 0.0), np.nextafter(0.925, 1.0)]
    for size in (0, 1, 3, 17, 50_000):
        p = np.concatenate([rng.random(size), np.exp(-rng.random(size // 10) * 700.0), edges])  # all three regions
        p = rng.permutation(p[(p > 0.0) & (p < 1.0)])
        assert same_bits(normal.quantile(p), plain_quantile(p))
    central_only = rng.uniform(0.2, 0.8, 1000)
    assert same_bits(normal.quantile(central_only), plain_quantile(central_only))


def plain_figures(minutes: np.ndarray, target: float) -> dict[str, float]:
    """The figures with numpy's own mean, median, quantile and sum."""
    reached = minutes[~np.isnan(minutes)]
    if len(reached) == 0:
        return {"mean": math.nan, "median": math.nan, "p90": math.nan,
                "share_within_target": 0.0 if len(minutes) else math.nan}
    return {"mean": float(np.mean(reached)), "median": float(np.median(reached)),
            "p90": float(np.quantile(reached, 0.9)),
            "share_within_target": float(np.sum(reached <= target) / len(minutes))}


def test_figures_have_the_bits_of_numpys_mean_median_quantile_and_sum():
    rng = np.random.default_rng(5)
    for _ in range(2000):
        n = int(rng.integers(0, 400))  # pairwise summation changes at 8 and 128 values
        m = rng.random(n) * 10.0 ** float(rng.integers(-2, 3)) + rng.random()
        m[rng.random(n) < rng.random() * 0.3] = np.nan
        target = float(rng.random() * 5.0)
        got, want = minutes_figures(m, target), plain_figures(m, target)
        assert list(got) == list(want)
        assert all(type(got[k]) is float and same_bits(np.array(got[k]), np.array(want[k])) for k in got)


def test_grouped_slices_hold_each_groups_values_in_their_order():
    rng = np.random.default_rng(3)
    for _ in range(300):
        n, k = int(rng.integers(0, 300)), int(rng.integers(1, 9))
        groups = rng.integers(0, k + 2, n)  # groups k, k + 1 are in no slice; some groups are empty
        values = rng.random(n)
        order, bounds = grouped(groups, k)
        assert len(bounds) == k
        for g, (a, b) in enumerate(bounds):
            assert np.array_equal(values[order][a:b], values[groups == g])


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return build_model(load_region())


def test_reducer_blocks_are_the_mask_per_group_figures(model) -> None:  # type: ignore[no-untyped-def]
    run = run_scenario(model, model.region.scenarios["minimum"], years=0.5, replications=2, seed=11)
    reducer = Reducer(model, run.prepared, run.years)
    target = model.region.target_minutes
    for inc, rec in zip(run.incidents, run.records):
        areas, types = model.node_area(inc.node), inc.type
        want = {}
        for measure, minutes in (("first", first_arrival_minutes(rec)), ("effective", effective_force_minutes(rec))):
            want[measure, "", ""] = minutes
            want.update({(measure, "area", a): minutes[areas == g] for g, a in enumerate(model.area_names)})
            want.update({(measure, "type", t): minutes[types == g] for g, t in enumerate(reducer.type_ids)})
        got = reducer.blocks(inc, rec)
        assert list(got) == list(want)  # the same keys in the same order
        for key, minutes in want.items():
            fig, n, missing = got[key]
            assert (n, missing) == (len(minutes), int(np.isnan(minutes).sum()))
            ref = plain_figures(minutes, target)
            assert all(same_bits(np.array(fig[k]), np.array(ref[k])) for k in ref), key


def test_a_scenarios_crews_that_make_a_force_alone_are_worked_out_once(model) -> None:  # type: ignore[no-untyped-def]
    prep = model.prepare(model.region.scenarios["minimum"])
    rank = ranking_for(prep.fleet, prep.tables)
    staff = [(c, f, c + f, e) for (c, f), e in zip(prep.fleet.planned.tolist(), prep.fleet.equipment.tolist())]
    for req in prep.requirements:
        first = rank.alone(req)
        assert first == [req.crews <= 1 and meets(req, add(EMPTY, *s)) for s in staff]
        assert rank.alone(req) is first  # every replication's run state reads the one list
    assert any(any(rank.alone(r)) for r in prep.requirements) and not all(all(rank.alone(r)) for r in prep.requirements)
