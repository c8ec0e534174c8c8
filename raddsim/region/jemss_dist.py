"""JEMSS.jl distributions: the Julia ``Distributions.jl`` expressions a JEMSS model file may hold.

JEMSS evaluates the text of each ``<callDistributions>`` element as Julia code, so a
model may use any distribution of Distributions.jl, wrapped in ``truncated(...)``,
with arithmetic in its parameters (``Exponential(12/60/24)``,
``truncated(Normal(2/60/24, 1/60/24), 20/60/60/24, 5/60/24)``, ``Weibull(2.5, 34.3/60/24)``).
This module reads such text without evaluating code: the expression is parsed into a
syntax tree and only numbers, arithmetic, arrays, the distributions below and
``truncated``/``LocationScale`` are accepted. Parameters follow Distributions.jl's
definitions (e.g. ``Exponential(θ)`` has mean θ, ``Gamma(α, θ)`` shape α and scale θ)
and their defaults; moments come from scipy.stats.
"""

from __future__ import annotations

import ast
import math
import operator
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
from scipy import integrate, stats

from raddsim.core.errors import InputError

_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow, ast.FloorDiv: operator.truediv}  # Julia's 1//2 is a rational: 0.5
_FUNC = {"log": math.log, "exp": math.exp, "sqrt": math.sqrt, "log10": math.log10, "log2": math.log2}
_CONST = {"Inf": math.inf, "pi": math.pi, "π": math.pi, "ℯ": math.e}


def _triangular(a: float, b: float, c: float | None = None) -> Any:
    c = (a + b) / 2 if c is None else c
    return stats.triang(c=(c - a) / (b - a), loc=a, scale=b - a)


#: How far from 1 a probability vector's sum may be (Distributions.jl's isprobvec refuses others: JEMSS would fail).
PROBABILITY_SUM_TOLERANCE = 1e-6


def _probability_vector(p: list[float]) -> None:
    """Refuse what Distributions.jl refuses: a negative probability, or a sum not 1 (was normalised silently)."""
    if any(x < 0 for x in p) or not abs(sum(p) - 1) <= PROBABILITY_SUM_TOLERANCE:
        raise ValueError(f"probabilities {p} must be ≥ 0 and sum to 1 (they sum to {sum(p):g})")


def _categorical(p: list[float]) -> Any:
    _probability_vector(p)
    return stats.rv_discrete(values=(np.arange(1, len(p) + 1), np.asarray(p, float) / np.sum(p)))


def _nonparametric(xs: list[float], ps: list[float]) -> Any:
    if len(xs) != len(ps):
        raise ValueError("values and probabilities must pair up")
    _probability_vector(ps)
    order = np.argsort(xs)
    return stats.rv_discrete(values=(np.asarray(xs, float)[order], (np.asarray(ps, float) / np.sum(ps))[order]))


#: Distributions.jl name → (scipy frozen distribution from its parameters, default parameters).
CONTINUOUS: dict[str, tuple[Callable[..., Any], tuple[float, ...]]] = {
    "Exponential": (lambda th: stats.expon(scale=th), (1.0,)),
    "Normal": (lambda mu, s: stats.norm(mu, s), (0.0, 1.0)),
    "LogNormal": (lambda mu, s: stats.lognorm(s=s, scale=math.exp(mu)), (0.0, 1.0)),
    "Gamma": (lambda a, th: stats.gamma(a, scale=th), (1.0, 1.0)),
    "Erlang": (lambda k, th: stats.gamma(k, scale=th), (1.0, 1.0)),
    "Weibull": (lambda a, th: stats.weibull_min(a, scale=th), (1.0, 1.0)),
    "Uniform": (lambda a, b: stats.uniform(a, b - a), (0.0, 1.0)),
    "TriangularDist": (_triangular, ()),
    "Rayleigh": (lambda s: stats.rayleigh(scale=s), (1.0,)),
    "Beta": (lambda a, b: stats.beta(a, b), (1.0, 1.0)),
    "LogUniform": (lambda a, b: stats.loguniform(a, b), ()),
    "Pareto": (lambda a, th: stats.pareto(a, scale=th), (1.0, 1.0)),
    "Frechet": (lambda a, th: stats.invweibull(a, scale=th), (1.0, 1.0)),
    "InverseGaussian": (lambda mu, lam: stats.invgauss(mu / lam, scale=lam), (1.0, 1.0)),
    "InverseGamma": (lambda a, th: stats.invgamma(a, scale=th), (1.0, 1.0)),
    "Logistic": (lambda mu, th: stats.logistic(mu, th), (0.0, 1.0)),
    "LogLogistic": (lambda a, b: stats.fisk(b, scale=a), (1.0, 1.0)),
    "Laplace": (lambda mu, th: stats.laplace(mu, th), (0.0, 1.0)),
    "Gumbel": (lambda mu, th: stats.gumbel_r(mu, th), (0.0, 1.0)),
    "Chi": (lambda k: stats.chi(k), ()),
    "Chisq": (lambda k: stats.chi2(k), ()),
    "Cauchy": (lambda mu, s: stats.cauchy(mu, s), (0.0, 1.0)),
}
DISCRETE: dict[str, tuple[Callable[..., Any], tuple[float, ...]]] = {
    "Bernoulli": (lambda p: stats.bernoulli(p), (0.5,)),
    "Categorical": (_categorical, ()),
    "DiscreteNonParametric": (_nonparametric, ()),
    "DiscreteUniform": (lambda a, b: stats.randint(int(a), int(b) + 1), (0.0, 1.0)),
    "Poisson": (lambda lam: stats.poisson(lam), (1.0,)),
    "Binomial": (lambda n, p: stats.binom(int(n), p), (1.0, 0.5)),
    "Geometric": (lambda p: stats.geom(p, loc=-1), (0.5,)),  # Distributions.jl counts failures: support 0, 1, …
    "NegativeBinomial": (lambda r, p: stats.nbinom(r, p), (1.0, 0.5)),
}


@dataclass(frozen=True)
class Distribution:
    """A parsed JEMSS distribution.

    Attributes
    ----------
    name
        The Distributions.jl name of the innermost distribution (``Exponential``).
    params
        Its parameters (arrays for ``Categorical``/``DiscreteNonParametric``).
    lower, upper
        Truncation bounds (``-inf``/``inf`` when not truncated).
    text
        The expression as written.
    """

    name: str
    params: tuple[Any, ...]
    lower: float = -math.inf
    upper: float = math.inf
    text: str = ""
    loc: float = 0.0
    scale: float = 1.0

    @property
    def truncated(self) -> bool:
        return self.lower > -math.inf or self.upper < math.inf

    @property
    def plain(self) -> bool:
        """Neither truncated nor shifted/scaled: the parameters mean what their name says."""
        return not self.truncated and self.loc == 0.0 and self.scale == 1.0

    def _frozen(self) -> Any:
        table = CONTINUOUS if self.name in CONTINUOUS else DISCRETE
        return table[self.name][0](*self.params)

    def _point(self) -> float | None:
        """The value of a distribution with no spread (JEMSS writes constants as ``Normal(x, 0)``)."""
        if self.name == "Dirac":
            return float(self.params[0])
        if self.name == "Normal" and self.params[1] == 0:
            return float(self.params[0])
        return None

    def moments(self) -> tuple[float, float]:
        """Mean and standard deviation (after truncation, shift and scale)."""
        x = self._point()
        if x is not None:
            y = self.loc + self.scale * x
            if not math.isfinite(y):  # 1E310 reads as infinity
                raise ValueError(f"the value {y} is not a finite number")
            if not (self.lower <= y <= self.upper):
                raise ValueError("the truncation excludes the distribution's only value")
            return y, 0.0
        d = self._frozen()
        lo, hi = (self.lower - self.loc) / self.scale, (self.upper - self.loc) / self.scale
        if self.scale < 0:
            lo, hi = hi, lo
        if self.truncated:
            mass = float(d.cdf(hi) - (d.cdf(lo) if self.name in CONTINUOUS else d.cdf(math.ceil(lo) - 1)))
            if not mass > 0:
                raise ValueError("the truncation leaves no probability")
            if self.name in CONTINUOUS:
                # In probability space: E[X | lo ≤ X ≤ hi] = ∫ ppf(u) du over [F(lo), F(hi)], whatever X's scale
                # (integrating the density instead misses the mass of distributions in days: 40 s = 0.00046).
                a, b = float(d.cdf(lo)), float(d.cdf(hi))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    m = integrate.quad(d.ppf, a, b, limit=200)[0] / (b - a)
                    m2 = integrate.quad(lambda u: d.ppf(u) ** 2, a, b, limit=200)[0] / (b - a)
            else:
                m = float(d.expect(lambda v: v, lb=lo, ub=hi, conditional=True))
                m2 = float(d.expect(lambda v: v * v, lb=lo, ub=hi, conditional=True))
        else:
            with np.errstate(all="ignore"), warnings.catch_warnings():  # Exponential(1e300): overflow → inf, refused
                warnings.simplefilter("ignore")  # below; scipy's RuntimeWarning was a second line above the error
                m, v = (np.asarray(z).item() for z in d.stats(moments="mv"))  # older scipy: arrays of one
                m2 = v + m * m
        if not (math.isfinite(m) and math.isfinite(m2)):
            raise ValueError("impossible parameters, or no finite mean and variance")
        sd = math.sqrt(max(m2 - m * m, 0.0))
        return self.loc + self.scale * m, abs(self.scale) * sd

    def probabilities(self) -> dict[float, float]:
        """Value → probability of a discrete distribution (after truncation)."""
        if self.name not in DISCRETE:
            raise ValueError(f"{self.name} is not discrete")
        d = self._frozen()
        if self.name in ("Categorical", "DiscreteNonParametric", "Bernoulli", "DiscreteUniform"):
            xs = d.xk if hasattr(d, "xk") else np.arange(d.support()[0], d.support()[1] + 1)
        else:
            xs = np.arange(0, int(d.ppf(1 - 1e-12)) + 1)
        out = {float(self.loc + self.scale * x): float(d.pmf(x)) for x in xs
               if self.lower <= self.loc + self.scale * x <= self.upper}
        total = sum(out.values())
        if not total > 0:
            raise ValueError("the truncation leaves no probability")
        return {k: v / total for k, v in out.items()}


def parse_distribution(text: str, file: Path | str, field: str) -> Distribution:
    """Parse a JEMSS distribution expression (Julia syntax), naming file and field on error.

    Raises
    ------
    InputError
        For anything that is not one of the distributions above, or impossible parameters.
    """
    src = (text or "").strip()
    # Julia → Python syntax for what can appear here: ^ power, ; before keyword arguments.
    py = src.replace("^", "**").replace(";", ",")
    try:
        tree = ast.parse(py, mode="eval").body
        dist = _distribution(tree)
        dist = Distribution(dist.name, dist.params, dist.lower, dist.upper, src, dist.loc, dist.scale)
        dist.moments()  # impossible parameters (negative scale, empty truncation …) fail here
        return dist
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError) as exc:
        known = ", ".join(sorted(CONTINUOUS) + sorted(DISCRETE) + ["Dirac", "truncated", "LocationScale"])
        why = str(exc) if isinstance(exc, ValueError) and str(exc) else type(exc).__name__
        raise InputError(f"cannot use the distribution {src!r} ({why}).", file=file, field=field,
                         fix=f"write a Distributions.jl expression with numeric parameters, using: {known}.") from None


def _number(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in _CONST:
        return _CONST[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
        return _BIN[type(node.op)](_number(node.left), _number(node.right))
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNC
            and len(node.args) == 1 and not node.keywords):
        return _FUNC[node.func.id](_number(node.args[0]))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _number(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    raise ValueError(f"{ast.unparse(node)!r} is not a number")


def _value(node: ast.AST) -> Any:
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_number(e) for e in node.elts]
    return _number(node)


def _distribution(node: ast.AST) -> Distribution:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise ValueError("expected a distribution such as Exponential(12/60/24)")
    name = node.func.id
    if name in ("truncated", "Truncated"):
        inner = _distribution(node.args[0])
        bounds = [_number(a) for a in node.args[1:3]]
        kw = {k.arg: _number(k.value) for k in node.keywords}
        lower = kw.get("lower", bounds[0] if len(bounds) > 0 else -math.inf)
        upper = kw.get("upper", bounds[1] if len(bounds) > 1 else math.inf)
        if not lower < upper and not lower == upper:
            raise ValueError(f"truncation bounds {lower:g} > {upper:g}")
        return Distribution(inner.name, inner.params, max(lower, inner.lower), min(upper, inner.upper),
                            loc=inner.loc, scale=inner.scale)
    if name == "LocationScale":
        mu, sigma = _number(node.args[0]), _number(node.args[1])
        inner = _distribution(node.args[2])
        if inner.truncated or not sigma > 0:
            raise ValueError("LocationScale needs σ > 0 around an untruncated distribution")
        return Distribution(inner.name, inner.params, loc=mu + sigma * inner.loc, scale=sigma * inner.scale)
    if node.keywords:
        raise ValueError(f"{name} takes no keyword arguments here")
    args = tuple(_value(a) for a in node.args)
    if name == "Dirac":
        if len(args) != 1:
            raise ValueError("Dirac takes one value")
        return Distribution(name, args)
    table = CONTINUOUS if name in CONTINUOUS else DISCRETE if name in DISCRETE else None
    if table is None:
        raise ValueError(f"unknown distribution {name!r}")
    make, defaults = table[name]
    if len(args) < len(defaults):
        args = args + defaults[len(args):]
    if name == "Normal" and args[1] == 0:  # a constant, as JEMSS writes a fixed delay
        return Distribution(name, args)
    make(*args)  # scipy checks parameter ranges lazily: moments() then gives NaN, refused by parse_distribution
    return Distribution(name, args)





def parse_number(text: str, file: Path | str, field: str) -> float:
    """A JEMSS number, possibly with arithmetic (``8/60/24``), without evaluating code."""
    try:
        return _number(ast.parse((text or "").strip().replace("^", "**"), mode="eval").body)
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError):
        raise InputError(f"cannot read the number {text!r}.", file=file, field=field,
                         fix="write a number, e.g. 8/60/24.") from None
__all__ = ["Distribution", "parse_distribution", "parse_number", "CONTINUOUS", "DISCRETE"]
