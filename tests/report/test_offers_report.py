"""The offers-analysis report: every section, escaping, byte-identical output, formats."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from efc_scoring import Tender, load_tender, sample_path, score
from efc_scoring.committee import consolidate, record_consensus
from efc_scoring.errors import ReportError
from efc_scoring.report import build_report, write_report

ANCHORS = [
    "procedure",
    "criteres",
    "prix",
    "offres",
    "oab",
    "classement",
    "robustesse",
    "accord",
    "methode",
]


@pytest.fixture(scope="module")
def nettoyage():
    return load_tender(sample_path("nettoyage"))


def settle(tender: Tender):
    """The committee's decisions on the two disputed items of the cleaning sample."""
    at = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)
    agreed = [
        record_consensus(
            tender, "O2", "coop", 3, "Bilan annuel sans les agents.", by="Présidente", at=at
        ),
        record_consensus(
            tender, "O5", "env.transport", 2, "Le bioGNV n'est qu'envisagé.", by="Présidente", at=at
        ),
    ]
    return consolidate(tender, method="consensus", consensus=agreed)


@pytest.fixture(scope="module")
def settled(nettoyage):
    return settle(nettoyage)


@pytest.fixture(scope="module")
def assessments(nettoyage):
    evidence = pytest.importorskip("efc_scoring.evidence")
    return evidence.assess(nettoyage)


def _hostile(tender: Tender) -> Tender:
    data = tender.model_dump()
    data["offers"][0]["answers"]["q_emballages"] = (
        "<script>alert('x')</script> Nous reprenons 100 % des bidons & fûts. =HYPERLINK(\"x\")"
    )
    data["offers"][0]["bidder"] = "<b>Évil</b> & Cie"
    return Tender.model_validate(data)


def test_html_has_every_section_and_the_plots(tmp_path, nettoyage, assessments, settled):
    paths = write_report(
        nettoyage,
        tmp_path,
        formats=("html",),
        draws=300,
        assessments=assessments,
        consolidation=settled,
    )
    html = paths[0].read_text(encoding="utf-8")
    for anchor in ANCHORS:
        assert f'id="{anchor}"' in html, anchor
    assert html.count("data:image/png;base64,") == 2  # points and sensitivity
    for needle in (
        "EcoNet Rhône SAS",
        "Nmax × Pmin / P",
        "Belleville-sur-Loire",
        "anormalement basse",
        "alpha de Krippendorff",
        "Offre classée première : O1",
        "Niveau proposé par le moteur",
        '<mark style="background:',
    ):
        assert needle in html, needle


def test_two_runs_give_byte_identical_files(tmp_path, nettoyage, assessments, settled):
    first = write_report(
        nettoyage,
        tmp_path / "a",
        formats=("html", "md", "docx"),
        draws=300,
        assessments=assessments,
        consolidation=settled,
    )
    again = load_tender(sample_path("nettoyage"))
    second = write_report(
        again,
        tmp_path / "b",
        formats=("html", "md", "docx"),
        draws=300,
        assessments=assessments,
        consolidation=settle(again),
    )
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_robustness_already_computed_gives_the_same_files(tmp_path, nettoyage, settled):
    """A robustness report passed in (the demo computes one to print it) is reused, not
    computed again, and the files are those of a report computing it."""
    from efc_scoring import robustness
    from efc_scoring.errors import ParameterError

    evaluation = settled.evaluate()
    common = {"formats": ("html", "md"), "draws": 300, "evidence": False}
    fresh = write_report(nettoyage, tmp_path / "a", evaluation, consolidation=settled, **common)
    done = robustness(evaluation, n=300, seed=0)
    reused = write_report(
        nettoyage, tmp_path / "b", evaluation, consolidation=settled, computed=[done], **common
    )
    for a, b in zip(fresh, reused, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    with pytest.raises(ParameterError, match="300 tirages, graine 1"):
        build_report(
            nettoyage,
            evaluation,
            consolidation=settled,
            draws=300,
            evidence=False,
            plots=False,
            computed=[robustness(evaluation, n=300, seed=1)],
        )


def test_bidder_text_is_escaped_everywhere(tmp_path, nettoyage):
    tender = _hostile(nettoyage)
    paths = write_report(
        tender,
        tmp_path,
        formats=("html", "md"),
        robustness=False,
        plots=False,
        evidence=False,
        consolidation=settle(tender),
    )
    html = paths[0].read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>Évil</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Évil&lt;/b&gt; &amp; Cie" in html
    md = paths[-1].read_text(encoding="utf-8")
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_docx_holds_the_sections_and_the_bidder_text(tmp_path, nettoyage):
    pytest.importorskip("docx")
    from docx import Document

    tender = _hostile(nettoyage)
    (path,) = write_report(
        tender,
        tmp_path,
        formats=("docx",),
        robustness=False,
        evidence=False,
        consolidation=settle(tender),
    )
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "6. Classement des offres" in headings
    assert any("<script>alert('x')</script>" in p.text for p in doc.paragraphs)
    assert doc.core_properties.created.date().isoformat() == "2027-03-15"
    with zipfile.ZipFile(path) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_report_without_committee_or_questions(tender_factory):
    data = tender_factory(3).model_dump()
    for offer in data["offers"]:
        offer["answers"] = {}
    data.update(
        evaluators=[],
        scores=[],
        questions=[],
        criteria=[
            {
                "id": "prix",
                "label": "Prix",
                "kind": "price",
                "weight": 70,
                "scoring": {"method": "price", "formula": "linear"},
            },
            {
                "id": "delai",
                "label": "Délai",
                "kind": "environment",
                "weight": 30,
                "scoring": {"method": "numeric", "key": "delai", "direction": "lower_is_better"},
            },
        ],
    )
    tender = Tender.model_validate(data)
    report = build_report(tender, draws=200, evidence=False)
    html = report.to_html()
    assert "Moins de deux évaluateurs" in html
    assert "La formule linéaire" in html
    assert report.date is not None and report.date.isoformat() == "2027-03-01"
    frame = report.to_frame()
    assert list(frame.columns) == ["level", "anchor", "title", "blocks"]


def test_given_marks_and_single_offer_lot(tender_factory):
    tender = tender_factory(1, lots=2)
    evaluation = score(
        tender, {(o.id, c): Decimal(3) for o in tender.offers for c in ("tech.q", "env")}
    )
    report = build_report(tender, evaluation, draws=100, evidence=False, provisional=True)
    text = report.to_markdown()
    assert "notes fournies" in text
    assert "Moins de deux offres en lice" in text


def test_unknown_format_is_refused(tmp_path, small_tender):
    with pytest.raises(ValueError, match="format de rapport inconnu"):
        write_report(small_tender, tmp_path, formats=("pdf",))


def test_the_report_shows_a_relire_and_fragile_proposals(tmp_path, nettoyage, assessments):
    """No proposed level reads « à relire » (never 0); a fragile one is marked."""
    from dataclasses import replace

    found = {(r.offer, r.question): r.assessment for r in assessments}
    keys = sorted(found)
    found[keys[0]] = replace(found[keys[0]], level=None, label="à relire")
    found[keys[1]] = replace(found[keys[1]], confidence=0.1)
    paths = write_report(
        nettoyage, tmp_path, formats=("html",), draws=300, assessments=found, provisional=True
    )
    html = paths[0].read_text(encoding="utf-8")
    assert "Niveau proposé par le moteur : à relire." in html
    assert "proposition fragile, à lire attentivement" in html


def test_refused_while_agenda_items_are_unsettled_unless_provisional(tmp_path, nettoyage):
    with pytest.raises(ReportError) as refused:
        build_report(nettoyage, evidence=False, robustness=False, plots=False)
    message = str(refused.value)
    assert "offre O2, Capacité de coopération" in message and "offre O5" in message
    assert "--provisoire" in message
    paths = write_report(
        nettoyage,
        tmp_path,
        formats=("html", "md", "docx"),
        evidence=False,
        robustness=False,
        provisional=True,
    )
    html, md = paths[0].read_text(encoding="utf-8"), paths[-2].read_text(encoding="utf-8")
    assert '<div class="watermark">PROVISOIRE</div>' in html  # repeated on every printed page
    assert md.count("PROVISOIRE") == 2 and "(provisoire)" in md.splitlines()[0]
    from docx import Document

    doc = Document(str(paths[-1]))
    assert doc.sections[0].header.paragraphs[0].text.startswith("PROVISOIRE")


def test_settled_items_with_their_reasons_and_the_marks_used(nettoyage, settled):
    report = build_report(
        nettoyage, consolidation=settled, evidence=False, robustness=True, draws=200, plots=False
    )
    text = report.to_markdown()
    assert not report.provisional and "PROVISOIRE" not in text
    assert (
        "Notes retenues : décisions de la commission du 10 mars 2027 sur 2 points tranchés ; "
        "ailleurs, moyenne des notes individuelles des membres de la commission" in text
    )
    assert "Décision de la commission du 10 mars 2027 : niveau 3 retenu — Bilan annuel" in text
    assert "Points tranchés par la commission" in text
    assert "décision du 10 mars 2027 : niveau 2 — Le bioGNV n'est qu'envisagé." in text
    assert "Points de désaccord restant à trancher" not in text
    # no internal key or English label in the French document
    for raw in ("delai_livraison_jours", "packaging", "cooperation"):
        assert raw not in text, raw
    assert "| emballages |" in text and "valeur déclarée par le candidat (en jours" in text


def test_the_word_report_says_nothing_in_english_nor_of_another_program(tmp_path, nettoyage):
    """Word shows a document's properties to whoever receives it: the public version's said
    « generated by python-docx » (description) and « Microsoft Macintosh Word » (the
    application of python-docx's template)."""
    pytest.importorskip("docx")
    (path,) = write_report(
        nettoyage,
        tmp_path,
        formats=("docx",),
        robustness=False,
        evidence=False,
        consolidation=settle(nettoyage),
        version="public",
    )
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.startswith("docProps/")]
        assert "docProps/thumbnail.jpeg" not in names  # python-docx's template thumbnail
        props = {n: zf.read(n).decode("utf-8") for n in names}
    text = " ".join(props.values())
    for word in ("python-docx", "generated", "Microsoft", "Macintosh"):
        assert word not in text, word
    assert "efc_scoring" in props["docProps/app.xml"]
