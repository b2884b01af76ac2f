"""French numbers: decimal comma, narrow no-break space between thousands, half-up rounding."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

__all__ = ["THOUSANDS", "Number", "mark", "money", "number", "percent", "points", "to_decimal"]

#: Between groups of three digits (U+202F NARROW NO-BREAK SPACE, as the Imprimerie nationale asks).
THOUSANDS = "\u202f"
#: Before a unit (« € », « % », « points »): an ordinary space.
UNIT_SPACE = " "
#: Written for a value that is missing.
MISSING = "—"

Number = Decimal | Fraction | int | float


def to_decimal(value: Number, places: int) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals, exactly (no binary float on the way).

    A float is read through its shortest decimal repr (``2.675`` is 2.675, not
    2.67499999…), so that one number rounds the same whatever its type.

    Examples
    --------
    >>> to_decimal(Decimal("2.675"), 2), to_decimal(2.675, 2), to_decimal(Fraction(2675, 1000), 2)
    (Decimal('2.68'), Decimal('2.68'), Decimal('2.68'))
    >>> to_decimal(Fraction(1, 3), 4)
    Decimal('0.3333')
    """
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as ctx:
        ctx.prec = 60
        if isinstance(value, Fraction):
            exact = Decimal(value.numerator) / Decimal(value.denominator)
            # 60 significant digits decide every half-up tie of a realistic amount
            return exact.quantize(quantum, rounding=ROUND_HALF_UP)
        return _decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def _decimal(value: Number) -> Decimal:
    """A Decimal or an int as is; any other number (float, numpy) through its shortest repr."""
    if isinstance(value, Decimal | int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS.join(parts)


def number(value: Number | None, places: int | None = None, *, up_to: int | None = 2) -> str:
    """A number the French way.

    With ``places``, exactly that many decimals; without, at most ``up_to``
    decimals and no trailing zero (``up_to=None``: every digit of a Decimal,
    for a declared value shown as written). Rounding is half-up on the exact
    value. The integer part is grouped by three with a narrow no-break space
    (U+202F).

    Examples
    --------
    >>> number(Decimal("1234.5"), 2) == "1\\u202f234,50"
    True
    >>> number(Fraction(31, 2)), number(40), number(Decimal("0.125")), number(Decimal("-0.001"))
    ('15,5', '40', '0,13', '0')
    >>> number(Decimal("2.675"), 2), number(2.675, 2), number(Decimal("0.125"), up_to=None)
    ('2,68', '2,68', '0,125')
    >>> number(Fraction(2, 3), up_to=4), number(Decimal("4.50"), up_to=None)
    ('0,6667', '4,5')
    >>> number(float("nan")), number(float("-inf")), number(None)
    ('—', '-∞', '—')
    """
    if value is None:
        return MISSING
    if not isinstance(value, Fraction | int | Decimal):
        value = float(value)  # numpy numbers too
    if not isinstance(value, Fraction | int) and not math.isfinite(value):
        return MISSING if value != value else ("-∞" if value < 0 else "∞")
    fixed = places is not None
    if places is not None:
        rounded = to_decimal(value, places)
    elif up_to is not None:
        rounded = to_decimal(value, up_to)
    else:
        rounded = _exact(value)
    if rounded == 0:
        rounded = abs(rounded)  # never « -0 »
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _, decimals = text.partition(".")
    if not fixed:
        decimals = decimals.rstrip("0")
    return sign + _group(whole) + ("," + decimals if decimals else "")


def _exact(value: Number) -> Decimal:
    """Every digit of a Decimal or an int; a float by its repr; a Fraction to 10 decimals."""
    if isinstance(value, Fraction):
        return to_decimal(value, 10)
    return _decimal(value)


def money(value: Number | None, currency: str = "EUR", *, places: int = 2) -> str:
    """An amount to the cent (half-up) with its currency: « € » for euros, else the ISO code.

    Examples
    --------
    >>> money(Decimal("57580")) == "57\\u202f580,00 €"
    True
    >>> money(Decimal("2.675")), money(Fraction(1, 3), "CHF"), money(Decimal("60080"), places=0)
    ('2,68 €', '0,33 CHF', '60\\u202f080 €')
    """
    if value is None:
        return MISSING
    symbol = "€" if currency == "EUR" else currency
    return f"{number(value, places)}{UNIT_SPACE}{symbol}"


def points(value: Number | None) -> str:
    """Points, always with two decimals (« 82,47 »), as in the ranking tables.

    Examples
    --------
    >>> points(Fraction(16493, 200)), points(40), points(Fraction(1, 8))
    ('82,47', '40,00', '0,13')
    """
    return number(value, 2)


def mark(value: Number | None) -> str:
    """An evaluator's mark or a mean of marks: at most two decimals, a dash when missing.

    Examples
    --------
    >>> mark(Fraction(11, 3)), mark(Decimal("4")), mark(Decimal("2.50")), mark(None)
    ('3,67', '4', '2,5', '—')
    """
    return MISSING if value is None else number(value)


def percent(share: Number | None, places: int = 1) -> str:
    """A share (1 is 100 %) as a percentage with at most ``places`` decimals.

    Examples
    --------
    >>> percent(Fraction(137, 1000)), percent(0.5), percent(Fraction(2, 3))
    ('13,7 %', '50 %', '66,7 %')
    >>> percent(Decimal("0.02")), percent(Decimal("-0.125"))
    ('2 %', '-12,5 %')
    >>> percent(Fraction(2, 3), places=0)
    '67 %'
    """
    if share is None:
        return MISSING
    if not isinstance(share, Fraction):
        share = float(share) if not isinstance(share, int | Decimal) else share
        if isinstance(share, float) and not math.isfinite(share):
            return number(share)
        share = _decimal(share)
    return f"{number(share * 100, up_to=places)}{UNIT_SPACE}%"
