"""Checks of the arguments a script or notebook passes to the experiment functions (years, replications, seed,
scenarios), so a bad one is one :class:`~raddsim.core.errors.InputError` naming the argument and the fix, not a
traceback from deep inside numpy or the engine.

The command line checks its options when it parses them (raddsim/cli/args.py); these checks, with the same
bounds (raddsim.core.bounds), are for the Python API, where nothing parsed the values first.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from raddsim.core.bounds import MAX_REPLICATIONS, MAX_SEED, MAX_YEARS, finite_number
from raddsim.core.errors import InputError
from raddsim.demand.replay import ReplayAlarms
from raddsim.region.region import Region, Setup
from raddsim.region.scenarios import select_scenarios


def _whole(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_years(years: Any) -> float:
    """``years`` checked: a finite number of simulated years per replication, above 0 and at most :data:`MAX_YEARS`.

    Parameters
    ----------
    years : Any
        The value passed.

    Returns
    -------
    float
        The years.

    Raises
    ------
    InputError
        Naming the argument ``years`` and the fix.
    """
    if not finite_number(years) or not 0 < years <= MAX_YEARS:
        raise InputError(f"years must be a number of simulated years per replication above 0 and at most "
                         f"{MAX_YEARS:g}, got {years!r}.", field="years",
                         fix="give e.g. years=1 (more replications, not more years, narrow the confidence intervals).")
    return float(years)


def check_replications(replications: Any, field: str = "replications", least: int = 1,
                       most: float = MAX_REPLICATIONS, fix: str | None = None) -> int:
    """``replications`` checked: a whole number from ``least`` to ``most``.

    Parameters
    ----------
    replications : Any
        The value passed.
    field : str
        The argument's name, for the message.
    least : int
        The smallest count accepted.
    most : float
        The largest count accepted (default :data:`MAX_REPLICATIONS`).
    fix : str or None
        What to do instead; None suggests 30.

    Returns
    -------
    int
        The count.

    Raises
    ------
    InputError
        Naming the argument and the fix.
    """
    if not _whole(replications) or not least <= replications <= most:
        span = f"of at least {least}" if math.isinf(most) else f"from {least} to {most:,}"
        raise InputError(f"{field} must be a whole number {span}, got {replications!r}.",
                         field=field, fix=fix or f"give e.g. {field}=30 (a 95 % confidence interval needs at least 2).")
    return int(replications)


def check_seed(seed: Any) -> int:
    """``seed`` checked: a whole number from 0 to :data:`MAX_SEED` (the same seed gives the same numbers).

    Parameters
    ----------
    seed : Any
        The value passed.

    Returns
    -------
    int
        The seed.

    Raises
    ------
    InputError
        Naming the argument ``seed`` and the fix.
    """
    if not _whole(seed) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"seed must be a whole number of at least 0, got {seed!r}.", field="seed",
                         fix="give e.g. seed=20250101 (the command line's default); the same seed gives the same "
                             "alarms, to every scenario.")
    return int(seed)


def check_run(years: Any, replications: Any, seed: Any) -> None:
    """Check the three arguments every run takes (:func:`check_years`, :func:`check_replications`, :func:`check_seed`).

    Parameters
    ----------
    years : Any
        Simulated years per replication.
    replications : Any
        Replications per scenario.
    seed : Any
        Seed of the random streams.
    """
    check_years(years)
    check_replications(replications)
    check_seed(seed)


def check_model(model: Any) -> None:
    """``model`` checked: a :class:`~raddsim.experiment.model.Model` (a region or a path is the commonest slip).

    Parameters
    ----------
    model : Any
        The value passed.

    Raises
    ------
    InputError
        Naming the argument ``model`` and how to build one.
    """
    from raddsim.experiment.model import Model  # here: the model module is heavy and imports the engine

    if not isinstance(model, Model):
        got = "a Region" if isinstance(model, Region) else f"{type(model).__name__} {model!r:.60}"
        raise InputError(f"model must be a Model, got {got}.", field="model",
                         fix="build it from the region first: model = build_model(load_region(path)).")


def check_replay(replay: Any) -> None:
    """``replay`` checked: None or the alarms :func:`~raddsim.demand.replay.load_incident_csv` read.

    Parameters
    ----------
    replay : Any
        The value passed.

    Raises
    ------
    InputError
        Naming the argument ``replay`` and how to read an alarm file (a path is the commonest slip).
    """
    if replay is not None and not isinstance(replay, ReplayAlarms):
        raise InputError(f"replay must be the alarms load_incident_csv read, got {type(replay).__name__} "
                         f"{replay!r:.60}.", field="replay",
                         fix="read the file first: replay=load_incident_csv(path, setup.demand.catalog.ids, "
                             "region.replay_timezone()), or leave replay out to generate alarms.")


def scenario(model: Any, setup: Any, field: str = "setup") -> Setup:
    """A scenario given as a :class:`~raddsim.region.region.Setup` or by its name in the model's region.

    Parameters
    ----------
    model : Model
        The model whose region names the scenarios.
    setup : Setup or str
        The scenario, or its name (``"minimum"``).
    field : str
        The argument's name, for the message.

    Returns
    -------
    Setup
        The scenario.

    Raises
    ------
    InputError
        For an unknown name (with the names there are), or a value that is no scenario.
    """
    check_model(model)
    if isinstance(setup, Setup):
        return setup
    if isinstance(setup, str):
        return select_scenarios(model.region.scenarios, [setup], str(model.region.file))[0]
    raise InputError(f"{field} must be a scenario (region.scenarios[name]) or its name, got {type(setup).__name__}.",
                     field=field, fix=f"give e.g. region.scenarios['{next(iter(model.region.scenarios))}'] or the "
                                      "name alone.")


def scenarios(model: Any, setups: Any) -> list[Setup]:
    """A list of scenarios, each a :class:`~raddsim.region.region.Setup` or a name (:func:`scenario`); not empty.

    Parameters
    ----------
    model : Model
        The model whose region names the scenarios.
    setups : list of Setup or str, or None
        The scenarios; None for the region's default ones (``default_scenarios``, else all), as ``raddsim run``
        picks them without names.

    Returns
    -------
    list of Setup
        The scenarios, in the order given.

    Raises
    ------
    InputError
        For one scenario given alone (not in a list), an empty list, or an unknown name.
    """
    check_model(model)
    if setups is None:
        region = model.region
        return select_scenarios(region.scenarios, None, str(region.file), region.default_scenarios)
    if isinstance(setups, (Setup, str)) or not isinstance(setups, Sequence):
        raise InputError(f"setups must be a list of scenarios, got {type(setups).__name__}.", field="setups",
                         fix="put the scenario in a list, e.g. [region.scenarios['minimum']] or ['minimum'].")
    if not setups:
        raise InputError("setups is empty: there is nothing to run.", field="setups",
                         fix="give at least one scenario, e.g. ['minimum', 'ambition'].")
    resolved = [scenario(model, s, field="setups") for s in setups]
    names = [s.name for s in resolved]
    twice = [n for i, n in enumerate(names) if n in names[:i]]
    if twice:  # results are keyed by name: one would be lost, and compare would difference a scenario from itself
        raise InputError(f"setups names scenario '{twice[0]}' more than once.", field="setups",
                         fix="give each scenario once (a variant needs a name of its own).")
    return resolved
