"""The detection threshold of the abnormally-low request from the CLI (``--seuil``), and the
buyer named with its article at the foot of the request letter."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path
from efc_scoring.cli import app
from efc_scoring.procedure import read_records, request_letter

BY = "Service achats"
runner = CliRunner()


def test_the_threshold_given_is_used_recorded_and_stated(folder, tmp_path, request_o4):
    letter = tmp_path / "demande-O4.md"
    result = request_o4(folder, "--seuil", "15 %", "--lettre", str(letter))
    assert result.exit_code == 0, result.output
    step = read_records(folder / "journal-commission.jsonl").abnormal_steps(None, "O4")[0]
    assert Decimal(step.figures["below"]) == Decimal("0.15")
    text = " ".join(letter.read_text(encoding="utf-8").split())
    assert "au-delà du seuil de 15 % retenu pour l'examen des prix" in text
    assert "seuil de 10 %" not in text


def test_without_the_option_the_default_threshold(folder: Path, tmp_path: Path, request_o4) -> None:
    letter = tmp_path / "demande-O4.md"
    assert request_o4(folder, "--lettre", str(letter)).exit_code == 0
    assert "seuil de 10 %" in " ".join(letter.read_text(encoding="utf-8").split())


def test_a_threshold_the_offer_stays_under_is_refused(folder: Path, request_o4) -> None:
    result = request_o4(folder, "--seuil", "25 %")  # O4 is 19,4 % under the corrected mean
    assert result.exit_code == 1
    assert "n'est pas signalée" in result.output and "--suspicion" in result.output
    assert read_records(folder / "journal-commission.jsonl").abnormal_steps(None, "O4") == ()


@pytest.mark.parametrize("given", ["150 %", "dix", "0"])
def test_a_threshold_that_is_no_share_is_a_usage_error(folder, given, request_o4):
    result = request_o4(folder, "--seuil", given)
    assert result.exit_code == 2 and "--seuil" in result.output


@pytest.mark.parametrize(
    ("sample", "signed"),
    [
        ("nettoyage", "Pour la Ville de Villeurbanne"),
        ("blanchisserie", "Pour le Centre communal d'action sociale de Valmont-sur-Loire"),
    ],
)
def test_the_request_letter_names_the_buyer_with_its_article(sample: str, signed: str) -> None:
    tender = load_tender(sample_path(sample))
    offer = "O4"
    text = request_letter(
        tender,
        offer,
        deadline=date(2026, 10, 9),
        sent_on=date(2026, 9, 30),
        suspicion="Prix du poste de lavage.",
    )
    assert signed in text
    assert f"Pour {tender.buyer}" not in text  # never « Pour Centre communal… »


def test_a_buyer_named_with_its_article_keeps_one(tmp_path: Path) -> None:
    folder = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), folder)
    yaml = folder / "tender.yaml"
    text = yaml.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("buyer:"))
    yaml.write_text(text.replace(old, "buyer: La Métropole de Lyon"), encoding="utf-8")
    letter = request_letter(
        load_tender(folder), "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30)
    )
    assert "Pour la Métropole de Lyon" in letter and "la La" not in letter


def test_the_request_compares_the_prices_the_ranking_compares(tmp_path: Path) -> None:
    """The laundry sample, PSE1 retained for every offer, O3 set aside: the report's table of
    abnormally low offers gives O4 563 892 € against a corrected mean of 704 308 € (base and
    PSE1, O3 out), while the request letter told O4 525 892 € against 656 158 € (base prices,
    O3 counted) and the ledger kept those figures. Both now compare what the ranking compares,
    and the letter says that the price includes the PSE."""
    from efc_scoring import procedure
    from efc_scoring.scoring.abnormal import check_abnormally_low

    folder = Path(shutil.copytree(sample_path("blanchisserie"), tmp_path / "linge"))
    final = folder / "rounds" / "finale"
    journal = folder / "journal-commission.jsonl"
    t = load_tender(final)
    procedure.retain_options(t, "L1", ["PSE1"], "Besoin.", by=BY, ledger=journal, round="finale")
    procedure.record_status(
        t, "O3", "inacceptable", "Hors budget.", by=BY, ledger=journal, round="finale"
    )
    compared = procedure.round_consolidation(t, journal, "finale").tender
    (check,) = [
        c
        for c in check_abnormally_low([(o.id, o.total_price) for o in compared.offers])
        if c.offer == "O4"
    ]
    letter = tmp_path / "demande.md"
    r = runner.invoke(
        app,
        [
            "procedure",
            "abnormal",
            str(final),
            "O4",
            "demande",
            "--by",
            BY,
            "--date-limite",
            "27/11/2026",
            "--envoi",
            "20/11/2026",
            "--lettre",
            str(letter),
        ],
    )
    assert r.exit_code == 0, r.output
    (step,) = read_records(journal).abnormal
    assert Decimal(step.figures["price"]) == compared.offer("O4").total_price == Decimal(563892)
    assert Decimal(step.figures["corrected_mean"]) == round(Decimal(float(check.corrected_mean)), 2)
    text = " ".join(letter.read_text(encoding="utf-8").replace("\u202f", " ").split())
    assert "le prix de votre offre, 563 892,00 € HT (offre de base et PSE1 « Entretien" in text
    mean = present_money(check.corrected_mean)
    assert f"moyenne corrigée des offres reçues pour ce lot ({mean})" in text
    assert "525 892" not in text and "656 158" not in text
    api = request_letter(
        t,
        "O4",
        deadline=date(2026, 11, 27),
        sent_on=date(2026, 11, 20),
        round="finale",
        ledger=journal,
    )
    assert " ".join(api.replace("\u202f", " ").split()) == text


def present_money(value) -> str:  # type: ignore[no-untyped-def]
    from efc_scoring import present

    return " ".join(present.money(value).replace("\u202f", " ").split())
