"""Admissibility of the offers: statuses with reasons, regularisation, offers set aside.

An offer is *conforme* until the buyer records otherwise; an *irrégulière*,
*inacceptable* or *inappropriée* offer is set aside with its reason
(:func:`record_status`). The buyer may invite **every** irregular offer of a
round to regularise, alike and by the same deadline, provided none is
abnormally low (:func:`request_regularisation`); an offer regularised in time
(:func:`record_regularised`) is compliant again. An offer rejected as
abnormally low (:mod:`~efc_scoring.procedure.abnormal`) is set aside too.
:func:`set_aside` gives the offers set aside and why; :func:`admissible` the
tender without them, which is what is scored and ranked.

References
----------
Code de la commande publique, art. L. 2152-1 (irregular, unacceptable and
inappropriate offers are eliminated), L. 2152-2 to L. 2152-4 (their
definitions), R. 2152-1 (elimination in an open or restricted procedure,
regularisation there), R. 2152-2 (regularisation of irregular offers « à
condition qu'elles ne soient pas anormalement basses », every irregular offer
alike). In a procedure with negotiation irregular or unacceptable offers may
also be negotiated (R. 2152-1): the library records the status per round and
leaves that choice to the buyer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from efc_scoring import present
from efc_scoring.errors import ErrorCode, ProcedureError
from efc_scoring.model.tender import Tender
from efc_scoring.procedure._records import (
    OfferStatus,
    ProcedureRecords,
    RegularisationRequest,
    Regularised,
    StatusRecord,
    book,
    read_records,
)
from efc_scoring.procedure._rounds_key import round_key

__all__ = [
    "admissible",
    "flagged_abnormal",
    "record_regularised",
    "record_status",
    "request_regularisation",
    "set_aside",
    "statuses",
]

#: A ledger or the path of one.
LedgerArg = Any


def _offer(tender: Tender, offer: str) -> None:
    try:
        tender.offer(offer)
    except KeyError:
        known = ", ".join(o.id for o in tender.offers) or "aucune"
        raise ProcedureError(
            f"offre inconnue {offer!r} dans ce tour : offres {known}", code=ErrorCode.UNKNOWN_ID
        ) from None


def _what(key: str | None, **fields: Any) -> dict[str, Any]:
    if key is not None:
        fields["round"] = key
    return fields


def _stamp(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": int(entry["seq"]),
        "by": entry["who"],
        "at": datetime.fromisoformat(entry["at"]),
    }


def record_status(
    tender: Tender,
    offer: str,
    status: OfferStatus | str,
    reason: str,
    *,
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    at: datetime | None = None,
) -> StatusRecord:
    """Record the admissibility status of an offer in a round, with its reason.

    ``status`` is an :class:`OfferStatus` or its value or French label
    (« irrégulière »). The reason is told to the bidder in its letter.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import load_tender, sample_path
    >>> t = load_tender(sample_path("nettoyage"))
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> s = record_status(t, "O2", "irrégulière", "Attestation d'assurance absente.",
    ...                   by="Service achats", ledger=journal)
    >>> s.status.label, set_aside(t, journal)["O2"]
    ('irrégulière', "offre irrégulière (art. L. 2152-2) : Attestation d'assurance absente.")
    """
    _offer(tender, offer)
    try:
        value = status if isinstance(status, OfferStatus) else OfferStatus.parse(status)
    except ValueError as exc:
        raise ProcedureError(str(exc)) from None
    if not reason.strip():
        raise ProcedureError(
            f"statut « {value.label} » de l'offre {offer} sans motif : écrire pourquoi (le "
            "motif est communiqué au candidat)"
        )
    key = round_key(tender, round)
    entry = book(ledger).append(
        "status",
        _what(key, offer=offer, status=value.value),
        who=by,
        justification=reason.strip(),
        at=at,
    )
    return StatusRecord(
        **_stamp(entry), round=key, offer=offer, status=value, reason=reason.strip()
    )


def flagged_abnormal(tender: Tender) -> set[str]:
    """The offers the corrected-mean method flags as possibly abnormally low, every lot."""
    from efc_scoring.scoring.abnormal import check_abnormally_low

    flagged: set[str] = set()
    for lot in tender.lots:
        priced = [
            (o.id, o.total_price) for o in tender.offers_in(lot.id) if o.total_price is not None
        ]
        flagged |= {c.offer for c in check_abnormally_low(priced) if c.flagged}
    return flagged


def statuses(
    tender: Tender, ledger: LedgerArg | ProcedureRecords, round: str | None = None
) -> dict[str, tuple[OfferStatus, str]]:
    """Each offer's status in a round and its reason (an offer regularised is compliant)."""
    records = ledger if isinstance(ledger, ProcedureRecords) else read_records(ledger)
    key = round_key(tender, round)
    out: dict[str, tuple[OfferStatus, str]] = {}
    for o in tender.offers:
        found = records.status(key, o.id)
        if found is None:
            out[o.id] = (OfferStatus.COMPLIANT, "")
            continue
        done = records.regularisation(key, o.id)
        if found.status is OfferStatus.IRREGULAR and done is not None and done.seq > found.seq:
            out[o.id] = (
                OfferStatus.COMPLIANT,
                f"offre régularisée le {present.long_date(done.received_on)} "
                f"({found.reason.rstrip('.')}) : {done.received}",
            )
        else:
            out[o.id] = (found.status, found.reason)
    return out


def set_aside(
    tender: Tender, ledger: LedgerArg | ProcedureRecords, round: str | None = None
) -> dict[str, str]:
    """The offers of a round set aside from the ranking, each with its reason in French.

    An offer is set aside when its status is not « conforme » (an irregular offer
    not regularised included), or when it was rejected as abnormally low.
    """
    records = ledger if isinstance(ledger, ProcedureRecords) else read_records(ledger)
    key = round_key(tender, round)
    out: dict[str, str] = {}
    for offer, (status, reason) in statuses(tender, records, key).items():
        if status is not OfferStatus.COMPLIANT:
            out[offer] = f"offre {status.label} ({status.article}) : {reason}"
    for o in tender.offers:
        steps = records.abnormal_steps(key, o.id)
        decided = [s for s in steps if s.step == "decision"]
        if decided and decided[-1].kept is False:
            out[o.id] = (
                "offre anormalement basse rejetée (art. R. 2152-3 et R. 2152-4) : "
                + decided[-1].reason
            )
    return out


def admissible(tender: Tender, ledger: LedgerArg, round: str | None = None) -> Tender:
    """The tender of a round without the offers set aside (and without their marks).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import load_tender, sample_path
    >>> t = load_tender(sample_path("nettoyage"))
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> _ = record_status(t, "O2", "inacceptable", "Prix au-delà du budget.",
    ...                   by="Service achats", ledger=journal)
    >>> [o.id for o in admissible(t, journal).offers]
    ['O1', 'O3', 'O4', 'O5']
    """
    gone = set_aside(tender, ledger, round)
    if not gone:
        return tender
    return tender.model_copy(
        update={
            "offers": tuple(o for o in tender.offers if o.id not in gone),
            "marks": tuple(m for m in tender.marks if m.offer not in gone),
        }
    )


def request_regularisation(
    tender: Tender,
    *,
    deadline: date,
    reason: str,
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    at: datetime | None = None,
    sent_on: date | None = None,
) -> RegularisationRequest:
    """Invite every irregular offer of a round to regularise, alike, by one deadline.

    ``sent_on`` is the day the invitation was sent, when it is recorded later (the
    report dates the invitation by it; by default, the day it is recorded).

    The invitation goes to every offer whose status is « irrégulière » in the
    round: the buyer cannot choose among them. It is refused when one of them is
    abnormally low (flagged by the corrected mean, or under the abnormally-low
    procedure), since R. 2152-2 excludes them.

    Raises
    ------
    ProcedureError
        No irregular offer, an abnormally low irregular offer, no reason.
    """
    records = read_records(ledger)
    key = round_key(tender, round)
    irregular = [
        o for o, (s, _) in statuses(tender, records, key).items() if s is OfferStatus.IRREGULAR
    ]
    if not irregular:
        raise ProcedureError(
            "aucune offre irrégulière dans ce tour : enregistrer d'abord le statut des offres "
            "(efc-scoring procedure status)"
        )
    low = sorted(
        (flagged_abnormal(tender) | {s.offer for s in records.abnormal if s.round == key})
        & set(irregular)
    )
    if low:
        raise ProcedureError(
            f"régularisation impossible : {present.join(low)} "
            f"{'est' if len(low) == 1 else 'sont'} susceptible(s) d'être anormalement "
            "basse(s) ; une offre anormalement basse ne peut être régularisée (art. R. 2152-2). "
            "Conduire d'abord la procédure de l'offre anormalement basse (efc-scoring procedure "
            "abnormal), ou ne pas régulariser"
        )
    if not reason.strip():
        raise ProcedureError("invitation à régulariser sans motif : écrire ce qui est demandé")
    if sent_on is not None and deadline <= sent_on:
        raise ProcedureError(
            f"délai de régularisation au {present.long_date(deadline)}, pas après l'envoi du "
            f"{present.long_date(sent_on)} : laisser aux candidats le temps de répondre"
        )
    dated = {} if sent_on is None else {"sent_on": sent_on.isoformat()}
    entry = book(ledger).append(
        "regularisation",
        _what(key, step="request", offers=irregular, deadline=deadline.isoformat(), **dated),
        who=by,
        justification=reason.strip(),
        at=at,
    )
    return RegularisationRequest(
        **_stamp(entry),
        round=key,
        offers=tuple(irregular),
        deadline=deadline,
        reason=reason.strip(),
        sent_on=sent_on,
    )


def record_regularised(
    tender: Tender,
    offer: str,
    *,
    received: str,
    received_on: date,
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    at: datetime | None = None,
) -> Regularised:
    """Record what an irregular offer sent to regularise itself; it is compliant again.

    Raises
    ------
    ProcedureError
        No invitation to regularise this offer, or a reply after the deadline
        (record instead that the offer stays irregular).
    """
    _offer(tender, offer)
    records = read_records(ledger)
    key = round_key(tender, round)
    request = records.request(key)
    if request is None or offer not in request.offers:
        raise ProcedureError(
            f"l'offre {offer} n'a pas été invitée à régulariser : enregistrer d'abord "
            "l'invitation faite à toutes les offres irrégulières (--demande)"
        )
    if received_on > request.deadline:
        raise ProcedureError(
            f"régularisation de l'offre {offer} reçue le {present.long_date(received_on)}, "
            f"après la date limite du {present.long_date(request.deadline)} : elle ne peut "
            "être retenue ; l'offre reste irrégulière"
        )
    if not received.strip():
        raise ProcedureError(f"régularisation de l'offre {offer} : dire ce qui a été reçu")
    entry = book(ledger).append(
        "regularisation",
        _what(
            key,
            step="received",
            offer=offer,
            received=received.strip(),
            received_on=received_on.isoformat(),
        ),
        who=by,
        at=at,
    )
    return Regularised(
        **_stamp(entry), round=key, offer=offer, received=received.strip(), received_on=received_on
    )
