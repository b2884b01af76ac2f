"""Indicators of a progress plan: quantitative (baseline, target) or qualitative (milestones).

A quantitative indicator has a unit, a baseline at the start, a target, a
direction and a deadline; a qualitative one follows a scale of milestones
(« non engagé / en cours / atteint ») for what cannot be measured fairly or
imposed on the supplier alone (the Grand Lyon lesson). Each says who carries
it and whether it is an obligation of means or of result, and may quote the
sentence of the offer it comes from.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from efc_scoring.model._errors import rule_error
from efc_scoring.model._ids import Id
from efc_scoring.model._number import Figure, reads
from efc_scoring.model.criteria import Direction
from efc_scoring.present import LabelledEnum
from efc_scoring.progress.records import Party

__all__ = [
    "DEFAULT_MILESTONES",
    "CommitteeMember",
    "Indicator",
    "MemberRole",
    "Obligation",
    "QualitativeIndicator",
    "QuantitativeIndicator",
    "SourceQuote",
]


#: The default milestone scale of a qualitative indicator, lowest first.
DEFAULT_MILESTONES: tuple[str, ...] = ("non engagé", "en cours", "atteint")


class Obligation(LabelledEnum):
    """Obligation of means (do what was agreed) or of result (reach the target)."""

    MEANS = "means", "obligation de moyens"
    RESULT = "result", "obligation de résultat"


class MemberRole(LabelledEnum):
    """The seat of a member of the plan's steering committee."""

    BUYER = "buyer", "acheteur"
    TECHNICAL = "technical", "technicien"
    USER = "user", "usager"
    ELECTED = "elected", "élu"
    SUPPLIER = "supplier", "titulaire"


class CommitteeMember(BaseModel):
    """A member of the plan's steering committee (users included)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    role: MemberRole
    organisation: str = ""


class SourceQuote(BaseModel):
    """The sentence of the offer an indicator comes from: exact text and offsets.

    ``text == answer[start:end]`` where ``answer`` is the offer's answer to
    ``question``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    offer: Id
    question: Id
    start: Annotated[int, Field(ge=0), reads("le début", ge=0, integer=True)]
    end: Annotated[int, Field(gt=0), reads("la fin", gt=0, integer=True)]
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _span(self) -> SourceQuote:
        if self.end - self.start != len(self.text):
            raise rule_error(
                "end",
                f"les positions {self.start}-{self.end} ne correspondent pas à la longueur "
                f"de la citation ({len(self.text)})",
                "recopier la phrase à l'identique, avec `end = start + len(text)`",
            )
        return self


class _IndicatorBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    label: str = Field(min_length=1)
    responsible: Party = Party.SUPPLIER
    obligation: Obligation = Obligation.MEANS
    weight: Annotated[Decimal, Field(gt=0), reads("le poids", gt=0)] = Field(
        default=Decimal(1), description="Weight in the plan's progress."
    )
    source: SourceQuote | None = None
    note: str = ""


class QuantitativeIndicator(_IndicatorBase):
    """A measured indicator: baseline at the start, target at the deadline.

    A missing ``baseline`` means « à mesurer au démarrage »: the indicator is
    then not measured until it is set.

    Examples
    --------
    >>> QuantitativeIndicator(id="transport.livraisons", label="Livraisons par semaine",
    ...     unit="livraisons/semaine", baseline=3, target=2, direction="lower_is_better",
    ...     deadline="2027-09-01").target
    Decimal('2')
    """

    kind: Literal["quantitative"] = "quantitative"
    unit: str = Field(min_length=1)
    baseline: Figure | None = None
    target: Figure
    direction: Direction = Direction.HIGHER_IS_BETTER
    deadline: date

    @model_validator(mode="after")
    def _target_side(self) -> QuantitativeIndicator:
        if self.baseline is None:
            return self
        higher = self.direction is Direction.HIGHER_IS_BETTER
        if self.target == self.baseline or (self.target > self.baseline) != higher:
            word = "au-dessus de" if higher else "au-dessous de"
            raise rule_error(
                "target",
                f"la cible {self.target} n'est pas {word} la valeur de départ {self.baseline} "
                f"alors que le sens est « {self.direction.label} »",
                "corriger la cible, la valeur de départ ou le sens",
            )
        return self


class QualitativeIndicator(_IndicatorBase):
    """An indicator followed on a scale of milestones, without a figure.

    Examples
    --------
    >>> ind = QualitativeIndicator(id="waste.cond", label="Conditionnement collectif")
    >>> ind.scale, ind.goal
    (('non engagé', 'en cours', 'atteint'), 'atteint')
    """

    kind: Literal["qualitative"] = "qualitative"
    scale: tuple[str, ...] = Field(default=DEFAULT_MILESTONES, min_length=2)
    target: str | None = Field(default=None, description="Milestone to reach; the last by default.")
    deadline: date | None = None

    @model_validator(mode="after")
    def _scale(self) -> QualitativeIndicator:
        if len(set(self.scale)) != len(self.scale):
            raise rule_error(
                "scale", "une étape figure deux fois", "ne citer chaque étape qu'une fois"
            )
        if self.target is not None and self.target not in self.scale:
            raise rule_error(
                "target",
                f"la cible {self.target!r} n'est pas une étape de l'échelle {list(self.scale)}",
                "choisir une des étapes de l'échelle",
            )
        return self

    @property
    def goal(self) -> str:
        """The milestone to reach."""
        return self.target if self.target is not None else self.scale[-1]


Indicator = Annotated[QuantitativeIndicator | QualitativeIndicator, Field(discriminator="kind")]
