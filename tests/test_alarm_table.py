"""``raddsim run --alarms FILE``: one row per simulated alarm, from which the run's figures can be recomputed."""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from raddsim.cli import main
from raddsim.experiment.alarm_table import COLUMNS, NAMES

ROOT = Path(__file__).resolve().parents[1]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _minutes(rows: list[dict[str, str]], column: str) -> np.ndarray:
    return np.array([float(r[column]) if r[column] else math.nan for r in rows])


@pytest.fixture(scope="module")
def quarter(tmp_path_factory) -> tuple[Path, dict]:
    """Three replications of a quarter year of both default scenarios, as CSV and JSON."""
    d = tmp_path_factory.mktemp("alarms")
    assert main(["run", "--replications", "3", "--years", "0.25", "--alarms", str(d / "a.csv"),
                 "--json", str(d / "r.json")]) == 0
    return d / "a.csv", json.loads((d / "r.json").read_text(encoding="utf-8"))


def test_the_table_recomputes_the_runs_figures(quarter) -> None:
    path, res = quarter
    rows = _rows(path)
    assert tuple(rows[0]) == NAMES
    target = res["target_minutes"]
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        groups[r["scenario"], r["replication"]].append(r)
    assert {s for s, _ in groups} == set(res["scenarios"]) and {r for _, r in groups} == {"0", "1", "2"}
    for name, sc in res["scenarios"].items():
        per_rep = [groups[name, str(k)] for k in range(3)]
        first = [_minutes(g, "first_arrival_min") for g in per_rep]
        eff = [_minutes(g, "effective_force_min") for g in per_rep]
        assert sum(len(g) for g in per_rep) == sc["alarms"]
        # The figures are means over replications of each replication's figure (NaN: never reached).
        assert np.mean([np.nanmean(m) for m in first]) == pytest.approx(sc["first_arrival_minutes"]["mean"], abs=1e-9)
        assert np.mean([np.nanmean(m) for m in eff]) == pytest.approx(sc["effective_force_minutes"]["mean"], abs=1e-9)
        share = np.mean([np.mean(np.nan_to_num(m, nan=np.inf) <= target) for m in first])
        assert share == pytest.approx(sc["share_within_target"], abs=1e-12)
        # Each alarm's minutes are its seconds from alarm to arrival, and the alarms are in order of time.
        for g, m in zip(per_rep, first):
            t_alarm, t_arrival = _minutes(g, "t_alarm_s"), _minutes(g, "t_arrival_s")
            assert np.allclose((t_arrival - t_alarm) / 60.0, m, equal_nan=True)
            assert np.all(np.diff(t_alarm) >= 0) and [int(r["alarm"]) for r in g] == list(range(len(g)))


def test_scenarios_with_the_same_demand_have_the_same_alarms_row_for_row(quarter) -> None:
    """Common random numbers: (replication, alarm) is the same alarm in both default scenarios, so per-alarm
    differences pair."""
    rows = _rows(quarter[0])
    keys = ("t_alarm_s", "type", "node", "place")
    by = {name: {(r["replication"], r["alarm"]): tuple(r[k] for k in keys) for r in rows if r["scenario"] == name}
          for name in ("minimum", "ambition")}
    assert by["minimum"] == by["ambition"]
    assert [r["first_crew"] for r in rows if r["scenario"] == "minimum"] != [
        r["first_crew"] for r in rows if r["scenario"] == "ambition"]  # … answered by other crews at times


def test_island_alarms_are_on_their_island_and_every_alarm_is_placed(quarter) -> None:
    rows = _rows(quarter[0])
    islands = [r for r in rows if r["area"] == "archipelago"]
    assert islands, "the default region has alarms on islands without roads"
    from raddsim import load_region

    names = {i.name for i in load_region().scenarios["minimum"].demand.islands}
    assert {r["place"] for r in islands} <= names
    lon, lat = _minutes(rows, "lon"), _minutes(rows, "lat")
    assert np.isfinite(lon).all() and np.isfinite(lat).all()
    assert (17.5 < lon).all() and (lon < 19.6).all() and (59.3 < lat).all() and (lat < 60.4).all()
    assert {r["type"] for r in rows} <= {"automatic_alarm", "building_fire", "other_fire", "traffic_accident", "ivpa",
                                          "water_rescue", "other_assistance"}
    assert {r["first_crew"] for r in rows if r["first_arrival_min"]} - {""}  # crews by id
    assert all(r["first_crew"] == "" for r in rows if not r["first_arrival_min"])


def test_same_seed_same_table_forked_or_not(tmp_path, monkeypatch) -> None:
    args = ["run", "--replications", "2", "--years", "0.1", "minimum", "ambition"]
    assert main(args + ["--alarms", str(tmp_path / "a.csv")]) == 0
    monkeypatch.setenv("RADDSIM_PROCESSES", "1")
    assert main(args + ["--alarms", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert main(args + ["--alarms", str(tmp_path / "a.csv")]) == 0  # an earlier table is replaced
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_parquet_holds_what_the_csv_holds(tmp_path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="Parquet needs the sweep extra (pyarrow)")
    args = ["run", "--replications", "2", "--years", "0.1", "ambition"]
    assert main(args + ["--alarms", str(tmp_path / "a.csv")]) == 0
    assert main(args + ["--alarms", str(tmp_path / "a.parquet")]) == 0
    table = pq.read_table(tmp_path / "a.parquet")
    assert tuple(table.column_names) == NAMES
    rows = _rows(tmp_path / "a.csv")
    assert table.num_rows == len(rows)
    for name in ("first_arrival_min", "t_free_s", "lon"):
        assert np.allclose(table.column(name).to_numpy(zero_copy_only=False), _minutes(rows, name), equal_nan=True)
    assert table.column("first_crew").to_pylist() == [r["first_crew"] for r in rows]


def test_a_replay_keeps_each_alarms_observed_minutes(tmp_path) -> None:
    log = tmp_path / "alarms.csv"
    log.write_text("time,lon,lat,type,observed_minutes\n2023-07-01T10:00,18.70,59.76,traffic_accident,9\n"
                   "2023-07-01T12:30,18.35,59.745,building_fire,\n2023-07-02T08:15,18.61,60.05,ivpa,14.5\n",
                   encoding="utf-8")
    assert main(["run", "--incidents", str(log), "--replications", "2", "minimum",
                 "--alarms", str(tmp_path / "a.csv")]) == 0
    rows = _rows(tmp_path / "a.csv")
    assert len(rows) == 6 and [r["place"] for r in rows] == [""] * 6
    assert [r["observed_min"] for r in rows[:3]] == ["9.0", "", "14.5"]
    assert [r["type"] for r in rows[:3]] == ["traffic_accident", "building_fire", "ivpa"]


def test_an_input_or_another_file_is_never_replaced(tmp_path, capsys) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("my,own,data\n1,2,3\n", encoding="utf-8")
    assert main(["run", "--replications", "2", "--years", "0.1", "--alarms", str(notes)]) == 2
    err = capsys.readouterr().err
    assert "notes.csv" in err and "--alarms" in err and "was not written by raddsim" in err
    assert notes.read_text(encoding="utf-8") == "my,own,data\n1,2,3\n"
    region = tmp_path / "region.toml"
    region.write_bytes((ROOT / "stations" / "norrtalje.toml").read_bytes())
    assert main(["run", "--stations", str(ROOT / "stations" / "norrtalje.toml"), "--replications", "2",
                 "--alarms", str(ROOT / "stations" / "norrtalje.toml")]) == 2
    assert "this command's input" in capsys.readouterr().err
    assert (ROOT / "stations" / "norrtalje.toml").read_bytes() == region.read_bytes()


def test_a_table_larger_than_memory_is_refused_before_the_simulation(tmp_path, capsys) -> None:
    out = tmp_path / "a.csv"
    assert main(["run", "--replications", "5000", "--years", "10", "--alarms", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--alarms" in err and "rows" in err and "raddsim sweep" in err and not out.exists()


def test_the_formats_page_lists_every_column() -> None:
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    section = text[text.index("## Alarm table"):]
    assert all(f"`{name}`" in section for name, _ in COLUMNS)
