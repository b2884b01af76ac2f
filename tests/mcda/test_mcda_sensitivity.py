"""Vectorised weight sensitivity, checked against scikit-criteria draw by draw."""

from __future__ import annotations

import warnings
from decimal import Decimal

import numpy as np
import pytest
import skcriteria as skc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from skcriteria.agg.simple import WeightedSumModel
from skcriteria.agg.topsis import TOPSIS
from skcriteria.pipelines import mkpipe
from skcriteria.preprocessing.scalers import VectorScaler

from efc_scoring import ScoringError, Tender, load_tender, sample_path, score
from efc_scoring.mcda import draw_weights, rank_draws, sensitivity
from efc_scoring.mcda.bridge import to_decision_matrix

SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def cleaning():
    return score(load_tender(sample_path("nettoyage")))


def _skcriteria_ranks(evaluation, weights, method):
    dm = to_decision_matrix(evaluation)
    model = (
        WeightedSumModel()
        if method == "weighted_sum"
        else mkpipe(VectorScaler(target="matrix"), TOPSIS())
    )
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for w in weights:
            one = skc.mkdm(
                dm.matrix.to_numpy(),
                [max] * len(w),
                weights=w,
                alternatives=list(dm.alternatives),
                criteria=list(dm.criteria),
            )
            out.append(model.evaluate(one).rank_)
    return np.array(out)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vectorised_ranks_equal_scikit_criteria(tender_factory, method, seed):
    evaluation = score(tender_factory(7, seed=seed))
    weights = draw_weights(evaluation, n=3_000, concentration=5, seed=seed)
    sample = weights[np.random.default_rng(seed).choice(len(weights), 40, replace=False)]
    ours = rank_draws(evaluation, sample, method=method, dense=True)
    np.testing.assert_array_equal(ours, _skcriteria_ranks(evaluation, sample, method))


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_vectorised_ranks_equal_scikit_criteria_on_the_sample(cleaning, method):
    weights = draw_weights(cleaning, n=60, concentration=3, seed=7)
    ours = rank_draws(cleaning, weights, method=method, dense=True)
    np.testing.assert_array_equal(ours, _skcriteria_ranks(cleaning, weights, method))


def test_sensitivity_counts_the_same_ranks_as_rank_draws(cleaning):
    result = sensitivity(cleaning, n=3_000, concentration=8, seed=5, method="topsis", ranks=True)
    ranks = rank_draws(
        cleaning, draw_weights(cleaning, n=3_000, concentration=8, seed=5), method="topsis"
    )
    for i, _offer in enumerate(result.offers):
        expected = [(ranks[:, i] == r + 1).mean() for r in range(len(result.offers))]
        np.testing.assert_allclose(result.rank_probability[i], expected)
    np.testing.assert_allclose(result.p_first, (ranks == 1).mean(axis=0))


@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    concentration=st.floats(0.5, 500),
    method=st.sampled_from(["weighted_sum", "topsis"]),
)
def test_probabilities_add_up_to_one(tender_factory, seed, concentration, method):
    evaluation = score(tender_factory(4, seed=seed % 50))
    result = sensitivity(
        evaluation, n=500, concentration=concentration, seed=seed, method=method, ranks=True
    )
    assert sum(result.p_first) == pytest.approx(1)
    for row in result.rank_probability:
        assert sum(row) == pytest.approx(1)
    assert all(0 <= p <= 1 for p in result.p_first)


def _dominated_tender(n_offers: int, margin: int) -> Tender:
    """O1 is the cheapest, marked highest and fastest: it dominates on every criterion."""
    criteria = [
        {
            "id": "prix",
            "label": "Prix",
            "kind": "price",
            "weight": 50,
            "scoring": {"method": "price"},
        },
        {
            "id": "q",
            "label": "Qualité",
            "kind": "quality",
            "weight": 30,
            "scoring": {"method": "rubric"},
        },
        {
            "id": "env",
            "label": "Environnement",
            "kind": "environment",
            "weight": 20,
            "scoring": {"method": "rubric"},
        },
    ]
    offers = [
        {"id": f"O{i + 1}", "bidder": f"B{i}", "lot": "L1", "price": Decimal(1000 + margin * i)}
        for i in range(n_offers)
    ]
    evaluators = [{"id": "E1", "name": "A", "role": "buyer"}]
    scores = [
        {
            "evaluator": "E1",
            "offer": f"O{i + 1}",
            "criterion": c,
            "value": 5 if i == 0 else min(4, 1 + i % 4),
            "justification": "x",
        }
        for i in range(n_offers)
        for c in ("q", "env")
    ]
    return Tender.model_validate(
        {
            "id": "T",
            "title": "t",
            "buyer": "b",
            "procedure": "AO",
            "lots": [{"id": "L1", "label": "L"}],
            "criteria": criteria,
            "offers": offers,
            "evaluators": evaluators,
            "scores": scores,
        }
    )


@SETTINGS
@given(
    n_offers=st.integers(2, 6),
    margin=st.integers(1, 500),
    seed=st.integers(0, 99),
    concentration=st.floats(200, 5_000),
    method=st.sampled_from(["weighted_sum", "topsis"]),
)
def test_a_dominant_offer_always_wins_under_small_noise(
    n_offers, margin, seed, concentration, method
):
    result = sensitivity(
        score(_dominated_tender(n_offers, margin)),
        n=300,
        seed=seed,
        concentration=concentration,
        method=method,
        ranks=True,
    )
    assert result.p_win("O1") == 1.0
    assert result.rank_probability[0][0] == 1.0


def test_bounds_zero_keeps_the_award(cleaning):
    result = sensitivity(cleaning, n=200, bounds=0)
    assert result.p_first == tuple(1.0 if r == 1 else 0.0 for r in result.award_ranks)
    assert "± 0 points" in result.sentences()[0]


def test_bounded_draws_stay_near_the_bands(cleaning):
    weights = draw_weights(cleaning, n=2_000, bounds={"prix": 5, "coop": (5, 15)}, seed=3)
    np.testing.assert_allclose(weights.sum(axis=1), 100)
    prix, coop = weights[:, 0], weights[:, -1]
    assert prix.min() > 34 and prix.max() < 46 and coop.min() > 4 and coop.max() < 16
    assert prix.std() > 1  # the band is used
    with pytest.raises(ScoringError, match="pas un critère feuille"):
        draw_weights(cleaning, n=10, bounds={"tech": 5})


def test_tied_offers_share_the_win(tender_factory):
    tender = tender_factory(2, seed=4)
    twin = tender.offers[0].model_copy(update={"id": "O9", "bidder": "Jumeau"})
    twin_scores = [
        s.model_copy(update={"offer": "O9"}) for s in tender.marks if s.offer == tender.offers[0].id
    ]
    tender = tender.model_copy(
        update={"offers": (*tender.offers, twin), "marks": (*tender.marks, *twin_scores)}
    )
    result = sensitivity(score(tender), n=400, concentration=2, seed=1)
    assert result.p_win("O1") == pytest.approx(result.p_win("O9"))
    assert sum(result.p_first) == pytest.approx(1)


def test_same_seed_same_result_and_frames(cleaning):
    a = sensitivity(cleaning, n=1_500, concentration=10, seed=42, ranks=True)
    b = sensitivity(cleaning, n=1_500, concentration=10, seed=42, progress=True, ranks=True)
    assert a == b
    frame = a.to_frame()
    assert len(frame) == 25 and frame["probability"].sum() == pytest.approx(5)
    assert a.summary_frame()["offer"].iloc[0] == "O1"
    assert "probabilité" in a._repr_html_()
    assert a.mean_rank("O1") >= 1


def test_bad_arguments_are_refused(cleaning):
    with pytest.raises(ScoringError):
        sensitivity(cleaning, n=0)
    with pytest.raises(ScoringError):
        sensitivity(cleaning, n=10, method="electre")
    with pytest.raises(ScoringError):
        sensitivity(cleaning, n=10, concentration=0)


def _reference(evaluation, n, seed, method, **draws):
    """Counts from the weight vectors brought to 100 points, ranked one by one with a tolerance."""
    ranks = rank_draws(evaluation, draw_weights(evaluation, n=n, seed=seed, **draws), method=method)
    m = ranks.shape[1]
    counts = np.stack([(ranks == r + 1).sum(axis=0) for r in range(m)], axis=1)
    top = ranks == 1
    wins = (top / top.sum(axis=1, keepdims=True)).sum(axis=0)
    return wins / n, counts / n


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("draws", [{}, {"concentration": 30}, {"bounds": 5}])
@pytest.mark.parametrize("seed", [0, 3])
def test_raw_draws_rank_as_the_draws_brought_to_100_points(tender_factory, method, draws, seed):
    """Raw gamma (or uniform) draws, ties found once: the same counts as the slow, general path."""
    evaluation = score(tender_factory(6, seed=seed))
    result = sensitivity(evaluation, n=4_000, seed=seed, method=method, ranks=True, **draws)
    wins, counts = _reference(evaluation, 4_000, seed, method, **draws)
    np.testing.assert_array_equal(result.p_first, wins)
    np.testing.assert_array_equal(result.rank_probability, counts)


def _with_twin(tender, offer):
    twin = tender.offer(offer).model_copy(update={"id": "O9", "bidder": "Jumeau"})
    scores = [s.model_copy(update={"offer": "O9"}) for s in tender.marks if s.offer == offer]
    return tender.model_copy(
        update={"offers": (*tender.offers, twin), "marks": (*tender.marks, *scores)}
    )


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_twins_share_every_rank_on_the_fast_path(tender_factory, method):
    """Two offers with the same shares tie in every draw, found once before drawing."""
    evaluation = score(_with_twin(tender_factory(4, seed=2), "O2"))
    result = sensitivity(evaluation, n=3_000, seed=4, method=method, ranks=True)
    wins, counts = _reference(evaluation, 3_000, 4, method)
    np.testing.assert_allclose(result.p_first, wins, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(result.rank_probability, counts)
    assert result.p_win("O2") == result.p_win("O9")
    assert result.rank_probability[result.offers.index("O9")] == result.rank_probability[1]


def test_first_places_alone_unless_the_ranks_are_asked_for(cleaning):
    fast = sensitivity(cleaning, n=2_000, seed=8, concentration=20)
    full = sensitivity(cleaning, n=2_000, seed=8, concentration=20, ranks=True)
    assert fast.p_first == full.p_first and fast.rank_probability is None
    assert "mean_rank" not in fast.summary_frame() and "mean_rank" in full.summary_frame()
    assert list(fast.to_frame()["probability"]) == list(fast.p_first)
    with pytest.raises(ScoringError, match="ranks=True"):
        fast.mean_rank("O1")


def test_the_products_run_on_one_blas_thread(cleaning, monkeypatch):
    from threadpoolctl import ThreadpoolController

    asked = []
    limit = ThreadpoolController.limit

    def spy(self, *, limits=None, user_api=None):
        asked.append((limits, user_api))
        return limit(self, limits=limits, user_api=user_api)

    monkeypatch.setattr(ThreadpoolController, "limit", spy)
    sensitivity(cleaning, n=100)
    rank_draws(cleaning, draw_weights(cleaning, n=10))
    assert asked == [(1, "blas"), (1, "blas")]


def test_dirichlet_draws_are_the_gamma_variates_brought_to_100_points(cleaning):
    """What the fast path relies on: numpy's Dirichlet divides these very gamma variates."""
    base = np.array([float(leaf.weight) for leaf in cleaning.tender.leaves])  # c = 100
    weights = draw_weights(cleaning, n=500, seed=11)
    raw = np.random.default_rng(11).standard_gamma(base, size=(500, base.size))
    np.testing.assert_allclose(weights, 100 * raw / raw.sum(axis=1, keepdims=True), rtol=1e-12)
