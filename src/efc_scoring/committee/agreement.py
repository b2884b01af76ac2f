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
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from efc_scoring.committee import _krippendorff
from efc_scoring.committee._agreement_input import AgreementError
from efc_scoring.committee._concordance import KendallWResult, kendall_w
from efc_scoring.committee._icc import ICCResult, icc

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AgreementError",
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
    level = _krippendorff.check_level(level)  # type: ignore[assignment]
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
        raise AgreementError(
            f"alpha={alpha!r} n'est pas un alpha de Krippendorff (un nombre au plus égal à 1) ; "
            "passer la valeur rendue par krippendorff_alpha."
        )
    if value >= ALPHA_RELIABLE:
        return "bon"
    if value >= ALPHA_TENTATIVE:
        return "acceptable (conclusions provisoires)"
    return "insuffisant (conclusions à ne pas retenir)"


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
    from scipy.special import stdtrit  # Student's quantile, without scipy.stats' import

    if not 0.0 < confidence < 1.0:
        raise AgreementError(
            f"le niveau de confiance doit être compris entre 0 et 1 (par exemple 0.95), "
            f"pas {confidence!r}."
        )
    try:
        marks = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise AgreementError(
            "evaluator_severity demande des notes numériques (np.nan si manquante)."
        ) from None
    if marks.ndim != 2 or marks.shape[0] < 2:
        raise AgreementError(
            "evaluator_severity demande un tableau à deux dimensions d'au moins 2 évaluateurs "
            f"(lignes) x éléments (colonnes) ; forme reçue : {marks.shape}."
        )
    if evaluators is None:
        evaluators = list(data.index) if isinstance(data, pd.DataFrame) else list(range(len(marks)))
    if len(evaluators) != len(marks):
        raise AgreementError(
            f"evaluators nomme {len(evaluators)} lignes, or le tableau a {len(marks)} "
            "évaluateurs ; donner un nom par ligne."
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
        half_width = stdtrit(n_items - 1, (1.0 + confidence) / 2.0) * np.sqrt(
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
