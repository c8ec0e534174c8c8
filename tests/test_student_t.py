"""The tabulated t quantiles: the closed forms where there are some, and the installed scipy's values."""

from __future__ import annotations

import math

import pytest
import scipy
from scipy.special import stdtrit

from raddsim.figures.student_t import T975, t975


def test_closed_forms() -> None:
    # Student's t has closed-form quantiles for 1, 2 and 4 degrees of freedom (Hill 1970, CACM 13(10)).
    p = 0.975
    alpha = 4 * p * (1 - p)
    four = 2 * math.sqrt(math.cos(math.acos(math.sqrt(alpha)) / 3) / math.sqrt(alpha) - 1)
    for df, exact in ((1, math.tan(math.pi * (p - 0.5))), (2, (2 * p - 1) / math.sqrt(2 * p * (1 - p))), (4, four)):
        assert t975(df) == pytest.approx(exact, rel=4e-16), df


def test_table_equals_scipy():
    # The table is scipy 1.17's stdtrit, to the bit. scipy 1.11 (the oldest raddsim supports) differs by up to
    # 4.1e-9 relative (df = 1: 12.706204736432, the closed form 12.706204736175), so older scipy gets 1e-8.
    exact = tuple(int(x) for x in scipy.__version__.split(".")[:2]) >= (1, 17)
    assert len(T975) >= 100
    for df in range(1, len(T975) + 1):
        want = float(stdtrit(df, 0.975))
        assert t975(df) == want if exact else t975(df) == pytest.approx(want, rel=1e-8, abs=0), df


def test_beyond_the_table_asks_scipy():
    for df in (len(T975) + 1, 1000, 10**6):
        assert t975(df) == float(stdtrit(df, 0.975))
    assert 1.959 < t975(10**6) < 1.961
