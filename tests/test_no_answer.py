"""An offer that does not answer a question: a warning, and « pas de réponse » wherever the
proposed level would show (assessments, grids, agenda, comparison, report), never level 0."""

from __future__ import annotations

import pytest

from efc_scoring import assess, load_tender, sample_path


@pytest.fixture(scope="module")
def unanswered():
    tender = load_tender(sample_path("nettoyage"))
    offers = list(tender.offers)
    o4 = next(i for i, o in enumerate(offers) if o.id == "O4")
    answers = {k: v for k, v in offers[o4].answers.items() if k != "q_transport"}
    offers[o4] = offers[o4].model_copy(update={"answers": answers})
    return tender.model_copy(update={"offers": tuple(offers)})


@pytest.fixture(scope="module")
def assessments(unanswered):
    return assess(unanswered)


def test_assessment_has_no_level_and_says_so(assessments):
    a = assessments["O4", "q_transport"]
    assert a.level is None and a.label == "pas de réponse" and a.shown == "pas de réponse"
    assert "n'est pas lue comme un niveau 0" in a.justification
    row = assessments.to_frame().query("offer == 'O4' and question == 'q_transport'").iloc[0]
    import pandas as pd

    assert row["label"] == "pas de réponse" and pd.isna(row["level"])


def test_grid_agenda_comparison_and_report_say_pas_de_reponse(tmp_path, unanswered, assessments):
    import openpyxl

    from efc_scoring import agenda, compare_answers, write_grids
    from efc_scoring.report import build_report

    (grid,) = write_grids(unanswered, tmp_path, evaluators=["agente"], assessments=assessments)
    wb = openpyxl.load_workbook(grid, read_only=True)
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    wb.close()
    assert any(c == "pas de réponse" for c in cells)
    comparison = compare_answers(unanswered, "q_transport", assessments=assessments)
    (o4,) = [a for a in comparison.answers if a.offer == "O4"]
    assert o4.proposal == "pas de réponse" and o4.level is None

    def o4_transport(item):
        return item.offer == "O4" and item.criterion == "env.transport"

    for given in (assessments, None):  # from assess(), or read by the agenda itself
        (item,) = agenda(unanswered, rule=o4_transport, evidence=True, assessments=given)
        assert [p.shown for p in item.proposals] == ["pas de réponse"]
    report = build_report(
        unanswered, assessments=assessments, robustness=False, plots=False, provisional=True
    ).to_markdown()
    assert "pas de réponse" in report
