"""Numeric criteria: a declared figure converted linearly to a share of the weight."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from efc_scoring.model.criteria import Direction, NumericScoring

__all__ = ["numeric_shares"]


def numeric_shares(
    scoring: NumericScoring, values: Sequence[Decimal]
) -> tuple[list[Fraction], Fraction, Fraction]:
    """Shares (0 to 1) of the weight earned by each value, and the bounds used.

    The best value earns 1 and the worst 0, linearly in between; values beyond
    declared bounds are clipped. Without declared bounds the lot's best and worst
    values are used; when all values are equal each earns 1.

    Examples
    --------
    >>> from efc_scoring.model.criteria import NumericScoring
    >>> s = NumericScoring(key="delai", direction="lower_is_better")
    >>> shares, best, worst = numeric_shares(s, [Decimal(2), Decimal(3), Decimal(6)])
    >>> [str(x) for x in shares], best, worst
    (['1', '3/4', '0'], Fraction(2, 1), Fraction(6, 1))
    """
    xs = [Fraction(v) for v in values]
    higher = scoring.direction is Direction.HIGHER_IS_BETTER
    best = Fraction(scoring.best) if scoring.best is not None else max(xs) if higher else min(xs)
    worst = Fraction(scoring.worst) if scoring.worst is not None else min(xs) if higher else max(xs)
    if best == worst:
        return [Fraction(1) for _ in xs], best, worst
    shares = [min(Fraction(1), max(Fraction(0), (x - worst) / (best - worst))) for x in xs]
    return shares, best, worst
