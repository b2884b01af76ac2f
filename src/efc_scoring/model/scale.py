"""Rating scales: ordered levels with French labels and descriptors.

The default scale is the 0-5 reading grid of the project's rubric (« grille de
lecture »): every level is anchored on evidence that can be pointed at in an
answer, so that a proposed level always comes with its justification.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator

from efc_scoring.errors import ErrorCode, NotFoundError, ScoringError
from efc_scoring.model._errors import rule_error
from efc_scoring.model._number import MarkValue

__all__ = ["DEFAULT_SCALE", "Level", "Scale"]


class Level(BaseModel):
    """One level of a scale: its value, its French label and what it means.

    Examples
    --------
    >>> Level(value=3, label="Satisfaisant", descriptor="Une mesure concrète ferme.").label
    'Satisfaisant'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: MarkValue = Field(description="Numeric value of the level, as entered by evaluators.")
    label: str = Field(min_length=1, description="French label shown to evaluators.")
    descriptor: str = Field(default="", description="What an answer must show to reach it.")


class Scale(BaseModel):
    """An ordered set of levels.

    Marks on a rubric criterion must be one of the scale's level values. A mark
    converts to a share of the criterion's weight linearly between the lowest
    and the highest level: ``(value - min) / (max - min)``.

    Examples
    --------
    >>> DEFAULT_SCALE.label_of(4)
    'Bon'
    >>> DEFAULT_SCALE.share(4)
    Fraction(4, 5)
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(default="efc-0-5", min_length=1)
    label: str = Field(default="Grille de lecture EFC (0 à 5)")
    levels: tuple[Level, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        values = [level.value for level in self.levels]
        for i, (low, high) in enumerate(itertools.pairwise(values)):
            if not low < high:
                raise rule_error(
                    f"levels[{i + 1}].value",
                    "les niveaux d'une échelle doivent être strictement croissants ; "
                    f"{high} suit {low}",
                    "lister les niveaux du plus bas au plus haut, chaque valeur une seule fois",
                )
        return self

    @cached_property
    def _bounds(self) -> tuple[Fraction, Fraction]:
        return Fraction(self.min), Fraction(self.max)

    @property
    def values(self) -> tuple[Decimal, ...]:
        """The allowed values, lowest first."""
        return tuple(level.value for level in self.levels)

    @property
    def min(self) -> Decimal:
        return self.levels[0].value

    @property
    def max(self) -> Decimal:
        return self.levels[-1].value

    def level(self, value: object) -> Level:
        """Return the level whose value equals ``value``; raise ``KeyError`` if none."""
        wanted = Decimal(str(value))
        for level in self.levels:
            if level.value == wanted:
                return level
        allowed = ", ".join(str(v) for v in self.values)
        raise NotFoundError(
            f"{value!r} n'est pas un niveau de l'échelle {self.id!r} (niveaux : {allowed})",
            code=ErrorCode.OFF_SCALE,
        )

    def label_of(self, value: object) -> str:
        """French label of the level ``value``."""
        return self.level(value).label

    def share(self, value: object) -> Fraction:
        """Exact share of the criterion's weight earned by a mark, between 0 and 1."""
        v = value if isinstance(value, Fraction) else Fraction(Decimal(str(value)))
        lo, hi = self._bounds
        if not lo <= v <= hi:
            raise ScoringError(
                f"la note {value} sort de l'échelle {self.id!r} (de {self.min} à {self.max})",
                code=ErrorCode.OFF_SCALE,
            )
        return (v - lo) / (hi - lo)


DEFAULT_SCALE = Scale(
    levels=(
        Level(
            value=Decimal(0),
            label="Non traité",
            descriptor="Réponse vide, hors sujet, ou refus sans mesure ferme.",
        ),
        Level(
            value=Decimal(1),
            label="Insuffisant",
            descriptor="Réponse dans le sujet mais sans mesure concrète : déclarations "
            "générales ou commerciales, ou seulement des références.",
        ),
        Level(
            value=Decimal(2),
            label="Passable",
            descriptor="Mesures concrètes, mais seulement envisagées ou conditionnelles.",
        ),
        Level(
            value=Decimal(3),
            label="Satisfaisant",
            descriptor="Au moins une mesure concrète ferme, sans chiffre, échéance, "
            "suivi, coopération ni preuve.",
        ),
        Level(
            value=Decimal(4),
            label="Bon",
            descriptor="Mesure concrète ferme accompagnée d'au moins un élément : objectif "
            "chiffré, échéance, suivi, coopération ou preuve.",
        ),
        Level(
            value=Decimal(5),
            label="Très bon",
            descriptor="Mesure concrète ferme, objectif chiffré, et au moins trois éléments "
            "parmi chiffre, échéance, suivi, coopération et preuve.",
        ),
    )
)
