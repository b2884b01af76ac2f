"""The committee's meeting, as data: where it stands, and the decisions it records.

:class:`Meeting` holds a tender folder open for the length of a meeting. Its
:meth:`~Meeting.state` is a frozen :class:`Snapshot` computed from the tender's
marks and the committee's ledger, and computed again only when one of them
changes on disk (a decision recorded here or by ``efc-scoring consensus``,
grids imported into ``scores.csv``). Every decision goes through
:func:`~efc_scoring.committee.record_decision` and every undo through
:func:`~efc_scoring.committee.withdraw_decision`, the functions of the
``consensus`` command: one code path, one ledger. Nothing here knows about the
web; the pages of :mod:`efc_scoring.session` only show a snapshot and call
these methods.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.errors import ConsensusError, LedgerError
from efc_scoring.session import _phases

if TYPE_CHECKING:
    from efc_scoring.committee import Agenda, Consensus, Consolidation
    from efc_scoring.committee._agreement_view import CommitteeAgreement
    from efc_scoring.committee.ledger import Ledger
    from efc_scoring.evidence import AnswerAssessment
    from efc_scoring.model.tender import Tender
    from efc_scoring.scoring.evaluate import Evaluation
    from efc_scoring.session._documents import Documents

__all__ = ["DEFAULT_CHAIR", "Meeting", "Return", "Snapshot"]

#: Who records the decisions when no name is given.
DEFAULT_CHAIR = "la présidence de la commission"

Key = tuple[str, str]  # (offer, criterion)


@dataclass(frozen=True)
class Return:
    """How far one evaluator's grid has come back: marks given out of marks expected."""

    evaluator: str
    marks: int
    expected: int

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.marks >= self.expected


@dataclass(frozen=True)
class Snapshot:
    """Where the meeting stands, computed from the marks and the ledger at one moment.

    ``disputed`` lists every disputed item (settled or not) in the order of the
    meeting, fixed when the marks were read; ``agenda`` the unsettled ones,
    ordered as today (the most decisive first, with the decisions already
    taken); ``settled`` the decision in force on each settled item.
    """

    version: str
    tender: Tender
    returns: tuple[Return, ...]
    revealed_at: datetime | None
    ledger_entries: int
    ledger_head: str
    decisions: tuple[Consensus, ...] = ()
    consolidation: Consolidation | None = None
    evaluation: Evaluation | None = None
    agenda: Agenda | None = None
    disputed: tuple[Key, ...] = ()
    settled: Mapping[Key, Consensus] | None = None
    agreement: CommitteeAgreement | None = None

    @property
    def all_returned(self) -> bool:
        """Whether every evaluator has returned a complete grid."""
        return bool(self.returns) and all(r.complete for r in self.returns)

    @property
    def revealed(self) -> bool:
        """Whether the marks may be shown: every grid back and the reveal recorded."""
        return self.all_returned and self.revealed_at is not None

    @property
    def n_settled(self) -> int:
        return sum(1 for key in self.disputed if key in (self.settled or {}))

    @property
    def progress(self) -> str:
        """« 3 points réglés sur 7 »."""
        settled = self.n_settled
        word = "point réglé" if settled < 2 else "points réglés"
        return f"{settled} {word} sur {len(self.disputed)}"

    @property
    def finished(self) -> bool:
        """Every disputed item settled: the report and the letters may be produced."""
        return self.revealed and self.agenda is not None and len(self.agenda) == 0


class Meeting:
    """A committee meeting on a tender folder: its state, and the decisions it records.

    Parameters
    ----------
    tender
        The tender folder (``tender.yaml``, ``offers/``, ``scores.csv``).
    marks
        A marks CSV to read instead of the folder's ``scores.csv``.
    ledger
        The committee's ledger (default: ``journal-commission.jsonl`` of the folder).
    by
        Who records the decisions (the chair), written in each ledger entry.
    blind
        Hide the names: offers by the letter of the blind grids, evaluators by a
        number, the bidder's own name masked in its answers, no prices.
    evidence
        Read the answers with the evidence engine (through the assessment cache).
    out
        Where the report and the letters go (default: ``seance/`` in the folder).

    Examples
    --------
    >>> import shutil, tempfile, pathlib
    >>> from efc_scoring import sample_path
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "marche"
    >>> _ = shutil.copytree(sample_path("nettoyage"), folder)
    >>> meeting = Meeting(folder, evidence=False)
    >>> state = meeting.state()
    >>> state.all_returned, state.revealed, state.progress
    (True, False, '0 point réglé sur 2')
    >>> meeting.reveal().revealed
    True
    >>> _ = meeting.record("O5", "env.transport", 2, "Le bioGNV n'est qu'envisagé.")
    >>> meeting.state().progress
    '1 point réglé sur 2'
    """

    def __init__(
        self,
        tender: str | os.PathLike[str],
        *,
        marks: str | os.PathLike[str] | None = None,
        ledger: str | os.PathLike[str] | None = None,
        by: str = DEFAULT_CHAIR,
        blind: bool = False,
        evidence: bool = True,
        out: str | os.PathLike[str] | None = None,
    ) -> None:
        from efc_scoring.committee.decisions import ledger_path
        from efc_scoring.committee.ledger import Ledger

        self.path = Path(tender)
        self.folder = self.path if self.path.is_dir() else self.path.parent
        self.scores_path = Path(marks) if marks is not None else None
        self.ledger: Ledger = Ledger(ledger if ledger is not None else ledger_path(self.path))
        if not by or not by.strip():
            raise ConsensusError("dire qui enregistre les décisions (--by)")
        self.by = by.strip()
        self.blind = blind
        self.evidence = evidence
        self.out = Path(out) if out is not None else self.folder / "seance"
        self._lock = threading.RLock()
        self._signature: tuple[Any, ...] | None = None
        self._marks_signature: tuple[Any, ...] | None = None
        self._snapshot: Snapshot | None = None
        self._tender: Tender | None = None
        self._order: tuple[Key, ...] = ()
        self._agreement: CommitteeAgreement | None = None
        self._agreement_ready = threading.Event()
        self.assessments: dict[tuple[str, str], AnswerAssessment] = {}
        self._check_ledger()
        self.state()

    # ------------------------------------------------------------------ reading
    @property
    def round(self) -> str | None:
        """The round of a procedure with negotiation the meeting is on (None: the initial one)."""
        from efc_scoring.io.tender import tender_root

        return tender_root(self.path)[1]

    def _marks_file(self) -> Path:
        return self.scores_path or self.folder / "scores.csv"

    @staticmethod
    def _stat(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def _check_ledger(self) -> None:
        report = self.ledger.verify()
        if not report.ok:
            raise LedgerError(
                "le journal de la commission est endommagé ou a été modifié ; la séance ne "
                "peut pas s'ouvrir dessus :\n"
                + "\n".join(f"  - {p.message_fr}" for p in report.problems)
                + "\nVérifier le journal avec `efc-scoring verify-ledger` (--repair pour une "
                "dernière ligne coupée par un arrêt brutal)"
            )

    def _load_marks(self) -> None:
        """Read the tender and its marks again; the order of the meeting follows them."""
        from efc_scoring.committee import agenda, consolidate
        from efc_scoring.io.tender import load_tender

        tender = load_tender(self.path, marks=self.scores_path)
        self._tender = tender
        if self.evidence and not self.assessments:
            from efc_scoring.evidence import assess

            self.assessments = {(r.offer, r.question): r.assessment for r in assess(tender)}
        self._order = ()
        self._agreement = None
        self._agreement_ready = threading.Event()
        if tender.marks and all(r.complete for r in self._returns(tender)):
            plain = consolidate(tender)
            first = agenda(tender, consolidation=plain, evidence=False)
            self._order = tuple((it.offer, it.criterion) for it in first)
            # the agreement statistics (scipy, bootstraps) take seconds: computed aside, so
            # that the session opens at once; the overview shows them when they are ready
            threading.Thread(
                target=self._compute_agreement, args=(plain, self._agreement_ready), daemon=True
            ).start()

    def _compute_agreement(self, plain: Consolidation, ready: threading.Event) -> None:
        from efc_scoring.errors import EfcError

        try:
            found = plain.agreement()
        except EfcError:
            found = None
        with self._lock:
            if ready is self._agreement_ready:  # the marks were not read again meanwhile
                self._agreement = found
            ready.set()

    @staticmethod
    def _returns(tender: Tender) -> tuple[Return, ...]:
        from efc_scoring.committee._common import rubric_leaves

        expected = len(tender.offers) * len(rubric_leaves(tender))
        counts: dict[str, int] = {e.id: 0 for e in tender.evaluators}
        for s in tender.marks:
            counts[s.evaluator] = counts.get(s.evaluator, 0) + 1
        return tuple(Return(ev, n, expected) for ev, n in counts.items())

    def state(self) -> Snapshot:
        """Where the meeting stands now (computed again when the marks or the ledger changed).

        Raises
        ------
        LedgerError
            The ledger was damaged or edited during the meeting.
        """
        ledger_sig = self._stat(self.ledger.path)
        marks_sig = self._stat(self._marks_file())
        signature = (ledger_sig, marks_sig, self._agreement_ready.is_set())
        with self._lock:
            if self._snapshot is not None and signature == self._signature:
                return self._snapshot
            if self._snapshot is not None and signature[:2] == (self._signature or ())[:2]:
                # only the agreement statistics became ready
                self._snapshot = replace(
                    self._snapshot,
                    agreement=self._agreement,
                    version=self._snapshot.version + "-accord",
                )
                self._signature = signature
                return self._snapshot
            if self._tender is None or marks_sig != self._marks_signature:
                self._load_marks()
                self._marks_signature = marks_sig
            self._snapshot = self._compute()
            self._signature = signature
            return self._snapshot

    def _compute(self) -> Snapshot:
        from efc_scoring.committee import agenda, committee_decisions, consolidate
        from efc_scoring.procedure._records import read_records
        from efc_scoring.procedure._state import round_offers

        tender = self._tender
        assert tender is not None
        report = self.ledger.verify()
        if not report.ok:
            raise LedgerError(
                "le journal de la commission a été modifié ou endommagé pendant la séance : "
                + "; ".join(p.message_fr for p in report.problems)
            )
        entries = self.ledger.entries()
        returns = self._returns(tender)
        base: dict[str, Any] = {
            "tender": tender,
            "returns": returns,
            "revealed_at": _phases.revealed_at(entries),
            "ledger_entries": report.n_entries,
            "ledger_head": report.head,
            "version": (
                f"{report.n_entries}-{report.head[:16]}-{self._marks_signature}"
                + ("-accord" if self._agreement_ready.is_set() else "")
            ),
        }
        if not self._order and not all(r.complete for r in returns):
            return Snapshot(**base)
        # the round as the procedure's records leave it, like `score`: the offers set
        # aside are neither ranked nor on the agenda, the prices are those compared
        key = self.round
        ranked, gone = round_offers(tender, read_records(self.ledger), key)
        decisions = committee_decisions(self.ledger, round=key)
        consolidation = (
            consolidate(ranked, method="consensus", consensus=decisions)
            if decisions
            else consolidate(ranked)
        )
        if gone:
            consolidation = replace(consolidation, set_aside=gone, received=tender)
        today = agenda(
            ranked,
            consolidation=consolidation,
            evidence=self.evidence,
            assessments=self.assessments,
        )
        return Snapshot(
            **base,
            decisions=decisions,
            consolidation=consolidation,
            evaluation=consolidation.evaluate(),
            agenda=today,
            disputed=tuple(k for k in self._order if k[0] not in gone),
            settled={(d.offer, d.criterion): d for d in decisions},
            agreement=self._agreement,
        )

    # ------------------------------------------------------------------ acting
    def reveal(self) -> Snapshot:
        """Reveal the individual marks to the committee (a ledger entry); every grid must be back.

        Raises
        ------
        ConsensusError
            A grid is still missing (the evaluators who have not returned are named).
        """
        with self._lock:
            state = self.state()
            if state.revealed:
                return state
            missing = [r.evaluator for r in state.returns if not r.complete]
            if missing:
                names = present.join(self.evaluator_name(ev) for ev in missing)
                raise ConsensusError(
                    f"les notes ne peuvent pas être levées : grille non retournée ou incomplète "
                    f"de {names} ; attendre son retour (efc-scoring import)"
                )
            _phases.record_reveal(
                self.ledger,
                by=self.by,
                detail=f"notes individuelles levées en séance ({state.progress})",
            )
            return self.state()

    def record(
        self,
        offer: str,
        criterion: str,
        level: Any,
        reason: str,
        *,
        departure_reason: str | None = None,
        expected: str | None = None,
    ) -> Consensus:
        """Record the committee's decision on an item, as ``efc-scoring consensus`` does.

        ``expected`` is the decision in force the form was shown with (its
        :func:`decision_tag`): when another screen recorded a decision on the
        same item meanwhile, the new one is refused rather than silently
        replacing it.

        Raises
        ------
        ConsensusError
            Marks not revealed yet, an item decided meanwhile, or anything
            :func:`~efc_scoring.committee.record_decision` refuses.
        """
        from efc_scoring.committee import record_decision

        with self._lock:
            state = self._ready()
            self._same_decision(state, (offer, criterion), expected)
            lot = state.tender.offer(offer).lot
            decision = record_decision(
                state.tender,
                offer,
                criterion,
                level,
                reason,
                by=self.by,
                ledger=self.ledger,
                lot=lot,
                departure_reason=departure_reason,
                round=self.round,
            )
            self.state()
            return decision

    def withdraw(self, offer: str, criterion: str, reason: str, *, expected: str | None = None):  # type: ignore[no-untyped-def]
        """Withdraw the decision in force on an item (a new ledger entry): undo."""
        from efc_scoring.committee import withdraw_decision

        with self._lock:
            state = self._ready()
            self._same_decision(state, (offer, criterion), expected)
            entry = withdraw_decision(
                state.tender,
                offer,
                criterion,
                reason,
                by=self.by,
                ledger=self.ledger,
                round=self.round,
            )
            self.state()
            return entry

    def _ready(self) -> Snapshot:
        state = self.state()
        if not state.revealed:
            raise ConsensusError(
                "les notes individuelles ne sont pas encore levées : aucune décision avant "
                "que toutes les grilles soient revenues et les notes levées"
            )
        return state

    @staticmethod
    def _same_decision(state: Snapshot, key: Key, expected: str | None) -> None:
        if expected is None:
            return
        current = (state.settled or {}).get(key)
        if decision_tag(current) != expected:
            if current is None:
                what = "la décision sur ce point vient d'être retirée"
            else:
                what = (
                    f"ce point vient d'être tranché ({present.mark(current.mark)}, "
                    f"{current.by}, {current.at.astimezone().strftime('%H:%M:%S')})"
                )
            raise ConsensusError(
                f"{what} depuis l'affichage de la page : rien n'a été enregistré ; relire la "
                "décision en vigueur avant d'en enregistrer une autre"
            )

    def produce_documents(self, **options: Any) -> Documents:
        """Write the offers-analysis report and the letters to the rejected bidders.

        See :func:`efc_scoring.session._documents.produce_documents` (same
        functions as ``efc-scoring report`` and ``efc-scoring letter --all``);
        refused while an item is unsettled.
        """
        from efc_scoring.session._documents import produce_documents

        return produce_documents(self, **options)

    # ------------------------------------------------------------------ names
    def mentions(self):  # type: ignore[no-untyped-def]
        """The bidders' designations of the tender (to mask a bidder's own name when blind)."""
        from efc_scoring.committee.mentions import BidderMentions

        with self._lock:
            tender = self.state().tender
            if getattr(self, "_mentions_for", None) is not tender:
                self._mentions = BidderMentions(tender)
                self._mentions_for = tender
            return self._mentions

    def evaluator_name(self, evaluator: str) -> str:
        """An evaluator's name, or « Membre n » when names are hidden."""
        tender = self._tender
        assert tender is not None
        ids = [e.id for e in tender.evaluators]
        if self.blind:
            number = ids.index(evaluator) + 1 if evaluator in ids else len(ids) + 1
            return f"Membre {number}"
        try:
            return tender.evaluator(evaluator).name
        except KeyError:
            return evaluator

    def evaluator_role(self, evaluator: str) -> str:
        """An evaluator's seat on the committee (hidden with the names)."""
        tender = self._tender
        assert tender is not None
        if self.blind:
            return ""
        try:
            return tender.evaluator(evaluator).role_label
        except KeyError:
            return ""

    def offer_name(self, offer: str) -> str:
        """« O2 — Propreté Bugey Distribution », or « Offre B » when names are hidden."""
        tender = self._tender
        assert tender is not None
        if self.blind:
            from efc_scoring.excel._template import blind_key

            position = [o.id for o in tender.offers].index(offer)
            return f"Offre {blind_key(position)}"
        return f"{offer} — {tender.offer(offer).bidder}"


def decision_tag(decision: Consensus | None) -> str:
    """A short tag of the decision in force on an item (« aucune » when none).

    >>> decision_tag(None)
    'aucune'
    """
    if decision is None:
        return "aucune"
    return f"{decision.mark}@{decision.at.isoformat()}"
