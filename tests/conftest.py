"""Shared fixtures: seeded factories of tenders, offers and marks."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from efc_scoring import Tender
from tender_factories import build_tender

# In CI the property tests draw the same examples at every run: a red build always means
# a real regression, never an unlucky draw. Locally they explore new examples each run.
# No deadline: a per-example time limit is a timing assertion, and it fails on a loaded
# machine (the suite runs on two cores shared by several developers).
settings.register_profile("default", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture
def tender_factory():
    """Factory of small valid tenders (see :func:`build_tender`)."""
    return build_tender


@pytest.fixture
def small_tender() -> Tender:
    return build_tender()
