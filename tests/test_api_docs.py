"""docs/api.md, raddsim from Python: its reference is what docs/build_api.py makes now, its examples (and the
README's "From Python" example) run and print what the page shows, and the public entry functions refuse bad
arguments with one InputError naming the argument (a researcher's first hour with the API)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

import pytest
from test_readme import ROOT  # the README's location, as the README tests find it

import raddsim
from raddsim import InputError

API_MD = ROOT / "docs" / "api.md"
#: A ```python block, and the ```text block marked <!-- output --> right under it (what it prints), if any.
BLOCK = re.compile(r"```python\n(.*?)\n```(?:\s*<!-- output -->\s*```text\n(.*?)\n```)?", re.S)
SEPARATOR = "----- next block -----"


def build_api():
    """docs/build_api.py, imported (docs/ is no package)."""
    spec = importlib.util.spec_from_file_location("build_api", ROOT / "docs" / "build_api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def python_blocks(text: str) -> list[tuple[str, str | None]]:
    """Each ```python block of a Markdown text with the output shown under it (None: none shown)."""
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(text)]


def run_blocks(blocks: list[str], tmp_path) -> list[str]:
    """Run ``blocks`` one after another in one fresh Python (one namespace, as a reader pastes them) in
    ``tmp_path``; each block's printed output."""
    script = "\n".join(f"exec(compile({b!r}, 'block {k}', 'exec'))\nprint({SEPARATOR!r}, flush=True)"
                       for k, b in enumerate(blocks))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout.split(SEPARATOR + "\n")[:len(blocks)]


def readme_python_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n## From Python\n")[2].partition("\n## ")[0]
    blocks = python_blocks(section)
    assert len(blocks) == 1, "README's 'From Python' section holds one python example"
    return blocks[0][0]


def test_the_reference_is_what_build_api_makes_now() -> None:
    text = API_MD.read_text(encoding="utf-8")
    assert build_api().updated(text) == text, "docs/api.md is out of date. Fix: python docs/build_api.py"


def test_the_reference_names_every_public_name_once() -> None:
    reference = build_api().reference()
    assert re.findall(r"^### `(\w+)`$", reference, re.M) == raddsim.__all__
    assert " at 0x" not in reference  # no memory address: the text is the same on every run


def test_the_examples_run_and_print_what_the_page_shows(tmp_path) -> None:
    # The page's examples in order, then the README's (a fresh namespace: it must stand alone).
    blocks = python_blocks(API_MD.read_text(encoding="utf-8"))
    assert len(blocks) >= 7 and sum(shown is not None for _, shown in blocks) >= 6
    readme = readme_python_example()
    printed = run_blocks([code for code, _ in blocks] + [f"exec({readme!r}, {{}})"], tmp_path)
    for k, ((code, shown), out) in enumerate(zip(blocks, printed)):
        if shown is not None:
            assert out.splitlines() == shown.splitlines(), f"block {k}:\n{code}"
    assert printed[-1].strip(), "the README example prints its result"


def test_the_readme_points_to_the_api_page_after_its_first_60_lines() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("\n## From Python\n") > len("\n".join(readme.splitlines()[:60]))
    section = readme.partition("\n## From Python\n")[2].partition("\n## ")[0]
    assert "(docs/api.md)" in section
    assert 6 <= len(readme_python_example().strip().splitlines()) <= 10


@pytest.fixture(scope="module")
def model():
    return raddsim.build_model(raddsim.load_region())


def one_error(call) -> InputError:
    with pytest.raises(InputError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("arguments, field, words", [
    (dict(replications=0), "replications", "from 1"),          # was: an empty run, then NaN figures or IndexError
    (dict(replications=-3), "replications", "from 1"),         # was: an empty run
    (dict(replications=2.5), "replications", "whole number"),  # was: TypeError from range()
    (dict(years=-1), "years", "above 0"),                      # was: numpy's "lam < 0 or lam is NaN"
    (dict(years=0), "years", "above 0"),                       # was: a run of no alarms
    (dict(seed=1.5), "seed", "whole number"),                  # was: accepted (a seed nobody can give the CLI)
    (dict(seed="1"), "seed", "whole number"),                  # was: accepted
    (dict(seed=-1), "seed", "at least 0"),                     # was: numpy's "expected non-negative integer"
    (dict(seed=None), "seed", "whole number"),                 # was: TypeError from int()
])
def test_run_scenario_refuses_bad_arguments_by_name(model, arguments, field, words) -> None:
    setup = model.region.scenarios["minimum"]
    err = one_error(lambda: raddsim.run_scenario(model, setup, **{"years": 0.01, "replications": 1, "seed": 1,
                                                                  **arguments}))
    assert err.field == field and words in err.message and err.fix


def test_an_unknown_scenario_name_says_did_you_mean(model) -> None:
    # Was: AttributeError: 'str' object has no attribute 'network' (a name where a Setup belonged).
    for call in (lambda: raddsim.run_scenario(model, "minimun", years=0.01, replications=1, seed=1),
                 lambda: raddsim.run_experiment(model, ["minimun"], years=0.01, replications=1, seed=1),
                 lambda: raddsim.compare(model, ["minimum", "ambitoin"], years=0.01, replications=1, seed=1),
                 lambda: raddsim.run_scenarios(model, ["minimun"], years=0.01, replications=1, seed=1)):
        err = one_error(call)
        assert "Did you mean" in err.message and "minimum" in err.fix


def test_a_scenario_name_runs_as_its_setup(model) -> None:
    by_name = raddsim.run_scenario(model, "ambition", years=0.02, replications=1, seed=3)
    by_setup = raddsim.run_scenario(model, model.region.scenarios["ambition"], years=0.02, replications=1, seed=3)
    assert by_name.setup is by_setup.setup
    assert (raddsim.first_arrival_minutes(by_name.records[0]).tolist()
            == raddsim.first_arrival_minutes(by_setup.records[0]).tolist())


@pytest.mark.parametrize("setups, words", [
    ("minimum", "list of scenarios"),   # was: AttributeError: 'str' object has no attribute 'network'
    ([], "empty"),                      # was: IndexError: list index out of range (compare)
    ([42], "scenario"),                 # was: AttributeError deep in the model
])
def test_the_scenario_list_is_checked(model, setups, words) -> None:
    for function in (raddsim.run_experiment, raddsim.compare, raddsim.run_scenarios):
        err = one_error(lambda: function(model, setups, years=0.01, replications=1, seed=1))
        assert err.field == "setups" and words in err.message


@pytest.mark.parametrize("arguments, field", [
    (dict(replications=0), "replications"),   # was: IndexError: too many indices for array
    (dict(precision=-1.0), "precision"),      # was: accepted (never reached: runs to max_replications)
    (dict(precision=0.1, max_replications=0), "max_replications"),
    (dict(warmup_days=-2), "warmup_days"),    # was: accepted silently by compare
])
def test_compare_refuses_bad_arguments_by_name(model, arguments, field) -> None:
    setups = [model.region.scenarios[name] for name in ("minimum", "ambition")]
    err = one_error(lambda: raddsim.compare(model, setups, **{"years": 0.01, "seed": 1, **arguments}))
    assert err.field == field


def test_run_scenarios_refuses_a_batch_that_never_ends(model) -> None:
    # Was: batch=0 with a precision not reached added no replications, forever.
    setups = [model.region.scenarios["minimum"]]
    err = one_error(lambda: raddsim.run_scenarios(model, setups, years=0.01, seed=1, replications=2,
                                                  precision=1e-9, max_replications=20, batch=0))
    assert err.field == "batch"


def test_run_replication_refuses_a_negative_replication(model) -> None:
    prep = model.prepare(model.region.scenarios["minimum"])
    err = one_error(lambda: raddsim.run_replication(prep, years=0.01, seed=1, replication=-1))
    assert err.field == "replication"


def test_build_model_says_it_takes_a_region() -> None:
    # Was: AttributeError: 'str' object has no attribute 'network_path' for build_model("stations/norrtalje.toml").
    err = one_error(lambda: raddsim.build_model("stations/norrtalje.toml"))
    assert err.field == "region" and "load_region(path)" in err.fix


@pytest.mark.parametrize("first", ["run_scenario", "minutes_figures", "build_model"])
def test_one_name_one_thing_whatever_was_imported_first(first: str) -> None:
    # Was: the public function raddsim.figures shared its name with the subpackage raddsim.figures, so
    # `from raddsim import run_scenario, figures` gave the subpackage (importing run_scenario imported it, and the
    # import system bound it to that name) and figures(minutes, 10) raised TypeError. The function is now
    # raddsim.minutes_figures; raddsim.figures is the subpackage, whatever is imported first.
    code = (f"import raddsim\nfrom raddsim import {first}\nfrom raddsim import minutes_figures, figures\n"
            "import raddsim.figures.metrics as m\n"
            "print(minutes_figures is m.minutes_figures, figures is raddsim.figures, hasattr(figures, 'metrics'),\n"
            "      [n for n in raddsim.__all__ if n in {s.name for s in __import__('pkgutil').iter_modules(raddsim.__path__)}])")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True", "True", "[]"], proc.stdout
