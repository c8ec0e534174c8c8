"""The tabulated t quantiles are scipy's, to the bit."""

from __future__ import annotations

from scipy.special import stdtrit

from raddsim.figures.student_t import T975, t975


def test_table_equals_scipy():
    assert len(T975) >= 100
    for df in range(1, len(T975) + 1):
        assert t975(df) == float(stdtrit(df, 0.975)), df


def test_beyond_the_table_asks_scipy():
    for df in (len(T975) + 1, 1000, 10**6):
        assert t975(df) == float(stdtrit(df, 0.975))
    assert 1.959 < t975(10**6) < 1.961
