"""The procedure's records, replayed from the committee's ledger.

Every step of the procedure is an entry of the hash-chained ledger
(:class:`~efc_scoring.committee.ledger.Ledger`), written by the functions of
:mod:`efc_scoring.procedure` and never edited: an evaluator's declaration, a
phase of the committee's work, a round closed, an admission to the next round,
an admissibility status, a regularisation, a step of the abnormally-low-offer
procedure, the PSE retained. :func:`read_records` replays them into typed,
frozen records; a damaged ledger is refused rather than read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from efc_scoring.committee.ledger import Ledger
from efc_scoring.errors import LedgerError
from efc_scoring.present import LabelledEnum

__all__ = [
    "AbnormalStep",
    "Admission",
    "Declaration",
    "OfferStatus",
    "OptionsRetained",
    "Override",
    "Phase",
    "PhaseRecord",
    "ProcedureRecords",
    "RegularisationRequest",
    "Regularised",
    "RoundClosure",
    "StatusRecord",
    "book",
    "read_records",
]


class Phase(LabelledEnum):
    """A phase of the committee's work on a round, recorded with its time."""

    GRIDS_SENT = "grids_sent", "grilles envoyées"
    RETURNED = "returned", "grilles retournées"
    REVEALED = "revealed", "notes individuelles levées"
    CONSENSUS = "consensus", "décisions de la commission arrêtées"
    REPORT = "report", "rapport d'analyse établi"


class OfferStatus(LabelledEnum):
    """Admissibility of an offer (code de la commande publique, art. L. 2152-1 to L. 2152-4).

    An offer is presumed compliant until the buyer records otherwise.
    """

    COMPLIANT = "compliant", "conforme"
    IRREGULAR = "irregular", "irrégulière"
    UNACCEPTABLE = "unacceptable", "inacceptable"
    INAPPROPRIATE = "inappropriate", "inappropriée"

    @property
    def article(self) -> str:
        """The article of the code that defines the status."""
        return _ARTICLE[self.value]

    @classmethod
    def parse(cls, text: str) -> OfferStatus:
        """A status from its value or its French label, accents and case ignored.

        >>> OfferStatus.parse("Irrégulière"), OfferStatus.parse("inappropriate")
        (<OfferStatus.IRREGULAR: 'irregular'>, <OfferStatus.INAPPROPRIATE: 'inappropriate'>)
        """
        from efc_scoring.committee.mentions import fold

        wanted = fold(text.strip())[0].lower()
        for status in cls:
            if wanted in (status.value, fold(status.label)[0].lower()):
                return status
        allowed = ", ".join(f"{s.value} ({s.label})" for s in cls)
        raise ValueError(f"statut inconnu {text!r} : statuts possibles {allowed}")


_ARTICLE = {
    "compliant": "art. L. 2152-1",
    "irregular": "art. L. 2152-2",
    "unacceptable": "art. L. 2152-3",
    "inappropriate": "art. L. 2152-4",
}


@dataclass(frozen=True)
class _Entry:
    seq: int
    by: str
    at: datetime


@dataclass(frozen=True)
class Declaration(_Entry):
    """An evaluator's declaration of no conflict of interest."""

    evaluator: str
    text: str
    signed_by: str
    signed_on: date


@dataclass(frozen=True)
class Override(_Entry):
    """A grid sent to an evaluator without a declaration, and why."""

    evaluator: str
    reason: str


@dataclass(frozen=True)
class PhaseRecord(_Entry):
    """A phase of the committee's work on a round (``round`` None: the initial round)."""

    phase: Phase
    round: str | None
    detail: str


@dataclass(frozen=True)
class RoundClosure(_Entry):
    """A round closed: the SHA-256 of its files and the totals and ranks it gave."""

    round: str | None
    files: tuple[tuple[str, str], ...]
    totals: tuple[tuple[str, str], ...]
    ranks: tuple[tuple[str, int | None], ...]
    bidders: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Admission(_Entry):
    """Whether an offer of a round is admitted to the next round, and why."""

    round: str | None
    to_round: str
    offer: str
    admitted: bool
    reason: str


@dataclass(frozen=True)
class StatusRecord(_Entry):
    """The admissibility status the buyer gives an offer in a round, with the reason."""

    round: str | None
    offer: str
    status: OfferStatus
    reason: str


@dataclass(frozen=True)
class RegularisationRequest(_Entry):
    """The invitation to regularise sent to every irregular offer of a round, alike."""

    round: str | None
    offers: tuple[str, ...]
    deadline: date
    reason: str
    #: The day the invitation was sent, when given (else the day it was recorded, ``at``).
    sent_on: date | None = None


@dataclass(frozen=True)
class Regularised(_Entry):
    """What an irregular offer sent to regularise itself, and when."""

    round: str | None
    offer: str
    received: str
    received_on: date


@dataclass(frozen=True)
class AbnormalStep(_Entry):
    """A step of the abnormally-low-offer procedure: request, explanation or decision."""

    round: str | None
    offer: str
    step: str  # "request", "explanation" or "decision"
    deadline: date | None = None
    sent_on: date | None = None
    received_on: date | None = None
    summary: str = ""
    kept: bool | None = None
    reason: str = ""
    figures: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OptionsRetained(_Entry):
    """The PSE retained on a lot, the same for every offer, and why."""

    round: str | None
    lot: str
    pse: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ProcedureRecords:
    """Every procedure record of a ledger, in ledger order."""

    declarations: tuple[Declaration, ...] = ()
    overrides: tuple[Override, ...] = ()
    phases: tuple[PhaseRecord, ...] = ()
    closures: tuple[RoundClosure, ...] = ()
    admissions: tuple[Admission, ...] = ()
    statuses: tuple[StatusRecord, ...] = ()
    requests: tuple[RegularisationRequest, ...] = ()
    regularised: tuple[Regularised, ...] = ()
    abnormal: tuple[AbnormalStep, ...] = ()
    options: tuple[OptionsRetained, ...] = ()

    @property
    def empty(self) -> bool:
        """No procedure record at all."""
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def declaration(self, evaluator: str) -> Declaration | None:
        """The last declaration of an evaluator, or None."""
        found = [d for d in self.declarations if d.evaluator == evaluator]
        return found[-1] if found else None

    def phase(self, phase: Phase, round: str | None) -> PhaseRecord | None:
        """The last record of a phase on a round, or None."""
        found = [p for p in self.phases if p.phase is phase and p.round == round]
        return found[-1] if found else None

    def closure(self, round: str | None) -> RoundClosure | None:
        """The closure of a round, or None when it is open."""
        found = [c for c in self.closures if c.round == round]
        return found[-1] if found else None

    def justified_low(self, round: str | None) -> frozenset[str]:
        """The offers of a round kept after the abnormally-low-offer procedure (their
        explanation accepted by the committee's decision)."""
        return frozenset(
            s.offer for s in self.abnormal if s.round == round and s.step == "decision" and s.kept
        )

    def admission(self, round: str | None, offer: str) -> Admission | None:
        """The decision on an offer's admission beyond a round, or None."""
        found = [a for a in self.admissions if a.round == round and a.offer == offer]
        return found[-1] if found else None

    def status(self, round: str | None, offer: str) -> StatusRecord | None:
        """The status recorded last for an offer in a round, or None (presumed compliant)."""
        found = [s for s in self.statuses if s.round == round and s.offer == offer]
        return found[-1] if found else None

    def request(self, round: str | None) -> RegularisationRequest | None:
        """The last invitation to regularise of a round, or None."""
        found = [r for r in self.requests if r.round == round]
        return found[-1] if found else None

    def regularisation(self, round: str | None, offer: str) -> Regularised | None:
        """What an offer sent to regularise itself in a round, or None."""
        found = [r for r in self.regularised if r.round == round and r.offer == offer]
        return found[-1] if found else None

    def abnormal_steps(self, round: str | None, offer: str) -> tuple[AbnormalStep, ...]:
        """The steps of the abnormally-low-offer procedure on an offer, in order."""
        return tuple(s for s in self.abnormal if s.round == round and s.offer == offer)

    def retained(self, round: str | None, lot: str) -> OptionsRetained | None:
        """The PSE retained on a lot in a round, or None (none retained yet)."""
        found = [o for o in self.options if o.round == round and o.lot == lot]
        return found[-1] if found else None


def book(ledger: Ledger | str | os.PathLike[str]) -> Ledger:
    """A :class:`Ledger` from a ledger or its path."""
    return ledger if isinstance(ledger, Ledger) else Ledger(ledger)


def read_records(ledger: Ledger | str | os.PathLike[str]) -> ProcedureRecords:
    """The procedure records of a ledger (none when it does not exist).

    Raises
    ------
    LedgerError
        The ledger's chain is broken: nothing is read from it.
    """
    ledger = book(ledger)
    if not ledger.path.exists():
        return ProcedureRecords()
    report = ledger.verify()
    if not report.ok:
        raise LedgerError(
            "le journal de la commission est endommagé ou a été modifié ; la procédure n'en "
            "est pas lue :\n" + report.message()
        )
    out: dict[str, list[Any]] = {name: [] for name in ProcedureRecords.__dataclass_fields__}
    for entry in ledger.entries():
        kind, what = entry.get("kind"), entry.get("what") or {}
        common: dict[str, Any] = {
            "seq": int(entry["seq"]),
            "by": str(entry.get("who", "")),
            "at": datetime.fromisoformat(str(entry["at"])),
        }
        why = str(entry.get("justification", ""))
        rnd = what.get("round")
        if kind == "declaration" and what.get("override"):
            out["overrides"].append(Override(**common, evaluator=what["evaluator"], reason=why))
        elif kind == "declaration":
            out["declarations"].append(
                Declaration(
                    **common,
                    evaluator=what["evaluator"],
                    text=what["text"],
                    signed_by=what["signed_by"],
                    signed_on=date.fromisoformat(what["signed_on"]),
                )
            )
        elif kind == "phase":
            out["phases"].append(
                PhaseRecord(
                    **common, phase=Phase(what["phase"]), round=rnd, detail=what.get("detail", "")
                )
            )
        elif kind == "round":
            out["closures"].append(
                RoundClosure(
                    **common,
                    round=rnd,
                    files=tuple(sorted((what.get("files") or {}).items())),
                    totals=tuple(sorted((what.get("totals") or {}).items())),
                    ranks=tuple(sorted((what.get("ranks") or {}).items())),
                    bidders=tuple(sorted((what.get("bidders") or {}).items())),
                )
            )
        elif kind == "admission":
            out["admissions"].append(
                Admission(
                    **common,
                    round=rnd,
                    to_round=what["to_round"],
                    offer=what["offer"],
                    admitted=bool(what["admitted"]),
                    reason=why,
                )
            )
        elif kind == "status":
            out["statuses"].append(
                StatusRecord(
                    **common,
                    round=rnd,
                    offer=what["offer"],
                    status=OfferStatus(what["status"]),
                    reason=why,
                )
            )
        elif kind == "regularisation" and what.get("step") == "request":
            out["requests"].append(
                RegularisationRequest(
                    **common,
                    round=rnd,
                    offers=tuple(what.get("offers") or ()),
                    deadline=date.fromisoformat(what["deadline"]),
                    reason=why,
                    sent_on=_day(what.get("sent_on")),
                )
            )
        elif kind == "regularisation":
            out["regularised"].append(
                Regularised(
                    **common,
                    round=rnd,
                    offer=what["offer"],
                    received=what.get("received", ""),
                    received_on=date.fromisoformat(what["received_on"]),
                )
            )
        elif kind == "abnormal":
            out["abnormal"].append(
                AbnormalStep(
                    **common,
                    round=rnd,
                    offer=what["offer"],
                    step=what["step"],
                    deadline=_day(what.get("deadline")),
                    sent_on=_day(what.get("sent_on")),
                    received_on=_day(what.get("received_on")),
                    summary=what.get("summary", ""),
                    kept=what.get("kept"),
                    reason=why,
                    figures=dict(what.get("figures") or {}),
                )
            )
        elif kind == "options":
            out["options"].append(
                OptionsRetained(
                    **common,
                    round=rnd,
                    lot=what["lot"],
                    pse=tuple(what.get("pse") or ()),
                    reason=why,
                )
            )
    return ProcedureRecords(**{k: tuple(v) for k, v in out.items()})


def _day(value: Any) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))
