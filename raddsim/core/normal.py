"""The standard normal distribution function and its inverse, on numpy arrays.

Every replication draws crews' turnout times (lognormal, through the normal quantile)
and on-scene times (exponential types through the normal probability of one shared
draw). scipy.special has both (``ndtri``, ``ndtr``), but importing it costs ≈ 0.2 s in
every process that simulates — as much as a fifth of a plain ``raddsim run``. These
are standard algorithms, on arrays (``tests/test_normal.py`` checks both against scipy
and the standard library):

* :func:`quantile`: Wichura, M.J. (1988), "Algorithm AS241: The percentage points of the
  normal distribution", *Applied Statistics* 37(3), 477–484 — the algorithm of Python's
  ``statistics.NormalDist().inv_cdf``; relative error ≈ 1e-16 (within 2e-15 of scipy's ``ndtri``).
* :func:`cdf`: ``erfc(-z / √2) / 2`` with the C library's ``erfc`` (accurate in the lower tail,
  where ``(1 + erf) / 2`` loses digits); within 3e-16 of scipy's ``ndtr``.

Replacing scipy's functions moves a drawn time by at most a unit or two in the last place;
``raddsim run --json`` on the default stays the same to the bit (``tests/test_golden.py``).
"""

from __future__ import annotations

import math

import numpy as np

# AS241 PPND16's coefficients, highest power first (Wichura 1988, table 1).
_CENTRAL_NUM = (2.5090809287301226727e+3, 3.3430575583588128105e+4, 6.7265770927008700853e+4,
                4.5921953931549871457e+4, 1.3731693765509461125e+4, 1.9715909503065514427e+3,
                1.3314166789178437745e+2, 3.3871328727963666080e+0)
_CENTRAL_DEN = (5.2264952788528545610e+3, 2.8729085735721942674e+4, 3.9307895800092710610e+4,
                2.1213794301586595867e+4, 5.3941960214247511077e+3, 6.8718700749205790830e+2,
                4.2313330701600911252e+1, 1.0)
_NEAR_NUM = (7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1,
             1.27045825245236838258e+0, 3.64784832476320460504e+0, 5.76949722146069140550e+0,
             4.63033784615654529590e+0, 1.42343711074968357734e+0)
_NEAR_DEN = (1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2,
             1.48103976427480074590e-1, 6.89767334985100004550e-1, 1.67638483018380384940e+0,
             2.05319162663775882187e+0, 1.0)
_TAIL_NUM = (2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3,
             2.65321895265761230930e-2, 2.96560571828504891230e-1, 1.78482653991729133580e+0,
             5.46378491116411436990e+0, 6.65790464350110377720e+0)
_TAIL_DEN = (2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5,
             7.86869131145613259100e-4, 1.48753612908506148525e-2, 1.36929880922735805310e-1,
             5.99832206555887937690e-1, 1.0)


def _horner(coef: tuple[float, ...], r: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The polynomial ``coef`` (highest power first) at ``r``, written into ``out`` and returned.

    In place, one ufunc step at a time: the same roundings as ``acc = acc * r + c`` with new arrays
    (a multiplication and an addition per coefficient, never fused), without their allocations.
    """
    np.multiply(r, coef[0], out=out)
    out += coef[1]
    for c in coef[2:]:
        out *= r
        out += c
    return out


def quantile(p: np.ndarray) -> np.ndarray:
    """The standard normal quantile of each probability in the open interval (0, 1).

    Parameters
    ----------
    p : ndarray
        Probabilities, strictly between 0 and 1.

    Returns
    -------
    ndarray
        ``z`` with ``P(Z <= z) = p``.
    """
    p = np.asarray(p, float)
    q = p - 0.5
    # The central formula for every value, then the outer ones replaced: its denominator is positive for
    # every |q| <= 0.5, and selecting the 85 % central values would cost more than computing the other 15 %.
    r = q * q
    np.subtract(0.180625, r, out=r)
    out = _horner(_CENTRAL_NUM, r, np.empty_like(r))
    out *= q
    out /= _horner(_CENTRAL_DEN, r, np.empty_like(r))
    outer = np.flatnonzero(np.abs(q) > 0.425)
    if len(outer):
        out[outer] = _outer(p[outer], q[outer])
    return out


def _outer(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """:func:`quantile` of probabilities outside the central region (``q = p - 0.5``, ``|q| > 0.425``)."""
    r = np.sqrt(-np.log(np.where(q <= 0.0, p, 1.0 - p)))
    x = _ratio(_NEAR_NUM, _NEAR_DEN, r - 1.6)  # as above: everywhere, then the far tail (p < 1.4e-11) replaced
    far = r > 5.0
    if far.any():
        x[far] = _ratio(_TAIL_NUM, _TAIL_DEN, r[far] - 5.0)
    return np.where(q < 0.0, -x, x)


def _ratio(num: tuple[float, ...], den: tuple[float, ...], r: np.ndarray) -> np.ndarray:
    """``num(r) / den(r)`` of two polynomials (highest power first)."""
    top = _horner(num, r, np.empty_like(r))
    top /= _horner(den, r, np.empty_like(r))
    return top


_ERFC = np.frompyfunc(math.erfc, 1, 1)


def cdf(z: np.ndarray) -> np.ndarray:
    """The standard normal distribution function ``P(Z <= z)`` of each value.

    Parameters
    ----------
    z : ndarray
        Values.

    Returns
    -------
    ndarray
        Probabilities.
    """
    z = np.asarray(z, float)
    return np.asarray(_ERFC(-z / math.sqrt(2.0)), float) * 0.5


__all__ = ["cdf", "quantile"]
