"""The elements of a reading beyond the measure: Q, T, I, C of firm clauses, N and P.

Q, T, I and C count only in a firm clause of a sentence that speaks to the axis,
and only when the answer holds a firm measure (RUBRIC: "Q, T, I and C count only
where they stand with a firm measure"); N is a refusal on the axis; P (proof) is
a fact about the bidder wherever it is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring.evidence._rules import joint_spans, periodic_reviews, review_period

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from efc_scoring.evidence._clauses import Clause
    from efc_scoring.evidence._matcher import Matches
    from efc_scoring.evidence._reading import Index, Reading
    from efc_scoring.evidence.lexicon import Lexicons

__all__ = ["extras", "proof", "refusals", "trim_end", "trim_start"]


def extras(
    doc: Doc,
    m: Matches,
    lex: Lexicons,
    clauses: list[Clause],
    ix: Index,
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
    partners = ix.bucket(m.get("cooperation_partners", []))
    mechanisms = ix.bucket(
        [
            span
            for axis_id, words in lex.axes.items()
            if words.cooperative
            for span in m.get(f"measure:{axis_id}", []) + m.get(f"gmeasure:{axis_id}", [])
        ]
    )
    training = ix.bucket(trained)
    targets = ix.bucket(m.get("target_words", []))
    cooperative = lex.axes[reading.axis].cooperative
    periodic = periodic_reviews(doc, m, clauses, ix.of) if cooperative else {}
    firm_measures = {
        (ms.clause, ms.start, ms.end) for ms in reading.measures if ms.status == "firm"
    }
    recurring = {k for a, b in m.get("periodic_markers", []) for k in range(a, b)}
    slogan = {k for a, b in m.get("slogan_numbers", []) for k in range(a, b)}
    scopes = reading.scopes
    for ci, clause in enumerate(clauses):
        if scopes is not None and not scopes.carries(clause):
            continue
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
        # "avec les agents", "en concertation": joint work only where a meeting, a review,
        # a training or another mechanism stands in the clause (RUBRIC)
        if partners.get(ci) and (
            coop.get(ci)
            or monitoring.get(ci)
            or reviews.get(ci)
            or training.get(ci)
            or mechanisms.get(ci)
        ):
            for x, y in joint_spans(doc, clause, partners[ci]):
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
            if num.start in in_time or num.kind in {"incidental", "year"} or num.start in slogan:
                continue  # « zéro déchet » in a slogan is no target (RUBRIC)
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


def refusals(
    doc: Doc,
    m: Matches,
    lex: Lexicons,
    clauses: list[Clause],
    reading: Reading,
    carry: list[bool],
    ix_of: list[int],
) -> None:
    """A negated commitment ("nous ne pouvons pas", "pas concernés") is N even without a measure."""
    heads = set(lex.cue("refusal_heads"))
    refused = {meas.clause for meas in reading.measures if meas.status == "negated"}
    figures = set(lex.cue("figure_words"))

    def declines_figure(ci: int, start: int) -> bool:
        # "nous ne sommes pas en mesure de nous engager sur une part minimale": a figure
        # declined, not a refusal to act (RUBRIC)
        clause = clauses[ci]
        return any(doc[k].norm_ in figures for k in range(start, clause.end))

    for ci, clause in enumerate(clauses):
        if not clause.negated or ci in refused or not carry[ci]:
            continue
        if declines_figure(ci, clause.negations[0][0]):
            continue
        lemmas = {doc[h].lemma_ for h in clause.negated_heads} | {
            doc[h].norm_ for h in clause.negated_heads
        }
        if lemmas & heads:
            reading.add("N", clause.negations[0][0], trim_end(doc, clause))
    for s, e in m.get("refusal_phrases", []):
        ci = ix_of[s] if 0 <= s < len(ix_of) else -1
        if ci >= 0 and declines_figure(ci, s):
            continue
        reading.add("N", s, e)


def trim_start(doc: Doc, clause: Clause) -> int:
    k = clause.start
    while k < clause.end - 1 and (doc[k].is_space or doc[k].is_punct):
        k += 1
    return k


def trim_end(doc: Doc, clause: Clause) -> int:
    k = clause.end
    while k > clause.start + 1 and (doc[k - 1].is_space or doc[k - 1].is_punct):
        k -= 1
    return k


def proof(
    doc: Doc, m: Matches, clauses: list[Clause], ix: Index, numbers: list, reading: Reading
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
            reading.add("P", trim_start(doc, clause), trim_end(doc, clause))
