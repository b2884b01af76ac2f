"""One parser for every number a buyer, a bidder or an evaluator types: marks, prices, figures.

Every input path (YAML tender, offer and plan files, CSV marks, CSV and Excel
offer tables, the Python API) reads numbers through :func:`parse_number`, so a
value means the same thing wherever it was typed, and an odd form is refused
with a French message instead of being guessed:

- ASCII digits only: ``４`` (full width), ``٤`` (Arabic-Indic), ``𝟒``
  (mathematical) are refused, although Python's ``Decimal`` reads them;
- an optional sign, then digits, then an optional decimal part written with a
  point (``4.5``) or a French comma (``4,5``); a comma followed by exactly three
  digits (``1,250``) is refused as ambiguous (thousands or decimals?);
- no exponent (``1e3``, ``1e309``), no underscore (``1_000``), no leading zero
  (``010``, which YAML 1.1 tools read as 8), no spaces, currency signs or
  percent signs inside the number;
- finite, with at most :data:`MAX_INTEGER_DIGITS` digits before the decimal
  separator (and, when typed as text, :data:`MAX_DECIMALS` after it), and
  within the bounds a field states (a price is strictly positive, a weight
  between 0 and 100...).

Spreadsheet cells that are already numbers (``int``, ``float``) are taken as
they are (a float through its shortest text, so ``0.1`` stays ``0.1``), once
checked finite and within bounds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from efc_scoring.errors import NumberError

__all__ = [
    "MAX_DECIMALS",
    "MAX_INTEGER_DIGITS",
    "Figure",
    "MarkValue",
    "NonNegative",
    "NumberError",
    "Price",
    "Weight",
    "parse_integer",
    "parse_number",
    "reads",
    "shown",
]

#: Most digits before the decimal separator (a trillion euros is 13 digits).
MAX_INTEGER_DIGITS = 13
#: Most digits after the decimal separator.
MAX_DECIMALS = 10

_PLAIN = re.compile(r"([+-]?)([0-9]+)(?:([.,])([0-9]+))?")
_SHOWN = 40


def shown(value: object, limit: int = _SHOWN) -> str:
    """A short, bounded rendering of a value for an error message."""
    text = value if isinstance(value, str) else type(value).__name__
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        text = str(value)
    text = "".join(c if c.isprintable() else "�" for c in text[: limit + 1])
    return f"« {text[:limit]}… »" if len(text) > limit else f"« {text} »"


def parse_number(
    value: object,
    *,
    what: str = "la valeur",
    gt: Decimal | int | None = None,
    ge: Decimal | int | None = None,
    le: Decimal | int | None = None,
    integer: bool = False,
) -> Decimal:
    """Read a number typed by a person, or raise :class:`NumberError` saying why not.

    Parameters
    ----------
    value
        A string (as typed in a file), an ``int``, a ``float`` or a ``Decimal``.
    what
        What the number is, for the message (« le prix », « la note »).
    gt, ge, le
        Bounds the value must respect (strictly greater, greater or equal, at most).
    integer
        Refuse a decimal part.

    Examples
    --------
    >>> parse_number("4.5"), parse_number("4,5"), parse_number(" 41250 "), parse_number(12)
    (Decimal('4.5'), Decimal('4.5'), Decimal('41250'), Decimal('12'))
    >>> parse_number("1e309")
    Traceback (most recent call last):
    ...
    efc_scoring.errors.NumberError: la valeur « 1e309 » n'est pas un nombre simple ...
    >>> parse_number("１２３４５")
    Traceback (most recent call last):
    ...
    efc_scoring.errors.NumberError: la valeur « １２３４５ » contient un chiffre ...
    >>> parse_number("0", what="le prix", gt=0)
    Traceback (most recent call last):
    ...
    efc_scoring.errors.NumberError: le prix vaut 0 : un nombre strictement supérieur ...
    """
    number = _read(value, what)
    if not number.is_finite():
        raise NumberError(
            f"{what} {shown(value)} n'est pas un nombre fini", "écrire un nombre ordinaire"
        )
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    decimals = max(0, -exponent)
    whole = len(digits) + exponent if number != 0 else 1
    if whole > MAX_INTEGER_DIGITS:
        raise NumberError(
            f"{what} {shown(value)} est hors de portée ({MAX_INTEGER_DIGITS} chiffres au plus "
            "avant la virgule)",
            "vérifier l'unité et le nombre de zéros",
        )
    if isinstance(value, str) and decimals > MAX_DECIMALS:  # typed text; computed values pass
        raise NumberError(
            f"{what} {shown(value)} a plus de {MAX_DECIMALS} décimales",
            f"arrondir à {MAX_DECIMALS} décimales au plus",
        )
    if integer and number != number.to_integral_value():
        raise NumberError(f"{what} {shown(value)} doit être un nombre entier", "écrire un entier")
    _bounds(number, what, gt, ge, le)
    return number


def parse_integer(value: object, *, what: str = "la valeur", **bounds: Any) -> int:
    """:func:`parse_number` for a whole number, returned as ``int``.

    >>> parse_integer("12"), parse_integer(6)
    (12, 6)
    """
    return int(parse_number(value, what=what, integer=True, **bounds))


def _read(value: object, what: str) -> Decimal:
    if isinstance(value, bool):
        raise NumberError(
            f"{what} est un booléen ({str(value).lower()}), pas un nombre", "écrire un nombre"
        )
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        if abs(value) >= 10**MAX_INTEGER_DIGITS:
            raise NumberError(
                f"{what} {shown(value)} est hors de portée", "vérifier le nombre de zéros"
            )
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(
                f"{what} {shown(value)} n'est pas un nombre fini", "écrire un nombre ordinaire"
            )
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise NumberError(
            f"{what} devrait être un nombre, pas {shown(value)}", "écrire un nombre simple"
        )
    return _read_text(value, what)


def _read_text(value: str, what: str) -> Decimal:
    text = value.strip(" \t")
    if not text:
        raise NumberError(f"{what} est vide", "écrire un nombre : une case vide ne vaut pas 0")
    if len(text) > MAX_INTEGER_DIGITS + MAX_DECIMALS + 2:
        raise NumberError(
            f"{what} {shown(value)} : texte trop long pour un nombre", "écrire un nombre simple"
        )
    odd = next((c for c in text if c.isdigit() and c not in "0123456789"), None)
    if odd is not None:
        raise NumberError(
            f"{what} {shown(value)} contient un chiffre non ASCII « {odd} » "
            f"(U+{ord(odd):04X}, {_digit_kind(odd)})",
            "retaper le nombre avec les chiffres 0 à 9",
        )
    match = _PLAIN.fullmatch(text)
    if match is None:
        raise NumberError(f"{what} {shown(value)} n'est pas un nombre simple", _hint(text))
    sign, whole, separator, decimals = match.groups()
    if len(whole) > 1 and whole.startswith("0"):
        raise NumberError(
            f"{what} {shown(value)} commence par un zéro : certains outils lisent {text} en "
            f"octal ({_octal(whole)})",
            f"écrire {sign}{whole.lstrip('0') or '0'}{separator or ''}{decimals or ''} sans le "
            "zéro, ou mettre la valeur entre guillemets si c'est un texte",
        )
    if separator == "," and len(decimals) == 3:
        raise NumberError(
            f"{what} {shown(value)} : virgule ambiguë, sépare-t-elle les milliers "
            f"({whole}{decimals}) ou les décimales ({whole}.{decimals}) ?",
            f"écrire {sign}{whole}{decimals} ou {sign}{whole}.{decimals}",
        )
    try:
        return Decimal(f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}")
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        raise NumberError(f"{what} {shown(value)} n'est pas un nombre", _hint(text)) from None


#: The French names of the digits that are not ASCII, by the first word of their Unicode name.
_DIGIT_KINDS = {
    "FULLWIDTH": "chiffre pleine chasse, d'une saisie asiatique",
    "MATHEMATICAL": "chiffre mathématique",
    "ARABIC-INDIC": "chiffre arabe oriental",
    "EXTENDED": "chiffre arabe oriental",
    "SUPERSCRIPT": "chiffre en exposant",
    "SUBSCRIPT": "chiffre en indice",
    "CIRCLED": "chiffre cerclé",
}


def _digit_kind(char: str) -> str:
    """What kind of digit ``char`` is, in French (« chiffre pleine chasse… »)."""
    first = unicodedata.name(char, "").split(" ")[0]
    return _DIGIT_KINDS.get(first, "chiffre d'une autre écriture")


def _octal(whole: str) -> str:
    try:
        return str(int(whole, 8))
    except ValueError:
        return "un autre nombre"


def _hint(text: str) -> str:
    lowered = text.lower()
    if "_" in text:
        return "retirer les soulignés : écrire 1000, pas 1_000"
    if re.fullmatch(r"[+-]?[0-9.,]+e[+-]?[0-9]+", lowered):
        return "écrire le nombre en entier (1000 plutôt que 1e3) : pas de notation scientifique"
    if lowered.lstrip("+-") in ("inf", "infinity", "nan", ".inf", ".nan"):
        return "écrire un nombre fini"
    if lowered.startswith(("0x", "-0x", "0o", "0b")) or ":" in text:
        return "écrire le nombre en décimal (31, pas 0x1F ; 90, pas 1:30)"
    if any(c in text for c in " \u00a0\u202f'"):
        return "retirer les espaces et séparateurs de milliers : écrire 41250.50"
    if "," in text and "." in text:
        return "un seul séparateur décimal : écrire 41250.50"
    if text.count(",") > 1 or text.count(".") > 1:
        return "un seul séparateur décimal, sans séparateur de milliers"
    if any(c in text for c in "€$%£"):
        return "retirer le symbole (€, %) : écrire le nombre seul"
    return "écrire un nombre simple, avec un point ou une virgule décimale (4.5 ou 4,5)"


def _bounds(
    number: Decimal,
    what: str,
    gt: Decimal | int | None,
    ge: Decimal | int | None,
    le: Decimal | int | None,
) -> None:
    if gt is not None and not number > gt:
        raise NumberError(
            f"{what} vaut {_plain(number)} : un nombre strictement supérieur à {gt} est attendu",
            "corriger la valeur (un montant nul ou négatif n'est pas une offre de prix)"
            if gt == 0
            else f"donner une valeur supérieure à {gt}",
        )
    if ge is not None and not number >= ge:
        raise NumberError(
            f"{what} vaut {_plain(number)} : le minimum est {ge}",
            f"donner une valeur d'au moins {ge}",
        )
    if le is not None and not number <= le:
        raise NumberError(
            f"{what} vaut {_plain(number)} : le maximum est {le}",
            f"donner une valeur d'au plus {le}",
        )


def _plain(number: Decimal) -> str:
    return format(number, "f")


def reads(
    what: str = "la valeur",
    *,
    gt: Decimal | int | None = None,
    ge: Decimal | int | None = None,
    le: Decimal | int | None = None,
    integer: bool = False,
) -> Any:
    """The pydantic validator that reads a field with :func:`parse_number` and these bounds.

    Put it in the field's ``Annotated`` type, after a ``Field`` stating the same
    bounds for the JSON Schema:

    >>> from decimal import Decimal
    >>> from typing import Annotated
    >>> from pydantic import BaseModel, Field
    >>> class Item(BaseModel):
    ...     price: Annotated[Decimal, Field(gt=0), reads("le prix", gt=0)]
    >>> Item(price="14,10").price
    Decimal('14.10')
    """

    def check(value: object) -> Any:
        if value is None:
            return None
        parsed = parse_number(value, what=what, gt=gt, ge=ge, le=le, integer=integer)
        return int(parsed) if integer else parsed

    return BeforeValidator(check)


#: A mark on a scale, a level value (the scale says which values are allowed).
MarkValue = Annotated[Decimal, reads("la note")]
#: A declared figure or a bound of a numeric criterion (any sign).
Figure = Annotated[Decimal, reads("la valeur")]
#: A weight in points out of 100.
Weight = Annotated[Decimal, Field(gt=0, le=100), reads("la pondération", gt=0, le=100)]
#: A number of points or an amount that cannot be negative.
NonNegative = Annotated[Decimal, Field(ge=0), reads("la valeur", ge=0)]
#: The total price of an offer: strictly positive.
Price = Annotated[Decimal, Field(gt=0), reads("le prix", gt=0)]
