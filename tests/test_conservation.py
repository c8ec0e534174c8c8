"""Conservation laws on the real models: what a run prints agrees with itself and with its inputs.

The textbook checks (tests/test_verification.py, tests/test_queueing2.py) use small systems; these use the
default Norrtälje region and the Edmonton JEMSS model (../shared, imported with ``raddsim region import-jemss``):

* busy time: each crew's busy time, merged from its missions in the engine's records, is 1 − the share of time
  free that ``run --json`` reports (readiness counts missions only: a crew ur beredskap or moved up is "free");
* offered load (Little's law): the mean number of busy crews is the alarm rate × the crew-time per alarm;
* alarm volume: counts within Poisson and binomial 99.9 % intervals of the region file's rate, profile and shares,
  seasons and multiplier as configured;
* groups: station areas and incident types add up to the whole, their means weighted by their alarms are the
  overall mean, and the alarm table (``--alarms``) recomputes each group's figures;
* compare: a paired difference is the difference of the two runs' means, and pairing narrows its interval.

The expected values are computed here from the region's TOML files, not through raddsim's own parsers.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from conftest import shared_path
from scipy import stats

from raddsim.cli import main

SEED = 20250101
YEAR_H = 365.25 * 24  # hours in a simulated year
YEAR_S = YEAR_H * 3600.0
P = 0.001  # two-sided: 99.9 % intervals
SEASONS = {"all": tuple(range(1, 13)), "summer": (6, 7, 8), "winter": (12, 1, 2)}  # the region file's comment
NUMBERS = ("t_alarm_s", "t_dispatch_s", "t_free_s", "first_arrival_min", "effective_force_min", "crews_alerted",
           "crews_failed", "replication")


@dataclass
class Case:
    """One region's run: its files, settings, ``run --json`` result, ``--alarms`` table and API records."""

    name: str
    region: Path | None  # None: the default region
    region_toml: dict
    types_toml: dict
    years: float
    reps: int
    warmup: float
    result: dict
    table: dict[str, np.ndarray]
    runs: dict  # scenario name → raddsim.experiment.runs.ScenarioRun (records kept)
    extra: tuple[str, ...] = ()  # further arguments: a scenarios file and the scenarios to run

    def args(self, reps: int | None = None, years: float | None = None) -> list[str]:
        region = [] if self.region is None else ["--region", str(self.region)]
        return [*region, "--years", str(years or self.years), "--replications", str(reps or self.reps), "--warmup",
                str(self.warmup), "--seed", str(SEED), *self.extra]


def _read_table(path: Path) -> dict[str, np.ndarray]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cols = {k: np.array([r[k] for r in rows], dtype=object) for k in rows[0]}
    for k in NUMBERS:
        cols[k] = np.array([float(v) if v else math.nan for v in cols[k]])
    cols["replication"] = cols["replication"].astype(int)
    return cols


def _value(v):
    return v["value"] if isinstance(v, dict) else v


def _region_files(region: Path | None) -> tuple[Path, dict, dict]:
    from raddsim.region.region import default_region_path

    path = default_region_path() if region is None else region / "region.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    types = tomllib.loads((path.parent / data["demand"]["types"]).read_text(encoding="utf-8"))
    return path, data, types


def _make_case(name: str, region: Path | None, years: float, reps: int, warmup: float, out: Path,
               extra: tuple[str, ...] = ()) -> Case:
    from raddsim.experiment.model import build_model
    from raddsim.experiment.runs import run_scenario
    from raddsim.region.region import load_region

    _, data, types = _region_files(region)
    case = Case(name, region, data, types, years, reps, warmup, {}, {}, {}, extra)
    assert main(["run", *case.args(), "--json", str(out / "r.json"), "--alarms", str(out / "a.csv")]) == 0
    case.result = json.loads((out / "r.json").read_text(encoding="utf-8"))
    case.table = _read_table(out / "a.csv")
    files = [extra[k + 1] for k, a in enumerate(extra) if a == "--scenarios-file"]
    model = build_model(load_region(region, extra_scenarios=files))
    case.runs = {s: run_scenario(model, s, years=years, replications=reps, seed=SEED, warmup_days=warmup)
                 for s in case.result["scenarios"]}
    return case


@pytest.fixture(scope="module", params=["norrtalje", "edmonton"])
def case(request, tmp_path_factory) -> Case:
    """Norrtälje: 3 × 0.5 years after a 10-day warm-up, both default scenarios and one whose island alarms no crew
    reaches (ice); Edmonton (busy ambulances, queues, transports): 2 × 0.05 years after 2 days."""
    out = tmp_path_factory.mktemp(request.param)
    if request.param == "norrtalje":
        spec = out / "unreached.toml"
        spec.write_text('[scenarios.unreached]\nbase = "minimum"\narchipelago = { navigable = false }\n',
                        encoding="utf-8")
        return _make_case("norrtalje", None, 0.5, 3, 10, out,
                          ("--scenarios-file", str(spec), "minimum", "ambition", "unreached"))
    src = shared_path("jemss", "edmonton")
    region = out / "edmonton"
    assert main(["region", "import-jemss", str(src), str(region)]) == 0
    spec = out / "fewer.toml"
    spec.write_text('[scenarios.fewer]\nbase = "deployment"\ncrews.a1.in_service = false\n', encoding="utf-8")
    return _make_case("edmonton", region, 0.05, 2, 2, out, ("--scenarios-file", str(spec), "deployment", "fewer"))


def _hour_factor(demand: dict):
    """The region file's relative alarm intensity of hour ``h`` after the start, and the start."""
    time = demand.get("time", {})
    start = dt.datetime.combine(time.get("start", dt.date(2025, 1, 1)), dt.time())
    hour, weekday, month = (time.get(k, [1.0] * n) for k, n in (("hour", 24), ("weekday", 7), ("month", 12)))

    def factor(h: int) -> tuple[float, int]:
        t = start + dt.timedelta(hours=h + 0.5)
        return hour[t.hour] * weekday[t.weekday()] * month[t.month - 1], t.month

    return factor


def expected_alarms(demand: dict, years: float, season: str = "all", multiplier: float | None = None) -> float:
    """Expected alarms of one replication: ``alarms_per_year`` × multiplier over a calendar year, spread by the
    hour × weekday × month profile, zero outside the season (integrated hour by hour from the TOML)."""
    factor = _hour_factor(demand)
    annual = sum(factor(h)[0] for h in range(int(YEAR_H))) / YEAR_H
    hours = years * YEAR_H
    total = 0.0
    for h in range(math.ceil(hours)):
        f, month = factor(h)
        total += f * min(1.0, hours - h) if month in SEASONS[season] else 0.0
    mult = _value(demand.get("multiplier", 1.0)) if multiplier is None else multiplier
    return _value(demand["alarms_per_year"]) * mult * total / (annual * YEAR_H)


def poisson_interval(mu: float) -> tuple[float, float]:
    return tuple(stats.poisson.ppf([P / 2, 1 - P / 2], mu))


def _merged_busy_s(t0: np.ndarray, t1: np.ndarray) -> tuple[float, float]:
    """Length of the union of intervals [t0, t1), and their plain sum (equal when none overlaps)."""
    order = np.argsort(t0, kind="stable")
    total, end = 0.0, -math.inf
    for a, b in zip(t0[order], t1[order]):
        total += max(0.0, b - max(a, end))
        end = max(end, b)
    return total, float(np.sum(np.clip(t1 - t0, 0, None)))


# ---------------------------------------------------------------------------------------------- busy time


def test_each_crews_busy_time_from_its_missions_is_one_minus_its_share_free(case: Case) -> None:
    """Readiness is 1 − (time on missions, incl. a warm-up's missions still under way) / horizon, per replication,
    averaged; missions of one crew never overlap, so their sum is the time busy."""
    horizon = case.years * YEAR_S
    for name, sc in case.result["scenarios"].items():
        run = case.runs[name]
        readiness = {c["id"]: c for c in sc["readiness"]["crews"].values()}
        crews = [c.id for c in run.setup.crews]
        assert set(readiness) <= set(crews) and len(readiness) >= 7
        for k, cid in enumerate(crews):
            if cid not in readiness:
                continue
            busy, alerts = [], []
            for rec in run.records:
                m, own = rec.timeline(), rec.missions
                s = m.crew == k
                union, plain = _merged_busy_s(m.t_alert[s], np.minimum(m.t_free[s], horizon))
                assert union == pytest.approx(plain, abs=1e-6), f"{cid}: overlapping missions"
                busy.append(union / horizon)
                alerts.append(np.count_nonzero(own.crew == k))
            assert 1 - readiness[cid]["available_share"] == pytest.approx(np.mean(busy), abs=1e-12), (name, cid)
            assert readiness[cid]["alerts_per_year"] == pytest.approx(np.mean(alerts) / case.years, rel=1e-12)


def test_free_crew_time_of_the_free_sets_is_the_crews_free_time(case: Case) -> None:
    """The smoke-diving coverage walks the free sets over time (readiness.free_set_intervals); the crew-seconds
    free in them are the dispatchable crews' free time of the readiness table."""
    from raddsim.figures.readiness import free_set_intervals

    horizon = case.years * YEAR_S
    for name, sc in case.result["scenarios"].items():
        run = case.runs[name]
        fleet = run.prepared.fleet
        base = [k for k in range(len(fleet)) if fleet.in_service[k] and not fleet.command[k]]
        share = {c["id"]: c["available_share"] for c in sc["readiness"]["crews"].values()}
        free_s = []
        for rec in run.records:
            masks, durs = free_set_intervals(rec.timeline(), fleet, horizon)
            assert float(np.sum(durs)) == pytest.approx(horizon, rel=1e-12)
            free_s.append(sum(bin(int(mk)).count("1") * d for mk, d in zip(masks, durs)))
        expected = sum(share[run.setup.crews[k].id] for k in base)
        assert np.mean(free_s) / horizon == pytest.approx(expected, rel=1e-9), name


def test_the_alarm_rows_agree_with_the_crews_missions(case: Case) -> None:
    """Per alarm of the ``--alarms`` table: the first alert is the earliest mission's, the last crew free the
    latest rolled mission's end, and alerted + failed crews are its crews' missions."""
    tab = case.table
    for name, run in case.runs.items():
        for r, rec in enumerate(run.records):
            sel = (tab["scenario"] == name) & (tab["replication"] == r)
            assert np.count_nonzero(sel) == len(rec) > 0
            m = rec.missions
            line = ~run.prepared.fleet.command[m.crew]
            first = np.full(len(rec), np.inf)
            np.minimum.at(first, m.alarm, m.t_alert)
            last = np.full(len(rec), np.nan)
            rolled = m.rolled
            np.fmax.at(last, m.alarm[rolled], m.t_free[rolled])
            assert np.array_equal(np.where(np.isinf(first), np.nan, first), tab["t_dispatch_s"][sel], equal_nan=True)
            assert np.array_equal(last, tab["t_free_s"][sel], equal_nan=True)
            alerted = tab["crews_alerted"][sel] + tab["crews_failed"][sel]
            assert np.array_equal(np.bincount(m.alarm[line], minlength=len(rec)), alerted)
            assert np.array_equal(np.bincount(m.alarm[line & ~rolled], minlength=len(rec)), tab["crews_failed"][sel])


def test_offered_load_busy_crews_are_the_alarm_rate_times_the_crew_time_per_alarm(case: Case) -> None:
    """Little's law: mean busy crews L = λ × S, S the crew-seconds per alarm. Exactly for the realised alarms
    (less what runs past the horizon, plus a warm-up's missions under way at the start), and for the rate the
    region file gives within the Poisson 99.9 % interval of the count."""
    horizon = case.years * YEAR_S
    mu = expected_alarms(case.region_toml["demand"], case.years) * case.reps
    lo, hi = poisson_interval(mu)
    for name, sc in case.result["scenarios"].items():
        records = case.runs[name].records
        load = sum(1 - c["available_share"] for c in sc["readiness"]["crews"].values())
        n = sum(len(rec) for rec in records)
        crew_s = sum(float(np.sum(rec.missions.t_free - rec.missions.t_alert)) for rec in records)
        past = sum(float(np.sum(np.clip(rec.missions.t_free - horizon, 0, None))) for rec in records)
        carried = sum(float(np.sum(np.minimum(rec.carried.t_free, horizon) - rec.carried.t_alert))
                      for rec in records if rec.carried is not None)
        assert load * horizon * case.reps == pytest.approx(crew_s - past + carried, rel=1e-9), name
        per_alarm = crew_s / n
        # L ≈ λ S for the configured λ: the realised count is the only random factor left.
        assert lo * per_alarm - past <= load * horizon * case.reps - carried <= hi * per_alarm, (name, load)


# ------------------------------------------------------------------------------------------- alarm volume


def _check_volume(case: Case, result: dict, years: float, reps: int, table: dict | None = None) -> None:
    mu = expected_alarms(case.region_toml["demand"], years) * reps
    lo, hi = poisson_interval(mu)
    shares = {t: v["share"] for t, v in case.types_toml["types"].items()}
    assert sum(shares.values()) == pytest.approx(1.0)
    for name, sc in result["scenarios"].items():
        n = sc["alarms"]
        assert lo <= n <= hi, (name, n, mu)
        rows = None if table is None else table["scenario"] == name
        assert rows is None or np.count_nonzero(rows) == n
        for t, share in shares.items():
            k = sc["per_type"][t]["alarms"]
            assert rows is None or k == np.count_nonzero(table["type"][rows] == t)
            a, b = stats.binom.ppf([P / 2, 1 - P / 2], n, share)
            assert a <= k <= b, (name, t, k, n * share)


def test_alarm_volume_and_type_shares_are_the_region_files(case: Case, tmp_path) -> None:
    """Alarms of every scenario in the Poisson 99.9 % interval of alarms_per_year × multiplier × the profile's
    weight of the simulated days × replications, each type in its binomial interval; then the same over
    ten times as many alarms (Norrtälje 20 × 1 year, Edmonton 10 × 0.1 year: ± 2.6 % and ± 1.2 %)."""
    _check_volume(case, case.result, case.years, case.reps, case.table)
    years, reps = (1.0, 20) if case.region is None else (0.1, 10)
    out = tmp_path / "r.json"
    region = [] if case.region is None else ["--region", str(case.region)]
    assert main(["run", *region, "--years", str(years), "--replications", str(reps), "--json", str(out)]) == 0
    _check_volume(case, json.loads(out.read_text(encoding="utf-8")), years, reps)


def test_seasons_and_multiplier_are_as_configured(tmp_path) -> None:
    """``season = "summer"`` / ``"winter"`` draws alarms in June–August / December–February only, at the
    profile's rate; ``multiplier = 2`` doubles the rate."""
    spec = tmp_path / "s.toml"
    spec.write_text('[scenarios.s-summer]\nbase = "minimum"\ndemand = { season = "summer" }\n'
                    '[scenarios.s-winter]\nbase = "minimum"\ndemand = { season = "winter" }\n'
                    '[scenarios.s-double]\nbase = "minimum"\ndemand = { multiplier = 2.0 }\n', encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["run", "--scenarios-file", str(spec), "--years", "1", "--replications", "2", "--seed", str(SEED),
                 "--json", str(out), "--alarms", str(tmp_path / "a.csv"), "s-summer", "s-winter", "s-double"]) == 0
    res, tab = json.loads(out.read_text(encoding="utf-8")), _read_table(tmp_path / "a.csv")
    _, data, _ = _region_files(None)
    demand = data["demand"]
    start = dt.datetime.combine(demand["time"]["start"], dt.time())
    for name, season, mult in (("s-summer", "summer", 1.0), ("s-winter", "winter", 1.0), ("s-double", "all", 2.0)):
        rows = tab["scenario"] == name
        months = {(start + dt.timedelta(seconds=float(t))).month for t in tab["t_alarm_s"][rows]}
        assert months <= set(SEASONS[season]) and len(months) == len(SEASONS[season]), (name, months)
        mu = expected_alarms(demand, 1.0, season, mult * _value(demand.get("multiplier", 1.0))) * 2
        lo, hi = poisson_interval(mu)
        assert lo <= res["scenarios"][name]["alarms"] == np.count_nonzero(rows) <= hi, (name, mu)


# ------------------------------------------------------------------------------------------------- groups


@pytest.fixture(scope="module")
def one_replication(case: Case, tmp_path_factory) -> dict:
    """The same region run once: a single replication's figures are means over its alarms, so they weight."""
    out = tmp_path_factory.mktemp("one") / "r.json"
    assert main(["run", *case.args(reps=1), "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _weighted(groups: dict, measure: str) -> tuple[int, float, float]:
    """Alarms, reached-weighted mean and alarm-weighted share within target of a table of groups."""
    n, reached, total, within = 0, 0.0, 0.0, 0.0
    for g in groups.values():
        n += g["alarms"]
        if not g["alarms"]:
            continue
        fig = g if measure == "first" else g["effective_force_minutes"]
        missing = g["share_missing"] if measure == "first" else fig["share_never"]
        times = g["first_arrival_minutes"] if measure == "first" else fig
        hit = g["alarms"] * (1 - missing)
        if hit:
            reached += hit
            total += hit * times["mean"]
        within += g["alarms"] * fig["share_within_target"]
    return n, total / reached, within / n


@pytest.mark.parametrize("kind", ["per_station", "per_type"])
def test_areas_and_types_add_up_to_the_whole(case: Case, one_replication: dict, kind: str) -> None:
    for res in (case.result, one_replication):
        for sc in res["scenarios"].values():
            assert sum(g["alarms"] for g in sc[kind].values()) == sc["alarms"]
    for sc in one_replication["scenarios"].values():
        for measure, whole in (("first", sc), ("effective", sc["effective_force_minutes"])):
            n, mean, share = _weighted(sc[kind], measure)
            times = whole["first_arrival_minutes"] if measure == "first" else whole
            assert n == sc["alarms"]
            assert mean == pytest.approx(times["mean"], rel=1e-12), (kind, measure)
            assert share == pytest.approx(whole["share_within_target"], rel=1e-12), (kind, measure)


def _group_figures(minutes: np.ndarray, target: float) -> dict[str, float]:
    reached = minutes[~np.isnan(minutes)]
    if not len(reached):
        return {"mean": math.nan, "median": math.nan, "p90": math.nan, "share": 0.0}
    return {"mean": float(np.mean(reached)), "median": float(np.median(reached)),
            "p90": float(np.quantile(reached, 0.9)), "share": float(np.mean(reached <= target) * len(reached)
                                                                        / len(minutes))}


@pytest.mark.parametrize(("kind", "column"), [("per_station", "area"), ("per_type", "type")])
def test_the_alarm_table_recomputes_every_group_figure(case: Case, kind: str, column: str) -> None:
    tab, target = case.table, case.result["target_minutes"]
    for name, sc in case.result["scenarios"].items():
        for label, g in sc[kind].items():
            gid = g["id"] if kind == "per_station" else label
            per_rep: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
            for r in range(case.reps):
                sel = (tab["scenario"] == name) & (tab["replication"] == r) & (tab[column] == gid)
                if not np.any(sel):
                    continue
                for measure, col in (("first", "first_arrival_min"), ("effective", "effective_force_min")):
                    for fig, v in _group_figures(tab[col][sel], target).items():
                        per_rep[measure][fig].append(v)
            n = int(np.count_nonzero((tab["scenario"] == name) & (tab[column] == gid)))
            assert g["alarms"] == n, (name, label)
            if not n:
                continue
            for measure, times in (("first", g["first_arrival_minutes"]), ("effective", g["effective_force_minutes"])):
                figs = per_rep[measure]
                share = g["share_within_target"] if measure == "first" else times["share_within_target"]
                assert share == pytest.approx(np.mean(figs["share"]), abs=1e-12), (name, label, measure)
                for fig in ("mean", "median", "p90"):
                    values = [v for v in figs[fig] if not math.isnan(v)]
                    expected = np.mean(values) if values else None
                    assert times[fig] == pytest.approx(expected, abs=1e-9), (name, label, measure, fig)


def test_the_alarm_table_recomputes_every_headline_figure(case: Case) -> None:
    """Overall times and shares, alarms not reached, waits for a free crew (an M/M/c queue's Wq), counted events
    per year and mutual aid's share: each is its per-replication value in the table, averaged over replications."""
    tab, target, years = case.table, case.result["target_minutes"], case.years
    for name, sc in case.result["scenarios"].items():
        reps = [(tab["scenario"] == name) & (tab["replication"] == r) for r in range(case.reps)]
        n = [np.count_nonzero(sel) for sel in reps]
        assert sc["alarms"] == sum(n)
        for measure, col, missing in (("first_arrival_minutes", "first_arrival_min", "share_missing"),
                                      ("effective_force_minutes", "effective_force_min", "share_never")):
            figs = [_group_figures(tab[col][sel], target) for sel in reps]
            times = sc[measure]
            share = sc["share_within_target"] if measure == "first_arrival_minutes" else times["share_within_target"]
            assert share == pytest.approx(np.mean([f["share"] for f in figs]), abs=1e-12), (name, measure)
            for fig in ("mean", "median", "p90"):
                assert times[fig] == pytest.approx(np.mean([f[fig] for f in figs]), abs=1e-9), (name, measure, fig)
            lost = np.mean([np.mean(np.isnan(tab[col][sel])) for sel in reps])
            assert (sc[missing] if missing == "share_missing" else times[missing]) == pytest.approx(lost, abs=1e-12)
        wait = [np.nan_to_num(tab["t_dispatch_s"][sel] - tab["t_alarm_s"][sel]) for sel in reps]
        waited = [tab["waited"][sel] == "1" for sel in reps]
        assert sc["waited_share"] == pytest.approx(np.mean([np.mean(w) for w in waited]), abs=1e-12)
        assert sc["queue_wait_minutes"] == pytest.approx(np.mean([np.sum(w) / 60 / len(w) for w in wait]), abs=1e-9)
        if not sum(np.sum(w) for w in waited):
            assert sc["queue_wait_minutes"] == 0.0, name  # not −1e-13 (the warm-up's clock shifted back)
        else:
            pooled = sum(np.sum(w) for w in wait) / 60 / sum(np.sum(w) for w in waited)
            assert sc["queue_wait_minutes_if_waited"] == pytest.approx(pooled, rel=1e-9)
        # Only an alarm that waited has a wait (to 1 µs: with a warm-up the engine's times are shifted back from
        # the warm-up's clock, t − W + W, which leaves ~1e-10 s of rounding against the alarm time as drawn).
        assert all(np.all((np.abs(w) > 1e-6) <= v) for w, v in zip(wait, waited))
        for key, col in (("unreachable_alarms", "unreachable"), ("mutual_aid_first", "mutual_aid_first"),
                         ("failed_to_roll", "crews_failed")):
            counts = [np.sum(tab[col][sel].astype(float)) for sel in reps]
            assert sc[key if key != "mutual_aid_first" else "mutual_aid_first_alarms"] == sum(counts), (name, key)
            assert sc[f"{key}_per_year"] == pytest.approx(np.mean(counts) / years, rel=1e-12), (name, key)
            if key == "mutual_aid_first":
                share = np.mean([c / k for c, k in zip(counts, n)])
                assert sc["mutual_aid_first_share"] == pytest.approx(share, abs=1e-12)


def _outside(block, path: str = "") -> list[str]:
    """Every figure ``x`` of a JSON result whose ``x_ci95`` (or ``ci95`` beside ``difference``) does not hold it."""
    out = []
    if isinstance(block, dict):
        for key, value in block.items():
            ci = block.get(f"{key}_ci95") if key != "difference" else block.get("ci95")
            if isinstance(value, (int, float)) and isinstance(ci, list) and not ci[0] <= value <= ci[1]:
                out.append(f"{path}/{key} = {value!r} not in {ci}")
            out += _outside(value, f"{path}/{key}")
    return out


def test_every_interval_holds_its_estimate(case: Case, tmp_path) -> None:
    """A 95 % interval printed beside a figure holds the figure: means, shares, rates, readiness and the yearly
    indicator's P(year meets target) — a Wilson interval at p = 0 or 1 ended at 5.6e-17 or 0.9999999999999999."""
    from raddsim.figures.indicator import wilson

    assert not _outside(case.result)
    out = tmp_path / "r.json"
    region = [] if case.region is None else ["--region", str(case.region)]
    years = ["--years", "1", "--replications", "3"] if case.region is None else ["--years", "0.02", "--replications",
                                                                                   "2"]
    assert main(["run", *region, *years, "--target", "5", "--json", str(out)]) == 0
    assert not _outside(json.loads(out.read_text(encoding="utf-8")))
    for n in range(1, 200):
        assert wilson(0, n)[0] == 0.0 and wilson(n, n)[1] == 1.0, n


# ------------------------------------------------------------------------------------------------ compare


def test_compare_differences_are_the_differences_of_the_run_means(case: Case, tmp_path) -> None:
    """The paired difference printed is the difference of the two runs' means (to 1e-12), its interval is
    Student's t over the per-replication differences of the alarm table, and pairing makes it narrower than
    the unpaired interval of the two runs' own."""
    base, *others = case.result["scenarios"]
    out = tmp_path / "c.json"
    assert main(["compare", *case.args(), "--json", str(out)]) == 0  # differences from the first scenario
    compared = json.loads(out.read_text(encoding="utf-8"))
    assert not _outside(compared)
    differences = compared["differences"]
    runs, tab = case.result["scenarios"], case.table
    for other in others:
        diffs = differences[other]
        a, b = runs[base]["first_arrival_minutes"], runs[other]["first_arrival_minutes"]
        d = diffs["first_arrival"]["mean"]
        assert d["base"] == pytest.approx(a["mean"], abs=1e-12) and d["other"] == pytest.approx(b["mean"], abs=1e-12)
        assert d["difference"] == pytest.approx(b["mean"] - a["mean"], abs=1e-12), other
        share = diffs["first_arrival"]["share_within_target"]["difference"]
        assert share == pytest.approx(runs[other]["share_within_target"] - runs[base]["share_within_target"],
                                      abs=1e-12), other
        for label, g in runs[base]["per_station"].items():
            m0 = g["first_arrival_minutes"]["mean"]
            m1 = runs[other]["per_station"][label]["first_arrival_minutes"]["mean"]
            area = diffs[f"area:{label}"]["mean"]["difference"]
            if m0 is None or m1 is None:  # no alarm of the area reached in one of them: no difference
                assert area is None or math.isnan(area), (other, label, area)
            else:
                assert area == pytest.approx(m1 - m0, abs=1e-12), (other, label)
        per_rep = np.array([[np.nanmean(tab["first_arrival_min"][(tab["scenario"] == s) & (tab["replication"] == r)])
                             for s in (base, other)] for r in range(case.reps)])
        diff = per_rep[:, 1] - per_rep[:, 0]
        half = stats.t.ppf(0.975, case.reps - 1) * diff.std(ddof=1) / math.sqrt(case.reps)
        assert d["ci95"] == pytest.approx([diff.mean() - half, diff.mean() + half], abs=1e-9), other
        unpaired = math.hypot(a["mean_ci95"][1] - a["mean"], b["mean_ci95"][1] - b["mean"])
        assert half < unpaired, (other, half, unpaired)
