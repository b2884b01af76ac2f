"""Generated evaluator grids: content, protection, formulas with values, layout, blind mode."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from excel_tenders import small_tender

from efc_scoring import load_tender, sample_path
from efc_scoring.excel import GridWriteError, TextTooLongError, grid_filename, write_grids


@dataclass(frozen=True)
class Span:
    code: str
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class Proposal:
    level: int
    justification: str
    evidence: tuple[Span, ...]


ANSWER = "Nous reprenons 100 % des bidons vides dès la première livraison."


def _tender():
    tender = small_tender(3)
    offers = [o.model_copy(update={"answers": {"q-emb": ANSWER}}) for o in tender.offers]
    return tender.model_copy(update={"offers": tuple(offers)})


def _proposals(tender):
    spans = (
        Span("F", 0, 13),
        Span("Q", 14, 21),
        Span("M", 14, 35),
        Span("T", 36, 63),
        Span("R", 0, 64),
    )
    return {
        (o.id, "q-emb"): Proposal(4, "Reprise ferme et chiffrée : niveau 4.", spans)
        for o in tender.offers
    }


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    tender = _tender()
    out = tmp_path_factory.mktemp("grids")
    paths = write_grids(tender, out, assessments=_proposals(tender))
    return tender, paths


def test_one_file_per_evaluator_named_by_id(grid):
    tender, paths = grid
    assert [p.name for p in paths] == [grid_filename(e.id) for e in tender.evaluators]
    assert not [p for p in paths[0].parent.iterdir() if p.name.startswith(".")]  # no temp file left


def test_sheets_metadata_and_protection(grid):
    _, paths = grid
    wb = openpyxl.load_workbook(paths[0])
    assert wb.sheetnames == ["Consignes", "Grille", "_meta"]
    assert wb["_meta"].sheet_state == "veryHidden"
    meta = dict(wb["_meta"].iter_rows(values_only=True))
    assert meta["tender_id"] == "T-TEST" and meta["evaluator_id"] == "E1"
    assert meta["format_version"] == "1" and len(meta["template_sha256"]) == 64
    ws = wb["Grille"]
    assert ws.protection.sheet and wb["Consignes"].protection.sheet
    keys = ws.column_dimensions["A"]  # openpyxl groups the two hidden key columns A:B
    assert keys.hidden and (keys.min, keys.max) == (1, 2)
    assert ws.freeze_panes == "E5"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$4:$4"


def test_rows_inputs_and_validations(grid):
    tender, paths = grid
    ws = openpyxl.load_workbook(paths[0])["Grille"]
    rows = list(ws.iter_rows(min_row=5))
    assert [(r[0].value, r[1].value) for r in rows] == [
        (o.id, c) for o in tender.offers for c in ("tech.q", "env")
    ]
    for r in rows:
        assert r[9].protection.locked is False and r[10].protection.locked is False
        assert r[6].protection.locked is not False
        assert ws.row_dimensions[r[0].row].height >= 17
    kinds = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert kinds["list"].formula1 == "Consignes!$A$15:$A$20"
    assert str(kinds["list"].sqref) == "J5:J10"
    assert kinds["textLength"].allow_blank is False or kinds["textLength"].allow_blank is None
    assert ws.conditional_formatting  # missing justifications show in red
    guide = openpyxl.load_workbook(paths[0])["Consignes"]
    assert [guide.cell(r, 1).value for r in range(15, 21)] == [0, 1, 2, 3, 4, 5]
    assert guide.cell(18, 2).value == "Satisfaisant"


def test_formulas_carry_their_values(grid):
    _, paths = grid
    formulas = openpyxl.load_workbook(paths[0])["Grille"]
    values = openpyxl.load_workbook(paths[0], data_only=True)["Grille"]
    assert formulas["L6"].value.startswith("=Consignes!$D$")
    assert values["L6"].value == 30 and values["L5"].value == 20
    assert formulas["M6"].value == '=IF(ISNUMBER(J6),L6*J6/5,"")'
    with zipfile.ZipFile(paths[0]) as zf:
        sheet = zf.read("xl/worksheets/sheet2.xml").decode()
    assert '<f>IF(ISNUMBER(J6),L6*J6/5,"")</f><v></v>' in sheet  # empty result, not 0
    assert "<f>Consignes!$D$" in sheet and "<v>30</v>" in sheet


def test_answer_highlighted_by_feature_and_proposal_shown(tmp_path):
    tender = _tender()
    [path] = write_grids(tender, tmp_path, evaluators=["E2"], assessments=_proposals(tender))
    ws = openpyxl.load_workbook(path, rich_text=True)["Grille"]
    rich = ws["G6"].value
    runs = [
        (getattr(getattr(b, "font", None), "color", None), str(b.text) if hasattr(b, "text") else b)
        for b in rich
    ]
    assert "".join(text for _, text in runs) == ANSWER
    colours = {c.rgb for c, _ in runs if c is not None}
    assert {"FF006100", "FFC55A11", "FF1F4E79", "FF7030A0"} <= colours  # F, Q, M, T
    q_runs = [text for c, text in runs if c is not None and c.rgb == "FFC55A11"]
    assert q_runs == [ANSWER[14:21]]  # Q wins over the M span that covers it
    plain = openpyxl.load_workbook(path)["Grille"]
    assert plain["H6"].value == 4 and plain["I6"].value.startswith("Reprise ferme")
    assert plain["H5"].value is None  # no question on tech.q: nothing proposed


def test_blind_hides_bidders_and_prices(tmp_path):
    tender = _tender()
    [path] = write_grids(tender, tmp_path, evaluators=["E3"], blind=True, propose=False)
    wb = openpyxl.load_workbook(path)
    cells = [
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    text = "\n".join(cells)
    for offer in tender.offers:
        assert offer.bidder not in text
        assert str(offer.total_price) not in text and f"{float(offer.total_price):g}" not in text
    assert {r[3].value for r in wb["Grille"].iter_rows(min_row=5)} == {
        "Offre A",
        "Offre B",
        "Offre C",
    }
    assert {r[0].value for r in wb["Grille"].iter_rows(min_row=5)} == {"A", "B", "C"}


def test_errors_are_clear(tmp_path):
    tender = _tender()
    with pytest.raises(GridWriteError, match=r"inconnu.*E9"):
        write_grids(tender, tmp_path, evaluators=["E9"])
    long = tender.model_copy(
        update={
            "offers": (
                tender.offers[0].model_copy(update={"answers": {"q-emb": "x" * 40_000}}),
                *tender.offers[1:],
            )
        }
    )
    with pytest.raises(TextTooLongError, match=r"offre O1, critère env"):
        write_grids(long, tmp_path / "long", propose=False)
    assert not (tmp_path / "long").exists() or not list((tmp_path / "long").iterdir())


def test_sample_grids_have_every_formula_with_its_value(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    paths = write_grids(tender, tmp_path, propose=False)
    values = openpyxl.load_workbook(paths[0], data_only=True)["Grille"]
    weights = {r[1].value: r[11].value for r in values.iter_rows(min_row=5)}
    assert weights == {c.id: float(c.weight) for c in tender.leaves if c.scoring.method == "rubric"}
    assert len(list(values.iter_rows(min_row=5))) == 5 * 4
    assert all(Decimal(str(w)) > 0 for w in weights.values())


def test_no_proposed_level_reads_a_relire_and_fragile_proposals_are_marked(tmp_path):
    """An answer the engine cannot read shows « à relire », never 0; a fragile one is marked."""
    tender = _tender()
    found = _proposals(tender)
    first, second, *_ = tender.offers
    found[(first.id, "q-emb")] = SimpleNamespace(
        level=None, justification="Réponse en anglais, à relire.", evidence=(), fragile=False
    )
    found[(second.id, "q-emb")] = SimpleNamespace(
        level=3, justification="Mesure ferme.", evidence=(), fragile=True
    )
    [path] = write_grids(tender, tmp_path, evaluators=["E2"], assessments=found)
    ws = openpyxl.load_workbook(path)["Grille"]
    by_offer = {
        ws.cell(r, 1).value: (ws.cell(r, 8).value, ws.cell(r, 9).value)
        for r in range(5, ws.max_row + 1)
        if ws.cell(r, 2).value == "env"
    }
    assert by_offer[first.id] == ("à relire", "Réponse en anglais, à relire.")
    level, why = by_offer[second.id]
    assert level == 3 and why.startswith("Proposition fragile, à lire attentivement.")
