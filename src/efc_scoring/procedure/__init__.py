"""The French procedure around the analysis of the offers.

- :func:`check_method`: the legal check of the scoring method before publication;
- :func:`load_procedure`: the rounds of a procedure with negotiation and what the
  ledger records about them (:class:`Procedure`);
- :mod:`~efc_scoring.procedure.rounds`: close a round, admit offers to the next;
- :mod:`~efc_scoring.procedure.admissibility`: statuses of the offers, regularisation;
- :mod:`~efc_scoring.procedure.abnormal`: the abnormally-low-offer procedure;
- :mod:`~efc_scoring.procedure.options`: PSE, optional tranches and variants;
- :mod:`~efc_scoring.procedure.governance`: declarations of interest, phases, sealed marks;
- :mod:`~efc_scoring.procedure.letters`: the letters of the procedure.

Every step is an entry of the committee's hash-chained ledger.
"""

from __future__ import annotations

from efc_scoring._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "MethodCheck": "efc_scoring.procedure.method",
    "OfferStatus": "efc_scoring.procedure._records",
    "Phase": "efc_scoring.procedure._records",
    "check_method": "efc_scoring.procedure.method",
    "price_options": "efc_scoring.procedure.options",
    "rank_combinations": "efc_scoring.procedure.options",
    "read_records": "efc_scoring.procedure._records",
    "retain_options": "efc_scoring.procedure.options",
    "variant_rankings": "efc_scoring.procedure.options",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
