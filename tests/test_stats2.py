"""The statistics a researcher relies on: CI coverage, paired comparisons, run = sweep, and sweep folders that
notice every input file; plus the target command's figures with their CIs and alarms no crew reaches.

Small regions on a nodes/arcs CSV network (``test_queueing2.csv_region``), fixed seeds.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from test_queueing2 import LAT, LON, MINUTES_PER_YEAR, csv_region, one_station

from raddsim import build_model, load_region, run_experiment, run_scenario
from raddsim.core.errors import InputError
from raddsim.figures.metrics import first_arrival_minutes, summarize


def test_95_percent_intervals_cover_the_truth_95_percent_of_the_time(tmp_path) -> None:
    """200 independent 95 % CIs (5 replications each, raddsim's own :func:`summarize`) of an M/M/1 region.

    ρ = 0.5, 20 min on scene, 11-day replications: the share within 10 min is 1 − ρ e^{−(μ−λ)·10} = 0.6106
    (replications start with every crew free: over 3 × 1000 replications their mean was 0.612, a start-up
    bias of +0.002, a tenth of a CI's half-width). Expected coverage 0.95 ± 0.015 (binomial, 200 intervals).
    Measured: 0.965 at this seed, 0.915 and 0.95 at seeds 12 and 13; a z-interval in place of Student's t
    gives 0.89, 0.84 and 0.91 on the same replications, and an interval of ±1.96 standard deviations
    (not errors) 1.0, 0.98 and 0.995: this test catches gross errors, the coverage figures are in the README.
    """
    mean, rho, groups, per_group = 20.0, 0.5, 200, 5
    lam = rho / mean
    model_path = one_station(tmp_path, 1, lam, mean)
    region = load_region(model_path)
    model = build_model(region)
    run = run_scenario(model, region.scenarios["base"], years=0.03, replications=groups * per_group, seed=11)
    truth = 1 - rho * math.exp(-(1 / mean - lam) * 10)
    minutes = [first_arrival_minutes(rec) for rec in run.records]
    covered = 0
    for g in range(groups):
        lo, hi = summarize(minutes[g * per_group:(g + 1) * per_group], 10.0)["share_within_target_ci95"]
        covered += lo <= truth <= hi
    assert 0.91 <= covered / groups <= 0.99, covered / groups


def _two_station_region(folder: Path, extra: str = "") -> Path:
    mean = 60.0
    return csv_region(folder, stations=[("a", LON, LAT, False), ("b", LON + 0.0002, LAT, False)],
                      crews=[("ca", "a", ""), ("cb", "b", "")],
                      places=[("A", 600, LON, LAT), ("B", 300, LON + 0.0002, LAT)],
                      alarms_per_year=0.9 / mean * MINUTES_PER_YEAR, mean_minutes=mean, extra=extra)


def test_compare_json_says_its_differences_are_paired(tmp_path) -> None:
    """The JSON names the CI method: paired t on per-replication differences, under common random numbers."""
    from raddsim.cli import main

    path = _two_station_region(tmp_path, '\n[scenarios.slow]\ndescription = "slower"\nbase = "base"\n'
                                         'crews.ca.turnout_minutes = 1\n')
    out = tmp_path / "c.json"
    assert main(["compare", "base", "slow", "--stations", str(path), "--replications", "6", "--json", str(out)]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["settings"]["common_random_numbers"] is True
    assert res["settings"]["ci95_method"]["differences"].startswith("paired")
    d = res["differences"]["slow"]["first_arrival"]["mean"]
    # Paired is far narrower than the two scenarios' own intervals would make a difference.
    base = res["scenarios"]["base"]["first_arrival_minutes"]["mean_ci95"]
    assert d["ci95"][1] - d["ci95"][0] < 0.2 * (base[1] - base[0])


def test_run_and_sweep_give_the_same_numbers(tmp_path) -> None:
    """Replication r of a sweep point is replication r of ``raddsim run`` with the same seed: equal to the bit."""
    pytest.importorskip("pyarrow")
    from raddsim.sweep import load_spec, run_sweep
    from raddsim.sweep.results import read_parts

    path = _two_station_region(tmp_path)
    region = load_region(path)
    res = run_experiment(build_model(region), [region.scenarios["base"]], years=0.5, replications=4, seed=9)
    s = res["scenarios"]["base"]
    (tmp_path / "spec.toml").write_text('region = "region.toml"\nbase = "base"\nyears = 0.5\nreplications = 4\n'
                                        'seed = 9\n[axes]\n"demand.multiplier" = [1.0, 1.1]\n', encoding="utf-8")
    run_sweep(load_spec(tmp_path / "spec.toml"), tmp_path / "out", processes=0, progress=False)
    df = read_parts(tmp_path / "out").to_pandas()
    rows = df[df["demand.multiplier"] == 1.0].sort_values("replication")
    assert int(rows["alarms"].sum()) == s["alarms"]
    assert float(np.mean(rows["first_arrival_mean"].to_numpy())) == s["first_arrival_minutes"]["mean"]
    assert float(np.mean(rows["share_within_target"].to_numpy())) == s["share_within_target"]
    assert float(np.mean(rows["waited_share"].to_numpy())) == s["waited_share"]


def _tiny_spec(folder: Path) -> Path:
    spec = folder / "spec.toml"
    spec.write_text('region = "region.toml"\nbase = "base"\nyears = 0.05\nreplications = 2\nseed = 1\n'
                    '[axes]\n"demand.multiplier" = [1.0]\n', encoding="utf-8")
    return spec


def test_a_sweep_notices_a_changed_arcs_file(tmp_path) -> None:
    """``network = "net/nodes.csv"`` reads ``arcs.csv`` too: a resume after the roads changed is refused.

    Only ``nodes.csv`` was hashed, so a changed ``arcs.csv`` resumed silently and mixed two road networks.
    """
    pytest.importorskip("pyarrow")
    from raddsim.sweep import load_spec, run_sweep

    _two_station_region(tmp_path)
    run_sweep(load_spec(_tiny_spec(tmp_path)), tmp_path / "out", processes=0, progress=False)
    meta = json.loads((tmp_path / "out" / "sweep.json").read_text(encoding="utf-8"))
    assert any(k.endswith("arcs.csv") for k in meta["input_files_sha256"])
    arcs = tmp_path / "net" / "arcs.csv"
    arcs.write_text(arcs.read_text(encoding="utf-8").replace(",10,", ",500,"), encoding="utf-8")
    with pytest.raises(InputError, match="arcs.csv"):
        run_sweep(load_spec(_tiny_spec(tmp_path)), tmp_path / "out", processes=0, progress=False)


def test_a_sweep_runs_on_a_network_folder(tmp_path) -> None:
    """``network = "net"`` (a folder with nodes.csv and arcs.csv, as docs/formats.md allows) was an
    IsADirectoryError traceback when the sweep hashed its inputs."""
    pytest.importorskip("pyarrow")
    from raddsim.sweep import load_spec, run_sweep

    path = _two_station_region(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('network = "net/nodes.csv"', 'network = "net"'),
                    encoding="utf-8")
    done = run_sweep(load_spec(_tiny_spec(tmp_path)), tmp_path / "out", processes=0, progress=False)
    assert done.ran == 2
    hashed = json.loads((tmp_path / "out" / "sweep.json").read_text(encoding="utf-8"))["input_files_sha256"]
    assert sorted(Path(k).name for k in hashed if "net" in Path(k).parts) == ["arcs.csv", "nodes.csv"]


def _island_region(folder: Path) -> Path:
    """One station on the mainland; an island reached over a ferry; scenario ``cut``: the ferry is out."""
    return csv_region(folder, stations=[("s", LON, LAT, False)], crews=[("c0", "s", "")],
                      places=[("Here", 900, LON, LAT), ("Island", 100, LON + 0.05, LAT)],
                      nodes=[(1, LON, LAT), (2, LON + 0.0002, LAT), (3, LON + 0.05, LAT), (4, LON + 0.0502, LAT)],
                      arcs=[(1, 2, 10), (3, 4, 10), (2, 3, 2800, "ferry", "Sound")], alarms_per_year=300,
                      mean_minutes=30, extra='\n[scenarios.cut]\ndescription = "ferry out"\nbase = "base"\n'
                                             'network.ferries.out_of_service = ["Sound"]\n')


def test_target_lists_a_place_no_crew_reaches_as_missed(tmp_path) -> None:
    """With the ferry out no crew reaches the island: its alarms are misses, as in every share within target.

    The list of where the target is missed left unreached alarms out, so the island vanished from it.
    """
    from raddsim.experiment.target import target_report

    region = load_region(_island_region(tmp_path))
    res = target_report(build_model(region), [region.scenarios["base"], region.scenarios["cut"]], years=1,
                        replications=3, seed=1, levers=False)
    places = {s: {r["place"]: r for r in res["scenarios"][s]["by_place"]} for s in ("base", "cut")}
    island = places["cut"]["Island"]
    assert island["share_within_target"] == 0.0
    assert island["alarms"] == places["base"]["Island"]["alarms"] > 0  # the same alarms (CRN), all of them counted


def test_target_gives_station_areas_their_cis(tmp_path) -> None:
    """Every figure of ``raddsim target --json`` carries its 95 % CI, the station areas' too."""
    from raddsim.experiment.target import target_report

    region = load_region(_two_station_region(tmp_path))
    res = target_report(build_model(region), [region.scenarios["base"]], years=0.5, replications=4, seed=1,
                        levers=False)
    for area in res["scenarios"]["base"]["by_station_area"].values():
        for key in ("share_within_target", "mean_minutes"):
            lo, hi = area[f"{key}_ci95"]
            assert lo <= area[key] <= hi and lo < hi


def test_yearly_indicator_intervals_are_over_replications_when_years_share_one() -> None:
    """Years of one replication share its vacancies and posterior draw (intraclass correlation ≈ 0.37 on the
    default with ``--years 3``); treated as independent years, 95 % CIs cover the truth too rarely.

    400 synthetic runs of 20 replications × 3 years with ICC 0.4 (replication effect sd 0.4, year sd 0.5):
    as 60 independent years the mean's CI covered 0.865 and P(year ≤ target)'s 0.88; given per replication
    0.96 and 0.945. One year per replication gives the same block as before, to the bit.
    """
    from raddsim.figures.indicator import indicator_summary
    from raddsim.region.indicator import IndicatorSpec

    spec = IndicatorSpec(target_minutes=10.0)
    g = np.random.default_rng(2026)
    p_true = 0.5  # the target is the median of a symmetric distribution around it
    flat_hits = grouped_hits = p_hits = 0
    trials = 400
    for _ in range(trials):
        values = 10.0 + g.normal(0, 0.4, (20, 1)) + g.normal(0, 0.5, (20, 3))
        flat = indicator_summary(values.ravel(), spec)
        grouped = indicator_summary(list(values), spec)
        assert grouped["mean"] == pytest.approx(flat["mean"]) and grouped["years"] == 60
        flat_hits += flat["mean_ci95"][0] <= 10.0 <= flat["mean_ci95"][1]
        grouped_hits += grouped["mean_ci95"][0] <= 10.0 <= grouped["mean_ci95"][1]
        p_hits += grouped["p_meets_target_ci95"][0] <= p_true <= grouped["p_meets_target_ci95"][1]
    assert flat_hits / trials < 0.9  # the old, independent-years interval: too narrow
    assert 0.92 <= grouped_hits / trials <= 0.98, grouped_hits / trials
    assert 0.92 <= p_hits / trials <= 1.0, p_hits / trials
    one_year = g.normal(10.0, 0.6, 30)
    assert indicator_summary(list(one_year[:, None]), spec) == indicator_summary(one_year, spec)


def test_board_paired_indicator_difference_is_over_replications() -> None:
    """The board paper's paired difference of the yearly indicator: with 3 years per replication its CI is
    Student's t over the 4 replications' mean differences, not over 12 years as if independent."""
    from raddsim.experiment import board
    from raddsim.figures.metrics import mean_ci95

    g = np.random.default_rng(5)
    base = 10.0 + np.repeat(g.normal(0, 0.5, 4), 3) + g.normal(0, 0.3, 12)
    other = base - 0.3 + np.repeat(g.normal(0, 0.2, 4), 3) + g.normal(0, 0.05, 12)
    d = board._paired(base, other, 4)
    _, lo, hi = mean_ci95((other - base).reshape(4, 3).mean(axis=1))
    assert d["ci95"] == pytest.approx([lo, hi])
    assert d["difference"] == pytest.approx(float(np.mean(other - base)))
    assert board._paired(base, other) == board._paired(base, other, 12)  # one year each: as before


def test_sweep_json_describes_every_parquet_column_and_its_unit(tmp_path) -> None:
    """A researcher reading ``results.parquet`` with pandas finds every column, per-area ones too, and the units in
    ``sweep.json`` (the per-area columns and the units were not described)."""
    pytest.importorskip("pyarrow")
    import pandas as pd

    from raddsim.sweep import load_spec, run_sweep

    _two_station_region(tmp_path)
    spec = _tiny_spec(tmp_path)
    spec.write_text(spec.read_text(encoding="utf-8").replace("seed = 1\n", "seed = 1\nper_area = true\n"),
                    encoding="utf-8")
    run_sweep(load_spec(spec), tmp_path / "out", processes=0, progress=False)
    df = pd.read_parquet(tmp_path / "out" / "results.parquet")
    cols = json.loads((tmp_path / "out" / "sweep.json").read_text(encoding="utf-8"))["columns"]
    area = {k.rsplit(":", 1)[1] for k in cols["area_figures"]}
    for c in df.columns:
        assert (c in cols["ids"] or c in cols["axes"] or c in cols["figures"]
                or (c.startswith("area:") and c.rsplit(":", 1)[1] in area)), c
    assert {"area:A:first_arrival_mean", "area:B:share_within_target"} <= set(df.columns)
    assert "minutes" in cols["units"] and "0-1" in cols["units"]


def test_run_gives_the_yearly_indicator_its_years_per_replication(default_model, default_region) -> None:
    """``raddsim run --years 3``: the indicator's intervals are over replications (the years of one share its
    vacancies and posterior draw), so the summary is given one array of years per replication."""
    from raddsim.experiment.runs import run_scenario
    from raddsim.experiment.summary import reductions, scenario_summary
    from raddsim.figures.indicator import indicator_summary

    run = run_scenario(default_model, default_region.scenarios["minimum"], years=3, replications=3, seed=11)
    got = scenario_summary(default_model, run)["indicator"]
    per_rep = [r.yearly for r in reductions(default_model, run)]
    assert all(len(y) == 3 for y in per_rep)
    assert got == indicator_summary(per_rep, default_region.indicator, default_region.reported_minutes)
    assert got != indicator_summary(np.concatenate(per_rep), default_region.indicator,
                                    default_region.reported_minutes)


def test_the_share_of_alarms_that_waited_has_its_interval(tmp_path) -> None:
    """``run --json``: the share of alarms that waited for a free crew, like every figure, has a 95 % CI (t over
    replications); two crews at a utilisation of 0.9 make many wait."""
    from raddsim.cli import main

    path = _two_station_region(tmp_path)
    out = tmp_path / "r.json"
    assert main(["run", "base", "--stations", str(path), "--replications", "4", "--years", "0.05",
                 "--json", str(out)]) == 0
    s = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["base"]
    lo, hi = s["waited_share_ci95"]
    assert 0 < lo < s["waited_share"] < hi < 1


def test_mutual_aid_and_failures_to_roll_are_rates_with_intervals(default_model, default_region) -> None:
    """``run --json``: alarms a neighbour's crew reached first, crews that could not go and unreachable alarms
    are also given per simulated year (and mutual aid as a share of alarms), each with a 95 % t-interval over
    the replications' own rates — recomputed here from the records with scipy's t."""
    from scipy import stats

    from raddsim.experiment.runs import run_scenario
    from raddsim.experiment.summary import scenario_summary

    years, reps = 0.5, 6
    run = run_scenario(default_model, default_region.scenarios["minimum"], years=years, replications=reps, seed=5)
    s = scenario_summary(default_model, run)

    def t_interval(values: list[float]) -> tuple[float, list[float]]:
        v = np.asarray(values, float)
        half = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v))
        return float(v.mean()), [float(v.mean() - half), float(v.mean() + half)]

    aid = [int(rec.mutual_aid_first.sum()) for rec in run.records]
    failed = [int(rec.n_failed.sum()) for rec in run.records]
    assert sum(aid) == s["mutual_aid_first_alarms"] > 0 and sum(failed) == s["failed_to_roll"] > 0
    for key, counts in (("mutual_aid_first", aid), ("failed_to_roll", failed)):
        mean, ci = t_interval([c / years for c in counts])
        assert s[f"{key}_per_year"] == pytest.approx(mean, rel=1e-12)
        assert s[f"{key}_per_year_ci95"] == pytest.approx([max(ci[0], 0.0), ci[1]], rel=1e-9)
    mean, ci = t_interval([c / len(rec) for c, rec in zip(aid, run.records)])
    assert s["mutual_aid_first_share"] == pytest.approx(mean, rel=1e-12)
    assert s["mutual_aid_first_share_ci95"] == pytest.approx(ci, rel=1e-9)
    assert s["unreachable_alarms_per_year"] == s["unreachable_alarms"] / (years * reps)


def test_a_crews_roll_rate_and_alerts_have_intervals(default_model, default_region) -> None:
    """``run --json`` readiness: each crew's share of alerts it rolled on and its alerts per year get 95 %
    t-intervals over the replications, recomputed here from the mission records with scipy's t."""
    from scipy import stats

    from raddsim.experiment.runs import run_scenario
    from raddsim.experiment.summary import crew_labels, scenario_summary

    years, reps = 0.5, 5
    setup = default_region.scenarios["minimum"]
    run = run_scenario(default_model, setup, years=years, replications=reps, seed=9)
    crews = scenario_summary(default_model, run)["readiness"]["crews"]
    k = next(i for i, c in enumerate(setup.crews) if c.id == "blido")  # fri inryckning: rolls on some alerts only
    got = crews[crew_labels(setup)[k]]
    rates, alerts = [], []
    for rec in run.records:
        mine = rec.missions.crew == k
        alerts.append(mine.sum() / years)
        rates.append(rec.missions.rolled[mine].mean())
    for values, key in ((rates, "roll_rate"), (alerts, "alerts_per_year")):
        v = np.asarray(values, float)
        half = stats.t.ppf(0.975, reps - 1) * v.std(ddof=1) / math.sqrt(reps)
        assert got[key] == pytest.approx(v.mean(), rel=1e-12)
        assert got[f"{key}_ci95"] == pytest.approx([max(v.mean() - half, 0.0), v.mean() + half], rel=1e-9)
    assert 0 < got["roll_rate"] < 1 and got["roll_rate_ci95"][1] - got["roll_rate_ci95"][0] > 0


def test_staffing_states_and_smoke_diving_cover_have_intervals(default_model, default_region) -> None:
    """The readiness tables' other figures (audit5: printed with no interval anywhere): each crew's share of time per
    staffing state and each place's share of time a smoke-diving force can be there, with 95 % t-intervals over the
    replications, recomputed here with scipy's t."""
    from scipy import stats

    from raddsim.engine.crews import staffing_states
    from raddsim.experiment.runs import run_scenario
    from raddsim.experiment.summary import crew_labels, reductions, scenario_summary

    years, reps, seed = 0.5, 5, 9
    setup = default_region.scenarios["minimum"]
    run = run_scenario(default_model, setup, years=years, replications=reps, seed=seed)
    ready = scenario_summary(default_model, run)["readiness"]

    def interval(values) -> list[float]:
        v = np.asarray(values, float)
        half = stats.t.ppf(0.975, reps - 1) * v.std(ddof=1) / math.sqrt(reps)
        return [max(v.mean() - half, 0.0), min(v.mean() + half, 1.0)]

    k = next(i for i, c in enumerate(setup.crews) if c.id == "blido")
    got = ready["crews"][crew_labels(setup)[k]]
    states = [staffing_states(setup.crews[k], run.prepared.for_replication(seed, r).setup.staffing["blido"],
                              years * 365.25 * 86400, seed, r, setup.demand.profile) for r in range(reps)]
    for state in ("at_ambition", "ur_beredskap"):
        assert got["staffing_time_share_ci95"][state] == pytest.approx(interval([s[state] for s in states]), rel=1e-9)
        lo, hi = got["staffing_time_share_ci95"][state]
        assert lo < got["staffing_time_share"][state] < hi
    red = reductions(default_model, run)
    p = next(i for i, place in enumerate(setup.demand.places) if place.name == "Rimbo")
    cover = ready["smoke_diving_force_time_share"]["Rimbo"]
    assert cover["within_10_min_ci95"] == pytest.approx(interval([r.smoke[p, 0] for r in red]), rel=1e-9)
    assert cover["within_20_min_ci95"] == pytest.approx(interval([r.smoke[p, 1] for r in red]), rel=1e-9)
