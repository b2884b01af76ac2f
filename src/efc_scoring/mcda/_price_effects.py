"""Effects of the price formula: rank reversal and the effective weight of price.

Every usual price formula scores an offer against the lowest (and, for the
linear formula, the highest) price of the lot, so adding or removing an offer
can swap two others: a rank reversal. :func:`price_effects` removes each offer
in turn, and adds a hypothetical offer below the lowest and above the highest
price, re-scores, and lists the pairs of offers whose order flips. Relative
numeric criteria (best and worst taken among the offers) are re-scored too.

It also measures the **effective weight** of price, against its announced
weight, two ways:

- *spread*: of all the points that separate the best from the worst offer
  criterion by criterion (the range of each criterion's points over the
  competing offers), the share that price brings, times 100;
- *variance*: ``100 × cov(price points, total) / var(total)``, the part of the
  variance of the totals that price points explain (the parts of all
  criteria add up to 100; a part can be negative).

A formula that compresses the price marks makes price separate the offers far
less than its weight announces (``compressed``: less than half its announced
share of the spread while the prices do differ). Once the offers are opened the
published formula cannot change, so the sentences that go into the filed
report state this as a fact only (« la formule de prix resserre les écarts : le
prix pèse en fait X points sur Y annoncés »). The legal caution belongs to the
check of the method before publication: :func:`neutralisation_caution` gives it
(the Conseil d'État censures a method that deprives a criterion of its scope or
neutralises its weighting: CE, 3 novembre 2014, *Commune de
Belleville-sur-Loire*, n° 373362).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring import present
from efc_scoring.mcda._lot import lot_data, marks_of, pick_lot, price_leaf
from efc_scoring.model.criteria import RubricScoring
from efc_scoring.model.offer import Offer
from efc_scoring.scoring.price import FORMULA_TEXT

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["PriceEffects", "Reversal", "neutralisation_caution", "price_effects"]

#: Below this ratio of effective to announced weight (spread), the weighting is called neutralised.
NEUTRALISED_BELOW = 0.5


@dataclass(frozen=True)
class Reversal:
    """Two offers whose order flips when ``change`` is made to the lot."""

    change: str  # French: what was removed or added
    first: str  # ahead before the change
    second: str  # ahead after the change
    winner_changed: bool


@dataclass(frozen=True)
class PriceEffects:
    """Rank reversals and the effective weight of price in one lot."""

    lot: str
    formula: str
    announced_weight: float
    spread_weight: float
    variance_weight: float
    neutralised: bool
    scenarios: tuple[str, ...]
    reversals: tuple[Reversal, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per reversal found (empty frame when none)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "lot": self.lot,
                    "change": r.change,
                    "was_ahead": r.first,
                    "now_ahead": r.second,
                    "winner_changed": r.winner_changed,
                }
                for r in self.reversals
            ],
            columns=["lot", "change", "was_ahead", "now_ahead", "winner_changed"],
        )

    def sentences(self) -> list[str]:
        """French sentences: effective weight of price, then the reversals.

        Facts only, for the filed report: no verdict on the published formula
        (see :func:`neutralisation_caution` for the check before publication).
        """
        variance = present.number(self.variance_weight, up_to=1)
        note = (
            (
                " ; elle est négative : les offres les moins chères sont les moins bien notées "
                "sur les autres critères"
            )
            if self.variance_weight < 0
            else ""
        )
        announced = present.number(self.announced_weight)
        spread = present.number(self.spread_weight, up_to=1)
        out = [
            f"Le prix, annoncé à {announced} points (formule {self.formula}), pèse en fait "
            f"{spread} points sur 100 dans les écarts entre offres (part de la variance des "
            f"totaux expliquée par le prix : {variance} %{note})."
        ]
        if self.neutralised:
            out.append(
                f"La formule de prix resserre les écarts : le prix pèse en fait {spread} points "
                f"sur {announced} annoncés."
            )
        if not self.reversals:
            out.append(
                f"Aucune inversion de classement entre deux offres dans les {len(self.scenarios)} "
                "scénarios testés (retrait de chaque offre, offre fictive sous le prix le plus "
                "bas ou au-dessus du plus haut)."
            )
        for r in self.reversals:
            tail = " : le lauréat changerait" if r.winner_changed else ""
            out.append(
                f"{r.change[0].upper()}{r.change[1:]}, {r.second} passerait devant {r.first}{tail}."
            )
        return out

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{s}</li>" for s in self.sentences())
        return f"<ul>{items}</ul>"


def neutralisation_caution(effects: PriceEffects) -> str | None:
    """The legal caution on a formula that compresses the price marks, or None.

    Meant for the check of the method *before* publication, when the formula
    can still change (on simulated offers); the filed report states the
    compression as a fact only (:meth:`PriceEffects.sentences`).

    References
    ----------
    CE, 3 novembre 2014, *Commune de Belleville-sur-Loire*, n° 373362: the
    buyer chooses its method freely, but a method that deprives a criterion of
    its scope or neutralises its weighting is irregular.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> neutralisation_caution(price_effects(score(load_tender(sample_path("nettoyage"))))) is None
    True
    """
    if not effects.neutralised:
        return None
    spread = present.number(effects.spread_weight, up_to=1)
    announced = present.number(effects.announced_weight)
    return (
        f"Avec ces prix, la formule {effects.formula} ne laisse au prix que {spread} points des "
        f"écarts entre offres sur les {announced} annoncés : une méthode de notation qui "
        "neutralise la pondération d'un critère est irrégulière (CE, 3 novembre 2014, Commune "
        "de Belleville-sur-Loire, n° 373362) ; envisager une autre formule avant la publication."
    )


def price_effects(
    evaluation: Evaluation, lot: str | None = None, *, gap: float | str = "0.10"
) -> PriceEffects | None:
    """Rank reversals and effective weight of price for one lot (None without a price criterion).

    Parameters
    ----------
    evaluation
        A scored tender.
    lot
        The lot; may be left out when the tender has one lot.
    gap
        The hypothetical offers are priced at the lowest price × (1 − gap) and
        at the highest × (1 + gap); they get the lowest mark on every rubric
        criterion and the declared values of an existing offer, so that only
        the price scale moves.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> effects = price_effects(score(load_tender(sample_path("nettoyage"))))
    >>> effects.announced_weight, len(effects.scenarios)
    (40.0, 7)
    """
    from efc_scoring.scoring.evaluate import score

    leaf_id = price_leaf(evaluation)
    if leaf_id is None:
        return None
    tender = evaluation.tender
    lot_id = pick_lot(evaluation, lot)
    leaf = tender.criterion(leaf_id)
    data = lot_data(evaluation, lot_id)
    marks = marks_of(evaluation)
    base = {o: evaluation.totals[o] for o in data.offers}
    offers = tender.offers_in(lot_id)
    scenarios: list[tuple[str, object]] = [
        (f"sans l'offre {o.id}", [x for x in tender.offers if x.id != o.id]) for o in offers
    ]
    prices = [Fraction(o.total_price) for o in offers]  # type: ignore[arg-type]
    step = Fraction(Decimal(str(gap)))
    template = max(data.offers, key=lambda o: base[o])
    for tag, price, text in (
        ("HYP-BAS", min(prices) * (1 - step), "sous le prix le plus bas"),
        ("HYP-HAUT", max(prices) * (1 + step), "au-dessus du prix le plus haut"),
    ):
        hyp = Offer(
            id=tag,
            bidder="Offre fictive",
            lot=lot_id,
            price=Decimal(price.numerator) / Decimal(price.denominator),
            values=dict(tender.offer(template).values),
        )
        scenarios.append(
            (
                f"avec une offre fictive à {present.money(price, tender.currency)} ({text})",
                [*tender.offers, hyp],
            )
        )
    lowest = {
        (tag, c.id): Fraction(c.scoring.scale.min)
        for tag in ("HYP-BAS", "HYP-HAUT")
        for c in tender.leaves
        if isinstance(c.scoring, RubricScoring)
    }
    reversals: list[Reversal] = []
    base_winners = evaluation.winners(lot_id)
    for text, offer_list in scenarios:
        changed = tender.model_copy(update={"offers": tuple(offer_list)})  # type: ignore[arg-type]
        after = score(changed, {**marks, **lowest})
        kept = [o for o in data.offers if o in after.totals and o not in after.eliminated]
        winner_changed = tuple(w for w in after.winners(lot_id) if w in kept) != tuple(
            w for w in base_winners if w in kept
        )
        for i, a in enumerate(kept):
            for b in kept[i + 1 :]:
                before, now = base[a] - base[b], after.totals[a] - after.totals[b]
                if before * now < 0:
                    first, second = (a, b) if before > 0 else (b, a)
                    reversals.append(Reversal(text, first, second, winner_changed))
    spread, variance = _effective_weight(evaluation, data.offers, leaf_id)
    prices_differ = max(prices) > min(prices)
    announced = float(leaf.weight)
    return PriceEffects(
        lot=lot_id,
        formula=FORMULA_TEXT[leaf.scoring.formula],  # type: ignore[union-attr]
        announced_weight=announced,
        spread_weight=spread,
        variance_weight=variance,
        neutralised=prices_differ and spread < NEUTRALISED_BELOW * announced,
        scenarios=tuple(t for t, _ in scenarios),
        reversals=tuple(reversals),
    )


def _effective_weight(
    evaluation: Evaluation, offers: tuple[str, ...], price_id: str
) -> tuple[float, float]:
    import numpy as np

    leaves = [leaf.id for leaf in evaluation.tender.leaves]
    pts = {(ln.offer, ln.criterion): float(ln.points) for ln in evaluation.lines}
    table = np.array([[pts[(o, c)] for c in leaves] for o in offers])
    j = leaves.index(price_id)
    ranges = np.ptp(table, axis=0)
    spread = 100 * ranges[j] / ranges.sum() if ranges.sum() > 0 else 0.0
    totals = table.sum(axis=1)
    var = totals.var()
    centred = (table[:, j] - table[:, j].mean()) * (totals - totals.mean())
    variance = 100 * centred.mean() / var if var > 0 else 0.0
    return float(spread), float(variance)
