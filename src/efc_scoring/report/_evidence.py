"""Read the evidence engine's assessments without importing the engine.

The engine (:mod:`efc_scoring.evidence`) is optional for the report and the
OCDS export: callers pass what ``assess(tender)`` returned, or a mapping
``{(offer id, question id): AnswerAssessment}``. These helpers only rely on
the documented attributes (``level``, ``label``, ``features``, ``evidence``
with ``code``/``start``/``end``/``text``, ``confidence``, ``justification``, and
``fragile`` when present). ``level`` is None when the engine proposes no level.
"""

from __future__ import annotations

from typing import Any

from efc_scoring import present

__all__ = ["assessment_of", "assessment_record", "shown", "spans_of"]


def assessment_of(assessments: Any, offer: str, question: str) -> Any | None:
    """The assessment of one answer, or None when there is none."""
    if assessments is None:
        return None
    try:
        return assessments[(offer, question)]
    except (LookupError, TypeError):
        return None


def spans_of(assessment: Any) -> list[tuple[int, int, str, str]]:
    """``(start, end, code, text)`` of every quoted span, sorted by position then code."""
    out = []
    for span in getattr(assessment, "evidence", ()) or ():
        out.append((int(span.start), int(span.end), str(span.code), str(span.text)))
    return sorted(set(out))


def assessment_record(assessment: Any) -> dict[str, Any]:
    """A JSON-ready record of an assessment: level, label, codes, spans, justification."""
    confidence = getattr(assessment, "confidence", None)
    return {
        "level": None if assessment.level is None else int(assessment.level),
        "label": str(getattr(assessment, "label", "")),
        "features": sorted(str(c) for c in getattr(assessment, "features", ()) or ()),
        "evidence": [
            {"code": code, "start": start, "end": end, "text": text}
            for start, end, code, text in spans_of(assessment)
        ],
        "confidence": None if confidence is None else round(float(confidence), 4),
        "justification": str(getattr(assessment, "justification", "")),
    }


def shown(assessment: Any) -> str:
    """The proposal as the report prints it: « 3 (Satisfaisant) », « à relire », fragile mark."""
    return present.proposal(
        assessment.level,
        str(getattr(assessment, "label", "")),
        fragile=bool(getattr(assessment, "fragile", False)),
    )
