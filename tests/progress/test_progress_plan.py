"""The progress plan model: cross-field rules, errors with paths, default calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from efc_scoring.progress.plan import (
    ProgressPlan,
    QualitativeIndicator,
    QuantitativeIndicator,
    SourceQuote,
)


def plan_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "tender": "T",
        "lot": "L1",
        "offer": "O1",
        "supplier": "Laiterie",
        "start": "2027-09-01",
        "months": 18,
        "annual_amount": "120000",
        "axes": [
            {
                "id": "transport",
                "indicators": [
                    {
                        "kind": "quantitative",
                        "id": "t.liv",
                        "label": "Livraisons",
                        "unit": "livraisons/semaine",
                        "baseline": 3,
                        "target": 2,
                        "direction": "lower_is_better",
                        "deadline": "2028-03-01",
                    },
                ],
            },
            {
                "id": "waste",
                "indicators": [
                    {
                        "kind": "qualitative",
                        "id": "w.cond",
                        "label": "Conditionnement collectif",
                        "responsible": "both",
                    },
                ],
            },
        ],
    }
    data.update(changes)
    return data


def test_default_calendar_is_half_yearly_to_the_end() -> None:
    plan = ProgressPlan.model_validate(plan_data(months=24))
    assert plan.calendar == (date(2028, 3, 1), date(2028, 9, 1), date(2029, 3, 1), date(2029, 9, 1))
    odd = ProgressPlan.model_validate(plan_data(months=15))
    assert odd.calendar[-1] == date(2028, 12, 1) and len(odd.calendar) == 3


def test_target_on_the_wrong_side_is_refused_with_its_path() -> None:
    data = plan_data()
    data["axes"][0]["indicators"][0]["target"] = 4
    with pytest.raises(
        ValidationError, match="la cible 4 n'est pas au-dessous de la valeur de départ 3"
    ):
        ProgressPlan.model_validate(data)


def test_deadline_outside_the_contract_and_duplicate_ids_are_all_reported() -> None:
    data = plan_data()
    data["axes"][0]["indicators"][0]["deadline"] = "2030-01-01"
    data["axes"][1]["indicators"][0]["id"] = "t.liv"
    with pytest.raises(ValidationError) as info:
        ProgressPlan.model_validate(data)
    text = str(info.value)
    assert "axes[0].indicators[0].deadline" in text and "sort du marché" in text
    assert "axes[1].indicators[0].id" in text and "sert deux fois" in text


def test_clause_must_name_an_indicator() -> None:
    clause = {
        "id": "B1",
        "label": "Bonus",
        "text": "…",
        "kind": "bonus",
        "indicator": "nope",
        "rate": "0.02",
    }
    with pytest.raises(ValidationError, match=r"clauses\[0\]\.indicator"):
        ProgressPlan.model_validate(plan_data(clauses=[clause]))


def test_qualitative_target_must_be_a_milestone() -> None:
    with pytest.raises(ValidationError, match="n'est pas une étape"):
        QualitativeIndicator(id="x", label="X", scale=["a", "b"], target="c")
    assert QualitativeIndicator(id="x", label="X", scale=["a", "b", "c"], target="b").goal == "b"


def test_quote_offsets_must_match_the_text() -> None:
    with pytest.raises(ValidationError, match="positions"):
        SourceQuote(offer="O1", question="q", start=3, end=5, text="abc")


def test_money_stays_exact_and_the_plan_is_frozen() -> None:
    plan = ProgressPlan.model_validate(plan_data(annual_amount="228000.10"))
    assert plan.annual_amount == Decimal("228000.10")
    with pytest.raises(ValidationError):
        plan.months = 12  # type: ignore[misc]
    ind = plan.indicators["t.liv"]
    assert (
        isinstance(ind, QuantitativeIndicator)
        and plan.axis_of("t.liv").title == "Transport et livraisons"
    )


def test_unknown_key_is_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        ProgressPlan.model_validate(plan_data(colour="blue"))
