"""``absence_correlation`` is a latent correlation: what it makes of the absences, and its inverse.

The queueing probe of 2026-12-03 measured the absences of two members with a latent 0.3 at 10 % away to
correlate 0.11 (theory 0.129) where the docs had called the key the absences' own correlation.
"""

from __future__ import annotations

import numpy as np
import pytest

from raddsim.engine.availability import absences_correlation, inv_norm, latent_correlation, sample_latent
from raddsim.region.crew_availability import StaffingProcess


@pytest.mark.parametrize("q, rho", [(0.05, 0.3), (0.1, 0.3), (0.2, 0.5), (0.05, 0.6), (0.3, 0.1)])
def test_the_absences_correlate_as_the_bivariate_normal_says(q, rho):
    from scipy.stats import multivariate_normal

    z = inv_norm(q)
    both = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]]).cdf([z, z])
    assert absences_correlation(q, rho) == pytest.approx((both - q * q) / (q * (1 - q)), abs=1e-6)
    assert absences_correlation(q, rho) < rho  # always less than the latent one: the docs' point


def test_norrtalje_value_in_the_docs():
    assert absences_correlation(0.05, 0.3) == pytest.approx(0.098, abs=5e-4)
    assert absences_correlation(0.1, 0.3) == pytest.approx(0.129, abs=5e-4)
    assert absences_correlation(0.05, 0.0) == 0.0


@pytest.mark.parametrize("q", [0.02, 0.05, 0.12, 0.4])
def test_latent_correlation_is_the_inverse(q):
    for observed in (0.0, 0.05, 0.1, 0.3, 0.8):
        assert absences_correlation(q, latent_correlation(q, observed)) == pytest.approx(observed, abs=1e-9)
    assert latent_correlation(q, 1.0) == pytest.approx(1.0, abs=1e-9)


def test_a_correlation_out_of_reach_is_refused():
    with pytest.raises(ValueError, match="reaches 0 to"):
        latent_correlation(0.05, 1.2)
    with pytest.raises(ValueError, match="reaches 0 to"):
        latent_correlation(0.05, -0.1)


def test_the_models_absences_correlate_as_computed():
    """Two positions' days away as the model samples them (200 replications × 366 days, pooled)."""
    q, rho = 0.1, 0.3
    proc = StaffingProcess(absence=q, absence_days=5.0, absence_correlation=rho)
    values = np.concatenate([sample_latent("c", proc, 2, 366, 11, r).values for r in range(200)], axis=1)
    away = values < inv_norm(q)
    assert away.mean() == pytest.approx(q, abs=0.01)
    assert np.corrcoef(away)[0, 1] == pytest.approx(absences_correlation(q, rho), abs=0.02)
    assert np.corrcoef(away)[0, 1] < rho - 0.1  # not the key's 0.3
