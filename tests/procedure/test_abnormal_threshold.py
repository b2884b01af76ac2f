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


def demande(folder: Path, *extra: str):  # type: ignore[no-untyped-def]
    args = [
        "procedure",
        "abnormal",
        str(folder),
        "O4",
        "demande",
        "--by",
        BY,
        "--date-limite",
        "9/10/2026",
        "--envoi",
        "30/09/2026",
        *extra,
    ]
    return runner.invoke(app, args)


def test_the_threshold_given_is_used_recorded_and_stated(folder: Path, tmp_path: Path) -> None:
    letter = tmp_path / "demande-O4.md"
    result = demande(folder, "--seuil", "15 %", "--lettre", str(letter))
    assert result.exit_code == 0, result.output
    step = read_records(folder / "journal-commission.jsonl").abnormal_steps(None, "O4")[0]
    assert Decimal(step.figures["below"]) == Decimal("0.15")
    text = " ".join(letter.read_text(encoding="utf-8").split())
    assert "au-delà du seuil de 15 % retenu pour l'examen des prix" in text
    assert "seuil de 10 %" not in text


def test_without_the_option_the_default_threshold(folder: Path, tmp_path: Path) -> None:
    letter = tmp_path / "demande-O4.md"
    assert demande(folder, "--lettre", str(letter)).exit_code == 0
    assert "seuil de 10 %" in " ".join(letter.read_text(encoding="utf-8").split())


def test_a_threshold_the_offer_stays_under_is_refused(folder: Path) -> None:
    result = demande(folder, "--seuil", "25 %")  # O4 is 19,4 % under the corrected mean
    assert result.exit_code == 1
    assert "n'est pas signalée" in result.output and "--suspicion" in result.output
    assert read_records(folder / "journal-commission.jsonl").abnormal_steps(None, "O4") == ()


@pytest.mark.parametrize("given", ["150 %", "dix", "0"])
def test_a_threshold_that_is_no_share_is_a_usage_error(folder: Path, given: str) -> None:
    result = demande(folder, "--seuil", given)
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
