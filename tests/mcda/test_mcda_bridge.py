"""The scikit-criteria bridge: decision matrix and methods side by side."""

from __future__ import annotations

import numpy as np
import pytest

from efc_scoring import ScoringError, load_tender, sample_path, score
from efc_scoring.mcda.bridge import METHODS, compare_methods, to_decision_matrix


@pytest.fixture(scope="module")
def cleaning():
    return score(load_tender(sample_path("nettoyage")))


def test_decision_matrix_weighted_sum_gives_the_award_totals(cleaning):
    dm = to_decision_matrix(cleaning)
    assert list(dm.alternatives) == ["O1", "O2", "O3", "O4", "O5"]
    assert list(dm.criteria) == [leaf.id for leaf in cleaning.tender.leaves]
    assert float(dm.weights.sum()) == pytest.approx(100)
    assert set(dm.iobjectives) == {1}
    totals = dm.matrix.to_numpy() @ dm.weights.to_numpy()
    expected = [float(cleaning.totals[o]) for o in dm.alternatives]
    np.testing.assert_allclose(totals, expected, rtol=1e-12)


def test_points_matrix_is_shares_times_weights(cleaning):
    shares = to_decision_matrix(cleaning).matrix.to_numpy()
    points = to_decision_matrix(cleaning, values="points")
    np.testing.assert_allclose(points.matrix.to_numpy(), shares * points.weights.to_numpy())
    with pytest.raises(ScoringError):
        to_decision_matrix(cleaning, values="ranks")


def test_eliminated_offers_stay_out(tender_factory):
    evaluation = score(tender_factory(5, seed=0, threshold=15))
    assert evaluation.eliminated, "the factory's threshold should eliminate someone"
    dm = to_decision_matrix(evaluation)
    assert set(dm.alternatives).isdisjoint(evaluation.eliminated)


def test_several_lots_need_a_lot(tender_factory):
    evaluation = score(tender_factory(3, lots=2))
    with pytest.raises(ScoringError, match="choose one"):
        to_decision_matrix(evaluation)
    assert to_decision_matrix(evaluation, lot="L2").matrix.shape == (3, 4)


def test_compare_methods_puts_the_award_first(cleaning):
    cmp = compare_methods(cleaning, methods=["topsis", "vikor", "electre2", "topsis_minmax"])
    assert cmp.methods[0] == "weighted_sum"
    award = dict(zip(cmp.offers, cmp.ranks["weighted_sum"], strict=True))
    assert award == {o: cleaning.ranks[o] for o in cmp.offers}
    assert all(n for n in cmp.normalisations)
    assert "vectorielle" in cmp.normalisations[cmp.methods.index("topsis")]
    frame = cmp.to_frame()
    assert len(frame) == len(cmp.methods) * len(cmp.offers)
    assert {"method", "normalisation", "offer", "rank"} <= set(frame.columns)
    corr = cmp.correlation()
    np.testing.assert_allclose(np.diag(corr.to_numpy()), 1.0)
    assert cmp.correlation("spearman").shape == (5, 5)
    assert "somme pondérée" in cmp.summary()
    html = cmp._repr_html_()
    assert "normalisation" in html and "<table" in html


def test_topsis_normalisation_changes_the_ranking(cleaning):
    """Min-max scaling magnifies the small price gaps: the cheapest offer wins under it."""
    cmp = compare_methods(cleaning, methods=["topsis", "topsis_minmax"])
    assert cmp.first("topsis") == ("O1",)
    assert cmp.first("topsis_minmax") == ("O4",)
    assert "O4" in cmp.summary()


def test_unknown_method_is_refused(cleaning):
    with pytest.raises(ScoringError, match="unknown method"):
        compare_methods(cleaning, methods=["magic"])
    assert set(METHODS) >= {"weighted_sum", "topsis", "vikor", "electre2"}
