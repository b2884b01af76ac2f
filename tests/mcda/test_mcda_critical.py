"""Critical weights, marks and prices, checked by re-scoring just short of and just beyond them.

Every re-scoring here goes through :func:`efc_scoring.score` on a changed copy of
the tender, independently of the library's own sweeps and checks.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal, getcontext
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efc_scoring import Tender, load_tender, sample_path, score
from efc_scoring.mcda.critical import (
    critical_marks,
    critical_prices,
    critical_values,
    critical_weights,
)
from efc_scoring.scoring.evaluate import committee_means
from tender_factories import build_tender

getcontext().prec = 40
EPS = Fraction(1, 10**6)
QUANTUM = Decimal(1).scaleb(-20)


def _dec(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


def _reweighted(tender: Tender, node_id: str, new: Fraction) -> Tender:
    """The tender with ``node_id`` weighing ``new`` points, the other leaves rescaled to match.

    A threshold keeps its share of its criterion's weight.
    """
    node = tender.criterion(node_id)
    inside = {leaf.id for leaf in node.leaves()}
    old = Fraction(node.weight)
    factor_in, factor_out = new / old, (100 - new) / (100 - old)

    def rebuild(c):
        data = c.model_dump()
        if c.is_leaf:
            f = factor_in if c.id in inside else factor_out
            exact = _dec(Fraction(c.weight) * f)
            data["weight"] = exact.quantize(QUANTUM, rounding=ROUND_FLOOR)  # 28 digits at most
        else:
            children = [rebuild(child) for child in c.children]
            data["children"] = children
            data["weight"] = sum((ch["weight"] for ch in children), Decimal(0))
        if c.threshold is not None:
            scaled = Fraction(c.threshold) * Fraction(data["weight"]) / Fraction(c.weight)
            # rounded down, and by 1e-18 more: an offer exactly at its threshold stays admitted
            floor = _dec(scaled).quantize(QUANTUM, rounding=ROUND_FLOOR) - Decimal("1e-18")
            data["threshold"] = max(min(floor, data["weight"]), Decimal(0))
        return data

    criteria = [rebuild(c) for c in tender.criteria]
    gap = Decimal(100) - sum(c["weight"] for c in criteria)
    outside = [i for i, c in enumerate(tender.criteria) if not inside & {x.id for x in c.leaves()}]
    target = criteria[outside[-1]]  # the rounding dust goes outside the moving criterion
    while True:
        target["weight"] += gap
        if not target.get("children"):
            break
        target = target["children"][-1]
    return Tender.model_validate({**tender.model_dump(), "criteria": criteria})


def _winners(tender: Tender, marks=None) -> tuple[str, ...]:
    return score(tender, marks).winners("L1")


def _repriced(tender: Tender, offer: str, price: Fraction) -> Tender:
    offers = [
        o.model_copy(update={"price": _dec(price), "lines": ()}) if o.id == offer else o
        for o in tender.offers
    ]
    return tender.model_copy(update={"offers": tuple(offers)})


@pytest.mark.parametrize("seed", [0, 1, 2, 5, 8])
def test_critical_weights_change_the_winner_exactly_there(tender_factory, seed):
    tender = tender_factory(5, seed=seed)
    evaluation = score(tender)
    base = evaluation.winners("L1")
    found = [c for c in critical_weights(evaluation) if c.threshold is not None]
    for c in found:
        step = EPS if c.direction == "up" else -EPS
        assert _winners(_reweighted(tender, c.criterion, c.threshold - step)) == base
        assert _winners(_reweighted(tender, c.criterion, c.threshold + step)) != base
        assert _winners(_reweighted(tender, c.criterion, c.inside)) == base
        assert _winners(_reweighted(tender, c.criterion, c.beyond)) == c.new_winner != base
        assert c.rescored
    assert found or seed != 0  # seed 0 has at least one critical weight


def test_no_critical_weight_means_no_change_anywhere(tender_factory):
    tender = tender_factory(5, seed=1)
    evaluation = score(tender)
    for c in critical_weights(evaluation):
        if c.threshold is None:
            end = Fraction(1, 100) if c.direction == "down" else Fraction(9999, 100)
            assert _winners(_reweighted(tender, c.criterion, end)) == evaluation.winners("L1")


@pytest.mark.parametrize("seed", [0, 3, 4])
def test_critical_marks_change_the_winner_exactly_there(tender_factory, seed):
    tender = tender_factory(4, seed=seed, threshold=8)
    evaluation = score(tender)
    base = evaluation.winners("L1")
    marks = committee_means(tender)
    found = [c for c in critical_marks(evaluation) if c.threshold is not None]
    assert found
    for c in found:
        step = -EPS if c.direction == "down" else EPS
        key = (c.offer, c.criterion)
        assert _winners(tender, {**marks, key: c.threshold - step}) == base
        assert _winners(tender, {**marks, key: c.threshold + step}) != base
        assert _winners(tender, {**marks, key: c.inside}) == base
        assert _winners(tender, {**marks, key: c.beyond}) == c.new_winner != base
    for c in critical_marks(evaluation):
        if c.threshold is None:  # even the far end of the scale keeps the winner
            end = 0 if c.direction == "down" else 5
            assert _winners(tender, {**marks, (c.offer, c.criterion): end}) == base


@pytest.mark.parametrize("formula", ["proportional", "linear", "relative_gap"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_critical_prices_change_the_winner_exactly_there(tender_factory, formula, seed):
    tender = tender_factory(4, seed=seed, formula=formula)
    evaluation = score(tender)
    base = evaluation.winners("L1")
    found = critical_prices(evaluation)
    assert {c.offer for c in found} == {o.id for o in tender.offers}
    for c in found:
        if c.threshold is None:
            far = c.current * 100 if c.direction == "up" else Fraction(1, 100)
            assert _winners(_repriced(tender, c.offer, far)) == base
            continue
        step = EPS if c.direction == "up" else -EPS
        assert _winners(_repriced(tender, c.offer, c.threshold - step)) == base
        assert _winners(_repriced(tender, c.offer, c.threshold + step)) != base
        assert _winners(_repriced(tender, c.offer, c.inside)) == base
        assert _winners(_repriced(tender, c.offer, c.beyond)) == c.new_winner != base


def test_sentences_on_the_cleaning_sample():
    analysis = critical_values(score(load_tender(sample_path("nettoyage"))))
    text = analysis.sentences()
    assert text[0] == (
        "Le lauréat reste O1 tant que le poids du critère « Prix » (aujourd'hui 40 points) "
        "ne dépasse pas 66,31 points ; à 66,32 points, O4 passerait en tête."
    )
    assert (
        "Aucun poids du critère « Capacité de coopération » entre 0 et 100 points ne change "
        "le lauréat." in text
    )
    assert any(s.startswith("O2 passerait en tête si son prix baissait") for s in text)
    frame = analysis.to_frame()
    assert set(frame["kind"]) == {"weight", "mark", "price"}
    assert "<li>" in analysis._repr_html_()


def test_tied_winners_are_said(tender_factory):
    tender = tender_factory(2, seed=4)
    (best,) = score(tender).winners("L1")
    twin = tender.offer(best).model_copy(update={"id": "O9"})
    scores = [s.model_copy(update={"offer": "O9"}) for s in tender.marks if s.offer == best]
    tender = tender.model_copy(
        update={"offers": (*tender.offers, twin), "marks": (*tender.marks, *scores)}
    )
    analysis = critical_values(score(tender))
    assert analysis.weights == () and analysis.marks == ()
    assert "ex aequo" in analysis.sentences()[0]


def _dearest_winner() -> Tender:
    """Proportional formula, 40 points: W is the dearest (1 300) but marked 13/3 against 2 and 1.

    W = 40 × 1 000 / P + 60 × (13/3) / 5 = 40 000 / P + 52 and A = 40 + 24 = 64: W keeps first
    place up to P = 40 000 / 12 = 3 333.33 €, about 2.56 times its price, far above every other
    offer's price (the search used to stop at twice the dearest other price plus one).
    """
    offers = {"W": (1300, (4, 4, 5)), "A": (1000, (2, 2, 2)), "B": (1100, (1, 1, 1))}
    return Tender.model_validate(
        {
            "id": "T",
            "title": "t",
            "buyer": "b",
            "procedure": "AO",
            "lots": [{"id": "L1", "label": "L"}],
            "criteria": [
                {
                    "id": "prix",
                    "label": "Prix",
                    "kind": "price",
                    "weight": 40,
                    "scoring": {"method": "price", "formula": "proportional"},
                },
                {
                    "id": "q",
                    "label": "Qualité",
                    "kind": "quality",
                    "weight": 60,
                    "scoring": {"method": "rubric"},
                },
            ],
            "evaluators": [{"id": f"E{i}", "name": f"M{i}", "role": "buyer"} for i in range(3)],
            "offers": [
                {"id": o, "bidder": o, "lot": "L1", "price": Decimal(p)}
                for o, (p, _) in offers.items()
            ],
            "scores": [
                {
                    "evaluator": f"E{i}",
                    "offer": o,
                    "criterion": "q",
                    "value": m,
                    "justification": "x",
                }
                for o, (_, ms) in offers.items()
                for i, m in enumerate(ms)
            ],
        }
    )


def test_a_winner_already_the_dearest_loses_first_place_far_above_the_other_prices():
    tender = _dearest_winner()
    evaluation = score(tender)
    assert evaluation.winners("L1") == ("W",)
    (rise,) = [c for c in critical_prices(evaluation) if c.offer == "W"]
    assert rise.threshold == Fraction(10_000, 3)
    assert (rise.inside, rise.beyond) == (Fraction("3333.33"), Fraction("3333.34"))
    assert _winners(_repriced(tender, "W", rise.inside)) == ("W",)
    assert _winners(_repriced(tender, "W", rise.beyond)) == ("A",)
    text = critical_values(evaluation).sentences()
    assert not any(s.startswith("Aucune hausse de son prix") for s in text)
    assert (
        "W reste en tête tant que son prix ne dépasse pas 3\u202f333,33 € (aujourd'hui "
        "1\u202f300,00 €) ; à 3\u202f333,34 € (+156,4 %), A passerait en tête." in text
    )


def test_an_eliminated_offer_raised_above_its_threshold_can_take_first_place(tender_factory):
    """A mark can bring an eliminated offer back: the marks' search includes it.

    Seed 1, threshold 8 on the technical value: O1 and O4 are eliminated; a higher
    quality mark brings either back above the threshold, and first.
    """
    tender = tender_factory(4, seed=1, threshold=8)
    evaluation = score(tender)
    marks = committee_means(tender)
    base = evaluation.winners("L1")
    back = [
        c
        for c in critical_marks(evaluation)
        if c.offer in evaluation.eliminated and c.threshold is not None
    ]
    assert evaluation.eliminated and back
    for c in back:
        key = (c.offer, c.criterion)
        assert _winners(tender, {**marks, key: c.inside}) == base
        after = score(tender, {**marks, key: c.beyond})
        assert c.offer not in after.eliminated and after.winners("L1") == c.new_winner


UP, DOWN = (2, 5, 20), (Fraction(1, 2), Fraction(1, 5), Fraction(1, 20))


def _random_tender(n: int, seed: int, formula: str, spread: int, threshold: int | None):
    """A tender of the factory with prices spread from 1 000 to ``spread`` times that."""
    import random

    tender = build_tender(n, seed=seed, formula=formula, threshold=threshold)
    rng = random.Random(seed)
    offers = tuple(
        o.model_copy(update={"price": Decimal(rng.randint(1000, 1000 * spread))})
        for o in tender.offers
    )
    return tender.model_copy(update={"offers": offers})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(2, 5),
    seed=st.integers(0, 10_000),
    formula=st.sampled_from(["proportional", "linear", "relative_gap"]),
    spread=st.integers(1, 4),
    threshold=st.sampled_from([None, 6, 12]),
)
def test_every_no_change_claim_holds_at_2_5_20_times_and_a_half_fifth_twentieth(
    n, seed, formula, spread, threshold
):
    """Each « no value in this direction changes the winner » claim, re-scored far away."""
    tender = _random_tender(n, seed, formula, spread, threshold)
    evaluation = score(tender)
    base = evaluation.winners("L1")
    if len(base) != 1:
        return
    analysis = critical_values(evaluation)
    marks = committee_means(tender)
    for c in analysis.weights:
        factors = UP if c.direction == "up" else DOWN
        if c.threshold is None:
            for t in [c.current * f for f in factors if 0 < c.current * f < 100]:
                assert _winners(_reweighted(tender, c.criterion, t), marks) == base, (c, t)
        else:
            assert _winners(_reweighted(tender, c.criterion, c.inside), marks) == base
            assert _winners(_reweighted(tender, c.criterion, c.beyond), marks) == c.new_winner
    for c in analysis.marks:
        key = (c.offer, c.criterion)
        if c.threshold is None:
            levels = [c.current * f for f in (UP if c.direction == "up" else DOWN)]
            levels = [x for x in levels if 0 <= x <= 5] + [5 if c.direction == "up" else 0]
            for level in levels:
                assert _winners(tender, {**marks, key: level}) == base, (c, level)
        elif c.rescored:
            assert _winners(tender, {**marks, key: c.inside}) == base
            assert _winners(tender, {**marks, key: c.beyond}) == c.new_winner
    for c in analysis.prices:
        if c.threshold is None:
            for f in UP if c.direction == "up" else DOWN:
                assert _winners(_repriced(tender, c.offer, c.current * f)) == base, (c, f)
        else:
            assert _winners(_repriced(tender, c.offer, c.inside)) == base
            assert _winners(_repriced(tender, c.offer, c.beyond)) == c.new_winner != base
