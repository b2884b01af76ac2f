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

from datetime import date
from typing import TYPE_CHECKING

from efc_scoring.evidence._blocks import block_of_tokens, mark_titles, split_blocks
from efc_scoring.evidence._clauses import Clause, split_clauses
from efc_scoring.evidence._elements import extras, proof, refusals, trim_end, trim_start
from efc_scoring.evidence._generic import (
    generic_measures,
    restated,
    third_party_clauses,
    without_object,
)
from efc_scoring.evidence._matcher import Matches, match
from efc_scoring.evidence._numbers import find_numbers, slogan_numbers
from efc_scoring.evidence._reading import Context, Index, Measure, Reading
from efc_scoring.evidence._rules import (
    client_clauses,
    distance_measures,
    feedback_spans,
    format_measures,
    joint_reviews,
    named_in_proof,
    origin_measures,
    reported_figures,
)
from efc_scoring.evidence._scope import CARRY, sentence_scopes
from efc_scoring.evidence._semantic import (
    SemanticWords,
    leans_to_axis,
    semantic_words,
    supported,
)
from efc_scoring.evidence._times import before_date, find_times
from efc_scoring.evidence.lexicon import Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CODES", "Context", "Measure", "Reading", "read_doc"]

#: Feature codes in rubric order.
CODES = ("R", "M", "F", "Q", "T", "I", "C", "P", "N")
#: Scopes whose words show what the answer is about (a heading names its section's subject).
_SAID = CARRY | {"heading"}
#: Training proper (not awareness, a visit, a display or a tasting): « formation », « former ».
_TRAIN = {"formation", "former", "formé", "formés", "formée", "formées"}
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
    "lutter",
    "combattre",
}
#: Verbs whose negation tells a fact of supply, not a refusal of the bidder.
_SUPPLY_FACTS = {"exister"}
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


def _status(doc: Doc, clause: Clause, start: int, figures: frozenset[str] = frozenset()) -> str:
    if clause.negated and _negated(doc, clause, start):
        if any(doc[h].lemma_ in _SUPPLY_FACTS for h in clause.negated_heads):
            return "hedged"  # « ces produits n'existent pas sous forme mixée »: supply, no refusal
        last = max((s for s, _ in clause.negations if s <= start), default=clause.start)
        if any(doc[k].norm_ in figures for k in range(last, start)):
            return "hedged"  # "pas en mesure de s'engager sur une part de produits bio": no figure
        return "negated"
    if clause.hedged or clause.third:
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


def _user_training(doc: Doc, m: Matches, lex: Lexicons, ix: Index) -> list[tuple[int, int]]:
    """Training or awareness aimed at the buyer's agents or the users."""
    own = set(lex.cue("own_markers"))
    clauses_with_users = {
        ix.of[s]
        for s, _e in m.get("user_nouns", [])
        if not {t.norm_ for t in doc[max(0, s - 2) : s]} & own
    } | {ix.of[s] for s, _e in m.get("cooperation_partners", [])}  # « visite conjointe »
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
    ix: Index,
    trained: list[tuple[int, int]],
    text: str | None = None,
) -> list[tuple[int, int]]:
    subjects = (
        m.get(f"subject:{axis}", []) + m.get(f"wsubject:{axis}", []) + m.get(f"qsubject:{axis}", [])
    )
    words = lex.axes[axis]
    if words.cooperative:  # "notre équipe", "nos chefs de dépôt": the bidder's own people
        subjects = [(s, e) for s, e in subjects if doc[max(0, s - 1)].norm_ not in {"notre", "nos"}]
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for s, e in subjects:
        if ix.of[s] >= 0:
            by_sentence.setdefault(clauses[ix.of[s]].sent, []).append((s, e))
    found = list(m.get(f"measure:{axis}", []))
    for s, e in m.get(f"gmeasure:{axis}", []):
        # a generic measure needs a subject of the axis beside it, not its own word taken
        # from the question (« les cadres des vélos réformés » when the question names the
        # bikes leased: the contract's object, no transport mode)
        if ix.of[s] >= 0 and any(
            b <= s or a >= e for a, b in by_sentence.get(clauses[ix.of[s]].sent, [])
        ):
            found.append((s, e))
    if words.cooperative:
        found.extend(m.get("cooperation", []))
    if words.cooperative or axis in lex.cue("training_measure_axes"):
        found.extend(trained)
    if not words.cooperative:
        # training the bidder's own staff on the axis's subject (« formation de nos agents au
        # dosage ») is a measure of the axis, not cooperation (RUBRIC)
        presentations = {s for s, _ in m.get("presentation_words", [])}
        strong = m.get(f"subject:{axis}", []) + m.get(f"measure:{axis}", [])
        strong_clauses = {ix.of[s] for s, _ in strong if ix.of[s] >= 0}
        for s, e in m.get("training", []):
            if s in presentations or ix.of[s] < 0 or doc[s].pos_ not in {"NOUN", "VERB"}:
                continue
            if ix.of[s] in strong_clauses and (doc[s].lemma_ in _TRAIN or doc[s].norm_ in _TRAIN):
                found.append((s, e))
    found.extend(format_measures(doc, m, axis, lex, clauses, ix.of))
    found.extend(distance_measures(doc, axis, lex))
    return sorted(set(found))


def _concrete(
    doc: Doc,
    m: Matches,
    lex: Lexicons,
    axis: str,
    clauses: list[Clause],
    ix: Index,
    spans: list[tuple[int, int]],
    context: Context,
    reading: Reading,
) -> list[tuple[int, int]]:
    """The measure spans less the generic ones (RUBRIC: generic versus concrete).

    The reason of each drop is kept in ``reading.notes`` for the justification.
    """
    drop = generic_measures(doc, m, clauses, ix.of, spans, axis)
    for sp in named_in_proof(doc, m, spans):
        drop.setdefault(sp, "award")
    if lex.axes[axis].cooperative:
        manner = m.get("cooperation_manner", [])
        # a measure that is only a manner word ("co-construction"), not one that holds it
        # ("séances d'échanges")
        mechanisms = [sp for sp in spans if not any(a <= sp[0] and sp[1] <= b for a, b in manner)]
        manner_spans = [sp for sp in spans if sp not in mechanisms]
        for sp in without_object(doc, manner_spans, lex, mechanisms + m.get("cooperation", [])):
            drop[sp] = "no_mechanism"
    for ci in {ix.of[s] for s, _ in spans if ix.of[s] >= 0}:
        if restated(doc, clauses[ci], context.question_words):
            for sp in spans:
                if ix.of[sp[0]] == ci:
                    drop.setdefault(sp, "restated")
    for sp, reason in drop.items():
        reading.notes.setdefault(reason, []).append(sp)
    return [sp for sp in spans if sp not in drop]


def read_doc(doc: Doc, axis: str, lex: Lexicons, context: Context | None = None) -> Reading:
    """Find the features of ``doc`` on ``axis`` (an axis id of ``lex``).

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> doc = next(parse(["Nous reprenons 100 % des bidons vides. Un bilan annuel sera présenté."]))
    >>> sorted(read_doc(doc, "packaging", load_lexicons()).features)
    ['F', 'I', 'M', 'Q', 'R']
    """
    context = context or Context()
    text = context.text if context.text is not None else doc.text
    m = dict(match(doc, lex))
    feedback = feedback_spans(doc, m)
    if feedback:
        m["cooperation"] = sorted(set(m.get("cooperation", [])) | set(feedback))
    if lex.axes[axis].cooperative:  # a review held with the buyer's people is joint work
        joint = joint_reviews(doc, m, lex)
        if joint:
            m["cooperation"] = sorted(set(m.get("cooperation", [])) | set(joint))
    sent = reported_figures(doc)
    if sent:  # counts and weights sent to the buyer are monitoring
        m["monitoring"] = sorted(set(m.get("monitoring", [])) | set(sent))
    origin = origin_measures(doc, axis, lex, text)
    if origin:  # where the goods are made names the axis as strongly as its lexicon does
        m[f"measure:{axis}"] = sorted(set(m.get(f"measure:{axis}", [])) | set(origin))
        m["origin_measures"] = origin  # a company's own seat or workshop is no offer
    qterms = context.question_terms
    if qterms:  # the question's own words act as weak subject words of the axis
        m[f"qsubject:{axis}"] = [
            (t.i, t.i + 1) for t in doc if t.norm_ in qterms or t.lemma_ in qterms
        ]
        # and they name the service, never its monitoring (« relève des compteurs » asked
        # about: the meter reading itself, no « relevé » of results)
        asked = {k for k, _ in m[f"qsubject:{axis}"]}
        if m.get("monitoring"):
            m["monitoring"] = [
                (s, e) for s, e in m["monitoring"] if not all(k in asked for k in range(s, e))
            ]
    sem = semantic_words(doc, m, lex, axis, qterms)
    reading = _read(doc, axis, lex, context, text, m, sem)
    if reading.relevant:
        return reading
    if leans_to_axis(doc, sem):
        # off the axis by the lexicon, yet a sentence's words lean to it: a proposal to read
        reading.notes["semantic_lean"] = list(sem.lean_axis)
    weak = m.get(f"wsubject:{axis}", []) + m.get(f"qsubject:{axis}", [])
    on, measures = supported(doc, sem, weak)
    if not on:
        return reading
    # the lexicon read nothing of the axis, but words whose meaning is the axis's stand
    # with a second sign of it in their sentence: they name its subject, and those close to
    # its measures are generic measures (they count with a subject in their sentence, and
    # go through every generic-versus-concrete test)
    widened = dict(m)
    widened[f"subject:{axis}"] = sorted(set(m.get(f"subject:{axis}", [])) | set(on))
    widened[f"gmeasure:{axis}"] = sorted(set(m.get(f"gmeasure:{axis}", [])) | set(measures))
    widened[f"wsubject:{axis}"] = sorted(set(m.get(f"wsubject:{axis}", [])) | set(sem.weak))
    second = _read(doc, axis, lex, context, text, widened, sem)
    if second.features == reading.features:
        return reading
    second.notes.setdefault("semantic", []).extend(on)
    return second


def _read(
    doc: Doc,
    axis: str,
    lex: Lexicons,
    context: Context,
    text: str,
    m: Matches,
    sem: SemanticWords,
) -> Reading:
    """The reading of ``doc`` with the matches ``m`` (see :func:`read_doc`)."""
    qterms = context.question_terms
    clauses = split_clauses(doc, m, lex)
    ix = Index(clauses, len(doc))
    clients = client_clauses(doc, m, clauses, ix.of)
    for ci in clients:  # an ongoing contract with a named client is proof, not an offer
        clauses[ci].already = True
    blocks = mark_titles(doc, text, split_blocks(text))
    scopes = sentence_scopes(
        doc, m, lex, axis, clauses, blocks, block_of_tokens(doc, blocks), qterms, sem
    )
    reading = Reading(axis=axis, clauses=clauses, blocks=blocks, scopes=scopes)
    for clause in clauses:
        reading.hedge_cues.extend(clause.hedges)
    trained = _user_training(doc, m, lex, ix)
    carry = [scopes.carries(c) for c in clauses]
    said = [scopes.of_clause(c) in _SAID for c in clauses]

    def kept(spans: list[tuple[int, int]], where: list[bool]) -> list[tuple[int, int]]:
        return [sp for sp in spans if ix.of[sp[0]] >= 0 and where[ix.of[sp[0]]]]

    for ci in third_party_clauses(doc, m, lex, clauses):
        clauses[ci].third = True
    # headings, company presentation and other subjects lend the axis no measure
    named = kept(_axis_measures(doc, m, axis, lex, clauses, ix, trained, text), carry)
    measure_spans = _concrete(doc, m, lex, axis, clauses, ix, named, context, reading)
    # measure words of a generic claim still show what the answer is about (R at most)
    subjects = sorted(
        set(kept(m.get(f"subject:{axis}", []), said)) | (set(named) - set(measure_spans))
    )
    weak = m.get(f"wsubject:{axis}", [])
    all_subjects = ix.bucket(kept(subjects + weak + m.get(f"qsubject:{axis}", []), carry))

    numbers = [find_numbers(doc, c.start, c.end, lex) for c in clauses]
    times = [find_times(doc, c.start, c.end, lex) for c in clauses]
    for ci, spans in ix.bucket(m.get("time_phrases", [])).items():
        times[ci] = times[ci] + spans
    day = context.reference_date
    if isinstance(day, date):  # a date before the tender's own date is never a time frame (RUBRIC)
        times = [[sp for sp in spans if not before_date(doc, sp, day)] for spans in times]
    in_time = {k for spans in times for a, b in spans for k in range(a, b)}

    slogan = {k for a, b in m.get("buzzwords", []) for k in range(a, b)} | slogan_numbers(doc)
    m["slogan_numbers"] = [(k, k + 1) for k in sorted(slogan)]
    # a target word with a number on the axis subject is itself a measure ("objectif -30 %")
    targets = ix.bucket(m.get("target_words", []))
    measures_by_clause = ix.bucket(measure_spans)
    for ci in range(len(clauses)):
        tgt, subj = targets.get(ci), all_subjects.get(ci)
        compare = any(doc[a].lemma_ in _COMPARE for a, _b in tgt or ())
        kinds = {"quantity", "frequency"} if compare else {"quantity"}
        qty = [
            n
            for n in numbers[ci]
            if n.kind in kinds
            and n.start not in in_time
            and n.start not in slogan
            and not (tgt and _colon_between(doc, n.start, tgt[0][0]))
        ]
        if qty and tgt and subj and ci not in measures_by_clause and carry[ci]:
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
        reading.relevant = reading.relevant or bool(kept(m.get("cooperation", []), carry))
    figures = frozenset(lex.cue("figure_words"))
    for s, e in sorted(set(measure_spans)):
        if ix.of[s] >= 0:
            status = _status(doc, clauses[ix.of[s]], s, figures)
            reading.measures.append(Measure(s, e, status, ix.of[s]))
            if clauses[ix.of[s]].third:
                reading.notes.setdefault("third_party", []).append((s, e))

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
    refused = {**m, "refusal_phrases": kept(m.get("refusal_phrases", []), carry)}
    refusals(doc, refused, lex, clauses, reading, carry, ix.of)
    proof(doc, m, clauses, ix, numbers, reading)
    for ci in clients:
        reading.add("P", trim_start(doc, clauses[ci]), trim_end(doc, clauses[ci]))
    extras(doc, m, lex, clauses, ix, reading, numbers, times, in_time, measures_by_clause, trained)
    if not reading.relevant:
        reading.other_axis = _other_axis(doc, m, lex, axis, clauses, ix, trained)
    return reading


def _colon_between(doc: Doc, a: int, b: int) -> bool:
    """A colon between two tokens: a slogan or a title stands before it
    (« 100 % engagement : …, la réduction des emballages »)."""
    low, high = sorted((a, b))
    return any(doc[k].text == ":" for k in range(low, high))


def _other_axis(
    doc: Doc, m: Matches, lex: Lexicons, axis: str, clauses: list[Clause], ix: Index, trained: list
) -> str | None:
    best, best_n = None, 0
    for other in lex.axes:
        if other != axis:
            n = len(_axis_measures(doc, m, other, lex, clauses, ix, trained))
            n += len(m.get(f"subject:{other}", []))
            if n > best_n:
                best, best_n = other, n
    return best
