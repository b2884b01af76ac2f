"""The tender model refuses nonsense and says where."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from efc_scoring import DEFAULT_SCALE, Criterion, Mark, Offer, Tender
from efc_scoring.model._errors import ModelRuleError
from tender_factories import build_tender


def _rule_problems(exc: ValidationError) -> list[tuple[tuple, str]]:
    out = []
    for err in exc.errors():
        rule = err.get("ctx", {}).get("error")
        if isinstance(rule, ModelRuleError):
            out += [(err["loc"], p) for p, _, _ in rule.problems]
    return out


def test_children_weights_must_add_up_to_parent():
    with pytest.raises(ValidationError) as info:
        Criterion(
            id="env",
            label="Env",
            kind="environment",
            weight=20,
            children=[
                Criterion(
                    id="a", label="A", kind="environment", weight=10, scoring={"method": "rubric"}
                ),
                Criterion(
                    id="b", label="B", kind="environment", weight=15, scoring={"method": "rubric"}
                ),
            ],
        )
    assert "totalisent 25 points (10 + 15), au lieu de 20" in str(info.value)
    assert _rule_problems(info.value)[0][1] == "children[1].weight"


def test_top_level_weights_must_add_up_to_100(tender_factory):
    tender = tender_factory()
    data = tender.model_dump()
    data["criteria"][0]["weight"] = Decimal(45)
    with pytest.raises(
        ValidationError, match=r"totalisent 105 points \(45 \+ 30 \+ 30\), au lieu de 100"
    ):
        Tender.model_validate(data)


def test_leaf_needs_scoring_and_parent_refuses_it():
    with pytest.raises(ValidationError, match="ne dit pas comment il est noté"):
        Criterion(id="a", label="A", kind="quality", weight=10)
    with pytest.raises(ValidationError, match="a des sous-critères et une méthode de notation"):
        Criterion(
            id="p",
            label="P",
            kind="quality",
            weight=10,
            scoring={"method": "rubric"},
            children=[
                Criterion(
                    id="c", label="C", kind="quality", weight=10, scoring={"method": "rubric"}
                )
            ],
        )


def test_unknown_keys_are_refused():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Criterion(
            id="a", label="A", kind="quality", weight=10, scoring={"method": "rubric"}, wieght=3
        )


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        (lambda d: d["offers"][0].update(lot="L9"), "lot inconnu 'L9'"),
        (lambda d: d["offers"][0]["answers"].update({"q-x": "..."}), "question inconnue 'q-x'"),
        (
            lambda d: d.update(offers=[*d["offers"], dict(d["offers"][0])]),
            "'O1' \\(offre\\) est utilisé plusieurs fois",
        ),
        (
            lambda d: d["questions"][0].update(criterion="prix"),
            "pas un critère feuille noté sur une échelle",
        ),
        (lambda d: d["scores"][0].update(value=Decimal(7)), "pas un niveau de l'échelle"),
        (lambda d: d["scores"][0].update(evaluator="E9"), "évaluateur inconnu 'E9'"),
        (lambda d: d.update(scores=[*d["scores"], dict(d["scores"][0])]), "note deux fois"),
        (lambda d: d["offers"][0]["values"].clear(), "ne déclare pas 'delai'"),
        (lambda d: d["offers"][0].update(price=None), "n'a pas de prix"),
    ],
)
def test_cross_references_are_checked(patch, expected):
    data = build_tender().model_dump()
    patch(data)
    with pytest.raises(ValidationError, match=expected):
        Tender.model_validate(data)


def test_environmental_criterion_required_from_22_august_2026():
    data = build_tender(award_date="2026-08-22").model_dump()
    data["criteria"][2]["kind"] = "quality"
    with pytest.raises(ValidationError, match="aucun critère environnemental"):
        Tender.model_validate(data)
    data["award_date"] = "2026-08-21"
    assert Tender.model_validate(data).award_date.day == 21


def test_score_requires_a_justification():
    with pytest.raises(ValidationError, match="doit être justifiée"):
        Mark(evaluator="E1", offer="O1", criterion="env", value=3, justification="   ")


def test_offer_lines_and_total_must_agree():
    lines = [{"item": "Savon", "quantity": 10, "unit_price": "2.5"}]
    assert Offer(id="O", bidder="B", lot="L", lines=lines).total_price == Decimal("25.0")
    Offer(id="O", bidder="B", lot="L", lines=lines, price="25.00")
    with pytest.raises(ValidationError, match="diffère de la somme"):
        Offer(id="O", bidder="B", lot="L", lines=lines, price="26")


def test_models_are_frozen(small_tender):
    with pytest.raises(ValidationError):
        small_tender.title = "autre"  # type: ignore[misc]
    changed = small_tender.model_copy(update={"title": "autre"})
    assert changed.title == "autre" and small_tender.title != "autre"


def test_default_scale_is_the_rubric():
    assert [DEFAULT_SCALE.label_of(v) for v in range(6)] == [
        "Non traité",
        "Insuffisant",
        "Passable",
        "Satisfaisant",
        "Bon",
        "Très bon",
    ]
    with pytest.raises(ValidationError, match="strictement croissants"):
        type(DEFAULT_SCALE)(levels=[{"value": 1, "label": "a"}, {"value": 1, "label": "b"}])
