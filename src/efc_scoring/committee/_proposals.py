"""The evidence engine's proposed levels for the questions feeding a criterion, if available.

The engine (:mod:`efc_scoring.evidence`) is imported lazily; when it is absent
or cannot run (no language model), the agenda goes on without proposals and
says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from efc_scoring import present
from efc_scoring.model.tender import Tender

__all__ = ["Proposal", "engine_proposals"]

UNAVAILABLE = "moteur de preuves indisponible : pas de niveau proposé"


@dataclass(frozen=True)
class Proposal:
    """The engine's proposed level for one answer, with the evidence it quotes."""

    question: str
    level: Any  # None when the engine proposes no level (« à relire »)
    label: str
    quotes: tuple[str, ...]
    justification: str
    fragile: bool = False

    @property
    def shown(self) -> str:
        """« 3 (Satisfaisant) », « à relire », with the fragile mark when unsure."""
        level = None if self.level is None else present.mark(self.level)
        return present.proposal(level, self.label, fragile=self.fragile)


def _from(question: str, assessment: Any) -> Proposal:
    quotes = tuple(dict.fromkeys(span.text for span in getattr(assessment, "evidence", ())))
    return Proposal(
        question=question,
        level=assessment.level,
        label=str(getattr(assessment, "label", "")),
        quotes=quotes,
        justification=str(getattr(assessment, "justification", "")),
        fragile=bool(getattr(assessment, "fragile", False)),
    )


def engine_proposals(
    tender: Tender,
    keys: list[tuple[str, str]],
    assessments: Any = None,
) -> tuple[dict[tuple[str, str], tuple[Proposal, ...]], str]:
    """Proposals for each ``(offer, criterion)`` of ``keys``, and a note when unavailable.

    ``assessments`` is a result of :func:`efc_scoring.evidence.assess` (looked
    up by ``(offer, question)``); without it the answers feeding the items are
    assessed in one batch with :func:`efc_scoring.evidence.assess_answers`,
    with the tender's own axes and date, as ``assess(tender)`` reads them.
    """
    wanted = [(key, q) for key in keys for q in tender.questions_for(key[1])]
    found: dict[tuple[str, str], list[Proposal]] = {key: [] for key in keys}
    try:
        if assessments is None:
            from efc_scoring.evidence.batch import assess_offer_answers

            results = assess_offer_answers(
                tender,
                [(tender.offer(key[0]), q) for key, q in wanted],
                axes=[q.axis for _, q in wanted],
            )
            for (key, q), assessment in zip(wanted, results, strict=True):
                found[key].append(_from(q.id, assessment))
        else:
            for key, q in wanted:
                try:
                    assessment = assessments[(key[0], q.id)]
                except KeyError:
                    continue
                found[key].append(_from(q.id, assessment))
    except (ImportError, OSError, AttributeError) as exc:  # engine absent or its model missing
        return {}, f"{UNAVAILABLE} ({type(exc).__name__}: {exc})"
    return {key: tuple(props) for key, props in found.items()}, ""
