"""French formatting of numbers, money and shares for minutes and reports."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = ["CENT", "fr_money", "fr_number", "fr_percent", "to_cents"]

CENT = Decimal("0.01")
_NBSP = " "


def to_cents(value: Decimal) -> Decimal:
    """Round an amount to the cent, half up (the rounding of French invoices)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fr_number(value: Decimal | int | float | Fraction, places: int | None = None) -> str:
    """A number the French way: thin space between thousands, decimal comma.

    >>> fr_number(Decimal("22000"))
    '22 000'
    >>> fr_number(Decimal("2.50"))
    '2,5'
    >>> fr_number(Decimal("1234.5"), 2)
    '1 234,50'
    """
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{number:,.{places}f}"
    else:
        number = number.normalize()
        text = f"{number:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(",", _NBSP).replace(".", ",")


def fr_money(value: Decimal, currency: str = "EUR") -> str:
    """An amount to the cent with its currency.

    >>> fr_money(Decimal("2280"))
    '2 280,00 €'
    """
    symbol = "€" if currency == "EUR" else currency
    return f"{fr_number(value, 2)} {symbol}"


def fr_percent(share: Decimal | Fraction | float, places: int = 0) -> str:
    """A share in [0, 1] as a French percentage.

    >>> fr_percent(Fraction(2, 3))
    '67 %'
    >>> fr_percent(Decimal("0.02"), 1)
    '2,0 %'
    """
    if isinstance(share, Fraction):
        share = Decimal(share.numerator) / Decimal(share.denominator)
    return f"{fr_number(Decimal(str(share)) * 100, places)} %"
