"""``raddsim compare A B [C …]``: paired differences between scenarios under common random numbers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from raddsim.cli.args import (
    Subcommands,
    add_force,
    add_json,
    add_lang,
    add_region,
    add_scenarios,
    add_seed,
    add_target,
    add_warmup,
    add_workers,
    scenario_names,
    seed,
    terminal_width,
    tls_files,
)
from raddsim.cli.args import positive_float as _positive_float
from raddsim.cli.args import positive_int as _positive_int
from raddsim.cli.args import years as _years
from raddsim.core.bounds import DEFAULT_REPLICATIONS
from raddsim.views.i18n import t
from raddsim.views.service_words import use_region

if TYPE_CHECKING:
    from raddsim.core.errors import InputError
    from raddsim.region.region import Region


#: ``--max-replications`` when ``--precision`` is given without it.
DEFAULT_MAX_REPLICATIONS = 500


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("compare", help="compare scenarios: paired differences with 95%% CIs (common random numbers)")
    add_scenarios(p, "scenarios to compare (at least two; default: the region's default scenarios, e.g. minimum "
                     "ambition); differences are from the first")
    p.add_argument("--years", type=_years, default=1.0, help="simulated years per replication (default 1)")
    p.add_argument("--replications", type=_positive_int, default=DEFAULT_REPLICATIONS,
                   help="replications (default 30; ignored with --precision)")
    p.add_argument("--precision", type=_positive_float, default=None, metavar="MIN",
                   help="add replications until the 95%% CI half-width of each mean first-arrival time is below MIN "
                        "minutes")
    p.add_argument("--max-replications", type=_positive_int, default=None,
                   help=f"cap for --precision (default {DEFAULT_MAX_REPLICATIONS})")
    add_warmup(p)
    add_seed(p)
    add_region(p)
    add_json(p)
    add_force(p)
    add_lang(p)
    add_target(p)
    u = p.add_argument_group("uncertainty (--uncertain N)")
    u.add_argument("--uncertain", type=_positive_int, default=None, metavar="N",
                   help="also run the comparison of the first two scenarios over N Latin-hypercube parameter sets "
                        "drawn "
                        "from the ranges in the region file")
    u.add_argument("--set-replications", type=_positive_int, default=10, metavar="R",
                   help="paired replications per parameter set (default 10)")
    u.add_argument("--lhs-seed", type=seed, default=1, help="seed of the Latin hypercube (default 1)")
    u.add_argument("--posterior", type=Path, default=None, metavar="FILE",
                   help="draw the calibrated parameters from the accepted sets in FILE (raddsim calibrate --write) "
                        "instead of their prior ranges; the other ranged parameters still come from their ranges")
    u.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="keep the sweep's Parquet results here (resumable)")
    add_workers(u)
    p.set_defaults(func=run)


def out_mismatch(args: argparse.Namespace) -> str:
    """What differs between the comparison whose sets ``--out`` holds and this one, in the command's own options
    (as ``calibrate --sweep-dir`` says it: :func:`raddsim.cli.calibrate.sweep_dir_mismatch`)."""
    import json

    from raddsim.views.numbers import as_typed

    old = json.loads((args.out / "sweep.json").read_text(encoding="utf-8")).get("spec", {})
    axes = old.get("axes") or [{}]
    before = {"--uncertain": len(axes[0].get("values", [])), "--set-replications": old.get("replications"),
              "--seed": old.get("seed"), "--years": old.get("years"), "--warmup": old.get("warmup_days", 0.0)}
    now = {"--uncertain": args.uncertain, "--set-replications": args.set_replications, "--seed": args.seed,
           "--years": args.years, "--warmup": args.warmup}
    changed = [f"{k} {as_typed(before[k])} before, {as_typed(now[k])} now" for k in before
               if isinstance(before[k], (int, float)) and before[k] != now[k]]
    return ("; ".join(changed) or "the drawn parameter sets (--lhs-seed, --posterior, the scenarios, or the ranges "
                                  "in the region file)") + "."


def _check_uncertain_options(args: argparse.Namespace) -> None:
    """Refuse an option of the uncertainty analysis without ``--uncertain``: it was ignored, silently.

    ``compare minimum ambition --posterior FILE`` printed the plain comparison, as if the posterior had been used.
    """
    if args.uncertain:
        return
    options = (("--posterior", args.posterior, None), ("--out", args.out, None),
               ("--set-replications", args.set_replications, 10), ("--lhs-seed", args.lhs_seed, 1),
               ("--processes", args.processes, None), ("--workers", args.workers, None),
               ("--scheduler", args.scheduler, None), ("--tls-ca-file", args.tls_ca_file, None),
               ("--tls-cert", args.tls_cert, None), ("--tls-key", args.tls_key, None))
    given = [name for name, value, default in options if value != default]
    if given:
        from raddsim.core.errors import InputError

        raise InputError(f"{', '.join(given)} {'apply' if len(given) > 1 else 'applies'} only with --uncertain N "
                         "(the uncertainty analysis) and would be ignored without it.", field=given[0],
                         fix=f"add --uncertain N (e.g. --uncertain 30), or leave out {', '.join(given)}.")


def _two_scenarios_fix(region: Region, args: argparse.Namespace) -> str:
    """The fix for fewer than two scenarios, in the region's own names (not Norrtälje's on a region of your own)."""
    names = list(dict.fromkeys([*region.default_scenarios, *region.scenarios]))
    where = f" --region {args.stations}" if args.stations is not None else ""
    if len(names) >= 2:
        return f"name two of the region's {len(names)} scenarios, e.g. raddsim compare {names[0]} {names[1]}{where}."
    return (f"the region has one scenario ({', '.join(names)}); add a second to its file, e.g. [scenarios.faster] with "
            f"base = \"{names[0] if names else 'current'}\" and the keys that change (docs/formats.md), or name one in "
            "a --scenarios-file.")


def _check_something_varies(params: list, region: Region) -> None:
    """Refuse ``--uncertain`` when no parameter has a range to draw from (a starter region has none).

    Was: the plain comparison ran, then the uncertainty analysis ended in a traceback from numpy.
    """
    if not any(p.high > p.low for p in params):
        from raddsim.core.errors import InputError

        raise InputError("--uncertain draws parameter sets from the region file's ranges, and it has no number with "
                         "a range that varies.", file=region.file, field="--uncertain",
                         fix="write the uncertain numbers as { value = 5, range = [4, 8], source = \"...\" } "
                             "(docs/formats.md), or leave out --uncertain.")


def _replications_under_cap(args: argparse.Namespace) -> int:
    """The replications to pass with ``--precision`` (ignored there, so the default never exceeds the cap); a
    ``--replications`` given above ``--max-replications`` is refused (it was capped, unsaid), and so is
    ``--max-replications`` without ``--precision`` (it was ignored, unsaid). Sets the cap's default."""
    if args.precision is None and args.max_replications is not None:
        from raddsim.core.errors import InputError

        raise InputError("--max-replications applies only with --precision (it caps the replications added until "
                         "the precision is reached) and would be ignored without it.", field="--max-replications",
                         fix="add --precision MIN, or use --replications N for a fixed number.")
    if args.max_replications is None:
        args.max_replications = DEFAULT_MAX_REPLICATIONS
    if args.precision is None or args.replications <= args.max_replications:
        return int(args.replications)
    if args.replications == DEFAULT_REPLICATIONS:
        return int(args.max_replications)
    from raddsim.core.errors import InputError

    raise InputError(f"--replications {args.replications} is above --max-replications {args.max_replications}: with "
                     "--precision the run stops at --max-replications (and --replications is not used).",
                     field="--max-replications", fix="leave out --replications with --precision, or raise "
                                                     f"--max-replications to at least {args.replications}.")


def _another_comparison(args: argparse.Namespace, err: InputError) -> InputError:
    """``err`` (the sweep's refusal of ``--out``) said in the command's options when ``--out`` holds another
    comparison's sets: a 12 kB list of drawn values was no answer. Any other error is returned as it is."""
    from raddsim.core.errors import InputError

    if args.out is None or err.field not in ("spec_hash", "input_files_sha256", "raddsim_version", "target_minutes"):
        return err
    what = out_mismatch(args) if err.field == "spec_hash" else err.message
    return InputError(f"--out holds the sets of another comparison: {what.rstrip('.')}.", file=args.out,
                      fix="use a new --out, or the same --uncertain/--lhs-seed/--set-replications/--target to "
                          "resume.")


def _check_out(args: argparse.Namespace, region: Region, spec) -> None:
    """Refuse an ``--out`` holding another comparison's sets before the plain comparison runs (it was refused only
    after it, its seconds of work wasted)."""
    from raddsim.core.errors import InputError
    from raddsim.sweep.folder import check_resumable, identity_metadata

    if args.out is None:
        return
    try:
        check_resumable(args.out, identity_metadata(spec, region))
    except InputError as err:
        raise _another_comparison(args, err) from None


def _uncertain(args: argparse.Namespace, model, setups: list, prepared: tuple) -> dict:
    """The comparison over ``--uncertain`` parameter sets (printed); an ``--out`` of another comparison is said in
    the command's options."""
    from raddsim.experiment.uncertain import uncertain_compare
    from raddsim.views.uncertain_text import format_uncertain

    post, sets = prepared
    from raddsim.core.errors import InputError

    try:
        unc = uncertain_compare(model, setups[0].name, setups[1].name, args.uncertain, years=args.years,
                                replications=args.set_replications, seed=args.seed, lhs_seed=args.lhs_seed,
                                out=args.out, processes=args.processes, workers=args.workers,
                                scheduler=args.scheduler, tls=tls_files(args), posterior=post, warmup_days=args.warmup,
                                prepared=sets)
    except InputError as err:  # changed since _check_out (another run wrote to --out meanwhile)
        raise _another_comparison(args, err) from None
    print(format_uncertain(unc, args.lang))
    return unc


def run(args: argparse.Namespace) -> int:
    import warnings

    from raddsim.core.errors import NoIntervalWarning
    from raddsim.core.io import stamped, write_json_atomic
    from raddsim.experiment.compare import compare
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.region.scenarios import select_scenarios
    from raddsim.views.comparison_text import format_comparison

    _check_uncertain_options(args)
    replications = _replications_under_cap(args)
    region = load_region(args.stations, extra_scenarios=args.scenarios_file, target_minutes=args.target)
    use_region(region)  # maps, tables and report in the words of its service and force
    # No names: the region's default scenarios (what `raddsim run` runs), when they are two or more.
    names = scenario_names(args) or (list(region.default_scenarios) if len(region.default_scenarios) > 1 else [])
    if len(names) < 2:
        from raddsim.core.errors import InputError

        raise InputError("compare needs at least two scenarios.", field="SCENARIO",
                         fix=_two_scenarios_fix(region, args))
    twice = sorted({s for s in names if names.count(s) > 1})
    if twice:  # results are keyed by name: the JSON would hold one of them, and a difference from itself
        from raddsim.core.errors import InputError

        raise InputError(f"scenario '{twice[0]}' is named more than once.", field="SCENARIO",
                         fix="name each scenario once; differences are from the first.")
    setups = select_scenarios(region.scenarios, names, str(region.file))
    from raddsim.demand.volume import warn_workload

    warn_workload(setups, args.years, replications)  # as run says it: too few alarms to measure, or minutes
    prepared = None
    if args.uncertain:  # say so before the comparison runs, not after
        from raddsim.core.extras import require_sweep
        from raddsim.experiment.uncertain import prepare_sets
        from raddsim.region.posterior import check_posterior_sets, load_posterior

        require_sweep("raddsim compare --uncertain (it runs on the sweep machinery)")
        # Every parameter set is checked now: a range drawing an impossible value was found after the comparison.
        post = None if args.posterior is None else load_posterior(args.posterior)
        if post is not None:  # a bad set is the posterior file's, not the region's ranges'
            check_posterior_sets(post, region, [s.name for s in setups])
        prepared = post, prepare_sets(region, setups[0].name, setups[1].name, args.uncertain, years=args.years,
                                      replications=args.set_replications, seed=args.seed, lhs_seed=args.lhs_seed,
                                      posterior=post, warmup_days=args.warmup)
        _check_something_varies(prepared[1][0], region)
        _check_out(args, region, prepared[1][2])
    model = build_model(region)
    with warnings.catch_warnings():  # the tables below say it (no_ci_note): once, not again as a Python warning
        warnings.simplefilter("ignore", NoIntervalWarning)
        res = compare(model, setups, years=args.years, replications=replications, seed=args.seed,
                      precision=args.precision, max_replications=args.max_replications, warmup_days=args.warmup)
    print(format_comparison(res, args.lang, terminal_width()))
    if args.uncertain:
        assert prepared is not None
        res["uncertain"] = _uncertain(args, model, setups, prepared)
    if args.json:
        write_json_atomic(args.json, stamped(res))
        print(f"\n{t('wrote', args.lang)} {args.json}")
    return 0
