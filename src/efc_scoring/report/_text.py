"""French wording shared by the report modules: numbers, money, dates, formula reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from efc_scoring._french import money as money
from efc_scoring._french import points as pts

__all__ = ["FORMULA_WHY", "fr_date", "money", "num", "pts"]

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

#: Why a buyer picks each price formula, and what to watch (see docs/price-formulas.md).
FORMULA_WHY = {
    "proportional": (
        "La formule proportionnelle donne la note maximale à l'offre la moins chère et une note "
        "inversement proportionnelle au prix aux autres : une offre deux fois plus chère obtient "
        "deux fois moins de points. Elle est la plus répandue et la plus simple à expliquer aux "
        "candidats. Elle ne descend jamais à 0 : quand les prix sont proches, les notes de prix "
        "se resserrent et le poids effectif du prix peut devenir inférieur à sa pondération."
    ),
    "linear": (
        "La formule linéaire donne la note maximale à l'offre la moins chère et 0 à la plus "
        "chère, quel que soit l'écart entre elles : elle étire les écarts de prix, si bien qu'un "
        "écart minime peut coûter tous les points du prix. Le poids effectif du prix peut alors "
        "dépasser sa pondération."
    ),
    "relative_gap": (
        "La formule de l'écart relatif retire à chaque offre la part de points égale à son "
        "écart relatif au prix le plus bas (17,5 % plus chère, 17,5 % de points en moins), "
        "jusqu'à 0 au double du prix le plus bas : l'écart de note suit l'écart de prix."
    ),
}


def num(x: Decimal | Fraction | float | int, digits: int = 2) -> str:
    """A number the French way, without useless zeros (``12,5``, ``40``)."""
    if isinstance(x, Decimal) and x == x.to_integral_value():
        return f"{int(x):,}".replace(",", "\u202f")
    if isinstance(x, Fraction) and x.denominator == 1:
        return f"{x.numerator:,}".replace(",", "\u202f")
    text = f"{float(x):,.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def fr_date(day: date) -> str:
    """A date the French way (« 15 mars 2027 », « 1er mars 2027 »)."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {_MONTHS[day.month - 1]} {day.year}"
