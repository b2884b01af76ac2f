"""Price-formula effects: rank reversal and the effective weight of price."""

from __future__ import annotations

from decimal import Decimal

import pytest

from efc_scoring import Tender, load_tender, sample_path, score
from efc_scoring.mcda import neutralisation_caution, price_effects


def _tender(formula: str, offers: dict[str, tuple[int, int]], price_weight: int = 40) -> Tender:
    """One lot: price and one rubric criterion; offers as id -> (price, mark)."""
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
                    "weight": price_weight,
                    "scoring": {"method": "price", "formula": formula},
                },
                {
                    "id": "q",
                    "label": "Qualité",
                    "kind": "quality",
                    "weight": 100 - price_weight,
                    "scoring": {"method": "rubric"},
                },
            ],
            "evaluators": [{"id": "E1", "name": "A", "role": "buyer"}],
            "offers": [
                {"id": o, "bidder": o, "lot": "L1", "price": Decimal(p)}
                for o, (p, _) in offers.items()
            ],
            "scores": [
                {"evaluator": "E1", "offer": o, "criterion": "q", "value": m, "justification": "x"}
                for o, (_, m) in offers.items()
            ],
        }
    )


def test_removing_the_dearest_offer_reverses_two_others_under_the_linear_formula():
    """Linear formula, 40 points: with C at 200, A = 40 + 36 = 76 and B = 36 + 48 = 84;
    without C, Pmax falls to 110 and B's price mark to 0: A = 76, B = 48."""
    evaluation = score(_tender("linear", {"A": (100, 3), "B": (110, 4), "C": (200, 1)}))
    assert evaluation.winners("L1") == ("B",)
    effects = price_effects(evaluation)
    flips = [(r.change, r.first, r.second, r.winner_changed) for r in effects.reversals]
    assert ("sans l'offre C", "B", "A", True) in flips
    assert any(
        s.startswith("Sans l'offre C, A passerait devant B : le lauréat changerait")
        for s in effects.sentences()
    )
    assert len(effects.to_frame()) == len(effects.reversals)


def test_proportional_formula_without_reversal_on_the_sample():
    effects = price_effects(score(load_tender(sample_path("nettoyage"))))
    assert effects.reversals == ()
    assert effects.scenarios[-2].startswith("avec une offre fictive")
    assert any("Aucune inversion" in s for s in effects.sentences())
    assert 0 < effects.spread_weight < 100


def test_a_compressing_formula_is_noted_as_a_fact_and_cautioned_only_before_publication():
    """Prices within 2 %: the proportional formula gives price marks 39.2 to 40, while
    quality marks spread over 60 points: price no longer weighs its 40 points.

    The filed report cannot change a published formula: its sentences state the
    compression neutrally; the legal caution is for the check before publication."""
    evaluation = score(_tender("proportional", {"A": (1000, 1), "B": (1010, 3), "C": (1020, 5)}))
    effects = price_effects(evaluation)
    assert effects.neutralised
    assert effects.spread_weight < 2
    text = " ".join(effects.sentences())
    assert "La formule de prix resserre les écarts : le prix pèse en fait 1,6 points sur 40 " in (
        text
    )
    for word in ("Belleville", "censure", "envisager", "irrégulière"):
        assert word not in text
    caution = neutralisation_caution(effects)
    assert "Belleville-sur-Loire, n° 373362" in caution and "avant la publication" in caution


def test_a_spreading_formula_is_not_flagged():
    evaluation = score(_tender("linear", {"A": (1000, 1), "B": (1010, 3), "C": (1020, 5)}))
    effects = price_effects(evaluation)
    assert not effects.neutralised and neutralisation_caution(effects) is None
    # price spreads its 40 points, quality 48 of its 60 (marks 1 to 5)
    assert effects.spread_weight == pytest.approx(100 * 40 / (40 + 48))


def test_variance_shares_add_up(tender_factory):
    """The variance share of price plus that of the other criteria is 100."""
    evaluation = score(tender_factory(6, seed=2))
    effects = price_effects(evaluation)
    frame = evaluation.to_frame()
    pivot = frame.pivot(index="offer", columns="criterion", values="points")
    totals = pivot.sum(axis=1)
    shares = {
        c: 100
        * ((pivot[c] - pivot[c].mean()) * (totals - totals.mean())).mean()
        / totals.var(ddof=0)
        for c in pivot.columns
    }
    assert sum(shares.values()) == pytest.approx(100)
    assert effects.variance_weight == pytest.approx(shares["prix"])


def test_no_price_criterion():
    tender = Tender.model_validate(
        {
            "id": "T",
            "title": "t",
            "buyer": "b",
            "procedure": "AO",
            "lots": [{"id": "L1", "label": "L"}],
            "criteria": [
                {
                    "id": "q",
                    "label": "Q",
                    "kind": "quality",
                    "weight": 100,
                    "scoring": {"method": "rubric"},
                }
            ],
            "offers": [{"id": "A", "bidder": "A", "lot": "L1"}],
        }
    )
    assert price_effects(score(tender, {("A", "q"): 3})) is None
