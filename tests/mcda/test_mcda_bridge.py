"""The scikit-criteria bridge: a lot as a decision matrix."""

from __future__ import annotations

import numpy as np
import pytest

from efc_scoring import ScoringError, load_tender, sample_path, score
from efc_scoring.errors import ParameterError
from efc_scoring.mcda.bridge import to_decision_matrix


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
    with pytest.raises(ParameterError):
        to_decision_matrix(cleaning, values="ranks")


def test_eliminated_offers_stay_out(tender_factory):
    evaluation = score(tender_factory(5, seed=0, threshold=15))
    assert evaluation.eliminated, "the factory's threshold should eliminate someone"
    dm = to_decision_matrix(evaluation)
    assert set(dm.alternatives).isdisjoint(evaluation.eliminated)


def test_several_lots_need_a_lot(tender_factory):
    evaluation = score(tender_factory(3, lots=2))
    with pytest.raises(ScoringError, match="en choisir un"):
        to_decision_matrix(evaluation)
    assert to_decision_matrix(evaluation, lot="L2").matrix.shape == (3, 4)
