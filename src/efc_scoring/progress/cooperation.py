"""The supplier's cooperation in the plan, scored per review period on 0-5.

The workshop asked how to evaluate a supplier's participation in the plan:
« s'engager sur la participation à des réunions de suivi, interroger la
satisfaction des usagers, créer des observations du travail réel ». The score
of a period is 5 × the mean of the components that can be assessed:

========================  ==================================================
presence                  1 if the supplier attended the review, else 0
proposals                 actions proposed by the supplier (alone or jointly)
                          at the review: 1 for two or more, 0.5 for one, 0
completion                share of the supplier's actions due by the review
                          (or decided at the previous one without a due date)
                          that are done; not assessed when none is due
satisfaction              users' mean satisfaction s (1-5) as (s − 1) / 4;
                          not assessed without feedback
real work                 observation of real work during the period: 1 with
                          the supplier, 0.5 without it, 0 when none was held
========================  ==================================================

The score is rounded half up to one decimal and comes with a French
justification that names each component.

References
----------
Atelier national « Commande publique & EFC », 2 septembre 2021, « Comment
évaluer la participation des entreprises au plan de progrès ? ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring import present
from efc_scoring.present import LabelledEnum
from efc_scoring.progress.records import Party, Review

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.progress.plan import ProgressPlan

__all__ = ["CooperationComponent", "CooperationScore", "CooperationScores", "cooperation_scores"]

_SUPPLIER_SIDE = {Party.SUPPLIER, Party.BOTH}


class CooperationComponent(LabelledEnum):
    """What the cooperation score of a review is made of."""

    PRESENCE = "presence", "présence au bilan"
    PROPOSALS = "proposals", "actions proposées"
    COMPLETION = "completion", "actions réalisées"
    SATISFACTION = "satisfaction", "satisfaction des usagers"
    REAL_WORK = "real_work", "observation du travail réel"


@dataclass(frozen=True)
class CooperationScore:
    """The supplier's cooperation over one review period."""

    review: str
    date: date
    score: Decimal
    components: dict[str, Fraction | None]
    justification: str


@dataclass(frozen=True)
class CooperationScores:
    """Cooperation scores of a plan, review after review."""

    plan_id: str
    scores: tuple[CooperationScore, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per review: score, components (NaN when not assessed), justification."""
        import pandas as pd

        rows = []
        for s in self.scores:
            row: dict[str, object] = {"review": s.review, "date": s.date, "score": float(s.score)}
            row.update({k: (None if v is None else float(v)) for k, v in s.components.items()})
            row["justification"] = s.justification
            rows.append(row)
        return pd.DataFrame(
            rows,
            columns=[
                "review",
                "date",
                "score",
                *(c.value for c in CooperationComponent),
                "justification",
            ],
        )

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)


def _components(
    review: Review, before: tuple[Review, ...]
) -> tuple[dict[str, Fraction | None], list[str]]:
    parts: list[str] = []
    comp: dict[str, Fraction | None] = {}
    comp["presence"] = Fraction(1 if review.supplier_present else 0)
    parts.append(
        "le titulaire était présent au bilan"
        if review.supplier_present
        else "le titulaire était absent du bilan"
    )
    proposed = [a for a in review.actions if a.proposed_by in _SUPPLIER_SIDE]
    comp["proposals"] = Fraction(1) if len(proposed) >= 2 else Fraction(len(proposed), 2)
    parts.append(
        f"il a proposé {present.count(len(proposed), 'action')}"
        if proposed
        else "il n'a proposé aucune action"
    )
    done = {aid for r in (*before, review) for aid in r.completed}
    previous = before[-1] if before else None
    due = [
        a
        for r in before
        for a in r.actions
        if a.owner in _SUPPLIER_SIDE
        and ((a.due is not None and a.due <= review.date) or (a.due is None and r is previous))
    ]
    if due:
        finished = [a for a in due if a.id in done]
        comp["completion"] = Fraction(len(finished), len(due))
        parts.append(
            f"{len(finished)} de ses {present.count(len(due), 'action échue', 'actions échues')} "
            + ("est réalisée" if len(finished) < 2 else "sont réalisées")
            + (
                f" (en attente : {', '.join(a.id for a in due if a.id not in done)})"
                if len(finished) < len(due)
                else ""
            )
        )
    else:
        comp["completion"] = None
        parts.append("aucune de ses actions n'était échue (composante non évaluée)")
    if review.feedback:
        mean = Fraction(sum(f.satisfaction for f in review.feedback), len(review.feedback))
        comp["satisfaction"] = (mean - 1) / 4
        parts.append(
            f"les usagers donnent une satisfaction moyenne de {present.number(mean, 1)}/5 "
            f"({len(review.feedback)} avis)"
        )
    else:
        comp["satisfaction"] = None
        parts.append("aucun avis d'usager n'a été recueilli (composante non évaluée)")
    with_supplier = [w for w in review.work_observations if w.supplier_present]
    if with_supplier:
        comp["real_work"] = Fraction(1)
        parts.append(
            f"{present.count(len(with_supplier), 'observation')} du travail réel avec le titulaire "
            f"({', '.join(w.site for w in with_supplier)})"
        )
    elif review.work_observations:
        comp["real_work"] = Fraction(1, 2)
        parts.append("observation du travail réel tenue sans le titulaire")
    else:
        comp["real_work"] = Fraction(0)
        parts.append("aucune observation du travail réel sur la période")
    return comp, parts


def cooperation_scores(plan: ProgressPlan) -> CooperationScores:
    """Score the supplier's cooperation for each recorded review (0-5).

    Examples
    --------
    Worked by hand on the sample's first review: present (1), two actions
    proposed (1), none due yet (not assessed), users' satisfaction 4 and 3 so
    (3.5 − 1)/4 = 0.625, one observation in a kitchen with the supplier (1):
    5 × (1 + 1 + 0.625 + 1)/4 = 4.53, rounded to 4.5.

    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan, load_review
    >>> from efc_scoring.progress.status import record_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = record_review(load_plan(folder / "plan.yaml"), load_review(folder / "review-1.yaml"))
    >>> cooperation_scores(plan).scores[0].score
    Decimal('4.5')
    """
    out = []
    for i, review in enumerate(plan.reviews):
        comp, parts = _components(review, plan.reviews[:i])
        assessed = [v for v in comp.values() if v is not None]
        raw = 5 * sum(assessed, Fraction(0)) / len(assessed)
        score = (Decimal(raw.numerator) / Decimal(raw.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        text = (
            f"Bilan {review.id} du {present.long_date(review.date)} : "
            + " ; ".join(parts)
            + f". Note de coopération : {present.number(score, 1)}/5."
        )
        out.append(CooperationScore(review.id, review.date, score, comp, text))
    return CooperationScores(plan.id, tuple(out))
