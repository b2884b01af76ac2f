"""Cooperation of the supplier per review period: golden scores worked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from efc_scoring.progress.cooperation import cooperation_scores
from efc_scoring.progress.plan import ProgressPlan
from efc_scoring.progress.records import Review
from efc_scoring.progress.status import record_review

PLAN = ProgressPlan.model_validate(
    {
        "tender": "T",
        "lot": "L1",
        "offer": "O1",
        "supplier": "S",
        "start": "2028-01-01",
        "months": 12,
        "axes": [
            {
                "id": "c",
                "indicators": [{"kind": "qualitative", "id": "obs", "label": "Observation"}],
            }
        ],
    }
)


def add(plan: ProgressPlan, **data: Any) -> ProgressPlan:
    return record_review(plan, Review.model_validate(data))


def test_golden_two_periods() -> None:
    """By hand.

    R1: present (1), two actions proposed by the supplier (1), nothing due (not
    assessed), satisfaction 5 and 4 → (4.5 − 1)/4 = 7/8, one observation of real
    work without the supplier (1/2): 5 × (1 + 1 + 7/8 + 1/2)/4 = 4.21875 → 4.2.

    R2: absent (0), no action proposed (0), one of its two actions due done (1/2),
    no feedback (not assessed), no observation (0): 5 × (0 + 0 + 1/2 + 0)/4 = 0.625 → 0.6.
    """
    plan = add(
        PLAN,
        id="R1",
        date="2028-07-01",
        supplier_present=True,
        actions=[
            {"id": "A1", "description": "Tournées", "owner": "supplier", "proposed_by": "supplier"},
            {
                "id": "A2",
                "description": "Seaux",
                "owner": "both",
                "proposed_by": "both",
                "due": "2028-12-01",
            },
            {"id": "A3", "description": "Effectifs", "owner": "buyer", "proposed_by": "buyer"},
        ],
        feedback=[{"who": "chef", "satisfaction": 5}, {"who": "agente", "satisfaction": 4}],
        work_observations=[{"date": "2028-05-01", "site": "Lycée X", "supplier_present": False}],
    )
    plan = add(plan, id="R2", date="2029-01-01", supplier_present=False, completed=["A1"])
    first, second = cooperation_scores(plan).scores
    assert first.score == Decimal("4.2") and first.components["satisfaction"] == Fraction(7, 8)
    assert first.components["completion"] is None and "non évaluée" in first.justification
    assert second.score == Decimal("0.6") and second.components["completion"] == Fraction(1, 2)
    assert "absent" in second.justification and "A2" in second.justification


def test_full_marks_and_frame() -> None:
    plan = add(
        PLAN,
        id="R1",
        date="2028-07-01",
        supplier_present=True,
        actions=[
            {"id": f"A{i}", "description": "x", "owner": "supplier", "proposed_by": "supplier"}
            for i in range(2)
        ],
        feedback=[{"who": "chef", "satisfaction": 5}],
        work_observations=[{"date": "2028-05-01", "site": "Lycée X"}],
    )
    scores = cooperation_scores(plan)
    assert scores.scores[0].score == Decimal("5.0")
    frame = scores.to_frame()
    assert frame.loc[0, "score"] == 5.0 and frame["completion"].isna().all()
