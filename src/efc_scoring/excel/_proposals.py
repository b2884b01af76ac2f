"""The evidence engine's proposals, as the workbooks show them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from efc_scoring import present
from efc_scoring.model.scale import Scale
from efc_scoring.model.tender import Tender

Found = dict[tuple[str, str], Any]


def collect_proposals(tender: Tender, assessments: Any, propose: bool) -> tuple[Found, Found]:
    """``(spans, assessments)`` by (offer id, question id).

    ``assessments`` is anything looked up by ``(offer, question)`` (a mapping,
    or the engine's ``Assessments``); None calls :func:`efc_scoring.evidence.assess`
    when the engine provides it.
    """
    if not propose:
        return {}, {}
    if assessments is None:
        try:
            from efc_scoring.evidence import assess
        except ImportError:
            return {}, {}
        assessments = assess(tender)
    spans: Found = {}
    found: Found = {}
    for offer in tender.offers:
        for q in tender.questions:
            a = _lookup(assessments, offer.id, q.id)
            if a is not None:
                found[(offer.id, q.id)] = a
                spans[(offer.id, q.id)] = tuple(getattr(a, "evidence", ()) or ())
    return spans, found


def _lookup(assessments: Any, offer_id: str, question_id: str) -> Any:
    getter = getattr(assessments, "get", None)
    if callable(getter):
        return getter((offer_id, question_id))
    try:
        return assessments[(offer_id, question_id)]
    except (KeyError, IndexError):
        return None


def proposed_level(
    offer_id: str, question_ids: tuple[str, ...], found: Found, scale: Scale
) -> tuple[Decimal | None, str]:
    """The proposed level of a criterion fed by ``question_ids`` and its justification.

    With one question, its level; with several, their mean when it is a level of
    the scale (else no level, and each question's level in the justification).
    An answer the engine could not read has no level (« à relire »): the criterion
    then has none either, never 0. A fragile proposal's justification starts with
    « Proposition fragile, à lire attentivement. ».
    """
    got = [found[(offer_id, q)] for q in question_ids if (offer_id, q) in found]
    if not got:
        return None, ""
    fragile = any(getattr(a, "fragile", False) for a in got)
    head = present.FRAGILE[:1].upper() + present.FRAGILE[1:] + ". " if fragile else ""
    if len(got) == 1:
        a = got[0]
        level = None if a.level is None else Decimal(str(a.level))
        return level, head + str(a.justification or "")
    if any(a.level is None for a in got):
        level = None
    else:
        levels = [Decimal(str(a.level)) for a in got]
        mean = Fraction(sum(levels, Decimal(0))) / len(levels)
        on_scale = mean in {Fraction(v) for v in scale.values}
        level = Decimal(mean.numerator) / Decimal(mean.denominator) if on_scale else None
    why = "\n".join(f"{i}. niveau {_shown(a)} : {a.justification}" for i, a in enumerate(got, 1))
    return level, head + why


def _shown(assessment: Any) -> str:
    """« 3 », « à relire » or « pas de réponse »."""
    label = getattr(assessment, "label", "") if assessment.level is None else ""
    return present.proposal(assessment.level, label)


def proposal_note(offer_id: str, question_ids: tuple[str, ...], found: Found) -> str:
    """« à relire » (or « pas de réponse ») when an answer feeding the criterion got no level."""
    got = [found[(offer_id, q)] for q in question_ids if (offer_id, q) in found]
    notes = [present.proposal(None, getattr(a, "label", "")) for a in got if a.level is None]
    return notes[0] if notes else ""
