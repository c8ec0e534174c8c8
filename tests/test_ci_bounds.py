"""Confidence intervals stay inside their quantity's range and are never dropped without a word."""

from __future__ import annotations

import json
import math

import numpy as np

from raddsim.cli import main
from raddsim.figures.metrics import SHARE, TIME, mean_ci95, no_ci_reason, summarize


def test_share_ci_is_clipped_to_0_1_with_few_replications() -> None:
    m, lo, hi = mean_ci95([0.1, 0.95, 0.8], SHARE)
    assert lo == 0.0 and hi == 1.0 and 0 < m < 1
    m, lo, hi = mean_ci95([0.1, 0.95, 0.8])  # unclipped, the t-interval leaves [0, 1]: the clip is doing work
    assert lo < 0 and hi > 1


def test_time_ci_is_clipped_at_zero() -> None:
    _, lo, hi = mean_ci95([0.2, 9.0], TIME)
    assert lo == 0.0 and hi > 9.0


def test_summary_ci_within_range_and_no_ci_says_why() -> None:
    rng = np.random.default_rng(1)
    few = [rng.exponential(10, 3), np.array([30.0, 40.0]), np.array([1.0])]
    s = summarize(few, 10)
    lo, hi = s["share_within_target_ci95"]
    assert 0.0 <= lo <= s["share_within_target"] <= hi <= 1.0
    assert s["first_arrival_minutes"]["mean_ci95"][0] >= 0.0
    assert "ci95_missing" not in s
    one = summarize([np.array([5.0, 12.0])], 10)
    assert one["share_within_target_ci95"] is None and one["ci95_missing"] == "no CI (1 replication)"
    empty = summarize([np.array([5.0, 12.0]), np.array([])], 10)
    assert empty["first_arrival_minutes"]["mean_ci95"] is None
    assert empty["ci95_missing"] == "no CI (1 replication with alarms, of 2)"
    assert no_ci_reason(0) == "no CI (0 replications)" and no_ci_reason(2) is None


def test_run_with_one_replication_says_no_ci(tmp_path, capsys) -> None:
    out = tmp_path / "r.json"
    assert main(["run", "--scenario", "minimum", "--replications", "1", "--years", "0.05", "--json", str(out)]) == 0
    assert "No confidence intervals: no CI (1 replication)" in capsys.readouterr().out
    res = json.loads(out.read_text(encoding="utf-8"))
    s = res["scenarios"]["minimum"]
    assert s["share_within_target_ci95"] is None and s["ci95_missing"] == "no CI (1 replication)"
    assert res["settings"]["ci95_missing"] == "no CI (1 replication)"
    assert not math.isnan(s["share_within_target"])
