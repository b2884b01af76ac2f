"""The versions of the report: what each must and must not contain.

Internal: everything. Public: the method, the ranking, the winner's marks, comments and price,
nothing of the other offers (names, marks, comments, prices, answers). Bidder: its own marks,
comments and answers, the winner's, the ranking; nothing of the other rejected offers."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, present, sample_path
from efc_scoring.cli import app
from efc_scoring.errors import ParameterError
from efc_scoring.procedure import record_status, round_consolidation
from efc_scoring.report import ReportVersion, build_report

runner = CliRunner()
WINNER = "O1"


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """The nettoyage sample, O2 set aside as irregular, a winner's comment naming O3's bidder."""
    folder = tmp_path_factory.mktemp("versions") / "nettoyage"
    shutil.copytree(sample_path("nettoyage"), folder)
    t = load_tender(folder)
    first = next(i for i, m in enumerate(t.marks) if m.offer == WINNER)
    marks = list(t.marks)
    marks[first] = marks[first].model_copy(
        update={"justification": marks[first].justification + " Mieux que Hygiène Pro Centre-Est."}
    )
    t = t.model_copy(update={"marks": tuple(marks)})
    journal = folder / "journal-commission.jsonl"
    record_status(
        t,
        "O2",
        "irrégulière",
        "Attestation d'assurance absente.",
        by="Service achats",
        ledger=journal,
    )
    return folder, t, journal


def _facts(t, offer: str) -> dict[str, list[str]]:
    """What belongs to one offer: its bidder, price, the comments and answers only it has."""
    o = t.offer(offer)
    others = [m.justification for m in t.marks if m.offer != offer]
    comments = [
        m.justification[:40]
        for m in t.marks
        if m.offer == offer
        and len(m.justification) > 40
        and not any(m.justification[:40] in x for x in others)
    ]
    answers = [a[:60] for a in o.answers.values() if len(a) > 60]
    return {
        "name": [o.bidder],
        "price": [present.money(o.total_price, t.currency)],
        "comments": comments[:6],
        "answers": answers[:3],
    }


def _md(t, journal, version, bidder=None) -> str:
    return build_report(
        t,
        ledger=journal,
        evidence=False,
        robustness=version == "internal",
        draws=50,
        plots=False,
        provisional=True,
        version=version,
        bidder=bidder,
    ).to_markdown()


def _contains(md: str, offer_facts: dict[str, list[str]], kinds: tuple[str, ...]) -> None:
    for kind in kinds:
        for text in offer_facts[kind]:
            assert text in md, (kind, text)


def _lacks(md: str, offer_facts: dict[str, list[str]]) -> None:
    for kind, texts in offer_facts.items():
        for text in texts:
            assert text not in md, (kind, text)


def test_internal_version_holds_every_offer(case):
    _, t, journal = case
    md = _md(t, journal, "internal")
    for offer in ("O1", "O3", "O4", "O5"):
        _contains(md, _facts(t, offer), ("name", "price", "comments", "answers"))
    assert "Attestation d'assurance absente." in md
    assert "7. Robustesse" in md


def test_public_version_shows_the_winner_and_nothing_of_the_others(case):
    _, t, journal = case
    md = _md(t, journal, "public")
    _contains(md, _facts(t, WINNER), ("name", "price", "comments"))
    for offer in ("O2", "O3", "O4", "O5"):
        _lacks(md, _facts(t, offer))
    _lacks(md, {"answers": _facts(t, WINNER)["answers"]})  # business secrecy of its memoir
    assert "Attestation d'assurance absente." not in md
    assert "Hygiène Pro" not in md  # the winner's comment naming another bidder is cleared
    assert "appréciation comparative non communicable" in md
    assert "Pmax" not in md.split("## 3.")[1].split("## 4.")[1]  # no other price in the lines
    assert "7. Robustesse" not in md and "Accord de la commission" not in md
    assert "version publique" in md and "L. 311-6" in md
    assert "| 2 |   | offre d'un autre candidat |" in md
    assert "1 offre écartée non détaillée ici" in md


def test_bidder_version_shows_its_own_and_the_winners_marks_only(case):
    _, t, journal = case
    md = _md(t, journal, "bidder", "O3")
    _contains(md, _facts(t, "O3"), ("name", "price", "comments", "answers"))
    _contains(md, _facts(t, WINNER), ("name", "price", "comments"))
    for offer in ("O2", "O4", "O5"):
        _lacks(md, _facts(t, offer))
    assert f"version pour {t.offer('O3').bidder}" in md


def test_bidder_version_of_an_offer_set_aside_gives_its_reason(case):
    _, t, journal = case
    md = _md(t, journal, "bidder", "O2")
    assert "Attestation d'assurance absente." in md
    assert "Offre O2 — Propreté Bugey Distribution (écartée)" in md
    for offer in ("O3", "O4", "O5"):
        _lacks(md, _facts(t, offer))


def test_versions_refused_without_their_reader(case):
    _, t, journal = case
    with pytest.raises(ParameterError, match="sans candidat"):
        _md(t, journal, "bidder")
    with pytest.raises(ParameterError, match="classée première"):
        _md(t, journal, "bidder", WINNER)
    with pytest.raises(ParameterError, match="inconnue"):
        _md(t, journal, "bidder", "O9")
    with pytest.raises(ParameterError, match="ne se donne qu'à"):
        _md(t, journal, "public", "O3")
    with pytest.raises(ParameterError, match="version de rapport inconnue"):
        ReportVersion.parse("secrète")
    assert ReportVersion.parse("Candidat") is ReportVersion.BIDDER


def test_html_of_each_version_renders(case):
    _, t, journal = case
    consolidation = round_consolidation(t, journal)
    for version, bidder in (("internal", None), ("public", None), ("bidder", "O5")):
        html = build_report(
            t,
            consolidation=consolidation,
            ledger=journal,
            evidence=False,
            robustness=False,
            plots=False,
            provisional=True,
            version=version,
            bidder=bidder,
        ).to_html()
        assert html.startswith("<!DOCTYPE html>") or "<html" in html
        if version != "internal":
            assert "Distri-Clean" not in html


def _report(folder, out, version: str, *extra: str):
    """`efc-scoring report` of one version in Markdown, provisional, without the engine."""
    args = ["report", str(folder), "--out", str(out), "--version", version, *extra]
    return runner.invoke(app, [*args, "--no-evidence", "--provisoire", "--format", "md"])


def test_cli_report_versions(case, tmp_path):
    folder, _t, _ = case
    out = tmp_path / "public"
    r = _report(folder, out, "publique")
    assert r.exit_code == 0, r.output
    md = (out / "rapport-analyse-offres.md").read_text(encoding="utf-8")
    assert "version publique" in md and "Laboratoires Sanéo" not in md
    out = tmp_path / "candidats"
    r = _report(folder, out, "candidat")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["O2", "O3", "O4", "O5"]
    own = (out / "O5" / "rapport-analyse-offres.md").read_text(encoding="utf-8")
    assert "Laboratoires Sanéo" in own and "Distri-Clean" not in own
    out = tmp_path / "un"
    r = _report(folder, out, "candidat", "--offre", "O4")
    assert r.exit_code == 0, r.output
    assert "Distri-Clean" in (out / "rapport-analyse-offres.md").read_text(encoding="utf-8")
    r = runner.invoke(app, ["report", str(folder), "--out", str(out), "--version", "secrète"])
    assert r.exit_code == 2 and "interne, publique ou candidat" in r.output
    r = runner.invoke(
        app, ["report", str(folder), "--out", str(out), "--offre", "O4", "--provisoire"]
    )
    assert r.exit_code == 2 and "--version candidat" in r.output


#: Sentences that send the reader to what only the internal version holds.
POINTERS = (
    "voir la section « Robustesse du classement »",
    "la réponse du candidat avec les passages relevés",
    "colonne « Analyse »",
)


def test_no_version_points_to_what_it_leaves_out(case):
    _, t, journal = case
    internal = " ".join(_md(t, journal, "internal").split())
    assert all(p in internal for p in POINTERS)  # the internal version holds all three
    public = " ".join(_md(t, journal, "public").split())
    bidder = " ".join(_md(t, journal, "bidder", bidder="O3").split())
    for text in (public, bidder):
        assert not [p for p in POINTERS if p in text]
        assert "## 7. Robustesse du classement" not in text
    assert "Les réponses des candidats aux questions ouvertes ne figurent pas" in public
    assert "votre réponse avec les passages relevés" in bidder
    assert "l'attributaire compris, ne figurent pas dans cette version" in bidder
    # an internal version without robustness does not send to it either
    bare = build_report(
        t, ledger=journal, evidence=False, robustness=False, plots=False, provisional=True
    ).to_markdown()
    assert POINTERS[0] not in " ".join(bare.split())


def test_a_bidder_that_left_the_negotiation_is_sent_to_its_round(tmp_path):
    """O5 was not admitted to the final round of the laundry sample: asked from the final
    round's folder, its version was refused as « offre inconnue 'O5' … offres O1, O2, O3, O4 »,
    as if the buyer had mistyped, and the default (one version per rejected offer) left it out
    without a word. Both now name the round it left at and the command that writes its
    version."""
    folder = tmp_path / "linge"
    shutil.copytree(sample_path("blanchisserie"), folder)
    final = folder / "rounds" / "finale"
    out = tmp_path / "v"
    r = _report(final, out, "candidat", "--offre", "O5", "--draws", "50")
    assert r.exit_code == 1
    said = " ".join(r.output.split())
    assert "O5 n'a pas d'offre au tour « Offres finales après négociation »" in said
    assert "dernière offre au tour « Offres initiales »" in said
    assert f"efc-scoring report {folder} --version candidat --offre O5" in said
    assert not out.exists()
    r = _report(final, out, "candidat", "--draws", "50")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["O2", "O3", "O4"]
    said = " ".join(r.output.split())
    assert "O5 : dernière offre au tour « Offres initiales »" in said
    assert f"efc-scoring report {folder} --version candidat --offre O5" in said
