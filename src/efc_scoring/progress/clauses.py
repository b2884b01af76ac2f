"""Price revision clauses of a progress plan: the model (bonus or malus, rate, caps).

The clauses are part of the plan (:class:`~efc_scoring.progress.plan.ProgressPlan`
holds them); :func:`~efc_scoring.progress.revision.price_revisions` computes them
once the plan's reviews are recorded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from efc_scoring.model._errors import rule_error
from efc_scoring.model._ids import Id
from efc_scoring.model._number import NonNegative, reads
from efc_scoring.present import LabelledEnum

__all__ = ["PriceRevisionClause", "RevisionKind"]


class RevisionKind(LabelledEnum):
    """A bonus is due when the indicator is achieved; a malus while it is late."""

    BONUS = "bonus", "bonus"
    MALUS = "malus", "malus"


class PriceRevisionClause(BaseModel):
    """A bonus or a malus on the price, tied to one indicator of the plan.

    Attributes
    ----------
    id, label : str
        Identifier and short French name of the clause.
    text : str
        The clause as written in the contract (French).
    kind : RevisionKind
        ``bonus``: due for each period at whose review the indicator is achieved.
        ``malus``: due for each period at whose review the indicator is late.
    indicator : str
        Id of the indicator of the plan.
    rate : Decimal
        Share of the period's price (0.02 for 2 %).
    cap_per_period, cap_total : Decimal or None
        Highest amount for one period and over the whole contract.

    Examples
    --------
    >>> clause = PriceRevisionClause(id="B1", label="Label CO2", kind="bonus",
    ...     indicator="transport.label", rate="0.02", cap_per_period="2500", cap_total="4000",
    ...     text="Le prix est majoré de 2 % par semestre dès l'obtention du label.")
    >>> clause.rate
    Decimal('0.02')
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    label: str = Field(min_length=1)
    text: str = Field(min_length=1, description="The clause's French text in the contract.")
    kind: RevisionKind
    indicator: Id
    rate: Annotated[Decimal, Field(gt=0, le=1), reads("le taux", gt=0, le=1)]
    cap_per_period: NonNegative | None = None
    cap_total: NonNegative | None = None

    @model_validator(mode="after")
    def _caps(self) -> PriceRevisionClause:
        if (
            self.cap_per_period is not None
            and self.cap_total is not None
            and self.cap_total < self.cap_per_period
        ):
            raise rule_error(
                "cap_total",
                f"le plafond global ({self.cap_total}) est inférieur au plafond par période "
                f"({self.cap_per_period})",
                "relever le plafond global ou abaisser le plafond par période",
            )
        return self
