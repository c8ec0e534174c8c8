"""The options every simulating command shares read and behave the same on each (raddsim.cli.args)."""

from pathlib import Path

import pytest

from raddsim.cli import build_parser

#: command → positional arguments it needs to parse
COMMANDS = {"run": [], "compare": ["minimum", "ambition"], "target": [], "calibrate": [], "demand": [],
            "map": [], "report": [], "optimise": ["options.toml", "--out", "opt"]}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_region_folder_and_seed_on_every_simulating_command(command):
    parser = build_parser()
    args = parser.parse_args([command, *COMMANDS[command], "--region", "my_region", "--seed", "7"])
    assert args.stations == Path("my_region") and args.seed == 7
    assert parser.parse_args([command, *COMMANDS[command]]).seed == 20250101


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_negative_seed_is_a_usage_error(command, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([command, *COMMANDS[command], "--seed", "-1"])
    assert exc.value.code == 2
    assert "--seed: must be at least 0" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "compare", "target", "map", "report", "optimise"])
def test_scenario_files_on_commands_that_take_scenarios(command):
    args = build_parser().parse_args([command, *COMMANDS[command], "--scenarios-file", "a.toml",
                                      "--scenarios-file", "b.toml"])
    assert args.scenarios_file == [Path("a.toml"), Path("b.toml")]


@pytest.mark.parametrize("command,positional", [("compare", ["minimum", "ambition"]), ("sweep", ["spec.toml"]),
                                                 ("optimise", ["options.toml", "--out", "opt"])])
def test_where_simulations_run_is_the_same_option_set(command, positional):
    args = build_parser().parse_args([command, *positional, "--processes", "0", "--workers", "2",
                                      "--scheduler", "tls://host:8786"])
    assert (args.processes, args.workers, args.scheduler) == (0, 2, "tls://host:8786")
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, *positional, "--workers", "0"])
