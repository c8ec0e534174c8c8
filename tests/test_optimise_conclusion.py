"""``raddsim optimise`` says in plain words what the simulation selected and whether it beats the base (probe_opt8).

"Best with 95 % confidence" is among the finalists only: the printed conclusion relates the selected finalist(s)
to the base on the deciding figure with the paired 95 % interval, says "one finalist" without a confidence when
nothing was selected, and notes when a finalist's paired difference is over fewer replications than the base row.
"""

from __future__ import annotations

import re

import pytest
from optimise_helpers import OPTIONS, run_optimise, write_toy


#: Only the two candidate sites are affordable at budget 1 (every level costs far more): Midway moves the
#: east crew away from its village, so the only finalist can lose to today's set-up.
SITES_ONLY = OPTIONS.replace("ambition = 3\nreduced = 1", "ambition = 30\nreduced = 30").replace(
    "ambition = 2", "ambition = 20")
FAST = ["--processes", "0", "--initial-replications", "4", "--batch", "4", "--max-replications", "8",
        "--short-replications", "2", "--no-progress", "--no-map"]


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    d = tmp_path_factory.mktemp("conclusion")
    _, opts = write_toy(d, options=SITES_ONLY)
    _, full = write_toy(d / "full")
    return opts, full


def _run(capsys, opts, out, *args: str) -> tuple[str, dict]:
    return run_optimise(capsys, opts, out, FAST, *args)


def _expected_words(doc: dict, finalist: dict) -> str:
    """What the conclusion must say of ``finalist``, from its paired interval in the JSON."""
    lo, hi = finalist["simulated"][doc["deciding_figure"]]["difference_ci95"]
    if doc["larger_is_better"]:
        lo, hi = -hi, -lo  # as minutes: below 0 is better
    return "better than today" if hi < 0 else ("worse than today" if lo > 0 else "no difference from today")


def test_a_single_finalist_is_not_said_selected_and_is_judged_against_the_base(toy, tmp_path, capsys) -> None:
    opts, _ = toy
    text, doc = _run(capsys, opts, tmp_path / "o", "--budget", "1", "--top", "1")
    assert doc["simulation"]["status"] == "single"
    assert "single at" not in text and "one finalist: nothing to select among" in text
    conclusion = text[text.index("Conclusion:"):]
    assert "opt-1 is the only finalist" in conclusion
    line = next(x for x in conclusion.splitlines() if x.strip().startswith("opt-1 against the base"))
    assert _expected_words(doc, doc["finalists"][0]) in line
    assert "first crew within target" in line and "pp (paired, 95% CI)" in line


def test_today_as_the_best_finalist_is_said_to_change_nothing(toy, tmp_path, capsys) -> None:
    opts, _ = toy
    text, doc = _run(capsys, opts, tmp_path / "o", "--budget", "1", "--top", "2")
    sim = doc["simulation"]
    chosen = [sim["best"]] if sim["status"] == "best" else sim["tied"]
    conclusion = text[text.index("Conclusion:"):]
    assert any(not f["options"] for f in doc["finalists"] if f["scenario"] in chosen)  # today's set-up selected
    for name in chosen:
        finalist = next(f for f in doc["finalists"] if f["scenario"] == name)
        if finalist["options"]:
            assert re.search(rf"{name} against the base, .*: {_expected_words(doc, finalist)}", conclusion)
        else:
            assert f"{name} changes nothing: it is today's set-up" in conclusion


def test_each_early_eliminated_finalist_is_named_with_its_replications(toy, tmp_path, capsys) -> None:
    _, full = toy
    text, doc = _run(capsys, full, tmp_path / "o", "--budget", "6", "--top", "4")
    base = doc["simulation"]["base"]["replications"]
    fewer = [(f["scenario"], f["simulated"]["replications"]) for f in doc["finalists"]
             if f["simulated"]["replications"] < base]
    assert fewer, "the toy's finalists should be separated before the cap"
    note = next(x for x in text.splitlines() if x.startswith("The vs-base differences are paired"))
    assert ", ".join(f"{name} {n}" for name, n in fewer) in note and f"the base row is over {base}" in note


def test_the_conclusion_in_swedish(toy, tmp_path, capsys) -> None:
    opts, _ = toy
    text, doc = _run(capsys, opts, tmp_path / "o", "--budget", "1", "--top", "1", "--lang", "sv")
    assert "en enda finalist: inget att välja mellan" in text and "ett enda alternativ med" not in text
    assert "Slutsats: opt-1 är den enda finalisten" in text
    words = {"better than today": "bättre än i dag", "worse than today": "sämre än i dag",
             "no difference from today": "ingen skillnad mot i dag"}[_expected_words(doc, doc["finalists"][0])]
    assert re.search(rf"opt-1 mot basen, .*procentenheter \(parvis, 95\u00a0% KI\): {words}", text)


def test_a_mean_over_other_alarms_than_the_base_is_marked_as_compare_marks_it(toy, tmp_path, capsys) -> None:
    """A finalist whose force never assembles at other alarms than the base's gets compare's † on its effective-force
    mean (both means are then over different alarms), judged from the kept rows of every replication."""
    from raddsim.sweep.results import read_parts

    _, full = toy
    text, doc = _run(capsys, full, tmp_path / "o", "--budget", "1", "--objective", "effective",
                     "--sweep-dir", str(tmp_path / "sweep"))
    rows = read_parts(tmp_path / "sweep").to_pylist()
    never = {(r["scenario"], r["replication"]): r["effective_share_never"] for r in rows}
    marked = []
    for f in doc["finalists"]:
        reps = range(f["simulated"]["replications"])
        differs = any(never[(f["scenario"], r)] != never[(doc["base"], r)] for r in reps)
        assert f["simulated"]["effective_force_mean"]["comparable"] is (not differs)
        line = text.splitlines()[text.splitlines().index(f"{f['scenario']}: {'; '.join(f['options']) or 'as today'}")
                                 + 1]
        # the effective force's mean, with its † where it is over other alarms (the share within the target may follow)
        mean = re.search(r"min, effective force [+−-]?[\d.]+ \[[^\]]+\](†?) min", line)
        assert mean is not None and (mean.group(1) == "†") is differs, line
        if differs:
            marked.append(f["scenario"])
    assert marked, "the toy's site moves change which alarms never get their force"
    assert "† effective force: the share of alarms whose force never assembles differs from the base's" in text
    chosen = doc["simulation"]["best"] or doc["simulation"]["tied"][0]
    row = next(x for x in text.splitlines() if x.strip().startswith(f"{chosen} against the base"))
    if doc["deciding_figure"] == "effective_force_mean":
        assert ("min † (paired" in row) is (chosen in marked)
    else:  # the finalists' means were over different alarms: decided on the share within target, which has no †
        assert "effective force within target (%)" in row and "†" not in row


def test_indifference_is_given_in_the_units_the_table_shows(toy, tmp_path, capsys) -> None:
    """Coverage: percentage points, as the table shows the share (0.5 was 50 points: every finalist tied at the
    first look); a tie the zone calls early says so, not "not separated"."""
    _, full = toy
    _, doc = _run(capsys, full, tmp_path / "pp", "--budget", "6", "--top", "3", "--indifference", "0.5")
    assert doc["settings"]["indifference"] == pytest.approx(0.005)
    _, minutes = _run(capsys, full, tmp_path / "min", "--budget", "6", "--top", "3", "--objective", "time",
                      "--indifference", "0.5", "--screen-only")
    assert minutes["settings"]["indifference"] == pytest.approx(0.5)
    text, wide = _run(capsys, full, tmp_path / "all", "--budget", "6", "--top", "3", "--indifference", "100")
    tied = [f for f in wide["finalists"] if f["verdict"].startswith("tied")]
    assert wide["simulation"]["status"] == "tied" and max(wide["simulation"]["replications"].values()) == 4
    assert tied and all(f["verdict"] == "tied for best (within the indifference zone after 4 replications)"
                        for f in tied)
    assert "within the indifference zone" in text


@pytest.mark.parametrize("lang, words", [
    ("en", ("only ranks the option sets", "available independently", "no crews combining on scene",
            "not an estimate for the board", "has no interval")),
    ("sv", ("rangordnar bara kombinationerna", "oberoende av de andras", "inga styrkor som samverkar på platsen",
            "ingen skattning för nämnden", "inget intervall")),
])
def test_the_screening_models_assumptions_are_printed_beside_its_score(toy, tmp_path, capsys, lang, words) -> None:
    """The "screen" column stands beside simulated figures: the printed head says what it assumes and that it only
    ranks (the JSON's screening_note said so; the table did not)."""
    _, full = toy
    text, doc = _run(capsys, full, tmp_path / "o", "--budget", "6", "--screen-only", "--lang", lang)
    head = text.split("\n\n")[0].splitlines()
    line = head[head.index(next(x for x in head if x.startswith(("Screening:", "Sållning:")))) + 1]
    assert all(w in line for w in words), line
    assert "independently" in doc["screening_note"]  # the same assumption as the document's note
