"""A newcomer's first hour, fourth pass: README.md top to bottom on a fresh clone after a day of changes."""

from __future__ import annotations

import pytest

from raddsim.cli import main


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


def test_a_stray_positional_is_not_blamed_on_option_names(capsys) -> None:
    err = _usage_error(["network", "info", "a", "b"], capsys)
    assert "raddsim network info: unrecognized arguments: b." in err and "full names" not in err, err
