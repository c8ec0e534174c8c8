"""A researcher's review: the Monte Carlo error of ABC posterior means, optimise's interval method and screening
score, and how a run's median and p90 are made (a mean of each replication's percentile, not a pooled one)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from optimise_helpers import write_toy

from raddsim.experiment.abc import abc_calibrate, format_abc, posterior_table
from raddsim.experiment.uncertain import UncertainParameter

ROOT = Path(__file__).resolve().parents[1]


def test_posterior_mean_mcse_is_the_weighted_sd_over_the_root_of_the_effective_size() -> None:
    params = [UncertainParameter("a", 0.0, 10.0, 5.0)]
    x = np.array([[1.0], [2.0], [3.0], [4.0], [9.0]])
    w = np.array([1.0, 2.0, 0.0, 3.0, 0.0])
    # by hand: mean 17/6; weighted variance Σw(x − m)²/Σw; Kish's size (Σw)²/Σw² = 36/14
    mean = (1 * 1 + 2 * 2 + 3 * 4) / 6
    var = (1 * (1 - mean) ** 2 + 2 * (2 - mean) ** 2 + 3 * (4 - mean) ** 2) / 6
    se = math.sqrt(var) / math.sqrt(36 / 14)
    row = posterior_table(params, x, w)[0]
    assert row["posterior_mean"] == pytest.approx(mean)
    assert row["posterior_mean_mcse"] == pytest.approx(se, rel=1e-12)
    assert row["posterior_mean_ci95"] == pytest.approx([mean - 1.96 * se, mean + 1.96 * se], rel=1e-12)
    one = posterior_table(params, x, np.array([0.0, 0.0, 0.0, 4.0, 0.0]))[0]  # one accepted set: no spread, no error
    assert one["posterior_mean"] == 4.0 and one["posterior_mean_mcse"] is None and one["posterior_mean_ci95"] is None


@pytest.fixture(scope="module")
def abc_result(default_model) -> dict:
    scale = UncertainParameter("network.blue_light.scale", 0.5, 1.8, 1.0)
    return abc_calibrate(default_model, n_sets=6, replications=2, tolerance=50.0, seed=7, processes=0,
                         targets={"2022": 10.52, "2023": 11.19}, params=[scale])


def test_abc_output_carries_the_monte_carlo_error_of_each_posterior_mean(abc_result) -> None:
    res = abc_result
    assert res["accepted_sets"] == 6  # the tolerance accepts every set: weights 1, effective size 6
    assert "sqrt" in res["posterior_mean_mcse_method"] and "effective" in res["posterior_mean_mcse_method"]
    p = res["parameters"][0]
    x = np.array([s["values"]["network.blue_light.scale"] for s in res["sets"]])
    assert p["posterior_mean_mcse"] == pytest.approx(x.std() / math.sqrt(6))  # equal weights: population sd / √n
    for lang, word in (("en", "Monte Carlo standard error"), ("sv", "Monte Carlo-medelfel")):
        text = format_abc(res, lang)
        assert word in text, text
        row = next(line for line in text.splitlines() if line.strip().startswith("network.blue_light.scale:"))
        se = f"{p['posterior_mean_mcse']:.2g}"
        assert (se if lang == "en" else se.replace(".", ",")) in row, row
    assert format_abc(res) == format_abc(res, "en")


def test_a_posterior_file_keeps_each_mean_with_its_monte_carlo_error(abc_result, tmp_path) -> None:
    from raddsim.region.posterior import load_posterior, posterior_text

    # was only in the JSON and the printed report: a posterior file read later could not say how exact its means are
    f = tmp_path / "post.toml"
    f.write_text(posterior_text(abc_result), encoding="utf-8")
    p = abc_result["parameters"][0]
    kept = dict(load_posterior(f).parameters["network.blue_light.scale"])
    assert kept["posterior_mean"] == pytest.approx(p["posterior_mean"], abs=1e-6)
    assert kept["posterior_mean_mcse"] == pytest.approx(p["posterior_mean_mcse"], abs=1e-6)
    one = {**abc_result, "parameters": [{**p, "posterior_mean_mcse": None}]}
    assert "posterior_mean_mcse = nan" in posterior_text(one)  # one accepted set: no error to give


def test_calibrate_prints_its_report_in_swedish_with_lang_sv_and_the_json_carries_the_error(tmp_path,
                                                                                            capsys) -> None:
    import json

    from raddsim.cli import main

    out, js = tmp_path / "cal.toml", tmp_path / "cal.json"
    assert main(["calibrate", "--out", str(out), "--json", str(js), "--sets", "3", "--replications", "2",
                 "--tolerance", "50", "--processes", "0", "--lang", "sv"]) == 0
    text = capsys.readouterr().out
    assert "Gemensam kalibrering" in text and "Monte Carlo-medelfel" in text and "Skrev " in text, text
    assert "Joint calibration" not in text and "Wrote " not in text, text
    res = json.loads(js.read_text(encoding="utf-8"))
    assert "posterior_mean_mcse_method" in res
    assert all(p["posterior_mean_mcse"] > 0 and len(p["posterior_mean_ci95"]) == 2 for p in res["parameters"])


def test_calibrate_bisect_speaks_swedish_with_lang_sv(tmp_path, capsys) -> None:
    from raddsim.cli import main

    # was refused: the bisection's report was English only
    out = tmp_path / "c.toml"
    assert main(["calibrate", "--method", "bisect", "--replications", "2", "--years", "0.3", "--lang", "sv",
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Kalibrerar scenariot 'current' mot det redovisade nyckeltalet: 2022: 10,52 min; ") \
        and "före: " in text and " KI [" in text and "efter: " in text, text
    assert "Calibrating" not in text and "before:" not in text and "Skrev " in text, text
    assert out.read_text(encoding="utf-8").startswith("# Written by `raddsim calibrate`")  # the file: as in English


def _unused(code: str, minutes: list[float]) -> dict:
    return {"key": "network.blue_light.scale", "used": False, "why_code": code, "simulated_minutes": minutes,
            "why": "(English text)"}


@pytest.mark.parametrize(("code", "en", "sv"), [
    ("no_effect", "it has no effect in this scenario (simulated 11.50 min at both ends of its range)",
     "den påverkar inte detta scenario (simulerat 11,50 min i båda ändarna"),
    ("cannot_reach", "its range cannot reach 10.86 min (simulated 11.50–12.25 min)",
     "dess intervall kan inte nå 10,86 min (simulerat 11,50–12,25 min)"),
    ("not_needed", "not needed: the target was reached with the parameters above", "behövs inte: målet nåddes"),
])
def test_a_parameter_left_unused_says_why_in_either_language(code, en, sv) -> None:
    from raddsim.experiment.calibrate import why_unused

    entry = _unused(code, [11.5, 12.25] if code == "cannot_reach" else [11.5, 11.5])
    assert why_unused(entry, 10.86, "en").startswith(en)
    assert why_unused(entry, 10.86, "sv").startswith(sv)
    assert why_unused({"why": "an older result's words"}, 10.86, "sv") == "an older result's words"


@pytest.fixture(scope="module")
def optimise_doc(tmp_path_factory) -> dict:
    from raddsim.experiment.model import build_model
    from raddsim.optimise.options import load_options
    from raddsim.optimise.run import Settings, optimise

    _, opts = write_toy(tmp_path_factory.mktemp("stats17opt"))
    space = load_options(opts)
    doc, _ = optimise(build_model(space.region), space, Settings(top=2, short_replications=2), simulate=False)
    return doc


def test_optimise_json_says_how_its_intervals_are_made_and_what_the_screening_score_is(optimise_doc) -> None:
    doc = optimise_doc
    method = doc["ci95_method"]
    assert "Student t" in method["ci95"] and "paired" in method["difference_ci95"]
    assert "common random numbers" in method["difference_ci95"] and "Bonferroni" in method["selection"]
    assert "screening_note" in method["screening_score"]
    note = doc["screening_note"]
    assert "ranks" in note and "not an estimate" in note and "no interval" in note
    # every interval key a finalist's simulated block can carry is explained
    assert {"ci95", "difference_ci95"} <= set(method)


def _paragraph(text: str, anchor: str) -> str:
    i = text.index(anchor)
    return text[text.rfind("\n\n", 0, i):text.find("\n\n", i)]


@pytest.mark.parametrize("doc, anchor", [
    ("README.md", "Statistical terms"),
    ("README.md", "and `definitions` says which is which"),
    ("docs/api.md", "Every figure has its 95 % confidence interval beside it"),
    ("docs/formats.md", "recompute the run's figures"),
])
def test_the_docs_say_median_and_p90_are_means_of_each_replications_percentile(doc, anchor) -> None:
    para = " ".join(_paragraph((ROOT / doc).read_text(encoding="utf-8"), anchor).split())
    assert re.search(r"each replication's own median and 90th percentile", para), para
    assert "pooled" in para, para
