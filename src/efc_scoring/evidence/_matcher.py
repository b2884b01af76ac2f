"""Phrase matching of lexicon words on folded surface forms and on lemmas.

Two spaCy ``PhraseMatcher`` objects are compiled once per lexicon set: one on
``NORM`` (accent-folded lowercase text, with simple plural and feminine
variants of each phrase) and one on ``LEMMA`` (folded lemmas, so that a verb
written in the infinitive matches every conjugated form).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import fold, get_nlp
from efc_scoring.evidence.lexicon import Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CUE_LISTS", "Matches", "match"]

#: Shared cue lists matched as phrases (the others are read by code).
CUE_LISTS = (
    "hedges",
    "proof",
    "product_labels",
    "monitoring",
    "review_words",
    "cooperation",
    "training",
    "user_nouns",
    "target_words",
    "refusal_phrases",
    "time_phrases",
    "feedback_verbs",
    "feedback_nouns",
    "presentation_words",
    "periodic_markers",
    "periodic_reviews",
    "client_nouns",
    "format_words",
    "profile_cues",
    "topic_company",
    "topic_proof",
    "topic_other",
    "cooperation_partners",
    "cooperation_manner",
    "value_frames",
    "buzzwords",
    "preference_cues",
    "attitude_cues",
    "category_measures",
    "third_parties",
    "word_masks",
)
#: Labels whose matches inside a ``word_masks`` phrase are no words of an axis or a subject.
_MASKED = ("subject:", "wsubject:", "measure:", "gmeasure:", "category_measures", "topic_other")

#: Matches of one document: label -> list of (start_token, end_token).
Matches = dict[str, list[tuple[int, int]]]


def _variants(phrase: str) -> Iterator[str]:
    """Folded phrase, its hyphen variants, a plural, and feminine forms of words in -é."""
    words = [fold(w) for w in phrase.split()]
    base = " ".join(words)
    yield base
    if "-" in base:
        yield base.replace("-", " ")
        yield base.replace("-", "")
    plural = [
        (w[:-2] + "aux" if w.endswith("al") else w + ("x" if w.endswith(("au", "eu")) else "s"))
        if w.split("'")[-1].isalpha() and len(w.split("'")[-1]) > 2 and w[-1] not in "sxz"
        else w
        for w in words
    ]
    yield " ".join(plural)
    # hyphenated compounds: "éco-recharges", "vélos-cargos"
    if any("-" in w for w in words):
        yield " ".join(_plural_compound(w, last_only=True) for w in words)
        yield " ".join(_plural_compound(w, last_only=False) for w in words)
    for i, w in enumerate(phrase.split()):
        if w.endswith(("é", "É")):
            for suffix in ("e", "s", "es"):
                yield " ".join([*words[:i], words[i] + suffix, *words[i + 1 :]])


def _plural_compound(word: str, *, last_only: bool) -> str:
    """Plural of a hyphenated word: its last part, or every part ("velos-cargos")."""
    parts = word.split("-")
    if len(parts) < 2 or not all(p.isalpha() for p in parts):
        return word
    out = [
        p + ("s" if p[-1] not in "sxz" and len(p) > 2 else "")
        if (i == len(parts) - 1 or not last_only)
        else p
        for i, p in enumerate(parts)
    ]
    return "-".join(out)


def _compile(lex: Lexicons) -> tuple[object, object, dict[int, str]]:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    nlp = get_nlp()
    norm_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    lemma_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    entries: dict[str, list[str]] = defaultdict(list)
    for axis in lex.axes.values():
        for word in axis.subject:
            if word.startswith("~"):
                entries[f"wsubject:{axis.id}"].append(word[1:].strip())
            else:
                entries[f"subject:{axis.id}"].append(word)
        for word in axis.measures:
            if word.startswith("~"):
                entries[f"gmeasure:{axis.id}"].append(word[1:].strip())
            else:
                entries[f"measure:{axis.id}"].append(word)
    for name in CUE_LISTS:
        entries[name].extend(lex.cue(name))
    labels: dict[int, str] = {}
    for label, phrases in entries.items():
        key = nlp.vocab.strings.add(label)
        labels[key] = label
        norm_docs, lemma_docs, seen = [], [], set()
        for phrase in phrases:
            for variant in _variants(phrase):
                if variant in seen or not variant.strip():
                    continue
                seen.add(variant)
                doc = nlp.make_doc(variant)
                for token in doc:
                    token.norm_ = token.text
                norm_docs.append(doc)
                if "-" in variant and "'" not in variant:
                    # "pré-dosés" stays one token in a text, "pre-doses" is split once folded
                    whole = Doc(nlp.vocab, words=variant.split())
                    if len(whole) != len(doc):
                        for token in whole:
                            token.norm_ = token.text
                        norm_docs.append(whole)
            lemma_doc = nlp.make_doc(fold(phrase))
            for token in lemma_doc:
                token.lemma_ = token.text
            lemma_docs.append(lemma_doc)
        if norm_docs:
            norm_matcher.add(label, norm_docs)
        if lemma_docs:
            lemma_matcher.add(label, lemma_docs)
    return norm_matcher, lemma_matcher, labels


def match(doc: Doc, lex: Lexicons) -> Matches:
    """Find every lexicon phrase in ``doc``, grouped by label.

    Labels are ``subject:<axis>``, ``wsubject:<axis>`` (weak subject words),
    ``measure:<axis>``, ``gmeasure:<axis>`` (generic measures that need a subject
    word nearby) and the names in :data:`CUE_LISTS`.
    Overlapping matches of one label are reduced to the longest.

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> doc = next(parse(["Nous organiserons une reunion de bilan."]))
    >>> sorted(match(doc, load_lexicons()))  # doctest: +NORMALIZE_WHITESPACE
    ['gmeasure:cooperation', 'measure:cooperation', 'monitoring', 'periodic_reviews',
     'review_words']
    """
    compiled = lex._cache.get("matchers")
    if compiled is None:
        compiled = _compile(lex)
        lex._cache["matchers"] = compiled
    norm_matcher, lemma_matcher, labels = compiled
    found: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for matcher in (norm_matcher, lemma_matcher):
        for key, start, end in matcher(doc):  # type: ignore[operator]
            found[labels[key]].add((start, end))
    out: Matches = {}
    for label, spans in found.items():
        kept: list[tuple[int, int]] = []
        for start, end in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
            if kept and start < kept[-1][1]:
                continue
            kept.append((start, end))
        out[label] = kept
    masks = out.get("word_masks", [])
    if masks:  # « en fin de saison » tells when, not seasonal products
        for label, found_spans in out.items():
            if label.startswith(_MASKED):
                out[label] = [
                    (s, e) for s, e in found_spans if not any(a <= s and e <= b for a, b in masks)
                ]
    return out
