"""Rounds of a procedure with negotiation: close a round, admit offers to the next, trace.

A procedure with negotiation scores the initial offers, admits some bidders to
negotiate, may narrow the field round after round by the award criteria, and
scores the final offers. Each round's offers and marks live in their own folder
(``rounds/<id>/``, the tender folder for the initial offers).
:func:`close_round` freezes a round: the SHA-256 of its files, the totals and
ranks it gave, in the ledger; a file changed afterwards shows against it
(:func:`changed_files`). :func:`admit` records, for each offer, whether it goes
on to the next round and why; :func:`trace` gives the before/after per offer
and the admissions, which the report shows.

References
----------
Code de la commande publique, art. R. 2161-17 to R. 2161-20 (procédure avec
négociation: negotiation of the initial and later offers, reduction of the
number of offers by the award criteria when the consultation documents provide
for it, equal treatment, information of the bidders), R. 2123-5 (MAPA with
negotiation). Equal treatment of the bidders through the rounds is what a judge
checks: every admission and exclusion needs its reason.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import ProcedureError
from efc_scoring.model.tender import Tender
from efc_scoring.procedure._records import Admission, RoundClosure, book, read_records
from efc_scoring.procedure._rounds_key import round_key
from efc_scoring.procedure.admissibility import _offer, _stamp, _what, set_aside

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["RoundTrace", "admit", "changed_files", "close_round", "next_round", "trace"]

#: A ledger or the path of one.
LedgerArg = Any


def next_round(tender: Tender, round: str | None) -> str:
    """The id of the round after ``round``; a ProcedureError after the last one."""
    ids = [r.id for r in tender.round_list]
    here = ids.index(round_key(tender, round) or ids[0])
    if here + 1 >= len(ids):
        raise ProcedureError(
            f"le tour {ids[here]} est le dernier déclaré : pas de tour suivant (clé `rounds`)"
        )
    return ids[here + 1]


def _files(folder: Path, initial: bool) -> dict[str, str]:
    """SHA-256 of a round's offers and marks files, by path relative to the folder."""
    names: list[Path] = []
    for name in ("offers.csv", "offers.xlsx", "scores.csv"):
        if (folder / name).is_file():
            names.append(folder / name)
    if (folder / "offers").is_dir():
        names += sorted(p for p in (folder / "offers").rglob("*") if p.is_file())
    if initial and (folder / "tender.yaml").is_file():
        names.append(folder / "tender.yaml")
    out = {}
    for path in names:
        out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def close_round(
    tender: Tender,
    evaluation: Evaluation,
    *,
    tender_path: str | os.PathLike[str],
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    at: datetime | None = None,
) -> RoundClosure:
    """Freeze a round: its files' SHA-256, the totals and ranks of ``evaluation``.

    ``evaluation`` is the scoring of the round's admissible offers
    (:func:`~efc_scoring.procedure.admissibility.admissible`) with the
    committee's decisions. A round is closed once.
    """
    from efc_scoring.io.tender import round_folder

    key = round_key(tender, round)
    if read_records(ledger).closure(key) is not None:
        raise ProcedureError(
            f"le tour {key or tender.round_list[0].id} est déjà clos : ses offres et notes sont "
            "figées"
        )
    files = _files(round_folder(tender_path, key), key is None)
    totals = {o: str(v) for o, v in evaluation.totals.items()}
    ranks = {o: r for o, r in evaluation.ranks.items()}
    bidders = {o.id: o.bidder for o in evaluation.offers_received.offers}
    entry = book(ledger).append(
        "round",
        _what(key, files=files, totals=totals, ranks=ranks, bidders=bidders),
        who=by,
        at=at,
    )
    return RoundClosure(
        **_stamp(entry),
        round=key,
        files=tuple(sorted(files.items())),
        totals=tuple(sorted(totals.items())),
        ranks=tuple(sorted(ranks.items())),
        bidders=tuple(sorted(bidders.items())),
    )


def changed_files(
    tender: Tender, tender_path: str | os.PathLike[str], ledger: LedgerArg, round: str | None
) -> list[str]:
    """The files of a closed round changed, added or removed since it was closed."""
    from efc_scoring.io.tender import round_folder

    key = round_key(tender, round)
    closure = read_records(ledger).closure(key)
    if closure is None:
        return []
    now = _files(round_folder(tender_path, key), key is None)
    then = dict(closure.files)
    return sorted(k for k in set(now) | set(then) if now.get(k) != then.get(k))


def admit(
    tender: Tender,
    offer: str,
    *,
    admitted: bool,
    reason: str,
    by: str,
    ledger: LedgerArg,
    round: str | None = None,
    to_round: str | None = None,
    at: datetime | None = None,
) -> Admission:
    """Record whether an offer of a closed round goes on to the next round, and why.

    Raises
    ------
    ProcedureError
        The round is not closed, an unknown offer or round, no reason, or an
        offer set aside (irregular, rejected as abnormally low...) admitted.
    """
    _offer(tender, offer)
    key = round_key(tender, round)
    target = to_round or next_round(tender, key)
    round_key(tender, target)
    records = read_records(ledger)
    if records.closure(key) is None:
        raise ProcedureError(
            f"le tour {key or tender.round_list[0].id} n'est pas clos : le clore d'abord "
            "(efc-scoring procedure close), les admissions se décident sur ses résultats"
        )
    gone = set_aside(tender, records, key)
    if admitted and offer in gone:
        raise ProcedureError(
            f"l'offre {offer} est écartée ({gone[offer]}) : elle ne peut être admise au tour "
            "suivant"
        )
    if not reason.strip():
        raise ProcedureError(
            f"admission de l'offre {offer} sans motif : l'égalité de traitement exige de dire "
            "pourquoi chaque offre est admise ou non"
        )
    entry = book(ledger).append(
        "admission",
        _what(key, offer=offer, to_round=target, admitted=admitted),
        who=by,
        justification=reason.strip(),
        at=at,
    )
    return Admission(
        **_stamp(entry),
        round=key,
        to_round=target,
        offer=offer,
        admitted=admitted,
        reason=reason.strip(),
    )


@dataclass(frozen=True)
class RoundTrace:
    """The offers through the rounds: total and rank per closed round, admissions."""

    rounds: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per offer and round: bidder, total, rank, admitted to the next, reason."""
        import pandas as pd

        return pd.DataFrame(
            list(self.rows),
            columns=["offer", "bidder", "round", "total", "rank", "admitted", "reason"],
        )


def trace(tender: Tender, ledger: LedgerArg) -> RoundTrace:
    """The before/after of every offer through the closed rounds, with the admissions.

    Offers are matched across rounds by their id (a bidder keeps its offer id
    from round to round).
    """
    records = read_records(ledger)
    rows = []
    titles = []
    for r in tender.round_list:
        key = round_key(tender, r.id)
        closure = records.closure(key)
        if closure is None:
            continue
        titles.append(r.id)
        totals, ranks, bidders = dict(closure.totals), dict(closure.ranks), dict(closure.bidders)
        for offer in sorted(set(totals) | {a.offer for a in records.admissions if a.round == key}):
            a = records.admission(key, offer)
            rows.append(
                {
                    "offer": offer,
                    "bidder": bidders.get(offer, ""),
                    "round": r.id,
                    "total": Fraction(totals[offer]) if offer in totals else None,
                    "rank": ranks.get(offer),
                    "admitted": None if a is None else a.admitted,
                    "reason": "" if a is None else a.reason,
                }
            )
    return RoundTrace(tuple(titles), tuple(rows))
