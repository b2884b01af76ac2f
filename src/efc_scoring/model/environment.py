"""The environmental criterion rule of 2026: which consultations it applies to, how to comply.

From the consultations launched, or the contract notices sent for publication,
on or after **21 August 2026**, a public contract is awarded either on several
criteria of which one at least takes the environmental characteristics of the
offers into account, or on a single criterion of cost, determined by a global
approach (life-cycle cost), that takes them into account; price alone is no
longer a possible single criterion. Defence and security contracts, governed by
their own provisions of the code, are out of scope.

:func:`environmental_rule` says whether the rule applies to a tender, why, and
whether its criteria comply; the tender model refuses a tender that breaks it,
and :func:`efc_scoring.check_method` reports it before publication.

References
----------
Loi n° 2021-1104 du 22 août 2021 « Climat et résilience », art. 35 (code de la
commande publique, art. L. 2152-7); décret n° 2022-767 du 2 mai 2022, art. 2 and
its entry into force (consultations engaged or notices sent for publication from
21 August 2026), code de la commande publique, art. R. 2152-7; defence and
security contracts: art. L. 1113-1 and L. 2300-1 and following.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from efc_scoring import present

if TYPE_CHECKING:
    from efc_scoring.model.tender import Tender

__all__ = ["ENVIRONMENTAL_RULE_FROM", "EnvironmentalRule", "environmental_rule"]

#: Consultations launched (or notices sent for publication) from this day must take the
#: environmental characteristics of the offers into account (décret n° 2022-767).
ENVIRONMENTAL_RULE_FROM = date(2026, 8, 21)

SOURCE = (
    "code de la commande publique, art. L. 2152-7 et R. 2152-7 (loi n° 2021-1104 du 22 août "
    "2021, art. 35 ; décret n° 2022-767 du 2 mai 2022)"
)


@dataclass(frozen=True)
class EnvironmentalRule:
    """Whether the 2026 rule applies to a tender, why, and whether its criteria comply.

    ``applies`` is True, False, or None when it is only presumed (an award date
    from 21 August 2026 and no consultation date); ``why`` says which of the
    conditions decided; ``complies`` whether the criteria satisfy the rule and
    ``how`` by which of the two ways (or why not).
    """

    applies: bool | None
    why: str
    complies: bool
    how: str

    @property
    def broken(self) -> bool:
        """The rule applies (or is presumed to) and the criteria do not comply."""
        return self.applies is not False and not self.complies


def environmental_rule(tender: Tender) -> EnvironmentalRule:
    """The 2026 environmental rule for ``tender``: applies, why, complies, how.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> rule = environmental_rule(load_tender(sample_path("nettoyage")))
    >>> rule.applies, rule.complies
    (None, True)
    >>> print(rule.how)  # doctest: +ELLIPSIS
    critères « Performance environnementale » (environnement), « Réduction des déchets ...
    """
    from efc_scoring.model.criteria import CriterionKind

    since = present.long_date(ENVIRONMENTAL_RULE_FROM)
    applies: bool | None
    if tender.defence_or_security:
        applies = False
        why = (
            "marché de défense ou de sécurité (art. L. 1113-1 du code de la commande publique) : "
            "la règle ne s'applique pas"
        )
    elif tender.consultation_date is not None:
        applies = tender.consultation_date >= ENVIRONMENTAL_RULE_FROM
        launched = present.long_date(tender.consultation_date)
        why = (
            f"consultation lancée (ou avis envoyé à la publication) le {launched}, "
            + ("à partir du " if applies else "avant le ")
            + since
        )
    elif tender.award_date is not None and tender.award_date >= ENVIRONMENTAL_RULE_FROM:
        applies = None
        why = (
            f"attribution prévue le {present.long_date(tender.award_date)} sans date de "
            "lancement de la consultation (`consultation_date`) : la règle est présumée "
            f"s'appliquer, car elle vise les consultations lancées à partir du {since}"
        )
    else:
        applies = False
        why = (
            "ni date de lancement de la consultation ni attribution à partir du "
            f"{since} : la règle n'est pas applicable"
        )
    nodes = [node for node, _ in tender.nodes.values()]
    green = [n for n in nodes if n.kind is CriterionKind.ENVIRONMENT or n.environmental]
    single = tender.leaves[0] if len(tender.leaves) == 1 else None
    if single is not None:
        if single.kind is CriterionKind.COST and single.environmental:
            return EnvironmentalRule(
                applies,
                why,
                True,
                f"critère unique du coût global « {single.label} », qui prend en compte les "
                "caractéristiques environnementales de l'offre",
            )
        return EnvironmentalRule(
            applies,
            why,
            False,
            f"critère unique « {single.label} » ({single.kind.label}) : un critère unique doit "
            "être le coût déterminé selon une approche globale et prendre en compte les "
            "caractéristiques environnementales de l'offre",
        )
    if green:
        shown = present.join(f"« {n.label} » ({n.kind.label})" for n in green[:3])
        return EnvironmentalRule(
            applies, why, True, f"critère{'s' if len(green) > 1 else ''} {shown}"
        )
    return EnvironmentalRule(
        applies,
        why,
        False,
        "aucun critère ne prend en compte les caractéristiques environnementales de l'offre",
    )


def rule_problem(tender: Tender) -> tuple[str, str, str] | None:
    """The model's problem (path, message, fix) when the rule is broken, else None."""
    rule = environmental_rule(tender)
    if not rule.broken:
        return None
    since = present.long_date(ENVIRONMENTAL_RULE_FROM)
    fix = (
        "ajouter un critère `kind: environment` (ou marquer `environmental: true` le critère "
        "qui prend en compte les caractéristiques environnementales), ou noter sur le seul "
        "critère du coût global (`kind: cost`, `environmental: true`)"
    )
    if rule.applies is None:
        fix += (
            f" ; si la consultation a été lancée avant le {since}, l'indiquer avec "
            "`consultation_date`"
        )
    fix += " ; un marché de défense ou de sécurité l'indique avec `defence_or_security: true`"
    return (
        "criteria",
        f"{rule.how} ; or la règle du {since} s'applique ({rule.why}) : l'attribution doit "
        "prendre en compte les caractéristiques environnementales des offres "
        f"({SOURCE})",
        fix,
    )
