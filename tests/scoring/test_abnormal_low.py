"""Abnormally low offers: the corrected-mean method, flagged never excluded."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from efc_scoring import check_abnormally_low


def test_corrected_mean_worked_example():
    """Prices 100, 98, 160, 80: mean 109.5; 160 is more than 20 % above it
    (131.4) and is left out; corrected mean (100 + 98 + 80) / 3 = 92.67; 80 is
    13.7 % under it, beyond 10 %: flagged."""
    checks = check_abnormally_low(
        [("A", Decimal(100)), ("B", Decimal(98)), ("C", Decimal(160)), ("D", Decimal(80))]
    )
    assert checks[0].first_mean == Fraction(219, 2)
    assert checks[0].corrected_mean == Fraction(278, 3)
    assert [c.flagged for c in checks] == [False, False, False, True]
    assert "13,7 %" in checks[3].reason


def test_thresholds_are_parameters():
    prices = [("A", Decimal(100)), ("B", Decimal(95))]
    assert not any(c.flagged for c in check_abnormally_low(prices))
    assert [c.flagged for c in check_abnormally_low(prices, below="0.01")] == [False, True]


def test_a_corrected_mean_on_too_few_offers_is_called_unreliable():
    """One very low price drags the first mean so low that the others are left out."""
    checks = check_abnormally_low(
        [("A", Decimal(1000)), ("B", Decimal(14000)), ("C", Decimal(11000))]
    )
    assert not any(c.flagged for c in checks)
    assert "peu fiable" in checks[0].reason
