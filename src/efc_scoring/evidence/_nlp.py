"""The French spaCy pipeline, loaded once and lazily, and accent folding.

Importing :mod:`efc_scoring.evidence` does not import spaCy: the model
``fr_core_news_md`` (its parser, and its word vectors for the semantic signal of
:mod:`efc_scoring.evidence._semantic`) is loaded on the first assessment and kept in
a module-level cache. Texts go through :func:`parse`, which batches them with
``nlp.pipe`` and writes accent-folded lowercase forms into ``token.norm_`` and
``token.lemma_`` so that lexicon phrases match answers typed without accents
("reunion de bilan").

Before parsing, :func:`prepare` rewrites lines typed in capitals in lower case
(same length, so character offsets do not move), and a first pipeline component
fixes sentence boundaries at line breaks: a heading, a list item or a table row
is never parsed as one sentence with the next line.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MAX_CHARS", "fold", "get_nlp", "norm_list", "parse", "prepare"]

MODEL = "fr_core_news_md"
#: Pipes the engine does not use (named entities); excluding them only saves time.
EXCLUDED_PIPES = ("ner",)
#: Longest text handed to spaCy; longer answers are read up to this length.
MAX_CHARS = 1_000_000

#: Control characters are replaced by spaces before parsing (same length, same offsets).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")

#: A sentence ends at one of these when the next token starts a word or a number.
_STOPS = {".", "!", "?", "…"}
#: A line numbered "1." or "A." or "IV." keeps its number with its title.
_NUMBERING = re.compile(r"^(?:\d{1,2}|[A-Za-z]|[IVXivx]{1,4})$")
_LINE_COMPONENT = "efc_lines"

_lock = threading.Lock()
_cache: dict[str, Any] = {}

_FOLD_TABLE = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"}
)


#: Texts up to this length are folded through a cache (words, lemmas, short phrases).
_FOLD_CACHED_UP_TO = 64


def fold(text: str) -> str:
    """Lowercase ``text`` and strip its accents.

    Words are cached: the engine folds every token's text and lemma, and a tender's
    answers share most of their words. Longer texts (whole answers, folded by the
    cues and the triage) are not, so that a corpus never fills memory with them.

    Examples
    --------
    >>> fold("Réunion de BILAN, cœur d’été")
    "reunion de bilan, coeur d'ete"
    """
    if len(text) <= _FOLD_CACHED_UP_TO:
        return _fold_word(text)
    return _fold(text)


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
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
                _register_lines()
                nlp.add_pipe(_LINE_COMPONENT, first=True)
                _cache["nlp"] = nlp
    return nlp


def _register_lines() -> None:
    from spacy.language import Language

    if not Language.has_factory(_LINE_COMPONENT):
        Language.component(_LINE_COMPONENT, func=_line_boundaries)


def _line_boundaries(doc: Doc) -> Doc:
    """Sentence starts fixed before the parser: at each line, and after a stop.

    A line break always starts a sentence (headings, list items and table rows are
    read alone); inside a line, a sentence starts only after ".", "!", "?" or "…"
    followed by a word or a number, except after the number of a heading ("4. ").
    """
    line_first = 0
    for i in range(1, len(doc)):
        tok, prev = doc[i], doc[i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = not tok.is_space
            line_first = i
            continue
        numbering = i - 1 == line_first + 1 and _NUMBERING.match(doc[line_first].text)
        tok.is_sent_start = bool(
            (prev.text[-1:] in _STOPS or (is_pictograph(prev.text) and tok.text[:1].isupper()))
            and prev.whitespace_
            and not numbering
            and (tok.text[:1].isalnum())
            and not tok.is_space
        )
    return doc


def is_pictograph(text: str) -> bool:
    """An emoji or a pictograph ("✅", "♻️", "🚗➡️🚲"): symbols only, no letter or digit.

    A run of them ends a sentence when a capital follows (« … sobriete 🚗➡️🚲 Nous nous
    engageons »), and separates the items of a keyword list.

    Examples
    --------
    >>> is_pictograph("♻️"), is_pictograph("🚗➡️🚲"), is_pictograph("%"), is_pictograph("m²")
    (True, True, False, False)
    """
    return (
        bool(text)
        and all(unicodedata.category(c) in {"So", "Sk", "Mn", "Cf"} for c in text)
        and any(unicodedata.category(c) == "So" for c in text)
    )


def prepare(text: str) -> str:
    r"""Text as parsed: control characters as spaces, shouted lines in lower case.

    The result has the same length as ``text`` (offsets stay valid). A line whose
    letters are mostly capitals is lowered, but for its first letter, so that the
    tagger reads it as prose ("PAS DE BIO SUR CE LOT" -> "Pas de bio sur ce lot").

    Examples
    --------
    >>> prepare("RETROFIT DES CAMIONS A TERME.\nLivraison à Paris.")
    'Retrofit des camions a terme.\nLivraison à Paris.'
    """
    text = _CONTROL.sub(" ", text)
    if not any(c.isupper() for c in text):
        return text
    lines = text.split("\n")
    for k, line in enumerate(lines):
        letters = [c for c in line if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if len(letters) >= 8 and upper >= 0.7 * len(letters):
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in line)
            first = next((j for j, c in enumerate(low) if c.isalpha()), None)
            if first is not None:
                low = low[:first] + line[first] + low[first + 1 :]
            lines[k] = low
    return "\n".join(lines)


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
    clipped = (prepare(t[:MAX_CHARS]) for t in texts)
    for doc in nlp.pipe(clipped, batch_size=batch_size):
        yield _annotate(doc)
