"""A newcomer's first hour, seventh pass: a Python developer at another Swedish rescue service who wants to
CONTRIBUTE. She sets up with README's test command, runs one file and one test, looks for where the engine, the
dispatch policies, the region readers and the views live, adds a dispatch policy of her own and sees it used in a
run, runs a benchmark as benchmarks/README.md says, and looks for the quality gates to run before a pull request.
README had no contributor's page: CONTRIBUTING.md is new, and these tests keep it true."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from raddsim.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def _contributing() -> str:
    assert CONTRIBUTING.is_file(), "the repository needs a CONTRIBUTING.md (README does not say how to contribute)"
    return CONTRIBUTING.read_text(encoding="utf-8")


def _blocks(text: str, lang: str) -> list[str]:
    return [b.strip() for b in re.findall(rf"```{lang}\n(.*?)```", text, re.S)]


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 3)
    return text[start:] if end < 0 else text[start:end]


def test_readme_points_a_contributor_to_contributing_md() -> None:
    _contributing()
    after_60 = "\n".join(README.splitlines()[60:])
    assert "[`CONTRIBUTING.md`](CONTRIBUTING.md)" in after_60
    assert "CONTRIBUTING.md" in _section(README, "Layout")
    # The README sections it sends her to are there (it said "Model and assumptions" for "Model and its assumptions").
    sections = set(re.findall(r"^## (.+)$", README, re.M))
    named = re.findall(r'README(?:\.md)?(?: says [^(]*)?\("([^"]+)"\)|README, "([^"]+)"', _contributing())
    named = [a or b for a, b in named]
    assert len(named) >= 2 and [n for n in named if n not in sections] == []


def test_every_file_contributing_md_names_exists() -> None:
    text = _contributing()
    named = set(re.findall(r"`((?:raddsim|tests|stations|docs|benchmarks|notebooks)/[\w./]+)`", text))
    assert len(named) >= 20
    assert [p for p in named if not (ROOT / p).exists()] == []
    # In the "where things live" table a bare `x.py` after a full path is in that path's folder.
    for row in re.findall(r"^\|.*\|.*\|$", _section(text, "Where things live"), re.M):
        folder = None
        for path in re.findall(r"`([\w./]+(?:\.py|\.toml|\.md|/))`", row):
            if "/" in path:
                folder = ROOT / path if path.endswith("/") else (ROOT / path).parent
            else:
                assert folder is not None and (folder / path).is_file(), (row, path)


def test_the_one_file_and_one_test_commands_name_real_tests() -> None:
    blocks = _blocks(_contributing(), "bash")
    test_command = re.search(r"<!-- test-command -->\s*```bash\n(.*?)\n```", README, re.S).group(1).strip()
    assert blocks[0] == test_command  # the same setup as README's, word for word
    for line in blocks[1].splitlines():
        words = shlex.split(line)
        assert words[:3] == ["python3", "-m", "pytest"]
        file, _, test = words[-1].partition("::")
        assert (ROOT / file).is_file(), line
        assert not test or re.search(rf"^def {test}\(", (ROOT / file).read_text(encoding="utf-8"), re.M), line


def test_the_dispatch_policy_example_runs_as_written(tmp_path: Path) -> None:
    # Her step: the policy, the extra scenario file and the command, copied from the page into a folder of her own.
    text = _contributing()
    (tmp_path / "my_dispatch.py").write_text(_blocks(text, "python")[0] + "\n", encoding="utf-8")
    (tmp_path / "my_scenarios.toml").write_text(_blocks(text, "toml")[0] + "\n", encoding="utf-8")
    command = next(b for b in _blocks(text, "bash") if "--scenarios-file" in b)
    words = shlex.split(command)
    assert words[:2] == ["PYTHONPATH=.", "raddsim"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([".", str(ROOT)])}  # this checkout's raddsim, as installed
    proc = subprocess.run([sys.executable, "-m", "raddsim", *words[2:]], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.split("Alarm to first crew on scene")[1]
    means = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(minimum|farthest) +[\d,]+ +([\d.]+) \[", first,
                                                                 re.M)}
    assert set(means) == {"minimum", "farthest"}
    assert means["farthest"] > means["minimum"] + 10  # "tens of minutes against about 11": the policy was used


MOVER = '''
class MyMover:
    def prepare(self, context):
        if dict(context.options) != {"spare": 2}:
            raise RuntimeError(f"options {dict(context.options)}")

    def moves(self, view):
        return []
'''


def test_a_move_up_class_gets_the_table_named_by_its_class_in_lower_case(tmp_path: Path, monkeypatch,
                                                                         capsys: pytest.CaptureFixture) -> None:
    # README ("Policies are plug-ins") and CONTRIBUTING.md say which table is a "module:Class" policy's options.
    said = " ".join(README.split())
    assert "A move-up policy's options are the table `[policies.<name>]` (for `\"module:Class\"`, the class name in " \
           "lower case)" in said
    assert "a dispatch policy gets no options" in said
    assert "`[policies.mymover]` for `\"my_module:MyMover\"`" in " ".join(_contributing().split())
    formats = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    assert '([policies.mymover] for "my_module:MyMover"), given to prepare as context.options' in formats
    assert 'or your own "module:Class" (an example in CONTRIBUTING.md; it takes no options)' in formats
    (tmp_path / "my_module.py").write_text(MOVER, encoding="utf-8")
    (tmp_path / "movers.toml").write_text('[scenarios.mover]\nbase = "minimum"\n'
                                          'policies = { move_up = "my_module:MyMover", mymover = { spare = 2 } }\n',
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["run", "mover", "--scenarios-file", "movers.toml", "--replications", "2", "--years", "0.1"]) == 0
    capsys.readouterr()


def test_the_quality_gates_it_lists_are_the_ones_ci_runs() -> None:
    text = _contributing()
    gates = _blocks(_section(text, "Before a pull request"), "bash")[0].splitlines()
    assert gates == ["ruff check raddsim", "python3 -m mypy raddsim", "python3 -m pytest -q tests/test_quality.py"]
    quality = (ROOT / "tests" / "test_quality.py").read_text(encoding="utf-8")
    assert '_ruff("raddsim")' in quality and '_mypy("raddsim")' in quality
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    said = " ".join(text.split())
    assert f"lines ≤ {pyproject['line-length']} characters" in said
    assert f"complexity ≤ {pyproject['lint']['mccabe']['max-complexity']}" in said
    assert "C90" in pyproject["lint"]["select"]  # "everywhere": the whole package
    limit = re.search(r"^MAX_FUNCTION_LINES = (\d+)$", quality, re.M).group(1)
    assert f"function bodies ≤ {limit} lines" in said


def test_benchmarks_how_to_run_names_every_suite_run_all_runs() -> None:
    run_all = (ROOT / "benchmarks" / "run_all.py").read_text(encoding="utf-8")
    scripts = re.findall(r'"(\w+)": "(bench_\w+\.py)"', re.search(r"^SCRIPTS = \{.*\}$", run_all, re.M).group(0))
    modules = re.findall(r'"(\w+)"', re.search(r"^MODULES = \(.*\)$", run_all, re.M).group(0))
    how = _section((ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8"), "How to run")
    doc = run_all.split('"""')[1]
    assert len(scripts) >= 3 and len(modules) >= 3
    for name, script in scripts:
        assert f"`{script}`" in how, script
        assert f"benchmarks/{script}" in doc, script
    for name in modules:
        assert f"`bench_{name}.py`" in how, name


CARD_ONLY = '''
from raddsim.engine.dispatch import run_card


class Closest:
    def prepare(self, context):
        raise RuntimeError("a dispatch policy is never prepared")

    def card(self, req, planned, alerted, eta_s, free, is_crew, staffing, equipment, order=None):
        return run_card(req, planned, alerted, eta_s, free, is_crew, staffing, equipment, order)
'''


def test_a_dispatch_policy_is_given_only_the_cards_arguments(tmp_path: Path, monkeypatch,
                                                             capsys: pytest.CaptureFixture) -> None:
    # README's model table: a dispatch policy "could weigh" a part-time crew's chance of not rolling, but it is never
    # prepared on the region (its prepare, if any, is not called): it sees crews as indices only.
    said = " ".join(README.split())
    assert "its card is not told which crews are part-time (crews are indices; it has no `prepare`)" in said
    (tmp_path / "card_only.py").write_text(CARD_ONLY, encoding="utf-8")
    (tmp_path / "card.toml").write_text('[scenarios.card]\nbase = "minimum"\n'
                                        'policies = { dispatch = "card_only:Closest" }\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["run", "card", "--scenarios-file", "card.toml", "--replications", "2", "--years", "0.1"]) == 0
    capsys.readouterr()
