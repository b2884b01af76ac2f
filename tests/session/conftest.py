"""Fixtures of the session tests: a copy of a bundled tender, a meeting, a client."""

from __future__ import annotations

import re
import shutil

import pytest

from efc_scoring import sample_path


@pytest.fixture
def folder(tmp_path):
    """A copy of the cleaning tender (the session writes its ledger and documents there)."""
    target = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), target)
    return target


@pytest.fixture
def meeting(folder):
    from efc_scoring.session import Meeting

    return Meeting(folder, by="Claire Morel, présidente", evidence=False)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.fixture
def chair_client(meeting):
    """A test client holding the chair's link (its cookie set by /entrer)."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from efc_scoring.session import Access, create_app

    access = Access.new([e.id for e in meeting.state().tender.evaluators])
    client = TestClient(create_app(meeting, access, documents={"draws": 200}))
    client.get(f"/entrer?jeton={access.chair}")
    client.access = access
    return client
