"""Other multi-criteria methods beside the award, computed with the project's own kernels.

The award is the weighted sum of the tender's method (article R. 2152-7 of the
Code de la commande publique asks for weighted criteria); TOPSIS, VIKOR,
ELECTRE II and MOORA are lenses for the analyst. :func:`compare_methods` ranks
the competing offers of a lot with each of them, side by side, with the rank
correlation between the rankings (Kendall's tau-b and Spearman's rho) and the
normalisation each method applies, since the normalisation changes TOPSIS's
ranking.

The kernels are the project's own (:mod:`efc_scoring.mcda._rank_methods`),
checked against scikit-criteria in the test suite, so that the report and the
demo need not import it; scikit-criteria is imported only when a method it
alone has is asked for, by passing one of its decision makers (an object with
an ``evaluate`` method, such as ``skcriteria.agg.similarity.TOPSIS()`` or a
pipeline) among ``methods``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring._deprecation import lot_moved
from efc_scoring.errors import ScoringError
from efc_scoring.mcda import _rank_methods as rm
from efc_scoring.mcda._lot import LotData, lot_data

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["DEFAULT_METHODS", "METHODS", "MethodComparison", "compare_methods"]

#: The award's method: first in every comparison.
AWARD = "weighted_sum"


@dataclass(frozen=True)
class _Reduced:
    """A lot's criteria that separate offers: float and exact shares, weights."""

    criteria: tuple[str, ...]
    matrix: np.ndarray
    weights: np.ndarray
    shares: list[list[Fraction]]
    exact_weights: list[Fraction]


@dataclass(frozen=True)
class _Method:
    label: str
    normalisation: str
    ranks: Callable[[_Reduced], np.ndarray]


#: Methods :func:`compare_methods` knows: name -> label, normalisation, kernel.
METHODS: Mapping[str, _Method] = {
    AWARD: _Method(
        "Somme pondérée (méthode d'attribution)",
        "aucune : parts de 0 à 1 de chaque critère, comme pour l'attribution",
        lambda r: rm.dense_ranks(r.matrix @ r.weights, best="high"),
    ),
    "topsis": _Method(
        "TOPSIS",
        "vectorielle : chaque critère divisé par la norme euclidienne de sa colonne",
        lambda r: rm.topsis(r.matrix, r.weights, scaling="vector"),
    ),
    "topsis_minmax": _Method(
        "TOPSIS (min-max)",
        "min-max : chaque critère ramené entre 0 (la plus faible) et 1 (la meilleure)",
        lambda r: rm.topsis(r.matrix, r.weights, scaling="minmax"),
    ),
    "vikor": _Method(
        "VIKOR (v = 0,5)",
        "interne à VIKOR : distance au meilleur et au pire de chaque critère",
        lambda r: rm.vikor(r.matrix, r.weights),
    ),
    "electre2": _Method(
        "ELECTRE II",
        "aucune : concordance par les poids (ramenés à 1), discordance par l'écart rapporté "
        "à la plus grande étendue",
        lambda r: rm.electre2(r.shares, r.exact_weights),
    ),
    "moora": _Method(
        "MOORA (point de référence, Tchebychev pondéré)",
        "vectorielle : chaque critère divisé par la norme euclidienne de sa colonne",
        lambda r: rm.moora_reference(r.matrix, r.weights),
    ),
}

DEFAULT_METHODS = (AWARD, "topsis", "vikor", "electre2")


@dataclass(frozen=True)
class MethodComparison:
    """Rankings of one lot's offers by several methods, side by side.

    ``ranks[method][i]`` is the rank of ``offers[i]`` by that method (dense
    ranks as scikit-criteria gives them: tied offers share a rank);
    ``kendall`` and ``spearman`` hold the rank correlation of every pair of
    methods, in the order of ``methods``.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> comparison = compare_methods(score(load_tender(sample_path("nettoyage"))))
    >>> comparison.methods
    ('weighted_sum', 'topsis', 'vikor', 'electre2')
    >>> comparison.ranks["topsis"], comparison.ranks["electre2"]
    ((1, 2, 3, 4, 5), (1, 1, 2, 2, 2))
    >>> round(comparison.kendall[0][3], 2)  # weighted sum against ELECTRE II
    0.77
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


@lot_moved("methods", "lot")
def compare_methods(
    evaluation: Evaluation,
    lot: str | None = None,
    *,
    methods: Sequence[str | Any] | None = None,
) -> MethodComparison:
    """Rank a lot's competing offers with several MCDA methods beside the award's weighted sum.

    Parameters
    ----------
    evaluation
        A scored tender.
    lot
        The lot; may be left out when the tender has one lot.
    methods
        Names from :data:`METHODS` (default: weighted sum, TOPSIS, VIKOR,
        ELECTRE II), or scikit-criteria decision makers for the methods only it
        has (imported then, and only then). The weighted sum of the award
        always comes first.

    Notes
    -----
    The weighted sum's ranks are those of the award, from the exact totals.
    Criteria on which every offer has the same share are left out of the other
    methods (they separate no offer, and TOPSIS and VIKOR divide by their
    spread). ELECTRE II compares its concordance with thresholds between 0 and
    1, so it takes the weights brought to a sum of 1.

    References
    ----------
    Hwang & Yoon (1981), *Multiple Attribute Decision Making* (TOPSIS);
    Opricovic & Tzeng (2004), *EJOR* 156(2) (VIKOR); Roy & Bertier (1973)
    (ELECTRE II); Brauers & Zavadskas (2006) (MOORA); Cabral, Luczywo &
    Zanazzi (2016), scikit-criteria.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> cmp = compare_methods(score(load_tender(sample_path("nettoyage"))))
    >>> cmp.methods[0], cmp.first("weighted_sum"), cmp.first("topsis")
    ('weighted_sum', ('O1',), ('O1',))
    >>> cmp.first("vikor")  # the compromise set: no offer far enough ahead
    ('O1', 'O2', 'O4', 'O5')
    """
    import numpy as np

    asked = list(methods or DEFAULT_METHODS)
    names = [AWARD] + [m for m in asked if m != AWARD]
    unknown = [m for m in names if isinstance(m, str) and m not in METHODS]
    if unknown:
        raise ScoringError(
            f"Méthode(s) inconnue(s) : {', '.join(map(repr, unknown))} ; méthodes connues : "
            f"{', '.join(METHODS)}, ou un objet de décision de scikit-criteria."
        )
    data = lot_data(evaluation, lot)
    if len(data.offers) < 2:
        raise ScoringError(f"Le lot {data.lot} a moins de deux offres en lice : rien à comparer.")
    reduced, dropped = _reduce(data)
    results: list[tuple[str, str, str, np.ndarray]] = [
        (
            AWARD,
            METHODS[AWARD].label,
            METHODS[AWARD].normalisation,
            rm.exact_dense_ranks(list(data.totals())),
        )
    ]
    for entry in names[1:]:
        if reduced is None:  # no criterion separates the offers: every method ties them
            ranks = np.ones(len(data.offers), dtype=int)
        elif isinstance(entry, str):
            ranks = METHODS[entry].ranks(reduced)
        else:
            ranks = _skcriteria_ranks(entry, data, reduced)
        if isinstance(entry, str):
            results.append((entry, METHODS[entry].label, METHODS[entry].normalisation, ranks))
        else:
            name = type(entry).__name__
            results.append((name, name, "celle de la méthode de scikit-criteria", ranks))
    table = [r[3] for r in results]
    kendall = _correlations(table, rm.kendall_tau_b)
    spearman = _correlations(table, rm.spearman_rho)
    return MethodComparison(
        lot=data.lot,
        offers=data.offers,
        methods=tuple(r[0] for r in results),
        labels=tuple(r[1] for r in results),
        normalisations=tuple(r[2] for r in results),
        ranks={r[0]: tuple(int(x) for x in r[3]) for r in results},
        kendall=kendall,
        spearman=spearman,
        dropped=dropped,
    )


def _reduce(data: LotData) -> tuple[_Reduced | None, tuple[str, ...]]:
    """The criteria that separate the offers (None when none does), and the others' ids."""
    import numpy as np

    matrix = data.matrix()
    keep = np.ptp(matrix, axis=0) > 0
    dropped = tuple(c for c, k in zip(data.leaves, keep, strict=True) if not k)
    if not keep.any():
        return None, dropped
    columns = [j for j, k in enumerate(keep) if k]
    return (
        _Reduced(
            criteria=tuple(data.leaves[j] for j in columns),
            matrix=matrix[:, keep],
            weights=data.weight_vector()[keep],
            shares=[[row[j] for j in columns] for row in data.shares],
            exact_weights=[data.weights[j] for j in columns],
        ),
        dropped,
    )


def _skcriteria_ranks(model: Any, data: LotData, reduced: _Reduced) -> np.ndarray:
    """Ranks by a scikit-criteria decision maker (imported only here)."""
    import numpy as np
    import skcriteria as skc

    if not hasattr(model, "evaluate"):
        raise ScoringError(
            f"{model!r} n'est ni une méthode connue ni un objet de décision de scikit-criteria "
            "(avec une méthode evaluate)."
        )
    dm = skc.mkdm(
        reduced.matrix,
        objectives=[max] * reduced.matrix.shape[1],
        weights=reduced.weights,
        alternatives=list(data.offers),
        criteria=list(reduced.criteria),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = model.evaluate(dm)
    return np.asarray(result.rank_, dtype=int)


def _correlations(
    table: list[np.ndarray], corr: Callable[[np.ndarray, np.ndarray], float]
) -> tuple[tuple[float, ...], ...]:
    """Pairwise rank correlations; NaN beside a ranking that ties every offer."""
    return tuple(tuple(corr(a, b) for b in table) for a in table)
