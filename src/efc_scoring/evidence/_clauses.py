"""Split an answer into clauses and tell, for each, whether it commits.

A clause is a piece of a sentence between strong boundaries: sentence ends,
line breaks (list items), semicolons, and contrastive or coordinating links
(", et", "mais", "en revanche"...). Each clause is marked as hedged
(conditional mood, hedge words, "si ..."), negated ("ne ... pas", "ni ... ni",
"aucun", "pas de"), past (a result already achieved) or firm. List items under
a heading ending with ":" inherit the heading's hedge or negation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from efc_scoring.evidence._conditions import STARTS, WHEN, buyer_able, buyer_option, condition
from efc_scoring.evidence._matcher import Matches
from efc_scoring.evidence._negation import NE, UNABLE, negation_spans
from efc_scoring.evidence._nlp import norm_list
from efc_scoring.evidence.lexicon import Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Clause", "split_clauses"]

_SPLIT_WORDS = {"mais", "cependant", "toutefois", "neanmoins", "puis"}
_SPLIT_PAIRS = {("en", "revanche"), ("par", "contre"), ("tandis", "que"), ("alors", "que")}
#: After a comma, a relative "ce qui" opens a statement of its own, often in another tense
#: ("les tournées sont optimisées, ce qui a permis de réduire de 15 % les kilomètres").
_AFTER_COMMA = {("ce", "qui"), ("ce", "qu'")}
_SUBJECTS = {
    "nous",
    "il",
    "ils",
    "elle",
    "elles",
    "on",
    "les",
    "le",
    "la",
    "l'",
    "nos",
    "notre",
    "un",
    "une",
    "des",
    "ce",
    "cette",
    "ces",
    "vos",
    "votre",
    "chaque",
}
_CND_SUFFIXES = ("rais", "rait", "rions", "riez", "raient")
_NOT_CND = {
    "frais",
    "marais",
    "engrais",
    "extrait",
    "retrait",
    "portrait",
    "attrait",
    "trait",
    "abstrait",
    "distrait",
    "desormais",
    "jamais",
    "mais",
    "vrai",
    "vrais",
}
_IMPERFECT = ("ait", "ais", "aient", "ions", "iez")
#: "prêts à étudier", "prête à reprendre": willingness, not a commitment ("prêt à l'emploi" is not)
_READY = {"pret", "prets", "prete", "pretes"}
_PARTICIPLE = re.compile(r"^[a-z]+(e|es|ee|ees|i|is|ie|ies|u|us|ue|ues|it|its|ert|erts|int|ints)$")


@dataclass
class Clause:
    """A clause: token range, sentence index and its commitment status."""

    start: int
    end: int
    sent: int
    heading: bool = False
    hedges: list[tuple[int, int]] = field(default_factory=list)
    negations: list[tuple[int, int]] = field(default_factory=list)
    negated_heads: list[int] = field(default_factory=list)
    past: bool = False
    already: bool = False
    third: bool = False  # a third party commits for itself: not the bidder's commitment

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)

    @property
    def negated(self) -> bool:
        return bool(self.negations)

    @property
    def firm(self) -> bool:
        """Neither hedged, negated, past, already done, nor a third party's own commitment."""
        return not (self.hedged or self.negated or self.past or self.already or self.third)


def _boundaries(doc: Doc) -> list[tuple[int, int, int]]:
    """(start, end, sentence) ranges split at sentences, lines, ';' and links."""
    out: list[tuple[int, int, int]] = []
    norms = norm_list(doc)
    for s_index, (sent_start, sent_end) in enumerate(_sentences(doc)):
        start = sent_start
        i = sent_start
        while i < sent_end:
            norm = norms[i]
            cut_before = False
            cut_after = False
            if "\n" in norm or norm in {";", "•"} or "\n" in doc[i].whitespace_:
                cut_after = True
            elif i > start and (
                norm in _SPLIT_WORDS
                or (i + 1 < sent_end and (norm, norms[i + 1]) in _SPLIT_PAIRS)
                or (
                    i + 1 < sent_end
                    and norms[i - 1] == ","
                    and (norm, norms[i + 1]) in _AFTER_COMMA
                )
            ):
                cut_before = True
            elif norm == "et" and i > start and i + 1 < sent_end:
                prev, nxt = norms[i - 1], norms[i + 1]
                if prev == "," or (nxt in {"nous", "il", "ils", "elle", "elles", "on"}):
                    cut_before = True
            if cut_before and i > start:
                out.append((start, i, s_index))
                start = i
            if cut_after:
                out.append((start, i + 1, s_index))
                start = i + 1
            i += 1
        if start < sent_end:
            out.append((start, sent_end, s_index))
    return [(a, b, s) for a, b, s in out if any(any(c.isalnum() for c in n) for n in norms[a:b])]


#: Abbreviations after which the parser may end a sentence that goes on.
_ABBREVIATIONS = frozenset(
    {
        "eq.",
        "env.",
        "cf.",
        "ex.",
        "approx.",
        "hab.",
        "max.",
        "min.",
        "mini.",
        "maxi.",
        "qte.",
        "tel.",
    }
)


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentences of the parser, rejoined where it cut inside a sentence.

    The small French model sometimes ends a sentence before its verb ("Atteindre
    50 % de produits EGalim | est envisageable à terme."): a sentence that does not
    end with a stop, a colon, a semicolon or a line break, followed by one that
    starts in lower case, is the same sentence.
    """
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        if out:
            last = doc[out[-1][1] - 1]
            first = doc[sent.start]
            ends = last.text[-1:] in {".", "!", "?", ":", ";", "…"} or "\n" in last.text_with_ws
            cut_at_abbreviation = last.norm_ in _ABBREVIATIONS or (
                last.text == "." and last.i > 0 and doc[last.i - 1].norm_ + "." in _ABBREVIATIONS
            )
            if cut_at_abbreviation and "\n" not in last.text_with_ws:
                out[-1] = (out[-1][0], sent.end)  # « 38 kg éq. CO2 », « env. 20 km »
                continue
            if not ends and first.text[:1].islower():
                out[-1] = (out[-1][0], sent.end)
                continue
        out.append((sent.start, sent.end))
    return out


def _is_conditional(tok: Token) -> bool:
    norm = tok.norm_
    if len(norm) < 5 or not norm.endswith(_CND_SUFFIXES) or norm in _NOT_CND or not norm.isalpha():
        return False
    return tok.pos_ in {"VERB", "AUX"} or "Cnd" in tok.morph.get("Mood", [])


_AVOIR_IMPERFECT = frozenset({"avais", "avait", "avions", "aviez", "avaient"})
_SUBJECT_PRONOUNS = frozenset(
    {"j'", "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles"}
)
_CLITICS = frozenset(
    {"y", "en", "l'", "les", "le", "la", "n'", "ne", "lui", "leur", "nous", "vous"}
)


def _after_subject(norms: list[str], a: int, k: int) -> bool:
    """Is token ``k`` preceded by a subject pronoun, clitics aside (« nous y avions »)?"""
    m = k - 1
    while m >= a and norms[m] in _CLITICS and norms[m] not in _SUBJECT_PRONOUNS:
        m -= 1
    return m >= a and norms[m] in _SUBJECT_PRONOUNS


def _unaccented_a(tok: Token) -> bool:
    """« a » typed for « à »: its nearest subject is none, or holds a preposition
    (« pas de retour a vide »)."""
    if tok.text.lower() != "a":
        return False
    subjects = [c for c in tok.head.children if c.dep_.startswith("nsubj") and c.i < tok.i]
    if not subjects:
        return True
    return any(g.dep_ == "case" for g in max(subjects, key=lambda c: c.i).children)


def _is_past(doc: Doc, a: int, b: int, lemmas: list[str], pos: list[str]) -> bool:
    norms = norm_list(doc)
    for k in range(a, b):
        if norms[k] in _AVOIR_IMPERFECT and _after_subject(norms, a, k):
            # « nous y avions généralisé »: a pluperfect the tagger may read as a noun
            nxt = next((m for m in range(k + 1, min(b, k + 4)) if pos[m] != "ADV"), b)
            if nxt < b and _PARTICIPLE.search(norms[nxt]):
                return True
        if pos[k] not in {"VERB", "AUX"}:
            continue
        if (
            lemmas[k] == "avoir"
            and pos[k] == "AUX"
            and "Fut" not in doc[k].morph.get("Tense", [])
            and not _unaccented_a(doc[k])
        ):
            for m in range(k + 1, min(b, k + 4)):
                if pos[m] in {"VERB", "AUX"} and _PARTICIPLE.search(norms[m]):
                    return True
                if pos[m] not in {"ADV", "PRON"}:
                    break
        if norms[k].endswith(_IMPERFECT):
            tok = doc[k]
            if (
                "Imp" in tok.morph.get("Tense", [])
                and "Fin" in tok.morph.get("VerbForm", [])
                and not _is_conditional(tok)
            ):
                return True
    return False


def split_clauses(doc: Doc, matches: Matches, lex: Lexicons) -> list[Clause]:
    """Clauses of ``doc`` with their hedges, negations and tense.

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence._matcher import match
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> lex = load_lexicons()
    >>> doc = next(parse(["Nous reprenons les bidons, et nous pourrions reprendre les fûts."]))
    >>> [(doc[c.start:c.end].text, c.firm) for c in split_clauses(doc, match(doc, lex), lex)]
    [('Nous reprenons les bidons,', True), ('et nous pourrions reprendre les fûts.', False)]
    """
    hedge_lemmas = set(lex.cue("hedge_lemmas"))
    neg_words = set(lex.cue("negation_words"))
    norms = norm_list(doc)
    lemmas = [t.lemma_ for t in doc]
    pos = [t.pos_ for t in doc]
    hedge_matches = matches.get("hedges", [])
    buyer = set(lex.cue("buyer_nouns"))
    wishes = set(lex.cue("wish_verbs"))
    clauses: list[Clause] = []
    for a, b, s in _boundaries(doc):
        clause = Clause(a, b, s)
        clause.hedges = [(x, y) for x, y in hedge_matches if a <= x < b]
        for k in range(a, b):
            norm = norms[k]
            if (
                (lemmas[k] in hedge_lemmas and norm != "puis" and not buyer_able(doc, k, buyer))
                or (norm.endswith(_CND_SUFFIXES) and _is_conditional(doc[k]))
                or (
                    norm in STARTS
                    and condition(doc, k, b)
                    and not buyer_option(doc, k, b, buyer, wishes)
                )
                or (norm in _READY and k + 2 < b and norms[k + 1] == "a" and pos[k + 2] == "VERB")
            ):
                clause.hedges.append((k, k + 1))
        if NE.intersection(norms[a:b]) or {"pas", *UNABLE}.intersection(norms[a:b]):
            clause.negations, clause.negated_heads = negation_spans(doc, a, b, neg_words)
        clause.past = _is_past(doc, a, b, lemmas, pos)
        clause.already = "deja" in norms[a:b]
        last = b - 1 if norms[b - 1].strip() else max(a, b - 2)
        clause.heading = norms[last] == ":"
        clauses.append(clause)
    _inherit(doc, clauses)
    return clauses


def _inherit(doc: Doc, clauses: list[Clause]) -> None:
    """Hedges of a sentence-initial "si" clause and of a heading reach what follows."""
    for prev, cur in pairwise(clauses):
        opener = norm_list(doc)[prev.start]
        if prev.sent == cur.sent and prev.hedged and opener in {"si", "s'", "des", *WHEN}:
            cur.hedges = cur.hedges or prev.hedges
    heading: Clause | None = None
    text = doc.text
    for clause in clauses:
        if clause.heading:
            heading = clause
            continue
        starts_item = (
            clause.start > 0 and "\n" in text[doc[clause.start - 1].idx : doc[clause.start].idx + 1]
        )
        if heading is not None and starts_item:
            if heading.hedged and not clause.hedged:
                clause.hedges = list(heading.hedges)
            if heading.negated and not clause.negated:
                clause.negations = list(heading.negations)
        elif heading is not None and not starts_item:
            heading = None
