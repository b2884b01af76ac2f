"""The evaluation committee: evaluators and the marks they give."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from efc_scoring.errors import rule_error
from efc_scoring.model._ids import Id
from efc_scoring.model._number import Mark
from efc_scoring.present import LabelledEnum

__all__ = ["Evaluator", "Role", "Score"]


class Role(LabelledEnum):
    """The seat of an evaluator on the committee (``label``: its French name)."""

    BUYER = "buyer", "acheteur"
    TECHNICAL = "technical", "technicien"
    USER = "user", "usager"
    ELECTED = "elected", "élu"


class Evaluator(BaseModel):
    """A member of the evaluation committee."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    name: str = Field(min_length=1)
    role: Role

    @property
    def role_label(self) -> str:
        """French name of the role."""
        return self.role.label


class Score(BaseModel):
    """One evaluator's mark of one offer on one rubric criterion, with its reason.

    A mark without a justification is refused: the buyer must be able to tell
    every rejected bidder why it got its marks.

    Examples
    --------
    >>> Score(evaluator="E1", offer="O1", criterion="env.emb", value=4,
    ...       justification="Reprise des bidons chiffrée, sans échéance.").value
    Decimal('4')
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    evaluator: Id
    offer: Id
    criterion: Id
    value: Mark
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
