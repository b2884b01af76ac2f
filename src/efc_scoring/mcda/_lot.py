"""The data of one lot of an evaluation, as the MCDA modules need it.

Alternatives are the competing offers of the lot (eliminated offers stay out);
criteria are the leaf criteria of the tree; values are the exact shares (0 to 1)
each offer earns on each leaf; weights are the leaves' points out of 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring.errors import ScoringError
from efc_scoring.model.criteria import PriceScoring, RubricScoring

if TYPE_CHECKING:
    import numpy as np

    from efc_scoring.scoring.evaluate import Evaluation

MarkKey = tuple[str, str]


@dataclass(frozen=True)
class LotData:
    """Exact shares and weights of the competing offers of one lot."""

    lot: str
    offers: tuple[str, ...]
    leaves: tuple[str, ...]
    weights: tuple[Fraction, ...]
    shares: tuple[tuple[Fraction, ...], ...]  # offers x leaves
    eliminated: tuple[str, ...]

    def matrix(self) -> np.ndarray:
        """Shares as a float matrix, offers x leaves."""
        import numpy as np

        return np.array([[float(s) for s in row] for row in self.shares], dtype=float)

    def weight_vector(self) -> np.ndarray:
        import numpy as np

        return np.array([float(w) for w in self.weights], dtype=float)

    def totals(self) -> tuple[Fraction, ...]:
        """Exact totals of the offers (the award's weighted sum)."""
        return tuple(
            sum((w * s for w, s in zip(self.weights, row, strict=True)), Fraction(0))
            for row in self.shares
        )


def pick_lot(evaluation: Evaluation, lot: str | None) -> str:
    """The lot asked for, or the only lot of the tender."""
    tender = evaluation.tender
    if lot is not None:
        tender.lot(lot)
        return lot
    with_offers = [x.id for x in tender.lots if tender.offers_in(x.id)]
    if len(with_offers) == 1:
        return with_offers[0]
    raise ScoringError(
        f"le marché a {len(with_offers)} lots avec des offres ({', '.join(with_offers)}) : "
        "en choisir un avec `lot=`"
    )


def lot_data(evaluation: Evaluation, lot: str | None = None) -> LotData:
    """Exact shares of the competing offers of a lot, leaf by leaf."""
    lot_id = pick_lot(evaluation, lot)
    tender = evaluation.tender
    offers = [o.id for o in tender.offers_in(lot_id) if o.id not in evaluation.eliminated]
    if not offers:
        raise ScoringError(f"toutes les offres du lot {lot_id!r} sont éliminées : rien à classer")
    leaves = [leaf.id for leaf in tender.leaves]
    share = {(ln.offer, ln.criterion): ln.share for ln in evaluation.lines}
    return LotData(
        lot=lot_id,
        offers=tuple(offers),
        leaves=tuple(leaves),
        weights=tuple(Fraction(leaf.weight) for leaf in tender.leaves),
        shares=tuple(tuple(share[(o, c)] for c in leaves) for o in offers),
        eliminated=tuple(o.id for o in tender.offers_in(lot_id) if o.id in evaluation.eliminated),
    )


def marks_of(evaluation: Evaluation) -> dict[MarkKey, Fraction]:
    """The exact rubric levels behind an evaluation, recovered from its shares."""
    out: dict[MarkKey, Fraction] = {}
    for ln in evaluation.lines:
        scoring = evaluation.tender.criterion(ln.criterion).scoring
        if isinstance(scoring, RubricScoring):
            lo, hi = Fraction(scoring.scale.min), Fraction(scoring.scale.max)
            out[(ln.offer, ln.criterion)] = lo + ln.share * (hi - lo)
    return out


def price_leaf(evaluation: Evaluation) -> str | None:
    """The id of the price leaf, if the tender scores the price."""
    for leaf in evaluation.tender.leaves:
        if isinstance(leaf.scoring, PriceScoring):
            return leaf.id
    return None


def winners_of(lot: LotData, totals: tuple[Fraction, ...] | None = None) -> tuple[str, ...]:
    """Offers with the highest total (several when tied)."""
    values = lot.totals() if totals is None else totals
    best = max(values)
    return tuple(o for o, t in zip(lot.offers, values, strict=True) if t == best)
