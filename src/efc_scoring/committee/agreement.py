"""Agreement statistics for an evaluation committee.

Does the committee agree on the marks it gave the offers? This module answers
with the usual reliability statistics, as pure numpy/scipy functions:

- :func:`krippendorff_alpha`, for any number of evaluators, missing marks allowed;
- :func:`alpha_reading`, the French reading of an alpha for the report;
- :func:`icc`, the six intraclass correlations of Shrout & Fleiss (1979);
- :func:`kendall_w`, Kendall's coefficient of concordance, with its chi-square test;
- :func:`evaluator_severity`, how much harsher or more lenient each evaluator is.

Tables are evaluators x items (rows = evaluators) except for :func:`icc`, which
takes the ANOVA layout targets x judges (rows = targets, columns = judges).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from efc_scoring.committee import _concordance, _icc, _krippendorff

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ICCResult",
    "KendallWResult",
    "alpha_reading",
    "evaluator_severity",
    "icc",
    "kendall_w",
    "krippendorff_alpha",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]

#: Krippendorff (2004, p. 241): rely on alpha >= .800, draw tentative conclusions from .667.
ALPHA_TENTATIVE = 0.667
ALPHA_RELIABLE = 0.8


def _complete_table(data: Any, what: str, rows: str, columns: str) -> np.ndarray:
    """A finite 2-D float table with at least two rows and two columns, or a clear error."""
    try:
        table = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} needs numeric scores; data contain non-numeric values.") from None
    if table.ndim != 2 or table.shape[0] < 2 or table.shape[1] < 2:
        raise ValueError(
            f"{what} needs a 2-D table of at least 2 {rows} x 2 {columns} "
            f"(rows = {rows}, columns = {columns}); got shape {np.shape(table)}."
        )
    holes = ~np.isfinite(table)
    if holes.any():
        row, column = np.nonzero(holes)
        cells = _krippendorff._preview(zip(row.tolist(), column.tolist(), strict=True))
        raise ValueError(
            f"{what} needs a complete table, but (row, column) {cells} are missing or "
            f"infinite; drop those {rows} or {columns}, or use krippendorff_alpha, which "
            "accepts missing marks."
        )
    return table


# --------------------------------------------------------------------------- alpha


def krippendorff_alpha(
    data: Any, level: Level = "interval", values: Sequence[Any] | None = None
) -> float:
    """Krippendorff's alpha reliability of the marks of several evaluators.

    Parameters
    ----------
    data : array-like of shape (n_evaluators, n_units)
        Marks, one row per evaluator (observer) and one column per unit (an
        offer on a criterion). ``np.nan`` or ``None`` marks a missing value.
        Units marked by fewer than two evaluators are dropped (nothing to pair).
        Labels (strings) are accepted for the nominal and ordinal levels.
    level : {"interval", "nominal", "ordinal", "ratio"}, default "interval"
        Level of measurement, which sets the difference function.
    values : sequence, optional
        The possible values. For the ordinal level on labels it gives their
        order (lowest first); otherwise it checks that every mark is a known
        value. By default, the values found in ``data``, sorted.

    Returns
    -------
    float
        Alpha: 1 is perfect agreement, 0 agreement at chance level, negative
        values systematic disagreement.

    Raises
    ------
    ValueError
        If ``data`` is not 2-D, no unit has two marks, all pairable marks are
        equal (no variation: alpha is undefined), a mark is not in ``values``,
        or the level is unknown.

    See Also
    --------
    alpha_reading : what the value means for the committee.

    Notes
    -----
    Alpha is computed from the coincidence matrix ``o_ck``, in which every unit
    with ``m_u >= 2`` marks contributes its ``m_u (m_u - 1)`` ordered pairs of
    marks with weight ``1 / (m_u - 1)``, and from its marginal totals ``n_c``::

        alpha = 1 - (n - 1) * sum_ck o_ck d2_ck / sum_ck n_c n_k d2_ck

    with ``n = sum_c n_c`` the number of pairable values. The squared
    differences ``d2_ck`` are ``[c != k]`` (nominal), ``(c - k)^2`` (interval),
    ``((c - k) / (c + k))^2`` (ratio) and, for the ordinal level,
    ``(sum_{g=c..k} n_g - (n_c + n_k) / 2)^2``, which uses the marginal totals.

    References
    ----------
    .. [1] Krippendorff, K. (2011). *Computing Krippendorff's Alpha-Reliability*.
       Annenberg School for Communication, University of Pennsylvania.
       https://repository.upenn.edu/asc_papers/43
    .. [2] Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a
       standard reliability measure for coding data. *Communication Methods and
       Measures*, 1(1), 77-89.

    Examples
    --------
    The worked example of Krippendorff (2011), section E: 4 observers, 12 units.

    >>> import numpy as np
    >>> nan = np.nan
    >>> marks = [
    ...     [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...     [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ... ]
    >>> round(krippendorff_alpha(marks, level="nominal"), 3)
    0.743
    >>> round(krippendorff_alpha(marks, level="interval"), 3)
    0.849

    Labels need their order for the ordinal level:

    >>> grades = [["bad", "fair", "good"], ["fair", "fair", "good"]]
    >>> round(krippendorff_alpha(grades, "ordinal", values=["bad", "fair", "good"]), 3)
    0.778
    """
    level = _krippendorff._check_level(level)  # type: ignore[assignment]
    codes, domain = _krippendorff.encode(data, level, values)
    return float(_krippendorff.alpha(codes, domain, level))


def alpha_reading(alpha: float) -> str:
    """French reading of a Krippendorff's alpha, for the offers-analysis report.

    Parameters
    ----------
    alpha : float
        A Krippendorff's alpha (at most 1).

    Returns
    -------
    str
        ``"insuffisant (conclusions à ne pas retenir)"`` below 0.667,
        ``"acceptable (conclusions provisoires)"`` from 0.667 and
        ``"bon"`` from 0.8.

    Raises
    ------
    ValueError
        If ``alpha`` is NaN or greater than 1.

    References
    ----------
    .. [1] Krippendorff, K. (2004). *Content Analysis: An Introduction to Its
       Methodology* (2nd ed., p. 241). Sage: rely on variables with alpha >= .800;
       consider alpha between .667 and .800 only for tentative conclusions.

    Examples
    --------
    >>> alpha_reading(0.849)
    'bon'
    >>> alpha_reading(0.7)
    'acceptable (conclusions provisoires)'
    >>> alpha_reading(0.5)
    'insuffisant (conclusions à ne pas retenir)'
    """
    value = float(alpha)
    if np.isnan(value) or value > 1.0 + 1e-12:
        raise ValueError(
            f"alpha={alpha!r} is not a Krippendorff's alpha (a number at most 1); "
            "pass the value returned by krippendorff_alpha."
        )
    if value >= ALPHA_RELIABLE:
        return "bon"
    if value >= ALPHA_TENTATIVE:
        return "acceptable (conclusions provisoires)"
    return "insuffisant (conclusions à ne pas retenir)"


# --------------------------------------------------------------------------- ICC


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
        ms = _icc.MeanSquares(self.bms, self.wms, self.jms, self.ems)
        tests = _icc.inference(ms, self.n_targets, self.n_judges, self.icc2, self.confidence)
        return pd.DataFrame(
            [
                (form, value, _icc.DESCRIPTIONS[form], *test)
                for form, value, test in zip(_icc.FORMS, values, tests, strict=True)
            ],
            columns=["form", "value", "description", "f_stat", "df1", "df2", "pvalue"]
            + ["ci_low", "ci_high"],
        ).astype({"df1": int})

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
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95); got {confidence!r}.")
    table = _complete_table(data, "icc", "targets", "judges")
    n, k = table.shape
    ms = _icc.mean_squares(table)
    scale = float(table.var()) if table.var() > 0 else 1.0
    if ms.bms <= 1e-12 * scale:
        raise ValueError(
            "icc is undefined when all targets (rows) have the same mean score: there is no "
            "between-target variance to attribute. Check the orientation (rows = targets, "
            "columns = judges) or add targets that differ."
        )
    values = _icc.coefficients(ms, n, k)
    return ICCResult(*map(float, values), *map(float, ms), n_targets=n, n_judges=k, confidence=confidence)


# --------------------------------------------------------------------------- Kendall's W


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
    scores = _complete_table(rankings_or_scores, "kendall_w", "raters", "items")
    m, n = scores.shape
    w, denominator, rank_sums = _concordance.concordance(scores, ties)
    if denominator <= 0:
        raise ValueError(
            "kendall_w is undefined: every rater gives the same score to every item, so "
            "there is no ranking to compare. Check the orientation (rows = raters)."
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


# --------------------------------------------------------------------------- severity


def evaluator_severity(
    data: Any, evaluators: Sequence[Any] | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """How much harsher (negative) or more lenient (positive) each evaluator is.

    Parameters
    ----------
    data : array-like of shape (n_evaluators, n_items)
        Marks, one row per evaluator; ``np.nan`` or ``None`` for a missing mark.
    evaluators : sequence, optional
        Names of the rows. By default the index of a DataFrame, else 0, 1, ...
    confidence : float, default 0.95
        Level of the t-based confidence interval.

    Returns
    -------
    pandas.DataFrame
        One row per evaluator: ``evaluator``, ``n_items`` (items this evaluator
        marked along with at least one other), ``severity`` (mean deviation),
        ``ci_low``, ``ci_high`` (NaN when ``n_items < 2``).

    Raises
    ------
    ValueError
        If ``data`` is not 2-D with at least two evaluators, ``evaluators`` has the
        wrong length, or ``confidence`` is not between 0 and 1.

    Notes
    -----
    On each item an evaluator marked, the deviation is their mark minus the mean
    of the marks of the other evaluators who marked that item; the severity is
    the mean deviation over those items, with a Student interval
    ``mean +/- t_{n-1} sd / sqrt(n)``. The interval treats items as independent,
    which they are not quite (same offer, same grid); read it as an indication.

    References
    ----------
    .. [1] Myford, C. M., & Wolfe, E. W. (2003). Detecting and measuring rater
       effects using many-facet Rasch measurement: Part I. *Journal of Applied
       Measurement*, 4(4), 386-422.

    Examples
    --------
    >>> marks = [[3, 4, 2, 5], [2, 3, 1, 4], [3, 4, 3, 5]]
    >>> evaluator_severity(marks, evaluators=["Anne", "Bruno", "Chloé"]).round(2)
      evaluator  n_items  severity  ci_low  ci_high
    0      Anne        4      0.38   -0.02     0.77
    1     Bruno        4     -1.12   -1.52    -0.73
    2     Chloé        4      0.75   -0.05     1.55
    """
    import pandas as pd
    from scipy.stats import t as student

    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95); got {confidence!r}.")
    try:
        marks = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("evaluator_severity needs numeric marks (np.nan if missing).") from None
    if marks.ndim != 2 or marks.shape[0] < 2:
        raise ValueError(
            "evaluator_severity needs a 2-D table with at least 2 evaluators (rows) x items "
            f"(columns); got shape {marks.shape}."
        )
    if evaluators is None:
        evaluators = list(data.index) if hasattr(data, "index") else list(range(len(marks)))
    if len(evaluators) != len(marks):
        raise ValueError(
            f"evaluators names {len(evaluators)} rows but data has {len(marks)} evaluators; "
            "give one name per row."
        )
    marked = np.isfinite(marks)
    filled = np.where(marked, marks, 0.0)
    n_others = marked.sum(axis=0) - marked
    used = marked & (n_others > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        others_mean = (filled.sum(axis=0) - filled) / n_others
        deviation = np.where(used, marks - others_mean, 0.0)
        n_items = used.sum(axis=1)
        severity = deviation.sum(axis=1) / n_items
        squares = np.where(used, (deviation - severity[:, None]) ** 2, 0.0).sum(axis=1)
        half_width = student.ppf((1.0 + confidence) / 2.0, n_items - 1) * np.sqrt(
            squares / (n_items - 1) / n_items
        )
    return pd.DataFrame(
        {
            "evaluator": list(evaluators),
            "n_items": n_items,
            "severity": severity,
            "ci_low": severity - half_width,
            "ci_high": severity + half_width,
        }
    )
