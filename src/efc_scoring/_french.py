"""French number formatting shared by everything a buyer reads (one place for each rule)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

__all__ = ["money", "percent", "points"]


def points(x: Fraction | float) -> str:
    """Points with two decimals and a decimal comma.

    >>> points(Fraction(16493, 200))
    '82,47'
    """
    return f"{float(x):.2f}".replace(".", ",")


def percent(x: Fraction | float) -> str:
    """A share (0 to 1) as a percentage with one decimal.

    >>> percent(Fraction(137, 1000))
    '13,7 %'
    """
    return f"{float(x) * 100:.1f} %".replace(".", ",")


def money(x: Decimal | Fraction | float, currency: str = "EUR") -> str:
    """An amount with two decimals, thin thousands separators and its currency.

    >>> money(Decimal("57580"))
    '57\\u202f580,00 €'
    """
    text = f"{float(x):,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text} {'€' if currency == 'EUR' else currency}"
