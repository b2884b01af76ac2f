"""Calendar helpers of the progress plan: months added to dates, months between dates."""

from __future__ import annotations

import calendar
from datetime import date

from efc_scoring.present import parse_month

__all__ = ["add_months", "fr_month", "months_between"]

#: The number of a French month name (the names live in efc_scoring.present).
fr_month = parse_month


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
