"""The documents a session produces once every item is settled: the report and the letters.

The same functions as ``efc-scoring report`` (:func:`~efc_scoring.report.write_report`)
and ``efc-scoring letter --all`` (:func:`~efc_scoring.committee.disclosure_letter`),
with the committee's decisions in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import ReportError

if TYPE_CHECKING:
    from efc_scoring.session._meeting import Meeting

__all__ = ["Documents", "produce_documents"]


@dataclass(frozen=True)
class Documents:
    """What :func:`produce_documents` wrote: the report's files and two files per letter."""

    report: tuple[Path, ...]
    letters: tuple[Path, ...]
    warnings: tuple[str, ...]


def produce_documents(
    meeting: Meeting,
    *,
    sent: date | None = None,
    signatory: str | None = None,
    court: str | None = None,
    electronic: bool = True,
    formats: tuple[str, ...] = ("html", "md", "docx"),
    draws: int | None = None,
    evidence: bool = True,
) -> Documents:
    """Write the offers-analysis report and the letters to the rejected bidders.

    The same functions as ``efc-scoring report`` and ``efc-scoring letter
    --all``, with the committee's decisions; refused while an item is
    unsettled. The report goes to ``<out>/rapport/``, the letters (Markdown
    and HTML) to ``<out>/lettres/``.

    Raises
    ------
    ReportError
        Items remain to be settled, or the marks are not revealed.
    """
    from efc_scoring.committee import disclosure_letter
    from efc_scoring.committee.mentions import BidderMentions
    from efc_scoring.report import write_report

    with meeting._lock:
        state = meeting.state()
        if not state.finished:
            left = 0 if state.agenda is None else len(state.agenda)
            raise ReportError(
                "le rapport et les lettres attendent que chaque point de l'ordre du jour "
                f"soit tranché ({state.progress}"
                + (f", {left} restant" + ("s" if left > 1 else "") if left else "")
                + ")"
            )
        consolidation, evaluation = state.consolidation, state.evaluation
        assert consolidation is not None and evaluation is not None
    options: dict[str, Any] = {
        "consolidation": consolidation,
        "formats": formats,
        "evidence": evidence,
    }
    if draws is not None:
        options["draws"] = draws
    report = write_report(state.tender, meeting.out / "rapport", **options)
    mentions = BidderMentions(state.tender)
    letters: list[Path] = []
    warnings: list[str] = []
    if len(state.tender.round_list) > 1:  # a negotiation: every bidder once, eliminated ones too
        from efc_scoring.procedure.letters import rejection_letters

        for letter in rejection_letters(
            meeting.path,
            ledger=meeting.ledger.path,
            scores=meeting.scores_path,
            sent=sent,
            electronic=electronic,
            signatory=signatory,
            court=court,
        ):
            _keep(meeting, letter, letter.offer, letters, warnings)
        return Documents(tuple(report), tuple(letters), tuple(warnings))
    for lot in state.tender.lots:
        winners = evaluation.winners(lot.id)
        for offer in state.tender.offers_in(lot.id):
            if offer.id in winners:
                continue
            letter = disclosure_letter(
                state.tender,
                evaluation,
                offer.id,
                consolidation,
                sent=sent,
                electronic=electronic,
                signatory=signatory,
                court=court,
                mentions=mentions,
            )
            _keep(meeting, letter, offer.id, letters, warnings)
    return Documents(tuple(report), tuple(letters), tuple(warnings))


def _keep(
    meeting: Meeting, letter: Any, offer: str, letters: list[Path], warnings: list[str]
) -> None:
    """Save a letter as HTML and Markdown in the session's folder, and keep its warnings."""
    for suffix in ("html", "md"):
        letters.append(letter.save(meeting.out / "lettres" / f"lettre-{offer}.{suffix}"))
    warnings += [f"{offer} : {w}" for w in dict.fromkeys(letter.warnings)]
