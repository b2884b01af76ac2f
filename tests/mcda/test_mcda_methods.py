"""Methods beside the award, on the project's own kernels, checked against scikit-criteria."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
import skcriteria as skc
from skcriteria.agg.electre import ELECTRE2
from skcriteria.agg.moora import ReferencePointMOORA
from skcriteria.agg.simple import WeightedSumModel
from skcriteria.agg.topsis import TOPSIS
from skcriteria.agg.vikor import VIKOR
from skcriteria.cmp import RanksComparator
from skcriteria.pipelines import mkpipe
from skcriteria.preprocessing.scalers import MinMaxScaler, SumScaler, VectorScaler

from efc_scoring import ScoringError, load_tender, sample_path, score
from efc_scoring.mcda.bridge import to_decision_matrix
from efc_scoring.mcda.methods import METHODS, compare_methods


@pytest.fixture(scope="module")
def cleaning():
    return score(load_tender(sample_path("nettoyage")))


def _skcriteria(name):
    return {
        "topsis": mkpipe(VectorScaler(target="matrix"), TOPSIS()),
        "topsis_minmax": mkpipe(MinMaxScaler(target="matrix"), TOPSIS()),
        "vikor": VIKOR(),
        # ELECTRE II compares its concordance with thresholds between 0 and 1
        "electre2": mkpipe(SumScaler(target="weights"), ELECTRE2()),
        "moora": mkpipe(VectorScaler(target="matrix"), ReferencePointMOORA()),
    }[name]


def _reduced(evaluation, lot=None):
    """scikit-criteria's decision matrix without the criteria that separate no offer."""
    dm = to_decision_matrix(evaluation, lot)
    matrix = dm.matrix.to_numpy()
    keep = np.ptp(matrix, axis=0) > 0
    return skc.mkdm(
        matrix[:, keep],
        objectives=[max] * int(keep.sum()),
        weights=dm.weights.to_numpy()[keep],
        alternatives=list(dm.alternatives),
        criteria=list(np.array(dm.criteria)[keep]),
    )


CASES = [("nettoyage", None)] + [
    (f"factory-{n}-{seed}-{formula}", (n, seed, formula))
    for n in (3, 5, 8)
    for seed in range(6)
    for formula in ("proportional", "linear", "relative_gap")
]


@pytest.mark.parametrize(("name", "spec"), CASES, ids=[c[0] for c in CASES])
def test_own_kernels_rank_as_scikit_criteria(tender_factory, name, spec):
    evaluation = (
        score(load_tender(sample_path("nettoyage")))
        if spec is None
        else score(tender_factory(spec[0], seed=spec[1], formula=spec[2]))
    )
    ours = compare_methods(evaluation, methods=list(METHODS))
    dm = _reduced(evaluation)
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        award = WeightedSumModel().evaluate(to_decision_matrix(evaluation))
        results.append(("weighted_sum", award))
        for method in ours.methods[1:]:
            result = _skcriteria(method).evaluate(dm)
            results.append((method, result))
            assert ours.ranks[method] == tuple(int(r) for r in result.rank_), method
    assert ours.ranks["weighted_sum"] == tuple(int(r) for r in award.rank_)
    cmp = RanksComparator(results, {})
    for method in ("kendall", "spearman"):
        expected = np.array(cmp.corr(method=method).to_numpy())
        constant = [len(set(ours.ranks[m])) == 1 for m in ours.methods]
        for i, flat in enumerate(constant):  # pandas puts 1 beside itself even then
            if flat:
                expected[i, i] = np.nan
        np.testing.assert_allclose(ours.correlation(method), expected, rtol=1e-12)


def test_the_comparison_imports_neither_scikit_criteria_nor_scipy():
    code = (
        "import sys; import efc_scoring as efc; "
        "ev = efc.score(efc.load_tender(efc.sample_path('nettoyage'))); "
        "from efc_scoring.mcda.methods import METHODS; "
        "efc.compare_methods(ev, methods=list(METHODS)); "
        "efc.robustness(ev); "
        "print(sorted(m for m in ('skcriteria', 'scipy.stats', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_method_only_scikit_criteria_has_is_taken_when_asked(cleaning):
    from skcriteria.agg.moora import RatioMOORA

    cmp = compare_methods(cleaning, methods=["topsis", RatioMOORA()])
    assert cmp.methods == ("weighted_sum", "topsis", "RatioMOORA")
    assert sorted(cmp.ranks["RatioMOORA"]) == [1, 2, 3, 4, 5]
    with pytest.raises(ScoringError, match="scikit-criteria"):
        compare_methods(cleaning, methods=[object()])


def test_a_lot_where_no_criterion_separates_the_offers_ties_everyone(tender_factory):
    tender = tender_factory(1, seed=0)
    twin = tender.offers[0].model_copy(update={"id": "O9", "bidder": "Jumeau"})
    scores = [s.model_copy(update={"offer": "O9"}) for s in tender.marks]
    tender = tender.model_copy(
        update={"offers": (*tender.offers, twin), "marks": (*tender.marks, *scores)}
    )
    cmp = compare_methods(score(tender), methods=["topsis", "vikor"])
    assert all(r == (1, 1) for r in cmp.ranks.values())
    assert len(cmp.dropped) == 4
    assert np.isnan(cmp.kendall[0][1]) and np.isnan(cmp.kendall[0][0])
    assert isinstance(cmp.correlation(), pd.DataFrame)


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
    with pytest.raises(ScoringError, match="inconnue"):
        compare_methods(cleaning, methods=["magic"])
    assert set(METHODS) >= {"weighted_sum", "topsis", "vikor", "electre2"}
