"""The committee's consensus marks: the agreed level, its reason, the individual marks kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring._deprecation import renamed_keywords
from efc_scoring.committee._common import MarksArg, with_marks
from efc_scoring.errors import ConsensusError
from efc_scoring.model.criteria import RubricScoring
from efc_scoring.model.tender import Tender

if TYPE_CHECKING:
    from efc_scoring.committee.ledger import Ledger

__all__ = ["Consensus", "ConsensusError", "record_consensus"]


@dataclass(frozen=True)
class Consensus:
    """The mark a committee agreed on for one offer and one criterion.

    ``marks`` keeps the individual marks the consensus came from, as
    ``(evaluator, mark)`` pairs sorted by evaluator; ``reason`` explains a
    consensus outside the range of those marks (required then).

    Examples
    --------
    >>> from efc_scoring import load_tender, record_consensus, sample_path
    >>> decision = record_consensus(load_tender(sample_path("nettoyage")), "O5", "env.transport",
    ...                             2, "Le bioGNV n'est qu'envisagé.", by="Présidente")
    >>> decision.marks  # the individual marks it came from, by evaluator
    (('acheteuse', Decimal('2')), ('agente', Decimal('2')), ('technicien', Decimal('4')))
    >>> print(str(decision).split(" — ")[0])
    Consensus O5 / env.transport : 2 (notes individuelles : acheteuse 2, agente 2, technicien 4)
    """

    offer: str
    criterion: str
    mark: Decimal
    justification: str
    marks: tuple[tuple[str, Decimal], ...]
    by: str
    at: datetime
    reason: str | None = None

    @property
    def low(self) -> Decimal | None:
        """The lowest individual mark, None when there was none."""
        return min((m for _, m in self.marks), default=None)

    @property
    def high(self) -> Decimal | None:
        """The highest individual mark, None when there was none."""
        return max((m for _, m in self.marks), default=None)

    @property
    def departs(self) -> bool:
        """Whether the agreed mark lies outside every individual mark's range."""
        if not self.marks:
            return True
        assert self.low is not None and self.high is not None
        return not self.low <= self.mark <= self.high

    def as_record(self) -> dict[str, Any]:
        """The consensus as JSON-ready data (marks as strings), e.g. for the ledger."""
        return {
            "offer": self.offer,
            "criterion": self.criterion,
            "mark": str(self.mark),
            "marks": {ev: str(m) for ev, m in self.marks},
            "reason": self.reason,
        }

    def __str__(self) -> str:
        shown = ", ".join(f"{ev} {present.mark(m)}" for ev, m in self.marks) or "aucune"
        text = (
            f"Consensus {self.offer} / {self.criterion} : {present.mark(self.mark)} "
            f"(notes individuelles : {shown}) — {self.justification}"
        )
        return text + (f" [écart motivé : {self.reason}]" if self.reason else "")


@renamed_keywords(scores="marks")
def record_consensus(
    tender: Tender,
    offer: str,
    criterion: str,
    mark: Decimal | int | str,
    justification: str,
    *,
    by: str,
    reason: str | None = None,
    marks: MarksArg = None,
    at: datetime | None = None,
    ledger: Ledger | None = None,
    round: str | None = None,
) -> Consensus:
    """Record the committee's agreed mark for one offer on one rubric criterion.

    Parameters
    ----------
    tender
        The tender (its marks are the individual marks kept, unless ``marks``).
    offer, criterion
        The item agreed on: an offer id and a leaf criterion marked on a scale.
    mark
        The agreed level; it must be a level of the criterion's scale.
    justification
        Why the committee agreed on this level (told to the bidder).
    by
        Who records it (the committee's chair, or the members present).
    reason
        Required when the agreed mark is below the lowest or above the highest
        individual mark (or when no evaluator marked the item): why the
        committee departs from every individual assessment.
    marks
        Individual marks to use instead of the tender's.
    at
        When it was agreed (default: now, UTC).
    ledger
        A :class:`~efc_scoring.committee.ledger.Ledger` to append the consensus to.
    round
        The round of a procedure with negotiation whose marks are decided
        (None: the initial round); kept in the ledger entry.

    Raises
    ------
    ConsensusError
        Unknown offer or criterion, a criterion not marked on a scale, a mark
        off the scale, an empty justification, or a departing consensus
        without a reason.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> c = record_consensus(tender, "O5", "env.transport", 2,
    ...                      "Le passage au bioGNV reste conditionnel.", by="Présidente")
    >>> c.mark, c.low, c.high, c.departs
    (Decimal('2'), Decimal('2'), Decimal('4'), False)
    """
    tender = with_marks(tender, marks)
    try:
        tender.offer(offer)
        node = tender.criterion(criterion)
    except KeyError as exc:
        raise ConsensusError(f"décision sur un point inconnu : {exc.args[0]}") from None
    if not isinstance(node.scoring, RubricScoring):
        raise ConsensusError(
            f"le critère {criterion} n'est pas noté par la commission (il est calculé à partir "
            "des offres) : une décision ne porte que sur un critère noté sur une échelle"
        )
    from efc_scoring.errors import NumberError
    from efc_scoring.model._number import parse_number

    try:  # the one number parser: « ３ », « NaN », « 1e0 », « 1_0 » are not levels
        value = parse_number(mark, what="le niveau")
    except NumberError as exc:
        raise ConsensusError(f"{exc.message} : {exc.fix}") from None
    scale = node.scoring.scale
    if value not in scale.values:
        allowed = ", ".join(present.mark(v) for v in scale.values)
        raise ConsensusError(
            f"le niveau {present.mark(value)} n'est pas un niveau de l'échelle du critère "
            f"{criterion} (niveaux : {allowed}) : retenir l'un des niveaux"
        )
    if not justification or not justification.strip():
        raise ConsensusError(
            "une décision de la commission a besoin d'un motif : écrire pourquoi la commission "
            "retient ce niveau (il est communiqué au candidat)"
        )
    kept = tuple(
        sorted(
            (s.evaluator, s.value)
            for s in tender.marks
            if s.offer == offer and s.criterion == criterion
        )
    )
    consensus = Consensus(
        offer=offer,
        criterion=criterion,
        mark=value,
        justification=justification.strip(),
        marks=kept,
        by=by,
        at=at or datetime.now(UTC),
        reason=reason.strip() if reason and reason.strip() else None,
    )
    if consensus.departs and consensus.reason is None:
        if kept:
            where = (
                f"hors des notes individuelles (de {present.mark(consensus.low)} à "
                f"{present.mark(consensus.high)})"
            )
        else:
            where = "alors qu'aucun évaluateur n'a noté ce point"
        raise ConsensusError(
            f"le niveau {present.mark(value)} retenu pour l'offre {offer}, critère "
            f"{criterion}, est {where} : dire pourquoi la commission s'écarte de toutes les "
            "notes individuelles (`reason`, ou --departure-reason en ligne de commande)"
        )
    if ledger is not None:
        record = consensus.as_record()
        if round is not None:
            record["round"] = round
        ledger.append(
            "consensus",
            record,
            who=by,
            justification=consensus.justification,
            at=consensus.at,
        )
    return consensus
