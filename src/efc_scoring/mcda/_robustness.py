"""How robust is the award? Methods, weights, critical values, committee and price formula.

:func:`robustness` bundles, for one lot: the rankings of other methods beside
the award (:func:`~efc_scoring.mcda.methods.compare_methods`, the project's own
kernels), the probability that each offer wins
under weight noise (:func:`~efc_scoring.mcda._sensitivity.sensitivity`), the
critical weights, marks and prices of the weighted sum
(:func:`~efc_scoring.mcda.critical.critical_values`), the committee checks
(:func:`~efc_scoring.mcda._committee_checks.committee_checks`) and the effects of the
price formula (:func:`~efc_scoring.mcda._price_effects.price_effects`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from efc_scoring.mcda import DEFAULT_DRAWS
from efc_scoring.mcda._committee_checks import CommitteeRobustness, committee_checks
from efc_scoring.mcda._lot import pick_lot
from efc_scoring.mcda._price_effects import PriceEffects, price_effects
from efc_scoring.mcda._sensitivity import Bounds, Method, SensitivityResult, sensitivity
from efc_scoring.mcda.critical import CriticalAnalysis, critical_values
from efc_scoring.mcda.methods import MethodComparison, compare_methods

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["RobustnessReport", "robustness"]


@dataclass(frozen=True)
class RobustnessReport:
    """The robustness of one lot's award (see :func:`robustness`).

    Examples
    --------
    >>> from efc_scoring import load_tender, robustness, sample_path, score
    >>> report = robustness(score(load_tender(sample_path("nettoyage"))), n=1_000, seed=0)
    >>> for section in report.sections():
    ...     print(section)
    Autres méthodes
    Sensibilité aux poids
    Valeurs critiques
    Commission d'évaluation
    Formule de prix
    >>> report.sections()["Sensibilité aux poids"][1]
    "Le lauréat de l'attribution (O1) reste premier dans 100 % des tirages."
    """

    lot: str
    winners: tuple[str, ...]
    sensitivity: SensitivityResult
    critical: CriticalAnalysis
    committee: CommitteeRobustness
    price: PriceEffects | None
    methods: MethodComparison | None = None

    def sections(self) -> dict[str, list[str]]:
        """French sentences by section: methods, weights, critical values, committee, price."""
        return {
            **({"Autres méthodes": [self.methods.summary()]} if self.methods else {}),
            "Sensibilité aux poids": self.sensitivity.sentences(),
            "Valeurs critiques": self.critical.sentences(),
            "Commission d'évaluation": self.committee.sentences(),
            "Formule de prix": self.price.sentences()
            if self.price
            else ["Le marché ne note pas le prix."],
        }

    def sentences(self) -> list[str]:
        """Every French sentence of the report, section after section."""
        return [s for items in self.sections().values() for s in items]

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per sentence with its lot and section."""
        import pandas as pd

        return pd.DataFrame(
            [
                {"lot": self.lot, "section": section, "sentence": s}
                for section, items in self.sections().items()
                for s in items
            ],
            columns=["lot", "section", "sentence"],
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: probabilities, critical values, checks, price effects."""
        return {
            "lot": self.lot,
            "winners": list(self.winners),
            "p_first": dict(zip(self.sensitivity.offers, self.sensitivity.p_first, strict=True)),
            "draws": {
                "n": self.sensitivity.n,
                "seed": self.sensitivity.seed,
                "method": self.sensitivity.method,
                "how": self.sensitivity.draws,
            },
            "methods": None
            if self.methods is None
            else {
                m: dict(zip(self.methods.offers, r, strict=True))
                for m, r in self.methods.ranks.items()
            },
            "critical": self.critical.records(),
            "committee": self.committee.to_frame().to_dict(orient="records"),
            "price": None
            if self.price is None
            else {
                "announced_weight": self.price.announced_weight,
                "spread_weight": self.price.spread_weight,
                "variance_weight": self.price.variance_weight,
                "neutralised": self.price.neutralised,
                "reversals": self.price.to_frame().to_dict(orient="records"),
            },
            "sentences": self.sections(),
        }

    def _repr_html_(self) -> str:
        parts = [f"<h4>Robustesse de l'attribution — lot {self.lot}</h4>"]
        for section, items in self.sections().items():
            lis = "".join(f"<li>{s}</li>" for s in items)
            parts.append(f"<p><b>{section}</b></p><ul>{lis}</ul>")
        return "".join(parts)


def robustness(
    evaluation: Evaluation,
    lot: str | None = None,
    *,
    n: int = DEFAULT_DRAWS,
    concentration: float = 100.0,
    bounds: Bounds | None = None,
    seed: int | None = 0,
    method: Method = "weighted_sum",
    progress: bool | None = None,
    ranks: bool = False,
    methods: Sequence[str | Any] | None = None,
) -> RobustnessReport:
    """The robustness report of one lot's award.

    Parameters are those of :func:`~efc_scoring.mcda._sensitivity.sensitivity`
    for the weight noise (:data:`~efc_scoring.mcda.DEFAULT_DRAWS` draws by
    default, ``ranks=True`` for the whole rank distribution); ``methods`` are
    those of :func:`~efc_scoring.mcda.methods.compare_methods`; the other
    checks take none.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> report = robustness(score(load_tender(sample_path("nettoyage"))), n=1_000)
    >>> report.winners, round(report.sensitivity.p_win("O1"), 2)
    (('O1',), 1.0)
    """
    lot_id = pick_lot(evaluation, lot)
    competing = [
        o for o in evaluation.tender.offers_in(lot_id) if o.id not in evaluation.eliminated
    ]
    return RobustnessReport(
        lot=lot_id,
        winners=evaluation.winners(lot_id),
        sensitivity=sensitivity(
            evaluation,
            n=n,
            concentration=concentration,
            bounds=bounds,
            seed=seed,
            method=method,
            lot=lot_id,
            progress=progress,
            ranks=ranks,
        ),
        critical=critical_values(evaluation, lot_id),
        committee=committee_checks(evaluation, lot_id),
        price=price_effects(evaluation, lot_id),
        methods=compare_methods(evaluation, lot_id, methods=methods)
        if len(competing) > 1
        else None,
    )
