"""The rule that says whether a review can follow the recorded ones (one place, two users)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring import present
from efc_scoring.progress.indicators import QualitativeIndicator, QuantitativeIndicator
from efc_scoring.progress.records import Review

if TYPE_CHECKING:
    from efc_scoring.progress.plan import ProgressPlan

__all__ = ["review_problems"]


def review_problems(
    plan: ProgressPlan, review: Review, before: tuple[Review, ...]
) -> list[tuple[str, str, str]]:
    """Why ``review`` cannot follow the reviews ``before`` in ``plan`` (empty when it can)."""
    problems: list[tuple[str, str, str]] = []
    indicators = plan.indicators
    if any(r.id == review.id for r in before):
        problems.append(
            ("id", f"le bilan {review.id} est déjà enregistré", "lui donner un nouvel identifiant")
        )
    last = before[-1].date if before else plan.start
    if review.date <= last:
        problems.append(
            (
                "date",
                f"la date du bilan, {present.long_date(review.date)}, n'est pas postérieure "
                + (
                    f"au bilan précédent ({present.long_date(last)})"
                    if before
                    else f"au début du plan ({present.long_date(last)})"
                ),
                "enregistrer les bilans dans l'ordre de leurs dates",
            )
        )
    for i, obs in enumerate(review.observations):
        ind = indicators.get(obs.indicator)
        if not isinstance(ind, QuantitativeIndicator):
            what = (
                "indicateur inconnu"
                if ind is None
                else "indicateur qualitatif (donner une étape, pas une valeur)"
            )
            problems.append(
                (
                    f"observations[{i}].indicator",
                    f"{what} : {obs.indicator}",
                    f"choisir parmi {', '.join(_ids(indicators, 'quantitative'))}",
                )
            )
    for i, state in enumerate(review.milestones):
        ind = indicators.get(state.indicator)
        if not isinstance(ind, QualitativeIndicator):
            what = (
                "indicateur inconnu"
                if ind is None
                else "indicateur quantitatif (donner une valeur, pas une étape)"
            )
            problems.append(
                (
                    f"milestones[{i}].indicator",
                    f"{what} : {state.indicator}",
                    f"choisir parmi {', '.join(_ids(indicators, 'qualitative'))}",
                )
            )
        elif state.state not in ind.scale:
            problems.append(
                (
                    f"milestones[{i}].state",
                    f"« {state.state} » n'est pas une étape de l'indicateur {ind.id}",
                    f"choisir parmi {', '.join(ind.scale)}",
                )
            )
    earlier = {a.id for r in before for a in r.actions}
    for i, aid in enumerate(review.completed):
        if aid not in earlier:
            problems.append(
                (
                    f"completed[{i}]",
                    f"action inconnue : {aid} (actions décidées : "
                    f"{', '.join(sorted(earlier)) or 'aucune'})",
                    "citer une action décidée lors d'un bilan précédent",
                )
            )
    clash = earlier & {a.id for a in review.actions}
    for i, action in enumerate(review.actions):
        if action.id in clash:
            problems.append(
                (
                    f"actions[{i}].id",
                    f"l'identifiant d'action {action.id} sert déjà à un bilan précédent",
                    "donner à la nouvelle action son propre identifiant",
                )
            )
    return problems


def _ids(
    indicators: dict[str, QuantitativeIndicator | QualitativeIndicator], kind: str
) -> list[str]:
    return sorted(k for k, v in indicators.items() if v.kind == kind)
