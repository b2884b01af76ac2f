"""The French spaCy pipeline, loaded once and lazily, and accent folding.

Importing :mod:`efc_scoring.evidence` does not import spaCy: the model
``fr_core_news_sm`` is loaded on the first assessment and kept in a module-level
cache. Texts go through :func:`parse`, which batches them with ``nlp.pipe`` and
writes accent-folded lowercase forms into ``token.norm_`` and ``token.lemma_`` so
that lexicon phrases match answers typed without accents ("reunion de bilan").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MAX_CHARS", "fold", "get_nlp", "norm_list", "parse"]

MODEL = "fr_core_news_sm"
#: Pipes the engine does not use (named entities); excluding them only saves time.
EXCLUDED_PIPES = ("ner",)
#: Longest text handed to spaCy; longer answers are read up to this length.
MAX_CHARS = 1_000_000

#: Control characters are replaced by spaces before parsing (same length, same offsets).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")

_lock = threading.Lock()
_cache: dict[str, Any] = {}

_FOLD_TABLE = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"}
)


def fold(text: str) -> str:
    """Lowercase ``text`` and strip its accents.

    Examples
    --------
    >>> fold("Réunion de BILAN, cœur d’été")
    "reunion de bilan, coeur d'ete"
    """
    text = text.translate(_FOLD_TABLE).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def get_nlp() -> Language:
    """Return the shared French pipeline, loading it on first use.

    Examples
    --------
    >>> get_nlp().lang
    'fr'
    """
    nlp = _cache.get("nlp")
    if nlp is None:
        with _lock:
            nlp = _cache.get("nlp")
            if nlp is None:
                import spacy

                nlp = spacy.load(MODEL, exclude=list(EXCLUDED_PIPES))
                nlp.max_length = MAX_CHARS + 1
                _cache["nlp"] = nlp
    return nlp


def _annotate(doc: Doc) -> Doc:
    norms = []
    for token in doc:
        norm = fold(token.text)
        token.norm_ = norm
        token.lemma_ = fold(token.lemma_ or token.text)
        norms.append(norm)
    doc.user_data["efc_norms"] = norms
    return doc


def norm_list(doc: Doc) -> list[str]:
    """The folded forms of the tokens of ``doc``, as a list (cheaper than ``doc[i].norm_``)."""
    norms = doc.user_data.get("efc_norms")
    if norms is None or len(norms) != len(doc):
        norms = [t.norm_ for t in doc]
        doc.user_data["efc_norms"] = norms
    return norms


def parse(texts: Iterable[str], *, batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts with ``nlp.pipe`` and fold norms and lemmas.

    Texts longer than :data:`MAX_CHARS` are cut at that length; control
    characters are read as spaces (character offsets are unchanged).

    Examples
    --------
    >>> [t.norm_ for t in next(parse(["Réunion prévue"]))]
    ['reunion', 'prevue']
    """
    nlp = get_nlp()
    clipped = (_CONTROL.sub(" ", t[:MAX_CHARS]) for t in texts)
    for doc in nlp.pipe(clipped, batch_size=batch_size):
        yield _annotate(doc)
