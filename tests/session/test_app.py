"""The pages over HTTP (Starlette's test client): access, CSRF, escaping, no server path."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import csrf_of

pytest.importorskip("starlette")
pytest.importorskip("jinja2")


def _reveal(client):
    page = client.get("/")
    return client.post("/lever", data={"csrf": csrf_of(page.text)})


def test_no_page_without_a_link_token(meeting):
    from starlette.testclient import TestClient

    from efc_scoring.session import Access, create_app

    client = TestClient(create_app(meeting, Access.new()))
    for url in ("/", "/point/O2/coop", "/documents", "/etat", "/question/q_cooperation"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Accès réservé à la commission" in response.text
    assert client.get("/entrer?jeton=faux").status_code == 403
    assert client.post("/lever", data={"csrf": "x"}).status_code == 403


def test_every_response_carries_the_security_headers(chair_client):
    for url in ("/", "/static/session.css", "/couleurs.css", "/etat"):
        headers = chair_client.get(url).headers
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, url
        assert "http" not in policy  # nothing loaded from outside
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"


def test_pages_load_nothing_from_outside(chair_client):
    _reveal(chair_client)
    for url in ("/", "/point/O2/coop", "/question/q_cooperation?lot=L1", "/documents"):
        html = chair_client.get(url).text
        for attribute in re.findall(r'(?:src|href|action)="([^"]*)"', html):
            assert attribute.startswith(("/", "#")), (url, attribute)


def test_the_session_waits_for_the_reveal_then_shows_the_marks(chair_client, folder):
    page = chair_client.get("/")
    assert "Toutes les grilles sont revenues" in page.text
    assert "Bilan annuel" not in page.text  # no justification, no mark before the reveal
    assert chair_client.get("/point/O2/coop", follow_redirects=False).status_code == 303
    revealed = _reveal(chair_client)
    assert "Ordre du jour" in revealed.text and "0 point réglé sur 2" in revealed.text
    item = chair_client.get("/point/O2/coop").text
    assert "Notes des membres de la commission" in item and "Et si la commission retenait" in item


def test_a_decision_through_the_page_moves_to_the_next_item(chair_client, folder):
    _reveal(chair_client)
    page = chair_client.get("/point/O5/env.transport")
    response = chair_client.post(
        "/point/O5/env.transport/decision",
        data={
            "csrf": csrf_of(page.text),
            "niveau": "2",
            "motif": "Le bioGNV n'est qu'envisagé.",
            "etat": "aucune",
        },
    )
    assert response.url.path == "/point/O2/coop"
    assert "Décision enregistrée" in response.text and "1 point réglé sur 2" in response.text
    ledger = (folder / "journal-commission.jsonl").read_text(encoding="utf-8")
    assert "Le bioGNV n'est qu'envisagé." in ledger


def test_a_refused_decision_keeps_what_was_typed_and_says_why(chair_client):
    _reveal(chair_client)
    page = chair_client.get("/point/O2/coop")
    response = chair_client.post(
        "/point/O2/coop/decision",
        data={"csrf": csrf_of(page.text), "niveau": "0", "motif": "Rien.", "etat": "aucune"},
    )
    assert response.status_code == 422
    assert "s'écarte de toutes les notes individuelles" in response.text
    assert ">Rien.</textarea>" in response.text


def test_forms_need_their_csrf_token_and_the_sessions_origin(chair_client, folder):
    _reveal(chair_client)
    data = {"niveau": "3", "motif": "Motif.", "etat": "aucune"}
    missing = chair_client.post("/point/O2/coop/decision", data=data)
    assert missing.status_code == 403 and "jeton de sécurité" in missing.text
    good = csrf_of(chair_client.get("/point/O2/coop").text)
    foreign = chair_client.post(
        "/point/O2/coop/decision",
        data={**data, "csrf": good},
        headers={"origin": "http://evil.example"},
    )
    assert foreign.status_code == 403
    assert "consensus" not in (folder / "journal-commission.jsonl").read_text()


def test_only_the_chair_records(meeting, folder):
    from starlette.testclient import TestClient

    from efc_scoring.session import Access, create_app

    access = Access.new(["agente"])
    app = create_app(meeting, access)
    chair, member = TestClient(app), TestClient(app)
    chair.get(f"/entrer?jeton={access.chair}")
    _reveal(chair)
    member.get(f"/entrer?jeton={access.evaluators['agente']}")
    page = member.get("/point/O2/coop").text
    assert "Seule la présidence enregistre les décisions" in page and "form-decision" not in page
    own_csrf = access.csrf(access.visitor(access.evaluators["agente"]))  # a valid form of hers
    response = member.post(
        "/point/O2/coop/decision",
        data={"csrf": own_csrf, "niveau": "3", "motif": "Motif.", "etat": "aucune"},
    )
    assert response.status_code == 403 and "seule la présidence" in response.text
    assert "consensus" not in (folder / "journal-commission.jsonl").read_text()


def test_host_header_is_checked_when_hosts_are_given(meeting):
    from starlette.testclient import TestClient

    from efc_scoring.session import Access, create_app

    access = Access.new()
    client = TestClient(create_app(meeting, access, allowed_hosts=["127.0.0.1:8765"]))
    assert client.get(f"/entrer?jeton={access.chair}").status_code == 400


def test_bidder_text_is_escaped_everywhere(tmp_path):
    from starlette.testclient import TestClient

    from efc_scoring import sample_path
    from efc_scoring.session import Access, Meeting, create_app

    folder = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer_file = folder / "offers" / "O2-proprete-bugey.yaml"
    data = yaml.safe_load(offer_file.read_text(encoding="utf-8"))
    data["answers"]["q_cooperation"] = (
        "<script>alert('coop')</script> Nous proposons un bilan annuel <b>partagé</b>."
    )
    data["bidder"] = "Propreté <img src=x onerror=alert(1)> Bugey"
    offer_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meeting = Meeting(folder, evidence=False)
    access = Access.new()
    client = TestClient(create_app(meeting, access))
    client.get(f"/entrer?jeton={access.chair}")
    _reveal(client)
    for url in ("/", "/point/O2/coop", "/question/q_cooperation?lot=L1"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
    item = client.get("/point/O2/coop").text
    assert "&lt;script&gt;alert(&#39;coop&#39;)&lt;/script&gt;" in item
    assert "&lt;img src=x onerror=alert(1)&gt;" in item


def test_no_server_path_in_any_page(chair_client, folder):
    _reveal(chair_client)
    secret = str(folder.parent)
    pages = ["/", "/point/O2/coop", "/point/O5/env.transport", "/documents", "/etat"]
    pages.append("/question/q_transport?lot=L1")
    for url in pages:
        assert secret not in chair_client.get(url).text, url
    # an error whose message names a file (marks re-read during the meeting): path hidden
    marks = (folder / "scores.csv").read_text(encoding="utf-8")
    (folder / "scores.csv").write_text(marks.replace(",coop,3,", ",coop,9,", 1), encoding="utf-8")
    broken = chair_client.get("/")
    assert broken.status_code >= 400
    assert secret not in broken.text and "[fichier du serveur]" in broken.text


def test_documents_are_served_from_their_folders_only(chair_client, folder):
    (folder / "seance" / "rapport").mkdir(parents=True)
    (folder / "seance" / "rapport" / "a.html").write_text("<p>rapport</p>", encoding="utf-8")
    response = chair_client.get("/documents/rapport/a.html")
    assert response.status_code == 200 and "sandbox" in response.headers["content-security-policy"]
    for url in (
        "/documents/rapport/..%2F..%2Ftender.yaml",
        "/documents/offers/O1-econet-rhone.yaml",
        "/documents/rapport/.hidden",
    ):
        assert chair_client.get(url).status_code == 404, url


def test_large_type_is_a_cookie_and_comes_back_to_the_page(chair_client):
    response = chair_client.get("/affichage?taille=grand&retour=/documents")
    assert response.url.path == "/documents" and 'class="grand"' in response.text
    away = chair_client.get("/affichage?taille=grand&retour=//evil.example/x")
    assert away.url.path == "/"


def test_a_blind_session_shows_no_name(tmp_path):
    from starlette.testclient import TestClient

    from efc_scoring import load_tender, sample_path
    from efc_scoring.session import Access, Meeting, create_app

    folder = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer_file = folder / "offers" / "O2-proprete-bugey.yaml"
    data = yaml.safe_load(offer_file.read_text(encoding="utf-8"))
    data["answers"]["q_cooperation"] += " Propreté Bugey Distribution s'y engage."
    offer_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    tender = load_tender(folder)
    client = TestClient(create_app(Meeting(folder, evidence=False, blind=True), Access.new()))
    client.get(f"/entrer?jeton={client.app.state.access.chair}")
    _reveal(client)
    pages = [client.get(url).text for url in ("/", "/point/O2/coop", "/question/q_cooperation")]
    for html in pages:
        for offer in tender.offers:
            assert offer.bidder not in html
        for evaluator in tender.evaluators:
            assert evaluator.name not in html
        assert "€" not in html  # no price
    assert "Offre B — Capacité de coopération" in pages[1] and "[candidat]" in pages[1]
