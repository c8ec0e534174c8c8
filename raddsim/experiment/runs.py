"""Running scenarios: replications on seeded streams shared by every scenario (common random numbers).

A replication is one independent simulated run: its alarms, the crews' answers and the
engine's records (:func:`run_replication`), with an optional warm-up before the measured
period or a replayed alarm file. :func:`run_scenario` runs a scenario's replications;
:func:`run_experiment` runs several scenarios and returns the JSON contract
(:mod:`raddsim.experiment.summary`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from raddsim.core.bounds import DEFAULT_SEED
from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.core.forked import fork_map, processes_for
from raddsim.core.io import path_argument
from raddsim.demand import SECONDS_PER_YEAR, Incidents, ReplayAlarms, generate_incidents, replay_incidents
from raddsim.demand.generate import SECONDS_PER_DAY, generate_warmup
from raddsim.demand.transport import apply_transport
from raddsim.engine import Responses, RunRecords, simulate
from raddsim.engine.crews import draw_responses
from raddsim.engine.warmup import join_incidents, join_responses, measured_records
from raddsim.experiment.alarm_table import alarm_columns, check_alarm_file, join_columns, write_alarm_table
from raddsim.experiment.arguments import (
    check_replay,
    check_replications,
    check_seed,
    check_years,
    scenario,
    scenarios,
)
from raddsim.experiment.model import Model, Prepared
from raddsim.experiment.reduce import Reduced, Reducer
from raddsim.experiment.summary import experiment_results, scenario_summary
from raddsim.region.region import Setup

T = TypeVar("T")


@dataclass
class ScenarioRun:
    """All replications of one scenario: their alarms and records, or their reductions (then no records).

    What :func:`run_scenario` returns (and :func:`raddsim.run_scenarios`, one per scenario).

    Attributes
    ----------
    setup : Setup
        The scenario run.
    replications : int
        The number of replications run.
    records : list of RunRecords
        Per replication, the engine's records: one row per alarm, times in seconds from the start of the measured
        period (``raddsim.first_arrival_minutes(records[r])`` gives minutes per alarm); empty with
        ``keep_records=False``.
    incidents : list of Incidents
        Per replication, its alarms (time, place, type), in the order of the records' rows.
    years : float
        Simulated years per replication.
    seed : int or None
        The seed of the random streams.
    """

    prepared: Prepared
    incidents: list[Incidents]
    records: list[RunRecords]
    years: float = 1.0
    seed: int | None = None
    #: Replications reduced as they were simulated (:mod:`raddsim.experiment.reduce`); records are then not kept.
    reduced: list[Reduced] = field(default_factory=list)
    #: Days simulated before each replication's measured period (a run's replications are reused only with the same).
    warmup_days: float = 0.0

    @property
    def setup(self) -> Setup:
        return self.prepared.setup

    @property
    def replications(self) -> int:
        return len(self.reduced) if self.reduced else len(self.records)

    def __repr__(self) -> str:
        # The generated repr printed every replication's record arrays (≈ 176,000 characters for 0.1 year).
        kept = "records kept" if self.records else "reduced, no records"
        return (f"ScenarioRun({self.setup.name!r}: {self.replications} replications × {self.years:g} years, "
                f"seed {self.seed}, {kept})")


#: Longest warm-up accepted, in days (ten years): every replication simulates it, so more is a typo.
MAX_WARMUP_DAYS = 3650.0


def check_warmup(days: float, *, field: str = "warmup_days", file=None, replay: ReplayAlarms | None = None) -> float:
    """A warm-up length in days, checked: finite, 0 to :data:`MAX_WARMUP_DAYS`, and no replayed alarm file with it.

    Raises
    ------
    InputError
        Naming ``field`` (the Python argument, a spec key, or the command's option) and the fix.
    """
    if isinstance(days, bool) or not isinstance(days, (int, float)) or not math.isfinite(days) or days < 0:
        raise InputError(f"the warm-up must be a number of days of at least 0, got {days!r}.", file=file, field=field,
                         fix="give e.g. 30 (days simulated before the measured period), or 0 for none.")
    if days > MAX_WARMUP_DAYS:
        raise InputError(f"a warm-up of {days:g} days is more than {MAX_WARMUP_DAYS:g} (ten years).", file=file,
                         field=field, fix="give a few times the longest busy spell, e.g. 30–60 days.")
    if days > 0 and replay is not None:
        raise InputError("a replayed alarm file has no alarms before its first one to warm up with.",
                         file=replay.file, field=field,
                         fix=f"drop {field} with replayed alarms (or generate the alarms to use a warm-up).")
    return float(days)


@checked_arguments("prep", "replay", "warmup_days")
def run_replication(
    prep: Prepared, *, years: float, seed: int, replication: int, replay: ReplayAlarms | None = None, network=None,
    hospitals=None, warmup_days: float = 0.0,
) -> tuple[Incidents, RunRecords]:
    """One replication of one scenario.

    Replication ``r`` draws from the streams ``(seed, r, …)`` whatever the
    scenario, so scenarios compared with the same seed share their alarms (CRN).
    With ``replay`` the alarms are the file's; only on-scene times and crew
    responses are drawn. A scenario with a posterior runs at the set the
    replication draws (:meth:`~raddsim.experiment.model.Prepared.for_replication`).

    Parameters
    ----------
    prep : Prepared
        The prepared scenario (:meth:`Model.prepare`).
    years : float
        Simulated years (ignored with ``replay``).
    seed : int
        Seed of the random streams.
    replication : int
        Replication number; selects the streams ``(seed, replication, …)``.
    replay : ReplayAlarms or None
        Alarms to replay instead of generating them.
    network : RoadNetwork or None
        The road network; needed with ``replay`` to snap the alarms.
    hospitals : optional
        The model's hospitals; when given, transports to hospital are drawn.
    warmup_days : float
        Days simulated before the measured period (:func:`simulate_warmed`); 0: every crew free at time 0.

    Returns
    -------
    tuple of (Incidents, RunRecords)
        The measured period's alarms and their records (times in seconds from its start).

    Raises
    ------
    InputError
        For a seed or replication number that is not a whole number of at least 0, or years out of range.
    """
    if not isinstance(prep, Prepared):  # run_replication(model, ...) was "no attribute 'for_replication'"
        raise InputError(f"prep must be a prepared scenario, got {type(prep).__name__}.", field="prep",
                         fix="prepare it first: prep = model.prepare(model.region.scenarios['minimum']).")
    check_seed(seed)
    check_replications(replication, field="replication", least=0, most=math.inf,
                       fix="give the replication's number, 0 for the first (it selects the random streams).")
    check_replay(replay)
    if replay is None:
        check_years(years)
    check_warmup(warmup_days, replay=replay)  # before the comparison: "3" or NaN was a TypeError or no warm-up
    prep = prep.for_replication(seed, replication)
    if replay is not None:
        inc = replay_incidents(replay, prep.setup.demand, network, seed=seed, replication=replication,
                               first_island=prep.tables.to_node.shape[1] - len(prep.setup.demand.islands))
    else:
        inc = generate_incidents(prep.setup.demand, prep.points, years=years, seed=seed, replication=replication)
    if hospitals is not None:
        inc = apply_transport(inc, prep.setup.demand, hospitals, seed=seed, replication=replication)
    horizon = (replay_years(replay) if replay is not None else years) * SECONDS_PER_YEAR
    responses = draw_responses(prep.setup, len(inc), seed, replication, inc.time_s, horizon)
    if warmup_days > 0:
        return inc, simulate_warmed(prep, inc, responses, days=warmup_days, horizon_s=horizon, seed=seed,
                                    replication=replication, hospitals=hospitals)
    return inc, simulate(prep.fleet, prep.tables, inc, prep.requirements, responses, policies=prep.policies)


def simulate_warmed(prep: Prepared, inc: Incidents, responses: Responses, *, days: float, horizon_s: float, seed: int,
                    replication: int, hospitals=None) -> RunRecords:
    """Simulate the ``days`` before the measured alarms ``inc`` too, and return the measured alarms' records.

    The warm-up's alarms are those of the days before the measured period's start (its calendar:
    time of day, weekday, season), drawn with the crews' responses from the warm-up's own streams
    (:mod:`raddsim.core.streams`), so the measured period's draws are the same with or without it and
    scenarios with one seed share the warm-up too. Crews still busy with a warm-up alarm at the start
    are busy for the measured alarms; the records keep only the measured period (:mod:`raddsim.engine.warmup`).
    """
    demand = prep.setup.demand
    warm = generate_warmup(demand, prep.points, days=days, seed=seed, replication=replication)
    if hospitals is not None:
        warm = apply_transport(warm, demand, hospitals, seed=seed, replication=replication, warmup=True)
    warm_responses = draw_responses(prep.setup, len(warm), seed, replication, warm.time_s, horizon_s, warmup=True)
    shift = days * SECONDS_PER_DAY  # the engine's clock starts at the warm-up's start
    rec = simulate(prep.fleet, prep.tables, join_incidents(warm, inc, shift), prep.requirements,
                   join_responses(warm_responses, responses), policies=prep.policies, measure_from_s=shift)
    return measured_records(rec, len(warm), shift, inc.time_s)


def replay_years(replay: ReplayAlarms) -> float:
    """The span of a replay in years, from midnight of its first day to the end of its last day."""
    day0 = replay.time[0].astype("datetime64[D]")
    days = (replay.time[-1].astype("datetime64[D]") - day0).astype(int) + 1
    return float(days) * 86400.0 / SECONDS_PER_YEAR


@checked_arguments("model", "setup", "replay", "warmup_days")
def run_scenario(
    model: Model, setup: Setup | str, *, years: float = 1.0, replications: int = 30, seed: int = DEFAULT_SEED,
    replay: ReplayAlarms | None = None,
    keep_records: bool = True, warmup_days: float = 0.0,
    on_replication: Callable[[Prepared, int, Incidents, RunRecords], None] | None = None,
    numbers: range | None = None,
) -> ScenarioRun:
    """Simulate ``replications`` independent runs of ``years`` each (or of a replayed alarm file).

    With ``keep_records=False`` each is reduced to its figures when simulated (memory flat in
    replications × years).

    Parameters
    ----------
    model : Model
        The model (:func:`raddsim.build_model`).
    setup : Setup or str
        The scenario (``region.scenarios["minimum"]``) or its name.
    years : float
        Simulated years per replication, above 0 (ignored with ``replay``).
    replications : int
        Number of replications, at least 1.
    seed : int
        Seed of the random streams.
    replay : ReplayAlarms or None
        Alarms to replay instead of generating them.
    keep_records : bool
        Keep every replication's alarms and records; False keeps only their figures.
    warmup_days : float
        Days simulated before each replication's measured period (:func:`run_replication`).
    on_replication : callable or None
        Called with (prepared scenario, replication, alarms, records) as each replication is simulated
        (e.g. to keep its rows of an alarm table while the records themselves are reduced).
    numbers : range or None
        Only these replications (a range within ``range(replications)``: a slice of the run, as
        :func:`run_experiment` hands out to several processes); None runs them all.

    Returns
    -------
    ScenarioRun
        The runs (records, or reduced figures) of the scenario.

    Raises
    ------
    InputError
        For an unknown scenario name, or years, replications or seed out of range (naming the argument).
    """
    setup = scenario(model, setup)
    check_replications(replications)
    check_seed(seed)
    check_replay(replay)
    if replay is None:
        check_years(years)
    check_warmup(warmup_days, replay=replay)
    if numbers is not None and not (isinstance(numbers, range) and all(0 <= r < replications for r in numbers)):
        raise InputError(f"numbers must be a range of replication numbers from 0 to {replications - 1}, got "
                         f"{numbers!r:.60}.", field="numbers", fix="give e.g. range(0, replications, 2), or None.")
    prep = model.prepare(setup)
    run = ScenarioRun(prep, [], [], replay_years(replay) if replay else years, seed, warmup_days=warmup_days)
    reducer = None if keep_records else Reducer(model, prep, run.years)
    for r in range(replications) if numbers is None else numbers:
        inc, rec = run_replication(prep, years=years, seed=seed, replication=r, replay=replay, network=model.network,
                                   hospitals=model.hospitals, warmup_days=warmup_days)
        if on_replication is not None:
            on_replication(prep, r, inc, rec)
        if reducer is None:
            run.incidents.append(inc)
            run.records.append(rec)
        else:
            run.reduced.append(reducer(inc, rec, first=r == 0))
    return run


def joined_pieces(model: Model, setups: list[Setup], pieces: list[tuple[Setup, range]],
                  done: list[tuple[dict | None, list, list]], replications: int, *, years: float, seed: int,
                  warmup_days: float) -> tuple[list[dict], list]:
    """Each scenario's summary and alarm rows (in replication order) from :func:`replication_slices`' pieces as
    :func:`run_experiment` computed them: a whole scenario's summary as it came; the replications of its slices,
    summarised here (the same figures to the bit: each replication is reduced on its own)."""
    summaries, rows = [], []
    for s, mine in per_scenario(pieces, done):
        if len(mine) == 1 and mine[0][1][0] is not None:
            summaries.append(mine[0][1][0])
        else:
            run = ScenarioRun(model.prepare(s), [], [], years, seed, warmup_days=warmup_days,
                              reduced=in_replication_order((numbers, out[1]) for numbers, out in mine))
            summaries.append(scenario_summary(model, run))
        rows += in_replication_order((numbers, out[2]) for numbers, out in mine)
    return summaries, rows


def replication_slices(setups: list[Setup], replications: int,
                       processes: int | None = None) -> list[tuple[Setup, range]]:
    """The pieces :func:`run_experiment` hands out: each scenario whole, or, with fewer scenarios than cores (or
    ``processes``), each scenario's replications in as many interleaved slices as there are cores (a region with
    one scenario would otherwise use one core)."""
    n = len(setups) * replications
    cores = processes_for(n) if processes is None else max(1, min(processes, n))
    k = 1 if len(setups) >= cores else min(replications, -(-cores // len(setups)))
    return [(s, range(j, replications, k)) for s in setups for j in range(k)]


def per_scenario(pieces: list[tuple[Setup, range]], outputs: Sequence[T]) -> list[tuple[Setup, list[tuple[range, T]]]]:
    """The outputs of :func:`replication_slices`' pieces (in their order) grouped by scenario: each scenario with
    its slices' replication numbers and outputs."""
    groups: list[tuple[Setup, list[tuple[range, T]]]] = []
    for (setup, numbers), out in zip(pieces, outputs):
        if not groups or groups[-1][0] is not setup:
            groups.append((setup, []))
        groups[-1][1].append((numbers, out))
    return groups


def in_replication_order(slices: Iterable[tuple[range, Sequence[T]]]) -> list[T]:
    """The counterpart of :func:`replication_slices`: one scenario's per-replication items, given by slice (each
    slice's replication numbers and its items in that order), as one list in replication order. A slice that kept
    no items (no alarm table asked for) adds none."""
    by_number = {r: item for numbers, items in slices for r, item in zip(numbers, items)}
    return [by_number[r] for r in sorted(by_number)]


def first_replications(run: ScenarioRun, replications: int) -> ScenarioRun:
    """The first ``replications`` replications of ``run``: replication r draws from its own streams (seed, r, …),
    so these are what a run of ``replications`` would simulate (nothing simulated twice)."""
    return ScenarioRun(run.prepared, run.incidents[:replications], run.records[:replications], run.years, run.seed,
                       warmup_days=run.warmup_days)


@checked_arguments("model", "setups", "replay", "warmup_days")
def run_experiment(
    model: Model,
    setups: list[Setup] | list[str] | None = None,
    *,
    years: float = 1.0,
    replications: int = 30,
    seed: int = DEFAULT_SEED,
    replay: ReplayAlarms | None = None,
    warmup_days: float = 0.0,
    alarm_file: str | Path | None = None,
) -> dict:
    """Run every scenario with the same seed (common random numbers) and return the JSON contract.

    Scenarios are independent given the seed, so each is simulated and summarised in a
    process of its own when there are cores for it (:func:`raddsim.core.forked.fork_map`);
    only its summary comes back, the same to the bit as computed here. With fewer scenarios
    than cores, each scenario's replications are handed out in slices (:func:`replication_slices`)
    and summarised here: the same figures to the bit too.

    Parameters
    ----------
    model : Model
        The model (:func:`raddsim.build_model`).
    setups : list of Setup or str, or None
        The scenarios to run (``region.scenarios[name]``, or the names); None (the default) runs the region's
        default scenarios, as ``raddsim run`` does without names.
    years : float
        Simulated years per replication, above 0 (ignored with ``replay``: the file's span).
    replications : int
        Replications per scenario, at least 1 (2 for a confidence interval).
    seed : int
        Seed of the random streams, shared by all scenarios.
    replay : ReplayAlarms or None
        Alarms to replay (:func:`raddsim.load_incident_csv`) instead of generating them.
    warmup_days : float
        Days simulated before each replication's measured period (not with ``replay``).
    alarm_file : str, Path or None
        Also write every simulated alarm, one row each (:mod:`raddsim.experiment.alarm_table`), to this file: CSV
        for a name ending in ``.csv``, Parquet for ``.parquet`` (any other ending is refused before the run).

    Returns
    -------
    dict
        The JSON contract of ``raddsim run`` (figures in minutes): ``res["scenarios"][name]`` holds a scenario's
        figures, e.g. ``["first_arrival_minutes"]["mean"]`` and ``["mean_ci95"]``.

    Raises
    ------
    InputError
        For an unknown scenario name, or years, replications, seed or warm-up out of range (naming the argument).
    """
    setups = scenarios(model, setups)
    check_replications(replications)
    check_seed(seed)
    check_replay(replay)
    if replay is None:
        check_years(years)
    check_warmup(warmup_days, replay=replay)
    if alarm_file is not None:
        check_alarm_file(path_argument(alarm_file, "alarm_file"))

    def part(item: tuple[Setup, range]) -> tuple[dict | None, list[Reduced], list[Any]]:
        """A scenario's summary (when ``item`` is all of it) or its reduced replications, and its alarm rows (one
        block per replication, in ``numbers``' order; none without ``alarm_file``)."""
        setup, numbers = item
        rows: list[Any] = []
        keep = None if alarm_file is None else lambda prep, r, inc, rec: rows.append(
            alarm_columns(model, prep, r, inc, rec))
        run = run_scenario(model, setup, years=years, replications=replications, seed=seed, replay=replay,
                           keep_records=False, warmup_days=warmup_days,  # figures as each is done: memory stays flat
                           on_replication=keep, numbers=numbers)
        if len(numbers) == replications:
            return scenario_summary(model, run), [], rows
        return None, run.reduced, rows

    pieces = replication_slices(setups, replications)
    if len(pieces) > len(setups):  # scenarios in slices: their tables made here, once (one warning), and inherited
        for s in setups:
            model.prepare(s)
    years_run = replay_years(replay) if replay else years
    summaries, rows = joined_pieces(model, setups, pieces, fork_map(part, pieces), replications, years=years_run,
                                    seed=seed, warmup_days=warmup_days)
    if alarm_file is not None:
        write_alarm_table(alarm_file, join_columns(rows))
    return experiment_results(model, [], replications=replications, seed=seed, replay=replay, years=years_run,
                              summaries=dict(zip([s.name for s in setups], summaries)), warmup_days=warmup_days)
