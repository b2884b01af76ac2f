"""Read an answer against an axis: the features R M F Q T I C P N and their spans.

The rules follow the project's rubric (``RUBRIC.md``, « grille de lecture »):

- R: a subject word or a measure of the axis is present;
- M: a specific action of the axis is named (generic actions need a subject
  word in the same sentence; on a cooperative axis a cooperation mechanism is
  the measure; training users is a measure on the axes listed in the cues);
- F: a measure stands in a firm clause (not hedged, not negated, not past);
- Q, T, I, C: a target number, a time frame, monitoring or cooperation in a
  firm clause, counted only when the answer holds a firm measure;
- P: proof of capacity (certification, client, result already achieved);
- N: a measure or a commitment refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from efc_scoring.evidence._clauses import Clause, split_clauses
from efc_scoring.evidence._matcher import Matches, match
from efc_scoring.evidence._numbers import find_numbers, find_times
from efc_scoring.evidence._rules import (
    client_clauses,
    feedback_spans,
    format_measures,
    joint_spans,
    periodic_reviews,
    review_period,
)
from efc_scoring.evidence.lexicon import Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CODES", "Measure", "Reading", "read_doc"]

#: Feature codes in rubric order.
CODES = ("R", "M", "F", "Q", "T", "I", "C", "P", "N")
#: Target words that reduce: with a weak subject word, the answer is on the axis.
_REDUCE = {
    "reduire",
    "reduction",
    "diminuer",
    "diminution",
    "limiter",
    "baisser",
    "baisse",
    "eviter",
    "economiser",
    "diviser",
}
#: Target words that compare a frequency with the present one ("deux fois au lieu de quatre").
_COMPARE = {
    "au",
    "contre",
    "passer",
    "reduire",
    "reduction",
    "diminuer",
    "diminution",
    "ramener",
    "limiter",
    "limite",
    "plafonne",
    "baisser",
    "baisse",
    "diviser",
    "divise",
}


@dataclass(frozen=True)
class Measure:
    """A concrete measure: token span, status and clause index."""

    start: int
    end: int
    status: str  # "firm", "hedged", "negated", "past"
    clause: int


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


class _Index:
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


def _status(doc: Doc, clause: Clause, start: int) -> str:
    if clause.negated and _negated(doc, clause, start):
        return "negated"
    if clause.hedged:
        return "hedged"
    if clause.past or clause.already:
        return "past"
    return "firm"


def _negated(doc: Doc, clause: Clause, start: int) -> bool:
    """Is the token ``start`` in the scope of a negation of its clause?

    In scope: after the negation with no colon or dash between, or under the
    negated head in the dependency tree ("il ne nous est pas possible de
    reprendre": the negated adjective governs the infinitive).
    """
    before = [s for s, _ in clause.negations if s <= start]
    if before:
        # a colon or a dash between the negation and the measure opens another statement
        last_neg = max(before)
        if not any(doc[k].text in {":", "—", "–"} for k in range(last_neg, start)):
            return True
    token = doc[start]
    heads = set(clause.negated_heads)
    for _ in range(64):
        if token.i in heads:
            return True
        if token.head.i == token.i or token.dep_ in {"parataxis", "acl:relcl"}:
            return False
        if token.dep_ == "conj" and any(c.dep_.startswith("nsubj") for c in token.children):
            return False
        low, high = sorted((token.i, token.head.i))
        if any(doc[k].text in {":", "—", "–"} for k in range(low, high)):
            return False  # the head stands on the other side of a colon
        token = token.head
    return False


def _user_training(doc: Doc, m: Matches, lex: Lexicons, ix: _Index) -> list[tuple[int, int]]:
    """Training or awareness aimed at the buyer's agents or the users."""
    own = set(lex.cue("own_markers"))
    clauses_with_users = {
        ix.of[s]
        for s, _e in m.get("user_nouns", [])
        if not {t.norm_ for t in doc[max(0, s - 2) : s]} & own
    }
    presentations = {s for s, _e in m.get("presentation_words", [])}
    reporting = {ix.of[s] for s, _e in m.get("monitoring", []) + m.get("review_words", [])}
    return [
        (s, e)
        for s, e in m.get("training", [])
        if ix.of[s] >= 0
        and ix.of[s] in clauses_with_users
        and not (s in presentations and ix.of[s] in reporting)
    ]


def _axis_measures(
    doc: Doc,
    m: Matches,
    axis: str,
    lex: Lexicons,
    clauses: list[Clause],
    ix: _Index,
    trained: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    subjects = m.get(f"subject:{axis}", []) + m.get(f"wsubject:{axis}", [])
    words = lex.axes[axis]
    if words.cooperative:  # "notre équipe", "nos chefs de dépôt": the bidder's own people
        subjects = [(s, e) for s, e in subjects if doc[max(0, s - 1)].norm_ not in {"notre", "nos"}]
    subject_sents = {clauses[ix.of[s]].sent for s, _ in subjects if ix.of[s] >= 0}
    found = list(m.get(f"measure:{axis}", []))
    for s, e in m.get(f"gmeasure:{axis}", []):
        if ix.of[s] >= 0 and clauses[ix.of[s]].sent in subject_sents:
            found.append((s, e))
    if words.cooperative:
        found.extend(m.get("cooperation", []))
    if words.cooperative or axis in lex.cue("training_measure_axes"):
        found.extend(trained)
    found.extend(format_measures(doc, m, axis, lex, clauses, ix.of))
    return sorted(set(found))


def read_doc(doc: Doc, axis: str, lex: Lexicons) -> Reading:
    """Find the features of ``doc`` on ``axis`` (an axis id of ``lex``).

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> doc = next(parse(["Nous reprenons 100 % des bidons vides. Un bilan annuel sera présenté."]))
    >>> sorted(read_doc(doc, "packaging", load_lexicons()).features)
    ['F', 'I', 'M', 'Q', 'R']
    """
    m = dict(match(doc, lex))
    feedback = feedback_spans(doc, m)
    if feedback:
        m["cooperation"] = sorted(set(m.get("cooperation", [])) | set(feedback))
    clauses = split_clauses(doc, m, lex)
    ix = _Index(clauses, len(doc))
    clients = client_clauses(doc, m, clauses, ix.of)
    for ci in clients:  # an ongoing contract with a named client is proof, not an offer
        clauses[ci].already = True
    reading = Reading(axis=axis, clauses=clauses)
    for clause in clauses:
        reading.hedge_cues.extend(clause.hedges)
    trained = _user_training(doc, m, lex, ix)
    measure_spans = _axis_measures(doc, m, axis, lex, clauses, ix, trained)
    subjects = m.get(f"subject:{axis}", [])
    all_subjects = ix.bucket(subjects + m.get(f"wsubject:{axis}", []))

    numbers = [find_numbers(doc, c.start, c.end, lex) for c in clauses]
    times = [find_times(doc, c.start, c.end, lex) for c in clauses]
    for ci, spans in ix.bucket(m.get("time_phrases", [])).items():
        times[ci] = times[ci] + spans
    in_time = {k for spans in times for a, b in spans for k in range(a, b)}

    # a target word with a number on the axis subject is itself a measure ("objectif -30 %")
    targets = ix.bucket(m.get("target_words", []))
    measures_by_clause = ix.bucket(measure_spans)
    for ci in range(len(clauses)):
        tgt, subj = targets.get(ci), all_subjects.get(ci)
        compare = bool(tgt) and any(doc[a].lemma_ in _COMPARE for a, _b in tgt)
        kinds = {"quantity", "frequency"} if compare else {"quantity"}
        qty = [n for n in numbers[ci] if n.kind in kinds and n.start not in in_time]
        if qty and tgt and subj and ci not in measures_by_clause:
            span = (min(tgt[0][0], qty[0].start), max(tgt[0][1], qty[0].end, subj[0][1]))
            measure_spans.append(span)
            measures_by_clause[ci] = [span]
    # a weak subject word with a target word ("réduire l'impact de nos livraisons") is on the axis
    reducing = {
        ix.of[a] for a, _ in m.get("target_words", []) if doc[a].lemma_ in _REDUCE and ix.of[a] >= 0
    }
    weak_targeted = [span for ci, spans in all_subjects.items() if ci in reducing for span in spans]
    reading.relevant = bool(subjects or measure_spans or weak_targeted)
    if lex.axes[axis].cooperative:
        reading.relevant = reading.relevant or bool(m.get("cooperation"))
    for s, e in sorted(set(measure_spans)):
        if ix.of[s] >= 0:
            reading.measures.append(Measure(s, e, _status(doc, clauses[ix.of[s]], s), ix.of[s]))

    if reading.relevant:
        for s, e in sorted(set(subjects) | set(measure_spans) | set(weak_targeted)):
            reading.add("R", s, e)
    for meas in reading.measures:
        if meas.status == "past":  # a result already achieved is proof, not a measure offered
            reading.add("P", meas.start, meas.end)
            continue
        reading.add("M", meas.start, meas.end)
        if meas.status == "firm":
            start = clauses[meas.clause].start
            colons = [k for k in range(start, meas.start) if doc[k].text == ":"]
            reading.add("F", colons[-1] + 1 if colons else start, meas.end)
        elif meas.status == "negated":
            negs = [s for s, _ in clauses[meas.clause].negations if s < meas.start]
            reading.add("N", min(negs, default=meas.start), meas.end)
    _refusals(doc, m, lex, clauses, reading)
    _proof(doc, m, clauses, ix, numbers, reading)
    for ci in clients:
        reading.add("P", _trim_start(doc, clauses[ci]), _trim_end(doc, clauses[ci]))
    _extras(doc, m, lex, clauses, ix, reading, numbers, times, in_time, measures_by_clause, trained)
    if not reading.relevant:
        reading.other_axis = _other_axis(doc, m, lex, axis, clauses, ix, trained)
    return reading


def _extras(
    doc: Doc,
    m: Matches,
    lex: Lexicons,
    clauses: list[Clause],
    ix: _Index,
    reading: Reading,
    numbers: list,
    times: list,
    in_time: set[int],
    measures_by_clause: dict,
    trained: list,
) -> None:
    """Q, T, I and C of firm clauses (only when a firm measure exists)."""
    firm = reading.firm_measure
    monitoring = ix.bucket(m.get("monitoring", []))
    reviews = ix.bucket(m.get("review_words", []))
    coop = ix.bucket(m.get("cooperation", []))
    training = ix.bucket(trained)
    targets = ix.bucket(m.get("target_words", []))
    cooperative = lex.axes[reading.axis].cooperative
    periodic = periodic_reviews(doc, m, clauses, ix.of) if cooperative else {}
    firm_measures = {
        (ms.clause, ms.start, ms.end) for ms in reading.measures if ms.status == "firm"
    }
    recurring = {k for a, b in m.get("periodic_markers", []) for k in range(a, b)}
    for ci, clause in enumerate(clauses):
        if clause.firm and firm:
            sink = reading.add
        elif clause.hedged and not clause.negated:
            sink = reading.drop
        else:
            continue
        report_only = ci in monitoring and ci not in measures_by_clause
        for x, y in times[ci]:
            # "le bilan vous sera communiqué en fin d'année": when a report recurs, not a deadline
            sink("I" if report_only and recurring & set(range(x, y)) else "T", x, y)
        for x, y in monitoring.get(ci, []):
            if not (doc[x].norm_ == "rapport" and x > 0 and doc[x - 1].norm_ == "par"):
                sink("I", x, y)
        for x, y in joint_spans(doc, clause, coop.get(ci, [])) + training.get(ci, []):
            sink("C", x, y)
        if cooperative:
            for c, x, y in firm_measures:
                if c == ci:
                    sink("C", x, y)
            # a review or feedback round at a stated period, in its own clause or with the
            # measure: "les retours sont restitués chaque trimestre à la direction"
            for px, py in periodic.get(ci, []):
                sink("I", px, py)
        clause_measures = measures_by_clause.get(ci, []) + coop.get(ci, [])
        has_measure = bool(clause_measures or targets.get(ci) or training.get(ci))
        for num in numbers[ci]:
            if num.start in in_time or num.kind in {"incidental", "year"}:
                continue
            if num.kind == "frequency" and review_period(
                doc, clause, reviews.get(ci, []), num.start, clause_measures
            ):
                sink("I", num.start, num.end)
            elif has_measure:
                sink("Q", num.start, _unit_end(doc, num.end, clause.end))


def _unit_end(doc: Doc, end: int, limit: int) -> int:
    """Extend a number over its unit and the noun it counts ("100 % des bidons")."""
    k = end
    if any(c.isalpha() for c in doc[end - 1].text):
        return end  # "demi-journée", "deux": the number word carries its noun
    while k < limit and k < end + 4:
        tok = doc[k]
        if (tok.is_punct and tok.text != "%") or tok.is_space:
            break
        k += 1
        if tok.pos_ in {"NOUN", "PROPN"} and tok.text != "%":
            break
    return max(k, end)


def _refusals(doc: Doc, m: Matches, lex: Lexicons, clauses: list[Clause], reading: Reading) -> None:
    """A negated commitment ("nous ne pouvons pas", "pas concernés") is N even without a measure."""
    heads = set(lex.cue("refusal_heads"))
    refused = {meas.clause for meas in reading.measures if meas.status == "negated"}
    for ci, clause in enumerate(clauses):
        if not clause.negated or ci in refused:
            continue
        lemmas = {doc[h].lemma_ for h in clause.negated_heads} | {
            doc[h].norm_ for h in clause.negated_heads
        }
        if lemmas & heads:
            reading.add("N", clause.negations[0][0], _trim_end(doc, clause))
    for s, e in m.get("refusal_phrases", []):
        reading.add("N", s, e)


def _trim_start(doc: Doc, clause: Clause) -> int:
    k = clause.start
    while k < clause.end - 1 and (doc[k].is_space or doc[k].is_punct):
        k += 1
    return k


def _trim_end(doc: Doc, clause: Clause) -> int:
    k = clause.end
    while k > clause.start + 1 and (doc[k - 1].is_space or doc[k - 1].is_punct):
        k -= 1
    return k


def _proof(
    doc: Doc, m: Matches, clauses: list[Clause], ix: _Index, numbers: list, reading: Reading
) -> None:
    label_starts = {s for s, _ in m.get("product_labels", [])}
    for s, e in m.get("proof", []):
        ci = ix.of[s]
        if ci < 0 or clauses[ci].hedged or clauses[ci].negated:
            continue
        if doc[s].norm_.startswith("certifi") and e in label_starts:
            continue  # "certifiés bio": a product label, the measure on egalim
        reading.add("P", s, e)
    for ci, clause in enumerate(clauses):
        if clause.past and not clause.negated and any(n.kind == "quantity" for n in numbers[ci]):
            reading.add("P", _trim_start(doc, clause), _trim_end(doc, clause))


def _other_axis(
    doc: Doc, m: Matches, lex: Lexicons, axis: str, clauses: list[Clause], ix: _Index, trained: list
) -> str | None:
    best, best_n = None, 0
    for other in lex.axes:
        if other != axis:
            n = len(_axis_measures(doc, m, other, lex, clauses, ix, trained))
            n += len(m.get(f"subject:{other}", []))
            if n > best_n:
                best, best_n = other, n
    return best
