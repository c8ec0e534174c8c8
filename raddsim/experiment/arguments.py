"""Checks of the arguments a script or notebook passes to the experiment functions (years, replications, seed,
scenarios), so a bad one is one :class:`~raddsim.core.errors.InputError` naming the argument and the fix, not a
traceback from deep inside numpy or the engine.

The command line checks its options when it parses them (raddsim/cli/args.py); these checks, with the same
bounds (raddsim.core.bounds), are for the Python API, where nothing parsed the values first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from raddsim.core.bounds import (  # re-exported: the checks live beside their bounds, for every layer
    MAX_REPLICATIONS,
    MAX_SEED,
    MAX_YEARS,
    check_replications,
    check_seed,
    check_years,
)
from raddsim.core.errors import InputError
from raddsim.demand.replay import ReplayAlarms
from raddsim.region.region import Region, Setup
from raddsim.region.scenarios import select_scenarios


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
        try:
            return select_scenarios(model.region.scenarios, [setup], str(model.region.file))[0]
        except InputError as err:
            # Named as this function's caller names the argument (``setups`` of compare, ``setup`` of run_scenario),
            # not "scenarios"; and not blamed on the region file, which the caller did not write this name into.
            raise InputError(err.message, field=field, fix=err.fix) from None
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


__all__ = ["MAX_REPLICATIONS", "MAX_SEED", "MAX_YEARS", "check_model", "check_replay", "check_replications",
           "check_run", "check_seed", "check_years", "scenario", "scenarios"]
