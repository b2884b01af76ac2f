"""Outputs of the plan: workbook, minutes, final assessment, OCDS metrics (write then read)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from efc_scoring import sample_path
from efc_scoring.progress.io import load_plan, load_review
from efc_scoring.progress.ocds import ocds_metrics, write_ocds_metrics
from efc_scoring.progress.records import Review
from efc_scoring.progress.report import final_assessment, review_minutes, write_final_assessment
from efc_scoring.progress.status import plan_status, record_review
from efc_scoring.progress.workbook import write_tracking_workbook

FOLDER = sample_path("bof-lycees") / "plan"


def full_plan():  # type: ignore[no-untyped-def]
    plan = load_plan(FOLDER / "plan.yaml")
    for i in (1, 2, 3):
        plan = record_review(plan, load_review(FOLDER / f"review-{i}.yaml"))
    return plan


def test_sample_tells_the_story() -> None:
    """One late indicator, one qualitative axis, one bonus triggered, one amendment."""
    plan = full_plan()
    at_r2 = plan_status(plan, at="R2")
    assert [s.indicator for s in at_r2.states if s.status.value == "late"] == [
        "transport.km_evites"
    ]
    assert all(
        i.kind == "qualitative" for i in next(a for a in plan.axes if a.id == "waste").indicators
    )
    assert plan_status(plan).amendment_needed


def test_workbook_values_read_back(tmp_path: Path) -> None:
    plan = full_plan()
    path = write_tracking_workbook(plan, tmp_path / "suivi.xlsx")
    wb = openpyxl.load_workbook(path, data_only=True)
    assert wb.sheetnames[0] == "Tableau de bord"
    assert {
        "Transport et livraisons",
        "Révisions de prix",
        "Note de coopération",
        "Coopération",
    } <= set(wb.sheetnames)
    dash = wb["Tableau de bord"]
    rows = {dash.cell(r, 2).value: r for r in range(5, 5 + len(plan.indicators))}
    km = rows["transport.km_evites"]
    assert (
        dash.cell(km, 10).value == 23000
        and dash.cell(km, 11).value == 1
        and dash.cell(km, 12).value == "atteint"
    )
    overall_row = 5 + len(plan.indicators) + 1
    assert dash.cell(overall_row, 11).value == 1  # cached value of the overall progress formula
    formulas = openpyxl.load_workbook(path)["Tableau de bord"]
    assert str(formulas.cell(overall_row, 11).value).startswith("=")
    revisions = wb["Révisions de prix"]
    signed = [revisions.cell(r, 10).value for r in range(2, 8)]
    assert signed == [0, 0, 2280, -570, 1720, 0]
    transport = wb["Transport et livraisons"]
    expected = [
        transport.cell(r, 9).value
        for r in range(5, 20)
        if transport.cell(r, 1).value == "transport.km_evites"
    ]
    assert [round(x) for x in expected] == [round(22000 * 182 / 366), 22000, 22000]


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    plan = load_plan(FOLDER / "plan.yaml")
    axes = list(plan.axes)
    first = axes[0].indicators[0].model_copy(update={"label": '=HYPERLINK("http://x","clic")'})
    axes[0] = axes[0].model_copy(update={"indicators": (first,), "label": "Axe [1]: *EGalim*/bio?"})
    plan = plan.model_copy(update={"axes": tuple(axes)})
    review = Review.model_validate(
        {
            "id": "R1",
            "date": "2028-03-01",
            "supplier_present": True,
            "feedback": [{"who": "=1+1", "satisfaction": 3, "comment": "@SUM(A1)"}],
            "work_observations": [{"date": "2028-01-10", "site": "=cmd|' /C calc'!A0\x0b"}],
        }
    )
    plan = record_review(plan, review)
    wb = openpyxl.load_workbook(write_tracking_workbook(plan, tmp_path / "s.xlsx"))
    assert "Axe _1__ _EGalim__bio_" in wb.sheetnames
    dash = wb["Tableau de bord"]
    assert dash["C5"].value == '=HYPERLINK("http://x","clic")' and dash["C5"].data_type == "s"
    coop = wb["Note de coopération"]
    assert (
        "=cmd|" in coop["I2"].value
        and coop["I2"].data_type == "s"
        and "\x0b" not in coop["I2"].value
    )
    assert "␋" in coop["I2"].value  # the control character is shown, not dropped
    minutes = review_minutes(plan, "R1", "html")
    assert "<td>=1+1" not in minutes and "=1+1 : satisfaction 3/5" in minutes


def test_minutes_and_final_assessment(tmp_path: Path) -> None:
    plan = full_plan()
    md = review_minutes(plan, "R2")
    assert "en retard" in md and "Bonus = 2 % × 114\u202f000,00 € = 2\u202f280,00 €" in md
    html = review_minutes(plan, "R3", "html")
    assert html.startswith("<!DOCTYPE html>") and 'lang="fr"' in html and "avenant" in html
    final = final_assessment(plan)
    assert "Solde des révisions sur la période : 3\u202f430,00 €." in final
    written = write_final_assessment(plan, tmp_path)
    assert [p.name for p in written] == ["bilan-final.md", "bilan-final.html"]
    assert written[0].read_text(encoding="utf-8") == final


def test_an_interim_assessment_is_named_so_in_its_file_name_too(tmp_path: Path) -> None:
    plan = full_plan()
    interim = plan.model_copy(update={"reviews": plan.reviews[:2]})
    written = write_final_assessment(interim, tmp_path)
    assert [p.name for p in written] == ["bilan-etape-R2.md", "bilan-etape-R2.html"]
    assert written[0].read_text(encoding="utf-8").startswith("# Bilan d'étape")
    assert not (tmp_path / "bilan-final.md").exists()


def test_ocds_metrics_round_trip(tmp_path: Path) -> None:
    plan = full_plan()
    path = write_ocds_metrics(plan, tmp_path / "metrics.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(ocds_metrics(plan), ensure_ascii=False))
    contract = data["contracts"][0]
    agreed = {m["id"]: m for m in contract["agreedMetrics"]}
    target = agreed["egalim.part"]["observations"][-1]
    assert (target["measure"], target["unit"]["name"], target["period"]["endDate"]) == (
        70,
        "%",
        "2028-06-01",
    )
    observed = {m["id"]: m for m in contract["implementation"]["metrics"]}
    km = [
        (o["measure"], o["dimensions"]["status"])
        for o in observed["transport.km_evites"]["observations"]
    ]
    assert km == [(8000, "at_risk"), (15000, "late"), (23000, "achieved")]
    assert data["awards"][0]["agreedMetrics"] == contract["agreedMetrics"]
