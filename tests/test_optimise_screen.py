"""Options files and the screening integer program of ``raddsim optimise`` (toy region, enumerable)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from optimise_helpers import OPTIONS, SITES, write_toy

from raddsim.core.errors import InputError
from raddsim.experiment.model import build_model
from raddsim.optimise.instances import build_instances
from raddsim.optimise.options import load_options
from raddsim.optimise.sites import check_sites
from raddsim.optimise.screen import OBJECTIVES, evaluate, make_objective, patterns, screen

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    _, opts = write_toy(tmp_path_factory.mktemp("toy"))
    space = load_options(opts)
    model = build_model(space.region)
    check_sites(space, model.network)
    return space, model, build_instances(model, space, replications=2, seed=7)


def brute_force(space, inst, objective: str) -> list[tuple[float, tuple[int, ...]]]:
    """Every affordable option set within the limits, scored, best first."""
    obj = make_objective(objective, space.region.target_minutes)
    groups: dict[int, list[int]] = {}
    for k, (g, _) in enumerate(inst.choices):
        groups.setdefault(g, []).append(k)
    cost = np.array([space.groups[g].choices[c].cost for g, c in inst.choices])
    out = []
    for combo in itertools.product(*groups.values()):
        x = np.zeros(len(inst.choices), bool)
        x[list(combo)] = True
        taken = [o for k, (g, c) in enumerate(inst.choices) if x[k] for o in space.groups[g].choices[c].options]
        if cost[x].sum() > space.budget or any(sum(o in lim.options for o in taken) > lim.max for lim in space.limits):
            continue
        out.append((evaluate(inst, x, obj), combo))
    return sorted(out, key=lambda t: -t[0] if obj.maximise_score else t[0])


def test_toy_options_make_the_expected_groups(toy) -> None:
    space, _, inst = toy
    # east_pt: (as today, ambition, reduced) × (here, mid, south) = 9; north_pt: 2; extra: 3 yes/no groups.
    assert [len(g.choices) for g in space.groups] == [9, 2, 2, 2, 2]
    assert space.budget == 6
    # 1 fixed crew (west) + 9 + 2 + 3 extra crews.
    assert len(inst.names) == 15 and (inst.var < 0).sum() == 1
    assert ((inst.availability > 0) & (inst.availability < 1)).all()
    # East deltid at minimum (0 + 2) cannot smoke-dive alone; at ambition (1 + 4) it can.
    assert not inst.capable[inst.names.index("East deltid: as today")]
    assert inst.capable[inst.names.index("East deltid: ambition")]


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_screening_returns_the_brute_force_top_k(toy, objective) -> None:
    space, _, inst = toy
    res = screen(space, inst, objective, top=6)
    truth = brute_force(space, inst, objective)
    assert len(truth) > 20  # the toy space is not trivial
    got = [s.score for s in res.solutions]
    assert np.allclose(got, [t[0] for t in truth[:6]], rtol=0, atol=1e-9)
    assert res.exact
    # Distinct solutions, each affordable.
    assert len({tuple(s.selected) for s in res.solutions}) == 6
    assert all(s.cost <= space.budget for s in res.solutions)


def test_patterns_reproduce_the_exact_objective(toy) -> None:
    """Merged alarm sets weigh exactly what the per-alarm formula gives (here: every crew present)."""
    _, _, inst = toy
    for objective in OBJECTIVES:
        obj = make_objective(objective, 10)
        pat = patterns(inst, obj)
        x = np.ones(len(inst.choices), bool)
        lam = -np.log1p(-inst.availability)
        cov = float(np.sum(pat.weight * -np.expm1(-(pat.member * lam).sum(axis=1))))
        direct = evaluate(inst, x, obj)
        expect = cov if obj.maximise_score else (obj.thresholds.size * obj.delta - cov) / 60.0
        assert direct == pytest.approx(expect, abs=1e-9)


def test_a_tighter_budget_never_scores_better(toy) -> None:
    space, _, inst = toy
    import dataclasses

    loose = screen(space, inst, "coverage", top=1).solutions[0].score
    tight = screen(dataclasses.replace(space, budget=1.0), inst, "coverage", top=1).solutions[0]
    assert tight.cost <= 1.0 and tight.score <= loose + 1e-12


@pytest.mark.parametrize("edit, field, words", [
    (lambda o, s: (o.replace("[levels.north_pt]", "[levels.nort_pt]"), s), "levels.nort_pt", "unknown crew"),
    (lambda o, s: (o.replace("reduced = 1", "reducd = 1"), s), "levels.east_pt.reducd", "no staffing level"),
    (lambda o, s: (o.replace("ambition = 2", "ambition = -2"), s), "levels.north_pt.ambition", "negative"),
    (lambda o, s: (o.replace("budget = 6", "budget = 0.5"), s), "budget", "below the cheapest"),
    (lambda o, s: (o.replace("budget = 6", "budget = -1"), s), "budget", "0 or more"),
    (lambda o, s: (o.replace('"west", "east", "north"', '"west", "eastt"'), s), "extra_crews.extra.stations", "unknown station"),
    (lambda o, s: (o.replace('like = "north_pt"', 'like = "nobody"'), s), "extra_crews.extra.like", "unknown crew"),
    (lambda o, s: (o.replace("max = 1\n", "max = 0\n"), s), "extra_crews.extra.max", "at least 1"),
    (lambda o, s: (o.replace('stations = ["west", "east", "north"]', "stations = []"), s), "extra_crews.extra.stations",
     "no station"),
    (lambda o, s: (o.replace("cost = 1\n", "cost = 1e300\n"), s), "sites.east_pt.cost", "beyond any budget"),
    (lambda o, s: (o.replace("[levels.east_pt]", 'exclusive = [["level:east_pt:ambition", "level:north_pt:ambitio"]]\n[levels.east_pt]'), s),
     "exclusive[0]", "unknown option"),
    (lambda o, s: (o, s.replace(",where the crew lives", ",")), "reason", "has no reason"),
    (lambda o, s: (o, s.replace("59.71,18.76", "59.71,-18.76")), "sites.csv: line 3: lat/lon", "off the road network"),
])
def test_bad_options_files_get_one_clear_error(tmp_path, edit, field, words) -> None:
    text = OPTIONS.replace("[options]\n", "[options]\n", 1)
    options, sites = edit(text, SITES)
    _, opts = write_toy(tmp_path, options=options, sites=sites)
    with pytest.raises(InputError) as err:
        space = load_options(opts)
        check_sites(space, build_model(space.region).network)
    msg = str(err.value)
    assert field in msg and words in msg and "Fix:" in msg
    assert "\n" not in msg


def test_exclusive_groups_are_respected(tmp_path) -> None:
    """With 'east ambition' and 'north ambition' exclusive, no screened set takes both."""
    options = OPTIONS.replace("budget = 6", 'budget = 6\nexclusive = [["level:east_pt:ambition", "level:north_pt:ambition"]]')
    _, opts = write_toy(tmp_path, options=options)
    space = load_options(opts)
    model = build_model(space.region)
    inst = build_instances(model, space, replications=1, seed=7)
    res = screen(space, inst, "effective", top=8)
    truth = brute_force(space, inst, "effective")
    assert np.allclose([s.score for s in res.solutions], [t[0] for t in truth[:8]], atol=1e-9)
    for s in res.solutions:
        taken = {o for k, (g, c) in enumerate(inst.choices) if s.selected[k] for o in space.groups[g].choices[c].options}
        assert not {"level:east_pt:ambition", "level:north_pt:ambition"} <= taken


def test_screening_front_is_the_brute_force_best_at_each_budget(toy) -> None:
    import dataclasses

    from raddsim.optimise.screen import screen_front

    space, _, inst = toy
    front = screen_front(space, inst, "time")
    assert front[0]["budget"] == 0 and front[0]["options"] == []
    scores = [p["score"] for p in front]
    assert scores == sorted(scores, reverse=True) and len(front) >= 3  # more budget, fewer minutes
    for p in front:
        truth = brute_force(dataclasses.replace(space, budget=p["budget"]), inst, "time")
        assert p["score"] == pytest.approx(truth[0][0], abs=1e-9) and p["cost"] <= p["budget"]


def test_a_vehicle_option_changes_what_the_crew_can_do(tmp_path) -> None:
    """A vehicle type without smoke-diving equipment makes West's 1 + 4 crew unable to smoke-dive alone."""
    options = OPTIONS + '\n[vehicles.west_ft]\nbasic = { capabilities = ["boat"], cost = 0 }\n'
    _, opts = write_toy(tmp_path, options=options)
    space = load_options(opts)
    assert "vehicle:west_ft:basic" in space.options
    inst = build_instances(build_model(space.region), space, replications=1, seed=7)
    assert inst.capable[inst.names.index("West heltid: as today")]
    assert not inst.capable[inst.names.index("West heltid: vehicle basic")]
    # Removing the force costs nothing but never helps the effective objective.
    res = screen(space, inst, "effective", top=1)
    taken = {o for k, (g, c) in enumerate(inst.choices) if res.solutions[0].selected[k] for o in space.groups[g].choices[c].options}
    assert "vehicle:west_ft:basic" not in taken


@pytest.mark.parametrize("like, words", [("insatsledare", "a 'command' unit, not a crew"),
                                         ("osthammar", "a mutual-aid crew of a neighbour")])
def test_an_extra_crew_copies_one_of_the_regions_own_crews(tmp_path, like, words) -> None:
    """``like = "insatsledare"`` made an extra incident commander's car an 'extra crew'; a neighbour's crew would be
    copied with its mutual-aid request delay."""
    src = ROOT / "stations" / "options_norrtalje.toml"
    opts = tmp_path / "options.toml"
    text = src.read_text(encoding="utf-8").replace('like = "rimbo"', f'like = "{like}"')
    text = text.replace('region = "norrtalje.toml"', f'region = "{(ROOT / "stations" / "norrtalje.toml").as_posix()}"')
    text = text.replace('"options_norrtalje_sites.csv"', f'"{(ROOT / "stations" / "options_norrtalje_sites.csv").as_posix()}"')
    opts.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_options(opts)
    assert err.value.field == "extra_crews.extra_smoke_diving.like" and words in err.value.message, str(err.value)
