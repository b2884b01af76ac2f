"""Critical weights, marks and prices of the weighted sum, in closed form.

How far can a weight, a mark or a price move before another offer wins? For
the weighted sum the answers are exact and need no search:

- **weights**: when the weight of a criterion ``c`` goes from ``W`` to ``t``
  and the other weights are rescaled in proportion to keep 100 points, each
  offer's total is ``t a_i + (100 − t) b_i``, with ``a_i`` its points on ``c``
  per point of ``c``'s weight and ``b_i`` the same for the rest of the tree.
  Two totals cross at ``t = 100 (b_i − b_k) / ((b_i − b_k) − (a_i − a_k))``;
  the critical weight is the crossing with the winner nearest ``W`` on each side.
- **marks**: one mark moves one offer's points on one criterion by
  ``weight × Δ / (max − min)`` of the scale; the winner changes once its lead
  (or its margin over an elimination threshold) is used up.
- **prices**: see :mod:`efc_scoring.mcda._price_critical`.

Every threshold is exact (:class:`fractions.Fraction`): at the threshold the
offers tie; just beyond it the winner changes. Eliminations are held as they
are for weights and prices (an eliminated offer stays out); for marks, the
winner's margin over an elimination threshold counts.

References
----------
Triantaphyllou & Sánchez (1997), « A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods », *Decision Sciences*
28(1), 151-194.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring.mcda._lot import LotData, lot_data, marks_of, pick_lot
from efc_scoring.mcda._price_critical import critical_price, totals_with_price
from efc_scoring.model.criteria import PriceScoring, RubricScoring

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


@dataclass(frozen=True)
class Critical:
    """One critical value: the winner changes just beyond ``threshold``.

    ``kind`` is ``"weight"`` (of ``criterion``, in points), ``"mark"`` (of
    ``offer`` on ``criterion``, in levels of the scale) or ``"price"`` (of
    ``offer``); ``direction`` is ``"down"`` or ``"up"``; ``threshold`` is None
    when no value in that direction changes the winner.
    """

    kind: str
    lot: str
    criterion: str | None
    offer: str | None
    current: Fraction
    direction: str
    threshold: Fraction | None
    new_winner: tuple[str, ...] = ()

    @property
    def change(self) -> Fraction | None:
        """How far the value must move (same unit as ``current``)."""
        return None if self.threshold is None else abs(self.threshold - self.current)


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
    data = lot_data(evaluation, lot)
    winners = _winners(data.offers, data.totals())
    tender = evaluation.tender
    out: list[Critical] = []
    seen: set[frozenset[int]] = set()
    for node_id, (node, _) in tender.nodes.items():
        leaf_ids = {leaf.id for leaf in node.leaves()}
        inside = frozenset(j for j, c in enumerate(data.leaves) if c in leaf_ids)
        weight = sum((data.weights[j] for j in inside), Fraction(0))
        if inside in seen or weight == 100 or len(winners) != 1:
            continue
        seen.add(inside)
        a, b = _split(data, inside, weight)
        k = data.offers.index(winners[0])
        roots: list[tuple[Fraction, str]] = []
        for i, offer in enumerate(data.offers):
            da, db = a[k] - a[i], b[k] - b[i]
            if i == k or db == da:
                continue
            t = 100 * db / (db - da)
            if 0 < t < 100:  # at 0 or 100 a tie at most: nothing lies beyond
                roots.append((t, offer))
        for direction, side in (
            ("down", [r for r in roots if r[0] < weight]),
            ("up", [r for r in roots if r[0] > weight]),
        ):
            if side:
                t = max(r[0] for r in side) if direction == "down" else min(r[0] for r in side)
                who = tuple(o for r, o in side if r == t)
            else:
                t, who = None, ()
            out.append(Critical("weight", data.lot, node_id, None, weight, direction, t, who))
    return tuple(out)


def critical_marks(evaluation: Evaluation, lot: str | None = None) -> tuple[Critical, ...]:
    """Smallest change of each competing offer's rubric mark that changes the winner.

    The winner's marks are lowered, the others' raised. Marks are those of the
    evaluation (the committee's means by default), in levels of the scale.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> crit = critical_marks(score(load_tender(sample_path("nettoyage"))))
    >>> {c.direction for c in crit if c.offer == "O1"}
    {'down'}
    """
    data = lot_data(evaluation, lot)
    totals = dict(zip(data.offers, data.totals(), strict=True))
    winners = _winners(data.offers, data.totals())
    if len(winners) != 1:
        return ()
    k = winners[0]
    lead = totals[k] - max(t for o, t in totals.items() if o != k) if len(totals) > 1 else None
    second = [o for o in data.offers if o != k and totals[k] - totals[o] == lead]
    tender = evaluation.tender
    marks = marks_of(evaluation)
    points = _node_points(evaluation)
    out: list[Critical] = []
    for leaf in tender.leaves:
        if not isinstance(leaf.scoring, RubricScoring):
            continue
        lo, hi = Fraction(leaf.scoring.scale.min), Fraction(leaf.scoring.scale.max)
        per_level = Fraction(leaf.weight) / (hi - lo)
        for offer in data.offers:
            level = marks[(offer, leaf.id)]
            if offer == k:
                margins = [] if lead is None else [(lead, tuple(second))]
                for node_id in (*tender.nodes[leaf.id][1], leaf.id):
                    node = tender.criterion(node_id)
                    if node.threshold is not None:
                        margins.append(
                            (points[(k, node_id)] - Fraction(node.threshold), tuple(second))
                        )
                margin, who = min(margins, default=(None, ()))
                room, direction = level - lo, "down"
            else:
                margin, who = totals[k] - totals[offer], (offer,)
                room, direction = hi - level, "up"
            delta = None if margin is None else margin / per_level
            if delta is not None and delta < room:
                threshold = level - delta if direction == "down" else level + delta
            else:
                threshold, who = None, ()
            out.append(Critical("mark", data.lot, leaf.id, offer, level, direction, threshold, who))
    return tuple(out)


def critical_prices(evaluation: Evaluation, lot: str | None = None) -> tuple[Critical, ...]:
    """The price at which each competing offer would win (or the winner would lose).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> crit = critical_prices(score(load_tender(sample_path("nettoyage"))))
    >>> [(c.offer, c.direction) for c in crit][:2]
    [('O1', 'up'), ('O2', 'down')]
    """
    tender = evaluation.tender
    lot_id = pick_lot(evaluation, lot)
    leaf = next((c for c in tender.leaves if isinstance(c.scoring, PriceScoring)), None)
    if leaf is None:
        return ()
    assert isinstance(leaf.scoring, PriceScoring)
    data = lot_data(evaluation, lot_id)
    winners = _winners(data.offers, data.totals())
    if len(winners) != 1 or len(data.offers) < 2:
        return ()
    prices = {o.id: Fraction(o.total_price) for o in tender.offers_in(lot_id)}  # type: ignore[arg-type]
    price_pts = {ln.offer: ln.points for ln in evaluation.lines if ln.criterion == leaf.id}
    others = {o: t - price_pts[o] for o, t in zip(data.offers, data.totals(), strict=True)}
    out: list[Critical] = []
    for offer in data.offers:
        totals = totals_with_price(
            leaf.scoring.formula, Fraction(leaf.weight), prices, others, data.offers, offer
        )
        direction = 1 if offer == winners[0] else -1
        found = critical_price(leaf.scoring.formula, prices, offer, totals, direction)
        threshold, who = found if found else (None, ())
        out.append(
            Critical(
                "price",
                lot_id,
                leaf.id,
                offer,
                prices[offer],
                "up" if direction > 0 else "down",
                threshold,
                who,
            )
        )
    return tuple(out)


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
                "new_winner": list(c.new_winner),
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
    Le lauréat ne change que si le poids du critère « Prix » passe de 40 à plus de 66,31
    points (O4 passerait en tête).
    """
    data = lot_data(evaluation, lot)
    tender = evaluation.tender
    return CriticalAnalysis(
        lot=data.lot,
        winners=_winners(data.offers, data.totals()),
        weights=critical_weights(evaluation, data.lot),
        marks=critical_marks(evaluation, data.lot),
        prices=critical_prices(evaluation, data.lot),
        labels={node_id: node.label for node_id, (node, _) in tender.nodes.items()},
        currency=tender.currency,
    )


def _winners(offers: tuple[str, ...], totals: tuple[Fraction, ...]) -> tuple[str, ...]:
    best = max(totals)
    return tuple(o for o, t in zip(offers, totals, strict=True) if t == best)


def _split(
    data: LotData, inside: frozenset[int], weight: Fraction
) -> tuple[list[Fraction], list[Fraction]]:
    """Points per point of weight inside and outside the criterion, offer by offer."""
    a, b = [], []
    for row in data.shares:
        pin = sum((data.weights[j] * row[j] for j in inside), Fraction(0))
        pout = sum((data.weights[j] * s for j, s in enumerate(row) if j not in inside), Fraction(0))
        a.append(pin / weight)
        b.append(pout / (100 - weight))
    return a, b


def _node_points(evaluation: Evaluation) -> dict[tuple[str, str], Fraction]:
    out: dict[tuple[str, str], Fraction] = {}
    for ln in evaluation.lines:
        for node in (*ln.parents, ln.criterion):
            out[(ln.offer, node)] = out.get((ln.offer, node), Fraction(0)) + ln.points
    return out
