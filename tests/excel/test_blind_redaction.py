"""Blind grids hide who wrote the answer: the bidder's own name, the distinctive words and
acronym of it, its trade names and its offer id are masked in the answer and in the engine's
proposed justification; the grid still reads back."""

from __future__ import annotations

import openpyxl

from efc_scoring import Tender, load_tender, read_grids, sample_path
from efc_scoring.excel import write_grids

ANSWER, WHY, LEVEL, REASON = 7, 9, 10, 11  # 1-based columns of the « Grille » sheet


def naming_itself(tender: Tender) -> Tender:
    data = tender.model_dump(mode="python")
    for offer in data["offers"]:
        if offer["id"] == "O5":
            offer["trade_names"] = ["PurEclat"]
            offer["answers"]["q_transport"] = (
                "Chez Laboratoires Sanéo, l'équipe Sanéo (LS) livre la gamme PurEclat et la "
                "gamme Vertiflor® en camion bioGNV ; l'offre O5 regroupe les livraisons."
            )
    return Tender.model_validate(data)


def test_a_blind_grid_whose_answer_names_its_bidder(tmp_path):
    tender = naming_itself(load_tender(sample_path("nettoyage")))
    [path] = write_grids(tender, tmp_path, evaluators=["agente"], blind=True, propose=True)
    wb = openpyxl.load_workbook(path)
    ws = wb["Grille"]
    cells = [
        (row[ANSWER - 1].value or "", row[WHY - 1].value or "") for row in ws.iter_rows(min_row=5)
    ]
    text = " ".join(a + " " + w for a, w in cells)
    for word in ("Sanéo", "Laboratoires", "PurEclat", "Vertiflor", "O5", "Distri-Clean"):
        assert word not in text, word
    assert "Chez [candidat], l'équipe [candidat] (LS) livre la gamme [candidat]" in text
    assert "bioGNV" in text  # the answer itself is kept
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and "Sanéo" in v for v in row), sheet.title
    for row in ws.iter_rows(min_row=5):
        row[LEVEL - 1].value, row[REASON - 1].value = 3, "Réponse correcte."
    wb.save(path)
    marks = read_grids(tender, [path])
    assert len(marks) == 20 and set(marks["offer"]) == {o.id for o in tender.offers}


def test_open_grids_keep_the_answer_as_written(tmp_path):
    tender = naming_itself(load_tender(sample_path("nettoyage")))
    [path] = write_grids(tender, tmp_path, evaluators=["agente"], propose=False)
    ws = openpyxl.load_workbook(path)["Grille"]
    text = " ".join(str(row[ANSWER - 1].value or "") for row in ws.iter_rows(min_row=5))
    assert "Chez Laboratoires Sanéo, l'équipe Sanéo (LS)" in text


def test_a_blind_answer_that_begins_with_its_bidder_keeps_its_text(tmp_path):
    """Masking the name that opens an answer leaves two plain runs (« [candidat] » and the
    rest): the cell is written as plain text, never as a rich string of plain runs, which
    XlsxWriter drops (the cell came back empty and the grid was refused as modified)."""
    import warnings

    tender = load_tender(sample_path("bof-lycees"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter warns when it drops a rich string
        [path] = write_grids(tender, tmp_path, evaluators=["acheteur"], blind=True, propose=False)
    wb = openpyxl.load_workbook(path)
    ws = wb["Grille"]
    answers = [str(row[ANSWER - 1].value or "") for row in ws.iter_rows(min_row=5)]
    assert any(a.startswith("[candidat] est un acteur majeur") for a in answers)
    assert all(answers)
    for row in ws.iter_rows(min_row=5):
        row[LEVEL - 1].value, row[REASON - 1].value = 3, "Réponse correcte."
    wb.save(path)
    assert len(read_grids(tender, [path])) == len(answers)


def test_a_blind_grid_hides_the_contact_details_of_the_bidder(tmp_path):
    """A telephone number, an e-mail or web address and a SIRET identify a bidder as surely
    as its name: the laundry sample's O4 gives its switchboard (« 02 41 55 63 80 ») in its
    cooperation answer, which the blind grid showed to the evaluator as written."""
    tender = load_tender(sample_path("blanchisserie"))
    assert "02 41 55 63 80" in tender.offer("O4").answers["q_cooperation"]
    data = tender.model_dump(mode="python")
    for offer in data["offers"]:
        if offer["id"] == "O2":
            offer["answers"]["q_transport"] = (
                "Bilan des tournées sur www.lineo-sante.fr/bilans ; écrire à "
                "qualite@lineo-sante.fr ou appeler le +33 (0)2 41 12 34 56. Notre site de "
                "Cholet (SIRET 523 456 789 00031) livre deux fois par semaine, 12 000 km par an."
            )
    tender = Tender.model_validate(data)
    [path] = write_grids(tender, tmp_path, evaluators=["acheteur"], blind=True, propose=True)
    wb = openpyxl.load_workbook(path)
    text = " ".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )
    for detail in (
        "02 41 55 63 80",
        "lineo-sante",
        "qualite@",
        "41 12 34 56",
        "523 456 789",
        "00031",
    ):
        assert detail not in text, detail
    assert "livre deux fois par semaine, 12 000 km par an" in text  # figures are kept
    assert "appeler le [candidat]" in text
    [open_grid] = write_grids(tender, tmp_path / "o", evaluators=["acheteur"], propose=False)
    ws = openpyxl.load_workbook(open_grid)["Grille"]
    assert any("02 41 55 63 80" in str(row[ANSWER - 1].value) for row in ws.iter_rows(min_row=5))
