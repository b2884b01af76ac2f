"""French formatting of numbers for the sentences a buyer reads."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def num(x: Fraction | Decimal | float | int, digits: int = 2) -> str:
    """A number the French way, without useless zeros: ``31,5``, ``40``, ``0,25``."""
    value = float(x)
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",")


def pct(x: float, digits: int = 1) -> str:
    """A probability as a French percentage: ``0.5`` -> ``50 %``."""
    return num(100 * x, digits) + " %"


def money(x: Fraction | Decimal | float, currency: str = "EUR") -> str:
    """An amount with a thin thousands separator and two decimals: ``12 345,60 EUR``."""
    text = f"{float(x):,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text} {currency}"


def join(items: list[str] | tuple[str, ...]) -> str:
    """``a``, ``a et b``, ``a, b et c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]
