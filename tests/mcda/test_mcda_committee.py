"""Committee robustness: one evaluator out, the users out, disputed marks settled."""

from __future__ import annotations

import pytest

from efc_scoring import load_tender, sample_path, score
from efc_scoring.mcda import committee_checks


def test_cleaning_sample_holds():
    checks = committee_checks(score(load_tender(sample_path("nettoyage"))))
    kinds = [c.kind for c in checks.checks]
    assert kinds.count("without_evaluator") == 3 and kinds.count("without_users") == 1
    assert kinds.count("disputed_low") == kinds.count("disputed_high") >= 1
    assert checks.holds
    text = checks.sentences()
    assert any("reste le même" in s for s in text)
    assert any("contestée" in s for s in text)
    assert len(checks.to_frame()) == len(checks.checks)
    assert "<ul>" in checks._repr_html_()


def _swing_tender(tender_factory):
    """Two offers; the user (E3) alone prefers O2 strongly enough to change the winner."""
    tender = tender_factory(2, seed=11)
    prices = {"O1": 10000, "O2": 10000}
    offers = tuple(
        o.model_copy(update={"price": prices[o.id], "values": {"delai": 5}}) for o in tender.offers
    )
    marks = {
        ("E1", "O1"): 4,
        ("E2", "O1"): 4,
        ("E3", "O1"): 0,
        ("E1", "O2"): 3,
        ("E2", "O2"): 3,
        ("E3", "O2"): 5,
    }
    scores = tuple(
        s.model_copy(update={"value": marks[(s.evaluator, s.offer)]}) for s in tender.marks
    )
    return tender.model_copy(update={"offers": offers, "marks": scores})


def test_an_evaluator_who_decides_is_found(tender_factory):
    tender = _swing_tender(tender_factory)
    evaluation = score(tender)
    assert evaluation.winners("L1") == ("O2",)
    checks = committee_checks(evaluation)
    changed = {c.subject for c in checks.checks if c.changed}
    assert {"E3", "user"} <= changed
    assert not checks.holds
    text = checks.sentences()
    assert "Sans les notes des usagers, O1 passerait en tête à la place de O2." in text
    assert "Sans les notes d'Agente (usager), O1 passerait en tête à la place de O2." in text
    disputed = [c for c in checks.checks if c.kind.startswith("disputed")]
    assert {c.subject for c in disputed} == {"O1/tech.q", "O1/env", "O2/tech.q", "O2/env"}
    low = next(c for c in disputed if c.subject == "O2/env" and c.kind == "disputed_low")
    assert "tranchée à 3" in low.description


def test_no_marks_no_checks(tender_factory):
    tender = tender_factory(3)
    marks = {(s.offer, s.criterion): s.value for s in tender.marks}
    evaluation = score(tender.model_copy(update={"marks": ()}), marks)
    checks = committee_checks(evaluation)
    assert checks.checks == () and "Aucune note individuelle" in checks.sentences()[0]


@pytest.mark.parametrize("levels, expected", [(2, True), (6, False)])
def test_disputed_threshold(tender_factory, levels, expected):
    checks = committee_checks(score(_swing_tender(tender_factory)), disputed_levels=levels)
    assert any(c.kind.startswith("disputed") for c in checks.checks) is expected
