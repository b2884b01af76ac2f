"""Assess free-text answers: proposed level, features, quoted evidence, justification.

The engine proposes; the evaluator decides. Every feature comes with the spans
of text behind it (``EvidenceSpan.text == answer[start:end]``), and the French
justification names the rule of the rubric that gives the level.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from efc_scoring import present
from efc_scoring.errors import ParameterError
from efc_scoring.evidence import highlight as _html
from efc_scoring.evidence._confidence import FRAGILE_BELOW, confidence
from efc_scoring.evidence._layer import AXES as LAYER_AXES
from efc_scoring.evidence._layer import inputs as layer_inputs
from efc_scoring.evidence._layer import load_layer, proposal
from efc_scoring.evidence._nlp import MAX_CHARS, parse
from efc_scoring.evidence._quotes import merge, quote_of
from efc_scoring.evidence._scope import question_terms, question_words
from efc_scoring.evidence._triage import clean, triage
from efc_scoring.evidence.features import CODES, Context, Reading, read_doc
from efc_scoring.evidence.justify import justify, kept_reading, second_reading
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
    level : int or None
        Proposed level, 0 to 5; ``None`` when the engine cannot read the answer (it
        is not written in French): the evaluator reads it and gives the level.
        Scoring never reads ``None`` as 0.
    label : str
        French label of the level (``DEFAULT_SCALE``), « à relire » without a level.
    features : frozenset of str
        Codes found among R M F Q T I C P N.
    evidence : tuple of EvidenceSpan
        The spans behind each code.
    confidence : float
        0 to 1; below ``FRAGILE_BELOW`` the proposal is marked fragile (see
        :attr:`fragile`).
    justification : str
        One French paragraph quoting the spans and naming the rule.
    axis : str or None
        The axis read against (``None`` if none could be inferred).
    text : str
        The answer.
    rule : str
        The rubric rule the features meet (``firm_e0``, ``hedged``...) or a special
        reading (``empty``, ``referral``, ``foreign``, ``no_axis``).
    reading_level : int or None
        The level the features give by the rubric's table (the rule reading). The
        proposed :attr:`level` is the learned layer's (:mod:`~efc_scoring.evidence._layer`),
        which weighs the whole answer; when the two differ, the justification says so
        and the proposal's confidence is usually low.
    reading_confidence : float or None
        The rule reading's own confidence in :attr:`reading_level`
        (:func:`~efc_scoring.evidence._confidence.confidence`), before the layer.

    Examples
    --------
    >>> a = assess_answer("Oui, nous reprenons les bidons vides.", "packaging")
    >>> a.level, a.label, sorted(a.features)
    (3, 'Satisfaisant', ['F', 'M', 'R'])
    >>> all(span.text == a.text[span.start:span.end] for span in a.evidence)
    True
    """

    level: int | None
    label: str
    features: frozenset[str]
    evidence: tuple[EvidenceSpan, ...]
    confidence: float
    justification: str
    axis: str | None
    text: str
    rule: str = field(default="", compare=False)
    reading_level: int | None = field(default=None, compare=False)
    reading_confidence: float | None = field(default=None, compare=False)

    @property
    def fragile(self) -> bool:
        """True when a level is proposed with a low confidence: read the answer closely.

        Examples
        --------
        >>> text = "Nous reprenons 100 % des bidons vides dès 2027, bilan chaque trimestre."
        >>> assess_answer(text, "packaging").fragile
        False
        """
        return self.level is not None and self.confidence < FRAGILE_BELOW

    @property
    def shown(self) -> str:
        """The proposal as evaluators read it: « 3 (Satisfaisant) », « à relire »...

        Examples
        --------
        >>> assess_answer("We take back every empty drum.", "packaging").shown
        'à relire'
        """
        return present.proposal(self.level, self.label, fragile=self.fragile)

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
            "fragile": self.fragile,
            "justification": self.justification,
            "axis": self.axis,
            "rule": self.rule,
            "reading_level": self.reading_level,
            "reading_confidence": self.reading_confidence,
            "text": self.text,
        }

    def _repr_html_(self) -> str:
        title = f"Niveau {self.shown} — axe {self.axis or '?'} — " + (
            " ".join(c for c in CODES if c in self.features) or "aucun élément"
        )
        return _html.card(title, self.text, self.evidence, self.justification) + _html.legend()


def _infer_axis(reading_by_axis: dict[str, Reading]) -> str | None:
    def score(r: Reading) -> tuple[int, int, int]:
        return (int(r.relevant), int(r.firm_measure), len(r.measures) + len(r.spans.get("R", [])))

    best = max(reading_by_axis, key=lambda a: score(reading_by_axis[a]), default=None)
    if best is None or not reading_by_axis[best].relevant:
        return None
    return best


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
    level: int | None
    features: frozenset[str]
    evidence: tuple[EvidenceSpan, ...]
    if special is not None:
        rule, note = special
        level, features, evidence = (None if rule == "foreign" else 0), frozenset(), ()
    elif axis is None:
        rule, note, level, features, evidence = "no_axis", "", 0, frozenset(), ()
    else:
        reading = read_doc(doc, axis, lex, context)
        codes = reading.features if reading.relevant else reading.features & {"N"}
        level, rule = decide_level(codes)
        features = frozenset(codes)
        merged = {code: merge(reading.spans.get(code, [])) for code in CODES if code in features}
        spans = []
        for code, token_spans in merged.items():
            for a, b in token_spans:
                start, end = doc[a:b].start_char, doc[a:b].end_char
                spans.append(EvidenceSpan(code, start, end, text[start:end]))
        evidence = tuple(sorted(spans, key=lambda s: (s.start, CODES.index(s.code), s.end)))
        note = ""
        if len(text) > MAX_CHARS:
            note = f"Seuls les {present.number(MAX_CHARS)} premiers caractères ont été lus."
    label_axis = lex.axes[axis].label if axis is not None and axis in lex.axes else (axis or "")
    quoted: dict[str, list[str]] = {}
    if reading is not None:
        quoted = {
            code: [
                quote_of(text, doc, reading, a, b) for a, b in merge(reading.spans.get(code, []))
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
        other_label = lex.axes[other].label if other is not None and other in lex.axes else None
        readings = {
            key: [quote_of(text, doc, reading, a, b) for a, b in merge(spans)]
            for key, spans in reading.notes.items()
        }
        if reading.scopes is not None and reading.scopes.closed:
            readings["other_subjects"] = [text[a:b] for a, b in reading.scopes.closed]
    else:
        hedges, dropped, other_label, readings = [], [], None, {}
    paragraph = justify(
        level,
        rule,
        quoted,
        axis_label=label_axis,
        hedges=hedges,
        dropped=dropped if level is not None and level <= 4 else [],
        other_axis=other_label,
        inferred=inferred and axis is not None,
        note=note,
        readings=readings,
    )
    value = confidence(text, rule, reading, inferred)
    return AnswerAssessment(
        level=level,
        label=present.TO_READ if level is None else DEFAULT_SCALE.label_of(level),
        features=features,
        evidence=evidence,
        confidence=value,
        justification=paragraph,
        axis=axis,
        text=text,
        rule=rule,
        reading_level=level,
        reading_confidence=value,
    )


#: Confidence taken off when the axis was inferred from the answer (the layer was
#: trained on answers read against their question's axis).
_INFERRED_PENALTY = 0.2


def _second_reading(
    assessment: AnswerAssessment, question: str, inferred: bool
) -> AnswerAssessment:
    """The learned layer's proposal over the rule reading (answers read on an axis).

    The confidence is the layer's (:func:`~efc_scoring.evidence._layer.proposal`): on
    the leave-one-round-out readings it puts the errors of two levels or more in
    its lowest third better than the rule reading's confidence or any blend of the
    two (docs/reading-grid.md); an inferred axis lowers it.
    """
    layer = load_layer()
    x = layer_inputs(
        assessment.text[:MAX_CHARS],
        question,
        assessment.axis,
        assessment.level,
        assessment.features,
    )
    verdict = layer.verdict(x)
    level, conf = proposal(layer, verdict, assessment.level)
    if inferred:
        conf = round(max(conf - _INFERRED_PENALTY, 0.0), 4)
    paragraph = assessment.justification
    if level != assessment.level and assessment.level is not None:
        paragraph = f"{paragraph} {second_reading(assessment.level, level, verdict.level)}"
    elif verdict.level != level and conf < FRAGILE_BELOW:
        # the rules' level kept, the layer leaning elsewhere: say why it is fragile
        paragraph = f"{paragraph} {kept_reading(level, verdict.level)}"
    return dataclasses.replace(
        assessment,
        level=level,
        label=DEFAULT_SCALE.label_of(level),
        confidence=conf,
        justification=paragraph,
    )


def assess_answers(
    texts: Sequence[object],
    axes: str | Sequence[str | None] | None = None,
    questions: Sequence[QuestionLike | str | None] | None = None,
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
        raise ParameterError(
            f"{n} réponses pour {len(axis_list)} axes et {len(qs)} questions : "
            "il faut autant d'axes et de questions que de réponses"
        )
    resolved: list[str | None] = []
    for ax, q in zip(axis_list, qs, strict=True):
        ax = ax if ax is not None else getattr(q, "axis", None)
        resolved.append(lex.resolve(ax) if ax is not None else None)
    terms, words = _question_terms(qs, lex, batch_size)
    day = _as_date(reference_date)
    out = []
    qtexts = [_question_text(q) for q in qs]
    for text, axis, doc, qterms, qwords, qtext in zip(
        answers,
        resolved,
        parse(answers, batch_size=batch_size),
        terms,
        words,
        qtexts,
        strict=True,
    ):
        inferred = False
        special = triage(text, lex)
        context = Context(
            text=text, question_terms=qterms, question_words=qwords, reference_date=day
        )
        if axis is None and special is None:
            axis = _infer_axis({a: read_doc(doc, a, lex, context) for a in lex.axes})
            inferred = True
        assessment = _build(text, doc, axis, lex, inferred, special, context)
        if special is None and axis in LAYER_AXES:
            # an axis a tender adds was never in the layer's training: the rules stand
            assessment = _second_reading(assessment, qtext, inferred)
        out.append(assessment)
    return out


def _question_text(question: object) -> str:
    if question is None:
        return ""
    if isinstance(question, str):
        return question
    return str(getattr(question, "text", "") or "")


def _question_terms(
    questions: Sequence[object], lex: Lexicons, batch_size: int
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The content words and all the words of each question, each question parsed once."""
    texts = [_question_text(q) for q in questions]
    distinct = sorted({t for t in texts if t.strip()})
    parsed = dict(zip(distinct, parse(distinct, batch_size=batch_size), strict=True))
    terms = {t: question_terms(doc, lex) for t, doc in parsed.items()}
    words = {t: question_words(doc) for t, doc in parsed.items()}
    empty: frozenset[str] = frozenset()
    return [terms.get(t, empty) for t in texts], [words.get(t, empty) for t in texts]


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
        or its text. Pass it: the rules set aside its restated words, and the learned
        layer reads how much of the answer repeats it (without it the layer is a little
        weaker; docs/reading-grid.md).
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
