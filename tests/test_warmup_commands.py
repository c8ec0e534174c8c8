"""``--warmup DAYS`` on the commands that simulate besides run, compare and target: report, map --simulate,
optimise and calibrate.

Each must run every one of its simulations after the warm-up (common random numbers: the same warm-up for
every scenario, what-if, candidate and parameter set), say so where a reader looks, and without the option
(or with 0) write exactly what it wrote before. Which simulations went through the warm-up is seen with
:func:`late_warmup`: it makes every warmed replication's crews arrive an hour late, so a figure that did not
move was simulated without the warm-up.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from optimise_helpers import write_toy

from raddsim.cli import main
from raddsim.experiment import runs

#: The delay :func:`late_warmup` adds to every arrival of a warmed replication (minutes).
LATE = 60.0


def late_warmup(monkeypatch) -> None:
    """Every replication simulated after a warm-up (:func:`raddsim.experiment.runs.simulate_warmed`) has its crews
    arrive :data:`LATE` minutes late; forked processes inherit it."""
    real = runs.simulate_warmed

    def late(*args, **kwargs):
        rec = real(*args, **kwargs)
        rec.t_arrival = rec.t_arrival + LATE * 60
        rec.t_effective = rec.t_effective + LATE * 60
        return rec

    monkeypatch.setattr(runs, "simulate_warmed", late)


def _bad_value(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    return capsys.readouterr().err


# ---------------------------------------------------------------------------------------------------- report

REPORT = ["report", "minimum", "--years", "0.02", "--replications", "2", "--cell", "4000", "--sim-cell",
          "8000", "--no-what-if"]


def test_report_without_a_warmup_is_the_report_with_warmup_zero(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # the report's date, fixed: two runs may straddle midnight
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert main([*REPORT, "--out", str(a)]) == 0
    assert main([*REPORT, "--warmup", "0", "--out", str(b)]) == 0
    html = a.read_text(encoding="utf-8")
    assert html.replace("a.html", "b.html") == b.read_text(encoding="utf-8")
    assert "--warmup" not in html and "warm-up" not in html


def test_every_simulation_of_the_report_runs_after_the_warmup(default_model, monkeypatch) -> None:
    """The scenarios (forked), the what-if variants simulated beside them and those the board simulates itself."""
    from raddsim.experiment.board import board_figures
    from raddsim.views.report import prepare_report

    late_warmup(monkeypatch)
    region = default_model.region
    setups = [region.scenarios["minimum"], region.scenarios["ambition"]]
    data = prepare_report(default_model, setups, years=0.02, replications=2, seed=7, cell_m=4000, sim_cell_m=8000,
                          what_if_replications=2, warmup_days=4)
    assert data.results["settings"]["warmup_days"] == 4.0
    for name, summary in data.results["scenarios"].items():
        assert summary["first_arrival_minutes"]["mean"] > LATE, name
    assert all(rec.carried is not None for run in data.runs for rec in run.records)  # the engine's warm-up
    assert data.board["assumptions"] and data.board["levers"]
    assert all(min(a["mean_minutes"]) > LATE for a in data.board["assumptions"])
    assert all(lv["mean_minutes_change"]["other"] > LATE for lv in data.board["levers"])
    for sim in data.simulated:  # the simulated map: nobody within the target an hour late
        assert sim.overall["share_within_target"] == 0.0
    # The what-ifs the board simulates itself (none known) too.
    board = board_figures(default_model, data.runs, years=0.02, seed=7, what_if_replications=2, warmup_days=4)
    assert all(min(a["mean_minutes"]) > LATE for a in board["assumptions"])


@pytest.mark.parametrize("lang,meta,row", [
    ("en", "each replication after a 4-day warm-up (not measured)", "Warm-up"),
    ("sv", "varje replikering efter en insvängningsperiod på 4 dagar (mäts inte)", "Insvängningsperiod")])
def test_the_report_says_its_warmup_and_how_to_reproduce_it(tmp_path, lang, meta, row) -> None:
    out = tmp_path / "r.html"
    assert main([*REPORT, "--warmup", "4", "--lang", lang, "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert meta in html  # the line under the title
    assert f"<td>{row}</td>" in html and "--warmup 4" in html  # the methods table and the reproduce line
    line = re.search(r"<code>(raddsim report [^<]*)</code>", html)
    assert line is not None and "--warmup 4 " in line.group(1)
    if lang == "sv":
        assert "warm-up" not in html.lower()


def test_report_refuses_a_bad_warmup_naming_it(capsys) -> None:
    err = _bad_value([*REPORT, "--warmup", "-2"], capsys)
    assert "--warmup" in err and "at least 0" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------------- map

MAP = ["map", "minimum", "ambition", "--simulate", "--years", "0.02", "--replications", "2", "--cell", "4000",
       "--sim-cell", "8000", "--measure", "first"]


def test_map_without_a_warmup_is_the_map_with_warmup_zero(tmp_path) -> None:
    """The simulated figures (JSON and GIS layers; the maps are drawn from the same numbers)."""
    a, b = tmp_path / "a", tmp_path / "b"
    assert main([*MAP, "--formats", "geojson", "--out", str(a)]) == 0
    assert main([*MAP, "--formats", "geojson", "--warmup", "0", "--out", str(b)]) == 0
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir()) and "coverage.json" in files
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert "warmup_days" not in json.loads((a / "coverage.json").read_text(encoding="utf-8"))


def test_simulated_maps_run_after_the_warmup_and_say_so(tmp_path, monkeypatch, capsys) -> None:
    from raddsim.views import maps

    late_warmup(monkeypatch)
    drawn: list[str] = []
    for name in ("probability_map", "simulated_difference_map"):
        def spy(*args, real=getattr(maps, name), **kwargs):
            fig = real(*args, **kwargs)
            drawn.append(" ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))))
            return fig

        monkeypatch.setattr(maps, name, spy)
    out = tmp_path / "m"
    assert main([*MAP, "--warmup", "5", "--out", str(out)]) == 0
    words = "Each replication after a 5-day warm-up (not measured)."
    assert words in capsys.readouterr().out
    summary = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    assert summary["warmup_days"] == 5.0
    for name in ("minimum", "ambition"):
        assert summary["scenarios"][name]["simulated"]["overall"]["share_within_target"] == 0.0  # late: warmed
    assert len(drawn) == 3 and all(" ".join(words.split()[:3]) in " ".join(text.split()) for text in drawn)


def test_the_maps_key_figures_say_the_warmup_in_both_languages() -> None:
    from raddsim.views.maps import warmup_note

    assert warmup_note(0.0, "en") == [] == warmup_note(0.0, "sv")
    assert warmup_note(5.0, "sv") == ["Varje replikering efter en insvängningsperiod på 5 dagar (mäts inte)."]
    assert warmup_note(2.5, "en") == ["Each replication after a 2.5-day warm-up (not measured)."]


def test_map_refuses_a_bad_warmup_naming_it(capsys) -> None:
    err = _bad_value([*MAP, "--warmup", "nan"], capsys)
    assert "--warmup" in err and "finite" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------------- optimise

@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    from raddsim.experiment.model import build_model
    from raddsim.optimise.options import load_options

    d = tmp_path_factory.mktemp("toywarm")
    _, opts = write_toy(d)
    space = load_options(opts)
    return d, space, build_model(space.region)


OPTIMISE = ["optimise", "options.toml", "--budget", "5", "--top", "2", "--processes", "0", "--years", "0.05",
            "--initial-replications", "2", "--batch", "2", "--max-replications", "2", "--short-replications", "2",
            "--no-progress", "--no-map"]


def test_optimise_rows_are_replications_after_the_warmup(toy) -> None:
    """Every candidate (and the base) meets the same warm-up: a row is run_replication's with it."""
    from raddsim.figures.metrics import first_arrival_minutes
    from raddsim.optimise.simulate import FinalistRunner

    _, space, model = toy
    names = [space.base]
    with FinalistRunner(space.region, model, names, years=0.05, seed=3, max_replications=2, processes=0,
                        warmup_days=6) as runner:
        assert runner.spec.warmup_days == 6.0
        rows = runner.run([0], 0, 2)
    prep = model.prepare(space.region.scenarios[space.base])
    for r in range(2):
        _, rec = runs.run_replication(prep, years=0.05, seed=3, replication=r, warmup_days=6)
        assert rows[(0, r)]["first_arrival_mean"] == pytest.approx(float(np.nanmean(first_arrival_minutes(rec))),
                                                                   rel=1e-12)


def test_optimise_simulates_every_stage_after_the_warmup(toy, monkeypatch, capsys) -> None:
    """The short availability runs of the screening and every candidate's replications; the JSON, the printed text
    and the finalists' scenario files say so."""
    from raddsim.optimise.instances import measure_availability

    d, space, model = toy
    plain, _, _ = measure_availability(model, space, years=0.05, replications=2, seed=3)
    monkeypatch.chdir(d)
    late_warmup(monkeypatch)
    late, _, _ = measure_availability(model, space, years=0.05, replications=2, seed=3, warmup_days=5)
    assert late != plain  # an hour late on scene: crews busy longer
    assert main([*OPTIMISE, "--warmup", "5", "--out", "warm"]) == 0
    assert "Each replication after a 5-day warm-up (not measured)." in capsys.readouterr().out
    doc = json.loads((d / "warm" / "optimise.json").read_text(encoding="utf-8"))
    assert doc["settings"]["warmup_days"] == 5.0
    base = doc["simulation"]["base"]
    assert base["first_arrival_mean"]["mean"] > LATE
    assert all(f["simulated"]["first_arrival_mean"]["mean"] > LATE for f in doc["finalists"])
    assert "--warmup 5" in (d / "warm" / "scenarios" / "opt-1.toml").read_text(encoding="utf-8")


def test_optimise_without_a_warmup_writes_what_it_wrote_before(toy, monkeypatch) -> None:
    d, _, _ = toy
    monkeypatch.chdir(d)
    assert main([*OPTIMISE, "--out", "a"]) == 0
    assert main([*OPTIMISE, "--warmup", "0", "--out", "b"]) == 0
    docs = [json.loads((d / x / "optimise.json").read_text(encoding="utf-8")) for x in ("a", "b")]
    for doc in docs:
        doc.pop("seconds")
        doc["screening"].pop("seconds")
    assert docs[0] == docs[1] and "warmup_days" not in docs[0]["settings"]
    for name in ("optimise.csv", "scenarios/opt-1.toml", "scenarios/opt-2.toml"):
        assert (d / "a" / name).read_bytes() == (d / "b" / name).read_bytes(), name


def test_optimise_refuses_a_bad_warmup_naming_it(toy, capsys) -> None:
    err = _bad_value([*OPTIMISE, "--warmup", "4000", "--out", "x"], capsys)
    assert "--warmup" in err and "at most 3650" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------------- calibrate

CALIBRATE = ["calibrate", "--sets", "3", "--replications", "2", "--tolerance", "50", "--processes", "0"]


def _calibrate(tmp_path, name: str, *extra: str) -> dict[str, bytes]:
    paths = {k: tmp_path / f"{name}_{k}" for k in ("out.toml", "write.toml", "json.json")}
    assert main([*CALIBRATE, *extra, "--out", str(paths["out.toml"]), "--write", str(paths["write.toml"]),
                 "--json", str(paths["json.json"])]) == 0
    return {k: p.read_bytes().replace(str(tmp_path).encode(), b"") for k, p in paths.items()}


def test_calibrate_without_a_warmup_writes_what_it_wrote_before(tmp_path) -> None:
    plain = _calibrate(tmp_path, "a")
    zero = _calibrate(tmp_path, "b", "--warmup", "0")
    assert plain == zero
    assert all(b"warmup" not in data for data in plain.values())


def test_calibrate_abc_runs_and_records_the_warmup(tmp_path, default_model) -> None:
    """The pseudo-observations are years simulated after the warm-up; the posterior, the scenario file and the JSON
    record it, and a re-check of a row with the recorded warm-up gives the recorded years."""
    from raddsim.experiment.abc import replay_rows
    from raddsim.region.posterior import load_posterior

    files = _calibrate(tmp_path, "w", "--warmup", "5")
    post = load_posterior(tmp_path / "w_write.toml")
    assert post.settings["warmup_days"] == 5.0
    assert b"--warmup 5" in files["write.toml"] and b"--warmup 5" in files["out.toml"]
    assert json.loads(files["json.json"])["settings"]["warmup_days"] == 5.0
    kw = dict(n_sets=3, replications=2, tolerance=50.0, seed=20250101, lhs_seed=1, processes=0)
    again = replay_rows(default_model, [post.lhs_rows[0]], warmup_days=5, **kw)
    assert np.allclose(again["years_minutes"][0], post.simulated_minutes[0], rtol=0, atol=1e-6)  # written to 6 places


def test_calibrate_simulations_run_after_the_warmup(default_model, monkeypatch) -> None:
    """Both methods: every parameter set's years (abc) and every trial (bisect) are simulated after the warm-up."""
    from raddsim.experiment.abc import abc_calibrate
    from raddsim.experiment.calibrate import calibrate, scenario_file_text

    late_warmup(monkeypatch)
    res = abc_calibrate(default_model, n_sets=2, replications=2, tolerance=100, processes=0, warmup_days=3)
    assert all(min(s["years_minutes"]) > LATE for s in res["sets"]) and len(res["sets"]) == 2
    res = calibrate(default_model, replications=2, years=0.02, targets={"x": 200.0}, warmup_days=3)
    assert res["before_minutes"] > LATE and res["fit"]["mean"] > LATE and res["settings"]["warmup_days"] == 3.0
    assert "after a 3-day warm-up (raddsim calibrate --warmup 3)" in scenario_file_text(res)


def test_calibrate_refuses_a_bad_warmup_naming_it(tmp_path, capsys) -> None:
    from raddsim.core.errors import InputError
    from raddsim.experiment.abc import abc_calibrate

    err = _bad_value([*CALIBRATE, "--warmup", "a week", "--out", str(tmp_path / "c.toml")], capsys)
    assert "--warmup" in err and "expected a number" in err and "Traceback" not in err
    with pytest.raises(InputError, match="^warmup_days: "):  # its Python argument (errors15)
        abc_calibrate(None, warmup_days=-1)  # type: ignore[arg-type]  # refused before the model is read


def test_the_board_reuses_the_first_scenarios_replications_only_with_the_same_warmup(default_model,
                                                                                   monkeypatch) -> None:
    """The levers' base values come from the first scenario's own run when it was simulated as the what-ifs are;
    a run without a warm-up is not reused for what-ifs with one (each lever would then be ≈ an hour slower)."""
    from raddsim.experiment.board import board_figures
    from raddsim.experiment.runs import run_scenario

    late_warmup(monkeypatch)
    base = default_model.region.scenarios["minimum"]
    cold = run_scenario(default_model, base, years=0.02, replications=2, seed=7, keep_records=True)
    board = board_figures(default_model, [cold], years=0.02, seed=7, what_if_replications=2, warmup_days=4)
    assert board["levers"]
    for lv in board["levers"]:  # base and lever both warmed (an hour late): the change is a lever's, not the hour's
        assert lv["mean_minutes_change"]["base"] > LATE and abs(lv["mean_minutes_change"]["difference"]) < LATE / 2
    warm = run_scenario(default_model, base, years=0.02, replications=2, seed=7, keep_records=True, warmup_days=4)
    again = board_figures(default_model, [warm], years=0.02, seed=7, what_if_replications=2, warmup_days=4)
    assert again["levers"] == board["levers"]  # the same replications, reused or simulated
