"""The consolidated workbook: live formulas with their values, equal to the library's results;
and LibreOffice as a real client (recalculation, PDF of a grid)."""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction

import openpyxl
import pytest
import xlsxwriter
from excel_tenders import small_tender

from efc_scoring import load_tender, sample_path, score
from efc_scoring.excel import find_soffice, recalculate, to_pdf, write_consolidated, write_grids

TENDERS = {
    "threshold-2-lots": lambda: small_tender(4, lots=2, threshold=15, formula="linear", seed=3),
    "relative-gap": lambda: small_tender(5, formula="relative_gap", seed=7),
    "nettoyage": lambda: load_tender(sample_path("nettoyage")),
}


def _summary(path, data_only=True):
    ws = openpyxl.load_workbook(path, data_only=data_only)["Synthèse"]
    header = [c.value for c in ws[2]]
    rows = {}
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[1] is not None:
            rows[row[1]] = dict(zip(header, row, strict=True))
    return rows


def _check_against_library(path, tender, evaluation, tol):
    rows = _summary(path)
    points = evaluation.criteria_frame()
    assert set(rows) == {o.id for o in tender.offers}
    for offer in tender.offers:
        row = rows[offer.id]
        assert row["Total (/100)"] == pytest.approx(float(evaluation.totals[offer.id]), abs=tol)
        assert round(row["Total (/100)"], 2) == round(float(evaluation.totals[offer.id]), 2)
        rank = evaluation.ranks[offer.id]
        assert row["Rang"] in ((rank,) if rank is not None else ("", None))
        assert row["Éliminée"] == ("oui" if offer.id in evaluation.eliminated else "non")
        for node_id, (node, _) in tender.nodes.items():
            expected = points[
                (points.offer == offer.id) & (points.criterion == node_id)
            ].points.iloc[0]
            assert row[f"{node.label} (/{node.weight.normalize():f})"] == pytest.approx(
                expected, abs=tol
            )
    wb = openpyxl.load_workbook(path, data_only=True)
    flags = {
        r[1]: r[6] for r in wb["Offres anormalement basses"].iter_rows(min_row=2, values_only=True)
    }
    for checks in evaluation.abnormal.values():
        for c in checks:
            assert flags[c.offer] == ("OUI" if c.flagged else "non")


@pytest.mark.parametrize("name", sorted(TENDERS))
def test_values_written_with_the_formulas_equal_the_library(tmp_path, name):
    tender = TENDERS[name]()
    evaluation = score(tender)
    path = write_consolidated(tender, evaluation, tmp_path / "synthese.xlsx", propose=False)
    _check_against_library(path, tender, evaluation, 1e-12)


def test_formulas_are_live(tmp_path):
    tender = TENDERS["threshold-2-lots"]()
    evaluation = score(tender)
    assert evaluation.eliminated and len({evaluation.ranks[o.id] for o in tender.offers}) > 1
    path = write_consolidated(tender, evaluation, tmp_path / "s.xlsx", propose=False)
    wb = openpyxl.load_workbook(path)
    ws = wb["Synthèse"]
    assert any(str(c.value).startswith("=SUM(") for c in ws[3])
    formulas = [c.value for c in ws[3] if isinstance(c.value, str) and c.value.startswith("=")]
    assert any("'Prix'!G" in f for f in formulas) and any("'Niveaux'!" in f for f in formulas)
    assert any("COUNTIFS" in f for f in formulas) and any(
        "ROUND(" in f and "OR(" in f for f in formulas
    )
    assert wb["Niveaux"]["G2"].value.startswith("=IF(COUNT(D2:F2)=0")
    assert wb["Prix"]["G2"].value == "=IF(E2=D2,F2,F2*(E2-C2)/(E2-D2))"
    assert "MINIFS" in wb["Prix"]["D2"].value
    assert wb["Offres anormalement basses"]["G2"].value.startswith("=IF(C2<E2*(1-$K$2)")


def test_committee_and_engine_levels_side_by_side(tmp_path):
    tender = small_tender(3)
    found = {
        (o.id, "q-emb"): type(
            "A", (), {"level": 2, "justification": "Mesure envisagée.", "evidence": ()}
        )()
        for o in tender.offers
    }
    path = write_consolidated(tender, score(tender), tmp_path / "s.xlsx", assessments=found)
    ws = openpyxl.load_workbook(path, data_only=True)["Niveaux"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    env = [r for r in rows if r["Critère"] == "env"]
    assert all(r["Niveau proposé (moteur)"] == 2 for r in env)
    marks = {(s.offer, s.evaluator): s.value for s in tender.marks if s.criterion == "env"}
    for r in env:
        mean = sum(Fraction(marks[(r["Offre"], e)]) for e in ("E1", "E2", "E3")) / 3
        assert r["Moyenne commission"] == pytest.approx(float(mean))
        assert r["Écart commission − moteur"] == pytest.approx(float(mean) - 2)
    assert all(r["Niveau proposé (moteur)"] is None for r in rows if r["Critère"] == "tech.q")


def test_untrusted_text_stays_text(tmp_path):
    tender = small_tender(3)
    offers = list(tender.offers)
    offers[0] = offers[0].model_copy(update={"bidder": '=HYPERLINK("http://x","y")'})
    scores = list(tender.marks)
    scores[0] = scores[0].model_copy(update={"justification": "=cmd|' /C calc'!A0"})
    tender = tender.model_copy(update={"offers": tuple(offers), "marks": tuple(scores)})
    path = write_consolidated(tender, score(tender), tmp_path / "s.xlsx", propose=False)
    wb = openpyxl.load_workbook(path)
    assert wb["Synthèse"]["C3"].value == '=HYPERLINK("http://x","y")'
    assert wb["Synthèse"]["C3"].data_type == "s"
    assert wb["Notes"]["F2"].data_type == "s"


needs_lo = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (soffice) absent: "
    "apt-get install -y --no-install-recommends libreoffice-calc",
)


@pytest.mark.slow
@needs_lo
def test_libreoffice_recalculates_to_the_library_and_prints_a_grid(tmp_path):
    # 1. the profile really forces recalculation: a formula stored with a wrong value is fixed
    probe = tmp_path / "probe.xlsx"
    wb = xlsxwriter.Workbook(str(probe))
    wb.add_worksheet().write_formula("A1", "=1+1", None, 5)
    wb.close()
    # 2. the consolidated workbooks of three tenders, recalculated in one LibreOffice run
    books = [probe]
    expected = {}
    for name, build in TENDERS.items():
        tender = build()
        evaluation = score(tender)
        path = write_consolidated(
            tender, evaluation, tmp_path / f"synthese-{name}.xlsx", propose=False
        )
        books.append(path)
        expected[path.name] = (tender, evaluation)
    # 3. a filled grid saved by LibreOffice (as an evaluator using it would) reads back
    small = small_tender(3)
    [grid] = write_grids(small, tmp_path / "g", evaluators=["E2"], propose=False)
    wb = openpyxl.load_workbook(grid)
    for i, row in enumerate(wb["Grille"].iter_rows(min_row=5)):
        row[9].value, row[10].value = i % 6, f"Motif {i}"
    wb.save(grid)
    from efc_scoring.excel import read_grids
    from efc_scoring.excel.libreoffice import convert

    out = convert([*books, grid], tmp_path / "lo", "xlsx")
    saved = out.pop()
    marks = read_grids(small, [saved])
    assert [int(v) for v in marks["value"]] == [i % 6 for i in range(6)]
    assert openpyxl.load_workbook(out[0], data_only=True).active["A1"].value == 2
    for path in out[1:]:
        tender, evaluation = expected[path.name]
        _check_against_library(path, tender, evaluation, 1e-9)
    # 4. one grid of the sample, printed to PDF: pages exist and hold the answers
    tender = load_tender(sample_path("nettoyage"))
    [grid] = write_grids(tender, tmp_path / "grids", evaluators=["agente"], propose=False)
    pdf = to_pdf(grid, tmp_path / "pdf")
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Grille d'évaluation" in text and "Votre justification" in text
        assert text.count("\f") >= 2  # the guide and the grid pages


@pytest.mark.slow
@needs_lo
def test_recalculate_helper(tmp_path):
    tender = small_tender(3)
    evaluation = score(tender)
    path = write_consolidated(tender, evaluation, tmp_path / "s.xlsx", propose=False)
    again = recalculate(path, tmp_path / "lo")
    _check_against_library(again, tender, evaluation, 1e-9)


def test_an_answer_without_proposed_level_is_a_relire_not_zero(tmp_path):
    tender = small_tender(3)
    found = {
        (o.id, "q-emb"): type(
            "A", (), {"level": None, "justification": "À relire.", "evidence": ()}
        )()
        for o in tender.offers
    }
    path = write_consolidated(tender, score(tender), tmp_path / "s.xlsx", assessments=found)
    ws = openpyxl.load_workbook(path, data_only=True)["Niveaux"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    env = [r for r in rows if r["Critère"] == "env"]
    assert env and all(r["Niveau proposé (moteur)"] == "à relire" for r in env)
    assert all(r["Écart commission − moteur"] in (None, "") for r in env)
