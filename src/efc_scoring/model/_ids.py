"""One pattern for every identifier that can reach a file name.

Lots, offers, evaluators, questions, criteria, plans, indicators and reviews are
named by identifiers that the library puts into file names (``plan-L1.yaml``,
``grille-E1.xlsx``, ``bilan-R2.md``) and sheet titles. Every such identifier,
and every field that refers to one, is an :data:`Id`: 1 to :data:`MAX_ID_LENGTH`
characters among ASCII letters, digits, ``_``, ``.`` and ``-``, starting with a
letter or a digit and not ending with ``.`` or ``-``. So an identifier is never
a path (no ``/``, ``\\``, ``..`` alone), never hidden (no leading ``.``), never
read as a command-line option (no leading ``-``), and fits in any file name.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from efc_scoring.errors import ErrorCode, ModelRuleError

__all__ = ["ID_PATTERN", "MAX_ID_LENGTH", "Id", "check_id"]

#: The longest identifier (file names stay far below the 255-byte limit).
MAX_ID_LENGTH = 64
#: The pattern of an identifier (also given to the JSON Schema).
ID_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?$"
_ID = re.compile(ID_PATTERN)
_ALLOWED = re.compile(r"[A-Za-z0-9_.\-]")


def check_id(value: Any) -> Any:
    """Return ``value`` when it is a valid identifier; raise a French rule error saying why not.

    Examples
    --------
    >>> check_id("tech.efficacite")
    'tech.efficacite'
    >>> check_id("x/../../tender/offers")
    Traceback (most recent call last):
    ...
    efc_scoring.errors.ModelRuleError: identifiant « x/../../tender/offers » : ...
    """
    if not isinstance(value, str):
        return value  # pydantic says « un texte est attendu »
    fix = (
        f"n'utiliser que des lettres sans accent, des chiffres, « _ », « . » et « - » "
        f"({MAX_ID_LENGTH} caractères au plus), en commençant par une lettre ou un chiffre"
    )
    head = value[:MAX_ID_LENGTH] + ("…" if len(value) > MAX_ID_LENGTH else "")
    shown = "".join(c if c.isprintable() else "�" for c in head)
    if not value:
        raise _id_error("identifiant vide", fix)
    if len(value) > MAX_ID_LENGTH:
        raise _id_error(
            f"identifiant « {shown} » trop long ({len(value)} caractères, "
            f"{MAX_ID_LENGTH} au plus) : il sert à nommer des fichiers",
            fix,
        )
    if _ID.match(value):
        return value
    bad = next((i for i, c in enumerate(value) if not _ALLOWED.fullmatch(c)), None)
    if bad is not None:
        char = value[bad] if value[bad].isprintable() else f"U+{ord(value[bad]):04X}"
        reason = f"le caractère « {char} » (position {bad + 1}) n'est pas permis"
    elif value[0] in "._-":
        reason = f"il commence par « {value[0]} »"
    else:
        reason = f"il finit par « {value[-1]} »"
    raise _id_error(f"identifiant « {shown} » : {reason}", fix)


def _id_error(message: str, fix: str) -> ModelRuleError:
    return ModelRuleError([("", message, fix)], code=ErrorCode.ID)


#: An identifier, or a reference to one (see the module's docstring).
Id = Annotated[
    str,
    Field(min_length=1, max_length=MAX_ID_LENGTH, pattern=ID_PATTERN),
    BeforeValidator(check_id),
]
