"""The evidence engine's proposed level as evaluators read it: a level, or « à relire ».

The engine proposes no level for an answer it cannot read (not written in
French): the grids, the agenda, the report and the CSV/JSON outputs then say
« à relire ». A proposal whose confidence is low is marked « proposition fragile,
à lire attentivement » so that it does not anchor the committee.
"""

from __future__ import annotations

__all__ = ["FRAGILE", "TO_READ", "proposal"]

#: Shown instead of a level when the engine proposes none.
TO_READ = "à relire"
#: Shown beside a proposal of low confidence.
FRAGILE = "proposition fragile, à lire attentivement"


def proposal(level: object, label: str = "", *, fragile: bool = False) -> str:
    """A proposed level as a French phrase, « à relire » when there is none.

    Examples
    --------
    >>> proposal(3, "Satisfaisant"), proposal(None)
    ('3 (Satisfaisant)', 'à relire')
    >>> proposal(2, "Passable", fragile=True)
    '2 (Passable) — proposition fragile, à lire attentivement'
    """
    if level is None:
        return TO_READ
    text = f"{level} ({label})" if label else str(level)
    return f"{text} — {FRAGILE}" if fragile else text
