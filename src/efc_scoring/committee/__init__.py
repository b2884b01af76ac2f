"""Committee: consolidation of evaluators, agreement statistics, discussion agenda, audit ledger.

The public names load lazily from private modules, as scikit-learn does, so that
``from efc_scoring.committee import consolidate`` gives the function (a module of
the same name would shadow it):

- :func:`consolidate` (:class:`Consolidation`, :class:`Item`) and
  :func:`record_consensus` (:class:`Consensus`);
- :func:`agenda` (:class:`Agenda`, :class:`AgendaItem`, :class:`Proposal`),
  :func:`unsettled_items`;
- the agreement statistics :func:`krippendorff_alpha`, :func:`icc`,
  :func:`kendall_w`, :func:`evaluator_severity`;
- the committee's decisions (:func:`record_decision`, :func:`committee_decisions`),
  its ledger (:class:`Ledger`, :func:`verify_ledger`) and the letter to a
  rejected bidder (:func:`disclosure_letter`).
"""

from __future__ import annotations

from efc_scoring._lazy import lazy_exports

_MODULES = {
    "efc_scoring.committee._agenda": [
        "Agenda",
        "AgendaItem",
        "Proposal",
        "agenda",
        "unsettled_items",
    ],
    "efc_scoring.committee._consolidate": [
        "CommitteeAgreement",
        "Consensus",
        "ConsensusError",
        "Consolidation",
        "Item",
        "consolidate",
        "record_consensus",
    ],
    "efc_scoring.committee.agreement": [
        "AgreementError",
        "ICCResult",
        "KendallWResult",
        "alpha_reading",
        "evaluator_severity",
        "icc",
        "kendall_w",
        "krippendorff_alpha",
    ],
    "efc_scoring.committee.decisions": [
        "LEDGER_FILE",
        "committee_decisions",
        "ledger_path",
        "record_decision",
        "withdraw_decision",
    ],
    "efc_scoring.committee.ledger": [
        "GENESIS",
        "KINDS",
        "Ledger",
        "LedgerError",
        "LedgerProblem",
        "LedgerRepair",
        "LedgerReport",
        "canonical_json",
        "verify_ledger",
    ],
    "efc_scoring.committee.letter": [
        "STANDSTILL_DAYS",
        "Letter",
        "LetterError",
        "LetterRow",
        "disclosure_letter",
        "earliest_signature",
    ],
    "efc_scoring.committee.mentions": [
        "MENTION_KINDS",
        "NEUTRAL",
        "BidderMentions",
        "Mention",
        "Redaction",
        "mask_segments",
    ],
}
_EXPORTS: dict[str, str] = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
