"""``raddsim sweep SPEC --check`` without the ``sweep`` extra, and its plan line (/work/notes/task_left7.md, 3–4).

``--check`` runs nothing, yet needed pyarrow: the package ``raddsim.sweep`` checked the extra on import. It now
checks only when a public name is used (``from raddsim.sweep import run_sweep``) or a sweep runs or is summarized,
each refused with the one-line message naming the extra. The plan line said "1 scenario(s) (minimum)" above an
axis ``staffing = ["minimum", "ambition"]``, as if ambition were not run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sweep_helpers import write_region, write_spec

from raddsim.cli import main

ROOT = Path(__file__).resolve().parents[1]
#: The sweep extra's modules, made unimportable (as if not installed: the import fails, find_spec says None).
EXTRA = ("pyarrow", "dask", "distributed", "tqdm")

#: Run in a fresh interpreter without the extra: each command's exit code, what it printed, and what it imported.
WITHOUT_EXTRA = """
import contextlib, io, json, sys
for name in {extra!r}:
    sys.modules[name] = None
from raddsim.cli import main
said = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    said.append([code, out.getvalue(), err.getvalue()])
from raddsim.core.errors import InputError
try:
    from raddsim.sweep import load_spec  # the public API still names the extra
    said.append("imported")
except InputError as exc:
    said.append(str(exc))
print(json.dumps(said))
"""


def _without_extra(commands: list[list[str]]) -> list:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", WITHOUT_EXTRA.format(extra=EXTRA), json.dumps(commands)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _spec(tmp_path: Path, body: str) -> Path:
    region = write_region(tmp_path / "gridby")  # scenarios 'low' and 'high', staffing levels of the same names
    return write_spec(tmp_path, 'base = "low"\nyears = 0.01\nreplications = 1\n' + body, region=region)


def _plan(out: str) -> str:
    return next(line.strip() for line in out.splitlines() if " point(s) × " in line)


def test_check_runs_without_the_sweep_extra_and_a_run_names_it(tmp_path) -> None:
    spec = str(_spec(tmp_path, '[axes]\n"demand.multiplier" = [0.8, 1.2]\n'))
    out = tmp_path / "out"
    check, run, summary, api = _without_extra([["sweep", spec, "--check"], ["sweep", spec, "--out", str(out)],
                                               ["sweep", "summarize", str(out)]])
    assert check[0] == 0 and check[2] == "", check
    assert _plan(check[1]).startswith("2 point(s) × 1 scenario(s) (low) × 1 replications") and "valid" in check[1]
    for (code, printed, err), what in ((run, "raddsim sweep"), (summary, "raddsim sweep summarize")):
        assert code == 2 and printed == "" and err.count("\n") == 1, err  # one line, no traceback
        assert err.startswith(f"raddsim: error: {what} needs the Python package 'pyarrow'") and '.[sweep]' in err
    assert "'pyarrow'" in api and "raddsim[sweep]" in api, api
    assert not out.exists()  # refused before any work


def test_plan_line_says_the_staffing_comes_from_the_axis(tmp_path, capsys) -> None:
    spec = str(_spec(tmp_path, '[axes]\nstaffing = ["low", "high"]\n'))
    assert main(["sweep", spec, "--check"]) == 0
    checked = _plan(capsys.readouterr().out)
    assert checked.startswith("2 point(s) × 1 base scenario(s) (low; staffing from the axis) × 1 replications"), checked
    assert main(["sweep", spec, "--out", str(tmp_path / "out"), "--processes", "0", "--quiet"]) == 0
    assert _plan(capsys.readouterr().out) == checked  # the run says it in the same words


def test_plan_line_says_the_staffing_comes_from_the_overrides(tmp_path, capsys) -> None:
    spec = str(_spec(tmp_path, '[axes]\n"demand.multiplier" = [0.8, 1.2]\n[overrides]\nstaffing = "high"\n'))
    assert main(["sweep", spec, "--check"]) == 0
    line = _plan(capsys.readouterr().out)
    assert line.startswith("2 point(s) × 1 base scenario(s) (low; staffing high from [overrides]) × 1"), line
