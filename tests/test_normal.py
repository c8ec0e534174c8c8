"""The normal distribution function and quantile agree with scipy and the standard library."""

from __future__ import annotations

import statistics

import numpy as np
from scipy.special import ndtr, ndtri

from raddsim.core import normal


def test_quantile_agrees_with_scipy_and_statistics():
    rng = np.random.default_rng(7)
    p = np.concatenate([rng.random(50_000), [1e-12, 1 - 1e-12, 0.5, 0.075, 0.925, 0.0749999, 1e-300, 1e-5]])
    z = normal.quantile(p)
    ref = ndtri(p)
    assert np.all(np.abs(z - ref) <= 2e-15 * np.maximum(np.abs(ref), 1e-3))
    std = np.array([statistics.NormalDist().inv_cdf(x) for x in p[::50]])
    assert np.all(np.abs(z[::50] - std) <= 5e-16 * np.maximum(np.abs(std), 1e-3))
    assert normal.quantile(np.array([0.5]))[0] == 0.0
    assert np.allclose(normal.quantile(1 - p[:1000]), -z[:1000], rtol=1e-9, atol=1e-12)  # symmetric


def test_quantile_is_monotone_across_its_regions():
    p = np.sort(np.concatenate([np.linspace(1e-12, 1 - 1e-12, 20_001), [0.075, 0.925, np.exp(-25.0)]]))
    assert np.all(np.diff(normal.quantile(p)) > 0)


def test_cdf_agrees_with_scipy():
    z = np.concatenate([np.linspace(-38, 9, 20_001), [0.0, -0.0]])
    c = normal.cdf(z)
    assert np.all(np.abs(c - ndtr(z)) <= 3e-16 + 1e-14 * ndtr(z))
    assert c.dtype == float and c[-1] == 0.5
    assert np.all(np.diff(c[:-2]) >= 0)
