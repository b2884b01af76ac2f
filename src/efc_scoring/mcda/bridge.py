"""The scikit-criteria bridge: a lot as a decision matrix, and other methods beside the award.

The award is the weighted sum of the tender's method (article R. 2152-7 of the
Code de la commande publique asks for weighted criteria); TOPSIS, VIKOR, ELECTRE
and the others are lenses for the analyst. :func:`compare_methods` ranks the
competing offers of a lot with each of them, side by side, with the rank
correlation between the rankings (scikit-criteria's rank comparator) and the
normalisation each method applies, since the normalisation changes TOPSIS's
ranking.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.errors import ScoringError
from efc_scoring.mcda._lot import lot_data

if TYPE_CHECKING:
    import pandas as pd
    import skcriteria

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["METHODS", "MethodComparison", "compare_methods", "to_decision_matrix"]

#: The award's method: first in every comparison.
AWARD = "weighted_sum"


@dataclass(frozen=True)
class _Method:
    label: str
    normalisation: str
    build: Callable[[], Any]


def _wsm() -> Any:
    from skcriteria.agg.simple import WeightedSumModel

    return WeightedSumModel()


def _pipe(*steps: Any) -> Any:
    from skcriteria.pipelines import mkpipe

    return mkpipe(*steps)


def _topsis_vector() -> Any:
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.scalers import VectorScaler

    return _pipe(VectorScaler(target="matrix"), TOPSIS())


def _topsis_minmax() -> Any:
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.scalers import MinMaxScaler

    return _pipe(MinMaxScaler(target="matrix"), TOPSIS())


def _vikor() -> Any:
    from skcriteria.agg.vikor import VIKOR

    return VIKOR()


def _electre2() -> Any:
    from skcriteria.agg.electre import ELECTRE2

    return ELECTRE2()


def _moora() -> Any:
    from skcriteria.agg.moora import ReferencePointMOORA
    from skcriteria.preprocessing.scalers import VectorScaler

    return _pipe(VectorScaler(target="matrix"), ReferencePointMOORA())


#: Methods :func:`compare_methods` knows: name -> label, normalisation, factory.
METHODS: Mapping[str, _Method] = {
    AWARD: _Method(
        "Somme pondérée (méthode d'attribution)",
        "aucune : parts de 0 à 1 de chaque critère, comme pour l'attribution",
        _wsm,
    ),
    "topsis": _Method(
        "TOPSIS",
        "vectorielle : chaque critère divisé par la norme euclidienne de sa colonne",
        _topsis_vector,
    ),
    "topsis_minmax": _Method(
        "TOPSIS (min-max)",
        "min-max : chaque critère ramené entre 0 (la plus faible) et 1 (la meilleure)",
        _topsis_minmax,
    ),
    "vikor": _Method(
        "VIKOR (v = 0,5)",
        "interne à VIKOR : distance au meilleur et au pire de chaque critère",
        _vikor,
    ),
    "electre2": _Method(
        "ELECTRE II",
        "aucune : concordance par les poids, discordance par l'écart rapporté à l'étendue",
        _electre2,
    ),
    "moora": _Method(
        "MOORA (point de référence, Tchebychev pondéré)",
        "vectorielle : chaque critère divisé par la norme euclidienne de sa colonne",
        _moora,
    ),
}

DEFAULT_METHODS = (AWARD, "topsis", "vikor", "electre2")


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
        raise ScoringError(f"values must be 'shares' or 'points', got {values!r}")
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


@dataclass(frozen=True)
class MethodComparison:
    """Rankings of one lot's offers by several methods, side by side.

    ``ranks[method][i]`` is the rank of ``offers[i]`` by that method (dense
    ranks as scikit-criteria gives them: tied offers share a rank);
    ``kendall`` and ``spearman`` hold the rank correlation of every pair of
    methods, in the order of ``methods``.
    """

    lot: str
    offers: tuple[str, ...]
    methods: tuple[str, ...]
    labels: tuple[str, ...]
    normalisations: tuple[str, ...]
    ranks: Mapping[str, tuple[int, ...]]
    kendall: tuple[tuple[float, ...], ...]
    spearman: tuple[tuple[float, ...], ...]
    dropped: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per method and offer: method, label, normalisation, offer, rank."""
        import pandas as pd

        rows = [
            {
                "lot": self.lot,
                "method": m,
                "label": label,
                "normalisation": norm,
                "offer": offer,
                "rank": rank,
            }
            for m, label, norm in zip(self.methods, self.labels, self.normalisations, strict=True)
            for offer, rank in zip(self.offers, self.ranks[m], strict=True)
        ]
        return pd.DataFrame(rows)

    def ranks_frame(self) -> pd.DataFrame:
        """Offers in rows, methods in columns (the award's weighted sum first)."""
        import pandas as pd

        frame = pd.DataFrame({m: list(self.ranks[m]) for m in self.methods}, index=self.offers)
        frame.index.name = "offer"
        return frame.sort_values(list(self.methods), kind="stable")

    def correlation(self, method: str = "kendall") -> pd.DataFrame:
        """Rank correlation between methods (``"kendall"`` or ``"spearman"``)."""
        import pandas as pd

        table = {"kendall": self.kendall, "spearman": self.spearman}[method]
        return pd.DataFrame(table, index=list(self.methods), columns=list(self.methods))

    def first(self, method: str) -> tuple[str, ...]:
        """The offer(s) a method ranks first."""
        return tuple(o for o, r in zip(self.offers, self.ranks[method], strict=True) if r == 1)

    def summary(self) -> str:
        """One French sentence: do the methods agree with the award on the first offer?"""
        award = self.first(AWARD)
        others = [m for m in self.methods if m != AWARD]
        if not others:
            return f"Seule la somme pondérée a été calculée : {present.join(award)} en tête."
        disagree = [m for m in others if self.first(m) != award]
        taus = [self.kendall[0][self.methods.index(m)] for m in others]
        mean_tau = sum(taus) / len(taus)
        tau = present.number(mean_tau, up_to=2) if mean_tau == mean_tau else "indéfini"
        head = present.join(award)
        if not disagree:
            return (
                f"Les {len(self.methods)} méthodes placent {head} en tête, comme la somme "
                f"pondérée retenue pour l'attribution ; corrélation de Kendall moyenne avec "
                f"elle : {tau}."
            )
        parts = [
            f"{self.labels[self.methods.index(m)]} place {present.join(self.first(m))} en tête"
            for m in disagree
        ]
        return (
            f"La somme pondérée retenue pour l'attribution place {head} en tête ; "
            + " ; ".join(parts)
            + f". Corrélation de Kendall moyenne avec la somme pondérée : {tau}. "
            "L'attribution reste celle de la somme pondérée : les autres méthodes sont "
            "des éclairages."
        )

    def _repr_html_(self) -> str:
        frame = self.ranks_frame()
        frame.columns = [self.labels[self.methods.index(m)] for m in frame.columns]
        norms = "".join(
            f"<li><b>{label}</b> — normalisation {norm}</li>"
            for label, norm in zip(self.labels, self.normalisations, strict=True)
        )
        return (
            f"<p>{self.summary()}</p>{frame.to_html()}<ul>{norms}</ul>"
            + self.correlation().to_html(float_format=lambda x: f"{x:.2f}")
        )


def compare_methods(
    evaluation: Evaluation, methods: Sequence[str] | None = None, lot: str | None = None
) -> MethodComparison:
    """Rank a lot's competing offers with several MCDA methods beside the award's weighted sum.

    Parameters
    ----------
    evaluation
        A scored tender.
    methods
        Names from :data:`METHODS` (default: weighted sum, TOPSIS, VIKOR,
        ELECTRE II). The weighted sum of the award always comes first.
    lot
        The lot; may be left out when the tender has one lot.

    Notes
    -----
    Criteria on which every offer has the same share are left out of the other
    methods (they separate no offer, and TOPSIS and VIKOR divide by their
    spread); the weighted sum keeps every criterion so that its ranking is the
    award's (ties share a rank).

    References
    ----------
    Hwang & Yoon (1981), *Multiple Attribute Decision Making* (TOPSIS);
    Opricovic & Tzeng (2004), *EJOR* 156(2) (VIKOR); Roy & Bertier (1973)
    (ELECTRE II); Cabral, Luczywo & Zanazzi (2016), scikit-criteria.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> cmp = compare_methods(score(load_tender(sample_path("nettoyage"))))
    >>> cmp.methods[0], cmp.first("weighted_sum")
    ('weighted_sum', ('O1',))
    """
    import numpy as np
    import skcriteria as skc
    from skcriteria.cmp import RanksComparator

    names = [AWARD] + [m for m in (methods or DEFAULT_METHODS) if m != AWARD]
    unknown = [m for m in names if m not in METHODS]
    if unknown:
        raise ScoringError(
            f"unknown method(s) {', '.join(map(repr, unknown))}; known: {', '.join(METHODS)}"
        )
    dm = to_decision_matrix(evaluation, lot)
    data = lot_data(evaluation, lot)
    if len(data.offers) < 2:
        raise ScoringError(f"lot {data.lot!r} has fewer than two competing offers to compare")
    matrix = dm.matrix.to_numpy()
    keep = np.ptp(matrix, axis=0) > 0
    dropped = tuple(c for c, k in zip(data.leaves, keep, strict=True) if not k)
    reduced = skc.mkdm(
        matrix[:, keep],
        objectives=[max] * int(keep.sum()),
        weights=dm.weights.to_numpy()[keep],
        alternatives=list(data.offers),
        criteria=[c for c, k in zip(data.leaves, keep, strict=True) if k],
    )
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            target = dm if name == AWARD or not keep.any() else reduced
            results.append((name, METHODS[name].build().evaluate(target)))
    cmp = RanksComparator(results, {})
    kendall = cmp.corr(method="kendall").to_numpy()
    spearman = cmp.corr(method="spearman").to_numpy()
    return MethodComparison(
        lot=data.lot,
        offers=data.offers,
        methods=tuple(names),
        labels=tuple(METHODS[m].label for m in names),
        normalisations=tuple(METHODS[m].normalisation for m in names),
        ranks={name: tuple(int(r) for r in res.rank_) for name, res in results},
        kendall=tuple(tuple(float(x) for x in row) for row in kendall),
        spearman=tuple(tuple(float(x) for x in row) for row in spearman),
        dropped=dropped,
    )
