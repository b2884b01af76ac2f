"""The procedure wired into scoring, ranking, the agenda, robustness, the report and letters:
offers set aside are not ranked and their letter says why; an abnormally low offer explained
and kept is ranked with its procedure stated; the PSE retained price the offers compared;
rounds and the PSE choice in the report."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path, score
from efc_scoring.cli import app
from efc_scoring.committee.letter import disclosure_letter
from efc_scoring.errors import ParameterError
from efc_scoring.procedure import (
    decide_abnormal,
    rank_combinations,
    record_explanation,
    record_status,
    request_explanation,
    request_letter,
    retain_options,
    round_consolidation,
    set_aside,
)
from efc_scoring.report import build_report
from efc_scoring.scoring.abnormal import check_abnormally_low

runner = CliRunner()
BY = "Service achats"


def _journal(folder: Path) -> Path:
    return folder / "journal-commission.jsonl"


def _run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _irregular_and_abnormal(folder: Path, *, kept: bool) -> None:
    """O2 irregular (not regularised); O4 flagged, asked, explained, then kept or rejected."""
    t, journal = load_tender(folder), _journal(folder)
    record_status(t, "O2", "irrégulière", "Attestation d'assurance absente.", by=BY, ledger=journal)
    request_explanation(
        t, "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30), by=BY, ledger=journal
    )
    record_explanation(
        t,
        "O4",
        received_on=date(2026, 10, 6),
        summary="Centrale d'achat régionale, produits concentrés.",
        by=BY,
        ledger=journal,
    )
    decide_abnormal(
        t,
        "O4",
        kept=kept,
        reason="Prix justifié par les achats groupés."
        if kept
        else "Le prix ne couvre pas les salaires conventionnels.",
        by="Présidente",
        ledger=journal,
    )


# ------------------------------------------------------------------ scoring
def test_score_leaves_offers_set_aside_out_of_price_and_ranking():
    t = load_tender(sample_path("nettoyage"))
    reason = "offre inacceptable (art. L. 2152-3) : prix au-delà du budget."
    full = score(t)
    without = score(t, set_aside={"O4": reason})
    assert "O4" not in without.ranks and "O4" not in without.totals
    assert without.set_aside == {"O4": reason}
    assert [o.id for o in without.offers_received.offers] == [o.id for o in t.offers]
    # the lowest price was O4's: the price formula now rests on the next lowest
    assert without.totals["O5"] > full.totals["O5"]
    again = score(t.model_copy(update={"offers": tuple(o for o in t.offers if o.id != "O4")}))
    assert again.totals == without.totals
    assert without.with_marks({("O5", "env.transport"): 4}).set_aside == {"O4": reason}
    with pytest.raises(ParameterError, match="inconnue"):
        score(t, set_aside={"O9": reason})
    with pytest.raises(ParameterError, match="sans motif"):
        score(t, set_aside={"O4": " "})


def test_round_consolidation_sets_aside_and_keeps(folder):
    _irregular_and_abnormal(folder, kept=True)
    t = load_tender(folder)
    c = round_consolidation(t, _journal(folder))
    assert {o.id for o in c.tender.offers} == {"O1", "O3", "O4", "O5"}
    assert not any(it.offer == "O2" for it in c.items)  # no agenda point on an offer set aside
    evaluation = c.evaluate()
    assert set(evaluation.set_aside) == {"O2"} and evaluation.ranks["O4"] is not None
    _irregular_and_abnormal_rejected = set_aside(t, _journal(folder))
    assert set(_irregular_and_abnormal_rejected) == {"O2"}


def test_cli_score_agenda_and_robustness_leave_out_offers_set_aside(folder):
    _irregular_and_abnormal(folder, kept=False)
    r = _run("score", folder, "--json")
    assert r.exit_code == 0, r.output
    assert "O2" not in r.stdout and "O4" not in r.stdout
    r = _run("score", folder)
    assert r.exit_code == 0, r.output
    assert "écartée : offre" in r.stdout and "Propreté Bugey Distribution" in r.stdout
    assert "Offres écartées du classement" in r.stderr
    r = _run("agenda", folder, "--no-evidence", "--json")
    assert r.exit_code == 0, r.output
    assert '"O2"' not in r.stdout and '"O4"' not in r.stdout
    r = _run("robustness", folder, "--n", "50", "--methode", "topsis", "--json")
    assert r.exit_code == 0, r.output
    assert '"O2"' not in r.stdout and '"O4"' not in r.stdout


# ------------------------------------------------------------------ letters
@pytest.mark.parametrize(
    ("offer", "kind", "article"),
    [
        ("O2", "Offre irrégulière (art. L. 2152-2)", "article L. 2152-1"),
        ("O4", "Offre anormalement basse rejetée", "R. 2152-3 à R. 2152-5"),
    ],
)
def test_letter_of_an_offer_set_aside_states_reason_and_article(folder, offer, kind, article):
    _irregular_and_abnormal(folder, kept=False)
    t = load_tender(folder)
    c = round_consolidation(t, _journal(folder))
    letter = disclosure_letter(t, c.evaluate(), offer, c, provisional=True, sent=date(2027, 3, 16))
    assert kind in letter.text and article in letter.text.replace("\n", " ")
    assert letter.set_aside.startswith(kind[0].lower() + kind[1:])
    assert "pas été classée" in letter.text.replace("\n", " ") or "ni notée ni classée" in (
        letter.text.replace("\n", " ")
    )
    assert "EcoNet Rhône SAS" in letter.text  # the winner is named, with its points
    assert "Vos points" not in letter.text and letter.rows == ()
    others = {"O2": "Distri-Clean", "O4": "Propreté Bugey"}[offer]
    assert others not in letter.text and "Hygiène Pro" not in letter.text
    assert "27 mars 2027" in letter.text  # standstill and appeal routes as for every letter
    assert "référé précontractuel" in letter.text


def test_letter_reason_naming_another_bidder_is_cleared(folder):
    t, journal = load_tender(folder), _journal(folder)
    record_status(
        t, "O3", "inacceptable", "Prix très au-dessus de l'offre O5.", by=BY, ledger=journal
    )
    c = round_consolidation(t, journal)
    letter = disclosure_letter(t, c.evaluate(), "O3", c, provisional=True)
    motif = next(line for line in letter.markdown.splitlines() if line.startswith("**Motif :**"))
    assert "O5" not in motif and "art. L. 2152-3" in motif
    assert letter.warnings


def test_cli_letters_all_include_offers_set_aside(folder, tmp_path):
    _irregular_and_abnormal(folder, kept=False)
    out = tmp_path / "lettres"
    r = _run("letter", folder, "--all", "--out", out, "--provisoire", "--date", "16/03/2027")
    assert r.exit_code == 0, r.output
    text = (out / "lettre-O2.md").read_text(encoding="utf-8")
    assert "Motif du rejet de votre offre" in text and "L. 2152-2" in text


# ------------------------------------------------------------------ abnormally low
def test_request_letter_threshold_comes_from_the_method():
    t = load_tender(sample_path("nettoyage"))
    check = next(
        c
        for c in check_abnormally_low([(o.id, o.total_price) for o in t.offers], below="0.15")
        if c.offer == "O4"
    )
    assert check.below == Fraction(3, 20) and check.flagged
    text = request_letter(
        t, "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30), below="0.15"
    )
    assert "seuil de 15 %" in text and "10 %" not in text
    assert "seuil de 10 %" in request_letter(
        t, "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30)
    )


def test_report_states_the_abnormal_procedure_of_an_offer_kept(folder):
    _irregular_and_abnormal(folder, kept=True)
    t = load_tender(folder)
    report = build_report(
        t, ledger=_journal(folder), evidence=False, robustness=False, plots=False, provisional=True
    )
    md = report.to_markdown()
    assert "Procédure de l'offre O4 (Distri-Clean France)" in md
    assert "réponse attendue au plus tard le 9 octobre 2026" in md
    assert "seuil de détection 10 %" in md
    assert "Justifications reçues le 6 octobre 2026 : Centrale d'achat régionale" in md
    assert "offre retenue, le prix est justifié — Prix justifié par les achats groupés." in md
    assert "prix examiné comme anormalement bas, justifié" in md
    assert "Offre O2 — Propreté Bugey Distribution (écartée)" in md
    assert "| — | O2 | Propreté Bugey Distribution |" in md
    assert "écartée : offre irrégulière (art. L. 2152-2) : Attestation d'assurance absente." in md


def test_report_states_an_offer_rejected_as_abnormally_low(folder):
    _irregular_and_abnormal(folder, kept=False)
    t = load_tender(folder)
    md = build_report(
        t, ledger=_journal(folder), evidence=False, robustness=False, plots=False, provisional=True
    ).to_markdown()
    assert "offre rejetée comme anormalement basse (art. R. 2152-4)" in md
    assert "offre anormalement basse rejetée (art. R. 2152-3 et R. 2152-4)" in md


# ------------------------------------------------------------------ PSE
def test_rank_combinations_uses_the_committees_decisions(with_pse):
    from efc_scoring.committee.decisions import record_decision

    t, journal = load_tender(with_pse), _journal(with_pse)
    plain = rank_combinations(t, "L1")
    assert rank_combinations(t, "L1", ledger=journal).combinations == plain.combinations
    # the committee settles O1's disputed marks at the bottom of the scale: O1 loses first place
    for criterion in ("env.emballages", "coop", "env.transport"):
        record_decision(
            t,
            "O1",
            criterion,
            0,
            "Aucun engagement vérifiable.",
            by=BY,
            ledger=journal,
            departure_reason="Engagements retirés en séance.",
        )
    decided = rank_combinations(t, "L1", ledger=journal)
    assert all("O1" not in c.winners for c in decided.combinations)
    assert all("O1" in c.winners for c in plain.combinations)


def test_pse_retained_prices_the_offers_compared_and_the_report_tells_the_choice(with_pse):
    t, journal = load_tender(with_pse), _journal(with_pse)
    base = round_consolidation(t, journal).evaluate()
    assert base.tender.offer("O2").total_price == t.offer("O2").total_price
    retain_options(t, "L1", ["PSE1"], "Besoin confirmé, crédits votés.", by=BY, ledger=journal)
    priced = round_consolidation(t, journal).evaluate()
    assert priced.tender.offer("O2").total_price == t.offer("O2").total_price + 9000
    md = build_report(
        t, ledger=journal, evidence=False, robustness=False, plots=False, provisional=True
    ).to_markdown()
    assert "### Prestations supplémentaires éventuelles" in md
    assert "| offre de base + pse1 |" in md.lower()
    assert "PSE1 « Formation des agents » — décision du" in md
    assert "Besoin confirmé, crédits votés." in md
    r = _run("score", with_pse, "--json")
    assert r.exit_code == 0 and str(float(t.offer("O2").total_price + 9000)) in r.stdout


# ------------------------------------------------------------------ rounds in the report
def test_report_shows_rounds_before_after_and_admissions(negotiated):
    folder = negotiated
    final = folder / "rounds" / "finale"
    o3 = next((final / "offers").glob("O3*.yaml"))  # O3 lowers its price in the final round
    o3.write_text(
        o3.read_text(encoding="utf-8").replace("unit_price: 10.20", "unit_price: 5.20"),
        encoding="utf-8",
    )
    assert _run("procedure", "close", folder, "--by", BY).exit_code == 0
    for offer in ("O1", "O2", "O3", "O4"):
        r = _run(
            "procedure",
            "admit",
            folder,
            offer,
            "--motif",
            "Parmi les quatre meilleures.",
            "--by",
            BY,
        )
        assert r.exit_code == 0, r.output
    r = _run(
        "procedure",
        "admit",
        folder,
        "O5",
        "--non-admise",
        "--motif",
        "Cinquième offre : négociation limitée à quatre.",
        "--by",
        BY,
    )
    assert r.exit_code == 0, r.output
    assert _run("procedure", "close", final, "--by", BY).exit_code == 0
    out = folder.parent / "rapport-final"
    r = _run("report", final, "--out", out, "--no-evidence", "--draws", "50", "--provisoire")
    assert r.exit_code == 0, r.output
    md = (out / "rapport-analyse-offres.md").read_text(encoding="utf-8")
    assert "Tour : Offres finales" in md
    assert "### Déroulement de la négociation" in md
    assert "Cinquième offre : négociation limitée à quatre." in md
    assert "| Offres initiales | O5 | Laboratoires Sanéo |" in md
    assert "| non admise |" in md
    assert "Offre O3 (Hygiène Pro Centre-Est) :" in md and "aux offres finales (+" in md


def test_ocds_export_marks_an_offer_set_aside_disqualified(folder, tmp_path):
    import json

    _irregular_and_abnormal(folder, kept=False)
    out = tmp_path / "ocds.json"
    r = _run("ocds", "export", folder, "--out", out)
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    bids = json.loads(text)["releases"][0]["bids"]["details"]
    o2 = next(b for b in bids if b["id"] == "O2")
    assert o2["status"] == "disqualified" and "rank" not in o2["efcScoring"]  # open data
    assert "Attestation d'assurance" not in text  # the reason is the bidder's only
