"""Which parts of an answer speak to the question's axis.

Every sentence gets a scope:

- ``heading``: a title; its words tell the subject of its section, it commits to nothing;
- ``profile``: the company presents itself (founding year, staff, turnover, seat,
  identifiers); it lends the axis no measure, number or date;
- ``off``: the sentence, or the section it stands in, deals with another subject
  (another axis, energy, social, safety, price...) and not with the axis;
- ``on``: it names the axis (a subject word, a measure, a word of the question);
- ``neutral``: none of these; it counts with the rest of the answer
  ("On commence dès le premier jour du marché.").

Only ``on`` and ``neutral`` sentences carry measures (M, F) and the elements Q, T,
I and C; proof (P) is a fact about the bidder wherever it is written. A heading's
subject reaches the sentences below it: « 3. Énergie » closes its section to the
packaging axis, « 4. Emballages » opens its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from efc_scoring.evidence._blocks import Block
from efc_scoring.evidence._semantic import SemanticWords

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from efc_scoring.evidence._clauses import Clause
    from efc_scoring.evidence._matcher import Matches
    from efc_scoring.evidence.lexicon import Lexicons

__all__ = ["CARRY", "Scopes", "question_terms", "question_words", "sentence_scopes"]

#: Scopes whose sentences carry measures and the elements Q, T, I, C.
CARRY = frozenset({"on", "neutral"})
_CONTENT_POS = {"NOUN", "PROPN", "ADJ"}
#: Headings from which an answer is a memoir, whose sections the word vectors may close.
_MEMOIR_HEADINGS = 2
#: Words meaning another subject that close a sentence the lexicon leaves neutral.
_OTHER_WORDS = 2


@dataclass(frozen=True)
class Scopes:
    """Scope of each sentence, the sentence of each clause, and the axis words found."""

    of_sentence: tuple[str, ...]
    sentences: tuple[tuple[int, int], ...]
    axis_sentences: frozenset[int]
    closed: tuple[tuple[int, int], ...] = ()  # character spans of headings on other subjects

    def of_clause(self, clause: Clause) -> str:
        return self.of_sentence[clause.sent] if clause.sent < len(self.of_sentence) else "neutral"

    def carries(self, clause: Clause) -> bool:
        return self.of_clause(clause) in CARRY


def question_terms(question: Doc | None, lex: Lexicons) -> frozenset[str]:
    """Content words of the question (folded lemmas and forms), less its generic words.

    They act as weak subject words of the axis: « D'où proviennent les végétaux
    (arbres, arbustes, vivaces) » makes « arbustes » a word of this question.
    """
    if question is None:
        return frozenset()
    generic = set(lex.cue("question_generic"))
    out: set[str] = set()
    for tok in question:
        if tok.pos_ not in _CONTENT_POS or len(tok.norm_) < 3 or not tok.is_alpha:
            continue
        if tok.norm_ in generic or tok.lemma_ in generic:
            continue
        out.update({tok.norm_, tok.lemma_})
    return frozenset(out)


def question_words(question: Doc | None) -> frozenset[str]:
    """Every word of the question, as folded forms and lemmas (verbs included)."""
    if question is None:
        return frozenset()
    return frozenset(w for t in question if t.is_alpha for w in (t.norm_, t.lemma_))


def _sentence_ranges(clauses: list[Clause]) -> list[tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    for c in clauses:
        a, b = out.get(c.sent, (c.start, c.end))
        out[c.sent] = (min(a, c.start), max(b, c.end))
    n = max(out, default=-1) + 1
    return [out.get(k, (0, 0)) for k in range(n)]


def _hits(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(a <= s < b for s, _e in spans)


def _in_name(doc: Doc, a: int, b: int) -> bool:
    """A lower-case word inside a proper name ("la Mission locale", "Maison régionale")."""
    if a < 2 or not doc[a].text[:1].islower():
        return False
    prev = doc[a - 1]
    return prev.text[:1].isupper() and prev.is_alpha and not doc[a - 2].is_sent_end


def _in(spans: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    return [(s, e) for s, e in spans if a <= s < b]


class _Evidence:
    """Lexicon evidence of a token range: the axis, other axes, other subjects."""

    def __init__(
        self, doc: Doc, m: Matches, lex: Lexicons, axis: str, qterms: frozenset[str]
    ) -> None:
        self.doc, self.m, self.lex, self.axis, self.qterms = doc, m, lex, axis, qterms
        self.cooperative = lex.axes[axis].cooperative
        self.staff = set(lex.cue("profile_staff"))
        own = (
            m.get(f"subject:{axis}", [])
            + m.get(f"measure:{axis}", [])
            + m.get(f"wsubject:{axis}", [])
            + m.get(f"gmeasure:{axis}", [])
        )
        self.own_tokens = {k for s, e in own for k in range(s, e)}
        self.strong = [
            sp
            for sp in m.get(f"subject:{axis}", []) + m.get(f"measure:{axis}", [])
            if not _in_name(doc, *sp)
        ]
        if self.cooperative:  # joint work named ("avec les élèves", "visite conjointe") is
            # the axis itself
            self.strong = self.strong + m.get("cooperation", []) + m.get("cooperation_partners", [])
        self.weak = m.get(f"wsubject:{axis}", [])
        self.others = [
            (s, e)
            for other in lex.axes
            if other != axis and not lex.axes[other].cooperative  # meetings serve every axis
            for s, e in m.get(f"subject:{other}", []) + m.get(f"measure:{other}", [])
            if not any(k in self.own_tokens for k in range(s, e))
        ]

        # the question's own words name the contract's object, never another subject
        # (« pour la maintenance de l'éclairage public »)
        self.topics = [
            (s, e)
            for s, e in m.get("topic_other", [])
            if not all(doc[k].norm_ in qterms or doc[k].lemma_ in qterms for k in range(s, e))
        ]
        self.other_measures = [
            (s, e)
            for other in lex.axes
            if other != axis and not lex.axes[other].cooperative
            for s, e in m.get(f"measure:{other}", [])
            if not any(k in self.own_tokens for k in range(s, e))
        ]

    def axis_strength(self, a: int, b: int) -> int:
        """2: a strong word of the axis; 1: a weak word or a word of the question; 0: none."""
        if _hits(self.strong, a, b):
            return 2
        if _hits(self.weak, a, b) or any(
            self.doc[k].norm_ in self.qterms or self.doc[k].lemma_ in self.qterms
            for k in range(a, b)
        ):
            return 1
        return 0

    def other_subject(self, a: int, b: int, *, heading: bool) -> bool:
        if _hits(self.topics, a, b):
            return True
        if heading and (
            _hits(self.m.get("topic_company", []), a, b)
            or _hits(self.m.get("topic_proof", []), a, b)
        ):
            return True
        if self.cooperative:
            return False
        # in a sentence, one word of another axis ("km") is not enough: a measure of it, or
        # two words; a heading is short, one word of another axis names its subject
        hits = [(s, e) for s, e in self.others if a <= s < b]
        return bool(_hits(self.other_measures, a, b)) or len(hits) >= (1 if heading else 2)

    def credentials_only(self, a: int, b: int) -> bool:
        """A heading about credentials whose axis words are all credentials
        (« Labels et certifications » on the EGalim axis: the bidder's labels, not products)."""
        titles = _in(self.m.get("topic_proof", []) + self.m.get("topic_company", []), a, b)
        inside = {k for s, e in titles for k in range(s, e)}
        return bool(titles) and all(s in inside for s, _e in _in(self.strong, a, b))

    def axis_count(self, a: int, b: int) -> int:
        return len(_in(self.strong, a, b))

    def other_count(self, a: int, b: int) -> int:
        topic = len(_in(self.topics, a, b))
        if self.cooperative:
            return topic
        return topic + len(_in(self.others, a, b))

    def profile(self, a: int, b: int) -> bool:
        if _hits(self.m.get("profile_cues", []), a, b):
            return True
        norms = [t.norm_ for t in self.doc[a:b]]
        return any(
            norms[k] in self.staff and self.doc[a + k - 1].like_num for k in range(1, len(norms))
        )


def sentence_scopes(
    doc: Doc,
    m: Matches,
    lex: Lexicons,
    axis: str,
    clauses: list[Clause],
    blocks: list[Block],
    block_of: list[int],
    qterms: frozenset[str] = frozenset(),
    semantic: SemanticWords | None = None,
) -> Scopes:
    """The scope of each sentence of ``doc`` (see the module docstring)."""
    ev = _Evidence(doc, m, lex, axis, qterms)
    sem_on = list(semantic.lean_axis) if semantic is not None else []
    sem_other = list(semantic.lean_other) if semantic is not None else []

    # by meaning alone, only the sections of a memoir laid out under headings are closed
    if sum(block.kind == "heading" for block in blocks) < _MEMOIR_HEADINGS:
        sem_other = []

    def means_other(a: int, b: int, need: int) -> bool:
        """Words leaning to another subject, at least ``need`` and twice as many as words
        leaning to the axis (``_semantic``)."""
        n_other = len(_in(sem_other, a, b))
        return n_other >= need and n_other >= 2 * len(_in(sem_on, a, b))

    # where the company's own workshop stands (« laboratoire de production à Rezé ») does
    # not turn its presentation into an offer: only the lexicon's measures do
    origin = set(m.get("origin_measures", []))
    lexicon_measures = [sp for sp in m.get(f"measure:{axis}", []) if sp not in origin]
    generic = m.get(f"gmeasure:{axis}", []) + lexicon_measures
    ranges = _sentence_ranges(clauses)
    heading_topic: dict[int, str] = {}
    for k, heading in enumerate(blocks):
        if heading.kind != "heading" or heading.style == "document":
            continue  # a memoir's title names the contract's object, no other subject
        span = doc.char_span(heading.start, heading.end, alignment_mode="expand")
        if span is None:
            continue
        a, b = span.start, span.end
        axis_named = ev.axis_strength(a, b) == 2 and not ev.credentials_only(a, b)
        other_named = ev.other_subject(a, b, heading=True)
        if axis_named and not other_named:
            # a heading naming a measure of the axis (« Part confiée à des entreprises du
            # territoire ») keeps its section on the axis whatever reason a sentence gives
            measure_named = _hits(lexicon_measures, a, b)
            heading_topic[k] = "axis_measure" if measure_named else "axis"
        elif other_named:
            heading_topic[k] = "off" if not axis_named else "mixed"
        elif not ev.axis_strength(a, b) and means_other(a, b, _OTHER_WORDS):
            heading_topic[k] = "off"  # « Accessibilité PMR »: the lexicon is silent
        # a heading naming both ("Sécurité et qualité", "Logistique et emballages") leaves
        # each sentence of its section to its own words

    def section_topic(k: int) -> str:
        seen = 0
        while k >= 0 and seen < 16:
            topic = heading_topic.get(k)
            if topic == "mixed":
                return "neutral"
            if topic is not None:
                return topic
            k = blocks[k].parent
            seen += 1
        return "neutral"

    scopes: list[str] = []
    axis_sentences: set[int] = set()
    for s_index, (a, b) in enumerate(ranges):
        if a >= b:
            scopes.append("neutral")
            continue
        bk = next((block_of[k] for k in range(a, b) if block_of[k] >= 0), -1)
        block = blocks[bk] if bk >= 0 else None
        strength = ev.axis_strength(a, b)
        if strength == 2:
            axis_sentences.add(s_index)
        if block is not None and block.is_heading:
            # a heading naming the axis and another subject says nothing of the axis
            scopes.append("off" if heading_topic.get(bk) in {"mixed", "off"} else "heading")
            continue
        if ev.profile(a, b) and not _hits(lexicon_measures, a, b):
            scopes.append("profile")
            continue
        topic = "neutral"
        if block is not None:
            topic = section_topic(block.parent if block.kind != "heading" else bk)
        if topic == "off":
            scopes.append("off")
        elif strength == 2:
            # more words of another subject than of the axis ("réserver 7 % des heures à des
            # personnes en parcours d'insertion, avec la Mission locale"): another subject
            outweighed = ev.other_count(a, b) > ev.axis_count(a, b)
            scopes.append("off" if outweighed else "on")
        elif (
            ev.other_subject(a, b, heading=False)
            and topic != "axis_measure"
            and not (
                strength
                and not ev.cooperative
                and _hits(generic, a, b)
                and ev.other_count(a, b) <= 1
            )
        ):
            # one word of another subject does not outweigh a measure of the axis done on
            # the question's object (« 80 % des bacs signalés réparés … pour une panne »)
            # a word of the question does not outweigh another subject; under a heading
            # naming the axis, another subject is a reason given (« pour des raisons de
            # sécurité, nous ne recourons pas à du matériel loué localement »)
            scopes.append("off")
        elif strength or topic in {"axis", "axis_measure"}:
            scopes.append("on")
        elif means_other(a, b, _OTHER_WORDS):
            scopes.append("off")  # the lexicon is silent; the words' meaning is another subject
        else:
            scopes.append("neutral")
    closed = tuple(
        (blocks[k].start, blocks[k].end)
        for k, topic in sorted(heading_topic.items())
        if topic == "off" and any(b.parent == k for b in blocks)
    )
    return Scopes(tuple(scopes), tuple(ranges), frozenset(axis_sentences), closed)
