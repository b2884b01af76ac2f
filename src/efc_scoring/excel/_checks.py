"""What an evaluator typed in an input cell: a level of the scale, or a named mistake.

Nothing is coerced: ``4,5`` is not read as 4.5, a blank is not 0, a date made
by typing ``4/5`` is not read as anything. Each mistake has its own code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from efc_scoring.model.scale import Scale

_NC = {
    "NC",
    "N.C.",
    "N.C",
    "N/C",
    "NON COTE",
    "NON COTÉ",
    "NON NOTE",
    "NON NOTÉ",
    "SO",
    "S.O.",
    "S/O",
    "SANS OBJET",
    "NA",
    "N/A",
    "ND",
    "N.D.",
}
_DASHES = re.compile(r"[-‐‑‒–—―−]+")
_COMMA = re.compile(r"[+-]?\d+,\d+")
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?")


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    fix: str


@dataclass(frozen=True)
class Levels:
    """The values of a scale, looked up many times: built once per scale."""

    values: frozenset[Decimal]
    text: str  # « 0, 1, 2, 3, 4, 5 »
    integral: bool

    @classmethod
    def of(cls, scale: Scale) -> Levels:
        values = scale.values
        return cls(
            frozenset(values),
            ", ".join(format(v.normalize(), "f") for v in values),
            all(v == v.to_integral() for v in values),
        )


def read_level(cell: Any, scale: Scale | Levels) -> Decimal | Finding:
    """The level in an input cell, or the mistake found there."""
    levels = scale if isinstance(scale, Levels) else Levels.of(scale)
    value = cell.value
    if (
        cell.data_type not in ("f", "e")
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):  # the usual case first: a number of the scale
        level = Decimal(int(value)) if float(value).is_integer() else Decimal(repr(value))
        if level in levels.values:
            return level
    allowed = levels.text
    pick = f"choisir un niveau dans la liste ({allowed})"
    shown = repr(value) if not isinstance(value, str) else f"« {value} »"
    if cell.data_type == "f" or (isinstance(value, str) and value.lstrip().startswith("=")):
        return Finding(
            "formula",
            f"formule saisie au lieu d'un niveau : {shown}",
            pick + " ; la grille ne lit que des valeurs tapées",
        )
    if cell.data_type == "e":
        return Finding("error_value", f"valeur d'erreur {shown} au lieu d'un niveau", pick)
    if value is None or (isinstance(value, str) and not value.strip()):
        return Finding(
            "blank",
            "niveau non renseigné (une case vide n'est jamais lue comme 0)",
            pick + ", ou signaler à l'acheteur pourquoi l'offre n'est pas notée",
        )
    if isinstance(value, datetime | date | time):
        return Finding(
            "date",
            f"le niveau est devenu une date ({value}) : une saisie comme "
            "« 4/5 » est convertie en date par le tableur",
            pick + " ; un niveau est un nombre seul",
        )
    if isinstance(value, bool):
        return Finding("not_a_number", f"valeur logique {shown} au lieu d'un niveau", pick)
    if isinstance(value, int | float):
        level = Decimal(int(value)) if float(value).is_integer() else Decimal(repr(value))
        if level not in levels.values:
            return Finding("off_scale", f"niveau {value} hors de l'échelle ({allowed})", pick)
        return level
    text = str(value).strip()
    if text.upper() in _NC:
        return Finding(
            "nc",
            f"{shown} n'est pas un niveau : « non coté » n'est pas une note",
            pick + " ; si l'offre ne peut pas être notée, laisser vide et le signaler à l'acheteur",
        )
    if _DASHES.fullmatch(text):
        return Finding(
            "dash",
            f"{shown} n'est pas un niveau",
            pick + " ; pour « non noté », laisser la case vide",
        )
    if any(unicodedata.category(ch) == "Nd" and not ch.isascii() for ch in text):
        return Finding(
            "fullwidth_digits",
            f"{shown} est écrit avec des chiffres non latins (pleine chasse ?), lu comme du texte",
            pick + " ; retaper le chiffre",
        )
    if _COMMA.fullmatch(text):
        return Finding(
            "decimal_comma",
            f"{shown} est du texte avec une virgule décimale",
            pick + " ; l'échelle n'a que des niveaux entiers" if levels.integral else pick,
        )
    if _PLAIN.fullmatch(text):
        return Finding(
            "number_as_text",
            f"{shown} est un nombre enregistré comme texte",
            pick + " ; retaper le nombre dans une cellule au format Standard",
        )
    return Finding("not_a_number", f"{shown} n'est pas un niveau", pick)


def read_justification(cell: Any) -> str | Finding | None:
    """The justification text; None when blank; a Finding when it is not text."""
    value = cell.value
    if cell.data_type == "f":
        return Finding(
            "formula",
            f"formule dans la justification : « {value} »",
            "écrire la justification en texte",
        )
    if cell.data_type == "e":
        return Finding(
            "error_value",
            f"valeur d'erreur « {value} » dans la justification",
            "écrire la justification en texte",
        )
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        return Finding(
            "justification_not_text",
            f"la justification est une valeur ({value!r}), pas un texte",
            "écrire en quelques mots pourquoi l'offre mérite ce niveau",
        )
    return value
