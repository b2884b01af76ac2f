"""Exact one-dimensional sweeps: where, along one weight, mark or price, does the winner change?

One value ``t`` moves (a criterion's weight, the other weights rescaled to keep
100 points; one offer's mark on one criterion; one offer's price) and every
other input of the lot stays. Along ``t``, the award depends on two kinds of
exact quantities for every offer of the lot, eliminated ones included:

- its total minus the total of the current winner;
- its points on each criterion that has an elimination threshold, minus the
  threshold (an offer is eliminated when one of them is negative).

Over a *regime* of ``t`` each of these quantities is ``(a + b t) / D(t)``, with
one denominator ``D`` shared by all of them: ``D = 1`` for weights (the
thresholds are rescaled with their criterion's weight) and marks, and for
prices the denominator of the price formula between two of the other offers'
prices (see :func:`price_regimes`). The winner can only change where one of
these numerators vanishes or where a regime ends; between two such points it
is read exactly at the midpoint. The regimes cover the whole admissible range
of ``t``: ``(0, 100)`` points for a weight, the scale for a mark, every
positive price for a price, whatever the other offers' prices.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring.model.criteria import PriceFormula, PriceScoring, RubricScoring
from efc_scoring.scoring.price import price_points

if TYPE_CHECKING:
    from efc_scoring.scoring.evaluate import Evaluation

#: Totals of every offer of the lot, and its margin over each threshold.
State = tuple[list[Fraction], list[list[Fraction]]]
#: A regime: from ``low`` to ``high`` (None: no end), with its common denominator.
Regime = tuple[Fraction, Fraction | None, Callable[[Fraction], Fraction]]


def _one(_: Fraction) -> Fraction:
    return Fraction(1)


@dataclass(frozen=True)
class Gate:
    """An elimination threshold: the node, the indices of its leaves, its threshold and weight."""

    node: str
    leaves: frozenset[int]
    threshold: Fraction
    weight: Fraction


@dataclass(frozen=True)
class LotModel:
    """Every offer of one lot (eliminated ones too), with exact shares and thresholds."""

    lot: str
    offers: tuple[str, ...]
    leaves: tuple[str, ...]
    weights: tuple[Fraction, ...]
    shares: tuple[tuple[Fraction, ...], ...]  # offers x leaves
    gates: tuple[Gate, ...]

    def state(
        self,
        weights: Sequence[Fraction] | None = None,
        shares: Sequence[Sequence[Fraction]] | None = None,
        thresholds: Sequence[Fraction] | None = None,
    ) -> State:
        """Totals and threshold margins with some weights, shares or thresholds replaced."""
        w = self.weights if weights is None else weights
        rows = self.shares if shares is None else shares
        limits = [g.threshold for g in self.gates] if thresholds is None else thresholds
        totals, margins = [], []
        for row in rows:
            points = [wj * s for wj, s in zip(w, row, strict=True)]
            totals.append(sum(points, Fraction(0)))
            margins.append(
                [
                    sum((points[j] for j in g.leaves), Fraction(0)) - limit
                    for g, limit in zip(self.gates, limits, strict=True)
                ]
            )
        return totals, margins

    def winners(self, state: State) -> tuple[str, ...]:
        """The admitted offers with the highest total (none when all are eliminated)."""
        totals, margins = state
        admitted = [i for i, row in enumerate(margins) if all(x >= 0 for x in row)]
        if not admitted:
            return ()
        best = max(totals[i] for i in admitted)
        return tuple(self.offers[i] for i in admitted if totals[i] == best)


def lot_model(evaluation: Evaluation, lot: str) -> LotModel:
    """The exact model of one lot of a scored tender."""
    tender = evaluation.tender
    offers = tuple(o.id for o in tender.offers_in(lot))
    leaves = tuple(leaf.id for leaf in tender.leaves)
    index = {leaf: j for j, leaf in enumerate(leaves)}
    share = {(ln.offer, ln.criterion): ln.share for ln in evaluation.lines}
    gates = tuple(
        Gate(
            node_id,
            frozenset(index[leaf.id] for leaf in node.leaves()),
            Fraction(node.threshold),
            Fraction(node.weight),
        )
        for node_id, (node, _) in tender.nodes.items()
        if node.threshold is not None
    )
    return LotModel(
        lot=lot,
        offers=offers,
        leaves=leaves,
        weights=tuple(Fraction(leaf.weight) for leaf in tender.leaves),
        shares=tuple(tuple(share[(o, c)] for c in leaves) for o in offers),
        gates=gates,
    )


# ----------------------------------------------------------------- the three moves


def weight_move(model: LotModel, inside: frozenset[int]) -> Callable[[Fraction], State]:
    """The state when the leaves ``inside`` weigh ``t`` points together, the others ``100 - t``.

    Each group keeps its proportions; each threshold is rescaled with the
    weight of its criterion (a threshold of half a criterion's points stays
    half of its points).
    """
    weight = sum((model.weights[j] for j in inside), Fraction(0))

    def state(t: Fraction) -> State:
        k_in, k_out = t / weight, (100 - t) / (100 - weight)
        w = [wj * (k_in if j in inside else k_out) for j, wj in enumerate(model.weights)]
        limits = [
            g.threshold * sum((w[j] for j in g.leaves), Fraction(0)) / g.weight for g in model.gates
        ]
        return model.state(weights=w, thresholds=limits)

    return state


def mark_move(
    model: LotModel, offer: str, leaf: int, low: Fraction, high: Fraction
) -> Callable[[Fraction], State]:
    """The state when ``offer``'s level on ``leaf`` (scale from ``low`` to ``high``) is ``t``."""
    i = model.offers.index(offer)

    def state(t: Fraction) -> State:
        rows = list(model.shares)
        row = list(rows[i])
        row[leaf] = (t - low) / (high - low)
        rows[i] = tuple(row)
        return model.state(shares=rows)

    return state


def price_move(
    model: LotModel,
    leaf: int,
    formula: PriceFormula,
    prices: dict[str, Fraction],
    offer: str,
) -> Callable[[Fraction], State]:
    """The state when ``offer``'s price is ``t``, every other price staying (Pmin, Pmax move)."""
    ids = list(model.offers)

    def state(t: Fraction) -> State:
        values = [t if o == offer else prices[o] for o in ids]
        shares = dict(zip(ids, price_points(formula, values, Fraction(1)), strict=True))
        rows = []
        for o, row in zip(ids, model.shares, strict=True):
            changed = list(row)
            changed[leaf] = shares[o]
            rows.append(tuple(changed))
        return model.state(shares=rows)  # the leaf's weight multiplies its share

    return state


def price_regimes(formula: PriceFormula, prices: dict[str, Fraction], offer: str) -> list[Regime]:
    """Regimes of every positive price of ``offer``, the other prices staying.

    Bounds: the other offers' lowest and highest prices and, for the
    relative-gap formula, the prices at which a mark reaches its floor of 0
    (twice the lowest price, half of each other price). Beyond the last bound
    the regime runs on without end.
    """
    rest = [v for o, v in prices.items() if o != offer]
    lo, hi = min(rest), max(rest)
    bounds = {lo, hi}
    if formula is PriceFormula.RELATIVE_GAP:
        bounds |= {2 * lo} | {v / 2 for v in rest}
    edges = sorted(b for b in bounds if b > 0)

    def denominator(p: Fraction) -> Fraction:
        if formula is PriceFormula.PROPORTIONAL:
            return p if p >= lo else Fraction(1)
        if formula is PriceFormula.LINEAR:
            if p < lo:
                return hi - p
            if p > hi:
                return p - lo
            return hi - lo if hi > lo else Fraction(1)
        return lo if p >= lo else p

    lows: list[Fraction] = [Fraction(0), *edges]
    highs: list[Fraction | None] = [*edges, None]
    return [(a, b, denominator) for a, b in zip(lows, highs, strict=True)]


# ----------------------------------------------------------------- the sweep


def first_change(
    model: LotModel,
    state: Callable[[Fraction], State],
    start: Fraction,
    direction: int,
    regimes: Sequence[Regime],
    *,
    closed: bool = False,
) -> tuple[Fraction, tuple[str, ...]] | None:
    """The value beyond which the winner changes, moving from ``start`` up (+1) or down (-1).

    Returns that value and the winner(s) just beyond it, or None when no value
    of the regimes in that direction changes the winner. The regimes must
    cover the admissible range; its ends are excluded, unless ``closed`` (the
    ends of a scale): then a change at the very end (a tie at the lowest or
    highest level) is returned with the end as its value.
    """
    base = model.winners(state(start))
    if len(base) != 1:
        return None
    k = model.offers.index(base[0])
    points: set[Fraction] = set()
    lines: list[tuple[Fraction, Fraction | None, Fraction, list[tuple[Fraction, Fraction]]]] = []
    for low, high, denominator in regimes:
        if (direction > 0 and high is not None and high <= start) or (
            direction < 0 and low >= start
        ):
            continue
        span = Fraction(1) if high is None else high - low
        t1, t2 = low + span / 3, low + 2 * span / 3
        forms = []
        for n1, n2 in zip(
            _forms(state(t1), k, denominator(t1)),
            _forms(state(t2), k, denominator(t2)),
            strict=True,
        ):
            slope = (n2 - n1) / (t2 - t1)
            forms.append((n1 - slope * t1, slope))  # the numerator is a + slope t
            if slope:
                root = t1 - n1 / slope
                if low <= root and (high is None or root <= high):
                    points.add(root)
        lines.append((low, high, t1, forms))
        points.add(low)
        if high is not None:
            points.add(high)
    m, gates = len(model.offers), len(model.gates)

    def changed(t: Fraction) -> bool:
        """Whether the winner differs from ``base`` at ``t``, read on the numerators' signs."""
        forms = next(f for lo, hi, _, f in lines if lo < t and (hi is None or t < hi))
        sign = [a + b * t for a, b in forms]  # denominators are positive
        margins = sign[m - 1 :]
        admitted = [all(x >= 0 for x in margins[i * gates : (i + 1) * gates]) for i in range(m)]
        if not admitted[k]:
            return True
        leads = iter(sign[: m - 1])
        return any(next(leads) >= 0 and admitted[i] for i in range(m) if i != k)

    if direction > 0:
        ahead = sorted(p for p in points if p > start)
        unbounded = any(r[1] is None for r in regimes)
        end = None if unbounded else max(r[1] for r in regimes if r[1] is not None)
    else:
        ahead = sorted((p for p in points if p < start), reverse=True)
        end = min(r[0] for r in regimes)
    # from start (where a formula may jump: equal prices under the linear formula) to the
    # first point, then from point to point, then from the last point to the end
    for point, after in zip([start, *ahead], [*ahead, end], strict=True):
        if after is None:
            probe = 2 * point + 1
        elif after == point:
            continue
        else:
            probe = (point + after) / 2
        if changed(probe):
            return point, model.winners(state(probe))
    if closed and end is not None:
        now = model.winners(state(end))
        if now != base:
            return end, now
    return None


def _forms(state: State, k: int, denominator: Fraction) -> list[Fraction]:
    """Numerators of every quantity that can change the winner ``k``: leads and margins."""
    totals, margins = state
    out = [(t - totals[k]) * denominator for i, t in enumerate(totals) if i != k]
    out += [m * denominator for row in margins for m in row]
    return out


def rubric_range(evaluation: Evaluation, leaf_id: str) -> tuple[Fraction, Fraction] | None:
    """The scale of a rubric leaf (lowest and highest level), None for other leaves."""
    scoring = evaluation.tender.criterion(leaf_id).scoring
    if not isinstance(scoring, RubricScoring):
        return None
    return Fraction(scoring.scale.min), Fraction(scoring.scale.max)


def price_leaf_of(evaluation: Evaluation) -> tuple[int, PriceFormula] | None:
    """Index and formula of the price leaf, if the tender scores the price."""
    for j, leaf in enumerate(evaluation.tender.leaves):
        if isinstance(leaf.scoring, PriceScoring):
            return j, leaf.scoring.formula
    return None
