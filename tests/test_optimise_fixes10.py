"""The last known faults of ``raddsim optimise`` (opt10): identical finalists, the effective objective's figure, and
the resume line before a refusal."""

from __future__ import annotations


import numpy as np
import pytest
from optimise_helpers import OPTIONS, run_optimise, write_toy

from raddsim.cli import main
from raddsim.experiment.model import build_model
from raddsim.optimise.options import load_options
from raddsim.optimise.run import Finalist, Settings, prove
from raddsim.optimise.select import select_best

#: Only west's level may change, and its ambition staffing equals its minimum: the two option sets (as today, and
#: west to ambition for 1 position) give the same outcome in every replication.
WEST_ONLY = '[options]\nbase = "minimum"\ncost_unit = "positions"\nbudget = 1\n\n[levels.west_ft]\nambition = 1\n'
EFFECTIVE_SHARE = "effective_share_within_target"
FAST = ["--processes", "0", "--initial-replications", "3", "--batch", "3", "--max-replications", "9",
        "--short-replications", "1", "--no-progress", "--no-map", "--years", "0.5"]


def sampler(rows: list[list[float]]):
    """Alternatives' figures given replication by replication (``rows[a][r]``)."""
    def sample(alts, start, stop):
        return np.array([rows[a][start:stop] for a in alts])
    return sample


def noise(n: int, seed: int) -> list[float]:
    return (10 + np.random.default_rng(seed).normal(0, 1, n)).tolist()


def test_two_identical_alternatives_stop_after_the_first_stage() -> None:
    """Paired differences all 0 can never exclude 0: before opt10 they ran to the cap (60 of each)."""
    a = noise(60, 1)
    sel = select_best(sampler([a, list(a)]), 2, larger_is_better=False, n0=10, batch=10, max_replications=60)
    assert sel.replications == (10, 10) and sel.merged == {1: (0, 10)}
    assert sel.status == "single" and sel.survivors == (0,)
    assert sel.history[0]["merged"] == [[1, 0]]


def test_an_identical_alternative_leaves_the_race_and_the_others_go_on() -> None:
    a, b = noise(60, 1), noise(60, 2)
    worse = [x + 3 for x in a]
    sel = select_best(sampler([a, list(a), b, worse]), 4, larger_is_better=False, n0=10, batch=10,
                      max_replications=60)
    assert sel.merged == {1: (0, 10)} and sel.replications[1] == 10
    assert 1 not in sel.survivors and 3 in sel.eliminated


def test_alternatives_that_differ_slightly_still_run_to_the_cap() -> None:
    """Not identical: one replication differs by a hair, so no interval can tell them apart, and nothing is merged."""
    a = noise(60, 1)
    b = list(a)
    b[3] += 1e-9
    sel = select_best(sampler([a, b]), 2, larger_is_better=False, n0=10, batch=10, max_replications=60)
    assert sel.merged == {} and sel.status == "tied" and sel.replications == (60, 60)


@pytest.fixture(scope="module")
def west(tmp_path_factory):
    d = tmp_path_factory.mktemp("west")
    _, opts = write_toy(d, options=WEST_ONLY)
    _, full = write_toy(d / "full")
    return opts, full


def _run(capsys, opts, out, *args: str) -> tuple[str, dict]:
    return run_optimise(capsys, opts, out, FAST, *args)


@pytest.mark.parametrize("lang, words", [
    ("en", ("Identical finalists: opt-2 (as opt-1) gave the same figures in each of the first 3 replications",
            "one distinct finalist", "identical to opt-1 in every replication (merged after 3 replications)")),
    ("sv", ("Identiska finalister: opt-2 (som opt-1) gav samma värden i var och en av de första 3 replikeringarna",
            "en enda finalist med eget utfall", "identisk med ”opt-1” i varje replikering (sammanslagen efter 3")),
])
def test_identical_finalists_are_merged_named_and_stop_at_the_first_stage(west, tmp_path, capsys, lang,
                                                                           words) -> None:
    opts, _ = west
    text, doc = _run(capsys, opts, tmp_path / "o", "--lang", lang)
    sim = doc["simulation"]
    assert [f["options"] for f in doc["finalists"]] == [[], ["West heltid: ambition"]]  # cheaper one first
    assert max(sim["replications"].values()) == 3 < 9  # the first stage, not the cap
    assert sim["merged"] == {"opt-2": {"into": "opt-1", "replications": 3}}
    assert "merged into that one" in sim["merged_note"]
    assert doc["finalists"][1]["verdict"] == "identical to opt-1 in every replication (merged after 3 replications)"
    assert all(w in text for w in words), text
    if lang == "sv":
        from test_swedish_output import _problems

        assert _problems(text) == []


def test_the_effective_objective_decides_on_the_share_when_the_means_are_over_other_alarms(west, tmp_path,
                                                                                          capsys) -> None:
    """The toy's site moves change at which alarms the force never assembles: the finalists' effective-force means are
    not comparable, so the selection decides on the effective force within target, and says so."""
    from raddsim.sweep.results import read_parts

    _, full = west
    text, doc = _run(capsys, full, tmp_path / "o", "--budget", "1", "--objective", "effective",
                     "--sweep-dir", str(tmp_path / "sweep"))
    never = {(r["scenario"], r["replication"]): r["effective_share_never"] for r in read_parts(tmp_path / "sweep")
             .to_pylist()}
    names = [f["scenario"] for f in doc["finalists"]]
    assert any(len({never[(n, r)] for n in names}) > 1 for r in range(3)), "premise: the finalists' never differ"
    assert doc["deciding_figure"] == EFFECTIVE_SHARE and doc["larger_is_better"] is True
    assert "not comparable" in doc["deciding_figure_note"]
    assert "Decided on the effective force within target, not its mean minutes" in text
    chosen = doc["simulation"]["best"] or doc["simulation"]["tied"][0]
    row = next(x for x in text.splitlines() if x.strip().startswith(f"{chosen} against the base"))
    assert "effective force within target (%)" in row and " pp (paired" in row
    capsys.readouterr()
    sv, _ = _run(capsys, full, tmp_path / "sv", "--budget", "1", "--objective", "effective", "--lang", "sv")
    assert "Avgjort på full styrka inom målet, inte dess medeltid" in sv
    from test_swedish_output import _problems

    assert _problems(sv) == []


def _finalists(changes: dict[str, dict]) -> list[Finalist]:
    return [Finalist(n, 0, (n,), (), 0.0, 0.0, o, f"planted {n}") for n, o in changes.items()]


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    d = tmp_path_factory.mktemp("toyeff")
    _, opts = write_toy(d, options=OPTIONS)
    space = load_options(opts)
    return space, build_model(space.region)


@pytest.mark.parametrize("changes, comparable", [
    # A faster full-time turnout moves arrivals, not which alarms get their force at all.
    ({"as-today": {}, "west-faster": {"crews.west_ft.turnout_minutes": 0.5}}, True),
    # The east crew's faster turnout changes at which alarms the force never assembles.
    ({"as-today": {}, "east-faster": {"crews.east_pt.turnout_minutes": 3.0}}, False),
])
def test_the_effective_mean_decides_only_where_the_finalists_are_comparable(toy, changes, comparable) -> None:
    space, model = toy
    settings = Settings(objective="effective", seed=11, initial_replications=4, batch=4, max_replications=8,
                        processes=0)
    sel, figures = prove(model, space, _finalists(changes), settings)
    # as-today is the base: the other finalist is comparable with it exactly when it is with the base
    assert all(figures[n]["effective_force_mean"]["comparable"] is comparable for n in changes if n != "as-today")
    decided = "effective_force_mean" if comparable else EFFECTIVE_SHARE
    assert sel.figure == decided
    for k, name in enumerate(changes):  # the selection's data are the figure it decided on
        assert float(np.mean(sel.data[k])) == pytest.approx(figures[name][decided]["mean"])


def test_a_folder_of_other_finalists_is_refused_without_first_saying_resuming(west, tmp_path, capsys) -> None:
    """It printed "Resuming from …: N simulated years already there." and only then refused the folder."""
    _, full = west
    sweep = ["--sweep-dir", str(tmp_path / "sweep")]
    _run(capsys, full, tmp_path / "a", "--budget", "1", "--top", "2", *sweep)
    assert main(["optimise", str(full), "--out", str(tmp_path / "b"), *FAST, "--budget", "6", "--top", "2",
                 *sweep]) == 2
    out, err = capsys.readouterr()
    assert "another optimisation" in err and "Resuming" not in out
    text, _ = _run(capsys, full, tmp_path / "c", "--budget", "1", "--top", "2", *sweep)  # the same: resumes
    assert text.startswith("Resuming from")
