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
    if reading is not None:
        boundary = rule in {"hedged", "refusal"} or (
            rule.startswith("firm") and (reading.hedge_cues or reading.spans.get("N"))
        )
        if boundary:
            value -= 0.15
        if rule in {"no_measure", "off_axis"} and len(reading.spans.get("R", [])) <= 1:
            value -= 0.1
    return round(min(0.99, max(0.05, value)), 2)
