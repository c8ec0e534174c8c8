"""Metamorphic relations of the whole model: change the input in a known way, the output must follow.

A simulation has no oracle for one run; two runs do. Every scenario run with the same seed draws the same
alarms, places and on-scene times (raddsim/core/streams.py: a stream per (replication, purpose)), and every
crew's own draws (availability, pager answers, turnout spread) come from a stream keyed by the CRC-32 of its
id, never by its row. So several relations hold alarm by alarm, not only on average:

* invariance (bit for bit): the region file's stations and crews sections in another order (crews with
  random turnouts too), its scenarios and crews' display names renamed, deterministic crews' ids renamed,
  the network converted (.osm → .npz → nodes/arcs CSV), the target changed (the times stay, only the
  shares within the target move);
* monotone: every road faster ⇒ no station → node travel time longer (exact) and a lower mean response
  (paired CI); turnout + Δ ⇒ first arrival + Δ exactly where the dispatch is unchanged; one crew more at a
  station (one FCFS queue) ⇒ no alarm waits longer (exact); a station removed ⇒ mean response and share
  that waits up; demand × k ⇒ busy time and waits up (these two in expectation: paired CIs);
* scaling: an M/M/c region with every on-scene time × k and the arrival rate ÷ k is the same queue in a
  time unit k times longer: each alarm's wait × k (less the unscaled trips' few ms: under 1 s).

Relations that do NOT hold bit for bit, by design (see the report of branch metamorph18): the places and
alarm-object rows in another order (alarms are drawn by cumulative weight over the rows, so the same
uniforms land on other places; the distribution is the same) and a crew's id renamed (its own streams are
keyed by its id: another id is another crew's luck). And where two crews reach an alarm at the same instant
(crews of one station), the record's first crew is the one in the earlier row: the times agree, that label not.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest
import tomli_w
from test_queueing2 import LAT, LON, MINUTES_PER_YEAR, csv_region, one_station, simulate_region

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
    renamed = "lowest" if scenario == "minimum" else scenario
    run, ids = run_file(norrtalje_copy(folder, "renamed.toml", _rename), renamed)
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


# ---------------------------------------------------------------- monotone relations on the default region

#: Every road at least as fast for every vehicle: heavy engines' gains over the limit up (1.10 → 1.20, the top of
#: their ranges), their top speed 90 → 100 km/h, the light vehicles' cap 120 → 140 km/h. No factor below 1 moves.
FASTER = {"network.vehicles.heavy.top_speed_kmh": 100, "network.blue_light.max_speed_kmh": 140,
          **{f"network.vehicles.heavy.factors.{k}": 1.2 for k in ("primary", "secondary", "tertiary", "residential")}}


def test_faster_roads_make_no_trip_longer_and_the_mean_response_lower(default_model, default_region) -> None:
    """Per station and node, exactly: with :data:`FASTER` no travel time (out or home, light or heavy) is
    longer and none becomes reachable or unreachable. In expectation (paired 95 % CI over 8 replications of
    three months): the mean first arrival is lower. Per alarm it need not be: a crew that arrives sooner
    elsewhere can be busy for the next alarm (1–2 alarms in 200 a replication arrive later)."""
    a = default_region.scenarios["minimum"]
    b = default_region.derive("faster", "minimum", FASTER)
    pa, pb = default_model.prepare(a), default_model.prepare(b)
    assert pa.stations.ids == pb.stations.ids and pa.stations.vehicle == pb.stations.vehicle
    for table in ("to_node", "from_node"):
        ta, tb = getattr(pa.tables, table), getattr(pb.tables, table)
        np.testing.assert_array_equal(np.isfinite(ta), np.isfinite(tb))
        assert np.all(tb[np.isfinite(ta)] <= ta[np.isfinite(ta)]), table
        assert np.mean(tb < ta) > 0.1, table  # and the change is not empty
    res = compare(default_model, [a, b], years=YEARS, replications=8, seed=SEED)
    d = res["differences"]["faster"]["first_arrival"]["mean"]
    assert d["ci95"][1] < 0, d


def test_one_crew_more_at_rimbo_lowers_the_mean_response(default_model, default_region) -> None:
    """In expectation (paired 95 % CI over 8 replications of three months): a full-time 1 + 4 crew added at Rimbo
    (turnout 1.5 min) lowers the mean first arrival (by ≈ 0.7 min at this seed). Per alarm it need not: 0–1
    alarms a replication arrive later, where the new crew answered one alarm and so another crew the next.
    (No alarm waits in three months of ``minimum``, with mutual aid: "no more waiting" has nothing to show.)"""
    a = default_region.scenarios["minimum"]
    crew = {"name": "Rimbo extra", "station": "rimbo", "kind": "full-time", "vehicle": "heavy", "turnout_minutes": 1.5,
            "capabilities": ["smoke_diving"], "staffing": {"minimum": {"crew_commander": 1, "firefighters": 4}}}
    b = default_region.derive("extra", "minimum", {"crews.rimbo_extra": crew})
    res = compare(default_model, [a, b], years=YEARS, replications=8, seed=SEED)
    d = res["differences"]["extra"]["first_arrival"]["mean"]
    assert d["ci95"][1] < 0, d


def test_a_larger_blue_light_scale_makes_no_trip_longer(default_model, default_region) -> None:
    """Per station and node: ``network.blue_light.scale`` 1 → 1.5 (every emergency-driving gain stretched) makes
    no travel time longer, for every vehicle. Failed before the scale stretched only gains above 1: for 152 (heavy
    engine, node) pairs (the engines of Norrtälje, Hallstavik, Älmsta and Blidö: up to 36 s longer), as the heavy
    factors below 1 (what the engine can do on minor roads) were stretched too."""
    pa = default_model.prepare(default_region.scenarios["minimum"])
    pb = default_model.prepare(default_region.derive("scale", "minimum", {"network.blue_light.scale": 1.5}))
    light = np.array([v == "light" for v in pa.stations.vehicle])
    ta, tb = pa.tables.to_node, pb.tables.to_node
    fin = np.isfinite(ta)
    assert np.all(tb[light][fin[light]] <= ta[light][fin[light]])  # the light vehicles keep the relation
    assert np.all(tb[fin] <= ta[fin])
    assert np.any(tb[~light][fin[~light]] < ta[~light][fin[~light]])  # and the heavy engines' gains do move


def test_turnout_plus_delta_delays_each_unchanged_dispatch_by_delta(default_model, default_region) -> None:
    """Per alarm, exactly (to 1 µs): every crew's stated turnout + 30 s ⇒ first arrival + 30 s for each alarm whose
    first crew on scene is full-time, was alerted at the alarm and left its station after its turnout in both runs
    (the dispatch unchanged). Not for a crew alerted on the road (no turnout; it is elsewhere on its way home, as
    it was freed later), nor a part-time crew (its stated turnout is the 90th percentile of a lognormal: + Δ
    stretches the whole distribution). Such alarms are nine in ten of those a full-time crew reaches first."""
    delta = 30.0
    a = default_region.scenarios["minimum"]
    b = default_region.derive("slower", "minimum", {f"crews.{c.id}.turnout_minutes": (c.turnout_s + delta) / 60
                                                    for c in a.crews})
    ra = run_scenario(default_model, a, years=YEARS, replications=REPS, seed=SEED)
    rb = run_scenario(default_model, b, years=YEARS, replications=REPS, seed=SEED)
    turnout = np.array([c.turnout_s for c in a.crews])
    full_time = np.array([c.kind == "full-time" for c in a.crews])
    checked = eligible = 0
    for x, y in zip(ra.records, rb.records):
        first_a, first_b = first_missions(x), first_missions(y)
        for i in range(len(x)):
            c = x.crew[i]
            eligible += bool(c >= 0 and full_time[c])
            if c < 0 or y.crew[i] != c or not full_time[c]:
                continue
            (alert_a, leave_a), (alert_b, leave_b) = first_a[i], first_b[i]
            t0 = x.t_alarm[i]
            if alert_a == alert_b == t0 and leave_a - alert_a == turnout[c] and leave_b - alert_b == turnout[c] + delta:
                assert y.t_arrival[i] - x.t_arrival[i] == pytest.approx(delta, abs=1e-6), i
                checked += 1
    assert checked >= 0.9 * eligible > 0, (checked, eligible)  # 283 of 294 at this seed


def first_missions(rec) -> dict[int, tuple[float, float]]:
    """Alarm → (alert, leave) times of the mission of its first crew on scene."""
    m = rec.missions
    return {int(i): (float(ta), float(tl)) for i, c, ta, tl in zip(m.alarm, m.crew, m.t_alert, m.t_leave)
            if c == rec.crew[i]}


# ---------------------------------------------------------------- queues on small CSV regions


def waits(rec) -> np.ndarray:
    """Each alarm's wait for a crew (s): alarm to dispatch."""
    return rec.t_dispatch - rec.t_alarm


def test_one_crew_more_at_the_station_makes_no_alarm_wait_longer(tmp_path) -> None:
    """Per alarm, exactly: an M/M/c queue (one station, every alarm at it, FCFS) with c = 2 → 3 crews at ρ = 0.8.
    The same alarms and on-scene times (streams by purpose; the new crew's own draws are keyed by its id); with
    service times tied to the alarms, each alarm's wait in a FCFS queue does not grow with the servers (the
    Kiefer–Wolfowitz workload vector only gets a zero more). So no alarm waits longer, none waits that did not,
    and the number that wait falls (Erlang C: 71 % → 31 % of them)."""
    mean, lam = 30.0, 0.8 * 2 / 30.0
    _, two = simulate_region(one_station(tmp_path / "two", 2, lam, mean), replications=2, seed=SEED, years=0.25)
    _, three = simulate_region(one_station(tmp_path / "three", 3, lam, mean), replications=2, seed=SEED, years=0.25)
    for x, y in zip(two.records, three.records):
        np.testing.assert_array_equal(x.t_alarm, y.t_alarm)
        assert np.all(waits(y) <= waits(x)), np.max(waits(y) - waits(x))
        assert np.all(y.waited <= x.waited)
        assert y.waited.sum() < 0.6 * x.waited.sum(), (x.waited.sum(), y.waited.sum())


def test_every_on_scene_time_times_k_and_the_rate_over_k_is_the_same_queue_in_longer_minutes(tmp_path) -> None:
    """Per alarm: an M/M/2 queue at ρ = 0.8 with the on-scene mean 30 → 60 min, the rate halved and the years
    doubled is the same queue in a time unit twice as long. Alarm times are exactly 2 × (bit for bit: the same
    uniforms on a span twice as long), on-scene times 2 × (to 10⁻⁸ s), and each wait W' = 2 W less what the trips
    (a few ms each, not scaled) save: 0 ≤ 2 W − W' ≤ 1 s, where the waits are ≈ 50 min on average."""
    mean, lam = 30.0, 0.8 * 2 / 30.0
    _, base = simulate_region(one_station(tmp_path / "a", 2, lam, mean), replications=2, seed=SEED, years=0.25)
    _, slow = simulate_region(one_station(tmp_path / "b", 2, lam / 2, 2 * mean), replications=2, seed=SEED, years=0.5)
    for x, y in zip(base.records, slow.records):
        np.testing.assert_array_equal(y.t_alarm, 2 * x.t_alarm)
        np.testing.assert_allclose(y.t_clear - y.t_arrival, 2 * (x.t_clear - x.t_arrival), rtol=0, atol=1e-6)
        gap = 2 * waits(x) - waits(y)
        assert np.all(gap >= -1e-6) and np.all(gap <= 1.0), (gap.min(), gap.max())
        assert np.mean(waits(x)) > 20 * 60


def paired_ci(x, y) -> tuple[float, float, float]:
    """Mean and 95 % Student-t interval of the replications' paired differences y − x."""
    from queueing_helpers import ci

    return ci(np.asarray(y, float) - np.asarray(x, float))


def two_stations(folder: Path, *, with_b: bool = True, extra: str = "", rate: float = 2000.0) -> Path:
    """Stations a and b 5 km apart on one road, one crew each (b's left out with ``with_b=False``), alarms at
    either in proportion 3 : 2, exponential on-scene times of 45 min."""
    stations = [("a", LON, LAT, False)] + ([("b", LON + 0.09, LAT, False)] if with_b else [])
    crews = [("a1", "a", "")] + ([("b1", "b", "")] if with_b else [])
    return csv_region(folder, stations=stations, crews=crews,
                      places=[("A", 3000, LON, LAT), ("B", 2000, LON + 0.09, LAT)], alarms_per_year=rate,
                      mean_minutes=45.0, nodes=[(1, LON, LAT), (2, LON + 0.09, LAT)], arcs=[(1, 2, 5000)],
                      extra=extra)


def _spread(text: str) -> str:
    """The two-station region with a 2-minute turnout, spread lognormally (σ = 0.3): each crew draws its own."""
    text = text.replace("turnout_minutes = 0", "turnout_minutes = 2")
    return text.replace("turnout_sigma = 0", "turnout_sigma = 0.3")


@pytest.mark.parametrize("rename,spread", [(True, False), (False, True)])
def test_crews_reordered_keep_their_draws_and_renamed_deterministic_ones_give_the_same_alarms(
        tmp_path, rename: bool, spread: bool) -> None:
    """Per alarm, bit for bit, in the two-station region: the stations and crews written in reverse order, with

    * the crews' ids renamed too (a1 → zz_a, b1 → aa_b, which also reverses their sorted order), where the
      crews are full-time with no turnout spread: none of their own (id-keyed) draws is used;
    * the ids kept, where each crew's turnout is random (2 min, σ = 0.3): its draws follow its id, not its row.

    (Renamed *and* random differ: 29 of 2052 alarms dispatched at other times; a rename is another crew's luck.)
    """
    first = two_stations(tmp_path / "a")
    if spread:
        first.write_text(_spread(first.read_text(encoding="utf-8")), encoding="utf-8")
    base, ids = run_file(first, "base", years=1.0, reps=2)
    path = two_stations(tmp_path / "b")
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n[")  # (before the first table), region, stations a, b, crews a1, b1, scenarios, demand
    head, region, st_a, st_b, cr_a, cr_b, *rest = blocks
    assert st_a.startswith("stations.a]") and cr_b.startswith("crews.b1]")
    names = {"b1": "aa_b", "a1": "zz_a"} if rename else {"b1": "b1", "a1": "a1"}
    text = "\n[".join([head, region, st_b, st_a, cr_b.replace("crews.b1]", f"crews.{names['b1']}]"),
                        cr_a.replace("crews.a1]", f"crews.{names['a1']}]"), *rest])
    path.write_text(_spread(text) if spread else text, encoding="utf-8")
    run, new_ids = run_file(path, "base", years=1.0, reps=2)
    assert new_ids == [names["b1"], names["a1"]]
    back = {v: k for k, v in names.items()}
    assert_same_alarms(base, ids, run, [back[k] for k in new_ids])


def test_a_station_removed_makes_the_mean_response_higher(tmp_path) -> None:
    """In expectation (paired 95 % CI over 8 one-year replications, the same alarms in both): removing station
    b (and its crew) raises the mean first arrival and the share of alarms that wait. (Per alarm it is no
    theorem: with fewer crews an alarm may find the remaining crew at home where it was away before.)"""
    _, both = simulate_region(two_stations(tmp_path / "both"), replications=8, seed=SEED)
    _, one = simulate_region(two_stations(tmp_path / "one", with_b=False), replications=8, seed=SEED)
    for x, y in zip(both.records, one.records):
        np.testing.assert_array_equal(x.t_alarm, y.t_alarm)
    m, lo, _ = paired_ci([mean_response(r) for r in both.records], [mean_response(r) for r in one.records])
    assert lo > 0, (m, lo)
    m, lo, _ = paired_ci([r.waited.mean() for r in both.records], [r.waited.mean() for r in one.records])
    assert lo > 0, (m, lo)


def busy_share(rec, years: float) -> float:
    """Crew-time on missions (alert to free) of one replication, in crew-years per year."""
    m = rec.missions
    return float(np.nansum(m.t_free - m.t_alert) / (years * MINUTES_PER_YEAR * 60))


def test_more_demand_makes_crews_busier_and_alarms_wait_longer(tmp_path) -> None:
    """In expectation (paired 95 % CI over 8 one-year replications): ``demand.multiplier`` 1 → 1.5 in the
    two-station region raises the crews' busy time (by 1.5 ± 0.1 ×: every alarm is served), the share of alarms
    that wait and the mean wait."""
    _, base = simulate_region(two_stations(tmp_path / "x1"), replications=8, seed=SEED)
    _, more = simulate_region(two_stations(tmp_path / "x15", extra="multiplier = 1.5"), replications=8, seed=SEED)
    busy_a, busy_b = [busy_share(r, 1.0) for r in base.records], [busy_share(r, 1.0) for r in more.records]
    m, lo, hi = paired_ci(busy_a, busy_b)
    assert lo > 0, (m, lo)
    assert 1.4 < np.mean(busy_b) / np.mean(busy_a) < 1.6, (np.mean(busy_a), np.mean(busy_b))  # every alarm served
    for figure in (lambda r: r.waited.mean(), lambda r: np.mean(waits(r))):
        m, lo, _ = paired_ci([figure(r) for r in base.records], [figure(r) for r in more.records])
        assert lo > 0, (m, lo)
