"""One amount, one date, one percentage render the same in every output a buyer reads.

The outputs of the bundled samples are gathered (report in Markdown, HTML and Word,
letter, consolidated workbook and grids, progress minutes and tracking workbook, CLI
commands); a value is looked up in each, and no output may hold another rendering of
a number (« 52 950,00 » with a plain space, « EUR », « 2,0 % », « 1 mars », 01/03/2028).
The samples' own answers hold none of these forms, so every hit is the library's.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import efc_scoring as efc
from efc_scoring import present
from efc_scoring.cli import app
from efc_scoring.progress.io import load_plan, load_review
from efc_scoring.progress.report import final_assessment, review_minutes

runner = CliRunner()
MONTHS = "|".join(present.MONTHS)
#: Renderings that the presentation layer never produces.
FOREIGN = {
    "thousands not grouped by U+202F": (
        r"\d{1,3}(?:[  ]\d{3})+,\d\d\s?€|(?<![\d\u202f])\d{4,},\d\d\s?€"
    ),
    "currency code EUR": r"\d\s?EUR\b",
    "decimal point before a unit": r"\d\.\d+\s?(?:€|%)",
    "percentage with a useless ,0": r"\d,0\s%",
    "percentage glued to its sign": r"\d%",
    "first of the month without « er »": rf"(?<![\d\u202f])1 (?:{MONTHS}) \d{{4}}",
    "numeric date": r"\b\d{2}/\d{2}/\d{4}\b",
}


def _strings(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("outputs")
    folder = efc.sample_path("nettoyage")
    tender = efc.load_tender(folder)
    evaluation = efc.score(tender)
    award = tender.award_date
    texts: dict[str, str] = {}
    written = efc.write_report(  # the sample's agenda is unsettled: a provisional report
        tender,
        out / "rapport",
        evaluation,
        formats=("md", "html", "docx"),
        draws=500,
        provisional=True,
    )
    for path in written:
        if path.suffix not in (".md", ".html", ".docx"):
            continue
        if path.suffix == ".docx":
            import docx

            doc = docx.Document(str(path))
            cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
            texts["report (Word)"] = "\n".join([p.text for p in doc.paragraphs] + cells)
        else:
            text = path.read_text(encoding="utf-8")
            texts[f"report ({path.suffix})"] = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    # the sample's committee has not settled its agenda: a provisional letter
    letter = efc.disclosure_letter(tender, evaluation, "O2", signature_date=award, provisional=True)
    texts["letter"] = letter.text
    texts["letter (Markdown)"] = letter.markdown
    efc.write_consolidated(tender, evaluation, out / "synthese.xlsx", propose=False)
    texts["consolidated workbook"] = _strings(out / "synthese.xlsx")
    for grid in efc.write_grids(tender, out / "grilles", propose=False):
        texts[f"grid {grid.name}"] = _strings(grid)
    texts["CLI score"] = _cli("score", str(folder))
    texts["CLI letter"] = _cli(
        "letter",
        str(folder),
        "--offer",
        "O2",
        "--signature-date",
        award.isoformat(),
        "--provisoire",
    )
    texts["CLI agenda"] = _cli("agenda", str(folder))
    texts["CLI agreement"] = _cli("agreement", str(folder))

    plan_dir = efc.sample_path("bof-lycees") / "plan"
    plan = efc.record_review(
        load_plan(plan_dir / "plan.yaml"), load_review(plan_dir / "review-1.yaml")
    )
    efc.save_plan(plan, out / "plan-R1.yaml")
    texts["CLI plan review"] = _cli(
        "plan",
        "review",
        str(out / "plan-R1.yaml"),
        str(plan_dir / "review-2.yaml"),
        "--out",
        str(out / "plan-R2.yaml"),
    )
    plan = efc.record_review(plan, load_review(plan_dir / "review-2.yaml"))
    texts["plan minutes"] = review_minutes(plan, "R2")
    texts["plan minutes (HTML)"] = review_minutes(plan, "R2", "html")
    texts["plan final assessment"] = final_assessment(plan)
    efc.write_tracking_workbook(plan, out / "suivi.xlsx")
    texts["plan workbook"] = _strings(out / "suivi.xlsx")
    return texts


def test_no_output_holds_another_rendering(outputs):
    found = {
        (name, why, hit)
        for name, text in outputs.items()
        for why, pattern in FOREIGN.items()
        for hit in re.findall(pattern, text)
    }
    assert not found, sorted(found)


def test_one_amount_renders_alike_in_report_letter_workbook_and_cli(outputs):
    tender = efc.load_tender(efc.sample_path("nettoyage"))
    amount = present.money(tender.offer("O2").total_price)
    assert amount == "52\u202f950,00 €"
    for name in ("report (.md)", "report (.html)", "report (Word)", "letter", "CLI letter"):
        assert amount in outputs[name], name
    assert amount in outputs["consolidated workbook"]  # the abnormal-offer analysis
    assert amount in outputs["CLI score"]


def test_one_date_renders_alike(outputs):
    day = present.long_date(efc.load_tender(efc.sample_path("nettoyage")).award_date)
    assert day == "15 mars 2027"
    for name in ("report (.md)", "report (Word)", "letter", "letter (Markdown)", "CLI letter"):
        assert day in outputs[name], name
    first = present.long_date(date(2028, 3, 1))
    assert first == "1er mars 2028"
    assert first in outputs["plan minutes"] and first in outputs["plan final assessment"]


def test_one_percentage_renders_alike(outputs):
    tender = efc.load_tender(efc.sample_path("nettoyage"))
    check = next(c for c in efc.score(tender).abnormal["L1"] if c.gap < 0)
    share = present.percent(-check.gap)
    for name in ("report (.md)", "report (Word)", "consolidated workbook"):
        assert share in outputs[name], name
    plan_dir = efc.sample_path("bof-lycees") / "plan"
    plan = load_plan(plan_dir / "plan.yaml")
    for n in (1, 2):
        plan = efc.record_review(plan, load_review(plan_dir / f"review-{n}.yaml"))
    progress = present.percent(efc.plan_status(plan, at="R2").progress)
    for name in ("plan minutes", "plan final assessment", "CLI plan review"):
        assert progress in outputs[name], name
