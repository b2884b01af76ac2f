"""The French procedure around the analysis of the offers.

- :func:`check_method`: the legal check of the scoring method before publication;
- :func:`read_records`: what the ledger records about the procedure;
- :func:`round_consolidation`: the committee's marks of a round with its decisions,
  without the offers set aside, on the prices compared (PSE retained): what every
  output scores;
- :mod:`~efc_scoring.procedure.rounds`: close a round, admit offers to the next, trace;
- :mod:`~efc_scoring.procedure.admissibility`: statuses of the offers, regularisation;
- :mod:`~efc_scoring.procedure.abnormal`: the abnormally-low-offer procedure;
- :mod:`~efc_scoring.procedure.options`: PSE, optional tranches and variants;
- :mod:`~efc_scoring.procedure.governance`: declarations of interest, phases, sealed marks;
- :func:`~efc_scoring.procedure.request_letter`: the letter asking a bidder to justify
  an abnormally low price;
- :mod:`~efc_scoring.procedure.letters`: the letter to a bidder not admitted to a later
  round (:func:`stage_letter`), and every letter due from a round, each bidder once
  (:func:`rejection_letters`).

Every step is an entry of the committee's hash-chained ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring._lazy import lazy_exports

if TYPE_CHECKING:  # the real types for a type checker; at run time each name loads on first use
    from efc_scoring.procedure._records import OfferStatus as OfferStatus
    from efc_scoring.procedure._records import Phase as Phase
    from efc_scoring.procedure._records import read_records as read_records
    from efc_scoring.procedure._state import retained_pse as retained_pse
    from efc_scoring.procedure._state import round_consolidation as round_consolidation
    from efc_scoring.procedure.abnormal import decide_abnormal as decide_abnormal
    from efc_scoring.procedure.abnormal import record_explanation as record_explanation
    from efc_scoring.procedure.abnormal import request_explanation as request_explanation
    from efc_scoring.procedure.abnormal import request_letter as request_letter
    from efc_scoring.procedure.admissibility import admissible as admissible
    from efc_scoring.procedure.admissibility import flagged_abnormal as flagged_abnormal
    from efc_scoring.procedure.admissibility import record_regularised as record_regularised
    from efc_scoring.procedure.admissibility import record_status as record_status
    from efc_scoring.procedure.admissibility import request_regularisation as request_regularisation
    from efc_scoring.procedure.admissibility import set_aside as set_aside
    from efc_scoring.procedure.admissibility import statuses as statuses
    from efc_scoring.procedure.governance import DEFAULT_DECLARATION as DEFAULT_DECLARATION
    from efc_scoring.procedure.governance import check_unsealed as check_unsealed
    from efc_scoring.procedure.governance import declare as declare
    from efc_scoring.procedure.governance import missing_declarations as missing_declarations
    from efc_scoring.procedure.governance import record_phase as record_phase
    from efc_scoring.procedure.governance import sealed as sealed
    from efc_scoring.procedure.governance import send_grids as send_grids
    from efc_scoring.procedure.letters import Elimination as Elimination
    from efc_scoring.procedure.letters import eliminations as eliminations
    from efc_scoring.procedure.letters import rejection_letters as rejection_letters
    from efc_scoring.procedure.letters import stage_letter as stage_letter
    from efc_scoring.procedure.method import MethodCheck as MethodCheck
    from efc_scoring.procedure.method import check_method as check_method
    from efc_scoring.procedure.options import price_options as price_options
    from efc_scoring.procedure.options import rank_combinations as rank_combinations
    from efc_scoring.procedure.options import retain_options as retain_options
    from efc_scoring.procedure.options import variant_rankings as variant_rankings
    from efc_scoring.procedure.rounds import RoundTrace as RoundTrace
    from efc_scoring.procedure.rounds import admit as admit
    from efc_scoring.procedure.rounds import changed_files as changed_files
    from efc_scoring.procedure.rounds import close_round as close_round
    from efc_scoring.procedure.rounds import next_round as next_round
    from efc_scoring.procedure.rounds import trace as trace


_EXPORTS: dict[str, str] = {
    "DEFAULT_DECLARATION": "efc_scoring.procedure.governance",
    "Elimination": "efc_scoring.procedure.letters",
    "MethodCheck": "efc_scoring.procedure.method",
    "OfferStatus": "efc_scoring.procedure._records",
    "Phase": "efc_scoring.procedure._records",
    "RoundTrace": "efc_scoring.procedure.rounds",
    "admissible": "efc_scoring.procedure.admissibility",
    "admit": "efc_scoring.procedure.rounds",
    "changed_files": "efc_scoring.procedure.rounds",
    "check_method": "efc_scoring.procedure.method",
    "check_unsealed": "efc_scoring.procedure.governance",
    "close_round": "efc_scoring.procedure.rounds",
    "decide_abnormal": "efc_scoring.procedure.abnormal",
    "declare": "efc_scoring.procedure.governance",
    "eliminations": "efc_scoring.procedure.letters",
    "flagged_abnormal": "efc_scoring.procedure.admissibility",
    "missing_declarations": "efc_scoring.procedure.governance",
    "next_round": "efc_scoring.procedure.rounds",
    "price_options": "efc_scoring.procedure.options",
    "rank_combinations": "efc_scoring.procedure.options",
    "read_records": "efc_scoring.procedure._records",
    "record_explanation": "efc_scoring.procedure.abnormal",
    "record_phase": "efc_scoring.procedure.governance",
    "record_regularised": "efc_scoring.procedure.admissibility",
    "record_status": "efc_scoring.procedure.admissibility",
    "request_explanation": "efc_scoring.procedure.abnormal",
    "request_letter": "efc_scoring.procedure.abnormal",
    "rejection_letters": "efc_scoring.procedure.letters",
    "request_regularisation": "efc_scoring.procedure.admissibility",
    "retain_options": "efc_scoring.procedure.options",
    "retained_pse": "efc_scoring.procedure._state",
    "round_consolidation": "efc_scoring.procedure._state",
    "sealed": "efc_scoring.procedure.governance",
    "send_grids": "efc_scoring.procedure.governance",
    "set_aside": "efc_scoring.procedure.admissibility",
    "stage_letter": "efc_scoring.procedure.letters",
    "statuses": "efc_scoring.procedure.admissibility",
    "trace": "efc_scoring.procedure.rounds",
    "variant_rankings": "efc_scoring.procedure.options",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
