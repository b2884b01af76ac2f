"""Detection of abnormally low offers (offres anormalement basses).

An abnormally low offer must be detected and the bidder asked to explain its
price before any rejection (Code de la commande publique, art. L. 2152-5,
L. 2152-6 and R. 2152-3 to R. 2152-5). This module only *flags*: it never
excludes an offer.

The method is the corrected mean accepted by administrative case law: take the
mean of the lot's prices; take the mean again without the offers more than
``above`` (20 %) above that first mean; flag the offers more than ``below``
(10 %) under the second mean.

With few offers the method is fragile: one very low price drags the first mean
down so far that the other offers are left out and the corrected mean rests on
the low offer alone. The reason then says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from efc_scoring import present

__all__ = ["AbnormalityCheck", "check_abnormally_low"]


@dataclass(frozen=True)
class AbnormalityCheck:
    """The verdict for one offer, with the figures and the reason in French.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> checks = score(load_tender(sample_path("nettoyage"))).abnormal["L1"]
    >>> [(check.offer, check.flagged) for check in checks if check.flagged]
    [('O4', True)]
    >>> low = next(check for check in checks if check.flagged)
    >>> round(float(low.gap), 3), low.below  # 19.4 % under the corrected mean; threshold 10 %
    (-0.194, Fraction(1, 10))
    """

    offer: str
    price: Decimal
    first_mean: Fraction
    corrected_mean: Fraction
    gap: Fraction
    flagged: bool
    reason: str
    #: The method's parameters: offers more than ``above`` over the first mean are left out
    #: of the corrected mean; offers more than ``below`` under it are flagged.
    above: Fraction = Fraction(1, 5)
    below: Fraction = Fraction(1, 10)


def check_abnormally_low(
    prices: Sequence[tuple[str, Decimal]],
    *,
    above: Decimal | float | str = "0.20",
    below: Decimal | float | str = "0.10",
    currency: str = "EUR",
) -> list[AbnormalityCheck]:
    """Flag the offers priced more than ``below`` under the corrected mean.

    Parameters
    ----------
    prices
        ``(offer id, total price)`` for every offer of one lot.
    above
        Offers more than this share above the first mean are left out of the
        corrected mean (0.20 = 20 %).
    below
        Offers more than this share under the corrected mean are flagged.

    Examples
    --------
    >>> checks = check_abnormally_low([("A", Decimal(100)), ("B", Decimal(98)),
    ...                                ("C", Decimal(160)), ("D", Decimal(80))])
    >>> [c.offer for c in checks if c.flagged]
    ['D']
    """
    above_f, below_f = Fraction(Decimal(str(above))), Fraction(Decimal(str(below)))
    if not prices:
        return []
    values = [Fraction(p) for _, p in prices]
    first = sum(values, Fraction(0)) / len(values)
    kept = [v for v in values if v <= first * (1 + above_f)]
    corrected = sum(kept, Fraction(0)) / len(kept)
    out = []
    for (offer, price), value in zip(prices, values, strict=True):
        gap = (value - corrected) / corrected if corrected else Fraction(0)
        flagged = value < corrected * (1 - below_f)
        pct = present.percent(-gap) if gap < 0 else present.percent(gap)
        side = "inférieur" if gap < 0 else "supérieur"
        reason = (
            f"Prix {present.money(value, currency)} {side} de {pct} à la moyenne corrigée "
            f"({present.money(corrected, currency)}, moyenne des offres hors celles dépassant "
            f"de plus de {present.percent(above_f)} la moyenne brute de "
            f"{present.money(first, currency)})"
        )
        if flagged:
            reason += (
                f" : écart supérieur au seuil de {present.percent(below_f)}, offre susceptible "
                "d'être anormalement basse ; demander au candidat de justifier son prix avant "
                "toute décision (art. R. 2152-3 du code de la commande publique)."
            )
        elif gap >= 0:
            reason += " : offre au-dessus de la moyenne corrigée, non concernée."
        else:
            reason += (
                f" : écart inférieur au seuil de {present.percent(below_f)}, pas de signalement."
            )
        if len(kept) < 3:
            reason += (
                " Attention : la moyenne corrigée ne repose que sur "
                f"{present.count(len(kept), 'offre')} ; "
                "avec si peu d'offres la méthode est peu fiable, examiner les prix directement."
            )
        out.append(
            AbnormalityCheck(
                offer, Decimal(price), first, corrected, gap, flagged, reason, above_f, below_f
            )
        )
    return out
