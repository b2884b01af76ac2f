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
            value -= 0.1  # a long answer in which no measure was read: words may be missing
        if _telegraphic(text, n_words):
            value -= 0.1  # notes without verbs or articles: the parser reads them poorly
        if rule.startswith("firm") and len(reading.spans.get("F", [])) == 1:
            value -= 0.05  # the level rests on one firm statement
        if reading.notes:
            value -= 0.05  # words set aside as generic: an answer written to be read
        if rule.startswith("firm") and reading.spans.get("P") and n_words > 150:
            value -= 0.05  # proof beside measures in a long text: proof lends itself to both
    return round(min(0.99, max(0.05, value)), 2)


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
