"""The level rule of the rubric: from features to a proposed level 0-5.

Let E be the number of distinct codes among Q, T, I, C, P present.

====  ==============  ======================================================
0     Non traité      empty, off-axis (no R), or a refusal (N) with no firm measure
1     Insuffisant     on-axis but no concrete measure (or proof alone)
2     Passable        concrete measures, but only hedged or conditional
3     Satisfaisant    a firm concrete measure, E = 0
4     Bon             a firm concrete measure, E >= 1, not level 5
5     Très bon        a firm concrete measure, Q present and E >= 3
====  ==============  ======================================================
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["EXTRA_CODES", "decide_level"]

#: The codes counted in E.
EXTRA_CODES = ("Q", "T", "I", "C", "P")


def decide_level(features: Iterable[str]) -> tuple[int, str]:
    """Return the level and the name of the rule that gives it.

    ``features`` holds the codes present (``F`` meaning a firm measure).

    Examples
    --------
    >>> decide_level({"R", "M", "F", "Q", "T", "I"})
    (5, 'firm_q_e3')
    >>> decide_level({"R", "M", "N"})
    (0, 'refusal')
    >>> decide_level({"R", "M", "F", "C"})
    (4, 'firm_e1')
    >>> decide_level({"R", "P"})
    (1, 'no_measure')
    """
    codes = set(features)
    extras = codes & set(EXTRA_CODES)
    if "R" not in codes:
        return (0, "refusal") if "N" in codes else (0, "off_axis")
    if "F" not in codes:
        if "N" in codes:
            return 0, "refusal"
        if "M" in codes:
            return 2, "hedged"
        return 1, "no_measure"
    if not extras:
        return 3, "firm_e0"
    if "Q" in extras and len(extras) >= 3:
        return 5, "firm_q_e3"
    return 4, "firm_e1"
