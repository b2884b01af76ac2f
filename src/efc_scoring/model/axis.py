"""Reading-grid axes defined by a tender: a new axis, or words added to a built-in one.

The evidence engine reads an answer against the words of its question's axis
(``packaging``, ``transport``, ``waste``, ``egalim``, ``cooperation``). A buyer
adds an axis, or words to an existing axis, in the tender file without touching
code::

    axes:
      - id: packaging            # a built-in axis: these words are added to it
        measures: [sac compostable, caisse pliable]
      - id: water                # a new axis
        label: eau
        subject: [eau, consommation d'eau, fuite]
        measures: [mousseur, chasse double débit, récupération des eaux de pluie]
      - id: glove_waste          # a new axis starting from the words of `waste`
        label: déchets de gants
        extends: waste
        subject: [gant, gants]

Words are French phrases, matched on lemmas and on accent-folded lowercase text,
so ``réemploi`` also matches ``reemploi`` and ``réemplois``.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from efc_scoring.model._errors import rule_error

__all__ = ["AxisLexicon"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _clean_words(words: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:
        text = " ".join(str(word).split())
        if text:
            seen.setdefault(text, None)
    return list(seen)


class AxisLexicon(BaseModel):
    """Words of one reading-grid axis, as a tender defines or extends it.

    Attributes
    ----------
    id : str
        Axis id (lowercase, digits, ``_``). If it names a built-in axis (or an
        alias such as ``local_sourcing``), the words are *added* to that axis.
    label : str
        French name of the axis shown in justifications (« emballages »).
    extends : str or None
        Id of an axis whose words the new axis starts from.
    subject : list of str
        Words that show an answer deals with the axis (relevance, R).
    measures : list of str
        Specific actions on the axis (concrete measure, M).
    aliases : list of str
        Other ids accepted for this axis in questions.
    cooperative : bool
        True when a measure on this axis is itself cooperation with the buyer or
        the users (as on the built-in ``cooperation`` axis): a firm measure then
        also brings C.

    Examples
    --------
    >>> water = AxisLexicon(id="water", label="eau", subject=["eau"], measures=["mousseur"])
    >>> water.measures
    ['mousseur']
    >>> AxisLexicon(id="packaging", measures=["sac compostable"]).extends is None
    True
    >>> AxisLexicon(id="Eau potable")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for AxisLexicon
    ...
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=64)
    label: str = Field(default="", description="French name shown to evaluators.")
    extends: str | None = Field(default=None, description="Axis whose words are reused.")
    subject: list[str] = Field(default_factory=list, description="Relevance words (R).")
    measures: list[str] = Field(default_factory=list, description="Concrete measures (M).")
    aliases: list[str] = Field(default_factory=list, description="Other accepted ids.")
    cooperative: bool = Field(default=False, description="Measures are cooperation (C).")

    @field_validator("id", "extends")
    @classmethod
    def _valid_id(cls, value: str | None) -> str | None:
        if value is not None and not _ID.match(value):
            raise rule_error(
                "",
                f"identifiant d'axe invalide : {value!r}",
                "lettres minuscules, chiffres et « _ », en commençant par une lettre "
                "(par exemple « economie_eau »)",
            )
        return value

    @field_validator("aliases")
    @classmethod
    def _valid_aliases(cls, value: list[str]) -> list[str]:
        for alias in value:
            cls._valid_id(alias)
        return value

    @field_validator("subject", "measures")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        return _clean_words(value)

    @model_validator(mode="after")
    def _not_self(self) -> AxisLexicon:
        if self.extends == self.id:
            raise rule_error(
                "extends",
                f"l'axe {self.id!r} s'étend lui-même",
                "pour ajouter des mots à un axe fourni, donner son identifiant et laisser "
                "`extends` vide",
            )
        return self
