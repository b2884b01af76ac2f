"""The evidence engine's proposed level as evaluators read it: a level, or « à relire ».

The engine proposes no level for an answer it cannot read (not written in
French): the grids, the agenda, the report and the CSV/JSON outputs then say
« à relire ». A proposal whose confidence is low is marked « proposition fragile,
à lire attentivement » so that it does not anchor the committee.
"""

from __future__ import annotations

__all__ = ["FRAGILE", "NO_ANSWER", "TO_READ", "proposal"]

#: Shown instead of a level when the engine proposes none.
TO_READ = "à relire"
#: Shown instead of a level when the offer does not answer the question: never level 0.
NO_ANSWER = "pas de réponse"
#: Shown beside a proposal of low confidence.
FRAGILE = "proposition fragile, à lire attentivement"


def proposal(level: object, label: str = "", *, fragile: bool = False) -> str:
    """A proposed level as a French phrase, « à relire » when there is none.

    Without a level, the label says why when it is « pas de réponse » (the offer
    does not answer the question).

    Examples
    --------
    >>> proposal(3, "Satisfaisant"), proposal(None), proposal(None, NO_ANSWER)
    ('3 (Satisfaisant)', 'à relire', 'pas de réponse')
    >>> proposal(2, "Passable", fragile=True)
    '2 (Passable) — proposition fragile, à lire attentivement'
    """
    if level is None:
        return NO_ANSWER if label == NO_ANSWER else TO_READ
    text = f"{level} ({label})" if label else str(level)
    return f"{text} — {FRAGILE}" if fragile else text
