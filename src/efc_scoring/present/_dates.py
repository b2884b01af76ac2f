"""French dates: « 1er mars 2027 », « mars 2027 »."""

from __future__ import annotations

import datetime as _dt

__all__ = ["MONTHS", "long_date", "month_year", "parse_month"]

#: Month names, January first.
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def long_date(day: _dt.date) -> str:
    """A date written out: « 1er mars 2027 », « 15 mars 2027 ».

    The time of a datetime is left out.

    Examples
    --------
    >>> long_date(_dt.date(2027, 3, 1)), long_date(_dt.datetime(2027, 3, 15, 9, 30))
    ('1er mars 2027', '15 mars 2027')
    """
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: _dt.date) -> str:
    """The month of a date: « mars 2027 ».

    Examples
    --------
    >>> month_year(_dt.date(2027, 8, 31))
    'août 2027'
    """
    return f"{MONTHS[day.month - 1]} {day.year}"


def _fold(word: str) -> str:
    return word.lower().replace("é", "e").replace("û", "u")


def parse_month(name: str) -> int | None:
    """The number of a French month name (case and accents optional), else None.

    Examples
    --------
    >>> parse_month("Fevrier"), parse_month("août"), parse_month("brumaire")
    (2, 8, None)
    """
    folded = _fold(name.strip())
    for i, month in enumerate(MONTHS):
        if _fold(month) == folded:
            return i + 1
    return None
