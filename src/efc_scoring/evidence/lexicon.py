"""Lexicons of the evidence engine: the words of each axis and the shared cues.

The words live in versioned YAML files shipped inside the package
(``efc_scoring/evidence/lexicons/*.yaml``), in French. They are loaded once.
A tender adds an axis, or words to an existing axis, with
:class:`~efc_scoring.model.axis.AxisLexicon` objects, without touching code.

A measure written with a leading ``~`` (``~reprendre``) is generic: it counts
only when a subject word of the axis stands in the same sentence. A subject word
written with a leading ``~`` (``~livraison``) is weak: it does not make an
answer relevant alone, but it lets generic measures count.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import yaml

from efc_scoring.errors import EfcError, UnknownAxisError
from efc_scoring.evidence._nlp import fold
from efc_scoring.model.axis import AxisLexicon

__all__ = ["AxisWords", "Lexicons", "UnknownAxisError", "as_lexicons", "load_lexicons"]

_FILES = ("axes.yaml", "cues.yaml", "numbers.yaml", "topics.yaml")


@dataclass(frozen=True)
class AxisWords:
    """The words of one axis, ready to match.

    Examples
    --------
    >>> load_lexicons().axis("local_sourcing").id
    'egalim'
    """

    id: str
    label: str
    subject: tuple[str, ...]
    measures: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    cooperative: bool = False


@dataclass(frozen=True)
class Lexicons:
    """All the words the engine reads with: axes and shared cues.

    Use :func:`load_lexicons` for the built-in set and :meth:`with_axes` to add
    a tender's axes.

    Examples
    --------
    >>> lex = load_lexicons()
    >>> sorted(lex.axes)
    ['cooperation', 'egalim', 'packaging', 'transport', 'waste']
    >>> lex.axis("emballages").label
    'emballages'
    """

    version: str
    axes: Mapping[str, AxisWords]
    cues: Mapping[str, tuple[str, ...]]
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False, hash=False)

    @property
    def aliases(self) -> dict[str, str]:
        """Every accepted axis id or alias, mapped to its axis id."""
        out: dict[str, str] = {}
        for axis in self.axes.values():
            for alias in axis.aliases:
                out.setdefault(alias, axis.id)
        out.update({axis_id: axis_id for axis_id in self.axes})
        return out

    def resolve(self, axis: str) -> str:
        """Return the axis id for ``axis`` (an id or an alias).

        Raises
        ------
        UnknownAxisError
            When the axis is unknown; the message lists the known axes and how to add one.
        """
        key = str(axis).strip().lower()
        found = self.aliases.get(key)
        if found is None:
            known = ", ".join(sorted(self.axes))
            raise UnknownAxisError(
                f"axe de lecture inconnu {axis!r} ; axes connus : {known}. Pour ajouter un axe "
                "(ou des mots à un axe), le décrire sous `axes:` dans le fichier du marché, par "
                "exemple `axes: [{id: " + (key if key.isidentifier() else "eau") + ", label: ..., "
                "subject: [...], measures: [...]}]`, ou passer "
                "`lexicons=[AxisLexicon(...)]` à assess_answer."
            )
        return found

    def axis(self, axis: str) -> AxisWords:
        """The words of an axis, by id or alias."""
        return self.axes[self.resolve(axis)]

    def cue(self, name: str) -> tuple[str, ...]:
        """A list of shared cue words, accent-folded (``hedges``, ``proof``...)."""
        return self.cues.get(name, ())

    def with_axes(self, additions: Iterable[AxisLexicon | Mapping[str, Any]]) -> Lexicons:
        """Return new lexicons with a tender's axes added or extended.

        Examples
        --------
        >>> from efc_scoring.model.axis import AxisLexicon
        >>> lex = load_lexicons().with_axes(
        ...     [AxisLexicon(id="water", label="eau", subject=["eau"], measures=["mousseur"])]
        ... )
        >>> lex.axis("water").measures
        ('mousseur',)
        """
        axes = dict(self.axes)
        for item in additions:
            add = item if isinstance(item, AxisLexicon) else AxisLexicon.model_validate(item)
            target = self.aliases.get(add.id) or (add.id if add.id in axes else None)
            if target is not None and add.extends is None:
                old = axes[target]
                axes[target] = replace(
                    old,
                    label=add.label or old.label,
                    subject=_merge(old.subject, add.subject),
                    measures=_merge(old.measures, add.measures),
                    aliases=_merge(old.aliases, tuple(add.aliases)),
                    cooperative=old.cooperative or add.cooperative,
                )
                continue
            base = AxisWords(add.id, add.label or add.id, (), ())
            if add.extends is not None:
                parent = Lexicons(self.version, axes, self.cues).axis(add.extends)
                base = replace(parent, id=add.id, label=add.label or parent.label, aliases=())
            if not (base.subject or base.measures or add.subject or add.measures):
                raise UnknownAxisError(
                    f"axis {add.id!r} has no words: give `subject` and `measures` words, "
                    "or `extends:` an existing axis"
                )
            axes[add.id] = replace(
                base,
                subject=_merge(base.subject, add.subject),
                measures=_merge(base.measures, add.measures),
                aliases=tuple(add.aliases),
                cooperative=base.cooperative or add.cooperative,
            )
        return Lexicons(self.version, axes, self.cues)


def _merge(old: Iterable[str], new: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*old, *new]))


def _read(name: str) -> dict[str, Any]:
    text = (
        resources.files("efc_scoring.evidence")
        .joinpath("lexicons")
        .joinpath(name)
        .read_text("utf-8")
    )
    # libyaml's safe loader when PyYAML has it: the same data, about 40x faster (every
    # command reads the lexicons, even when all its answers come from the assessment cache)
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict) or "version" not in data:
        raise EfcError(f"lexicon file {name} has no `version:` key")
    return data


@functools.cache
def load_lexicons() -> Lexicons:
    """Load the built-in lexicons (once).

    Examples
    --------
    >>> load_lexicons().version
    '2026.1'
    >>> "a l'etude" in load_lexicons().cue("hedges")
    True
    """
    files = {name: _read(name) for name in _FILES}
    axes: dict[str, AxisWords] = {}
    for axis_id, spec in files["axes.yaml"]["axes"].items():
        axes[axis_id] = AxisWords(
            id=axis_id,
            label=str(spec.get("label", axis_id)),
            subject=tuple(str(w) for w in spec.get("subject", [])),
            measures=tuple(str(w) for w in spec.get("measures", [])),
            aliases=tuple(str(w) for w in spec.get("aliases", [])),
            cooperative=bool(spec.get("cooperative", False)),
        )
    cues: dict[str, tuple[str, ...]] = {}
    for name in ("cues.yaml", "numbers.yaml", "topics.yaml"):
        for key, value in files[name].items():
            if key in ("version", "language"):
                continue
            if isinstance(value, dict):
                for sub, words in value.items():
                    cues[f"{key}.{sub}"] = tuple(fold(str(w)) for w in words)
            else:
                cues[key] = tuple(fold(str(w)) for w in value)
    versions = {str(files[n]["version"]) for n in _FILES}
    return Lexicons(version="+".join(sorted(versions)), axes=axes, cues=cues)


def as_lexicons(lexicons: Lexicons | Iterable[AxisLexicon | Mapping[str, Any]] | None) -> Lexicons:
    """Built-in lexicons, or built-in plus a tender's axes, or ``lexicons`` itself.

    Examples
    --------
    >>> as_lexicons(None) is load_lexicons()
    True
    """
    if lexicons is None:
        return load_lexicons()
    if isinstance(lexicons, Lexicons):
        return lexicons
    additions = [
        item if isinstance(item, AxisLexicon) else AxisLexicon.model_validate(item)
        for item in lexicons
    ]
    if not additions:
        return load_lexicons()
    return _extended(tuple(a.model_dump_json() for a in additions))


@functools.lru_cache(maxsize=32)
def _extended(additions: tuple[str, ...]) -> Lexicons:
    """Built-in lexicons plus a tender's axes, cached so matchers compile once per tender."""
    return load_lexicons().with_axes(AxisLexicon.model_validate_json(a) for a in additions)
