"""Price formulas: golden values and rank reversal."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from efc_scoring.scoring.price import linear, price_points, proportional, relative_gap


def test_relative_gap_worked_example():
    """The worked example of the issue: Pmin 200, P 235, 40 points give 33.

    40 × (1 − (235 − 200) / 200) = 40 × 0.825 = 33.
    """
    assert relative_gap(235, 200, 40) == 33


@pytest.mark.parametrize(
    ("price", "expected"),
    [(200, 40), (250, 32), (400, 20), (800, 10)],
)
def test_proportional_worked_examples(price, expected):
    """Nmax × Pmin / P with Pmin 200 and Nmax 40: twice the price, half the points."""
    assert proportional(price, 200, 40) == expected


@pytest.mark.parametrize(
    ("price", "expected"),
    [(200, 40), (250, 20), (300, 0), (275, 10)],
)
def test_linear_worked_examples(price, expected):
    """Nmax × (Pmax − P) / (Pmax − Pmin) with Pmin 200, Pmax 300, Nmax 40."""
    assert linear(price, 200, 300, 40) == expected


def test_relative_gap_floors_at_zero_and_linear_handles_equal_prices():
    assert relative_gap(400, 200, 40) == 0
    assert relative_gap(500, 200, 40) == 0
    assert linear(100, 100, 100, 40) == 40


def test_price_below_pmin_is_refused():
    with pytest.raises(ValueError, match="inférieur au prix le plus bas"):
        proportional(100, 200, 40)


prices = st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=12)


@given(prices, st.sampled_from(["proportional", "linear", "relative_gap"]))
def test_points_within_bounds_and_cheaper_never_worse(values, formula):
    points = price_points(formula, values, 40)
    assert all(0 <= p <= 40 for p in points)
    assert max(points) == 40
    order = sorted(range(len(values)), key=lambda i: values[i])
    for a, b in itertools.pairwise(order):
        assert points[a] >= points[b]


def _winner(prices: dict[str, int], quality: dict[str, Fraction], formula: str) -> str:
    ids = list(prices)
    pts = price_points(formula, [prices[i] for i in ids], 60)
    totals = {i: p + quality.get(i, Fraction(0)) for i, p in zip(ids, pts, strict=True)}
    return max(sorted(totals), key=totals.__getitem__)


# Two offers: A cheaper, B better on quality (40 points of quality, A 20, B 30).
QUALITY = {"A": Fraction(20), "B": Fraction(30), "C": Fraction(0)}


@pytest.mark.parametrize(
    ("formula", "third_price", "reverses"),
    [
        # A cheaper third offer lowers Pmin. Proportional: the gap between A
        # and B shrinks and B overtakes A.
        ("proportional", 50, True),
        # Relative gap: a lower Pmin widens the gaps, so A stays ahead...
        ("relative_gap", 60, False),
        # ...until the floor at 0 binds for both and quality alone decides.
        ("relative_gap", 50, True),
        # Linear: here the wider range still leaves A ahead.
        ("linear", 50, False),
        # A dearer third offer raises Pmax only: the linear formula alone moves.
        ("proportional", 400, False),
        ("relative_gap", 400, False),
        ("linear", 400, True),
    ],
)
def test_which_formulas_let_a_third_offer_reverse_two_others(formula, third_price, reverses):
    """Rank reversal: adding offer C changes the order of A and B.

    With A at 100 and B at 130, 60 points for price and A 20 / B 30 on
    quality, the documented table in ``docs/price-formulas.md`` follows from
    these cases.
    """
    two = {"A": 100, "B": 130}
    three = {**two, "C": third_price}
    before = _winner(two, QUALITY, formula)
    after_totals_winner = _winner_among(three, formula, among=("A", "B"))
    assert (before != after_totals_winner) is reverses


def _winner_among(prices: dict[str, int], formula: str, among: tuple[str, str]) -> str:
    ids = list(prices)
    pts = price_points(formula, [prices[i] for i in ids], 60)
    totals = {i: p + QUALITY[i] for i, p in zip(ids, pts, strict=True)}
    return max(sorted(among), key=totals.__getitem__)
