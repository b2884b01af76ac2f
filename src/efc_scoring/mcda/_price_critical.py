"""Exact critical prices: the price of one offer at which the winner of its lot changes.

Every price formula makes the price points of a lot depend on the lowest (and,
for the linear formula, the highest) price. When one offer's price ``p`` moves
and the others stay, ``p`` runs through regimes bounded by the other offers'
lowest and highest prices (and, for the relative-gap formula, by the prices
where a mark hits its floor of 0). Within a regime every offer's total is
``(a + b p) / D(p)`` with one denominator ``D`` common to all offers (``p``,
``1``, ``Pmax − Pmin``, ``Pmax − p`` or ``p − Pmin``): two totals are equal at
the root of a linear equation. The roots of all pairs in all regimes, with the
regime bounds, are the only prices where the order of two offers can change;
the winner is then read exactly between consecutive candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from efc_scoring.model.criteria import PriceFormula
from efc_scoring.scoring.price import price_points

Totals = Callable[[Fraction], dict[str, Fraction]]


def totals_with_price(
    formula: PriceFormula,
    nmax: Fraction,
    prices: dict[str, Fraction],
    others: dict[str, Fraction],
    competing: Sequence[str],
    mover: str,
) -> Totals:
    """Exact totals of the competing offers when ``mover``'s price is ``p``.

    ``prices`` covers every offer of the lot (eliminated ones too: they set
    Pmin and Pmax); ``others`` is each competing offer's non-price points.
    """
    ids = list(prices)

    def totals(p: Fraction) -> dict[str, Fraction]:
        values = [p if o == mover else prices[o] for o in ids]
        pts = dict(zip(ids, price_points(formula, values, nmax), strict=True))
        return {o: others[o] + pts[o] for o in competing}

    return totals


def _denominator(formula: PriceFormula, p: Fraction, lo: Fraction, hi: Fraction) -> Fraction:
    if formula is PriceFormula.PROPORTIONAL:
        return p if p >= lo else Fraction(1)
    if formula is PriceFormula.LINEAR:
        if p < lo:
            return hi - p
        if p > hi:
            return p - lo
        return hi - lo if hi > lo else Fraction(1)
    return lo if p >= lo else p


def candidates(
    formula: PriceFormula, prices: dict[str, Fraction], mover: str, totals: Totals
) -> list[Fraction]:
    """Every price where the order of two competing offers may change (sorted, > 0)."""
    rest = [v for o, v in prices.items() if o != mover]
    lo, hi = min(rest), max(rest)
    bounds = {lo, hi}
    if formula is PriceFormula.RELATIVE_GAP:
        bounds |= {2 * lo} | {v / 2 for v in rest}
    edges = sorted(b for b in bounds if b > 0)
    top = 2 * edges[-1] + 1
    intervals = list(zip([Fraction(0), *edges], [*edges, top], strict=True))
    found: set[Fraction] = set(edges)
    for a, b in intervals:
        p1, p2 = a + (b - a) / 3, a + 2 * (b - a) / 3
        d1, d2 = (_denominator(formula, p, lo, hi) for p in (p1, p2))
        t1, t2 = totals(p1), totals(p2)
        lines = {
            o: ((t2[o] * d2 - t1[o] * d1) / (p2 - p1), t1[o] * d1) for o in t1
        }  # slope, value at p1 of the numerator a + b p
        names = list(lines)
        for i, y in enumerate(names):
            for z in names[i + 1 :]:
                slope = lines[y][0] - lines[z][0]
                gap = lines[y][1] - lines[z][1]
                if slope != 0:
                    root = p1 - gap / slope
                    if a <= root <= b and root > 0:
                        found.add(root)
    return sorted(found)


def critical_price(
    formula: PriceFormula,
    prices: dict[str, Fraction],
    mover: str,
    totals: Totals,
    direction: int,
) -> tuple[Fraction, tuple[str, ...]] | None:
    """The price of ``mover`` beyond which the winner changes, going up (+1) or down (-1).

    Returns the price and the winner(s) just beyond it, or None when no price
    in that direction changes the winner.
    """
    p0 = prices[mover]
    base = _winners(totals(p0))
    points = candidates(formula, prices, mover, totals)
    if direction > 0:
        ahead = [c for c in points if c > p0]
        after = [*ahead[1:], 2 * ahead[-1] + 1] if ahead else []
        probes = [(c, (c + n) / 2) for c, n in zip(ahead, after, strict=True)]
    else:
        ahead = [c for c in reversed(points) if c < p0]
        probes = [(c, (c + n) / 2) for c, n in zip(ahead, [*ahead[1:], Fraction(0)], strict=True)]
    for c, probe in probes:
        if probe <= 0:
            continue
        now = _winners(totals(probe))
        if now != base:
            return c, now
    return None


def _winners(totals: dict[str, Fraction]) -> tuple[str, ...]:
    best = max(totals.values())
    return tuple(o for o, t in totals.items() if t == best)
