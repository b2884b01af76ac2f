"""The one number parser, used by every input path: CSV marks, CSV and Excel offer tables,
YAML tenders, offers and plans."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring import TenderError, load_marks, load_tender, sample_path
from efc_scoring.cli import app
from efc_scoring.model._number import NumberError, parse_integer, parse_number
from tender_factories import MINIMAL_TENDER_YAML

HOSTILE = Path(__file__).parent / "data" / "hostile"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4", "4"),
        ("4.5", "4.5"),
        ("4,5", "4.5"),
        (" 41250.50 ", "41250.50"),
        ("-3", "-3"),
        ("+2", "2"),
        ("0", "0"),
        ("0,25", "0.25"),
        (12, "12"),
        (0.1, "0.1"),
        (Decimal("14.10"), "14.10"),
    ],
)
def test_plain_numbers_are_read(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("４", "non ASCII"),
        ("٤", "arabe oriental"),
        ("𝟒", "chiffre mathématique"),
        ("１２３４５６", "non ASCII"),
        ("1e309", "notation scientifique"),
        ("1e3", "notation scientifique"),
        ("1_000", "soulignés"),
        ("010", "octal"),
        ("0x1F", "décimal"),
        ("1:30", "décimal"),
        ("1,250", "ambiguë"),
        ("41 250,50", "espaces"),
        ("12 €", "espaces"),
        ("12€", "symbole"),
        ("4.5.1", "un seul séparateur"),
        ("4,5.1", "un seul séparateur"),
        ("inf", "fini"),
        ("nan", "fini"),
        ("", "vide"),
        ("NC", "nombre simple"),
        ("12345678901234", "hors de portée"),
        ("0.00000000001", "décimales"),
        (float("inf"), "fini"),
        (True, "booléen"),
        (10**20, "hors de portée"),
    ],
)
def test_odd_forms_are_refused_in_french(text, words):
    with pytest.raises(NumberError) as info:
        parse_number(text)
    assert words in (info.value.message + " " + info.value.fix)


def test_bounds_and_integers():
    with pytest.raises(NumberError, match="le prix vaut 0"):
        parse_number("0", what="le prix", gt=0)
    with pytest.raises(NumberError, match="le maximum est 5"):
        parse_number("6", what="la satisfaction", le=5)
    assert parse_integer("12") == 12
    with pytest.raises(NumberError, match="entier"):
        parse_integer("12.5")


def test_odd_marks_in_a_csv_are_each_refused_at_their_line():
    tender = load_tender(sample_path("nettoyage"))
    with pytest.raises(TenderError) as info:
        load_marks(HOSTILE / "scores-odd-numbers.csv", tender)
    problems = info.value.problems
    assert [p.line for p in problems] == [2, 3, 4, 5, 6, 7]
    assert all(p.path == "value" and p.code == "value" for p in problems)
    assert "U+FF14" in problems[0].message and "U+0664" in problems[1].message
    assert "pleine chasse" in problems[0].message and "arabe oriental" in problems[1].message
    assert "mathématique" in problems[2].message
    assert not any("digit" in p.message.lower() for p in problems)  # French, not Unicode names
    assert "notation scientifique" in problems[3].fix and "soulignés" in problems[4].fix


def _folder_with_table(tmp_path: Path, table: Path) -> Path:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "tender.yaml").write_text(MINIMAL_TENDER_YAML, encoding="utf-8")
    shutil.copy(table, folder / ("offers" + table.suffix))
    return folder


def test_odd_prices_in_an_offers_table_are_each_refused_at_their_line(tmp_path):
    table = HOSTILE / "offers-odd-prices.csv"
    with pytest.raises(TenderError) as info:
        load_tender(_folder_with_table(tmp_path, table))
    problems = info.value.problems
    assert [p.line for p in problems] == [2, 3, 4, 5, 6, 7]
    assert all(p.path == "price" and p.file.endswith("offers.csv") for p in problems)
    assert "le prix vaut 0" in problems[3].message and "-5" in problems[4].message


def test_odd_prices_in_an_excel_offers_table_name_their_cell(tmp_path):
    import openpyxl

    path = tmp_path / "odd.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "bidder", "lot", "price", "values.delai"])
    ws.append(["O1", "A", "L1", "１２３４５６", 3])
    ws.append(["O2", "B", "L1", 0, "1e3"])
    ws.append(["O3", "C", "L1", 41250.5, True])
    ws.append(["O4", "D", "L1", 39000, 2])
    wb.save(path)
    with pytest.raises(TenderError) as info:
        load_tender(_folder_with_table(tmp_path, path))
    problems = info.value.problems
    assert [p.cell for p in problems] == [
        "offers.xlsx!D2",
        "offers.xlsx!D3",
        "offers.xlsx!E3",
        "offers.xlsx!E4",
    ]
    assert "booléen" in problems[3].message and "U+FF11" in problems[0].message


def _tender_with_offer(tmp_path: Path, price: str) -> Path:
    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer = folder / "offers" / "O2-proprete-bugey.yaml"
    text = offer.read_text(encoding="utf-8")
    offer.write_text(text.replace("lot: L1\n", f"lot: L1\nprice: {price}\n"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("price", ["0", "1e309", "1_000", "１２３４５６", "0x1F"])
def test_odd_prices_in_an_offer_file_are_located_in_french(tmp_path, price):
    folder = _tender_with_offer(tmp_path, price)
    with pytest.raises(TenderError) as info:
        load_tender(folder)
    (problem,) = [p for p in info.value.problems if p.path == "price"]
    assert problem.file.endswith("O2-proprete-bugey.yaml") and problem.line is not None
    assert "le prix" in problem.message


def test_validate_refuses_1e309_instead_of_score_crashing(tmp_path):
    folder = _tender_with_offer(tmp_path, "1e309")
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "O2-proprete-bugey.yaml" in result.output and "notation scientifique" in result.output
    result = CliRunner().invoke(app, ["score", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_offer_priced_zero_by_its_lines_is_refused(tender_factory):
    from pydantic import ValidationError

    from efc_scoring import Offer

    with pytest.raises(ValidationError, match="nul"):
        Offer(id="O1", bidder="A", lot="L1", lines=[{"item": "x", "quantity": 0, "unit_price": 9}])
