"""The state of a round as the ledger records it, ready to score: one function for every output.

:func:`round_consolidation` gives the committee's marks of a round with its
decisions, without the offers set aside, on the prices compared (optional
tranches and the PSE retained for every offer): what ``score``, the agenda,
the robustness analysis, the report and the letters all start from.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from efc_scoring.model.procedure import OptionKind
from efc_scoring.model.tender import Tender
from efc_scoring.procedure._records import ProcedureRecords, read_records
from efc_scoring.procedure._rounds_key import round_key

if TYPE_CHECKING:
    from efc_scoring.committee._consolidate import Consolidation
    from efc_scoring.committee.ledger import Ledger

__all__ = ["retained_pse", "round_consolidation", "round_offers"]


def retained_pse(
    tender: Tender, records: ProcedureRecords, round: str | None = None
) -> dict[str, tuple[str, ...]]:
    """The PSE retained on each lot of a round, as the ledger records them (``{lot: ids}``)."""
    key = round_key(tender, round)
    out: dict[str, tuple[str, ...]] = {}
    for lot in tender.lots:
        if not tender.options_of(lot.id, OptionKind.PSE):
            continue
        found = records.retained(key, lot.id)
        if found is not None:
            out[lot.id] = found.pse
    return out


def round_offers(
    tender: Tender, records: ProcedureRecords, round: str | None = None
) -> tuple[Tender, dict[str, str]]:
    """The tender of a round as it is ranked, and the offers set aside with their reasons.

    The offers set aside (:func:`~efc_scoring.procedure.set_aside`) are taken out
    with their marks; when the tender declares options, the prices are those
    compared (:func:`~efc_scoring.procedure.price_options` with the PSE retained
    in the ledger). What :func:`round_consolidation` consolidates, and what the
    browser session ranks.
    """
    from efc_scoring.procedure.admissibility import set_aside
    from efc_scoring.procedure.options import price_options
    from efc_scoring.scoring.evaluate import take_out

    key = round_key(tender, round)
    gone = set_aside(tender, records, key)
    kept, gone = take_out(tender, gone) if gone else (tender, {})
    if tender.options:
        kept = price_options(kept, retained_pse(tender, records, key))
    return kept, dict(gone)


def round_consolidation(
    tender: Tender,
    ledger: Ledger | str | os.PathLike[str],
    round: str | None = None,
    *,
    fallback: Any = "mean",
) -> Consolidation:
    """The committee's marks of a round with its decisions, ready to score and report.

    - the offers set aside in the round (irregular not regularised,
      unacceptable, inappropriate, rejected as abnormally low:
      :func:`~efc_scoring.procedure.set_aside`) are left out, and kept with
      their reasons (``consolidation.set_aside``, then ``evaluation.set_aside``);
    - when the tender declares options, the prices compared are the base
      offer, every optional tranche and the PSE retained in the ledger for
      every offer (:func:`~efc_scoring.procedure.price_options`), none before
      the choice is recorded;
    - the marks are the committee's decisions where it took one
      (:func:`~efc_scoring.committee.decisions.committee_decisions`), else
      ``fallback`` of the individual marks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import load_tender, sample_path
    >>> from efc_scoring.procedure import record_status
    >>> t = load_tender(sample_path("nettoyage"))
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> _ = record_status(t, "O2", "inacceptable", "Prix au-delà du budget.",
    ...                   by="Service achats", ledger=journal)
    >>> evaluation = round_consolidation(t, journal).evaluate()
    >>> evaluation.ranks.get("O2"), evaluation.set_aside["O2"]
    (None, 'offre inacceptable (art. L. 2152-3) : Prix au-delà du budget.')
    """
    from efc_scoring.committee._consolidate import consolidate
    from efc_scoring.committee.decisions import committee_decisions

    key = round_key(tender, round)
    kept, gone = round_offers(tender, read_records(ledger), key)
    decisions = committee_decisions(ledger, round=key)
    consolidation = consolidate(kept, method="consensus", consensus=decisions, fallback=fallback)
    if not gone:
        return consolidation
    return replace(consolidation, set_aside=gone, received=tender)
