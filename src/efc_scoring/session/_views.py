"""What the pages show, computed from a :class:`~efc_scoring.session._meeting.Snapshot`.

Plain frozen data for the templates: the ranking of each lot, a disputed item
with its answers, marks, the engine's proposals and the what-if table, the
answers of every offer to one question. Numbers stay exact here (fractions,
decimals); the templates render them through :mod:`efc_scoring.present`.
Bidder text is kept as runs of plain text (:class:`Run`) that the templates
escape: no HTML is ever built from an answer here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.errors import NotFoundError

if TYPE_CHECKING:
    from efc_scoring.committee import AgendaItem, Consensus
    from efc_scoring.scoring.evaluate import Evaluation
    from efc_scoring.session._meeting import Meeting, Snapshot

__all__ = [
    "Answer",
    "ItemView",
    "Outcome",
    "Run",
    "Standing",
    "answers_to",
    "item_view",
    "ranking",
    "what_if",
]

Key = tuple[str, str]


@dataclass(frozen=True)
class Run:
    """A run of an answer's text, with the feature code that colours it (None: plain)."""

    text: str
    code: str | None = None
    title: str = ""


@dataclass(frozen=True)
class Standing:
    """An offer's place in its lot: total points, rank (None when eliminated) and why.

    An offer set aside (irregular, unacceptable, inappropriate, rejected as abnormally
    low) has no total and no rank; ``eliminated`` says « écartée » and why.
    """

    offer: str
    name: str
    total: Fraction | None
    rank: int | None
    eliminated: str
    price: Any = None


@dataclass(frozen=True)
class Outcome:
    """One row of the what-if: the item settled at ``level``, and what follows in its lot."""

    level: Decimal
    label: str
    total: Fraction
    rank: int | None
    winners: tuple[str, ...]
    moved: int
    given_by: tuple[str, ...]
    retained: bool
    ranking: tuple[Standing, ...]
    now_winners: tuple[str, ...] = ()

    @property
    def changes_winner(self) -> bool:
        """Whether retaining this level gives the lot another winner than today."""
        return self.winners != self.now_winners


@dataclass(frozen=True)
class Proposal:
    """The engine's reading of one answer feeding the criterion."""

    question: str
    shown: str
    level: int | None
    confidence: float | None
    fragile: bool
    justification: str


@dataclass(frozen=True)
class Answer:
    """One offer's answer to one question, in runs, with the engine's proposal."""

    offer: str
    name: str
    question: str
    question_text: str
    runs: tuple[Run, ...]
    proposal: Proposal | None
    empty: bool


@dataclass(frozen=True)
class Mark:
    """One evaluator's mark on the item and its justification."""

    evaluator: str
    name: str
    role: str
    mark: Fraction
    justification: str


@dataclass(frozen=True)
class ItemView:
    """Everything the page of one disputed item shows."""

    offer: str
    name: str
    lot: str
    criterion: str
    label: str
    weight: Decimal
    position: int
    count: int
    previous: Key | None
    next: Key | None
    answers: tuple[Answer, ...]
    marks: tuple[Mark, ...]
    agenda: AgendaItem | None
    decision: Consensus | None
    outcomes: tuple[Outcome, ...]
    levels: tuple[tuple[Decimal, str], ...]
    engine_note: str


def ranking(meeting: Meeting, evaluation: Evaluation, lot: str) -> tuple[Standing, ...]:
    """The offers of a lot by rank (eliminated last), as an evaluation gives them."""
    tender = evaluation.tender
    offers = tender.offers_in(lot)
    order = sorted(
        offers,
        key=lambda o: (
            evaluation.ranks.get(o.id) is None,
            evaluation.ranks.get(o.id) or 0,
            -evaluation.totals[o.id],
            o.id,
        ),
    )
    return tuple(
        Standing(
            offer=o.id,
            name=meeting.offer_name(o.id),
            total=evaluation.totals[o.id],
            rank=evaluation.ranks.get(o.id),
            eliminated=evaluation.eliminated.get(o.id, ""),
            price=None if meeting.blind else o.total_price,
        )
        for o in order
    ) + tuple(  # the offers set aside: neither scored nor ranked, with their reason
        Standing(
            offer=o.id,
            name=meeting.offer_name(o.id),
            total=None,
            rank=None,
            eliminated=f"écartée : {evaluation.set_aside[o.id]}",
            price=None if meeting.blind else o.total_price,
        )
        for o in evaluation.offers_received.offers_in(lot)
        if o.id in evaluation.set_aside
    )


def what_if(meeting: Meeting, state: Snapshot, key: Key) -> tuple[Outcome, ...]:
    """For each level the committee might retain on ``key``: totals and ranking of the lot.

    Computed with the library's exact scoring (:meth:`Evaluation.with_marks`),
    from the marks in force (the decisions taken, the evaluators' mean elsewhere).
    """
    offer, criterion = key
    evaluation = state.evaluation
    assert evaluation is not None and state.consolidation is not None
    tender = state.tender
    lot = tender.offer(offer).lot
    scale = tender.criterion(criterion).scoring.scale  # type: ignore[union-attr]
    item = state.consolidation.item(offer, criterion)
    now_winners = evaluation.winners(lot)
    lot_offers = [o.id for o in tender.offers_in(lot)]
    decided = (state.settled or {}).get(key)
    out = []
    for level in scale.levels:
        value = Fraction(level.value)
        result = evaluation.with_marks({key: value})
        moved = sum(1 for o in lot_offers if result.ranks.get(o) != evaluation.ranks.get(o))
        out.append(
            Outcome(
                level=level.value,
                label=level.label,
                total=result.totals[offer],
                rank=result.ranks.get(offer),
                winners=result.winners(lot),
                moved=moved,
                given_by=tuple(meeting.evaluator_name(ev) for ev, m in item.marks if m == value),
                retained=decided is not None and Fraction(decided.mark) == value,
                ranking=ranking(meeting, result, lot),
                now_winners=now_winners,
            )
        )
    return tuple(out)


def _runs(meeting: Meeting, offer: str, text: str, spans: Any) -> tuple[Run, ...]:
    """The answer cut at every span boundary; a run takes the most specific code over it."""
    from efc_scoring.evidence.highlight import PRIORITY

    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces: list[tuple[str, str | None, str]] = []
    for a, b in pairwise(cuts):
        codes = {s.code for s in spans if s.start <= a and b <= s.end}
        top = next((c for c in PRIORITY if c in codes), None) if codes else None
        title = ", ".join(present.Feature(c).label for c in PRIORITY if c in codes)
        pieces.append((text[a:b], top, title))
    if meeting.blind:
        from efc_scoring.committee.mentions import mask_segments

        ranges = meeting.mentions().mask_ranges(text, offer)
        if ranges:
            titles = {code: title for _, code, title in pieces}
            masked = mask_segments([(t, c) for t, c, _ in pieces], ranges, "[candidat]")
            pieces = [(t, c, titles.get(c, "") if c else "") for t, c in masked]
    return tuple(Run(t, c, title) for t, c, title in pieces if t)


def _masked(meeting: Meeting, offer: str, text: str) -> str:
    """A member's text with the bidder's own name masked when the session is blind."""
    return meeting.mentions().mask(text, offer) if meeting.blind else text


def _answer(meeting: Meeting, offer_id: str, question: Any) -> Answer:
    state = meeting.state()
    offer = state.tender.offer(offer_id)
    raw = offer.answers.get(question.id)
    assessment = meeting.assessments.get((offer_id, question.id))
    proposal = None
    if assessment is not None:
        text, spans = assessment.text, assessment.evidence
        proposal = Proposal(
            question=question.id,
            shown=assessment.shown,
            level=assessment.level,
            confidence=assessment.confidence,
            fragile=assessment.fragile,
            justification=assessment.justification,
        )
    else:
        text, spans = raw or "", ()
    return Answer(
        offer=offer_id,
        name=meeting.offer_name(offer_id),
        question=question.id,
        question_text=question.text,
        runs=_runs(meeting, offer_id, text, spans),
        proposal=proposal,
        empty=not (raw or "").strip(),
    )


def item_view(meeting: Meeting, state: Snapshot, key: Key) -> ItemView:
    """The page of one disputed item (or of any item marked on a scale).

    Raises
    ------
    NotFoundError
        The offer or the criterion is unknown, or the criterion is not marked
        on a scale.
    """
    from efc_scoring.model.criteria import RubricScoring

    offer, criterion = key
    tender = state.tender
    try:
        found = tender.offer(offer)
        node = tender.criterion(criterion)
    except KeyError:
        raise NotFoundError(f"point inconnu : offre {offer}, critère {criterion}") from None
    if not isinstance(node.scoring, RubricScoring):
        raise NotFoundError(f"le critère {criterion} n'est pas noté par la commission")
    assert state.consolidation is not None
    order = list(state.disputed)
    position = order.index(key) + 1 if key in order else 0
    previous = order[position - 2] if position > 1 else None
    following = order[position] if 0 < position < len(order) else None
    item = state.consolidation.item(offer, criterion)
    marks = tuple(
        Mark(
            evaluator=ev,
            name=meeting.evaluator_name(ev),
            role=meeting.evaluator_role(ev),
            mark=m,
            justification=_masked(meeting, offer, dict(item.justifications).get(ev, "")),
        )
        for ev, m in item.marks
    )
    agenda_item = None
    if state.agenda is not None:
        agenda_item = next(
            (it for it in state.agenda if (it.offer, it.criterion) == key),
            None,
        )
    return ItemView(
        offer=offer,
        name=meeting.offer_name(offer),
        lot=found.lot,
        criterion=criterion,
        label=node.label,
        weight=node.weight,
        position=position,
        count=len(order),
        previous=previous,
        next=following,
        answers=tuple(_answer(meeting, offer, q) for q in tender.questions_for(criterion)),
        marks=marks,
        agenda=agenda_item,
        decision=(state.settled or {}).get(key),
        outcomes=what_if(meeting, state, key),
        levels=tuple((lv.value, lv.label) for lv in node.scoring.scale.levels),
        engine_note=state.agenda.engine_note if state.agenda is not None else "",
    )


def answers_to(meeting: Meeting, question: str, lot: str | None) -> tuple[Answer, ...]:
    """Every offer's answer to one question (of one lot), in the tender's order.

    Raises
    ------
    NotFoundError
        An unknown question or lot.
    """
    state = meeting.state()
    tender = state.tender
    try:
        q = tender.question(question)
        offers = tender.offers_in(lot) if lot is not None else tender.offers
        if lot is not None:
            tender.lot(lot)
    except KeyError:
        raise NotFoundError(f"question ou lot inconnu : {question}, {lot}") from None
    return tuple(_answer(meeting, o.id, q) for o in offers)
