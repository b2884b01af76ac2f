"""Calendar helpers of the progress plan: months added to dates, French dates."""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["add_months", "fr_date", "months_between"]

_MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (the day clipped to the month's end).

    >>> add_months(date(2027, 8, 31), 6)
    datetime.date(2028, 2, 29)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_between(first: date, second: date) -> int:
    """Whole calendar months from ``first`` to ``second`` (days ignored).

    >>> months_between(date(2027, 9, 1), date(2028, 3, 1))
    6
    """
    return (second.year - first.year) * 12 + second.month - first.month


def fr_date(day: date) -> str:
    """A date written the French way (« 1 mars 2028 »).

    >>> fr_date(date(2028, 3, 1))
    '1 mars 2028'
    """
    return f"{day.day} {_MONTHS_FR[day.month - 1]} {day.year}"


def fr_month(name: str) -> int | None:
    """Month number of a French month name (accents optional), else None."""
    folded = name.lower().replace("é", "e").replace("û", "u")
    for i, month in enumerate(_MONTHS_FR):
        if month.replace("é", "e").replace("û", "u") == folded:
            return i + 1
    return None
