"""Drafting the plan: targets quote their sentence, hedges become candidates."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest

from efc_scoring import Tender, load_tender, sample_path
from efc_scoring.progress.draft import draft_progress_plan
from efc_scoring.progress.plan import ProgressError, QuantitativeIndicator

ANSWER = (
    "Dès la rentrée 2027, nous passerons de trois à deux livraisons par semaine. "
    "Nous nous engageons à atteindre 40 % de produits bio à mi-parcours. "
    "Objectif de réduction de 25 % des emballages sous six mois. "
    "Nous pourrions livrer en vélo-cargo. "
    "Nous livrons depuis 2019 avec 95 % de satisfaction."
)


def _span(text: str, code: str, part: str) -> SimpleNamespace:
    start = text.index(part)
    return SimpleNamespace(code=code, start=start, end=start + len(part), text=part)


def fake_assessor(text: str, axis: str, question: str) -> SimpleNamespace:
    """Spans as the evidence engine documents them (code, start, end, text), set by hand."""
    marks = [
        ("F", "nous passerons de trois à deux livraisons"),
        ("T", "Dès la rentrée 2027"),
        ("Q", "trois"),
        ("Q", "deux livraisons"),
        ("F", "Nous nous engageons à atteindre 40 %"),
        ("Q", "40 % de produits"),
        ("T", "à mi-parcours"),
        ("F", "Objectif de réduction de 25 %"),
        ("Q", "25 %"),
        ("T", "sous six mois"),
        ("M", "livrer en vélo-cargo"),
        ("F", "Nous livrons"),
        ("Q", "95 %"),
    ]
    return SimpleNamespace(evidence=[_span(text, c, p) for c, p in marks if p in text])


def tender_with(answer: str) -> Tender:
    return Tender.model_validate(
        {
            "id": "T",
            "title": "Marché",
            "buyer": "Ville",
            "procedure": "AOO",
            "lots": [{"id": "L1", "label": "Lot 1", "progress_plan": True}],
            "criteria": [
                {
                    "id": "prix",
                    "label": "Prix",
                    "kind": "price",
                    "weight": 60,
                    "scoring": {"method": "price"},
                },
                {
                    "id": "env",
                    "label": "Env",
                    "kind": "environment",
                    "weight": 40,
                    "scoring": {"method": "rubric"},
                },
            ],
            "questions": [
                {"id": "q", "text": "Comment ?", "axis": "transport", "criterion": "env"}
            ],
            "evaluators": [
                {"id": "E1", "name": "Acheteuse", "role": "buyer"},
                {"id": "E2", "name": "Chef", "role": "user"},
            ],
            "offers": [
                {
                    "id": "O1",
                    "bidder": "Laiterie",
                    "lot": "L1",
                    "price": "1000",
                    "answers": {"q": answer},
                }
            ],
        }
    )


def test_targets_deadlines_and_quotes_from_firm_sentences() -> None:
    plan = draft_progress_plan(
        tender_with(ANSWER), "O1", start=date(2027, 9, 1), months=24, assessor=fake_assessor
    )
    inds = [i for a in plan.axes for i in a.indicators]
    quant = {i.unit: i for i in inds if isinstance(i, QuantitativeIndicator)}
    assert set(quant) == {"livraisons/semaine", "%", "% de réduction"}
    liv = quant["livraisons/semaine"]
    assert (liv.baseline, liv.target, liv.direction.value) == (3, 2, "lower_is_better")
    assert liv.deadline == date(2027, 9, 1)
    assert (
        quant["%"].deadline == date(2028, 9, 1) and quant["%"].baseline is None
    )  # mi-parcours of 24 months
    red = quant["% de réduction"]
    assert (red.baseline, red.target, red.deadline) == (0, 25, date(2028, 3, 1))
    for ind in inds:
        src = ind.source
        assert src is not None and ANSWER[src.start : src.end] == src.text
    assert all("95" not in i.source.text for i in inds)  # a past result is not a target
    assert [c.source.text for c in plan.candidates] == ["Nous pourrions livrer en vélo-cargo."]
    assert [m.role.value for m in plan.committee] == ["buyer", "user", "supplier"]


def test_offer_without_answers_is_refused() -> None:
    with pytest.raises(ProgressError, match="ne répond à aucune question ouverte"):
        draft_progress_plan(
            tender_with(""), "O1", start=date(2027, 9, 1), months=12, assessor=fake_assessor
        )


def test_draft_with_the_evidence_engine_on_the_sample() -> None:
    """The winning offer of lot 1: every target quotes its sentence exactly."""
    pytest.importorskip("efc_scoring.evidence")
    from efc_scoring.evidence import assess_answer  # noqa: F401 - skip above if the engine is not there

    tender = load_tender(sample_path("bof-lycees"))
    offer = tender.offer("L1-A")
    plan = draft_progress_plan(tender, "L1-A", start=date(2027, 9, 1), months=18)
    quant = [i for a in plan.axes for i in a.indicators if isinstance(i, QuantitativeIndicator)]
    assert quant
    for ind in quant:
        assert ind.source is not None
        answer = offer.answers[ind.source.question]
        assert answer[ind.source.start : ind.source.end] == ind.source.text
        assert re.search(r"\d|deux|trois|quatre|six", ind.source.text, re.IGNORECASE)
        assert plan.start <= ind.deadline <= plan.end
    units = {i.unit for i in quant}
    assert {"livraisons/semaine", "%"} <= units
    hedged = draft_progress_plan(tender, "L1-C", start=date(2027, 9, 1), months=18)
    assert len(hedged.candidates) >= 2
