"""The README's commands are the ones CI runs, and the first one is the install-and-run command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _test_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- test-command -->\s*```bash\n(.*?)\n```\s*<!-- /test-command -->", text, re.S)
    assert block, "README.md must hold the test command between <!-- test-command --> markers"
    return block.group(1).strip()


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _test_command() in [line.strip() for line in ci]


def test_readme_opens_with_install_and_run_then_tests() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", text, re.S)
    # Both commands make and use a virtual environment: a fresh Debian/Ubuntu system Python is
    # "externally managed" (PEP 668) and refuses a bare `pip install .`.
    assert blocks[0].strip() == "python3 -m venv .venv && . .venv/bin/activate && pip install --no-compile . && raddsim run"
    assert blocks[1].strip().startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert blocks[1].strip() == _test_command()
    assert text.index(blocks[0]) < text.index("## ")  # before any section


def test_the_oldest_versions_named_are_pyprojects_and_ci_tests_them() -> None:
    import tomllib

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    sentence = re.search(r"The oldest library versions `pyproject.toml` accepts — (.*?) — are tested", text)
    assert sentence, "README.md must name the oldest versions raddsim accepts"
    named = dict((name, version) for name, version in re.findall(r"([a-z]+) ([0-9][0-9.]*)", sentence.group(1)))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = dict(re.match(r"([A-Za-z0-9_.-]+)(?:\[.*\])?>=([0-9.]+)", r).groups()  # type: ignore[union-attr]
                  for r in project["dependencies"])
    assert len(named) >= 5 and all(floors[name] == version for name, version in named.items()), (named, floors)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "bash .ci/lowest" in [line.strip() for line in ci]
