"""Price revision clauses: golden bonus and malus worked by hand, caps never exceeded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efc_scoring.progress.plan import ProgressError, ProgressPlan
from efc_scoring.progress.records import Review
from efc_scoring.progress.revision import price_revisions
from efc_scoring.progress.status import record_review


def plan_with(clauses: list[dict[str, Any]], amount: str | None = "120000") -> ProgressPlan:
    return ProgressPlan.model_validate(
        {
            "tender": "T",
            "lot": "L1",
            "offer": "O1",
            "supplier": "S",
            "start": "2028-01-01",
            "months": 18,
            "annual_amount": amount,
            "axes": [
                {
                    "id": "t",
                    "indicators": [
                        {
                            "kind": "qualitative",
                            "id": "label",
                            "label": "Label CO2",
                            "scale": ["non engagé", "dossier déposé", "label obtenu"],
                            "deadline": "2028-07-01",
                        },
                        {
                            "kind": "quantitative",
                            "id": "km",
                            "label": "km évités",
                            "unit": "km",
                            "baseline": 0,
                            "target": 1000,
                            "deadline": "2028-07-01",
                        },
                    ],
                }
            ],
            "clauses": clauses,
        }
    )


def reviews(plan: ProgressPlan, states: list[tuple[str, int]]) -> ProgressPlan:
    days = ["2028-07-01", "2029-01-01", "2029-07-01"]
    for k, (state, km) in enumerate(states):
        plan = record_review(
            plan,
            Review.model_validate(
                {
                    "id": f"R{k + 1}",
                    "date": days[k],
                    "supplier_present": True,
                    "observations": [{"indicator": "km", "value": km}],
                    "milestones": [{"indicator": "label", "state": state}],
                }
            ),
        )
    return plan


BONUS = {
    "id": "B1",
    "label": "Bonus label",
    "kind": "bonus",
    "indicator": "label",
    "rate": "0.03",
    "cap_per_period": "1500",
    "cap_total": "2000",
    "text": "Majoration de 3 % par semestre.",
}
MALUS = {
    "id": "M1",
    "label": "Malus km",
    "kind": "malus",
    "indicator": "km",
    "rate": "0.005",
    "text": "Minoration de 0,5 % par semestre de retard.",
}


def test_golden_bonus_with_caps() -> None:
    """By hand: 120 000 € a year, so 60 000 € a six-month period; 3 % is 1 800 €,
    capped at 1 500 € a period; the overall cap 2 000 € leaves 500 € for the
    second period and nothing for the third."""
    plan = reviews(
        plan_with([BONUS]), [("label obtenu", 0), ("label obtenu", 0), ("label obtenu", 0)]
    )
    revisions = price_revisions(plan)
    assert [ln.amount for ln in revisions.lines] == [
        Decimal("1500.00"),
        Decimal("500.00"),
        Decimal("0.00"),
    ]
    first = revisions.lines[0].steps
    assert (
        "60\u202f000,00 €" in first[0]
        and "1\u202f800,00 €" in first[2]
        and "ramené à 1\u202f500,00 €" in first[3]
    )
    assert revisions.total == Decimal("2000.00")


def test_golden_malus_while_late() -> None:
    """By hand: the km target (1 000 by 1 July 2028) is missed at R1 (800): late, malus
    0.5 % × 60 000 = 300 €; reached at R2 (1 000): no malus. Net −300 €."""
    plan = reviews(plan_with([BONUS, MALUS]), [("dossier déposé", 800), ("dossier déposé", 1000)])
    revisions = price_revisions(plan)
    assert revisions.by_review() == {"R1": Decimal("-300.00"), "R2": Decimal("0.00")}
    assert list(revisions.to_frame()["triggered"]) == [False, True, False, False]


def test_clause_needs_an_amount() -> None:
    plan = reviews(plan_with([BONUS], amount=None), [("label obtenu", 0)])
    with pytest.raises(ProgressError, match="annual_amount"):
        price_revisions(plan)


def test_caps_are_consistent() -> None:
    with pytest.raises(ValueError, match="plafond global"):
        plan_with([{**BONUS, "cap_total": "100"}])


@settings(max_examples=60, deadline=None)
@given(
    amount=st.decimals(min_value=0, max_value=10_000_000, places=2),
    rate=st.decimals(min_value=Decimal("0.001"), max_value=Decimal("0.2"), places=3),
    per=st.one_of(st.none(), st.decimals(min_value=0, max_value=50_000, places=2)),
    extra=st.one_of(st.none(), st.decimals(min_value=0, max_value=100_000, places=2)),
    states=st.lists(
        st.sampled_from(["non engagé", "dossier déposé", "label obtenu"]), min_size=1, max_size=3
    ),
)
def test_bonus_never_exceeds_its_caps(
    amount: Decimal, rate: Decimal, per: Decimal | None, extra: Decimal | None, states: list[str]
) -> None:
    total = None if extra is None else (per or Decimal(0)) + extra
    clause = {**BONUS, "rate": rate, "cap_per_period": per, "cap_total": total}
    plan = reviews(plan_with([clause], amount=str(amount)), [(s, 0) for s in states])
    lines = price_revisions(plan).lines
    assert all(ln.amount >= 0 for ln in lines)
    if per is not None:
        assert all(ln.amount <= per for ln in lines)
    if total is not None:
        assert sum(ln.amount for ln in lines) <= total
    assert all(ln.amount == 0 for ln in lines if not ln.triggered)
