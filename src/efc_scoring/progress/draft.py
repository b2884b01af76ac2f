"""Draft a progress plan from the winning offer's commitments.

The evidence engine reads each answer of the offer against its question's axis
and marks its spans: concrete measures (M), firmness (F), quantified targets
(Q), time frames (T). The draft turns:

- every quantified target (Q) of a firm sentence into a **quantitative
  indicator**: the number and its unit are the target (« de trois à deux
  livraisons par semaine » also gives the baseline), the sentence's time frame
  (T) the deadline (the end of the contract when there is none);
- every other firm measure into a **qualitative indicator** on the milestone
  scale « non engagé / en cours / atteint »;
- every hedged measure (M without F: « nous pourrions », « à l'étude ») into a
  **candidate** axis to discuss at the first review, never a target.

Each indicator and candidate quotes the sentence it came from, with its offsets
in the answer. The draft is a proposal: buyer and supplier fix the baselines,
the labels and the clauses when they set the plan up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from efc_scoring import present
from efc_scoring.model.criteria import Direction
from efc_scoring.model.tender import Tender
from efc_scoring.present import axis_label
from efc_scoring.progress._dates import add_months
from efc_scoring.progress._quantities import (
    Quantity,
    Sentence,
    find_quantities,
    fold,
    parse_deadline,
    split_sentences,
)
from efc_scoring.progress.plan import ProgressError, ProgressPlan

__all__ = ["draft_progress_plan"]

_RESULT = re.compile(
    r"\b(nous nous engageons|nous garantissons|garantit|garantie|engagements?|objectif)\b"
)
_ZERO_BASE = ("evite", "economise", "en moins", "supplementaire", "de plus")


def _read_offer(tender: Tender, the_offer: Any, cache: Any) -> dict[str, Any]:
    """The engine's reading of each answered question of the offer, by question id.

    Read as the grids read it: with the tender's own axes, its date (past and future
    are relative to it) and through the assessment cache.
    """
    try:
        from efc_scoring.evidence.batch import assess_offer_answers
    except ImportError as exc:
        raise ProgressError(
            "le moteur de lecture des réponses (efc_scoring.evidence) est indisponible : "
            "c'est lui qui lit les engagements de l'offre dont part le projet"
        ) from exc
    pairs = [(the_offer, q) for q in tender.questions]
    found = assess_offer_answers(tender, pairs, cache=cache)
    return {q.id: a for (_o, q), a in zip(pairs, found, strict=True)}


def _spans(assessment: Any, answer: str) -> list[tuple[str, int, int]]:
    out = []
    for span in getattr(assessment, "evidence", ()):
        start, end = int(span.start), int(span.end)
        if answer[start:end] != span.text:  # offsets of another text: find the quote
            found = answer.find(span.text)
            if found < 0:
                continue
            start, end = found, found + len(span.text)
        out.append((str(span.code), start, end))
    return out


def _quote(offer: str, question: str, s: Sentence) -> dict[str, Any]:
    return {"offer": offer, "question": question, "start": s.start, "end": s.end, "text": s.text}


#: Units that name no measure: a label is never « Fois » or « Mois » alone.
_BARE_UNITS = {
    "fois", "mois", "an", "ans", "annee", "annees", "semaine", "semaines", "jour", "jours",
    "trimestre", "semestre", "heure", "heures", "h", "x", "passage", "passages",
}  # fmt: skip


#: Words before which the object of a share ends: what follows says how, when or what for
#: (« des poches et bidons vides | lors de la tournée suivante »).
_CUT_BEFORE = {
    "des", "dans", "grace", "avec", "a", "au", "sous", "d'ici", "lors", "pour", "afin",
    "chaque", "avant", "apres", "lorsque", "quand",
}  # fmt: skip
#: Words a cut label never ends on (« … lors de la »).
_DANGLING = {
    "de", "d'", "du", "des", "la", "le", "les", "l'", "un", "une", "et", "ou", "a", "au",
    "aux", "en", "par", "pour", "sur", "dans", "avec", "lors", "leur", "leurs", "nos", "notre",
    "vos", "votre", "ses", "son", "sa", "ce", "cet", "cette", "ces", "qui", "que", "dont",
}  # fmt: skip


def _untailed(words: list[str]) -> list[str]:
    """``words`` without the function words left dangling at their end by a cut."""
    while len(words) > 2 and fold(words[-1]).strip(",;:") in _DANGLING:
        words = words[:-1]
    return words


def _label(sentence: str, q: Quantity, rel_end: int, axis_title: str, measure: str = "") -> str:
    head_unit = q.unit.split("/")[0]
    if fold(head_unit).strip() in _BARE_UNITS or head_unit.strip().isdigit():
        # « deux fois par mois »: the measure names the indicator (« Livraisons groupées
        # par mois »), the unit alone never does
        name = " ".join((measure or sentence).split()[:8]).strip(" ,;:.-")
        name = name[:1].upper() + name[1:]
        per = q.unit.split("/")[1] if "/" in q.unit else ""
        return f"{name} par {per}" if per else f"{name} ({head_unit})"
    rest = sentence[rel_end:]
    if q.whole is not None:  # « deux des six porteurs frigorifiques roulent au bioGNV »
        words = re.match(r"[^,;:.()]*", rest).group().split()[:8]  # type: ignore[union-attr]
        return f"{' '.join([q.unit.capitalize(), *words])} (sur {q.whole})"
    m = re.match(r"\s+((?:de|d'|des)\s[^,;:.()]{3,80})", rest)
    origin = re.match(
        r"\s+(?:issus|issues|issu|issue|provenant|en provenance)\s+"
        r"((?:de|d'|du|des)\s?[^,;:.()]{3,80})",
        rest,
    )
    phrase = ""
    if origin and q.unit == "%":  # « dont 32 % issus de l'agriculture biologique »
        phrase = "issue " + " ".join(origin.group(1).split()[:8])
    elif m:
        words = m.group(1).split()
        cut = next(
            (i for i, w in enumerate(words) if fold(w) in _CUT_BEFORE and i > 1),
            len(words),
        )
        phrase = " ".join(_untailed(words[: min(cut, 8)]))
    if q.unit == "%":
        head = "Réduction" if q.reduction else "Part"
        return f"{head} {phrase}".strip() if phrase else f"{axis_title} : {head.lower()} visée (%)"
    return f"{q.unit.split('/')[0].capitalize()} {phrase}".strip() + (
        f" par {q.unit.split('/')[1]}" if "/" in q.unit else ""
    )


def _bare_heading(text: str) -> bool:
    """A line that only announces what follows: « Objectif : », « Nos engagements : »."""
    words = re.findall(r"[^\W\d_]+", fold(text))
    return text.rstrip().endswith(":") and len(words) <= 3 and not re.search(r"\d", text)


def _past_fact(text: str, start: date) -> bool:
    """« depuis 2023 », « en 2025 » before the contract: a past result, never a target."""
    folded = fold(text)
    if re.search(r"\bdepuis\s+(19|20)\d\d\b", folded):
        return True
    return any(
        int(y) < start.year for y in re.findall(r"\b(?:en|au|fin)\s+((?:19|20)\d\d)\b", folded)
    )


def _clamp(day: date | None, start: date, end: date, notes: list[str]) -> date:
    if day is None:
        notes.append(f"Pas d'échéance dans l'offre : fin du marché ({present.long_date(end)}).")
        return end
    if day < start:
        notes.append(
            f"Échéance de l'offre ({present.long_date(day)}) antérieure au démarrage : "
            f"ramenée au {present.long_date(start)}."
        )
        return start
    if day > end:
        notes.append(
            f"Échéance de l'offre ({present.long_date(day)}) au-delà du marché : ramenée au "
            f"{present.long_date(end)}."
        )
        return end
    return day


def draft_progress_plan(
    tender: Tender,
    offer: str,
    *,
    start: date | str,
    months: int,
    review_every: int = 6,
    assessor: Callable[..., Any] | None = None,
    cache: Any = None,
) -> ProgressPlan:
    """Draft the progress plan of ``offer`` from the commitments of its answers.

    Parameters
    ----------
    tender : Tender
        The tender, with its open questions (each on an axis) and its offers.
    offer : str
        Id of the winning offer of the lot.
    start, months : date, int
        The contract's start and duration in months: relative deadlines
        (« à mi-parcours », « sous six mois ») are computed from them.
    assessor : callable, optional
        ``assessor(text, axis=..., question=...)`` returning an assessment with
        ``evidence`` spans (``code``, ``start``, ``end``, ``text``); by default the
        evidence engine reads the offer with the tender's own axes and date, through
        the assessment cache (:func:`efc_scoring.evidence.batch.assess_offer_answers`).
    cache : AssessmentCache, False or None
        The assessment cache of the default reading (None: the one in use, False: none).

    Returns
    -------
    ProgressPlan
        One axis per question axis, the proposed indicators each citing its
        sentence, the hedged proposals as ``candidates``; no review yet.

    Raises
    ------
    ProgressError
        When the evidence engine is not available, or the offer has no answers.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("bof-lycees"))
    >>> plan = draft_progress_plan(tender, "L1-A", start="2027-01-04", months=24, cache=False)
    >>> [axis.id for axis in plan.axes]
    ['egalim', 'waste', 'transport', 'cooperation']
    >>> first = next(a for a in plan.axes if a.id == "transport").indicators[0]
    >>> first.label, first.baseline, first.target, first.direction.value
    ('Livraisons par semaine', Decimal('3'), Decimal('2'), 'lower_is_better')
    >>> first.deadline  # « dès la rentrée 2027 »
    datetime.date(2027, 9, 1)
    >>> first.source.text[:42]
    'Dès la rentrée 2027, nous passerons de tro'
    """
    the_offer = tender.offer(offer)
    start_day = date.fromisoformat(start) if isinstance(start, str) else start
    end = add_months(start_day, months)
    if not any(text.strip() for text in the_offer.answers.values()):
        raise ProgressError(
            f"l'offre {offer!r} ne répond à aucune question ouverte : rien à reprendre dans un "
            "plan de progrès"
        )
    labels = {a.id: a.label for a in tender.axes if a.label}
    read = _read_offer(tender, the_offer, cache) if assessor is None else {}
    axes: dict[str, list[dict[str, Any]]] = {}
    candidates: list[dict[str, Any]] = []
    for question in tender.questions:
        answer = the_offer.answers.get(question.id, "")
        if not answer.strip():
            continue
        axis = question.axis
        title = axis_label(axis, labels, title=True)
        assessment = (
            read[question.id]
            if assessor is None
            else assessor(answer, axis=axis, question=question.text)
        )
        spans = _spans(assessment, answer)
        indicators = axes.setdefault(axis, [])
        for sentence in split_sentences(answer):
            inside = [(c, a, b) for c, a, b in spans if a < sentence.end and b > sentence.start]
            codes = {c for c, _, _ in inside}
            firm = "F" in codes or "Q" in codes
            if not firm:
                if "M" in codes:
                    candidates.append(
                        {
                            "axis": axis,
                            "source": _quote(the_offer.id, question.id, sentence),
                            "reason": "Proposition non ferme (conditionnelle ou à l'étude) : "
                            "axe à discuter au premier bilan, pas un objectif.",
                        }
                    )
                continue
            if _bare_heading(sentence.text):
                continue  # « Objectif : », « Nos engagements : »: a heading, not an indicator
            notes: list[str] = []
            deadline = None
            for code, a, b in inside:
                if code == "T" and deadline is None:
                    found = parse_deadline(answer[a:b], start_day, months)
                    deadline = found[0] if found else None
            if deadline is None and "T" in codes:
                found = parse_deadline(sentence.text, start_day, months)
                deadline = found[0] if found else None
            if _past_fact(sentence.text, start_day):
                continue  # a result already achieved is proof, not a commitment
            result = bool(_RESULT.search(fold(sentence.text)))
            targets = [
                q
                for q in find_quantities(sentence.text)
                if any(
                    c == "Q" and a < sentence.start + q.end and b > sentence.start + q.start
                    for c, a, b in inside
                )
            ]
            measure = next((answer[a:b] for c, a, b in inside if c == "M"), "")
            for q in targets:
                qnotes = list(notes)
                day: date | None = _clamp(deadline, start_day, end, qnotes)
                baseline = q.baseline
                if baseline is None and (q.reduction or any(z in fold(q.unit) for z in _ZERO_BASE)):
                    baseline = Decimal(0)
                if baseline is None:
                    qnotes.append("Valeur de référence à mesurer au démarrage.")
                lower = (baseline is not None and q.value < baseline) or q.at_most
                if baseline == q.value:
                    baseline = None
                    qnotes.append("Valeur de départ égale à la cible : référence à mesurer.")
                indicators.append(
                    {
                        "kind": "quantitative",
                        "id": f"{axis}.q{len(indicators) + 1}",
                        "label": _label(sentence.text, q, q.end, title, measure),
                        "unit": q.unit + (" de réduction" if q.reduction and q.unit == "%" else ""),
                        "baseline": baseline,
                        "target": q.value,
                        "direction": Direction.LOWER_IS_BETTER
                        if lower
                        else Direction.HIGHER_IS_BETTER,
                        "deadline": day,
                        "responsible": "supplier",
                        "obligation": "result" if result else "means",
                        "source": _quote(the_offer.id, question.id, sentence),
                        "note": " ".join(qnotes),
                    }
                )
            if not targets and "F" in codes and "M" in codes:
                qnotes = list(notes)
                day = _clamp(deadline, start_day, end, qnotes) if deadline else None
                text = (
                    sentence.text
                    if len(sentence.text) <= 110
                    else sentence.text[:107].rsplit(" ", 1)[0] + "…"
                )
                indicators.append(
                    {
                        "kind": "qualitative",
                        "id": f"{axis}.m{len(indicators) + 1}",
                        "label": text[:1].upper() + text[1:],
                        "deadline": day,
                        "responsible": "supplier",
                        "obligation": "means",
                        "source": _quote(the_offer.id, question.id, sentence),
                        "note": " ".join(qnotes),
                    }
                )
    committee = [{"name": e.name, "role": e.role.value} for e in tender.evaluators]
    committee.append(
        {"name": the_offer.bidder, "role": "supplier", "organisation": the_offer.bidder}
    )
    return ProgressPlan.model_validate(
        {
            "id": f"plan-{the_offer.lot}",
            "title": f"Plan de progrès — {tender.lot(the_offer.lot).label}",
            "tender": tender.id,
            "lot": the_offer.lot,
            "offer": the_offer.id,
            "supplier": the_offer.bidder,
            "start": start_day,
            "months": months,
            "review_every": review_every,
            "annual_amount": the_offer.total_price,
            "currency": tender.currency,
            "committee": committee,
            "axes": [
                {"id": axis, "label": labels.get(axis, ""), "indicators": inds}
                for axis, inds in axes.items()
                if inds
            ],
            "candidates": candidates,
        }
    )
