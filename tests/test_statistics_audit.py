"""A simulation researcher's audit of the statistics: seeds, intervals, common random numbers, years and warm-up.

Small runs on the default region (a few replications) so the checks stay fast.
"""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pytest

from raddsim.experiment.compare import compare, replication_figures, run_scenarios
from raddsim.figures.student_t import t975


def test_compare_with_one_replication_prints_no_inf(default_model, default_region) -> None:
    """With one replication the CI half-width does not exist: the line says "–" as every missing figure does,
    not ``inf`` (the JSON already had null)."""
    from raddsim.views.comparison_text import format_comparison

    sc = default_region.scenarios
    from raddsim.core.errors import NoIntervalWarning

    with pytest.warns(NoIntervalWarning, match="no CI"):  # from Python the caller is told, not only the JSON
        res = compare(default_model, [sc["minimum"], sc["ambition"]], replications=1, seed=3)
    for lang in ("en", "sv"):
        text = format_comparison(res, lang)
        assert not re.search(r"\b(inf|nan)\b", text, re.IGNORECASE)
    assert "CI half-width of the mean first arrival: minimum –, ambition –" in format_comparison(res)


def test_paired_differences_are_narrower_than_unpaired(default_model, default_region) -> None:
    """Common random numbers: minimum vs ambition on the default, the paired CI of each headline difference is
    narrower than a Welch (unpaired) interval from the same replications would be."""
    sc = default_region.scenarios
    runs = run_scenarios(default_model, [sc["minimum"], sc["ambition"]], years=1.0, seed=20250101, replications=6)
    a, b = (replication_figures(default_model, r) for r in runs)
    for scope in ("first_arrival", "effective_force"):
        for k in range(4):  # mean, median, p90, share within target
            x, y = a[scope][:, k], b[scope][:, k]
            n = len(x)
            paired = t975(n - 1) * (y - x).std(ddof=1) / math.sqrt(n)
            vx, vy = x.var(ddof=1) / n, y.var(ddof=1) / n
            welch_df = (vx + vy) ** 2 / (vx ** 2 / (n - 1) + vy ** 2 / (n - 1))
            unpaired = t975(max(1, int(welch_df))) * math.sqrt(vx + vy)
            assert paired < unpaired, (scope, k, paired, unpaired)


def test_identical_scenarios_differ_by_exactly_zero(default_model, default_region) -> None:
    """The same scenario under two names: every paired difference is exactly 0 with CI [0, 0]."""
    base = default_region.scenarios["minimum"]
    twin = dataclasses.replace(base, name="minimum_again")
    res = compare(default_model, [base, twin], replications=3, seed=11)
    for scope in res["differences"]["minimum_again"].values():
        for fig in scope.values():
            assert fig["difference"] == 0.0
            assert fig["ci95"] == [0.0, 0.0]
            assert fig["significant"] is False


@pytest.mark.parametrize("warmup", [0.0, 10.0])
def test_yearly_indicator_is_per_simulated_year(default_model, default_region, warmup) -> None:
    """With ``--years 2`` (and a warm-up) the indicator has one value per measured year of each replication: the
    mean of that year's alarms only, none of the warm-up's."""
    from raddsim.demand import SECONDS_PER_YEAR
    from raddsim.experiment.runs import run_scenario
    from raddsim.experiment.summary import indicator_values

    run = run_scenario(default_model, default_region.scenarios["minimum"], years=2, replications=2, seed=5,
                       warmup_days=warmup)
    values = indicator_values(default_model, run)
    assert len(values) == 4
    manual = []
    for rec in run.records:
        year = (rec.t_alarm // SECONDS_PER_YEAR).astype(int)
        assert rec.t_alarm.min() >= 0 and year.max() == 1  # the measured period only
        minutes = (rec.t_arrival - rec.t_alarm) / 60.0
        manual += [np.nanmean(minutes[year == y]) for y in (0, 1)]
    np.testing.assert_allclose(values, manual, rtol=1e-12)


def test_share_not_reached_is_the_same_figure_in_run_and_compare(tmp_path) -> None:
    """``share_missing`` is the mean of the replications' shares with a t-interval, as in compare's differences and
    a sweep's rows. It was the pooled share of all alarms without a CI: with a ferry out, run printed 9.1 %
    not reached where compare's "not reached" column said 9.0 % of the same replications."""
    from test_stats2 import _island_region

    from raddsim import build_model, load_region, run_experiment

    region = load_region(_island_region(tmp_path))
    model = build_model(region)
    s = run_experiment(model, [region.scenarios["cut"]], years=1, replications=4, seed=1)["scenarios"]["cut"]
    c = compare(model, [region.scenarios["base"], region.scenarios["cut"]], replications=4, seed=1)
    other = c["differences"]["cut"]["first_arrival"]["share_missing"]["other"]
    assert s["share_missing"] == pytest.approx(other, rel=1e-12) and 0 < other < 1
    assert c["scenarios"]["cut"]["share_missing"] == pytest.approx(other, rel=1e-12)
    lo, hi = s["share_missing_ci95"]
    assert 0 <= lo < s["share_missing"] < hi <= 1
    never = s["effective_force_minutes"]
    assert never["share_never_ci95"][0] <= never["share_never"] <= never["share_never_ci95"][1]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_one_replication_says_which_interval_remains(capsys, lang) -> None:
    """`run --replications 1` said 'no confidence intervals' above a P(year ≤ target) with a Wilson interval from the
    simulated years (audit5); the header said '1 replications'."""
    from raddsim.cli import main

    assert main(["run", "--scenario", "minimum", "--replications", "1", "--years", "2", "--lang", lang]) == 0
    out = capsys.readouterr().out
    if lang == "en":
        assert "× 1 replication × 2 year(s)" in out and "alarms (2 simulated years)" in out
        assert "P(year ≤ target) has one, from the simulated years (2; Wilson)" in out
    else:
        assert "P(år ≤ målet) har ett, från de simulerade åren (2; Wilson)" in out
    assert main(["run", "--scenario", "minimum", "--replications", "2", "--years", "0.1", "--lang", lang]) == 0
    assert "Wilson" not in capsys.readouterr().out


def test_the_yearly_indicators_interval_stays_at_or_above_zero_minutes() -> None:
    """The indicator's mean CI was the only time interval not clipped at 0 min (audit5): a few widely spread short
    years gave a negative lower bound."""
    from raddsim.figures.indicator import clustered_intervals

    ci, _ = clustered_intervals([np.array([0.2, 0.3]), np.array([9.0, 8.0]), np.array([0.1])], 10.0)
    assert ci is not None and ci[0] == 0.0 and ci[1] > 0


def test_one_simulated_year_is_singular(capsys) -> None:
    """'alarms (1 simulated years)' and the indicator's '1 simulated years' (audit6) read 'year'."""
    from raddsim.cli import main

    assert main(["run", "--scenario", "minimum", "--replications", "1", "--years", "1"]) == 0
    out = capsys.readouterr().out
    assert "alarms (1 simulated year)" in out and "; 1 simulated year\n" in out and "1 simulated years" not in out
    # Swedish: the adjective agrees with one year ("1 simulerat år"), as it did not ("1 simulerade år").
    assert main(["run", "--scenario", "minimum", "--replications", "1", "--years", "1", "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert "larm (1 simulerat år)" in out and "; 1 simulerat år\n" in out and "1 simulerade år" not in out
    assert main(["run", "--scenario", "minimum", "--replications", "2", "--years", "1", "--lang", "sv"]) == 0
    assert "larm (2 simulerade år)" in capsys.readouterr().out
