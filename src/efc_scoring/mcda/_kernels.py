"""Vectorised weighted sum and TOPSIS over many weight vectors at once.

``matrix`` is offers x criteria (shares, higher is better); ``weights`` is
draws x criteria (non-negative). Scores come out draws x offers.

TOPSIS needs no loop over draws: with non-negative weights the ideal point of
the weighted matrix is ``w * max(x)`` and the anti-ideal ``w * min(x)``, so the
squared distance of offer ``i`` to the ideal is ``sum_j w_j**2 (x_ij - max_j)**2``,
a matrix product of the squared weights with a fixed offers x criteria table.

Both rankings are unchanged when a weight vector is multiplied by a positive
number, so the fast path of :func:`class_counts` takes raw gamma (or uniform)
draws as they come, without bringing them back to 100 points. Ties are found
once, before drawing, as classes of offers that tie under *every* weight vector
(see :func:`efc_scoring.mcda._sensitivity.sensitivity`); under a draw where every
weight varies continuously, any other tie has probability zero.

The products run on one BLAS thread (:func:`one_blas_thread`): the matrices are
small (draws x 15 by 15 x 30), and two threads fighting over two shared cores
made them up to twice slower.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import numpy as np

#: Scores closer than this are ties (points out of 100 for the weighted sum).
WSM_TOL = 1e-9
#: Same for TOPSIS closeness (between 0 and 1).
TOPSIS_TOL = 1e-12


def wsm_scores(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted sums of every offer under every weight vector: one matrix product."""
    return weights @ matrix.T


def topsis_tables(matrix: np.ndarray) -> np.ndarray:
    """Squared gaps to the best and worst of each criterion after vector normalisation.

    Returns one criteria x (2 × offers) table: gaps to the ideal, then to the
    anti-ideal. A criterion whose column is all zeros (nobody earns anything)
    normalises to zeros instead of NaN: it separates no offer.
    """
    norm = np.sqrt((matrix**2).sum(axis=0))
    safe = np.where(norm > 0, norm, 1.0)
    scaled = matrix / safe
    to_ideal = (scaled - scaled.max(axis=0)) ** 2
    to_anti = (scaled - scaled.min(axis=0)) ** 2
    return np.ascontiguousarray(np.concatenate([to_ideal, to_anti]).T)


def topsis_scores(tables: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """TOPSIS relative closeness of every offer under every weight vector.

    One matrix product of the squared weights with :func:`topsis_tables` gives
    both squared distances. When every offer is at the same place (both
    distances 0) the closeness is set to 0.5 for all, a tie.
    """
    m = tables.shape[1] // 2
    dist = np.square(weights) @ tables
    np.sqrt(dist, out=dist)
    d_best, d_worst = dist[:, :m], dist[:, m:]
    total = d_best + d_worst
    apart = total > 0
    closeness = np.divide(d_worst, total, out=total, where=apart)
    closeness[~apart] = 0.5
    return closeness


def ranks_from_scores(scores: np.ndarray, tol: float, *, dense: bool = False) -> np.ndarray:
    """Rank offers in each row, highest score first; scores within ``tol`` tie.

    Competition ranks ("1, 1, 3") by default, as the award's ranking;
    ``dense=True`` gives scikit-criteria's dense ranks ("1, 1, 2").
    """
    n, m = scores.shape
    clean = np.where(np.isnan(scores), -np.inf, scores)
    order = np.argsort(-clean, axis=1)  # the order within a tie does not matter
    ordered = np.take_along_axis(clean, order, axis=1)
    new_group = np.empty((n, m), dtype=bool)
    new_group[:, 0] = True
    np.greater(ordered[:, :-1] - ordered[:, 1:], tol, out=new_group[:, 1:])
    if dense:
        ranked = np.cumsum(new_group, axis=1, dtype=np.int32)
    else:
        positions = np.arange(1, m + 1, dtype=np.int32)
        ranked = np.maximum.accumulate(np.where(new_group, positions, 0), axis=1)
    ranks = np.empty((n, m), dtype=np.int32)
    np.put_along_axis(ranks, order, ranked.astype(np.int32), axis=1)
    return ranks


def rank_counts(scores: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """How often each offer takes each rank, and its share of wins, over all rows.

    Returns ``counts`` (offers x ranks, competition ranks) and ``wins`` (a tie
    at the top shares the win). Rows without ties, nearly all of them under
    continuous weights, are counted straight from one ``argsort``; rows with a
    tie go through :func:`ranks_from_scores`.
    """
    m = scores.shape[1]
    if np.isnan(scores).any():
        scores = np.where(np.isnan(scores), -np.inf, scores)
    order = np.argsort(scores, axis=1)  # ascending: the last column is first
    ordered = np.take_along_axis(scores, order, axis=1)
    tied_rows = (np.diff(ordered, axis=1) <= tol).any(axis=1)
    rank_of_column = (m - np.arange(m)) - 1  # 0-based rank of each sorted column
    counts = np.zeros(m * m, dtype=np.int64)
    wins = np.zeros(m, dtype=float)
    clean = order if not tied_rows.any() else order[~tied_rows]
    counts += np.bincount((clean * m + rank_of_column).ravel(), minlength=m * m)
    wins += np.bincount(clean[:, -1], minlength=m)
    if tied_rows.any():
        ranks = ranks_from_scores(scores[tied_rows], tol)
        offsets = np.arange(m, dtype=np.int64) * m
        counts += np.bincount((ranks - 1 + offsets).ravel(), minlength=m * m)
        top = ranks == 1
        wins += (top / top.sum(axis=1, keepdims=True)).sum(axis=0)
    return counts.reshape(m, m), wins


def class_counts(
    scores: np.ndarray, sizes: np.ndarray, *, ranks: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """Wins and, when asked, rank counts of tie classes over rows of scores (no tie inside a row).

    ``scores`` is draws x classes (higher is better), one column per class of
    offers that always tie; ``sizes[c]`` is the number of offers in class ``c``.
    Returns ``wins[c]``, the rows where class ``c`` comes first, and, when
    ``ranks`` is true, ``counts[c, r]``, the rows where the offers of class ``c``
    take the competition rank ``r + 1`` (``sizes.sum()`` columns). Without
    ``ranks`` only the first of each row is looked for (``argmax``, no sort).
    """
    u = scores.shape[1]
    if not ranks:
        return np.bincount(scores.argmax(axis=1), minlength=u), None
    order = np.argsort(scores, axis=1)[:, ::-1]  # best first
    m = int(sizes.sum())
    if m == u:  # one offer per class: the rank is the position
        counts = np.zeros((u, m), dtype=np.int64)
        for position in range(u):
            counts[:, position] = np.bincount(order[:, position], minlength=u)
        return counts[:, 0].copy(), counts
    in_order = sizes[order]
    ahead = np.cumsum(in_order, axis=1) - in_order  # offers ranked before each class
    flat = np.bincount((order * m + ahead).ravel(), minlength=u * m)
    counts = flat.reshape(u, m)
    return counts[:, 0].copy(), counts


_CONTROLLER: Any = None


def one_blas_thread() -> AbstractContextManager[Any]:
    """A context in which BLAS (the matrix products) runs on one thread.

    The thread-pool controller is built once per process (it lists the loaded
    libraries); entering the context then costs a few microseconds.
    """
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")


def gamma_draws(rng: np.random.Generator, alpha: np.ndarray, size: int) -> np.ndarray:
    """Raw gamma variates, the Dirichlet draws before they are brought to a sum.

    For ``alpha`` above 0.1 numpy's Dirichlet draws exactly these variates, in
    this order, then divides each row by its sum: a ranking that does not depend
    on the scale of the weights gets the same answer from both.
    """
    return rng.standard_gamma(alpha, size=(size, alpha.size))


def dirichlet_draws(
    rng: np.random.Generator, base: np.ndarray, concentration: float, size: int
) -> np.ndarray:
    """Weight vectors (summing to 100) from a Dirichlet centred on ``base``."""
    alpha = concentration * base / base.sum()
    return rng.dirichlet(alpha, size=size) * 100.0


def bounded_draws(
    rng: np.random.Generator, low: np.ndarray, high: np.ndarray, size: int
) -> np.ndarray:
    """Weights drawn uniformly in ``[low, high]`` criterion by criterion, rescaled to 100."""
    raw = rng.uniform(low, high, size=(size, low.size))
    return raw * (100.0 / raw.sum(axis=1, keepdims=True))
