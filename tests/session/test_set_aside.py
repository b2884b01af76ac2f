"""The browser session reads the procedure's records like ``score``: an offer set aside is
shown « écartée » with its reason, neither ranked nor on the agenda, and gets its own letter."""

from __future__ import annotations

import pytest

from efc_scoring import load_tender
from efc_scoring.procedure import record_status
from efc_scoring.session import Meeting
from efc_scoring.session._views import ranking

REASON = "Prix au-delà des crédits ouverts."


@pytest.fixture
def set_aside_o5(folder):
    record_status(
        load_tender(folder),
        "O5",
        "inacceptable",
        REASON,
        by="Service achats",
        ledger=folder / "journal-commission.jsonl",
    )
    return folder


def test_an_offer_set_aside_is_shown_ecartee_not_ranked_nor_on_the_agenda(set_aside_o5):
    meeting = Meeting(set_aside_o5, by="Claire Morel", evidence=False)
    state = meeting.reveal()
    assert "O5" not in state.evaluation.ranks and "O5" in state.evaluation.set_aside
    # O5's disputed item (env.transport) leaves the agenda; O2's stays
    assert [k for k in state.disputed] == [("O2", "coop")]
    assert state.progress == "0 point réglé sur 1"
    standings = ranking(meeting, state.evaluation, "L1")
    assert [s.offer for s in standings][-1] == "O5"
    last = standings[-1]
    assert last.rank is None and last.total is None
    assert last.eliminated == f"écartée : offre inacceptable (art. L. 2152-3) : {REASON}"
    assert [s.rank for s in standings[:3]] == [1, 2, 3]  # O4 stays under a threshold


def test_the_overview_page_shows_the_reason(set_aside_o5):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from efc_scoring.session import Access, create_app

    meeting = Meeting(set_aside_o5, by="Claire Morel", evidence=False)
    meeting.reveal()
    access = Access.new([e.id for e in meeting.state().tender.evaluators])
    client = TestClient(create_app(meeting, access, documents={"draws": 200}))
    client.get(f"/entrer?jeton={access.chair}")
    page = client.get("/").text
    assert "écartée : offre inacceptable (art. L. 2152-3)" in page and REASON in page


def test_documents_give_the_offer_set_aside_its_own_letter(set_aside_o5):
    meeting = Meeting(set_aside_o5, by="Claire Morel", evidence=False)
    meeting.reveal()
    meeting.record("O2", "coop", 3, "Bilan annuel sans les agents.")
    assert meeting.state().finished
    done = meeting.produce_documents(formats=("md",), draws=200, evidence=False)
    assert sorted(p.name for p in done.letters if p.suffix == ".md") == [
        "lettre-O2.md",
        "lettre-O3.md",
        "lettre-O4.md",
        "lettre-O5.md",
    ]
    o5 = (set_aside_o5 / "seance" / "lettres" / "lettre-O5.md").read_text(encoding="utf-8")
    assert "écartée" in o5 and REASON.rstrip(".") in o5
