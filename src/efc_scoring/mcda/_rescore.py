"""Re-scoring of the whole tender at the values a sentence prints.

The critical values come from exact sweeps (:mod:`efc_scoring.mcda._sweep`);
what a sentence prints is a rounded value on each side of the threshold: the
last one that keeps the winner and the first one that changes it. Each of them
is checked here by :func:`efc_scoring.score` on a copy of the tender changed at
exactly that value (a weight, with the other weights rescaled and thresholds
following their criterion; a mark; a price), so that a sentence never states a
number the scoring itself would contradict. The copy keeps only the offers of
the lot: lots are scored apart.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from efc_scoring.model.tender import Tender
    from efc_scoring.scoring.evaluate import Evaluation

MarkKey = tuple[str, str]
_PLACES = 24  # decimals of a rescaled weight: sums stay exact in 28 digits
_SLACK = Decimal("1e-22")  # a rescaled threshold is lowered by this much


def winners_with_weight(
    evaluation: Evaluation, marks: dict[MarkKey, Fraction], node_id: str, t: Fraction, lot: str
) -> tuple[str, ...]:
    """Winners when criterion ``node_id`` weighs ``t`` points, the other leaves rescaled."""
    from efc_scoring.scoring.evaluate import score

    return score(_reweighted(_lot_only(evaluation.tender, lot), node_id, t), marks).winners(lot)


def winners_with_mark(
    evaluation: Evaluation, marks: dict[MarkKey, Fraction], key: MarkKey, level: Fraction, lot: str
) -> tuple[str, ...]:
    """Winners when one offer's level on one criterion is ``level``."""
    from efc_scoring.scoring.evaluate import score

    return score(_lot_only(evaluation.tender, lot), {**marks, key: level}).winners(lot)


def winners_with_price(
    evaluation: Evaluation, marks: dict[MarkKey, Fraction], offer: str, price: Fraction, lot: str
) -> tuple[str, ...]:
    """Winners when ``offer``'s total price is ``price`` (its priced lines dropped)."""
    from efc_scoring.scoring.evaluate import score

    tender = _lot_only(evaluation.tender, lot)
    amount = _decimal(price)
    offers = tuple(
        o.model_copy(update={"price": amount, "lines": ()}) if o.id == offer else o
        for o in tender.offers
    )
    return score(tender.model_copy(update={"offers": offers}), marks).winners(lot)


def _lot_only(tender: Tender, lot: str) -> Tender:
    """The tender with the offers of one lot only (the marks are passed to ``score``)."""
    return tender.model_copy(update={"offers": tender.offers_in(lot), "marks": ()})


def _decimal(x: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(x.numerator) / Decimal(x.denominator)


def _reweighted(tender: Tender, node_id: str, t: Fraction) -> Tender:
    """The tender with ``node_id`` at ``t`` points, every other leaf rescaled to keep 100.

    Leaf weights are written with 24 decimals, rounded down (parents as the
    sum of their children, the rounding dust on the heaviest leaf outside the
    criterion); each threshold follows its criterion's weight, rounded down by
    ``1e-22`` more, so that an offer exactly at its threshold stays exactly
    admitted despite the rounding of the weights (at most ``1e-24`` a leaf).
    """
    from efc_scoring.model.tender import Tender

    node = tender.criterion(node_id)
    inside = {leaf.id for leaf in node.leaves()}
    old = Fraction(node.weight)
    k_in, k_out = t / old, (100 - t) / (100 - old)
    quantum = Decimal(1).scaleb(-_PLACES)

    def leaf_weight(c: Any) -> Decimal:
        return _decimal(Fraction(c.weight) * (k_in if c.id in inside else k_out)).quantize(
            quantum, rounding=ROUND_FLOOR
        )

    outside = [leaf for leaf in tender.leaves if leaf.id not in inside]
    heaviest = max(outside, key=lambda c: c.weight).id

    def rebuild(c: Any) -> dict[str, Any]:
        data = c.model_dump()
        if c.is_leaf:
            data["weight"] = leaf_weight(c) + (dust if c.id == heaviest else 0)
        else:
            data["children"] = [rebuild(child) for child in c.children]
            data["weight"] = sum((ch["weight"] for ch in data["children"]), Decimal(0))
        if c.threshold is not None:
            scaled = _decimal(Fraction(c.threshold) * Fraction(data["weight"]) / Fraction(c.weight))
            floor = scaled.quantize(quantum, rounding=ROUND_FLOOR) - _SLACK
            data["threshold"] = max(min(floor, data["weight"]), Decimal(0))
        return data

    with localcontext() as ctx:
        ctx.prec = 60
        dust = Decimal(100) - sum((leaf_weight(c) for c in tender.leaves), Decimal(0))
        criteria = [rebuild(c) for c in tender.criteria]
    return Tender.model_validate({**tender.model_dump(), "criteria": criteria})
