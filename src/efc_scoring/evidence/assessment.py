"""Assess free-text answers: proposed level, features, quoted evidence, justification.

The engine proposes; the evaluator decides. Every feature comes with the spans
of text behind it (``EvidenceSpan.text == answer[start:end]``), and the French
justification names the rule of the rubric that gives the level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from efc_scoring import present
from efc_scoring.evidence import highlight as _html
from efc_scoring.evidence._nlp import MAX_CHARS, parse
from efc_scoring.evidence._scope import question_terms
from efc_scoring.evidence._triage import clean, triage
from efc_scoring.evidence.features import CODES, Context, Reading, read_doc
from efc_scoring.evidence.justify import justify
from efc_scoring.evidence.levels import decide_level
from efc_scoring.evidence.lexicon import Lexicons, as_lexicons
from efc_scoring.model.axis import AxisLexicon
from efc_scoring.model.scale import DEFAULT_SCALE

__all__ = ["AnswerAssessment", "EvidenceSpan", "assess_answer", "assess_answers"]

LexiconsLike = Lexicons | Iterable[AxisLexicon | Mapping[str, Any]] | None


class QuestionLike(Protocol):
    """What the engine reads of a question (the tender's ``OpenQuestion``)."""

    id: str
    text: str
    axis: str
    criterion: str


@dataclass(frozen=True)
class EvidenceSpan:
    """A span of the answer behind a feature code; ``text == answer[start:end]``.

    Examples
    --------
    >>> EvidenceSpan("Q", 0, 5, "100 %")
    EvidenceSpan(code='Q', start=0, end=5, text='100 %')
    """

    code: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AnswerAssessment:
    """The engine's reading of one answer: a proposed level the evaluator confirms or overrides.

    Attributes
    ----------
    level : int
        Proposed level, 0 to 5.
    label : str
        French label of the level (``DEFAULT_SCALE``).
    features : frozenset of str
        Codes found among R M F Q T I C P N.
    evidence : tuple of EvidenceSpan
        The spans behind each code.
    confidence : float
        0 to 1; lower on a hedge or negation boundary, on very short or very long
        answers, and when the axis was inferred.
    justification : str
        One French paragraph quoting the spans and naming the rule.
    axis : str or None
        The axis read against (``None`` if none could be inferred).
    text : str
        The answer.

    Examples
    --------
    >>> a = assess_answer("Oui, nous reprenons les bidons vides.", "packaging")
    >>> a.level, a.label, sorted(a.features)
    (3, 'Satisfaisant', ['F', 'M', 'R'])
    >>> all(span.text == a.text[span.start:span.end] for span in a.evidence)
    True
    """

    level: int
    label: str
    features: frozenset[str]
    evidence: tuple[EvidenceSpan, ...]
    confidence: float
    justification: str
    axis: str | None
    text: str
    rule: str = field(default="", compare=False)

    def spans(self, code: str) -> tuple[EvidenceSpan, ...]:
        """The evidence spans of one code."""
        return tuple(s for s in self.evidence if s.code == code)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Examples
        --------
        >>> assess_answer("", "packaging").to_dict()["label"]
        'Non traité'
        """
        return {
            "level": self.level,
            "label": self.label,
            "features": [c for c in CODES if c in self.features],
            "evidence": [
                {"code": s.code, "start": s.start, "end": s.end, "text": s.text}
                for s in self.evidence
            ],
            "confidence": self.confidence,
            "justification": self.justification,
            "axis": self.axis,
            "rule": self.rule,
            "text": self.text,
        }

    def _repr_html_(self) -> str:
        title = f"Niveau {self.level} ({self.label}) — axe {self.axis or '?'} — " + (
            " ".join(c for c in CODES if c in self.features) or "aucun élément"
        )
        return _html.card(title, self.text, self.evidence, self.justification) + _html.legend()


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of overlapping token spans."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _context(text: str, doc: Any, reading: Reading, a: int, b: int) -> str:
    """The words around a span, inside its clause, for quoting."""
    import bisect

    starts = [c.start for c in reading.clauses]
    k = bisect.bisect_right(starts, a) - 1
    clause = (
        reading.clauses[k]
        if k >= 0 and reading.clauses[k].start <= a < reading.clauses[k].end
        else None
    )
    lo, hi = (clause.start, clause.end) if clause else (0, len(doc))
    short = b - a <= 1
    qa, qb = (max(lo, a - 2), min(hi, b + 3)) if short else (a, min(hi, b + 2))
    while qa < a and (doc[qa].is_punct or doc[qa].is_space or doc[qa].pos_ in {"CCONJ"}):
        qa += 1
    while qb > b and (
        not any(ch.isalnum() for ch in doc[qb - 1].text)
        or doc[qb - 1].pos_ in {"ADP", "DET", "CCONJ"}
    ):
        qb -= 1
    span = doc[qa:qb]
    return str(text[span.start_char : span.end_char])  # the bidder's own text, capitals kept


def _infer_axis(reading_by_axis: dict[str, Reading]) -> str | None:
    def score(r: Reading) -> tuple[int, int, int]:
        return (int(r.relevant), int(r.firm_measure), len(r.measures) + len(r.spans.get("R", [])))

    best = max(reading_by_axis, key=lambda a: score(reading_by_axis[a]), default=None)
    if best is None or not reading_by_axis[best].relevant:
        return None
    return best


def _confidence(text: str, rule: str, reading: Reading | None, inferred: bool) -> float:
    if rule in {"empty", "referral"}:
        return 0.95
    if rule in {"foreign", "no_axis"}:
        return 0.4
    value = 0.9
    n_words = len(text.split())
    if n_words < 8:
        value -= 0.15
    if n_words > 800:
        value -= 0.15 if n_words <= 5000 else 0.3
    if inferred:
        value -= 0.2
    if reading is not None:
        boundary = rule in {"hedged", "refusal"} or (
            rule.startswith("firm") and (reading.hedge_cues or reading.spans.get("N"))
        )
        if boundary:
            value -= 0.15
        if rule in {"no_measure", "off_axis"} and len(reading.spans.get("R", [])) <= 1:
            value -= 0.1
    return round(min(0.99, max(0.05, value)), 2)


def _build(
    text: str,
    doc: Any,
    axis: str | None,
    lex: Lexicons,
    inferred: bool,
    special: tuple[str, str] | None,
    context: Context,
) -> AnswerAssessment:
    reading: Reading | None = None
    if special is not None:
        rule, note = special
        level, features, evidence = 0, frozenset(), ()
    elif axis is None:
        rule, note, level, features, evidence = "no_axis", "", 0, frozenset(), ()
    else:
        reading = read_doc(doc, axis, lex, context)
        codes = reading.features if reading.relevant else reading.features & {"N"}
        level, rule = decide_level(codes)
        features = frozenset(codes)
        merged = {code: _merge(reading.spans.get(code, [])) for code in CODES if code in features}
        spans = []
        for code, token_spans in merged.items():
            for a, b in token_spans:
                start, end = doc[a:b].start_char, doc[a:b].end_char
                spans.append(EvidenceSpan(code, start, end, text[start:end]))
        evidence = tuple(sorted(spans, key=lambda s: (s.start, CODES.index(s.code), s.end)))
        note = ""
        if len(text) > MAX_CHARS:
            note = f"Seuls les {present.number(MAX_CHARS)} premiers caractères ont été lus."
    label_axis = lex.axes[axis].label if axis in lex.axes else (axis or "")
    quoted: dict[str, list[str]] = {}
    if reading is not None:
        quoted = {
            code: [
                _context(text, doc, reading, a, b) for a, b in _merge(reading.spans.get(code, []))
            ]
            for code in features
        }
        hedges = [text[doc[a:b].start_char : doc[a:b].end_char] for a, b in reading.hedge_cues]
        dropped = [
            text[doc[a:b].start_char : doc[a:b].end_char]
            for code in ("Q", "T")
            for a, b in reading.dropped.get(code, [])
        ]
        other = reading.other_axis
        other_label = lex.axes[other].label if other in lex.axes else None
    else:
        hedges, dropped, other_label = [], [], None
    paragraph = justify(
        level,
        rule,
        quoted,
        axis_label=label_axis,
        hedges=hedges,
        dropped=dropped if level <= 4 else [],
        other_axis=other_label,
        inferred=inferred and axis is not None,
        note=note,
    )
    return AnswerAssessment(
        level=level,
        label=DEFAULT_SCALE.label_of(level),
        features=features,
        evidence=evidence,
        confidence=_confidence(text, rule, reading, inferred),
        justification=paragraph,
        axis=axis,
        text=text,
        rule=rule,
    )


def assess_answers(
    texts: Sequence[object],
    axes: str | Sequence[str | None] | None = None,
    questions: Sequence[QuestionLike | None] | None = None,
    *,
    lexicons: LexiconsLike = None,
    batch_size: int = 64,
    reference_date: date | str | None = None,
) -> list[AnswerAssessment]:
    """Assess many answers at once (parsed in batches with ``nlp.pipe``).

    Parameters
    ----------
    texts
        The answers (``None`` counts as an empty answer).
    axes
        One axis for all, or one per answer (``None`` to use the question's axis
        or to infer it from the text).
    questions
        Optional questions (objects with ``id``, ``text``, ``axis``, ``criterion``, or
        the question's text): the question's own words help tell whether an answer
        deals with the axis.
    lexicons
        Built-in lexicons by default; a :class:`Lexicons`, or tender axes
        (:class:`~efc_scoring.model.axis.AxisLexicon`) to add.
    reference_date
        The tender's date (its award or submission date, ``Tender.award_date``):
        past and future are read relative to it, never to today. A date written
        before it (« en 2024 ») is a past fact, not a time frame. ``None``: only the
        wording tells what is past.

    Raises
    ------
    UnknownAxisError
        When an axis is neither built in nor defined in ``lexicons``.

    Examples
    --------
    >>> texts = ["Voir mémoire technique.", "Nous pourrions reprendre les bidons."]
    >>> [a.level for a in assess_answers(texts, "packaging")]
    [0, 2]
    """
    lex = as_lexicons(lexicons)
    answers = [clean(t) for t in texts]
    n = len(answers)
    if axes is None or isinstance(axes, str):
        axis_list: list[str | None] = [axes] * n
    else:
        axis_list = list(axes)
    qs: list[Any] = list(questions) if questions is not None else [None] * n
    if len(axis_list) != n or len(qs) != n:
        raise ValueError(f"got {n} answers, {len(axis_list)} axes and {len(qs)} questions")
    resolved: list[str | None] = []
    for ax, q in zip(axis_list, qs, strict=True):
        ax = ax if ax is not None else getattr(q, "axis", None)
        resolved.append(lex.resolve(ax) if ax is not None else None)
    terms = _question_terms(qs, lex, batch_size)
    day = _as_date(reference_date)
    out = []
    for text, axis, doc, qterms in zip(
        answers, resolved, parse(answers, batch_size=batch_size), terms, strict=True
    ):
        inferred = False
        special = triage(text, lex)
        context = Context(text=text, question_terms=qterms, reference_date=day)
        if axis is None and special is None:
            axis = _infer_axis({a: read_doc(doc, a, lex, context) for a in lex.axes})
            inferred = True
        out.append(_build(text, doc, axis, lex, inferred, special, context))
    return out


def _question_text(question: object) -> str:
    if question is None:
        return ""
    if isinstance(question, str):
        return question
    return str(getattr(question, "text", "") or "")


def _question_terms(
    questions: Sequence[object], lex: Lexicons, batch_size: int
) -> list[frozenset[str]]:
    """The content words of each question, each distinct question parsed once."""
    texts = [_question_text(q) for q in questions]
    distinct = sorted({t for t in texts if t.strip()})
    parsed = dict(zip(distinct, parse(distinct, batch_size=batch_size), strict=True))
    found = {t: question_terms(doc, lex) for t, doc in parsed.items()}
    return [found.get(t, frozenset()) for t in texts]


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def assess_answer(
    text: object,
    axis: str | None = None,
    question: QuestionLike | str | None = None,
    *,
    lexicons: LexiconsLike = None,
    reference_date: date | str | None = None,
) -> AnswerAssessment:
    """Assess one answer against an axis of the reading grid.

    Parameters
    ----------
    text
        The bidder's answer, in French.
    axis
        A rubric axis id (``packaging``, ``transport``, ``waste``, ``egalim`` or
        ``local_sourcing``, ``cooperation``) or one the tender defines. If
        ``None``, ``question.axis``; if both are ``None``, the most likely axis is
        inferred from the text (and the justification says so).
    question
        The open question (any object with ``id``, ``text``, ``axis``, ``criterion``),
        or its text.
    lexicons
        Built-in lexicons by default, or tender axes to add.
    reference_date
        The tender's date: past and future are relative to it (see :func:`assess_answers`).

    Examples
    --------
    >>> a = assess_answer("Nous pourrions à terme électrifier 50 % de notre flotte.", "transport")
    >>> a.level, a.label
    (2, 'Passable')
    >>> inferred = assess_answer("Nous reprenons 100 % des bidons vides.")
    >>> inferred.axis, inferred.justification.startswith("Axe déduit")
    ('packaging', True)
    """
    return assess_answers(
        [text], [axis], [question], lexicons=lexicons, reference_date=reference_date
    )[0]
