"""Committee governance: declarations of no conflict of interest, phases, sealed marks.

Before receiving a grid, each evaluator declares that they have no conflict of
interest with any bidder (:func:`declare`); :func:`send_grids` writes the grids
only for evaluators who have declared, unless the buyer overrides the rule with
a reason, which the ledger keeps beside the evaluator's name. The phases of the
committee's work on a round (grids sent, returned, revealed, consensus, report)
are ledger entries with their time (:func:`record_phase`); until the marks are
revealed they stay sealed (:func:`sealed`).

The rule applies when the tender file asks for it (``governance.declarations``)
and as soon as the ledger holds one declaration, whatever the tender file says:
once one evaluator has declared, every evaluator must.

References
----------
Code de la commande publique, art. L. 2141-10 (conflict of interest: exclusion
when it cannot be remedied otherwise); directive 2014/24/UE, art. 24 (conflicts
of interest); DAJ, guide « Prévenir les conflits d'intérêts » (declarations by
the members of the committee). The code does not prescribe the wording or the
form of the declaration: the library keeps the text the evaluator signed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from efc_scoring import present
from efc_scoring.errors import ErrorCode, ProcedureError
from efc_scoring.model.tender import Tender
from efc_scoring.procedure._records import (
    Declaration,
    Override,
    Phase,
    PhaseRecord,
    book,
    read_records,
)
from efc_scoring.procedure._rounds_key import round_key

__all__ = [
    "DEFAULT_DECLARATION",
    "check_unsealed",
    "declare",
    "missing_declarations",
    "record_phase",
    "sealed",
    "send_grids",
]

#: The declaration an evaluator signs when no other text is given.
DEFAULT_DECLARATION = (
    "Je déclare n'avoir, à ma connaissance, aucun intérêt personnel, financier, familial ou "
    "professionnel avec l'un des candidats de cette consultation, de nature à compromettre mon "
    "impartialité ou mon indépendance dans l'analyse des offres (article L. 2141-10 du code de "
    "la commande publique). Je m'engage à signaler sans délai tout conflit d'intérêts qui "
    "apparaîtrait en cours de procédure et à m'abstenir alors de toute participation."
)

#: A ledger or the path of one.
LedgerArg = Any


def declare(
    tender: Tender,
    evaluator: str,
    *,
    signed_by: str,
    signed_on: date,
    by: str,
    ledger: LedgerArg,
    text: str = DEFAULT_DECLARATION,
    at: datetime | None = None,
) -> Declaration:
    """Record an evaluator's declaration of no conflict of interest.

    Parameters
    ----------
    tender
        The tender; ``evaluator`` must be one of its evaluators.
    evaluator
        The evaluator's id.
    signed_by, signed_on
        The name the declaration is signed with, and the date of the signature.
    by
        Who records it (the buyer's agent).
    ledger
        The committee's ledger or its path.
    text
        The text signed (by default :data:`DEFAULT_DECLARATION`).

    Raises
    ------
    ProcedureError
        An unknown evaluator, an empty text or signature, a signature dated in
        the future.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from datetime import date
    >>> from efc_scoring import load_tender, sample_path
    >>> t = load_tender(sample_path("nettoyage"))
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> d = declare(t, "agente", signed_by="Claire Martin", signed_on=date(2026, 9, 1),
    ...             by="Service achats", ledger=journal)
    >>> d.evaluator, missing_declarations(t, journal)
    ('agente', ['acheteuse', 'technicien'])
    """
    known = [e.id for e in tender.evaluators]
    if evaluator not in known:
        raise ProcedureError(
            f"évaluateur inconnu {evaluator!r} : évaluateurs du marché "
            f"{', '.join(known) or 'aucun'} (clé `evaluators`)",
            code=ErrorCode.UNKNOWN_ID,
        )
    if not text.strip():
        raise ProcedureError("la déclaration est vide : donner le texte signé par l'évaluateur")
    if not signed_by.strip():
        raise ProcedureError("la déclaration n'est pas signée : donner le nom du signataire")
    if signed_on > date.today():
        raise ProcedureError(
            f"déclaration datée du {present.long_date(signed_on)}, dans le futur : donner la date "
            "de la signature"
        )
    entry = book(ledger).append(
        "declaration",
        {
            "evaluator": evaluator,
            "text": text.strip(),
            "signed_by": signed_by.strip(),
            "signed_on": signed_on.isoformat(),
        },
        who=by,
        at=at,
    )
    return Declaration(
        seq=int(entry["seq"]),
        by=entry["who"],
        at=datetime.fromisoformat(entry["at"]),
        evaluator=evaluator,
        text=text.strip(),
        signed_by=signed_by.strip(),
        signed_on=signed_on,
    )


def _required(tender: Tender, ledger: LedgerArg) -> bool:
    return tender.governance.declarations or bool(read_records(ledger).declarations)


def missing_declarations(
    tender: Tender, ledger: LedgerArg, evaluators: Iterable[str] | None = None
) -> list[str]:
    """The evaluators (of ``evaluators``, all by default) who have not declared, in order."""
    records = read_records(ledger)
    wanted = list(evaluators) if evaluators is not None else [e.id for e in tender.evaluators]
    return [e for e in wanted if records.declaration(e) is None]


def record_phase(
    tender: Tender,
    phase: Phase | str,
    *,
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    detail: str = "",
    at: datetime | None = None,
) -> PhaseRecord:
    """Record a phase of the committee's work on a round, with its time.

    The phases are, in order: grids sent, returned, revealed, consensus,
    report. A phase is refused before the one it follows (a reveal before every
    grid is returned, a consensus before the reveal) once the ledger records
    phases for the round at all; a procedure that records none is not held to it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from efc_scoring import load_tender, sample_path
    >>> t = load_tender(sample_path("nettoyage"))
    >>> journal = pathlib.Path(tempfile.mkdtemp()) / "journal-commission.jsonl"
    >>> record_phase(t, "grids_sent", by="Service achats", ledger=journal).phase.label
    'grilles envoyées'
    >>> try:
    ...     record_phase(t, "consensus", by="Présidente", ledger=journal)
    ... except ProcedureError as exc:
    ...     print(str(exc)[:60])
    « décisions de la commission arrêtées » avant « notes indivi
    """
    try:
        step = phase if isinstance(phase, Phase) else Phase(phase)
    except ValueError:
        allowed = ", ".join(f"{p.value} ({p.label})" for p in Phase)
        raise ProcedureError(f"phase inconnue {phase!r} : phases possibles {allowed}") from None
    key = round_key(tender, round)
    records = read_records(ledger)
    order = list(Phase)
    done = {p.phase for p in records.phases if p.round == key}
    before = order[: order.index(step)]
    if done and before and before[-1] not in done:
        where = "les offres initiales" if key is None else f"le tour {key}"
        raise ProcedureError(
            f"« {step.label} » avant « {before[-1].label} » pour {where} : enregistrer "
            f"d'abord « {before[-1].label} »"
        )
    what: dict[str, Any] = {"phase": step.value, "detail": detail}
    if key is not None:
        what["round"] = key
    entry = book(ledger).append("phase", what, who=by, justification=detail, at=at)
    return PhaseRecord(
        seq=int(entry["seq"]),
        by=entry["who"],
        at=datetime.fromisoformat(entry["at"]),
        phase=step,
        round=key,
        detail=detail,
    )


def sealed(tender: Tender, ledger: LedgerArg, round: str | None = None) -> bool:
    """Whether the individual marks of a round are still sealed.

    They are sealed when the tender asks for it (``governance.sealed_marks``) or
    the ledger records grids sent for the round, until the reveal is recorded.
    """
    key = round_key(tender, round)
    records = read_records(ledger)
    if records.phase(Phase.REVEALED, key) is not None:
        return False
    return tender.governance.sealed_marks or records.phase(Phase.GRIDS_SENT, key) is not None


def check_unsealed(
    tender: Tender, ledger: LedgerArg, round: str | None = None, *, what: str
) -> None:
    """Refuse an output that shows the individual marks side by side while they are sealed.

    The agenda and the agreement of the committee set every evaluator's marks
    beside the others': no evaluator sees them before every grid is returned
    and the marks are revealed (:func:`sealed`).

    Raises
    ------
    ProcedureError
        The marks of the round are sealed (code ``sealed``); ``what`` names the
        output refused.
    """
    if sealed(tender, ledger, round):
        raise ProcedureError(
            f"{what} refusé : les notes individuelles sont scellées jusqu'à ce que toutes les "
            "grilles soient retournées et les notes levées ; aucun évaluateur ne voit les notes "
            "des autres avant. Enregistrer les phases (efc-scoring procedure phase MARCHÉ "
            "returned, puis revealed)",
            code=ErrorCode.SEALED,
        )


def send_grids(
    tender: Tender,
    out: str | os.PathLike[str],
    *,
    by: str,
    ledger: LedgerArg,
    evaluators: Iterable[str] | None = None,
    override: str | None = None,
    round: str | None = None,
    **grid_options: Any,
) -> list[Path]:
    """Write the evaluators' grids once each has declared; record « grilles envoyées ».

    Parameters
    ----------
    tender, out, evaluators, grid_options
        As for :func:`~efc_scoring.excel.write_grids` (``blind``, ``propose``, ``key``...).
    by
        Who sends the grids.
    ledger
        The committee's ledger or its path.
    override
        The reason to send a grid to an evaluator who has not declared (an
        urgency, a declaration on paper to be copied later): kept in the ledger
        for each such evaluator. Without it such an evaluator gets no grid.
    round
        The round whose grids these are.

    Raises
    ------
    ProcedureError
        Declarations are required and an evaluator has none (code
        ``declaration_missing``), and no override reason is given.
    """
    from efc_scoring.excel import write_grids

    key = round_key(tender, round)
    wanted = list(evaluators) if evaluators else [e.id for e in tender.evaluators]
    missing = missing_declarations(tender, ledger, wanted) if _required(tender, ledger) else []
    if missing and not (override and override.strip()):
        names = present.join(f"{tender.evaluator(e).name} ({e})" for e in missing)
        raise ProcedureError(
            f"aucune déclaration d'absence de conflit d'intérêts pour {names} : pas de grille "
            "sans déclaration (art. L. 2141-10 du code de la commande publique). Faire signer "
            "la déclaration puis l'enregistrer (efc-scoring declare), ou passer outre avec une "
            "raison consignée au journal (--dispense « raison »)",
            code=ErrorCode.DECLARATION_MISSING,
        )
    journal = book(ledger)
    for evaluator in missing:
        journal.append(
            "declaration",
            {"evaluator": evaluator, "override": True},
            who=by,
            justification=str(override).strip(),
        )
    paths = write_grids(tender, out, evaluators=wanted, **grid_options)
    record_phase(
        tender,
        Phase.GRIDS_SENT,
        by=by,
        ledger=journal,
        round=key,
        detail=f"{present.count(len(paths), 'grille')} : {', '.join(wanted)}",
    )
    return paths


def overrides(ledger: LedgerArg) -> tuple[Override, ...]:
    """The grids sent without a declaration, with their reasons."""
    return read_records(ledger).overrides
