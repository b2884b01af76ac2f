"""French wording of the report: why a buyer picks each price formula."""

from __future__ import annotations

__all__ = ["FORMULA_WHY"]

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
