"""The committee's decisions on disputed items, kept in its ledger: record, withdraw, read back.

A decision is a :class:`~efc_scoring.committee._consolidate.Consensus`: the level
the committee agreed on for one offer and one criterion, the reason told to the
bidder, who recorded it and when. Every way of recording one (the ``consensus``
command, the « décision de la commission » column of the consolidated workbook
read by ``import-consensus``, a script, a web page) goes through
:func:`record_decision`, which appends it to the ledger; a decision is never
edited: :func:`withdraw_decision` appends its withdrawal, and
:func:`committee_decisions` replays the ledger to give the decisions in force.
"""

from __future__ import annotations

import os
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from efc_scoring._deprecation import renamed_keywords
from efc_scoring.committee._common import MarksArg
from efc_scoring.committee._consensus import Consensus, record_consensus
from efc_scoring.committee.ledger import Ledger
from efc_scoring.errors import ConsensusError, LedgerError
from efc_scoring.model.tender import Tender

__all__ = [
    "LEDGER_FILE",
    "committee_decisions",
    "ledger_path",
    "record_decision",
    "withdraw_decision",
]

#: File name of the committee's ledger in a tender folder.
LEDGER_FILE = "journal-commission.jsonl"


def ledger_path(tender_path: str | os.PathLike[str]) -> Path:
    """The ledger of a tender folder (``journal-commission.jsonl`` beside ``tender.yaml``).

    A round's folder (``rounds/<id>``) shares the ledger of its tender.

    >>> ledger_path("mon-marche").as_posix()
    'mon-marche/journal-commission.jsonl'
    """
    from efc_scoring.io.tender import tender_root

    return tender_root(tender_path)[0] / LEDGER_FILE


def _ledger(ledger: Ledger | str | os.PathLike[str]) -> Ledger:
    return ledger if isinstance(ledger, Ledger) else Ledger(ledger)


@renamed_keywords(scores="marks")
def record_decision(
    tender: Tender,
    offer: str,
    criterion: str,
    level: Decimal | int | str,
    reason: str,
    *,
    by: str,
    ledger: Ledger | str | os.PathLike[str],
    lot: str | None = None,
    departure_reason: str | None = None,
    at: datetime | None = None,
    marks: MarksArg = None,
    round: str | None = None,
) -> Consensus:
    """Record the committee's decision on one item and append it to the ledger.

    Parameters
    ----------
    tender
        The tender; its marks are the individual marks kept beside the decision.
    offer, criterion
        The item decided: an offer and a leaf criterion marked on a scale.
    level
        The level agreed on (a level of the criterion's scale).
    reason
        Why: the committee's reason, told to the bidder in its letter.
    by
        Who records it (the chair, the secretary of the committee).
    ledger
        The committee's ledger (a :class:`~efc_scoring.committee.ledger.Ledger`
        or its path), appended to.
    lot
        The lot of the offer, checked when given.
    departure_reason
        Required when the level lies outside every individual mark: why the
        committee departs from all of them.
    at
        When it was decided (default: now).
    marks
        Individual marks to use instead of the tender's.
    round
        The round of a procedure with negotiation (None: the initial round, or a
        tender without rounds): a decision holds for the marks of its round only.

    Raises
    ------
    ConsensusError
        An unknown item, a level off the scale, no reason, an offer of another
        lot, or a departure from every mark without ``departure_reason``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> d = record_decision(tender, "O5", "env.transport", 2,
    ...                     "Le passage au bioGNV reste conditionnel.", by="Présidente",
    ...                     ledger=journal)
    >>> [(c.offer, c.criterion, c.mark) for c in committee_decisions(journal)]
    [('O5', 'env.transport', Decimal('2'))]
    """
    if lot is not None:
        try:
            found = tender.offer(offer)
        except KeyError:
            found = None
        if found is not None and found.lot != lot:
            raise ConsensusError(
                f"l'offre {offer} est sur le lot {found.lot}, pas sur le lot {lot} : vérifier "
                "l'offre ou le lot"
            )
    return record_consensus(
        tender,
        offer,
        criterion,
        level,
        reason,
        by=by,
        reason=departure_reason,
        marks=marks,
        at=at,
        ledger=_ledger(ledger),
        round=round,
    )


def withdraw_decision(
    tender: Tender,
    offer: str,
    criterion: str,
    reason: str,
    *,
    by: str,
    ledger: Ledger | str | os.PathLike[str],
    at: datetime | None = None,
    round: str | None = None,
) -> dict[str, Any]:
    """Withdraw the decision in force on an item: a new ledger entry, never an edit.

    The item is disputed again (on the agenda) until a new decision is recorded.

    Raises
    ------
    ConsensusError
        No decision is in force on this item, or no reason is given.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> _ = record_decision(tender, "O5", "env.transport", 2, "Le bioGNV n'est qu'envisagé.",
    ...                     by="Présidente", ledger=journal)
    >>> entry = withdraw_decision(tender, "O5", "env.transport", "Décision prise hors quorum.",
    ...                           by="Présidente", ledger=journal)
    >>> entry["kind"], entry["what"]["withdrawn"], committee_decisions(journal)
    ('consensus', True, ())
    """
    book = _ledger(ledger)
    current = {(c.offer, c.criterion) for c in committee_decisions(book, round=round)}
    if (offer, criterion) not in current:
        raise ConsensusError(
            f"aucune décision de la commission n'est en vigueur sur l'offre {offer}, critère "
            f"{criterion} : rien à retirer"
        )
    if not reason or not reason.strip():
        raise ConsensusError("dire pourquoi la décision est retirée (motif obligatoire)")
    tender.offer(offer)
    what: dict[str, Any] = {"offer": offer, "criterion": criterion, "withdrawn": True}
    if round is not None:
        what["round"] = round
    return book.append(
        "consensus",
        what,
        who=by,
        justification=reason,
        at=at,
    )


def committee_decisions(
    ledger: Ledger | str | os.PathLike[str],
    *,
    key: bytes | str | None = None,
    round: str | None = None,
) -> tuple[Consensus, ...]:
    """The decisions in force, replayed from the ledger (the last one of an item wins).

    A missing ledger has no decision. The ledger is verified first: a damaged
    or edited one is refused rather than read. ``round`` selects the decisions
    on the marks of one round of a procedure with negotiation (None: the
    initial round).

    Raises
    ------
    LedgerError
        The ledger's chain is broken (the problems are listed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import load_tender, sample_path
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> committee_decisions(journal)  # no ledger yet: no decision
    ()
    >>> _ = record_decision(load_tender(sample_path("nettoyage")), "O2", "coop", 3,
    ...                     "Bilan annuel sans les agents.", by="Présidente", ledger=journal)
    >>> [(d.offer, d.criterion, d.mark, d.by) for d in committee_decisions(journal)]
    [('O2', 'coop', Decimal('3'), 'Présidente')]
    """
    book = ledger if isinstance(ledger, Ledger) else Ledger(ledger, key=key)
    if not book.path.exists():
        return ()
    report = book.verify()
    if not report.ok:
        raise LedgerError(
            "le journal de la commission est endommagé ou a été modifié ; aucune décision n'en "
            "est lue :\n" + report.message()
        )
    current: dict[tuple[str, str], Consensus] = {}
    for entry in book.entries():
        if entry.get("kind") != "consensus":
            continue
        what = entry.get("what") or {}
        if what.get("round") != round:
            continue
        item = (str(what.get("offer")), str(what.get("criterion")))
        if what.get("withdrawn"):
            current.pop(item, None)
            continue
        marks = what.get("marks") or {}
        current.pop(item, None)  # a new decision goes to the end, in recording order
        current[item] = Consensus(
            offer=item[0],
            criterion=item[1],
            mark=Decimal(str(what["mark"])),
            justification=str(entry.get("justification", "")),
            marks=tuple(sorted((str(ev), Decimal(str(m))) for ev, m in marks.items())),
            by=str(entry.get("who", "")),
            at=datetime.fromisoformat(str(entry["at"])),
            reason=what.get("reason"),
        )
    return tuple(current.values())
