"""Shared constants of the OCDS interchange: extension URLs, code mappings, ids."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time

from efc_scoring.model._ids import MAX_ID_LENGTH

__all__ = [
    "EXTENSION_URLS",
    "METHOD_OF_PROCEDURE",
    "PROCEDURE_OF_METHOD",
    "TYPE_OF_KIND",
    "iso_datetime",
    "slug",
]

#: Community extensions whose shape the export follows (extension.json of each).
EXTENSION_URLS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/"
    "master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/"
    "master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_awardCriteriaBreakdown_extension/master/extension.json",
)

#: Criterion kind -> the award criterion type (open awardCriterionType codelist).
TYPE_OF_KIND = {"price": "price", "cost": "cost"}  # every other kind is "quality"

#: Words of a French procedure name -> OCDS procurementMethod (closed codelist).
METHOD_OF_PROCEDURE = (
    ("sans publicité", "limited"),
    ("restreint", "selective"),
    ("dialogue", "selective"),
    ("négoci", "selective"),
    ("ouvert", "open"),
)

#: OCDS procurementMethod -> a French procedure name, when the release gives no details.
PROCEDURE_OF_METHOD = {
    "open": "procédure ouverte",
    "selective": "procédure restreinte",
    "limited": "procédure négociée sans publicité",
    "direct": "marché de gré à gré",
}


def slug(text: str, fallback: str = "id", *, lower: bool = True) -> str:
    """An identifier made of ASCII letters, digits, ``-``, ``_`` and ``.``.

    Examples
    --------
    >>> slug("Qualité du service (50 %)")
    'qualite-du-service-50'
    >>> slug("€€", fallback="c1")
    'c1'
    >>> slug("Lot 2", lower=False)
    'Lot-2'
    >>> len(slug("Valeur technique — efficacité et adaptation des produits aux usages"))
    64
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_.]+", "-", ascii_text.lower() if lower else ascii_text)
    cleaned = cleaned.lstrip("-._")[:MAX_ID_LENGTH].rstrip("-.")
    return cleaned or fallback


def iso_datetime(value: date | datetime) -> str:
    """An RFC 3339 date-time (UTC midnight for a bare date), as OCDS dates must be.

    Examples
    --------
    >>> iso_datetime(date(2027, 3, 15))
    '2027-03-15T00:00:00Z'
    """
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0), tzinfo=UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
