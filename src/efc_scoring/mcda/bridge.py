"""The scikit-criteria bridge: a lot as a scikit-criteria decision matrix.

:func:`to_decision_matrix` hands a lot to scikit-criteria, for an analyst who
wants its whole catalogue. The comparison of methods beside the award runs on
the project's own kernels (:mod:`efc_scoring.mcda.methods`, whose names are
re-exported here); it imports scikit-criteria only for a method that only
scikit-criteria has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring.errors import ParameterError
from efc_scoring.mcda._lot import lot_data
from efc_scoring.mcda.methods import METHODS, MethodComparison, compare_methods

if TYPE_CHECKING:
    import skcriteria

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["METHODS", "MethodComparison", "compare_methods", "to_decision_matrix"]


def to_decision_matrix(
    evaluation: Evaluation, lot: str | None = None, *, values: str = "shares"
) -> skcriteria.core.data.DecisionMatrix:
    """The competing offers of a lot as a scikit-criteria decision matrix.

    Alternatives are the offers of the lot that are not eliminated; criteria are
    the leaf criteria; every objective is to maximise (price and lower-is-better
    figures are already turned into shares where higher is better); weights are
    the leaves' points out of 100.

    Parameters
    ----------
    evaluation
        A scored tender (:func:`~efc_scoring.scoring.evaluate.score`).
    lot
        The lot; may be left out when the tender has one lot.
    values
        ``"shares"`` (default): the share 0-1 of each leaf's weight, so that the
        weighted sum gives the award's totals; ``"points"``: the points earned.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> dm = to_decision_matrix(score(load_tender(sample_path("nettoyage"))))
    >>> dm.matrix.shape, float(dm.weights.sum())
    ((5, 6), 100.0)
    """
    import skcriteria as skc

    if values not in ("shares", "points"):
        raise ParameterError(f"values vaut 'shares' ou 'points', pas {values!r}")
    data = lot_data(evaluation, lot)
    matrix = data.matrix()
    if values == "points":
        matrix = matrix * data.weight_vector()
    return skc.mkdm(
        matrix,
        objectives=[max] * len(data.leaves),
        weights=data.weight_vector(),
        alternatives=list(data.offers),
        criteria=list(data.leaves),
    )
