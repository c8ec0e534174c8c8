"""A newcomer's first hour, fifth pass: README.md top to bottom on a fresh clone after two days of changes, then
the "make your own region" path of README and docs/formats.md with the crews table they now show."""

from __future__ import annotations

import json
import re
import sqlite3
import tomllib
from pathlib import Path

import pytest
from test_bad_inputs3 import _exit_and_error  # the same check: an exit code and one message, no traceback

from raddsim.cli import main
from raddsim.region.region import load_region

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMATS = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
TEXT = " ".join(README.split())


def _one_line_error(argv: list[str], capsys) -> str:
    """What a mistyped command line prints: exit status 2 and one line, no usage block, no traceback."""
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and err.count("\n") == 1 and "usage:" not in err, (argv, err)
    return err


# ------------------------------------------------------------------ 1. a mistyped command
@pytest.mark.parametrize(("argv", "command", "typed", "meant"), [
    (["optimize", "stations/options_norrtalje.toml"], "raddsim", "optimize", "optimise"),  # the American spelling
    (["runn", "--help"], "raddsim", "runn", "run"),
    (["-v", "compre", "minimum", "ambition"], "raddsim", "compre", "compare"),
    (["network", "infoo"], "raddsim network", "infoo", "info"),
    (["region", "import-jems", "src", "out"], "raddsim region", "import-jems", "import-jemss"),
])
def test_a_mistyped_command_names_the_command_meant(argv, command, typed, meant, capsys) -> None:
    # Was argparse's two lines: the top-level usage and "argument COMMAND: invalid choice: 'optimize' (choose
    # from 'run', …)" — no "Fix:", and nothing said `optimise` is the British spelling of what was typed.
    err = _one_line_error(argv, capsys)
    assert f"{command}: unknown command '{typed}'." in err, err
    assert f"Fix: did you mean {meant}? `{command} --help` lists its commands:" in err, err


def test_an_unknown_command_with_nothing_near_lists_the_commands(capsys) -> None:
    err = _one_line_error(["frobnicate"], capsys)
    assert "did you mean" not in err and "invalid choice" not in err, err
    listed = err.partition("lists its commands: ")[2].rstrip(".\n").split(", ")
    assert {"run", "compare", "optimise", "region", "sweep"} <= set(listed), err


def test_readmes_quoted_message_for_a_mistyped_command_is_the_one_printed(capsys) -> None:
    quoted = re.search(r"\(`raddsim optimize` → `(.*?)`\)", TEXT)
    assert quoted, "README.md quotes the message for `raddsim optimize`"
    err = " ".join(_one_line_error(["optimize"], capsys).split())
    assert quoted.group(1) in err, (quoted.group(1), err)


def test_sweep_summarise_in_british_spelling_summarizes(tmp_path, capsys) -> None:
    # Was "DIR: unexpected argument '…'. Fix: write raddsim sweep SPEC.toml --out DIR": 'summarise' (as in
    # `raddsim optimise`) was taken for a spec file's name. Now it is summarize, whose own check answers.
    assert "`raddsim sweep summarise` is read as `summarize`" in TEXT
    missing = tmp_path / "no-sweep"
    err = _one_line_error(["sweep", "summarise", str(missing)], capsys)
    assert "no such sweep directory" in err and "unexpected argument" not in err, err


# ------------------------------------------------------------------ 2. README: figures that drifted
#: The scenarios README's results compare with `minimum` (30 paired replications, seed 20250101). Under common
#: random numbers one `raddsim compare` of all of them gives each pair's figures as its own command would.
_COMPARED = ("ambition", "heltid-split", "roll-short-follow", "blido-ferry-priority", "rv77-ledinge")


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> dict:
    """``raddsim compare minimum …`` of README's scenarios: its JSON ``differences``."""
    out = tmp_path_factory.mktemp("compare") / "compare.json"
    assert main(["compare", "minimum", *_COMPARED, "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))["differences"]


def test_readmes_rv77_ledinge_difference_is_the_one_compare_gives(compared) -> None:
    # README said +0.00 [−0.00, +0.01]; `raddsim compare minimum rv77-ledinge` prints +0.00 [-0.00, +0.00].
    said = re.search(r"rv77-ledinge`, schematic course\) changes the first-arrival mean by "
                     r"([+−]\d\.\d\d) \[([+−]\d\.\d\d), ([+−]\d\.\d\d)\] min", TEXT)
    assert said, "README.md states the rv77-ledinge difference"
    d = compared["rv77-ledinge"]["first_arrival"]["mean"]
    printed = [f"{v:+.2f}".replace("-", "−") for v in (d["difference"], *d["ci95"])]
    assert printed == list(said.groups()), (printed, said.group(0))


#: "0.44 min sooner [0.37, 0.52]" (on average, in the headline).
_SOONER = r"(\d\.\d+) min sooner (?:on average )?\[(\d\.\d+), (\d\.\d+)\]"


@pytest.mark.parametrize(("scenario", "scope", "claim"), [
    ("ambition", "first_arrival", r"first crew arrives "),
    ("ambition", "effective_force", r"1 \+ 4 for smoke diving\) "),
    ("heltid-split", "first_arrival", r"heltid-split`\): .{0,150}?first crew "),
    ("heltid-split", "effective_force", r"heltid-split`\): .{0,300}?the effective force "),
    ("roll-short-follow", "first_arrival", r"roll-short-follow`\): .{0,250}?first crew "),
    ("roll-short-follow", "effective_force", r"roll-short-follow`\): .{0,300}?effective force "),
    ("blido-ferry-priority", "area:Blidö", r"blido-ferry-priority`\) brings the Blidö area's first crew "),
], ids=lambda v: "readme" if v.endswith(" ") else v)
def test_readmes_paired_results_are_the_ones_compare_gives(compared, scenario, scope, claim) -> None:
    # A guard, as for rv77-ledinge above: README's "min sooner [low, high]" is −(difference) [−high, −low] as
    # `raddsim compare minimum SCENARIO` prints it, to the digits README gives.
    said = re.search(claim + _SOONER, TEXT.replace("**", ""))
    assert said, f"README.md states {scenario}'s {scope} difference"
    d = compared[scenario][scope]["mean"]
    digits = len(said.group(1).partition(".")[2])
    shown = [f"{-v:.{digits}f}" for v in (d["difference"], d["ci95"][1], d["ci95"][0])]
    assert shown == list(said.groups()), (scenario, scope, shown, said.group(0))


# ------------------------------------------------------------------ 3. a region of your own, offline
def _crews_example(text: str) -> str:
    """The crews table a page shows as its example (README: the block under <!-- crews-example -->)."""
    block = re.search(r"```csv\n(name,lat,lon,kind[^\n]*\n.*?)```", text, re.S)
    assert block, "the page shows an example crews table"
    return block.group(1)


@pytest.fixture(scope="module")
def own_region(tmp_path_factory) -> Path:
    """README's "A region of your own", offline: its example crews table and its command, on the shipped roads."""
    folder = tmp_path_factory.mktemp("own")
    (folder / "crews.csv").write_text(_crews_example(README.partition("<!-- crews-example -->")[2]), encoding="utf-8")
    command = re.search(r"raddsim region new myregion --network roads\.npz --stations crews\.csv "
                        r"--alarms-per-year (\d+) --population (\d+)", README)
    assert command, "README.md shows the region new command"
    assert main(["region", "new", str(folder / "myregion"), "--network", str(load_region().network_path),
                 "--stations", str(folder / "crews.csv"), "--alarms-per-year", command.group(1),
                 "--population", command.group(2)]) == 0
    return folder / "myregion"


def test_readme_and_formats_show_the_same_crews_table_and_it_makes_two_levels(own_region) -> None:
    # A newcomer had the column table only: no file to start from, and `kind` in English (heltid? deltid?).
    assert _crews_example(README.partition("<!-- crews-example -->")[2]) == _crews_example(
        FORMATS.partition("### Crews table")[2])
    assert "`heltid`, `deltid` and `RIB` are read as these" in " ".join(TEXT.split())
    region = load_region(own_region / "region.toml")
    assert list(region.default_scenarios) == ["minimum", "ambition"]
    rimbo = region.raw["crews"]["rimbo"]["staffing"]
    assert rimbo["minimum"]["firefighters"] == 2 and rimbo["ambition"]["firefighters"] == 4, rimbo


def test_readmes_share_of_alarms_never_reached_without_mutual_aid_is_measured(own_region, tmp_path) -> None:
    # README and docs/formats.md now say why a region of one's own loses alarms (every alerted crew failed to
    # roll, none is alerted again, no neighbour): 0.3 % of the example's, as `raddsim compare --region` prints.
    said = re.search(r"never reached — (\d+\.\d) % of the alarms of the example table", TEXT)
    assert said and f"never reached ({said.group(1)} % of this region's alarms)" in " ".join(FORMATS.split())
    out = tmp_path / "compare.json"
    assert main(["compare", "--region", str(own_region), "--json", str(out)]) == 0
    scenarios = json.loads(out.read_text(encoding="utf-8"))["scenarios"]
    assert {f"{100 * s['share_missing']:.1f}" for s in scenarios.values()} == {said.group(1)}, scenarios


def test_readmes_scenario_example_is_the_shipped_scenario() -> None:
    # README's "Scenarios" example had lost the end of the file's description (", other crews at minimum").
    block = re.search(r"## Scenarios\n.*?```toml\n(.*?)```", README, re.S)
    assert block, "README.md shows a scenario in its Scenarios section"
    shown = tomllib.loads(block.group(1))["scenarios"]
    shipped = load_region(ROOT / "stations" / "norrtalje.toml").raw["scenarios"]
    for name, table in shown.items():
        assert {key: shipped[name][key] for key in table} == table, name


def test_an_ambulance_regions_indicator_line_does_not_speak_of_an_incident_commander(tmp_path, capsys) -> None:
    # The Edmonton import printed "… (mean of the year's alarms; types: all; incident commander may be first: no)":
    # an ambulance service has no insatsledare, and an EMS researcher cannot tell what the clause means.
    (tmp_path / "units.csv").write_text("name,lat,lon,kind\nNorth,60.052,18.600,full-time\n"
                                        "South,59.758,18.700,full-time\n", encoding="utf-8")
    assert main(["region", "new", str(tmp_path / "ems"), "--network", str(load_region().network_path), "--stations",
                 str(tmp_path / "units.csv"), "--alarms-per-year", "200", "--population", "5000",
                 "--service", "ems"]) == 0
    capsys.readouterr()
    assert main(["run", "--region", str(tmp_path / "ems"), "--replications", "2"]) == 0
    out = capsys.readouterr().out
    assert "yearly indicator — " in out and "types: all); 2 simulated years" in out, out
    assert "commander" not in out, out


def test_readmes_geopackage_layers_are_the_ones_map_writes(tmp_path) -> None:
    # README listed grid_, stations_, municipal_boundary (and simulated_ with --simulate), not the islands_ layer
    # that `raddsim map --format gpkg` writes for Norrtälje's archipelago.
    said = re.search(r"`coverage\.gpkg` with layers (.*?), in EPSG:3006", TEXT)
    assert said, "README.md lists the GeoPackage's layers"
    outside_brackets = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", "", said.group(1))  # not the attributes
    listed = set(re.findall(r"`([a-z_]+(?:<scenario>)?)`", outside_brackets))
    assert main(["map", "minimum", "--format", "gpkg", "--out", str(tmp_path)]) == 0
    db = sqlite3.connect(tmp_path / "coverage.gpkg")
    try:
        tables = db.execute("select table_name from gpkg_contents").fetchall()
    finally:
        db.close()
    written = {name.replace("minimum", "<scenario>") for (name,) in tables}
    assert listed - {"simulated_<scenario>"} == written, (listed, written)


def test_the_board_paper_does_not_say_a_share_changes_from_itself(tmp_path) -> None:
    # README's crews table at 300 alarms a year: the two levels leave 0.3 % of alarms unreached each, not the same
    # alarms in every replication. Page one said "the share of alarms no crew reaches changes from 0.3 % to 0.3 %".
    (tmp_path / "crews.csv").write_text(_crews_example(README.partition("<!-- crews-example -->")[2]),
                                        encoding="utf-8")
    assert main(["region", "new", str(tmp_path / "mine"), "--network", str(load_region().network_path), "--stations",
                 str(tmp_path / "crews.csv"), "--alarms-per-year", "300", "--population", "15000"]) == 0
    paper = tmp_path / "paper.html"
    assert main(["report", "--region", str(tmp_path / "mine"), "--no-what-if", "--out", str(paper)]) == 0
    text = " ".join(paper.read_text(encoding="utf-8").split())
    assert not re.search(r"changes from ([\d.]+ %) to \1", text), re.search(r"changes from [^,]*", text)
    assert "the share of alarms no crew reaches is 0.3 % in both, rounded, but differs in some replications" in text
