"""Intraclass correlations from two-way ANOVA mean squares (private helpers).

The public entry point is :func:`efc_scoring.committee.agreement.icc`. Point
estimates follow Shrout & Fleiss (1979); F-tests and confidence intervals follow
McGraw & Wong (1996), tables 7 and 8 (ICC(1,*) = case 1, ICC(2,*) = case 2A
absolute agreement, ICC(3,*) = case 3A consistency), tested against rho_0 = 0.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

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
    return (
        (bms - wms) / (bms + (k - 1) * wms),
        (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n),
        (bms - ems) / (bms + (k - 1) * ems),
        (bms - wms) / bms,
        (bms - ems) / (bms + (jms - ems) / n),
        (bms - ems) / bms,
    )


def inference(
    ms: MeanSquares, n: int, k: int, icc2: float, confidence: float
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
            v = (a * jms + b * ems) ** 2 / (
                (a * jms) ** 2 / (k - 1) + (b * ems) ** 2 / df_e
            )
        f_star = stats.f.ppf(tail, df_b, v)
        f_star_high = stats.f.ppf(tail, v, df_b)
        spread = k * jms + (k * n - k - n) * ems
        two_low = n * (bms - f_star * ems) / (f_star * spread + n * bms)
        two_high = n * (f_star_high * bms - ems) / (spread + n * f_star_high * bms)
    two_k_low = two_low * k / (1.0 + two_low * (k - 1))
    two_k_high = two_high * k / (1.0 + two_high * (k - 1))

    rows = [
        (f_one, df_b, df_w, p_one, one_low, one_high),
        (f_two, df_b, df_e, p_two, two_low, two_high),
        (f_two, df_b, df_e, p_two, three_low, three_high),
        (f_one, df_b, df_w, p_one, one_k_low, one_k_high),
        (f_two, df_b, df_e, p_two, two_k_low, two_k_high),
        (f_two, df_b, df_e, p_two, three_k_low, three_k_high),
    ]
    return [tuple(float(x) for x in row) for row in rows]  # type: ignore[misc]
