"""The evaluation committee: evaluators and the marks they give."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from efc_scoring._deprecation import moved_names
from efc_scoring.errors import rule_error
from efc_scoring.model._ids import Id
from efc_scoring.model._number import MarkValue
from efc_scoring.present import LabelledEnum

__all__ = ["Evaluator", "Mark", "Role"]


class Role(LabelledEnum):
    """The seat of an evaluator on the committee (``label``: its French name).

    Examples
    --------
    >>> Role("user").label
    'usager'
    """

    BUYER = "buyer", "acheteur"
    TECHNICAL = "technical", "technicien"
    USER = "user", "usager"
    ELECTED = "elected", "élu"


class Evaluator(BaseModel):
    """A member of the evaluation committee.

    Examples
    --------
    >>> member = Evaluator(id="E3", name="Claire Martin", role="user")
    >>> member.role_label
    'usager'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    name: str = Field(min_length=1)
    role: Role

    @property
    def role_label(self) -> str:
        """French name of the role."""
        return self.role.label


class Mark(BaseModel):
    """One evaluator's mark of one offer on one rubric criterion, with its reason.

    A mark without a justification is refused: the buyer must be able to tell
    every rejected bidder why it got its marks. (:func:`~efc_scoring.score`
    computes the points of the offers from the marks; ``Mark``, the former name
    of this class, still works with a DeprecationWarning.)

    Examples
    --------
    >>> Mark(evaluator="E1", offer="O1", criterion="env.emb", value=4,
    ...      justification="Reprise des bidons chiffrée, sans échéance.").value
    Decimal('4')
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    evaluator: Id
    offer: Id
    criterion: Id
    value: MarkValue
    justification: str
    timestamp: datetime | None = None

    @field_validator("justification")
    @classmethod
    def _justified(cls, text: str) -> str:
        if not text.strip():
            raise rule_error(
                "", "une note doit être justifiée", "écrire pourquoi l'offre mérite ce niveau"
            )
        return text


__getattr__ = moved_names(__name__, {"Score": ("Mark", Mark)})
