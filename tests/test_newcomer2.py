"""A newcomer's first hour, second pass: following README.md from the top on a clean clone and a plain install."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from test_bad_inputs3 import _exit_and_error  # the same check: an exit code and one message, no traceback

from raddsim.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_calibrate_without_the_sweep_extra_names_the_extra(tmp_path, monkeypatch, capsys) -> None:
    # Was: `pip install . && raddsim calibrate …` (README's "Other results") ended in
    # "ModuleNotFoundError: No module named 'pyarrow'" from raddsim/experiment/abc.py, after the model was built.
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed: find_spec says None
    out = tmp_path / "cal.toml"
    code, err = _exit_and_error(["calibrate", "--sets", "2", "--replications", "1", "--out", str(out)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "raddsim calibrate" in err and "'pyarrow'" in err and '.[sweep]' in err, err
    assert not out.exists()


def test_the_readme_says_calibrate_needs_the_sweep_extra() -> None:
    extras = README.partition("Extras:")[2][:300]
    assert "`raddsim calibrate`" in extras or "`calibrate`" in extras, extras


def test_map_says_its_grid_in_words(tmp_path, capsys) -> None:
    # Was: "Residents reached with every crew free (22,100 × 250 m)", which reads as an extent of 22 km × 250 m.
    assert main(["map", "minimum", "--out", str(tmp_path / "maps")]) == 0
    title = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Residents reached"))
    assert re.search(r"\(\d[\d,]* squares of 250 m\)$", title), title


#: A phrase of README's printed `raddsim run` block (a table's title or an ellipsis line) → the title it stands for.
RUN_SECTIONS = {"per station area": "Per station area", "per incident type": "Per incident type",
                "crew readiness": "Not on a call:", "Staffing over the year": "Staffing over the year",
                "smoke-diving coverage": "Share of time a smoke-diving force", "waited": "alarms that waited"}


def test_the_readmes_run_block_is_what_run_prints(capsys, monkeypatch) -> None:
    # Was: the block's "…" line put smoke-diving coverage before the staffing table, which `raddsim run` prints first.
    block = README.partition("## What `raddsim run` prints")[2].partition("```\n")[2].partition("```")[0]
    monkeypatch.chdir(ROOT)  # as the README runs it: in the checkout, which names the network from there
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    shown = [line for line in block.splitlines() if line and not line.startswith(("…", "Network:"))]
    at = 0
    for line in shown:  # every line shown is printed, in the same order
        assert line in lines[at:], line
        at = lines.index(line, at) + 1
    net = next(line for line in block.splitlines() if line.startswith("Network:"))
    assert net.endswith("(networks/norrtalje_approx.osm)") and net in lines, net
    in_readme = sorted(RUN_SECTIONS, key=block.index)
    assert in_readme == sorted(RUN_SECTIONS, key=lambda k: out.index(RUN_SECTIONS[k])), in_readme


def test_the_readme_names_every_shipped_scenario() -> None:
    # Was: "Shipped scenarios:" listed 11 of the 17; the ferry, boat, winter and road what-ifs were missing.
    import tomllib

    region = tomllib.loads((ROOT / "stations" / "norrtalje.toml").read_text(encoding="utf-8"))
    section = README.partition("Shipped scenarios:")[2].partition("\n\n")[0]
    missing = [name for name in region["scenarios"] if f"`{name}`" not in section]
    assert not missing, missing


def test_the_readme_shows_the_next_commands_before_its_long_part() -> None:
    # Was: after the install command the README went on for 100 lines before the next command a planner could type.
    from raddsim.cli import build_parser

    head = README.partition("\n---\n")[0]
    blocks = re.findall(r"```bash\n(.*?)\n```", head, re.S)
    assert len(blocks) == 3, blocks
    commands = [line.partition("#")[0].split() for line in blocks[2].splitlines()]
    assert {c[1] for c in commands} >= {"compare", "report", "map"}, commands
    for command in commands:
        build_parser().parse_args(command[1:])  # argparse exits on an unknown option or command


def test_a_readme_path_outside_the_clone_says_where_it_is(tmp_path, monkeypatch, capsys) -> None:
    # Was: "stations/options_norrtalje.toml: file not found. Fix: check the path." for the README's own command run
    # from another folder (a user runs raddsim from anywhere; README's paths are relative to the clone).
    monkeypatch.chdir(tmp_path)
    code, err = _exit_and_error(["optimise", "stations/options_norrtalje.toml", "--out", "opt"], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "relative to the raddsim clone" in err, err
    shipped = Path(err.rpartition("own copy: ")[2].strip())
    assert shipped.is_file() and shipped.name == "options_norrtalje.toml", err
    code, err = _exit_and_error(["run", "--stations", "elsewhere/region.toml"], capsys)  # not a README path
    assert code == 2 and "clone" not in err, err
