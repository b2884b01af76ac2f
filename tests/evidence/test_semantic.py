"""The semantic signal (issue 11 item 4): word vectors read where the lexicon is silent.

The sentences are written for the tests (vegetables from growers, cans and carafes,
invoices and lifts), not copied from a labelled answer. Each reading is checked with the
signal and without it (``features.semantic_words`` replaced by an empty reading), so a
test fails if the signal stops acting, not only if the level changes for another reason.
"""

import pytest

from efc_scoring.evidence import features
from efc_scoring.evidence._confidence import FRAGILE_BELOW
from efc_scoring.evidence._matcher import match
from efc_scoring.evidence._nlp import parse
from efc_scoring.evidence._semantic import (
    MIN_RANK,
    SemanticWords,
    prototypes,
    semantic_words,
    supported,
)
from efc_scoring.evidence.assessment import assess_answer
from efc_scoring.evidence.lexicon import load_lexicons


@pytest.fixture
def without_semantics(monkeypatch):
    """Read with the lexicon alone (the engine before the semantic signal)."""

    def read(text, axis, question=None):
        with monkeypatch.context() as patch:
            patch.setattr(features, "semantic_words", lambda *a, **k: SemanticWords())
            return assess_answer(text, axis, question)

    return read


def words(text, axis, question=None):
    lex = load_lexicons()
    doc = next(parse([text]))
    qterms = frozenset()
    if question is not None:
        from efc_scoring.evidence._scope import question_terms

        qterms = question_terms(next(parse([question])), lex)
    found = semantic_words(doc, match(doc, lex), lex, axis, qterms)
    return doc, found


def texts(doc, spans):
    return [doc[a:b].text for a, b in spans]


def test_a_word_the_lexicon_lacks_is_read_by_its_meaning(nlp):
    doc, found = words("Nos maraîchers et éleveurs de la vallée fournissent les légumes.", "egalim")
    assert {"maraîchers", "éleveurs"} <= set(texts(doc, found.axis))
    # the same words mean nothing of the transport axis
    doc, found = words(
        "Nos maraîchers et éleveurs de la vallée fournissent les légumes.", "transport"
    )
    assert not found.axis


def test_the_commonest_words_and_the_lexicon_words_are_left_alone(nlp):
    lex = load_lexicons()
    doc, found = words("Nous reprenons les bidons vides et les services associés.", "packaging")
    read = set(texts(doc, found.axis + found.other + found.weak))
    assert "bidons" not in read  # a word of the lexicon is the lexicon's
    assert "services" not in read  # among the commonest forms: it names no subject
    nlp_vectors = nlp.vocab.vectors
    assert nlp_vectors.find(key=nlp.vocab.strings["services"]) < MIN_RANK
    assert prototypes(lex) is prototypes(lex)  # built once per lexicon set


def test_words_of_the_question_are_weak_never_the_axis_itself(nlp):
    question = "Comment limitez-vous l'empreinte carbone du déménagement des archives ?"
    doc, found = words(
        "Le déménagement des archives est confié à nos déménageurs.", "transport", question
    )
    assert "déménagement" not in texts(doc, found.axis)


def test_one_stray_word_does_not_make_a_sentence_relevant(nlp):
    doc = next(parse(["Les triporteurs livrent. Un vélo passe."]))
    lone = SemanticWords(axis=((1, 2), (5, 6)))
    kept, _measures = supported(doc, lone, [(6, 7)])
    assert kept == [(5, 6)]  # the second sentence has a second sign of the axis


def test_an_answer_in_words_the_lexicon_lacks_is_not_off_the_axis(nlp, without_semantics):
    text = "Nos maraîchers et éleveurs de la vallée fournissent les légumes et la viande."
    before = without_semantics(text, "egalim")
    assert before.reading_level == 0
    after = assess_answer(text, "egalim")
    assert after.reading_level == 1 and "R" in after.features
    assert "par leur sens" in after.justification
    assert after.reading_confidence < FRAGILE_BELOW  # a reading the lexicon does not back


def test_an_off_axis_proposal_whose_words_lean_to_the_axis_is_fragile(nlp, without_semantics):
    text = "Les bonbonnes et les carafes vides sont reprises à chaque passage."
    before = without_semantics(text, "packaging")
    after = assess_answer(text, "packaging")
    assert before.reading_level == after.reading_level == 0
    # the rule reading's own confidence falls under the fragile mark
    assert before.reading_confidence >= FRAGILE_BELOW > after.reading_confidence
    assert "vérifier que la réponse est bien hors sujet" in after.justification


@pytest.mark.parametrize(
    "other",
    [
        "Les factures et les réclamations font l'objet d'un bilan annuel.",
        "Un tableau de bord des réclamations et des factures est envoyé chaque mois.",
        "Dès la notification, nos mécaniciens et carrossiers révisent les pneumatiques.",
    ],
)
def test_a_memoir_sentence_on_another_subject_lends_the_axis_nothing(nlp, without_semantics, other):
    """The lexicon leaves these sentences neutral; their nouns mean invoices, complaints,
    tyres: in a memoir laid out under headings, the report or the date they hold is not the
    packaging measure's."""
    text = f"1. Nos engagements\nNous reprenons les bidons vides.\n2. Administration\n{other}"
    before = without_semantics(text, "packaging")
    after = assess_answer(text, "packaging")
    assert before.reading_level == 4 and before.features & {"I", "T"}
    assert after.reading_level == 3 and not after.features & {"I", "T"}
    # in a short answer without headings, meaning alone closes nothing
    assert assess_answer(f"Nous reprenons les bidons vides. {other}", "packaging").level == 4


def test_a_report_on_the_axis_still_counts(nlp):
    text = (
        "Nous reprenons les bidons vides.\n"
        "Un tableau de bord des bidons repris est envoyé chaque mois."
    )
    after = assess_answer(text, "packaging")
    assert after.reading_level == 4 and "I" in after.features
