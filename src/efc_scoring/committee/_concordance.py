"""Kendall's coefficient of concordance W.

Public through :mod:`efc_scoring.committee.agreement` (:func:`kendall_w`,
:class:`KendallWResult`). Formulas: Kendall & Babington Smith (1939); tie
correction as in Siegel & Castellan (1988), section 9.4.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from efc_scoring.committee._agreement_input import AgreementError, complete_table

if TYPE_CHECKING:
    import pandas as pd


def tie_sums(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per rater (row), sum over groups of tied scores of t^3 - t."""
    m, n = scores.shape
    ordered = np.sort(scores, axis=1)
    starts = np.ones((m, n), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    run = np.cumsum(starts.ravel()) - 1  # one id per group of equal scores in a row
    sizes = np.bincount(run).astype(float)
    row_of_run = np.repeat(np.arange(m), starts.sum(axis=1))
    return np.bincount(row_of_run, weights=sizes**3 - sizes, minlength=m).astype(np.float64)


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


@dataclass(frozen=True)
class KendallWResult:
    """Kendall's W with its chi-square test.

    Attributes
    ----------
    w : float
        Coefficient of concordance, from 0 (no agreement) to 1 (same ranking).
    chi2, df, pvalue : float, int, float
        Friedman chi-square ``m (n - 1) W`` on ``n - 1`` degrees of freedom and
        its p-value (no concordance as the null hypothesis).
    n_raters, n_items : int
        Size of the table.
    rank_sums : tuple of float
        Sum of the ranks of each item over raters (rank 1 = lowest score).
    ties_corrected : bool
        Whether the tie correction was applied.

    Examples
    --------
    >>> result = kendall_w([[1, 2, 3], [1, 3, 2]])
    >>> result.to_frame().round(4)
      statistic   value
    0         w  0.7500
    1      chi2  3.0000
    2        df  2.0000
    3    pvalue  0.2231
    """

    w: float
    chi2: float
    df: int
    pvalue: float
    n_raters: int
    n_items: int
    rank_sums: tuple[float, ...]
    ties_corrected: bool = True

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: statistic, value."""
        import pandas as pd

        return pd.DataFrame(
            {
                "statistic": ["w", "chi2", "df", "pvalue"],
                "value": [self.w, self.chi2, float(self.df), self.pvalue],
            }
        )

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)


def kendall_w(rankings_or_scores: Any, ties: bool = True) -> KendallWResult:
    """Kendall's coefficient of concordance W of several raters.

    Parameters
    ----------
    rankings_or_scores : array-like of shape (n_raters, n_items)
        One row per rater: scores or ranks of the items. Each row is ranked
        (average ranks for ties), so scores and rankings give the same result.
    ties : bool, default True
        Apply the correction for ties, ``sum over raters of sum(t^3 - t)``
        over each group of ``t`` tied items.

    Returns
    -------
    KendallWResult

    Raises
    ------
    ValueError
        If the table has missing values, fewer than 2 raters or 2 items, or every
        rater ties every item (W is undefined).

    Notes
    -----
    With ``m`` raters, ``n`` items, item rank sums ``R_i`` and
    ``S = sum_i (R_i - mean(R))^2``::

        W = 12 S / (m^2 (n^3 - n) - m T),    chi2 = m (n - 1) W  on n - 1 df

    where ``T`` is the tie total (0 without correction). The chi-square equals
    Friedman's statistic; it is an approximation, fair from about 7 items.

    References
    ----------
    .. [1] Kendall, M. G., & Babington Smith, B. (1939). The problem of m
       rankings. *The Annals of Mathematical Statistics*, 10(3), 275-287.
    .. [2] Siegel, S., & Castellan, N. J. (1988). *Nonparametric Statistics for
       the Behavioral Sciences* (2nd ed., section 9.4). McGraw-Hill.

    Examples
    --------
    Three evaluators score four offers; the third ties two of them.

    >>> scores = [[1, 2, 3, 4], [1, 3, 2, 4], [2, 2, 3, 4]]
    >>> result = kendall_w(scores)
    >>> round(result.w, 4), round(result.chi2, 3), result.df
    (0.8621, 7.759, 3)
    >>> round(kendall_w(scores, ties=False).w, 4)
    0.8333
    """
    scores = complete_table(rankings_or_scores, "kendall_w", "évaluateurs", "éléments")
    m, n = scores.shape
    w, denominator, rank_sums = concordance(scores, ties)
    if denominator <= 0:
        raise AgreementError(
            "kendall_w n'est pas défini : chaque évaluateur donne la même note à tous les "
            "éléments, il n'y a pas de classement à comparer. Vérifier l'orientation "
            "(lignes = évaluateurs)."
        )
    from scipy.stats import chi2 as chi2_distribution

    statistic = m * (n - 1) * w
    return KendallWResult(
        w=float(w),
        chi2=float(statistic),
        df=n - 1,
        pvalue=float(chi2_distribution.sf(statistic, n - 1)),
        n_raters=m,
        n_items=n,
        rank_sums=tuple(float(r) for r in rank_sums),
        ties_corrected=ties,
    )
