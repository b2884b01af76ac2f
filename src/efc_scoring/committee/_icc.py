"""Intraclass correlations from two-way ANOVA mean squares.

Public through :mod:`efc_scoring.committee.agreement` (:func:`icc`,
:class:`ICCResult`). Point estimates follow Shrout & Fleiss (1979); F-tests and
confidence intervals follow McGraw & Wong (1996), tables 7 and 8 (ICC(1,*) =
case 1, ICC(2,*) = case 2A absolute agreement, ICC(3,*) = case 3A consistency),
tested against rho_0 = 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from efc_scoring.committee._agreement_input import AgreementError, complete_table

if TYPE_CHECKING:
    import pandas as pd

FORMS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")

DESCRIPTIONS = {
    "ICC(1,1)": "Single judge, one-way random effects (each target rated by different judges)",
    "ICC(2,1)": "Single judge, two-way random effects, absolute agreement",
    "ICC(3,1)": "Single judge, two-way mixed effects, consistency",
    "ICC(1,k)": "Mean of k judges, one-way random effects",
    "ICC(2,k)": "Mean of k judges, two-way random effects, absolute agreement",
    "ICC(3,k)": "Mean of k judges, two-way mixed effects, consistency",
}


class MeanSquares(NamedTuple):
    """Two-way ANOVA mean squares of a targets x judges table."""

    bms: float  # between targets
    wms: float  # within targets (judges + residual)
    jms: float  # between judges
    ems: float  # residual (error)


def mean_squares(scores: NDArray[np.float64]) -> MeanSquares:
    """Mean squares of a complete targets x judges table (Shrout & Fleiss 1979, table 1)."""
    n, k = scores.shape
    grand = scores.mean()
    target_mean = scores.mean(axis=1, keepdims=True)
    judge_mean = scores.mean(axis=0, keepdims=True)
    ss_targets = k * float(((target_mean - grand) ** 2).sum())
    ss_judges = n * float(((judge_mean - grand) ** 2).sum())
    ss_within = float(((scores - target_mean) ** 2).sum())
    ss_error = float(((scores - target_mean - judge_mean + grand) ** 2).sum())
    return MeanSquares(
        bms=ss_targets / (n - 1),
        wms=ss_within / (n * (k - 1)),
        jms=ss_judges / (k - 1),
        ems=ss_error / ((n - 1) * (k - 1)),
    )


def coefficients(ms: MeanSquares, n: int, k: int) -> tuple[float, ...]:
    """The six Shrout & Fleiss forms, in the order of :data:`FORMS`."""
    bms, wms, jms, ems = ms
    # Only the ICC(2,k) denominator can vanish or turn negative (when the residual
    # mean square exceeds n * BMS + JMS): the form is then undefined and reported as NaN.
    two_k_denominator = bms + (jms - ems) / n
    two_k_defined = two_k_denominator > 1e-10 * (bms + jms + ems)
    return (
        (bms - wms) / (bms + (k - 1) * wms),
        (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n),
        (bms - ems) / (bms + (k - 1) * ems),
        (bms - wms) / bms,
        (bms - ems) / two_k_denominator if two_k_defined else float("nan"),
        (bms - ems) / bms,
    )


def inference(
    ms: MeanSquares, n: int, k: int, icc2: float, icc2k: float, confidence: float
) -> list[tuple[float, float, float, float, float, float]]:
    """F, df1, df2, p-value, CI low, CI high for each form (McGraw & Wong 1996)."""
    from scipy import stats

    bms, wms, jms, ems = ms
    tail = (1.0 + confidence) / 2.0
    df_b, df_w, df_e = n - 1, n * (k - 1), (n - 1) * (k - 1)

    with np.errstate(divide="ignore", invalid="ignore"):
        f_one = np.float64(bms) / wms
        f_two = np.float64(bms) / ems
    p_one = float(stats.f.sf(f_one, df_b, df_w))
    p_two = float(stats.f.sf(f_two, df_b, df_e))

    def bounds(f_obs: float, df_error: int) -> tuple[float, float, float, float]:
        f_low = f_obs / stats.f.ppf(tail, df_b, df_error)
        f_high = f_obs * stats.f.ppf(tail, df_error, df_b)
        # (F - 1) / (F + k - 1) written so that F = inf gives 1
        single = (1.0 - k / (f_low + k - 1.0), 1.0 - k / (f_high + k - 1.0))
        average = (1.0 - 1.0 / f_low, 1.0 - 1.0 / f_high)
        return (*single, *average)

    one_low, one_high, one_k_low, one_k_high = bounds(f_one, df_w)
    three_low, three_high, three_k_low, three_k_high = bounds(f_two, df_e)

    if icc2 >= 1.0:  # no judge effect and no residual: the interval collapses
        two_low = two_high = 1.0
    else:
        # Satterthwaite degrees of freedom for the mixed denominator
        a = k * icc2 / (n * (1.0 - icc2))
        b = 1.0 + k * icc2 * (n - 1) / (n * (1.0 - icc2))
        with np.errstate(divide="ignore", invalid="ignore"):
            v = (a * jms + b * ems) ** 2 / ((a * jms) ** 2 / (k - 1) + (b * ems) ** 2 / df_e)
        f_star = stats.f.ppf(tail, df_b, v)
        f_star_high = stats.f.ppf(tail, v, df_b)
        spread = k * jms + (k * n - k - n) * ems
        two_low = n * (bms - f_star * ems) / (f_star * spread + n * bms)
        two_high = n * (f_star_high * bms - ems) / (spread + n * f_star_high * bms)

    def spearman_brown(single: float) -> float:
        # increasing on single > -1/(k-1), tending to -inf at that bound
        if np.isnan(icc2k):
            return float("nan")
        denominator = 1.0 + single * (k - 1)
        return single * k / denominator if denominator > 1e-12 else -np.inf

    two_k_low, two_k_high = spearman_brown(two_low), spearman_brown(two_high)

    rows = [
        (f_one, df_b, df_w, p_one, one_low, one_high),
        (f_two, df_b, df_e, p_two, two_low, two_high),
        (f_two, df_b, df_e, p_two, three_low, three_high),
        (f_one, df_b, df_w, p_one, one_k_low, one_k_high),
        (f_two, df_b, df_e, p_two, two_k_low, two_k_high),
        (f_two, df_b, df_e, p_two, three_k_low, three_k_high),
    ]
    return [tuple(float(x) for x in row) for row in rows]  # type: ignore[misc]


@dataclass(frozen=True)
class ICCResult:
    """The six intraclass correlations of Shrout & Fleiss (1979) for one table.

    Attributes ``icc1``, ``icc2``, ``icc3`` are the single-judge forms ICC(1,1),
    ICC(2,1), ICC(3,1); ``icc1k``, ``icc2k``, ``icc3k`` the forms for the mean
    of the k judges. ``bms``, ``wms``, ``jms``, ``ems`` are the between-targets,
    within-targets, between-judges and residual mean squares.

    Examples
    --------
    >>> result = icc([[1, 2], [3, 3], [5, 6]])
    >>> round(result.icc3, 3)
    0.96
    >>> list(result.to_frame().columns)
    ['form', 'value', 'description', 'f_stat', 'df1', 'df2', 'pvalue', 'ci_low', 'ci_high']
    """

    icc1: float
    icc2: float
    icc3: float
    icc1k: float
    icc2k: float
    icc3k: float
    bms: float
    wms: float
    jms: float
    ems: float
    n_targets: int
    n_judges: int
    confidence: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per form, with the F-test against 0 and the interval."""
        import pandas as pd

        values = (self.icc1, self.icc2, self.icc3, self.icc1k, self.icc2k, self.icc3k)
        ms = MeanSquares(self.bms, self.wms, self.jms, self.ems)
        tests = inference(ms, self.n_targets, self.n_judges, self.icc2, self.icc2k, self.confidence)
        return pd.DataFrame(
            [
                (form, value, DESCRIPTIONS[form], *test)
                for form, value, test in zip(FORMS, values, tests, strict=True)
            ],
            columns=[
                *("form", "value", "description"),
                *("f_stat", "df1", "df2", "pvalue", "ci_low", "ci_high"),
            ],
        ).astype({"df1": int, "df2": int})

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)


def icc(data: Any, confidence: float = 0.95) -> ICCResult:
    """Intraclass correlations of a complete targets x judges table.

    Parameters
    ----------
    data : array-like of shape (n_targets, n_judges)
        Scores, one row per target (an offer on a criterion item) and one column
        per judge. No missing value; at least 2 targets and 2 judges.
    confidence : float, default 0.95
        Level of the confidence intervals reported by ``to_frame()``.

    Returns
    -------
    ICCResult
        The six forms and the mean squares; ``.to_frame()`` adds the F-tests
        (against an ICC of 0) and confidence intervals.

    Raises
    ------
    ValueError
        If the table is not 2-D, is too small, has missing values, or all
        targets have the same mean score (no between-target variance: every
        form is undefined).

    Notes
    -----
    With ``n`` targets and ``k`` judges::

        ICC(1,1) = (BMS - WMS) / (BMS + (k - 1) WMS)
        ICC(2,1) = (BMS - EMS) / (BMS + (k - 1) EMS + k (JMS - EMS) / n)
        ICC(3,1) = (BMS - EMS) / (BMS + (k - 1) EMS)
        ICC(1,k) = (BMS - WMS) / BMS
        ICC(2,k) = (BMS - EMS) / (BMS + (JMS - EMS) / n)
        ICC(3,k) = (BMS - EMS) / BMS

    ICC(2,k) is NaN when its denominator is not positive, which happens only
    when residual disagreement dwarfs the differences between targets.
    ICC(2,*) measures absolute agreement (a harsh judge counts against it),
    ICC(3,*) consistency (judges may differ by a constant). F-tests and
    intervals follow McGraw & Wong (1996); ICC(2,*) intervals use their
    Satterthwaite approximation.

    References
    ----------
    .. [1] Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses
       in assessing rater reliability. *Psychological Bulletin*, 86(2), 420-428.
    .. [2] McGraw, K. O., & Wong, S. P. (1996). Forming inferences about some
       intraclass correlation coefficients. *Psychological Methods*, 1(1), 30-46.

    Examples
    --------
    Table 2 of Shrout & Fleiss (1979): 6 targets, 4 judges.

    >>> table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8],
    ...          [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> result = icc(table)
    >>> round(result.icc1, 2), round(result.icc2, 2), round(result.icc3, 2)
    (0.17, 0.29, 0.71)
    >>> result.to_frame()[["form", "value"]].round(3)
           form  value
    0  ICC(1,1)  0.166
    1  ICC(2,1)  0.290
    2  ICC(3,1)  0.715
    3  ICC(1,k)  0.443
    4  ICC(2,k)  0.620
    5  ICC(3,k)  0.909
    """
    if not 0.0 < confidence < 1.0:
        raise AgreementError(
            f"le niveau de confiance doit être compris entre 0 et 1 (par exemple 0.95), "
            f"pas {confidence!r}."
        )
    table = complete_table(data, "icc", "cibles", "évaluateurs")
    n, k = table.shape
    ms = mean_squares(table)
    scale = float(table.var()) if table.var() > 0 else 1.0
    if ms.bms <= 1e-12 * scale:
        raise AgreementError(
            "icc n'est pas défini quand toutes les cibles (lignes) ont la même note moyenne : "
            "aucune variance entre cibles à attribuer. Vérifier l'orientation (lignes = cibles, "
            "colonnes = évaluateurs) ou ajouter des cibles qui diffèrent."
        )
    values = coefficients(ms, n, k)
    icc1, icc2, icc3, icc1k, icc2k, icc3k = (float(v) for v in values)
    bms, wms, jms, ems = (float(v) for v in ms)
    return ICCResult(
        icc1,
        icc2,
        icc3,
        icc1k,
        icc2k,
        icc3k,
        bms,
        wms,
        jms,
        ems,
        n_targets=n,
        n_judges=k,
        confidence=confidence,
    )
