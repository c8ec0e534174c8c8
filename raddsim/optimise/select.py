"""Ranking and selection: add replications until the best alternative is separated, or call a tie.

Sequential elimination with paired Bonferroni confidence intervals
(in the spirit of Paulson 1964 and Kim & Nelson 2001, simplified):

1. Run ``n0`` replications of every alternative under common random numbers
   (replication *r* of every alternative sees the same alarms).
2. At each look, for every pair of surviving alternatives, form the paired
   differences and their two-sided Student-t interval at level
   ``1 − α / (L (k − 1))``, where *L* is the largest number of looks and *k*
   the number of alternatives. An alternative whose interval against another
   lies entirely on the worse side is eliminated.
3. One survivor: it is the best *with confidence 1 − α* — the true best can
   only be eliminated by one of its k − 1 comparisons at one of the L looks,
   each wrong with probability at most α / (L (k − 1)) (Bonferroni). Otherwise
   add ``batch`` replications to the survivors and look again; at
   ``max_replications`` (or when every survivor pair is within ± the
   indifference zone) the survivors are reported as tied.

Identical alternatives: under common random numbers two alternatives that change
nothing the simulation sees (a site no alarm is served from, a level equal to
another) give the same outcome in every replication, exactly. Their paired
differences are all 0, so no interval can ever separate them and the procedure
would spend every replication up to the cap. After the first stage the
alternatives whose outcome equals an earlier one's in every replication are
merged into it (the first of the group in the alternatives' order is kept) and
take no further replications.

Normal-theory intervals on per-replication figures (a year's mean or share) are
an ASSUMPTION that holds well for yearly aggregates of hundreds of alarms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
from scipy import stats

#: sample(alternatives, start, stop) → one row per alternative with the figure of replications start … stop − 1.
Sampler = Callable[[Sequence[int], int, int], np.ndarray]
#: identical(a, b, n) → whether alternatives a and b had the same outcome in each of replications 0 … n − 1.
Identical = Callable[[int, int, int], bool]


@dataclass(frozen=True)
class Selection:
    """What the procedure decided.

    Attributes
    ----------
    status
        ``"best"`` (one survivor), ``"tied"``, or ``"single"`` (only one alternative: nothing to select).
    survivors
        Alternatives still in the race at the end (the best, or the tied ones).
    eliminated
        Alternative → (the alternative that beat it, replications at that look).
    replications
        Replications run of each alternative.
    data
        Per alternative, its figure per replication.
    confidence, level_per_comparison, looks
        1 − α, the Bonferroni level of each interval, and the planned looks L.
    merged
        Alternative → (the earlier alternative it was identical to in every replication, replications then): merged
        into that one after the first stage (see the module doc). ``status`` is ``"single"`` when every alternative
        was merged into one.
    figure
        The figure the selection decided on, when its caller records it (``""``: not recorded).
    """

    status: str
    survivors: tuple[int, ...]
    eliminated: dict[int, tuple[int, int]]
    replications: tuple[int, ...]
    data: tuple[np.ndarray, ...]
    confidence: float
    level_per_comparison: float
    looks: int
    history: list = field(default_factory=list)
    merged: dict[int, tuple[int, int]] = field(default_factory=dict)
    figure: str = ""

    @property
    def best(self) -> int | None:
        return self.survivors[0] if self.status == "best" else None


def planned_looks(n0: int, batch: int, max_replications: int) -> int:
    """Looks the procedure can make: at n0, n0 + batch, … up to max_replications."""
    return 1 + max(0, math.ceil((max_replications - n0) / batch))


def paired_interval(better_minus: np.ndarray, level: float) -> tuple[float, float, float]:
    """Mean and two-sided Student-t interval of paired differences at ``level``."""
    d = np.asarray(better_minus, float)
    n = len(d)
    m = float(d.mean())
    if n < 2:
        return m, -math.inf, math.inf
    se = float(d.std(ddof=1)) / math.sqrt(n)
    h = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return m, m - h, m + h


def _look(alive: Sequence[int], data: Sequence[Sequence[float]], n: int, sign: float, level: float,
          indifference: float) -> tuple[dict[int, int], bool]:
    """One look: each survivor beaten by another (→ the one that beat it), and whether every pair is within the zone."""
    beaten: dict[int, int] = {}
    within = True
    for i in alive:
        for j in alive:
            if i == j:
                continue
            _, lo, hi = paired_interval(sign * (np.array(data[j][:n]) - np.array(data[i][:n])), level)
            if lo > 0 and i not in beaten:
                beaten[i] = j
            within &= -indifference < lo and hi < indifference
    return beaten, within


def merge_identical(alive: Sequence[int], identical: Identical, n: int) -> dict[int, int]:
    """Alternatives whose outcome equals an earlier one's in each of the ``n`` replications → that earlier one.

    The earlier one is the first of its group in ``alive``'s order (the screening's order: the cheaper or
    higher-ranked option set is kept).
    """
    merged: dict[int, int] = {}
    for pos, b in enumerate(alive):
        for a in alive[:pos]:
            if a not in merged and identical(a, b, n):
                merged[b] = a
                break
    return merged


def select_best(sample: Sampler, k: int, *, larger_is_better: bool, alpha: float = 0.05, n0: int = 10, batch: int = 10,
                max_replications: int = 100, indifference: float = 0.0,
                on_look: Callable[[int, tuple[int, ...]], None] | None = None,
                identical: Identical | None = None) -> Selection:
    """Sequential elimination among ``k`` alternatives (see the module doc).

    Parameters
    ----------
    sample
        Draws replications ``start … stop − 1`` of the given alternatives (common random numbers).
    larger_is_better
        Whether a larger figure is better (a share) or a smaller one (minutes).
    alpha
        1 − confidence of the final statement.
    indifference
        Survivors whose pairwise intervals all lie within ± this are reported tied early (0: never).
    identical
        Whether two alternatives had the same outcome in every replication so far (default: the same figure); such
        alternatives are merged after the first stage.
    """
    if k < 1 or n0 < 2 or batch < 1 or max_replications < n0:
        raise ValueError("need k ≥ 1, n0 ≥ 2, batch ≥ 1 and max_replications ≥ n0")
    looks = planned_looks(n0, batch, max_replications)
    level = 1 - alpha / (looks * max(1, k - 1))
    sign = 1.0 if larger_is_better else -1.0
    data: list[list[float]] = [[] for _ in range(k)]
    alive = list(range(k))
    eliminated: dict[int, tuple[int, int]] = {}
    history: list[dict] = []
    merged: dict[int, tuple[int, int]] = {}
    same = identical or (lambda a, b, m: np.array_equal(data[a][:m], data[b][:m], equal_nan=True))
    n = 0
    while True:
        stop = n0 if n == 0 else min(n + batch, max_replications)
        rows = np.asarray(sample(alive, n, stop), float)
        for a, row in zip(alive, rows):
            data[a].extend(row.tolist())
        if n == 0:  # after the first stage: identical alternatives are one contender (no interval parts them)
            merged = {b: (a, stop) for b, a in merge_identical(alive, same, stop).items()}
            alive = [a for a in alive if a not in merged]
        n = stop
        beaten, within = _look(alive, data, n, sign, level, indifference)
        for i, j in beaten.items():
            eliminated[i] = (j, n)
        alive = [a for a in alive if a not in beaten]
        history.append({"replications": n, "survivors": list(alive)})
        if merged and len(history) == 1:
            history[0]["merged"] = [[b, a] for b, (a, _) in merged.items()]  # [merged, kept]
        if on_look is not None:
            on_look(n, tuple(alive))
        if len(alive) == 1:  # one distinct contender from the start: nothing was selected
            status = "best" if k - len(merged) > 1 else "single"
            break
        if n >= max_replications or (indifference > 0 and within):
            status = "tied"
            break
    return Selection(status, tuple(alive), eliminated, tuple(len(d) for d in data),
                     tuple(np.array(d) for d in data), 1 - alpha, level, looks, history, merged)
