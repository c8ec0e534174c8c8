"""One row per simulated alarm: the engine's records with what, where and who, for a researcher's own analysis.

``raddsim run --alarms FILE`` writes every replication's alarms of every scenario run, so a figure can be
recomputed (or a new one computed) without simulating again: the mean of ``first_arrival_min`` over a
replication's rows is that replication's mean, and so on. Times inside the records are seconds from the start
of the replication's measured period (after any warm-up); the two response times a board reads, and the first
crew's own travel, are also given in minutes, computed exactly as the figures compute them
(:mod:`raddsim.figures.metrics`). The columns and their units are :data:`COLUMNS` (also in ``docs/formats.md``).

CSV by default (no extra needed); a name ending in ``.parquet`` writes Parquet (the ``sweep`` extra's pyarrow).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from raddsim.engine.records import RunRecords
from raddsim.figures.metrics import effective_force_minutes, first_arrival_minutes, first_travel_minutes

if TYPE_CHECKING:  # only for the type hints: the model is built by the caller
    import pandas as pd

    from raddsim.demand import Incidents
    from raddsim.experiment.model import Model, Prepared
    from raddsim.experiment.runs import ScenarioRun

#: Every column, in file order, with its meaning and unit.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("scenario", "scenario name"),
    ("replication", "replication number from 0; its random streams are (seed, replication), the same in every "
                    "scenario (common random numbers)"),
    ("alarm", "the alarm's number in its replication, from 0, in order of time"),
    ("type", "incident type id"),
    ("area", "station area id (the station with the shortest drive to the alarm), or archipelago"),
    ("place", "the demand point's name: a place, an island, 'rural' for the countryside; empty for replayed alarms"),
    ("node", "the road-network node crews drive to (island alarms: the island's column after the road nodes)"),
    ("lon", "that node's (or the island's) longitude, WGS84"),
    ("lat", "that node's (or the island's) latitude, WGS84"),
    ("t_alarm_s", "seconds from the start of the measured period to the alarm"),
    ("first_arrival_min", "minutes from the alarm to the first crew on scene (empty: never reached)"),
    ("effective_force_min", "minutes from the alarm to the incident type's force on scene (empty: never assembled)"),
    ("first_travel_min", "minutes of the first crew on scene's own travel, from its leaving (its station after "
                         "turnout, where it was when alerted on the road) to its arrival (empty: never reached)"),
    ("t_dispatch_s", "seconds to the first crew's alert (after the alarm when every crew was busy)"),
    ("t_turnout_end_s", "seconds to the first alerted crew leaving its station"),
    ("t_arrival_s", "seconds to the first crew on scene"),
    ("t_effective_s", "seconds to the force on scene"),
    ("t_commander_s", "seconds to the incident commander on scene (empty: none came)"),
    ("t_clear_s", "seconds to the scene being cleared"),
    ("t_free_s", "seconds to the last crew of the alarm being free again"),
    ("first_crew", "id of the first crew on scene (empty: none)"),
    ("crews_alerted", "crews alerted for the alarm"),
    ("crews_failed", "alerted crews that could not go (too few responders, a neighbour declining)"),
    ("waited", "1 when no crew was free at the alarm and it waited for one"),
    ("mutual_aid_first", "1 when a neighbouring service's crew was first on scene"),
    ("unreachable", "1 when no crew of the scenario can reach the alarm's location"),
    ("observed_min", "replayed alarms: the observed minutes to arrival from the alarm file (else empty)"),
)
#: Column names in file order.
NAMES = tuple(name for name, _ in COLUMNS)
#: The columns a region with target zones (``[region] target_zones``) adds at the end; without zones the file is as
#: before.
ZONE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("zone", "the target zone the alarm lies in (its node, an island's centre), or 'outside the zones'"),
    ("zone_target_min", "that zone's target in minutes (outside every zone: the region's target_minutes)"),
)
#: The most rows one file takes (ASSUMPTION: ≈ 200 bytes a row in memory, 2 GB; a run beyond is a sweep's job).
MAX_ROWS = 10_000_000


def alarm_columns(model: Model, prep: Prepared, replication: int, inc: Incidents,
                  rec: RunRecords) -> dict[str, np.ndarray]:
    """One replication's alarms as columns (:data:`COLUMNS`).

    Parameters
    ----------
    model, prep
        The model and the scenario as prepared for the engine.
    replication
        The replication's number.
    inc, rec
        Its alarms and the engine's records of them (the measured period's).

    Returns
    -------
    dict of str to numpy.ndarray
        Column name → one value per alarm.
    """
    n = len(inc.time_s)
    lon, lat = model.positions(prep.setup, inc.node)
    crew_ids = np.array(list(prep.fleet.ids) + [""], dtype=object)  # index -1: no crew
    names = np.append(np.asarray(prep.points.name, dtype=object), "")  # point -1: a replayed alarm
    cols: dict[str, np.ndarray] = {
        "scenario": np.full(n, prep.setup.name, dtype=object), "replication": np.full(n, replication, np.int64),
        "alarm": np.arange(n, dtype=np.int64),
        "type": np.asarray(prep.setup.demand.catalog.ids, dtype=object)[inc.type],
        "area": np.asarray(model.area_ids, dtype=object)[model.node_area(inc.node)],
        "place": names[inc.point], "node": np.asarray(inc.node, np.int64), "lon": lon, "lat": lat,
        "t_alarm_s": rec.t_alarm, "first_arrival_min": first_arrival_minutes(rec),
        "effective_force_min": effective_force_minutes(rec), "first_travel_min": first_travel_minutes(rec),
    }
    for name in ("dispatch", "turnout_end", "arrival", "effective", "commander", "clear", "free"):
        cols[f"t_{name}_s"] = getattr(rec, f"t_{name}")
    cols.update(first_crew=crew_ids[rec.crew], crews_alerted=rec.n_alerted, crews_failed=rec.n_failed,
                waited=rec.waited.astype(np.int8), mutual_aid_first=rec.mutual_aid_first.astype(np.int8),
                unreachable=rec.unreachable.astype(np.int8), observed_min=np.asarray(inc.observed_s, float) / 60.0)
    if model.zone_names:
        cols.update(_zone_columns(model, prep, inc.node))
    return cols


def _zone_columns(model: Model, prep: Prepared, nodes: np.ndarray) -> dict[str, np.ndarray]:
    """The zone columns (:data:`ZONE_COLUMNS`) of alarms at ``nodes``: each one's target zone and its target."""
    zone = model.node_zone(prep.setup, nodes)
    zones = model.region.target_zones
    assert zones is not None
    return {"zone": np.asarray(model.zone_names, dtype=object)[zone],
            "zone_target_min": zones.target_of(zone, model.region.target_minutes)}


def column_names(columns: dict[str, np.ndarray]) -> tuple[str, ...]:
    """The names of ``columns`` in file order: :data:`NAMES`, then the zone columns when there are any."""
    return NAMES + tuple(name for name, _ in ZONE_COLUMNS if name in columns)


def join_columns(blocks: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Blocks of columns (replications, scenarios) one after the other."""
    if not blocks:
        return {name: np.array([]) for name in NAMES}
    return {name: np.concatenate([b[name] for b in blocks]) for name in column_names(blocks[0])}


def alarm_frame(model: Model, runs: ScenarioRun | list[ScenarioRun]) -> pd.DataFrame:
    """Every alarm of runs kept in memory, as a pandas DataFrame with the columns of ``raddsim run --alarms``.

    The in-memory form of ``run_experiment(..., alarm_file=...)``, for the runs of :func:`raddsim.run_scenario`
    or :func:`raddsim.run_scenarios`: one row per alarm of every replication, times in seconds (``*_s``) and the
    response times in minutes (``*_min``); the scenarios of one seed pair alarm by alarm on
    (``replication``, ``alarm``). Was: ``pd.DataFrame(vars(run.records[r]))``, without scenario, replication,
    area or minutes, and with the records' other attributes repeated on every row.

    Parameters
    ----------
    model
        The model the runs ran on (it names the areas, places and positions).
    runs
        A :class:`~raddsim.experiment.runs.ScenarioRun` or a list of them, run with ``keep_records=True`` (the
        default); ``replication`` is the index in ``run.records`` (the replication's number unless run with
        ``numbers``).

    Returns
    -------
    pandas.DataFrame
        One row per alarm, in the order of the runs, then replications, then time.

    Raises
    ------
    InputError
        For something other than runs, or a run without records (``keep_records=False``).
    """
    import pandas as pd

    from raddsim.core.errors import InputError
    from raddsim.experiment.arguments import check_model
    from raddsim.experiment.runs import ScenarioRun

    check_model(model)
    runs = [runs] if isinstance(runs, ScenarioRun) else runs
    if not isinstance(runs, (list, tuple)) or not all(isinstance(r, ScenarioRun) for r in runs):
        odd = runs if not isinstance(runs, (list, tuple)) else next(r for r in runs if not isinstance(r, ScenarioRun))
        where = "" if odd is runs else " in the list"  # run.records is a list of RunRecords: say what is in it
        raise InputError(f"runs must be a ScenarioRun or a list of them, got {type(odd).__name__}{where}.",
                         field="runs", fix="pass what run_scenario (or run_scenarios) returned, e.g. "
                                           "alarm_frame(model, run).")
    bare = [r.setup.name for r in runs if not r.records]
    if bare:
        raise InputError(f"the run of '{bare[0]}' kept no records (keep_records=False).", field="runs",
                         fix="run it with run_scenario(..., keep_records=True), the default.")
    blocks = [alarm_columns(model, run.prepared, r, inc, rec)
              for run in runs for r, (inc, rec) in enumerate(zip(run.incidents, run.records))]
    columns = join_columns(blocks)
    return pd.DataFrame({name: columns[name] for name in column_names(columns)})


def write_alarm_table(path: str | Path, columns: dict[str, np.ndarray]) -> Path:
    """Write the columns as CSV (or Parquet for a ``.parquet`` name), atomically.

    Parameters
    ----------
    path
        The file; a name ending in ``.parquet`` writes Parquet, any other CSV (:func:`check_alarm_file` refuses
        a name other than ``.csv`` or ``.parquet`` before the simulation).
    columns
        Column name → values (:data:`COLUMNS`, and :data:`ZONE_COLUMNS` with target zones; e.g. from
        :func:`join_columns`).

    Returns
    -------
    Path
        The file written.
    """
    from raddsim.core.io import GENERATOR, write_atomic, write_bytes_atomic

    path = Path(path)
    if is_parquet(path):
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({name: pa.array(columns[name], from_pandas=True) for name in column_names(columns)},
                         metadata={"generator": GENERATOR})  # raddsim's mark: a re-run may replace the file
        return write_atomic(path, lambda tmp: pq.write_table(table, tmp))
    return write_bytes_atomic(path, csv_bytes(columns))


#: The endings an alarm table's name may have: CSV text, or Parquet (needs the sweep extra).
ALARM_TABLE_ENDINGS = (".csv", ".parquet")


def check_alarm_file(path: str | Path, option: str = "alarm_file") -> None:
    """Refuse an alarm table named for another kind of file (``out.xlsx``, ``out.json``), before any simulation.

    Any name but ``.parquet`` was written as CSV text: ``out.xlsx`` held CSV that Excel refused to open.

    Parameters
    ----------
    path
        The alarm table's file.
    option
        The argument that named it (the command line's ``--alarms``).

    Raises
    ------
    InputError
        Naming the file and the endings to give: .csv (Excel opens it) or .parquet.
    """
    from raddsim.core.io import check_output_ending

    check_output_ending(path, ALARM_TABLE_ENDINGS, "CSV text (Parquet for a name ending in .parquet)", option=option,
                        hint="(Excel opens it)")


def is_parquet(path: str | Path) -> bool:
    """Whether the alarm table at ``path`` is written as Parquet (by its name)."""
    return Path(path).suffix.lower() == ".parquet"


def csv_bytes(columns: dict[str, np.ndarray]) -> bytes:
    """The columns as UTF-8 CSV: full float precision (``repr``), empty for NaN, no index."""
    import csv
    import io

    def text(col: np.ndarray) -> list:
        values = col.tolist()  # Python numbers: their repr is the shortest that reads back exactly
        return ["" if v != v else repr(v) for v in values] if col.dtype.kind == "f" else values

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = column_names(columns)
    writer.writerow(names)
    writer.writerows(zip(*(text(np.asarray(columns[name])) for name in names)))
    return buf.getvalue().encode("utf-8")


__all__ = ["ALARM_TABLE_ENDINGS", "COLUMNS", "NAMES", "ZONE_COLUMNS", "MAX_ROWS", "alarm_columns",
           "check_alarm_file", "column_names", "join_columns", "write_alarm_table", "csv_bytes", "is_parquet"]
