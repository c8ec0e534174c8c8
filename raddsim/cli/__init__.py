"""The ``raddsim`` command line. Thin: parses, calls the library, prints."""

from __future__ import annotations

import argparse
import functools
import logging
import signal
import sys
import threading

from raddsim import __version__

# Each subcommand module exposes ``add_parser(subparsers)`` which registers a
# parser whose ``func`` default takes the parsed args and returns an exit code.
from raddsim.cli import calibrate as _calibrate
from raddsim.cli import compare as _compare
from raddsim.cli import demand as _demand
from raddsim.cli import map as _map
from raddsim.cli import network as _network
from raddsim.cli import optimise as _optimise
from raddsim.cli import region as _region
from raddsim.cli import report as _report
from raddsim.cli import run as _run
from raddsim.cli import sweep as _sweep
from raddsim.cli import target as _target
from raddsim.cli.args import (
    OneLineParser,
    check_cell_sizes,
    check_environment,
    check_outputs,
    check_path_lengths,
    check_scheduler,
    empty_argument,
    os_error,
    subcommands,
    take_stray_scenarios,
    unknown_command,
    unrecognized_arguments,
    with_clone_hint,
    with_option_names,
)
from raddsim.core.errors import InputError, RaddsimError

COMMANDS = [_run, _compare, _target, _calibrate, _demand, _region, _map, _report, _network]
COMMANDS.append(_sweep)
COMMANDS.append(_optimise)

#: Commands whose every form runs on the sweep machinery (Parquet, progress bar: the ``sweep`` extra). A plain
#: ``pip install .`` lacks it, so it is named before any work instead of an ImportError from deep inside.
SWEEP_EXTRA = {"optimise": "raddsim optimise (its simulation runs on the sweep machinery)"}


#: What a newcomer types first (the README's first commands); ``raddsim --help`` ends with it.
START_HERE = """\
start here (the embedded Norrtälje region, offline):
  raddsim run                         minimum and ambition staffing against the 10-min target
  raddsim compare minimum ambition    what ambition staffing changes, with 95% intervals
  raddsim report minimum ambition --lang sv --out rapport.html    the board paper in Swedish
  raddsim COMMAND --help              the options of one command

Scenarios (minimum, ambition, current, summer, ...) are defined in the region file; a
name it does not have is refused with the list of those it has. Another region:
--stations FILE (or --region FOLDER); start one of your own from a crews table and roads
with  raddsim region new OUT --network ROADS --stations CREWS.csv --alarms-per-year N --population N"""


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="raddsim",
        allow_abbrev=False,
        description="Simulate rescue-service readiness and coverage (Norrtälje by default).",
        epilog=START_HERE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"raddsim {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show progress and warnings in detail")
    sub = subcommands(parser, "command", "COMMAND")
    for module in COMMANDS:
        module.add_parser(sub)
    return parser


@functools.cache
def _main_thread_parser() -> argparse.ArgumentParser:
    # Built once per process: a notebook or a test suite calls main() thousands of times, and each build is
    # ≈ 2,000 add_argument calls (10–15 ms). Main thread only: a parse keeps its state on the parser
    # (OneLineParser.given), so two threads must not share one.
    return build_parser()


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (``kill``, a batch system, a closed session) stops raddsim like Ctrl-C: workers and files cleaned up."""
    raise KeyboardInterrupt


def configure_logging(verbose: bool) -> None:
    """raddsim's messages at INFO with ``-v``, else warnings only; libraries' chatter likewise.

    Libraries such as Dask's distributed set their own loggers to INFO when imported, so the
    level is set on the console handler too, not only on the root logger.
    """
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="raddsim: %(levelname)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``raddsim`` console script (``argv`` None: the process's own arguments)."""
    try:
        return _command(argv)
    finally:
        if argv is None:  # the process's own run, not a caller's main([...]) in its own process
            _quiet_teardown()


def _quiet_teardown() -> None:
    """The command has ended (its files written): a Ctrl-C or SIGTERM now has nothing left to stop.

    A Ctrl-C during the interpreter's teardown (garbage collection, worker pools ending) was raised in a
    finaliser and printed "Exception ignored in … KeyboardInterrupt" with a traceback after "Wrote …".
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _command(argv: list[str] | None) -> int:
    """Parse ``argv`` and run its command: errors as one line, Ctrl-C as "interrupted" (exit codes 2, 130)."""
    main_thread = threading.current_thread() is threading.main_thread()
    if main_thread:
        signal.signal(signal.SIGTERM, _terminate)
    parser = _main_thread_parser() if main_thread else build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    # `raddsim optimize`: the command meant, not argparse's usage and "invalid choice"; `--json ""`: not "."
    refused = unknown_command(argv) or empty_argument(argv)
    if refused:
        print(f"raddsim: error: {refused}", file=sys.stderr)
        raise SystemExit(2)
    args, extras = parser.parse_known_args(argv)
    extras = take_stray_scenarios(args, extras)
    if extras:  # one line naming the command and the option meant, not argparse's top-level usage
        print(f"raddsim: error: {unrecognized_arguments(parser, argv, extras)}", file=sys.stderr)
        raise SystemExit(2)
    configure_logging(args.verbose)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        check_environment()
        check_cell_sizes(args)
        check_path_lengths(args)
        check_scheduler(args)  # the dashboard's http:// address: refused before a sweep's folder is made
        check_outputs(args)  # before any work: a read-only folder or full disk is found now, not at the end
        if args.command in SWEEP_EXTRA:
            from raddsim.core.extras import require_sweep

            require_sweep(SWEEP_EXTRA[args.command])
        return int(args.func(args) or 0)
    except RaddsimError as exc:
        if isinstance(exc, InputError):  # a README path given outside the clone: say so; options by their names
            exc = with_clone_hint(with_option_names(exc, args))
        print(f"raddsim: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("raddsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `raddsim … | head`: the reader left; stop quietly (nothing more can be printed)
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # a file a library opened itself, a path no check foresaw: one line, not a traceback
        if exc.filename is None and not isinstance(exc, PermissionError):
            raise
        print(f"raddsim: error: {os_error(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
