"""Assess answers through the assessment cache, and every answer of a tender at once.

``assess(tender)`` reads the tender's questions (``id, text, axis, criterion``),
offers (``id, bidder, lot, answers``) and tender-defined axes (``axes``); a
question an offer did not answer (no answer, or a blank one) gets no level and
the label « pas de réponse », never level 0.

:func:`assess_answers` and :func:`assess_answer` are the engine's
(:mod:`efc_scoring.evidence.assessment`) behind the assessment cache
(:mod:`efc_scoring.evidence.cache`): an answer already read with the same
axis, question, lexicons and engine is taken from disk, and spaCy is not even
imported when every answer is.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from efc_scoring.errors import NotFoundError
from efc_scoring.evidence import assessment as _reading
from efc_scoring.evidence import highlight as _html
from efc_scoring.evidence.assessment import AnswerAssessment, LexiconsLike, QuestionLike
from efc_scoring.evidence.features import CODES

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.evidence.cache import AssessmentCache, CacheLike
    from efc_scoring.evidence.lexicon import Lexicons

__all__ = [
    "AssessedAnswer",
    "Assessments",
    "assess",
    "assess_answer",
    "assess_answers",
    "assess_offer_answers",
]


def assess_answers(
    texts: Sequence[object],
    axes: str | Sequence[str | None] | None = None,
    questions: Sequence[QuestionLike | str | None] | None = None,
    *,
    lexicons: LexiconsLike = None,
    batch_size: int = 64,
    reference_date: date | str | None = None,
    cache: CacheLike = None,
) -> list[AnswerAssessment]:
    """Assess many answers at once; answers already read come from the assessment cache.

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
        Built-in lexicons by default; a :class:`~efc_scoring.evidence.Lexicons`, or
        tender axes (:class:`~efc_scoring.model.axis.AxisLexicon`) to add.
    batch_size
        Answers parsed together by spaCy (``nlp.pipe``).
    reference_date
        The tender's date (``Tender.award_date``): past and future are read
        relative to it (see :func:`efc_scoring.evidence.assessment.assess_answers`).
    cache
        The :class:`~efc_scoring.evidence.cache.AssessmentCache` to use, or a
        folder; ``False`` to read every answer again without storing anything.
        By default the one set by :func:`~efc_scoring.evidence.cache.use_cache`,
        else the user's cache folder (``EFC_SCORING_CACHE_DIR``; none when
        ``EFC_SCORING_NO_CACHE=1``).

    Returns
    -------
    list of AnswerAssessment
        One per answer, in order; the same as the engine gives without the cache.

    Raises
    ------
    UnknownAxisError
        When an axis is neither built in nor defined in ``lexicons``.

    Examples
    --------
    >>> texts = ["Voir mémoire technique.", "Nous pourrions reprendre les bidons."]
    >>> cached = assess_answers(texts, "packaging")
    >>> cached == assess_answers(texts, "packaging", cache=False), cached[0].level
    (True, 0)
    """
    from efc_scoring.evidence.cache import resolve_cache
    from efc_scoring.evidence.lexicon import as_lexicons

    store = resolve_cache(cache)
    texts = list(texts)
    n = len(texts)
    axis_list = [axes] * n if axes is None or isinstance(axes, str) else list(axes)
    qs = list(questions) if questions is not None else [None] * n
    if store is None or len(axis_list) != n or len(qs) != n:
        return _reading.assess_answers(
            texts,
            axes,
            questions,
            lexicons=lexicons,
            batch_size=batch_size,
            reference_date=reference_date,
        )
    lex = as_lexicons(lexicons)
    return _through_cache(
        texts,
        axis_list,
        qs,
        lexicons=lex,
        reference_date=reference_date,
        store=store,
        assess=lambda t, a, q: _reading.assess_answers(
            t, a, q, lexicons=lex, batch_size=batch_size, reference_date=reference_date
        ),
    )


def _warn(message: str) -> None:
    from efc_scoring.evidence.cache import CacheWarning

    warnings.warn(message, CacheWarning, stacklevel=4)


def _through_cache(
    texts: Sequence[object],
    axes: Sequence[str | None],
    questions: Sequence[QuestionLike | str | None],
    *,
    lexicons: Lexicons,
    reference_date: date | str | None,
    store: AssessmentCache,
    assess: Any,
) -> list[AnswerAssessment]:
    """Assess through ``store``: hits are read back, the rest assessed in one batch by ``assess``.

    ``assess(texts, axes, questions)`` is the engine's batch; an answer met
    twice (same key) is read once. Warns once per call about untrusted entries
    and about a cache that cannot be written.
    """
    from efc_scoring.evidence._cache_entry import InvalidEntry
    from efc_scoring.evidence._triage import clean
    from efc_scoring.evidence.cache import ENV_DIR
    from efc_scoring.evidence.fingerprint import answer_key, engine_fingerprint
    from efc_scoring.present import count

    fp = engine_fingerprint(lexicons)
    cleaned = [clean(t) for t in texts]
    keys = [
        answer_key(
            text,
            axis,
            question,
            lexicons=lexicons,
            reference_date=reference_date,
            fingerprint=fp,
        )
        for text, axis, question in zip(cleaned, axes, questions, strict=True)
    ]
    found: dict[str, AnswerAssessment] = {}
    missing: dict[str, int] = {}  # key -> index of its first answer
    rejected: list[str] = []
    for i, key in enumerate(keys):
        if key in found or key in missing:
            continue
        try:
            hit = store.get(key, cleaned[i], fp)
        except InvalidEntry as exc:
            rejected.append(f"{store.entry_path(key, fp)} : {exc}")
            hit = None
        if hit is None:
            missing[key] = i
        else:
            found[key] = hit
    if rejected:
        _warn(
            "cache des lectures : "
            + count(
                len(rejected),
                "entrée illisible ou modifiée ignorée",
                "entrées illisibles ou modifiées ignorées",
            )
            + " ; les réponses concernées sont relues ("
            + " ; ".join(rejected[:3])
            + (" ; …" if len(rejected) > 3 else "")
            + "). Pour vider le cache : efc-scoring cache clear."
        )
    if missing:
        order = list(missing.values())
        fresh = assess(
            [cleaned[i] for i in order], [axes[i] for i in order], [questions[i] for i in order]
        )
        failed: list[str] = []
        for (key, i), assessment in zip(missing.items(), fresh, strict=True):
            found[key] = assessment
            if assessment.text != cleaned[i]:
                continue  # the engine kept another text: an entry of offsets would not rebuild it
            try:
                store.put(key, assessment, fp)
            except (OSError, TypeError, ValueError) as exc:
                failed.append(str(exc))
        if failed:
            _warn(
                f"cache des lectures impossible à écrire dans {store.folder} ({failed[0]}) : "
                "les lectures ne sont pas conservées. Choisir un autre dossier avec "
                f"{ENV_DIR}, ou se passer du cache avec --no-cache."
            )
    return [found[key] for key in keys]


def assess_answer(
    text: object,
    axis: str | None = None,
    question: QuestionLike | str | None = None,
    *,
    lexicons: LexiconsLike = None,
    reference_date: date | str | None = None,
    cache: CacheLike = None,
) -> AnswerAssessment:
    """Assess one answer against an axis of the reading grid (through the assessment cache).

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
        The tender's date: past and future are relative to it.
    cache
        As in :func:`assess_answers`.

    Examples
    --------
    >>> a = assess_answer("Nous pourrions à terme électrifier 50 % de notre flotte.", "transport")
    >>> a == assess_answer("Nous pourrions à terme électrifier 50 % de notre flotte.", "transport",
    ...                    cache=False)
    True
    """
    return assess_answers(
        [text],
        [axis],
        [question],
        lexicons=lexicons,
        reference_date=reference_date,
        cache=cache,
    )[0]


@dataclass(frozen=True)
class AssessedAnswer:
    """One offer's answer to one question, with the engine's assessment."""

    offer: str
    bidder: str
    lot: str
    question: str
    criterion: str
    assessment: AnswerAssessment


@dataclass(frozen=True)
class Assessments:
    """The assessments of every answer of a tender, by ``(offer_id, question_id)``.

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> tender = S(
    ...     questions=[S(id="Q1", text="Emballages ?", axis="packaging", criterion="env")],
    ...     offers=[
    ...         S(id="O1", bidder="Alpha", lot="L1", answers={"Q1": "Nous reprenons les bidons."}),
    ...         S(id="O2", bidder="Beta", lot="L1", answers={}),
    ...     ],
    ...     axes=[],
    ... )
    >>> result = assess(tender)
    >>> result["O1", "Q1"].level, result["O2", "Q1"].level, result["O2", "Q1"].label
    (3, None, 'pas de réponse')
    >>> result.to_frame()[["offer", "level", "label"]]
      offer  level           label
    0    O1      3    Satisfaisant
    1    O2   <NA>  pas de réponse
    """

    rows: tuple[AssessedAnswer, ...]

    def __iter__(self) -> Iterator[AssessedAnswer]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, key: tuple[str, str]) -> AnswerAssessment:
        offer, question = key
        for row in self.rows:
            if row.offer == offer and row.question == question:
                return row.assessment
        raise NotFoundError(
            f"aucune réponse de l'offre {offer!r} à la question {question!r} n'a été lue"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per offer and question (tidy format).

        ``level`` is a nullable integer (empty where the engine proposes no level);
        ``proposal`` is the level as evaluators read it (« 3 (Satisfaisant) »,
        « à relire », with « proposition fragile, à lire attentivement » when
        ``fragile``). ``reading_level`` is the rule reading's level (the features by
        the rubric's table) beside the proposal of the learned layer.
        """
        import pandas as pd

        records = [
            {
                "offer": r.offer,
                "bidder": r.bidder,
                "lot": r.lot,
                "question": r.question,
                "axis": r.assessment.axis,
                "level": r.assessment.level,
                "label": r.assessment.label,
                "proposal": r.assessment.shown,
                "features": " ".join(c for c in CODES if c in r.assessment.features),
                "confidence": r.assessment.confidence,
                "fragile": r.assessment.fragile,
                "reading_level": r.assessment.reading_level,
                "justification": r.assessment.justification,
            }
            for r in self.rows
        ]
        columns = [
            "offer",
            "bidder",
            "lot",
            "question",
            "axis",
            "level",
            "label",
            "proposal",
            "features",
            "confidence",
            "fragile",
            "reading_level",
            "justification",
        ]
        # « level » is empty (not 0) where the engine proposes none: « à relire »
        frame = pd.DataFrame.from_records(records, columns=columns)
        return frame.astype({"level": "Int64", "reading_level": "Int64"})

    def _repr_html_(self) -> str:
        cards = [
            _html.card(
                f"{r.offer} ({r.bidder}, lot {r.lot}) — {r.question} : niveau {r.assessment.shown}",
                r.assessment.text,
                r.assessment.evidence,
                r.assessment.justification,
            )
            for r in self.rows
        ]
        return _html.legend() + "".join(cards)


def _no_answer(question: Any) -> AnswerAssessment:
    """The assessment of a question an offer does not answer: no level, « pas de réponse »."""
    from efc_scoring import present

    return AnswerAssessment(
        level=None,
        label=present.NO_ANSWER,
        features=frozenset(),
        evidence=(),
        confidence=1.0,
        justification=(
            "L'offre ne répond pas à cette question : pas de réponse, aucun niveau n'est "
            "proposé (une réponse absente n'est pas lue comme un niveau 0) ; la commission "
            "note l'offre sur ce critère."
        ),
        axis=getattr(question, "axis", None),
        text="",
        rule="no_answer",
    )


def assess_offer_answers(
    tender: Any,
    pairs: Sequence[tuple[Any, Any]],
    *,
    axes: Sequence[str | None] | None = None,
    cache: CacheLike = None,
) -> list[AnswerAssessment]:
    """The assessment of each ``(offer, question)`` pair, « pas de réponse » when unanswered.

    The one place where an offer's answers meet the engine: an answer the offer
    does not give (or a blank one) is not read as an empty text (level 0) but
    gets :func:`_no_answer`, no level and the label « pas de réponse », which
    grids, agenda, report, comparison and exports show. The others are read by
    :func:`assess_answers`, with the tender's axes and date. ``axes`` gives an
    axis per pair (default: each question's own).
    """
    texts = [str((getattr(o, "answers", {}) or {}).get(q.id, "") or "") for o, q in pairs]
    answered = [i for i, text in enumerate(texts) if text.strip()]
    read = assess_answers(
        [texts[i] for i in answered],
        None if axes is None else [axes[i] for i in answered],
        [pairs[i][1] for i in answered],
        lexicons=list(getattr(tender, "axes", ()) or ()) or None,
        reference_date=getattr(tender, "award_date", None),
        cache=cache,
    )
    found = dict(zip(answered, read, strict=True))
    return [found[i] if i in found else _no_answer(pairs[i][1]) for i in range(len(pairs))]


def assess(tender: Any, *, cache: CacheLike = None) -> Assessments:
    """Assess every answer of every offer of ``tender`` (through the assessment cache).

    Parameters
    ----------
    tender
        An object with ``questions`` (``id, text, axis, criterion``), ``offers``
        (``id, bidder, lot, answers: dict[question_id, text]``), ``axes`` (the
        tender's :class:`~efc_scoring.model.axis.AxisLexicon` list, may be empty) and
        optionally ``award_date``: past and future in the answers are read relative
        to it.
    cache
        As in :func:`assess_answers`: answers already read are not read again.

    Returns
    -------
    Assessments
        Frozen, iterable, indexed by ``(offer_id, question_id)``.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> found = assess(tender, cache=False)  # 5 offers x 3 open questions
    >>> len(found), sorted({row.question for row in found})
    (15, ['q_cooperation', 'q_emballages', 'q_transport'])
    >>> frame = found.to_frame()  # one row per answer, the proposal and its quotes
    >>> list(frame.columns[:7])
    ['offer', 'bidder', 'lot', 'question', 'axis', 'level', 'label']
    >>> all(row.assessment.justification for row in found)  # each proposal explained
    True
    """
    questions = list(getattr(tender, "questions", ()) or ())
    keys = [(offer, q) for offer in getattr(tender, "offers", ()) or () for q in questions]
    results = assess_offer_answers(tender, keys, cache=cache)
    rows = tuple(
        AssessedAnswer(
            offer=str(offer.id),
            bidder=str(getattr(offer, "bidder", "")),
            lot=str(getattr(offer, "lot", "")),
            question=str(q.id),
            criterion=str(getattr(q, "criterion", "")),
            assessment=result,
        )
        for (offer, q), result in zip(keys, results, strict=True)
    )
    return Assessments(rows)
