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
    assert "totalisent 25 points (a 10 + b 15) au lieu de 20" in str(info.value)
    assert _rule_problems(info.value)[0][1] == "weight"  # on the parent, not on a child


def test_top_level_weights_must_add_up_to_100(tender_factory):
    tender = tender_factory()
    data = tender.model_dump()
    data["criteria"][0]["weight"] = Decimal(45)
    with pytest.raises(
        ValidationError, match=r"principaux totalisent 105 points \(.* 45 \+ .* 30 \+ .* 30\) au"
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


def _without_environment(**fields):
    data = build_tender(award_date=None).model_dump()
    data["criteria"][2]["kind"] = "quality"
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("fields", "refused", "why"),
    [
        # the consultation date decides (décret 2022-767): launched from 21 August 2026
        ({"consultation_date": "2026-08-21"}, True, "lancée .* le 21 août 2026, à partir du"),
        ({"consultation_date": "2026-08-20", "award_date": "2027-01-10"}, False, ""),
        # no consultation date, an award from 21 August 2026: presumed, and the error says so
        ({"award_date": "2026-08-21"}, True, "présumée s'appliquer"),
        ({"award_date": "2026-08-20"}, False, ""),
        # defence and security contracts are out of scope
        ({"consultation_date": "2027-01-10", "defence_or_security": True}, False, ""),
    ],
)
def test_environmental_rule_follows_the_consultation_date(fields, refused, why):
    data = _without_environment(**fields)
    if not refused:
        Tender.model_validate(data)
        return
    with pytest.raises(ValidationError, match=why) as info:
        Tender.model_validate(data)
    message = str(info.value)
    assert "aucun critère ne prend en compte" in message
    assert "décret n° 2022-767" in message and "coût global" in message
    if fields.get("award_date") and "consultation_date" not in fields:
        assert "consultation_date" in message  # how to state an earlier launch


def test_environmental_rule_is_met_by_a_flagged_criterion_or_a_single_global_cost():
    data = _without_environment(consultation_date="2026-09-01")
    data["criteria"][1]["environmental"] = True  # quality criterion with an environmental part
    Tender.model_validate(data)
    single = {
        "id": "cout",
        "label": "Coût global",
        "kind": "cost",
        "weight": 100,
        "scoring": {"method": "price"},
    }
    data = _without_environment(consultation_date="2026-09-01", criteria=[single])
    data["questions"], data["scores"] = [], []
    for offer in data["offers"]:
        offer["answers"] = {}
    with pytest.raises(ValidationError, match="critère unique « Coût global »"):
        Tender.model_validate(data)
    data["criteria"] = [{**single, "environmental": True}]
    Tender.model_validate(data)
    data["criteria"] = [{**single, "kind": "price", "label": "Prix", "environmental": True}]
    with pytest.raises(ValidationError, match="un critère unique doit être le coût"):
        Tender.model_validate(data)


def test_options_variants_and_rounds_are_checked():
    data = build_tender().model_dump()
    data["options"] = [
        {"id": "PSE1", "kind": "pse", "label": "Accompagnateurs", "lot": "L1", "compulsory": True},
        {"id": "TO1", "kind": "tranche", "label": "Année 2", "lot": "L9"},
    ]
    data["offers"][0]["options"] = {"PSE1": "1200", "PSE9": "10"}
    data["offers"][1]["variant_of"] = "O1"
    data["rounds"] = [{"id": "finale", "kind": "final"}, {"id": "initiale", "kind": "initial"}]
    with pytest.raises(ValidationError) as info:
        Tender.model_validate(data)
    found = {loc[-1] if loc else "": p for loc, p in _rule_problems(info.value)}
    text = " ".join(str(e["msg"]) for e in info.value.errors())
    assert "lot inconnu 'L9'" in text
    assert "option inconnue 'PSE9'" in text
    assert "n'autorise pas les variantes" in text
    assert "le premier tour est celui des offres initiales" in text
    assert "se termine par les offres finales" in text
    assert found  # every problem carries its path


def test_a_variant_belongs_to_an_offer_of_the_same_bidder():
    data = build_tender().model_dump()
    data["variants"] = {"allowed": True, "ranking": "merged"}
    data["offers"][1]["variant_of"] = "O1"  # another bidder
    with pytest.raises(ValidationError, match="même candidat"):
        Tender.model_validate(data)
    data["offers"][1]["bidder"] = data["offers"][0]["bidder"]
    tender = Tender.model_validate(data)
    assert tender.offer("O2").variant_of == "O1" and tender.variants.ranking.value == "merged"


def test_a_tender_without_rounds_has_one_initial_round(small_tender):
    assert [(r.id, r.kind.value) for r in small_tender.round_list] == [("initiale", "initial")]


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
