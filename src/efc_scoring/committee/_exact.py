"""Exact location and spread statistics of weighted marks, with fractions.

Every function takes ``(value, weight)`` pairs of :class:`fractions.Fraction`
and returns a Fraction, so that the order of the evaluators never changes a
result (floating-point sums depend on the order of the terms; exact sums do
not). Weights are positive.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

from efc_scoring.errors import ParameterError

__all__ = [
    "Weighted",
    "as_fraction",
    "population_variance",
    "sqrt_float",
    "weighted_mean",
    "weighted_median",
    "weighted_trimmed_mean",
]

Weighted = Sequence[tuple[Fraction, Fraction]]


def as_fraction(value: object) -> Fraction:
    """Exact fraction of an int, Decimal, Fraction, numeric string or float (via its repr)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | str):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(str(value))


def _checked(pairs: Iterable[tuple[Fraction, Fraction]]) -> list[tuple[Fraction, Fraction]]:
    out = sorted(pairs)
    if not out:
        raise ParameterError("aucune note à consolider")
    if any(w <= 0 for _, w in out):
        raise ParameterError("chaque poids doit être strictement positif")
    return out


def weighted_mean(pairs: Weighted) -> Fraction:
    """Exact weighted mean ``sum(w v) / sum(w)``.

    >>> weighted_mean([(Fraction(2), Fraction(1)), (Fraction(5), Fraction(2))])
    Fraction(4, 1)
    """
    items = _checked(pairs)
    return sum((v * w for v, w in items), Fraction(0)) / sum((w for _, w in items), Fraction(0))


def weighted_median(pairs: Weighted) -> Fraction:
    """Weighted median; with integer weights, the median of the marks repeated by weight.

    The marks are sorted; the median is the first mark at which the cumulated
    weight passes half the total weight, or the midpoint of two consecutive
    marks when the cumulated weight stops exactly at half.

    >>> weighted_median([(Fraction(1), Fraction(1)), (Fraction(4), Fraction(1))])
    Fraction(5, 2)
    >>> weighted_median([(Fraction(1), Fraction(1)), (Fraction(4), Fraction(2))])
    Fraction(4, 1)
    """
    items = _checked(pairs)
    half = sum((w for _, w in items), Fraction(0)) / 2
    cumulated = Fraction(0)
    for i, (value, weight) in enumerate(items):
        cumulated += weight
        if cumulated > half:
            return value
        if cumulated == half:
            return (value + items[i + 1][0]) / 2
    raise AssertionError("unreachable: the cumulated weight reaches the total")  # pragma: no cover


def weighted_trimmed_mean(pairs: Weighted, cut: Fraction) -> Fraction:
    """Mean after removing the weight ``cut`` from each end of the sorted marks.

    Trimming is fractional: a mark whose weight straddles the cut keeps the
    part of its weight inside. With unit weights and ``cut=1`` it is the
    « moyenne olympique » (the lowest and the highest mark dropped). When the
    cut would leave no weight (``2 cut >= total``) the limit, the weighted
    median, is returned.

    >>> marks = [(Fraction(v), Fraction(1)) for v in (0, 3, 4, 5)]
    >>> weighted_trimmed_mean(marks, Fraction(1))
    Fraction(7, 2)
    """
    items = _checked(pairs)
    if cut < 0:
        raise ParameterError("le poids retranché ne peut pas être négatif")
    total = sum((w for _, w in items), Fraction(0))
    if 2 * cut >= total:
        return weighted_median(items)
    kept = [w for _, w in items]
    for order in (range(len(items)), range(len(items) - 1, -1, -1)):
        left = cut
        for i in order:
            if left <= 0:
                break
            taken = min(kept[i], left)
            kept[i] -= taken
            left -= taken
    num = sum((v * k for (v, _), k in zip(items, kept, strict=True)), Fraction(0))
    return num / sum(kept, Fraction(0))


def population_variance(values: Sequence[Fraction]) -> Fraction:
    """Exact population variance (divided by n) of unweighted marks.

    >>> population_variance([Fraction(1), Fraction(3)])
    Fraction(1, 1)
    """
    if not values:
        raise ParameterError("aucune note")
    mean = sum(values, Fraction(0)) / len(values)
    return sum(((v - mean) ** 2 for v in values), Fraction(0)) / len(values)


def sqrt_float(value: Fraction) -> float:
    """Square root of an exact non-negative fraction, as a float (rounded once)."""
    return math.sqrt(value.numerator / value.denominator) if value else 0.0
