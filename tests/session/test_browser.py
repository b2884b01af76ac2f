"""The session in a real browser: a whole meeting, screenshots, two clients at once, escaping.

Debian's chromium driven by Playwright (see ``browser.py``); skipped, saying why,
only when chromium is absent.
"""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from browser import chromium, needs_chromium, png_size, served

from efc_scoring import sample_path, verify_ledger
from efc_scoring.committee import committee_decisions
from efc_scoring.session import Meeting

pytestmark = [needs_chromium, pytest.mark.slow]

VIEW = {"width": 1280, "height": 720}


def _shot(page, path, texts):
    """A 1280x720 screenshot, checked for its size and for the key texts on screen."""
    page.screenshot(path=str(path))
    assert png_size(path) == (1280, 720)
    assert path.stat().st_size > 20_000  # a page with text, not a blank screen
    shown = page.inner_text("body")
    for text in texts:
        assert text in shown, text


def test_a_whole_meeting_from_the_reveal_to_the_report(folder, tmp_path):
    meeting = Meeting(folder, by="Claire Morel, présidente")
    captures = tmp_path / "captures"
    captures.mkdir()
    with served(meeting, documents={"draws": 200}) as (base, access), chromium() as browser:
        page = browser.new_page(viewport=VIEW)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{base}/entrer?jeton={access.chair}")
        assert "Toutes les grilles sont revenues" in page.inner_text("main")
        page.click("#lever")
        page.wait_for_selector("#premier-point")
        page.wait_for_selector("#accord", timeout=120_000)  # computed aside, the page follows
        _shot(
            page,
            captures / "vue-ensemble.png",
            ["0 point réglé sur 2", "Ordre du jour", "O5 — Laboratoires Sanéo", "Examiner"],
        )
        assert "Accord de la commission (alpha de Krippendorff, ordinal)" in page.inner_text("main")
        page.click("#premier-point")
        page.wait_for_selector("#form-decision")
        assert page.url.endswith("/point/O5/env.transport")
        _shot(
            page,
            captures / "point.png",
            ["Point 1 sur 2", "Empreinte carbone des livraisons", "Proposition de la grille"],
        )
        assert "Et si la commission retenait" in page.inner_text("main")
        assert page.locator("mark").count() > 0  # the evidence is highlighted
        # keyboard: a level with its digit, the reason, Ctrl+Enter records
        page.keyboard.press("2")
        page.fill("#motif", "Le passage au bioGNV n'est qu'envisagé, sous réserve des aides.")
        page.keyboard.press("Control+Enter")
        page.wait_for_url("**/point/O2/coop?enregistre=*")
        assert "1 point réglé sur 2" in page.inner_text("header")
        # back to the first item (keyboard), undo, then decide again
        page.keyboard.press("ArrowLeft")
        page.wait_for_url("**/point/O5/env.transport")
        page.fill("#motif-retrait", "Niveau saisi avant la fin de la discussion.")
        page.click("#retirer")
        page.wait_for_selector("#form-decision")
        assert "0 point réglé sur 2" in page.inner_text("header")
        page.check("input[name=niveau][value='2']")
        page.fill("#motif", "Le passage au bioGNV n'est qu'envisagé, sous réserve des aides.")
        page.click("#enregistrer")
        page.wait_for_url("**/point/O2/coop?enregistre=*")
        # the other offers' answers are one click away
        page.click("#autres-q_cooperation")
        page.wait_for_selector("#offre-O1")
        assert page.locator("article.reponse-offre").count() == 5
        page.click("#retour")
        page.wait_for_selector("#form-decision")
        page.check("input[name=niveau][value='3']")
        page.fill("#motif", "Bilan annuel prévu, sans association des agents d'entretien.")
        page.click("#enregistrer")
        page.wait_for_url("**/?enregistre=*")
        assert "2 points réglés sur 2" in page.inner_text("main")
        assert "Tous les points de l'ordre du jour sont réglés" in page.inner_text("main")
        # large type, as on the projector
        page.keyboard.press("g")
        page.wait_for_selector("html.grand")
        _shot(page, captures / "vue-ensemble-grand.png", ["2 points réglés sur 2"])
        page.goto(f"{base}/documents")
        page.fill("#date", "16/03/2027")
        page.fill("#signataire", "Claire Morel, présidente de la commission")
        page.click("#etablir")
        page.wait_for_selector("text=Documents établis", timeout=240_000)
        assert "rapport/rapport-analyse-offres.html" in page.inner_text("main")
        assert not dialogs
    decisions = committee_decisions(folder / "journal-commission.jsonl")
    assert [(d.offer, d.criterion, int(d.mark)) for d in decisions] == [
        ("O5", "env.transport", 2),
        ("O2", "coop", 3),
    ]
    assert {d.by for d in decisions} == {"Claire Morel, présidente"}
    assert verify_ledger(folder / "journal-commission.jsonl").ok
    kinds = [json.loads(line)["kind"] for line in (folder / "journal-commission.jsonl").open()]
    assert kinds == ["phase", "consensus", "consensus", "consensus", "consensus"]
    report = (folder / "seance" / "rapport" / "rapport-analyse-offres.md").read_text()
    assert "Bilan annuel prévu, sans association des agents d'entretien." in report
    assert "PROVISOIRE" not in report
    letters = sorted(p.name for p in (folder / "seance" / "lettres").iterdir())
    assert len(letters) == 8 and "lettre-O5.md" in letters
    assert "16 mars 2027" in (folder / "seance" / "lettres" / "lettre-O5.md").read_text()


def test_two_browsers_recording_at_the_same_moment_lose_nothing(folder):
    from playwright.sync_api import expect

    meeting = Meeting(folder, evidence=False)
    meeting.reveal()
    with served(meeting) as (base, access), chromium() as browser:
        pages = []
        for url in ("/point/O5/env.transport", "/point/O2/coop"):
            page = browser.new_context(viewport=VIEW).new_page()
            page.goto(f"{base}/entrer?jeton={access.chair}")
            page.goto(base + url)
            pages.append(page)
        pages[0].check("input[name=niveau][value='2']")
        pages[0].fill("#motif", "Premier écran : bioGNV seulement envisagé.")
        pages[1].check("input[name=niveau][value='3']")
        pages[1].fill("#motif", "Second écran : bilan annuel sans les agents.")
        for page in pages:
            page.click("#enregistrer", no_wait_after=True)
        for page in pages:
            page.wait_for_url("**enregistre=*")
        # both again on the same item: one is recorded, the other told and not written
        same = []
        for _ in range(2):
            page = browser.new_context(viewport=VIEW).new_page()
            page.goto(f"{base}/entrer?jeton={access.chair}")
            page.goto(f"{base}/point/O5/env.transport")
            same.append(page)
        # withdraw from a third screen first so that both show the item undecided; each page's
        # live update reloads it (an explicit reload would race with that reload and abort)
        before = [page.get_attribute("body", "data-version") for page in same]
        meeting.withdraw("O5", "env.transport", "Reprise de la discussion.")
        for page, version in zip(same, before, strict=True):
            expect(page.locator("body")).not_to_have_attribute(
                "data-version", version or "", timeout=30_000
            )
            page.wait_for_load_state()
            page.check("input[name=niveau][value='4']")
            page.fill("#motif", "Le projet bioGNV est daté (2028).")
        for page in same:
            page.click("#enregistrer", no_wait_after=True)
        texts = []
        for page in same:  # each lands on the next item, or on its page with the refusal
            page.wait_for_function(
                "document.querySelector('.erreur') !== null"
                " || location.search.includes('enregistre')"
            )
            texts.append(page.inner_text("main"))
    decisions = committee_decisions(folder / "journal-commission.jsonl")
    assert sorted((d.offer, int(d.mark)) for d in decisions) == [("O2", 3), ("O5", 4)]
    assert sum("vient d'être tranché" in t for t in texts) == 1
    lines = (folder / "journal-commission.jsonl").read_text().splitlines()
    consensus = [json.loads(x) for x in lines if json.loads(x)["kind"] == "consensus"]
    assert len(consensus) == 4  # two decisions, one withdrawal, one decision: none lost
    assert verify_ledger(folder / "journal-commission.jsonl").ok


def test_a_script_in_an_answer_is_shown_as_text(tmp_path):
    folder = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer_file = folder / "offers" / "O2-proprete-bugey.yaml"
    data = yaml.safe_load(offer_file.read_text(encoding="utf-8"))
    data["answers"]["q_cooperation"] = (
        "<script>window.piege = 1; alert('piège')</script> Nous organisons un bilan annuel."
    )
    offer_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meeting = Meeting(folder, evidence=False)
    meeting.reveal()
    with served(meeting) as (base, access), chromium() as browser:
        page = browser.new_page(viewport=VIEW)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{base}/entrer?jeton={access.chair}")
        for url in ("/point/O2/coop", "/question/q_cooperation?lot=L1&offre=O2"):
            page.goto(base + url)
            assert "<script>window.piege = 1; alert('piège')</script>" in page.inner_text("main")
            assert page.evaluate("window.piege") is None
            assert page.locator("main script").count() == 0
        assert dialogs == []
