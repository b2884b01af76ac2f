"""Price formulas of French public procurement practice.

Each formula turns an offer's total price ``P`` into points out of ``Nmax`` (the
weight of the price criterion), given the lowest price ``Pmin`` and, for the
linear formula, the highest ``Pmax`` among the offers of the lot.

The buyer chooses the formula freely, but a scoring method is irregular when it
deprives a criterion of its scope or neutralises its weighting (Conseil d'État,
3 novembre 2014, *Commune de Belleville-sur-Loire*, n° 373362). Every formula
that depends on the other offers' prices (all three below) lets a new offer
change the order of two others (rank reversal): see ``docs/price-formulas.md``.

All computations are exact (:class:`fractions.Fraction`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from efc_scoring.errors import ErrorCode, ScoringError
from efc_scoring.model.criteria import PriceFormula

__all__ = [
    "FORMULA_TEXT",
    "linear",
    "price_points",
    "proportional",
    "relative_gap",
]

Number = int | Decimal | Fraction

#: The formula of each method, as shown to buyers.
FORMULA_TEXT = {
    PriceFormula.PROPORTIONAL: "Nmax × Pmin / P",
    PriceFormula.LINEAR: "Nmax × (Pmax − P) / (Pmax − Pmin)",
    PriceFormula.RELATIVE_GAP: "Nmax × (1 − (P − Pmin) / Pmin), au moins 0",
}


def _frac(x: Number) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


def _check(price: Fraction, pmin: Fraction) -> None:
    if pmin <= 0:
        raise ScoringError(
            f"le prix le plus bas doit être strictement positif, pas {pmin}", code=ErrorCode.PRICE
        )
    if price < pmin:
        raise ScoringError(
            f"le prix {price} est inférieur au prix le plus bas du lot ({pmin})",
            code=ErrorCode.PRICE,
        )


def proportional(price: Number, pmin: Number, nmax: Number) -> Fraction:
    """Proportional (inverse) formula: ``Nmax × Pmin / P``.

    The cheapest offer gets ``Nmax``; an offer twice as expensive gets half.
    Marks never reach 0, which compresses them when prices are close: check the
    effective weight of price.

    References
    ----------
    Direction des affaires juridiques (Bercy), fiche « La notation du critère
    prix » ; CE, 3 nov. 2014, *Commune de Belleville-sur-Loire*, n° 373362.

    Examples
    --------
    >>> proportional(250, 200, 40)
    Fraction(32, 1)
    """
    p, lo, n = _frac(price), _frac(pmin), _frac(nmax)
    _check(p, lo)
    return n * lo / p


def linear(price: Number, pmin: Number, pmax: Number, nmax: Number) -> Fraction:
    """Linear formula between the extremes: ``Nmax × (Pmax − P) / (Pmax − Pmin)``.

    The cheapest offer gets ``Nmax`` and the dearest 0, whatever the gap
    between them: a gap of 0.5 % costs as much as a gap of 50 %, which magnifies
    small price differences; and adding or removing the dearest offer changes
    every other mark. When all prices are equal every offer gets ``Nmax``.

    References
    ----------
    Direction des affaires juridiques (Bercy), fiche « La notation du critère
    prix ».

    Examples
    --------
    >>> linear(250, 200, 300, 40)
    Fraction(20, 1)
    """
    p, lo, hi, n = _frac(price), _frac(pmin), _frac(pmax), _frac(nmax)
    _check(p, lo)
    if p > hi:
        raise ScoringError(
            f"le prix {p} est supérieur au prix le plus haut du lot ({hi})", code=ErrorCode.PRICE
        )
    if hi == lo:
        return n
    return n * (hi - p) / (hi - lo)


def relative_gap(price: Number, pmin: Number, nmax: Number) -> Fraction:
    """Relative-gap formula: ``Nmax × (1 − (P − Pmin) / Pmin)``, floored at 0.

    An offer loses the share of ``Nmax`` equal to its relative gap to the
    cheapest offer: 17.5 % dearer, 17.5 % fewer points; an offer twice as
    expensive as the cheapest or more gets 0.

    References
    ----------
    Direction des affaires juridiques (Bercy), fiche « La notation du critère
    prix ».

    Examples
    --------
    Pmin 200, P 235, 40 points: ``40 × (1 − 35/200) = 33``.

    >>> relative_gap(235, 200, 40)
    Fraction(33, 1)
    >>> relative_gap(450, 200, 40)
    Fraction(0, 1)
    """
    p, lo, n = _frac(price), _frac(pmin), _frac(nmax)
    _check(p, lo)
    return max(Fraction(0), n * (1 - (p - lo) / lo))


def price_points(
    formula: PriceFormula | str, prices: Sequence[Number], nmax: Number
) -> list[Fraction]:
    """Points of every price of a lot with one formula, in the order given.

    Examples
    --------
    >>> [float(x) for x in price_points("proportional", [200, 250, 400], 40)]
    [40.0, 32.0, 20.0]
    """
    formula = PriceFormula(formula)
    values = [_frac(p) for p in prices]
    if not values:
        return []
    lo, hi = min(values), max(values)
    if formula is PriceFormula.PROPORTIONAL:
        return [proportional(p, lo, nmax) for p in values]
    if formula is PriceFormula.LINEAR:
        return [linear(p, lo, hi, nmax) for p in values]
    return [relative_gap(p, lo, nmax) for p in values]
