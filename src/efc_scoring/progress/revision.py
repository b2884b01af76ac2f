"""Price revision clauses tied to the progress plan: bonus and malus, with caps.

A clause adds a share of the price (bonus) when an indicator is achieved, or
takes a share off (malus) while an indicator is late, period after period,
within a cap per period and an overall cap. :func:`price_revisions` computes
each review period exactly (``Decimal``), rounds each amount to the cent and
writes every step in French so that the supplier can check it.

The price of a period is the plan's annual amount × months of the period / 12.

References
----------
Code de la commande publique, art. R. 2194-1 (modification prévue par une clause
de réexamen, dont une clause de variation du prix) et art. L. 2194-1.
Atelier national « Commande publique & EFC », 2 septembre 2021 : la Région
Grand Est a fait de l'obtention du Label CO2 pendant l'exécution un critère
modifiant la rémunération du transporteur scolaire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.errors import ProgressError
from efc_scoring.progress._dates import months_between
from efc_scoring.progress.clauses import PriceRevisionClause, RevisionKind
from efc_scoring.progress.plan import ProgressPlan
from efc_scoring.progress.status import plan_status

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PriceRevisionClause",
    "PriceRevisions",
    "RevisionKind",
    "RevisionLine",
    "price_revisions",
]


CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    """Round an amount to the cent, half up (the rounding of French invoices)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RevisionLine:
    """One clause on one review period: whether it applied, the amount and the steps."""

    review: str
    period_start: date
    period_end: date
    clause: str
    kind: RevisionKind
    indicator: str
    triggered: bool
    base: Decimal
    amount: Decimal
    steps: tuple[str, ...]

    @property
    def signed_amount(self) -> Decimal:
        """The amount with its sign: positive for a bonus, negative for a malus."""
        return self.amount if self.kind is RevisionKind.BONUS else -self.amount


@dataclass(frozen=True)
class PriceRevisions:
    """The price revisions of a plan, review after review."""

    plan_id: str
    currency: str
    lines: tuple[RevisionLine, ...]

    @property
    def total(self) -> Decimal:
        """Net revision over the reviews (bonus minus malus)."""
        return sum((ln.signed_amount for ln in self.lines), Decimal(0))

    def by_review(self) -> dict[str, Decimal]:
        """Net revision of each review period."""
        out: dict[str, Decimal] = {}
        for ln in self.lines:
            out[ln.review] = out.get(ln.review, Decimal(0)) + ln.signed_amount
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per review and clause (tidy)."""
        import pandas as pd

        return pd.DataFrame(
            [_line_record(ln) for ln in self.lines],
            columns=[
                "review",
                "period_start",
                "period_end",
                "clause",
                "kind",
                "indicator",
                "triggered",
                "base",
                "amount",
                "signed_amount",
                "computation",
            ],
        )

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)


def _line_record(ln: RevisionLine) -> dict[str, Any]:
    return {
        "review": ln.review,
        "period_start": ln.period_start,
        "period_end": ln.period_end,
        "clause": ln.clause,
        "kind": ln.kind.value,
        "indicator": ln.indicator,
        "triggered": ln.triggered,
        "base": ln.base,
        "amount": ln.amount,
        "signed_amount": ln.signed_amount,
        "computation": " ; ".join(ln.steps),
    }


def price_revisions(plan: ProgressPlan) -> PriceRevisions:
    """Compute every price revision clause of ``plan`` for each recorded review.

    Parameters
    ----------
    plan : ProgressPlan
        A plan with an annual amount (``annual_amount``), clauses and reviews.

    Returns
    -------
    PriceRevisions
        One line per review and clause, with the steps of the computation.

    Examples
    --------
    A worked example by hand: annual amount 228 000 €, six-month period, so the
    period's price is 228 000 × 6 / 12 = 114 000 €; a 2 % bonus gives
    2 280 €, capped at 2 500 € a period (no effect) and 4 000 € overall, so the
    second achieved period gets 4 000 − 2 280 = 1 720 €.

    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan, load_review
    >>> from efc_scoring.progress.status import record_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = load_plan(folder / "plan.yaml")
    >>> for name in ("review-1.yaml", "review-2.yaml", "review-3.yaml"):
    ...     plan = record_review(plan, load_review(folder / name))
    >>> revisions = price_revisions(plan)
    >>> [str(a) for a in revisions.by_review().values()]
    ['0.00', '1710.00', '1720.00']
    """
    lines: list[RevisionLine] = []
    if not plan.clauses:
        return PriceRevisions(plan.id, plan.currency, ())
    if plan.annual_amount is None:
        raise ProgressError(
            f"le plan {plan.id!r} a des clauses de révision de prix mais pas d'`annual_amount` : "
            "donner le montant annuel HT du marché pour les calculer"
        )
    cumulated = {clause.id: Decimal(0) for clause in plan.clauses}
    previous = plan.start
    for review in plan.reviews:
        status = plan_status(plan, at=review.id)
        months = months_between(previous, review.date)
        base = plan.annual_amount * months / 12
        for clause in plan.clauses:
            st = status.indicator(clause.indicator)
            wanted = "achieved" if clause.kind is RevisionKind.BONUS else "late"
            triggered = st.status.value == wanted
            steps = [
                f"Période du {present.long_date(previous)} au {present.long_date(review.date)} "
                f"({months} mois) : "
                f"prix de la période = {present.money(plan.annual_amount, plan.currency)} "
                f"× {months} / 12 "
                f"= {present.money(to_cents(base), plan.currency)}",
                f"Indicateur {clause.indicator} au bilan {review.id} : {st.label_fr}"
                + (" : la clause s'applique" if triggered else " : la clause ne s'applique pas"),
            ]
            amount = Decimal("0.00")
            if triggered:
                amount = to_cents(base * clause.rate)
                steps.append(
                    f"{clause.kind.value.capitalize()} = {present.percent(clause.rate)} × "
                    f"{present.money(to_cents(base), plan.currency)} = "
                    f"{present.money(amount, plan.currency)}"
                )
                if clause.cap_per_period is not None and amount > clause.cap_per_period:
                    amount = to_cents(clause.cap_per_period)
                    steps.append(
                        "Plafond par période de "
                        f"{present.money(clause.cap_per_period, plan.currency)} : "
                        f"montant ramené à {present.money(amount, plan.currency)}"
                    )
                if clause.cap_total is not None:
                    room = max(to_cents(clause.cap_total) - cumulated[clause.id], Decimal(0))
                    if amount > room:
                        steps.append(
                            f"Plafond global de {present.money(clause.cap_total, plan.currency)}, "
                            "déjà "
                            f"{present.money(cumulated[clause.id], plan.currency)} appliqués : "
                            "montant "
                            f"ramené à {present.money(room, plan.currency)}"
                        )
                        amount = room
                cumulated[clause.id] += amount
                steps.append(
                    f"Cumul de la clause {clause.id} : "
                    f"{present.money(cumulated[clause.id], plan.currency)}"
                )
            lines.append(
                RevisionLine(
                    review=review.id,
                    period_start=previous,
                    period_end=review.date,
                    clause=clause.id,
                    kind=clause.kind,
                    indicator=clause.indicator,
                    triggered=triggered,
                    base=to_cents(base),
                    amount=amount,
                    steps=tuple(steps),
                )
            )
        previous = review.date
    return PriceRevisions(plan.id, plan.currency, tuple(lines))


def describe_rate(clause: PriceRevisionClause) -> str:
    """The clause in one French line (« bonus de 2 % par période, plafonds ... »)."""
    caps = []
    if clause.cap_per_period is not None:
        caps.append(f"plafond {present.money(clause.cap_per_period)} par période")
    if clause.cap_total is not None:
        caps.append(f"plafond global {present.money(clause.cap_total)}")
    return f"{clause.kind.label} de {present.percent(clause.rate)} du prix de la période" + (
        f" ({', '.join(caps)})" if caps else ""
    )
