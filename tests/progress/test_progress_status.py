"""Recording reviews and the status of indicators: golden cases worked by hand, invariants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efc_scoring.progress.plan import ProgressError, ProgressPlan
from efc_scoring.progress.records import Review
from efc_scoring.progress.status import plan_status, record_review


def small_plan(**changes: Any) -> ProgressPlan:
    data: dict[str, Any] = {
        "tender": "T",
        "lot": "L1",
        "offer": "O1",
        "supplier": "S",
        "start": "2028-01-01",
        "months": 12,
        "axes": [
            {
                "id": "a",
                "indicators": [
                    {
                        "kind": "quantitative",
                        "id": "up",
                        "label": "Part bio",
                        "unit": "%",
                        "baseline": 0,
                        "target": 100,
                        "deadline": "2029-01-01",
                    },
                    {
                        "kind": "quantitative",
                        "id": "down",
                        "label": "Livraisons",
                        "unit": "livraisons/semaine",
                        "baseline": 10,
                        "target": 4,
                        "direction": "lower_is_better",
                        "deadline": "2029-01-01",
                    },
                    {
                        "kind": "qualitative",
                        "id": "q",
                        "label": "Conditionnement",
                        "scale": ["non engagé", "en cours", "atteint"],
                        "deadline": "2029-01-01",
                    },
                ],
            }
        ],
    }
    data.update(changes)
    return ProgressPlan.model_validate(data)


def review(
    rid: str,
    day: str,
    up: int | None = None,
    down: int | None = None,
    q: str | None = None,
    **extra: Any,
) -> Review:
    obs = [{"indicator": k, "value": v} for k, v in (("up", up), ("down", down)) if v is not None]
    ms = [{"indicator": "q", "state": q}] if q else []
    return Review.model_validate(
        {
            "id": rid,
            "date": day,
            "supplier_present": True,
            "observations": obs,
            "milestones": ms,
            **extra,
        }
    )


def test_golden_mid_course_statuses() -> None:
    """By hand: 1 Jan 2028 → 1 Jul 2028 is 182 of 366 days (leap year).

    up: 0 → 100; expected 100 × 182/366 = 49.73; 50 observed is on track, progress 1/2.
    down: 10 → 4; 7 observed is (7 − 10)/(4 − 10) = 1/2 ≥ 182/366: on track.
    q: « en cours » is rank 1 of 2 = 1/2 ≥ 182/366: on track.
    Plan progress (1/2 + 1/2 + 1/2)/3 = 1/2.
    """
    plan = record_review(small_plan(), review("R1", "2028-07-01", up=50, down=7, q="en cours"))
    status = plan_status(plan)
    up = status.indicator("up")
    assert up.expected == Fraction(100 * 182, 366) and up.status.value == "on_track"
    assert up.progress == Fraction(1, 2)
    assert status.indicator("down").status.value == "on_track"
    assert status.indicator("q").status.value == "on_track"
    assert status.progress == Fraction(1, 2)


def test_golden_at_risk_late_and_achieved() -> None:
    """By hand: 40 % at mid course is behind 49.73 → at risk (progress 2/5); at the deadline
    90 % is late, 100 % achieved; « non engagé » at mid course is at risk."""
    plan = record_review(small_plan(), review("R1", "2028-07-01", up=40, q="non engagé"))
    s1 = plan_status(plan)
    assert s1.indicator("up").status.value == "at_risk" and s1.indicator("up").progress == Fraction(
        2, 5
    )
    assert s1.indicator("q").status.value == "at_risk"
    assert s1.indicator("down").status.value == "not_measured"
    plan = record_review(plan, review("R2", "2029-01-01", up=90, down=4))
    s2 = plan_status(plan)
    assert s2.indicator("up").status.value == "late"
    assert s2.indicator("down").status.value == "achieved"
    # the milestone of R1 is carried forward: still « non engagé » at the deadline
    assert s2.indicator("q").status.value == "late" and s2.indicator("q").value == "non engagé"


def test_record_review_returns_a_new_plan_and_checks_the_review() -> None:
    plan = small_plan()
    after = record_review(plan, review("R1", "2028-07-01", up=10))
    assert plan.reviews == () and len(after.reviews) == 1
    with pytest.raises(ProgressError, match="pas postérieure au bilan précédent"):
        record_review(after, review("R2", "2028-06-01", up=10))
    with pytest.raises(ProgressError, match="pas une étape"):
        record_review(plan, review("R1", "2028-07-01", q="fini"))
    with pytest.raises(ProgressError, match="indicateur inconnu"):
        record_review(
            plan,
            Review(
                id="R1",
                date=date(2028, 7, 1),
                supplier_present=True,
                observations=[{"indicator": "zzz", "value": 1}],
            ),
        )
    with pytest.raises(ProgressError, match="action inconnue"):
        record_review(plan, review("R1", "2028-07-01", completed=["A9"]))


def test_financial_change_flags_an_amendment() -> None:
    plan = record_review(
        small_plan(),
        review(
            "R1",
            "2028-07-01",
            financial_change=True,
            financial_change_reason="nouveau prix unitaire du beurre bio",
        ),
    )
    status = plan_status(plan)
    assert status.amendment_needed
    assert "avenant" in status.amendment_reason and "beurre bio" in status.amendment_reason


def test_status_frame_is_tidy() -> None:
    plan = record_review(small_plan(), review("R1", "2028-07-01", up=50))
    frame = plan_status(plan).to_frame()
    assert list(frame["indicator"]) == ["up", "down", "q"] and frame["progress"].between(0, 1).all()


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.tuples(st.integers(-50, 200), st.integers(-20, 40), st.integers(0, 2)),
        min_size=1,
        max_size=4,
    ),
    baseline=st.integers(-10, 60),
    gap=st.integers(1, 80),
)
def test_progress_stays_within_0_and_1(
    values: list[tuple[int, int, int]], baseline: int, gap: int
) -> None:
    axes = [
        {
            "id": "a",
            "indicators": [
                {
                    "kind": "quantitative",
                    "id": "up",
                    "label": "Part",
                    "unit": "%",
                    "baseline": baseline,
                    "target": baseline + gap,
                    "deadline": "2028-07-01",
                },
                {
                    "kind": "quantitative",
                    "id": "down",
                    "label": "Liv",
                    "unit": "u",
                    "baseline": baseline + gap,
                    "target": baseline,
                    "direction": "lower_is_better",
                    "deadline": "2029-01-01",
                    "weight": "2.5",
                },
                {"kind": "qualitative", "id": "q", "label": "Q"},
            ],
        }
    ]
    plan = small_plan(axes=axes)
    scale = ("non engagé", "en cours", "atteint")
    for k, (up, down, rank) in enumerate(values):
        day = date(2028, 3 + 3 * k, 1) if k < 3 else date(2029, 1, 1)
        plan = record_review(
            plan, review(f"R{k}", day.isoformat(), up=up, down=down, q=scale[rank])
        )
        status = plan_status(plan)
        assert 0 <= status.progress <= 1
        assert all(0 <= s.progress <= 1 for s in status.states)
        assert all(s.progress == 1 for s in status.states if s.status.value == "achieved")
    assert Decimal(1) == 1  # Decimal weights accepted above


def test_a_milestone_at_its_expected_step_is_on_track():
    """A 3-step scale at 2/3 of the way with the middle milestone reached is on track,
    although 2/3 is a hair below the elapsed share: milestones move by steps."""
    from datetime import date

    from efc_scoring.progress.plan import ProgressPlan
    from efc_scoring.progress.records import Review
    from efc_scoring.progress.status import IndicatorStatus, plan_status, record_review

    plan = ProgressPlan.model_validate(
        {
            "tender": "T",
            "lot": "L1",
            "offer": "O1",
            "supplier": "S",
            "start": date(2027, 9, 1),
            "months": 18,
            "axes": [
                {
                    "id": "waste",
                    "label": "Gaspillage",
                    "indicators": [
                        {
                            "kind": "qualitative",
                            "id": "q",
                            "label": "Pesée conjointe",
                            "scale": ["non engagé", "en cours", "atteint"],
                        }
                    ],
                }
            ],
        }
    )
    review = Review.model_validate(
        {
            "id": "R1",
            "date": date(2028, 9, 2),
            "supplier_present": True,
            "milestones": [{"indicator": "q", "state": "en cours"}],
        }
    )
    state = next(s for s in plan_status(record_review(plan, review)).states if s.indicator == "q")
    assert state.status is IndicatorStatus.ON_TRACK
