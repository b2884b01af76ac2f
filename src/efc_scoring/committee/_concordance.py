"""Kendall's coefficient of concordance W (private helpers).

The public entry point is :func:`efc_scoring.committee.agreement.kendall_w`.
Formulas: Kendall & Babington Smith (1939); tie correction as in Siegel &
Castellan (1988), section 9.4.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def tie_sums(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per rater (row), sum over groups of tied scores of t^3 - t."""
    m, n = scores.shape
    ordered = np.sort(scores, axis=1)
    starts = np.ones((m, n), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    run = np.cumsum(starts.ravel()) - 1  # one id per group of equal scores in a row
    sizes = np.bincount(run).astype(float)
    row_of_run = np.repeat(np.arange(m), starts.sum(axis=1))
    return np.bincount(row_of_run, weights=sizes**3 - sizes, minlength=m)


def concordance(
    scores: NDArray[np.float64], ties: bool
) -> tuple[float, float, NDArray[np.float64]]:
    """Return W, the denominator used, and the rank sums of the items.

    ``W = 12 S / (m^2 (n^3 - n) - m T)`` where ``S`` is the sum of squared
    deviations of the item rank sums from their mean and ``T`` the total of
    ``t^3 - t`` over the groups of ties of every rater (0 when ``ties=False``).
    """
    from scipy.stats import rankdata

    m, n = scores.shape
    ranks = rankdata(scores, method="average", axis=1)
    rank_sums = ranks.sum(axis=0)
    spread = float(((rank_sums - rank_sums.mean()) ** 2).sum())
    correction = float(tie_sums(scores).sum()) if ties else 0.0
    denominator = m**2 * (n**3 - n) - m * correction
    return 12.0 * spread / denominator if denominator > 0 else np.nan, denominator, rank_sums
