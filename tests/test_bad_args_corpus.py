"""Bad command-line arguments, generated: every option of every command, given every value of a fixed list.

The file corpus (test_bad_inputs_corpus.py) damages the files; this one the command line. The commands and their
options are read from the ``--help`` texts (``corpus_helpers.subcommand_words`` walks COMMAND, SUBCOMMAND and
ACTION; ``options_of`` lists each one's options): a new command or option is picked up without editing anything
here, and a new command fails ``test_every_command_has_a_base`` until ``corpus_helpers.arg_commands`` has a quick
valid command line for it on Corpby. Each case changes one option of that base line (an option it may not be given
with, e.g. ``network fetch --bbox`` for ``--place``, is left out: found by the parser too), or one positional argument
(named in ``--help``). What an option takes is asked of the parser itself: the value ``parse_known_args`` gives for
``7`` (int, float, Path, str); refused, a choice (``{a,b}``) or a text of a checked form (an address, a list).

Values: numbers get "", " ", "abc", "nan", "inf", "-inf", "-1", "0", "1.5", "1e400", "999999999"; choices "", "xx",
the first choice in capitals and every choice; texts "", " " (checked ones also "abc", "-1", "nan"); input paths "",
a missing file, an empty folder, a folder without the file (Corpby's roads), a user's notes file, a name of 300
bytes; output paths "", a folder that does not exist, a user's notes file (never replaced unasked), an existing
folder, this command's own input (the region file), a read-only folder, a name of 300 bytes. Hand cases add typo'd
and repeated scenarios, comma lists with an empty item, unknown formats, outputs on an input (also with --force, also
a file the region names), and options that conflict.

The oracle of every case: exit 0, or exit 2 with exactly one line on stderr holding "Fix:" and naming the option
(or the file, or the scenario); never exit 1 or a traceback; no file of Corpby, of the JEMSS model, of the sweep
read or the user's notes changed; values that are never legal ("", "nan", a missing input …) refused; and no case
runs longer than ``LIMIT`` seconds, nor one with 999999999 longer than ``BIG_LIMIT`` (refused before the work; a
seed's, which asks for no more work, has ``LIMIT``).
The ``network fetch`` cases run without a network: one that reaches the download has had its arguments accepted.
The read-only output folder cases (chmod 555) are skipped when run as root, to whom every folder is writable.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import socket
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from corpus_helpers import arg_commands, help_text, options_of, run_captured, subcommand_words, write_corpby
from test_jemss_import import write_lakeside

from raddsim.cli import build_parser, main
from raddsim.cli.args import OUTPUT_FILE_OPTIONS

#: Longest a case may run (s): Corpby's slowest command (report) takes ~1.5 s; an hour-long run is stopped here.
#: A huge number (999999999 replications, years, sets …) must be refused, or capped to a run this short. Both leave
#: room for another test process sharing the cores (``pytest -n auto``), which doubles a case's time.
LIMIT, BIG_LIMIT = 20, 10
#: Options whose huge value asks for less work, not more: a tolerance (``--precision`` minutes) that the first batch
#: of replications meets, so a run as long as a plain one (about 4 s alone; over 10 s once on a loaded CI machine).
LESS_WORK = ("--precision",)
#: Options whose value asks for no more work however large: a seed picks other random streams (the report's run on
#: Corpby is ≈ 6 s alone, above 10 s on a loaded machine, whatever its seed).
SAME_WORK = ("--seed", "--lhs-seed")
NUMBERS = ("", " ", "abc", "nan", "inf", "-inf", "-1", "0", "1.5", "1e400", "999999999")
TEXTS = ("", " ")
IN_PATHS = ("", "@missing", "@empty_folder", "@roads_folder", "@notes", "@long")
OUT_PATHS = ("", "@nodir", "@notes", "@empty_folder", "@region_file", "@readonly", "@long")
#: A file name longer than a file system takes (255 bytes): named by its first 40 characters.
LONG = "a" * 300
#: Values no option of a kind may take: refused (exit 2), never read as something else. A path: an input missing
#: or an empty folder; an output replacing a user's notes or the region file.
NEVER = {"int": {"", " ", "abc", "nan", "inf", "-inf", "1e400", "1.5"}, "float": {"", " ", "abc", "nan", "inf", "-inf",
                                                                                 "1e400"},
         "text": {"", " "}, "checked": {"", " "}, "path": {""}}
IN_NEVER, OUT_NEVER = {"@missing", "@empty_folder", "@long"}, {"@notes", "@region_file", "@readonly", "@long"}
#: A read-only folder (chmod 555) is writable to root: those cases are skipped when run as root.
ROOT_USER = os.geteuid() == 0
#: The options writing a file or a folder (the others' paths are read).
OUTPUTS = (*OUTPUT_FILE_OPTIONS, "out", "sweep_dir")
#: The base command lines with placeholder paths: their shape (where each option is) without a Corpby.
BASES = arg_commands(Path("R"), Path("O"), Path("J"), Path("S"))


PARSER = build_parser()


def _quiet_parse(argv: list[str]) -> dict | None:
    """The parsed namespace of ``argv`` (None when the parser refuses it), argparse's message swallowed."""
    with redirect_stderr(io.StringIO()):
        try:
            return vars(PARSER.parse_known_args(argv)[0])
        except SystemExit:
            return None


def conflicting(base: list[str], option: str) -> int | None:
    """Where ``base`` has the option that ``option`` may not be given with (``network fetch --bbox`` for
    ``--place``), found by the parser rather than listed: that option and its value are left out. An option the
    base gives itself is left out too: raddsim refuses an option given twice."""
    if option in base:
        return base.index(option)
    if _quiet_parse([*base, option, "7"]) is not None:
        return None
    return next((i for i in range(len(base) - 1) if base[i].startswith("--")
                 and _quiet_parse([*base[:i], *base[i + 2:], option, "7"]) is not None), None)


def _without(base: list[str], drop: int | None) -> list[str]:
    return base if drop is None else [*base[:drop], *base[drop + 2:]]


def _kind(base: list[str], option: str, metavar: str) -> tuple[str, str]:
    """What ``option`` takes on ``base``'s command — int, float, path, text, choice or a checked text (a value
    the parser's own type refuses "7" for: an address, a list) — and its attribute. An option the base gives is
    given "7" in its place (raddsim refuses an option given twice)."""
    trial = [*_without(base, base.index(option)), option, "7"] if option in base else [*base, option, "7"]
    before, after = _quiet_parse(base), _quiet_parse(trial)
    if after is None or before is None:
        return ("choice" if metavar.startswith("{") else "checked"), ""
    dest = next((k for k, v in after.items() if v != before.get(k)), "")
    value = after.get(dest)
    value = value[-1] if isinstance(value, list) and value else value
    kinds = {bool: "flag", int: "int", float: "float", str: "text"}
    return ("path" if isinstance(value, Path) else kinds.get(type(value), "text")), dest


def _values(kind: str, dest: str, metavar: str) -> list[str]:
    if kind in ("int", "float"):
        return list(NUMBERS)
    if kind == "choice":  # every choice (legal: runs), and three that are not
        choices = metavar.strip("{}").split(",")
        return ["", "xx", choices[0].upper(), *choices]
    if kind == "path":
        return list(OUT_PATHS if dest in OUTPUTS else IN_PATHS)
    return list(TEXTS) + (["abc", "-1", "nan"] if kind == "checked" else [])


def _generated() -> list:
    cases = []
    for words in subcommand_words(main):
        for option, metavar, title in options_of(help_text(main, words)):
            base = (*words, title) if (*words, title) in BASES else words
            if not metavar or base not in BASES:
                continue
            drop = conflicting(BASES[base], option)
            kind, dest = _kind(BASES[base] if option in BASES[base] else _without(BASES[base], drop), option, metavar)
            for value in _values(kind, dest, metavar):
                label = value if value.strip() else repr(value)
                cases.append(pytest.param(base, [option, value], kind, dest, drop,
                                          id=f"{' '.join(base)}:{option}={label}"))
    return cases


def positional_slots(words: tuple[str, ...]) -> list[tuple[int, str]]:
    """(index in the base command line, name in ``--help``) of each positional argument the base gives: the
    words that are neither options nor their values, after the words that select the parser."""
    parser_words = words if words in subcommand_words(main) else words[:-1]  # sweep summarize: sweep's parser
    text = help_text(main, parser_words)
    section = text.partition("positional arguments:")[2].split("\n\n")[0]
    names = re.findall(r"^  (\S+)", section, flags=re.M)
    takes = {o: bool(v) for o, v, _ in options_of(text)}
    base, slots, i = BASES[words], [], len(parser_words)
    while i < len(base):
        if base[i].startswith("--"):
            i += 2 if takes.get(base[i], True) else 1
            continue
        slots.append(i)
        i += 1
    return [(k, name) for k, name in zip(slots, names) if base[k] not in words]


def _positional_values(name: str) -> tuple[list[str], set[str]]:
    """The values of a positional argument by its name, and those never legal."""
    if name == "SCENARIO":
        return ["", " ", "loww"], {"", " ", "loww"}
    if name == "out":
        return list(OUT_PATHS), {""} | OUT_NEVER
    network = name in ("path", "source")  # a network: a nodes/arcs folder is one
    return list(IN_PATHS), {""} | IN_NEVER | (set() if network else {"@roads_folder"})


def _positionals() -> list:
    cases = []
    for words in BASES:
        for slot, name in positional_slots(words):
            values, never = _positional_values(name)
            cases += [pytest.param(words, slot, name, v, v in never, id=f"{' '.join(words)}:{name}={v or repr(v)}")
                      for v in values]
    return cases


#: Hand cases: (command, the arguments added to its base, what they test).
HAND = [
    (("run",), ["loww"], "a typo'd scenario"), (("run",), ["low", "low"], "a scenario twice"),
    (("run",), ["low", "--scenario", "low"], "a scenario twice"), (("compare",), ["sloww"], "a typo'd scenario"),
    (("target",), ["Low"], "a scenario in capitals"), (("map",), ["loww"], "a typo'd scenario"),
    (("report",), ["low", "loww"], "a typo'd scenario"), (("demand",), ["--scenario", "loww"], "a typo'd scenario"),
    (("map",), ["--format", "geojson,"], "a list with an empty item"),
    (("map",), ["--format", ",geojson"], "a list with an empty item"),
    (("map",), ["--format", "geojson,,png"], "a list with an empty item"),
    (("map",), ["--format", "bmp"], "an unknown format"), (("report",), ["--out", "@/x.docx"], "an unknown format"),
    (("demand",), ["--plot", "@/x.bmp"], "an unknown format"),
    (("sweep", "summarize"), ["--plot", "@/x.bmp"], "an unknown format"),
    (("sweep", "summarize"), ["--table", "@/x.docx"], "an unknown format"),
    (("network", "convert"), ["--force"], "an unknown format (x.docx)"),
    (("network", "fetch"), ["--place", "Corpby"], "conflicting options"),
    (("compare",), ["--uncertain", "2", "--workers", "2", "--scheduler", "tcp://localhost:1"], "conflicting"),
    (("calibrate",), ["--workers", "2", "--scheduler", "tcp://localhost:1"], "conflicting options"),
    (("sweep",), ["--workers", "2", "--processes", "2"], "conflicting options"),
    (("report",), ["--what-if-replications", "3"], "conflicting options"),  # with --no-what-if
    (("target",), ["--lever-replications", "3"], "conflicting options"),  # with --no-levers
    (("sweep",), ["--rows", "3"], "conflicting options"), (("sweep",), ["--plot", "@/x.png"], "conflicting options"),
    (("sweep", "summarize"), ["--processes", "2"], "conflicting options"),
    (("network", "fetch"), ["--name", "x"], "conflicting options"),  # with --out f.npz
    (("network", "fetch"), ["--format", "graphml"], "conflicting options"),
    (("compare",), ["--posterior", "@R/posterior.toml"], "conflicting options"),  # without --uncertain
    (("compare",), ["--out", "@/cmp"], "conflicting options"),
    (("calibrate",), ["--method", "bisect", "--sets", "5"], "conflicting options"),
    (("optimise",), ["--sweep-dir", "@/sd"], "conflicting options"),  # with --screen-only
    (("map",), ["--sim-cell", "1000"], "conflicting options"),  # without --simulate
    (("run",), ["--incidents", "@R/incidents.csv", "--warmup", "3"], "conflicting options"),
    (("demand",), ["--season", "summer", "--plot", "@/d.png"], "a season without an alarm in a short run"),
    (("run",), ["--lang", "xx"], "an unknown language"),
    (("run",), ["--region", "@R/region.toml"], "the region file instead of its folder"),
    (("network", "info"), ["--json", "@R/grid.osm"], "an output that is the input"),
    # "!": the whole command line after the command words, replacing the base's (positional inputs and outputs)
    (("network", "convert"), ["!", "@R/grid.osm", "@R/grid.osm", "--force"], "an output that is the input"),
    (("network", "convert"), ["!", "@R/roads", "@R/roads", "--force"], "an output that is the input"),
    (("network", "convert"), ["!", "@R/roads.zip", "@R/roads.zip", "--force"], "an output that is the input"),
    (("region", "new"), ["!", "@R", "--network", "@R/roads", "--stations", "@R/crews.csv", "--alarms-per-year", "9",
                         "--population", "9"], "an output that is the input"),
    (("region", "import-jemss"), ["!", "@J", "@J"], "an output that is the input"),
    (("sweep",), ["!", "@R/spec.toml", "--out", "@R", "--processes", "0", "--quiet"], "an output that is the input"),
    (("calibrate",), ["--out", "@R/region.toml", "--force"], "an output that is the input, with --force"),
    (("calibrate",), ["--write", "@R/types.toml", "--force"], "an output that is the input, with --force"),
    (("calibrate",), ["--json", "@R/roads/nodes.csv", "--force"], "an output that is the input, with --force"),
    (("network", "fetch"), ["!", "--polygon", "@R/boundary.geojson", "--out", "@R/boundary.geojson", "--refresh"],
     "an output that is the input"),
]


def _hashes(folders: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for f in folders for p in sorted(f.rglob("*"))
            if p.is_file()}


def _run(argv: list[str], limit: int = LIMIT) -> tuple[int, str, list[str]]:
    """Exit status, stdout and stderr's lines (printed, logged, Python warnings) of one command, stopped after
    ``limit`` seconds (exit status -1); a stubbed download (``_Downloading``) counts as a run."""
    return run_captured(argv, limit, {_Downloading: 0})


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Path]:
    """Corpby, a JEMSS model and a finished sweep of Corpby: read by every case, changed by none."""
    root = tmp_path_factory.mktemp("args")
    r, jemss = write_corpby(root / "r"), write_lakeside(root / "jemss")
    code, _, lines = _run(["sweep", str(r / "spec.toml"), "--region", str(r), "--out", str(root / "sweep"),
                           "--processes", "0", "--quiet"])
    assert code == 0, lines
    world = {"r": r, "jemss": jemss, "sweep": root / "sweep"}
    for name, folder in list(world.items()):  # a case that changes one is failed, and the copy put back
        shutil.copytree(folder, root / "pristine" / name)
    return world


def _restore(world: dict[str, Path]) -> None:
    for name, folder in world.items():
        shutil.rmtree(folder)
        shutil.copytree(folder.parent / "pristine" / name, folder)


class _Downloading(BaseException):
    """``network fetch`` reached its download: its arguments were accepted (nothing is downloaded here)."""


@pytest.fixture(autouse=True)
def _offline(monkeypatch) -> None:
    """No network: ``network fetch`` stops at its download (accepted), a Dask scheduler fails at once to connect
    (offline, osmnx would wait 60 s before its request)."""
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    def download(*args, **kwargs):
        raise _Downloading

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr("raddsim.network.fetch.download", download)


def _value(text: str, case: Path, world: dict[str, Path]) -> str:
    """A placeholder value (``@notes``, ``@R/…``, ``@/x.docx`` …) as the path it stands for in this case."""
    if not text.startswith("@"):
        return text
    name = text[1:]
    if name in ("R", "J"):
        return str(world["r" if name == "R" else "jemss"])
    if name.startswith("R/"):
        return str(world["r"] / name[2:])
    if name.startswith("/"):
        return str(case / name[1:])
    return {"missing": str(case / "missing.toml"), "empty_folder": str(case / "empty"),
            "roads_folder": str(world["r"] / "roads"), "notes": str(case / "notes.txt"),
            "nodir": str(case / "nodir" / "x.json"), "region_file": str(world["r"] / "region.toml"),
            "readonly": str(case / "ro" / "x.json"), "long": str(case / LONG)}[name]


def _base(words: tuple[str, ...], case: Path, world: dict[str, Path]) -> list[str]:
    return arg_commands(world["r"], case / "o", world["jemss"], world["sweep"])[words]


def _check(words, extra, case: Path, world, never: bool, named: list[str], drop: int | None = None,
           slot: int | None = None) -> None:
    (case / "o").mkdir()
    (case / "empty").mkdir()
    (case / "notes.txt").write_text("my notes: not raddsim's\n", encoding="utf-8")
    (case / "ro").mkdir(mode=0o555)
    base = _without(_base(words, case, world), drop)
    argv = [*base, *[_value(v, case, world) for v in extra]] if extra[:1] != ["!"] else [
        *words, *[_value(v, case, world) for v in extra[1:]]]
    if slot is not None:  # a positional argument's value replaced
        argv = [*base[:slot], _value(extra[0], case, world), *base[slot + 1:]]
    if words == ("network", "convert") and extra == ["--force"]:  # its output is positional: an unknown suffix
        argv[3] = str(case / "x.docx")
    watched = [world["r"], world["jemss"], world["sweep"]]
    before = {**_hashes(watched), **_hashes([case])}  # the user's notes: never replaced
    limit = LIMIT if "999999999" not in extra or extra[0] in LESS_WORK + SAME_WORK else BIG_LIMIT
    code, out, lines = _run(argv, limit)
    text = "\n".join(lines)
    assert code != -1, f"still running after {limit} s: not refused before the work ({extra})"
    assert "Traceback" not in text and code in (0, 2), f"exit {code}: {text}"
    after = _hashes([*watched, case])
    changed = [p for p, h in before.items() if after.get(p) != h]
    if changed:
        _restore(world)
    assert not changed, f"changed or removed: {changed}"
    if code == 0:
        assert not never, f"accepted: {extra}: {out[-300:]}"
        return
    assert len(lines) == 1, f"{len(lines)} lines on stderr: {lines}"
    assert "Fix:" in text and any(n in text for n in named), text


@pytest.mark.parametrize(("words", "extra", "kind", "dest", "drop"), _generated())
def test_a_bad_option_value_gives_one_message_or_runs(world, words, extra, kind, dest, drop, tmp_path,
                                                      monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a relative output ("abc") lands in the case's folder
    option, value = extra
    if value == "@readonly" and ROOT_USER:
        pytest.skip("a read-only folder is writable to root")
    out = dest in OUTPUTS
    never = (kind == "choice" and (value in ("", "xx") or value != value.lower())  # a choice in capitals too
             or value in NEVER.get(kind, ()) or value in (OUT_NEVER if out else IN_NEVER)
             or value == "@roads_folder" and dest != "network")  # a folder of roads: a network, no other input
    named = [option, _value(value, tmp_path, world), LONG[:40]] if value.startswith("@") else [option]
    _check(words, extra, tmp_path, world, never, named, drop)


@pytest.mark.parametrize(("words", "slot", "name", "value", "never"), _positionals())
def test_a_bad_positional_argument_gives_one_message_or_runs(world, words, slot, name, value, never, tmp_path,
                                                             monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    if value == "@readonly" and ROOT_USER:
        pytest.skip("a read-only folder is writable to root")
    named = [name, _value(value, tmp_path, world), "SCENARIO", "Did you mean", "raddsim ", LONG[:40]]
    _check(words, [value], tmp_path, world, never, named, slot=slot)


@pytest.mark.parametrize(("words", "extra", "what"), [pytest.param(*h, id=f"{' '.join(h[0])}:{' '.join(h[1])}")
                                                      for h in HAND])
def test_a_bad_command_line_gives_one_message_or_runs(world, words, extra, what, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    names = [*(_value(e, tmp_path, world) for e in extra if e.startswith(("-", "@"))), "SCENARIO", "low", "slow",
             "x.docx", "x.bmp", "bmp"]
    never = what not in ("the region file instead of its folder", "a list with an empty item",
                         "a season without an alarm in a short run")
    if what == "a typo'd scenario":  # the name meant, not only the list
        names = ["Did you mean"]
    _check(words, extra, tmp_path, world, never, names)


def test_every_command_has_a_base() -> None:
    """A new command (found in the --help texts) needs a quick valid command line on Corpby to be mutated."""
    assert set(subcommand_words(main)) <= set(BASES), set(subcommand_words(main)) - set(BASES)


def test_the_option_kinds_are_read_from_the_parser() -> None:
    """The walk finds what each option takes (so a new option gets its kind's mutations without a table)."""
    assert _kind(BASES[("run",)], "--replications", "N")[0] == "int"
    assert _kind(BASES[("run",)], "--years", "YEARS")[0] == "float"
    assert _kind(BASES[("run",)], "--json", "PATH") == ("path", "json")
    assert _kind(BASES[("run",)], "--lang", "{en,sv}")[0] == "choice"
    assert _kind(BASES[("compare",)], "--scheduler", "ADDR")[0] == "checked"
    fetch = BASES[("network", "fetch")]
    assert fetch[conflicting(fetch, "--place")] == "--bbox" and conflicting(fetch, "--name") is None
    assert fetch[conflicting(fetch, "--out")] == "--out"  # given by the base: the case's value takes its place
    assert len(_generated()) > 1000  # every command's options were found


def _given_in_bases() -> list:
    """(command words, base, index) of every value-taking option a base command line gives."""
    commands, cases = subcommand_words(main), []
    for words, base in BASES.items():
        text = help_text(main, words if words in commands else words[:-1])  # sweep summarize: sweep's parser
        valued = {option for option, metavar, _ in options_of(text) if metavar}
        cases += [pytest.param(words, base, i, id=f"{' '.join(words)}:{word}") for i, word in enumerate(base)
                  if word in valued]
    return cases


@pytest.mark.parametrize(("words", "base", "i"), _given_in_bases())
def test_an_option_given_twice_is_refused_or_adds_to_a_list(words, base, i) -> None:
    # argparse keeps the last of `--years 1 … --years 5` without a word; a list option (--scenarios-file,
    # --where) keeps both.
    twice, err = [*base, base[i], base[i + 1]], io.StringIO()
    with redirect_stderr(err):
        try:
            parsed = vars(PARSER.parse_known_args(twice)[0])
        except SystemExit as ex:
            lines = err.getvalue().strip().splitlines()
            assert ex.code == 2 and len(lines) == 1, lines
            assert f"argument {base[i]}" in lines[0] and "given twice" in lines[0] and "Fix:" in lines[0], lines[0]
            return
    assert any(isinstance(v, list) and len(v) >= 2 for v in parsed.values()), f"{twice}: one value silently kept"
