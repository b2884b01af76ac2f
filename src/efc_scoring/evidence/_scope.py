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

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from efc_scoring.evidence._clauses import Clause
    from efc_scoring.evidence._matcher import Matches
    from efc_scoring.evidence.lexicon import Lexicons

__all__ = ["CARRY", "Scopes", "question_terms", "sentence_scopes"]

#: Scopes whose sentences carry measures and the elements Q, T, I, C.
CARRY = frozenset({"on", "neutral"})
_CONTENT_POS = {"NOUN", "PROPN", "ADJ"}


@dataclass(frozen=True)
class Scopes:
    """Scope of each sentence, the sentence of each clause, and the axis words found."""

    of_sentence: tuple[str, ...]
    sentences: tuple[tuple[int, int], ...]
    axis_sentences: frozenset[int]

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


def _sentence_ranges(clauses: list[Clause]) -> list[tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    for c in clauses:
        a, b = out.get(c.sent, (c.start, c.end))
        out[c.sent] = (min(a, c.start), max(b, c.end))
    n = max(out, default=-1) + 1
    return [out.get(k, (0, 0)) for k in range(n)]


def _hits(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(a <= s < b for s, _e in spans)


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
        self.strong = m.get(f"subject:{axis}", []) + m.get(f"measure:{axis}", [])
        if self.cooperative:  # joint work named ("avec les élèves") is the axis itself
            self.strong = self.strong + m.get("cooperation", [])
        self.weak = m.get(f"wsubject:{axis}", [])
        self.others = [
            (s, e)
            for other in lex.axes
            if other != axis and not lex.axes[other].cooperative  # meetings serve every axis
            for s, e in m.get(f"subject:{other}", []) + m.get(f"measure:{other}", [])
            if not any(k in self.own_tokens for k in range(s, e))
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
        if _hits(self.m.get("topic_other", []), a, b):
            return True
        if heading and (
            _hits(self.m.get("topic_company", []), a, b)
            or _hits(self.m.get("topic_proof", []), a, b)
        ):
            return True
        if self.cooperative:
            return False
        # one word of another axis ("km") is not enough: a measure of it, or two words
        hits = [(s, e) for s, e in self.others if a <= s < b]
        return bool(_hits(self.other_measures, a, b)) or len(hits) >= 2

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
) -> Scopes:
    """The scope of each sentence of ``doc`` (see the module docstring)."""
    ev = _Evidence(doc, m, lex, axis, qterms)
    ranges = _sentence_ranges(clauses)
    heading_topic: dict[int, str] = {}
    for k, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None:
            continue
        a, b = span.start, span.end
        if ev.axis_strength(a, b) == 2:
            heading_topic[k] = "axis"
        elif ev.other_subject(a, b, heading=True):
            heading_topic[k] = "off"

    def section_topic(k: int) -> str:
        seen = 0
        while k >= 0 and seen < 16:
            topic = heading_topic.get(k)
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
            scopes.append("heading")
            continue
        if ev.profile(a, b) and not _hits(m.get(f"measure:{axis}", []), a, b):
            scopes.append("profile")
            continue
        topic = "neutral"
        if block is not None:
            topic = section_topic(block.parent if block.kind != "heading" else bk)
        if topic == "off":
            scopes.append("off")
        elif strength == 2:
            scopes.append("on")
        elif ev.other_subject(a, b, heading=False):
            scopes.append("off")  # a word of the question does not outweigh another subject
        elif strength or topic == "axis":
            scopes.append("on")
        else:
            scopes.append("neutral")
    return Scopes(tuple(scopes), tuple(ranges), frozenset(axis_sentences))
