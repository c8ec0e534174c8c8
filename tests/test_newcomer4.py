"""A newcomer's first hour, fourth pass: README.md top to bottom on a fresh clone after a day of changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from raddsim.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _usage_error(argv: list[str], capsys) -> str:
    """The one line a mistyped command line prints (exit status 2, as argparse's own errors)."""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2, argv
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(("argv", "command", "meant"), [
    (["run", "--rep", "5"], "raddsim run", "--replications"),  # README: "a shortened or misspelt one (`--rep 5`)"
    (["compare", "minimum", "ambition", "--replicatons", "3"], "raddsim compare", "--replications"),
    (["network", "info", "--stat", "x"], "raddsim network info", "--stations"),
])
def test_a_shortened_option_names_its_command_and_the_full_name(argv, command, meant, capsys) -> None:
    # Was two lines: the top-level usage ("usage: raddsim [-h] [--version] [-v] COMMAND ...") and
    # "unrecognized arguments: --rep" — neither the command whose options were meant nor the option's full name.
    err = _usage_error(argv, capsys)
    assert "usage:" not in err and "unrecognized arguments" in err, err
    assert f"{command}: " in err and f"did you mean {meant}?" in err and f"`{command} --help`" in err, err


def test_an_unknown_option_with_nothing_near_still_points_to_the_commands_help(capsys) -> None:
    err = _usage_error(["map", "minimum", "--frobnicate"], capsys)
    assert "did you mean" not in err and "`raddsim map --help` lists its options." in err, err


def test_a_mistyped_summarize_option_names_sweep_summarize(tmp_path, capsys) -> None:
    # Named "raddsim sweep" before: summarize is the sweep parser's first positional, not a parser of its own.
    err = _usage_error(["sweep", "summarize", str(tmp_path), "--hu", "staffing"], capsys)
    assert "raddsim sweep summarize: unrecognized arguments: --hu" in err and "did you mean --hue?" in err, err
    assert "`raddsim sweep --help`" in err, err  # the summarize options are listed there


def test_a_stray_positional_is_not_blamed_on_option_names(capsys) -> None:
    err = _usage_error(["network", "info", "a", "b"], capsys)
    assert "raddsim network info: unrecognized arguments: b." in err and "full names" not in err, err


_COMMANDS = ("run", "compare", "target", "demand", "calibrate", "map", "report", "optimise", "sweep",
             "network info", "network fetch", "network convert", "region new", "region import-jemss")


def _commands_with(pattern: str, capsys) -> set[str]:
    """The commands whose ``--help`` (whitespace folded) matches ``pattern``."""
    found = set()
    for command in _COMMANDS:
        with pytest.raises(SystemExit):
            main([*command.split(), "--help"])
        if re.search(pattern, " ".join(capsys.readouterr().out.split())):
            found.add(command)
    return found


def _named_in_readme(before: str) -> set[str]:
    """The commands README's "Common options" paragraph names after ``before`` (up to the closing parenthesis)."""
    text = " ".join(README.partition("Common options:")[2].split())
    listed = text.partition(before)[2]
    listed = listed[:min(i for i in (listed.find("("), listed.find(")"), listed.find(";")) if i >= 0)]
    return {name.split(" --")[0] for name in re.findall(r"`([a-z][a-z -]*?)`", listed)}


@pytest.mark.parametrize(("option", "before"), [
    ("--json", "`--json PATH` on"),
    ("--warmup", "`--warmup DAYS` on"),
])
def test_readmes_common_options_name_exactly_the_commands_that_take_them(option, before, capsys) -> None:
    # A command gaining or losing an option (as calibrate gained --lang and --warmup) must update the sentence.
    named = _named_in_readme(before)
    assert len(named) >= 5, named
    assert named == _commands_with(rf"(?<![\w-]){option}(?![\w-])", capsys), (option, named)


def test_readmes_repeatable_scenario_option_is_on_the_commands_it_names(capsys) -> None:
    # `demand --scenario` takes one scenario (its demand), so it is rightly left out of the sentence.
    named = _named_in_readme("(repeatable; the same on")
    assert len(named) >= 5, named
    assert named == _commands_with(r"--scenario NAME [^-]*\(repeatable", capsys), named


def test_readmes_map_classes_for_another_target_are_the_maps() -> None:
    # README: "(0–5 … > 30 with a 10-minute target; …, e.g. 0–4, 4–8 … > 24 for 8 minutes)"
    from raddsim.views.mapstyle import minute_bounds

    text = " ".join(README.split())
    examples = re.findall(r"0–(\d+),? (?:\d+–(\d+) )?… > (\d+) (?:with a|for) (\d+)[- ]minute", text)
    assert len(examples) == 2, examples
    for first, second, last, target in examples:
        edges = minute_bounds(float(target))
        assert edges[1] == float(first) and edges[-2] == float(last), (target, edges)
        assert not second or edges[2] == float(second) == float(target), (target, edges)


def test_readmes_quoted_message_for_a_shortened_option_is_the_one_printed(capsys) -> None:
    quoted = re.search(r"\(`--rep 5`\) is an error.*?\(`(.*?)`\)", " ".join(README.split()))
    assert quoted, "README.md quotes the message for `--rep 5`"
    err = _usage_error(["run", "--rep", "5"], capsys)
    assert all(part.strip() in err for part in quoted.group(1).split("…")), (quoted.group(1), err)
