"""The key of a round in the ledger: None for the initial round, else the round's id."""

from __future__ import annotations

from efc_scoring.errors import ProcedureError
from efc_scoring.model.tender import Tender

__all__ = ["round_key", "round_title"]


def round_key(tender: Tender, round: str | None) -> str | None:
    """None for the initial round (given as None or as its id), else a declared round's id.

    Raises
    ------
    ProcedureError
        A round the tender does not declare.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> round_key(load_tender(sample_path("nettoyage")), "initiale") is None
    True
    """
    rounds = tender.round_list
    if round is None or round == rounds[0].id:
        return None
    if round not in {r.id for r in rounds}:
        known = ", ".join(r.id for r in rounds)
        raise ProcedureError(
            f"tour inconnu {round!r} : le marché déclare les tours {known} (clé `rounds`)"
        )
    return round


def round_title(tender: Tender, round: str | None) -> str:
    """The French name of a round (« Offres initiales » for None)."""
    key = round_key(tender, round)
    rounds = tender.round_list
    found = rounds[0] if key is None else next(r for r in rounds if r.id == key)
    return found.title
