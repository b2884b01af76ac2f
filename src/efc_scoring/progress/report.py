"""Review minutes and the final assessment of a progress plan, in French (Markdown, HTML).

The minutes of a review (compte rendu de bilan) list the participants, where
each indicator stands against its trajectory, the actions decided, what the
users said, the price revisions of the period, the supplier's cooperation and,
when the financial terms change, the need for an amendment. The final
assessment (bilan final) shows what was achieved against the baseline, the
price revisions applied and the cooperation score over time.
"""

from __future__ import annotations

from pathlib import Path

from efc_scoring import present
from efc_scoring.io._atomic import write_text_atomic
from efc_scoring.io._paths import output_path
from efc_scoring.progress._document import Block, to_html, to_markdown
from efc_scoring.progress.cooperation import cooperation_scores
from efc_scoring.progress.plan import (
    ProgressError,
    ProgressPlan,
    QuantitativeIndicator,
)
from efc_scoring.progress.revision import price_revisions
from efc_scoring.progress.status import plan_status

__all__ = ["final_assessment", "review_minutes", "write_final_assessment", "write_review_minutes"]


def _value(plan: ProgressPlan, indicator: str, value: object) -> str:
    ind = plan.indicators[indicator]
    if value is None:
        return "—"
    if isinstance(ind, QuantitativeIndicator):
        return f"{present.number(value, up_to=None)} {ind.unit}"  # type: ignore[arg-type]
    return str(value)


def _target(ind: object) -> str:
    if isinstance(ind, QuantitativeIndicator):
        base = (
            "à mesurer" if ind.baseline is None else f"{present.number(ind.baseline, up_to=None)}"
        )
        return f"{base} → {present.number(ind.target, up_to=None)} {ind.unit}"
    return f"« {ind.goal} »"  # type: ignore[attr-defined]


def review_blocks(plan: ProgressPlan, review_id: str) -> list[Block]:
    """The minutes of one review as document blocks."""
    status = plan_status(plan, at=review_id)
    review = next(r for r in plan.reviews if r.id == review_id)
    number = [r.id for r in plan.reviews].index(review_id) + 1
    blocks: list[Block] = [
        (
            "h1",
            f"Compte rendu du bilan semestriel n° {number} ({review.id}) — "
            f"{present.long_date(review.date)}",
        ),
        (
            "p",
            f"{plan.title or 'Plan de progrès'} — marché {plan.tender}, lot {plan.lot}, titulaire "
            f"{plan.supplier}. Bilan élaboré conjointement par l'acheteur et le titulaire.",
        ),
        ("h2", "Participants"),
        ("ul", list(review.participants)),
        (
            "p",
            "Le titulaire était représenté."
            if review.supplier_present
            else "Le titulaire n'était pas représenté.",
        ),
        ("h2", "Avancement des indicateurs"),
        ("p", f"Avancement global du plan : {present.percent(status.progress)}."),
        (
            "table",
            [
                "Axe",
                "Indicateur",
                "Référence → cible",
                "Échéance",
                "Valeur constatée",
                "Attendu à date",
                "Avancement",
                "Statut",
            ],
            [
                [
                    plan.axis_of(s.indicator).title,
                    plan.indicators[s.indicator].label,
                    _target(plan.indicators[s.indicator]),
                    present.long_date(d)
                    if (d := plan.indicators[s.indicator].deadline)
                    else "fin du marché",
                    _value(plan, s.indicator, s.value),
                    "—"
                    if s.expected is None
                    else (
                        s.expected if isinstance(s.expected, str) else present.number(s.expected, 1)
                    ),
                    present.percent(s.progress),
                    s.label_fr,
                ]
                for s in status.states
            ],
        ),
    ]
    notes = [f"{o.indicator} : {o.note}" for o in review.observations if o.note]
    notes += [f"{m.indicator} : {m.note}" for m in review.milestones if m.note]
    if notes:
        blocks += [("h3", "Observations"), ("ul", notes)]
    blocks += [
        ("h2", "Actions décidées"),
        (
            "table",
            ["Action", "Description", "Proposée par", "Porteur", "Échéance", "État"],
            [
                [
                    a.id,
                    a.description,
                    a.proposed_by.label,
                    a.owner.label,
                    present.long_date(a.due) if a.due else "prochain bilan",
                    a.status.label,
                ]
                for a in review.actions
            ],
        ),
    ]
    if review.completed:
        blocks.append(
            ("p", "Actions des bilans précédents réalisées : " + ", ".join(review.completed) + ".")
        )
    blocks += [
        ("h2", "Retours des usagers"),
        (
            "ul",
            [
                f"{f.who} : satisfaction {f.satisfaction}/5"
                + (f" — « {f.comment} »" if f.comment else "")
                for f in review.feedback
            ],
        ),
    ]
    if review.work_observations:
        blocks += [
            ("h3", "Observation du travail réel"),
            (
                "ul",
                [
                    f"{present.long_date(w.date)}, {w.site}"
                    + (" (avec le titulaire)" if w.supplier_present else "")
                    + (f" : {w.note}" if w.note else "")
                    for w in review.work_observations
                ],
            ),
        ]
    lines = [ln for ln in price_revisions(plan).lines if ln.review == review_id and ln.triggered]
    blocks.append(("h2", "Révision du prix"))
    if lines:
        for ln in lines:
            clause = next(c for c in plan.clauses if c.id == ln.clause)
            blocks += [
                ("h3", f"Clause {clause.id} — {clause.label}"),
                ("p", f"« {clause.text} »"),
                ("ul", list(ln.steps)),
            ]
    else:
        blocks.append(("p", "Aucune clause de révision ne s'applique sur la période."))
    coop = cooperation_scores(plan).scores[number - 1]
    blocks += [("h2", "Coopération du titulaire"), ("p", coop.justification)]
    blocks.append(("h2", "Conditions financières"))
    blocks.append(
        (
            "p",
            status.amendment_reason
            if status.amendment_needed
            else "Le bilan ne modifie pas les conditions financières du marché : pas d'avenant.",
        )
    )
    if review.summary:
        blocks += [("h2", "Synthèse"), ("p", review.summary)]
    return blocks


def review_minutes(plan: ProgressPlan, review_id: str, fmt: str = "md") -> str:
    """The minutes of one review, as Markdown (``fmt="md"``) or HTML (``"html"``).

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan, load_review
    >>> from efc_scoring.progress.status import record_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = record_review(load_plan(folder / "plan.yaml"), load_review(folder / "review-1.yaml"))
    >>> review_minutes(plan, "R1").splitlines()[0]
    '# Compte rendu du bilan semestriel n° 1 (R1) — 1er mars 2028'
    """
    blocks = review_blocks(plan, review_id)
    return to_html(blocks, str(blocks[0][1])) if fmt == "html" else to_markdown(blocks)


def final_blocks(plan: ProgressPlan) -> list[Block]:
    """The final assessment as document blocks."""
    if not plan.reviews:
        raise ProgressError(
            f"le plan {plan.id!r} n'a encore aucun bilan : rien à évaluer pour l'instant"
        )
    last = plan.reviews[-1]
    status = plan_status(plan)
    final = last.date >= plan.end
    revisions = price_revisions(plan)
    coop = cooperation_scores(plan)
    blocks: list[Block] = [
        (
            "h1",
            ("Bilan final" if final else "Bilan d'étape") + f" du plan de progrès — lot {plan.lot}",
        ),
        (
            "p",
            f"{plan.title or 'Plan de progrès'} — marché {plan.tender}, titulaire {plan.supplier}, "
            f"du {present.long_date(plan.start)} au {present.long_date(plan.end)} ({plan.months} "
            "mois). "
            f"{present.count(len(plan.reviews), 'bilan semestriel', 'bilans semestriels')}, "
            f"le dernier le {present.long_date(last.date)}.",
        ),
        ("h2", "Comité de suivi"),
        (
            "ul",
            [
                f"{m.name} ({m.role.label}{', ' + m.organisation if m.organisation else ''})"
                for m in plan.committee
            ],
        ),
        ("h2", "Résultats obtenus par rapport à la situation de départ"),
        ("p", f"Avancement global du plan : {present.percent(status.progress)}."),
        (
            "table",
            ["Axe", "Indicateur", "Porteur", "Obligation", "Départ", "Cible", "Obtenu", "Statut"],
            [
                [
                    plan.axis_of(s.indicator).title,
                    (ind := plan.indicators[s.indicator]).label,
                    ind.responsible.label,
                    ind.obligation.label,
                    (
                        (
                            "à mesurer"
                            if ind.baseline is None
                            else f"{present.number(ind.baseline, up_to=None)} {ind.unit}"
                        )
                        if isinstance(ind, QuantitativeIndicator)
                        else ind.scale[0]
                    ),
                    (
                        f"{present.number(ind.target, up_to=None)} {ind.unit}"
                        if isinstance(ind, QuantitativeIndicator)
                        else ind.goal
                    ),
                    _value(plan, s.indicator, s.value),
                    s.label_fr,
                ]
                for s in status.states
            ],
        ),
        ("h2", "Évolution par bilan"),
        (
            "table",
            ["Indicateur", *[r.id for r in plan.reviews]],
            [
                [
                    ind_id,
                    *[plan_status(plan, at=r.id).indicator(ind_id).label_fr for r in plan.reviews],
                ]
                for ind_id in plan.indicators
            ],
        ),
        ("h2", "Révisions de prix appliquées"),
    ]
    applied = [ln for ln in revisions.lines if ln.triggered]
    blocks.append(
        (
            "table",
            ["Bilan", "Clause", "Nature", "Montant"],
            [
                [
                    ln.review,
                    ln.clause,
                    ln.kind.value,
                    present.money(ln.signed_amount, plan.currency),
                ]
                for ln in applied
            ],
        )
        if applied
        else ("p", "Aucune révision de prix n'a été appliquée.")
    )
    blocks.append(
        (
            "p",
            "Solde des révisions sur la période : "
            f"{present.money(revisions.total, plan.currency)}.",
        )
    )
    blocks += [
        ("h2", "Coopération du titulaire au fil des bilans"),
        (
            "table",
            ["Bilan", "Date", "Note /5", "Justification"],
            [
                [c.review, present.long_date(c.date), present.number(c.score, 1), c.justification]
                for c in coop.scores
            ],
        ),
    ]
    amendments = [
        plan_status(plan, at=r.id).amendment_reason for r in plan.reviews if r.financial_change
    ]
    blocks += [
        ("h2", "Avenants"),
        ("ul", amendments)
        if amendments
        else ("p", "Aucun bilan n'a modifié les conditions financières."),
    ]
    if plan.candidates:
        blocks += [
            ("h2", "Pistes restées à discuter"),
            ("ul", [f"{c.axis} : « {c.source.text} »" for c in plan.candidates]),
        ]
    return blocks


def final_assessment(plan: ProgressPlan, fmt: str = "md") -> str:
    """The final assessment of the plan (Markdown or HTML).

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan, load_review
    >>> from efc_scoring.progress.status import record_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = load_plan(folder / "plan.yaml")
    >>> for name in ("review-1.yaml", "review-2.yaml", "review-3.yaml"):
    ...     plan = record_review(plan, load_review(folder / name))
    >>> final_assessment(plan).splitlines()[0]
    '# Bilan final du plan de progrès — lot L1'
    """
    blocks = final_blocks(plan)
    return to_html(blocks, str(blocks[0][1])) if fmt == "html" else to_markdown(blocks)


def write_review_minutes(plan: ProgressPlan, folder: str | Path) -> list[Path]:
    """Write the minutes of every review (``bilan-R1.md`` and ``.html``...) atomically."""
    out = []
    for review in plan.reviews:
        for fmt in ("md", "html"):
            out.append(
                write_text_atomic(
                    output_path(folder, f"bilan-{review.id}.{fmt}"),
                    review_minutes(plan, review.id, fmt),
                )
            )
    return out


def assessment_stem(plan: ProgressPlan) -> str:
    """File name (without suffix) of the plan's assessment: ``bilan-final`` once the last review
    reaches the end of the contract, else ``bilan-etape-<last review>`` (an interim report).

    Examples
    --------
    >>> from efc_scoring import load_plan, sample_path
    >>> from efc_scoring import record_review
    >>> from efc_scoring.progress.io import load_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = record_review(load_plan(folder / "plan.yaml"), load_review(folder / "review-1.yaml"))
    >>> assessment_stem(plan)
    'bilan-etape-R1'
    """
    if not plan.reviews:
        raise ProgressError(f"le plan {plan.id} n'a encore aucun bilan semestriel : rien à évaluer")
    last = plan.reviews[-1]
    return "bilan-final" if last.date >= plan.end else f"bilan-etape-{last.id}"


def write_final_assessment(plan: ProgressPlan, folder: str | Path) -> list[Path]:
    """Write the assessment as Markdown and HTML, atomically: ``bilan-final.md`` and ``.html``
    once the contract has run its course, ``bilan-etape-<last review>.*`` before."""
    stem = assessment_stem(plan)
    return [
        write_text_atomic(output_path(folder, f"{stem}.{fmt}"), final_assessment(plan, fmt))
        for fmt in ("md", "html")
    ]
