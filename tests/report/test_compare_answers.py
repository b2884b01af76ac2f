"""Side-by-side answers: HTML columns with highlighted spans, an Excel sheet that keeps text."""

from __future__ import annotations

import openpyxl
import pytest

from efc_scoring import Tender, load_tender, sample_path
from efc_scoring.report import compare_answers


class _Span:
    def __init__(self, code, start, end, text):
        self.code, self.start, self.end, self.text = code, start, end, text


class _Assessment:
    def __init__(self, text):
        self.level, self.label, self.confidence = 4, "Bon", 0.8
        self.features = frozenset({"R", "M", "F", "Q"})
        start = text.index("100 %")
        self.evidence = (_Span("Q", start, start + 5, "100 %"), _Span("M", 0, 3, text[:3]))
        self.justification = "Mesure ferme et chiffrée."


@pytest.fixture(scope="module")
def hostile():
    tender = load_tender(sample_path("nettoyage"))
    data = tender.model_dump()
    data["offers"][1]["answers"]["q_emballages"] = (
        "=SUM(A1) <script>x</script> reprise de 100 % des bidons"
    )
    return Tender.model_validate(data)


def test_html_has_one_column_per_offer_and_escapes(hostile):
    text = hostile.offers[1].answers["q_emballages"]
    cmp = compare_answers(
        hostile, "q_emballages", assessments={("O2", "q_emballages"): _Assessment(text)}
    )
    html = cmp.to_html()
    assert html.count("<th>O") == 5
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert 'title="Q">100 %</mark>' in html
    frame = cmp.to_frame()
    assert frame.set_index("offer").loc["O2", "level"] == 4
    assert frame["level"].isna().sum() == 4


def test_xlsx_keeps_bidder_text_as_text(tmp_path, hostile):
    text = hostile.offers[1].answers["q_emballages"]
    cmp = compare_answers(
        hostile, "q_emballages", lot="L1", assessments={("O2", "q_emballages"): _Assessment(text)}
    )
    path = cmp.write(tmp_path / "cmp.xlsx")
    ws = openpyxl.load_workbook(path).active
    assert ws.cell(6, 3).value == text and ws.cell(6, 3).data_type == "s"
    assert ws.cell(3, 3).value == "4 (Bon)"
    assert ws.cell(2, 2).value.startswith("O1")


def test_comparison_with_the_engine(hostile):
    pytest.importorskip("efc_scoring.evidence")
    cmp = compare_answers(hostile, "q_transport")
    assert all(a.level is not None for a in cmp.answers)
    assert cmp.answers[0].spans


def test_unknown_question_or_suffix(tmp_path, hostile):
    with pytest.raises(KeyError):
        compare_answers(hostile, "q_nope", evidence=False)
    with pytest.raises(ValueError, match=r"\.html ou \.xlsx"):
        compare_answers(hostile, "q_transport", evidence=False).write(tmp_path / "x.pdf")


def test_an_answer_without_proposed_level_reads_a_relire(tmp_path, hostile):
    class _Unread(_Assessment):
        def __init__(self, text):
            super().__init__(text)
            self.level, self.label, self.fragile = None, "à relire", False

    text = hostile.offers[1].answers["q_emballages"]
    cmp = compare_answers(
        hostile, "q_emballages", lot="L1", assessments={("O2", "q_emballages"): _Unread(text)}
    )
    assert "à relire" in cmp.to_html()
    frame = cmp.to_frame().set_index("offer")
    assert frame.loc["O2", "proposal"] == "à relire" and frame["level"].isna().all()
    ws = openpyxl.load_workbook(cmp.write(tmp_path / "cmp.xlsx")).active
    assert ws.cell(3, 3).value == "à relire"
