"""Shared fixtures: seeded factories of tenders, offers and marks."""

from __future__ import annotations

import pytest

from efc_scoring import Tender
from tender_factories import build_tender


@pytest.fixture
def tender_factory():
    """Factory of small valid tenders (see :func:`build_tender`)."""
    return build_tender


@pytest.fixture
def small_tender() -> Tender:
    return build_tender()
