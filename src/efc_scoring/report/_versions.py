"""Versions of the report: the full internal one, a public one, one per rejected bidder.

What each may show follows the access rules the CADA applies to public
procurement documents: once the contract is signed, the winner's marks, the
committee's comments on its offer and its total price are communicable to
anyone; a rejected bidder's own marks and comments are communicable to that
bidder only; the detail of another bidder's offer (its answers, its marks, its
prices) is covered by business secrecy (code des relations entre le public et
l'administration, art. L. 311-6; CADA, fiche « Marchés publics »).

- ``internal``: everything, for the buyer and the committee;
- ``public``: the method, the ranking (ranks, the winner named), the winner's
  marks and comments, nothing of the other offers;
- ``bidder``: for one rejected bidder, its own marks, comments and answers,
  the winner's marks and comments, the ranking (the others unnamed).
"""

from __future__ import annotations

from dataclasses import dataclass

from efc_scoring.errors import ParameterError
from efc_scoring.present import LabelledEnum

__all__ = ["ReportVersion", "View"]


class ReportVersion(LabelledEnum):
    """Who a version of the report is for (``label``: its French name)."""

    INTERNAL = "internal", "version complète (interne)"
    PUBLIC = "public", "version publique"
    BIDDER = "bidder", "version pour un candidat non retenu"

    @classmethod
    def parse(cls, text: str) -> ReportVersion:
        """A version from its value or its French name (« interne », « publique », « candidat »).

        >>> ReportVersion.parse("publique"), ReportVersion.parse("bidder")
        (<ReportVersion.PUBLIC: 'public'>, <ReportVersion.BIDDER: 'bidder'>)
        """
        wanted = text.strip().lower()
        for version in cls:
            if wanted in (version.value, *_FRENCH[version.value]):
                return version
        raise ParameterError(
            f"version de rapport inconnue {text!r} : interne, publique ou candidat"
        )


_FRENCH = {
    "internal": ("interne", "complete", "complète"),
    "public": ("publique",),
    "bidder": ("candidat",),
}


@dataclass(frozen=True)
class View:
    """Which offers a version of the report may detail."""

    version: ReportVersion
    shown: frozenset[str]
    reader: str | None = None

    @property
    def full(self) -> bool:
        """The internal version: every offer in detail."""
        return self.version is ReportVersion.INTERNAL

    def sees(self, offer: str) -> bool:
        """Whether the offer's name, marks, comments and price may be shown."""
        return self.full or offer in self.shown


def view_for(evaluation: object, version: ReportVersion | str, bidder: str | None) -> View:
    """The view of ``version`` on ``evaluation``: its winners, and the bidder's offer."""
    chosen = version if isinstance(version, ReportVersion) else ReportVersion.parse(version)
    scored = evaluation.tender  # type: ignore[attr-defined]
    received = evaluation.offers_received  # type: ignore[attr-defined]
    winners = {w for lot in scored.lots for w in evaluation.winners(lot.id)}  # type: ignore[attr-defined]
    if chosen is ReportVersion.INTERNAL:
        if bidder is not None:
            raise ParameterError("un candidat (bidder=) ne se donne qu'à la version « candidat »")
        return View(chosen, frozenset(o.id for o in received.offers))
    if chosen is ReportVersion.PUBLIC:
        if bidder is not None:
            raise ParameterError("un candidat (bidder=) ne se donne qu'à la version « candidat »")
        return View(chosen, frozenset(winners))
    if bidder is None:
        raise ParameterError(
            "version « candidat » sans candidat : donner l'offre du candidat non retenu "
            "(bidder=, --offre)"
        )
    known = {o.id for o in received.offers}
    if bidder not in known:
        raise ParameterError(
            f"offre inconnue {bidder!r} pour la version « candidat » : offres "
            + ", ".join(sorted(known))
        )
    if bidder in winners:
        raise ParameterError(
            f"l'offre {bidder} est classée première : sa version est la version publique"
        )
    return View(chosen, frozenset(winners | {bidder}), reader=bidder)
