"""Arguments shared by the subcommands: numbers with a lower bound (argparse usage errors) and the options
every simulating command has (seed, region, scenario files, JSON, language), written once so they read and
behave the same on every command."""

from __future__ import annotations

import argparse
import difflib
import math
import re
from pathlib import Path
from typing import Any, Callable, NoReturn, Protocol

from raddsim.core.bounds import DEFAULT_SEED, MAX_REPLICATIONS, MAX_SEED, MAX_TARGET_MINUTES, MAX_YEARS
from raddsim.core.errors import InputError
from raddsim.core.text import thousands_hint


def _bounded(kind: type, low: float, exclusive: bool, high: float = math.inf) -> Callable[[str], float]:
    what = "a whole number" if kind is int else "a number"
    bound = f"greater than {low:g}" if exclusive else f"at least {low:g}"

    def parse(text: str):
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
        if not (value > low if exclusive else value >= low):
            raise argparse.ArgumentTypeError(f"must be {bound}, got {value}")
        if value > high:  # a whole number's bound exactly (--seed: 2**128 - 1, not 3.40282e+38)
            most = f"{int(high)}" if kind is int else f"{high:g}"
            raise argparse.ArgumentTypeError(f"must be at most {most}, got {text}")
        return value

    return parse


positive_int = _bounded(int, 1, exclusive=False, high=MAX_REPLICATIONS)
non_negative_int = _bounded(int, 0, exclusive=False, high=10_000)
positive_float = _bounded(float, 0, exclusive=True)
#: ``--target``: minutes, positive, at most a day (raddsim.core.bounds.MAX_TARGET_MINUTES).
target_minutes = _bounded(float, 0, exclusive=True, high=MAX_TARGET_MINUTES)
non_negative_float = _bounded(float, 0, exclusive=False)
#: ``--offroad-kmh``: the off-road leg's speed (km/h). Below 1 km/h no resident is reached and above road
#: speeds none needs a road: a typo (1e-9, 1e9), not a scenario.
offroad_kmh = _bounded(float, 1, exclusive=False, high=130)
#: ``--years``: positive, finite, at most :data:`MAX_YEARS`.
years = _bounded(float, 0, exclusive=True, high=MAX_YEARS)
#: ``--seed``: a non-negative whole number (SeedSequence refuses negative entropy).
seed = _bounded(int, 0, exclusive=False, high=MAX_SEED)
#: Longest ``--warmup`` in days (ten years; raddsim.experiment.runs.MAX_WARMUP_DAYS: every replication simulates it).
MAX_WARMUP_DAYS = 3650.0
#: ``--warmup``: days, 0 to :data:`MAX_WARMUP_DAYS`.
warmup_days = _bounded(float, 0, exclusive=False, high=MAX_WARMUP_DAYS)


def add_warmup(p: ArgumentAdder) -> None:
    """``--warmup DAYS``: days simulated before each replication's measured period, not counted in any figure."""
    p.add_argument("--warmup", type=warmup_days, default=0.0, metavar="DAYS",
                   help="simulate DAYS before each replication's measured period so it does not start with every "
                        "crew free (its alarms are in no figure; e.g. 30; default 0 = none)")


def add_target(p: ArgumentAdder) -> None:
    """``--target MIN``: the response-time target replacing the region's ``[region] target_minutes`` (pass it to
    ``load_region(..., target_minutes=args.target)``, which checks it and warns of a target in seconds); target
    zones keep their own targets, the alarms outside every zone are read against it."""
    p.add_argument("--target", type=target_minutes, default=None, metavar="MIN",
                   help="response-time target in minutes (default: the region's)")


def scheduler_address(text: str) -> str:
    """``--scheduler``: a Dask scheduler address, ``[tcp://|tls://]HOST:PORT`` (other protocols: check_scheduler).

    distributed would otherwise fail deep inside its connect with "missing port number in address".
    """
    from urllib.parse import urlsplit

    parts = urlsplit(text if "://" in text else f"tcp://{text}")
    if parts.scheme not in ("tcp", "tls"):
        return text
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        port = None
    if not parts.hostname or port is None or any(c.isspace() for c in text) or parts.path not in ("", "/"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a scheduler address: write PROTOCOL://HOST:PORT, "
                                         "e.g. tls://scheduler.example.org:8786 (tcp:// only on a trusted network)")
    return text


def check_scheduler(args: argparse.Namespace) -> None:
    """Refuse a ``--scheduler`` no Dask scheduler is reached at (the dashboard's ``http://`` address, ``inproc://``),
    and the client's certificates that cannot serve it (:func:`tls_files`: one missing for a ``tls://`` scheduler,
    files for a ``tcp://`` one or for none), before any work or file: each was found only after work had been done.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (a command without ``--scheduler`` or TLS files passes).

    Raises
    ------
    InputError
        Naming ``scheduler`` (re-worded ``--scheduler``) or the TLS option, and what to give.
    """
    scheduler, tls = getattr(args, "scheduler", None), tls_files(args)
    if isinstance(scheduler, str):
        from raddsim.core.daskclient import check_scheduler_address, dask_security

        check_scheduler_address(scheduler)
        if tls or scheduler.strip().lower().startswith("tls://"):
            # The certificates now, before any work: a missing one was found after optimise's screening or compare's
            # plain comparison had run.
            dask_security(scheduler, tls, warn=False)
    elif tls:
        given = [f"--{k.replace('_', '-')}" for k in TLS_OPTIONS if getattr(args, k, None)]
        raise InputError(f"{', '.join(given)}: TLS files are for a tls:// scheduler, and no --scheduler is given.",
                         field=given[0], fix="give --scheduler tls://HOST:PORT, or leave out the TLS files.")


#: The client's certificate options of a command that runs on a Dask scheduler (:func:`add_workers`).
TLS_OPTIONS = ("tls_ca_file", "tls_cert", "tls_key")


def tls_files(args: argparse.Namespace) -> tuple[str | None, str | None, str | None] | None:
    """``(--tls-ca-file, --tls-cert, --tls-key)`` as given (see :func:`add_workers`), or None when none is."""
    ca, cert, key = (getattr(args, name, None) for name in TLS_OPTIONS)
    return (ca, cert, key) if ca or cert or key else None


def usage_error(prog: str, message: str) -> InputError:
    """argparse's usage error ``message`` as one error with a fix (the choices, the value an option lacks).

    Parameters
    ----------
    prog
        The command (``raddsim run``).
    message
        argparse's text, e.g. ``argument --lang: invalid choice: 'xx' (choose from 'en', 'sv')``.

    Returns
    -------
    InputError
        argparse's text, unchanged, with a fix naming the option and what it takes.
    """
    option = re.match(r"argument (\S+?):", message)
    name = option.group(1).split("/")[0] if option else ""
    choice = re.search(r"invalid choice: '(.*)' \(choose from (.*)\)$", message)
    if choice:
        # Quoted ('en', 'sv') up to Python 3.13; newer argparse writes the choices bare (en, sv).
        choices = re.findall(r"'([^']*)'", choice.group(2)) or [c.strip() for c in choice.group(2).split(",")]
        near = difflib.get_close_matches(choice.group(1).strip().lower(), choices, n=1, cutoff=0.5)
        fix = f"{f'did you mean {name} {near[0]}? Give' if near else 'give'} {name} one of: {', '.join(choices)}."
    elif message.startswith("one of the arguments"):  # a required group: --place, --polygon or --bbox
        fix = f"give one of {', '.join(message.split()[4:-2])}."
    elif "not allowed with argument" in message:
        fix = f"give {name} or {message.rpartition(' ')[2]}, not both."
    elif message.startswith("the following arguments are required:"):
        fix = f"give {message.partition(': ')[2]}; `{prog} --help` shows what each takes."
    elif ": given twice (" in message:
        fix = f"give {name} once, with the value meant."
    elif name and re.search(r"invalid (int|float) value: '[\d\s,.]*[,.\s]\d*'$", message):  # "1,500", "5.000"
        fix = _separator_fix(name, message)
    elif name and message.endswith("expected one argument"):
        fix = f"give {name} a value right after it, or leave the option out."
    elif name:
        fix = f"give {name} a value as `{prog} --help` describes it, or leave the option out."
    else:
        fix = f"`{prog} --help` lists its arguments."
    return InputError(message.rstrip(".") + ".", fix=fix)


def _separator_fix(name: str, message: str) -> str:
    """The fix for a number argparse refused for its separator: ``--alarms-per-year 1,500`` is 1500 (or 1.5)."""
    kind, text = re.findall(r"invalid (int|float) value: '(.*)'$", message)[0]
    if thousands_hint(text):
        plain = re.sub(r"[^0-9]", "", text)
        decimal = text.replace(",", ".") if kind == "float" and text.count(",") == 1 and "." not in text else ""
        return (f"write {name} {plain} (no thousands separator)" +
                (f", or {name} {float(decimal):g} if the comma is a decimal comma." if decimal else "."))
    if kind == "float" and re.fullmatch(r"\s*-?\d+,\d+\s*", text):
        return f"write {name} {text.strip().replace(',', '.')} (a decimal point, not a comma)."
    return f"give {name} a {'whole number' if kind == 'int' else 'plain number with a decimal point'}."


class OneLineParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line with a fix, like raddsim's other errors.

    argparse's own prints the command's whole usage block before the error, which names neither a fix nor, on a
    long command, the option that was wrong where a newcomer looks first; its subcommands' parsers are of this
    class too (``add_subparsers`` makes them of the parent's class).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every option that stores a value (argparse's default action, in this parser and its groups) is taken
        # once: argparse keeps the last of `--years 1 … --years 5` without a word.
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)
        self.given: dict[str, str] | None = None

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:  # noqa: D102 - argparse's own
        self.given = {}  # dest → how it was given, for this parse (a subcommand's parser has its own)
        try:
            return super().parse_known_args(args, namespace)
        finally:
            self.given = None

    def error(self, message: str) -> NoReturn:  # noqa: D102 - argparse's documented hook
        self.exit(2, f"{self.prog}: error: {usage_error(self.prog, message)}\n")


class _StoreOnce(argparse.Action):
    """argparse's "store" action, refusing an option given a second time (which argparse reads as the last)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        given = getattr(parser, "given", None)
        if option_string is not None and given is not None:
            shown = " ".join(map(str, values)) if isinstance(values, (list, tuple)) else str(values)
            said = f"{option_string} {shown}".strip()
            if self.dest in given:
                parser.error(f"argument {'/'.join(self.option_strings)}: given twice ({given[self.dest]!r}, "
                             f"then {said!r})")
            given[self.dest] = said
        setattr(namespace, self.dest, values)


class Subcommands(Protocol):
    """What a subcommand module's ``add_parser`` gets: ``ArgumentParser.add_subparsers()``'s result (its class
    is private to argparse, so it is named here by what it does)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


class _Exact:
    """Subcommands whose parsers take options only by their full names.

    argparse's default completes a prefix (``--scenario`` → ``--scenarios-file``), which turns a
    mistyped or missing option into a confusing error about another one.
    """

    def __init__(self, sub: Subcommands) -> None:
        self._sub = sub

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        kwargs.setdefault("allow_abbrev", False)
        parser = self._sub.add_parser(name, **kwargs)
        _PARSERS[tuple(parser.prog.split()[1:])] = parser  # ("network", "info"): named in unknown-option errors
        return parser


#: Every subcommand's parser by the words that select it, so an unknown option can name its command.
_PARSERS: dict[tuple[str, ...], argparse.ArgumentParser] = {}


def unrecognized_arguments(root: argparse.ArgumentParser, argv: list[str], extras: list[str]) -> InputError:
    """One error for arguments no parser took: the command they were given to and the option probably meant.

    argparse's own message prints the top-level usage (``raddsim [-h] … COMMAND``), which names neither the
    command nor its options; a newcomer who typed ``--rep`` is told ``--replications``.

    Parameters
    ----------
    root
        The ``raddsim`` parser (its options are meant when no subcommand was given).
    argv
        The command line as given (without the program name).
    extras
        The arguments no parser recognised.

    Returns
    -------
    InputError
        Naming the command, the arguments and, for an option, the nearest full name the command has.
    """
    words = max((k for k in _PARSERS if tuple(argv[:len(k)]) == k), key=len, default=())
    command = " ".join(("raddsim", *words))
    # `raddsim sweep summarize DIR` is one parser whose first positional reads "summarize": name it as typed.
    said = f"{command} summarize" if words == ("sweep",) and argv[1:2] in (["summarize"], ["summarise"]) else command
    options = sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", _PARSERS.get(words, root).format_help())))
    meant: list[str] = []
    for extra in (e.split("=")[0] for e in extras if e.startswith("--")):
        near = [o for o in options if o.startswith(extra)] or difflib.get_close_matches(extra, options, n=1, cutoff=0.8)
        meant += [o for o in near[:3] if o not in meant]
    why = " (options are taken only by their full names)" if any(e.startswith("--") for e in extras) else ""
    fix = f"did you mean {' or '.join(meant)}? " if meant else ""
    return InputError(f"unrecognized arguments: {' '.join(extras)}{why}.", field=said,
                      fix=f"{fix}`{command} --help` lists its options.")


def unknown_command(argv: list[str]) -> InputError | None:
    """The error for a command word no parser has (``raddsim optimize``, ``raddsim network infoo``), else None.

    argparse prints the top-level usage and "invalid choice" with no suggestion; a newcomer who typed the
    American spelling, or a command one letter off, is told the command meant (as for a mistyped option).

    Parameters
    ----------
    argv
        The command line as given (without the program name).

    Returns
    -------
    InputError or None
        Naming the command word, the nearest command and the ``--help`` that lists them; None when every
        command word is known (a command's own arguments and options are left to its parser).
    """
    prefix: tuple[str, ...] = ()
    for word in argv:
        if word.startswith("-"):
            if prefix:  # a command's options: its parser reads them
                return None
            continue  # raddsim's own -v, --version, --help take no value
        choices = sorted(k[-1] for k in _PARSERS if len(k) == len(prefix) + 1 and k[:len(prefix)] == prefix)
        if not choices:  # a command's positional argument (a scenario, a path)
            return None
        if word not in choices:
            command = " ".join(("raddsim", *prefix))
            near = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
            meant = f"did you mean {near[0]}? " if near else ""
            return InputError(f"unknown command {word!r}.", field=command,
                              fix=f"{meant}`{command} --help` lists its commands: {', '.join(choices)}.")
        prefix += (word,)
    return None


def empty_argument(argv: list[str]) -> InputError | None:
    """The error for an empty or blank argument (``--json ""``, ``--scenario " "``), else None.

    An unset shell variable (``--out "$OUT"``) gives one; argparse reads an empty path as ``.``, the folder the
    command runs in (``--stations ""`` read the region there, ``--json ""`` failed on "is a directory"), an empty
    scenario as a scenario named "". Refused here, before any parser, naming the option it was given to.

    Parameters
    ----------
    argv
        The command line as given (without the program name).

    Returns
    -------
    InputError or None
        Naming the option (or the command, for a positional argument) and the fix.
    """
    for i, word in enumerate(argv):
        option, value = word.partition("=")[::2] if word.startswith("--") and "=" in word else ("", word)
        if value.strip():
            continue
        option = option or (argv[i - 1] if i and argv[i - 1].startswith("-") else "")
        if not option:
            words = max((k for k in _PARSERS if tuple(argv[:len(k)]) == k), key=len, default=())
            return InputError("an argument is empty (a shell variable that was not set?).",
                              field=" ".join(("raddsim", *words)), fix="give the argument a value, or leave it out.")
        return InputError("is empty (a shell variable that was not set?).", field=option,
                          fix=f"give {option} a value, or leave the option out.")
    return None


def subcommands(p: argparse.ArgumentParser, dest: str, metavar: str) -> Subcommands:
    """``p.add_subparsers`` whose parsers accept options only by their full names (no prefixes)."""
    return _Exact(p.add_subparsers(dest=dest, metavar=metavar))


def add_scenarios(p: argparse.ArgumentParser, help: str) -> None:
    """Scenario names as positional arguments and as ``--scenario NAME`` (repeatable), in that order.

    ``run`` and ``demand`` take ``--scenario``; the commands that compare take names as arguments:
    both forms work everywhere, so a command line from one command's example works on another's.
    Read them with :func:`scenario_names`.
    """
    p.add_argument("scenarios", nargs="*", metavar="SCENARIO", help=help)
    p.add_argument("--scenario", dest="scenario_option", action="append", default=[], metavar="NAME",
                   help="a scenario, as an option (repeatable; the same as naming it as an argument)")


def take_stray_scenarios(args: argparse.Namespace, extras: list[str]) -> list[str]:
    """Scenario names given after options (``compare low --years 2 high``) added to ``args.scenarios``.

    argparse reads a list of positional arguments once, where it first meets one: a name after an option came back
    as "unrecognized arguments: high". Returns the extras left (all of them when one is an option, or the command
    takes no scenario names).
    """
    if not isinstance(getattr(args, "scenarios", None), list) or any(e.startswith("-") for e in extras):
        return extras
    args.scenarios += extras
    return []


def scenario_names(args: argparse.Namespace) -> list[str]:
    """The scenarios named as arguments, then those given with ``--scenario``; a name given twice is refused."""
    names = [*args.scenarios, *args.scenario_option]
    twice = [n for i, n in enumerate(names) if n in names[:i]]
    if twice:  # results are keyed by name: one would be lost (`run low --scenario low` ran one, unsaid)
        from raddsim.core.errors import InputError

        raise InputError(f"scenario '{twice[0]}' is named more than once.", field="SCENARIO",
                         fix="name each scenario once.")
    return names


def help_and_fail(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """The action of a command group called without a subcommand: print its help, exit code 2."""

    def show(args: argparse.Namespace) -> int:
        p.print_help()
        return 2

    return show


def add_workers(p: ArgumentAdder, what: str = "") -> None:
    """``--processes``, ``--workers`` and ``--scheduler``: where a command's simulations run (local processes,
    a local Dask cluster, or a running one), and the client's certificates a ``tls://`` scheduler needs
    (``--tls-ca-file``, ``--tls-cert``, ``--tls-key``: :func:`tls_files`); ``what`` says which part of the command
    they apply to."""
    p.add_argument("--processes", type=non_negative_int, default=None, metavar="N",
                   help=f"{what}local worker processes (default: all cores; 0 = in this process)")
    p.add_argument("--workers", type=positive_int, default=None, metavar="N",
                   help=f"{what}start a local Dask cluster of N workers (needs the sweep extra)")
    p.add_argument("--scheduler", type=scheduler_address, default=None, metavar="ADDR",
                   help=f"{what}use a running Dask scheduler, e.g. tls://host:8786 with the three files below (plain "
                        "tcp:// only on a trusted network; see the README)")
    p.add_argument("--tls-ca-file", default=None, metavar="PEM",
                   help="tls://: the CA certificate the cluster's certificates are signed with")
    p.add_argument("--tls-cert", default=None, metavar="PEM", help="tls://: this client's certificate")
    p.add_argument("--tls-key", default=None, metavar="PEM", help="tls://: this client's private key")


class ArgumentAdder(Protocol):
    """A parser or an argument group: anything options can be added to."""

    def add_argument(self, *args: Any, **kwargs: Any) -> Any: ...


#: Master seed of the random streams when none is given.


def add_seed(p: argparse.ArgumentParser) -> None:
    """``--seed``: the master seed of the random streams."""
    p.add_argument("--seed", type=seed, default=DEFAULT_SEED,
                   help=f"master seed of the random streams (same seed, same output; default {DEFAULT_SEED})")


def add_region(p: argparse.ArgumentParser, scenarios: bool = True) -> None:
    """``--stations``/``--region`` (a region file or a folder holding region.toml) and ``--scenarios-file``."""
    p.add_argument("--stations", "--region", dest="stations", type=Path, default=None, metavar="PATH",
                   help="region file, or a folder holding region.toml (default: the embedded Norrtälje region)")
    if scenarios:
        p.add_argument("--scenarios-file", type=Path, action="append", default=None, metavar="PATH",
                       help="extra scenario file(s) with [scenarios.<name>] tables, e.g. one written by raddsim "
                            "calibrate or optimise (repeatable)")


def add_json(p: argparse.ArgumentParser, what: str = "the results") -> None:
    """``--json``: also write the command's results as JSON."""
    p.add_argument("--json", type=Path, default=None, metavar="PATH", help=f"also write {what} as JSON to this file")


def add_force(p: argparse.ArgumentParser) -> None:
    """``--force``: replace an existing output file raddsim did not write (its own are replaced without it)."""
    p.add_argument("--force", action="store_true",
                   help="replace existing output files even if raddsim did not write them (its own earlier outputs "
                        "are replaced without it)")


def add_lang(p: argparse.ArgumentParser, what: str = "the printed text") -> None:
    """``--lang``: English or Swedish output."""
    from raddsim.views.i18n import LANGS

    p.add_argument("--lang", choices=LANGS, default="en", help=f"language of {what}: en or sv (Swedish)")


#: Commands whose ``--out`` is a folder (created if missing), and those where it is a file;
#: for other commands an existing folder or a name without suffix is taken as a folder.
OUT_IS_DIRECTORY = {"map", "sweep", "optimise", "compare"}
OUT_IS_FILE = {"calibrate", "report"}
#: Hooks a command's parser may set with ``set_defaults`` for :func:`check_outputs_spare_inputs`, so that the
#: generic check holds no command's own rules: ``out_form(out)`` refuses an ``--out`` of the wrong form before any
#: other output check; ``outputs_beside(args)`` gives the (option, path) of each file written beside ``--out``,
#: each refused like an output when it exists and raddsim did not write it. ``report`` sets both
#: (raddsim.cli.report).
OUTPUT_HOOKS = ("out_form", "outputs_beside")
#: Options that name an output file, on any command that has them (``write``: calibrate's posterior).
OUTPUT_FILE_OPTIONS = ("json", "plot", "table", "write", "alarms")


#: Output files whose name must end as what is written in them says: (command or None for any, option attribute)
#: → the endings, what is written, a hint after the first ending. ``--alarms``: raddsim.experiment.alarm_table;
#: ``sweep summarize --table`` (.csv) and ``report --out`` (.html) are checked by their own code.
OUTPUT_ENDINGS: dict[tuple[str | None, str], tuple[tuple[str, ...], str, str]] = {
    (None, "json"): ((".json",), "JSON text", ""),
    ("calibrate", "out"): ((".toml",), "a TOML scenario file (for --scenarios-file)", ""),
    ("calibrate", "write"): ((".toml",), "a TOML posterior file (for compare --posterior)", ""),
}


def check_output_endings(args: argparse.Namespace) -> None:
    """Refuse an output file named for another kind of file (``--alarms out.xlsx``, ``--json res.csv``) before any
    work: CSV or JSON text was written under that name, which Excel and others then refused or misread.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Raises
    ------
    InputError
        Naming the option, the file and the ending to give.
    """
    from raddsim.core.io import check_output_ending

    alarms = getattr(args, "alarms", None)
    if isinstance(alarms, Path):
        from raddsim.experiment.alarm_table import check_alarm_file

        check_alarm_file(alarms, "--alarms")
    command = getattr(args, "command", None)
    for (only, name), (endings, what, hint) in OUTPUT_ENDINGS.items():
        value = getattr(args, name, None)
        if only in (None, command) and isinstance(value, Path):
            check_output_ending(value, endings, what, option="--" + name, hint=hint)


#: The last second a Python datetime holds (9999-12-31 23:59:59 UTC): a later SOURCE_DATE_EPOCH fails when the
#: GeoPackage and PDF files are dated, i.e. after the work is done.
MAX_EPOCH = 253_402_300_799
#: Environment variables raddsim reads, each a whole number: the variable, the smallest value, the largest
#: (None: no bound) with what a larger value means, and what it is.
ENVIRONMENT_NUMBERS = (
    ("RADDSIM_PROCESSES", 1, None, "the most processes raddsim forks at once"),
    ("SOURCE_DATE_EPOCH", 0, (MAX_EPOCH, "is after year 9999"),
     "the time written into GeoPackage and PDF files and the board report's date, seconds since 1970-01-01 UTC"),
)


def check_environment(environ: dict[str, str] | None = None) -> None:
    """Refuse a malformed raddsim environment variable up front, naming it (not ignored, not a library traceback).

    ``SOURCE_DATE_EPOCH`` is read by numpy's f2py on import too, which fails with a bare ValueError.
    """
    import os

    from raddsim.core.errors import InputError

    env = os.environ if environ is None else environ
    for name, least, most, what in ENVIRONMENT_NUMBERS:
        value = env.get(name, "").strip()
        if value and not (value.isdigit() and int(value) >= least):
            raise InputError(f"{value!r} is not a whole number ≥ {least} ({what}).", field=name,
                             fix=f"set it to a whole number, or unset it (unset {name}).")
        if value and most is not None and int(value) > most[0]:
            raise InputError(f"{value} {most[1]} ({what}).", field=name,
                             fix=f"give at most {most[0]}, e.g. $(git log -1 --format=%ct), or unset {name}.")


def named_files(toml_file: Path) -> list[Path]:
    """The files a TOML input names beside it (a region's network, demand tables, types; a spec's region), read
    from every text value that is an existing path relative to its folder; a named folder gives its files.

    Parameters
    ----------
    toml_file : Path
        A region, scenarios, spec or options file.

    Returns
    -------
    list of Path
        The existing files, resolved; none for a file that cannot be read (its command reports that itself).
    """
    import tomllib

    try:
        data = tomllib.loads(toml_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError):
        return []
    found: list[Path] = []
    texts = [data]
    while texts:
        value = texts.pop()
        if isinstance(value, (dict, list)):
            texts += list(value.values()) if isinstance(value, dict) else value
        elif isinstance(value, str) and value.strip() and not any(c in value for c in "\0\n"):
            found += _files_at(toml_file.parent, value)
    return found


def _files_at(folder: Path, text: str) -> list[Path]:
    """The file ``text`` names relative to ``folder`` (a folder's files), or none: a name, a description."""
    try:
        path = (folder / text).resolve()
        if path.is_file():
            return [path]
        if path.is_dir() and path != folder.resolve():  # a nodes/arcs network folder
            return [f.resolve() for f in path.iterdir() if f.is_file()]
    except OSError:  # a long description is no file name
        pass
    return []


def _input_files(args: argparse.Namespace) -> dict[Path, str]:
    """The existing files a command line names as inputs (resolved path → option), outputs left out, with the
    files its TOML inputs name (``calibrate --write types.toml --force`` would replace the region's types)."""
    found: dict[Path, str] = {}
    for name, value in vars(args).items():
        if name in OUTPUT_FILE_OPTIONS or name == "out":
            continue
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, Path):
                v = v / "region.toml" if v.is_dir() and name == "stations" else v
                if v.is_file():
                    option = "--" + name.replace("_", "-")
                    found[v.resolve()] = option
                    named = named_files(v) if v.suffix.lower() == ".toml" else []
                    found.update({f: f"{option}, which names it" for f in named if f not in found})
    return found


def check_outputs_spare_inputs(args: argparse.Namespace) -> None:
    """Refuse an output that would replace this command's input, or an existing file raddsim did not write.

    A slip of the shell's completion (``--json stations/norrtalje.toml``, ``--json zones.json`` for
    ``zones_res.json``) must not turn a planner's file into results: only a file with raddsim's mark
    (:func:`raddsim.core.io.written_by_raddsim`) is replaced without ``--force``.
    """
    from raddsim.core.errors import InputError
    from raddsim.core.io import refuse_foreign

    out_form, beside = getattr(args, "out_form", None), getattr(args, "outputs_beside", None)  # OUTPUT_HOOKS
    if out_form is not None and isinstance(getattr(args, "out", None), Path):
        out_form(args.out)  # first: "give --out rapport.html" helps more than "not written by raddsim"
    inputs = _input_files(args)
    # out and write first: calibrate's own check (raddsim/cli/calibrate.py) names --out, --write, --json in that order
    outs = [(f"--{n}", getattr(args, n, None)) for n in dict.fromkeys(("out", "write", *OUTPUT_FILE_OPTIONS))]
    given: dict[Path, str] = {}
    for option, path in outs:  # demand --plot a.png --json a.png: the plot would replace the JSON, unsaid
        if isinstance(path, Path) and given.setdefault(path.resolve(), option) != option:
            raise InputError(f"{option} names the same file as {given[path.resolve()]}: one output would replace "
                             "the other.", file=path, field=option, fix=f"give {option} another path.")
    for option, path in outs:
        if not isinstance(path, Path) or not path.is_file():
            continue
        if path.resolve() in inputs:
            raise InputError(f"is also this command's input ({inputs[path.resolve()]}): writing {option} there "
                             "would replace it.", file=path, field=option, fix="give another output path.")
        # raddsim's own earlier output is replaced (re-running is normal), another file only with --force;
        # calibrate, optimise, region new and network convert refuse every existing output themselves.
        folder = option == "--out" and getattr(args, "command", None) in OUT_IS_DIRECTORY  # said as not a folder
        own = getattr(args, "own_output_rule", ())  # True: every output; or the options checked by their own rule
        if not getattr(args, "force", False) and not (own is True or option in own) and not folder:
            refuse_foreign(path, option)
    for option, path in beside(args) if beside is not None and not getattr(args, "force", False) else ():
        refuse_foreign(path, option)  # a file written beside --out (report --pdf's PDF) is an output too


def refuse_empty(args: argparse.Namespace, *names: str) -> None:
    """Refuse a text option given as an empty string (a shell variable that was not set): never read as left out.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.
    *names : str
        The options' attribute names (``"timezone"`` for ``--timezone``).

    Raises
    ------
    InputError
        Naming the option and the fix.
    """
    from raddsim.core.errors import InputError

    for name in names:
        value = getattr(args, name, None)
        if isinstance(value, str) and not value.strip():
            option = "--" + name.replace("_", "-")
            raise InputError("is empty (a shell variable that was not set?).", field=option,
                             fix=f"give {option} a value, or leave the option out.")


#: Options holding a grid cell size (m), by their attribute name, with their default (map and report's --sim-cell).
CELL_OPTIONS = (("cell", 250.0), ("sim_cell", 2000.0))


def check_cell_sizes(args: argparse.Namespace) -> None:
    """Refuse a ``--cell`` or ``--sim-cell`` out of range by its own name, before any work or output folder.

    The grid checks the size too, but only after the model is built and ``--out`` created, and it cannot tell
    which option the size came from.
    """
    from raddsim.core.errors import InputError
    from raddsim.coverage import MAX_CELL_M, MIN_CELL_M

    for name, default in CELL_OPTIONS:
        value = getattr(args, name, None)
        if isinstance(value, float) and not MIN_CELL_M <= value <= MAX_CELL_M:
            option = "--" + name.replace("_", "-")
            raise InputError(f"cell size {value:g} m is out of range.", field=option,
                             fix=f"give between {MIN_CELL_M:g} and {MAX_CELL_M:g} m (default {default:g}).")


#: The longest file name (bytes) and path the file systems raddsim runs on take (Linux, macOS; Windows: fewer).
NAME_MAX, PATH_MAX = 255, 4096
#: Positional arguments read as text that name a file or folder (``network info PATH``, ``network convert SOURCE``,
#: ``sweep SPEC.toml`` and ``sweep summarize DIR``).
TEXT_PATHS = ("path", "source", "spec", "dir")


def check_path_lengths(args: argparse.Namespace) -> None:
    """Refuse a path with a name longer than a file system takes, naming it (was "OSError: File name too long"
    from the first look at it, a traceback on every command).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line: its paths, and the text positional arguments that name files.

    Raises
    ------
    InputError
        Naming the path and its length.
    """
    import os

    values = [v for name, value in vars(args).items() for v in (value if isinstance(value, list) else [value])
              if isinstance(v, Path) or isinstance(v, str) and name in TEXT_PATHS]
    for v in values:
        longest = max((len(os.fsencode(part)) for part in Path(v).parts), default=0)
        if longest > NAME_MAX or len(os.fsencode(str(v))) > PATH_MAX:
            long = next(part for part in Path(v).parts if len(os.fsencode(part)) == longest)
            shown = str(v).replace(long, long[:40] + "…") if len(str(v)) < 400 else str(v)[:80] + "…"
            raise InputError(f"a name in the path has {longest} bytes, the path {len(os.fsencode(str(v)))}: more "
                             "than a file system takes.", file=shown,
                             fix=f"give a path whose names have at most {NAME_MAX} bytes (the whole path at most "
                                 f"{PATH_MAX}).")


def os_error(exc: OSError) -> InputError:
    """An OS error on a file as one error: a file a library opened itself (a network, an outline) without permission,
    or a path the system refuses (a loop of symbolic links, a name too long)."""
    if isinstance(exc, PermissionError):
        return InputError("permission denied.", file=exc.filename,
                          fix="check the permissions of the file and its folder (read for an input, write for an "
                              "output: chmod u+rw).")
    return InputError(f"{exc.strerror or exc}.", file=exc.filename, fix="check the path and its folder.")


def check_outputs(args: argparse.Namespace) -> None:
    """Check every output path of a command is writable, with free space, before any work starts.

    A read-only folder or a full disk would otherwise show only when the results are
    written, after all the simulation is done.
    """
    from pathlib import Path

    from raddsim.core.io import check_writable

    check_outputs_spare_inputs(args)  # first: an input or a file of one's own is named as such
    for name in OUTPUT_FILE_OPTIONS:
        value = getattr(args, name, None)
        if isinstance(value, Path):
            check_writable(value)
    plot = getattr(args, "plot", None)
    if isinstance(plot, Path):  # a plot format matplotlib cannot write would fail only after the work
        from matplotlib.figure import Figure

        from raddsim.core.errors import InputError

        formats = Figure().canvas.get_supported_filetypes()
        if plot.suffix.lower().lstrip(".") not in formats:
            raise InputError(f"cannot write a plot as '{plot.suffix or 'no suffix'}'.", file=plot, field="--plot",
                             fix=f"end the name in one of: {', '.join('.' + f for f in sorted(formats))}.")
    out = getattr(args, "out", None)
    command = getattr(args, "command", None)
    if isinstance(out, Path) and command not in ("network",):  # network fetch/convert check their own
        if command in OUT_IS_DIRECTORY or command in OUT_IS_FILE:
            check_writable(out, directory=command in OUT_IS_DIRECTORY)
        else:
            check_writable(out, directory=out.is_dir() or not out.suffix)
    check_output_endings(args)  # last: a folder, or a missing one, is said as such, not as a wrong ending


#: The clone's folders README's example paths start with (`stations/options_norrtalje.toml`, `benchmarks/specs/…`).
CLONE_FOLDERS = ("stations", "networks", "geodata", "benchmarks")


def with_clone_hint(err: InputError) -> InputError:
    """``err`` with a hint when a README example path, relative to the clone, was given from another folder.

    Parameters
    ----------
    err
        An :class:`~raddsim.core.errors.InputError` from reading an input file.

    Returns
    -------
    InputError
        ``err`` itself, or a copy whose fix names the clone and, where the installed package has it, the file.
    """
    from raddsim.region.region import data_dir

    path = Path(err.file) if err.file else None
    if (path is None or not err.message.endswith("file not found.") or path.is_absolute()
            or len(path.parts) < 2 or path.parts[0] not in CLONE_FOLDERS or Path(path.parts[0]).exists()):
        return err
    fix = (f"{err.fix} The README's example paths ({path.parts[0]}/…) are relative to the raddsim clone: run from "
           "its folder, or give the full path.")
    try:
        shipped = data_dir(path.parts[0]).joinpath(*path.parts[1:])
    except FileNotFoundError:  # benchmarks/ is not installed with the package
        shipped = None
    if shipped is not None and shipped.is_file():
        fix += f" raddsim's own copy: {shipped}"
    return InputError(err.message, file=err.file, field=err.field, fix=fix)


#: A library function's argument (the ``field`` of its InputError) → the attribute of the option that gives it on
#: the command line. The library names its Python argument (``cell_m``), which is what a script or notebook wrote;
#: the command line re-words it as the option the user typed (``--cell``). An argument several options give
#: (``tls``: three files) maps to all of them; a field naming several arguments (``workers/scheduler``) maps each.
OPTION_OF_ARGUMENT: dict[str, str | tuple[str, ...]] = {
    "boundary": "boundary", "cell_m": "cell", "sim_cell_m": "sim_cell", "warmup_days": "warmup",
    "offroad_kmh": "offroad_kmh", "measure": "measure",
    # --- errors16 ---
    "workers": "workers", "scheduler": "scheduler", "processes": "processes",
    "tls": ("tls_ca_file", "tls_cert", "tls_key"), "tls[0]": "tls_ca_file", "tls[1]": "tls_cert",
    "tls[2]": "tls_key", "replications": "replications", "place": "place", "polygon": "polygon",
    "polygon_file": "polygon", "bbox": "bbox", "budget": "budget", "sweep_dir": "sweep_dir",
    "objective": "objective", "where": "where", "x": "x", "hue": "hue", "figure": "figure", "formats": "formats",
    "places": "places", "land": "land", "territory": "territory",
}

#: Arguments whose errors name the file they were checked against, not a file they came from (the budget against
#: the options file's costs): renamed whatever the file.
CHECKED_AGAINST_A_FILE = frozenset({"budget"})


def _options_of(field: str, args: argparse.Namespace) -> list[str] | None:
    """The attributes of the options that give ``field``'s arguments on this command, or None when one has none."""
    found: list[str] = []
    for name in field.split("/"):
        mapped = OPTION_OF_ARGUMENT.get(name)
        attrs = [a for a in ((mapped,) if isinstance(mapped, str) else mapped or ()) if hasattr(args, a)]
        if not attrs:
            return None
        found += attrs
    return found


def _from_option(err: InputError, value: Any) -> bool:
    """Whether an error naming a file is about an option's value: the file is the value, or the value (given on the
    command line) was checked against the file."""
    if err.field in CHECKED_AGAINST_A_FILE:
        return value is not None
    return isinstance(value, (str, Path)) and Path(str(err.file)) == Path(value)


def with_option_names(err: InputError, args: argparse.Namespace) -> InputError:
    """``err`` naming the command's options where the library named its Python arguments.

    Parameters
    ----------
    err
        An :class:`~raddsim.core.errors.InputError` raised while the command ran.
    args
        The command's parsed arguments.

    Returns
    -------
    InputError
        ``err`` itself, or a copy whose field is the option (``--cell``; ``--workers/--scheduler`` for the field
        ``workers/scheduler``), when the command has every option the field names and the error is about their
        values or the file one of them names (a spec file's own ``warmup_days`` key stays as it is).
    """
    attrs = _options_of(err.field or "", args)
    if attrs is None:
        return err
    values = [getattr(args, a) for a in attrs]
    if err.file is not None and not any(_from_option(err, v) for v in values):
        return err
    return InputError(err.message, file=err.file, field="/".join("--" + a.replace("_", "-") for a in attrs),
                      fix=err.fix)


def terminal_width() -> int | None:
    """The width of the terminal the output goes to, in characters; None when it goes to a file or a pipe.

    A table written to a file keeps its columns however wide (a program may read them); only a terminal,
    which breaks a too-long line anywhere, gets the narrow layout (:func:`raddsim.views.plain_text.fitted_table`).
    """
    import shutil
    import sys

    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns
