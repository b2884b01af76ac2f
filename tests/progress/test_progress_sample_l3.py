"""The progress plan of the cheese lot (L3) of the purchasing-group sample tells its story.

Issue 7, point 8: « the dairy and cheese lots of the purchasing-group sample get a
plan with three half-yearly reviews (one late indicator, one qualitative axis, one
bonus triggered) ». The dairy lot's plan lives in ``plan/``; this module checks the
cheese lot's plan in ``plan-L3/`` (winning offer L3-A, Fromagerie du Val de Sambre).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from efc_scoring import sample_path
from efc_scoring.io.tender import load_tender
from efc_scoring.progress.cooperation import cooperation_scores
from efc_scoring.progress.io import load_plan, load_review, save_plan
from efc_scoring.progress.plan import ProgressPlan, QualitativeIndicator, QuantitativeIndicator
from efc_scoring.progress.report import final_assessment
from efc_scoring.progress.revision import price_revisions
from efc_scoring.progress.status import plan_status, record_review

SAMPLE = sample_path("bof-lycees")
FOLDER = SAMPLE / "plan-L3"


@pytest.fixture(scope="module")
def plan() -> ProgressPlan:
    """The L3 plan with its three reviews recorded in order."""
    out = load_plan(FOLDER / "plan.yaml")
    for i in (1, 2, 3):
        out = record_review(out, load_review(FOLDER / f"review-{i}.yaml"))
    return out


def test_plan_is_the_cheese_lot_of_the_winning_offer(plan: ProgressPlan) -> None:
    tender = load_tender(SAMPLE)
    assert (plan.tender, plan.lot, plan.offer) == (tender.id, "L3", "L3-A")
    assert plan.supplier == tender.offer("L3-A").bidder
    assert [r.id for r in plan.reviews] == ["R1", "R2", "R3"]
    assert [r.date for r in plan.reviews] == list(plan.calendar)


def test_every_quote_is_the_offer_text(plan: ProgressPlan) -> None:
    """Every quantitative target quotes its source sentence, exactly, from offer L3-A."""
    answers = load_tender(SAMPLE).offer("L3-A").answers
    quantitative = [i for i in plan.indicators.values() if isinstance(i, QuantitativeIndicator)]
    assert quantitative and all(i.source is not None for i in quantitative)
    quotes = [i.source for i in plan.indicators.values() if i.source is not None]
    quotes += [c.source for c in plan.candidates]
    for quote in quotes:
        assert quote.offer == "L3-A"
        assert answers[quote.question][quote.start : quote.end] == quote.text


def test_one_indicator_ends_late(plan: ProgressPlan) -> None:
    final = plan_status(plan)
    late = [s.indicator for s in final.states if s.status.value == "late"]
    assert late == ["egalim.bio"]
    assert final.indicator("egalim.bio").value == Decimal(23)
    assert plan_status(plan, at="R1").indicator("egalim.bio").status.value == "at_risk"


def test_qualitative_axis_with_shared_means(plan: ProgressPlan) -> None:
    """The waste axis has no figure imposed on the supplier alone (the Grand Lyon lesson)."""
    waste = next(a for a in plan.axes if a.id == "waste")
    assert waste.indicators
    for ind in waste.indicators:
        assert isinstance(ind, QualitativeIndicator)
        assert (ind.responsible.value, ind.obligation.value) == ("both", "means")
    assert plan_status(plan).indicator("waste.pesee").status.value == "achieved"


def test_bonus_triggered_and_capped(plan: ProgressPlan) -> None:
    revisions = price_revisions(plan)
    assert {k: str(v) for k, v in revisions.by_review().items()} == {
        "R1": "0.00",
        "R2": "990.00",
        "R3": "810.00",
    }
    applied = [ln for ln in revisions.lines if ln.triggered]
    assert {ln.clause for ln in applied} == {"B1"}
    assert all(ln.kind.value == "bonus" for ln in applied)
    assert revisions.total == Decimal("1800.00")


def test_cooperation_scored_each_period(plan: ProgressPlan) -> None:
    scores = cooperation_scores(plan).scores
    assert [s.review for s in scores] == ["R1", "R2", "R3"]
    assert [str(s.score) for s in scores] == ["4.6", "3.7", "4.3"]
    # R2: the supplier proposed an action but missed the observation of real work
    r2 = scores[1].components
    assert r2["proposals"] == Fraction(1, 2) and r2["real_work"] == Fraction(1, 2)
    assert all(r.supplier_present for r in plan.reviews)
    assert all(r.feedback for r in plan.reviews)
    assert any(a.proposed_by.value == "supplier" for a in plan.reviews[1].actions)


def test_amendment_only_at_first_review(plan: ProgressPlan) -> None:
    assert [plan_status(plan, at=r.id).amendment_needed for r in plan.reviews] == [
        True,
        False,
        False,
    ]


def test_final_assessment_and_round_trip(plan: ProgressPlan, tmp_path: Path) -> None:
    text = final_assessment(plan)
    assert "en retard" in text and "1\u202f800,00 €" in text
    assert load_plan(save_plan(plan, tmp_path / "plan.yaml")) == plan
