"""The board's yearly indicator: definition in data, one value per simulated year, P(a year meets the target)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from raddsim.core.errors import InputError
from raddsim.demand import SECONDS_PER_YEAR
from raddsim.engine import RunRecords
from raddsim.figures.indicator import indicator_summary, wilson, yearly_values
from raddsim.region.config import Table
from raddsim.region.indicator import IndicatorSpec, parse_indicator

IDS = ("automatic_alarm", "building_fire", "ivpa")


def _records(t_alarm, first_min, commander_min) -> RunRecords:
    t = np.asarray(t_alarm, float)
    n = len(t)
    nan = np.full(n, np.nan)
    arrival = t + 60.0 * np.asarray(first_min, float)
    commander = t + 60.0 * np.asarray(commander_min, float)
    return RunRecords(t, t, t, arrival, arrival, commander, nan, nan, np.zeros(n, np.int64), np.ones(n, np.int64),
                      np.zeros(n, np.int64), np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool))


def test_yearly_value_follows_the_definition() -> None:
    y = SECONDS_PER_YEAR
    rec = _records([0, 10, 20, y + 5, y + 6], [8, 12, 30, 9, np.nan], [20, 5, np.nan, np.nan, 4])
    types = np.array([0, 1, 2, 0, 2])
    mean = IndicatorSpec()
    assert np.allclose(yearly_values(rec, types, mean, IDS, 2.0), [(8 + 12 + 30) / 3, 9.0])  # unreached left out
    median = IndicatorSpec(statistic="median")
    assert np.allclose(yearly_values(rec, types, median, IDS, 2.0), [12.0, 9.0])
    fires_only = IndicatorSpec(types=("building_fire",))
    v = yearly_values(rec, types, fires_only, IDS, 2.0)
    assert v[0] == 12.0 and math.isnan(v[1])
    il = IndicatorSpec(commander_counts=True)  # the incident commander's car can be first
    assert np.allclose(yearly_values(rec, types, il, IDS, 2.0), [(8 + 5 + 30) / 3, (9 + 4) / 2])


def test_a_percentile_indicator_is_the_years_percentile_of_the_counted_alarms() -> None:
    """`statistic = "p90"`: NFPA 1710's "90 % of incidents" as the yearly value (numpy's linear percentile, as the
    tables' "90th pct"); a year meets the target when 90 % of its counted alarms are reached within it."""
    y = SECONDS_PER_YEAR
    first = [4, 7, 5, 30, 6, 8, 9, 12, 3, 10, 11]
    rec = _records([10.0 * k for k in range(10)] + [y + 1], first, [np.nan] * 11)
    types = np.zeros(11, np.int64)
    v = yearly_values(rec, types, IndicatorSpec(statistic="p90"), IDS, 2.0)
    assert v[0] == pytest.approx(np.percentile(first[:10], 90)) and v[0] == pytest.approx(13.8) and v[1] == 11.0
    assert yearly_values(rec, types, IndicatorSpec(statistic="p50"), IDS, 1.0)[0] == pytest.approx(7.5)  # = median
    with pytest.raises(InputError, match="indicator.statistic.*p90"):  # a spec built by hand: was its median
        yearly_values(rec, types, IndicatorSpec(statistic="mode"), IDS, 1.0)


@pytest.mark.parametrize("statistic", ["p90", "p1", "p99", "p50"])
def test_a_percentile_is_read_as_p_and_its_number(statistic) -> None:
    assert parse_indicator(Table({"statistic": statistic}, "r.toml", "indicator"), IDS, 10.0).statistic == statistic


@pytest.mark.parametrize("statistic, says", [
    ("90th percentile", "A percentile is written p and its number: p90"), ("P90", "written p and its number"),
    ("p0", "written p and its number"), ("p100", "written p and its number"), ("p9.5", "written p and its number"),
    ("90%", "written p and its number"), ("meen", "Did you mean 'mean'?")])
def test_other_statistics_are_refused_saying_how_to_write_one(statistic, says) -> None:
    with pytest.raises(InputError, match="indicator.statistic") as err:
        parse_indicator(Table({"statistic": statistic}, "r.toml", "indicator"), IDS, 10.0)
    assert says in str(err.value) and "p1 to p99" in str(err.value)


def test_probability_of_meeting_the_target_and_its_interval() -> None:
    v = np.array([9.5, 10.0, 10.2, 11.0, 9.9, np.nan])
    s = indicator_summary(v, IndicatorSpec(target_minutes=10.0), {"2022": 10.52})
    assert s["years"] == 5 and s["p_meets_target"] == 3 / 5  # 10.00 itself meets it
    lo, hi = s["p_meets_target_ci95"]
    assert lo < 0.6 < hi
    assert s["reported_percentile"]["2022"] == 4 / 5
    # Wilson interval, known values.
    assert wilson(0, 10)[1] == pytest.approx(0.2775, abs=1e-4)
    assert wilson(5, 10)[0] == pytest.approx(0.2366, abs=1e-4) and wilson(5, 10)[1] == pytest.approx(0.7634, abs=1e-4)


def test_indicator_definition_is_validated() -> None:
    t = Table({"statistic": "mode"}, "r.toml", "indicator")
    with pytest.raises(InputError, match="indicator.statistic"):
        parse_indicator(t, IDS, 10.0)
    with pytest.raises(InputError, match="unknown incident type 'bulding_fire'.*building_fire"):
        parse_indicator(Table({"types": ["bulding_fire"]}, "r.toml", "indicator"), IDS, 10.0)
    spec = parse_indicator(Table({"types": ["ivpa"], "commander_counts": True}, "r.toml", "indicator"), IDS, 10.0)
    assert spec.types == ("ivpa",) and spec.commander_counts and spec.target_minutes == 10.0


def test_default_region_reads_its_indicator(default_region) -> None:
    ind = default_region.indicator
    assert ind.statistic == "mean" and ind.target_minutes == 10.0 and not ind.commander_counts
