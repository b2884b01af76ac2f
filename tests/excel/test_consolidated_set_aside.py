"""The consolidated workbook reads the procedure's records like ``score``: an offer set aside
is listed « écartée » with its reason under the ranking, neither scored nor ranked."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path, score, write_consolidated
from efc_scoring.cli import app
from efc_scoring.procedure import record_status, set_aside

REASON = "Prix au-delà des crédits ouverts."
runner = CliRunner()


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), target)
    record_status(
        load_tender(target),
        "O2",
        "inacceptable",
        REASON,
        by="Service achats",
        ledger=target / "journal-commission.jsonl",
    )
    return target


def summary_rows(path):
    ws = openpyxl.load_workbook(path)["Synthèse"]
    return [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]


def check(path) -> None:
    rows = summary_rows(path)
    ranked = [r[1] for r in rows[2:] if r and r[0] == "L1" and len(r) > 5]
    assert ranked == ["O1", "O3", "O4", "O5"]  # O2 has no row of points, no rank
    title = rows.index(["Offres écartées du classement (ni notées ni classées)"])
    assert rows[title + 1] == [
        "L1",
        "O2",
        "Propreté Bugey Distribution",
        f"offre inacceptable (art. L. 2152-3) : {REASON}",
        "écartée",
    ]
    levels = openpyxl.load_workbook(path)["Niveaux"]
    assert "O2" not in {row[1] for row in levels.iter_rows(min_row=2, values_only=True)}


def test_consolidate_cli_lists_the_offer_set_aside(folder, tmp_path):
    out = tmp_path / "synthese.xlsx"
    result = runner.invoke(app, ["consolidate", str(folder), "--out", str(out), "--no-propose"])
    assert result.exit_code == 0, result.output
    check(out)


def test_agenda_workbook_lists_the_offer_set_aside(folder, tmp_path):
    out = tmp_path / "ordre-du-jour.xlsx"
    result = runner.invoke(app, ["agenda", str(folder), "--no-evidence", "--workbook", str(out)])
    assert result.exit_code == 0, result.output
    check(out)


def test_the_api_takes_the_tender_as_received(folder, tmp_path):
    tender = load_tender(folder)
    evaluation = score(tender, set_aside=set_aside(tender, folder / "journal-commission.jsonl"))
    check(write_consolidated(tender, evaluation, tmp_path / "api.xlsx", propose=False))


def test_without_an_offer_set_aside_no_such_block(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    path = write_consolidated(tender, score(tender), tmp_path / "plain.xlsx", propose=False)
    assert ["Offres écartées du classement (ni notées ni classées)"] not in summary_rows(path)
