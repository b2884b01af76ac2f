"""The public API: AnswerAssessment, spans, justification, robustness."""

import dataclasses
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efc_scoring.evidence import AnswerAssessment, assess_answer, assess_answers
from efc_scoring.model.scale import DEFAULT_SCALE

FIRM = (
    "Nous nous engageons à reprendre 100 % des bidons vides dès la notification du marché ; "
    "un bilan annuel des quantités reprises sera présenté à vos services."
)


def test_fields_and_frozen(nlp):
    a = assess_answer(FIRM, "packaging")
    assert isinstance(a, AnswerAssessment)
    assert a.level == 5 and a.label == DEFAULT_SCALE.label_of(5)
    assert a.features == frozenset("RMFQTI")
    assert 0 <= a.confidence <= 1 and a.axis == "packaging" and a.text == FIRM
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.level = 1  # type: ignore[misc]


def test_justification_quotes_and_names_rule(nlp):
    a = assess_answer(FIRM, "packaging")
    assert a.justification.count("«") >= 3
    assert "niveau 5 (Très bon)" in a.justification
    assert "objectif chiffré et au moins trois éléments" in a.justification


def test_every_code_has_a_span(nlp):
    a = assess_answer(FIRM, "packaging")
    assert {s.code for s in a.evidence} == set(a.features)


def test_to_dict(nlp):
    d = assess_answer(FIRM, "packaging").to_dict()
    assert d["features"] == ["R", "M", "F", "Q", "T", "I"]
    assert all(set(e) == {"code", "start", "end", "text"} for e in d["evidence"])


def test_html_is_escaped(nlp):
    a = assess_answer("<script>alert(1)</script> Nous reprenons les bidons & fûts.", "packaging")
    html = a._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark" in html


def test_question_gives_the_axis(nlp):
    q = SimpleNamespace(id="Q1", text="Emballages ?", axis="packaging", criterion="env")
    assert assess_answer("Nous reprenons les bidons.", question=q).axis == "packaging"


def test_inferred_axis_is_said_and_lowers_confidence(nlp):
    inferred = assess_answer("Nous regroupons les livraisons en tournées mutualisées.")
    given_axis = assess_answer(
        "Nous regroupons les livraisons en tournées mutualisées.", "transport"
    )
    assert inferred.axis == "transport" and inferred.justification.startswith("Axe déduit")
    assert inferred.confidence < given_axis.confidence


def test_batch_equals_single(nlp):
    texts = [FIRM, "Nous pourrions reprendre les bidons.", ""]
    batch = assess_answers(texts, "packaging")
    assert [a.level for a in batch] == [assess_answer(t, "packaging").level for t in texts]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("", "vide"),
        ("NC", "vide"),
        ("Voir mémoire technique", "renvoi"),
        ("🚚♻️ 😀", "vide"),
        ("\x00\x07\x1b\x7f", "vide"),
    ],
)
def test_robust_inputs_give_level_0_and_a_reason(nlp, text, word):
    a = assess_answer(text, "packaging")
    assert a.level == 0 and word in a.justification


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We take back all empty drums and provide refills to your sites.", "anglais"),
        ("Wir nehmen alle leeren Kanister zurück und verwenden recycelte Kartons.", "allemand"),
        (
            "Entregamos todos los productos con nuestra flota eléctrica, envases retornables.",
            "espagnol",
        ),
    ],
)
def test_an_answer_not_in_french_gets_no_level(nlp, text, language):
    """RUBRIC: a reader that cannot read the language proposes no level, never 0."""
    a = assess_answer(text, "packaging")
    assert a.level is None and a.label == "à relire" and a.shown == "à relire"
    assert language in a.justification and "à relire" in a.justification
    assert a.to_dict()["level"] is None and not a.fragile


def test_a_french_answer_with_english_words_is_read(nlp):
    a = assess_answer(
        "Livraison en vrac des snacks bio, pricing TBC, kick-off en janvier.", "egalim"
    )
    assert a.level is not None


def test_control_characters_emojis_and_long_lines(nlp):
    text = "Nous reprenons\x00 les bidons 🚚 vides\x1b dès 2026 ♻️. " + "x" * 20000
    a = assess_answer(text, "packaging")
    assert a.level >= 3
    assert all(s.text == text[s.start : s.end] for s in a.evidence)


@pytest.mark.slow
def test_very_long_answer(nlp):
    sentences = [
        "Nous reprenons les bidons vides.",
        "Notre société est engagée dans une démarche RSE.",
        "Les produits sont livrés en vrac dès la rentrée 2026.",
        "Nous pourrions proposer des recharges.",
    ]
    text = " ".join(sentences[i % 4] for i in range(3000))  # about 20,000 words
    a = assess_answer(text, "packaging")
    assert a.reading_level == 4 and a.reading_confidence < 0.8


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                *"abcdeéèàç  ,.;:!?%\n-'’0123456789«»🚚\x00",
                *("nous reprenons ", "bidons ", "ne ", "pas ", "pourrions ", "100 % ", "dès "),
                *("bilan ", "si possible ", "comité ", "2026 ", "Voir ", "aucun ", "\n- "),
                "Objectif : ",
            ]
        )
        | st.text(max_size=20),
        max_size=60,
    ).map("".join)
)
def test_spans_always_match_the_text(nlp, text):
    a = assess_answer(text, "packaging")
    assert (a.level is None or 0 <= a.level <= 5) and 0 <= a.confidence <= 1
    for span in a.evidence:
        assert span.text == text[span.start : span.end]
        assert span.code in a.features
