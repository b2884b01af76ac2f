"""Critical weights, marks and prices of the weighted sum, found exactly over their whole range.

How far can a weight, a mark or a price move before another offer wins? For
the weighted sum the answers are exact: along one moving value every total and
every margin over an elimination threshold is a ratio of linear functions, so
the winner can only change at the roots of those functions, found exactly
(:mod:`efc_scoring.mcda._sweep`), and is read exactly between them:

- **weights**: the weight of a criterion ``c`` goes from ``W`` to any ``t``
  between 0 and 100 points, the other weights rescaled in proportion to keep
  100 points; elimination thresholds follow their criterion's weight;
- **marks**: one offer's mark on one criterion anywhere on the scale (the
  winner's marks lowered, the others' raised, eliminated offers included: a
  higher mark may bring one back above its threshold);
- **prices**: one offer's price anywhere above 0, the other prices staying,
  the lowest and highest prices of the lot following (the winner's price
  raised, the others' lowered and raised), however far that is from the other
  offers' prices.

At the threshold the offers tie (or an offer reaches a threshold); just beyond
it the winner changes. Each critical value also carries the two rounded values
a sentence prints, ``inside`` (the last that keeps the winner) and ``beyond``
(the first that changes it); for the values the sentences print, both are
checked by re-scoring the whole tender (:func:`efc_scoring.score`) at exactly
those values.

References
----------
Triantaphyllou & Sánchez (1997), « A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods », *Decision Sciences*
28(1), 151-194.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING

from efc_scoring.mcda import _rescore, _sweep
from efc_scoring.mcda._lot import marks_of, pick_lot

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = [
    "Critical",
    "CriticalAnalysis",
    "critical_marks",
    "critical_prices",
    "critical_values",
    "critical_weights",
]

_ONE = _sweep._one


@dataclass(frozen=True)
class Critical:
    """One critical value: the winner changes just beyond ``threshold``.

    ``kind`` is ``"weight"`` (of ``criterion``, in points), ``"mark"`` (of
    ``offer`` on ``criterion``, in levels of the scale) or ``"price"`` (of
    ``offer``); ``direction`` is ``"down"`` or ``"up"``; ``threshold`` is None
    when no value in that direction, over the whole admissible range, changes
    the winner. ``inside`` and ``beyond`` are the values rounded to ``places``
    decimals on each side of the threshold: at ``inside`` the winner is still
    the same, at ``beyond`` ``new_winner`` leads. ``rescored`` says that both
    were checked by re-scoring the whole tender.
    """

    kind: str
    lot: str
    criterion: str | None
    offer: str | None
    current: Fraction
    direction: str
    threshold: Fraction | None
    new_winner: tuple[str, ...] = ()
    inside: Fraction | None = None
    beyond: Fraction | None = None
    places: int = 2
    rescored: bool = False

    @property
    def change(self) -> Fraction | None:
        """How far the value must move (same unit as ``current``)."""
        return None if self.threshold is None else abs(self.threshold - self.current)

    @property
    def shown_change(self) -> Fraction | None:
        """How far the value must move to reach ``beyond``, the first value printed as changing."""
        return None if self.beyond is None else abs(self.beyond - self.current)


def critical_weights(evaluation: Evaluation, lot: str | None = None) -> tuple[Critical, ...]:
    """Critical weight of every criterion of the tree (top-level and leaves), both ways.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> crit = critical_weights(score(load_tender(sample_path("nettoyage"))))
    >>> down = [c for c in crit if c.criterion == "prix" and c.direction == "down"][0]
    >>> down.current, down.threshold is None
    (Fraction(40, 1), True)
    """
    lot_id = pick_lot(evaluation, lot)
    model = _sweep.lot_model(evaluation, lot_id)
    base = evaluation.winners(lot_id)
    if len(base) != 1:
        return ()
    marks = marks_of(evaluation)
    out: list[Critical] = []
    seen: set[frozenset[int]] = set()
    for node_id, (node, _) in evaluation.tender.nodes.items():
        ids = {leaf.id for leaf in node.leaves()}
        inside = frozenset(j for j, c in enumerate(model.leaves) if c in ids)
        weight = sum((model.weights[j] for j in inside), Fraction(0))
        if inside in seen or weight == 100:
            continue
        seen.add(inside)
        move = _sweep.weight_move(model, inside)
        for direction in ("down", "up"):
            found = _sweep.first_change(
                model, move, weight, _sign(direction), [(Fraction(0), Fraction(100), _ONE)]
            )
            item = Critical("weight", lot_id, node_id, None, weight, direction, None)
            out.append(
                _located(
                    item,
                    found,
                    model,
                    move,
                    (Fraction(0), Fraction(100), False),
                    partial(_rescore.winners_with_weight, evaluation, marks, node_id, lot=lot_id),
                )
            )
    return tuple(out)


def critical_marks(evaluation: Evaluation, lot: str | None = None) -> tuple[Critical, ...]:
    """Smallest change of each offer's rubric mark that changes the winner.

    The winner's marks are lowered, the others' raised (eliminated offers
    included). Marks are those of the evaluation (the committee's means by
    default), in levels of the scale. Only the smallest change on each
    criterion, the one the sentences print, is re-scored (``rescored``).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> crit = critical_marks(score(load_tender(sample_path("nettoyage"))))
    >>> {c.direction for c in crit if c.offer == "O1"}
    {'down'}
    """
    lot_id = pick_lot(evaluation, lot)
    model = _sweep.lot_model(evaluation, lot_id)
    base = evaluation.winners(lot_id)
    if len(base) != 1:
        return ()
    marks = marks_of(evaluation)
    out: list[Critical] = []
    for j, leaf in enumerate(model.leaves):
        scale = _sweep.rubric_range(evaluation, leaf)
        if scale is None:
            continue
        lo, hi = scale
        items: list[Critical] = []
        for offer in model.offers:
            level = marks[(offer, leaf)]
            direction = "down" if offer == base[0] else "up"
            move = _sweep.mark_move(model, offer, j, lo, hi)
            found = _sweep.first_change(
                model, move, level, _sign(direction), [(lo, hi, _ONE)], closed=True
            )
            item = Critical("mark", lot_id, leaf, offer, level, direction, None)
            items.append(_located(item, found, model, move, (lo, hi, True), None))
        found_items = [c for c in items if c.threshold is not None]
        if found_items:
            best = min(found_items, key=lambda c: (c.shown_change, c.offer))
            key = (best.offer or "", leaf)
            confirmed = _confirm(
                best,
                partial(_rescore.winners_with_mark, evaluation, marks, key, lot=lot_id),
                base,
            )
            items = [confirmed if c is best else c for c in items]
        out += items
    return tuple(out)


def critical_prices(evaluation: Evaluation, lot: str | None = None) -> tuple[Critical, ...]:
    """The prices of each offer at which the winner would change, over every positive price.

    The winner's price is raised; every other offer's price is lowered and
    raised (a price moves the lowest or highest price of the lot, hence every
    offer's price points). Directions in which no price changes the winner are
    listed with ``threshold=None`` only where the sentences state it (the
    winner's rise, the others' fall).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> crit = critical_prices(score(load_tender(sample_path("nettoyage"))))
    >>> [(c.offer, c.direction) for c in crit][:2]
    [('O1', 'up'), ('O2', 'down')]
    """
    lot_id = pick_lot(evaluation, lot)
    found_leaf = _sweep.price_leaf_of(evaluation)
    tender = evaluation.tender
    offers = tender.offers_in(lot_id)
    base = evaluation.winners(lot_id)
    if found_leaf is None or len(base) != 1 or len(offers) < 2:
        return ()
    if any(o.total_price is None for o in offers):
        return ()
    leaf, formula = found_leaf
    model = _sweep.lot_model(evaluation, lot_id)
    prices = {o.id: Fraction(o.total_price) for o in offers}  # type: ignore[arg-type]
    marks = marks_of(evaluation)
    leaf_id = model.leaves[leaf]
    out: list[Critical] = []
    for offer in model.offers:
        move = _sweep.price_move(model, leaf, formula, prices, offer)
        regimes = _sweep.price_regimes(formula, prices, offer)
        directions = ("up",) if offer == base[0] else ("down", "up")
        for direction in directions:
            found = _sweep.first_change(model, move, prices[offer], _sign(direction), regimes)
            if found is None and direction == "up" and offer != base[0]:
                continue  # never claimed: the sentences speak of the others' falls only
            item = Critical("price", lot_id, leaf_id, offer, prices[offer], direction, None)
            out.append(
                _located(
                    item,
                    found,
                    model,
                    move,
                    (Fraction(0), None, False),
                    partial(_rescore.winners_with_price, evaluation, marks, offer, lot=lot_id),
                )
            )
    return tuple(out)


def _sign(direction: str) -> int:
    return 1 if direction == "up" else -1


Bounds = tuple[Fraction, Fraction | None, bool]  # low, high (None: none), ends reachable


def _located(
    item: Critical,
    found: tuple[Fraction, tuple[str, ...]] | None,
    model: _sweep.LotModel,
    move: Callable[[Fraction], _sweep.State],
    bounds: Bounds,
    rescore: Callable[[Fraction], tuple[str, ...]] | None,
) -> Critical:
    """The critical value with its printed values; re-scored when ``rescore`` is given."""
    if found is None:
        return item
    threshold, _ = found  # the winners at the printed value are the ones stated
    inside, beyond, places = _rounded(threshold, item.current, item.direction, bounds)
    base = model.winners(move(item.current))
    at_beyond = model.winners(move(beyond))
    if model.winners(move(inside)) != base or at_beyond == base:
        raise RuntimeError(
            f"valeur critique {item.kind} {item.criterion} {item.offer} mal arrondie "
            f"({inside} / {beyond}) : anomalie d'efc_scoring, à signaler"
        )
    located = replace(
        item, threshold=threshold, new_winner=at_beyond, inside=inside, beyond=beyond, places=places
    )
    return located if rescore is None else _confirm(located, rescore, base)


def _confirm(
    item: Critical, rescore: Callable[[Fraction], tuple[str, ...]], base: tuple[str, ...]
) -> Critical:
    """Re-score the whole tender at the two printed values; the sentence states what it finds."""
    assert item.inside is not None and item.beyond is not None
    kept, changed = rescore(item.inside), rescore(item.beyond)
    if kept != base or changed == base:
        raise RuntimeError(
            f"le recalcul du marché contredit la valeur critique {item.kind} "
            f"{item.criterion} {item.offer} ({item.inside} -> {kept}, {item.beyond} -> "
            f"{changed}) : anomalie d'efc_scoring, à signaler"
        )
    return replace(item, new_winner=changed, rescored=True)


def _rounded(
    threshold: Fraction, current: Fraction, direction: str, bounds: Bounds
) -> tuple[Fraction, Fraction, int]:
    """The values on each side of ``threshold`` a sentence prints, and their decimals.

    Two decimals when they fall inside the admissible range and ``inside`` is
    not behind ``current``; more decimals otherwise.
    """
    low, high, reachable = bounds
    up = direction == "up"
    for places in (2, 3, 4, 6, 8, 12):
        step = Fraction(1, 10**places)
        if reachable and threshold == (high if up else low):  # a change at the very end
            inside = threshold - step if up else threshold + step
            if (inside >= current) if up else (inside <= current):
                return inside, threshold, places
            continue
        q = threshold / step
        below, above = (math.ceil(q) - 1) * step, (math.floor(q) + 1) * step
        inside, beyond = (below, above) if up else (above, below)
        if (inside < current) if up else (inside > current):
            continue
        if up and high is not None and (beyond > high or (beyond == high and not reachable)):
            continue
        if not up and (beyond < low or (beyond == low and not reachable)):
            continue
        return inside, beyond, places
    end = high if up else low
    beyond = threshold + ((end - threshold) / 2 if end is not None else 1)
    return current, beyond, 12


@dataclass(frozen=True)
class CriticalAnalysis:
    """Critical weights, marks and prices of one lot, with French sentences."""

    lot: str
    winners: tuple[str, ...]
    weights: tuple[Critical, ...]
    marks: tuple[Critical, ...]
    prices: tuple[Critical, ...]
    labels: Mapping[str, str]
    currency: str = "EUR"

    def records(self) -> list[dict[str, object]]:
        """One plain dict per critical value (None where there is none), for JSON."""
        return [
            {
                "lot": c.lot,
                "kind": c.kind,
                "criterion": c.criterion,
                "offer": c.offer,
                "direction": c.direction,
                "current": float(c.current),
                "threshold": None if c.threshold is None else float(c.threshold),
                "change": None if c.change is None else float(c.change),
                "inside": None if c.inside is None else float(c.inside),
                "beyond": None if c.beyond is None else float(c.beyond),
                "new_winner": list(c.new_winner),
                "rescored": c.rescored,
            }
            for c in (*self.weights, *self.marks, *self.prices)
        ]

    def to_frame(self) -> pd.DataFrame:
        """One row per critical value (kind, criterion, offer, current, threshold, change)."""
        import pandas as pd

        frame = pd.DataFrame(self.records())
        frame["new_winner"] = frame["new_winner"].map(" ".join)
        return frame

    def sentences(self) -> list[str]:
        """French sentences: weights criterion by criterion, then marks and prices."""
        from efc_scoring.mcda._critical_fr import sentences

        return sentences(self)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{s}</li>" for s in self.sentences())
        return f"<ul>{items}</ul>"


def critical_values(evaluation: Evaluation, lot: str | None = None) -> CriticalAnalysis:
    """Critical weights, marks and prices of a lot, bundled with their sentences.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> analysis = critical_values(score(load_tender(sample_path("nettoyage"))))
    >>> print(analysis.sentences()[0])
    Le lauréat reste O1 tant que le poids du critère « Prix » (aujourd'hui 40 points) ne
    dépasse pas 66,31 points ; à 66,32 points, O4 passerait en tête.
    """
    lot_id = pick_lot(evaluation, lot)
    tender = evaluation.tender
    return CriticalAnalysis(
        lot=lot_id,
        winners=evaluation.winners(lot_id),
        weights=critical_weights(evaluation, lot_id),
        marks=critical_marks(evaluation, lot_id),
        prices=critical_prices(evaluation, lot_id),
        labels={node_id: node.label for node_id, (node, _) in tender.nodes.items()},
        currency=tender.currency,
    )
