"""How much a proposed level can be trusted, from what the reading had to rely on.

The confidence is built so that it separates the proposals that are likely right
from those that are not: it is lowered by every situation in which the engine's
readings are known to err (a level that rests on one span, a hedge beside a firm
measure, a long memoir with sections on other subjects, an answer with no word of
the lexicon, an axis inferred...). Below :data:`FRAGILE_BELOW` the grids, the agenda
and the report mark the proposal « proposition fragile, à lire attentivement ».
"""

from __future__ import annotations

from efc_scoring.evidence._reading import Reading

__all__ = ["FRAGILE_BELOW", "confidence"]

#: Proposals under this confidence are shown as fragile.
FRAGILE_BELOW = 0.6


def confidence(text: str, rule: str, reading: Reading | None, inferred: bool) -> float:
    """A confidence between 0 and 1 for the proposal given by ``rule``.

    Examples
    --------
    >>> confidence("", "empty", None, False), confidence("Hello", "foreign", None, False)
    (0.95, 0.0)
    """
    if rule in {"empty", "referral"}:
        return 0.95
    if rule == "foreign":
        return 0.0  # no level is proposed
    if rule == "no_axis":
        return 0.4
    value = 0.9
    n_words = len(text.split())
    if n_words < 8:
        value -= 0.15
    if n_words > 800:
        value -= 0.15 if n_words <= 5000 else 0.3
    if inferred:
        value -= 0.2
    if n_words > 250:
        value -= 0.1  # a memoir: sections on other subjects, headings, tables
    if reading is not None:
        boundary = rule in {"hedged", "refusal"} or (
            rule.startswith("firm") and (reading.hedge_cues or reading.spans.get("N"))
        )
        if boundary:
            value -= 0.15
        if rule in {"no_measure", "off_axis"} and len(reading.spans.get("R", [])) <= 1:
            value -= 0.1
        if rule in {"no_measure", "off_axis"} and n_words >= 25:
            value -= 0.2  # a long answer in which no measure was read: words may be missing
        if reading.notes.get("semantic_lean") or reading.notes.get("semantic"):
            value -= 0.3  # the words' meaning and the lexicon disagree (``_semantic``)
        if _telegraphic(text, n_words):
            value -= 0.1  # notes without verbs or articles: the parser reads them poorly
        if rule.startswith("firm") and len(reading.spans.get("F", [])) == 1:
            value -= 0.05  # the level rests on one firm statement
        if reading.notes:
            value -= 0.05  # words set aside as generic: an answer written to be read
        if rule.startswith("firm") and reading.spans.get("P") and n_words > 150:
            value -= 0.05  # proof beside measures in a long text: proof lends itself to both
        value -= _thin_support(rule, reading, n_words)
    return round(min(0.99, max(0.05, value)), 2)


def _thin_support(rule: str, reading: Reading, n_words: int) -> float:
    """How much less to trust a level when the reading's own support for it is thin.

    The confident gross errors share signs the reading itself shows: firm measures
    beside hedged, past or refused ones (a conditional offer, measures carried by
    others, a record of another contract); a few firm clauses in a long memoir (a
    passage on another subject lends its measure); a high level resting on one or two
    firm statements in a text of some length (a slogan or a restated question read as
    a commitment); figures counted in sentences where no measure was read; a hedge that
    alone decides whether the figures count.
    """
    if not rule.startswith(("firm", "hedged")):
        return 0.0
    statuses = [m.status for m in reading.measures]
    firm = statuses.count("firm")
    drop = 0.0
    if rule.startswith("firm"):
        if firm and len(statuses) > firm:
            drop += 0.1
        n_clauses = len(reading.clauses)
        if n_clauses >= 15 and firm / n_clauses < 0.15:
            drop += 0.1
        if rule in {"firm_e1", "firm_q_e3"} and firm <= 2 and n_words >= 60:
            drop += 0.15 if firm == 1 else 0.1
        if reading.spans.get("Q") and reading.clauses:
            firm_sents = {
                reading.clauses[m.clause].sent
                for m in reading.measures
                if m.status == "firm" and 0 <= m.clause < len(reading.clauses)
            }
            of = _sentence_of(reading)
            if any(of.get(a) not in firm_sents for a, _b in reading.spans["Q"]):
                drop += 0.05
    elif reading.dropped.get("Q") or reading.dropped.get("T"):
        drop += 0.1
    return drop


def _sentence_of(reading: Reading) -> dict[int, int]:
    """Token index -> sentence number, for the tokens inside the reading's clauses."""
    return {k: c.sent for c in reading.clauses for k in range(c.start, c.end)}


_FUNCTION = {
    "le", "la", "les", "des", "un", "une", "nous", "notre", "nos", "vos", "votre", "est",
    "sont", "sera", "seront", "qui", "que", "dans", "pour", "avec", "sur", "du", "au", "aux",
}  # fmt: skip


def _telegraphic(text: str, n_words: int) -> bool:
    """A short note with few articles, pronouns or auxiliaries (« Dotation ajustee par
    residence selon occupation reelle »)."""
    if n_words == 0 or n_words >= 60:
        return False
    words = [w.strip(".,;:()!?-").lower() for w in text.split()]
    return sum(w in _FUNCTION for w in words) / n_words < 0.12
