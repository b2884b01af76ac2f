"""What a reading depends on besides the answer: the engine's fingerprint and the key of an answer.

An assessment changes when the answer, its axis, the question, the lexicons or
the engine change. :func:`engine_fingerprint` names the engine and lexicon part:

- :data:`ENGINE_VERSION`, bumped by the engine developer when a change can alter
  an assessment;
- a digest of the engine's source: the evidence package's reading modules and
  every module of efc_scoring they import, transitively (the scale that names
  the levels, the presentation layer that words the justification...), so that
  an edit never serves a reading made by the code before it, even before the
  version is bumped; the learned layer's ``layer.json`` is part of it;
- the spaCy model's name (``efc_scoring.evidence._nlp.MODEL``) and installed
  version, and spaCy's version;
- the lexicons' version and a digest of their words, tender axes included
  (:func:`lexicon_digest`);
- the version of the cache's entry format.

:func:`answer_key` adds the answer, its axis, its question and the tender's date
(the reference against which the engine reads past and future). Both read package
metadata and source files only: spaCy is not imported. The assessment cache
(:mod:`efc_scoring.evidence.cache`) files its entries under these keys; other
batch runs (resumable corpus partitions) can name their results with them.

Examples
--------
>>> fp = engine_fingerprint()
>>> fp.engine_version == ENGINE_VERSION and fp.model.startswith("fr_core_news")
True
>>> key = answer_key("Nous reprenons les bidons.", "packaging", fingerprint=fp)
>>> key == answer_key("Nous reprenons les bidons.", "packaging"), len(key)
(True, 64)
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import metadata, resources
from typing import Any

from efc_scoring.evidence import _cache_entry as entry
from efc_scoring.evidence._version import ENGINE_VERSION
from efc_scoring.evidence.assessment import LexiconsLike, QuestionLike
from efc_scoring.evidence.lexicon import as_lexicons

__all__ = [
    "ENGINE_VERSION",
    "EngineFingerprint",
    "answer_key",
    "engine_fingerprint",
    "lexicon_digest",
]

#: Modules of the evidence package that take no part in reading an answer.
_NOT_READING = frozenset(
    {
        "batch.py",
        "cache.py",
        "_cache_entry.py",
        "fingerprint.py",
        "highlight.py",
        "metrics.py",
        "training.py",
    }
)
#: Data files of the evidence package that take part in reading an answer (the learned
#: layer's trees propose the level): part of the code digest like the modules.
_READING_DATA = ("layer.json",)
#: `from efc_scoring.x import names` (in parentheses over lines, or not), `import efc_scoring.x`.
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(efc_scoring(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)"
    r"|import[ \t]+(efc_scoring(?:\.\w+)*))",
    re.MULTILINE,
)
#: Modules never followed: those above, and the errors (they raise, they do not read).
_NOT_READING_MODULES = frozenset(
    {f"efc_scoring.evidence.{name[:-3]}" for name in _NOT_READING}
    | {"efc_scoring", "efc_scoring.errors", "efc_scoring.model._errors"}
)


@dataclass(frozen=True)
class EngineFingerprint:
    """Everything besides the answer that an assessment depends on.

    ``digest`` names the whole; ``engine_digest`` leaves the lexicons out (the
    cache keeps one folder per engine, whatever the tenders' axes).

    Examples
    --------
    >>> fp = engine_fingerprint()
    >>> fp.engine_version == ENGINE_VERSION, len(fp.digest)
    (True, 64)
    """

    engine_version: str
    code_digest: str
    model: str
    model_version: str
    spacy_version: str
    lexicon_version: str
    lexicon_digest: str
    format: int = entry.FORMAT

    def to_dict(self) -> dict[str, Any]:
        """The components, JSON-ready."""
        return dataclasses.asdict(self)

    @property
    def engine_digest(self) -> str:
        """Hex SHA-256 of the engine part (no lexicons)."""
        data = {k: v for k, v in self.to_dict().items() if not k.startswith("lexicon")}
        return entry.sha256(json.dumps(data, sort_keys=True))

    @property
    def digest(self) -> str:
        """Hex SHA-256 of every component."""
        return entry.sha256(json.dumps(self.to_dict(), sort_keys=True))


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _module_file(root: Any, module: str) -> Any:
    """The source file of ``module`` (``efc_scoring.a.b``) under the package ``root``, or None."""
    *folders, last = module.split(".")[1:] or [""]
    folder = root
    for part in folders:
        folder = folder.joinpath(part)
    if not last:
        return None  # the top-level package: its __init__ only lists exports
    init = folder.joinpath(last, "__init__.py")
    if init.is_file():
        return init
    leaf = folder.joinpath(last + ".py")
    return leaf if leaf.is_file() else None


def _reading_sources() -> dict[str, bytes]:
    """The source of every module an assessment depends on, by dotted name.

    The reading modules of the evidence package, and the efc_scoring modules they
    import, transitively; ``from package import name`` follows the submodule
    ``package.name`` when there is one, else the package itself.
    """
    root = resources.files("efc_scoring")
    evidence = root.joinpath("evidence")
    todo = [
        f"efc_scoring.evidence.{item.name[:-3]}"
        for item in evidence.iterdir()
        if item.name.endswith(".py") and item.name not in _NOT_READING | {"__init__.py"}
    ]
    found: dict[str, bytes] = {}
    while todo:
        module = todo.pop()
        if module in found or module in _NOT_READING_MODULES:
            continue
        path = _module_file(root, module)
        if path is None:
            continue
        found[module] = source = path.read_bytes()
        for package, names, imported in _IMPORT.findall(source.decode("utf-8")):
            if imported:
                todo.append(imported)
                continue
            for name in names.strip("() \n").split(","):
                name = name.split()[0] if name.split() else ""
                sub = f"{package}.{name}"
                todo.append(sub if name and _module_file(root, sub) is not None else package)
    for name in _READING_DATA:  # data the reading loads beside its code
        found[f"efc_scoring.evidence/{name}"] = evidence.joinpath(name).read_bytes()
    return found


@functools.cache
def _engine_part() -> tuple[str, str, str, str]:
    """(code digest, model, model version, spaCy version): fixed for a process."""
    from efc_scoring.evidence import _nlp

    digest = hashlib.sha256()
    for module, source in sorted(_reading_sources().items()):
        digest.update(module.encode() + b"\0" + source + b"\0")
    model = str(_nlp.MODEL)
    return digest.hexdigest(), model, _package_version(model), _package_version("spacy")


def _plain(value: Any) -> Any:
    """JSON-ready copy of lexicon data, order kept (it can decide between two axes)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return [[str(k), _plain(v)] for k, v in value.items()]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"lexicon data of type {type(value).__name__} has no digest")


def lexicon_digest(lexicons: LexiconsLike = None) -> str:
    """Hex SHA-256 of the words the engine reads with (built-in lexicons plus tender axes).

    Every field of :class:`~efc_scoring.evidence.Lexicons` but its compiled
    matchers is digested, in order.

    Examples
    --------
    >>> from efc_scoring.model.axis import AxisLexicon
    >>> water = AxisLexicon(id="water", label="eau", subject=["eau"], measures=["mousseur"])
    >>> lexicon_digest() == lexicon_digest([water])
    False
    """
    lex = as_lexicons(lexicons)
    found = lex._cache.get("cache_digest")
    if found is None:
        data = {
            f.name: _plain(getattr(lex, f.name))
            for f in dataclasses.fields(lex)
            if not f.name.startswith("_")
        }
        found = entry.sha256(json.dumps(data, ensure_ascii=False))
        lex._cache["cache_digest"] = found
    return str(found)


def engine_fingerprint(lexicons: LexiconsLike = None) -> EngineFingerprint:
    """The fingerprint of the engine that reads with ``lexicons`` (built-in by default).

    Reads installed package metadata and source files only: spaCy is not imported.
    """
    lex = as_lexicons(lexicons)
    code, model, model_version, spacy_version = _engine_part()
    return EngineFingerprint(
        engine_version=ENGINE_VERSION,
        code_digest=code,
        model=model,
        model_version=model_version,
        spacy_version=spacy_version,
        lexicon_version=lex.version,
        lexicon_digest=lexicon_digest(lex),
    )


def _question_text(question: QuestionLike | str | None) -> str:
    """The question's words as the engine reads them (no question reads as no words)."""
    if question is None or isinstance(question, str):
        return question or ""
    return str(getattr(question, "text", "") or "")


def _day(value: date | str | None) -> str | None:
    """The reference date in ISO form; a string that is not a date raises ValueError."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value)).isoformat()


def answer_key(
    text: object,
    axis: str | None = None,
    question: QuestionLike | str | None = None,
    *,
    lexicons: LexiconsLike = None,
    reference_date: date | str | None = None,
    fingerprint: EngineFingerprint | None = None,
) -> str:
    """The cache key of one answer: hex SHA-256 of what its reading depends on.

    That is the answer, its axis, the question's text, the reference date (the
    tender's date, against which past and future are read) and the engine's
    fingerprint with ``lexicons``. ``axis`` defaults to the question's, as in
    :func:`~efc_scoring.evidence.assess_answers`; an alias gives the key of its
    axis. ``question`` is a question object or its text.

    Raises
    ------
    UnknownAxisError
        When the axis is neither built in nor in ``lexicons``.
    ValueError
        When ``reference_date`` is a string that is not an ISO date.

    Examples
    --------
    >>> answer_key("Nous reprenons les bidons.", "emballages") == answer_key(
    ...     "Nous reprenons les bidons.", "packaging")
    True
    >>> answer_key("Nous reprenons les bidons.", "packaging") == answer_key(
    ...     "Nous reprenons les bidons !", "packaging")
    False
    >>> answer_key("Bilan en 2027.", "packaging", reference_date="2027-01-15") == answer_key(
    ...     "Bilan en 2027.", "packaging", reference_date=date(2027, 1, 15))
    True
    """
    from efc_scoring.evidence._triage import clean

    lex = as_lexicons(lexicons)
    fp = fingerprint or engine_fingerprint(lex)
    if axis is None and question is not None and not isinstance(question, str):
        axis = getattr(question, "axis", None)
    resolved = lex.resolve(axis) if axis is not None else None
    parts = [
        fp.digest,
        entry.sha256(clean(text)),
        resolved,
        _question_text(question),
        _day(reference_date),
    ]
    return entry.sha256(json.dumps(parts, ensure_ascii=False))
