"""French dates: « 1er mars 2027 », « mars 2027 »."""

from __future__ import annotations

import datetime as _dt

__all__ = ["MONTHS", "long_date", "month_year", "parse_date", "parse_month"]

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


def parse_date(text: str) -> _dt.date:
    """A date as a French buyer types it: « 26/06/2027 », « 26-06-2027 », « 26.06.2027 »,
    « 26 juin 2027 », « 1er juillet 2027 », or ISO « 2027-06-26 ».

    Raises
    ------
    efc_scoring.errors.ParameterError
        In French, with the forms accepted (a ``ValueError``; code ``invalid_date``).

    Examples
    --------
    >>> parse_date("26/06/2027"), parse_date("1er juillet 2027"), parse_date("2027-06-26")
    (datetime.date(2027, 6, 26), datetime.date(2027, 7, 1), datetime.date(2027, 6, 26))
    """
    import re

    from efc_scoring.errors import ErrorCode, ParameterError

    value = text.strip()
    try:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if m:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", value)
        if m:
            return _dt.date(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2})(?:er)?\s+([^\W\d_]+)\s+(\d{4})", value)
        if m and parse_month(m[2]) is not None:
            return _dt.date(int(m[3]), parse_month(m[2]) or 0, int(m[1]))
    except ValueError:
        raise ParameterError(f"date impossible : « {text} »", code=ErrorCode.INVALID_DATE) from None
    raise ParameterError(
        f"date illisible : « {text} » ; écrire JJ/MM/AAAA (26/06/2027), « 26 juin 2027 » "
        "ou AAAA-MM-JJ",
        code=ErrorCode.INVALID_DATE,
    )
