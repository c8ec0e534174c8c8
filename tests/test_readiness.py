"""Readiness figures computed in one vectorised pass with a cache shared by replications.

The reference functions below are the previous, plain per-interval implementation
(kept here, unchanged, as the oracle). The free sets, their durations and the
coverage shares must be identical to the bit: the new code adds the same
durations in the same order (a running sum over the intervals), so no figure
changes by summation order, and the shared cache changes nothing at all.
"""

from __future__ import annotations

import numpy as np
import pytest

from raddsim.demand.timeprofile import SECONDS_PER_YEAR
from raddsim.engine.force import capability_requirement, earliest_force
from raddsim.experiment.runs import run_scenario
from raddsim.figures.readiness import ForceCoverage, force_coverage, free_set_intervals


def reference_intervals(missions, fleet, horizon_s):
    base = 0
    for c in np.flatnonzero(fleet.in_service & ~fleet.command):
        base |= 1 << int(c)
    keep = ~fleet.command[missions.crew]
    t0 = missions.t_alert[keep]
    t1 = np.minimum(missions.t_free[keep], horizon_s)
    crews = missions.crew[keep]
    times = np.concatenate([t0, t1])
    bits = np.concatenate([crews, crews])
    sign = np.concatenate([np.ones(len(t0), np.int64), -np.ones(len(t1), np.int64)])
    order = np.lexsort((-sign, times))
    masks, durs = [], []
    busy_count = np.zeros(len(fleet), np.int64)
    mask, t_prev = base, 0.0
    for k in order:
        t = min(times[k], horizon_s)
        if t > t_prev:
            masks.append(mask)
            durs.append(t - t_prev)
            t_prev = t
        c = int(bits[k])
        busy_count[c] += sign[k]
        mask = mask & ~(1 << c) if busy_count[c] > 0 else mask | ((1 << c) & base)
    if horizon_s > t_prev:
        masks.append(mask)
        durs.append(horizon_s - t_prev)
    return np.asarray(masks, object), np.asarray(durs, float)


def reference_coverage(missions, fleet, to_node, nodes, req, horizon_s, thresholds_s=(600.0, 1200.0)):
    masks, durs = reference_intervals(missions, fleet, horizon_s)
    eta_all = fleet.turnout_s[:, None] + fleet.request_delay_s[:, None] + to_node[fleet.station][:, nodes]
    staff = [(int(c), int(f), int(c + f), int(e)) for (c, f), e in zip(fleet.planned, fleet.equipment)]
    cache = {}
    out = np.zeros((len(nodes), len(thresholds_s)))
    for mask, d in zip(masks, durs):
        if mask not in cache:
            free = [c for c in range(len(fleet)) if mask >> c & 1]
            t = np.array([earliest_force(req, [eta_all[c, k] for c in free], [staff[c] for c in free]) for k in range(len(nodes))])
            cache[mask] = t[:, None] <= np.asarray(thresholds_s)[None, :]
        out += cache[mask] * d
    return out / horizon_s


@pytest.fixture(scope="module", params=["minimum", "ambition"])
def scenario_run(request, default_model, default_region):
    setup = default_region.scenarios[request.param]
    return default_model, run_scenario(default_model, setup, years=1.0, replications=4, seed=7)


def test_free_sets_identical_to_the_loop(scenario_run):
    _, run = scenario_run
    fleet, horizon = run.prepared.fleet, run.years * SECONDS_PER_YEAR
    for rec in run.records:
        masks, durs = free_set_intervals(rec.missions, fleet, horizon)
        ref_masks, ref_durs = reference_intervals(rec.missions, fleet, horizon)
        assert [int(m) for m in masks] == [int(m) for m in ref_masks]
        assert durs.tobytes() == ref_durs.tobytes()  # the same subtractions: bit for bit
        assert len(masks) > 100


def test_force_coverage_identical_to_the_loop_and_cache_shared(scenario_run):
    model, run = scenario_run
    prep, fleet, horizon = run.prepared, run.prepared.fleet, run.years * SECONDS_PER_YEAR
    places = run.setup.demand.places
    nodes, _ = model.network.nearest_nodes(np.array([p.lon for p in places]), np.array([p.lat for p in places]))
    req = capability_requirement("smoke_diving", run.setup.demand.catalog, model.equipment_index)
    shared = ForceCoverage(fleet, prep.tables.to_node, nodes, req)
    for rec in run.records:
        ref = reference_coverage(rec.missions, fleet, prep.tables.to_node, nodes, req, horizon)
        fresh = force_coverage(rec.missions, fleet, prep.tables.to_node, nodes, req, horizon)
        reused = shared.share(rec.missions, horizon)
        assert fresh.tobytes() == ref.tobytes()  # same additions in the same order
        assert fresh.tobytes() == reused.tobytes()  # the shared cache changes nothing
        assert 0 < ref.mean() < 1  # a non-trivial figure
    assert len(shared._within) < sum(len(free_set_intervals(r.missions, fleet, horizon)[0]) for r in run.records)


def test_fleet_beyond_62_crews_uses_python_ints():
    from types import SimpleNamespace

    n = 70
    missions = SimpleNamespace(crew=np.array([0, 65, 69]), t_alert=np.array([10.0, 20.0, 20.0]), t_free=np.array([30.0, 25.0, 99.0]))

    class Fleet(SimpleNamespace):
        def __len__(self):
            return n

    fleet = Fleet(in_service=np.ones(n, bool), command=np.zeros(n, bool))
    masks, durs = free_set_intervals(missions, fleet, 100.0)
    ref_masks, ref_durs = reference_intervals(missions, fleet, 100.0)
    assert [int(m) for m in masks] == [int(m) for m in ref_masks] and np.array_equal(durs, ref_durs)
    assert int(masks[2]) == (1 << n) - 1 - (1 << 0) - (1 << 65) - (1 << 69)


def test_vectorised_earliest_force_equals_the_scalar_one():
    from raddsim.engine.force import Requirement
    from raddsim.figures.readiness import earliest_force_at_nodes

    rng = np.random.default_rng(3)
    reqs = [Requirement((0b01,), 1, 4, 5), Requirement((0b01, 0b10), 1, 2, 3), Requirement((), 0, 0, 1), Requirement((), 2, 9, 11)]
    for trial in range(300):
        k, n = int(rng.integers(0, 6)), int(rng.integers(1, 9))
        eta = rng.choice([60.0, 120.0, 300.0, 301.5, np.inf], size=(k, n))  # ties and unreachable crews
        staff = [(int(c), int(f), int(c + f), int(e)) for c, f, e in zip(rng.integers(0, 2, k), rng.integers(0, 5, k), rng.integers(0, 4, k))]
        req = reqs[trial % len(reqs)]
        want = [earliest_force(req, eta[:, j].tolist(), staff) for j in range(n)]
        assert earliest_force_at_nodes(req, eta, staff).tolist() == want
