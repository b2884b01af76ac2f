"""The project's own kernels for the methods compared beside the award.

Each kernel takes one lot as ``matrix`` (offers x criteria, shares from 0 to 1,
higher is better, every criterion separating at least two offers) and
``weights`` (the criteria's points), and returns dense ranks (tied offers share
a rank, the next rank follows: « 1, 1, 2 »), the convention of scikit-criteria,
against which the test suite checks every kernel. Scores are rounded to 12
significant digits before ranking, so that two offers with the same values tie
whatever the order of the floating-point operations.

References
----------
Hwang & Yoon (1981), *Multiple Attribute Decision Making* (TOPSIS);
Opricovic & Tzeng (2004), « Compromise solution by MCDM methods », *EJOR*
156(2), 445-455 (VIKOR); Roy & Bertier (1973) and Gomes, Araya & Carignano
(2004), *Tomada de decisões em cenários complexos* (ELECTRE II);
Brauers & Zavadskas (2006), « The MOORA method », *Control and Cybernetics*
35(2) (reference point); Kendall (1945), « The treatment of ties in ranking
problems », *Biometrika* 33(3) (tau-b).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def dense_ranks(values: np.ndarray, *, best: str) -> np.ndarray:
    """Dense ranks, ``best="high"`` (the highest value first) or ``"low"``."""
    import numpy as np

    rounded = np.array([float(f"{x:.12g}") for x in values])
    key = -rounded if best == "high" else rounded
    distinct = np.unique(key)
    return np.searchsorted(distinct, key) + 1


def exact_dense_ranks(values: list[Fraction]) -> np.ndarray:
    """Dense ranks of exact values, the highest first."""
    import numpy as np

    distinct = sorted(set(values), reverse=True)
    return np.array([distinct.index(v) + 1 for v in values])


def topsis(matrix: np.ndarray, weights: np.ndarray, *, scaling: str = "vector") -> np.ndarray:
    """TOPSIS relative closeness to the ideal (``scaling``: ``"vector"`` or ``"minmax"``)."""
    import numpy as np

    if scaling == "vector":
        scaled = matrix / np.sqrt((matrix**2).sum(axis=0))
    else:
        low, high = matrix.min(axis=0), matrix.max(axis=0)
        scaled = (matrix - low) / (high - low)
    weighted = scaled * weights
    to_best = np.sqrt(((weighted - weighted.max(axis=0)) ** 2).sum(axis=1))
    to_worst = np.sqrt(((weighted - weighted.min(axis=0)) ** 2).sum(axis=1))
    return dense_ranks(to_worst / (to_best + to_worst), best="high")


def vikor(matrix: np.ndarray, weights: np.ndarray, *, v: float = 0.5) -> np.ndarray:
    """VIKOR ranks with the compromise set ranked first together.

    ``S`` (group utility) and ``R`` (individual regret) are the sum and the
    largest of the weighted regrets ``w (best − x) / (best − worst)``;
    ``Q = v S' + (1 − v) R'`` with ``S'``, ``R'`` brought between 0 and 1. The
    best ``Q`` is a compromise alone when it leads the next by at least
    ``1 / (m − 1)`` (acceptable advantage) and is also best by ``S`` or by ``R``
    (acceptable stability); otherwise the compromise set takes the second
    offer too (stability fails) or every offer within ``1 / (m − 1)`` of the
    best (advantage fails), and all its offers share the first rank.
    """
    import numpy as np

    best, worst = matrix.max(axis=0), matrix.min(axis=0)
    regret = (best - matrix) / (best - worst) * weights
    utility, worst_regret = regret.sum(axis=1), regret.max(axis=1)

    def spread(x: np.ndarray) -> np.ndarray:
        span = x.max() - x.min()
        return (x - x.min()) / span if span > 0 else np.zeros_like(x)

    s, r = spread(utility), spread(worst_regret)
    q = v * s + (1 - v) * r
    ranks = dense_ranks(q, best="low")
    first = np.flatnonzero(ranks == 1)
    gap = 1 / (len(matrix) - 1)
    near = np.flatnonzero(q - q[first[0]] < gap)
    advantage = len(near) == len(first)
    stable = all(s[i] == 0 or r[i] == 0 for i in first)
    if advantage and stable:
        compromise = first
    elif advantage:
        compromise = np.flatnonzero(ranks <= 2)
    else:
        compromise = near
    top = ranks[compromise].max()
    return np.where(ranks <= top, 1, ranks - top + 1)


#: ELECTRE II thresholds (concordance p0 ≥ p1 ≥ p2, discordance q0 ≥ q1), as scikit-criteria.
ELECTRE2_THRESHOLDS = {
    "p0": Fraction(65, 100),
    "p1": Fraction(1, 2),
    "p2": Fraction(35, 100),
    "q0": Fraction(65, 100),
    "q1": Fraction(35, 100),
}


def electre2(shares: list[list[Fraction]], weights: list[Fraction]) -> np.ndarray:
    """ELECTRE II ranks, computed exactly (concordance with weights summing to 1).

    ``a`` strongly outranks ``b`` when ``C(a, b) > C(b, a)`` and either
    ``C(a, b) ≥ p0`` with ``D(a, b) ≤ q0`` or ``C(a, b) ≥ p1`` with
    ``D(a, b) ≤ q1``; weakly when ``C(a, b) ≥ p2`` and ``D(a, b) ≤ q0``
    otherwise. The offers outranked by none are ranked first, removed, and so
    on (the direct ranking); the same on the reversed relations gives the
    inverse ranking; the final ranks order the mean of the two.
    """
    import numpy as np

    m = len(shares)
    total = sum(weights, Fraction(0))
    w = [x / total for x in weights]
    columns = list(zip(*shares, strict=True))
    widest = max(max(col) - min(col) for col in columns)
    p0, p1, p2, q0, q1 = (ELECTRE2_THRESHOLDS[k] for k in ("p0", "p1", "p2", "q0", "q1"))
    conc = [[Fraction(0)] * m for _ in range(m)]
    disc = [[Fraction(0)] * m for _ in range(m)]
    for a in range(m):
        for b in range(m):
            if a != b:
                pairs = list(zip(shares[a], shares[b], strict=True))
                conc[a][b] = sum(
                    (wj for wj, (x, y) in zip(w, pairs, strict=True) if x >= y), Fraction(0)
                )
                disc[a][b] = max(max(y - x, Fraction(0)) for x, y in pairs) / widest
    strong = np.zeros((m, m), dtype=bool)
    weak = np.zeros((m, m), dtype=bool)
    for a in range(m):
        for b in range(m):
            if a == b or not conc[a][b] > conc[b][a]:
                continue
            c, d = conc[a][b], disc[a][b]
            strong[a, b] = (c >= p0 and d <= q0) or (c >= p1 and d <= q1)
            weak[a, b] = not strong[a, b] and c >= p2 and d <= q0
    direct = _peel(strong, weak)
    inverse = _peel(strong.T, weak.T)
    inverse = inverse.max() + 1 - inverse
    return exact_dense_ranks(
        [-Fraction(int(x) + int(y), 2) for x, y in zip(direct, inverse, strict=True)]
    )


def _peel(strong: np.ndarray, weak: np.ndarray) -> np.ndarray:
    """Rank by successive kernels: offers outranked by no remaining offer, then the next."""
    import numpy as np

    m = len(strong)
    ranks = np.zeros(m, dtype=int)
    left = list(range(m))
    rank = 1
    while left:
        sub_s, sub_w = strong[np.ix_(left, left)], weak[np.ix_(left, left)]
        free = np.asarray(~sub_s.any(axis=0) & ~sub_w.any(axis=0), dtype=bool)
        if not free.any():
            ranks[left] = rank
            break
        for i in np.flatnonzero(free):
            ranks[left[i]] = rank
        left = [x for x, f in zip(left, free.tolist(), strict=True) if not f]
        rank += 1
    return ranks


def moora_reference(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Reference-point MOORA: the largest weighted gap to the best of a criterion, lowest first."""
    import numpy as np

    scaled = matrix / np.sqrt((matrix**2).sum(axis=0))
    gaps = np.abs(weights * (scaled - scaled.max(axis=0))).max(axis=1)
    return dense_ranks(gaps, best="low")


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b between two rankings (ties allowed); NaN when one is constant."""
    import math

    n = len(x)
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                ties_x += 1
                ties_y += 1
            elif dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    pairs = n * (n - 1) // 2
    denominator = math.sqrt((pairs - ties_x) * (pairs - ties_y))
    return (concordant - discordant) / denominator if denominator else math.nan


def spearman_rho(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho: the Pearson correlation of the average ranks; NaN when one is constant."""
    import math

    import numpy as np

    def average_ranks(v: np.ndarray) -> np.ndarray:
        order = np.argsort(v, kind="stable")
        ranks = np.empty(len(v))
        ranks[order] = np.arange(1, len(v) + 1)
        for value in np.unique(v):
            where = v == value
            ranks[where] = ranks[where].mean()
        return ranks

    a, b = average_ranks(np.asarray(x)), average_ranks(np.asarray(y))
    a, b = a - a.mean(), b - b.mean()
    denominator = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum()) / denominator if denominator else math.nan
