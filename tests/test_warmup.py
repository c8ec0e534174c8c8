"""The warm-up (``--warmup DAYS``, a sweep's ``warmup_days``): days simulated before the measured period.

Replications that start with every crew free underestimate waiting at high loads (the initial
transient). The M/M/1 test below is the point: at ρ = 0.9 with one-week replications the mean
wait's 95 % CI lies well below Erlang C's without a warm-up and holds it with one (seed 7, the
first tried; the README's table has the same figures from 2,000 replications).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from sweep_helpers import write_region, write_spec
from test_queueing2 import LAT, LON, MINUTES_PER_YEAR, csv_region, one_station

from raddsim import build_model, load_region, run_scenario
from raddsim.cli import main
from raddsim.cli.args import MAX_WARMUP_DAYS as CLI_MAX
from raddsim.core import streams
from raddsim.core.errors import InputError
from raddsim.demand import SECONDS_PER_YEAR
from raddsim.demand.generate import generate_warmup
from raddsim.engine.availability import persistence, sample_latent, sample_latent_before
from raddsim.engine.crews import draw_responses
from raddsim.experiment.runs import MAX_WARMUP_DAYS, check_warmup, run_replication
from raddsim.experiment.summary import scenario_summary
from raddsim.figures.metrics import first_arrival_minutes, mean_ci95
from raddsim.sweep import load_spec, read_parts, run_sweep, validate_spec
from raddsim.sweep.spec import MAX_WARMUP_DAYS as SPEC_MAX

WEEK = 7 / 365.25


@pytest.fixture(scope="module")
def mm1(tmp_path_factory):
    """M/M/1 at ρ = 0.9, 60 min on scene: the model and its scenario."""
    path = one_station(tmp_path_factory.mktemp("mm1"), 1, 0.9 / 60.0, 60.0)
    region = load_region(path)
    return build_model(region), region.scenarios["base"]


def mean_wait_ci(model, setup, warmup: float, replications: int, seed: int = 7) -> tuple[float, float]:
    run = run_scenario(model, setup, years=WEEK, replications=replications, seed=seed, warmup_days=warmup)
    _, lo, hi = mean_ci95([first_arrival_minutes(r).mean() for r in run.records])
    assert lo is not None and hi is not None
    return lo, hi


def test_warmup_removes_the_initial_transient_of_mm1(mm1) -> None:
    """Week-long replications: CI below Erlang C's mean wait (540 min) without a warm-up, holding it after 60 days."""
    model, setup = mm1
    wq = 0.9 / (1 / 60.0 - 0.9 / 60.0)  # ρ / (μ − λ) = 540 min
    lo, hi = mean_wait_ci(model, setup, 0.0, 200)
    assert hi < wq, (lo, hi, wq)  # the bias: crews free at the start
    lo, hi = mean_wait_ci(model, setup, 60.0, 200)
    assert lo <= wq <= hi, (lo, hi, wq)
    assert (hi - lo) / 2 < 0.15 * wq  # informative, not wide enough to hold anything


def test_measured_alarms_are_the_same_with_and_without_a_warmup(mm1) -> None:
    """The warm-up draws from its own streams: the measured period's alarms are unchanged; its busy crews are not."""
    model, setup = mm1
    prep = model.prepare(setup)
    first_waited = []
    for r in range(6):
        inc0, rec0 = run_replication(prep, years=WEEK, seed=3, replication=r)
        inc, rec = run_replication(prep, years=WEEK, seed=3, replication=r, warmup_days=30)
        for name in ("time_s", "node", "access_s", "on_scene_s", "type"):
            assert np.array_equal(getattr(inc0, name), getattr(inc, name)), name
        assert len(rec) == len(inc0) and np.array_equal(rec.t_alarm, inc0.time_s)
        assert not rec0.waited[0]  # every crew free at 0
        first_waited.append(bool(rec.waited[0]))
        assert rec.missions is not None and rec.missions.alarm.min() >= 0 and rec.missions.t_alert.min() >= 0
        assert np.nanmin(rec.t_arrival - rec.t_alarm) >= 0
    # At ρ = 0.9 the crew is busy with a warm-up alarm at the start in most replications.
    assert sum(first_waited) >= 2, first_waited


def test_warmup_alarms_have_the_calendar_of_the_days_before_the_start(mm1) -> None:
    model, setup = mm1
    prep = model.prepare(setup)
    warm = generate_warmup(setup.demand, prep.points, days=30, seed=3, replication=0)
    assert len(warm) and warm.time_s.min() >= -30 * 86400 and warm.time_s.max() < 0
    assert np.all(np.diff(warm.time_s) >= 0)
    hour, weekday, month = setup.demand.profile.calendar(np.array([-1.0, -86400.0 * 30]))
    # 2025-01-01 was a Wednesday: a second before it is 23:00 on Tuesday 31 December 2024; 30 days before, 2 December.
    assert list(hour) == [23, 0] and list(weekday) == [1, 0] and list(month) == [12, 12]
    longer = generate_warmup(setup.demand, prep.points, days=60, seed=3, replication=0)
    assert not np.array_equal(np.sort(longer.time_s)[-5:], warm.time_s[-5:]) or len(longer) > len(warm)


def test_crew_absences_run_on_across_the_start() -> None:
    """The warm-up's days continue the measured period's availability series backwards (same vacancies, day −1
    one AR(1) step from day 0), and a longer warm-up only adds days further back."""
    region = load_region(None)
    crew = next(c for c in region.scenarios["minimum"].crews if c.availability.process.varies)
    proc, width = crew.availability.process, 6
    days, seed, r, positions = 366, 4, 2, 5
    full = sample_latent(crew.id, proc, positions, days, seed, r, width)
    five = sample_latent_before(crew.id, proc, positions, days, seed, r, width, 5)
    ten = sample_latent_before(crew.id, proc, positions, days, seed, r, width, 10)
    assert five.first_day == -5 and five.values.shape == (positions, 5) and np.array_equal(five.vacant, full.vacant)
    assert np.allclose(ten.values[:, -5:], five.values, rtol=0, atol=1e-12)
    g = streams.rng_keyed(seed, r, "availability", streams.stable_key(crew.id))
    g.random(width)
    x0 = g.standard_normal((width + 1, days))[:positions + 1, 0]
    e1 = streams.rng_keyed(seed, r, "availability", streams.stable_key(crew.id), warmup=True).standard_normal(
        (5, width + 1))[0, :positions + 1]
    phi, rho = persistence(proc.absence, proc.absence_days), proc.absence_correlation
    assert phi > 0.5  # absences last days: the days before 0 depend on day 0
    x = phi * x0 + math.sqrt(1 - phi * phi) * e1
    assert np.allclose(five.values[:, -1], math.sqrt(rho) * x[0] + math.sqrt(1 - rho) * x[1:], rtol=0, atol=1e-12)
    assert np.allclose(full.values[:, 0], math.sqrt(rho) * x0[0] + math.sqrt(1 - rho) * x0[1:], rtol=0, atol=1e-12)


def test_two_scenarios_share_the_warmup_and_the_measured_period(tmp_path) -> None:
    """CRN: two scenarios (one crew more or less) see the same warm-up and measured alarms and crew draws."""
    extra = '\n[scenarios.more]\ndescription = "a second crew"\nstaffing = "minimum"\n'
    path = csv_region(tmp_path, stations=[("s", LON, LAT, False)], crews=[("c0", "s", ""), ("c1", "s", "")],
                      places=[("Here", 1000, LON, LAT)], alarms_per_year=1.5 / 60 * MINUTES_PER_YEAR,
                      mean_minutes=60.0, extra="")
    text = path.read_text(encoding="utf-8").replace('[scenarios.base]\ndescription = "every crew at minimum"\n'
                                                    'staffing = "minimum"\n',
                                                    '[scenarios.base]\ndescription = "one crew"\nstaffing = "minimum"\n'
                                                    'crews.c1.in_service = false\n' + extra)
    path.write_text(text, encoding="utf-8")
    region = load_region(path)
    model = build_model(region)
    a, b = (model.prepare(region.scenarios[n]) for n in ("base", "more"))
    wa = generate_warmup(a.setup.demand, a.points, days=20, seed=5, replication=1)
    wb = generate_warmup(b.setup.demand, b.points, days=20, seed=5, replication=1)
    assert np.array_equal(wa.time_s, wb.time_s) and np.array_equal(wa.on_scene_s, wb.on_scene_s)
    ra = draw_responses(a.setup, len(wa), 5, 1, wa.time_s, WEEK * SECONDS_PER_YEAR, warmup=True)
    rb = draw_responses(b.setup, len(wb), 5, 1, wb.time_s, WEEK * SECONDS_PER_YEAR, warmup=True)
    assert np.array_equal(ra.turnout_s[:, 0], rb.turnout_s[:, 0])
    # Another replication has other warm-up alarms.
    assert not np.array_equal(wa.time_s, generate_warmup(a.setup.demand, a.points, days=20, seed=5,
                                                         replication=2).time_s)
    ia, _ = run_replication(a, years=WEEK, seed=5, replication=1, warmup_days=20)
    ib, _ = run_replication(b, years=WEEK, seed=5, replication=1, warmup_days=20)
    assert np.array_equal(ia.time_s, ib.time_s)


def test_time_integrated_figures_count_only_the_measured_period(tmp_path) -> None:
    """Alarms only in December (two a day, four hours on scene), the measured week in January: the crew is busy in
    January only with December's missions still under way, from the start on; no alert of the warm-up is counted."""
    months = [0] * 11 + [1]
    path = csv_region(tmp_path, stations=[("s", LON, LAT, False)], crews=[("c0", "s", "")],
                      places=[("Here", 1000, LON, LAT)], alarms_per_year=2 * 31, mean_minutes=240.0,
                      extra=f"\n[demand.time]\nmonth = {months}\n")
    region = load_region(path)
    model = build_model(region)
    setup = region.scenarios["base"]
    horizon = WEEK * SECONDS_PER_YEAR
    for warmup in (0.0, 20.0):
        run = run_scenario(model, setup, years=WEEK, replications=12, seed=2, warmup_days=warmup)
        assert all(len(inc) == 0 for inc in run.incidents)  # nothing in January
        crew = scenario_summary(model, run)["readiness"]["crews"]["C0"]
        assert crew["alerts_per_year"] == 0
        carried = [r.carried for r in run.records]
        if warmup == 0:
            assert all(c is None for c in carried) and crew["available_share"] == 1.0
            continue
        busy = []
        for c in carried:
            assert c is not None and np.all(c.t_alert >= 0) and np.all(c.alarm == -1)
            busy.append(float(np.sum(np.minimum(c.t_free, horizon) - c.t_alert)) / horizon)
        assert any(b > 0 for b in busy) and max(busy) < 0.5, busy  # December's load is not counted
        assert crew["available_share"] == pytest.approx(1 - np.mean(busy), abs=1e-12)


def test_warmup_zero_is_the_run_without_the_option(tmp_path) -> None:
    paths = [tmp_path / "none.json", tmp_path / "zero.json"]
    for path, extra in zip(paths, ([], ["--warmup", "0"])):
        assert main(["run", "--years", "0.05", "--replications", "2", "--json", str(path), *extra]) == 0
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert "warmup_days" not in json.loads(paths[0].read_text(encoding="utf-8"))["settings"]


def test_run_and_compare_json_echo_the_warmup(tmp_path) -> None:
    out = tmp_path / "run.json"
    assert main(["run", "--years", "0.02", "--replications", "2", "--warmup", "3", "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["settings"]["warmup_days"] == 3.0
    out = tmp_path / "cmp.json"
    assert main(["compare", "minimum", "ambition", "--years", "0.02", "--replications", "2", "--warmup", "2.5",
                 "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["settings"]["warmup_days"] == 2.5


@pytest.mark.parametrize("lang,words", [("en", "after a 2-day warm-up (not measured)"),
                                        ("sv", "insvängningsperiod på 2 dagar (mäts inte)")])
def test_printed_outputs_say_the_warmup(lang, words, capsys) -> None:
    """The text a planner reads says the replications ran after a warm-up, in run, compare and target."""
    common = ["--years", "0.02", "--replications", "2", "--warmup", "2", "--lang", lang]
    for argv in (["run", "minimum"], ["compare", "minimum", "ambition"], ["target", "minimum"]):
        capsys.readouterr()
        assert main([*argv, *common]) == 0
        assert words in capsys.readouterr().out, argv
    assert main(["run", "minimum", "--years", "0.02", "--replications", "2", "--lang", lang]) == 0
    assert words.split()[0] not in capsys.readouterr().out.split("\n")[0]


@pytest.mark.parametrize("value,words", [("-1", "at least 0"), ("nan", "finite"), ("inf", "finite"),
                                         ("4000", "at most 3650"), ("a week", "expected a number")])
def test_bad_warmup_values_are_refused_naming_the_option(value, words, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", "--years", "0.01", "--replications", "1", "--warmup", value])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--warmup" in err and words in err and "Traceback" not in err


def test_check_warmup_names_the_field_and_refuses_a_replay(tmp_path) -> None:
    for bad in (-0.5, math.nan, math.inf, MAX_WARMUP_DAYS + 1, True):
        with pytest.raises(InputError) as exc:
            check_warmup(bad, field="warmup_days", file=tmp_path / "spec.toml")
        assert "warmup_days" in str(exc.value) and "spec.toml" in str(exc.value)
    assert CLI_MAX == MAX_WARMUP_DAYS == SPEC_MAX
    csv = tmp_path / "alarms.csv"
    csv.write_text("time,lon,lat,type\n2023-07-01T10:00:00,18.7138,59.7560,building_fire\n", encoding="utf-8")
    assert main(["run", "--incidents", str(csv), "--replications", "1", "--warmup", "0"]) == 0


def test_replay_with_a_warmup_is_one_clear_error(tmp_path, capsys) -> None:
    csv = tmp_path / "alarms.csv"
    csv.write_text("time,lon,lat,type\n2023-07-01T10:00:00,18.7138,59.7560,building_fire\n", encoding="utf-8")
    assert main(["run", "--incidents", str(csv), "--replications", "1", "--warmup", "7"]) == 2
    err = capsys.readouterr().err
    assert str(csv) in err and "--warmup" in err and "drop --warmup" in err and "Traceback" not in err


def test_sweep_warmup_is_part_of_the_spec_and_resume_needs_the_same(tmp_path) -> None:
    region_path = write_region(tmp_path / "gridby")
    region = load_region(region_path)
    base = "years = 0.01\nreplications = 2\nseed = 3\n[axes]\n\"crews.east_pt.turnout_minutes\" = [4, 6]\n"
    plain = load_spec(write_spec(tmp_path, base, region=region_path, name="plain.toml"))
    warm = load_spec(write_spec(tmp_path, "warmup_days = 5\n" + base, region=region_path, name="warm.toml"))
    zero = load_spec(write_spec(tmp_path, "warmup_days = 0\n" + base, region=region_path, name="zero.toml"))
    assert "warmup_days" not in plain.canonical() and zero.hash == plain.hash  # old sweep folders still resume
    assert warm.canonical()["warmup_days"] == 5.0 and warm.hash != plain.hash
    model = build_model(region)
    loaded = (region, model, validate_spec(warm, region))
    done = run_sweep(warm, tmp_path / "out", processes=0, progress=False, loaded=loaded)
    meta = json.loads((done.out / "sweep.json").read_text(encoding="utf-8"))
    assert meta["spec"]["warmup_days"] == 5.0
    again = run_sweep(warm, tmp_path / "out", processes=0, progress=False, loaded=loaded)
    assert again.ran == 0
    other = load_spec(write_spec(tmp_path, "warmup_days = 6\n" + base, region=region_path, name="other.toml"))
    with pytest.raises(InputError) as exc:
        run_sweep(other, tmp_path / "out", processes=0, progress=False,
                  loaded=(region, model, validate_spec(other, region)))
    assert "warmup_days" in str(exc.value)
    for bad, words in (("-1", "at least 0"), ("4000", "at most 3650"), ('"a week"', "expected a number")):
        path = write_spec(tmp_path, f"warmup_days = {bad}\n" + base, region=region_path, name="bad.toml")
        with pytest.raises(InputError) as exc:
            load_spec(path)
        assert "warmup_days" in str(exc.value) and words in str(exc.value) and str(path) in str(exc.value)


def test_sweep_rows_with_a_warmup_are_runs(tmp_path) -> None:
    """A sweep task with warmup_days is the replication run_replication makes with that warm-up."""
    region_path = write_region(tmp_path / "gridby")
    region = load_region(region_path)
    spec = load_spec(write_spec(tmp_path, "warmup_days = 4\nyears = 0.01\nreplications = 2\nseed = 3\n",
                                region=region_path))
    model = build_model(region)
    spec = validate_spec(spec, region)
    done = run_sweep(spec, tmp_path / "out", processes=0, progress=False, loaded=(region, model, spec))
    rows = read_parts(done.out).to_pandas().sort_values(["scenario", "replication"])
    prep = model.prepare(region.scenarios[rows.iloc[0]["scenario"]])
    inc, rec = run_replication(prep, years=0.01, seed=3, replication=0, warmup_days=4)
    assert rows.iloc[0]["alarms"] == len(rec)
    assert rows.iloc[0]["first_arrival_mean"] == pytest.approx(float(np.nanmean(first_arrival_minutes(rec))), rel=1e-12)


def test_records_of_the_warmup_are_cut_at_the_start() -> None:
    """measured_records: warm-up alarms dropped, times from the start, move-ups and relocation from the start on."""
    from raddsim.engine import Fleet, TravelTables
    from raddsim.engine.records import MissionRecords, MoveRecords, RunRecords
    from raddsim.engine.travel import Positions
    from raddsim.engine.warmup import measured_records

    nan = math.nan
    f = lambda *x: np.array(x, float)  # noqa: E731
    i = lambda *x: np.array(x, np.int64)  # noqa: E731
    b = lambda *x: np.array(x, bool)  # noqa: E731
    rec = RunRecords(f(10, 90, 120), f(10, 90, 120), f(20, 100, 130), f(30, 110, 140), f(30, 110, 140),
                     f(nan, nan, nan), f(40, 150, 160), f(50, 170, 180), i(0, 0, 1), i(1, 1, 1), i(0, 0, 0),
                     b(False, False, True), b(False, False, False), b(False, False, False), relocated_s=7.0)
    rec.missions = MissionRecords(i(0, 1, 2), i(0, 0, 1), f(10, 90, 120), b(True, True, True), f(20, 100, 130),
                                  f(30, 110, 140), f(50, 170, 180))
    rec.moves = MoveRecords(i(1, 1), i(0, 0), i(1, 1), f(20, 95), f(60, 105))
    out = measured_records(rec, 2, 100.0, np.array([20.0]))
    assert out.t_alarm.tolist() == [20.0] and out.t_arrival.tolist() == [40.0] and out.waited.tolist() == [True]
    assert out.missions is not None and out.missions.alarm.tolist() == [0] and out.missions.t_alert.tolist() == [20.0]
    c = out.carried
    assert c is not None and c.alarm.tolist() == [-1] and c.t_alert.tolist() == [0.0] and c.t_free.tolist() == [70.0]
    assert out.moves is not None and out.moves.t_start.tolist() == [0.0] and out.moves.t_end.tolist() == [5.0]
    timeline = out.timeline()
    assert timeline is not None and timeline.t_alert.tolist() == [0.0, 20.0]
    pos = Positions(Fleet(names=("a",), station=i(0), turnout_s=f(0), in_service=b(True)),
                    TravelTables(to_node=np.zeros((2, 2)), from_node=np.zeros((2, 2))))
    pos.measure_from_s = 100.0
    for since, until, counted in ((50.0, 80.0, 0.0), (50.0, 130.0, 30.0), (120.0, 130.0, 10.0)):
        pos.relocated_s = 0.0
        pos.at_station(0, 1, since)
        pos.close(0, until)
        assert pos.relocated_s == counted, (since, until)


def test_short_replications_without_a_warmup_get_a_note(capsys) -> None:
    """Replications of a week start empty: the printed table says so and names --warmup; with a warm-up, or with
    replications of a year, it does not."""
    common = ["--replications", "2"]
    for argv, noted in ((["run", "minimum", "--years", "0.02"], True),
                        (["compare", "minimum", "ambition", "--years", "0.02"], True),
                        (["run", "minimum", "--years", "0.02", "--warmup", "7"], False),
                        (["run", "minimum", "--years", "1"], False)):
        capsys.readouterr()
        assert main([*argv, *common]) == 0
        assert ("starts with no crew busy" in capsys.readouterr().out) is noted, argv
