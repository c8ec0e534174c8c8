"""Metamorphic relations of the whole model: change the input in a known way, the output must follow.

A simulation has no oracle for one run; two runs do. Every scenario run with the same seed draws the same
alarms, places and on-scene times (raddsim/core/streams.py: a stream per (replication, purpose)), and every
crew's own draws (availability, pager answers, turnout spread) come from a stream keyed by the CRC-32 of its
id, never by its row. So several relations hold alarm by alarm, not only on average:

* invariance (bit for bit): the region file's stations and crews sections in another order, its scenarios
  and crews' display names renamed, the network converted (.osm → .npz → nodes/arcs CSV), the target
  changed (the times stay, only the shares within the target move);
* monotone: every road faster ⇒ no station → node travel time longer and a lower mean response; turnout
  + Δ ⇒ first arrival + Δ exactly where the dispatch is unchanged; one crew more at a station (one FCFS
  queue) ⇒ no alarm waits longer; a station removed ⇒ no alarm reached sooner when the alarms are at a
  station and nobody waits; demand × k ⇒ busy time and waits up (in expectation, CIs);
* scaling: an M/M/c region with every on-scene time × k and the arrival rate ÷ k is the same queue in a
  time unit k times longer: each alarm's wait × k.

Relations that do NOT hold bit for bit, by design (see the report of branch metamorph18): the places and
alarm-object rows in another order (alarms are drawn by cumulative weight over the rows, so the same
uniforms land on other places; the distribution is the same) and a crew's id renamed (its own streams are
keyed by its id: another id is another crew's luck).
"""

from __future__ import annotations

import copy
import os
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest
import tomli_w
from test_queueing2 import LON, LAT, MINUTES_PER_YEAR, csv_region, one_station, simulate_region

from raddsim import build_model, load_region, run_scenario
from raddsim.cli import main
from raddsim.experiment.compare import compare
from raddsim.region.region import default_region_path

SEED = 18
YEARS = 0.25  # three months of Norrtälje: ≈ 200 alarms a replication
REPS = 3
#: The per-alarm columns two runs that must agree bit for bit are compared on.
COLUMNS = ("t_alarm", "t_dispatch", "t_turnout_end", "t_arrival", "t_effective", "t_commander", "t_clear",
           "t_free", "n_alerted", "n_failed", "waited", "mutual_aid_first", "unreachable")


# ---------------------------------------------------------------- helpers


def norrtalje_copy(folder: Path, name: str, edit) -> Path:
    """The default region file rewritten (parsed, ``edit``-ed as a dict, written by a TOML writer).

    The stations folder is copied beside it and the networks and geodata folders linked, so its relative paths
    hold. ``edit(d)`` changes the dict in place.
    """
    src = default_region_path()
    if not (folder / "stations").exists():
        shutil.copytree(src.parent, folder / "stations")
        for k in ("networks", "geodata"):
            os.symlink(src.parent.parent / k, folder / k)
    d = tomllib.loads(src.read_text(encoding="utf-8"))
    edit(d)
    path = folder / "stations" / name
    path.write_bytes(tomli_w.dumps(d).encode("utf-8"))
    return path


def run_file(path: Path, scenario: str, *, years: float = YEARS, reps: int = REPS, seed: int = SEED):
    """The scenario run (records kept) of a region file, and its crews' ids by row."""
    region = load_region(path)
    model = build_model(region)
    run = run_scenario(model, region.scenarios[scenario], years=years, replications=reps, seed=seed)
    return run, [c.id for c in region.scenarios[scenario].crews]


def assert_same_alarms(a, ids_a: list[str], b, ids_b: list[str]) -> int:
    """Every replication's alarms agree bit for bit in every column, crews compared by id, missions as sets.

    The first crew on scene may differ only where two crews arrive at the same instant (the record keeps the
    one whose arrival event came first, in row order). Returns how many such ties named another crew.
    """
    assert len(a.records) == len(b.records)
    ties = 0
    for ra, rb in zip(a.records, b.records):
        for col in COLUMNS:
            np.testing.assert_array_equal(getattr(ra, col), getattr(rb, col), err_msg=col)
        rows_a, rows_b = mission_rows(ra, ids_a), mission_rows(rb, ids_b)
        assert rows_a == rows_b
        for i, (ca, cb) in enumerate(zip(ra.crew, rb.crew)):
            if ca >= 0 and ids_a[ca] != ids_b[cb]:
                at_first = {c for k, c, t, _ in rows_a if k == i and t == ra.t_arrival[i]}
                assert {ids_a[ca], ids_b[cb]} <= at_first, (i, ids_a[ca], ids_b[cb])
                ties += 1
    return ties


def mission_rows(rec, ids: list[str]) -> list[tuple]:
    """One replication's missions as sorted (alarm, crew id, arrival, free) rows (-1 where a time is NaN)."""
    m = rec.missions
    arrive, free = np.nan_to_num(m.t_arrive, nan=-1.0), np.nan_to_num(m.t_free, nan=-1.0)
    return sorted((int(i), ids[c], float(t), float(f)) for i, c, t, f in zip(m.alarm, m.crew, arrive, free))


def mean_response(rec) -> float:
    """Mean first-arrival time (s) of one replication's reached alarms."""
    return float(np.nanmean(rec.t_arrival - rec.t_alarm))


# ---------------------------------------------------------------- invariance on the default region


@pytest.fixture(scope="module")
def norrtalje(tmp_path_factory):
    """The default region file as written back by the TOML writer, and its runs of two scenarios."""
    folder = tmp_path_factory.mktemp("norrtalje")
    path = norrtalje_copy(folder, "same.toml", lambda d: None)
    return folder, {sc: run_file(path, sc) for sc in ("minimum", "current")}


def _reverse_sections(d: dict) -> None:
    for key in ("stations", "crews", "scenarios"):
        d[key] = dict(reversed(list(d[key].items())))


@pytest.mark.parametrize("scenario", ["minimum", "current"])
def test_stations_crews_and_scenarios_in_another_order_give_the_same_alarms(norrtalje, scenario: str) -> None:
    """Per alarm, bit for bit: the ``[stations]``, ``[crews]`` and ``[scenarios]`` sections written in reverse
    order give the same times, crews (by id) and missions, in ``minimum`` and in ``current`` (part-time
    availability, pager answers and the posterior's parameter sets: every crew draw keyed by the crew's id)."""
    folder, runs = norrtalje
    path = norrtalje_copy(folder, "reversed.toml", _reverse_sections)
    run, ids = run_file(path, scenario)
    assert ids != runs[scenario][1]  # the rows did move
    assert_same_alarms(*runs[scenario], run, ids)


def _rename(d: dict) -> None:
    """Scenario ``minimum`` renamed ``lowest`` (with every reference to it), every crew and station display name
    changed."""
    d["scenarios"] = {("lowest" if k == "minimum" else k): v for k, v in d["scenarios"].items()}
    for sc in d["scenarios"].values():
        if sc.get("base") == "minimum":
            sc["base"] = "lowest"
    d["region"]["default_scenarios"] = ["lowest" if s == "minimum" else s for s in d["region"]["default_scenarios"]]
    for key in ("crews", "stations"):
        for k, v in d[key].items():
            v["name"] = f"Renamed {k}"


@pytest.mark.parametrize("scenario", ["minimum", "current"])
def test_a_scenario_and_display_names_renamed_give_the_same_alarms(norrtalje, scenario: str) -> None:
    """Per alarm, bit for bit: scenario ``minimum`` renamed (its dependants follow) and every crew's and station's
    ``name`` changed. (A crew's *id* renamed is another crew's luck, by design: see the module docstring.)"""
    folder, runs = norrtalje
    run, ids = run_file(norrtalje_copy(folder, "renamed.toml", _rename), "lowest" if scenario == "minimum" else scenario)
    assert_same_alarms(*runs[scenario], run, ids)


def test_another_target_changes_the_shares_within_it_and_no_time(norrtalje) -> None:
    """Per alarm, bit for bit: ``target_minutes`` 10 → 12 leaves every time as it was; the share within the
    target is then the share of first arrivals within 12 minutes, and it is higher."""
    from raddsim.experiment.summary import scenario_summary

    folder, runs = norrtalje

    def edit(d: dict) -> None:
        d["region"]["target_minutes"] = 12

    region = load_region(norrtalje_copy(folder, "target12.toml", edit))
    model = build_model(region)
    run = run_scenario(model, region.scenarios["minimum"], years=YEARS, replications=REPS, seed=SEED)
    assert_same_alarms(*runs["minimum"], run, [c.id for c in region.scenarios["minimum"].crews])
    base = load_region(folder / "stations" / "same.toml")
    s10 = scenario_summary(build_model(base), runs["minimum"][0])
    s12 = scenario_summary(model, run)
    minutes = [(r.t_arrival - r.t_alarm) / 60 for r in run.records]
    within = np.mean([np.mean(np.nan_to_num(m, nan=np.inf) <= 12) for m in minutes])
    assert s12["share_within_target"] == pytest.approx(within, abs=1e-12)
    assert s12["share_within_target"] > s10["share_within_target"]
    assert s12["first_arrival_minutes"]["mean"] == s10["first_arrival_minutes"]["mean"]


def test_the_network_converted_to_npz_and_to_csv_gives_the_same_alarms(norrtalje, capsys) -> None:
    """Per alarm, bit for bit: the default's OSM road file converted by ``raddsim network convert`` to .npz,
    and that .npz to a nodes/arcs CSV folder, as the region's network (lengths, road classes, speed limits
    and ferries survive both conversions, so every travel time does)."""
    folder, runs = norrtalje
    osm = default_region_path().parent.parent / "networks" / "norrtalje_approx.osm"
    npz, csv_dir = folder / "roads.npz", folder / "roads_csv"
    assert main(["network", "convert", str(osm), str(npz)]) == 0
    assert main(["network", "convert", str(npz), str(csv_dir)]) == 0
    capsys.readouterr()
    for name, net in (("npz.toml", npz), ("csv.toml", csv_dir / "nodes.csv")):
        def edit(d: dict, net: Path = net) -> None:
            d["region"]["network"] = str(net)

        run, ids = run_file(norrtalje_copy(folder, name, edit), "minimum")
        assert_same_alarms(*runs["minimum"], run, ids)
