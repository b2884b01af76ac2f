"""Assess every answer of every offer of a tender.

``assess(tender)`` reads the tender's questions (``id, text, axis, criterion``),
offers (``id, bidder, lot, answers``) and tender-defined axes (``axes``); a
question an offer did not answer counts as an empty answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from efc_scoring.evidence import highlight as _html
from efc_scoring.evidence.assessment import AnswerAssessment, assess_answers
from efc_scoring.evidence.features import CODES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AssessedAnswer", "Assessments", "assess"]


@dataclass(frozen=True)
class AssessedAnswer:
    """One offer's answer to one question, with the engine's assessment."""

    offer: str
    bidder: str
    lot: str
    question: str
    criterion: str
    assessment: AnswerAssessment


@dataclass(frozen=True)
class Assessments:
    """The assessments of every answer of a tender, by ``(offer_id, question_id)``.

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> tender = S(
    ...     questions=[S(id="Q1", text="Emballages ?", axis="packaging", criterion="env")],
    ...     offers=[
    ...         S(id="O1", bidder="Alpha", lot="L1", answers={"Q1": "Nous reprenons les bidons."}),
    ...         S(id="O2", bidder="Beta", lot="L1", answers={}),
    ...     ],
    ...     axes=[],
    ... )
    >>> result = assess(tender)
    >>> result["O1", "Q1"].level, result["O2", "Q1"].level
    (3, 0)
    >>> result.to_frame()[["offer", "level", "label", "features"]]
      offer  level         label features
    0    O1      3  Satisfaisant    R M F
    1    O2      0    Non traité
    """

    rows: tuple[AssessedAnswer, ...]

    def __iter__(self) -> Iterator[AssessedAnswer]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, key: tuple[str, str]) -> AnswerAssessment:
        offer, question = key
        for row in self.rows:
            if row.offer == offer and row.question == question:
                return row.assessment
        raise KeyError(f"no answer of offer {offer!r} to question {question!r} was assessed")

    def to_frame(self) -> pd.DataFrame:
        """One row per offer and question (tidy format)."""
        import pandas as pd

        records = [
            {
                "offer": r.offer,
                "bidder": r.bidder,
                "lot": r.lot,
                "question": r.question,
                "axis": r.assessment.axis,
                "level": r.assessment.level,
                "label": r.assessment.label,
                "features": " ".join(c for c in CODES if c in r.assessment.features),
                "confidence": r.assessment.confidence,
                "justification": r.assessment.justification,
            }
            for r in self.rows
        ]
        columns = [
            "offer",
            "bidder",
            "lot",
            "question",
            "axis",
            "level",
            "label",
            "features",
            "confidence",
            "justification",
        ]
        return pd.DataFrame.from_records(records, columns=columns)

    def _repr_html_(self) -> str:
        cards = [
            _html.card(
                f"{r.offer} ({r.bidder}, lot {r.lot}) — {r.question} : niveau "
                f"{r.assessment.level} ({r.assessment.label})",
                r.assessment.text,
                r.assessment.evidence,
                r.assessment.justification,
            )
            for r in self.rows
        ]
        return _html.legend() + "".join(cards)


def assess(tender: Any) -> Assessments:
    """Assess every answer of every offer of ``tender``.

    Parameters
    ----------
    tender
        An object with ``questions`` (``id, text, axis, criterion``), ``offers``
        (``id, bidder, lot, answers: dict[question_id, text]``), ``axes`` (the
        tender's :class:`~efc_scoring.model.axis.AxisLexicon` list, may be empty) and
        optionally ``award_date``: past and future in the answers are read relative
        to it.

    Returns
    -------
    Assessments
        Frozen, iterable, indexed by ``(offer_id, question_id)``.
    """
    questions = list(getattr(tender, "questions", ()) or ())
    axes = list(getattr(tender, "axes", ()) or ())
    keys, texts, qs = [], [], []
    for offer in getattr(tender, "offers", ()) or ():
        answers = getattr(offer, "answers", {}) or {}
        for q in questions:
            keys.append((offer, q))
            texts.append(answers.get(q.id, "") or "")
            qs.append(q)
    results = assess_answers(
        texts,
        None,
        qs,
        lexicons=axes or None,
        reference_date=getattr(tender, "award_date", None),
    )
    rows = tuple(
        AssessedAnswer(
            offer=str(offer.id),
            bidder=str(getattr(offer, "bidder", "")),
            lot=str(getattr(offer, "lot", "")),
            question=str(q.id),
            criterion=str(getattr(q, "criterion", "")),
            assessment=result,
        )
        for (offer, q), result in zip(keys, results, strict=True)
    )
    return Assessments(rows)
