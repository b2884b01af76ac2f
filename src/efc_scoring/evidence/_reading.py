"""The data of one reading: measures, features with their token spans, the context read in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from efc_scoring.evidence._blocks import Block
    from efc_scoring.evidence._clauses import Clause
    from efc_scoring.evidence._scope import Scopes

__all__ = ["Context", "Index", "Measure", "Reading"]


@dataclass(frozen=True)
class Measure:
    """A concrete measure: token span, status and clause index."""

    start: int
    end: int
    status: str  # "firm", "hedged", "negated", "past"
    clause: int


@dataclass(frozen=True)
class Context:
    """What the engine knows around an answer: its layout, its question, the tender's date.

    ``text`` is the answer as written (the parsed text may have lowered capitals);
    ``question_terms`` are the question's own content words
    (:func:`~efc_scoring.evidence._scope.question_terms`), ``question_words`` all its
    words (forms and lemmas, to tell an answer that only restates it); ``reference_date`` is the
    tender's date: dates before it are past, never time frames.
    """

    text: str | None = None
    question_terms: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()
    reference_date: object | None = None


@dataclass
class Reading:
    """Everything the engine found in one answer (token spans)."""

    axis: str
    relevant: bool = False
    measures: list[Measure] = field(default_factory=list)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    dropped: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    hedge_cues: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    other_axis: str | None = None
    blocks: list[Block] = field(default_factory=list)
    #: why measure words were not read as measures: reason -> token spans
    #: (``keywords``, ``attitude``, ``no_mechanism``, ``restated``, ``third_party``)
    notes: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    scopes: Scopes | None = None
    _seen: set[tuple[str, int, int]] = field(default_factory=set, repr=False)

    @property
    def firm_measure(self) -> bool:
        return any(m.status == "firm" for m in self.measures)

    @property
    def features(self) -> frozenset[str]:
        return frozenset(code for code, spans in self.spans.items() if spans)

    def add(self, code: str, start: int, end: int) -> None:
        if (code, start, end) not in self._seen:
            self._seen.add((code, start, end))
            self.spans.setdefault(code, []).append((start, end))

    def drop(self, code: str, start: int, end: int) -> None:
        self.dropped.setdefault(code, []).append((start, end))


class Index:
    """Matches bucketed by clause, so that each clause looks only at its own spans."""

    def __init__(self, clauses: list[Clause], n_tokens: int) -> None:
        self.of = [-1] * n_tokens
        for ci, clause in enumerate(clauses):
            for k in range(clause.start, clause.end):
                self.of[k] = ci

    def bucket(self, spans: list[tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
        out: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            ci = self.of[span[0]]
            if ci >= 0:
                out.setdefault(ci, []).append(span)
        return out
