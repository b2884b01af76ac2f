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

from typing import TYPE_CHECKING

from efc_scoring._lazy import lazy_exports

if TYPE_CHECKING:  # the real types for a type checker; at run time each name loads on first use
    from efc_scoring.committee._agenda import Agenda as Agenda
    from efc_scoring.committee._agenda import AgendaItem as AgendaItem
    from efc_scoring.committee._agenda import Proposal as Proposal
    from efc_scoring.committee._agenda import agenda as agenda
    from efc_scoring.committee._agenda import unsettled_items as unsettled_items
    from efc_scoring.committee._consolidate import CommitteeAgreement as CommitteeAgreement
    from efc_scoring.committee._consolidate import Consensus as Consensus
    from efc_scoring.committee._consolidate import ConsensusError as ConsensusError
    from efc_scoring.committee._consolidate import Consolidation as Consolidation
    from efc_scoring.committee._consolidate import Item as Item
    from efc_scoring.committee._consolidate import consolidate as consolidate
    from efc_scoring.committee._consolidate import record_consensus as record_consensus
    from efc_scoring.committee.agreement import AgreementError as AgreementError
    from efc_scoring.committee.agreement import ICCResult as ICCResult
    from efc_scoring.committee.agreement import KendallWResult as KendallWResult
    from efc_scoring.committee.agreement import alpha_reading as alpha_reading
    from efc_scoring.committee.agreement import evaluator_severity as evaluator_severity
    from efc_scoring.committee.agreement import icc as icc
    from efc_scoring.committee.agreement import kendall_w as kendall_w
    from efc_scoring.committee.agreement import krippendorff_alpha as krippendorff_alpha
    from efc_scoring.committee.decisions import LEDGER_FILE as LEDGER_FILE
    from efc_scoring.committee.decisions import committee_decisions as committee_decisions
    from efc_scoring.committee.decisions import ledger_path as ledger_path
    from efc_scoring.committee.decisions import record_decision as record_decision
    from efc_scoring.committee.decisions import withdraw_decision as withdraw_decision
    from efc_scoring.committee.ledger import GENESIS as GENESIS
    from efc_scoring.committee.ledger import KINDS as KINDS
    from efc_scoring.committee.ledger import Ledger as Ledger
    from efc_scoring.committee.ledger import LedgerError as LedgerError
    from efc_scoring.committee.ledger import LedgerProblem as LedgerProblem
    from efc_scoring.committee.ledger import LedgerRepair as LedgerRepair
    from efc_scoring.committee.ledger import LedgerReport as LedgerReport
    from efc_scoring.committee.ledger import canonical_json as canonical_json
    from efc_scoring.committee.ledger import verify_ledger as verify_ledger
    from efc_scoring.committee.letter import STANDSTILL_DAYS as STANDSTILL_DAYS
    from efc_scoring.committee.letter import Letter as Letter
    from efc_scoring.committee.letter import LetterError as LetterError
    from efc_scoring.committee.letter import LetterRow as LetterRow
    from efc_scoring.committee.letter import disclosure_letter as disclosure_letter
    from efc_scoring.committee.letter import earliest_signature as earliest_signature
    from efc_scoring.committee.mentions import MENTION_KINDS as MENTION_KINDS
    from efc_scoring.committee.mentions import NEUTRAL as NEUTRAL
    from efc_scoring.committee.mentions import BidderMentions as BidderMentions
    from efc_scoring.committee.mentions import Mention as Mention
    from efc_scoring.committee.mentions import Redaction as Redaction
    from efc_scoring.committee.mentions import mask_segments as mask_segments


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
