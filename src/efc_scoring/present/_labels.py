"""Enums that carry their French label, the feature codes of the rubric, the axes' names."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from enum import StrEnum
from importlib import resources
from typing import Any, Self

__all__ = ["Feature", "LabelledEnum", "axis_label", "axis_labels"]


class LabelledEnum(StrEnum):
    """A string enum whose members carry a French label: ``MEMBER = "value", "libellé"``.

    The value is what files and code use (``"environment"``); the label is what
    a buyer reads (« environnement »). ``str(member)`` is the value, so that
    files written with it stay readable back.

    Examples
    --------
    >>> class Colour(LabelledEnum):
    ...     RED = "red", "rouge"
    ...     DARK_BLUE = "dark_blue", "bleu foncé"
    >>> Colour("red").label, str(Colour.DARK_BLUE), Colour.RED == "red"
    ('rouge', 'dark_blue', True)
    >>> Colour.labels()["dark_blue"]
    'bleu foncé'
    """

    _value_: str
    label: str

    # ``label`` has a default so that a type checker reads ``Feature("Q")``, the lookup of a
    # member by its value, as the valid call it is (members are always defined with a label)
    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Value -> French label, in the order of the members."""
        return {m.value: m.label for m in cls}


class Feature(LabelledEnum):
    """The features of the reading grid (RUBRIC.md) that the evidence engine finds in an answer.

    ``label`` is the short French name used in sentences, ``title`` the name of
    a legend, ``priority`` decides which code colours a character covered by
    several spans (0 first: the most specific).

    Examples
    --------
    >>> Feature("Q").label, Feature.Q.title, Feature.by_priority()[:3]
    ('objectif chiffré', 'Objectif chiffré', (<Feature.N: 'N'>, <Feature.Q: 'Q'>, <Feature.T: 'T'>))
    >>> Feature.R.description
    'Pertinence (traite le sujet)'
    """

    R = "R", "pertinence"
    M = "M", "mesure concrète"
    F = "F", "engagement ferme"
    Q = "Q", "objectif chiffré"
    T = "T", "échéance"
    I = "I", "suivi"  # noqa: E741 (the rubric's letter)
    C = "C", "coopération"
    P = "P", "preuve"
    N = "N", "refus"

    @property
    def title(self) -> str:  # type: ignore[override]  # a legend's name, in place of str.title()
        """The label with a capital, for a legend or a column header."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def description(self) -> str:
        """What the feature means, in one line (for a legend)."""
        return _DESCRIPTIONS[self.value]

    @property
    def priority(self) -> int:
        """Rank when spans overlap: 0 is the most specific code, which gives the colour."""
        return _PRIORITY.index(self.value)

    @classmethod
    def by_priority(cls) -> tuple[Feature, ...]:
        """The features, the most specific first (N Q T I C P M F R)."""
        return tuple(cls(code) for code in _PRIORITY)


_PRIORITY = "NQTICPMFR"
_DESCRIPTIONS = {
    "R": "Pertinence (traite le sujet)",
    "M": "Mesure concrète",
    "F": "Engagement ferme",
    "Q": "Objectif chiffré",
    "T": "Échéance",
    "I": "Suivi, indicateur",
    "C": "Coopération avec l'acheteur ou les usagers",
    "P": "Preuve (référence, certification, résultat)",
    "N": "Refus",
}


@functools.cache
def _builtin_axes() -> tuple[dict[str, str], dict[str, str]]:
    """Labels and titles of the built-in axes and of their aliases, from axes.yaml."""
    import yaml

    text = (
        resources.files("efc_scoring.evidence")
        .joinpath("lexicons", "axes.yaml")
        .read_text(encoding="utf-8")
    )
    # libyaml's loader when PyYAML has it: the pure-Python one takes ~0.2 s on this file
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    labels: dict[str, str] = {}
    titles: dict[str, str] = {}
    for axis_id, spec in data["axes"].items():
        label = str(spec.get("label", axis_id))
        title = str(spec.get("title", "")) or _capital(label)
        for name in (axis_id, *(str(a) for a in spec.get("aliases", []) or [])):
            labels.setdefault(name, label)
            titles.setdefault(name, title)
    return labels, titles


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def axis_labels() -> dict[str, str]:
    """French names of the built-in axes and their aliases, from the lexicon data (axes.yaml).

    Examples
    --------
    >>> axis_labels()["packaging"]
    'emballages'
    """
    return dict(_builtin_axes()[0])


def axis_label(axis: str, extra: Mapping[str, str] | None = None, *, title: bool = False) -> str:
    """The French name of an axis: a tender's own label first, then the built-in lexicon's.

    ``title=True`` gives the name of a heading (a plan's axis, a sheet): the
    lexicon's ``title`` when it has one, else the label with a capital. An
    unknown axis keeps its id, so that nothing is lost.

    Examples
    --------
    >>> axis_label("transport"), axis_label("transport", title=True)
    ('transport', 'Transport et livraisons')
    >>> axis_label("water", {"water": "eau"}, title=True), axis_label("local_sourcing")
    ('Eau', 'produits durables et de qualité (EGalim)')
    """
    own = (extra or {}).get(axis)
    if own:
        return _capital(own) if title else own
    labels, titles = _builtin_axes()
    if title:
        return titles.get(axis) or axis
    return labels.get(axis) or axis
