"""assess(tender): every answer of every offer."""

from types import SimpleNamespace as S

import pytest

from efc_scoring.evidence import Assessments, assess
from efc_scoring.model.axis import AxisLexicon


@pytest.fixture
def tender():
    return S(
        questions=[
            S(id="Q1", text="Emballages ?", axis="packaging", criterion="env"),
            S(id="Q2", text="Eau ?", axis="water", criterion="env"),
        ],
        offers=[
            S(
                id="O1",
                bidder="Alpha",
                lot="L1",
                answers={
                    "Q1": "Nous reprenons 100 % des bidons.",
                    "Q2": "Nous posons des mousseurs.",
                },
            ),
            S(id="O2", bidder="Beta", lot="L1", answers={"Q1": "Voir mémoire technique"}),
        ],
        axes=[AxisLexicon(id="water", label="eau", subject=["eau"], measures=["mousseur"])],
    )


def test_assess_tender(nlp, tender):
    result = assess(tender)
    assert isinstance(result, Assessments) and len(result) == 4
    assert result["O1", "Q1"].level == 4
    assert result["O1", "Q2"].level == 3  # tender-defined axis
    assert result["O2", "Q2"].level is None  # no answer: no level, never 0
    assert result["O2", "Q2"].label == "pas de réponse"
    with pytest.raises(KeyError):
        result["O3", "Q1"]


def test_frame_and_html(nlp, tender):
    result = assess(tender)
    frame = result.to_frame()
    assert list(frame.columns) == [
        "offer",
        "bidder",
        "lot",
        "question",
        "axis",
        "level",
        "label",
        "proposal",
        "features",
        "confidence",
        "fragile",
        "reading_level",
        "justification",
    ]
    assert str(frame["reading_level"].dtype) == "Int64"
    assert frame.loc[0, "features"] == "R M F Q"
    assert frame.loc[0, "proposal"] == "4 (Bon)" and str(frame["level"].dtype) == "Int64"
    assert "<mark" in result._repr_html_()
    assert [row.offer for row in result] == ["O1", "O1", "O2", "O2"]


def test_with_the_tender_model(nlp):
    tender_mod = pytest.importorskip("efc_scoring.model.tender")
    question = tender_mod.OpenQuestion(
        id="Q1", text="Emballages ?", axis="packaging", criterion="env"
    )
    assert assess(S(questions=[question], offers=[], axes=())).to_frame().empty
