"""Agreement metrics."""

import pytest

from efc_scoring.evidence.metrics import agreement_report, quadratic_weighted_kappa


def test_qwk_perfect_and_symmetric():
    assert quadratic_weighted_kappa([0, 1, 2, 5], [0, 1, 2, 5]) == 1.0
    a, b = [0, 1, 2, 3, 4, 5], [1, 1, 2, 4, 4, 5]
    assert quadratic_weighted_kappa(a, b) == pytest.approx(quadratic_weighted_kappa(b, a))


def test_qwk_worse_when_further():
    ref = [0, 1, 2, 3, 4, 5]
    near = [1, 1, 2, 3, 4, 5]
    far = [5, 1, 2, 3, 4, 5]
    assert quadratic_weighted_kappa(ref, near) > quadratic_weighted_kappa(ref, far)


def test_report_features_and_table():
    report = agreement_report(
        [3, 0], [4, 0], [["R", "M", "F"], []], [["R", "M", "F", "Q"], []], ids=["a", "b"]
    )
    assert report.exact == 0.5 and report.within_one == 1.0
    assert report.features["Q"][0] == 0.0  # precision of Q: one false positive
    assert "a: reference 3, proposed 4" in str(report)
