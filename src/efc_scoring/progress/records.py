"""What a half-yearly review (bilan semestriel) records.

A review is written jointly by the buyer and the supplier: the values
observed for each quantitative indicator, the state reached on each
qualitative milestone scale, the actions decided (with who proposed them and
who carries them), who took part (and whether the supplier came), what the
users said, the sessions of observation of real work held during the period,
and whether the plan changes the financial terms of the contract (which then
needs an amendment, *avenant*).

References
----------
Atelier national « Commande publique & EFC », 2 septembre 2021 : « bilan
semestriel du plan de progrès élaboré conjointement » ; « si le plan de progrès
conduit à modifier les stipulations du marché, notamment les conditions
d'exécution financière, il donne lieu à la conclusion d'un avenant ».
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from efc_scoring.model._errors import rule_error
from efc_scoring.model._ids import Id
from efc_scoring.model._number import Figure, reads
from efc_scoring.present import LabelledEnum

__all__ = [
    "Action",
    "ActionStatus",
    "MilestoneState",
    "Observation",
    "Party",
    "Review",
    "UserFeedback",
    "WorkObservation",
]


class Party(LabelledEnum):
    """Who carries an indicator or an action: the buyer, the supplier or both."""

    BUYER = "buyer", "acheteur"
    SUPPLIER = "supplier", "titulaire"
    BOTH = "both", "acheteur et titulaire"
    USERS = "users", "usagers"


class ActionStatus(LabelledEnum):
    """Where an action stands."""

    DECIDED = "decided", "décidée"
    DONE = "done", "réalisée"
    DROPPED = "dropped", "abandonnée"


class Observation(BaseModel):
    """A value measured for a quantitative indicator at a review."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: Id
    value: Figure
    note: str = ""
    source: str = Field(
        default="", description="Where the value comes from (invoices, weighing...)."
    )


class MilestoneState(BaseModel):
    """The step reached on a qualitative indicator's scale at a review."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: Id
    state: str = Field(min_length=1)
    note: str = ""


class Action(BaseModel):
    """An action decided at a review.

    ``proposed_by`` and ``owner`` feed the supplier's cooperation score; a
    later review closes it by listing its id in ``completed``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    description: str = Field(min_length=1)
    owner: Party
    proposed_by: Party
    due: date | None = None
    status: ActionStatus = ActionStatus.DECIDED


class UserFeedback(BaseModel):
    """What a user (a cook, an agent) said: a satisfaction score from 1 to 5 and comments."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    who: str = Field(min_length=1)
    satisfaction: Annotated[int, reads("la satisfaction", ge=1, le=5, integer=True)] = Field(
        ge=1, le=5, description="1 = pas du tout satisfait, 5 = très satisfait."
    )
    comment: str = ""


class WorkObservation(BaseModel):
    """A session of observation of real work (in a kitchen, on a round...)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: date
    site: str = Field(min_length=1)
    supplier_present: bool = True
    note: str = ""


class Review(BaseModel):
    """A half-yearly joint review of the progress plan.

    Examples
    --------
    >>> review = Review(id="R1", date="2028-03-01", supplier_present=True,
    ...                 observations=[{"indicator": "egalim.part", "value": "58"}])
    >>> review.observations[0].value
    Decimal('58')
    >>> Review(id="R1", date="2028-03-01", supplier_present=True, financial_change=True)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Review
    ...
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    date: date
    participants: tuple[str, ...] = ()
    supplier_present: bool
    observations: tuple[Observation, ...] = ()
    milestones: tuple[MilestoneState, ...] = ()
    actions: tuple[Action, ...] = ()
    completed: tuple[Id, ...] = Field(
        default=(), description="Ids of actions of earlier reviews completed during the period."
    )
    feedback: tuple[UserFeedback, ...] = ()
    work_observations: tuple[WorkObservation, ...] = ()
    financial_change: bool = False
    financial_change_reason: str = ""
    summary: str = ""

    @model_validator(mode="after")
    def _rules(self) -> Review:
        if self.financial_change and not self.financial_change_reason.strip():
            raise rule_error(
                "financial_change_reason",
                "le bilan modifie les conditions financières sans dire lesquelles",
                "décrire la modification (nouveau prix, nouvelle prestation, formule révisée) "
                "dans `financial_change_reason` : c'est le motif de l'avenant",
            )
        seen: set[str] = set()
        entries: list[Observation | MilestoneState] = [*self.observations, *self.milestones]
        for i, obs in enumerate(entries):
            if obs.indicator in seen:
                field = "observations" if i < len(self.observations) else "milestones"
                j = i if i < len(self.observations) else i - len(self.observations)
                raise rule_error(
                    f"{field}[{j}].indicator",
                    f"l'indicateur {obs.indicator!r} figure deux fois au bilan {self.id!r}",
                    "ne garder qu'une valeur ou étape par indicateur et par bilan",
                )
            seen.add(obs.indicator)
        ids = [a.id for a in self.actions]
        for i, aid in enumerate(ids):
            if aid in ids[:i]:
                raise rule_error(
                    f"actions[{i}].id",
                    f"l'identifiant d'action {aid!r} sert deux fois",
                    "donner à chaque action son propre identifiant",
                )
        return self

    def value_of(self, indicator: str) -> Decimal | str | None:
        """The value or state recorded for ``indicator``, else None."""
        for obs in self.observations:
            if obs.indicator == indicator:
                return obs.value
        for state in self.milestones:
            if state.indicator == indicator:
                return state.state
        return None
